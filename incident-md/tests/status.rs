//! `Status:` values the tool does not know (`LIFE001`) and stages the timestamps contradict
//! (`LIFE002`), as `check` reports them: the value, its span, the allowed values.

use incident_core::{Code, Level};
use incident_md::Document;
use incident_md::check::{CheckContext, check_document};

fn entry(fields: &str) -> String {
    format!(
        "# INCIDENTS.md\n\n## Incident: API down\n\n### Severity: HIGH\n\n### Detected: 2026-03-02T10:00:00Z\n\n{fields}"
    )
}

/// The `LIFE…` findings of a log: code, level, message and the text their span covers.
fn life(text: &str) -> Vec<(Code, Level, String, String)> {
    let doc: Document = text.parse().unwrap();
    let now = "2026-03-02T12:00:00Z".parse().unwrap();
    check_document(&doc, &CheckContext::new(now))
        .into_iter()
        .filter(|f| f.code.as_str().starts_with("LIFE"))
        .map(|f| {
            assert_eq!(f.incident.as_deref(), Some("2026-03-02-api-down"));
            let span = f.span.clone().unwrap();
            (f.code, f.level, f.message, text[span].to_owned())
        })
        .collect()
}

#[test]
fn an_unknown_status_names_the_value_its_span_and_the_allowed_values() {
    let found = life(&entry("### Status: awaiting-vendor\n"));
    assert_eq!(
        found,
        [(
            Code::UnknownStatus,
            Level::Warning,
            "unknown status `awaiting-vendor` in incident `2026-03-02-api-down`: expected detected, acknowledged, mitigated, resolved, open, reopened or `cancelled — REASON`".to_owned(),
            "awaiting-vendor".to_owned(),
        )]
    );
    assert_eq!(Code::UnknownStatus.to_string(), "LIFE001");
}

#[test]
fn a_near_miss_gets_the_closest_value() {
    let found = life(&entry("### Status: **Reopend**\n"));
    assert_eq!(found.len(), 1);
    assert!(
        found[0].2.ends_with("; did you mean `reopened`?"),
        "{}",
        found[0].2
    );
    assert_eq!(found[0].3, "Reopend");
}

#[test]
fn known_values_are_quiet() {
    for status in [
        "reopened",
        "Cancelled — false alarm",
        "cancelled (duplicate of 2026-03-02-x) — same alert",
        "open",
        "✅ Detected",
        "<status>",
    ] {
        assert_eq!(
            life(&entry(&format!("### Status: {status}\n"))),
            [],
            "{status}"
        );
    }
    let resolved = "### Resolved: 2026-03-02T11:00:00Z\n\n### Status: Resolved\n";
    assert_eq!(life(&entry(resolved)), []);
}

#[test]
fn a_status_the_timestamps_contradict() {
    let found = life(&entry("### Status: ✅ Resolved\n"));
    assert_eq!(
        found,
        [(
            Code::StatusContradicted,
            Level::Warning,
            "incident `2026-03-02-api-down` says `Status: Resolved` but it has no Resolved time"
                .to_owned(),
            "Resolved".to_owned(),
        )]
    );
    let found = life(&entry(
        "### Resolved: 2026-03-02T11:00:00Z\n\n### Status: open\n",
    ));
    assert_eq!(
        found.iter().map(|f| f.2.as_str()).collect::<Vec<_>>(),
        [
            "incident `2026-03-02-api-down` says `Status: open` but it was resolved at 2026-03-02T11:00:00Z"
        ]
    );
    let found = life(&entry("### Status: mitigated\n"));
    assert_eq!(found[0].0, Code::StatusContradicted);
    assert!(found[0].2.ends_with("it has no Mitigated time"));
}

