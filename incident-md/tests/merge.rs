//! The merge rules of `incident_md::merge`, on logs edited through the library.

use incident_core::{FollowUp, Incident, Severity};
use incident_md::merge::{ConflictPart, ConflictStyle, MergeOptions, merge};
use incident_md::{AddOptions, Code, Document, FieldName};

const SEED: &str = include_str!("data/seed.md");

fn doc(s: &str) -> Document {
    s.parse().unwrap()
}

fn add(d: &mut Document, title: &str, at: &str) -> String {
    let inc = Incident::new(title, Severity::High, at.parse().unwrap());
    d.add_incident(&inc, &AddOptions::default()).unwrap().id
}

fn base_with_one() -> (Document, String) {
    let mut d = doc(SEED);
    let id = add(&mut d, "API outage", "2026-03-02T10:00:00Z");
    (d, id)
}

fn run(b: &Document, o: &Document, t: &Document) -> incident_md::merge::MergeOutcome {
    merge(b, o, t, &MergeOptions::default())
}

#[test]
fn entries_added_on_both_sides_are_all_kept_newest_first() {
    let (base, _) = base_with_one();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    add(&mut ours, "DNS failure", "2026-03-05T08:00:00Z");
    add(&mut theirs, "Disk full", "2026-03-04T08:00:00Z");
    let out = run(&base, &ours, &theirs);
    assert!(out.is_clean(), "{}", out.text);
    let merged = doc(&out.text);
    let ids: Vec<&str> = merged.incidents().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "2026-03-05-dns-failure",
            "2026-03-04-disk-full",
            "2026-03-02-api-outage"
        ]
    );
    assert_eq!(
        merged.log().last_incident.as_ref().unwrap().text,
        "DNS failure (HIGH, 2026-03-05T08:00:00Z)"
    );
    assert!(!out.text.contains("<<<<<<<"));
    assert!(
        merged
            .log()
            .diagnostics
            .iter()
            .all(|d| d.code.level() != incident_md::Level::Error),
        "{:?}",
        merged.log().diagnostics
    );
    insta::assert_snapshot!("both_sides_add", out.text);
}

#[test]
fn adding_to_an_empty_log_on_both_sides_is_clean() {
    let base = doc(SEED);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    add(&mut ours, "DNS failure", "2026-03-05T08:00:00Z");
    add(&mut theirs, "Disk full", "2026-03-06T08:00:00Z");
    let out = run(&base, &ours, &theirs);
    assert!(out.is_clean(), "{}", out.text);
    let merged = doc(&out.text);
    assert_eq!(merged.incidents().len(), 2);
    assert_eq!(merged.incidents()[0].id, "2026-03-06-disk-full");
    assert!(
        merged
            .log()
            .last_incident
            .as_ref()
            .unwrap()
            .text
            .starts_with("Disk full")
    );
}

#[test]
fn one_sided_changes_of_different_fields_are_both_taken() {
    let (base, id) = base_with_one();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.set_field(&id, FieldName::Impact, "checkout down")
        .unwrap();
    theirs
        .set_field(&id, FieldName::RootCause, "bad config")
        .unwrap();
    let out = run(&base, &ours, &theirs);
    assert!(out.is_clean(), "{}", out.text);
    let inc = doc(&out.text).get(&id).unwrap().incident.clone().unwrap();
    assert_eq!(inc.impact.as_deref(), Some("checkout down"));
    assert_eq!(inc.root_cause.as_deref(), Some("bad config"));
}

