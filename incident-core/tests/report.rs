//! Reports over fixture logs with known timings: a mixed log, an empty log, only open incidents.

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use incident_core::report::{OLDEST_OVERDUE_LIMIT, UNASSIGNED, UNCATEGORISED};
use incident_core::{
    BusinessCalendar, FollowUp, Incident, Policy, Report, ReportEntry, ResponseStatus, Severity,
    Window,
};

/// The moment every report here is made: Wednesday 2026-04-01 12:00 UTC.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 1, 12, 0, 0).unwrap()
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An incident log entry with its id and anchor.
struct Fixture {
    id: &'static str,
    anchor: &'static str,
    incident: Incident,
}

struct Spec {
    id: &'static str,
    anchor: &'static str,
    title: &'static str,
    severity: Severity,
    category: Option<&'static str>,
    detected: DateTime<Utc>,
    /// Minutes from detection to acknowledgement.
    ack: Option<i64>,
    /// Minutes from detection to resolution.
    resolve: Option<i64>,
    documented: bool,
    lessons: bool,
    follow_ups: &'static [&'static str],
}

fn fixture(s: Spec) -> Fixture {
    let mut i = Incident::new(s.title, s.severity, s.detected);
    i.category = s.category.map(str::to_owned);
    i.acknowledged = s.ack.map(|m| s.detected + TimeDelta::minutes(m));
    i.resolved = s.resolve.map(|m| s.detected + TimeDelta::minutes(m));
    if s.documented {
        i.description = Some("What happened.".into());
        i.impact = Some("Who was affected.".into());
        if s.resolve.is_some() {
            i.root_cause = Some("Why it happened.".into());
            i.resolution = Some("How it was fixed.".into());
        }
    }
    if s.lessons {
        i.lessons_learned = Some("What to do better.".into());
    }
    i.follow_ups = s
        .follow_ups
        .iter()
        .map(|t| t.parse::<FollowUp>().unwrap())
        .collect();
    Fixture {
        id: s.id,
        anchor: s.anchor,
        incident: i,
    }
}

/// Seven incidents in the first quarter of 2026 with known timings, and one before it.
fn mixed_log() -> Vec<Fixture> {
    let mut log = vec![
        // CRITICAL: acknowledged in 4 min (met, 5 min grace), resolved in 2h 35m.
        fixture(Spec {
            id: "2026-01-10-etcd-quorum-loss",
            anchor: "2026-01-10-etcd-quorum-loss",
            title: "etcd quorum loss",
            severity: Severity::Critical,
            category: Some("CLUSTER_FAILURE"),
            detected: at(2026, 1, 10, 3, 12),
            ack: Some(4),
            resolve: Some(155),
            documented: true,
            lessons: true,
            follow_ups: &[
                "- [x] Add etcd alerts - @dana - 2026-02-01",
                "- [x] Schedule incident review - @kim - 2026-01-17",
                "- [ ] Automate etcd snapshot restore - @dana - 2026-02-15",
            ],
        }),
        // MEDIUM: acknowledged in 20 min (met, 1 h), resolved in 3h 5m; no lessons learned.
        fixture(Spec {
            id: "2026-01-22-helm-rollout-stuck",
            anchor: "2026-01-22-helm-rollout-stuck",
            title: "Helm rollout stuck",
            severity: Severity::Medium,
            category: Some("deployment_failure"),
            detected: at(2026, 1, 22, 14, 0),
            ack: Some(20),
            resolve: Some(185),
            documented: true,
            lessons: false,
            follow_ups: &["- [ ] Pin chart versions - @sam - 2026-03-01"],
        }),
        // HIGH: acknowledged in 25 min (breached, 15 min), resolved in 1d 4h; root cause and
        // resolution missing, one follow-up without owner or due date.
        fixture(Spec {
            id: "2026-02-03-api-latency",
            anchor: "2026-02-03-api-latency-p99-over-2s",
            title: "API latency p99 over 2s",
            severity: Severity::High,
            category: Some("PERFORMANCE_DEGRADATION"),
            detected: at(2026, 2, 3, 9, 30),
            ack: Some(25),
            resolve: Some(28 * 60),
            documented: false,
            lessons: true,
            follow_ups: &[
                "- [x] Incident review - @kim - 2026-02-10",
                "- [ ] Add latency SLO alert",
            ],
        }),
        // CRITICAL: acknowledged in 12 min (breached), resolved in 45 min; no category.
        fixture(Spec {
            id: "2026-02-14-cert-expiry",
            anchor: "2026-02-14-ingress-certificate-expired",
            title: "Ingress certificate expired",
            severity: Severity::Critical,
            category: None,
            detected: at(2026, 2, 14, 22, 0),
            ack: Some(12),
            resolve: Some(45),
            documented: true,
            lessons: true,
            follow_ups: &[
                "- [x] Post-mortem - @lee - 2026-02-20",
                "- [ ] Certificate expiry alerting - @lee - 2026-04-15",
            ],
        }),
        // LOW, Thursday afternoon: acknowledged after 18 h (met, next business day), resolved
        // in 2d 4h.
        fixture(Spec {
            id: "2026-03-05-backup-failed",
            anchor: "2026-03-05-nightly-backup-failed",
            title: "Nightly backup failed",
            severity: Severity::Low,
            category: Some("DATA_LOSS"),
            detected: at(2026, 3, 5, 16, 30),
            ack: Some(18 * 60),
            resolve: Some(52 * 60),
            documented: true,
            lessons: true,
            follow_ups: &[
                "- [ ] Verify backups weekly - @sam - 2026-03-20",
                "- [ ] Document restore drill - 2026-03-25",
            ],
        }),
        // HIGH, open: acknowledged in 9 min (met); root cause still open.
        fixture(Spec {
            id: "2026-03-28-node-pressure",
            anchor: "2026-03-28-node-memory-pressure",
            title: "Node memory pressure",
            severity: Severity::High,
            category: Some("CLUSTER_FAILURE"),
            detected: at(2026, 3, 28, 8, 0),
            ack: Some(9),
            resolve: None,
            documented: true,
            lessons: false,
            follow_ups: &["- [ ] Incident review - @kim - 2026-04-03"],
        }),
        // LOW, open, not acknowledged: due the next business day at 17:00, so pending.
        fixture(Spec {
            id: "2026-03-31-docs-typo",
            anchor: "2026-03-31-typo-in-status-page",
            title: "Typo in status page",
            severity: Severity::Low,
            category: Some("GREMLINS"),
            detected: at(2026, 3, 31, 20, 0),
            ack: None,
            resolve: None,
            documented: false,
            lessons: false,
            follow_ups: &[],
        }),
    ];
    // Before the window: must not count.
    log.insert(
        0,
        fixture(Spec {
            id: "2025-12-20-dns-flap",
            anchor: "2025-12-20-dns-flap",
            title: "DNS flap",
            severity: Severity::Medium,
            category: Some("CLUSTER_FAILURE"),
            detected: at(2025, 12, 20, 10, 0),
            ack: Some(70),
            resolve: Some(90),
            documented: true,
            lessons: true,
            follow_ups: &["- [ ] Old overdue action - @dana - 2026-01-05"],
        }),
    );
    log
}

