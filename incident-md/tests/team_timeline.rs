//! A `Timeline` field in a team's own style (`- **Timeline:**` with `- 2026-11-20 10:00 UTC —
//! text` items): read as the incident's timeline, one new item added as one line in the items'
//! own form, and never rewritten (an edit that would rewrite it, or a timeline with an item
//! without a certain time, is refused and nothing changes). It used to be read as empty, and the
//! first `timeline add` replaced its items with the new one.

use chrono::{DateTime, TimeDelta, Utc};
use incident_core::{TimelineItem, Transition};
use incident_md::Document;
use proptest::prelude::*;

const ID: &str = "2026-11-20-login-outage";

fn log(items: &str) -> String {
    format!(
        "# Incident log\n\n## Incident A: Login outage\n\n- **Date:** 2026-11-20 10:00 UTC\n- **Severity:** High\n- **Status:** Open\n- **Timeline:**\n{items}\n## Incident B: Slow search\n\n- **Date:** 2026-11-22 09:30 UTC\n- **Severity:** Low\n"
    )
}

const ITEMS: &str =
    "  - 2026-11-20 10:00 UTC — Alert fired\n  - 2026-11-20 10:20 UTC — Rolled back\n";

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn timeline(doc: &Document) -> Vec<(DateTime<Utc>, String)> {
    doc.get(ID)
        .unwrap()
        .incident
        .as_ref()
        .unwrap()
        .timeline
        .iter()
        .map(|i| (i.at, i.text.clone()))
        .collect()
}

#[test]
fn a_team_timeline_is_read() {
    let doc: Document = log(ITEMS).parse().unwrap();
    assert_eq!(
        timeline(&doc),
        [
            (at("2026-11-20T10:00:00Z"), "Alert fired".to_owned()),
            (at("2026-11-20T10:20:00Z"), "Rolled back".to_owned()),
        ]
    );
}

#[test]
fn a_new_item_is_one_line_at_its_time_in_the_items_own_form() {
    let text = log(ITEMS);
    let mut doc: Document = text.parse().unwrap();
    doc.add_timeline_item(
        ID,
        &TimelineItem::new(at("2026-11-20T10:10:00Z"), "Paged DBA"),
    )
    .unwrap();
    assert_eq!(
        doc.to_string(),
        text.replace(
            "  - 2026-11-20 10:20 UTC",
            "  - 2026-11-20 10:10 UTC — Paged DBA\n  - 2026-11-20 10:20 UTC"
        )
    );
    // A lifecycle step records its item there too, and the last goes last.
    doc.transition(ID, &Transition::Resolve(at("2026-11-20T10:40:00Z")))
        .unwrap();
    let out = doc.to_string();
    assert!(
        out.contains(
            "  - 2026-11-20 10:20 UTC — Rolled back\n  - 2026-11-20 10:40 UTC — Resolved\n"
        ),
        "{out}"
    );
    assert_eq!(timeline(&doc).len(), 4);
    // Seconds are kept, never rounded away.
    doc.add_timeline_item(
        ID,
        &TimelineItem::new(at("2026-11-20T10:41:30Z"), "Closed the bridge"),
    )
    .unwrap();
    assert!(
        doc.to_string()
            .contains("  - 2026-11-20 10:41:30 UTC — Closed the bridge\n")
    );
}

#[test]
fn a_team_timeline_with_an_item_of_no_certain_time_is_not_written() {
    let text = log("  - ~10am — Alert fired\n  - 2026-11-20 10:20 UTC — Rolled back\n");
    let mut doc: Document = text.parse().unwrap();
    assert!(!doc.timeline_writable(ID));
    let e = doc
        .add_timeline_item(
            ID,
            &TimelineItem::new(at("2026-11-20T10:10:00Z"), "Paged DBA"),
        )
        .unwrap_err();
    assert!(matches!(e, incident_md::Error::Uneditable { .. }), "{e:?}");
    assert_eq!(doc.to_string(), text);
    // A step still works; it is just not recorded there.
    doc.transition(ID, &Transition::Acknowledge(at("2026-11-20T10:05:00Z")))
        .unwrap();
    assert!(doc.to_string().contains(
        "- **Timeline:**\n  - ~10am — Alert fired\n  - 2026-11-20 10:20 UTC — Rolled back\n"
    ));
}