#[test]
fn the_same_field_changed_differently_is_a_conflict_around_that_field_only() {
    let (base, id) = base_with_one();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.set_field(&id, FieldName::Impact, "checkout down")
        .unwrap();
    theirs
        .set_field(&id, FieldName::Impact, "login down")
        .unwrap();
    theirs
        .set_field(&id, FieldName::RootCause, "bad config")
        .unwrap();
    let out = run(&base, &ours, &theirs);
    assert_eq!(out.conflicts.len(), 1);
    assert_eq!(out.conflicts[0].id.as_deref(), Some(id.as_str()));
    assert_eq!(out.conflicts[0].part, ConflictPart::Field("Impact".into()));
    assert!(out.text.starts_with(&format!(
        "<!-- incident merge: 1 conflict: {id} (Impact) -->\n"
    )));
    assert!(out.text.contains("<<<<<<< ours\n### Impact:\ncheckout down\n=======\n### Impact:\nlogin down\n>>>>>>> theirs\n\n### Root Cause:\nbad config"), "{}", out.text);
    let merged = doc(&out.text);
    let codes: Vec<Code> = merged.log().diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&Code::ConflictMarkers) && codes.contains(&Code::MergeSummary));
    insta::assert_snapshot!("field_conflict", out.text);
}

#[test]
fn diff3_and_zdiff3_show_the_base_and_marker_size_is_respected() {
    let (base, id) = base_with_one();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.set_field(&id, FieldName::Impact, "checkout down")
        .unwrap();
    theirs
        .set_field(&id, FieldName::Impact, "login down")
        .unwrap();
    let out = merge(
        &base,
        &ours,
        &theirs,
        &MergeOptions::new(9, ConflictStyle::Diff3),
    );
    assert!(out.text.contains("<<<<<<<<< ours\n### Impact:\ncheckout down\n||||||||| base\n### Impact:\n_Not documented yet._\n=========\n### Impact:\nlogin down\n>>>>>>>>> theirs"), "{}", out.text);
    // zdiff3 moves the lines both sides share out of the markers; the base stays whole, as in git.
    let out = merge(
        &base,
        &ours,
        &theirs,
        &MergeOptions::new(7, ConflictStyle::ZDiff3),
    );
    assert!(out.text.contains("### Impact:\n<<<<<<< ours\ncheckout down\n||||||| base\n### Impact:\n_Not documented yet._\n=======\nlogin down\n>>>>>>> theirs"), "{}", out.text);
}

#[test]
fn a_checked_item_and_a_new_item_merge_cleanly() {
    let mut base = doc(SEED);
    let id = add(&mut base, "API outage", "2026-03-02T10:00:00Z");
    let fu = |a: &str| {
        FollowUp::new(a)
            .assignee("ops")
            .due("2026-04-01".parse().unwrap())
    };
    base.add_follow_up(&id, &fu("add alert")).unwrap();
    base.add_follow_up(&id, &fu("write runbook")).unwrap();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.set_follow_up_done(&id, 1, true).unwrap();
    theirs.add_follow_up(&id, &fu("rotate keys")).unwrap();
    let out = run(&base, &ours, &theirs);
    assert!(out.is_clean(), "{}", out.text);
    let inc = doc(&out.text).get(&id).unwrap().incident.clone().unwrap();
    let items: Vec<(String, bool)> = inc
        .follow_ups
        .iter()
        .map(|f| (f.action.clone(), f.done))
        .collect();
    assert_eq!(
        items,
        [
            ("add alert".into(), true),
            ("write runbook".into(), false),
            ("rotate keys".into(), false)
        ]
    );
    // Both checking the same item is clean too.
    let mut theirs = base.clone();
    theirs.set_follow_up_done(&id, 1, true).unwrap();
    theirs.add_follow_up(&id, &fu("rotate keys")).unwrap();
    let out = run(&base, &ours, &theirs);
    assert!(out.is_clean(), "{}", out.text);
    assert_eq!(
        doc(&out.text)
            .get(&id)
            .unwrap()
            .incident
            .as_ref()
            .unwrap()
            .follow_ups
            .len(),
        3
    );
}

