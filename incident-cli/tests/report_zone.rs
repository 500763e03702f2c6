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
