//! `new` on the dialect corpus (tests/data/real-logs): for every log, the new entry goes where
//! the file's author would put it, in the file's own style, and reads back as the incident
//! written; the bytes outside the insertion are unchanged. A snapshot of the diff per file.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use incident_core::{Incident, Severity};
use incident_md::dialect::When;
use incident_md::{AddOptions, Document};

fn logs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/real-logs/logs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

fn incident() -> Incident {
    let at: DateTime<Utc> = "2026-12-01T09:30:00Z".parse().unwrap();
    let mut i = Incident::new("Build agents ran out of disk", Severity::High, at);
    i.description = Some("Every build agent filled `/var/lib/docker`; builds failed.".into());
    i
}

/// Logs whose new entry is not written in their dialect yet.
const KNOWN_MISSES: &[&str] = &[];

/// What is wrong with the new entry of one log, if anything.
fn check(text: &str) -> Result<String, String> {
    let mut doc: Document = text.parse().unwrap();
    let before = doc.log().dialect.clone();
    let count = doc.log().incidents.len();
    let given = incident();
    let added = doc
        .add_incident(&given, &AddOptions::default())
        .map_err(|e| format!("not added: {e}"))?;
    let after = doc.as_str().to_owned();
    // (a) Only the spliced bytes changed.
    // (The seed's format also rewrites `## Last Incident:`: the hull of the splices.)
    let (Some(start), Some(end)) = (
        added.changes.iter().map(|c| c.before.start).min(),
        added.changes.iter().map(|c| c.before.end).max(),
    ) else {
        return Err("no splice".into());
    };
    let tail = text.len() - end;
    if added.changes.len() > 2
        || text[..start] != after[..start]
        || text[end..] != after[after.len() - tail..]
    {
        return Err("bytes outside the insertion changed".into());
    }
    // (b) One more incident, the one given, in the file's dialect.
    let reread: Document = after.parse().unwrap();
    let log = reread.log();
    if log.incidents.len() != count + 1 {
        return Err(format!(
            "{} incidents read, {} expected",
            log.incidents.len(),
            count + 1
        ));
    }
    let Some(e) = log.incidents.iter().find(|e| e.title == given.title) else {
        return Err("the new title is not read".into());
    };
    if e.reading.level() != Some(given.severity) {
        return Err(format!("severity read as {:?}", e.reading.severity));
    }
    if e.reading.detected.as_ref().and_then(When::day) != Some(given.detected.date_naive()) {
        return Err(format!("detected read as {:?}", e.reading.detected));
    }
    let d = &log.dialect;
    let pattern = |x: &incident_md::dialect::Dialect| x.heading.as_ref().map(|h| h.value.clone());
    let style = |x: &incident_md::dialect::Dialect| x.field_style.as_ref().map(|s| s.value);
    if pattern(d) != pattern(&before) || style(d) != style(&before) {
        return Err(format!(
            "dialect changed: {:?} {:?} -> {:?} {:?}",
            pattern(&before),
            style(&before),
            pattern(d),
            style(d)
        ));
    }
    let site = d
        .entries
        .iter()
        .find(|s| s.span.start == e.span.start)
        .ok_or("no dialect entry at the new heading")?;
    let first = before.entries.iter().find(|s| s.headed == site.headed);
    if let Some(first) = first
        && (site.parts.pattern != first.parts.pattern || site.level != first.level)
    {
        return Err(format!(
            "heading `{}` (level {}) unlike `{}` (level {})",
            site.parts.pattern, site.level, first.parts.pattern, first.level
        ));
    }
    // Each field in the style the file writes that field in (else the file's usual style).
    for f in site.reading.fields.iter().filter(|f| f.key.is_some()) {
        let want = before
            .entries
            .iter()
            .flat_map(|e| &e.reading.fields)
            .find(|x| x.key == f.key)
            .map(|x| x.style)
            .or(style(&before));
        if want.is_some_and(|w| w != f.style) {
            return Err(format!(
                "`{}` written {:?}, the file's is {want:?}",
                f.label, f.style
            ));
        }
    }
    if site.reading.fields.iter().all(|f| f.key.is_none()) {
        return Err("no field read in the new entry".into());
    }
    Ok(incident_md::diff::unified_diff(
        "INCIDENTS.md",
        text,
        &after,
    ))
}

