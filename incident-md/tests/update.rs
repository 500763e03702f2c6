//! The typed edit API (`Document::update`), exact and prefix lookup, the Last Incident heading
//! compared as a whole, and stable IDs: a property test over random adds and edits.

use std::collections::HashSet;

use chrono::{DateTime, Duration, TimeZone, Utc};
use incident_core::{Incident, RelatedLog, Severity};
use incident_md::{AddOptions, Code, Document, Error, FieldName, Order};
use proptest::prelude::*;

const SEED: &str = include_str!("data/seed.md");

fn at(text: &str) -> DateTime<Utc> {
    incident_core::parse_timestamp(text).unwrap()
}

fn parse(text: &str) -> Document {
    text.parse().unwrap()
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/data/edit/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap()
}

/// Applies `update` and checks the result is exactly `old` with each `(from, to)` replaced once:
/// the first `from` in the entry (from its heading on), else the only one in the file.
fn expect_update(
    old: &str,
    id: &str,
    edit: impl FnOnce(&mut Incident),
    replacements: &[(&str, &str)],
) -> Document {
    let mut doc = parse(old);
    let start = doc.get(id).unwrap().heading_span.start;
    let changes = doc.update(id, edit).unwrap();
    assert!(!changes.is_empty());
    let mut at: Vec<(usize, &str, &str)> = replacements
        .iter()
        .map(|(from, to)| {
            let p = old[start..]
                .find(from)
                .map(|p| p + start)
                .unwrap_or_else(|| {
                    assert_eq!(old.matches(from).count(), 1, "`{from}` must be unique");
                    old.find(from).unwrap()
                });
            (p, *from, *to)
        })
        .collect();
    // From the end, so that earlier offsets stay right.
    at.sort_by_key(|(p, ..)| std::cmp::Reverse(*p));
    let mut expected = old.to_owned();
    for (p, from, to) in at {
        expected.replace_range(p..p + from.len(), to);
    }
    assert_eq!(doc.as_str(), expected);
    doc
}

#[test]
fn update_writes_only_changed_fields_in_heading_style() {
    let mut doc = parse(SEED);
    let i = Incident::new("API outage", Severity::High, at("2026-03-02T10:00:00Z"));
    let id = doc.add_incident(&i, &AddOptions::default()).unwrap().id;
    let old = doc.as_str().to_owned();
    let doc = expect_update(
        &old,
        &id,
        |i| {
            i.severity = Severity::Critical;
            i.impact = Some("Checkout failed.".into());
            i.follow_ups
                .push("Add a canary - @ops - 2026-03-09".parse().unwrap());
        },
        &[
            ("### Severity: HIGH", "### Severity: CRITICAL"),
            (
                "### Impact:\n_Not documented yet._",
                "### Impact:\nCheckout failed.",
            ),
            (
                "### Follow-up Actions:\n_Not documented yet._",
                "### Follow-up Actions:\n- [ ] Add a canary - @ops - 2026-03-09",
            ),
            // The newest incident's severity is in the Last Incident heading.
            (
                "Last Incident: API outage (HIGH,",
                "Last Incident: API outage (CRITICAL,",
            ),
        ],
    );
    // Nothing changed: no splice.
    let mut again = doc.clone();
    assert!(again.update(&id, |_| {}).unwrap().is_empty());
    assert_eq!(again.as_str(), doc.as_str());
}

#[test]
fn update_keeps_bold_label_style_and_pins_a_derived_id() {
    let old = fixture("bold.md");
    let doc = parse(&old);
    let id = doc.incidents()[0].id.clone();
    assert!(!doc.incidents()[0].id_written);
    let doc = expect_update(
        &old,
        &id,
        |i| {
            i.title = "Disk full on runner 3".into();
            i.severity = Severity::Critical;
            i.follow_ups[0].done = true;
        },
        &[
            (
                "## Incident: Disk full on build runner\n\n**Severity:** HIGH\n",
                &format!(
                    "## Incident: Disk full on runner 3\n\n**ID:** {id}\n**Severity:** CRITICAL\n"
                ),
            ),
            ("- [ ] Add a nightly prune", "- [x] Add a nightly prune"),
            (
                "Last Incident: Disk full on build runner (HIGH,",
                "Last Incident: Disk full on runner 3 (CRITICAL,",
            ),
        ],
    );
    let e = doc.get(&id).unwrap();
    assert!(e.id_written);
    assert_eq!(e.title, "Disk full on runner 3");
}

