//! Entry anchors are GitHub's: the anchor of the entry's heading when every heading of the
//! file is numbered in order, whatever shortcuts the typed view takes to compute them.

use incident_md::{BlockKind, Document};
use proptest::prelude::*;

/// GitHub's anchor of every heading of the document, keyed by the heading block's start.
fn all_anchors(doc: &Document) -> Vec<(usize, String)> {
    let starts = doc
        .blocks()
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading { .. }))
        .map(|b| b.span.start);
    starts.zip(doc.heading_anchors()).collect()
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let doc: Document = text.parse().unwrap();
    let anchors = all_anchors(&doc);
    for e in doc.incidents() {
        let expected = anchors
            .iter()
            .find(|(start, _)| *start == e.heading_span.start)
            .map(|(_, a)| a.as_str());
        prop_assert_eq!(
            Some(e.anchor.as_str()),
            expected,
            "entry {:?} in\n{}",
            e.title,
            text
        );
    }
    Ok(())
}

/// Headings that collide with entries' slugs and numbered slugs, and ones that do not.
fn heading() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("## Incident: a".to_owned()),
        Just("## Incident: A".to_owned()),
        Just("### Incident a".to_owned()),
        Just("### incident: a 1".to_owned()),
        Just("### Incident-a-1".to_owned()),
        Just("### Incident: a-2".to_owned()),
        Just("### — Incident: a".to_owned()),
        Just("### Ínci: a".to_owned()),
        Just("### Severity: HIGH".to_owned()),
        Just("### Detected: 2026-01-02T03:04:05Z".to_owned()),
        Just("### :".to_owned()),
        Just("### - incident a".to_owned()),
        Just("### _Incident: a_".to_owned()),
        Just("## Notes".to_owned()),
    ]
}

proptest! {
    #[test]
    fn entry_anchors_number_every_heading(headings in prop::collection::vec(heading(), 1..14)) {
        let mut text = String::from("# Log\n\n");
        for h in &headings {
            text.push_str(h);
            text.push_str("\n\n");
            if h.starts_with("## Incident") {
                text.push_str("### Severity: HIGH\n\n### Detected: 2026-01-02T03:04:05Z\n\n");
            }
        }
        check(&text)?;
    }
}

#[test]
fn a_field_heading_shaped_like_an_entry_numbers_the_entry() {
    check(
        "## Incident: a\n\n### Severity: HIGH\n\n### Detected: 2026-01-02T03:04:05Z\n\n\
         ### Incident: a\n\n## Incident: a\n\n### Severity: LOW\n\n### Detected: 2026-01-03T03:04:05Z\n",
    )
    .unwrap();
}
