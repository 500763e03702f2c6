//! `incident_md::doctor` on damaged logs: insta snapshots of the findings, repaired files and
//! diffs, and that repairs change only the damaged bytes.

use incident_core::{Code, Incident, Order, Severity};
use incident_md::diff::unified_diff;
use incident_md::doctor::{DoctorOptions, Repair, examine, repair};
use incident_md::{AddOptions, Document};

const SEED: &str = include_str!("data/seed.md");

fn doc(s: &str) -> Document {
    s.parse().unwrap()
}

fn opts() -> DoctorOptions {
    DoctorOptions::default()
}

fn found(d: &Document) -> Vec<Repair> {
    examine(d, &opts())
}

fn fixed(d: &Document) -> Document {
    repair(d, &opts()).document
}

fn report(d: &Document) -> String {
    found(d)
        .iter()
        .map(|r| {
            let p = d.position(r.offset());
            format!(
                "{}:{} {} {}{}\n",
                p.line,
                p.column,
                r.finding.code,
                r.finding.message,
                if r.fixable { "" } else { " (not fixable)" }
            )
        })
        .collect()
}

fn codes(d: &Document) -> Vec<(Code, bool)> {
    found(d)
        .iter()
        .map(|r| (r.finding.code, r.fixable))
        .collect()
}

/// The seed (its title repaired) with these incidents logged, newest first.
fn log_with(incidents: &[(&str, &str)]) -> Document {
    let mut d = doc(&SEED.replacen("â€”", "-", 1));
    for (t, at) in incidents {
        d.add_incident(
            &Incident::new(*t, Severity::High, at.parse().unwrap()),
            &AddOptions::default(),
        )
        .unwrap();
    }
    d
}

fn entry_text<'a>(d: &'a Document, id: &str) -> &'a str {
    &d.as_str()[d.get(id).unwrap().span.clone()]
}

/// A log as a line-based `union` merge leaves it: one entry twice, a stale Last Incident, a
/// CRLF line from a Windows editor, and the seed's mojibake title.
fn damaged() -> (String, String) {
    let mut d = doc(SEED);
    for (t, at) in [
        ("API outage", "2026-03-02T10:00:00Z"),
        ("Disk full", "2026-03-04T08:00:00Z"),
    ] {
        d.add_incident(
            &Incident::new(t, Severity::High, at.parse().unwrap()),
            &AddOptions::default(),
        )
        .unwrap();
    }
    let e = &d.incidents()[1];
    let copy = format!("\n\n---\n\n{}", &d.as_str()[e.span.clone()]);
    let mut s = d.as_str().to_owned();
    s.insert_str(e.span.end, &copy);
    let s = s
        .replace(
            LAST,
            "## Last Incident: API outage (HIGH, 2026-03-02T10:00:00Z)",
        )
        .replacen("### Impact:\n", "### Impact:\r\n", 1);
    (s, copy)
}

const LAST: &str = "## Last Incident: Disk full (HIGH, 2026-03-04T08:00:00Z)";

#[test]
fn the_seed_title_is_mojibake() {
    let seed = doc(SEED);
    let f = found(&seed);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].finding.code, Code::Mojibake);
    assert_eq!(&SEED[f[0].finding.span.clone().unwrap()], "â€”");
    let done = repair(&seed, &opts());
    assert_eq!(done.applied.len(), 1);
    assert_eq!(done.document.as_str(), SEED.replacen("â€”", "—", 1));
    assert!(done.remaining.is_empty());
}

#[test]
fn a_union_merged_log_is_found_and_repaired() {
    let (text, copy) = damaged();
    let d = doc(&text);
    insta::assert_snapshot!("damaged_findings", report(&d));
    let done = repair(&d, &opts());
    assert_eq!(done.applied.len(), found(&d).len());
    let fixed = done.document;
    assert!(found(&fixed).is_empty(), "{}", report(&fixed));
    assert_eq!(fixed.incidents().len(), 2);
    assert!(
        fixed
            .log()
            .last_incident
            .as_ref()
            .unwrap()
            .text
            .starts_with("Disk full")
    );
    // Only the damaged bytes changed.
    let want = text
        .replacen("â€”", "—", 1)
        .replacen("### Impact:\r\n", "### Impact:\n", 1)
        .replacen(&copy, "", 1)
        .replace(
            "## Last Incident: API outage (HIGH, 2026-03-02T10:00:00Z)",
            LAST,
        );
    assert_eq!(fixed.as_str(), want);
    insta::assert_snapshot!("damaged_repaired", fixed.as_str());
}