#[test]
fn update_keeps_list_item_style() {
    let old = fixture("list-labels.md");
    let doc = parse(&old);
    let id = doc.incidents()[0].id.clone();
    expect_update(
        &old,
        &id,
        |i| {
            i.root_cause = Some("No schema version check.".into());
            i.related_logs
                .push(RelatedLog::new("rollback", Some("LOGS.md#rollback".into())));
            // Another day: the derived ID would change, so it is written first.
            i.detected = at("2026-04-01T23:10:00Z");
        },
        &[
            (
                "### Incident: Search index corrupted\n- **Severity:**",
                &format!("### Incident: Search index corrupted\n- **ID:** {id}\n- **Severity:**"),
            ),
            (
                "- **Detected:** 2026-04-02T07:15:00Z",
                "- **Detected:** 2026-04-01T23:10:00Z",
            ),
            (
                "- **Root Cause:** No schema version check in the job.",
                "- **Root Cause:** No schema version check.",
            ),
            (
                "  - [reindex run](../logs/LOGS.md#2026-04-02-reindex)\n",
                "  - [reindex run](../logs/LOGS.md#2026-04-02-reindex)\n  - [rollback](LOGS.md#rollback)\n",
            ),
        ],
    );
}

#[test]
fn update_refusals_change_nothing() {
    let mut doc = parse(SEED);
    let i = Incident::new("API outage", Severity::High, at("2026-03-02T10:00:00Z"));
    let id = doc.add_incident(&i, &AddOptions::default()).unwrap().id;
    let before = doc.as_str().to_owned();
    // The severity is valid, the title is not: neither is written.
    let err = doc
        .update(&id, |i| {
            i.severity = Severity::Low;
            i.title = "two\nlines".into();
        })
        .unwrap_err();
    assert!(matches!(err, Error::MultilineValue { .. }), "{err:?}");
    assert_eq!(doc.as_str(), before);
    // A prefix is not an ID here.
    assert!(matches!(
        doc.update("2026-03-02", |_| {}),
        Err(Error::NoSuchIncident { .. })
    ));
}

#[test]
fn exact_lookup_and_prefix_resolution_are_separate() {
    let mut doc = parse(SEED);
    let t = at("2026-03-02T10:00:00Z");
    let a = doc
        .add_incident(
            &Incident::new("Outage", Severity::High, t),
            &AddOptions::default(),
        )
        .unwrap()
        .id;
    let b = doc
        .add_incident(
            &Incident::new("Outage", Severity::Low, t + Duration::hours(1)),
            &AddOptions::default(),
        )
        .unwrap()
        .id;
    assert_eq!(a, "2026-03-02-outage");
    assert_eq!(b, "2026-03-02-outage-2");
    assert!(doc.get("2026-03-02-out").is_none());
    assert_eq!(doc.get(&a).unwrap().id, a);
    // An exact ID wins over the longer IDs it is a prefix of.
    assert_eq!(doc.resolve_prefix(&a).unwrap().id, a);
    assert_eq!(doc.resolve_prefix("2026-03-02-outage-").unwrap().id, b);
    match doc.resolve_prefix("2026-03-02-out") {
        Err(Error::AmbiguousId { mut candidates, .. }) => {
            candidates.sort();
            assert_eq!(candidates, [a, b]);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        doc.resolve_prefix("2027"),
        Err(Error::NoSuchIncident { .. })
    ));
}