#[test]
fn status_page_words_say_open() {
    // `Investigating`, `Identified`, `Monitoring`: what status pages write while an incident is
    // open. No LIFE001; a Resolved time contradicts them as it does `open`.
    for status in [
        "Investigating",
        "identified",
        "**Monitoring**",
        "In progress",
        "Ongoing",
    ] {
        assert_eq!(
            life(&entry(&format!("### Status: {status}\n"))),
            [],
            "{status}"
        );
        let found = life(&entry(&format!(
            "### Resolved: 2026-03-02T11:00:00Z\n\n### Status: {status}\n"
        )));
        assert_eq!(found.len(), 1, "{status}: {found:?}");
        assert_eq!(found[0].0, Code::StatusContradicted);
        assert!(
            found[0]
                .2
                .ends_with("it was resolved at 2026-03-02T11:00:00Z")
        );
    }
}

/// A team log: `INCIDENT-NNN` headings, `- **Field:**` lines, its own Status words.
fn team_log(status: &str, resolved: &str) -> String {
    format!(
        "# Incident Log\n\n## Incidents\n\n### INCIDENT-001: API down\n\n- **Severity:** High\n- **Detected:** 2026-03-02T10:00:00Z\n- **Status:** {status}\n{resolved}- **Root cause:** bad deploy\n"
    )
}

fn stated(text: &str) -> (incident_core::Status, Vec<(Code, String, String)>) {
    let doc: Document = text.parse().unwrap();
    let status = doc.incidents()[0].incident.as_ref().unwrap().status();
    let now = "2026-03-02T12:00:00Z".parse().unwrap();
    let life = check_document(&doc, &CheckContext::new(now))
        .into_iter()
        .filter(|f| f.code.as_str().starts_with("LIFE"))
        .map(|f| (f.code, f.message, text[f.span.unwrap()].to_owned()))
        .collect();
    (status, life)
}

#[test]
fn a_team_status_that_says_done_makes_the_incident_resolved_and_check_asks_for_the_time() {
    use incident_core::Status;
    for word in ["Fixed", "Closed", "✅ Resolved"] {
        let (status, life) = stated(&team_log(word, ""));
        assert_eq!(status, Status::Resolved, "{word}");
        let shown = word.trim_start_matches("✅ ");
        assert_eq!(
            life,
            [(
                Code::StatusContradicted,
                format!(
                    "incident `INCIDENT-001` says `Status: {shown}` but it has no Resolved time"
                ),
                shown.to_owned(),
            )],
            "{word}"
        );
    }
    // A time written says it all; open words stay open.
    let (status, life) = stated(&team_log("Fixed", "- **Resolved:** 2026-03-02T11:00:00Z\n"));
    assert_eq!((status, life), (Status::Resolved, vec![]));
    let (status, life) = stated(&team_log("Open", ""));
    assert_eq!((status, life), (Status::Open, vec![]));
}

#[test]
fn a_seed_status_in_other_words_for_done_is_resolved_without_its_time() {
    let found = life(&entry("### Status: Closed\n"));
    assert_eq!(
        found,
        [(
            Code::StatusContradicted,
            Level::Warning,
            "incident `2026-03-02-api-down` says `Status: Closed` but it has no Resolved time"
                .to_owned(),
            "Closed".to_owned(),
        )]
    );
    let doc: Document = entry("### Status: Closed\n").parse().unwrap();
    let i = doc.incidents()[0].incident.as_ref().unwrap();
    assert_eq!(i.status(), incident_core::Status::Resolved);
    assert_eq!(i.stage(), incident_core::Stage::Detected);
}

