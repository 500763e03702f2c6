//! Fields of teams' entries where the seed's reader sees something else: bold lines of one
//! paragraph (`**Status:** Resolved` then `**Owner:** @kim`), where a line with any bold label
//! starts a field of its own, so editing the field above it leaves it alone (a team's
//! `**Owner:**` line used to be read as part of the Status value and was deleted by `reopen`);
//! fields under a section the seed does not know (`## Metadata`) or in a `| Field | Value |`
//! table under a heading it reads as a field (`## Summary`); and times written back in the form
//! their field has.

use incident_core::{FollowUp, Transition};
use incident_md::Document;

const LOG: &str = "# Log\n\n### INC-1: Mount lost\n\n**Severity:** Low\n**Detected:** 2026-07-09 14:00 UTC\n**Status:** Resolved\n**Owner:** @chiara\n**Description:** Builds failed.\n**Resolved:** 2026-07-09 15:00 UTC\n**Reviewer:** @dan\n";

fn doc() -> Document {
    LOG.parse().unwrap()
}

/// The follow-ups of the document's first incident.
fn first_follow_ups(doc: &Document) -> Vec<FollowUp> {
    doc.incidents()[0]
        .incident
        .as_ref()
        .expect("the first entry is an incident")
        .follow_ups
        .clone()
}

/// A file of the corpus (`tests/data/real-logs/…`): its text and the document read from it.
fn corpus(rel: &str) -> (String, Document) {
    let path = format!("{}/tests/data/real-logs/{rel}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let doc = text.parse().unwrap();
    (text, doc)
}

#[test]
fn an_unknown_bold_label_is_no_line_of_the_value_above_it() {
    let d = doc();
    let e = d.get("INC-1").unwrap();
    let status = e.fields.iter().find(|f| f.label == "Status").unwrap();
    assert_eq!(&LOG[status.span.clone()], "**Status:** Resolved");
    assert!(
        e.fields
            .iter()
            .any(|f| f.label == "Reviewer" && f.name.is_none())
    );
    let i = e.incident.as_ref().unwrap();
    assert_eq!(i.description.as_deref(), Some("Builds failed."));
}

#[test]
fn reopening_changes_the_status_words_only() {
    let mut d = doc();
    d.transition(
        "INC-1",
        &Transition::Reopen("2026-12-01T10:00:00Z".parse().unwrap()),
    )
    .unwrap();
    let out = d.to_string();
    assert!(
        out.contains("**Status:** Reopened\n**Owner:** @chiara\n"),
        "{out}"
    );
    assert!(out.contains("**Reviewer:** @dan"), "{out}");
}

#[test]
fn a_time_is_written_in_the_form_of_its_field() {
    let mut d = doc();
    d.set_field(
        "INC-1",
        incident_md::FieldName::Resolved,
        "2026-07-09T15:30:00Z",
    )
    .unwrap();
    assert_eq!(
        d.to_string(),
        LOG.replace(
            "**Resolved:** 2026-07-09 15:00 UTC",
            "**Resolved:** 2026-07-09 15:30 UTC"
        )
    );
    // Seconds the form has no room for are kept, in the same form.
    d.set_field(
        "INC-1",
        incident_md::FieldName::Resolved,
        "2026-07-09T15:30:20Z",
    )
    .unwrap();
    assert!(
        d.to_string()
            .contains("**Resolved:** 2026-07-09 15:30:20 UTC\n")
    );
    let i = d.get("INC-1").unwrap().incident.clone().unwrap();
    assert_eq!(i.resolved, Some("2026-07-09T15:30:20Z".parse().unwrap()));
}

#[test]
fn fields_under_a_section_the_seed_does_not_know_are_the_entrys() {
    // A postmortem keeps its fields under `## Metadata` (`**Severity**: Critical` lines); a new
    // Acknowledged field goes among them (it was refused: "would not read back here").
    let (text, mut d) = corpus("postmortems/2026-09-27-cert-expiry.md");
    let id = d.incidents()[0].id.clone();
    d.transition(
        &id,
        &Transition::Acknowledge("2026-09-27T00:10:00Z".parse().unwrap()),
    )
    .unwrap();
    let out = d.to_string();
    assert!(
        out.contains(
            "**Detected**: 2026-09-27 00:00 UTC\n**Acknowledged**: 2026-09-27 00:10 UTC\n"
        ),
        "{out}"
    );
    let i = d.incidents()[0].incident.clone().unwrap();
    assert_eq!(
        i.acknowledged,
        Some("2026-09-27T00:10:00Z".parse().unwrap())
    );
    assert_eq!(
        out.replace("**Acknowledged**: 2026-09-27 00:10 UTC\n", ""),
        text
    );
}

#[test]
fn a_field_table_under_a_summary_heading_holds_the_entrys_fields() {
    // `## Summary` reads as the seed's Description; its `| Field | Value |` rows are still the
    // entry's fields, and a new one is one more row (ack was refused: would not read back).
    let text = "# Incident Report: Intake queue stalled\n\n## Summary\n\n| Field | Value |\n|-------|-------|\n| **Incident ID** | INC-2026-031 |\n| **Date/Time** | 2026-11-12 07:05 UTC |\n| **Severity** | SEV-2 |\n| **Status** | Resolved |\n\n## Impact\n\nJobs waited up to 40 minutes.\n";
    let mut d: Document = text.parse().unwrap();
    d.transition(
        "INC-2026-031",
        &Transition::Acknowledge("2026-11-12T07:10:00Z".parse().unwrap()),
    )
    .unwrap();
    assert_eq!(
        d.to_string(),
        text.replace(
            "| **Status** | Resolved |\n",
            "| **Status** | Resolved |\n| Acknowledged | 2026-11-12 07:10 UTC |\n"
        )
    );
}

#[test]
fn a_time_cleared_in_a_teams_log_goes_with_its_line() {
    // A reopening clears Resolved: a team's log has no placeholder for it, so its line goes (the
    // time is kept in the reopening's timeline item). It used to read `_Not documented yet._`.
    let mut d = doc();
    d.transition(
        "INC-1",
        &Transition::Reopen("2026-12-01T10:00:00Z".parse().unwrap()),
    )
    .unwrap();
    let out = d.to_string();
    assert!(!out.contains("**Resolved:**"), "{out}");
    assert!(!out.contains("Not documented"), "{out}");
    assert!(out.contains("**Reviewer:** @dan"), "{out}");
    // A new timeline takes the file's form of time.
    assert!(
        out.contains("**Timeline:**\n- 2026-12-01 10:00 UTC — Reopened (was resolved"),
        "{out}"
    );
    let i = d.get("INC-1").unwrap().incident.clone().unwrap();
    assert_eq!(i.resolved, None);
    assert!(
        i.timeline
            .iter()
            .any(|t| t.text.contains("was resolved 2026-07-09T15:00:00Z"))
    );
}

#[test]
fn a_new_field_after_a_list_is_not_read_into_its_last_item() {
    // `**Follow-ups**:` and its items, then a new `**Lessons Learned**:` line: without a blank
    // line it would be a lazy continuation of the last item (the edit was refused: would not
    // read back).
    let (_, mut d) = corpus("logs/03-incident-number-emdash.md");
    let id = "2026-01-14-redis-primary-failover-loop";
    d.set_field(id, incident_md::FieldName::LessonsLearned, "Alert earlier")
        .unwrap();
    let out = d.to_string();
    assert!(
        out.contains("- [x] Alert on more than 2 failovers per hour (Ana)\n\n**Lessons Learned**: Alert earlier\n"),
        "{out}"
    );
    let i = d.get(id).unwrap().incident.clone().unwrap();
    assert_eq!(i.lessons_learned.as_deref(), Some("Alert earlier"));
    assert_eq!(i.follow_ups.len(), 2);
}

/// A bold label alone on its line (`**Action items**`, no colon) above its list, after a list
/// of `- **Field:** value` items: the list is the follow-ups (it was read as part of the last
/// field above, so `action done 1` marked an item a second `**Action items:**` list got).
const BOLD_ALONE: &str = "# Platform log

## 2026

### 2026-11-28 — Payments API 502s

- **Severity:** SEV-2
- **Started:** 2026-11-28 07:42 UTC
- **Root cause:** cert-manager issued with the wrong issuer ref.

**Action items**
- [ ] Add chain validation to the rotation job (@mira, 2026-12-05)
- [x] Roll back to the previous issuer (@tom)

**Important**
Not a field: bold text that names nothing.
";

#[test]
fn a_bold_label_alone_on_its_line_heads_its_list() {
    use incident_core::FollowUp;
    let mut d: Document = BOLD_ALONE.parse().unwrap();
    let e = &d.incidents()[0];
    let id = e.id.clone();
    let i = e.incident.as_ref().unwrap();
    assert_eq!(
        i.root_cause.as_deref(),
        Some("cert-manager issued with the wrong issuer ref.")
    );
    let actions: Vec<_> = i.follow_ups.iter().map(|f| f.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "Add chain validation to the rotation job",
            "Roll back to the previous issuer"
        ]
    );
    // A date after the owner in the parentheses is the due date.
    assert_eq!(
        i.follow_ups[0].due_date(),
        chrono::NaiveDate::from_ymd_opt(2026, 12, 5)
    );
    assert_eq!(i.follow_ups[0].assignee.as_deref(), Some("mira"));
    // Bold text that names no field stays text.
    assert!(!e.fields.iter().any(|f| f.label == "Important"));
    // Edits land in that list, and `done 1` marks its first item.
    d.add_follow_up(
        &id,
        &FollowUp::new("Schedule incident review").assignee("mira"),
    )
    .unwrap();
    d.set_follow_up_done(&id, 1, true).unwrap();
    let text = d.to_string();
    assert_eq!(text.matches("Action items").count(), 1, "{text}");
    assert!(text.contains("- [x] Add chain validation to the rotation job (@mira, 2026-12-05)\n- [x] Roll back to the previous issuer (@tom)\n- [ ] Schedule incident review"), "{text}");
}

