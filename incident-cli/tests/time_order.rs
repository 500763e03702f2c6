//! The timestamp order rule on every command that writes a time, with the library's one error,
//! and `check` reporting a hand-written violation as `TIME001`.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/cmd/edit.in/INCIDENTS.md"
);

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_incident"))
        .current_dir(dir)
        .env("INCIDENT_NOW", "2026-03-10T12:00:00Z")
        .args(["--color", "never"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

/// Runs a command that must be refused with exit 2 and `message`, leaving the log as it was.
#[track_caller]
fn refused(dir: &Path, args: &[&str], message: &str) {
    let log = dir.join("INCIDENTS.md");
    let before = fs::read(&log).unwrap();
    let o = run(dir, args);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
    assert_eq!(
        stderr,
        format!("error: INCIDENTS.md: {message}\n"),
        "{args:?}"
    );
    assert_eq!(fs::read(&log).unwrap(), before, "{args:?} wrote");
}

const ETCD: &str = "incident `2026-02-03-etcd-quorum-lost-on-prod-eu`";

#[test]
fn every_write_path_refuses_out_of_order_times_with_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join(".git")).unwrap();
    fs::copy(FIXTURE, root.join("INCIDENTS.md")).unwrap();
    let before_detection = "cannot be acknowledged at 1900-01-01T00:00:00Z, before it was detected (2026-02-03T09:12:00Z)";
    refused(
        root,
        &["set", "2026-02-03", "acknowledged", "1900-01-01T00:00:00Z"],
        &format!("{ETCD} {before_detection}"),
    );
    refused(
        root,
        &["ack", "2026-02-03", "--at", "1900-01-01T00:00:00Z"],
        &format!("{ETCD} {before_detection}"),
    );
    refused(
        root,
        &["resolve", "2026-02-03", "--at", "2026-02-03T09:13:00Z"],
        &format!(
            "{ETCD} cannot be resolved at 2026-02-03T09:13:00Z, before it was acknowledged (2026-02-03T09:14:00Z)"
        ),
    );
    // Moving detection past the acknowledgement is the same rule seen from the other side.
    refused(
        root,
        &["set", "2026-02-03", "detected", "2026-02-04T00:00:00Z"],
        &format!(
            "{ETCD} cannot be acknowledged at 2026-02-03T09:14:00Z, before it was detected (2026-02-04T00:00:00Z)"
        ),
    );
    let json = root.join("incident.json");
    fs::write(
        &json,
        r#"{"title": "Backdated", "severity": "LOW", "detected": "2026-03-08T03:00:00Z",
            "acknowledged": "2026-03-08T03:20:00Z", "resolved": "2026-03-08T03:10:00Z"}"#,
    )
    .unwrap();
    refused(
        root,
        &["new", "--from-json", "incident.json"],
        "incident `Backdated` cannot be resolved at 2026-03-08T03:10:00Z, before it was acknowledged (2026-03-08T03:20:00Z)",
    );
    // In order, the same commands succeed.
    let o = run(root, &["ack", "2026-02-03", "--at", "2026-02-03T09:15:00Z"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn check_reports_a_hand_written_violation() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join(".git")).unwrap();
    let text = fs::read_to_string(FIXTURE).unwrap().replace(
        "### Acknowledged: 2026-02-03T09:14:00Z",
        "### Acknowledged: 1900-01-01T00:00:00Z",
    );
    fs::write(root.join("INCIDENTS.md"), &text).unwrap();
    let o = run(root, &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let time: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "TIME001")
        .collect();
    assert_eq!(time.len(), 1, "{v:#}");
    let line = text
        .lines()
        .position(|l| l.starts_with("### Acknowledged: 1900"))
        .unwrap()
        + 1;
    assert_eq!(time[0]["level"], "error");
    assert_eq!(time[0]["line"], line);
    assert_eq!(time[0]["column"], 1);
    assert_eq!(
        time[0]["incident"],
        "2026-02-03-etcd-quorum-lost-on-prod-eu"
    );
    assert_eq!(
        time[0]["message"],
        "acknowledged at 1900-01-01T00:00:00Z, before it was detected (2026-02-03T09:12:00Z)"
    );
    // And as text, with the code and the line it points at.
    let o = run(root, &["check"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("error[TIME001]: acknowledged at 1900-01-01T00:00:00Z"),
        "{out}"
    );
    assert!(
        out.contains("### Acknowledged: 1900-01-01T00:00:00Z"),
        "{out}"
    );
}