#[test]
fn last_incident_is_compared_as_a_whole() {
    let mut doc = parse(SEED);
    let t = at("2026-03-02T10:00:00Z");
    doc.add_incident(
        &Incident::new("API outage", Severity::High, t),
        &AddOptions::default(),
    )
    .unwrap();
    // `API` is a part of `API outage`, but not the same title.
    doc.add_incident(
        &Incident::new("API", Severity::High, t + Duration::minutes(5)),
        &AddOptions::default(),
    )
    .unwrap();
    assert_eq!(
        doc.log().last_incident.as_ref().unwrap().text,
        "API (HIGH, 2026-03-02T10:05:00Z)"
    );
    // A hand-written text that names the newest incident in full is kept.
    let text = doc.as_str().replace(
        "## Last Incident: API (HIGH, 2026-03-02T10:05:00Z)",
        "## Last Incident: api (High, 2026-03-02)",
    );
    let mut doc = parse(&text);
    assert!(doc.update_last_incident().is_none());
    // One that names another incident whose title contains it is not.
    let text = text.replace("api (High, 2026-03-02)", "API outage (HIGH, 2026-03-02)");
    let mut doc = parse(&text);
    let change = doc.update_last_incident().unwrap();
    assert_eq!(
        &doc.as_str()[change.after],
        "API (HIGH, 2026-03-02T10:05:00Z)"
    );
}

#[test]
fn titles_that_slug_to_a_numbered_id_do_not_collide() {
    // Derived IDs (no written ones): `Outage 2` keeps `…-outage-2`; the second `Outage` moves on.
    let entry = |title: &str, time: &str| {
        format!("## Incident: {title}\n\n### Severity: LOW\n\n### Detected: {time}\n\n")
    };
    let text = format!(
        "# Log\n\n{}{}{}",
        entry("Outage", "2026-03-02T10:00:00Z"),
        entry("Outage 2", "2026-03-02T11:00:00Z"),
        entry("Outage", "2026-03-02T12:00:00Z"),
    );
    let mut doc = parse(&text);
    let ids: Vec<&str> = doc.incidents().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "2026-03-02-outage",
            "2026-03-02-outage-2",
            "2026-03-02-outage-3"
        ]
    );
    // A new one never takes an ID that exists.
    let t = at("2026-03-02T09:00:00Z");
    let added = doc
        .add_incident(
            &Incident::new("Outage 2", Severity::Low, t),
            &AddOptions::default(),
        )
        .unwrap();
    assert_eq!(added.id, "2026-03-02-outage-2-2");
}

#[test]
fn duplicate_and_invalid_written_ids_are_diagnosed() {
    let entry = |title: &str, id: &str| {
        format!(
            "## Incident: {title}\n\n### ID: {id}\n\n### Severity: LOW\n\n### Detected: 2026-03-02T10:00:00Z\n\n"
        )
    };
    let text = format!(
        "# Log\n\n{}{}{}",
        entry("A", "same"),
        entry("B", "same"),
        entry("C", "two words")
    );
    let doc = parse(&text);
    let ids: Vec<&str> = doc.incidents().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["same", "same-2", "2026-03-02-c"]);
    let codes: Vec<Code> = doc.log().diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::DuplicateId, Code::InvalidId]);
}

// ---------------------------------------------------------------------------------------------
// Stable IDs under random adds and edits

#[derive(Debug, Clone)]
enum Step {
    /// Add an incident: title index, minutes after a base time (can be before existing ones).
    Add(usize, i64),
    /// Retitle the incident printed as the `n`th ID (modulo the count).
    Retitle(usize, usize),
    /// Move the detection time of the `n`th printed incident.
    Redetect(usize, i64),
    /// Change its severity.
    Severity(usize),
}

