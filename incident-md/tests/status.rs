//! `Status:` values the tool does not know (`LIFE001`) and stages the timestamps contradict
//! (`LIFE002`), as `check` reports them: the value, its span, the allowed values.

use incident_core::{Code, Level};
use incident_md::Document;
use incident_md::check::{CheckContext, check_document};

fn entry(fields: &str) -> String {
    format!(
        "# INCIDENTS.md\n\n## Incident: API down\n\n### Severity: HIGH\n\n### Detected: 2026-03-02T10:00:00Z\n\n{fields}"
    )
}

/// The `LIFE…` findings of a log: code, level, message and the text their span covers.
fn life(text: &str) -> Vec<(Code, Level, String, String)> {
    let doc: Document = text.parse().unwrap();
    let now = "2026-03-02T12:00:00Z".parse().unwrap();
    check_document(&doc, &CheckContext::new(now))
        .into_iter()
        .filter(|f| f.code.as_str().starts_with("LIFE"))
        .map(|f| {
            assert_eq!(f.incident.as_deref(), Some("2026-03-02-api-down"));
            let span = f.span.clone().unwrap();
            (f.code, f.level, f.message, text[span].to_owned())
        })
        .collect()
}

#[test]
fn an_unknown_status_names_the_value_its_span_and_the_allowed_values() {
    let found = life(&entry("### Status: investigating-ish\n"));
    assert_eq!(
        found,
        [(
            Code::UnknownStatus,
            Level::Warning,
            "unknown status `investigating-ish` in incident `2026-03-02-api-down`: expected detected, acknowledged, mitigated, resolved, open, reopened or `cancelled — REASON`".to_owned(),
            "investigating-ish".to_owned(),
        )]
    );
    assert_eq!(Code::UnknownStatus.to_string(), "LIFE001");
}

#[test]
fn a_near_miss_gets_the_closest_value() {
    let found = life(&entry("### Status: **Reopend**\n"));
    assert_eq!(found.len(), 1);
    assert!(
        found[0].2.ends_with("; did you mean `reopened`?"),
        "{}",
        found[0].2
    );
    assert_eq!(found[0].3, "Reopend");
}

#[test]
fn known_values_are_quiet() {
    for status in [
        "reopened",
        "Cancelled — false alarm",
        "cancelled (duplicate of 2026-03-02-x) — same alert",
        "open",
        "✅ Detected",
        "<status>",
    ] {
        assert_eq!(
            life(&entry(&format!("### Status: {status}\n"))),
            [],
            "{status}"
        );
    }
    let resolved = "### Resolved: 2026-03-02T11:00:00Z\n\n### Status: Resolved\n";
    assert_eq!(life(&entry(resolved)), []);
}

#[test]
fn a_status_the_timestamps_contradict() {
    let found = life(&entry("### Status: ✅ Resolved\n"));
    assert_eq!(
        found,
        [(
            Code::StatusContradicted,
            Level::Warning,
            "incident `2026-03-02-api-down` says `Status: Resolved` but it has no Resolved time"
                .to_owned(),
            "Resolved".to_owned(),
        )]
    );
    let found = life(&entry(
        "### Resolved: 2026-03-02T11:00:00Z\n\n### Status: open\n",
    ));
    assert_eq!(
        found.iter().map(|f| f.2.as_str()).collect::<Vec<_>>(),
        [
            "incident `2026-03-02-api-down` says `Status: open` but it was resolved at 2026-03-02T11:00:00Z"
        ]
    );
    let found = life(&entry("### Status: mitigated\n"));
    assert_eq!(found[0].0, Code::StatusContradicted);
    assert!(found[0].2.ends_with("it has no Mitigated time"));
}