#[test]
fn conflicting_text_is_reported_and_keeps_its_summary() {
    let text = format!(
        "<!-- incident merge: 1 conflict: x (Impact) -->\n{}",
        SEED.replacen("â€”", "-", 1).replacen(
            "> Log all",
            "<<<<<<< ours\n> Log all\n=======\n> Log every\n>>>>>>> theirs\n> Log all",
            1
        )
    );
    let d = doc(&text);
    assert_eq!(
        codes(&d),
        [(Code::MergeSummary, false), (Code::ConflictMarkers, false)]
    );
    insta::assert_snapshot!("unresolvable_findings", report(&d));
    assert_eq!(fixed(&d).as_str(), text);
    // Once the markers are gone, the summary goes too.
    let resolved = doc(&text.replacen(
        "<<<<<<< ours\n> Log all\n=======\n> Log every\n>>>>>>> theirs\n",
        "",
        1,
    ));
    assert_eq!(fixed(&resolved).as_str(), SEED.replacen("â€”", "-", 1));
}

/// Two branches each logged an incident on top of `API outage`; a line merge conflicts on
/// `## Last Incident:` and on the new entries, as git marks them (no base).
fn both_logged() -> (Document, String, String) {
    let base = log_with(&[("API outage", "2026-03-02T10:00:00Z")]);
    let ours = log_with(&[
        ("API outage", "2026-03-02T10:00:00Z"),
        ("Disk full", "2026-03-04T08:00:00Z"),
    ]);
    let theirs = log_with(&[
        ("API outage", "2026-03-02T10:00:00Z"),
        ("DNS failure", "2026-03-05T08:00:00Z"),
    ]);
    let old = entry_text(&base, "2026-03-02-api-outage");
    let disk = entry_text(&ours, "2026-03-04-disk-full").to_owned();
    let dns = entry_text(&theirs, "2026-03-05-dns-failure").to_owned();
    let at = base.as_str().find(old).unwrap();
    let mut s = base.as_str().to_owned();
    s.insert_str(
        at,
        &format!("<<<<<<< HEAD\n{disk}\n\n---\n\n=======\n{dns}\n\n---\n\n>>>>>>> other\n"),
    );
    let s = s.replacen(
        "## Last Incident: API outage (HIGH, 2026-03-02T10:00:00Z)\n",
        "<<<<<<< HEAD\n## Last Incident: Disk full (HIGH, 2026-03-04T08:00:00Z)\n=======\n## Last Incident: DNS failure (HIGH, 2026-03-05T08:00:00Z)\n>>>>>>> other\n",
        1,
    );
    (doc(&s), disk, dns)
}

#[test]
fn conflict_markers_around_new_entries_are_resolved_structurally() {
    let (d, disk, dns) = both_logged();
    insta::assert_snapshot!("both_logged_findings", report(&d));
    // Order and the Last Incident line are read once the markers are gone.
    assert_eq!(codes(&d), [(Code::ConflictMarkers, true)]);
    let done = repair(&d, &opts());
    let out = done.document;
    assert!(done.remaining.is_empty(), "{}", report(&out));
    let ids: Vec<&str> = out.incidents().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "2026-03-05-dns-failure",
            "2026-03-04-disk-full",
            "2026-03-02-api-outage"
        ]
    );
    // Each entry's bytes are as its side wrote them.
    assert_eq!(entry_text(&out, "2026-03-04-disk-full"), disk);
    assert_eq!(entry_text(&out, "2026-03-05-dns-failure"), dns);
    assert!(
        out.as_str()
            .contains("## Last Incident: DNS failure (HIGH, 2026-03-05T08:00:00Z)\n")
    );
    assert!(!out.as_str().contains("<<<<<<<") && !out.as_str().contains(">>>>>>>"));
    insta::assert_snapshot!(
        "both_logged_diff",
        unified_diff("INCIDENTS.md", d.as_str(), out.as_str())
    );
}

