//! `incident schema` against the real outputs: each command runs with `--format json` on the
//! `read` fixture (copied, for the commands that write), and its output is validated against the
//! schema the binary prints for it, by a small validator of the keywords schemars emits
//! (`type`, `properties`, `required`, `additionalProperties`, `items`, `enum`, `const`,
//! `oneOf`/`anyOf`, `$ref`, `format: date-time`). Objects are held to their documented keys:
//! a key the schema does not list fails, so the schema cannot fall behind the output.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

const NOW: &str = "2026-03-10T12:00:00Z";

fn run(dir: &Path, args: &[&str], stdin: Option<&str>) -> String {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_incident"))
        .args(args)
        .current_dir(dir)
        .env("INCIDENT_NOW", NOW)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.unwrap_or("").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/read.in");
    for f in std::fs::read_dir(src).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), dir.path().join(f.file_name())).unwrap();
    }
    dir
}

/// Every place `value` breaks `schema` (resolved against `root`), as `path: why`.
fn violations(root: &Value, schema: &Value, value: &Value, path: &str, out: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").expect("local refs only");
        return violations(root, &root["$defs"][name], value, path, out);
    }
    if let Some(types) = schema.get("type") {
        let names: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => panic!("bad type keyword at {path}"),
        };
        let is = |t: &str| match t {
            "null" => value.is_null(),
            "boolean" => value.is_boolean(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            _ => panic!("unknown type {t}"),
        };
        if !names.iter().any(|t| is(t)) {
            out.push(format!("{path}: {value} is not {names:?}"));
            return;
        }
    }
    if let Some(c) = schema.get("const")
        && c != value
    {
        out.push(format!("{path}: {value} is not {c}"));
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array)
        && !e.contains(value)
    {
        out.push(format!("{path}: {value} is not one of {e:?}"));
    }
    // One timestamp format everywhere: RFC 3339 in UTC.
    if schema.get("format").and_then(Value::as_str) == Some("date-time")
        && let Some(s) = value.as_str()
        && (chrono::DateTime::parse_from_rfc3339(s).is_err() || !s.ends_with('Z'))
    {
        out.push(format!("{path}: {s} is not an RFC 3339 UTC time"));
    }
    for (key, exactly_one) in [("oneOf", true), ("anyOf", false)] {
        if let Some(alts) = schema.get(key).and_then(Value::as_array) {
            let ok = alts
                .iter()
                .filter(|a| {
                    let mut v = Vec::new();
                    violations(root, a, value, path, &mut v);
                    v.is_empty()
                })
                .count();
            if ok == 0 || (exactly_one && ok > 1) {
                out.push(format!(
                    "{path}: {value} matches {ok} of the {key} alternatives"
                ));
            }
        }
    }
    if let Some(obj) = value.as_object() {
        let props = schema.get("properties").and_then(Value::as_object);
        for r in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let r = r.as_str().unwrap();
            if !obj.contains_key(r) {
                out.push(format!("{path}: missing required `{r}`"));
            }
        }
        for (k, v) in obj {
            let at = format!("{path}/{k}");
            match (
                props.and_then(|p| p.get(k)),
                schema.get("additionalProperties"),
            ) {
                (Some(s), _) => violations(root, s, v, &at, out),
                (None, Some(extra)) if extra.is_object() => violations(root, extra, v, &at, out),
                (None, _) if props.is_some() || schema.get("additionalProperties").is_some() => {
                    out.push(format!("{at}: a key the schema does not list"));
                }
                _ => {}
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate() {
            violations(root, items, v, &format!("{path}/{i}"), out);
        }
    }
}

fn assert_valid(schema_name: &str, dir: &Path, output: &str) -> Value {
    let schema: Value = serde_json::from_str(&run(dir, &["schema", schema_name], None)).unwrap();
    assert_eq!(schema["schema_version"], 1, "{schema_name}");
    let value: Value = serde_json::from_str(output)
        .unwrap_or_else(|e| panic!("{schema_name}: not JSON ({e}): {output}"));
    let mut found = Vec::new();
    violations(&schema, &schema, &value, "", &mut found);
    assert!(found.is_empty(), "{schema_name}:\n{}", found.join("\n"));
    if value.is_object() {
        // The version comes first, where a reader of the text sees it.
        assert!(
            output.starts_with("{\n  \"schema_version\": 1,"),
            "{schema_name}: {output}"
        );
    }
    value
}