/// Three open incidents: one acknowledged in time, one never acknowledged, one still pending.
fn open_log() -> Vec<Fixture> {
    vec![
        fixture(Spec {
            id: "2026-03-31-db-failover",
            anchor: "2026-03-31-database-failover-loop",
            title: "Database failover loop",
            severity: Severity::Critical,
            category: Some("DATA_LOSS"),
            detected: at(2026, 3, 31, 6, 0),
            ack: Some(3),
            resolve: None,
            documented: true,
            lessons: false,
            follow_ups: &["- [ ] Incident review - @kim - 2026-04-07"],
        }),
        fixture(Spec {
            id: "2026-04-01-login-errors",
            anchor: "2026-04-01-login-errors",
            title: "Login errors",
            severity: Severity::High,
            category: Some("SECURITY_INCIDENT"),
            detected: at(2026, 4, 1, 10, 0),
            ack: None,
            resolve: None,
            documented: false,
            lessons: false,
            follow_ups: &[],
        }),
        fixture(Spec {
            id: "2026-04-01-dashboard-colour",
            anchor: "2026-04-01-dashboard-colour",
            title: "Dashboard colour",
            severity: Severity::Low,
            category: None,
            detected: at(2026, 4, 1, 11, 0),
            ack: None,
            resolve: None,
            documented: false,
            lessons: false,
            follow_ups: &[],
        }),
    ]
}

fn q1() -> Window {
    Window::new(Some(date(2026, 1, 1)), Some(date(2026, 3, 31)))
}

fn build(log: &[Fixture], window: Window) -> Report {
    let entries: Vec<ReportEntry<'_>> = log
        .iter()
        .map(|f| ReportEntry::new(&f.incident, f.id, f.anchor))
        .collect();
    Report::build(
        &entries,
        &Policy::default(),
        &BusinessCalendar::default(),
        now(),
        window,
    )
}

