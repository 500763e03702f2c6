//! Mermaid charts of a report, which GitHub renders in markdown: incidents per bucket by severity
//! (`xychart-beta` bars), the severity mix (`pie`) and the median time to resolve over time
//! (`xychart-beta` line).
//!
//! `xychart-beta` has no stacked bars; bars of several series at one x overlap, later ones on
//! top. So the bars drawn are running totals, all severities first and `CRITICAL` alone last,
//! which reads as one stacked bar per bucket.

use std::fmt::Write as _;

use incident_core::{Report, Severity};

use super::text::{bucket_label, per_bucket, resolve_points};

/// The colour of each severity in every chart (markdown and HTML alike).
pub fn severity_color(level: Severity) -> &'static str {
    match level {
        Severity::Critical => "#b91c1c",
        Severity::High => "#ea580c",
        Severity::Medium => "#ca8a04",
        _ => "#2563eb",
    }
}

/// Quoted text for a Mermaid label: Mermaid has no escape for `"`, so it becomes `'`.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "'"))
}

/// The bars of incidents per bucket, stacked by severity; `None` without buckets.
pub fn incidents_chart(r: &Report) -> Option<String> {
    let series = &r.series;
    if series.buckets.is_empty() {
        return None;
    }
    let mut out = String::new();
    // Lowest severity first: its running total is the whole bar, drawn underneath.
    let order: Vec<Severity> = Severity::ALL.into_iter().rev().collect();
    let palette: Vec<&str> = order.iter().map(|l| severity_color(*l)).collect();
    let labels: Vec<String> = series
        .buckets
        .iter()
        .map(|b| quoted(&bucket_label(b, series.granularity)))
        .collect();
    let max = series
        .buckets
        .iter()
        .map(|b| b.counts.total())
        .max()
        .unwrap_or(0)
        .max(1);
    let _ = writeln!(
        out,
        "%%{{init: {{\"themeVariables\": {{\"xyChart\": {{\"plotColorPalette\": \"{}\"}}}}}}}}%%",
        palette.join(", ")
    );
    let _ = writeln!(out, "xychart-beta");
    let _ = writeln!(
        out,
        "    title {}",
        quoted(&per_bucket("Incidents", series.granularity))
    );
    let _ = writeln!(out, "    x-axis [{}]", labels.join(", "));
    let _ = writeln!(out, "    y-axis \"Incidents\" 0 --> {max}");
    for (i, _) in order.iter().enumerate() {
        let included = &order[i..];
        let bars: Vec<String> = series
            .buckets
            .iter()
            .map(|b| {
                included
                    .iter()
                    .map(|l| b.counts.get(*l))
                    .sum::<usize>()
                    .to_string()
            })
            .collect();
        let _ = writeln!(out, "    bar [{}]", bars.join(", "));
    }
    Some(out)
}

/// The severity mix as a pie, levels without incidents left out; `None` without incidents.
pub fn severity_pie(r: &Report) -> Option<String> {
    let slices: Vec<(Severity, usize)> = r
        .by_severity
        .iter()
        .map(|(l, s)| (l, s.count))
        .filter(|(_, n)| *n > 0)
        .collect();
    if slices.is_empty() {
        return None;
    }
    let colors: Vec<String> = slices
        .iter()
        .enumerate()
        .map(|(i, (l, _))| format!("\"pie{}\": \"{}\"", i + 1, severity_color(*l)))
        .collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "%%{{init: {{\"themeVariables\": {{{}}}}}}}%%",
        colors.join(", ")
    );
    let _ = writeln!(out, "pie showData");
    let _ = writeln!(out, "    title Severity mix");
    for (level, n) in slices {
        let _ = writeln!(out, "    \"{level}\" : {n}");
    }
    Some(out)
}

/// The median time to resolve per bucket, in hours, over the buckets with resolved incidents;
/// `None` when no bucket has one.
pub fn resolve_chart(r: &Report) -> Option<String> {
    let points = resolve_points(r);
    if points.is_empty() {
        return None;
    }
    let max = points.iter().map(|p| p.1).fold(0.0, f64::max);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "%%{{init: {{\"themeVariables\": {{\"xyChart\": {{\"plotColorPalette\": \"#0f766e\"}}}}}}}}%%"
    );
    let _ = writeln!(out, "xychart-beta");
    let _ = writeln!(
        out,
        "    title {}",
        quoted(&format!(
            "Median time to resolve per {}",
            r.series.granularity
        ))
    );
    let labels: Vec<String> = points.iter().map(|p| quoted(&p.0)).collect();
    let _ = writeln!(out, "    x-axis [{}]", labels.join(", "));
    let _ = writeln!(out, "    y-axis \"Hours\" 0 --> {}", max.ceil().max(1.0));
    let values: Vec<String> = points.iter().map(|p| format!("{:.1}", p.1)).collect();
    let _ = writeln!(out, "    line [{}]", values.join(", "));
    if points.len() == 1 {
        // A line through one point draws nothing: show it as a bar too.
        let _ = writeln!(out, "    bar [{}]", values.join(", "));
    }
    Some(out)
}
