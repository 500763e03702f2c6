//! Property tests of `doctor --fix`: whatever damage a log has, the repaired log parses, and
//! repairing it again changes nothing (nothing fixable is left).

mod common;

use incident_core::Incident;
use incident_md::doctor::{DoctorOptions, examine, repair};
use incident_md::{AddOptions, Document, FieldName};
use proptest::prelude::*;

const SEED: &str = include_str!("data/seed.md");

/// Damage as tools and merges leave it.
#[derive(Debug, Clone)]
enum Damage {
    /// A UTF-8 `—` read as Windows-1252 in the impact of entry `k`.
    Mojibake(usize),
    /// A CRLF line ending at line `k`.
    Crlf(usize),
    /// Entry `k` written twice.
    Repeated(usize),
    /// Entry `k` moved to the top.
    ToTop(usize),
    /// Entry `k` moved into the template's code fence.
    Fenced(usize),
    /// Entry `k` writes the ID of entry `j`.
    SameId(usize, usize),
    /// Entries `k` and `j` between conflict markers, as two sides that each logged one.
    Conflict(usize, usize),
    /// The impact of entry `k` with the placeholder left under its text.
    Placeholder(usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        any::<usize>().prop_map(Damage::Mojibake),
        any::<usize>().prop_map(Damage::Crlf),
        any::<usize>().prop_map(Damage::Repeated),
        any::<usize>().prop_map(Damage::ToTop),
        any::<usize>().prop_map(Damage::Fenced),
        (any::<usize>(), any::<usize>()).prop_map(|(k, j)| Damage::SameId(k, j)),
        (any::<usize>(), any::<usize>()).prop_map(|(k, j)| Damage::Conflict(k, j)),
        any::<usize>().prop_map(Damage::Placeholder),
    ]
}

fn span_of(doc: &Document, k: usize) -> Option<std::ops::Range<usize>> {
    let es = doc.incidents();
    (!es.is_empty()).then(|| es[k % es.len()].span.clone())
}

fn apply(text: String, d: &Damage) -> String {
    let doc = Document::from_bytes(text.as_bytes()).unwrap();
    let mut s = text.clone();
    match *d {
        Damage::Mojibake(k) => {
            if let Some(e) = doc.incidents().get(k % doc.incidents().len().max(1))
                && let Some(f) = e.field(FieldName::Impact)
                && let Some(b) = f.body.clone()
            {
                s.insert_str(b.start, "down \u{e2}\u{20ac}\u{201d} ");
            }
        }
        Damage::Crlf(k) => {
            let ends: Vec<usize> = s.match_indices('\n').map(|(i, _)| i).collect();
            if !ends.is_empty() {
                let at = ends[k % ends.len()];
                if !s[..at].ends_with('\r') {
                    s.insert(at, '\r');
                }
            }
        }
        Damage::Repeated(k) => {
            if let Some(e) = span_of(&doc, k) {
                let copy = format!("\n\n---\n\n{}", &s[e.clone()]);
                s.insert_str(e.end, &copy);
            }
        }
        Damage::ToTop(k) => {
            if let (Some(e), Some(first)) = (span_of(&doc, k), span_of(&doc, 0))
                && e.start > first.start
            {
                let entry = s[e.clone()].to_owned();
                s.replace_range(first.end.max(e.start - 7)..e.end, "");
                s.insert_str(first.start, &format!("{entry}\n\n---\n\n"));
            }
        }
        Damage::Fenced(k) => {
            let close = "<links to LOGS.md entries>\n```";
            if let Some(e) = span_of(&doc, k)
                && let Some(at) = s.find(close)
                && at > e.end
            {
                let entry = s[e.clone()].to_owned();
                s.insert_str(at + close.len() - 3, &format!("\n{entry}\n"));
                s.replace_range(e.clone(), "");
            }
        }
        Damage::SameId(k, j) => {
            let es = doc.incidents();
            if es.len() > 1
                && k % es.len() != j % es.len()
                && let Some(f) = es[k % es.len()].field(FieldName::Id)
            {
                s.replace_range(f.inline.clone(), &es[j % es.len()].id);
            }
        }
        Damage::Conflict(k, j) => {
            if let (Some(a), Some(b)) = (span_of(&doc, k), span_of(&doc, j))
                && a.end < b.start
            {
                // Entry `a` is ours, `b` theirs, both where `a` was.
                let (ta, tb) = (s[a.clone()].to_owned(), s[b.clone()].to_owned());
                s.replace_range(b.start - 7.min(b.start - a.end)..b.end, "");
                s.replace_range(
                    a.clone(),
                    &format!("<<<<<<< HEAD\n{ta}\n=======\n{tb}\n>>>>>>> other"),
                );
            }
        }
        Damage::Placeholder(k) => {
            if let Some(e) = doc.incidents().get(k % doc.incidents().len().max(1))
                && let Some(f) = e.field(FieldName::Impact)
                && let Some(b) = f.body.clone()
            {
                s.insert_str(b.start, "checkout down\n");
            }
        }
    }
    s
}

