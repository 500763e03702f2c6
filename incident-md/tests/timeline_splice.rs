//! Timeline items and Status values are spliced, not rewritten: adding an item inserts exactly
//! one line (at its time, in the existing items' style and line endings), a step's Status
//! replaces only the value's words; new times are written in the document's zone.

use chrono::{DateTime, TimeZone, Utc};
use incident_core::{TimelineItem, Transition};
use incident_md::Document;
use proptest::prelude::*;

const ID: &str = "2026-03-02-api-down";

fn at(text: &str) -> DateTime<Utc> {
    incident_core::parse_timestamp(text).unwrap()
}

fn entry(fields: &str, eol: &str) -> String {
    format!(
        "# INCIDENTS.md\n\n## Incident: API down\n\n### Severity: HIGH\n\n### Detected: 2026-03-02T10:00:00Z\n\n{fields}"
    )
    .replace('\n', eol)
}

/// The entry written with bold labels (`**Severity:** HIGH`) or as bold list items.
fn bold_entry(fields: &str, item: bool) -> String {
    let b = if item { "- " } else { "" };
    format!(
        "# INCIDENTS.md\n\n## Incident: API down\n\n{b}**Severity:** HIGH\n{b}**Detected:** 2026-03-02T10:00:00Z\n{fields}"
    )
}

fn add(text: &str, when: &str, what: &str) -> String {
    let mut doc: Document = text.parse().unwrap();
    doc.add_timeline_item(ID, &TimelineItem::new(at(when), what))
        .unwrap();
    doc.to_string()
}

#[test]
fn a_backdated_item_is_one_line_between_its_neighbours() {
    let old = entry(
        "### Timeline:\n- 2026-03-02T10:01:00Z — paged\n- 2026-03-02T10:30:00Z — rolled back\n\n### Impact:\nslow\n",
        "\n",
    );
    let new = add(&old, "2026-03-02T10:12:00Z", "found the deploy");
    assert_eq!(
        new,
        old.replace(
            "- 2026-03-02T10:30:00Z",
            "- 2026-03-02T10:12:00Z — found the deploy\n- 2026-03-02T10:30:00Z"
        )
    );
}

#[test]
fn the_items_bullet_indent_and_separator_are_kept() {
    let old = bold_entry(
        "- **Timeline:**\n  * 2026-03-02T10:01:00Z - paged\n  * 2026-03-02T10:30:00Z - rolled back\n",
        true,
    );
    let new = add(&old, "2026-03-02T10:45:00Z", "resolved");
    assert_eq!(
        new,
        old.replace(
            "rolled back\n",
            "rolled back\n  * 2026-03-02T10:45:00Z - resolved\n"
        )
    );
    let colon = entry("### Timeline:\n+ 2026-03-02T10:05:00Z: paged\n", "\n");
    assert_eq!(
        add(&colon, "2026-03-02T10:02:00Z", "alert"),
        colon.replace("+ 2026", "+ 2026-03-02T10:02:00Z: alert\n+ 2026")
    );
}

#[test]
fn crlf_and_no_final_newline() {
    let old = entry(
        "### Timeline:\n- 2026-03-02T10:01:00Z — paged\n- 2026-03-02T10:30:00Z — rolled back",
        "\r\n",
    );
    assert!(!old.ends_with('\n'));
    let new = add(&old, "2026-03-02T11:00:00Z", "resolved");
    assert_eq!(new, format!("{old}\r\n- 2026-03-02T11:00:00Z — resolved"));
    // A file with lone `\r` line endings gets one too, and an item at the start goes first.
    let old = entry(
        "### Timeline:\n- 2026-03-02T10:30:00Z — rolled back\n",
        "\r",
    );
    let new = add(&old, "2026-03-02T10:01:00Z", "paged");
    assert_eq!(
        new,
        old.replace("- 2026", "- 2026-03-02T10:01:00Z — paged\r- 2026")
    );
}

#[test]
fn a_timeline_written_as_lines_gets_one_more_line() {
    let old = entry(
        "### Timeline:\n2026-03-02T10:01:00Z — paged\n2026-03-02T10:30:00Z — rolled back\n",
        "\n",
    );
    let new = add(&old, "2026-03-02T10:10:00Z", "found it");
    assert_eq!(
        new,
        old.replace(
            "2026-03-02T10:30:00Z",
            "2026-03-02T10:10:00Z — found it\n2026-03-02T10:30:00Z"
        )
    );
}

