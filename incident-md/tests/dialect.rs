//! Findings about a log as a whole in its own dialect, and the seed's dialect left as it was.

use incident_md::{Code, Document};

fn codes(src: &str) -> Vec<(Code, String)> {
    let doc: Document = src.parse().unwrap();
    doc.log()
        .diagnostics
        .iter()
        .map(|d| (d.code, d.message.clone()))
        .collect()
}

#[test]
fn entry_like_headings_without_fields_are_a_warning_with_the_lines() {
    let src = "# Log\n\n### INC-001: Disk full\n\nThe disk filled up.\n\n### INC-002: DNS down\n\nResolvers failed.\n";
    let doc: Document = src.parse().unwrap();
    assert!(doc.log().incidents.is_empty());
    let found = codes(src);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Code::NoEntryRecognised);
    assert!(found[0].1.contains("lines 3, 7"), "{}", found[0].1);
}

#[test]
fn entries_out_of_the_stated_order_and_written_ids_twice() {
    let src = "# Log\n\nNewest first.\n\n## INC-7: B\n\n- Severity: P1\n- Detected: 2026-03-01\n\n## INC-7: A\n\n- Severity: P2\n- Detected: 2026-05-01\n";
    let found: Vec<(Code, String)> = codes(src)
        .into_iter()
        .filter(|(c, _)| *c != Code::EntryIncomplete)
        .collect();
    let got: Vec<Code> = found.iter().map(|(c, _)| *c).collect();
    // Both are about the second entry; findings at one place are ordered by code.
    assert_eq!(got, vec![Code::DuplicateId, Code::EntryOrder], "{found:?}");
    assert!(found[1].1.contains("newest-first"));
}

#[test]
fn unknown_values_are_reported_not_guessed() {
    let src = "# Log\n\n## Incidents\n\n### Printer on fire\n\n- Severity: ?\n- Date: 2026-07-xx\n- Status: Resolved\n";
    let doc: Document = src.parse().unwrap();
    let e = &doc.log().incidents[0];
    assert_eq!(e.reading.level(), None);
    assert!(e.incident.is_none());
    let found = codes(src);
    assert_eq!(
        found.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
        vec![Code::UnreadValue, Code::UnreadValue, Code::EntryIncomplete]
    );
    assert!(found[0].1.contains("`?`") && found[1].1.contains("`2026-07-xx`"));
    // Not passed over in silence: the entry is read but nothing can count it.
    assert!(
        found[2].1.contains("no severity and no detection time"),
        "{}",
        found[2].1
    );
}

#[test]
fn an_entry_with_only_a_day_is_said_to_be_left_out() {
    let src = "# Log\n\n## Incident 1 \u{2014} Disk full\n\n### Detection\nAlert fired.\n\n- Severity: P1\n- Date: 2026-03-01\n";
    let found = codes(src);
    let incomplete: Vec<&String> = found
        .iter()
        .filter(|(c, _)| *c == Code::EntryIncomplete)
        .map(|(_, m)| m)
        .collect();
    assert_eq!(incomplete.len(), 1, "{found:?}");
    assert!(
        incomplete[0].contains("only a day is written"),
        "{}",
        incomplete[0]
    );
}

#[test]
fn a_certain_reading_makes_an_incident() {
    let src = "# Log\n\n### [2026-07-14] Airflow stopped\n\n- Severity: SEV-1\n- Detected: 2026-07-14 05:50 UTC\n- Root cause: Scheduler deadlock.\n- Follow-ups:\n  - [ ] Add a liveness probe (@ana)\n\n---\n\n<!-- new entries above this line -->\n";
    let doc: Document = src.parse().unwrap();
    let i = doc.log().incidents[0].incident.as_ref().unwrap();
    assert_eq!(i.title, "Airflow stopped");
    assert_eq!(i.severity, incident_core::Severity::High);
    assert_eq!(i.detected.to_rfc3339(), "2026-07-14T05:50:00+00:00");
    assert_eq!(i.root_cause.as_deref(), Some("Scheduler deadlock."));
    assert_eq!(i.follow_ups.len(), 1);
    assert_eq!(i.follow_ups[0].action, "Add a liveness probe");
    assert_eq!(i.follow_ups[0].assignee.as_deref(), Some("ana"));
    assert!(
        doc.log().diagnostics.is_empty(),
        "{:?}",
        doc.log().diagnostics
    );
}

