//! Edits by splicing: properties over random documents and random edits (the bytes outside each
//! reported range are unchanged, and re-reading gives the edited model), and snapshots of the
//! diffs edits make on the seed, on CRLF files, on files with markers and on oldest-first logs.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};
use incident_core::{Due, FollowUp, Incident, RelatedLog, Severity, format_timestamp};
use incident_md::edit::Added;
use incident_md::escape::unescape;
use incident_md::{AddOptions, Change, Document, Error, FieldName, Order, Placement};
use proptest::prelude::*;

mod common;
use common::{
    follow_up, follow_up_may_refuse, follow_up_refused, incident, line, multiline, related_log,
    severity, text, time,
};

const SEED: &str = include_str!("data/seed.md");

/// The edit fixtures, by file name.
const FIXTURES: [&str; 8] = [
    "newest-first.md",
    "oldest-first.md",
    "marker-below.md",
    "marker-above.md",
    "no-template.md",
    "custom-template.md",
    "bold.md",
    "list-labels.md",
];

fn fixture(name: &str) -> String {
    if name == "seed.md" {
        return SEED.to_owned();
    }
    let path = format!("{}/tests/data/edit/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

fn at(text: &str) -> DateTime<Utc> {
    incident_core::parse_timestamp(text).unwrap()
}

fn parse(text: &str) -> Document {
    let doc: Document = text.parse().unwrap();
    assert_eq!(doc.as_str(), text);
    doc
}

// ---------------------------------------------------------------------------------------------
// Checking reported changes

/// Checks that `changes`, applied in order to `old`, account for every byte that differs in
/// `new`: each change replaces `before` (in the text as it was then) by `after.len()` new bytes
/// starting at the same offset, and every byte outside the replaced ranges is the old byte.
fn check_changes(old: &str, new: &str, changes: &[Change]) {
    // The text as pieces: `Some(offset)` for `len` bytes copied from `old`, `None` for new bytes.
    let mut pieces: Vec<(Option<usize>, usize)> = vec![(Some(0), old.len())];
    for c in changes {
        assert_eq!(
            c.before.start, c.after.start,
            "a change starts where it replaces: {c:?}"
        );
        let len: usize = pieces.iter().map(|p| p.1).sum();
        assert!(c.before.end <= len, "{c:?} is past the end ({len})");
        let (mut prefix, mut suffix) = (Vec::new(), Vec::new());
        let mut pos = 0;
        for (from, n) in pieces {
            let (s, e) = (pos, pos + n);
            pos = e;
            let part = |a: usize, b: usize| (from.map(|f| f + a - s), b - a);
            if s < c.before.start {
                prefix.push(part(s, e.min(c.before.start)));
            }
            if e > c.before.end {
                suffix.push(part(s.max(c.before.end), e));
            }
        }
        prefix.push((None, c.after.len()));
        prefix.extend(suffix);
        pieces = prefix;
    }
    let len: usize = pieces.iter().map(|p| p.1).sum();
    assert_eq!(len, new.len(), "the changes do not add up to the new text");
    let mut pos = 0;
    for (from, n) in pieces {
        if let Some(f) = from {
            assert_eq!(
                &new.as_bytes()[pos..pos + n],
                &old.as_bytes()[f..f + n],
                "bytes {pos}..{} changed outside every reported range",
                pos + n
            );
        }
        pos += n;
    }
    if let Some(last) = changes.last() {
        assert!(new.is_char_boundary(last.after.start) && new.is_char_boundary(last.after.end));
    }
}

// ---------------------------------------------------------------------------------------------
// A unified diff for snapshots

/// One line for display: `\r` shown as `␍`, the `\n` dropped.
fn show(line: &str) -> String {
    line.strip_suffix('\n').unwrap_or(line).replace('\r', "␍")
}

/// A unified diff of `old` and `new` by lines, with two lines of context.
fn unified(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    // Longest common subsequence, from the end.
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // The edit script: (tag, old line, new line).
    let mut ops: Vec<(char, usize, usize)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', i, j));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', i, j));
            i += 1;
        } else {
            ops.push(('+', i, j));
            j += 1;
        }
    }
    const CONTEXT: usize = 2;
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != ' ').collect();
    let mut out = String::new();
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(CONTEXT);
        let mut end = changed[k];
        while k < changed.len() && changed[k] <= end + 2 * CONTEXT + 1 {
            end = changed[k];
            k += 1;
        }
        let end = (end + CONTEXT + 1).min(ops.len());
        let hunk = &ops[start..end];
        let old_n = hunk.iter().filter(|o| o.0 != '+').count();
        let new_n = hunk.iter().filter(|o| o.0 != '-').count();
        writeln!(
            out,
            "@@ -{},{old_n} +{},{new_n} @@",
            hunk[0].1 + 1,
            hunk[0].2 + 1
        )
        .unwrap();
        for &(tag, i, j) in hunk {
            let line = if tag == '+' { b[j] } else { a[i] };
            writeln!(out, "{tag}{}", show(line)).unwrap();
        }
    }
    out
}

fn ranges(changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| format!("{:?} -> {:?}", c.before, c.after))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs `edit` on a document parsed from `text`, checks its changes, and describes them:
/// changed ranges and the diff.
fn edit_summary(
    text: &str,
    edit: impl FnOnce(&mut Document) -> Result<Vec<Change>, Error>,
) -> (Document, String) {
    let mut doc = parse(text);
    let changes = edit(&mut doc).unwrap();
    check_changes(text, doc.as_str(), &changes);
    let summary = format!(
        "changes: {}\n{}",
        ranges(&changes),
        unified(text, doc.as_str())
    );
    (doc, summary)
}

fn add_summary(doc: &mut Document, incident: &Incident, order: Order) -> (Added, String) {
    let old = doc.as_str().to_owned();
    let added = doc
        .add_incident(incident, &AddOptions::with_order(order))
        .unwrap();
    check_changes(&old, doc.as_str(), &added.changes);
    let summary = format!(
        "id: {}\nplacement: {}\nchanges: {}\n{}",
        added.id,
        added.placement,
        ranges(&added.changes),
        unified(&old, doc.as_str())
    );
    (added, summary)
}

// ---------------------------------------------------------------------------------------------
// Independent expectations

/// The model as it reads back: text trimmed with line endings as `\n`, empty text absent.
fn canonical(incident: &Incident) -> Incident {
    let text = |t: &Option<String>| {
        t.as_deref()
            .map(|t| {
                t.replace("\r\n", "\n")
                    .replace('\r', "\n")
                    .trim()
                    .to_owned()
            })
            .filter(|t| !t.is_empty())
    };
    let mut i = incident.clone();
    i.title = i.title.trim().to_owned();
    i.category = i
        .category
        .as_deref()
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    i.description = text(&i.description);
    i.impact = text(&i.impact);
    i.root_cause = text(&i.root_cause);
    i.resolution = text(&i.resolution);
    i.lessons_learned = text(&i.lessons_learned);
    for f in &mut i.follow_ups {
        f.action = f.action.trim().to_owned();
        f.assignee = f.assignee.as_deref().map(|a| a.trim().to_owned());
        if let Some(Due::Text(t)) = &f.due {
            f.due = Some(Due::Text(t.trim().to_owned()));
        }
    }
    // A link target reads back as written: percent-encoded where a destination needs it.
    for r in &mut i.related_logs {
        *r = RelatedLog::new(
            r.text.trim(),
            r.target
                .as_deref()
                .map(|t| incident_md::render::encode_link_target(t.trim())),
        );
    }
    i
}

/// Whether writing `incident` must be refused, by the documented rules.
fn must_refuse(i: &Incident) -> bool {
    let title = multiline(&i.title) || i.title.trim().is_empty();
    let category = i.category.as_deref().is_some_and(|c| {
        let t = c.trim();
        // Blank is no category (the placeholder is written).
        !t.is_empty() && (multiline(c) || t.starts_with('`') || t.ends_with('`'))
    });
    title
        || category
        || i.check_timestamps().is_err()
        || i.follow_ups.iter().any(follow_up_refused)
        || i.related_logs.iter().any(related_refused)
}

fn related_refused(r: &RelatedLog) -> bool {
    multiline(&r.text)
        || r.target.as_deref().is_some_and(multiline)
        || (r.target.is_none() && r.text.trim().is_empty())
}