#[test]
fn incidents_created_with_one_id_are_both_kept_and_theirs_renamed() {
    let base = doc(SEED);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    add(&mut ours, "API outage", "2026-03-02T10:00:00Z");
    let id = add(&mut theirs, "API outage", "2026-03-02T11:00:00Z");
    theirs
        .set_field(&id, FieldName::Impact, "another one")
        .unwrap();
    let out = run(&base, &ours, &theirs);
    assert!(out.is_clean(), "{}", out.text);
    assert_eq!(out.renamed_ids, [(id.clone(), format!("{id}-2"))]);
    let merged = doc(&out.text);
    assert_eq!(merged.incidents().len(), 2);
    let renamed = merged.get(&format!("{id}-2")).unwrap();
    assert!(renamed.id_written);
    assert_eq!(
        renamed.incident.as_ref().unwrap().impact.as_deref(),
        Some("another one")
    );
    assert!(
        !merged
            .log()
            .diagnostics
            .iter()
            .any(|d| d.code == Code::DuplicateId)
    );
}

#[test]
fn text_outside_incidents_merges_line_by_line() {
    let (base, _) = base_with_one();
    let ours = doc(&base
        .as_str()
        .replace("| `LOW` | Cosmetic", "| `LOW` | Typos"));
    let theirs = doc(&base
        .as_str()
        .replace("7. **Any deletion", "7. **Any removal"));
    let out = run(&base, &ours, &theirs);
    assert!(out.is_clean(), "{}", out.text);
    assert!(out.text.contains("| `LOW` | Typos") && out.text.contains("7. **Any removal"));
    let theirs = doc(&base
        .as_str()
        .replace("| `LOW` | Cosmetic", "| `LOW` | Trivia"));
    let out = run(&base, &ours, &theirs);
    assert_eq!(out.conflicts.len(), 1);
    assert!(matches!(out.conflicts[0].part, ConflictPart::Text { .. }));
    let line = match out.conflicts[0].part {
        ConflictPart::Text { line } => line,
        _ => 0,
    };
    assert_eq!(out.text.lines().nth(line - 1), Some("<<<<<<< ours"));
}

#[test]
fn crlf_files_stay_crlf() {
    let crlf = SEED.replace('\n', "\r\n");
    let mut base = doc(&crlf);
    let id = add(&mut base, "API outage", "2026-03-02T10:00:00Z");
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    add(&mut ours, "DNS failure", "2026-03-05T08:00:00Z");
    theirs.set_field(&id, FieldName::Impact, "a\nb").unwrap();
    let out = run(&base, &ours, &theirs);
    assert!(out.is_clean());
    assert!(!out.text.replace("\r\n", "").contains('\n'));
    assert_eq!(doc(&out.text).incidents().len(), 2);
}

#[test]
fn removing_an_entry_the_other_side_changed_is_a_conflict() {
    let (base, id) = base_with_one();
    let mut ours = base.clone();
    ours.set_field(&id, FieldName::Impact, "x").unwrap();
    let e = base.get(&id).unwrap();
    let mut theirs_text = base.as_str().to_owned();
    theirs_text.replace_range(e.span.clone(), "");
    let out = run(&base, &ours, &doc(&theirs_text));
    assert_eq!(out.conflicts.len(), 1);
    assert_eq!(out.conflicts[0].part, ConflictPart::RemovedAndChanged);
    // Removed on one side, untouched on the other: removed.
    let out = run(&base, &base, &doc(&theirs_text));
    assert!(out.is_clean());
    assert!(doc(&out.text).incidents().is_empty());
}

#[test]
fn entries_without_written_ids_are_matched_by_derived_id_and_reported() {
    let base = doc(&format!(
        "{SEED}\n## Incident: Old one\n\n### Severity: LOW\n\n### Detected: 2026-01-01T00:00:00Z\n\n### Impact:\nnone\n"
    ));
    let ours = doc(&base.as_str().replace("none\n", "some\n"));
    let theirs = doc(&base
        .as_str()
        .replace("### Severity: LOW", "### Severity: HIGH"));
    let out = run(&base, &ours, &theirs);
    assert!(out.is_clean(), "{}", out.text);
    assert_eq!(out.matched_by_content, ["2026-01-01-old-one"]);
    assert!(out.text.contains("### Severity: HIGH") && out.text.contains("some\n"));
}