#[test]
fn a_lifecycle_step_inserts_its_item_and_its_field_only() {
    let old = entry(
        "### Timeline:\n- 2026-03-02T10:01:00Z — paged\n- 2026-03-02T10:30:00Z — rolled back\n",
        "\n",
    );
    let mut doc: Document = old.parse().unwrap();
    doc.transition(ID, &Transition::Acknowledge(at("2026-03-02T10:04:00Z")))
        .unwrap();
    let expected = old
        .replace(
            "10:00:00Z\n",
            "10:00:00Z\n\n### Acknowledged: 2026-03-02T10:04:00Z\n",
        )
        .replace(
            "- 2026-03-02T10:30:00Z",
            "- 2026-03-02T10:04:00Z — Acknowledged\n- 2026-03-02T10:30:00Z",
        );
    assert_eq!(doc.to_string(), expected);
}

#[test]
fn new_times_are_written_in_the_documents_zone() {
    let old = entry("### Timeline:\n- 2026-03-02T10:01:00Z — paged\n", "\n");
    let mut doc = Document::from_bytes(old.as_bytes())
        .unwrap()
        .with_timezone(chrono_tz::Europe::Berlin);
    doc.add_timeline_item(
        ID,
        &TimelineItem::new(at("2026-03-02T10:12:00Z"), "rolled back"),
    )
    .unwrap();
    // Summer time: the offset is the one at that instant.
    doc.add_timeline_item(ID, &TimelineItem::new(at("2026-07-01T08:00:00Z"), "review"))
        .unwrap();
    assert_eq!(
        doc.to_string(),
        format!(
            "{old}- 2026-03-02T11:12:00+01:00 — rolled back\n- 2026-07-01T10:00:00+02:00 — review\n"
        )
    );
    // Read back by instant, so the order holds across offsets.
    let read = doc.get(ID).unwrap().incident.clone().unwrap();
    let times: Vec<String> = read.timeline.iter().map(|i| i.at.to_rfc3339()).collect();
    assert_eq!(
        times,
        [
            "2026-03-02T10:01:00+00:00",
            "2026-03-02T10:12:00+00:00",
            "2026-07-01T08:00:00+00:00"
        ]
    );
    // An item between an offset time and a `Z` one goes by instant, not by text.
    doc.add_timeline_item(
        ID,
        &TimelineItem::new(at("2026-03-02T10:05:00Z"), "escalated"),
    )
    .unwrap();
    assert!(
        doc.to_string().contains(
            "— paged\n- 2026-03-02T11:05:00+01:00 — escalated\n- 2026-03-02T11:12:00+01:00"
        )
    );
    // Without a zone, UTC with `Z`.
    assert!(add(&old, "2026-03-02T10:12:00Z", "x").ends_with("- 2026-03-02T10:12:00Z — x\n"));
}

#[test]
fn a_status_change_replaces_only_the_words() {
    let old = bold_entry(
        "**Resolved:** 2026-03-02T11:00:00Z\n**Status:** ✅ Resolved\n\n**Timeline:**\n\n- 2026-03-02T10:01:00Z — paged\n",
        false,
    );
    let mut doc: Document = old.parse().unwrap();
    doc.transition(ID, &Transition::Reopen(at("2026-03-02T12:00:00Z")))
        .unwrap();
    assert_eq!(
        doc.to_string(),
        old.replace("2026-03-02T11:00:00Z\n", "_Not documented yet._\n")
            // The old status's symbol goes with its words (`✅ Reopened` read as resolved).
            .replace("✅ Resolved", "Reopened")
            + "- 2026-03-02T12:00:00Z — Reopened (was resolved 2026-03-02T11:00:00Z)\n"
    );
    assert_eq!(
        doc.get(ID).unwrap().incident.as_ref().unwrap().disposition,
        Some(incident_core::Disposition::Reopened)
    );
    let old = entry("### Status: **reopened**\n", "\n");
    let mut doc: Document = old.parse().unwrap();
    doc.transition(
        ID,
        &Transition::Cancel {
            at: at("2026-03-02T10:30:00Z"),
            reason: "false alarm".into(),
            duplicate_of: None,
        },
    )
    .unwrap();
    let text = doc.to_string();
    // The status words, and the reopening's timeline item (a new field), nothing else.
    assert_eq!(
        text.replace(
            "\n\n### Timeline:\n- 2026-03-02T10:30:00Z — Cancelled: false alarm",
            ""
        ),
        old.replace("**reopened**", "**cancelled — false alarm**")
    );
}