#[test]
fn an_edit_that_would_rewrite_a_team_timeline_is_refused() {
    let text = log(ITEMS);
    let mut doc: Document = text.parse().unwrap();
    let e = doc
        .update(ID, |i| i.timeline.remove(0).text.clear())
        .unwrap_err();
    assert!(e.to_string().contains("team's own style"), "{e}");
    assert_eq!(doc.to_string(), text);
}

proptest! {
    /// Any item added to a team timeline of any length adds exactly one line, and the timeline
    /// then reads as the items in time order.
    #[test]
    fn adding_an_item_adds_one_line_and_keeps_time_order(
        mut minutes in proptest::collection::vec(0i64..600, 1..6),
        new in 0i64..600,
    ) {
        minutes.sort_unstable();
        let t0 = at("2026-11-20T10:00:00Z");
        let items: String = minutes
            .iter()
            .enumerate()
            .map(|(k, m)| format!("  - {} — step {k}\n", (t0 + TimeDelta::minutes(*m)).format("%Y-%m-%d %H:%M UTC")))
            .collect();
        let text = log(&items);
        let mut doc: Document = text.parse().unwrap();
        let item = TimelineItem::new(t0 + TimeDelta::minutes(new), "added");
        doc.add_timeline_item(ID, &item).unwrap();
        let out = doc.to_string();
        prop_assert_eq!(out.lines().count(), text.lines().count() + 1);
        let read = timeline(&doc);
        prop_assert!(read.windows(2).all(|w| w[0].0 <= w[1].0));
        prop_assert_eq!(read.len(), minutes.len() + 1);
        prop_assert!(read.contains(&(item.at, "added".to_owned())));
        let mut kept: Vec<&str> = out.lines().collect();
        kept.retain(|l| !l.ends_with("— added"));
        prop_assert_eq!(kept, text.lines().collect::<Vec<_>>());
    }
}

/// An entry only the lenient reading reads (`P1`), whose `- **Timeline:**` the seed's reader
/// sees: the first step after a `timeline add` used to replace the added item with its own.
fn p1_log(item: &str) -> String {
    format!(
        "# Log\n\n## 2026-09-08 — Payment timeouts\n\n- **Severity:** P1\n- **Detected:** 2026-09-08 19:02 UTC\n- **Resolved:** 2026-09-08 20:15 UTC\n- **Status:** Resolved\n- **Timeline:**\n  - {item} — Paged\n"
    )
}

#[test]
fn every_item_of_a_timeline_is_kept_whichever_reader_reads_the_entry() {
    let id = "2026-09-08-payment-timeouts";
    for (item, step) in [
        (
            "2026-09-08T19:09:00Z",
            "  - 2026-09-08T19:33:00Z — Mitigated\n",
        ),
        (
            "2026-09-08 19:09 UTC",
            "  - 2026-09-08 19:33 UTC — Mitigated\n",
        ),
    ] {
        let text = p1_log(item);
        let mut doc: Document = text.parse().unwrap();
        let read = doc
            .get(id)
            .unwrap()
            .incident
            .as_ref()
            .unwrap()
            .timeline
            .clone();
        assert_eq!(read.len(), 1, "{item}");
        doc.transition(id, &Transition::Mitigate(at("2026-09-08T19:33:00Z")))
            .unwrap();
        let out = doc.to_string();
        assert!(
            out.contains(&format!("  - {item} — Paged\n{step}")),
            "{out}"
        );
        // A mitigation recorded after the resolution leaves the team's Status as it is.
        assert!(out.contains("- **Status:** Resolved\n"), "{out}");
    }
}

/// A log in the shape of a public team template: `- Severity Level:` and `- Date & Time
/// Detected:` lines, and a `### Timeline (UTC)` of bold local times (`- **2026-11-28 18:40**:`).
const TEMPLATE_LOG: &str = "# Incident Log\n\n## INC-2026-014: Ticket scanner outage\n\n- Incident ID: INC-2026-014\n- Date & Time Detected: 2026-11-28 18:40 UTC\n- Severity Level: SEV2\n- Status: Resolved\n\n### Timeline (UTC)\n\n- **2026-11-28 18:40**: Gate staff report rejections.\n- **2026-11-28 19:05**: Scanning back to normal.\n";