const TITLES: [&str; 5] = ["Outage", "Outage 2", "outage", "API", "API outage"];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..TITLES.len(), -2000i64..3000).prop_map(|(t, m)| Step::Add(t, m)),
        1 => (any::<usize>(), 0..TITLES.len()).prop_map(|(n, t)| Step::Retitle(n, t)),
        1 => (any::<usize>(), -2000i64..3000).prop_map(|(n, m)| Step::Redetect(n, m)),
        1 => any::<usize>().prop_map(Step::Severity),
    ]
}

/// A log whose entries have derived IDs only, as logs written before IDs were written have.
fn legacy_log() -> String {
    let entry = |title: &str, time: &str| {
        format!("## Incident: {title}\n\n### Severity: LOW\n\n### Detected: {time}\n\n---\n\n")
    };
    format!(
        "# Log\n\n## Last Incident: None Recorded\n\n---\n\n{}{}{}",
        entry("Outage", "2026-03-02T12:00:00Z"),
        entry("Outage", "2026-03-02T09:00:00Z"),
        entry("Outage 2", "2026-03-02T10:00:00Z"),
    )
}

/// A log in its own dialect whose headings write the IDs (`### INC-001: Title`), with fields
/// as `- Field: value` items, which only the dialect reader reads.
fn heading_id_log() -> String {
    let entry = |id: &str, title: &str, time: &str| {
        format!("### {id}: {title}\n\n- Severity: P3\n- Detected: {time}\n\n")
    };
    format!(
        "# Log\n\n## Incidents\n\n{}{}{}",
        entry("INC-001", "Outage", "2026-03-02T12:00:00Z"),
        entry("INC-002", "Outage", "2026-03-02T09:00:00Z"),
        entry("INC-003", "Outage 2", "2026-03-02T10:00:00Z"),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn printed_ids_keep_naming_their_incident(
        start in 0..3usize,
        oldest_first in any::<bool>(),
        steps in proptest::collection::vec(step(), 1..14),
    ) {
        let text = match start {
            0 => SEED.to_owned(),
            1 => legacy_log(),
            // Written heading IDs: edits never change them, `new` writes the next one.
            _ => heading_id_log(),
        };
        let mut doc = parse(&text);
        let base = Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap();
        let order = if oldest_first { Order::OldestFirst } else { Order::NewestFirst };
        // Every ID printed so far, with a token that tells the incident apart: the Impact
        // field, which the steps never touch.
        let mut printed: Vec<(String, String)> = doc
            .incidents()
            .iter()
            .enumerate()
            .map(|(k, e)| (e.id.clone(), format!("legacy {k}")))
            .collect();
        for (k, (id, token)) in printed.clone().iter().enumerate() {
            doc.update(id, |i| i.impact = Some(token.clone())).unwrap();
            prop_assert_eq!(&doc.incidents()[k].id, id);
        }
        for (n, s) in steps.iter().enumerate() {
            match s {
                Step::Add(t, m) => {
                    let mut i = Incident::new(TITLES[*t], Severity::Medium, base + Duration::minutes(*m));
                    let token = format!("added {n}");
                    i.impact = Some(token.clone());
                    let added = doc.add_incident(&i, &AddOptions::with_order(order)).unwrap();
                    printed.push((added.id, token));
                }
                Step::Retitle(k, t) if !printed.is_empty() => {
                    let id = printed[k % printed.len()].0.clone();
                    doc.update(&id, |i| i.title = TITLES[*t].to_owned()).unwrap();
                }
                Step::Redetect(k, m) if !printed.is_empty() => {
                    let id = printed[k % printed.len()].0.clone();
                    doc.update(&id, |i| i.detected = base + Duration::minutes(*m)).unwrap();
                }
                Step::Severity(k) if !printed.is_empty() => {
                    let id = printed[k % printed.len()].0.clone();
                    doc.update(&id, |i| i.severity = Severity::High).unwrap();
                }
                _ => {}
            }
            // Every ID printed so far names the incident it was printed for.
            for (id, token) in &printed {
                let e = doc.get(id);
                prop_assert!(e.is_some(), "{} no longer resolves after {:?}", id, s);
                let impact = e.and_then(|e| e.incident.as_ref()).and_then(|i| i.impact.clone());
                prop_assert_eq!(impact.as_deref(), Some(token.as_str()), "{} after {:?}", id, s);
            }
            // No two incidents share an ID.
            let ids: HashSet<&str> = doc.incidents().iter().map(|e| e.id.as_str()).collect();
            prop_assert_eq!(ids.len(), doc.incidents().len());
            prop_assert!(
                !doc.log().diagnostics.iter().any(|d| matches!(d.code, Code::DuplicateId | Code::InvalidId)),
                "{:?}", doc.log().diagnostics
            );
        }
    }
}

#[test]
fn update_clears_an_optional_time_to_say_it_is_unfilled() {
    let old = fixture("list-labels.md");
    let doc = parse(&old);
    let id = doc.incidents()[0].id.clone();
    let doc = expect_update(
        &old,
        &id,
        |i| i.resolved = None,
        &[(
            "- **Resolved:** 2026-04-02T11:00:00Z",
            "- **Resolved:** _Not documented yet._",
        )],
    );
    assert_eq!(
        doc.get(&id).unwrap().incident.as_ref().unwrap().resolved,
        None
    );
}

#[test]
fn a_written_id_survives_hand_edits_of_title_time_and_order() {
    let mut doc = parse(SEED);
    let t = at("2026-03-02T10:00:00Z");
    let a = doc
        .add_incident(
            &Incident::new("Outage", Severity::High, t),
            &AddOptions::default(),
        )
        .unwrap()
        .id;
    let b = doc
        .add_incident(
            &Incident::new("Disk full", Severity::Low, t + Duration::days(1)),
            &AddOptions::default(),
        )
        .unwrap()
        .id;
    // By hand: a new title and time for `a`, and `b` retitled to what `a` was.
    let text = doc
        .as_str()
        .replace("## Incident: Outage", "## Incident: Checkout outage")
        .replace(
            "### Detected: 2026-03-02T10:00:00Z",
            "### Detected: 2026-02-27T08:00:00Z",
        )
        .replace("## Incident: Disk full", "## Incident: Outage");
    let doc = parse(&text);
    assert_eq!(doc.get(&a).unwrap().title, "Checkout outage");
    assert_eq!(doc.get(&b).unwrap().title, "Outage");
    // Pinning a written ID changes nothing.
    let mut doc = doc;
    assert!(doc.pin_id(&a).unwrap().is_empty());
}

#[test]
fn pinning_over_an_unreadable_written_id_keeps_the_id() {
    let text = "# Log\n\n## Incident: A\n\n### ID: two words\n\n### Severity: LOW\n\n### Detected: 2026-03-02T10:00:00Z\n";
    let mut doc = parse(text);
    let id = doc.incidents()[0].id.clone();
    assert_eq!(id, "2026-03-02-a");
    // The usable ID goes first, so it is read; the hand-written one is left for a person
    // (reported as a second ID field).
    doc.update(&id, |i| i.title = "B".into()).unwrap();
    let e = doc.get(&id).unwrap();
    assert!(e.id_written);
    assert_eq!(e.title, "B");
    assert!(
        doc.as_str()
            .contains("## Incident: B\n\n### ID: 2026-03-02-a\n\n### ID: two words")
    );
    let codes: Vec<Code> = doc.log().diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::DuplicateField]);
}

