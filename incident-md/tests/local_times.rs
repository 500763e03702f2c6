//! A date and time written without a zone in a team's own format is an instant in the log's
//! configured zone, as in the seed's fields; a day alone is not, and a time the zone skips is
//! reported rather than guessed.

use chrono::{DateTime, Utc};
use incident_md::Document;

const LOG: &str = "# Ops log

## Incidents

### Controller OOM-killed

**Date:** 2026-05-03 14:05
**Severity:** high
**Status:** Resolved
**Resolved:** 2026-05-03 15:10

### Nightly sync ran twice

**Date:** 2026-03-29 02:30
**Severity:** low

### Docs site stale

**Date:** 2026-04-01
**Severity:** low
";

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[test]
fn a_local_time_is_read_in_the_configured_zone() {
    let utc: Document = LOG.parse().unwrap();
    let berlin = utc.clone().with_timezone(chrono_tz::Europe::Berlin);
    let read = |doc: &Document, title: &str| {
        doc.incidents()
            .iter()
            .find(|e| e.title == title)
            .unwrap()
            .incident
            .clone()
    };
    let oom = read(&utc, "Controller OOM-killed").expect("an incident in UTC");
    assert_eq!(oom.detected, at("2026-05-03T14:05:00Z"));
    assert_eq!(oom.resolved, Some(at("2026-05-03T15:10:00Z")));
    let oom = read(&berlin, "Controller OOM-killed").expect("an incident in Berlin");
    assert_eq!(oom.detected, at("2026-05-03T12:05:00Z"));
    assert_eq!(oom.resolved, Some(at("2026-05-03T13:10:00Z")));
    // The ID keeps the date as written, whatever the zone.
    let id = |doc: &Document| doc.incidents()[0].id.clone();
    assert_eq!(id(&utc), "2026-05-03-controller-oom-killed");
    assert_eq!(id(&berlin), id(&utc));
}

#[test]
fn a_skipped_time_and_a_day_alone_are_reported_not_guessed() {
    let utc: Document = LOG.parse().unwrap();
    let berlin = utc.clone().with_timezone(chrono_tz::Europe::Berlin);
    let sync = |doc: &Document| {
        doc.incidents()
            .iter()
            .find(|e| e.title == "Nightly sync ran twice")
            .unwrap()
            .incident
            .as_ref()
            .map(|i| i.detected)
    };
    assert_eq!(sync(&utc), Some(at("2026-03-29T02:30:00Z")));
    // 02:30 on the night clocks go forward does not occur in Berlin.
    assert_eq!(sync(&berlin), None);
    let said = |doc: &Document, what: &str| {
        doc.log()
            .diagnostics
            .iter()
            .any(|d| d.code.as_str() == "MD018" && d.message.contains(what))
    };
    assert!(said(&berlin, "does not occur in Europe/Berlin"));
    assert!(!said(&utc, "does not occur"));
    for doc in [&utc, &berlin] {
        let wiki = doc
            .incidents()
            .iter()
            .find(|e| e.title == "Docs site stale");
        assert!(wiki.unwrap().incident.is_none());
        assert!(said(doc, "only a day is written"));
    }
}