/// A heading in the entries' own pattern at their level is an entry even when none of its
/// sections is a field the reader knows (a real log: `## Incident 2: …` with only
/// `### Why it happened` under it was left out of `list` and `check`).
#[test]
fn a_heading_in_the_entries_pattern_is_an_entry_without_known_fields() {
    let src = "# Reports\n\n## Incident 1: Slow store\n\n### Impact\n\nOrders fell.\n\n### Fix\n\nRolled back.\n\n---\n\n## Incident 2: Slow network\n\n### Why it happened\n\nA timeout.\n\n---\n\n## What I learned\n\n1. Things.\n";
    let doc: Document = src.parse().unwrap();
    let titles: Vec<&str> = doc.incidents().iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["Slow store", "Slow network"]);
    assert_eq!(doc.to_string(), src);
}

/// Reports that number their incidents by letter (`## Incident A: …`, a real log's style): each
/// is an entry titled without its letter, the letter is no ID, and a new incident takes the next
/// letter in the file's own heading style.
#[test]
fn incidents_numbered_by_letter() {
    let src = "# Reports\n\n## Incident A: Slow store\n\n**Severity:** High\n**Date:** 2026-03-01 10:00 UTC\n\n### Impact\n\nOrders fell.\n\n---\n\n## Incident B: Slow network\n\n**Severity:** Low\n**Date:** 2026-03-04 09:30 UTC\n\n### Impact\n\nA timeout.\n";
    let mut doc: Document = src.parse().unwrap();
    let read: Vec<(&str, &str)> = doc
        .incidents()
        .iter()
        .map(|e| (e.title.as_str(), e.id.as_str()))
        .collect();
    assert_eq!(
        read,
        [
            ("Slow store", "2026-03-01-slow-store"),
            ("Slow network", "2026-03-04-slow-network")
        ]
    );
    assert_eq!(doc.to_string(), src);
    let detected = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 9, 8, 0, 0).unwrap();
    let incident =
        incident_core::Incident::new("Disk full", incident_core::Severity::High, detected);
    doc.add_incident(&incident, &Default::default()).unwrap();
    assert!(
        doc.as_str().contains("## Incident C: Disk full\n"),
        "{}",
        doc.as_str()
    );
    assert_eq!(doc.incidents().len(), 3);
}

/// A severity table in the log's own scale (`SEV1` … `SEV4`, most severe first) says what its
/// words mean: its rows rank CRITICAL, HIGH, MEDIUM, LOW, its response times are the policy's,
/// no row is an unknown severity, and edits write and take its words. Without such a table
/// the usual reading stands (`SEV1` is HIGH, `SEV0` CRITICAL).
#[test]
fn a_severity_table_in_the_logs_own_scale_ranks_its_words() {
    let table = "## Severity levels\n\n| Level | Meaning | Response Time |\n|-------|---------|---------------|\n\
                 | SEV1 | Production down | Immediate escalation |\n| SEV2 | Major feature impacted | < 15 minutes |\n\
                 | SEV3 | Minor impact | < 1 hour |\n| SEV4 | Cosmetic | Next business day |\n\n";
    let entry = "## 2026-03-04 — Login failures\n\n**Severity:** SEV2\n**Detected:** 2026-03-04 09:12 UTC\n";
    let mut doc: Document = format!("# Incidents\n\n{table}{entry}").parse().unwrap();
    let incident = doc.incidents()[0].incident.clone().unwrap();
    assert_eq!(incident.severity, incident_core::Severity::High);
    let policy = &doc.log().policy;
    assert_eq!(
        policy
            .response_time(incident_core::Severity::High)
            .to_string(),
        "< 15 minutes"
    );
    assert!(
        doc.log()
            .diagnostics
            .iter()
            .all(|d| d.code.as_str() != "MD010"),
        "{:?}",
        doc.log().diagnostics
    );
    let id = doc.incidents()[0].id.clone();
    doc.set_field(&id, incident_md::FieldName::Severity, "CRITICAL")
        .unwrap();
    assert!(
        doc.as_str().contains("**Severity:** SEV1\n"),
        "{}",
        doc.as_str()
    );
    doc.set_field(&id, incident_md::FieldName::Severity, "SEV3")
        .unwrap();
    assert!(doc.as_str().contains("**Severity:** SEV3\n"));
    assert_eq!(
        doc.incidents()[0].incident.as_ref().unwrap().severity,
        incident_core::Severity::Medium
    );
    // No table: the usual reading.
    let doc: Document = format!("# Incidents\n\n{entry}").parse().unwrap();
    assert_eq!(
        doc.incidents()[0].incident.as_ref().unwrap().severity,
        incident_core::Severity::Medium
    );
}