/// The `## Last Incident:` text an up-to-date log has, escapes resolved.
fn expected_last_incident(doc: &Document) -> String {
    let newest = doc
        .incidents()
        .iter()
        .filter_map(|e| e.incident.as_ref())
        .enumerate()
        .max_by_key(|(k, i)| (i.detected, std::cmp::Reverse(*k)))
        .map(|(_, i)| i);
    match newest {
        Some(i) => format!(
            "{} ({}, {})",
            i.title,
            i.severity,
            format_timestamp(i.detected)
        ),
        None => "None Recorded".to_owned(),
    }
}

fn check_last_incident(doc: &Document) {
    if let Some(last) = &doc.log().last_incident {
        assert_eq!(unescape(&last.text), expected_last_incident(doc));
    }
}

fn models(doc: &Document) -> Vec<Option<Incident>> {
    doc.incidents().iter().map(|e| e.incident.clone()).collect()
}

/// A document to edit: the seed or a fixture, with LF or CRLF line endings, sometimes without
/// its final line ending; or an empty file.
fn document() -> impl Strategy<Value = String> {
    let names: Vec<&str> = std::iter::once("seed.md").chain(FIXTURES).collect();
    prop_oneof![
        12 => (prop::sample::select(names), any::<bool>(), prop::bool::weighted(0.2)).prop_map(
            |(name, crlf_endings, trim)| {
                let mut text = fixture(name);
                if crlf_endings {
                    text = crlf(&text);
                }
                if trim {
                    text.truncate(text.trim_end().len());
                }
                text
            }
        ),
        1 => Just(String::new()),
    ]
}

#[derive(Debug, Clone)]
// A test-only value: boxing the incident would only add noise.
#[allow(clippy::large_enum_variant)]
enum Edit {
    Add(Incident, Order),
    SetText(usize, FieldName, String),
    SetCategory(usize, String),
    SetSeverity(usize, Severity, bool),
    SetDetected(usize, DateTime<Utc>),
    Acknowledge(usize, DateTime<Utc>),
    Resolve(usize, DateTime<Utc>),
    AddFollowUp(usize, FollowUp),
    AddRelatedLog(usize, RelatedLog),
    Done(usize, usize, bool),
}

fn edit() -> impl Strategy<Value = Edit> {
    let text_field = prop::sample::select(vec![
        FieldName::Description,
        FieldName::Impact,
        FieldName::RootCause,
        FieldName::Resolution,
        FieldName::LessonsLearned,
    ]);
    prop_oneof![
        3 => (incident(), prop::sample::select(vec![Order::NewestFirst, Order::OldestFirst]))
            .prop_map(|(i, o)| Edit::Add(i, o)),
        3 => (any::<usize>(), text_field, text()).prop_map(|(k, f, t)| Edit::SetText(k, f, t)),
        1 => (any::<usize>(), line()).prop_map(|(k, t)| Edit::SetCategory(k, t)),
        1 => (any::<usize>(), severity(), any::<bool>()).prop_map(|(k, s, l)| Edit::SetSeverity(k, s, l)),
        1 => (any::<usize>(), time()).prop_map(|(k, t)| Edit::SetDetected(k, t)),
        1 => (any::<usize>(), time()).prop_map(|(k, t)| Edit::Acknowledge(k, t)),
        1 => (any::<usize>(), time()).prop_map(|(k, t)| Edit::Resolve(k, t)),
        2 => (any::<usize>(), follow_up()).prop_map(|(k, f)| Edit::AddFollowUp(k, f)),
        2 => (any::<usize>(), related_log()).prop_map(|(k, r)| Edit::AddRelatedLog(k, r)),
        2 => (any::<usize>(), 0usize..4, any::<bool>()).prop_map(|(k, n, d)| Edit::Done(k, n, d)),
    ]
}

// ---------------------------------------------------------------------------------------------
// Applying random edits

/// An edit of one entry, given its ID.
type ValueEdit<'a> = &'a dyn Fn(&mut Document, &str) -> Result<Vec<Change>, Error>;

