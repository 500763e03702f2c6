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

/// One edit a branch makes.
#[derive(Debug, Clone)]
enum Edit {
    Add(Box<Incident>),
    Impact(usize, String),
    Resolution(usize, String),
    FollowUp(usize, String),
    Done(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let word = "[a-z]{1,8}( [a-z]{1,8}){0,3}";
    prop_oneof![
        common::incident().prop_map(|i| Edit::Add(Box::new(i))),
        (0usize..6, word).prop_map(|(k, s)| Edit::Impact(k, s)),
        (0usize..6, word).prop_map(|(k, s)| Edit::Resolution(k, s)),
        (0usize..6, word).prop_map(|(k, s)| Edit::FollowUp(k, s)),
        (0usize..6).prop_map(Edit::Done),
    ]
}

/// Applies the edits; returns the fields set per incident ID, with their values.
fn apply(doc: &mut Document, edits: &[Edit], side: &str) -> Vec<(String, FieldName, String)> {
    let mut set = Vec::new();
    for e in edits {
        let id_of = |doc: &Document, k: usize| {
            let n = doc.incidents().len();
            (n > 0).then(|| doc.incidents()[k % n].id.clone())
        };
        match e {
            Edit::Add(i) => {
                let mut i = (**i).clone();
                i.title = format!("{side} {}", i.title.trim());
                let _ = doc.add_incident(&i, &AddOptions::default());
            }
            Edit::Impact(k, v) | Edit::Resolution(k, v) => {
                let name = if matches!(e, Edit::Impact(..)) {
                    FieldName::Impact
                } else {
                    FieldName::Resolution
                };
                if let Some(id) = id_of(doc, *k)
                    && doc.set_field(&id, name, v).is_ok()
                {
                    set.push((id, name, v.clone()));
                }
            }
            Edit::FollowUp(k, v) => {
                if let Some(id) = id_of(doc, *k) {
                    let f = incident_core::FollowUp::new(format!("{side} {v}")).assignee("ops");
                    let _ = doc.add_follow_up(&id, &f);
                }
            }
            Edit::Done(k) => {
                if let Some(id) = id_of(doc, *k) {
                    let _ = doc.set_follow_up_done(&id, 1, true);
                }
            }
        }
    }
    set
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Branches that add incidents, fill in fields and add or tick follow-ups merge without a
    /// conflict unless both set one field of one incident to different values; every incident
    /// of both sides is in the result, and every field set on one side only has that value.
    #[test]
    fn conflicts_only_where_both_sides_set_one_field_differently(
        base in prop::collection::vec(common::incident(), 1..3),
        ours in prop::collection::vec(edit(), 0..6),
        theirs in prop::collection::vec(edit(), 0..6),
    ) {
        let b = with(SEED.parse().unwrap(), &base, "B");
        let (mut o, mut t) = (b.clone(), b.clone());
        let (so, st) = (apply(&mut o, &ours, "O"), apply(&mut t, &theirs, "T"));
        let last = |set: &[(String, FieldName, String)], id: &str, n: FieldName| {
            set.iter().rev().find(|(i, f, _)| i == id && *f == n).map(|(_, _, v)| v.clone())
        };
        let both_differ = so.iter().any(|(id, n, _)| {
            matches!((last(&so, id, *n), last(&st, id, *n)), (Some(x), Some(y)) if x != y)
        });
        let out = merge(&b, &o, &t, &opts());
        let merged: Document = out.text.parse().unwrap();
        prop_assert_eq!(out.is_clean(), !both_differ, "{}", out.text);
        for d in [&o, &t] {
            for e in d.incidents() {
                prop_assert!(merged.get(&e.id).is_some(), "{} missing", e.id);
            }
        }
        if out.is_clean() {
            for (set, other) in [(&so, &st), (&st, &so)] {
                for (id, n, _) in set.iter() {
                    if last(other, id, *n).is_none() {
                        let want = last(set, id, *n).unwrap();
                        let got = merged.get(id).and_then(|e| e.field(*n)).and_then(|f| f.value()).map(str::to_owned);
                        prop_assert_eq!(got.as_deref(), Some(want.trim()), "{} {:?}", id, n);
                    }
                }
            }
        }
    }
}
