//! `incident mcp` driven over stdio by rmcp's client, as an agent would: the server is the real
//! binary, started as a child process on a fixture log.

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use rmcp::model::{CallToolRequestParams, GetPromptRequestParams, ReadResourceRequestParams};
use rmcp::service::{RoleClient, RunningService};
use rmcp::transport::{ConfigureCommandExt, TokioChildProcess};
use rmcp::{ServiceExt, model::ResourceContents};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_incident");
const NOW: &str = "2026-03-02T12:00:00Z";
type Client = RunningService<RoleClient, ()>;

const READ_TOOLS: [&str; 7] = [
    "check_log",
    "explain_log",
    "get_incident",
    "get_report",
    "list_actions",
    "list_incidents",
    "sla_status",
];
const WRITE_TOOLS: [&str; 8] = [
    "acknowledge",
    "add_follow_up",
    "add_related_log",
    "complete_follow_up",
    "create_incident",
    "evaluate_trigger",
    "resolve",
    "set_field",
];

/// The CLI on `log`, at the fixed time.
fn cli(log: &Path, args: &[&str]) -> std::process::Output {
    let out = StdCommand::new(BIN)
        .arg("-f")
        .arg(log)
        .args(args)
        .env("INCIDENT_NOW", NOW)
        .output()
        .unwrap();
    assert!(
        out.status.success() || args[0] == "check",
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A log from the canonical template with three incidents: two open (one with a follow-up), one resolved.
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("INCIDENTS.md");
    std::fs::write(&log, incident_md::render::canonical_template()).unwrap();
    cli(
        &log,
        &[
            "new",
            "--title",
            "Checkout latency",
            "--severity",
            "MEDIUM",
            "--category",
            "PERFORMANCE_DEGRADATION",
            "--detected",
            "2026-02-10T09:00:00Z",
        ],
    );
    cli(
        &log,
        &[
            "resolve",
            "2026-02-10",
            "--at",
            "2026-02-10T11:00:00Z",
            "--resolution",
            "Rolled back",
        ],
    );
    cli(
        &log,
        &[
            "new",
            "--title",
            "API outage",
            "--severity",
            "HIGH",
            "--category",
            "CLUSTER_FAILURE",
            "--detected",
            "2026-03-01T10:00:00Z",
            "--action",
            "Add a canary - @ops - 2026-03-01",
        ],
    );
    cli(
        &log,
        &[
            "new",
            "--title",
            "Backup job failed",
            "--severity",
            "LOW",
            "--detected",
            "2026-03-02T08:00:00Z",
        ],
    );
    (dir, log)
}

async fn start(log: &Path, args: &[&str]) -> Client {
    let transport = TokioChildProcess::new(tokio::process::Command::new(BIN).configure(|cmd| {
        cmd.arg("-f")
            .arg(log)
            .arg("mcp")
            .args(args)
            .env("INCIDENT_NOW", NOW);
    }))
    .unwrap();
    ().serve(transport).await.unwrap()
}

/// A tool call's structured content, or its error message.
async fn call(client: &Client, name: &'static str, args: Value) -> Result<Value, String> {
    let Value::Object(arguments) = args else {
        panic!("arguments are an object")
    };
    let result = client
        .call_tool(CallToolRequestParams::new(name).with_arguments(arguments))
        .await
        .unwrap();
    let text = || {
        result
            .content
            .iter()
            .filter_map(|c| c.as_text().map(|t| t.text.clone()))
            .collect::<String>()
    };
    if result.is_error == Some(true) {
        Err(text())
    } else {
        let value = result
            .structured_content
            .clone()
            .expect("structured content");
        assert_eq!(serde_json::from_str::<Value>(&text()).unwrap(), value);
        Ok(value)
    }
}

async fn tool_names(client: &Client) -> Vec<String> {
    let mut names: Vec<String> = client
        .list_all_tools()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name.to_string())
        .collect();
    names.sort();
    names
}

/// `+`/`-` lines of a unified diff, headers left out.
fn changed_lines(diff: &str) -> Vec<&str> {
    diff.lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .collect()
}

#[tokio::test]
async fn read_only_by_default() {
    let (_dir, log) = fixture();
    let before = std::fs::read(&log).unwrap();
    let client = start(&log, &[]).await;
    assert_eq!(tool_names(&client).await, READ_TOOLS);
    let err = call(&client, "acknowledge", json!({"id": "2026-03-01"}))
        .await
        .unwrap_err();
    assert!(err.contains("--allow-write"), "{err}");
    client.cancel().await.unwrap();
    assert_eq!(std::fs::read(&log).unwrap(), before);
}