/// Applies `edit` and checks it: the reported changes account for every changed byte, the
/// document reads back as the edited model, the Last Incident heading is true, and (for the
/// edits that set a value) doing it again changes nothing.
fn apply(doc: &mut Document, edit: &Edit) {
    let old = doc.as_str().to_owned();
    let before = models(doc);
    let entries = doc.incidents().len();
    // Entry `k` by position; edits other than adding keep the entries in place.
    let pick = |k: usize| (entries > 0).then(|| k % entries);
    let id_of = |doc: &Document, k: usize| doc.incidents()[k].id.clone();
    let mut expected = before.clone();
    let refused = |doc: &Document, result: Result<Vec<Change>, Error>| {
        assert!(result.is_err(), "expected a refusal, got {result:?}");
        assert_eq!(doc.as_str(), old, "a refused edit changed the text");
    };
    // Runs a value edit twice: the second time it must change nothing.
    let twice = |doc: &mut Document,
                 expected: &mut Vec<Option<Incident>>,
                 k: usize,
                 f: ValueEdit<'_>,
                 update: &dyn Fn(&mut Incident)| {
        let id = id_of(doc, k);
        // Timestamps an edit would put out of order: refused with the core rule's error.
        if let Some(i) = &expected[k] {
            let mut after = i.clone();
            update(&mut after);
            if let Err(source) = after.check_timestamps() {
                let result = f(doc, &id);
                assert_eq!(
                    result,
                    Err(Error::TimestampOrder {
                        incident: id.clone(),
                        source
                    })
                );
                assert_eq!(doc.as_str(), old, "a refused edit changed the text");
                return;
            }
        }
        let changes = f(doc, &id).unwrap_or_else(|e| panic!("{edit:?}: {e}"));
        check_changes(&old, doc.as_str(), &changes);
        if let Some(i) = &mut expected[k] {
            update(i);
        }
        let id = id_of(doc, k);
        let again = doc.as_str().to_owned();
        let changes = f(doc, &id).unwrap();
        assert!(changes.is_empty(), "not idempotent: {changes:?}");
        assert_eq!(doc.as_str(), again);
    };
    match edit {
        Edit::Add(incident, order) => {
            let result = doc.add_incident(incident, &AddOptions::with_order(*order));
            if must_refuse(incident) {
                assert!(result.is_err(), "expected a refusal, got {result:?}");
                assert_eq!(doc.as_str(), old);
                return;
            }
            let added = match result {
                Ok(a) => a,
                Err(Error::InvalidValue { .. })
                    if incident.follow_ups.iter().any(follow_up_may_refuse) =>
                {
                    assert_eq!(doc.as_str(), old);
                    return;
                }
                Err(e) => panic!("{incident:?} was refused: {e}"),
            };
            check_changes(&old, doc.as_str(), &added.changes);
            assert_eq!(added.changes[0].before.len(), 0, "adding only inserts");
            let k = doc
                .incidents()
                .iter()
                .position(|e| e.id == added.id)
                .unwrap_or_else(|| panic!("no entry {}", added.id));
            assert_eq!(
                doc.incidents()[k].incident.as_ref(),
                Some(&canonical(incident)),
                "the new entry reads back differently:\n{}",
                &doc.as_str()[doc.incidents()[k].span.clone()]
            );
            let mut now = models(doc);
            now.remove(k);
            assert_eq!(now, before, "other entries changed");
            // The new entry's heading anchor is its ID's slug part, made unique.
            assert!(doc.incidents()[k].anchor.starts_with("incident-"));
            check_last_incident(doc);
            return;
        }
        Edit::SetText(k, name, value) => {
            let Some(k) = pick(*k) else { return };
            let name = *name;
            let v = canonical(&{
                let mut i = Incident::new("x", Severity::Low, Utc::now());
                i.description = Some(value.clone());
                i
            })
            .description;
            twice(
                doc,
                &mut expected,
                k,
                &|d, id| d.set_field(id, name, value),
                &|i| {
                    let slot = match name {
                        FieldName::Description => &mut i.description,
                        FieldName::Impact => &mut i.impact,
                        FieldName::RootCause => &mut i.root_cause,
                        FieldName::Resolution => &mut i.resolution,
                        _ => &mut i.lessons_learned,
                    };
                    *slot = v.clone();
                },
            );
        }
        Edit::SetCategory(k, value) => {
            let Some(k) = pick(*k) else { return };
            let c = value.trim();
            if !c.is_empty() && (multiline(value) || c.starts_with('`') || c.ends_with('`')) {
                let id = id_of(doc, k);
                let result = doc.set_field(&id, FieldName::Category, value);
                return refused(doc, result);
            }
            let c = (!c.is_empty()).then(|| c.to_owned());
            twice(
                doc,
                &mut expected,
                k,
                &|d, id| d.set_field(id, FieldName::Category, value),
                &|i| i.category = c.clone(),
            );
        }
        Edit::SetSeverity(k, s, lower) => {
            let Some(k) = pick(*k) else { return };
            let text = if *lower {
                s.to_string().to_lowercase()
            } else {
                s.to_string()
            };
            twice(
                doc,
                &mut expected,
                k,
                &|d, id| d.set_field(id, FieldName::Severity, &text),
                &|i| i.severity = *s,
            );
        }
        Edit::SetDetected(k, t) => {
            let Some(k) = pick(*k) else { return };
            let text = format_timestamp(*t);
            twice(
                doc,
                &mut expected,
                k,
                &|d, id| d.set_field(id, FieldName::Detected, &text),
                &|i| i.detected = *t,
            );
        }
        Edit::Acknowledge(k, t) => {
            let Some(k) = pick(*k) else { return };
            twice(
                doc,
                &mut expected,
                k,
                &|d, id| d.set_acknowledged(id, *t),
                &|i| i.acknowledged = Some(*t),
            );
        }
        Edit::Resolve(k, t) => {
            let Some(k) = pick(*k) else { return };
            twice(
                doc,
                &mut expected,
                k,
                &|d, id| d.set_resolved(id, *t),
                &|i| i.resolved = Some(*t),
            );
        }
        Edit::AddFollowUp(k, f) => {
            let Some(k) = pick(*k) else { return };
            let id = id_of(doc, k);
            let result = doc.add_follow_up(&id, f);
            if follow_up_refused(f) {
                return refused(doc, result);
            }
            let changes = match result {
                Err(Error::InvalidValue { .. }) if follow_up_may_refuse(f) => {
                    return assert_eq!(doc.as_str(), old);
                }
                r => r.unwrap_or_else(|e| panic!("{f:?} was refused: {e}")),
            };
            check_changes(&old, doc.as_str(), &changes);
            if let Some(i) = &mut expected[k] {
                let mut c = Incident::new("x", Severity::Low, Utc::now());
                c.follow_ups.push(f.clone());
                i.follow_ups.push(canonical(&c).follow_ups.remove(0));
            }
        }
        Edit::AddRelatedLog(k, r) => {
            let Some(k) = pick(*k) else { return };
            let id = id_of(doc, k);
            let result = doc.add_related_log(&id, r);
            if related_refused(r) {
                return refused(doc, result);
            }
            let changes = result.unwrap_or_else(|e| panic!("{r:?} was refused: {e}"));
            check_changes(&old, doc.as_str(), &changes);
            if let Some(i) = &mut expected[k] {
                let mut c = Incident::new("x", Severity::Low, Utc::now());
                c.related_logs.push(r.clone());
                i.related_logs.push(canonical(&c).related_logs.remove(0));
            }
        }
        Edit::Done(k, n, done) => {
            let Some(k) = pick(*k) else { return };
            let id = id_of(doc, k);
            let count = before[k].as_ref().map_or(0, |i| i.follow_ups.len());
            let result = doc.set_follow_up_done(&id, *n, *done);
            if *n == 0 || *n > count {
                assert!(
                    matches!(result, Err(Error::NoSuchFollowUp { .. })),
                    "{result:?}"
                );
                assert_eq!(doc.as_str(), old);
                return;
            }
            let changes = result.unwrap();
            check_changes(&old, doc.as_str(), &changes);
            let was = before[k].as_ref().unwrap().follow_ups[*n - 1].done;
            let differing = old
                .bytes()
                .zip(doc.as_str().bytes())
                .filter(|(a, b)| a != b)
                .count();
            assert_eq!(old.len(), doc.as_str().len());
            assert_eq!(
                differing,
                usize::from(was != *done),
                "exactly the checkbox changes"
            );
            assert_eq!(changes.len(), usize::from(was != *done));
            if let Some(i) = &mut expected[k] {
                i.follow_ups[*n - 1].done = *done;
            }
        }
    }
    assert_eq!(models(doc), expected, "after {edit:?}:\n{}", doc.as_str());
    check_last_incident(doc);
}

proptest! {
    /// Random edits on random documents: every change is a splice that reports its range, and
    /// the document reads back as the edited model.
    #[test]
    fn random_edits(text in document(), edits in prop::collection::vec(edit(), 1..6)) {
        let mut doc = parse(&text);
        for e in &edits {
            apply(&mut doc, e);
            // The document is always its own source: it prints back unchanged.
            let again = parse(doc.as_str());
            prop_assert_eq!(again.incidents(), doc.incidents());
        }
    }

    /// Any incident added to the seed reads back as itself, or is refused by a documented rule.
    #[test]
    fn added_incident_reads_back(i in incident(), crlf_endings in any::<bool>()) {
        let text = if crlf_endings { crlf(SEED) } else { SEED.to_owned() };
        let mut doc = parse(&text);
        apply(&mut doc, &Edit::Add(i, Order::NewestFirst));
        if crlf_endings {
            prop_assert!(!doc.as_str().replace("\r\n", "").contains('\n'), "LF in a CRLF file");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Snapshots

fn api_down() -> Incident {
    let mut i = Incident::new(
        "API server outage",
        Severity::High,
        at("2026-03-05T10:20:00Z"),
    );
    i.description = Some("Requests to the API server timed out.".into());
    i.impact = Some("Deployments failed for 40 minutes.".into());
    i.follow_ups = vec![
        FollowUp::new("Add an API latency alert")
            .assignee("dana")
            .due(NaiveDate::from_ymd_opt(2026, 3, 12).unwrap()),
    ];
    i
}

fn queue() -> Incident {
    Incident::new(
        "Queue consumer lag",
        Severity::Medium,
        at("2026-03-06T08:00:00Z"),
    )
}

#[test]
fn add_to_the_seed_goes_above_the_template() {
    let mut doc = parse(SEED);
    let (added, summary) = add_summary(&mut doc, &api_down(), Order::NewestFirst);
    assert_eq!(added.placement, Placement::AboveTemplate);
    assert_eq!(added.id, "2026-03-05-api-server-outage");
    assert_eq!(
        doc.log().last_incident.as_ref().unwrap().text,
        "API server outage (HIGH, 2026-03-05T10:20:00Z)"
    );
    insta::assert_snapshot!("seed_add_first", summary);
    let (added, summary) = add_summary(&mut doc, &queue(), Order::NewestFirst);
    assert_eq!(added.placement, Placement::AboveNewest);
    insta::assert_snapshot!("seed_add_second", summary);
    let ids: Vec<&str> = doc.incidents().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "2026-03-06-queue-consumer-lag",
            "2026-03-05-api-server-outage"
        ]
    );
}

#[test]
fn add_to_a_crlf_seed_writes_crlf() {
    let text = crlf(SEED);
    let mut doc = parse(&text);
    let (_, summary) = add_summary(&mut doc, &api_down(), Order::NewestFirst);
    assert!(!doc.as_str().replace("\r\n", "").contains('\n'));
    insta::assert_snapshot!("crlf_add", summary);
    let id = doc.incidents()[0].id.clone();
    let (_, summary) = edit_summary(doc.as_str(), |d| {
        d.set_field(
            &id,
            FieldName::RootCause,
            "A bad deploy.\nThen a retry storm.",
        )
    });
    insta::assert_snapshot!("crlf_set_root_cause", summary);
}

#[test]
fn add_newest_first_goes_above_the_newest() {
    let mut doc = parse(&fixture("newest-first.md"));
    let (added, summary) = add_summary(&mut doc, &api_down(), Order::NewestFirst);
    assert_eq!(added.placement, Placement::AboveNewest);
    insta::assert_snapshot!("newest_first_add", summary);
    // An incident older than every entry goes below the oldest, keeping the log in date order.
    let old = Incident::new("Late report", Severity::Low, at("2026-01-01T00:00:00Z"));
    let added = doc.add_incident(&old, &AddOptions::default()).unwrap();
    assert_eq!(added.placement, Placement::InDateOrder);
    assert_eq!(doc.incidents().last().unwrap().id, added.id);
    // One detected between two entries goes between them.
    let mid = Incident::new("Mid report", Severity::Low, at("2026-02-01T00:00:00Z"));
    let added = doc.add_incident(&mid, &AddOptions::default()).unwrap();
    let ids: Vec<&str> = doc.incidents().iter().map(|e| e.id.as_str()).collect();
    let k = ids.iter().position(|i| *i == added.id).unwrap();
    let date = |k: usize| doc.incidents()[k].incident.as_ref().unwrap().detected;
    assert!(date(k - 1) >= date(k) && date(k) >= date(k + 1));
    // The heading still names the most recently detected incident.
    assert_eq!(
        doc.log().last_incident.as_ref().unwrap().text,
        "API server outage (HIGH, 2026-03-05T10:20:00Z)"
    );
}

#[test]
fn add_oldest_first_appends_after_the_last() {
    let mut doc = parse(&fixture("oldest-first.md"));
    let (added, summary) = add_summary(&mut doc, &api_down(), Order::OldestFirst);
    assert_eq!(added.placement, Placement::AfterLast);
    insta::assert_snapshot!("oldest_first_add", summary);
    let last = doc.incidents().last().unwrap();
    assert_eq!(last.id, added.id);
}

#[test]
fn add_below_a_marker() {
    let mut doc = parse(&fixture("marker-below.md"));
    let (added, first) = add_summary(&mut doc, &api_down(), Order::NewestFirst);
    assert_eq!(added.placement, Placement::BelowMarker);
    let (_, second) = add_summary(&mut doc, &queue(), Order::OldestFirst);
    insta::assert_snapshot!("marker_below_add", format!("{first}\n{second}"));
    let titles: Vec<&str> = doc.incidents().iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Queue consumer lag",
            "API server outage",
            "Queue backlog",
            "Stale DNS record"
        ]
    );
}

