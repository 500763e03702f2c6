//! Edits on arbitrary documents: never a panic, never a change outside the reported ranges, and
//! an added incident always reads back (or the edit is refused and nothing changes).

use incident_core::{FollowUp, Incident, Severity};
use incident_md::{AddOptions, Document, Order};
use proptest::prelude::*;

/// Lines that make markdown structure, including ones that swallow what follows (an unclosed
/// fence, an HTML block, a block quote, a list item).
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("```".to_owned()),
        Just("~~~ rust".to_owned()),
        Just("<div>".to_owned()),
        Just("<!-- Add new incidents above this line -->".to_owned()),
        Just("<!-- below this line -->".to_owned()),
        Just("> quoted".to_owned()),
        Just("- item".to_owned()),
        Just("  - [ ] nested - @x - 2026-01-01".to_owned()),
        Just("---".to_owned()),
        Just("## Last Incident: None Recorded".to_owned()),
        Just("## Template: Log New Incident".to_owned()),
        Just("## Incident: Old one".to_owned()),
        Just("### Severity: HIGH".to_owned()),
        Just("### Detected: 2026-01-01T00:00:00Z".to_owned()),
        Just("## Incidents".to_owned()),
        Just("### Incident: Nested one".to_owned()),
        Just("| a | b |".to_owned()),
        Just("    indented code".to_owned()),
        Just("Title\n===".to_owned()),
        "[a-z #*>`<-]{0,12}",
    ]
}

fn document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(line(), 0..30),
        prop::sample::select(vec!["\n", "\r\n"]),
        any::<bool>(),
    )
        .prop_map(|(lines, eol, final_eol)| {
            let mut text = lines.join(eol);
            if final_eol && !text.is_empty() {
                text.push_str(eol);
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn add_incident_reads_back_or_is_refused(text in document(), oldest in any::<bool>()) {
        let mut doc: Document = text.parse().unwrap();
        let detected = "2027-06-01T12:00:00Z".parse().unwrap();
        let mut incident = Incident::new("Fresh outage", Severity::High, detected);
        incident.follow_ups.push(FollowUp::new("Schedule review").assignee("lead"));
        let order = if oldest { Order::OldestFirst } else { Order::NewestFirst };
        match doc.add_incident(&incident, &AddOptions::with_order(order)) {
            Ok(added) => {
                // Replay the splices in order, marking inserted bytes with NUL.
                let mut replay = text.clone();
                for c in &added.changes {
                    replay.replace_range(c.before.clone(), &"\u{0}".repeat(c.after.len()));
                }
                // Outside the changed ranges, every byte is as it was.
                let final_text = doc.to_string();
                prop_assert_eq!(replay.len(), final_text.len());
                for (a, b) in replay.bytes().zip(final_text.bytes()) {
                    prop_assert!(a == 0 || a == b);
                }
                let entry = doc.find(&added.id).unwrap();
                prop_assert_eq!(entry.incident.as_ref(), Some(&incident));
            }
            Err(_) => prop_assert_eq!(doc.to_string(), text),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn field_edits_on_arbitrary_entries(text in document(), which in 0usize..4) {
        let mut doc: Document = text.parse().unwrap();
        let Some(entry) = doc.incidents().first().cloned() else { return Ok(()) };
        let at = "2027-06-01T12:30:00Z".parse().unwrap();
        let result = match which {
            0 => doc.set_acknowledged(&entry.id, at),
            1 => doc.add_follow_up(&entry.id, &FollowUp::new("Check the fence").assignee("ops")),
            2 => doc.set_field(&entry.id, incident_md::FieldName::Impact, "Nobody paged"),
            _ => doc.set_field(&entry.id, incident_md::FieldName::Severity, "LOW"),
        };
        match result {
            Ok(changes) => {
                let mut replay = text.clone();
                for c in &changes {
                    replay.replace_range(c.before.clone(), &"\u{0}".repeat(c.after.len()));
                }
                let final_text = doc.to_string();
                prop_assert_eq!(replay.len(), final_text.len());
                for (a, b) in replay.bytes().zip(final_text.bytes()) {
                    prop_assert!(a == 0 || a == b);
                }
                // The entry is still there, under the same heading.
                prop_assert!(doc.incidents().iter().any(|e| e.title == entry.title));
                if let Some(i) = doc.find(&entry.id).ok().and_then(|e| e.incident.as_ref()) {
                    match which {
                        0 => prop_assert_eq!(i.acknowledged, Some(at)),
                        3 => prop_assert_eq!(i.severity, Severity::Low),
                        _ => {}
                    }
                }
            }
            Err(_) => prop_assert_eq!(doc.to_string(), text),
        }
    }
}