/// A log saved with lone `\r` line endings is read line by line, as with `\n`: an empty
/// `**Follow-up Actions:**` is no follow-up made of every line after it (found by the
/// `generated` proptest).
#[test]
fn lone_carriage_returns_end_lines_for_the_lenient_reader() {
    let lf = "# INCIDENTS.md\n\n## Incident: a\n\n**Follow-up Actions:**\n\n**Related Logs:**\n\
              - grafana\n\n**Detected**: 2022-05-24 17:02:00Z\n\n**Severity:** critical\n\n\
              **Root Cause:**\nthe disk\n\n---\n";
    for text in [
        lf.to_owned(),
        lf.replace('\n', "\r"),
        lf.replace('\n', "\r\n"),
    ] {
        let doc: Document = text.parse().unwrap();
        let entry = &doc.incidents()[0];
        let incident = entry.incident.as_ref().expect("the incident is read");
        assert!(incident.follow_ups.is_empty(), "{:?}", incident.follow_ups);
        assert_eq!(incident.root_cause.as_deref(), Some("the disk"));
        assert_eq!(entry.reading.follow_ups, 0, "{text:?}");
        let keys: Vec<_> = entry.reading.fields.iter().map(|f| &*f.label).collect();
        assert_eq!(
            keys,
            [
                "Follow-up Actions",
                "Related Logs",
                "Detected",
                "Severity",
                "Root Cause"
            ],
            "{text:?}"
        );
    }
}

/// What the dialect learned says the same lines whatever the line endings (`explain` said
/// `line 1` for every part of a log with lone `\r` endings).
#[test]
fn learned_lines_are_the_same_with_any_line_ending() {
    let lf = "# Ops log\n\nNewest first.\n\n## 2026-03-09 — Login latency\n\n**Severity:** Medium\n\
              **Detected:** 2026-03-09 14:05 UTC\n\n## 2026-03-02 — API outage\n\n\
              **Severity:** High\n**Detected:** 2026-03-02 09:41 UTC\n";
    let lines = |text: String| {
        let doc: Document = text.parse().unwrap();
        let d = &doc.log().dialect;
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        (
            d.lines,
            d.field_style.as_ref().map(|l| l.line),
            d.order.line,
            d.entries.iter().map(|e| e.line).collect::<Vec<_>>(),
            d.insertion(today).line,
        )
    };
    let want = lines(lf.to_owned());
    assert_eq!(want.0, 13);
    assert_eq!(want.1, Some(7));
    assert_eq!(lines(lf.replace('\n', "\r")), want);
    assert_eq!(lines(lf.replace('\n', "\r\n")), want);
}

/// `explain` says where `add_incident` puts a new entry, in seed-format logs too: dates in no
/// order put it above the newest incident, not "at the end of the file" as `explain` said.
#[test]
fn explain_says_where_a_new_seed_entry_goes() {
    use incident_md::{AddOptions, Order};
    let entry = |d: &str| {
        format!("## Incident: T{d}\n\n### Severity: LOW\n\n### Detected: {d}T09:00:00Z\n\n---\n\n")
    };
    let logs = [
        ["2026-11-20", "2026-11-30", "2026-10-03"],
        ["2026-11-30", "2026-11-20", "2026-10-03"],
        ["2026-10-03", "2026-11-20", "2026-11-30"],
    ];
    for days in logs {
        let text = format!("# Log\n\n{}", days.map(entry).concat());
        let mut doc: Document = text.parse().unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let said = incident_md::dialect::explain(&doc, today).insert_line;
        let new = incident_core::Incident::new(
            "new",
            incident_core::Severity::Low,
            "2026-12-01T12:00:00Z".parse().unwrap(),
        );
        let options = AddOptions::learned(&doc, Order::NewestFirst);
        let added = doc.add_incident(&new, &options).unwrap();
        let at = doc.get(&added.id).unwrap().heading_span.start;
        assert_eq!(said, doc.position(at).line, "{days:?}: {}", doc.as_str());
    }
}

/// A team's timeline whose items have no certain time (`~9:40`) is reported (MD016), not
/// dropped in silence; one with dated items, or with times of day on the detection's day, is
/// read and not reported.
#[test]
fn a_timeline_of_times_without_a_day_is_reported() {
    let log = |items: &str| {
        format!(
            "# Log\n\n## 2026-03-02 — API outage\n\n**Severity:** Low\n\
             **Detected:** 2026-03-02 09:41 UTC\n\n**Timeline:**\n{items}\n"
        )
    };
    let unread = |text: String| {
        let doc: Document = text.parse().unwrap();
        let timeline = doc.incidents()[0].incident.as_ref().unwrap().timeline.len();
        let said = codes(&text)
            .into_iter()
            .filter(|(c, m)| *c == Code::UnreadValue && m.contains("timeline"))
            .count();
        (timeline, said)
    };
    assert_eq!(
        unread(log("- ~9:40 — alerts fire\n- around 10:30 — rollback")),
        (0, 1)
    );
    // Read in part: the rest is said.
    assert_eq!(
        unread(log("- ~9:40 — alerts fire\n- 10:30 — rollback")),
        (1, 1)
    );
    assert_eq!(
        unread(log("- 09:41 — alerts fire\n- 10:30 — rollback")),
        (2, 0)
    );
    assert_eq!(
        unread(log(
            "- 2026-03-02 09:41 — alerts fire\n- 2026-03-02 10:30 — rollback"
        )),
        (2, 0)
    );
}