/// `Actions:` with task items lists the actions to take (plain items under `Actions taken:` are
/// what was done): they are the follow-ups, `action add` appends to them and `action done 1`
/// ticks the first (a second `Follow-up Actions:` list was started, and ticked).
const ACTIONS: &str = "# Log

## 2026-11-01: Search index stale

Severity: low
Detected: 2026-11-01T10:00:00Z

Actions taken:

- Restarted the indexer

Actions:

- [ ] Add a freshness SLO for the indexer - @leo - 2026-12-15
- [ ] Page on indexer lag (@sam, due 2026-12-04)
";

#[test]
fn task_items_under_actions_are_the_follow_ups() {
    use incident_core::FollowUp;
    let mut d: Document = ACTIONS.parse().unwrap();
    let id = d.incidents()[0].id.clone();
    let i = d.incidents()[0].incident.clone().unwrap();
    let actions: Vec<_> = i.follow_ups.iter().map(|f| f.action.as_str()).collect();
    assert_eq!(
        actions,
        ["Add a freshness SLO for the indexer", "Page on indexer lag"]
    );
    assert_eq!(i.follow_ups[1].assignee.as_deref(), Some("sam"));
    assert_eq!(
        i.follow_ups[1].due_date(),
        chrono::NaiveDate::from_ymd_opt(2026, 12, 4)
    );
    d.add_follow_up(
        &id,
        &FollowUp::new("Schedule incident review").assignee("lead"),
    )
    .unwrap();
    d.set_follow_up_done(&id, 1, true).unwrap();
    let text = d.to_string();
    assert_eq!(text.matches("Actions").count(), 2, "{text}");
    assert!(text.ends_with("- [x] Add a freshness SLO for the indexer - @leo - 2026-12-15\n- [ ] Page on indexer lag (@sam, due 2026-12-04)\n- [ ] Schedule incident review (@lead)\n"), "{text}");
    assert!(text.contains("- Restarted the indexer\n"));
}

#[test]
fn a_new_follow_up_is_written_as_the_lists_items_are() {
    use incident_core::FollowUp;
    let text = "# Log\n\n### INC-041: Redis failover loop\n\n**Severity:** High\n**Detected:** 2026-08-02 22:10 UTC\n\n**Follow-ups:**\n- [x] Fix sentinel quorum — @omar — 2026-08-05\n";
    let mut d: Document = text.parse().unwrap();
    let due = "2026-12-08".parse().unwrap();
    let mut f = FollowUp::new("Schedule incident review").assignee("lead");
    f.due = Some(incident_core::Due::Date(due));
    d.add_follow_up("INC-041", &f).unwrap();
    assert!(
        d.as_str().ends_with(
            "— @omar — 2026-08-05\n- [ ] Schedule incident review — @lead — 2026-12-08\n"
        ),
        "{}",
        d.as_str()
    );
    let read = d.get("INC-041").unwrap().incident.clone().unwrap();
    assert_eq!(read.follow_ups.last(), Some(&f));
}

/// Text after a blank line that ends a block of one-line fields is what happened: the entry's
/// description, where it writes none (it used to be read as more of the last field's value,
/// and `check` said the description was missing). `set description` replaces that text.
#[test]
fn prose_after_a_block_of_one_line_fields_is_the_description() {
    let text = "# Payments incidents\n\n\
                ## 2026-10-03: Webhook backlog\n\n\
                Severity: P2\nDetected: 2026-10-03 09:14 UTC\nOwner: @marta\n\n\
                The consumer fell behind after a rebalance;\nrefunds were delayed.\n\n\
                Impact: Refund confirmations delayed.\n\n\
                ## 2026-10-09: Ledger lag\n\n\
                Severity: P3\nDetected: 2026-10-09 10:00 UTC\nDescription: Replica lag.\n\n\
                Seen on one replica only.\n\n\
                ## 2026-10-12: Queue stuck\n\n\
                Severity: P3\n\nDetected: 2026-10-12 10:00 UTC\n\nA paragraph after one field.\n";
    let mut doc: Document = text.parse().unwrap();
    let incident = |doc: &Document, k: usize| doc.incidents()[k].incident.clone().unwrap();
    let first = incident(&doc, 0);
    assert_eq!(
        first.description.as_deref(),
        Some("The consumer fell behind after a rebalance;\nrefunds were delayed.")
    );
    assert_eq!(
        first.impact.as_deref(),
        Some("Refund confirmations delayed.")
    );
    // An entry that writes its description keeps it; the text below is not a second one.
    assert_eq!(
        incident(&doc, 1).description.as_deref(),
        Some("Replica lag.\nSeen on one replica only.")
    );
    // One field, a blank line, text: no block of fields ended, nothing is taken as prose.
    assert_eq!(incident(&doc, 2).description, None);

    let id = doc.incidents()[0].id.clone();
    doc.set_field(&id, incident_core::FieldName::Description, "Consumer lag.")
        .unwrap();
    let want = text.replace(
        "The consumer fell behind after a rebalance;\nrefunds were delayed.",
        "Consumer lag.",
    );
    assert_eq!(doc.as_str(), want);
    let explained: Vec<&str> = doc
        .log()
        .dialect
        .labels
        .iter()
        .map(|(_, l)| l.as_str())
        .collect();
    assert!(explained.iter().all(|l| !l.is_empty()), "{explained:?}");
}