#[test]
fn removing_an_entry_keeps_what_lies_between_entries() {
    // An entry above the template and one at the end of the file: the template lies between.
    let (mut base, first) = base_with_one();
    let last = "## Incident: Late one\n\n### ID: late\n\n### Severity: LOW\n\n### Detected: 2026-01-01T00:00:00Z\n";
    base = doc(&format!("{}\n---\n\n{last}", base.as_str()));
    assert_eq!(base.incidents().len(), 2);
    let e = base.get(&first).unwrap();
    let mut theirs = base.as_str().to_owned();
    theirs.replace_range(e.span.start..base.get("late").unwrap().span.start, "");
    let theirs = doc(&theirs);
    let out = run(&base, &base, &theirs);
    assert!(out.is_clean());
    assert!(
        out.text.contains("## Template: Log New Incident"),
        "{}",
        out.text
    );
    let merged = doc(&out.text);
    assert_eq!(
        merged
            .incidents()
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>(),
        ["late"]
    );
    // A removed entry takes its separator with it.
    let (base, id) = base_with_one();
    let mut ours = base.clone();
    add(&mut ours, "DNS failure", "2026-03-05T08:00:00Z");
    let e = base.get(&id).unwrap();
    let mut theirs = base.as_str().to_owned();
    theirs.replace_range(e.span.start..e.span.end + "\n\n---\n\n".len(), "");
    let out = run(&base, &ours, &doc(&theirs));
    assert!(out.is_clean());
    let mut want = ours.as_str().to_owned();
    let e = ours.get(&id).unwrap();
    want.replace_range(e.span.start - "\n\n---\n\n".len()..e.span.end, "");
    assert_eq!(out.text, want);
}

/// Entries in a team's own format (`- **Date:**` items, a `| Field | Value |` table): when
/// each side changes a different line, the merge keeps both sides' text or reports a
/// conflict; it never keeps the heading alone or drops one side's change.
#[test]
fn team_format_entries_changed_on_both_sides_lose_nothing() {
    let bullets = "# Ops\n\n### Redis primary failover\n\n- **Date:** 2026-07-19 22:14 UTC\n- **Severity:** SEV2\n- **Status:** Open\n- **Owner:** @priya\n";
    let table = "# Ops\n\n## INC-1042: Cert expired\n\n**Summary:** partner API down.\n\n| Field | Value |\n|---|---|\n| Severity | SEV1 |\n| Status | Mitigated |\n";
    // The bullets have no field the seed's reader splits at: a conflict of the entry. The
    // table is the body of the `**Summary:**` field, which both sides changed.
    for (base, ours_from, ours_to, theirs_from, theirs_to, part) in [
        (
            bullets,
            "SEV2",
            "SEV1",
            "Open",
            "Mitigated",
            ConflictPart::Entry,
        ),
        (
            table,
            "| SEV1 |",
            "| SEV2 |",
            "| Mitigated |",
            "| Resolved |",
            ConflictPart::Field("Summary".into()),
        ),
    ] {
        let (o, t) = (
            base.replace(ours_from, ours_to),
            base.replace(theirs_from, theirs_to),
        );
        let out = run(&doc(base), &doc(&o), &doc(&t));
        for side in [ours_to, theirs_to] {
            assert!(out.text.contains(side), "{side} lost:\n{}", out.text);
        }
        if out.is_clean() {
            let merged = doc(&out.text);
            assert_eq!(merged.incidents().len(), 1, "{}", out.text);
        } else {
            let parts: Vec<_> = out.conflicts.iter().map(|c| c.part.clone()).collect();
            assert_eq!(parts, [part], "{}", out.text);
        }
    }
}