#[test]
fn an_incident_resolved_in_the_teams_words_can_be_reopened_and_its_status_says_so_in_its_case() {
    use incident_core::{Stage, Status, Transition};
    let at = "2026-03-03T09:00:00Z".parse().unwrap();
    for (word, resolved, reopened) in [
        ("Fixed", "", "Reopened"),
        ("closed", "", "reopened"),
        (
            "RESOLVED",
            "- **Resolved:** 2026-03-02T11:00:00Z\n",
            "REOPENED",
        ),
        (
            "Resolved",
            "- **Resolved:** 2026-03-02T11:00:00Z\n",
            "Reopened",
        ),
    ] {
        let text = team_log(word, resolved);
        let mut doc: Document = text.parse().unwrap();
        doc.transition("INCIDENT-001", &Transition::Reopen(at))
            .unwrap_or_else(|e| panic!("{word}: {e}"));
        let out = doc.to_string();
        assert!(
            out.contains(&format!("- **Status:** {reopened}\n")),
            "{word}:\n{out}"
        );
        let i = doc.incidents()[0].incident.as_ref().unwrap();
        assert_eq!(
            (i.status(), i.stage()),
            (Status::Open, Stage::Reopened),
            "{word}"
        );
        assert!(
            i.timeline
                .iter()
                .any(|t| t.text.starts_with("Reopened (was resolved"))
        );
    }
    // Open in its own words: nothing to reopen.
    let mut doc: Document = team_log("Open", "").parse().unwrap();
    assert!(
        doc.transition("INCIDENT-001", &Transition::Reopen(at))
            .is_err()
    );
}

#[test]
fn a_cancellation_is_written_in_the_case_of_a_teams_status() {
    use incident_core::Transition;
    let at = "2026-03-02T11:00:00Z".parse().unwrap();
    let mut doc: Document = team_log("Open", "").parse().unwrap();
    doc.transition(
        "INCIDENT-001",
        &Transition::Cancel {
            at,
            reason: "duplicate page".into(),
            duplicate_of: None,
        },
    )
    .unwrap();
    let out = doc.to_string();
    assert!(
        out.contains("- **Status:** Cancelled — duplicate page\n"),
        "{out}"
    );
    assert!(doc.incidents()[0].incident.as_ref().unwrap().is_cancelled());
}

/// An entry only the lenient reading reads (its severity is `SEV2`) reads back the Status that
/// `cancel` and `reopen` write, as an entry the strict reading reads does.
#[test]
fn cancel_and_reopen_read_back_in_a_teams_own_words() {
    use incident_core::{Stage, Transition};
    for severity in ["SEV2", "P2", "HIGH"] {
        let text = format!(
            "# Incidents\n\n## 2026-03-04 — Login failures\n\n**Severity:** {severity}\n**Status:** Investigating\n**Detected:** 2026-03-04 09:12 UTC\n"
        );
        let mut doc: Document = text.parse().unwrap();
        let id = doc.incidents()[0].id.clone();
        let at = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
        let stage = |doc: &Document| doc.incidents()[0].incident.as_ref().unwrap().stage();
        doc.transition(
            &id,
            &Transition::Cancel {
                at: at("2026-03-05T00:00:00Z"),
                reason: "false alarm".into(),
                duplicate_of: None,
            },
        )
        .unwrap();
        assert!(
            doc.as_str()
                .contains("**Status:** Cancelled — false alarm\n"),
            "{severity}: {}",
            doc.as_str()
        );
        assert_eq!(stage(&doc), Stage::Cancelled, "{severity}");
        doc.transition(&id, &Transition::Reopen(at("2026-03-06T00:00:00Z")))
            .unwrap();
        assert_eq!(stage(&doc), Stage::Reopened, "{severity}");
    }
}

