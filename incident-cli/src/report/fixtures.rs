//! Test fixtures shared by the renderers' tests: a small mixed log over 2026 Q1.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use incident_core::{BusinessCalendar, Incident, Policy, Report, ReportEntry, Severity, Window};

/// The time every fixture report is made: 2026-04-01 12:00 UTC.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 1, 12, 0, 0).unwrap()
}

/// A 2026 instant in UTC.
pub fn at(m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, m, d, h, min, 0).unwrap()
}

/// An incident with acknowledgement and resolution given in minutes after detection.
pub fn incident(
    title: &str,
    severity: Severity,
    category: Option<&str>,
    detected: DateTime<Utc>,
    ack: Option<i64>,
    resolve: Option<i64>,
    follow_ups: &[&str],
) -> Incident {
    let mut i = Incident::new(title, severity, detected);
    i.category = category.map(str::to_owned);
    i.acknowledged = ack.map(|m| detected + TimeDelta::minutes(m));
    i.resolved = resolve.map(|m| detected + TimeDelta::minutes(m));
    i.description = Some("What happened.".into());
    i.impact = Some("Who was affected.".into());
    if resolve.is_some() {
        i.root_cause = Some("Why.".into());
        i.resolution = Some("How.".into());
        i.lessons_learned = Some("Lessons.".into());
    }
    i.follow_ups = follow_ups.iter().map(|t| t.parse().unwrap()).collect();
    i
}

/// Six incidents over 2026 Q1 (id, anchor, incident): every severity, open and resolved ones,
/// follow-ups done, open and overdue, a `|` in a title.
pub fn mixed() -> Vec<(&'static str, &'static str, Incident)> {
    vec![
        (
            "2026-01-10-etcd-quorum-loss",
            "2026-01-10-etcd-quorum-loss",
            incident(
                "etcd quorum loss",
                Severity::Critical,
                Some("CLUSTER_FAILURE"),
                at(1, 10, 3, 12),
                Some(4),
                Some(155),
                &[
                    "- [x] Schedule incident review - @kim - 2026-01-17",
                    "- [ ] Automate etcd snapshot restore - @dana - 2026-02-15",
                ],
            ),
        ),
        (
            "2026-02-03-api-latency",
            "2026-02-03-api-latency-p99-over-2s",
            incident(
                "API latency | p99 over 2s",
                Severity::High,
                Some("PERFORMANCE_DEGRADATION"),
                at(2, 3, 9, 30),
                Some(25),
                Some(28 * 60),
                &[
                    "- [x] Incident review - @kim - 2026-02-10",
                    "- [ ] Add latency SLO alert",
                ],
            ),
        ),
        (
            "2026-02-14-cert-expiry",
            "2026-02-14-ingress-certificate-expired",
            incident(
                "Ingress certificate expired",
                Severity::Critical,
                None,
                at(2, 14, 22, 0),
                Some(12),
                Some(45),
                &["- [x] Post-mortem - @lee - 2026-02-20"],
            ),
        ),
        (
            "2026-03-05-backup-failed",
            "2026-03-05-nightly-backup-failed",
            incident(
                "Nightly backup failed",
                Severity::Low,
                Some("DATA_LOSS"),
                at(3, 5, 16, 30),
                Some(18 * 60),
                Some(52 * 60),
                &[
                    "- [ ] Verify backups weekly - @sam - 2026-03-20",
                    "- [ ] Document restore drill - 2026-03-25",
                ],
            ),
        ),
        (
            "2026-03-28-node-pressure",
            "2026-03-28-node-memory-pressure",
            incident(
                "Node memory pressure",
                Severity::High,
                Some("CLUSTER_FAILURE"),
                at(3, 28, 8, 0),
                Some(9),
                None,
                &["- [ ] Incident review - @kim - 2026-04-03"],
            ),
        ),
        (
            "2026-03-31-queue-backlog",
            "2026-03-31-queue-backlog",
            incident(
                "Queue backlog",
                Severity::Medium,
                Some("AUTOMATION_FAILURE"),
                at(3, 31, 9, 0),
                None,
                None,
                &[],
            ),
        ),
    ]
}

/// The report over `log` in `window`, made at [`now`] under the default policy.
pub fn report(log: &[(&str, &str, Incident)], window: Window) -> Report {
    let entries: Vec<ReportEntry<'_>> = log
        .iter()
        .map(|(id, anchor, i)| ReportEntry::new(i, id, anchor))
        .collect();
    Report::build(
        &entries,
        &Policy::default(),
        &BusinessCalendar::default(),
        now(),
        window,
    )
}

/// March 2026 of [`mixed`] and its comparison with February.
pub fn march_vs_february() -> (Report, incident_core::Comparison) {
    let log = mixed();
    let march = Window::new(
        chrono::NaiveDate::from_ymd_opt(2026, 3, 1),
        chrono::NaiveDate::from_ymd_opt(2026, 3, 31),
    );
    let current = report(&log, march);
    let previous = report(&log, march.previous().expect("March has a month before"));
    let comparison = incident_core::Comparison::new(&current, previous);
    (current, comparison)
}