/// A field line this reader does not know (`Incident lead: @lena`) in the block is a field of
/// the block: the text after it is still the description, and a new Acknowledged time goes
/// in the block, not at the end of that text.
#[test]
fn an_unknown_label_in_a_block_of_fields_keeps_the_block() {
    let text = "# Payments\n\n## INC-2026-011 Fraud rules slow\n\n\
                Severity: P4\nDetected: 2026-10-29 11:00 UTC\nIncident lead: @lena\n\n\
                p99 latency rose after the rules update.\n\n\
                Impact: some checkouts were slow.\n\n\
                ## 2026-10-02 Cache cold\n\nSeverity: P3\nDetected: 2026-10-02 08:00 UTC\n\nIt was cold.\n";
    let mut doc: Document = text.parse().unwrap();
    let first = doc.incidents()[0].incident.clone().unwrap();
    assert_eq!(
        first.description.as_deref(),
        Some("p99 latency rose after the rules update.")
    );
    // A day and a space before the title: the day is the heading's date part.
    assert_eq!(doc.incidents()[1].title, "Cache cold");
    assert_eq!(doc.incidents()[1].id, "2026-10-02-cache-cold");
    let at = "2026-10-29T11:30:00Z".parse().unwrap();
    doc.transition("INC-2026-011", &Transition::Acknowledge(at))
        .unwrap();
    assert_eq!(
        doc.as_str(),
        text.replace(
            "Detected: 2026-10-29 11:00 UTC\n",
            "Detected: 2026-10-29 11:00 UTC\nAcknowledged: 2026-10-29 11:30 UTC\n"
        )
    );
}

