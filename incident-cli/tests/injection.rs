//! Issue 11 through the real binary: hostile text in every command that writes it renders as
//! text on a CommonMark + GFM renderer (comrak), and JSON input with an unknown key is refused.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const NOW: &str = "2026-03-10T12:00:00Z";

/// A log in bold-label style: the fields are lines of one paragraph.
const BOLD_LOG: &str = "# Incident log\n\n## Incident: Disk full\n\n**Severity:** HIGH\n\
                        **Detected:** 2026-03-01T08:00:00Z\n**Description:** old\n\
                        **Impact:** builds failed\n**Root Cause:** docker layers\n\
                        **Resolution:** pruned\n";

/// The value that made a table: a row, then a delimiter row with leading colons.
const TABLE: &str = "a | b\n:-- | :--";

fn incident(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_incident"));
    cmd.current_dir(dir)
        .env("INCIDENT_NOW", NOW)
        .args(["--color", "never", "-f", "INCIDENTS.md"])
        .args(args)
        .stdin(Stdio::null());
    cmd
}

fn run(dir: &Path, args: &[&str]) -> Output {
    incident(dir, args).output().expect("the binary runs")
}

fn run_with_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = incident(dir, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[track_caller]
fn assert_status(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn log_dir(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    fs::write(path.join("INCIDENTS.md"), text).unwrap();
    (dir, path)
}

fn html(dir: &Path) -> String {
    let mut o = comrak::Options::default();
    o.extension.table = true;
    o.extension.tasklist = true;
    let text = fs::read_to_string(dir.join("INCIDENTS.md")).unwrap();
    comrak::markdown_to_html(&text, &o)
}

fn shown(dir: &Path, id: &str) -> serde_json::Value {
    let o = run(dir, &["show", id, "--format", "json"]);
    assert_status(&o, 0);
    serde_json::from_slice(&o.stdout).unwrap()
}

/// Issue 11, item 3, through `new`, `set`, `resolve --resolution` and `new --from-json`.
#[test]
fn table_delimiter_rows_make_no_table_through_any_command() {
    let tables_before = html(&log_dir(BOLD_LOG).1).matches("<table").count();
    assert_eq!(tables_before, 0);
    let cases: Vec<(Vec<&str>, Option<String>)> = vec![
        (vec!["set", "2026-03-01", "description", TABLE], None),
        (vec!["resolve", "2026-03-01", "--resolution", TABLE], None),
        (
            vec![
                "new",
                "--title",
                "T",
                "--severity",
                "LOW",
                "--description",
                TABLE,
            ],
            None,
        ),
        (
            vec!["new", "--from-json", "-"],
            Some(serde_json::json!({"title": "T", "severity": "LOW", "impact": TABLE}).to_string()),
        ),
    ];
    for (args, input) in cases {
        let (_guard, dir) = log_dir(BOLD_LOG);
        let o = match &input {
            Some(i) => run_with_stdin(&dir, &args, i),
            None => run(&dir, &args),
        };
        assert_status(&o, 0);
        let page = html(&dir);
        assert!(!page.contains("<table"), "{args:?} made a table:\n{page}");
        // The fields after the edited one are still read.
        let old = shown(&dir, "2026-03-01");
        assert_eq!(old["impact"], "builds failed", "{args:?}");
        assert_eq!(old["root_cause"], "docker layers", "{args:?}");
    }
}

/// Issue 11, item 11: `"sevrity"` was dropped without a word.
#[test]
fn json_severities_in_any_case_and_errors_that_name_the_field() {
    let (_guard, dir) = log_dir(BOLD_LOG);
    let o = run_with_stdin(
        &dir,
        &["--now", "2026-12-01T00:00:00Z", "new", "--from-json", "-"],
        r#"{"title": "Lowercase", "severity": "high", "detected": "2026-11-30T10:00:00Z"}"#,
    );
    assert_status(&o, 0);
    assert!(
        fs::read_to_string(dir.join("INCIDENTS.md"))
            .unwrap()
            .contains("HIGH")
    );
    for (json, field) in [
        (r#"{"title": "T", "severity": "urgent"}"#, "severity"),
        (
            r#"{"title": "T", "severity": "LOW", "detected": "yesterday"}"#,
            "detected",
        ),
        (
            r#"{"title": "T", "severity": "LOW", "follow_ups": 3}"#,
            "follow_ups",
        ),
    ] {
        let (_guard, dir) = log_dir(BOLD_LOG);
        let o = run_with_stdin(&dir, &["new", "--from-json", "-"], json);
        assert_status(&o, 2);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(&format!("`{field}`:")), "{field}: {err}");
    }
}

#[test]
fn unknown_json_keys_are_refused_with_their_name() {
    for (json, key) in [
        (
            r#"{"title": "T", "severity": "LOW", "sevrity": "HIGH"}"#,
            "sevrity",
        ),
        (
            r#"{"title": "T", "severity": "LOW", "follow_ups": [{"action": "a", "owner": "x"}]}"#,
            "owner",
        ),
        (
            r#"{"title": "T", "severity": "LOW", "related_logs": [{"text": "a", "url": "x"}]}"#,
            "url",
        ),
    ] {
        let (_guard, dir) = log_dir(BOLD_LOG);
        let o = run_with_stdin(&dir, &["new", "--from-json", "-"], json);
        assert_status(&o, 2);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(&format!("`{key}`")), "{key}: {err}");
        assert_eq!(
            fs::read_to_string(dir.join("INCIDENTS.md")).unwrap(),
            BOLD_LOG
        );
    }
}

/// What `show --format json` prints is accepted back (its extra keys are known, and ignored).
#[test]
fn show_json_is_accepted_by_from_json() {
    let (_guard, dir) = log_dir(BOLD_LOG);
    let mut value = shown(&dir, "2026-03-01");
    value["title"] = "Disk full again".into();
    let o = run_with_stdin(&dir, &["new", "--from-json", "-"], &value.to_string());
    assert_status(&o, 0);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "2026-03-01-disk-full-again\n"
    );
}
