//! Words and numbers shared by every rendering: durations, signed deltas, the summary sentence and
//! the definitions of the metrics. Plain text, escaped by the renderer that uses it.

use incident_core::report::{Bucket, DurationStats, Granularity};
use incident_core::{Comparison, Report, Window};

/// What a table cell shows when there is no data.
pub const NONE: &str = "—";

/// The metrics, each defined once: term and definition.
pub const DEFINITIONS: [(&str, &str); 6] = [
    (
        "Period",
        "An incident belongs to the period when its detection date falls in it, the local date in \
         the configured `timezone` (UTC when none); both ends are included.",
    ),
    (
        "Time to acknowledge (MTTA)",
        "From detection to acknowledgement, over the incidents that have both timestamps in \
         order. Reported as median, p90 and maximum rather than a mean, so one long incident does \
         not hide the typical one.",
    ),
    (
        "Time to resolve (MTTR)",
        "From detection to resolution, over the resolved incidents with both timestamps in order; \
         same statistics as the time to acknowledge.",
    ),
    (
        "Percentiles",
        "Nearest rank: the p-th percentile of n sorted values is the value at rank ⌈p/100 × n⌉, \
         so it is always one of the observed durations; the median is the 50th.",
    ),
    (
        "Open incidents",
        "Incidents without a resolution time when the report is made. They count in the \
         incident totals and in response compliance, not in the time to resolve, and are listed \
         under Open incidents.",
    ),
    (
        "Response compliance",
        "Met: acknowledged by the deadline the policy sets for the severity. Breached: \
         acknowledged late, or not yet and past the deadline. Pending: not yet, deadline ahead. \
         Unknown: resolved with no response time written, so neither met nor breached.",
    ),
];

/// A duration in the two largest units that matter: `45s`, `12m`, `3h 5m`, `2d 4h`.
///
/// Smaller parts are cut off, not rounded; a negative duration keeps its sign.
pub fn human_duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let t = seconds.unsigned_abs();
    let (d, h, m, s) = (t / 86_400, t % 86_400 / 3_600, t % 3_600 / 60, t % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{sign}{s}s"),
        (0, 0, m) => format!("{sign}{m}m"),
        (0, h, 0) => format!("{sign}{h}h"),
        (0, h, m) => format!("{sign}{h}h {m:02}m"),
        (d, 0, _) => format!("{sign}{d}d"),
        (d, h, _) => format!("{sign}{d}d {h}h"),
    }
}

/// `1 incident`, `2 incidents`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A count delta: `+2`, `-1`, `0`.
pub fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

/// A duration delta: `+1h 05m`, `-5m`, `0s`, or `—` without data.
pub fn signed_duration(seconds: Option<i64>) -> String {
    match seconds {
        None => NONE.to_owned(),
        Some(s) if s > 0 => format!("+{}", human_duration(s)),
        Some(s) => human_duration(s),
    }
}

/// A bucket's name on a chart axis: `02 Mar` (a week, by its Monday), `Mar 2026`, `2026`.
pub fn bucket_label(bucket: &Bucket, granularity: Granularity) -> String {
    match granularity {
        Granularity::Week => bucket.start.format("%d %b").to_string(),
        Granularity::Month => bucket.start.format("%b %Y").to_string(),
        _ => bucket.label.clone(),
    }
}

/// What a chart of the series is called: `Incidents per week`.
pub fn per_bucket(what: &str, granularity: Granularity) -> String {
    format!("{what} per {granularity}")
}

/// A median, or `—`.
pub fn median(stats: Option<DurationStats>) -> String {
    stats.map_or_else(|| NONE.to_owned(), |s| human_duration(s.median_seconds))
}

/// How the summary names the window: `in March 2026`, `from 2026-03-01 to 2026-03-15`,
/// `since 2026-01-01`, `in the log` (all time).
pub fn period_phrase(window: Window) -> String {
    match (window.since, window.until) {
        (None, None) => "in the log".to_owned(),
        (Some(_), None) | (None, Some(_)) => window.to_string(),
        (Some(_), Some(_)) => {
            let name = window.describe();
            if name == window.to_string() {
                format!("from {name}")
            } else {
                format!("in {name}")
            }
        }
    }
}

