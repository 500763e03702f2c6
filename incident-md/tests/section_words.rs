//! Headings with a section's word in them (`index`, `notes`, `summary`): a section that holds
//! no incidents is skipped, an incident whose title has such a word is not.

use incident_md::Document;

const LOG: &str = "# Search team incidents

## Index

- [Wiki index stale](#wiki-index-stale)

## Template

**Date:** YYYY-MM-DD
**Severity:** <low | high>

## Incidents

### Wiki index stale

**Date:** 2026-04-01 09:10 UTC
**Severity:** low

The nightly reindex job had been failing for a week.

### Release notes lost

**Date:** 2026-05-12 16:00 UTC
**Severity:** medium

### Queue backlog

**Date:** 2026-06-02 08:00 UTC
**Severity:** high

## Notes

**Date:** whenever someone has time
Retros are on Fridays.
";

#[test]
fn an_incident_titled_with_a_section_word_is_an_incident() {
    let doc: Document = LOG.parse().unwrap();
    let titles: Vec<&str> = doc.incidents().iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Wiki index stale", "Release notes lost", "Queue backlog"]
    );
    assert!(doc.incidents().iter().all(|e| e.incident.is_some()));
    // The sections that hold no incidents are still skipped, and said to be.
    let skipped: Vec<&str> = doc
        .log()
        .dialect
        .skipped
        .iter()
        .map(|s| s.heading.as_str())
        .collect();
    for section in ["Index", "Template", "Notes"] {
        assert!(skipped.contains(&section), "{section} in {skipped:?}");
    }
}

/// An entry inside a policy section (`## Severity levels`), whose table row is an error: that
/// error says why the entry cannot be counted, and no second finding repeats it.
#[test]
fn a_section_error_inside_an_entry_is_the_reason_it_is_incomplete() {
    let text = "# Ops log\n\n## Severity levels\n\n### 2026-01-01 DB down\n\nSeverity: High\n\
                Owner: @ana\n\n| Level | Response |\n|---|---|\n| PURPLE | 1 hour |\n\n\
                ### 2026-01-02 Cache down\n\nSeverity: High\nOwner: @bo\n";
    let doc: Document = text.parse().unwrap();
    let codes: Vec<(usize, &str)> = doc
        .log()
        .diagnostics
        .iter()
        .map(|d| (doc.position(d.start().unwrap_or(0)).line, d.code.as_str()))
        .collect();
    assert_eq!(codes, [(12, "MD010"), (14, "MD018")], "{codes:?}");
}

/// `## Resolved` with nothing under it but the entries after it at its own level is a divider:
/// those entries are in the resolved section, up to the next section at that level. The
/// heading was read as an empty section, and an entry after it without a Resolved time as open.
#[test]
fn an_empty_resolved_heading_divides_the_entries_after_it() {
    let entry = |title: &str, day: &str| {
        format!("## Incident: {title}\n\n### Severity: LOW\n\n### Detected: {day}T09:00:00Z\n\n")
    };
    let text = format!(
        "# INCIDENTS.md\n\n{}## Resolved\n\n{}{}## Severity Classification\n\nNone.\n\n{}",
        entry("Open one", "2026-11-20"),
        entry("Old one", "2026-10-12"),
        entry("Older one", "2026-10-01"),
        entry("After the policy", "2026-09-01"),
    );
    let doc: incident_md::Document = text.parse().unwrap();
    let resolved: Vec<(String, bool)> = doc
        .incidents()
        .iter()
        .map(|e| {
            let i = e.incident.as_ref().unwrap();
            (
                e.title.clone(),
                i.status() == incident_core::Status::Resolved,
            )
        })
        .collect();
    assert_eq!(
        resolved,
        [
            ("Open one".to_owned(), false),
            ("Old one".to_owned(), true),
            ("Older one".to_owned(), true),
            ("After the policy".to_owned(), false),
        ]
    );
}