#[test]
fn a_field_edited_on_both_sides_is_left_without_a_base_and_merged_with_one() {
    let d = log_with(&[("API outage", "2026-03-02T10:00:00Z")]);
    let merge_style = d.as_str().replacen(
        "### Impact:\n_Not documented yet._\n",
        "### Impact:\n<<<<<<< HEAD\ncheckout down\n=======\nlogin down\n>>>>>>> other\n",
        1,
    );
    let m = doc(&merge_style);
    assert_eq!(codes(&m), [(Code::ConflictMarkers, false)]);
    assert_eq!(fixed(&m).as_str(), merge_style);
    insta::assert_snapshot!("field_conflict_findings", report(&m));
    // With the base (diff3), theirs kept the base's text: ours' change is the merge.
    let diff3 = d.as_str().replacen(
        "### Impact:\n_Not documented yet._\n",
        "### Impact:\n<<<<<<< HEAD\ncheckout down\n||||||| base\n_Not documented yet._\n=======\n_Not documented yet._\n>>>>>>> other\n",
        1,
    );
    let out = fixed(&doc(&diff3));
    assert_eq!(
        out.as_str(),
        d.as_str().replacen(
            "### Impact:\n_Not documented yet._",
            "### Impact:\ncheckout down",
            1
        )
    );
}

#[test]
fn a_resolvable_region_is_resolved_beside_one_that_is_not() {
    let d = log_with(&[
        ("API outage", "2026-03-02T10:00:00Z"),
        ("Disk full", "2026-03-04T08:00:00Z"),
    ]);
    let text = d
        .as_str()
        .replacen(
            "### Impact:\n_Not documented yet._\n",
            "### Impact:\n<<<<<<< HEAD\ncheckout down\n=======\nlogin down\n>>>>>>> other\n",
            1,
        )
        .replacen(
            "> Log all production-level failures",
            "<<<<<<< HEAD\n> Log all production-level failures\n||||||| base\n> Log all production-level failures\n=======\n> Log every production-level failure\n>>>>>>> other\n> Log all production-level failures",
            1,
        );
    let out = fixed(&doc(&text));
    let want = text.replacen(
        "<<<<<<< HEAD\n> Log all production-level failures\n||||||| base\n> Log all production-level failures\n=======\n> Log every production-level failure\n>>>>>>> other\n",
        "> Log every production-level failure\n",
        1,
    );
    assert_eq!(out.as_str(), want);
    assert_eq!(codes(&out), [(Code::ConflictMarkers, false)]);
}

#[test]
fn placeholders_beside_text_are_removed() {
    let d = log_with(&[
        ("API outage", "2026-03-02T10:00:00Z"),
        ("Disk full", "2026-03-04T08:00:00Z"),
    ]);
    // A hand edit typed the impact above the placeholder.
    let text = d.as_str().replacen(
        "### Impact:\n_Not documented yet._",
        "### Impact:\ncheckout down\n_Not documented yet._",
        1,
    );
    assert_eq!(codes(&doc(&text)), [(Code::LeftoverPlaceholder, true)]);
    let out = fixed(&doc(&text));
    assert_eq!(
        out.as_str(),
        text.replacen("checkout down\n_Not documented yet._", "checkout down", 1)
    );
    assert_eq!(
        out.incidents()[0]
            .incident
            .as_ref()
            .unwrap()
            .impact
            .as_deref(),
        Some("checkout down")
    );
}

/// `d` with the entry `id` moved to the top of the entries.
fn moved_to_top(d: &Document, id: &str) -> String {
    let first = d.incidents()[0].span.clone();
    let e = d.get(id).unwrap().span.clone();
    let mut moved = d.as_str().to_owned();
    let entry = moved[e.clone()].to_owned();
    moved.replace_range(e.start - "\n\n---\n\n".len()..e.end, "");
    moved.insert_str(first.start, &format!("{entry}\n\n---\n\n"));
    moved
}