/// Lines with their terminators.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive(['\n']).collect()
}

proptest! {
    #[test]
    fn adding_an_item_inserts_exactly_one_line_in_time_order(
        minutes in prop::collection::vec(1u32..300, 1..6),
        bullet in prop::sample::select(vec!["- ", "* ", "+ ", "  - "]),
        sep in prop::sample::select(vec![" — ", " - ", ": ", " – "]),
        eol in prop::sample::select(vec!["\n", "\r\n"]),
        trailer in prop::sample::select(vec!["", "\n", "\n### Impact:\nslow\n"]),
        new_minute in 1u32..300,
        text in "[a-z][a-z ]{0,12}[a-z]",
    ) {
        let mut minutes = minutes;
        minutes.sort_unstable();
        let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
        let time = |m: u32| incident_core::format_timestamp(t0 + chrono::TimeDelta::minutes(m.into()));
        let items: Vec<String> = minutes
            .iter()
            .enumerate()
            .map(|(k, m)| format!("{bullet}{}{sep}item {k}", time(*m)))
            .collect();
        let old = entry(&format!("### Timeline:\n{}{trailer}", items.join("\n")), eol);
        let new = add(&old, &time(new_minute), &text);
        // Exactly one line more, every old line kept, in order.
        let (o, n) = (lines(&old), lines(&new));
        prop_assert_eq!(n.len(), o.len() + 1);
        let line = format!("{bullet}{}{sep}{text}", time(new_minute));
        match (0..n.len()).find(|&k| n[..k] == o[..k] && n[k + 1..] == o[k..]) {
            Some(k) => prop_assert_eq!(n[k], format!("{line}{eol}")),
            // After a last line without a terminator: it gets one, then the new line.
            None => prop_assert_eq!(&new, &format!("{old}{eol}{line}")),
        }
        let doc: Document = new.parse().unwrap();
        let read = doc.get(ID).unwrap().incident.clone().unwrap();
        prop_assert_eq!(read.timeline.len(), minutes.len() + 1);
        prop_assert!(read.timeline_in_order());
    }
}

#[test]
fn a_new_bold_timeline_does_not_swallow_the_label_after_it() {
    // The timeline goes after Resolved, directly above the Status line: a list there would
    // take that line in as its item's continuation.
    let old = bold_entry(
        "**Resolved:** 2026-03-02T11:00:00Z\n**Status:** Resolved\n",
        false,
    );
    let mut doc: Document = old.parse().unwrap();
    doc.transition(ID, &Transition::Reopen(at("2026-03-02T12:00:00Z")))
        .unwrap();
    let reread: Document = doc.to_string().parse().unwrap();
    let i = reread.get(ID).unwrap().incident.clone().unwrap();
    assert_eq!(
        i.disposition,
        Some(incident_core::Disposition::Reopened),
        "{doc}"
    );
    assert_eq!(i.timeline.len(), 1, "{doc}");
}

#[test]
fn a_timeline_starting_on_its_label_line_is_read_and_kept() {
    let old = bold_entry(
        "**Timeline:** 2026-03-02T10:01:00Z — paged\n2026-03-02T10:30:00Z — rolled back\n",
        false,
    );
    let doc: Document = old.parse().unwrap();
    let read = doc.get(ID).unwrap().incident.clone().unwrap();
    let texts: Vec<&str> = read.timeline.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(texts, ["paged", "rolled back"]);
    let new = add(&old, "2026-03-02T10:10:00Z", "found");
    assert_eq!(
        new,
        old.replace("paged\n", "paged\n2026-03-02T10:10:00Z — found\n")
    );
}