#[test]
fn add_above_a_marker() {
    let mut doc = parse(&fixture("marker-above.md"));
    let (added, first) = add_summary(&mut doc, &api_down(), Order::NewestFirst);
    assert_eq!(added.placement, Placement::AboveMarker);
    let (_, second) = add_summary(&mut doc, &queue(), Order::NewestFirst);
    insta::assert_snapshot!("marker_above_add", format!("{first}\n{second}"));
    let titles: Vec<&str> = doc.incidents().iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Stale DNS record",
            "Queue backlog",
            "API server outage",
            "Queue consumer lag"
        ]
    );
}

#[test]
fn add_to_a_file_without_template_or_incidents_appends() {
    let text = fixture("no-template.md");
    let mut doc = parse(&text);
    let (added, summary) = add_summary(&mut doc, &queue(), Order::NewestFirst);
    assert_eq!(added.placement, Placement::End);
    insta::assert_snapshot!("no_template_add", summary);
    // Without a final line ending, one is added before the entry; an empty file gets the entry.
    let mut doc = parse(text.trim_end());
    doc.add_incident(&queue(), &AddOptions::default()).unwrap();
    assert_eq!(
        doc.as_str()
            .strip_prefix(text.as_str())
            .unwrap()
            .chars()
            .next(),
        Some('\n')
    );
    let mut doc = parse("");
    doc.add_incident(&queue(), &AddOptions::default()).unwrap();
    assert!(
        doc.as_str()
            .starts_with("## Incident: Queue consumer lag\n")
    );
    assert_eq!(doc.incidents().len(), 1);
}

#[test]
fn add_follows_the_files_template() {
    let mut doc = parse(&fixture("custom-template.md"));
    let mut i = api_down();
    i.category = Some("CLUSTER_FAILURE".into());
    let (added, summary) = add_summary(&mut doc, &i, Order::NewestFirst);
    assert_eq!(added.placement, Placement::AboveNewest);
    insta::assert_snapshot!("custom_template_add", summary);
    let entry = doc.find(&added.id).unwrap();
    assert_eq!(entry.level, 3);
    let labels: Vec<&str> = entry.fields.iter().map(|f| &*f.label).collect();
    assert_eq!(
        labels,
        [
            "ID",
            "Severity",
            "Category",
            "Detected",
            "Owner",
            "Description",
            // Not in the template, but the incident has an impact: it goes in its canonical place.
            "Impact",
            "Timeline",
            "Follow-up Actions",
            "Related Logs"
        ]
    );
    // Fields the incident has but the template lacks go in their canonical place.
    let mut j = queue();
    j.acknowledged = Some(at("2026-03-06T08:05:00Z"));
    j.impact = Some("Orders were late.".into());
    let added = doc.add_incident(&j, &AddOptions::default()).unwrap();
    let entry = doc.find(&added.id).unwrap();
    let labels: Vec<&str> = entry.fields.iter().map(|f| &*f.label).collect();
    assert_eq!(
        &labels[..6],
        [
            "ID",
            "Severity",
            "Category",
            "Detected",
            "Acknowledged",
            "Owner"
        ]
    );
    assert_eq!(
        entry.incident.as_ref().unwrap().acknowledged,
        j.acknowledged
    );
}

#[test]
fn blank_line_separated_files_get_blank_lines() {
    let text = fixture("custom-template.md");
    assert!(!text.contains("---"));
    let mut doc = parse(&text);
    let added = doc.add_incident(&queue(), &AddOptions::default()).unwrap();
    // Changes apply in order: the Last Incident heading above the entry moved it afterwards.
    let shift = added.changes[1..]
        .iter()
        .filter(|c| c.before.end <= added.changes[0].after.start)
        .map(|c| c.after.len() as isize - c.before.len() as isize)
        .sum::<isize>();
    let after = &added.changes[0].after;
    let range = (after.start as isize + shift) as usize..(after.end as isize + shift) as usize;
    let inserted = &doc.as_str()[range];
    assert!(
        inserted.ends_with("_Not documented yet._\n\n"),
        "{inserted:?}"
    );
    assert!(!inserted.contains("---"));
}

#[test]
fn field_edits_on_an_entry() {
    let text = fixture("newest-first.md");
    let id = "2026-02-20-helm-release-stuck-in-pending-upgrade";
    let (_, ack) = edit_summary(&text, |d| {
        d.set_acknowledged(id, at("2026-02-20T16:41:00Z"))
    });
    insta::assert_snapshot!("set_acknowledged_inserts", ack);
    let (_, res) = edit_summary(&text, |d| d.set_resolved(id, at("2026-02-20T18:00:00Z")));
    insta::assert_snapshot!("set_resolved_inserts", res);
    let (_, impact) = edit_summary(&text, |d| {
        d.set_field(
            id,
            FieldName::Impact,
            "Payments could not be deployed.\n# Not a heading",
        )
    });
    insta::assert_snapshot!("set_impact_replaces_placeholder", impact);
    let (_, category) = edit_summary(&text, |d| {
        d.set_field(id, FieldName::Category, "DEPLOYMENT_FAILURE")
    });
    insta::assert_snapshot!("set_category_inserts", category);
    let (doc, cleared) = edit_summary(&text, |d| d.set_field(id, FieldName::Resolution, ""));
    insta::assert_snapshot!("clear_resolution_writes_placeholder", cleared);
    assert_eq!(
        doc.find(id).unwrap().incident.as_ref().unwrap().resolution,
        None
    );
    // Changing the severity of the newest incident updates the Last Incident heading.
    let (doc, sev) = edit_summary(&text, |d| {
        d.set_field("2026-03-04-etcd", FieldName::Severity, "high")
    });
    insta::assert_snapshot!("set_severity_updates_last_incident", sev);
    assert_eq!(
        doc.log().last_incident.as_ref().unwrap().text,
        "etcd quorum lost on prod-eu (HIGH, 2026-03-04T09:12:00Z)"
    );
}