/// `SEV3` and `SEV4` are both LOW: the word given is the one written (in the log's spelling),
/// where the log's first word for the level turned one into the other; a level given as a
/// level keeps the entry's own word.
#[test]
fn severity_words_that_share_a_level_are_written_as_given() {
    use incident_core::{Incident, Severity};
    use incident_md::{AddOptions, FieldName};
    let src = "# Incidents\n\n## 2026-11-20 — Search index stale\n\n- **Severity:** SEV-4\n- **Date:** 2026-11-20 09:00 UTC\n- **Status:** Resolved\n\nStale results.\n\n## [SEV-3] 2026-11-18 — Slow checkout\n\n- **Date:** 2026-11-18 10:00 UTC\n- **Status:** Resolved\n\nSlow.\n";
    let mut doc: Document = src.parse().unwrap();
    doc.set_field("2026-11-20-search-index-stale", FieldName::Severity, "sev3")
        .unwrap();
    assert!(doc.to_string().contains("- **Severity:** SEV-3\n"), "{doc}");
    doc.set_field("2026-11-18-slow-checkout", FieldName::Severity, "SEV4")
        .unwrap();
    assert!(doc.to_string().contains("## [SEV-4] 2026-11-18"), "{doc}");
    // LOW on a SEV-4 entry: the entry says that already.
    let before = doc.to_string();
    let changes = doc
        .set_field("2026-11-18-slow-checkout", FieldName::Severity, "LOW")
        .unwrap();
    assert!(changes.is_empty(), "{changes:?}");
    assert_eq!(doc.to_string(), before);
    // A new entry: the word given, where the log's first LOW word is SEV-3.
    let t0 = "2026-11-20T12:00:00Z".parse().unwrap();
    let options = AddOptions::default().with_severity_word("SEV4");
    let added = doc
        .add_incident(&Incident::new("Cache storm", Severity::Low, t0), &options)
        .unwrap();
    let entry = doc.get(&added.id).unwrap();
    let text = &doc.as_str()[entry.span.clone()];
    assert!(text.contains("- **Severity:** SEV-4"), "{text}");
}

/// Among entries that give a severity, one that writes none is no incident when it is a note
/// (a correction under a dated heading), but one that writes a detection time or follow-ups is
/// an incident whose severity is missing: read, and said so (MD018), not left out unsaid.
#[test]
fn an_entry_without_the_others_severity_is_left_out_only_when_it_is_a_note() {
    let entry = |title: &str, body: &str| format!("## 2026-09-0{title}\n\n{body}\n\n");
    let src = format!(
        "# Incidents\n\n{}{}{}{}{}{}",
        entry(
            "1 — Queue stalled",
            "**Severity:** SEV2\n**Detected:** 2026-09-01 10:00 UTC"
        ),
        entry(
            "2 — DNS flapping",
            "**Severity:** SEV3\n**Detected:** 2026-09-02 10:00 UTC"
        ),
        entry(
            "3 — Search results stale",
            "**Status:** Resolved\n**Detected:** 2026-09-03 11:00 UTC"
        ),
        entry(
            "4 — Correction to the DNS entry",
            "**Status:** note\n\nIt was two resolvers, not one."
        ),
        entry(
            "5 — Disk full",
            "**Severity:** SEV3\n**Detected:** 2026-09-05 10:00 UTC"
        ),
        entry(
            "6 — Cache cold",
            "**Severity:** SEV4\n**Detected:** 2026-09-06 10:00 UTC"
        ),
    );
    let doc: Document = src.parse().unwrap();
    let titles: Vec<&str> = doc.incidents().iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Queue stalled",
            "DNS flapping",
            "Search results stale",
            "Disk full",
            "Cache cold"
        ]
    );
    let found = codes(&src);
    assert!(
        found
            .iter()
            .any(|(c, m)| *c == Code::EntryIncomplete && m.contains("Search results stale")),
        "{found:?}"
    );
    let skipped = &doc.log().dialect.skipped;
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(
        skipped[0].heading,
        "2026-09-04 — Correction to the DNS entry"
    );
}