#[test]
fn every_json_output_matches_its_schema() {
    let dir = fixture();
    let d = dir.path();
    let id = "2026-03-09-dns-resolution-failures-in-staging";
    for (schema, args) in [
        ("list", vec!["list", "--format", "json"]),
        ("show", vec!["show", id, "--format", "json"]),
        ("sla", vec!["sla", "--format", "json"]),
        ("actions", vec!["actions", "--format", "json"]),
        ("check", vec!["check", "--format", "json"]),
        ("report", vec!["report", "--format", "json"]),
        (
            "report",
            vec![
                "report",
                "--format",
                "json",
                "--month",
                "2026-03",
                "--compare",
                "previous",
            ],
        ),
        ("explain", vec!["explain", "--format", "json"]),
        ("doctor", vec!["doctor", "--format", "json"]),
        (
            "trigger",
            vec![
                "trigger",
                "availability",
                "--value",
                "99.99",
                "--format",
                "json",
            ],
        ),
        (
            "trigger",
            vec![
                "trigger",
                "availability",
                "--value",
                "99.4",
                "--severity",
                "CRITICAL",
                "--format",
                "json",
            ],
        ),
        (
            "ack",
            vec!["ack", "2026-03-10-checkout", "--format", "json"],
        ),
        (
            "set",
            vec!["set", id, "impact", "Staging only", "--format", "json"],
        ),
        (
            "mitigate",
            vec!["mitigate", "2026-03-10-checkout", "--format", "json"],
        ),
        (
            "new",
            vec![
                "new",
                "--title",
                "Queue backlog",
                "--severity",
                "LOW",
                "--format",
                "json",
            ],
        ),
    ] {
        let out = run(d, &args, None);
        let value = assert_valid(schema, d, &out);
        assert!(!value.is_null(), "{args:?}");
    }
}

#[test]
fn arrays_stay_arrays_and_name_the_incident_id() {
    let dir = fixture();
    let d = dir.path();
    for cmd in ["list", "sla", "actions"] {
        let v: Value = serde_json::from_str(&run(d, &[cmd, "--format", "json"], None)).unwrap();
        let rows = v.as_array().unwrap_or_else(|| panic!("{cmd}: {v}"));
        assert!(!rows.is_empty(), "{cmd}");
        assert!(rows.iter().all(|r| r["id"].is_string()), "{cmd}: {v}");
    }
    let report: Value =
        serde_json::from_str(&run(d, &["report", "--format", "json"], None)).unwrap();
    let overdue = &report["follow_ups"]["oldest_overdue"][0];
    assert_eq!(
        overdue["id"], "2026-02-03-etcd-quorum-lost-on-prod-eu",
        "{report}"
    );
    assert_eq!(overdue["assignee"], "kim");
    assert!(report["follow_ups"]["by_assignee"]["kim"].is_object());
    let text = report.to_string();
    for old in ["incident_id", "incident_anchor", "\"owner\"", "by_owner"] {
        assert!(!text.contains(old), "{old} in {text}");
    }
}

#[test]
fn show_output_is_accepted_by_from_json_and_by_its_schema() {
    let dir = fixture();
    let d = dir.path();
    let shown = run(
        d,
        &["show", "2026-03-09-expired-certificate", "--format", "json"],
        None,
    );
    let mut record: Value = serde_json::from_str(&shown).unwrap();
    // The input schema lists `schema_version` among the keys it accepts.
    let mut found = Vec::new();
    let input: Value = serde_json::from_str(&run(d, &["schema", "from-json"], None)).unwrap();
    violations(&input, &input, &record, "", &mut found);
    assert!(found.is_empty(), "{}", found.join("\n"));
    record["title"] = json!("Expired certificate again");
    let out = run(
        d,
        &["new", "--from-json", "-", "--format", "json"],
        Some(&record.to_string()),
    );
    let made = assert_valid("new", d, &out);
    assert_eq!(made["title"], "Expired certificate again");
    assert_eq!(made["severity"], record["severity"]);
    // The validator sees what matters: a wrong severity, a local time, a missing key.
    let output: Value = serde_json::from_str(&run(d, &["schema", "show"], None)).unwrap();
    let mut bad: Value = serde_json::from_str(&shown).unwrap();
    bad["severity"] = json!("SEVERE");
    bad["detected"] = json!("2026-03-09T07:45:00+01:00");
    bad.as_object_mut().unwrap().remove("line");
    let mut found = Vec::new();
    violations(&output, &output, &bad, "", &mut found);
    assert_eq!(found.len(), 3, "{found:?}");
    // A key outside the schema is refused by the input schema (as by `--from-json` itself).
    record["sevrity"] = json!("LOW");
    let mut found = Vec::new();
    violations(&input, &input, &record, "", &mut found);
    assert!(found.iter().any(|f| f.contains("sevrity")), "{found:?}");
}

#[test]
fn all_schemas_in_one_object() {
    let dir = fixture();
    let all: Value = serde_json::from_str(&run(dir.path(), &["schema"], None)).unwrap();
    assert_eq!(all["schema_version"], 1);
    for name in [
        "list",
        "show",
        "from-json",
        "change",
        "step",
        "report",
        "doctor",
    ] {
        assert_eq!(all[name]["schema_version"], 1, "{name}");
        assert!(
            all[name]["title"]
                .as_str()
                .unwrap()
                .starts_with("incident "),
            "{name}"
        );
    }
}