#[test]
fn acknowledged_then_resolved_in_canonical_order() {
    let text = fixture("newest-first.md");
    let id = "2026-02-20-helm";
    let mut doc = parse(&text);
    // Resolved first: it still goes after Detected, and Acknowledged then goes between them.
    doc.set_resolved(id, at("2026-02-20T18:00:00Z")).unwrap();
    doc.set_acknowledged(id, at("2026-02-20T16:41:00Z"))
        .unwrap();
    let entry = doc.find(id).unwrap();
    let labels: Vec<&str> = entry.fields.iter().map(|f| &*f.label).collect();
    assert_eq!(
        &labels[..5],
        [
            "Severity",
            "Detected",
            "Acknowledged",
            "Resolved",
            "Description"
        ]
    );
}

#[test]
fn follow_ups_and_related_logs() {
    let text = fixture("newest-first.md");
    let id = "2026-02-20-helm";
    let mut doc = parse(&text);
    let first = FollowUp::new("Set helm --timeout to 10m")
        .assignee("@ops")
        .due(NaiveDate::from_ymd_opt(2026, 2, 27).unwrap());
    let c1 = doc.add_follow_up(id, &first).unwrap();
    let second = FollowUp::new("Document the rollback - with helm history").assignee("kim");
    let c2 = doc.add_follow_up(id, &second).unwrap();
    let c3 = doc
        .add_related_log(
            id,
            &RelatedLog::new("LOGS.md 2026-02-20", Some("LOGS.md#2026-02-20".into())),
        )
        .unwrap();
    let c4 = doc
        .add_related_log(id, &RelatedLog::new("[not a link](x)", None))
        .unwrap();
    let c5 = doc.set_follow_up_done(id, 2, true).unwrap();
    assert_eq!(c5.len(), 1);
    assert_eq!(c5[0].before.len(), 1);
    let i = doc.find(id).unwrap().incident.clone().unwrap();
    assert_eq!(i.follow_ups.len(), 2);
    assert_eq!(i.follow_ups[0], first);
    assert_eq!(i.follow_ups[1].action, second.action);
    assert!(i.follow_ups[1].done);
    assert_eq!(i.related_logs[1], RelatedLog::new("[not a link](x)", None));
    let summary = format!(
        "changes: {}\n{}",
        ranges(&[c1, c2, c3, c4, c5].concat()),
        unified(&text, doc.as_str())
    );
    insta::assert_snapshot!("follow_ups_and_related_logs", summary);
    // Done twice changes nothing; undone changes the one byte back.
    assert!(doc.set_follow_up_done(id, 2, true).unwrap().is_empty());
    let before = doc.as_str().to_owned();
    let undo = doc.set_follow_up_done(id, 2, false).unwrap();
    assert_eq!(undo.len(), 1);
    let differing: Vec<usize> = (0..before.len())
        .filter(|&k| before.as_bytes()[k] != doc.as_str().as_bytes()[k])
        .collect();
    assert_eq!(differing, [undo[0].before.start]);
    assert!(matches!(
        doc.set_follow_up_done(id, 3, true),
        Err(Error::NoSuchFollowUp {
            number: 3,
            count: 2,
            ..
        })
    ));
}

#[test]
fn new_items_follow_the_lists_bullet() {
    let text = fixture("custom-template.md");
    let mut doc = parse(&text);
    let id = doc.incidents()[0].id.clone();
    let changes = doc
        .add_follow_up(&id, &FollowUp::new("Load test the cache").assignee("lee"))
        .unwrap();
    assert_eq!(
        &doc.as_str()[changes[0].after.clone()],
        "\n* [ ] Load test the cache - @lee"
    );
    assert_eq!(
        doc.find(&id)
            .unwrap()
            .incident
            .as_ref()
            .unwrap()
            .follow_ups
            .len(),
        2
    );
}

#[test]
fn set_follow_ups_and_related_logs_as_lines() {
    let text = fixture("newest-first.md");
    let id = "2026-02-20-helm";
    let (doc, summary) = edit_summary(&text, |d| {
        let mut c = d.set_field(
            id,
            FieldName::FollowUpActions,
            "Pin the chart version - @ops - 2026-03-01\n- [x] # Write it down - @kim",
        )?;
        c.extend(d.set_field(
            id,
            FieldName::RelatedLogs,
            "- [LOGS](LOGS.md#x)\nsee the wiki",
        )?);
        Ok(c)
    });
    insta::assert_snapshot!("set_follow_ups_as_lines", summary);
    let i = doc.find(id).unwrap().incident.clone().unwrap();
    assert_eq!(i.follow_ups[1].action, "# Write it down");
    assert!(i.follow_ups[1].done);
    assert_eq!(
        i.related_logs,
        [
            RelatedLog::new("LOGS", Some("LOGS.md#x".into())),
            RelatedLog::new("see the wiki", None)
        ]
    );
}

#[test]
fn bold_label_entries() {
    let text = fixture("bold.md");
    let id = "2026-03-01-disk-full-on-build-runner";
    let (doc, summary) = edit_summary(&text, |d| {
        let mut c = d.set_acknowledged(id, at("2026-03-01T08:10:00Z"))?;
        c.extend(d.set_resolved(id, at("2026-03-01T09:30:00Z"))?);
        c.extend(d.set_field(id, FieldName::Description, "Docker layers filled the disk.")?);
        c.extend(d.add_follow_up(id, &FollowUp::new("Alert on disk usage").assignee("ops"))?);
        Ok(c)
    });
    insta::assert_snapshot!("bold_edits", summary);
    let i = doc.find(id).unwrap().incident.clone().unwrap();
    assert_eq!(i.acknowledged, Some(at("2026-03-01T08:10:00Z")));
    assert_eq!(i.resolved, Some(at("2026-03-01T09:30:00Z")));
    assert_eq!(
        i.description.as_deref(),
        Some("Docker layers filled the disk.")
    );
    assert_eq!(i.follow_ups.len(), 2);
}

#[test]
fn setting_the_same_value_twice_changes_nothing() {
    let text = fixture("newest-first.md");
    let mut doc = parse(&text);
    let id = "2026-03-04-etcd-quorum-lost-on-prod-eu";
    // Values already in the file, in canonical form or not.
    assert!(
        doc.set_field(id, FieldName::Severity, "critical")
            .unwrap()
            .is_empty()
    );
    assert!(
        doc.set_acknowledged(id, at("2026-03-04T09:15:00Z"))
            .unwrap()
            .is_empty()
    );
    assert!(
        doc.set_field(id, FieldName::Detected, "2026-03-04 09:12")
            .unwrap()
            .is_empty()
    );
    assert!(
        doc.set_field(
            id,
            FieldName::Impact,
            "All deployments to prod-eu failed for 2.5 hours.\n"
        )
        .unwrap()
        .is_empty()
    );
    assert_eq!(doc.as_str(), text);
    // A new value changes once, then not again.
    let mut values = vec![];
    for _ in 0..2 {
        values.push(
            doc.set_field(id, FieldName::LessonsLearned, "Read the changelog.")
                .unwrap(),
        );
    }
    assert_eq!(values[0].len(), 1);
    assert!(values[1].is_empty());
    assert!(doc.update_last_incident().is_none());
}

#[test]
fn last_incident_is_kept_true() {
    // A stale heading is corrected by the next edit, and only its text changes.
    let text = fixture("newest-first.md").replace(
        "## Last Incident: etcd quorum lost on prod-eu (CRITICAL, 2026-03-04T09:12:00Z)",
        "## Last Incident: something old",
    );
    let mut doc = parse(&text);
    let change = doc.update_last_incident().unwrap();
    assert_eq!(&text[change.before.clone()], "something old");
    assert_eq!(
        &doc.as_str()[change.after.clone()],
        "etcd quorum lost on prod-eu (CRITICAL, 2026-03-04T09:12:00Z)"
    );
    check_changes(&text, doc.as_str(), &[change]);
    // Moving the detection time of another incident past the newest makes it the newest (its
    // acknowledgement first: detection after it is refused).
    let later = "2026-03-10T00:00:00Z";
    let refused = doc.set_field("2026-01-15-docs", FieldName::Detected, later);
    assert!(
        matches!(refused, Err(Error::TimestampOrder { .. })),
        "{refused:?}"
    );
    doc.set_acknowledged("2026-01-15-docs", at("2026-03-10T00:05:00Z"))
        .unwrap();
    doc.set_field("2026-01-15-docs", FieldName::Detected, later)
        .unwrap();
    assert_eq!(
        doc.log().last_incident.as_ref().unwrap().text,
        "Docs site certificate expired (LOW, 2026-03-10T00:00:00Z)"
    );
    // A title with markdown is escaped in the heading and reads back.
    let mut doc = parse(SEED);
    let i = Incident::new(
        "# C# build broke #",
        Severity::Low,
        at("2026-03-01T00:00:00Z"),
    );
    doc.add_incident(&i, &AddOptions::default()).unwrap();
    let last = doc.log().last_incident.clone().unwrap();
    assert_eq!(
        last.text,
        "\\# C# build broke \\# (LOW, 2026-03-01T00:00:00Z)"
    );
    assert_eq!(unescape(&last.text), expected_last_incident(&doc));
    // Without incidents, the heading says so.
    let mut doc = parse(&SEED.replace("None Recorded", "Something"));
    let change = doc.update_last_incident().unwrap();
    assert_eq!(&doc.as_str()[change.after], "None Recorded");
}