/// `resolve` then `reopen` in a seed-format log: the `### Resolved:` heading the step added
/// goes again (a placeholder would read as a field still to fill); a template that has the
/// field keeps it, with its placeholder.
#[test]
fn reopening_removes_the_resolved_heading_the_template_has_no_field_for() {
    use incident_core::Transition;
    let resolved = "2026-03-02T11:00:00Z".parse().unwrap();
    let reopened = "2026-03-03T09:00:00Z".parse().unwrap();
    let text = entry("### Description:\nIt broke.\n\n---\n");
    let mut doc: Document = text.parse().unwrap();
    doc.transition("2026-03-02-api-down", &Transition::Resolve(resolved))
        .unwrap();
    assert!(
        doc.as_str()
            .contains("### Resolved: 2026-03-02T11:00:00Z\n\n")
    );
    doc.transition("2026-03-02-api-down", &Transition::Reopen(reopened))
        .unwrap();
    let out = doc.to_string();
    assert!(!out.contains("### Resolved:"), "{out}");
    assert!(out.contains("### Status: reopened\n\n"), "{out}");
    assert!(out.contains("### Description:\nIt broke.\n"), "{out}");
    let i = doc.incidents()[0].incident.as_ref().unwrap();
    assert_eq!(i.resolved, None);

    // The template names Resolved: the entry keeps the field, its placeholder back.
    let with_field = format!(
        "{}\n## Template: Log New Incident\n\n```\n## Incident: <title>\n\n### Severity: LOW | MEDIUM | HIGH | CRITICAL\n\n### Detected: <ISO 8601 timestamp>\n\n### Resolved: <ISO 8601 timestamp>\n```\n",
        entry("### Resolved: 2026-03-02T11:00:00Z\n\n---\n")
    );
    let mut doc: Document = with_field.parse().unwrap();
    assert!(
        doc.log()
            .template
            .fields
            .iter()
            .any(|f| f.name == Some(incident_md::FieldName::Resolved))
    );
    doc.transition("2026-03-02-api-down", &Transition::Reopen(reopened))
        .unwrap();
    let out = doc.to_string();
    assert!(out.contains("### Resolved: "), "{out}");
    assert!(!out.contains("### Resolved: 2026-03-02T11:00:00Z"), "{out}");
}

/// A cancellation has no time field of its own: an entry without a timeline gets one, with the
/// cancellation's time, as a reopening does.
#[test]
fn a_cancellation_keeps_its_time_in_a_timeline_the_entry_did_not_have() {
    use incident_core::Transition;
    let at = "2026-03-02T10:30:00Z".parse().unwrap();
    let mut doc: Document = entry("### Description:\nA page.\n").parse().unwrap();
    let step = Transition::Cancel {
        at,
        reason: "false alarm".into(),
        duplicate_of: None,
    };
    doc.transition("2026-03-02-api-down", &step).unwrap();
    let out = doc.to_string();
    assert!(
        out.contains("### Timeline:\n- 2026-03-02T10:30:00Z — Cancelled: false alarm\n"),
        "{out}"
    );
    let i = doc.incidents()[0].incident.as_ref().unwrap();
    assert_eq!(i.timeline.len(), 1);
    assert_eq!(i.timeline[0].at, at);
}

/// A team's bold-line entry: Detected, Owner, Status (and Resolved), then its description.
fn bold_entry(title: &str, lines: &str) -> String {
    format!(
        "### {title}\n\n**Detected:** 2026-11-02 03:10 UTC\n**Owner:** @lee\n{lines}\nIndex not swapped.\n"
    )
}

fn transition(text: &str, id: &str, step: incident_core::Transition) -> Document {
    let mut doc: Document = text.parse().unwrap();
    doc.transition(id, &step).unwrap();
    doc
}

fn reading(doc: &Document, id: &str) -> (bool, Option<String>) {
    let i = doc.get(id).unwrap().incident.clone().unwrap();
    (i.status() == incident_core::Status::Resolved, i.description)
}