#[test]
fn every_log_gets_an_entry_in_its_own_dialect() {
    let mut failures = Vec::new();
    for path in logs() {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        match check(&text) {
            Ok(diff) => {
                assert!(
                    !KNOWN_MISSES.contains(&stem.as_str()),
                    "{stem} now passes: remove it from KNOWN_MISSES"
                );
                insta::with_settings!({snapshot_suffix => stem.clone(), prepend_module_to_snapshot => false}, {
                    insta::assert_snapshot!("new_diff", diff);
                });
            }
            Err(why) if KNOWN_MISSES.contains(&stem.as_str()) => {
                eprintln!("known miss {stem}: {why}");
            }
            Err(why) => failures.push(format!("{stem}: {why}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_new_entry_never_rounds_its_detection_time() {
    // A time with seconds, in files whose entries write `HH:MM UTC`, RFC 3339 or other forms:
    // where the new entry reads back as an instant, it is the instant given (the seconds are
    // written, in the file's form when it has them, else as `HH:MM:SS UTC`).
    let at: DateTime<Utc> = "2026-12-01T09:30:45Z".parse().unwrap();
    let mut instants = 0;
    for path in logs() {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut doc: Document = text.parse().unwrap();
        let given = Incident::new("Clock skew on the build hosts", Severity::High, at);
        if doc.add_incident(&given, &AddOptions::default()).is_err() {
            continue;
        }
        let reread: Document = doc.as_str().parse().unwrap();
        let Some(e) = reread.incidents().iter().find(|e| e.title == given.title) else {
            continue;
        };
        if let Some(When::Instant(t)) = &e.reading.detected {
            assert_eq!(*t, at, "{}", path.display());
            instants += 1;
        }
        if let Some(i) = &e.incident {
            assert_eq!(i.detected, at, "{}", path.display());
        }
    }
    assert!(
        instants > 10,
        "{instants} logs read the new time as an instant"
    );
}

#[test]
fn a_new_entry_keeps_every_field_given_in_every_dialect() {
    // A field the file has no place for is still written (under the seed's label): the
    // timeline, related logs, mitigation, trigger and category used to be dropped in silence.
    use incident_core::{FollowUp, RelatedLog, TimelineItem};
    let at = |s: &str| -> DateTime<Utc> { s.parse().unwrap() };
    let mut given = Incident::new(
        "Disk full on db-3",
        Severity::High,
        at("2026-11-30T08:15:00Z"),
    );
    given.description = Some("The data volume hit 100%.".into());
    given.category = Some("INFRASTRUCTURE".into());
    given.acknowledged = Some(at("2026-11-30T08:25:00Z"));
    given.mitigated = Some(at("2026-11-30T08:41:00Z"));
    given.follow_ups = vec![FollowUp::parse_strict("Grow the volume - @kim - 2026-12-05").unwrap()];
    given.related_logs = vec![RelatedLog::new("deploy", Some("LOGS.md#d".into()))];
    given.timeline = vec![
        TimelineItem::new(at("2026-11-30T08:20:00Z"), "Paged the DBA"),
        TimelineItem::new(at("2026-11-30T08:40:30Z"), "Grew the volume"),
    ];
    let mut read = 0;
    for path in logs() {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut doc: Document = text.parse().unwrap();
        if doc.add_incident(&given, &AddOptions::default()).is_err() {
            continue;
        }
        let reread: Document = doc.as_str().parse().unwrap();
        let Some(i) = reread
            .incidents()
            .iter()
            .find(|e| e.title == given.title)
            .and_then(|e| e.incident.as_ref())
        else {
            continue;
        };
        let name = path.display();
        assert_eq!(i.timeline, given.timeline, "{name}");
        assert_eq!(i.related_logs, given.related_logs, "{name}");
        assert_eq!(i.mitigated, given.mitigated, "{name}");
        assert_eq!(i.acknowledged, given.acknowledged, "{name}");
        assert_eq!(i.category, given.category, "{name}");
        assert_eq!(i.follow_ups.len(), 1, "{name}");
        read += 1;
    }
    assert!(read > 10, "{read} logs read the new entry back");
}

/// `text` with a HIGH `Disk full` detected at 2026-12-01T10:00Z added, which must read back
/// at that instant.
fn add_disk_full(text: &str) -> String {
    let mut doc: Document = text.parse().unwrap();
    let at: DateTime<Utc> = "2026-12-01T10:00:00Z".parse().unwrap();
    let added = doc
        .add_incident(
            &Incident::new("Disk full", Severity::High, at),
            &AddOptions::default(),
        )
        .unwrap();
    let e = doc.find(&added.id).unwrap();
    assert_eq!(e.incident.as_ref().map(|i| i.detected), Some(at));
    doc.to_string()
}

#[test]
fn a_day_beside_a_detected_time_stays_a_day() {
    // The team writes the day in `Date` and the time in `Detected`: a new entry does the same
    // (it wrote the time twice, the Date in a form no entry has).
    let out = add_disk_full(
        "# Ops log (newest first)\n\n---\n\n## Queue workers OOM-killed\n\n- **Date:** 2026-11-27\n- **Severity:** critical\n- **Status:** Mitigated\n- **Detected:** 2026-11-27 03:12 PST\n\n---\n",
    );
    assert!(out.contains("- **Date:** 2026-12-01\n"), "{out}");
    assert!(
        out.contains("- **Detected:** 2026-12-01 10:00 UTC\n"),
        "{out}"
    );
}

#[test]
fn a_new_heading_and_time_copy_the_files_case_and_form() {
    // `## incident:` in lowercase, times in RFC 3339 with an offset: the new entry's heading
    // keeps the case, and its time is RFC 3339 at the entries' offset, not `… UTC` words.
    let out = add_disk_full(
        "# INCIDENTS\n\n## incident: Autoscaler stuck\n\nseverity: medium\ndetected: 2026-11-02T04:11:00+01:00\ndescription: Pending pods for 90 min.\n",
    );
    assert!(out.contains("\n## incident: Disk full\n"), "{out}");
    assert!(
        out.contains("\ndetected: 2026-12-01T11:00:00+01:00\n"),
        "{out}"
    );
}

/// Headings that write the ID, a space and the title (`## INC-2026-008 Search index stale`):
/// the ID is the entry's, the title what follows, and a new entry takes the next ID in the
/// same form. A title whose first word merely looks like one (`HTTP-500 errors`) keeps it.
#[test]
fn an_id_before_the_title_with_a_space_is_the_entry_id() {
    let entry = |id: &str, title: &str, day: u32| {
        format!(
            "## {id} {title}\n\n**Severity:** High\n**Date:** 2026-10-{day:02} 09:10 UTC\n\nWhat happened.\n\n"
        )
    };
    let text = format!(
        "# Search team incidents\n\n{}{}{}",
        entry("INC-2026-006", "Crawler stalled", 2),
        entry("INC-2026-007", "HTTP-500 errors", 14),
        entry("INC-2026-008", "Search index stale", 20),
    );
    let mut doc: Document = text.parse().unwrap();
    let read: Vec<(&str, &str, bool)> = doc
        .incidents()
        .iter()
        .map(|e| (e.id.as_str(), e.title.as_str(), e.id_written))
        .collect();
    assert_eq!(
        read,
        [
            ("INC-2026-006", "Crawler stalled", true),
            ("INC-2026-007", "HTTP-500 errors", true),
            ("INC-2026-008", "Search index stale", true),
        ]
    );
    let alone: Document =
        "# Log\n\n## HTTP-500 errors\n\n**Severity:** High\n**Date:** 2026-10-02 09:10 UTC\n"
            .parse()
            .unwrap();
    assert_eq!(alone.incidents()[0].title, "HTTP-500 errors");

    let added = doc
        .add_incident(&incident(), &AddOptions::default())
        .unwrap();
    assert_eq!(added.id, "INC-2026-009");
    assert!(
        doc.as_str()
            .contains("\n## INC-2026-009 Build agents ran out of disk\n"),
        "{}",
        doc.as_str()
    );
    let reread: Document = doc.as_str().parse().unwrap();
    let new = reread
        .get("INC-2026-009")
        .expect("the new entry reads back by its ID");
    assert_eq!(new.title, "Build agents ran out of disk");
}

/// An incident logged late goes where its day puts it in a log kept newest first or oldest
/// first, one older than every entry after the last of a newest-first log, and the log keeps
/// its order for the next one.
#[test]
fn a_late_entry_goes_where_its_day_puts_it() {
    let newest_first = "# Production incidents\n\n## 2026-03-04 — Login failures\n\n**Severity:** HIGH\n\
                        **Detected:** 2026-03-04 09:12 UTC\n\n## 2026-02-27 — Backup skipped\n\n\
                        **Severity:** LOW\n**Detected:** 2026-02-27 02:00 UTC\n";
    let oldest_first = "# Production incidents\n\n## 2026-02-27 — Backup skipped\n\n**Severity:** LOW\n\
                        **Detected:** 2026-02-27 02:00 UTC\n\n## 2026-03-04 — Login failures\n\n\
                        **Severity:** HIGH\n**Detected:** 2026-03-04 09:12 UTC\n";
    let days = |text: &str, added: &[&str]| -> Vec<String> {
        let mut doc: Document = text.parse().unwrap();
        for (k, at) in added.iter().enumerate() {
            let at: DateTime<Utc> = at.parse().unwrap();
            let i = Incident::new(format!("Added {k}"), Severity::Low, at);
            let options = AddOptions::learned(&doc, incident_core::Order::NewestFirst);
            doc.add_incident(&i, &options).unwrap();
        }
        doc.as_str()
            .lines()
            .filter_map(|l| l.strip_prefix("## "))
            .map(|l| l[..10].to_owned())
            .collect()
    };
    let added = [
        "2026-03-01T10:00:00Z",
        "2026-03-09T23:50:00Z",
        "2026-01-09T08:00:00Z",
    ];
    assert_eq!(
        days(newest_first, &added),
        [
            "2026-03-09",
            "2026-03-04",
            "2026-03-01",
            "2026-02-27",
            "2026-01-09"
        ]
    );
    assert_eq!(
        days(oldest_first, &added),
        [
            "2026-01-09",
            "2026-02-27",
            "2026-03-01",
            "2026-03-04",
            "2026-03-09"
        ]
    );
}

/// A new entry's follow-ups, and an entry's first one, are written in the form the log's
/// entries write theirs (`(@kai, due …)`), where that reads back; the newest entry's form
/// first, and the next where that one's is none a new item can be written in (`(Wei Zhang,
/// due …)` names no handle).
#[test]
fn follow_ups_are_written_in_the_logs_own_form() {
    let text = "# Incident Log\n\nAppend new incidents at the bottom.\n\n\
                ## INC-031: Kafka lag\n\n**Severity:** P2\n**Detected:** 2026-08-11 22:15 UTC\n\n\
                **Follow-ups**\n\n- [ ] Raise poll interval (@kai, due 2026-08-20)\n\n\
                ## INC-032: DNS failures\n\n**Severity:** P3\n**Detected:** 2026-09-01 10:00 UTC\n\n\
                **Summary:** CoreDNS pods OOM-killed.\n\n\
                ## INC-033: Export failed\n\n**Severity:** P2\n**Detected:** 2026-10-05 08:00 UTC\n\n\
                **Follow-ups**\n\n- [ ] Alert on empty export (Wei Zhang, due 2026-10-20)\n";
    let mut doc: Document = text.parse().unwrap();
    let due = "2026-12-10".parse().unwrap();
    let action = incident_core::FollowUp::new("Warm the cache")
        .assignee("dana")
        .due(due);
    let detected = "2026-11-30T10:00:00Z".parse().unwrap();
    let mut given =
        incident_core::Incident::new("Cache cold", incident_core::Severity::Medium, detected);
    given.follow_ups.push(action.clone());
    doc.add_incident(&given, &AddOptions::default()).unwrap();
    assert!(
        doc.as_str()
            .contains("- [ ] Warm the cache (@dana, due 2026-12-10)\n"),
        "{}",
        doc.as_str()
    );
    let mut doc: Document = text.parse().unwrap();
    doc.add_follow_up("INC-032", &action).unwrap();
    let added = doc.get("INC-032").unwrap().incident.as_ref().unwrap();
    assert_eq!(added.follow_ups, [action]);
    assert!(
        doc.as_str()
            .contains("- [ ] Warm the cache (@dana, due 2026-12-10)\n"),
        "{}",
        doc.as_str()
    );
}

/// A severity tag ending the heading (`… (SEV-1)`) is the entry's severity, not title text:
/// the entries are incidents, a new one writes its tag there, and `set severity` changes it in
/// place.
#[test]
fn a_severity_tag_after_the_title_is_read_and_written() {
    let text = "# Payments incidents\n\nNewest first.\n\n\
                #### [2026-11-18] Card declines in EU (SEV-1)\n\n\
                Status: Resolved\nDetected: 2026-11-18 14:02 UTC\n\n\
                #### [2026-11-03] Refund webhook backlog (SEV-3)\n\n\
                Status: Investigating\nDetected: 2026-11-03 09:30 UTC\n";
    let mut doc: Document = text.parse().unwrap();
    let read: Vec<(&str, Option<incident_core::Severity>)> = doc
        .incidents()
        .iter()
        .map(|e| (e.title.as_str(), e.incident.as_ref().map(|i| i.severity)))
        .collect();
    assert_eq!(
        read,
        [
            ("Card declines in EU", Some(incident_core::Severity::High)),
            ("Refund webhook backlog", Some(incident_core::Severity::Low)),
        ]
    );
    assert_eq!(doc.incidents()[1].id, "2026-11-03-refund-webhook-backlog");
    doc.set_field(
        "2026-11-03-refund-webhook-backlog",
        incident_md::FieldName::Severity,
        "HIGH",
    )
    .unwrap();
    assert_eq!(
        doc.as_str(),
        text.replace("backlog (SEV-3)", "backlog (SEV-1)")
    );
    let detected = "2026-11-30T10:00:00Z".parse().unwrap();
    let given = incident_core::Incident::new("Cache cold", incident_core::Severity::High, detected);
    doc.add_incident(&given, &AddOptions::default()).unwrap();
    assert!(
        doc.as_str().contains(
            "#### [2026-11-30] Cache cold (SEV-1)\n\nStatus: Open\nDetected: 2026-11-30 10:00 UTC\n\n"
        ),
        "{}",
        doc.as_str()
    );
}

/// A new entry's follow-ups take the bullet the log's items use (`* [ ]`).
#[test]
fn follow_ups_take_the_logs_bullet() {
    let text = "# Log\n\n## INC-1: Kafka lag\n\n**Severity:** P2\n**Detected:** 2026-08-11 22:15 UTC\n\n\
                **Action items:**\n\n* [ ] Raise poll interval - @kai - 2026-08-20\n";
    let mut doc: Document = text.parse().unwrap();
    let due = "2026-12-10".parse().unwrap();
    let detected = "2026-11-30T10:00:00Z".parse().unwrap();
    let mut given =
        incident_core::Incident::new("Cache cold", incident_core::Severity::Medium, detected);
    given.follow_ups.push(
        incident_core::FollowUp::new("Warm it")
            .assignee("kim")
            .due(due),
    );
    doc.add_incident(&given, &AddOptions::default()).unwrap();
    assert!(
        doc.as_str().contains("* [ ] Warm it - @kim - 2026-12-10\n"),
        "{}",
        doc.as_str()
    );
}

/// A middle dot or bullet between the date and the title (`### 2026-11-02 · API outage`) is a
/// separator: it was read into the title (`· API outage`, ID `2026-11-02--api-outage`), and new
/// headings left it out.
#[test]
fn a_middle_dot_separates_the_date_from_the_title() {
    for dot in ["·", "•"] {
        let text = format!(
            "# Incident Log\n\n### 2026-11-02 {dot} API outage\n\n- **Severity:** P1\n\
             - **Detected:** 2026-11-02 14:02 UTC\n- **Status:** Investigating\n"
        );
        let mut doc: Document = text.parse().unwrap();
        let e = &doc.incidents()[0];
        assert_eq!(
            (e.id.as_str(), e.title.as_str()),
            ("2026-11-02-api-outage", "API outage")
        );
        let at = "2026-11-30T10:00:00Z".parse().unwrap();
        let incident =
            incident_core::Incident::new("Payout rejected", incident_core::Severity::High, at);
        doc.add_incident(&incident, &Default::default()).unwrap();
        assert!(
            doc.as_str()
                .contains(&format!("### 2026-11-30 {dot} Payout rejected\n")),
            "{}",
            doc.as_str()
        );
    }
}

fn entry_in(title: &str, day: &str) -> String {
    format!(
        "### {day} — {title}\n\n- **Severity:** P2\n- **Detected:** {day} 08:15 UTC\n- **Status:** Open\n\n"
    )
}

fn add_on(text: &str, title: &str, at: &str) -> String {
    let mut doc: Document = text.parse().unwrap();
    let at = format!("{at}T08:15:00Z").parse().unwrap();
    let incident = incident_core::Incident::new(title, incident_core::Severity::Medium, at);
    doc.add_incident(&incident, &Default::default()).unwrap();
    doc.to_string()
}

/// Month groups (`## November 2026`): a new month's entry opens its group (newest first, at
/// the top; oldest first, at the end), and a late entry goes into its month's group by date.
/// Each went under the newest group whatever its month, out of the file's order.
#[test]
fn month_groups_take_entries_by_their_month() {
    let (nov, oct) = (
        entry_in("API outage", "2026-11-02"),
        entry_in("Export stuck", "2026-10-27"),
    );
    let newest =
        format!("# Log\n\nNewest first.\n\n## November 2026\n\n{nov}## October 2026\n\n{oct}");
    let want = |head: &str, before: &str| newest.replacen(before, &format!("{head}{before}"), 1);
    let dec = entry_in("Payout rejected", "2026-12-01");
    assert_eq!(
        add_on(&newest, "Payout rejected", "2026-12-01"),
        want(&format!("## December 2026\n\n{dec}"), "## November 2026")
    );
    assert_eq!(
        add_on(&newest, "Late one", "2026-10-29"),
        want(&entry_in("Late one", "2026-10-29"), "### 2026-10-27")
    );
    assert_eq!(
        add_on(&newest, "Early November", "2026-11-01"),
        want(&entry_in("Early November", "2026-11-01"), "## October 2026")
    );
    let oldest = format!("# Log\n\nOldest first.\n\n## Oct 2026\n\n{oct}## Nov 2026\n\n{nov}");
    assert_eq!(
        add_on(&oldest, "Payout rejected", "2026-12-01"),
        // The file's blank lines at its end stay at its end.
        format!(
            "{}\n\n## Dec 2026\n\n{}\n\n",
            oldest.trim_end(),
            dec.trim_end()
        )
    );
    assert_eq!(
        add_on(&oldest, "Late one", "2026-10-29"),
        oldest.replacen(
            "## Nov 2026",
            &format!("{}## Nov 2026", entry_in("Late one", "2026-10-29")),
            1
        )
    );
}

/// Field headings two levels below the entry's (`#### Follow-up` under `## [ID] Title`), with a
/// blank line after them: a new entry writes its list fields so. It wrote `### Follow-up` with
/// its item right below.
#[test]
fn a_new_entry_writes_field_headings_at_the_files_depth() {
    let text = "# On-call feed\n\n## [INC-20261104-01] Kafka broker disk saturation\n\n\
                Severity: HIGH\nDetected: 2026-11-04T09:15:00Z\nStatus: Investigating\n\n\
                Broker kafka-3 hit 95% disk.\n\n#### Follow-up\n\n\
                - [ ] Disk alert at 80% (@neha, due 2026-12-04)\n";
    let mut doc: Document = text.parse().unwrap();
    let at = "2026-11-30T18:20:00Z".parse().unwrap();
    let due = "2026-12-05".parse().unwrap();
    let mut incident = incident_core::Incident::new("Disk full", incident_core::Severity::High, at);
    incident.follow_ups.push(
        incident_core::FollowUp::new("Add alert")
            .assignee("ravi")
            .due(due),
    );
    doc.add_incident(&incident, &Default::default()).unwrap();
    assert!(
        doc.as_str()
            .ends_with("\n\n#### Follow-up\n\n- [ ] Add alert (@ravi, due 2026-12-05)\n"),
        "{}",
        doc.as_str()
    );
}

/// A heading's day without its year (`### Nov 28 – Checkout down` under `## November 2026`) is
/// its date part: the title is what follows, and a new heading writes its day so. The title
/// kept the day (`Nov 28 – Checkout down`, ID `2026-11-28-nov-28--checkout-down`), and new
/// headings had no day.
#[test]
fn a_day_without_its_year_is_a_headings_date() {
    let text = "# Log\n\n## November 2026\n\n### Nov 28 – Checkout down\n\n- **Severity:** P1\n\
                - **Detected:** 2026-11-28 14:02 UTC\n- **Status:** Open\n";
    let doc: Document = text.parse().unwrap();
    let e = &doc.incidents()[0];
    assert_eq!(
        (e.id.as_str(), e.title.as_str()),
        ("2026-11-28-checkout-down", "Checkout down")
    );
    let out = add_on(text, "Payout failed", "2026-11-30");
    assert!(out.contains("\n### Nov 30 – Payout failed\n"), "{out}");
    for (heading, title) in [
        ("28 November – Checkout down", "Checkout down"),
        ("May 5 outage", "May 5 outage"),
    ] {
        let doc: Document = text
            .replace("Nov 28 – Checkout down", heading)
            .parse()
            .unwrap();
        assert_eq!(doc.incidents()[0].title, title);
    }
}

/// A heading that starts with a numbered level (`### 🔴 SEV1 — Title`, `### P2 — Title`) has
/// it as its severity part: the entry was left out (the title held the level, and no field
/// gave a severity), and `set severity` changes it there.
#[test]
fn a_level_first_in_the_heading_is_its_severity() {
    for (head, level) in [("🔴 SEV1", "🔴 SEV2"), ("SEV1", "SEV2"), ("P1", "P2")] {
        let text = format!(
            "# Payments incidents\n\n### {head} — Card authorisations failing\n\n\
             - Detected: 2026-11-28 10:02 UTC\n- Status: Investigating\n"
        );
        let mut doc: Document = text.parse().unwrap();
        let e = &doc.incidents()[0];
        assert_eq!(e.title, "Card authorisations failing", "{head}");
        let id = e.id.clone();
        assert_eq!(
            e.incident.as_ref().map(|i| i.severity),
            Some(incident_core::Severity::High)
        );
        doc.set_field(&id, incident_md::FieldName::Severity, "medium")
            .unwrap();
        assert_eq!(doc.as_str(), text.replace(head, level));
    }
    // A title's first word that names a level stays the title's.
    let doc: Document = "# Log\n\n### Critical path — checkout down\n\n- Severity: high\n\
                         - Detected: 2026-11-28 10:02 UTC\n"
        .parse()
        .unwrap();
    assert_eq!(doc.incidents()[0].title, "Critical path — checkout down");
}