mod lifecycle {
    use super::*;
    use incident_core::{Disposition, LifecycleError, Stage, TimelineItem, Transition};

    fn seeded() -> (Document, String) {
        let mut doc = parse(SEED);
        let i = Incident::new("API down", Severity::High, at("2026-03-02T10:00:00Z"));
        let id = doc.add_incident(&i, &AddOptions::default()).unwrap().id;
        (doc, id)
    }

    fn incident(doc: &Document, id: &str) -> Incident {
        doc.get(id).unwrap().incident.clone().unwrap()
    }

    #[test]
    fn steps_write_their_fields_in_the_files_style_and_read_back() {
        let (mut doc, id) = seeded();
        assert!(
            !doc.keeps_timeline(&id),
            "the seed template has no timeline"
        );
        doc.transition(&id, &Transition::Acknowledge(at("2026-03-02T10:05:00Z")))
            .unwrap();
        doc.transition(&id, &Transition::Mitigate(at("2026-03-02T10:20:00Z")))
            .unwrap();
        let text = doc.to_string();
        let ack = text.find("### Acknowledged: 2026-03-02T10:05:00Z").unwrap();
        let mit = text.find("### Mitigated: 2026-03-02T10:20:00Z").unwrap();
        assert!(ack < mit, "Mitigated goes after Acknowledged");
        assert!(!text.contains("### Timeline:") && !text.contains("### Status:"));
        let i = incident(&doc, &id);
        assert_eq!(
            (i.stage(), i.mitigated),
            (Stage::Mitigated, Some(at("2026-03-02T10:20:00Z")))
        );
        // Resolving before the mitigation is the timestamp-order error, and changes nothing.
        let before = doc.to_string();
        let e = doc
            .transition(&id, &Transition::Resolve(at("2026-03-02T10:10:00Z")))
            .unwrap_err();
        assert!(matches!(e, Error::TimestampOrder { .. }), "{e}");
        assert_eq!(
            e.to_string(),
            format!(
                "incident `{id}` cannot be resolved at 2026-03-02T10:10:00Z, before it was mitigated (2026-03-02T10:20:00Z)"
            )
        );
        assert_eq!(doc.to_string(), before);
    }