#[test]
fn mixed_log_known_timings() {
    let r = build(&mixed_log(), q1());
    assert_eq!((r.total, r.open, r.resolved), (7, 2, 5));

    let critical = r.by_severity.get(Severity::Critical);
    let tta = critical.time_to_acknowledge.unwrap();
    assert_eq!(
        (
            tta.count,
            tta.median_seconds,
            tta.p90_seconds,
            tta.max_seconds
        ),
        (2, 4 * 60, 12 * 60, 12 * 60)
    );
    let ttr = critical.time_to_resolve.unwrap();
    assert_eq!((ttr.median_seconds, ttr.p90_seconds), (45 * 60, 155 * 60));
    assert_eq!((critical.response.met, critical.response.breached), (1, 1));

    let high = r.by_severity.get(Severity::High);
    assert_eq!((high.count, high.open, high.resolved()), (2, 1, 1));
    assert_eq!(high.time_to_acknowledge.unwrap().median_seconds, 9 * 60);
    assert_eq!(high.time_to_resolve.unwrap().count, 1);
    assert_eq!(high.time_to_resolve.unwrap().max_seconds, 28 * 3600);

    let low = r.by_severity.get(Severity::Low);
    assert_eq!((low.response.met, low.response.pending), (1, 1));
    assert_eq!(low.time_to_acknowledge.unwrap().count, 1);

    assert_eq!(r.by_category["CLUSTER_FAILURE"], 2);
    assert_eq!(r.by_category["DEPLOYMENT_FAILURE"], 1);
    assert_eq!(r.by_category["GREMLINS"], 1);
    assert_eq!(r.by_category[UNCATEGORISED], 1);
    assert_eq!(
        r.by_month
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect::<Vec<_>>(),
        [("2026-01", 2), ("2026-02", 2), ("2026-03", 3)]
    );

    let f = &r.follow_ups;
    assert_eq!((f.open, f.done, f.overdue), (7, 4, 4));
    assert_eq!(f.by_owner[UNASSIGNED].open, 2);
    assert_eq!(f.by_owner["sam"].overdue, 2);
    let due: Vec<_> = f.oldest_overdue.iter().map(|o| o.due).collect();
    assert_eq!(
        due,
        [
            date(2026, 2, 15),
            date(2026, 3, 1),
            date(2026, 3, 20),
            date(2026, 3, 25)
        ]
    );

    let owing: Vec<&str> = r.owed.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        owing,
        [
            "2026-01-10-etcd-quorum-loss",
            "2026-01-22-helm-rollout-stuck",
            "2026-02-03-api-latency",
            "2026-03-05-backup-failed",
            "2026-03-28-node-pressure",
            "2026-03-31-docs-typo",
        ]
    );
    let open: Vec<(&str, ResponseStatus)> = r
        .open_incidents
        .iter()
        .map(|o| (o.id.as_str(), o.response))
        .collect();
    assert_eq!(
        open,
        [
            ("2026-03-28-node-pressure", ResponseStatus::Met),
            ("2026-03-31-docs-typo", ResponseStatus::Pending),
        ]
    );
}

#[test]
fn the_window_filters_and_input_order_does_not_matter() {
    let mut log = mixed_log();
    let all = build(&log, Window::ALL);
    assert_eq!(all.total, 8);
    assert_eq!(all.follow_ups.oldest_overdue[0].due, date(2026, 1, 5));
    log.reverse();
    assert_eq!(build(&log, Window::ALL), all);
    let march = build(&log, Window::new(Some(date(2026, 3, 1)), None));
    assert_eq!((march.total, march.open), (3, 2));
    assert!(build(&log, Window::new(None, Some(date(2025, 1, 1)))).total == 0);
}

#[test]
fn oldest_overdue_is_capped() {
    let t0 = at(2026, 1, 2, 9, 0);
    let mut i = Incident::new("Many actions", Severity::Low, t0);
    i.follow_ups = (1..=15)
        .rev()
        .map(|d| FollowUp::new(format!("Action {d}")).due(date(2026, 2, d)))
        .collect();
    let log = [Fixture {
        id: "2026-01-02-many-actions",
        anchor: "2026-01-02-many-actions",
        incident: i,
    }];
    let r = build(&log, Window::ALL);
    assert_eq!(r.follow_ups.overdue, 15);
    assert_eq!(r.follow_ups.oldest_overdue.len(), OLDEST_OVERDUE_LIMIT);
    assert_eq!(r.follow_ups.oldest_overdue[0].action, "Action 1");
    assert_eq!(r.follow_ups.oldest_overdue[9].action, "Action 10");
    assert_eq!(r.follow_ups.by_owner[UNASSIGNED].overdue, 15);
}

#[test]
fn empty_log() {
    let r = build(&[], Window::ALL);
    assert_eq!((r.total, r.open, r.resolved), (0, 0, 0));
    assert!(r.by_severity.iter().all(|(_, s)| {
        s.count == 0 && s.time_to_acknowledge.is_none() && s.time_to_resolve.is_none()
    }));
    assert!(r.by_category.is_empty() && r.by_month.is_empty() && r.owed.is_empty());
}

#[test]
fn mixed_debug_snapshot() {
    insta::assert_debug_snapshot!(build(&mixed_log(), q1()));
}

#[test]
fn empty_debug_snapshot() {
    insta::assert_debug_snapshot!(build(&[], Window::ALL));
}

#[test]
fn open_only_debug_snapshot() {
    insta::assert_debug_snapshot!(build(&open_log(), Window::ALL));
}

#[cfg(feature = "serde")]
mod json {
    use super::*;

    #[test]
    fn mixed_json_snapshot() {
        insta::assert_json_snapshot!(build(&mixed_log(), q1()));
    }

    #[test]
    fn empty_json_snapshot() {
        insta::assert_json_snapshot!(build(&[], Window::ALL));
    }

    #[test]
    fn open_only_json_snapshot() {
        insta::assert_json_snapshot!(build(&open_log(), Window::ALL));
    }
}
