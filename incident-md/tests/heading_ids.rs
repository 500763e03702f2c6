//! IDs written in entry headings (`### INCIDENT-008: Title`, `## [INC-20251227-01] Title`,
//! `### INC-2025-01-29: Title`) are the incidents' IDs; written twice, they are reported as any
//! written ID is (MD013); `new` writes the next one in the file's scheme. And corpus log 17 (the
//! seed's `## Incident:` headings with `**Field:**` lines) is edited and extended in its own
//! bold style.

use std::path::Path;

use incident_core::{Incident, Severity, Transition};
use incident_md::{AddOptions, Code, Document, FieldName};

fn corpus(stem: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/real-logs/logs")
        .join(format!("{stem}.md"));
    std::fs::read_to_string(path).unwrap()
}

fn ids(doc: &Document) -> Vec<&str> {
    doc.incidents().iter().map(|e| e.id.as_str()).collect()
}

#[test]
fn written_heading_ids_are_the_ids() {
    let doc: Document = corpus("07-incident-nnn-colon").parse().unwrap();
    assert_eq!(ids(&doc), ["INCIDENT-006", "INCIDENT-007", "INCIDENT-008"]);
    assert!(doc.incidents().iter().all(|e| e.id_written));
    let doc: Document = corpus("09-inc-bracket-id-agent").parse().unwrap();
    assert_eq!(ids(&doc)[0], "INC-20251227-01");
    let doc: Document = corpus("08-inc-date-id").parse().unwrap();
    assert_eq!(
        doc.get("INC-2026-09-12").unwrap().title,
        "Password reset emails delayed by 3 hours"
    );
    // A number is no ID: `## Incident 4 — Title` keeps its derived ID.
    let doc: Document = corpus("03-incident-number-emdash").parse().unwrap();
    assert!(
        doc.incidents().iter().all(|e| !e.id_written),
        "{:?}",
        ids(&doc)
    );
}

#[test]
fn a_heading_id_written_twice_is_reported_once() {
    let entry = |title: &str| {
        format!("### INC-0007: {title}\n\n- Severity: P2\n- Detected: 2026-03-02T10:00:00Z\n\n")
    };
    let text = format!(
        "# Log\n\n## Incidents\n\n{}{}",
        entry("First"),
        entry("Second")
    );
    let doc: Document = text.parse().unwrap();
    assert_eq!(ids(&doc), ["INC-0007", "INC-0007-2"]);
    let dups: Vec<_> = doc
        .log()
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::DuplicateId)
        .collect();
    assert_eq!(dups.len(), 1, "{dups:?}");
    let second = &doc.incidents()[1];
    assert_eq!(dups[0].span.as_ref(), Some(&second.heading_span));
}

#[test]
fn new_writes_the_next_id_and_returns_it() {
    let mut doc: Document = corpus("07-incident-nnn-colon").parse().unwrap();
    let at = "2026-11-20T08:00:00Z".parse().unwrap();
    let added = doc
        .add_incident(
            &Incident::new("Relay TLS cert expired", Severity::High, at),
            &AddOptions::default(),
        )
        .unwrap();
    assert_eq!(added.id, "INCIDENT-009");
    assert_eq!(
        doc.get("INCIDENT-009").unwrap().title,
        "Relay TLS cert expired"
    );
    // A date scheme: the detection day, with a suffix when an entry already has it.
    let mut doc: Document = corpus("08-inc-date-id").parse().unwrap();
    let at = "2026-10-30T20:00:00Z".parse().unwrap();
    let added = doc
        .add_incident(
            &Incident::new("Token refresh latency again", Severity::Low, at),
            &AddOptions::default(),
        )
        .unwrap();
    assert_eq!(added.id, "INC-2026-10-30-2");
    assert_eq!(
        doc.get("INC-2026-10-30").unwrap().title,
        "Token refresh latency above SLO"
    );
}

#[test]
fn edits_keep_a_heading_id_without_writing_one() {
    let mut doc: Document = corpus("07-incident-nnn-colon").parse().unwrap();
    let before = doc.as_str().to_owned();
    let changes = doc
        .set_field("INCIDENT-008", FieldName::Detected, "2026-11-03T22:00:00Z")
        .unwrap();
    // Only the value: no ID field is pinned, the heading's ID stays.
    assert_eq!(changes.len(), 1);
    assert_eq!(
        doc.as_str(),
        before.replace("2026-11-03T22:05:00Z", "2026-11-03T22:00:00Z")
    );
    doc.set_title("INCIDENT-008", "Queue workers stalled")
        .unwrap();
    assert_eq!(
        doc.get("INCIDENT-008").unwrap().title,
        "Queue workers stalled"
    );
    doc.transition(
        "INCIDENT-008",
        &Transition::Acknowledge("2026-11-03T22:10:00Z".parse().unwrap()),
    )
    .unwrap();
    // The time goes with the entry's other times, after Detected.
    assert!(doc.as_str().contains(
        "- **Detected:** 2026-11-03T22:00:00Z\n- **Acknowledged:** 2026-11-03T22:10:00Z\n- **Status:** Mitigated\n"
    ));
    assert_eq!(ids(&doc), ["INCIDENT-006", "INCIDENT-007", "INCIDENT-008"]);
}

#[test]
fn log_17_is_edited_in_its_own_bold_style() {
    let text = corpus("17-user-requests-agent");
    let mut doc: Document = text.parse().unwrap();
    let id = doc.incidents()[2].id.clone();
    doc.set_field(&id, FieldName::Severity, "MEDIUM").unwrap();
    doc.set_field(&id, FieldName::RootCause, "An open Redis client.")
        .unwrap();
    doc.add_follow_up(&id, &"Close the Redis client - @dev".parse().unwrap())
        .unwrap();
    let want = text
        .replace("**Severity:** low", "**Severity:** Medium")
        .replace(
            "**Cause:** Not confirmed.",
            "**Cause:** An open Redis client.",
        )
        .replace(
            "**Lessons:** —\n",
            "**Lessons:** —\n**Follow-up Actions:**\n- [ ] Close the Redis client - @dev\n",
        );
    assert_eq!(doc.as_str(), want);
    let read = &doc.incidents()[2];
    assert_eq!(read.id, id);
    assert_eq!(read.reading.follow_ups, 1);
}