#[tokio::test]
async fn allow_write_from_flag_or_config() {
    let (dir, log) = fixture();
    let mut all: Vec<&str> = READ_TOOLS.into_iter().chain(WRITE_TOOLS).collect();
    all.sort();
    let client = start(&log, &["--allow-write"]).await;
    let tools = client.list_all_tools().await.unwrap();
    for t in &tools {
        assert_eq!(
            t.input_schema.get("type"),
            Some(&json!("object")),
            "{}",
            t.name
        );
        assert!(t.description.is_some(), "{}", t.name);
    }
    assert_eq!(tool_names(&client).await, all);
    client.cancel().await.unwrap();

    std::fs::write(
        dir.path().join(".incident.toml"),
        "[mcp]\nallow-write = true\n",
    )
    .unwrap();
    let client = start(&log, &[]).await;
    assert_eq!(tool_names(&client).await, all);
    client.cancel().await.unwrap();
}

/// A CLI top-level object without its `schema_version` (a tool's result is the rest).
fn unversioned(mut cli_output: Value) -> Value {
    let obj = cli_output.as_object_mut().expect("an object");
    assert_eq!(obj.remove("schema_version"), Some(json!(1)));
    cli_output
}

#[tokio::test]
async fn read_tools_leave_the_file_byte_identical() {
    let (_dir, log) = fixture();
    // A sibling LOGS.md and a link into it that names no heading there (SIB001).
    std::fs::write(log.with_file_name("LOGS.md"), "# Logs\n\n## Deploy\n").unwrap();
    cli(&log, &["related", "add", "2026-03-01", "LOGS.md#missing"]);
    let before = std::fs::read(&log).unwrap();
    let client = start(&log, &[]).await;

    let all = call(&client, "list_incidents", json!({})).await.unwrap();
    assert_eq!(all["total"], 3);
    let ids: Vec<&str> = all["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "2026-03-02-backup-job-failed",
            "2026-03-01-api-outage",
            "2026-02-10-checkout-latency"
        ]
    );
    let open = call(
        &client,
        "list_incidents",
        json!({"status": "open", "severity": ["HIGH"]}),
    )
    .await
    .unwrap();
    assert_eq!(open["incidents"][0]["id"], "2026-03-01-api-outage");
    assert_eq!(open["total"], 1);
    let since = call(
        &client,
        "list_incidents",
        json!({"since": "2026-03-01", "category": "cluster_failure"}),
    )
    .await
    .unwrap();
    assert_eq!(since["total"], 1);
    // Paging: two pages of two and one.
    let p1 = call(&client, "list_incidents", json!({"limit": 2}))
        .await
        .unwrap();
    assert_eq!(p1["incidents"].as_array().unwrap().len(), 2);
    assert_eq!(p1["next_cursor"], "2");
    let p2 = call(
        &client,
        "list_incidents",
        json!({"limit": 2, "cursor": "2"}),
    )
    .await
    .unwrap();
    assert_eq!(p2["incidents"][0]["id"], ids[2]);
    assert_eq!(p2["next_cursor"], Value::Null);
    let err = call(&client, "list_incidents", json!({"since": "March"}))
        .await
        .unwrap_err();
    assert!(err.contains("YYYY-MM-DD"), "{err}");

    let one = call(&client, "get_incident", json!({"id": "2026-03-01"}))
        .await
        .unwrap();
    assert_eq!(one["incident"]["title"], "API outage");
    assert_eq!(one["deadline"], "2026-03-01T10:15:00Z");
    assert_eq!(one["response_status"], "breached");
    let codes: Vec<&str> = one["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"SLA001"), "{codes:?}");
    let err = call(
        &client,
        "get_incident",
        json!({"id": "2026-03-01-api-outgae"}),
    )
    .await
    .unwrap_err();
    assert!(
        err.contains("closest IDs are 2026-03-01-api-outage"),
        "{err}"
    );
    let err = call(&client, "get_incident", json!({"id": "2026-0"}))
        .await
        .unwrap_err();
    assert!(
        err.contains("matches") && err.contains("2026-03-01-api-outage"),
        "{err}"
    );

    // check_log gives what `check --format json` gives, sibling files included.
    let check = call(&client, "check_log", json!({})).await.unwrap();
    let from_cli: Value =
        serde_json::from_slice(&cli(&log, &["check", "--format", "json"]).stdout).unwrap();
    assert_eq!(check, unversioned(from_cli));
    assert!(check["errors"].as_u64().unwrap() > 0);
    assert!(check.to_string().contains("SIB001"), "{check}");

    let sla = call(&client, "sla_status", json!({})).await.unwrap();
    assert_eq!(sla["incidents"].as_array().unwrap().len(), 3);
    let from_cli: Value =
        serde_json::from_slice(&cli(&log, &["sla", "--format", "json"]).stdout).unwrap();
    assert_eq!(sla["incidents"], from_cli);

    let actions = call(
        &client,
        "list_actions",
        json!({"overdue": true, "owner": "@ops"}),
    )
    .await
    .unwrap();
    assert_eq!(actions["actions"][0]["incident"], "2026-03-01-api-outage");
    assert_eq!(actions["actions"][0]["number"], 1);
    assert_eq!(actions["actions"][0]["overdue"], true);
    assert_eq!(actions["actions"][0]["action"], "Add a canary");
    let none = call(&client, "list_actions", json!({"owner": "nobody"}))
        .await
        .unwrap();
    assert_eq!(none["actions"], json!([]));

    let report = call(&client, "get_report", json!({"since": "2026-03-01"}))
        .await
        .unwrap();
    let from_cli: Value = serde_json::from_slice(
        &cli(
            &log,
            &["report", "--format", "json", "--since", "2026-03-01"],
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(report, unversioned(from_cli));

    let explained = call(&client, "explain_log", json!({})).await.unwrap();
    let from_cli: Value =
        serde_json::from_slice(&cli(&log, &["explain", "--format", "json"]).stdout).unwrap();
    assert_eq!(explained, unversioned(from_cli));
    let ids: Vec<&Value> = explained["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["id"])
        .collect();
    assert!(
        ids.contains(&&json!("2026-03-01-api-outage")),
        "{explained}"
    );

    // Resources and the prompt.
    let text_of = |r: rmcp::model::ReadResourceResult| match &r.contents[0] {
        ResourceContents::TextResourceContents { text, .. } => text.clone(),
        other => panic!("{other:?}"),
    };
    let file = client
        .read_resource(ReadResourceRequestParams::new("incident://log"))
        .await
        .unwrap();
    assert_eq!(text_of(file).as_bytes(), &before[..]);
    let policy = client
        .read_resource(ReadResourceRequestParams::new("incident://policy"))
        .await
        .unwrap();
    let policy: Value = serde_json::from_str(&text_of(policy)).unwrap();
    assert_eq!(policy["severities"][1]["level"], "HIGH");
    assert!(policy["categories"].as_array().unwrap().len() > 3);
    assert!(policy["triggers"].is_array() && policy["requirements"].is_array());
    let template = client
        .read_resource(ReadResourceRequestParams::new("incident://template"))
        .await
        .unwrap();
    assert!(text_of(template).contains("Root Cause"));
    assert!(
        client
            .read_resource(ReadResourceRequestParams::new("incident://nothing"))
            .await
            .is_err()
    );
    let prompt = client
        .get_prompt(GetPromptRequestParams::new("log_incident"))
        .await
        .unwrap();
    assert!(format!("{:?}", prompt.messages).contains("create_incident"));

    client.cancel().await.unwrap();
    assert_eq!(std::fs::read(&log).unwrap(), before);
}

/// Calls a write tool and checks that its diff is what happened to the file, and small.
async fn write(client: &Client, log: &Path, name: &'static str, args: Value) -> Value {
    let before = std::fs::read_to_string(log).unwrap();
    let reply = call(client, name, args).await.unwrap();
    let after = std::fs::read_to_string(log).unwrap();
    let label = log.display().to_string();
    let diff = reply["diff"].as_str().unwrap();
    assert_eq!(
        changed_lines(diff),
        changed_lines(&incident_md::diff::unified_diff(&label, &before, &after)),
        "{name}"
    );
    assert_eq!(reply["changed"], !diff.is_empty());
    reply
}

/// `reported_by` on each write tool is written as `Reported By` when the entry has none, kept
/// when it has one, and not written by a change that writes nothing.
#[tokio::test]
async fn every_write_tool_records_reported_by() {
    let calls = [
        ("acknowledge", json!({"at": "2026-03-01T10:05:00Z"})),
        ("resolve", json!({"at": "2026-03-01T12:00:00Z"})),
        ("set_field", json!({"field": "Impact", "value": "EU users"})),
        ("add_follow_up", json!({"action": "Review"})),
        ("complete_follow_up", json!({"number": 1})),
        ("add_related_log", json!({"text": "deploy log"})),
    ];
    let with = |args: &Value, who: &str| {
        let mut args = args.clone();
        args["id"] = json!("2026-03-01");
        args["reported_by"] = json!(who);
        args
    };
    for (name, args) in calls {
        let (_dir, log) = fixture();
        let client = start(&log, &["--allow-write"]).await;
        let r = write(&client, &log, name, with(&args, " agent-7 ")).await;
        let lines = changed_lines(r["diff"].as_str().unwrap());
        assert!(
            lines.contains(&"+### Reported By: agent-7"),
            "{name}: {lines:?}"
        );
        assert_eq!(r["reported_by"], "agent-7", "{name}");

        // A second writer keeps the first; the same call again writes nothing and no writer.
        let again = write(&client, &log, name, with(&args, "agent-8")).await;
        let text = std::fs::read_to_string(&log).unwrap();
        assert!(!text.contains("agent-8"), "{name}: {}", again["diff"]);
        assert_eq!(again["reported_by"], "agent-7", "{name}");
        client.cancel().await.unwrap();
    }

    // A change that writes nothing records no writer either.
    let (_dir, log) = fixture();
    let client = start(&log, &["--allow-write"]).await;
    let undo = json!({"id": "2026-03-01", "number": 1, "undo": true, "reported_by": "agent-9"});
    let r = write(&client, &log, "complete_follow_up", undo).await;
    assert_eq!(r["changed"], false);
    assert!(r["reported_by"].is_null());

    // An explicit `Reported By` wins over `reported_by`.
    let explicit = json!({"id": "2026-03-01", "field": "Reported By", "value": "sam", "reported_by": "agent-9"});
    let r = write(&client, &log, "set_field", explicit).await;
    assert_eq!(r["reported_by"], "sam");
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn write_tools_make_minimal_diffs() {
    let (_dir, log) = fixture();
    let client = start(&log, &["--allow-write"]).await;

    let r = write(
        &client,
        &log,
        "acknowledge",
        json!({"id": "2026-03-01", "at": "2026-03-01T10:05:00Z"}),
    )
    .await;
    assert_eq!(
        changed_lines(r["diff"].as_str().unwrap()),
        ["+### Acknowledged: 2026-03-01T10:05:00Z", "+"]
    );
    assert_eq!(r["incident"]["acknowledged"], "2026-03-01T10:05:00Z");
    assert_eq!(r["response_status"], "met");

    let r = write(
        &client,
        &log,
        "set_field",
        json!({"id": "2026-03-01", "field": "Root Cause", "value": "etcd disk full"}),
    )
    .await;
    assert_eq!(
        changed_lines(r["diff"].as_str().unwrap()),
        ["-_Not documented yet._", "+etcd disk full"]
    );
    let r = write(
        &client,
        &log,
        "set_field",
        json!({"id": "2026-03-01", "field": "Title", "value": "API outage in eu-1"}),
    )
    .await;
    assert_eq!(r["incident"]["title"], "API outage in eu-1");
    assert_eq!(r["incident"]["id"], "2026-03-01-api-outage");

    let r = write(&client, &log, "add_follow_up", json!({"id": "2026-03-01", "action": "Schedule incident review", "assignee": "@sam", "due": "2026-03-09"})).await;
    assert_eq!(
        changed_lines(r["diff"].as_str().unwrap()),
        ["+- [ ] Schedule incident review - @sam - 2026-03-09"]
    );
    let r = write(
        &client,
        &log,
        "complete_follow_up",
        json!({"id": "2026-03-01", "number": 1}),
    )
    .await;
    assert_eq!(
        changed_lines(r["diff"].as_str().unwrap()),
        [
            "-- [ ] Add a canary - @ops - 2026-03-01",
            "+- [x] Add a canary - @ops - 2026-03-01"
        ]
    );
    let r = write(
        &client,
        &log,
        "add_related_log",
        json!({"id": "2026-03-01", "text": "deploy log", "target": "../logs/LOGS.md#deploy"}),
    )
    .await;
    assert_eq!(
        r["incident"]["related_logs"][0]["target"],
        "../logs/LOGS.md#deploy"
    );
    let r = write(
        &client,
        &log,
        "resolve",
        json!({"id": "2026-03-01", "at": "2026-03-01T12:00:00Z", "resolution": "Freed disk"}),
    )
    .await;
    assert_eq!(r["incident"]["status"], "resolved");
    // A retried call at the clock's time (no `at`) keeps the recorded times.
    for (name, field, kept) in [
        ("resolve", "resolved", "2026-03-01T12:00:00Z"),
        ("acknowledge", "acknowledged", "2026-03-01T10:05:00Z"),
    ] {
        let r = write(&client, &log, name, json!({"id": "2026-03-01"})).await;
        assert_eq!(r["changed"], json!(false), "{name}");
        assert_eq!(r["incident"][field], kept, "{name}");
    }

    // Errors say what to do and change nothing.
    let before = std::fs::read(&log).unwrap();
    for (name, args, hint) in [
        (
            "acknowledge",
            json!({"id": "2026-03-02", "at": "noon"}),
            "2026-01-31T14:05:00Z",
        ),
        (
            "acknowledge",
            json!({"id": "2026-03-02", "at": "2026-03-02T07:00:00Z"}),
            "before it was detected",
        ),
        ("resolve", json!({"id": "nope"}), "closest IDs"),
        (
            "set_field",
            json!({"id": "2026-03-02", "field": "Colour", "value": "x"}),
            "Root Cause",
        ),
        (
            "set_field",
            json!({"id": "2026-03-02", "field": "Severity", "value": "SEV1"}),
            "CRITICAL",
        ),
        (
            "complete_follow_up",
            json!({"id": "2026-03-02", "number": 9}),
            "9",
        ),
        (
            "create_incident",
            json!({"title": "x", "severity": "HUGE"}),
            "CRITICAL",
        ),
        (
            "evaluate_trigger",
            json!({"kind": "availability"}),
            "percent",
        ),
        (
            "evaluate_trigger",
            json!({"kind": "moon-phase"}),
            "availability",
        ),
    ] {
        let err = call(&client, name, args).await.unwrap_err();
        assert!(err.contains(hint), "{name}: {err}");
    }
    assert_eq!(std::fs::read(&log).unwrap(), before);

    // create_incident with a dedup key and a writer; the same key returns the same incident.
    let args = json!({
        "title": "Queue backlog", "severity": "MEDIUM", "category": "PERFORMANCE_DEGRADATION",
        "detected": "2026-03-02T11:00:00Z", "description": "Orders queue at 40k.",
        "follow_ups": [{"action": "Alert on queue depth", "assignee": "ops", "due": "2026-03-20"}],
        "related_logs": [{"text": "queue log", "target": "../logs/LOGS.md#queue"}],
        "dedup_key": "queue-backlog", "reported_by": "triage-bot"
    });
    let r = write(&client, &log, "create_incident", args.clone()).await;
    assert_eq!(r["created"], true);
    let diff = r["diff"].as_str().unwrap();
    assert!(diff.contains("+### Reported By: triage-bot\n"), "{diff}");
    assert!(diff.contains("+### Dedup Key: queue-backlog\n"), "{diff}");
    assert_eq!(r["reported_by"], "triage-bot");
    let id = r["incident"]["id"].as_str().unwrap().to_owned();
    let again = write(&client, &log, "create_incident", args).await;
    assert_eq!(
        (again["created"].clone(), again["changed"].clone()),
        (json!(false), json!(false))
    );
    assert_eq!(again["incident"]["id"], id.as_str());
    // The CLI reads the entry the server wrote, and the key survives in the file.
    let shown: Value =
        serde_json::from_slice(&cli(&log, &["show", &id, "--format", "json"]).stdout).unwrap();
    assert_eq!(shown["description"], "Orders queue at 40k.");
    assert_eq!(shown["follow_ups"][0]["assignee"], "ops");

    // A trigger that fires logs once; while it is open, firing again returns it.
    let r = write(
        &client,
        &log,
        "evaluate_trigger",
        json!({"kind": "availability", "value": "99.0", "reported_by": "probe"}),
    )
    .await;
    assert_eq!(
        (r["triggered"].clone(), r["created"].clone()),
        (json!(true), json!(true))
    );
    assert_eq!(r["dedup_key"], "trigger:availability");
    let r2 = write(
        &client,
        &log,
        "evaluate_trigger",
        json!({"kind": "availability", "value": "98"}),
    )
    .await;
    assert_eq!(
        (r2["created"].clone(), r2["changed"].clone()),
        (json!(false), json!(false))
    );
    assert_eq!(r2["incident"]["id"], r["incident"]["id"]);
    let calm = write(
        &client,
        &log,
        "evaluate_trigger",
        json!({"kind": "availability", "value": "99.99"}),
    )
    .await;
    assert_eq!(calm["triggered"], false);
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn concurrent_calls_and_a_cli_writer_lose_nothing() {
    let (_dir, log) = fixture();
    let client = start(&log, &["--allow-write"]).await;
    let mut calls = tokio::task::JoinSet::new();
    for n in 0..8 {
        let peer = client.peer().clone();
        calls.spawn(async move {
            let args = json!({"title": format!("Agent incident {n}"), "severity": "LOW", "detected": "2026-03-02T09:00:00Z"});
            let Value::Object(a) = args else { unreachable!() };
            let r = peer
                .call_tool(CallToolRequestParams::new("create_incident").with_arguments(a))
                .await
                .unwrap();
            assert_ne!(r.is_error, Some(true), "{r:?}");
        });
    }
    let cli_log = log.clone();
    let cli_writer = tokio::task::spawn_blocking(move || {
        for n in 0..4 {
            let title = format!("Person incident {n}");
            cli(
                &cli_log,
                &[
                    "new",
                    "--title",
                    &title,
                    "--severity",
                    "LOW",
                    "--detected",
                    "2026-03-02T09:30:00Z",
                ],
            );
        }
    });
    while let Some(done) = calls.join_next().await {
        done.unwrap();
    }
    cli_writer.await.unwrap();
    let all = call(&client, "list_incidents", json!({"limit": 500}))
        .await
        .unwrap();
    let titles: Vec<&str> = all["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(all["total"], 3 + 8 + 4, "{titles:?}");
    for n in 0..8 {
        assert!(
            titles.contains(&format!("Agent incident {n}").as_str()),
            "{titles:?}"
        );
    }
    for n in 0..4 {
        assert!(
            titles.contains(&format!("Person incident {n}").as_str()),
            "{titles:?}"
        );
    }
    client.cancel().await.unwrap();
}

#[test]
fn bad_json_on_the_transport_does_not_stop_the_server() {
    use std::io::{BufRead, BufReader, Write};
    let (_dir, log) = fixture();
    let mut child = StdCommand::new(BIN)
        .arg("-f")
        .arg(&log)
        .arg("mcp")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    writeln!(stdin, "{{this is not json").unwrap();
    writeln!(stdin, "[1, 2").unwrap();
    writeln!(
        stdin,
        r#"{{"jsonrpc":"2.0","id":1,"method":"initialize","params":{{"protocolVersion":"2025-06-18","capabilities":{{}},"clientInfo":{{"name":"raw","version":"1"}}}}}}"#
    )
    .unwrap();
    writeln!(
        stdin,
        r#"{{"jsonrpc":"2.0","method":"notifications/initialized"}}"#
    )
    .unwrap();
    writeln!(stdin, r#"{{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{{"name":"get_incident","arguments":{{"id":"2026-03-01"}}}}}}"#).unwrap();
    stdin.flush().unwrap();
    // Two parse errors (JSON-RPC -32700, id null) and the two answers, in any order.
    let mut replies = Vec::new();
    for _ in 0..4 {
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        replies.push(serde_json::from_str::<Value>(&line).unwrap());
    }
    let parse_errors: Vec<&Value> = replies.iter().filter(|r| r["id"].is_null()).collect();
    assert_eq!(parse_errors.len(), 2, "{replies:?}");
    for e in parse_errors {
        assert_eq!(e["jsonrpc"], "2.0");
        assert_eq!(e["error"]["code"], -32700);
        assert!(
            e["error"]["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("Parse error: ")),
            "{e}"
        );
    }
    let by_id = |id: u64| {
        replies
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{replies:?}"))
    };
    assert_eq!(by_id(1)["result"]["serverInfo"]["name"], "incident");
    assert_eq!(
        by_id(2)["result"]["structuredContent"]["incident"]["title"],
        "API outage"
    );
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

/// The official Python MCP SDK as the client: `.ci/run` installs it into a venv and exports
/// `INCIDENT_MCP_PYTHON`. Without it the test is skipped, unless `CI` is set.
#[test]
fn python_sdk_conformance() {
    let python = std::env::var_os("INCIDENT_MCP_PYTHON")
        .map(PathBuf::from)
        .filter(|p| p.exists());
    let Some(python) = python else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but INCIDENT_MCP_PYTHON names no Python with the `mcp` package: .ci/run installs it"
        );
        eprintln!(
            "skipped: set INCIDENT_MCP_PYTHON to a Python with `pip install mcp` (.ci/run does)"
        );
        return;
    };
    let (_dir, log) = fixture();
    let out = StdCommand::new(python)
        .arg("tests/mcp_python/session.py")
        .arg(BIN)
        .arg(&log)
        .env("INCIDENT_NOW", NOW)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("session ok"), "{stdout}");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("### Reported By: python-sdk"), "{text}");
    assert!(
        text.contains("### Acknowledged: 2026-03-02T11:05:00Z"),
        "{text}"
    );
}

/// Times without an offset are local to the configured zone in `create_incident`, as in
/// `new --from-json` (one reader, `IncidentRecord::from_json`); a bad value names its key.
#[tokio::test]
async fn create_incident_reads_local_times_in_the_team_zone() {
    let (dir, log) = fixture();
    std::fs::write(
        dir.path().join(".incident.toml"),
        "timezone = \"Europe/Berlin\"\n[mcp]\nallow-write = true\n",
    )
    .unwrap();
    let client = start(&log, &[]).await;
    let before = std::fs::read(&log).unwrap();
    let err = call(
        &client,
        "create_incident",
        json!({"title": "Cache cold", "severity": "LOW", "detected": "yesterday"}),
    )
    .await
    .unwrap_err();
    assert!(err.contains("`detected`"), "{err}");
    assert_eq!(std::fs::read(&log).unwrap(), before);
    let r = write(
        &client,
        &log,
        "create_incident",
        json!({"title": "Cache cold", "severity": "LOW", "detected": "2026-03-02T10:00:00"}),
    )
    .await;
    assert_eq!(r["incident"]["detected"], "2026-03-02T09:00:00Z");
    client.cancel().await.unwrap();
}

/// A copy of the CLI fixture's directory of postmortems (four files and a README).
fn postmortems() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let pm = dir.path().join("pm");
    std::fs::create_dir(&pm).unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/postmortems.in/pm");
    for f in std::fs::read_dir(&from).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), pm.join(f.file_name())).unwrap();
    }
    (dir, pm)
}

/// Every file of the directory, by name, with its bytes (without the edits' lock files,
/// `.NAME.lock`, which stay beside the file they lock).
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|f| f.unwrap())
        .filter(|f| !f.file_name().to_string_lossy().ends_with(".lock"))
        .map(|f| {
            let name = f.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(f.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn read_tools_work_across_a_directory_of_postmortems() {
    let (_dir, pm) = postmortems();
    let before = snapshot(&pm);
    let client = start(&pm, &[]).await;

    let list = call(&client, "list_incidents", json!({})).await.unwrap();
    assert_eq!(list["total"], json!(4));
    let ids: Vec<&str> = list["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids[0], "PM-2026-03");
    assert!(
        ids.contains(&"2026-06-09-order-events-queue-backlog"),
        "{ids:?}"
    );
    assert_eq!(
        list["incidents"][0]["file"],
        json!(pm.join("2026-03-02-api-outage.md").display().to_string())
    );

    // A prefix across files; the reply names the file that holds it.
    let one = call(&client, "get_incident", json!({"id": "2026-06"}))
        .await
        .unwrap();
    assert_eq!(
        one["incident"]["id"],
        json!("2026-06-09-order-events-queue-backlog")
    );
    assert!(
        one["file"]
            .as_str()
            .unwrap()
            .ends_with("2026-06-09-queue-backlog.md")
    );
    let err = call(&client, "get_incident", json!({"id": "PM-2026-04"}))
        .await
        .unwrap_err();
    assert!(
        err.contains("closest IDs are") && err.contains("PM-2026-03"),
        "{err}"
    );

    // check_log: every file's findings, each naming its file, as `check --format json` does.
    let check = call(&client, "check_log", json!({})).await.unwrap();
    assert_eq!(check["incidents"], json!(4));
    let undated: Vec<&Value> = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == json!("PIR003"))
        .collect();
    // Four undated follow-ups, one of them done (which owes no due date).
    assert_eq!(undated.len(), 3, "{undated:?}");
    assert!(undated.iter().all(|f| f["file"].is_string()));
    assert!(undated.iter().any(|f| {
        f["file"]
            .as_str()
            .unwrap()
            .ends_with("2026-09-27-cert-expiry.md")
            && f["line"] == json!(44)
    }));
    let cli_check: Value =
        serde_json::from_slice(&cli(&pm, &["check", "--format", "json"]).stdout).unwrap();
    assert_eq!(check["errors"], cli_check["errors"]);
    assert_eq!(check["warnings"], cli_check["warnings"]);

    let sla = call(&client, "sla_status", json!({})).await.unwrap();
    assert_eq!(sla["incidents"].as_array().unwrap().len(), 4);
    let actions = call(&client, "list_actions", json!({"open": true}))
        .await
        .unwrap();
    let open: Vec<(&str, u64)> = actions["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["incident"].as_str().unwrap(),
                a["number"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(open.len(), 6, "{open:?}");
    assert!(open.contains(&("PM-2026-03", 4)));
    let report = call(&client, "get_report", json!({})).await.unwrap();
    assert!(report.to_string().contains("PM-2026-03"));
    let explain = call(&client, "explain_log", json!({})).await.unwrap();
    assert_eq!(explain["files"].as_array().unwrap().len(), 4);

    // incident://log is every postmortem, each under its own name, byte for byte.
    let log = client
        .read_resource(ReadResourceRequestParams::new("incident://log"))
        .await
        .unwrap();
    assert_eq!(log.contents.len(), 4);
    for c in &log.contents {
        let ResourceContents::TextResourceContents { uri, text, .. } = c else {
            panic!("text contents")
        };
        let name = uri.strip_prefix("incident://log/").unwrap();
        assert_eq!(text.as_bytes(), std::fs::read(pm.join(name)).unwrap());
    }
    client.cancel().await.unwrap();
    assert_eq!(snapshot(&pm), before);
}

#[tokio::test]
async fn writes_in_a_directory_change_only_the_incidents_file() {
    let (_dir, pm) = postmortems();
    let before = snapshot(&pm);
    // A clock after the acknowledgement: a step later than now is refused.
    let client = start(&pm, &["--allow-write", "--now", "2026-04-19T00:00:00Z"]).await;
    let early = call(
        &client,
        "acknowledge",
        json!({"id": "2026-04-18", "at": "2027-04-18T09:20:00Z"}),
    )
    .await
    .unwrap_err();
    assert!(
        early.contains("after now (2026-04-19T00:00:00Z)"),
        "{early}"
    );
    assert_eq!(snapshot(&pm), before);
    let reply = call(
        &client,
        "acknowledge",
        json!({"id": "2026-04-18", "at": "2026-04-18T09:20:00Z"}),
    )
    .await
    .unwrap();
    assert_eq!(reply["changed"], json!(true));
    assert!(
        reply["file"]
            .as_str()
            .unwrap()
            .ends_with("2026-04-18-dns-resolution-failure.md")
    );
    let after = snapshot(&pm);
    let names = |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&after), names(&before));
    let changed: Vec<&str> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b != a)
        .map(|(b, _)| b.0.as_str())
        .collect();
    assert_eq!(changed, ["2026-04-18-dns-resolution-failure.md"]);
    let text = String::from_utf8(after[1].1.clone()).unwrap();
    assert!(text.contains("2026-04-18T09:20:00Z"), "{text}");
    assert!(reply["diff"].as_str().unwrap().contains("2026-04-18T09:20"));

    // A new incident is a new file named and written as the others; with its dedup key, the
    // same call again returns it and writes nothing.
    let args = json!({
        "title": "Login page timeouts",
        "severity": "HIGH",
        "detected": "2026-03-02T10:00:00Z",
        "dedup_key": "login-timeouts",
        "reported_by": "agent:test",
    });
    let created = call(&client, "create_incident", args.clone())
        .await
        .unwrap();
    assert_eq!(created["created"], json!(true));
    let file = created["file"].as_str().unwrap().to_owned();
    assert!(
        file.ends_with("2026-03-02-login-page-timeouts.md"),
        "{file}"
    );
    let new = std::fs::read_to_string(pm.join("2026-03-02-login-page-timeouts.md")).unwrap();
    assert!(
        new.starts_with("# Postmortem: Login page timeouts"),
        "{new}"
    );
    assert!(
        new.contains("agent:test") && new.contains("login-timeouts"),
        "{new}"
    );
    assert_eq!(snapshot(&pm).len(), after.len() + 1);
    let again = call(&client, "create_incident", args).await.unwrap();
    assert_eq!(again["created"], json!(false));
    assert_eq!(again["incident"]["id"], created["incident"]["id"]);
    assert_eq!(snapshot(&pm).len(), after.len() + 1);
    let list = call(&client, "list_incidents", json!({})).await.unwrap();
    assert_eq!(list["total"], json!(5));
    client.cancel().await.unwrap();
}