#[test]
fn ids_are_written_and_never_move_to_another_incident() {
    let mut doc = parse(SEED);
    let same = |t: &str| Incident::new("Node not ready", Severity::Medium, at(t));
    // Added out of order: each keeps the ID it was given; a repeat takes the next free suffix.
    let b = doc
        .add_incident(&same("2026-03-01T12:00:00Z"), &AddOptions::default())
        .unwrap();
    let c = doc
        .add_incident(&same("2026-03-01T18:00:00Z"), &AddOptions::default())
        .unwrap();
    let a = doc
        .add_incident(&same("2026-03-01T06:00:00Z"), &AddOptions::default())
        .unwrap();
    assert_eq!(b.id, "2026-03-01-node-not-ready");
    assert_eq!(c.id, "2026-03-01-node-not-ready-2");
    // An older incident logged later does not take the plain ID from the one that has it.
    assert_eq!(a.id, "2026-03-01-node-not-ready-3");
    let by_time: Vec<(String, String)> = doc
        .incidents()
        .iter()
        .map(|e| {
            assert!(e.id_written);
            let i = e.incident.as_ref().unwrap();
            (format_timestamp(i.detected), e.id.clone())
        })
        .collect();
    let expect = |t: &str, id: &str| (t.to_owned(), id.to_owned());
    assert!(by_time.contains(&expect("2026-03-01T12:00:00Z", "2026-03-01-node-not-ready")));
    assert!(by_time.contains(&expect(
        "2026-03-01T18:00:00Z",
        "2026-03-01-node-not-ready-2"
    )));
    assert!(by_time.contains(&expect(
        "2026-03-01T06:00:00Z",
        "2026-03-01-node-not-ready-3"
    )));
    // IDs do not change when other incidents are added, before or after them.
    let ids = |doc: &Document| {
        let mut v: Vec<String> = doc.incidents().iter().map(|e| e.id.clone()).collect();
        v.sort();
        v
    };
    let before = ids(&doc);
    doc.add_incident(&queue(), &AddOptions::default()).unwrap();
    doc.add_incident(
        &Incident::new("Old thing", Severity::Low, at("2025-01-01T00:00:00Z")),
        &AddOptions::with_order(Order::OldestFirst),
    )
    .unwrap();
    let after = ids(&doc);
    assert!(before.iter().all(|id| after.contains(id)));
    // Nor when an entry is moved (here: the file reversed, entry by entry).
    let mut entries: Vec<String> = doc
        .incidents()
        .iter()
        .map(|e| doc.as_str()[e.span.clone()].to_owned())
        .collect();
    entries.reverse();
    let moved = parse(&format!("# Log\n\n{}\n", entries.join("\n\n---\n\n")));
    assert_eq!(ids(&moved), after);
    // The ID is also the entry's GitHub anchor, when titles are unique.
    let e = doc.find("2026-03-06-queue").unwrap();
    assert_eq!(e.anchor, "incident-queue-consumer-lag");
}