#[test]
fn a_timeline_of_bold_local_times_is_read_and_takes_items_in_its_form() {
    let id = "INC-2026-014";
    let mut doc: Document = TEMPLATE_LOG.parse().unwrap();
    let i = doc
        .get(id)
        .unwrap()
        .incident
        .clone()
        .expect("read as an incident");
    assert_eq!(i.detected, at("2026-11-28T18:40:00Z"));
    assert_eq!(i.timeline.len(), 2);
    assert_eq!(i.timeline[1].text, "Scanning back to normal.");
    doc.add_timeline_item(
        id,
        &TimelineItem::new(at("2026-11-28T18:52:30Z"), "Key cache refreshed"),
    )
    .unwrap();
    assert_eq!(
        doc.to_string(),
        TEMPLATE_LOG.replace(
            "- **2026-11-28 19:05**",
            "- **2026-11-28 18:52:30**: Key cache refreshed\n- **2026-11-28 19:05**"
        )
    );
    // In another zone, the local times are that zone's.
    let berlin = TEMPLATE_LOG
        .parse::<Document>()
        .unwrap()
        .with_timezone(chrono_tz::Europe::Berlin);
    let t = &berlin.get(id).unwrap().incident.as_ref().unwrap().timeline;
    assert_eq!(t[0].at, at("2026-11-28T17:40:00Z"));
}

/// A postmortem whose timeline is a `| Time (UTC) | Event |` table.
fn table_log(rows: &str) -> String {
    format!(
        "# Incident Report: Intake queue stalled\n\n## Summary\n\n| Field | Value |\n|-------|-------|\n| **Incident ID** | INC-2026-031 |\n| **Date/Time** | 2026-11-12 07:05 UTC |\n| **Severity** | SEV-2 |\n| **Status** | Resolved |\n\n## Timeline\n\n| Time (UTC) | Event |\n|------------|-------|\n{rows}\n## Impact\n\nJobs waited.\n"
    )
}

#[test]
fn a_timeline_table_takes_a_new_item_as_a_row_in_its_form() {
    let id = "INC-2026-031";
    let rows =
        "| 2026-11-12 07:05 | Queue depth alert fires |\n| 2026-11-12 07:45 | Backlog drained |\n";
    let text = table_log(rows);
    let mut doc: Document = text.parse().unwrap();
    let read = doc.get(id).unwrap().incident.clone().unwrap().timeline;
    assert_eq!(read.len(), 2);
    assert_eq!(read[1].text, "Backlog drained");
    // A `|` in the text is escaped in its cell (GFM's `\|`), and reads back as a `|`.
    let mut piped = doc.clone();
    piped
        .add_timeline_item(id, &TimelineItem::new(at("2026-11-12T07:18:00Z"), "a | b"))
        .unwrap();
    assert_eq!(
        piped.to_string(),
        text.replace(
            "| 2026-11-12 07:45 |",
            "| 2026-11-12 07:18 | a \\| b |\n| 2026-11-12 07:45 |"
        )
    );
    let read = piped.get(id).unwrap().incident.clone().unwrap().timeline;
    assert_eq!(read[1].text, "a | b");
    doc.add_timeline_item(
        id,
        &TimelineItem::new(at("2026-11-12T07:18:00Z"), "Stuck consumer restarted"),
    )
    .unwrap();
    assert_eq!(
        doc.to_string(),
        text.replace(
            "| 2026-11-12 07:45 |",
            "| 2026-11-12 07:18 | Stuck consumer restarted |\n| 2026-11-12 07:45 |"
        )
    );
    // A reopening, which must keep the resolution in an item, can be written now.
    doc.transition(id, &Transition::Reopen(at("2026-11-14T09:00:00Z")))
        .unwrap();
    assert!(
        doc.to_string()
            .contains("| 2026-11-14 09:00 | Reopened (was resolved) |\n")
    );
}

