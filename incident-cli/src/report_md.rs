//! A markdown rendering of an incident [`Report`], for a review meeting.
//!
//! All figures come from `incident_core::report`; this module only lays them out. The output is a
//! pure function of the report, so the same report always renders to the same text.

use incident_md::render::table_cell as cell;
use incident_md::text::one_line;
use std::fmt::Write as _;

use chrono::NaiveDate;
use incident_core::report::{DurationStats, UNASSIGNED};
use incident_core::{Level, Report, format_timestamp};

/// What a table cell shows when there is no data.
const NONE: &str = "—";

/// Renders the report as a markdown document: window and time, summary, time to acknowledge and
/// to resolve, response compliance, categories, months, the follow-up backlog, what is still owed
/// and the open incidents, each linked to its heading in the log.
pub fn render_markdown(report: &Report) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_report(&mut out, report);
    // Sections only a log with mitigations or cancellations has, after the rest.
    let _ = crate::report_lifecycle_md::write_lifecycle(&mut out, report);
    out
}

fn write_report(out: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(out, "# Incident report: {}", r.window)?;
    writeln!(out)?;
    writeln!(
        out,
        "Generated {}. Incidents are counted by their detection date (UTC).",
        format_timestamp(r.generated_at)
    )?;
    writeln!(out)?;

    writeln!(out, "## Summary")?;
    writeln!(out)?;
    writeln!(out, "| Severity | Incidents | Open | Resolved |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    for (level, s) in r.by_severity.iter() {
        writeln!(
            out,
            "| {level} | {} | {} | {} |",
            s.count,
            s.open,
            s.resolved()
        )?;
    }
    writeln!(
        out,
        "| **Total** | **{}** | **{}** | **{}** |",
        r.total, r.open, r.resolved
    )?;
    writeln!(out)?;

    writeln!(out, "## Time to acknowledge")?;
    writeln!(out)?;
    writeln!(out, "| Severity | Acknowledged | Median | p90 | Max |")?;
    writeln!(out, "|---|---:|---:|---:|---:|")?;
    for (level, s) in r.by_severity.iter() {
        writeln!(
            out,
            "| {level} | {} |",
            duration_cells(s.time_to_acknowledge)
        )?;
    }
    writeln!(out)?;

    writeln!(out, "## Time to resolve")?;
    writeln!(out)?;
    writeln!(
        out,
        "| Severity | Resolved | Median | p90 | Max | Still open |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|")?;
    for (level, s) in r.by_severity.iter() {
        writeln!(
            out,
            "| {level} | {} | {} |",
            duration_cells(s.time_to_resolve),
            s.open
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Median and p90 are nearest-rank percentiles over the incidents that have the timestamp; \
         open incidents are not in the time to resolve."
    )?;
    writeln!(out)?;

    writeln!(out, "## Response compliance")?;
    writeln!(out)?;
    writeln!(out, "| Severity | Met | Breached | Pending |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    for (level, s) in r.by_severity.iter() {
        let c = s.response;
        writeln!(
            out,
            "| {level} | {} | {} | {} |",
            c.met, c.breached, c.pending
        )?;
    }
    writeln!(out)?;

    writeln!(out, "## By category")?;
    writeln!(out)?;
    if r.by_category.is_empty() {
        writeln!(out, "No incidents.")?;
    } else {
        writeln!(out, "| Category | Incidents |")?;
        writeln!(out, "|---|---:|")?;
        for (name, n) in &r.by_category {
            writeln!(out, "| {} | {n} |", cell(name))?;
        }
    }
    writeln!(out)?;

    writeln!(out, "## By month")?;
    writeln!(out)?;
    if r.by_month.is_empty() {
        writeln!(out, "No incidents.")?;
    } else {
        writeln!(out, "| Month | Incidents |")?;
        writeln!(out, "|---|---:|")?;
        for (month, n) in &r.by_month {
            writeln!(out, "| {month} | {n} |")?;
        }
    }
    writeln!(out)?;

    write_follow_ups(out, r)?;
    write_owed(out, r)?;
    write_open(out, r)
}

fn write_follow_ups(out: &mut String, r: &Report) -> std::fmt::Result {
    let f = &r.follow_ups;
    writeln!(out, "## Follow-up actions")?;
    writeln!(out)?;
    if f.by_owner.is_empty() {
        writeln!(out, "No follow-up actions.")?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{} open ({} overdue), {} done.",
        f.open, f.overdue, f.done
    )?;
    writeln!(out)?;
    writeln!(out, "| Owner | Open | Overdue | Done |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    for (owner, c) in &f.by_owner {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            owner_cell(Some(owner)),
            c.open,
            c.overdue,
            c.done
        )?;
    }
    writeln!(out)?;
    writeln!(out, "### Oldest overdue")?;
    writeln!(out)?;
    if f.oldest_overdue.is_empty() {
        writeln!(out, "Nothing is overdue.")?;
    } else {
        let today = r.generated_at.date_naive();
        writeln!(out, "| Due | Overdue by | Action | Owner | Incident |")?;
        writeln!(out, "|---|---:|---|---|---|")?;
        for item in &f.oldest_overdue {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                day(item.due),
                days_between(item.due, today),
                cell(&item.action),
                owner_cell(item.owner.as_deref()),
                link(&item.incident_id, &item.incident_anchor),
            )?;
        }
        if f.overdue > f.oldest_overdue.len() {
            writeln!(out)?;
            writeln!(
                out,
                "And {} more overdue.",
                f.overdue - f.oldest_overdue.len()
            )?;
        }
    }
    writeln!(out)
}