    #[test]
    fn reopen_always_gets_a_timeline_item_and_later_steps_add_theirs() {
        let (mut doc, id) = seeded();
        doc.transition(&id, &Transition::Resolve(at("2026-03-02T11:00:00Z")))
            .unwrap();
        doc.transition(&id, &Transition::Reopen(at("2026-03-02T12:00:00Z")))
            .unwrap();
        let i = incident(&doc, &id);
        assert_eq!((i.stage(), i.resolved), (Stage::Reopened, None));
        assert_eq!(i.disposition, Some(Disposition::Reopened));
        let text = doc.to_string();
        assert!(text.contains("### Status: reopened"), "{text}");
        assert!(
            text.contains("### Timeline:\n- 2026-03-02T12:00:00Z — Reopened (was resolved 2026-03-02T11:00:00Z)\n"),
            "{text}"
        );
        assert!(doc.keeps_timeline(&id));
        // Now that the entry has a timeline, every step adds to it, in time order.
        doc.transition(&id, &Transition::Resolve(at("2026-03-02T13:00:00Z")))
            .unwrap();
        doc.add_timeline_item(
            &id,
            &TimelineItem::new(at("2026-03-02T10:30:00Z"), "Rolled back"),
        )
        .unwrap();
        let i = incident(&doc, &id);
        let texts: Vec<&str> = i.timeline.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Rolled back",
                "Reopened (was resolved 2026-03-02T11:00:00Z)",
                "Resolved"
            ]
        );
        assert_eq!(
            parse(&doc.to_string()).get(&id).unwrap().incident.as_ref(),
            Some(&i)
        );
    }

    #[test]
    fn cancel_names_the_original_by_its_full_id() {
        let (mut doc, id) = seeded();
        let dup = Incident::new("API down again", Severity::High, at("2026-03-02T10:01:00Z"));
        let dup_id = doc.add_incident(&dup, &AddOptions::default()).unwrap().id;
        let cancel = |dup: Option<&str>, reason: &str| Transition::Cancel {
            at: at("2026-03-02T10:03:00Z"),
            reason: reason.into(),
            duplicate_of: dup.map(str::to_owned),
        };
        let e = doc
            .transition(&dup_id, &cancel(Some(&dup_id), "same"))
            .unwrap_err();
        assert!(
            matches!(
                e,
                Error::InvalidValue {
                    field: "Duplicate of",
                    ..
                }
            ),
            "{e}"
        );
        let e = doc.transition(&dup_id, &cancel(None, "  ")).unwrap_err();
        assert!(
            matches!(
                e,
                Error::Lifecycle {
                    source: LifecycleError::EmptyReason,
                    ..
                }
            ),
            "{e}"
        );
        doc.transition(&dup_id, &cancel(Some("2026-03-02-api-down"), "same alert"))
            .unwrap();
        let text = doc.to_string();
        assert!(
            text.contains(&format!(
                "### Status: cancelled (duplicate of {id}) — same alert"
            )),
            "{text}"
        );
        let i = incident(&doc, &dup_id);
        assert_eq!(i.stage(), Stage::Cancelled);
        let e = doc
            .transition(&dup_id, &Transition::Resolve(at("2026-03-02T11:00:00Z")))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("incident `{dup_id}`: cannot resolve a cancelled incident; reopen it first")
        );
    }

    #[test]
    fn hand_written_status_and_timeline_are_read() {
        let mut doc = parse(SEED);
        let i = Incident::new("Disk full", Severity::Low, at("2026-03-02T10:00:00Z"));
        let id = doc.add_incident(&i, &AddOptions::default()).unwrap().id;
        doc.set_field(&id, incident_md::FieldName::Status, "reopened")
            .unwrap();
        // As hand-written logs say it: a stage the timestamps tell.
        let mut doc = parse(
            &doc.to_string()
                .replace("### Status: reopened", "**Status:** Resolved"),
        );
        doc.set_field(
            &id,
            incident_md::FieldName::Timeline,
            "- 2026-03-02T10:09:00Z - second\n- 2026-03-02T10:01:00Z: first",
        )
        .unwrap();
        let i = incident(&doc, &id);
        // A stage the timestamps tell is no disposition.
        assert_eq!(i.disposition, None);
        let texts: Vec<&str> = i.timeline.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["first", "second"], "written in time order");
        assert!(doc.to_string().contains("- 2026-03-02T10:01:00Z — first"));
        assert!(
            doc.set_field(&id, incident_md::FieldName::Status, "gone fishing")
                .is_err()
        );
    }
}