#[test]
fn a_timeline_table_of_times_of_day_is_read_on_the_detection_day() {
    // `| 07:05 | … |` is read as a list's `- 07:05 — …` is: on the day of the row before it (of
    // the detection, for the first), the next day past midnight; `Time (UTC)` says the zone,
    // whatever zone the log is read in.
    let id = "INC-2026-031";
    let text = table_log(
        "| 07:05 | Queue depth alert fires |\n| 07:45 | Backlog drained |\n| 22:30 | Replay started |\n| 01:10 | Replay done |\n",
    );
    let mut doc = text
        .parse::<Document>()
        .unwrap()
        .with_timezone(chrono_tz::Europe::Berlin);
    let read = |doc: &Document| {
        doc.get(id)
            .unwrap()
            .incident
            .clone()
            .unwrap()
            .timeline
            .iter()
            .map(|i| i.at.to_rfc3339())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        read(&doc),
        [
            "2026-11-12T07:05:00+00:00",
            "2026-11-12T07:45:00+00:00",
            "2026-11-12T22:30:00+00:00",
            "2026-11-13T01:10:00+00:00"
        ]
    );
    assert!(doc.timeline_writable(id));
    // A new row at its place, its time written as the rows write theirs.
    doc.add_timeline_item(
        id,
        &TimelineItem::new(at("2026-11-12T07:18:00Z"), "Consumer restarted"),
    )
    .unwrap();
    assert_eq!(
        doc.to_string(),
        text.replace("| 07:45 |", "| 07:18 | Consumer restarted |\n| 07:45 |")
    );
    assert_eq!(read(&doc).len(), 5);
    // A row days later says its date, in the table's zone.
    doc.add_timeline_item(id, &TimelineItem::new(at("2026-11-14T09:00:00Z"), "Closed"))
        .unwrap();
    assert!(
        doc.to_string()
            .contains("| 01:10 | Replay done |\n| 2026-11-14 09:00 | Closed |\n"),
        "{doc}"
    );
    assert_eq!(read(&doc).last().unwrap(), "2026-11-14T09:00:00+00:00");
}

proptest! {
    /// Any item added to a timeline table adds exactly one row, and the timeline then reads in
    /// time order.
    #[test]
    fn a_row_added_to_a_timeline_table_keeps_time_order(
        mut minutes in proptest::collection::vec(0i64..600, 1..6),
        new in 0i64..600,
    ) {
        minutes.sort_unstable();
        let t0 = at("2026-11-12T07:00:00Z");
        let rows: String = minutes
            .iter()
            .enumerate()
            .map(|(k, m)| format!("| {} | step {k} |\n", (t0 + TimeDelta::minutes(*m)).format("%Y-%m-%d %H:%M")))
            .collect();
        let text = table_log(&rows);
        let mut doc: Document = text.parse().unwrap();
        doc.add_timeline_item("INC-2026-031", &TimelineItem::new(t0 + TimeDelta::minutes(new), "added"))
            .unwrap();
        let out = doc.to_string();
        prop_assert_eq!(out.lines().count(), text.lines().count() + 1);
        let read = doc.get("INC-2026-031").unwrap().incident.clone().unwrap().timeline;
        prop_assert_eq!(read.len(), minutes.len() + 1);
        prop_assert!(read.windows(2).all(|w| w[0].at <= w[1].at));
        let mut kept: Vec<&str> = out.lines().collect();
        kept.retain(|l| !l.contains("| added |"));
        prop_assert_eq!(kept, text.lines().collect::<Vec<_>>());
    }
}

