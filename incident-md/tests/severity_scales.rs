//! A log's own numbered scale (`SEV1` worst): stated in its preamble, listed or tabled under a
//! severity heading, read in every spelling of its levels and written as the entries spell them.

use incident_core::Severity;
use incident_md::{Document, FieldName};

fn severities(doc: &Document) -> Vec<(String, Severity)> {
    doc.incidents()
        .iter()
        .map(|e| (e.id.clone(), e.incident.as_ref().unwrap().severity))
        .collect()
}

const ENTRIES: &str = "## 2026\n\n\
    #### [2026-11-18] Card declines (SEV-1)\n\nStatus: Resolved\nDetected: 2026-11-18 14:02 UTC\n\n\
    #### [2026-11-03] Refund backlog (SEV-3)\n\nStatus: Investigating\nDetected: 2026-11-03 09:30 UTC\n";

fn read_as_one_based(text: &str) {
    let doc: Document = text.parse().unwrap();
    assert_eq!(
        severities(&doc),
        [
            ("2026-11-18-card-declines".to_owned(), Severity::Critical),
            ("2026-11-03-refund-backlog".to_owned(), Severity::Medium),
        ],
        "{text}"
    );
}

#[test]
fn a_scale_stated_in_the_preamble_numbers_from_one() {
    read_as_one_based(&format!(
        "# Log\n\nNewest first. Severity scale: SEV-1 (worst) to SEV-4.\n\n{ENTRIES}"
    ));
    // Without the sentence, `SEV-1` is HIGH, as the reader takes `SEV0` to be the worst.
    let doc: Document = format!("# Log\n\n{ENTRIES}").parse().unwrap();
    assert_eq!(severities(&doc)[0].1, Severity::High);
}

#[test]
fn a_scale_listed_or_tabled_under_a_severity_heading_numbers_from_its_first_row() {
    read_as_one_based(&format!(
        "# Log\n\n## Severity levels\n\n- **SEV1** — outage\n- **SEV2** — degraded\n\
         - **SEV3** — minor\n- **SEV4** — cosmetic\n\n{ENTRIES}"
    ));
    // The table writes `SEV1`, the headings `SEV-1`: one level.
    read_as_one_based(&format!(
        "# Log\n\n## Severity levels\n\n| Level | Meaning |\n|---|---|\n| SEV1 | outage |\n\
         | SEV2 | degraded |\n| SEV3 | minor |\n| SEV4 | cosmetic |\n\n{ENTRIES}"
    ));
}

#[test]
fn levels_are_written_in_the_scale_as_the_entries_spell_them() {
    let text = format!(
        "# Log\n\n## Severity levels\n\n| Level | Meaning |\n|---|---|\n| SEV1 | outage |\n\
         | SEV2 | degraded |\n| SEV3 | minor |\n| SEV4 | cosmetic |\n\n{ENTRIES}"
    );
    let mut doc: Document = text.parse().unwrap();
    doc.set_field("2026-11-03-refund-backlog", FieldName::Severity, "critical")
        .unwrap();
    doc.set_field("2026-11-18-card-declines", FieldName::Severity, "medium")
        .unwrap();
    // No entry writes MEDIUM any more: the table's `SEV3`, spelled as the headings spell.
    assert_eq!(
        doc.as_str(),
        text.replace("declines (SEV-1)", "declines (SEV-3)")
            .replace("backlog (SEV-3)", "backlog (SEV-1)")
    );
    assert_eq!(
        severities(&doc),
        [
            ("2026-11-18-card-declines".to_owned(), Severity::Medium),
            ("2026-11-03-refund-backlog".to_owned(), Severity::Critical),
        ]
    );
}

#[test]
fn a_new_entry_writes_the_most_severe_level_as_one() {
    let text = format!("# Log\n\nSeverity scale: SEV-1 (worst) to SEV-4.\n\n{ENTRIES}");
    let mut doc: Document = text.parse().unwrap();
    let at = "2026-11-20T10:00:00Z".parse().unwrap();
    let incident = incident_core::Incident::new("Search down", Severity::Critical, at);
    doc.add_incident(&incident, &Default::default()).unwrap();
    assert!(
        doc.as_str()
            .contains("#### [2026-11-20] Search down (SEV-1)\n"),
        "{}",
        doc.as_str()
    );
    assert_eq!(
        doc.get("2026-11-20-search-down")
            .unwrap()
            .incident
            .as_ref()
            .unwrap()
            .severity,
        Severity::Critical
    );
}