mod unreadable_timeline {
    use super::*;
    use incident_core::{TimelineItem, Transition};

    #[test]
    fn a_timeline_with_time_only_items_is_never_rewritten() {
        let mut doc = parse(SEED);
        let i = Incident::new("Vendor outage", Severity::Low, at("2026-03-02T13:00:00Z"));
        let id = doc.add_incident(&i, &AddOptions::default()).unwrap().id;
        doc.set_field(
            &id,
            incident_md::FieldName::Timeline,
            "2026-03-02T13:10:00Z — paged",
        )
        .unwrap();
        let text = doc.to_string().replace(
            "- 2026-03-02T13:10:00Z — paged",
            "- 2026-03-02T13:10:00Z — paged\n- 13:20 vendor confirms outage",
        );
        let mut doc = parse(&text);
        assert!(!doc.timeline_writable(&id));
        let item = TimelineItem::new(at("2026-03-02T13:30:00Z"), "fixed");
        assert!(matches!(
            doc.add_timeline_item(&id, &item),
            Err(Error::Uneditable { .. })
        ));
        assert_eq!(doc.to_string(), text);
        // A step still works; it is just not recorded in that timeline.
        doc.transition(&id, &Transition::Resolve(at("2026-03-02T13:40:00Z")))
            .unwrap();
        assert!(doc.to_string().contains("- 13:20 vendor confirms outage"));
        assert!(matches!(
            doc.transition(&id, &Transition::Reopen(at("2026-03-02T14:00:00Z"))),
            Err(Error::Uneditable { .. })
        ));
    }
}

