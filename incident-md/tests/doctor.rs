//! `incident_md::doctor` on damaged logs: insta snapshots of the findings and repaired files,
//! and that repairs change only the damaged bytes.

use incident_core::{Incident, Severity};
use incident_md::doctor::{FindingKind, examine, repair};
use incident_md::{AddOptions, Document};

const SEED: &str = include_str!("data/seed.md");

fn doc(s: &str) -> Document {
    s.parse().unwrap()
}

fn report(d: &Document) -> String {
    examine(d)
        .iter()
        .map(|f| {
            let p = d.position(f.span.start);
            format!(
                "{}:{} {} {}{}\n",
                p.line,
                p.column,
                f.kind,
                f.message,
                if f.fixable { "" } else { " (not fixable)" }
            )
        })
        .collect()
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
    let found = examine(&seed);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, FindingKind::Mojibake);
    assert_eq!(&SEED[found[0].span.clone()], "â€”");
    let (fixed, repaired) = repair(&seed);
    assert_eq!(repaired.len(), 1);
    assert_eq!(fixed.as_str(), SEED.replacen("â€”", "—", 1));
    assert!(examine(&fixed).is_empty());
}

#[test]
fn a_union_merged_log_is_found_and_repaired() {
    let (text, copy) = damaged();
    let d = doc(&text);
    insta::assert_snapshot!("damaged_findings", report(&d));
    let (fixed, repaired) = repair(&d);
    assert_eq!(repaired.len(), examine(&d).len());
    assert!(examine(&fixed).is_empty(), "{}", report(&fixed));
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
fn conflict_markers_are_reported_and_keep_their_summary() {
    let text = format!(
        "<!-- incident merge: 1 conflict: x (Impact) -->\n{}",
        SEED.replacen("â€”", "-", 1).replacen(
            "> Log all",
            "<<<<<<< ours\n> Log all\n=======\n> Log every\n>>>>>>> theirs\n> Log all",
            1
        )
    );
    let d = doc(&text);
    let found = examine(&d);
    let kinds: Vec<(FindingKind, bool)> = found.iter().map(|f| (f.kind, f.fixable)).collect();
    assert_eq!(
        kinds,
        [
            (FindingKind::MergeSummary, false),
            (FindingKind::ConflictMarkers, false)
        ]
    );
    assert_eq!(repair(&d).0.as_str(), text);
    // Once the markers are gone, the summary goes too.
    let resolved = doc(&text.replacen(
        "<<<<<<< ours\n> Log all\n=======\n> Log every\n>>>>>>> theirs\n",
        "",
        1,
    ));
    assert_eq!(repair(&resolved).0.as_str(), SEED.replacen("â€”", "-", 1));
}

#[test]
fn placeholders_beside_text_are_removed_and_order_is_reported() {
    let mut d = doc(&SEED.replacen("â€”", "-", 1));
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
    // A hand edit typed the impact above the placeholder.
    let text = d.as_str().replacen(
        "### Impact:\n_Not documented yet._",
        "### Impact:\ncheckout down\n_Not documented yet._",
        1,
    );
    let found = examine(&doc(&text));
    assert_eq!(
        found.iter().map(|f| f.kind).collect::<Vec<_>>(),
        [FindingKind::LeftoverPlaceholder]
    );
    let fixed = repair(&doc(&text)).0;
    assert_eq!(
        fixed.as_str(),
        text.replacen("checkout down\n_Not documented yet._", "checkout down", 1)
    );
    assert_eq!(
        fixed.incidents()[0]
            .incident
            .as_ref()
            .unwrap()
            .impact
            .as_deref(),
        Some("checkout down")
    );
    // An older incident above a newer one in a newest-first log.
    let mut old = d.clone();
    old.add_incident(
        &Incident::new(
            "Old",
            Severity::Low,
            "2026-03-03T00:00:00Z".parse().unwrap(),
        ),
        &AddOptions::default(),
    )
    .unwrap();
    let first = old.incidents()[0].span.clone();
    let e = old.get("2026-03-03-old").unwrap().span.clone();
    let mut moved = old.as_str().to_owned();
    let entry = moved[e.clone()].to_owned();
    moved.replace_range(e.start - "\n\n---\n\n".len()..e.end, "");
    moved.insert_str(first.start, &format!("{entry}\n\n---\n\n"));
    let found = examine(&doc(&moved));
    assert!(
        found
            .iter()
            .any(|f| f.kind == FindingKind::OutOfOrder && !f.fixable),
        "{found:?}"
    );
}