#[test]
fn entries_out_of_order_are_moved_whole() {
    let d = log_with(&[
        ("API outage", "2026-03-02T10:00:00Z"),
        ("Old", "2026-03-03T00:00:00Z"),
        ("Disk full", "2026-03-04T08:00:00Z"),
        ("DNS failure", "2026-03-05T08:00:00Z"),
    ]);
    let moved = moved_to_top(&d, "2026-03-03-old");
    let m = doc(&moved);
    insta::assert_snapshot!("order_findings", report(&m));
    assert_eq!(codes(&m), [(Code::EntryOrder, true)]);
    let out = fixed(&m);
    // Back as it was, byte for byte.
    assert_eq!(out.as_str(), d.as_str());
    insta::assert_snapshot!(
        "order_diff",
        unified_diff("INCIDENTS.md", &moved, out.as_str())
    );
    // Oldest first when configured: every entry but the newest moves.
    let oldest = repair(&d, &DoctorOptions::with_order(Some(Order::OldestFirst))).document;
    let ids: Vec<&str> = oldest.incidents().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "2026-03-02-api-outage",
            "2026-03-03-old",
            "2026-03-04-disk-full",
            "2026-03-05-dns-failure"
        ]
    );
    for e in d.incidents() {
        assert_eq!(entry_text(&oldest, &e.id), entry_text(&d, &e.id));
    }
    // The file's own order when none is configured.
    assert!(found(&oldest).is_empty(), "{}", report(&oldest));
    // The oldest entry moved to the top does not make a newest-first file read as oldest first.
    let top = doc(&moved_to_top(&d, "2026-03-02-api-outage"));
    assert_eq!(fixed(&top).as_str(), d.as_str());
}

#[test]
fn an_entry_typed_inside_the_template_fence_is_moved_out() {
    let d = log_with(&[("API outage", "2026-03-02T10:00:00Z")]);
    let typed = "## Incident: Disk full\n\n### Severity: HIGH\n\n### Detected: 2026-03-04T08:00:00Z\n\n### Impact:\nuploads fail";
    let text = d.as_str().replacen(
        "<links to LOGS.md entries>\n```",
        &format!("<links to LOGS.md entries>\n\n{typed}\n```"),
        1,
    );
    let t = doc(&text);
    assert_eq!(codes(&t), [(Code::FencedEntry, true)]);
    insta::assert_snapshot!("fenced_findings", report(&t));
    let out = fixed(&t);
    assert!(
        out.as_str().contains("<links to LOGS.md entries>\n```\n"),
        "{}",
        out.as_str()
    );
    let ids: Vec<&str> = out.incidents().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["2026-03-04-disk-full", "2026-03-02-api-outage"]);
    assert_eq!(entry_text(&out, "2026-03-04-disk-full"), typed);
    // The template reads as the seed's again.
    assert_eq!(out.log().template.fields, d.log().template.fields);
    insta::assert_snapshot!(
        "fenced_diff",
        unified_diff("INCIDENTS.md", &text, out.as_str())
    );
}

#[test]
fn different_entries_with_one_written_id_are_reported_and_the_later_renamed() {
    let d = log_with(&[
        ("API outage", "2026-03-02T10:00:00Z"),
        ("Disk full", "2026-03-04T08:00:00Z"),
    ]);
    let text = d
        .as_str()
        .replacen(
            "## Incident: Disk full\n",
            "## Incident: Disk full\n\n### ID: inc-1\n",
            1,
        )
        .replacen(
            "## Incident: API outage\n",
            "## Incident: API outage\n\n### ID: inc-1\n",
            1,
        );
    let t = doc(&text);
    insta::assert_snapshot!("duplicate_id_findings", report(&t));
    assert_eq!(
        codes(&t),
        [(Code::DuplicateId, false), (Code::DuplicateId, true)]
    );
    let out = fixed(&t);
    assert_eq!(
        out.as_str(),
        text.replacen(
            "## Incident: API outage\n\n### ID: inc-1\n",
            "## Incident: API outage\n\n### ID: inc-1-2\n",
            1
        )
    );
    assert!(found(&out).is_empty(), "{}", report(&out));
}