fn log(incidents: &[Incident]) -> String {
    let mut doc: Document = SEED.parse().unwrap();
    for (k, i) in incidents.iter().enumerate() {
        let mut i = i.clone();
        i.title = format!("Incident {k}");
        let _ = doc.add_incident(&i, &AddOptions::default());
    }
    doc.as_str().to_owned()
}

fn plain_incident() -> impl Strategy<Value = Incident> {
    (common::severity(), common::time()).prop_map(|(s, t)| Incident::new("x", s, t))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn doctor_fix_parses_and_is_idempotent(
        incidents in prop::collection::vec(plain_incident(), 0..5),
        damages in prop::collection::vec(damage(), 0..4),
    ) {
        let mut text = log(&incidents);
        for d in &damages {
            text = apply(text, d);
        }
        let doc = Document::from_bytes(text.as_bytes()).unwrap();
        let options = DoctorOptions::default();
        let once = repair(&doc, &options);
        // What is written reads back as a log.
        let reread = Document::from_bytes(once.document.as_str().as_bytes());
        prop_assert!(reread.is_ok());
        prop_assert!(
            once.remaining.iter().all(|r| !r.fixable),
            "left fixable: {:?}\n{}", once.remaining, once.document.as_str()
        );
        let twice = repair(&once.document, &options);
        prop_assert_eq!(twice.document.as_str(), once.document.as_str());
        prop_assert!(twice.applied.is_empty());
        prop_assert_eq!(examine(&once.document, &options), once.remaining);
    }
}

/// Each damage of the generator is one that doctor finds (so the property covers them all).
#[test]
fn every_damage_is_found() {
    use incident_core::{Code, Severity};
    let incidents: Vec<Incident> = (1..=3)
        .map(|d| {
            Incident::new(
                "x",
                Severity::High,
                format!("2026-03-0{d}T10:00:00Z").parse().unwrap(),
            )
        })
        .collect();
    let base = log(&incidents).replacen("\u{e2}\u{20ac}\u{201d}", "-", 1);
    for (damage, code) in [
        (Damage::Mojibake(1), Code::Mojibake),
        (Damage::Crlf(3), Code::MixedLineEndings),
        (Damage::Repeated(1), Code::RepeatedEntry),
        (Damage::ToTop(2), Code::EntryOrder),
        (Damage::Fenced(1), Code::FencedEntry),
        (Damage::SameId(2, 0), Code::DuplicateId),
        (Damage::Conflict(0, 1), Code::ConflictMarkers),
        (Damage::Placeholder(0), Code::LeftoverPlaceholder),
    ] {
        let text = apply(base.clone(), &damage);
        let doc = Document::from_bytes(text.as_bytes()).unwrap();
        let found = examine(&doc, &DoctorOptions::default());
        assert!(
            found.iter().any(|r| r.finding.code == code && r.fixable),
            "{damage:?}: {found:?}\n{text}"
        );
        let fixed = repair(&doc, &DoctorOptions::default());
        assert!(
            fixed.remaining.is_empty(),
            "{damage:?}: {:?}",
            fixed.remaining
        );
    }
}
