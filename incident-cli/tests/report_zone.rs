//! The markdown and HTML reports show times in the display zone (`--tz`, `display-timezone`);
//! their Mermaid fences keep them out of the trycmd cases.

use std::fs;
use std::process::{Command, Stdio};

const LOG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/cmd/timezone.in/berlin/INCIDENTS.md"
);

fn report(config: &str, args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(LOG, dir.path().join("INCIDENTS.md")).unwrap();
    fs::write(dir.path().join(".incident.toml"), config).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_incident"))
        .current_dir(dir.path())
        .env("INCIDENT_NOW", "2026-03-10T12:00:00Z")
        .env_remove("INCIDENT_TZ")
        .args(["--color", "never", "report", "--month", "2026-03"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn reports_show_the_display_zone_and_utc_by_default() {
    let berlin = "timezone = \"Europe/Berlin\"\n";
    let md = report(berlin, &["--format", "md"]);
    assert!(md.contains("Generated 2026-03-10T12:00:00Z"), "{md}");
    // `Detected: 2026-03-02T10:00:00` is a Berlin time: 09:00 UTC.
    assert!(md.contains("| 2026-03-02T09:00:00Z |"), "{md}");
    let md = report(berlin, &["--format", "md", "--tz", "Europe/Berlin"]);
    assert!(md.contains("Generated 2026-03-10T13:00:00+01:00"), "{md}");
    assert!(md.contains("| 2026-03-02T10:00:00+01:00 |"), "{md}");
    assert!(!md.contains("09:00:00Z"), "{md}");
    let html = report(berlin, &["--format", "html", "--tz", "Europe/Berlin"]);
    assert!(html.contains("2026-03-10T13:00:00+01:00"), "{html}");
    assert!(html.contains("2026-03-02T10:00:00+01:00"), "{html}");
    let shown = "timezone = \"Europe/Berlin\"\ndisplay-timezone = \"America/New_York\"\n";
    let md = report(shown, &["--format", "md"]);
    assert!(md.contains("Generated 2026-03-10T08:00:00-04:00"), "{md}");
    assert!(md.contains("| 2026-03-02T04:00:00-05:00 |"), "{md}");
}

/// The report of `--month 2026-04 --compare previous` over two incidents half an hour either
/// side of midnight in Berlin (31 March, summer time), with this `.incident.toml`.
fn around_midnight(config: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(LOG, dir.path().join("INCIDENTS.md")).unwrap();
    fs::write(dir.path().join(".incident.toml"), config).unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_incident"))
            .current_dir(dir.path())
            .env("INCIDENT_NOW", "2026-04-10T12:00:00Z")
            .env_remove("INCIDENT_TZ")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("the binary runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    for (title, at) in [
        ("Late in March", "2026-03-31T23:30:00+02:00"),
        ("Early in April", "2026-04-01T00:30:00+02:00"),
    ] {
        run(&[
            "new",
            "--title",
            title,
            "--severity",
            "LOW",
            "--detected",
            at,
        ]);
    }
    let json = run(&[
        "report",
        "--month",
        "2026-04",
        "--compare",
        "previous",
        "--format",
        "json",
    ]);
    serde_json::from_str(&json).unwrap()
}

#[test]
fn periods_count_incidents_by_the_configured_zones_local_date() {
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["open_incidents"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|i| i["title"].as_str().map(str::to_owned))
            .filter(|t| t.contains("March") || t.contains("April"))
            .collect()
    };
    let berlin = around_midnight("timezone = \"Europe/Berlin\"\n");
    assert_eq!(ids(&berlin), ["Early in April"]);
    assert_eq!(berlin["by_month"]["2026-04"], 1);
    assert_eq!(ids(&berlin["comparison"]["previous"]), ["Late in March"]);
    // In UTC both are 31 March: April has neither.
    let utc = around_midnight("");
    assert_eq!(ids(&utc), Vec::<String>::new());
    assert_eq!(
        ids(&utc["comparison"]["previous"]),
        ["Late in March", "Early in April"]
    );
}
