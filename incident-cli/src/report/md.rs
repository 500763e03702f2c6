//! A markdown rendering of an incident report, for a review meeting and for GitHub: a summary
//! paragraph, the tables, Mermaid charts, the definitions of the metrics.

use incident_md::render::table_cell as cell;
use incident_md::text::one_line;
use std::fmt::Write as _;

use chrono::NaiveDate;
use incident_core::report::{DurationStats, UNASSIGNED};
use incident_core::{Comparison, Report};

use super::text::{
    DEFINITIONS, NONE, human_duration, median, owed_summary, signed, signed_duration,
    summary_sentence,
};
use super::{Links, ReportView, mermaid};

/// Renders the report as a markdown document: title, summary paragraph, the comparison (with
/// `--compare`), severities, time to acknowledge and to resolve, response compliance,
/// categories, months, charts, the follow-up backlog, what is still owed, the open incidents
/// (each linked to its entry) and the definitions of the metrics.
pub fn render_markdown(view: &ReportView<'_>) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_report(&mut out, view);
    // Sections only a log with mitigations or cancellations has, after the rest.
    let _ = super::lifecycle::write_lifecycle(&mut out, view.report);
    out
}

fn write_report(out: &mut String, view: &ReportView<'_>) -> std::fmt::Result {
    let r = view.report;
    writeln!(out, "# Incident report: {}", r.window.describe())?;
    writeln!(out)?;
    writeln!(out, "{}", summary_sentence(r, view.comparison))?;
    writeln!(out)?;
    writeln!(
        out,
        "Generated {} for {}. Incidents are counted by their detection date ({}); see \
         [Definitions](#definitions).",
        crate::output::time_text(r.generated_at),
        r.window,
        view.zone
    )?;
    writeln!(out)?;

    if let Some(c) = view.comparison {
        write_comparison(out, r, c)?;
    }

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

    writeln!(out, "## Response compliance")?;
    writeln!(out)?;
    // `Unknown`: resolved with no response time written, neither met nor breached.
    writeln!(out, "| Severity | Met | Breached | Pending | Unknown |")?;
    writeln!(out, "|---|---:|---:|---:|---:|")?;
    for (level, s) in r.by_severity.iter() {
        let c = s.response;
        writeln!(
            out,
            "| {level} | {} | {} | {} | {} |",
            c.met, c.breached, c.pending, c.unknown
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

    write_charts(out, r)?;
    write_follow_ups(out, r, view.links)?;
    write_owed(out, r, view.links)?;
    write_open(out, r, view.links)?;
    write_definitions(out)
}

fn write_comparison(out: &mut String, r: &Report, c: &Comparison) -> std::fmt::Result {
    let p = &c.previous;
    let d = &c.deltas;
    writeln!(out, "## Compared with {}", p.window.describe())?;
    writeln!(out)?;
    writeln!(
        out,
        "| | {} | {} | Change |",
        r.window.describe(),
        p.window.describe()
    )?;
    writeln!(out, "|---|---:|---:|---:|")?;
    writeln!(
        out,
        "| Incidents | {} | {} | {} |",
        r.total,
        p.total,
        signed(d.total)
    )?;
    for (i, (level, s)) in r.by_severity.iter().enumerate() {
        writeln!(
            out,
            "| {level} | {} | {} | {} |",
            s.count,
            p.by_severity.get(level).count,
            signed(d.by_severity[i])
        )?;
    }
    writeln!(
        out,
        "| Open | {} | {} | {} |",
        r.open,
        p.open,
        signed(d.open)
    )?;
    writeln!(
        out,
        "| Responses breached | {} | {} | {} |",
        r.response.breached,
        p.response.breached,
        signed(d.breached)
    )?;
    writeln!(
        out,
        "| Median time to acknowledge | {} | {} | {} |",
        median(r.time_to_acknowledge),
        median(p.time_to_acknowledge),
        signed_duration(d.median_acknowledge_seconds)
    )?;
    writeln!(
        out,
        "| Median time to resolve | {} | {} | {} |",
        median(r.time_to_resolve),
        median(p.time_to_resolve),
        signed_duration(d.median_resolve_seconds)
    )?;
    writeln!(out)
}

fn write_charts(out: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(out, "## Charts")?;
    writeln!(out)?;
    let Some(bars) = mermaid::incidents_chart(r) else {
        writeln!(out, "No incidents to chart.")?;
        return writeln!(out);
    };
    let legend: Vec<String> = incident_core::Severity::ALL
        .iter()
        .map(|l| format!("{l} {}", mermaid::severity_color(*l)))
        .collect();
    writeln!(
        out,
        "Bars stack the severities, CRITICAL at the bottom ({}).",
        legend.join(", ")
    )?;
    writeln!(out)?;
    for block in [
        Some(bars),
        mermaid::severity_pie(r),
        mermaid::resolve_chart(r),
    ]
    .into_iter()
    .flatten()
    {
        writeln!(out, "```mermaid")?;
        write!(out, "{block}")?;
        writeln!(out, "```")?;
        writeln!(out)?;
    }
    Ok(())
}

fn write_definitions(out: &mut String) -> std::fmt::Result {
    writeln!(out)?;
    writeln!(out, "## Definitions")?;
    writeln!(out)?;
    for (term, definition) in DEFINITIONS {
        writeln!(out, "- **{term}**: {definition}")?;
    }
    Ok(())
}

fn write_follow_ups(out: &mut String, r: &Report, links: Links<'_>) -> std::fmt::Result {
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
                link(&item.incident_id, &links.href(&item.incident_anchor)),
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

fn write_owed(out: &mut String, r: &Report, links: Links<'_>) -> std::fmt::Result {
    writeln!(out, "## Still owed")?;
    writeln!(out)?;
    if r.owed.is_empty() {
        writeln!(
            out,
            "Nothing is owed: every post-incident requirement is met."
        )?;
        return writeln!(out);
    }
    writeln!(out, "{}", owed_summary(r))?;
    writeln!(out)?;
    for owed in &r.owed {
        writeln!(
            out,
            "- {} (`{}`)",
            link(&owed.title, &links.href(&owed.anchor)),
            owed.id
        )?;
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

fn write_open(out: &mut String, r: &Report, links: Links<'_>) -> std::fmt::Result {
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
            link(&o.title, &links.href(&o.anchor)),
            o.severity,
            crate::output::time_text(o.detected),
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

fn owner_cell(owner: Option<&str>) -> String {
    match owner {
        None | Some(UNASSIGNED) => format!("_{UNASSIGNED}_"),
        Some(who) => cell(&crate::output::owner_text(who)),
    }
}

/// A link, safe in a table cell: `[text](target)`; the target is `#anchor` or a URL, with
/// spaces, parentheses and angle brackets percent-encoded so it stays one link destination.
pub(crate) fn link(text: &str, target: &str) -> String {
    let mut label = String::new();
    for c in cell(text).chars() {
        if matches!(c, '[' | ']') {
            label.push('\\');
        }
        label.push(c);
    }
    let mut dest = String::new();
    for c in target.chars() {
        match c {
            ' ' => dest.push_str("%20"),
            '(' => dest.push_str("%28"),
            ')' => dest.push_str("%29"),
            '<' => dest.push_str("%3C"),
            '>' => dest.push_str("%3E"),
            '|' => dest.push_str("%7C"),
            c if c.is_control() => {}
            c => dest.push(c),
        }
    }
    format!("[{label}]({dest})")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{at, incident, mixed, report};
    use incident_core::{Incident, Severity, Window};

    #[test]
    fn cells_and_links_are_escaped() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
        assert_eq!(link("[WIP] x | y", "#wip-x"), "[\\[WIP\\] x \\| y](#wip-x)");
        assert_eq!(
            link("x", "https://h.example/a b(c).md#x"),
            "[x](https://h.example/a%20b%28c%29.md#x)"
        );
        assert_eq!(owner_cell(None), "_unassigned_");
        assert_eq!(owner_cell(Some("dana")), "@dana");
        // A name of several words was written without `@`: no handle has a space.
        assert_eq!(owner_cell(Some("Ana Ruiz")), "Ana Ruiz");
    }

    fn render(log: &[(&str, &str, Incident)], window: Window) -> String {
        render_markdown(&ReportView::new(&report(log, window)))
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
    fn compare_markdown_with_link_base() {
        let (current, comparison) = crate::report::fixtures::march_vs_february();
        let view = ReportView {
            report: &current,
            comparison: Some(&comparison),
            links: Links {
                base: Some("https://git.example/ops/blob/main/INCIDENTS.md"),
            },
            zone: chrono_tz::UTC,
        };
        let md = render_markdown(&view);
        assert!(md.contains("## Compared with February 2026"), "{md}");
        assert!(md.contains(
            "(https://git.example/ops/blob/main/INCIDENTS.md#2026-03-28-node-memory-pressure)"
        ));
        assert!(!md.contains("](#2026"), "every incident link uses the base");
        insta::assert_snapshot!(md);
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
