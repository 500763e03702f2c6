//! Reports built from a real log file: the same figures from LF and CRLF files, snapshot-tested.

use chrono::{DateTime, Utc};
use incident::core::{Report, ReportEntry, Window};
use incident::{BusinessCalendar, Document};

const LOG: &str = include_str!("data/team-log.md");

fn now() -> DateTime<Utc> {
    "2026-04-01T12:00:00Z".parse().unwrap()
}

fn report(text: &str, window: Window) -> Report {
    let doc: Document = text.parse().unwrap();
    assert_eq!(doc.to_string(), text);
    assert!(
        doc.log()
            .diagnostics
            .iter()
            .all(|d| d.level != incident::core::Level::Error)
    );
    let entries: Vec<ReportEntry> = doc
        .incidents()
        .iter()
        .map(|e| ReportEntry::new(e.incident.as_ref().unwrap(), &e.id, &e.anchor))
        .collect();
    Report::build(
        &entries,
        &doc.log().policy,
        &BusinessCalendar::default(),
        now(),
        window,
    )
}

#[test]
fn report_of_a_log_file() {
    let r = report(LOG, Window::ALL);
    assert_eq!((r.total, r.open, r.resolved), (3, 1, 2));
    insta::assert_debug_snapshot!(r);
}

#[test]
fn crlf_log_gives_the_same_report() {
    let crlf = LOG.replace('\n', "\r\n");
    assert_eq!(
        format!("{:?}", report(&crlf, Window::ALL)),
        format!("{:?}", report(LOG, Window::ALL))
    );
}

#[test]
fn window_selects_by_detection_date() {
    let march = Window::new("2026-03-01".parse().ok(), "2026-03-31".parse().ok());
    let r = report(LOG, march);
    assert_eq!(r.total, 2);
}

#[test]
fn empty_log_reports_zero() {
    let r = report(&incident::md::render::canonical_template(), Window::ALL);
    assert_eq!(r.total, 0);
    insta::assert_debug_snapshot!(r);
}
