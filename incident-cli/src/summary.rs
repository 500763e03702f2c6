//! One-line summaries of what a change did, for people ("acknowledged 2026-03-02-api-outage at
//! 10:12, response met with 3m to spare"). Programs use `--format json` instead.

use chrono::{DateTime, TimeDelta, Utc};
use incident_core::{BusinessCalendar, Incident, Policy};

/// A duration in its two largest units: `3m`, `2h 28m`, `1d 4h`, `40s`.
pub fn short_duration(d: TimeDelta) -> String {
    let s = d.num_seconds().unsigned_abs();
    let (days, hours, minutes, seconds) = (s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60);
    let parts = [(days, "d"), (hours, "h"), (minutes, "m"), (seconds, "s")];
    let first = parts.iter().position(|(n, _)| *n > 0).unwrap_or(3);
    parts[first..(first + 2).min(4)]
        .iter()
        .enumerate()
        .filter(|(k, (n, _))| *k == 0 || *n > 0)
        .map(|(_, (n, unit))| format!("{n}{unit}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `10:12` when `t` is on the same day as `day_of`, else `2026-03-03 10:12`, in the display
/// zone ([`crate::output::display_zone`]); outside UTC the zone's abbreviation follows
/// (`11:12 CET`).
pub fn clock(t: DateTime<Utc>, day_of: DateTime<Utc>) -> String {
    clock_in(
        t,
        day_of,
        crate::output::display_zone(),
        crate::output::label_utc(),
    )
}

fn clock_in(
    t: DateTime<Utc>,
    day_of: DateTime<Utc>,
    zone: chrono_tz::Tz,
    label_utc: bool,
) -> String {
    let (t, day_of) = (t.with_timezone(&zone), day_of.with_timezone(&zone));
    let time = if t.date_naive() == day_of.date_naive() {
        t.format("%H:%M").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M").to_string()
    };
    if zone == chrono_tz::UTC && !label_utc {
        time
    } else if zone == chrono_tz::UTC {
        format!("{time} UTC")
    } else {
        format!("{time} {}", t.format("%Z"))
    }
}

/// How the first response went, as a phrase: `response met with 3m to spare`, `response
/// breached by 12m`, `response due by 10:15 (in 3m)`.
pub fn response(
    incident: &Incident,
    policy: &Policy,
    calendar: &BusinessCalendar,
    now: DateTime<Utc>,
) -> String {
    // The first response, as `sla` judges it: acknowledged, mitigated or resolved, the
    // earliest (an incident resolved in time was responded to in time).
    let r = incident.response(policy, calendar, now);
    let deadline = r.deadline;
    match r.first.map(|(_, at)| at) {
        Some(at) if at <= deadline => format!(
            "response met with {} to spare",
            short_duration(deadline - at)
        ),
        Some(at) => format!("response breached by {}", short_duration(at - deadline)),
        None if r.status == incident_core::ResponseStatus::Unknown => {
            "resolved with no response time written".to_owned()
        }
        None if now > deadline => format!(
            "response breached: due {} ago",
            short_duration(now - deadline)
        ),
        None => format!(
            "response due by {} (in {})",
            clock(deadline, now),
            short_duration(deadline - now)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use incident_core::Severity;

    fn at(t: &str) -> DateTime<Utc> {
        incident_core::parse_timestamp(t).unwrap()
    }

    #[test]
    fn durations_keep_two_units() {
        assert_eq!(short_duration(TimeDelta::seconds(40)), "40s");
        assert_eq!(short_duration(TimeDelta::minutes(3)), "3m");
        assert_eq!(short_duration(TimeDelta::minutes(148)), "2h 28m");
        assert_eq!(short_duration(TimeDelta::hours(28)), "1d 4h");
        assert_eq!(
            short_duration(TimeDelta::hours(48) + TimeDelta::seconds(5)),
            "2d"
        );
        assert_eq!(short_duration(TimeDelta::zero()), "0s");
        assert_eq!(short_duration(TimeDelta::minutes(-5)), "5m");
    }

    #[test]
    fn clock_names_the_day_only_when_it_differs() {
        let day = at("2026-03-02T09:00:00Z");
        assert_eq!(clock(at("2026-03-02T10:12:00Z"), day), "10:12");
        assert_eq!(clock(at("2026-03-03T10:12:00Z"), day), "2026-03-03 10:12");
        // In Berlin 23:30 UTC is already the next day, and the zone is named.
        let berlin = chrono_tz::Europe::Berlin;
        assert_eq!(
            clock_in(at("2026-03-02T23:30:00Z"), day, berlin, false),
            "2026-03-03 00:30 CET"
        );
        assert_eq!(
            clock_in(
                at("2026-07-02T10:12:00Z"),
                at("2026-07-02T09:00:00Z"),
                berlin,
                false
            ),
            "12:12 CEST"
        );
        // Shown in UTC for a log kept in another zone: said so.
        assert_eq!(
            clock_in(at("2026-03-02T10:12:00Z"), day, chrono_tz::UTC, true),
            "10:12 UTC"
        );
    }

    #[test]
    fn response_phrases() {
        let policy = Policy::default();
        let cal = BusinessCalendar::default();
        // HIGH: 15 minutes.
        let mut i = Incident::new("x", Severity::High, at("2026-03-02T10:00:00Z"));
        let now = at("2026-03-02T10:05:00Z");
        assert_eq!(
            response(&i, &policy, &cal, now),
            "response due by 10:15 (in 10m)"
        );
        assert_eq!(
            response(&i, &policy, &cal, at("2026-03-02T10:30:00Z")),
            "response breached: due 15m ago"
        );
        i.acknowledged = Some(at("2026-03-02T10:12:00Z"));
        assert_eq!(
            response(&i, &policy, &cal, now),
            "response met with 3m to spare"
        );
        i.acknowledged = Some(at("2026-03-02T10:27:00Z"));
        assert_eq!(response(&i, &policy, &cal, now), "response breached by 12m");
        // Resolved before anyone acknowledged it: that was the response, as `sla` says.
        i.acknowledged = None;
        i.resolved = Some(at("2026-03-02T10:10:00Z"));
        assert_eq!(
            response(&i, &policy, &cal, at("2026-12-01T00:00:00Z")),
            "response met with 5m to spare"
        );
        i.resolved = Some(at("2026-03-02T10:45:00Z"));
        assert_eq!(
            response(&i, &policy, &cal, at("2026-12-01T00:00:00Z")),
            "response breached by 30m"
        );
    }
}