proptest! {
    /// Timeline tables and lists of any shape (rows with or without a date, cells missing,
    /// CRLF) and any step that records an item: nothing panics, a refused step leaves the text
    /// as it was, and a taken one reads back as the incident it left.
    #[test]
    fn any_timeline_and_any_step_is_taken_or_refused_whole(
        table in any::<bool>(),
        items in proptest::collection::vec(
            (prop::sample::select(vec!["2026-11-12 07:05", "07:05", "2026-11-12T07:30:00Z", "**2026-11-12 08:00**", "soon"]),
             "[a-z ]{0,10}", any::<bool>()),
            0..4,
        ),
        crlf in any::<bool>(),
        op in 0usize..3,
        minute in 0i64..300,
    ) {
        let mut body = String::new();
        if table {
            body.push_str("| Time (UTC) | Event |\n|---|---|\n");
        }
        for (time, text, cut) in &items {
            if table {
                body.push_str(&if *cut { format!("| {time} |\n") } else { format!("| {time} | {text} |\n") });
            } else {
                body.push_str(&format!("- {time} — {text}\n"));
            }
        }
        let mut text = table_log("").replace(
            "| Time (UTC) | Event |\n|------------|-------|\n",
            &body,
        );
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let mut doc: Document = text.parse().unwrap();
        let id = "INC-2026-031";
        let t = at("2026-11-12T07:00:00Z") + TimeDelta::minutes(minute);
        let result = match op {
            0 => doc.add_timeline_item(id, &TimelineItem::new(t, "added")).map(|_| ()),
            1 => doc.transition(id, &Transition::Acknowledge(t)).map(|_| ()),
            _ => doc.transition(id, &Transition::Reopen(t)).map(|_| ()),
        };
        match result {
            Err(_) => prop_assert_eq!(doc.to_string(), text),
            Ok(()) => {
                let after = doc.get(id).and_then(|e| e.incident.clone());
                let reread: Document = doc.to_string().parse().unwrap();
                prop_assert_eq!(reread.get(id).and_then(|e| e.incident.clone()), after);
            }
        }
    }
}

/// A `| Time | Event |` table under a `### Timeline` heading is the timeline, not a field
/// `Time`: a field set on the entry goes among its bold fields (it was written as a row of the
/// table, and the timeline then read as empty), a resolution's item as a row of it.
#[test]
fn a_timeline_table_under_its_heading_takes_no_field_rows() {
    let text = "# Incident Log\n\n## 2026-11-03 — Checkout latency spike\n\n**Severity:** P2\n\
                **Detected:** 2026-11-03 08:42 UTC\n\n**Impact:** slow checkout.\n\n### Timeline\n\n\
                | Time | Event |\n|------|-------|\n| 2026-11-03 08:42 UTC | alert |\n\
                | 2026-11-03 09:40 UTC | fixed |\n";
    let mut doc: Document = text.parse().unwrap();
    let id = "2026-11-03-checkout-latency-spike";
    let labels: Vec<String> = doc
        .log()
        .dialect
        .labels
        .iter()
        .map(|(_, l)| l.clone())
        .collect();
    assert!(!labels.iter().any(|l| l == "Time"), "{labels:?}");
    doc.set_field(
        id,
        incident_md::FieldName::Description,
        "Checkout regressed.",
    )
    .unwrap();
    let at = "2026-11-03T10:00:00Z".parse().unwrap();
    doc.transition(id, &Transition::Resolve(at)).unwrap();
    let out = doc.to_string();
    assert!(
        out.contains(
            "**Impact:** slow checkout.\n\n**Description:** Checkout regressed.\n\n### Timeline\n"
        ),
        "{out}"
    );
    assert!(
        out.ends_with("| 2026-11-03 09:40 UTC | fixed |\n| 2026-11-03 10:00 UTC | Resolved |\n"),
        "{out}"
    );
    let i = doc.get(id).unwrap().incident.as_ref().unwrap();
    assert_eq!(i.timeline.len(), 3, "{out}");
    assert_eq!(i.description.as_deref(), Some("Checkout regressed."));
}