#[test]
fn refusals_change_nothing() {
    let mut doc = parse(SEED);
    let t = at("2026-03-01T00:00:00Z");
    let cases: Vec<(Incident, &str)> = vec![
        (Incident::new("two\nlines", Severity::Low, t), "Title"),
        (Incident::new("  ", Severity::Low, t), "Title"),
        (
            {
                let mut i = Incident::new("x", Severity::Low, t);
                i.category = Some("`CODE`".into());
                i
            },
            "Category",
        ),
        (
            {
                let mut i = Incident::new("x", Severity::Low, t);
                i.follow_ups
                    .push(FollowUp::new("fix").assignee("two words"));
                i
            },
            "Follow-up owner",
        ),
        (
            {
                let mut i = Incident::new("x", Severity::Low, t);
                let mut f = FollowUp::new("fix");
                f.due = Some(Due::Text("next week".into()));
                i.follow_ups.push(f);
                i
            },
            "Follow-up due date",
        ),
        (
            {
                let mut i = Incident::new("x", Severity::Low, t);
                i.follow_ups.push(
                    FollowUp::new("page – @oncall")
                        .due(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
                );
                i
            },
            "Follow-up action",
        ),
        (
            {
                let mut i = Incident::new("x", Severity::Low, t);
                i.related_logs
                    .push(RelatedLog::new("a", Some("b\nc".into())));
                i
            },
            "Related log link",
        ),
    ];
    for (incident, field) in cases {
        let err = doc
            .add_incident(&incident, &AddOptions::default())
            .unwrap_err();
        let got = match &err {
            Error::MultilineValue { field, .. }
            | Error::EmptyValue { field }
            | Error::InvalidValue { field, .. } => *field,
            other => panic!("{other:?}"),
        };
        assert_eq!(got, field, "{err}");
        assert_eq!(doc.as_str(), SEED);
    }
    let mut doc = parse(&fixture("newest-first.md"));
    let text = doc.as_str().to_owned();
    let id = "2026-03-04-etcd";
    assert!(doc.set_field(id, FieldName::Severity, "SEV1").is_err());
    assert!(doc.set_field(id, FieldName::Detected, "yesterday").is_err());
    assert!(doc.set_field(id, FieldName::Category, "A\nB").is_err());
    assert!(matches!(
        doc.set_field("nope", FieldName::Impact, "x"),
        Err(Error::NoSuchIncident { .. })
    ));
    assert!(matches!(
        doc.set_field("2026", FieldName::Impact, "x"),
        Err(Error::AmbiguousId { .. })
    ));
    assert_eq!(doc.as_str(), text);
}

#[test]
fn escaped_text_reads_back() {
    let mut doc = parse(SEED);
    let mut i = Incident::new("[a]: /b ###", Severity::Low, at("2026-03-01T00:00:00Z"));
    i.category = Some("<category>".into());
    i.description =
        Some("[ref]: /url\n### Impact:\n<!-- x -->\n    code\n- item\n1) one\n---".into());
    i.impact = Some("<what happened>".into());
    i.root_cause = Some("a | b\n:-|-:\n> quote\n\\# kept".into());
    i.follow_ups = vec![
        FollowUp::new("<action>").assignee("<assignee>"),
        FollowUp::new("a - b -").assignee("x"),
        FollowUp::new("- [x] nested"),
    ];
    i.related_logs = vec![
        RelatedLog::new("a](b) [c]", Some("has space (and parens)".into())),
        RelatedLog::new("<links to LOGS.md entries>", None),
    ];
    let added = doc.add_incident(&i, &AddOptions::default()).unwrap();
    let entry = doc.find(&added.id).unwrap();
    // The target with spaces and parentheses is written percent-encoded, and reads back so.
    i.related_logs[0] =
        RelatedLog::new("a](b) [c]", Some("has%20space%20%28and%20parens%29".into()));
    assert_eq!(
        entry.incident.as_ref(),
        Some(&i),
        "{}",
        &doc.as_str()[entry.span.clone()]
    );
    insta::assert_snapshot!("escaped_entry", &doc.as_str()[entry.span.clone()]);
}

#[test]
fn entries_are_separated_like_the_file_separates_them() {
    // The rule between two incidents wins over the one between sections.
    let text =
        fixture("newest-first.md").replace("\n---\n\n## Incident:", "\n* * *\n\n## Incident:");
    let mut doc = parse(&text);
    let (_, summary) = add_summary(&mut doc, &queue(), Order::NewestFirst);
    assert!(
        summary.contains("+_Not documented yet._\n+\n+* * *\n+\n"),
        "{summary}"
    );
    assert!(!summary.contains("+---"), "{summary}");
}

#[test]
fn related_logs_written_as_lines_get_a_line() {
    let text = fixture("newest-first.md").replace(
        "### Related Logs:\n<links to LOGS.md entries>\n\n---\n\n## Incident: Docs",
        "### Related Logs:\nLOGS.md#2026-02-20\n\n---\n\n## Incident: Docs",
    );
    let id = "2026-02-20-helm";
    let (doc, summary) = edit_summary(&text, |d| {
        d.add_related_log(
            id,
            &RelatedLog::new("Helm docs", Some("https://helm.sh".into())),
        )
    });
    insta::assert_snapshot!("related_logs_as_lines", summary);
    let i = doc.find(id).unwrap().incident.clone().unwrap();
    assert_eq!(
        i.related_logs,
        [
            RelatedLog::new("LOGS.md#2026-02-20", None),
            RelatedLog::new("Helm docs", Some("https://helm.sh".into()))
        ]
    );
}

#[test]
fn a_value_written_below_its_label_is_replaced_there() {
    let text = fixture("newest-first.md").replace(
        "### Detected: 2026-02-20T16:30:00Z",
        "### Detected:\n2026-02-20 16:30",
    );
    let id = "2026-02-20-helm";
    let (doc, summary) = edit_summary(&text, |d| {
        d.set_field(id, FieldName::Detected, "2026-02-20T16:35:00Z")
    });
    insta::assert_snapshot!("value_below_label", summary);
    let i = doc
        .find("2026-02-20-helm")
        .unwrap()
        .incident
        .clone()
        .unwrap();
    assert_eq!(i.detected, at("2026-02-20T16:35:00Z"));
}

/// Issue 16: a new entry says "not documented yet" where it has no value, visibly, and reads
/// exactly as the template's `<placeholder>` would: the fields are unfilled, `check` reports
/// the same findings, and adding a follow-up or setting a field replaces the words.
#[test]
fn unfilled_fields_are_visible_and_still_unfilled() {
    let mut doc = parse(SEED);
    let minimal = Incident::new(
        "Queue consumer lag",
        Severity::High,
        at("2026-03-06T08:00:00Z"),
    );
    let id = doc
        .add_incident(&minimal, &AddOptions::default())
        .unwrap()
        .id;
    let text = doc.to_string();
    let entry = doc.find(&id).unwrap();
    let written = &text[entry.span.clone()];
    assert!(!written.contains('<'), "{written}");
    for name in [
        FieldName::Description,
        FieldName::Impact,
        FieldName::RootCause,
        FieldName::Resolution,
        FieldName::FollowUpActions,
        FieldName::LessonsLearned,
        FieldName::RelatedLogs,
    ] {
        let field = entry.field(name).unwrap();
        assert_eq!(field.text.trim(), incident_core::UNFILLED);
        assert_eq!(field.value(), None, "{name:?}");
    }
    assert_eq!(entry.incident.as_ref(), Some(&minimal));

    // The same entry written with the template's placeholders is checked the same way.
    let placeholders = text.replacen(
        written,
        &incident_md::render::render_entry(&minimal, &incident_md::view::Template::default(), "\n")
            .unwrap()
            .replace(incident_core::UNFILLED, "<not filled>"),
        1,
    );
    let ctx = incident_md::CheckContext::new(at("2026-03-08T08:00:00Z"));
    let codes = |text: &str| -> Vec<String> {
        incident_md::check_document(&parse(text), &ctx)
            .iter()
            .map(|f| format!("{} {}", f.code, f.message))
            .collect()
    };
    let found = codes(&text);
    assert!(found.iter().any(|c| c.starts_with("PIR001")), "{found:?}");
    assert!(found.iter().any(|c| c.starts_with("PIR006")), "{found:?}");
    assert!(!found.iter().any(|c| c.starts_with("MD")), "{found:?}");
    assert_eq!(found, codes(&placeholders));

    // Filling fields replaces the words.
    doc.add_follow_up(&id, &follow_up_item("Review - @dana - 2026-03-12"))
        .unwrap();
    doc.set_field(&id, FieldName::Impact, "Orders delayed.")
        .unwrap();
    let entry = doc.find(&id).unwrap();
    assert_eq!(
        entry.field(FieldName::FollowUpActions).unwrap().text.trim(),
        "- [ ] Review - @dana - 2026-03-12"
    );
    assert_eq!(
        entry.field(FieldName::Impact).unwrap().value(),
        Some("Orders delayed.")
    );
}

fn follow_up_item(text: &str) -> FollowUp {
    text.parse().unwrap_or_else(|never| match never {})
}

// ---------------------------------------------------------------------------------------------
// Edits in one splice

/// Two entries with derived IDs under a `## Last Incident:` heading that names the first.
const TWO_DERIVED: &str = "# Log\n\n## Last Incident: API down (HIGH, 2026-03-02T10:00:00Z)\n\n\
    ## Incident: API down\n\n### Severity: HIGH\n\n### Detected: 2026-03-02T10:00:00Z\n\n---\n\n\
    ## Incident: Queue stuck\n\n### Severity: LOW\n\n### Detected: 2026-03-01T09:00:00Z\n";

#[test]
fn a_new_detection_time_and_its_pinned_id_are_one_splice_as_if_made_one_after_the_other() {
    // Later (the heading's time changes), making the other entry the newest, and earlier
    // (the other becomes the newest again).
    for (k, time) in [
        (0, "2026-03-03T10:00:00Z"),
        (1, "2026-03-04T08:00:00Z"),
        (0, "2026-02-28T10:00:00Z"),
    ] {
        let mut batched = parse(TWO_DERIVED);
        let id = batched.incidents()[k].id.clone();
        let changes = batched.set_field(&id, FieldName::Detected, time).unwrap();
        let mut stepwise = parse(TWO_DERIVED);
        let mut expected = stepwise.pin_id(&id).unwrap();
        expected.extend(stepwise.set_field(&id, FieldName::Detected, time).unwrap());
        assert_eq!(batched.as_str(), stepwise.as_str(), "{time}");
        assert_eq!(changes, expected, "{time}");
        check_changes(TWO_DERIVED, batched.as_str(), &changes);
        check_last_incident(&batched);
        let entry = batched.get(&id).expect("the ID still names the entry");
        assert!(entry.id_written);
        assert_eq!(
            format_timestamp(entry.incident.as_ref().unwrap().detected),
            time
        );
    }
}

#[test]
fn a_field_edit_and_the_last_incident_heading_are_one_splice() {
    let mut doc = parse(TWO_DERIVED);
    let id = doc.incidents()[0].id.clone();
    let changes = doc.set_field(&id, FieldName::Severity, "critical").unwrap();
    assert_eq!(changes.len(), 2, "{changes:?}");
    check_changes(TWO_DERIVED, doc.as_str(), &changes);
    check_last_incident(&doc);
    assert!(
        doc.as_str()
            .contains("## Last Incident: API down (CRITICAL, 2026-03-02T10:00:00Z)")
    );

    // A title: its ID is pinned first, then the heading and Last Incident change together.
    let old = doc.as_str().to_owned();
    let changes = doc.set_title(&id, "API *down*").unwrap();
    assert_eq!(changes.len(), 3, "{changes:?}");
    check_changes(&old, doc.as_str(), &changes);
    check_last_incident(&doc);
    assert_eq!(
        doc.get(&id).unwrap().incident.as_ref().unwrap().title,
        "API *down*"
    );
}

#[test]
fn a_refused_detection_time_leaves_neither_the_time_nor_the_pinned_id() {
    // A time after the acknowledgement is refused before anything is written, pin included.
    let text = TWO_DERIVED.replace(
        "### Detected: 2026-03-02T10:00:00Z\n",
        "### Detected: 2026-03-02T10:00:00Z\n\n### Acknowledged: 2026-03-02T10:05:00Z\n",
    );
    let mut doc = parse(&text);
    let id = doc.incidents()[0].id.clone();
    let result = doc.set_field(&id, FieldName::Detected, "2026-03-02T11:00:00Z");
    assert!(
        matches!(result, Err(Error::TimestampOrder { .. })),
        "{result:?}"
    );
    assert_eq!(doc.as_str(), text);
    assert!(!doc.get(&id).unwrap().id_written);
}

/// An entry whose title runs over two lines (a setext heading's) is named on one line in the
/// `## Last Incident:` heading: a line break there ended the heading and put the rest of the
/// title into the text below, where each later edit added it again (found by `robust.rs`).
#[test]
fn a_title_of_two_lines_is_named_on_one_line_in_last_incident() {
    let text = "# Log\n\n## Last Incident: None Recorded\n\nDisk full\non db-2\n---\n\n\
                ### Severity: HIGH\n\n### Detected: 2026-01-01T00:00:00Z\n";
    let mut doc: Document = text.parse().unwrap();
    let id = doc.incidents()[0].id.clone();
    assert_eq!(doc.incidents()[0].title, "Disk full\non db-2");
    doc.set_field(&id, FieldName::Impact, "Nobody paged")
        .unwrap();
    assert!(
        doc.as_str().starts_with(
            "# Log\n\n## Last Incident: Disk full on db-2 (HIGH, 2026-01-01T00:00:00Z)\n\nDisk full\non db-2\n---\n"
        ),
        "{}",
        doc.as_str()
    );
    // Named already: a second edit leaves the heading as it is.
    let before = doc.as_str().to_owned();
    doc.set_field(&id, FieldName::Impact, "Nobody paged")
        .unwrap();
    assert_eq!(doc.as_str(), before);
}

/// `action edit` and `action remove` change only the item they name: the list's other items
/// stay as they are written, even where the model reads them in its own words. A name without
/// `@` in the seed form's owner slot (`- ana -`) is the owner.
#[test]
fn a_follow_up_edit_changes_only_its_item() {
    let text = "## Incident: CRD too large\n\n### Severity: MEDIUM\n\n\
                ### Detected: 2026-11-21T11:30:00Z\n\n### Follow-up Actions:\n\
                - [X] Switch to server-side apply - ana - 2026-12-01\n\
                - [ ] Document the CRD size limit - dmitri - 2026-12-12\n\
                - [ ] Pin the \\- chart - @kim - 2026-12-20\n";
    let mut doc: Document = text.parse().unwrap();
    let id = doc.incidents()[0].id.clone();
    let owners: Vec<Option<String>> = doc.incidents()[0]
        .incident
        .as_ref()
        .unwrap()
        .follow_ups
        .iter()
        .map(|f| f.assignee.clone())
        .collect();
    assert_eq!(
        owners,
        [
            Some("ana".into()),
            Some("dmitri".into()),
            Some("kim".into())
        ]
    );
    let changes = doc
        .edit_follow_up(&id, 2, |f| f.assignee = Some("lee".into()))
        .unwrap();
    check_changes(text, doc.as_str(), &changes);
    assert_eq!(
        doc.as_str(),
        // In the form of the item, its owner without `@`.
        text.replace("limit - dmitri - 2026", "limit - lee - 2026")
    );
    let edited = doc.as_str().to_owned();
    let changes = doc.remove_follow_up(&id, 1).unwrap();
    check_changes(&edited, doc.as_str(), &changes);
    assert_eq!(
        doc.as_str(),
        edited.replace("- [X] Switch to server-side apply - ana - 2026-12-01\n", "")
    );
    let left = doc.as_str().to_owned();
    doc.remove_follow_up(&id, 2).unwrap();
    assert_eq!(
        doc.as_str(),
        left.replace("\n- [ ] Pin the \\- chart - @kim - 2026-12-20", "")
    );
}

/// The order a log keeps is learned from it (here its dates: oldest first), as `explain`
/// shows it: a new entry goes after the last one whatever the caller's default (a trial's
/// `new` put it above the newest entry of such a log).
#[test]
fn a_new_entry_follows_the_order_the_log_keeps() {
    let entry = |title: &str, day: &str| {
        format!("## Incident: {title}\n\n### Severity: LOW\n\n### Detected: {day}T09:00:00Z\n")
    };
    let text = format!(
        "# Log\n\n{}\n---\n\n{}\n---\n\n{}",
        entry("First", "2026-11-03"),
        entry("Second", "2026-11-21"),
        entry("Third", "2026-11-30")
    );
    let mut doc: Document = text.parse().unwrap();
    let options = AddOptions::learned(&doc, Order::NewestFirst);
    assert_eq!(options.order, Order::OldestFirst);
    let incident = Incident::new("Fourth", Severity::Low, at("2026-12-01T08:30:00Z"));
    doc.add_incident(&incident, &options).unwrap();
    let titles: Vec<&str> = doc.incidents().iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["First", "Second", "Third", "Fourth"]);
    assert!(doc.as_str().starts_with(&text));
    // Nothing to learn from (one entry): the caller's order.
    let one: Document = format!("# Log\n\n{}", entry("Only", "2026-11-03"))
        .parse()
        .unwrap();
    assert_eq!(
        AddOptions::learned(&one, Order::NewestFirst).order,
        Order::NewestFirst
    );
}