mod template_timeline {
    use super::*;
    use incident_core::Transition;

    #[test]
    fn a_template_with_a_timeline_gets_every_step_recorded() {
        let text = SEED.replacen(
            "### Resolution:\n<steps taken to resolve>\n",
            "### Resolution:\n<steps taken to resolve>\n\n### Timeline:\n- <ISO 8601 timestamp> — <what happened>\n",
            1,
        );
        assert_ne!(text, SEED);
        let mut doc = parse(&text);
        let i = Incident::new("API down", Severity::High, at("2026-03-02T10:00:00Z"));
        let id = doc.add_incident(&i, &AddOptions::default()).unwrap().id;
        assert!(doc.keeps_timeline(&id));
        doc.transition(&id, &Transition::Acknowledge(at("2026-03-02T10:04:00Z")))
            .unwrap();
        let read = doc.get(&id).unwrap().incident.clone().unwrap();
        assert_eq!(read.timeline.len(), 1);
        assert_eq!(read.timeline[0].text, "Acknowledged");
        let out = doc.to_string();
        assert!(
            out.contains("- 2026-03-02T10:04:00Z — Acknowledged"),
            "{out}"
        );
        assert!(!out[doc.get(&id).unwrap().span.clone()].contains("<what happened>\n- 2026"));
    }
}

/// An entry dated by a day only gets that day in its derived ID (not `undated-…`), and the
/// time written later on that day keeps the ID without writing it down; another day pins it.
#[test]
fn a_day_only_date_dates_the_id_and_a_time_on_that_day_keeps_it() {
    let text = "# Incidents\n\n## Checkout latency spike\n\n**Severity:** High\n**Date:** 2026-11-20\n\nCheckout p99 went to 9 s.\n";
    let mut doc = parse(text);
    let id = "2026-11-20-checkout-latency-spike";
    assert_eq!(doc.incidents()[0].id, id);
    doc.set_field(id, FieldName::Detected, "2026-11-20T14:05:00Z")
        .unwrap();
    assert!(!doc.as_str().contains("**ID:**"), "{}", doc.as_str());
    assert_eq!(doc.incidents()[0].id, id);
    assert!(doc.incidents()[0].incident.is_some());
    doc.set_field(id, FieldName::Detected, "2026-11-21T09:00:00Z")
        .unwrap();
    assert!(
        doc.as_str().contains(&format!("**ID:** {id}\n")),
        "{}",
        doc.as_str()
    );
    assert_eq!(doc.incidents()[0].id, id);
}

/// A `Last Incident:` heading in a team's own form (`2026-11-20 — etcd storm`) is left alone
/// by edits while it names the newest incident, and written in that form when another becomes
/// the newest.
#[test]
fn a_dated_last_incident_heading_keeps_its_form() {
    let text = "# Log\n\n## Last Incident: 2026-11-20 — etcd storm\n\n\
                ## Incident: etcd storm\n\n### Severity: HIGH\n\n### Detected: 2026-11-20T06:14:00Z\n\n\
                ## Incident: Helm stuck\n\n### Severity: MEDIUM\n\n### Detected: 2026-11-15T13:05:00Z\n";
    let mut doc = parse(text);
    doc.set_field(
        "2026-11-15-helm-stuck",
        incident_md::FieldName::Impact,
        "Deploys blocked.",
    )
    .unwrap();
    assert!(
        doc.as_str()
            .contains("## Last Incident: 2026-11-20 — etcd storm\n"),
        "{}",
        doc.as_str()
    );
    let newer = incident_core::Incident::new(
        "Ingress cert expired",
        incident_core::Severity::High,
        at("2026-11-30T10:00:00Z"),
    );
    doc.add_incident(&newer, &Default::default()).unwrap();
    assert!(
        doc.as_str()
            .contains("## Last Incident: 2026-11-30 — Ingress cert expired\n"),
        "{}",
        doc.as_str()
    );
}