/// A timeline of times of day (`- 14:02 UTC — paged`) under an entry whose detection time is
/// known: read on that day (the next one past midnight), and a new item written in the same form
/// where it is on a day that form reads back as. It was read as empty, and `timeline add` and
/// `reopen` were refused.
#[test]
fn times_of_day_are_read_on_the_entrys_day_and_written_in_their_form() {
    let src = "# Incident log\n\n## 2026-11-20 — Checkout errors\n\n**Severity:** SEV2\n**Detected:** 2026-11-20 22:00 UTC\n**Status:** Resolved\n\nCheckout failed.\n\n### Timeline\n- 22:00 UTC — alerts fired\n- 22:10 UTC — paged\n- 00:20 UTC — rolled back\n";
    let mut doc: Document = src.parse().unwrap();
    let id = "2026-11-20-checkout-errors";
    let read = |doc: &Document| -> Vec<(DateTime<Utc>, String)> {
        let i = doc.get(id).unwrap().incident.as_ref().unwrap();
        i.timeline.iter().map(|t| (t.at, t.text.clone())).collect()
    };
    assert_eq!(
        read(&doc),
        [
            (at("2026-11-20T22:00:00Z"), "alerts fired".to_owned()),
            (at("2026-11-20T22:10:00Z"), "paged".to_owned()),
            (at("2026-11-21T00:20:00Z"), "rolled back".to_owned()),
        ]
    );
    let item = TimelineItem::new(at("2026-11-20T22:15:00Z"), "incident channel opened");
    doc.add_timeline_item(id, &item).unwrap();
    assert!(
        doc.as_str()
            .contains("- 22:10 UTC — paged\n- 22:15 UTC — incident channel opened\n- 00:20"),
        "{doc}"
    );
    // Days later: a time of day would read as the day before, so the item says its day.
    doc.transition(id, &Transition::Reopen(at("2026-11-24T09:00:00Z")))
        .unwrap();
    let after = read(&doc);
    assert_eq!(after.len(), 5, "{doc}");
    assert_eq!(after[4].0, at("2026-11-24T09:00:00Z"), "{doc}");
    assert!(!doc.as_str().contains("- 09:00 UTC"), "{doc}");
}

/// A team's timeline none of whose items has a time the tool can read is reported (MD016),
/// quoting its first item as written.
#[test]
fn an_unread_timeline_is_reported_with_its_own_first_item() {
    let text = "# Incidents\n\n## 2026-11-20 — Payments API timeout\n\n\
                **Severity:** SEV2\n**Detected:** 2026-11-20 13:05 UTC\n\n\
                **Timeline:**\n- around lunch — alert fires\n- later — fixed\n";
    let doc: Document = text.parse().unwrap();
    let unread: Vec<&str> = doc
        .log()
        .diagnostics
        .iter()
        .filter(|d| d.code == incident_md::Code::UnreadValue)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(unread.len(), 1, "{unread:?}");
    assert!(
        unread[0].contains("(such as `around lunch — alert fires`)"),
        "{}",
        unread[0]
    );
}

/// An entry that writes its detection at an offset (`+05:30`) writes its times of day at it:
/// they are read so (they were read as UTC, which put the acknowledgement 5h 22m late), new
/// items are written so, and so are its new times (they were written in UTC, `…Z`).
#[test]
fn times_of_day_are_at_the_offset_the_detection_is_written_at() {
    let id = "INC-20261104-01";
    let text = "# On-call feed\n\n## [INC-20261104-01] Kafka broker disk saturation\n\n\
                Severity: HIGH\nDetected: 2026-11-04T09:15:00+05:30\nOwner: @arjun\n\
                Status: Investigating\n\nBroker kafka-3 hit 95% disk.\n\n#### Timeline\n\n\
                - 09:15 — pagerbot: disk > 90% on kafka-3\n- 09:22 — @arjun acknowledged\n";
    let mut doc: Document = text.parse().unwrap();
    let timeline = |d: &Document| d.get(id).unwrap().incident.clone().unwrap().timeline;
    let read: Vec<_> = timeline(&doc).iter().map(|i| i.at).collect();
    assert_eq!(
        read,
        [at("2026-11-04T03:45:00Z"), at("2026-11-04T03:52:00Z")]
    );
    doc.add_timeline_item(
        id,
        &TimelineItem::new(at("2026-11-04T04:10:00Z"), "retention fixed"),
    )
    .unwrap();
    doc.transition(id, &Transition::Resolve(at("2026-11-04T04:30:00Z")))
        .unwrap();
    let s = doc.as_str();
    assert!(
        s.contains("- 09:22 — @arjun acknowledged\n- 09:40 — retention fixed\n"),
        "{s}"
    );
    assert!(
        s.contains("Detected: 2026-11-04T09:15:00+05:30\nResolved: 2026-11-04T10:00:00+05:30\n"),
        "{s}"
    );
    assert_eq!(timeline(&doc)[2].at, at("2026-11-04T04:10:00Z"));
    assert_eq!(
        doc.get(id).unwrap().incident.as_ref().unwrap().resolved,
        Some(at("2026-11-04T04:30:00Z"))
    );
}