/// The one-paragraph summary that opens a report: "12 incidents in March 2026, 2 critical;
/// 1 response breached; median time to resolve 4h 10m, up from 2h 05m."
pub fn summary_sentence(report: &Report, comparison: Option<&Comparison>) -> String {
    let r = report;
    let mut s = format!(
        "{} {}, {} critical",
        plural(r.total, "incident", "incidents"),
        period_phrase(r.window),
        r.by_severity.critical.count
    );
    if r.open > 0 {
        s.push_str(&format!(", {} still open", r.open));
    }
    s.push_str(&format!(
        "; {} breached",
        plural(r.response.breached, "response", "responses")
    ));
    match r.time_to_resolve {
        // Closed by their own words, with no Resolved time: resolved, but not timed.
        None if r.resolved > 0 => s.push_str("; no resolution time recorded"),
        None => s.push_str("; no incident resolved yet"),
        Some(now) => {
            s.push_str(&format!(
                "; median time to resolve {}",
                human_duration(now.median_seconds)
            ));
            if let Some(before) = comparison.and_then(|c| c.previous.time_to_resolve) {
                let (a, b) = (now.median_seconds, before.median_seconds);
                let word = match a.cmp(&b) {
                    std::cmp::Ordering::Greater => "up from",
                    std::cmp::Ordering::Less => "down from",
                    std::cmp::Ordering::Equal => "the same as",
                };
                s.push_str(&format!(", {word} {}", human_duration(b)));
            }
        }
    }
    if let Some(c) = comparison {
        let other = period_phrase(c.previous.window);
        let other = other
            .strip_prefix("in ")
            .or_else(|| other.strip_prefix("from "))
            .unwrap_or(&other);
        let n = c.deltas.total.unsigned_abs();
        let fewer_or_more = match c.deltas.total.signum() {
            1 => format!("{n} more than"),
            -1 => format!("{n} fewer than"),
            _ => "as many as".to_owned(),
        };
        s.push_str(&format!(" ({fewer_or_more} {other})."));
    } else {
        s.push('.');
    }
    s
}

/// The median time to resolve per bucket, in hours, labelled, over the buckets that have one:
/// what both the Mermaid and the SVG chart draw.
pub fn resolve_points(r: &incident_core::Report) -> Vec<(String, f64)> {
    let series = &r.series;
    series
        .buckets
        .iter()
        .filter_map(|b| {
            let s = b.median_resolve_seconds?;
            Some((bucket_label(b, series.granularity), s as f64 / 3600.0))
        })
        .collect()
}

/// `2 incidents with unmet post-incident requirements: 3 errors, 1 warning.`
pub fn owed_summary(r: &incident_core::Report) -> String {
    let findings = r.owed.iter().flat_map(|o| &o.findings);
    let errors = findings
        .clone()
        .filter(|f| f.level == incident_core::Level::Error)
        .count();
    let warnings = findings.count() - errors;
    format!(
        "{} with unmet post-incident requirements: {}, {}.",
        plural(r.owed.len(), "incident", "incidents"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn human_units() {
        assert_eq!(human_duration(0), "0s");
        assert_eq!(human_duration(45), "45s");
        assert_eq!(human_duration(12 * 60 + 30), "12m");
        assert_eq!(human_duration(3 * 3600), "3h");
        assert_eq!(human_duration(3 * 3600 + 5 * 60 + 59), "3h 05m");
        assert_eq!(human_duration(2 * 86_400), "2d");
        assert_eq!(human_duration(2 * 86_400 + 4 * 3600 + 59 * 60), "2d 4h");
        assert_eq!(human_duration(-300), "-5m");
        assert_eq!(human_duration(i64::MIN).chars().next(), Some('-'));
    }

    #[test]
    fn deltas_carry_their_sign() {
        assert_eq!(signed(2), "+2");
        assert_eq!(signed(-1), "-1");
        assert_eq!(signed(0), "0");
        assert_eq!(signed_duration(Some(3900)), "+1h 05m");
        assert_eq!(signed_duration(Some(-300)), "-5m");
        assert_eq!(signed_duration(None), NONE);
    }

    #[test]
    fn periods_read_as_phrases() {
        let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d);
        assert_eq!(
            period_phrase(Window::new(d(3, 1), d(3, 31))),
            "in March 2026"
        );
        assert_eq!(
            period_phrase(Window::new(d(3, 1), d(3, 15))),
            "from 2026-03-01 to 2026-03-15"
        );
        assert_eq!(
            period_phrase(Window::new(d(3, 1), None)),
            "since 2026-03-01"
        );
        assert_eq!(period_phrase(Window::ALL), "in the log");
    }
}
