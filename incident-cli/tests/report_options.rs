//! `incident report` options that output snapshots do not show: where links point (flag and
//! `.incident.toml`), `--output`, relative periods.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const LOG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/cmd/read.in/INCIDENTS.md"
);

/// A copy of the example log in a fresh directory, with `config` as its `.incident.toml`.
fn log_with_config(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(LOG, dir.path().join("INCIDENTS.md")).unwrap();
    fs::write(dir.path().join(".incident.toml"), config).unwrap();
    dir
}

fn report(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_incident"))
        .current_dir(dir)
        .env("INCIDENT_NOW", "2026-03-10T12:00:00Z")
        .args(["--color", "never", "report"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn links_follow_the_config_and_the_flag_wins() {
    let dir = log_with_config("[report]\nlink-base = \"https://config.example/INCIDENTS.md\"\n");
    let md = stdout(&report(dir.path(), &["--quarter", "2026Q1"]));
    assert!(
        md.contains("](https://config.example/INCIDENTS.md#"),
        "{md}"
    );
    let md = stdout(&report(
        dir.path(),
        &[
            "--quarter",
            "2026Q1",
            "--link-base",
            "https://flag.example/log.md",
        ],
    ));
    assert!(md.contains("](https://flag.example/log.md#"), "{md}");
    assert!(!md.contains("config.example"), "{md}");
    let html = stdout(&report(
        dir.path(),
        &["--quarter", "2026Q1", "--format", "html"],
    ));
    assert!(
        html.contains("href=\"https://config.example/INCIDENTS.md#"),
        "{html}"
    );

    let bad = report(dir.path(), &["--link-base", "javascript:alert(1)"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn output_writes_the_file_and_nothing_to_stdout() {
    let dir = log_with_config("");
    let o = report(dir.path(), &["--format", "html", "--output", "r.html"]);
    assert_eq!(stdout(&o), "");
    assert!(String::from_utf8_lossy(&o.stderr).contains("wrote the report to r.html"));
    let page = fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"));
}

#[test]
fn relative_periods_count_back_from_now() {
    let dir = log_with_config("");
    // Now is 2026-03-10: 30 days back is 2026-02-09, today included.
    let md = stdout(&report(dir.path(), &["--since", "30d"]));
    assert!(
        md.starts_with("# Incident report: since 2026-02-09\n"),
        "{md}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&report(
        dir.path(),
        &[
            "--since",
            "30d",
            "--compare",
            "previous",
            "--format",
            "json",
        ],
    )))
    .unwrap();
    assert_eq!(json["window"]["until"], "2026-03-10");
    assert_eq!(
        json["comparison"]["previous"]["window"]["since"],
        "2026-01-10"
    );
    assert_eq!(
        json["comparison"]["previous"]["window"]["until"],
        "2026-02-08"
    );
    assert_eq!(
        json["comparison"]["deltas"]["total"].as_i64().unwrap(),
        json["total"].as_i64().unwrap() - json["comparison"]["previous"]["total"].as_i64().unwrap()
    );
}