/// Reopening a bold-line entry takes its Resolved line out, keeps the paragraph below as the
/// description, and puts the timeline after it: the Resolved line was replaced by a
/// placeholder, the timeline split the block, and the description was read as nothing. A
/// symbol of the old status (`✅ Resolved`) goes with its words (`✅ Reopened` read as
/// resolved).
#[test]
fn a_reopening_keeps_the_block_and_its_description() {
    let at = "2026-11-30T10:00:00Z".parse().unwrap();
    let id = "2026-11-02-search-index-stale";
    for status in ["Resolved", "✅ Resolved"] {
        let text = format!(
            "# Ops incidents\n\n{}",
            bold_entry(
                "Search index stale (SEV-3)",
                &format!("**Status:** {status}\n**Resolved:** 2026-11-02 05:00 UTC\n")
            )
        );
        let doc = transition(&text, id, incident_core::Transition::Reopen(at));
        assert_eq!(
            doc.as_str(),
            text.replace(
                &format!("**Status:** {status}\n**Resolved:** 2026-11-02 05:00 UTC\n"),
                "**Status:** Reopened\n"
            )
            .replace(
                "Index not swapped.\n",
                "Index not swapped.\n\n**Timeline:**\n\
                 - 2026-11-30 10:00 UTC — Reopened (was resolved 2026-11-02T05:00:00Z)\n"
            ),
            "{status}"
        );
        assert_eq!(
            reading(&doc, id),
            (false, Some("Index not swapped.".to_owned()))
        );
    }
}

/// Resolving an entry whose Status has a symbol (`🟡 Monitoring`) writes the new words with
/// the symbol the log writes them with, or none: the Status was left as it was (LIFE002).
#[test]
fn a_status_symbol_follows_its_words() {
    let at = "2026-11-05T10:00:00Z".parse().unwrap();
    let id = "2026-11-02-checkout-latency";
    let open = bold_entry("Checkout latency (SEV-2)", "**Status:** 🟡 Monitoring\n");
    let done = bold_entry(
        "Older (SEV-3)",
        "**Status:** ✅ Resolved\n**Resolved:** 2026-11-02 04:00 UTC\n",
    )
    .replace("2026-11-02 03:10", "2026-11-02 02:10");
    for (log, symbol) in [(open.clone(), ""), (format!("{open}\n{done}"), "✅ ")] {
        let text = format!("# Ops incidents\n\n{log}");
        let doc = transition(&text, id, incident_core::Transition::Resolve(at));
        let want = text.replacen(
            "**Owner:** @lee\n**Status:** 🟡 Monitoring\n",
            &format!(
                "**Resolved:** 2026-11-05 10:00 UTC\n**Owner:** @lee\n**Status:** {symbol}Resolved\n"
            ),
            1,
        );
        assert_eq!(doc.as_str(), want);
        assert!(reading(&doc, id).0);
        assert!(life(doc.as_str()).is_empty(), "{:?}", life(doc.as_str()));
    }
}

/// A team's `Status: Mitigated` line without a Mitigated time is LIFE002, as in a typed Status
/// field (only `Resolved` words were checked there); team words for open stay unchecked.
#[test]
fn a_team_status_line_names_a_stage_its_times_lack() {
    let log = |status: &str| {
        format!(
            "# Incidents\n\n## API down\n\nSeverity: HIGH\n\
             Detected: 2026-03-02 09:15 UTC\nAcknowledged: 2026-03-02 09:22 UTC\n\
             Status: {status}\n\nBroker kafka-3 hit 95% disk.\n"
        )
    };
    let found = life(&log("Mitigated"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Code::StatusContradicted);
    assert!(found[0].2.contains("it has no Mitigated time"), "{found:?}");
    assert_eq!(found[0].3, "Mitigated");
    for open in ["Investigating", "Monitoring", "Acknowledged"] {
        assert!(
            life(&log(open)).is_empty(),
            "{open}: {:?}",
            life(&log(open))
        );
    }
}

/// The typed view's Status field (`### Status: ✅ Resolved` in the seed's format): a reopening
/// replaces the symbol with the words.
#[test]
fn a_typed_status_symbol_goes_with_its_words() {
    let text = entry("### Resolved: 2026-03-02T11:00:00Z\n\n### Status: ✅ Resolved\n");
    let doc = transition(
        &text,
        "2026-03-02-api-down",
        incident_core::Transition::Reopen("2026-03-02T11:30:00Z".parse().unwrap()),
    );
    assert!(
        doc.as_str().contains("### Status: Reopened\n"),
        "{}",
        doc.as_str()
    );
}