/// Follow-ups in a numbered list, done when they end with `(done)`: read so (with their owner
/// and `due` date), and `action done` / `--undo` write and take off that mark, nothing else.
#[test]
fn a_numbered_follow_up_is_done_in_words() {
    let text = "# Platform\n\n## 2026-11-21 Object storage latency\n\n\
                **Severity:** High\n**Detected:** 2026-11-21 09:00 UTC\n\n\
                **Follow-ups:**\n\
                1. Add backoff to the upload client — Marta — due 2026-12-05\n\
                2. Ask the vendor for a report — Jonas — due 2026-11-25 (done)\n";
    let mut doc: Document = text.parse().unwrap();
    let id = doc.incidents()[0].id.clone();
    let read = |doc: &Document| {
        first_follow_ups(doc)
            .into_iter()
            .map(|f| {
                (
                    f.done,
                    f.assignee.unwrap_or_default(),
                    f.due.as_ref().map(ToString::to_string),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        read(&doc),
        [
            (false, "Marta".to_owned(), Some("2026-12-05".to_owned())),
            (true, "Jonas".to_owned(), Some("2026-11-25".to_owned())),
        ]
    );
    doc.set_follow_up_done(&id, 1, true).unwrap();
    assert_eq!(
        doc.as_str(),
        text.replace("due 2026-12-05\n", "due 2026-12-05 (done)\n")
    );
    assert!(doc.set_follow_up_done(&id, 1, true).unwrap().is_empty());
    doc.set_follow_up_done(&id, 1, false).unwrap();
    doc.set_follow_up_done(&id, 2, false).unwrap();
    assert_eq!(
        doc.as_str(),
        text.replace("due 2026-11-25 (done)\n", "due 2026-11-25\n")
    );
    assert!(read(&doc).iter().all(|(done, ..)| !done));
    // A new follow-up is the list's next numbered item, in its words (`— due …`), and reads
    // back as the third follow-up.
    let before = doc.as_str().to_owned();
    let due = "2026-12-10".parse().unwrap();
    doc.add_follow_up(
        &id,
        &FollowUp::new("Review the retry policy")
            .assignee("ops")
            .due(due),
    )
    .unwrap();
    assert_eq!(
        doc.as_str(),
        format!("{before}3. Review the retry policy — @ops — due 2026-12-10\n")
    );
    assert_eq!(
        read(&doc)[2],
        (false, "ops".to_owned(), Some("2026-12-10".to_owned()))
    );
}

/// A numbered follow-up list under a plain `Follow-ups:` label: `action done` marks the item it
/// names; `action edit` and `action remove`, which would write the whole list back as task
/// items, are refused and leave the file as it was. A `- Key: value` block that ends with a
/// field this reader does not know still ends before the prose.
#[test]
fn numbered_follow_ups_are_edited_in_place_or_not_at_all() {
    let text = "# Search\n\n## INC-2026-031 Latency spike\n\n\
                - Severity: SEV2\n- Detected: 2026-11-27 14:12 UTC\n- Incident lead: Mei Lin\n\n\
                The rebuild overlapped with the traffic peak.\n\n\
                Follow-ups:\n\
                1. Add a business-hours guard — Marta — due 2026-12-05\n\
                2. Alert on merge queue depth — Jonas — due 2026-12-12\n";
    let mut doc: Document = text.parse().unwrap();
    let incident = doc.incidents()[0].incident.clone().unwrap();
    assert_eq!(
        incident.description.as_deref(),
        Some("The rebuild overlapped with the traffic peak.")
    );
    assert_eq!(incident.follow_ups.len(), 2);
    doc.set_follow_up_done("INC-2026-031", 2, true).unwrap();
    let done = text.replace("due 2026-12-12\n", "due 2026-12-12 (done)\n");
    assert_eq!(doc.as_str(), done);
    let edit = doc.edit_follow_up("INC-2026-031", 1, |f| f.action = "Guard".into());
    let remove = doc.remove_follow_up("INC-2026-031", 1);
    for refused in [edit, remove] {
        let e = refused.unwrap_err();
        assert!(e.to_string().contains("not a task list"), "{e}");
    }
    assert_eq!(doc.as_str(), done);
}

/// Times written without a zone (`- Detected: 2026-10-22 10:00`) are the configured zone's:
/// a new time is written in that form and zone, and in RFC 3339 where the zone's clock change
/// makes the local time ambiguous (it would not read back).
#[test]
fn a_time_without_a_zone_is_written_without_one_in_the_logs_zone() {
    let text = "# Log\n\n## 2026-10-22 Checkout latency\n\n\
                - Severity: high\n- Detected: 2026-10-22 10:00\n- Owner: Marta\n\n\
                Checkout p99 went to 4 s.\n";
    let berlin = chrono_tz::Europe::Berlin;
    let mut doc = text.parse::<Document>().unwrap().with_timezone(berlin);
    let id = doc.incidents()[0].id.clone();
    let detected = doc.incidents()[0].incident.as_ref().unwrap().detected;
    assert_eq!(
        detected,
        "2026-10-22T08:00:00Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    );
    let at = "2026-10-22T08:20:00Z".parse().unwrap();
    doc.transition(&id, &Transition::Acknowledge(at)).unwrap();
    assert_eq!(
        doc.as_str(),
        text.replace(
            "- Detected: 2026-10-22 10:00\n",
            "- Detected: 2026-10-22 10:00\n- Acknowledged: 2026-10-22 10:20\n"
        )
    );
    assert_eq!(
        doc.incidents()[0].incident.as_ref().unwrap().acknowledged,
        Some(at)
    );
    // 02:30 on 25 October happens twice in Berlin.
    let twice = "2026-10-25T00:30:00Z".parse().unwrap();
    doc.transition(&id, &Transition::Resolve(twice)).unwrap();
    assert!(
        doc.as_str().contains("- Resolved: 2026-10-25T00:30:00Z\n"),
        "{}",
        doc.as_str()
    );
    assert_eq!(
        doc.incidents()[0].incident.as_ref().unwrap().resolved,
        Some(twice)
    );
}

/// A `## Last Incident:` heading that names its incident by ID and day
/// (`INC-2026-034 (2026-11-29)`) is true as it is: an edit of an older entry leaves it, and a new
/// entry in the team's format is named in the same form (it used to be rewritten as
/// `Title (HIGH, …)` by unrelated edits, and not at all by `new`).
#[test]
fn a_last_incident_heading_by_id_keeps_its_form() {
    let text = "# Platform\n\n## Last Incident: INC-2026-034 (2026-11-29)\n\n\
                ### INC-2026-034: Kafka lag\n\n**Severity:** high\n**Detected:** 2026-11-29 21:40 UTC\n\n\
                ### INC-2026-031: Grafana login loop\n\n**Severity:** low\n**Detected:** 2026-11-10 10:00 UTC\n\n\
                **Follow-ups:**\n- [ ] Pin the callback URL - @omar - 2026-12-05\n";
    let mut doc: Document = text.parse().unwrap();
    assert_eq!(doc.update_last_incident(), None);
    doc.set_follow_up_done("INC-2026-031", 1, true).unwrap();
    assert!(
        doc.as_str()
            .contains("## Last Incident: INC-2026-034 (2026-11-29)\n")
    );
    let incident = incident_core::Incident::new(
        "Disk full",
        incident_core::Severity::High,
        "2026-12-01T10:00:00Z".parse().unwrap(),
    );
    let added = doc
        .add_incident(&incident, &incident_md::AddOptions::default())
        .unwrap();
    assert_eq!(added.id, "INC-2026-035");
    assert!(
        doc.as_str()
            .contains("## Last Incident: INC-2026-035 (2026-12-01)\n"),
        "{}",
        doc.as_str()
    );
}

/// A severity written as the heading's tag (`## [SEV3] Title`) is changed there, in the tag's
/// spelling, and a new entry's tag is spelled as the file's (`[SEV1]`, not `[SEV-1]`): a
/// `Severity` field of its own used to be added, contradicting the heading.
#[test]
fn a_severity_in_the_heading_is_set_in_the_heading() {
    let text = "# Search\n\n## [SEV2] Index lagging\n\n| Field | Value |\n|---|---|\n\
                | Detected | 2026-11-02 08:14 UTC |\n\n\
                ## [SEV3] Autocomplete stale\n\n| Field | Value |\n|---|---|\n\
                | Detected | 2026-11-26 15:40 UTC |\n";
    let mut doc: Document = text.parse().unwrap();
    let id = doc.incidents()[1].id.clone();
    doc.set_field(&id, incident_md::FieldName::Severity, "MEDIUM")
        .unwrap();
    assert_eq!(
        doc.as_str(),
        text.replace("## [SEV3] Autocomplete", "## [SEV2] Autocomplete")
    );
    assert_eq!(
        doc.incidents()[1].reading.level(),
        Some(incident_core::Severity::Medium)
    );
    // The level it has already: nothing changes (`SEV2` stays, though `MEDIUM` is asked).
    let before = doc.as_str().to_owned();
    assert!(
        doc.set_field(&id, incident_md::FieldName::Severity, "MEDIUM")
            .unwrap()
            .is_empty()
    );
    assert_eq!(doc.as_str(), before);
    let incident = incident_core::Incident::new(
        "Disk full",
        incident_core::Severity::High,
        "2026-12-01T10:00:00Z".parse().unwrap(),
    );
    doc.add_incident(&incident, &incident_md::AddOptions::default())
        .unwrap();
    assert!(
        doc.as_str().contains("## [SEV1] Disk full"),
        "{}",
        doc.as_str()
    );
}

/// A follow-up marked done in a team's words: struck through (`~~Write runbook~~`) or with
/// `— done 2026-11-22` (the day it was done, no due date) at its end.
#[test]
fn follow_ups_done_in_words_read_as_done() {
    let text = "# Log\n\n## 2026-11-20 Cache cold\n\n- Severity: P2\n- Detected: 2026-11-20 10:00 UTC\n\n\
                The cache was cold.\n\n### Follow-ups\n\n\
                1. Add warm-up — Marta — due 2026-12-05\n\
                2. ~~Write runbook~~ — Marta — done 2026-11-22\n\
                3. Tune TTL — Jonas — done\n";
    let doc: Document = text.parse().unwrap();
    let read: Vec<(bool, String, Option<String>, bool)> = doc.incidents()[0]
        .incident
        .as_ref()
        .unwrap()
        .follow_ups
        .iter()
        .map(|f| {
            (
                f.done,
                f.action.clone(),
                f.assignee.clone(),
                f.due.is_some(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            (false, "Add warm-up".into(), Some("Marta".into()), true),
            (true, "Write runbook".into(), Some("Marta".into()), false),
            (true, "Tune TTL".into(), Some("Jonas".into()), false),
        ]
    );
}

/// `Fix it @mirko (due 2026-12-02)`: the handle ending the action is the owner, and edits and
/// new items keep that form.
#[test]
fn a_handle_ending_the_action_is_the_owner() {
    let text = "# Log\n\n### INC-2026-034: Pool exhausted\n\n**Severity:** high\n\
                **Detected:** 2026-11-29 21:40 UTC\n\n**Follow-ups:**\n\
                - [ ] Restore pool size @mirko (due 2026-12-02)\n\
                - [ ] Canary on error rate @jules (due 2026-12-10)\n";
    let mut doc: Document = text.parse().unwrap();
    let owners: Vec<Option<String>> = doc.incidents()[0]
        .incident
        .as_ref()
        .unwrap()
        .follow_ups
        .iter()
        .map(|f| f.assignee.clone())
        .collect();
    assert_eq!(owners, [Some("mirko".into()), Some("jules".into())]);
    doc.edit_follow_up("INC-2026-034", 1, |f| f.assignee = Some("kim".into()))
        .unwrap();
    let due = "2026-12-20".parse().unwrap();
    doc.add_follow_up(
        "INC-2026-034",
        &FollowUp::new("Tune the pool").assignee("ana").due(due),
    )
    .unwrap();
    assert_eq!(
        doc.as_str(),
        format!(
            "{}- [ ] Tune the pool @ana (due 2026-12-20)\n",
            text.replace("size @mirko", "size @kim")
        )
    );
}

/// A code fence never closed hides every heading after it: the reading says so (`MD012`, at
/// the fence) instead of reading fewer incidents in silence. A closed fence says nothing.
#[test]
fn an_unclosed_fence_that_hides_headings_is_reported() {
    let text = "# Log\n\n### INC-2026-011: Worker OOM\n\n**Severity:** medium\n\
                **Detected:** 2026-11-25 12:00 UTC\n\nLogs:\n\n```\nkernel: Out of memory\n\n\
                ### INC-2026-010: Stale CDN cache\n\n**Severity:** low\n";
    let doc: Document = text.parse().unwrap();
    assert_eq!(doc.incidents().len(), 1);
    let hidden: Vec<_> = doc
        .log()
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "MD012")
        .collect();
    assert_eq!(hidden.len(), 1, "{:?}", doc.log().diagnostics);
    assert!(
        hidden[0]
            .message
            .contains("### INC-2026-010: Stale CDN cache")
    );
    let fence = text.find("```").unwrap();
    assert_eq!(hidden[0].span, Some(fence..fence + 3));
    let closed = text.replace("Out of memory\n", "Out of memory\n```\n");
    let doc: Document = closed.parse().unwrap();
    assert_eq!(doc.incidents().len(), 2);
    assert!(
        doc.log()
            .diagnostics
            .iter()
            .all(|d| d.code.as_str() != "MD012")
    );
}

/// A new field is never a lazy continuation of a numbered list's last item (a trial's
/// `Resolution:` rendered as part of follow-up 2): a field of one value joins the entry's field
/// list, above the follow-ups.
#[test]
fn a_field_after_a_numbered_list_is_not_its_last_item() {
    let text = "# Log\n\n## 2026-11-29 Export stalled\n\n- Severity: P2\n- Detected: 2026-11-29 08:10 UTC\n\n\
                Follow-ups:\n\n1. Add an alert — Marta — due 2026-12-05\n2. Retry on 503 — Jonas — due 2026-12-12\n";
    let doc = set_inserts(
        text,
        incident_md::FieldName::Resolution,
        "Restarted the worker",
        "08:10 UTC\n",
        "- Resolution: Restarted the worker\n",
    );
    let i = doc.incidents()[0].incident.clone().unwrap();
    assert_eq!(i.resolution.as_deref(), Some("Restarted the worker"));
    assert_eq!(i.follow_ups[1].action, "Retry on 503");
}

/// `alice (SRE)`, in an item after the action's dash or in a table's owner column: the owner is
/// the name, and the note in parentheses is no part of the action.
#[test]
fn an_owner_with_a_note_in_parentheses_is_the_name() {
    let read = |body: &str| -> Vec<(String, Option<String>, Option<String>)> {
        let text = format!(
            "# Incidents\n\n## 2026-04-11 — Checkout latency spike\n\n**Severity:** HIGH\n\
             **Detected:** 2026-04-11 12:02 UTC\n\n**Follow-ups:**\n{body}"
        );
        let doc: Document = text.parse().unwrap();
        doc.incidents()[0]
            .incident
            .as_ref()
            .unwrap()
            .follow_ups
            .iter()
            .map(|f| {
                (
                    f.action.clone(),
                    f.assignee.clone(),
                    f.due_date().map(|d| d.to_string()),
                )
            })
            .collect()
    };
    let item = |a: &str, o: &str, d: &str| (a.to_owned(), Some(o.to_owned()), Some(d.to_owned()));
    assert_eq!(
        read(
            "- [ ] Add cert-expiry alert - alice (SRE) - 2026-04-20\n- [ ] Rotate the keys — Mei Lin (on-call) — 2026-04-22\n- [ ] Pin TTLs - @dave (SRE) - 2026-08-10\n"
        ),
        [
            item("Add cert-expiry alert", "alice", "2026-04-20"),
            item("Rotate the keys", "Mei Lin", "2026-04-22"),
            item("Pin TTLs", "dave", "2026-08-10"),
        ]
    );
    assert_eq!(
        read(
            "\n| Action | Owner | Due | Done |\n|---|---|---|---|\n| Incident review | Zoë (SRE) | 2026-04-15 | no |\n"
        ),
        [item("Incident review", "Zoë", "2026-04-15")]
    );
    // A note on the action itself stays the action's.
    assert_eq!(
        read("- [ ] Fix the pool (see runbook) - @kim - 2026-04-20\n"),
        [item("Fix the pool (see runbook)", "kim", "2026-04-20")]
    );
}

/// A follow-up field whose items are a table below it: a new field goes after the table, a
/// blank line between (a line right after a table is one of its rows), never between the
/// label and its table.
#[test]
fn a_new_field_goes_after_a_fields_table() {
    let text = "# Incidents\n\n## INC-7 — Webhook deliveries delayed\n\n| Field | Value |\n|-------|-------|\n\
                | Severity | MEDIUM |\n| Detected | 2026-04-02T08:15:00Z |\n\n**Description:** Queue backed up.\n\n\
                **Follow-ups:**\n\n| Action | Owner | Due | Done |\n|--------|-------|-----|------|\n\
                | Shard the queue | alice | 2026-05-01 | no |\n";
    let mut doc: Document = text.parse().unwrap();
    doc.set_field(
        "INC-7",
        incident_md::FieldName::Impact,
        "Webhooks late by 20m",
    )
    .unwrap();
    assert_eq!(
        doc.as_str(),
        format!("{text}\n**Impact:** Webhooks late by 20m\n")
    );
    let incident = doc.incidents()[0].incident.clone().unwrap();
    assert_eq!(incident.impact.as_deref(), Some("Webhooks late by 20m"));
    assert_eq!(incident.follow_ups.len(), 1);
    assert_eq!(incident.follow_ups[0].action, "Shard the queue");
}

/// A follow-up field that is a sentence, not a list: the sentence is one follow-up, as the
/// reading counts it, its owner and `by` date read; `None yet.` is none.
#[test]
fn a_follow_up_sentence_is_one_follow_up() {
    let read = |follow_ups: &str| {
        let text = format!(
            "# Incidents\n\n### INC-0042: Stale cache after deploy\n\n- Severity: LOW\n\
             - Detected: 2026-04-28T16:20:00Z\n\nFollow-ups: {follow_ups}\n"
        );
        let doc: Document = text.parse().unwrap();
        let e = &doc.incidents()[0];
        let model = e.incident.as_ref().unwrap().follow_ups.clone();
        assert_eq!(e.reading.follow_ups, model.len(), "{follow_ups}");
        model
    };
    let f = read("add a purge verification step (Bob, by 2026-05-15).");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].action, "add a purge verification step");
    assert_eq!(f[0].assignee.as_deref(), Some("Bob"));
    assert_eq!(f[0].due_date(), Some("2026-05-15".parse().unwrap()));
    assert!(read("None yet.").is_empty());
    assert!(read("n/a").is_empty());
}

/// Fields as list items (`- Description: …`) with a `Follow-ups:` list after them: a new field
/// of one value is one more item of the field list, not a paragraph after the follow-ups.
#[test]
fn a_new_field_joins_the_field_list_not_the_follow_ups() {
    let text = "# Incidents\n\n### INC-0042: Stale cache after deploy\n\n- Severity: LOW\n\
                - Detected: 2026-04-28T16:20:00Z\n- Description: Frontend served stale assets.\n\n\
                Follow-ups:\n- [ ] Verify CDN purge - @bob - 2026-05-15\n";
    let doc = set_inserts(
        text,
        incident_md::FieldName::Impact,
        "Users saw old pages.",
        "stale assets.\n",
        "- Impact: Users saw old pages.\n",
    );
    let incident = doc.incidents()[0].incident.clone().unwrap();
    assert_eq!(incident.impact.as_deref(), Some("Users saw old pages."));
    assert_eq!(incident.follow_ups.len(), 1);
}

/// Sets field `name` of the log's one entry to `value` and asserts that the edit inserted
/// `line` right after the text `after`, and changed nothing else.
fn set_inserts(
    text: &str,
    name: incident_md::FieldName,
    value: &str,
    after: &str,
    line: &str,
) -> Document {
    let mut doc: Document = text.parse().unwrap();
    let id = doc.incidents()[0].id.clone();
    doc.set_field(&id, name, value).unwrap();
    assert_eq!(doc.as_str(), text.replace(after, &format!("{after}{line}")));
    doc
}

/// A team's description is a paragraph with no label under its one-line fields. It was read as
/// no description (`check` asked for one), and a new entry's description was written `: text`,
/// which read back as nothing, so `new --description` was refused.
#[test]
fn a_paragraph_under_the_one_line_fields_is_the_description_read_and_written() {
    let log = "# Incident log\n\n## 2026-11-20 — Checkout latency\n\n**Severity:** High\n**Status:** Resolved\n**Detected:** 2026-11-20 09:00 UTC\n\nPayments were slow; a rollback fixed it.\n\n## 2026-11-25 — Search outage\n\n**Severity:** High\n**Status:** Open\n**Detected:** 2026-11-25 10:00 UTC\n";
    let mut doc: Document = log.parse().unwrap();
    let described = |d: &Document, id: &str| {
        d.get(id)
            .and_then(|e| e.incident.as_ref())
            .and_then(|i| i.description.clone())
    };
    assert_eq!(
        described(&doc, "2026-11-20-checkout-latency").as_deref(),
        Some("Payments were slow; a rollback fixed it.")
    );
    assert_eq!(described(&doc, "2026-11-25-search-outage"), None);
    let at = "2026-12-01T11:00:00Z".parse().unwrap();
    let mut new = incident_core::Incident::new("Cache stampede", incident_core::Severity::High, at);
    new.description = Some("Redis evictions spiked.".into());
    doc.add_incident(&new, &Default::default()).unwrap();
    let added = &doc.as_str()[log.len()..];
    assert_eq!(
        added,
        "\n## 2026-12-01 — Cache stampede\n\n**Severity:** High\n**Status:** Open\n**Detected:** 2026-12-01 11:00 UTC\n\nRedis evictions spiked.\n"
    );
    assert_eq!(
        described(&doc, "2026-12-01-cache-stampede").as_deref(),
        Some("Redis evictions spiked.")
    );
    // `set description` replaces the paragraph, and nothing else (it was refused).
    let mut doc: Document = log.parse().unwrap();
    doc.set_field(
        "2026-11-20-checkout-latency",
        incident_md::FieldName::Description,
        "Checkout p99 rose to 8s.",
    )
    .unwrap();
    assert_eq!(
        doc.as_str(),
        log.replace(
            "Payments were slow; a rollback fixed it.",
            "Checkout p99 rose to 8s."
        )
    );
    assert_eq!(
        described(&doc, "2026-11-20-checkout-latency").as_deref(),
        Some("Checkout p99 rose to 8s.")
    );
}

/// `set impact` and `resolve --resolution` on an entry whose description is the paragraph under
/// its bold lines were refused: the new line went after the last one, where the seed's reader
/// took the paragraph for its value (or it was written with no label, in the paragraph's style).
#[test]
fn new_fields_above_a_description_paragraph_leave_it_the_description() {
    let log = "# Incident log\n\n## 2026-11-20 — Checkout latency\n\n**Severity:** High\n**Status:** Open\n**Detected:** 2026-11-20 09:00 UTC\n\nPayments were slow; a rollback fixed it.\n";
    let mut doc: Document = log.parse().unwrap();
    let id = "2026-11-20-checkout-latency";
    doc.set_field(
        id,
        incident_md::FieldName::Impact,
        "Checkout failed for 5% of users.",
    )
    .unwrap();
    doc.set_field(id, incident_md::FieldName::RootCause, "A cache TTL change.")
        .unwrap();
    let i = doc.get(id).and_then(|e| e.incident.clone()).unwrap();
    assert_eq!(
        i.impact.as_deref(),
        Some("Checkout failed for 5% of users.")
    );
    assert_eq!(i.root_cause.as_deref(), Some("A cache TTL change."));
    assert_eq!(
        i.description.as_deref(),
        Some("Payments were slow; a rollback fixed it.")
    );
    // Two paragraphs added after the description's, which is as it was (a line in the block
    // of bold lines above it would put the text among the times).
    assert_eq!(
        doc.as_str(),
        format!(
            "{log}\n**Impact:** Checkout failed for 5% of users.\n\n**Root Cause:** A cache TTL change.\n"
        )
    );
    // A time still goes into the block, after the time before it; the paragraph stays the
    // description.
    doc.set_field(id, incident_md::FieldName::Resolved, "2026-11-20T10:00:00Z")
        .unwrap();
    assert!(
        doc.as_str().contains(
            "**Detected:** 2026-11-20 09:00 UTC\n**Resolved:** 2026-11-20 10:00 UTC\n\nPayments"
        ),
        "{}",
        doc.as_str()
    );
    let i = doc.get(id).and_then(|e| e.incident.clone()).unwrap();
    assert_eq!(
        i.description.as_deref(),
        Some("Payments were slow; a rollback fixed it.")
    );
    assert!(i.resolved.is_some());
}

/// Follow-ups written as sentences, one `- **Follow-up:** …` item each: each is a follow-up
/// (two such items are no field written twice), `action add` writes one more item after the
/// last, and `action done` / `--undo` write and take off ` (done)`, a full stop kept out of the
/// action.
#[test]
fn sentence_follow_ups_are_added_and_done_in_their_own_lines() {
    let text = "# Incidents\n\n## 2026-03-04 — Payments API timeout\n\n\
                **Severity:** High\n**Detected:** 2026-03-04 09:12 UTC\n\n\
                Checkout requests timed out after a deploy.\n\n\
                - **Follow-up:** add a canary stage to the deploy pipeline.\n";
    let mut doc: Document = text.parse().unwrap();
    let id = doc.incidents()[0].id.clone();
    let read = |doc: &Document| {
        first_follow_ups(doc)
            .into_iter()
            .map(|f| (f.action, f.done))
            .collect::<Vec<_>>()
    };
    let canary = "add a canary stage to the deploy pipeline".to_owned();
    assert_eq!(read(&doc), [(canary.clone(), false)]);

    doc.set_follow_up_done(&id, 1, true).unwrap();
    assert_eq!(
        doc.as_str(),
        text.replace("pipeline.\n", "pipeline. (done)\n")
    );
    assert_eq!(read(&doc), [(canary.clone(), true)]);
    doc.set_follow_up_done(&id, 1, false).unwrap();
    assert_eq!(doc.as_str(), text);

    let due = "2026-12-10".parse().unwrap();
    let runbook = FollowUp::new("write the runbook").assignee("sam").due(due);
    doc.add_follow_up(&id, &runbook).unwrap();
    assert_eq!(
        doc.as_str(),
        format!("{text}- **Follow-up:** write the runbook - @sam - 2026-12-10\n")
    );
    assert_eq!(
        read(&doc),
        [(canary, false), ("write the runbook".to_owned(), false)]
    );
    assert!(
        doc.log()
            .diagnostics
            .iter()
            .all(|d| d.code.as_str() != "MD005"),
        "{:?}",
        doc.log().diagnostics
    );
    doc.set_follow_up_done(&id, 2, true).unwrap();
    assert!(doc.as_str().ends_with("- @sam - 2026-12-10 (done)\n"));
    assert_eq!(
        doc.incidents()[0].incident.as_ref().unwrap().follow_ups[1],
        {
            let mut done = runbook.clone();
            done.done = true;
            done
        }
    );
}

/// A `Follow-ups:` line with a numbered list, below a list of `- **Label**:` fields (which the
/// seed's reader takes into the last field's body): its items are the follow-ups that
/// `action done` ticks in words and `action add` continues, in their own form.
#[test]
fn follow_ups_after_a_list_of_fields_are_edited_in_place() {
    let text = "# Ops\n\n### INC-0044: Grafana dashboards empty\n\n\
                - **Severity**: P3\n- **Detected**: 2026-11-18 16:20 CET\n\
                - **Root cause**: Prometheus datasource URL changed\n\n\
                Follow-ups:\n\n\
                1. Add datasource smoke test to CI — @lena — due 2026-11-25\n\
                2. Lock Helm values for datasources — @lena — due 2026-11-30\n";
    let mut doc: Document = text.parse().unwrap();
    doc.set_follow_up_done("INC-0044", 1, true).unwrap();
    assert_eq!(
        doc.as_str(),
        text.replace("due 2026-11-25\n", "due 2026-11-25 (done)\n")
    );
    doc.set_follow_up_done("INC-0044", 1, false).unwrap();
    let due = "2026-12-20".parse().unwrap();
    doc.add_follow_up(
        "INC-0044",
        &FollowUp::new("Alert on empty dashboards")
            .assignee("lena")
            .due(due),
    )
    .unwrap();
    assert_eq!(
        doc.as_str(),
        format!("{text}3. Alert on empty dashboards — @lena — due 2026-12-20\n")
    );
    let e = doc.get("INC-0044").unwrap();
    assert_eq!(e.incident.as_ref().unwrap().follow_ups.len(), 3);
    assert_eq!(
        e.incident.as_ref().unwrap().root_cause.as_deref(),
        Some("Prometheus datasource URL changed")
    );
}

/// A new Detected time on the day the derived ID names keeps the ID, in whatever form the field
/// writes it (`2026-11-20 14:00 CET`): no `**ID:**` line is pinned then; on another day it is.
#[test]
fn a_detected_time_on_the_same_day_pins_no_id() {
    let text = "# Incidents\n\n## 2026-11-20 — Payments API timeout\n\n\
                **Severity:** SEV2\n**Detected:** 2026-11-20 14:05 CET\n\n\
                Card authorisations timed out.\n";
    let mut doc: Document = text.parse().unwrap();
    let id = doc.incidents()[0].id.clone();
    assert_eq!(id, "2026-11-20-payments-api-timeout");
    doc.set_field(
        &id,
        incident_md::FieldName::Detected,
        "2026-11-20T13:00:00Z",
    )
    .unwrap();
    assert_eq!(doc.as_str(), text.replace("14:05 CET", "14:00 CET"));
    assert_eq!(doc.incidents()[0].id, id);
    doc.set_field(
        &id,
        incident_md::FieldName::Detected,
        "2026-11-19T13:00:00Z",
    )
    .unwrap();
    assert!(doc.as_str().contains(&format!("**ID:** {id}\n")));
    assert_eq!(doc.incidents()[0].id, id);
}

/// The owner, in each style teams write it (and under its other names), is the entry's
/// `owner()` and its record's `owner`; `set_field(Owner)` writes it in the entry's style.
#[test]
fn the_owner_is_read_in_every_style_and_written_in_the_entrys() {
    let cases = [
        ("**Severity:** High\n**Owner:** @dana\n", "@dana"),
        (
            "- **Severity**: P1\n- **Incident commander**: @noor\n",
            "@noor",
        ),
        (
            "| Field | Value |\n|---|---|\n| Severity | P2 |\n| Owner | @kai |\n",
            "@kai",
        ),
        ("Severity: low\nLead: Mei Lin\n", "Mei Lin"),
    ];
    for (fields, owner) in cases {
        let text = format!(
            "# Log\n\n## INC-1: Disk full\n\n{fields}\n**Detected:** 2026-07-09 14:00 UTC\n"
        );
        let doc: Document = text.parse().unwrap();
        let e = doc.get("INC-1").unwrap();
        assert_eq!(e.owner(), Some(owner), "{text}");
        let record = incident_md::IncidentRecord::new(&doc, e).unwrap();
        assert_eq!(record.owner.as_deref(), Some(owner));
    }
    let mut doc = doc();
    assert_eq!(doc.get("INC-1").unwrap().owner(), Some("@chiara"));
    doc.set_field("INC-1", incident_md::FieldName::Owner, "@mo")
        .unwrap();
    assert_eq!(
        doc.as_str(),
        LOG.replace("**Owner:** @chiara", "**Owner:** @mo")
    );
}

/// In an entry of plain `Key: value` lines, a new one-line field joins the block its Detected
/// line is in, not the end of the entry after its `Follow-ups:` list.
#[test]
fn a_new_one_line_field_joins_the_block_of_plain_lines() {
    let text = "# Auth incidents\n\n### INC-3: Password reset emails delayed\n\n\
                Severity: Low\nDetected: 2026-11-03 08:00 UTC\n\n\
                What happened: Reset emails were queued behind a marketing send.\n\n\
                Follow-ups:\n- [ ] Separate transactional queue — @lee — 2026-11-15\n";
    let mut doc: Document = text.parse().unwrap();
    doc.set_field("INC-3", incident_md::FieldName::Owner, "@x")
        .unwrap();
    assert_eq!(
        doc.as_str(),
        text.replace("08:00 UTC\n", "08:00 UTC\nOwner: @x\n")
    );
    assert_eq!(doc.get("INC-3").unwrap().owner(), Some("@x"));
}

/// A plain `Action items:` paragraph after a bold field (`**Impact**` alone above its text)
/// ends that field: its list is the follow-ups, which `action done` and `action add` edit
/// (they were refused: the seed's reader took the list for the Impact field's items).
#[test]
fn a_plain_label_paragraph_ends_the_bold_field_above() {
    let text = "# Log\n\n#### [2026-11-03] Refund webhook backlog\n\n\
                Severity: SEV-3\nDetected: 2026-11-03 09:30 UTC\n\n\
                **Impact**\nRefund notifications delayed.\n\n\
                Action items:\n- [ ] Add alert - @li - 2026-11-20\n";
    let mut doc: Document = text.parse().unwrap();
    let id = "2026-11-03-refund-webhook-backlog";
    let e = doc.get(id).unwrap();
    let impact = e.field(incident_md::FieldName::Impact).unwrap();
    assert!(impact.items.is_empty(), "{impact:?}");
    assert_eq!(
        e.incident.as_ref().unwrap().impact.as_deref(),
        Some("Refund notifications delayed.")
    );
    doc.set_follow_up_done(id, 1, true).unwrap();
    assert_eq!(doc.as_str(), text.replace("- [ ] Add", "- [x] Add"));
    let due = "2026-11-25".parse().unwrap();
    doc.add_follow_up(id, &FollowUp::new("Page earlier").assignee("li").due(due))
        .unwrap();
    assert!(
        doc.as_str().ends_with(
            "- [x] Add alert - @li - 2026-11-20\n- [ ] Page earlier - @li - 2026-11-25\n"
        ),
        "{}",
        doc.as_str()
    );
}

/// `set impact` on a bold label alone above its text (`**Impact**`, the text below) replaces
/// the text below the label, in the file's line endings; it was refused, since the new text
/// went onto the label's line, where it is no field.
#[test]
fn a_bold_label_alone_keeps_its_value_below_it() {
    let text = "# Log\n\n#### [2026-11-03] Refund webhook backlog\n\n\
                Severity: SEV-3\nDetected: 2026-11-03 09:30 UTC\n\n\
                **Impact**\nRefund notifications delayed.\nNo money lost.\n\n\
                **Root cause**\nQueue full.\n";
    for eol in ["\n", "\r\n"] {
        let text = text.replace('\n', eol);
        let mut doc: Document = text.parse().unwrap();
        let id = "2026-11-03-refund-webhook-backlog";
        doc.set_field(id, incident_md::FieldName::Impact, "Delayed 8 hours.")
            .unwrap();
        let want = text.replace(&format!("delayed.{eol}No money lost."), "delayed.");
        let want = want.replace("Refund notifications delayed.", "Delayed 8 hours.");
        assert_eq!(doc.as_str(), want);
        let i = doc.get(id).unwrap().incident.clone().unwrap();
        assert_eq!(i.impact.as_deref(), Some("Delayed 8 hours."));
        assert_eq!(i.root_cause.as_deref(), Some("Queue full."));
    }
}

/// A `\|` in a `| Field | Value |` table is a pipe of the value (GFM): the value was cut at
/// it, and `set` replaced only the cut part, leaving the rest of the old cell behind.
#[test]
fn an_escaped_pipe_stays_in_its_table_cell() {
    let text = "# Incident Register\n\n### INC-0046: Search results stale\n\n\
                | Field | Value |\n|-------|-------|\n| Severity | HIGH |\n\
                | Detected | 2026-11-28 14:05 UTC |\n\
                | Impact | Search stale for EU \\| US customers |\n";
    let mut doc: Document = text.parse().unwrap();
    let impact = |d: &Document| d.get("INC-0046").unwrap().incident.clone().unwrap().impact;
    assert_eq!(
        impact(&doc).as_deref(),
        Some("Search stale for EU | US customers")
    );
    doc.set_field("INC-0046", incident_md::FieldName::Impact, "A | B")
        .unwrap();
    assert_eq!(
        doc.as_str(),
        text.replace("Search stale for EU \\| US customers", "A \\| B")
    );
    assert_eq!(impact(&doc).as_deref(), Some("A | B"));
}

/// A 12-hour clock (`9:15 AM UTC`) is read, and new times of the entry are written so: the
/// entry was left out (MD018, "no detection time").
#[test]
fn a_twelve_hour_time_is_read_and_written() {
    let text = "# Ops incidents\n\n### Checkout latency spike (SEV-2)\n\n\
                **Detected:** 2026-11-04 9:15 AM UTC\n**Owner:** @dana\n**Status:** Monitoring\n\n\
                p99 went to 4 s.\n";
    let mut doc: Document = text.parse().unwrap();
    let id = "2026-11-04-checkout-latency-spike";
    let at = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    assert_eq!(
        doc.get(id).unwrap().incident.as_ref().unwrap().detected,
        at("2026-11-04T09:15:00Z")
    );
    doc.transition(
        id,
        &incident_core::Transition::Acknowledge(at("2026-11-04T13:40:00Z")),
    )
    .unwrap();
    assert_eq!(
        doc.as_str(),
        text.replace(
            "9:15 AM UTC\n",
            "9:15 AM UTC\n**Acknowledged:** 2026-11-04 1:40 PM UTC\n"
        )
    );
}

/// A team's text value is read with its backslash escapes resolved, as the seed's are: a value
/// that starts with `~` is written `\~…` (it could start a fence at a line's start), and was
/// read back with the backslash, one more on every write of what was read.
#[test]
fn an_escaped_value_reads_back_as_given() {
    let text = "# Incidents\n\n## [INC-20261104-01] Kafka disk saturation\n\nSeverity: HIGH\n\
                Detected: 2026-11-04 09:15 UTC\nStatus: Investigating\n\nBroker kafka-3 hit 95% disk.\n";
    let mut doc: Document = text.parse().unwrap();
    let id = "INC-20261104-01";
    let impact = |d: &Document| d.get(id).unwrap().incident.clone().unwrap().impact;
    doc.set_field(id, incident_md::FieldName::Impact, "~40% of writes delayed")
        .unwrap();
    assert_eq!(impact(&doc).as_deref(), Some("~40% of writes delayed"));
    let once = doc.as_str().to_owned();
    let again = doc
        .set_field(id, incident_md::FieldName::Impact, "~40% of writes delayed")
        .unwrap();
    assert!(again.is_empty());
    assert_eq!(doc.as_str(), once);
}

/// Status updates after a team's description (`Update (2026-11-03 10:00 UTC): …` paragraphs)
/// are no part of it: `set description` replaces the description's paragraph only. It deleted
/// every update, unsaid.
#[test]
fn updates_after_the_description_stay_out_of_it() {
    let text = "# Identity incidents\n\n## INC-112 — Login failures for SSO users (SEV-2)\n\n\
                - Detected: 2026-11-03 09:40 UTC\n- Owner: @priya\n- Status: Monitoring\n\n\
                SAML assertions rejected after IdP certificate rotation.\n\n\
                Update (2026-11-03 10:00 UTC): confirmed cert mismatch on 3 of 5 nodes.\n\n\
                UPDATE: rolled new cert to all nodes.\n";
    let mut doc: Document = text.parse().unwrap();
    let description = |d: &Document| {
        d.get("INC-112")
            .unwrap()
            .incident
            .clone()
            .unwrap()
            .description
    };
    assert_eq!(
        description(&doc).as_deref(),
        Some("SAML assertions rejected after IdP certificate rotation.")
    );
    doc.set_field(
        "INC-112",
        incident_md::FieldName::Description,
        "Cert rotation broke SAML.",
    )
    .unwrap();
    assert_eq!(
        doc.as_str(),
        text.replace(
            "SAML assertions rejected after IdP certificate rotation.",
            "Cert rotation broke SAML."
        )
    );
}

/// A detection written as a `Date:` line and a `Time:` line: `set detected` writes each its
/// part (it wrote the whole time into the Date line and left the Time line contradicting
/// it), and a new time is written as the two read together, after them.
#[test]
fn date_and_time_lines_take_their_parts() {
    let text = "# Payments incidents\n\n### Dashboard tiles blank (SEV4)\n\nDate: 2026-11-15\n\
                Time: 13:12 UTC\nOwner: @li\nStatus: Investigating\n\nGrafana tiles blank.\n";
    let id = "2026-11-15-dashboard-tiles-blank";
    let at = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    let mut doc: Document = text.parse().unwrap();
    doc.set_field(id, incident_md::FieldName::Detected, "2026-11-15T13:05:00Z")
        .unwrap();
    assert_eq!(doc.as_str(), text.replace("13:12 UTC", "13:05 UTC"));
    assert_eq!(
        doc.get(id).unwrap().incident.as_ref().unwrap().detected,
        at("2026-11-15T13:05:00Z")
    );
    doc.transition(
        id,
        &incident_core::Transition::Acknowledge(at("2026-11-15T13:20:00Z")),
    )
    .unwrap();
    assert!(
        doc.as_str()
            .contains("Time: 13:05 UTC\nAcknowledged: 2026-11-15 13:20 UTC\nOwner: @li\n"),
        "{}",
        doc.as_str()
    );
}

/// A follow-up that names its owner first (`- [ ] @mira: add a probe (due 2026-12-05)`) has
/// that owner: it had none (PIR002, "has no owner"), and `actions --owner` missed it.
#[test]
fn an_owner_before_a_colon_owns_the_follow_up() {
    let text = "# Payments incidents\n\n### Card declines (SEV-2)\n\n- Detected: 2026-11-28 10:02 UTC\n\
                - Status: Investigating\n\n**Follow-ups**\n\n\
                - [ ] @mira: add synthetic auth probe (due 2026-12-05)\n";
    let doc: Document = text.parse().unwrap();
    let f = &doc.incidents()[0].incident.as_ref().unwrap().follow_ups[0];
    assert_eq!(
        (f.action.as_str(), f.assignee.as_deref(), f.due_date()),
        (
            "add synthetic auth probe",
            Some("mira"),
            "2026-12-05".parse().ok()
        )
    );
}