fn write_owed(out: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(out, "## Still owed")?;
    writeln!(out)?;
    if r.owed.is_empty() {
        writeln!(
            out,
            "Nothing is owed: every post-incident requirement is met."
        )?;
        return writeln!(out);
    }
    let findings = r.owed.iter().flat_map(|o| &o.findings);
    let errors = findings.clone().filter(|f| f.level == Level::Error).count();
    let warnings = findings.count() - errors;
    writeln!(
        out,
        "{} with unmet post-incident requirements: {}, {}.",
        plural(r.owed.len(), "incident", "incidents"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    )?;
    writeln!(out)?;
    for owed in &r.owed {
        writeln!(out, "- {} (`{}`)", link(&owed.title, &owed.anchor), owed.id)?;
        for f in &owed.findings {
            writeln!(
                out,
                "  - **{}** {}: {}",
                f.level,
                f.code,
                one_line(&f.message)
            )?;
        }
    }
    writeln!(out)
}

fn write_open(out: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(out, "## Open incidents")?;
    writeln!(out)?;
    if r.open_incidents.is_empty() {
        return writeln!(out, "No open incidents.");
    }
    writeln!(
        out,
        "| Incident | Severity | Detected | Open for | Response |"
    )?;
    writeln!(out, "|---|---|---|---:|---|")?;
    for o in &r.open_incidents {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            link(&o.title, &o.anchor),
            o.severity,
            format_timestamp(o.detected),
            human_duration((r.generated_at - o.detected).num_seconds()),
            o.response
        )?;
    }
    Ok(())
}

/// The count, median, p90 and max cells of a duration row (`—` for each without data).
pub(crate) fn duration_cells(stats: Option<DurationStats>) -> String {
    match stats {
        Some(s) => format!(
            "{} | {} | {} | {}",
            s.count,
            human_duration(s.median_seconds),
            human_duration(s.p90_seconds),
            human_duration(s.max_seconds)
        ),
        None => format!("0 | {NONE} | {NONE} | {NONE}"),
    }
}

/// A duration in the two largest units that matter: `45s`, `12m`, `3h 5m`, `2d 4h`.
///
/// Smaller parts are cut off, not rounded; a negative duration (a timestamp recorded before the
/// detection time) keeps its sign.
fn human_duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let t = seconds.unsigned_abs();
    let (d, h, m, s) = (t / 86_400, t % 86_400 / 3_600, t % 3_600 / 60, t % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{sign}{s}s"),
        (0, 0, m) => format!("{sign}{m}m"),
        (0, h, 0) => format!("{sign}{h}h"),
        (0, h, m) => format!("{sign}{h}h {m}m"),
        (d, 0, _) => format!("{sign}{d}d"),
        (d, h, _) => format!("{sign}{d}d {h}h"),
    }
}

fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Whole days from `due` to `today`, as `1 day` or `45 days`.
fn days_between(due: NaiveDate, today: NaiveDate) -> String {
    let n = (today - due).num_days();
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn owner_cell(owner: Option<&str>) -> String {
    match owner {
        None | Some(UNASSIGNED) => format!("_{UNASSIGNED}_"),
        Some(who) => format!("@{}", cell(who)),
    }
}

/// A link to a heading of the log, safe in a table cell: `[text](#anchor)`.
pub(crate) fn link(text: &str, anchor: &str) -> String {
    let mut label = String::new();
    for c in cell(text).chars() {
        if matches!(c, '[' | ']') {
            label.push('\\');
        }
        label.push(c);
    }
    format!("[{label}](#{anchor})")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, TimeDelta, TimeZone, Utc};
    use incident_core::{BusinessCalendar, Incident, Policy, ReportEntry, Severity, Window};

    #[test]
    fn human_units() {
        assert_eq!(human_duration(0), "0s");
        assert_eq!(human_duration(45), "45s");
        assert_eq!(human_duration(12 * 60 + 30), "12m");
        assert_eq!(human_duration(3 * 3600), "3h");
        assert_eq!(human_duration(3 * 3600 + 5 * 60 + 59), "3h 5m");
        assert_eq!(human_duration(2 * 86_400), "2d");
        assert_eq!(human_duration(2 * 86_400 + 4 * 3600 + 59 * 60), "2d 4h");
        assert_eq!(human_duration(-300), "-5m");
        assert_eq!(human_duration(i64::MIN).chars().next(), Some('-'));
    }

    #[test]
    fn cells_and_links_are_escaped() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
        assert_eq!(link("[WIP] x | y", "wip-x"), "[\\[WIP\\] x \\| y](#wip-x)");
        assert_eq!(owner_cell(None), "_unassigned_");
        assert_eq!(owner_cell(Some("dana")), "@dana");
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 4, 1, 12, 0, 0).unwrap()
    }

    fn at(m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, m, d, h, min, 0).unwrap()
    }

    /// An incident with acknowledgement and resolution given in minutes after detection.
    fn incident(
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

    fn mixed() -> Vec<(&'static str, &'static str, Incident)> {
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

    fn render(log: &[(&str, &str, Incident)], window: Window) -> String {
        let entries: Vec<ReportEntry<'_>> = log
            .iter()
            .map(|(id, anchor, i)| ReportEntry::new(i, id, anchor))
            .collect();
        let report = Report::build(
            &entries,
            &Policy::default(),
            &BusinessCalendar::default(),
            now(),
            window,
        );
        render_markdown(&report)
    }

    #[test]
    fn mixed_markdown() {
        let q1 = Window::new(
            NaiveDate::from_ymd_opt(2026, 1, 1),
            NaiveDate::from_ymd_opt(2026, 3, 31),
        );
        let md = render(&mixed(), q1);
        assert_eq!(md, render(&mixed(), q1));
        insta::assert_snapshot!(md);
    }

    #[test]
    fn long_overdue_lists_say_how_many_more() {
        let items: Vec<String> = (1..=12)
            .map(|d| format!("- [ ] Action {d} - @sam - 2026-02-{d:02}"))
            .collect();
        let items: Vec<&str> = items.iter().map(String::as_str).collect();
        let i = incident(
            "Many actions",
            Severity::Low,
            None,
            at(1, 5, 9, 0),
            None,
            None,
            &items,
        );
        let md = render(&[("id", "anchor", i)], Window::ALL);
        assert!(md.contains("| 2026-02-10 | 50 days | Action 10 | @sam | [id](#anchor) |"));
        assert!(!md.contains("Action 11 |"));
        assert!(md.contains("And 2 more overdue."));
    }

    #[test]
    fn empty_markdown() {
        insta::assert_snapshot!(render(&[], Window::ALL));
    }

    #[test]
    fn open_only_markdown() {
        let log: Vec<_> = mixed()
            .into_iter()
            .filter(|(_, _, i)| i.resolved.is_none())
            .collect();
        insta::assert_snapshot!(render(&log, Window::ALL));
    }
}
