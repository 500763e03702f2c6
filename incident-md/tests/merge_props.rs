//! Property tests of the merge rules: a side that changed nothing takes the other's file byte
//! for byte; incidents added on both sides are all kept, unchanged, without conflicts.

mod common;

use incident_core::Incident;
use incident_md::merge::{MergeOptions, merge};
use incident_md::{AddOptions, Document, FieldName};
use proptest::prelude::*;

const SEED: &str = include_str!("data/seed.md");

/// Adds what can be added (the generators make some incidents the library refuses).
fn with(mut doc: Document, incidents: &[Incident], prefix: &str) -> Document {
    for i in incidents {
        let mut i = i.clone();
        i.title = format!("{prefix} {}", i.title.trim());
        let _ = doc.add_incident(&i, &AddOptions::default());
    }
    doc
}

fn entry_texts(doc: &Document) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = doc
        .incidents()
        .iter()
        .map(|e| (e.id.clone(), doc.as_str()[e.span.clone()].to_owned()))
        .collect();
    v.sort();
    v
}

fn opts() -> MergeOptions {
    MergeOptions::default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn an_unchanged_side_takes_the_other_side_byte_for_byte(
        base in prop::collection::vec(common::incident(), 0..3),
        added in prop::collection::vec(common::incident(), 0..3),
        impact in common::text(),
        crlf in any::<bool>(),
    ) {
        let seed = if crlf { SEED.replace('\n', "\r\n") } else { SEED.to_owned() };
        let b = with(seed.parse().unwrap(), &base, "B");
        let mut o = with(b.clone(), &added, "O");
        if let Some(id) = o.incidents().first().map(|e| e.id.clone()) {
            let _ = o.set_field(&id, FieldName::Impact, &impact);
        }
        let out = merge(&b, &o, &b, &opts());
        prop_assert!(out.is_clean());
        prop_assert_eq!(&out.text, o.as_str());
        let out = merge(&b, &o, &o, &opts());
        prop_assert_eq!(&out.text, o.as_str());
        let out = merge(&b, &b, &o, &opts());
        prop_assert!(out.is_clean());
        prop_assert_eq!(entry_texts(&out.text.parse().unwrap()), entry_texts(&o));
    }

    #[test]
    fn incidents_added_on_both_sides_are_all_kept_unchanged(
        base in prop::collection::vec(common::incident(), 0..3),
        ours in prop::collection::vec(common::incident(), 1..4),
        theirs in prop::collection::vec(common::incident(), 1..4),
    ) {
        let b = with(SEED.parse().unwrap(), &base, "B");
        let (o, t) = (with(b.clone(), &ours, "O"), with(b.clone(), &theirs, "T"));
        prop_assume!(o.incidents().len() > b.incidents().len() && t.incidents().len() > b.incidents().len());
        let out = merge(&b, &o, &t, &opts());
        prop_assert!(out.is_clean(), "{}", out.text);
        prop_assert!(out.renamed_ids.is_empty());
        let merged: Document = out.text.parse().unwrap();
        let mut want = entry_texts(&o);
        want.extend(entry_texts(&t).into_iter().filter(|e| !entry_texts(&b).contains(e)));
        want.sort();
        prop_assert_eq!(entry_texts(&merged), want);
        // Every incident is read back as it was written on its side.
        for e in merged.incidents() {
            let side = o.get(&e.id).or_else(|| t.get(&e.id)).unwrap();
            prop_assert_eq!(&e.incident, &side.incident);
        }
        // The newest incident of either side is the Last Incident.
        let newest = merged.incidents().iter().filter_map(|e| e.incident.as_ref()).map(|i| i.detected).max();
        if let (Some(n), Some(li)) = (newest, merged.log().last_incident.as_ref()) {
            prop_assert!(li.text.contains(&incident_core::format_timestamp(n)), "{}", li.text);
        }
    }
}