/// A time written into a seed-format entry that has no such field yet takes the form of the
/// entry's Detected time (`2026-11-28 03:12`, no zone: the configured one), as a field that
/// exists keeps its own.
#[test]
fn a_new_time_field_takes_the_form_of_the_detected_time() {
    let text = "## Incident: Ingress OOM\n\n### Severity: LOW\n\n### Detected: 2026-11-28 03:12\n";
    let mut doc: Document = text.parse().unwrap();
    let id = doc.incidents()[0].id.clone();
    doc.set_field(&id, FieldName::Resolved, "2026-11-28T03:34:00Z")
        .unwrap();
    assert!(
        doc.as_str().contains("### Resolved: 2026-11-28 03:34\n"),
        "{}",
        doc.as_str()
    );
    assert_eq!(
        doc.incidents()[0].incident.as_ref().unwrap().resolved,
        Some(at("2026-11-28T03:34:00Z"))
    );
    // A new entry writes its times in the form of the newest entry's Detected.
    let mut incident = Incident::new("Disk full", Severity::Low, at("2026-11-30T22:10:00Z"));
    incident.acknowledged = Some(at("2026-11-30T22:15:00Z"));
    // A time in the text is the text's: it stays as given.
    incident.description = Some("Paged at: 2026-11-30T22:10:00Z".into());
    doc.add_incident(&incident, &AddOptions::default()).unwrap();
    assert!(
        doc.as_str().contains("Paged at: 2026-11-30T22:10:00Z\n"),
        "{}",
        doc.as_str()
    );
    assert!(
        doc.as_str().contains("### Detected: 2026-11-30 22:10\n"),
        "{}",
        doc.as_str()
    );
    assert!(
        doc.as_str()
            .contains("### Acknowledged: 2026-11-30 22:15\n")
    );
    // The log's own RFC 3339 form stays RFC 3339.
    let text =
        "## Incident: Ingress OOM\n\n### Severity: LOW\n\n### Detected: 2026-11-28T03:12:00Z\n";
    let mut doc: Document = text.parse().unwrap();
    doc.set_field(&id, FieldName::Resolved, "2026-11-28T03:34:00Z")
        .unwrap();
    assert!(
        doc.as_str()
            .contains("### Resolved: 2026-11-28T03:34:00Z\n")
    );
}

/// A log that starts with a byte order mark and its newest entry: the new entry goes after the
/// mark, which stays the file's first bytes, and both entries read.
#[test]
fn a_new_entry_above_the_first_goes_after_the_byte_order_mark() {
    let src = "\u{feff}## Incident: Disk full\n\n### Severity: LOW\n\n### Detected: 2026-03-01T10:00:00Z\n";
    let mut doc: Document = src.parse().unwrap();
    let detected = "2026-03-10T10:00:00Z".parse().unwrap();
    let added = doc
        .add_incident(
            &Incident::new("Queue stuck", Severity::Low, detected),
            &AddOptions::with_order(Order::NewestFirst),
        )
        .unwrap();
    assert_eq!(added.id, "2026-03-10-queue-stuck");
    let text = doc.to_string();
    assert!(
        text.starts_with("\u{feff}## Incident: Queue stuck\n"),
        "{text}"
    );
    assert!(text.ends_with(&src[3..]), "{text}");
    let ids: Vec<_> = doc.incidents().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["2026-03-10-queue-stuck", "2026-03-01-disk-full"]);
}
