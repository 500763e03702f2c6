//! The report as one self-contained HTML page: inline CSS (responsive, with print rules), inline
//! SVG charts from the charts module, no script and nothing fetched (a
//! `Content-Security-Policy` forbids it). The same content as the markdown report.
//!
//! Every text from the log (titles, actions, owners, categories, messages) goes through
//! [`escape`], in element content and attribute values alike.

use std::fmt::Write as _;

use chrono::NaiveDate;
use incident_core::report::{DurationStats, UNASSIGNED};
use incident_core::{Comparison, Report};

use super::charts::{self, Chart};
use super::text::{
    DEFINITIONS, NONE, human_duration, median, owed_summary, signed, signed_duration,
    summary_sentence,
};
use super::{Links, ReportView};

/// The page's style: readable on a phone (tables scroll sideways, charts scale), printable
/// (no backgrounds, no breaks inside tables or charts, link targets written out).
const STYLE: &str = "\
:root{color-scheme:light;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--head:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--fg);background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0}
h2{font-size:1.25rem;margin:2rem 0 .5rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem}
.summary{font-size:1.1rem}
.meta,.note{color:var(--muted);font-size:.9rem}
.table{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{border:1px solid var(--line);padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:var(--head)}
td.n,th.n{text-align:right;white-space:nowrap}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,40rem),1fr));gap:1rem}
figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:.5rem}
figure svg{display:block;width:100%;height:auto}
figcaption{color:var(--muted);font-size:.85rem}
.legend span{display:inline-block;margin-right:.8rem}
.legend i{display:inline-block;width:.8em;height:.8em;margin-right:.3em;vertical-align:-.05em}
dt{font-weight:600}
dd{margin:0 0 .6rem 1rem}
a{color:#0969da}
@media (max-width:40rem){body{font-size:15px}main{padding:.6rem}h1{font-size:1.35rem}}
@media print{
body{font-size:11pt}main{max-width:none;padding:0}
a{color:inherit;text-decoration:none}
a[href^=\"http\"]::after{content:\" (\" attr(href) \")\";font-size:.8em;color:var(--muted)}
th{background:none}
table,figure,dl{break-inside:avoid}
h2{break-after:avoid}
.charts{display:block}figure{margin-bottom:1rem}
}
";

/// Text made safe for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Renders the report as a complete HTML document.
pub fn render_html(view: &ReportView<'_>) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_page(&mut out, view);
    out
}

/// A cell: escaped HTML, right-aligned when numeric.
struct Cell {
    html: String,
    numeric: bool,
}

fn text(s: impl AsRef<str>) -> Cell {
    Cell {
        html: escape(s.as_ref()),
        numeric: false,
    }
}

fn num(s: impl ToString) -> Cell {
    Cell {
        html: escape(&s.to_string()),
        numeric: true,
    }
}

fn html(s: String) -> Cell {
    Cell {
        html: s,
        numeric: false,
    }
}

/// A table inside a sideways-scrolling box; headers starting with `#` are numeric.
fn table(out: &mut String, headers: &[&str], rows: Vec<Vec<Cell>>) -> std::fmt::Result {
    writeln!(out, "<div class=\"table\"><table>")?;
    write!(out, "<thead><tr>")?;
    for h in headers {
        match h.strip_prefix('#') {
            Some(h) => write!(out, "<th class=\"n\" scope=\"col\">{}</th>", escape(h))?,
            None => write!(out, "<th scope=\"col\">{}</th>", escape(h))?,
        }
    }
    writeln!(out, "</tr></thead>")?;
    writeln!(out, "<tbody>")?;
    for row in rows {
        write!(out, "<tr>")?;
        for c in row {
            let class = if c.numeric { " class=\"n\"" } else { "" };
            write!(out, "<td{class}>{}</td>", c.html)?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody></table></div>")
}

fn link(label: &str, links: Links<'_>, anchor: &str) -> String {
    format!(
        "<a href=\"{}\">{}</a>",
        escape(&links.href(anchor)),
        escape(label)
    )
}

fn write_page(out: &mut String, view: &ReportView<'_>) -> std::fmt::Result {
    let r = view.report;
    let title = format!("Incident report: {}", r.window.describe());
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\">")?;
    writeln!(out, "<head>")?;
    writeln!(out, "<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    // Nothing may be fetched: the page is complete as it is.
    writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
    )?;
    writeln!(out, "<link rel=\"icon\" href=\"data:,\">")?;
    writeln!(out, "<title>{}</title>", escape(&title))?;
    writeln!(out, "<style>\n{STYLE}</style>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")?;
    writeln!(out, "<main>")?;
    writeln!(out, "<h1>{}</h1>", escape(&title))?;
    writeln!(
        out,
        "<p class=\"summary\">{}</p>",
        escape(&summary_sentence(r, view.comparison))
    )?;
    writeln!(
        out,
        "<p class=\"meta\">Generated {} for {}. Incidents are counted by their detection date ({}); see <a href=\"#definitions\">Definitions</a>.</p>",
        escape(&crate::output::time_text(r.generated_at)),
        escape(&r.window.to_string()),
        escape(view.zone.name())
    )?;
    if let Some(c) = view.comparison {
        write_comparison(out, r, c)?;
    }
    write_tables(out, r)?;
    write_charts(out, r)?;
    write_follow_ups(out, r, view.links)?;
    write_owed(out, r, view.links)?;
    write_open(out, r, view.links)?;
    writeln!(out, "<h2 id=\"definitions\">Definitions</h2>")?;
    writeln!(out, "<dl>")?;
    for (term, definition) in DEFINITIONS {
        writeln!(
            out,
            "<dt>{}</dt><dd>{}</dd>",
            escape(term),
            escape(definition)
        )?;
    }
    writeln!(out, "</dl>")?;
    writeln!(out, "</main>")?;
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}

fn write_comparison(out: &mut String, r: &Report, c: &Comparison) -> std::fmt::Result {
    let p = &c.previous;
    let d = &c.deltas;
    writeln!(
        out,
        "<h2>Compared with {}</h2>",
        escape(&p.window.describe())
    )?;
    let now = r.window.describe();
    let before = p.window.describe();
    let mut rows = vec![vec![
        text("Incidents"),
        num(r.total),
        num(p.total),
        num(signed(d.total)),
    ]];
    for (i, (level, s)) in r.by_severity.iter().enumerate() {
        rows.push(vec![
            text(level.to_string()),
            num(s.count),
            num(p.by_severity.get(level).count),
            num(signed(d.by_severity[i])),
        ]);
    }
    rows.push(vec![
        text("Open"),
        num(r.open),
        num(p.open),
        num(signed(d.open)),
    ]);
    rows.push(vec![
        text("Responses breached"),
        num(r.response.breached),
        num(p.response.breached),
        num(signed(d.breached)),
    ]);
    rows.push(vec![
        text("Median time to acknowledge"),
        num(median(r.time_to_acknowledge)),
        num(median(p.time_to_acknowledge)),
        num(signed_duration(d.median_acknowledge_seconds)),
    ]);
    rows.push(vec![
        text("Median time to resolve"),
        num(median(r.time_to_resolve)),
        num(median(p.time_to_resolve)),
        num(signed_duration(d.median_resolve_seconds)),
    ]);
    let (now_h, before_h) = (format!("#{now}"), format!("#{before}"));
    table(out, &["", &now_h, &before_h, "#Change"], rows)
}

fn duration_cells(stats: Option<DurationStats>) -> Vec<Cell> {
    match stats {
        Some(s) => vec![
            num(s.count),
            num(human_duration(s.median_seconds)),
            num(human_duration(s.p90_seconds)),
            num(human_duration(s.max_seconds)),
        ],
        None => vec![num(0), num(NONE), num(NONE), num(NONE)],
    }
}

fn write_tables(out: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(out, "<h2>Summary</h2>")?;
    let mut rows: Vec<Vec<Cell>> = r
        .by_severity
        .iter()
        .map(|(l, s)| {
            vec![
                text(l.to_string()),
                num(s.count),
                num(s.open),
                num(s.resolved()),
            ]
        })
        .collect();
    rows.push(vec![
        html("<strong>Total</strong>".into()),
        num(r.total),
        num(r.open),
        num(r.resolved),
    ]);
    table(out, &["Severity", "#Incidents", "#Open", "#Resolved"], rows)?;

    writeln!(out, "<h2>Time to acknowledge</h2>")?;
    let rows = r
        .by_severity
        .iter()
        .map(|(l, s)| {
            let mut row = vec![text(l.to_string())];
            row.extend(duration_cells(s.time_to_acknowledge));
            row
        })
        .collect();
    table(
        out,
        &["Severity", "#Acknowledged", "#Median", "#p90", "#Max"],
        rows,
    )?;

    writeln!(out, "<h2>Time to resolve</h2>")?;
    let rows = r
        .by_severity
        .iter()
        .map(|(l, s)| {
            let mut row = vec![text(l.to_string())];
            row.extend(duration_cells(s.time_to_resolve));
            row.push(num(s.open));
            row
        })
        .collect();
    table(
        out,
        &[
            "Severity",
            "#Resolved",
            "#Median",
            "#p90",
            "#Max",
            "#Still open",
        ],
        rows,
    )?;

    writeln!(out, "<h2>Response compliance</h2>")?;
    let rows = r
        .by_severity
        .iter()
        .map(|(l, s)| {
            vec![
                text(l.to_string()),
                num(s.response.met),
                num(s.response.breached),
                num(s.response.pending),
                num(s.response.unknown),
            ]
        })
        .collect();
    table(
        out,
        &["Severity", "#Met", "#Breached", "#Pending", "#Unknown"],
        rows,
    )?;

    writeln!(out, "<h2>By category</h2>")?;
    if r.by_category.is_empty() {
        writeln!(out, "<p>No incidents.</p>")?;
    } else {
        let rows = r
            .by_category
            .iter()
            .map(|(name, n)| vec![text(name), num(n)])
            .collect();
        table(out, &["Category", "#Incidents"], rows)?;
    }

    writeln!(out, "<h2>By month</h2>")?;
    if r.by_month.is_empty() {
        writeln!(out, "<p>No incidents.</p>")
    } else {
        let rows = r
            .by_month
            .iter()
            .map(|(month, n)| vec![text(month), num(n)])
            .collect();
        table(out, &["Month", "#Incidents"], rows)
    }
}

fn write_charts(out: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(out, "<h2>Charts</h2>")?;
    let Some(bars) = charts::incidents_chart(r) else {
        return writeln!(out, "<p>No incidents to chart.</p>");
    };
    write!(out, "<p class=\"legend\">")?;
    for level in incident_core::Severity::ALL {
        write!(
            out,
            "<span><i style=\"background:{}\"></i>{level}</span>",
            super::mermaid::severity_color(level)
        )?;
    }
    writeln!(out, "</p>")?;
    writeln!(out, "<div class=\"charts\">")?;
    let figures = [
        (
            "incidents-chart",
            Some(bars),
            "Bars stack the severities, CRITICAL at the bottom.",
        ),
        (
            "severity-chart",
            charts::severity_chart(r),
            "Incidents of each severity.",
        ),
        (
            "resolve-chart",
            charts::resolve_chart(r),
            "Median time to resolve of the incidents detected in each period, in hours.",
        ),
    ];
    for (id, chart, caption) in figures {
        let Some(chart) = chart else { continue };
        write_figure(out, id, chart, caption)?;
    }
    writeln!(out, "</div>")
}

fn write_figure(out: &mut String, id: &str, chart: Chart, caption: &str) -> std::fmt::Result {
    writeln!(out, "<figure id=\"{id}\">")?;
    match chart {
        Ok(svg) => writeln!(out, "{svg}")?,
        Err(e) => writeln!(
            out,
            "<p class=\"note\">The chart could not be drawn: {}</p>",
            escape(&e)
        )?,
    }
    writeln!(out, "<figcaption>{}</figcaption>", escape(caption))?;
    writeln!(out, "</figure>")
}

fn owner(owner: Option<&str>) -> Cell {
    match owner {
        None | Some(UNASSIGNED) => html(format!("<em>{UNASSIGNED}</em>")),
        Some(who) => text(crate::output::owner_text(who)),
    }
}

fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn write_follow_ups(out: &mut String, r: &Report, links: Links<'_>) -> std::fmt::Result {
    let f = &r.follow_ups;
    writeln!(out, "<h2>Follow-up actions</h2>")?;
    if f.by_owner.is_empty() {
        return writeln!(out, "<p>No follow-up actions.</p>");
    }
    writeln!(
        out,
        "<p>{} open ({} overdue), {} done.</p>",
        f.open, f.overdue, f.done
    )?;
    let rows = f
        .by_owner
        .iter()
        .map(|(who, c)| vec![owner(Some(who)), num(c.open), num(c.overdue), num(c.done)])
        .collect();
    table(out, &["Owner", "#Open", "#Overdue", "#Done"], rows)?;
    writeln!(out, "<h3>Oldest overdue</h3>")?;
    if f.oldest_overdue.is_empty() {
        return writeln!(out, "<p>Nothing is overdue.</p>");
    }
    let today = r.generated_at.date_naive();
    let rows = f
        .oldest_overdue
        .iter()
        .map(|item| {
            let days = (today - item.due).num_days();
            vec![
                text(day(item.due)),
                num(if days == 1 {
                    "1 day".to_owned()
                } else {
                    format!("{days} days")
                }),
                text(&item.action),
                owner(item.owner.as_deref()),
                html(link(&item.incident_id, links, &item.incident_anchor)),
            ]
        })
        .collect();
    table(
        out,
        &["Due", "#Overdue by", "Action", "Owner", "Incident"],
        rows,
    )?;
    if f.overdue > f.oldest_overdue.len() {
        writeln!(
            out,
            "<p>And {} more overdue.</p>",
            f.overdue - f.oldest_overdue.len()
        )?;
    }
    Ok(())
}

fn write_owed(out: &mut String, r: &Report, links: Links<'_>) -> std::fmt::Result {
    writeln!(out, "<h2>Still owed</h2>")?;
    if r.owed.is_empty() {
        return writeln!(
            out,
            "<p>Nothing is owed: every post-incident requirement is met.</p>"
        );
    }
    writeln!(out, "<p>{}</p>", owed_summary(r))?;
    writeln!(out, "<ul>")?;
    for owed in &r.owed {
        writeln!(
            out,
            "<li>{} (<code>{}</code>)<ul>",
            link(&owed.title, links, &owed.anchor),
            escape(&owed.id)
        )?;
        for f in &owed.findings {
            writeln!(
                out,
                "<li><strong>{}</strong> {}: {}</li>",
                escape(&f.level.to_string()),
                escape(&f.code.to_string()),
                escape(&f.message)
            )?;
        }
        writeln!(out, "</ul></li>")?;
    }
    writeln!(out, "</ul>")
}

fn write_open(out: &mut String, r: &Report, links: Links<'_>) -> std::fmt::Result {
    writeln!(out, "<h2>Open incidents</h2>")?;
    if r.open_incidents.is_empty() {
        return writeln!(out, "<p>No open incidents.</p>");
    }
    let rows = r
        .open_incidents
        .iter()
        .map(|o| {
            vec![
                html(link(&o.title, links, &o.anchor)),
                text(o.severity.to_string()),
                text(crate::output::time_text(o.detected)),
                num(human_duration((r.generated_at - o.detected).num_seconds())),
                text(o.response.to_string()),
            ]
        })
        .collect();
    table(
        out,
        &["Incident", "Severity", "Detected", "#Open for", "Response"],
        rows,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{at, incident, march_vs_february, mixed, report};
    use incident_core::{Severity, Window};

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
    }

    #[test]
    fn a_script_in_a_title_renders_as_text() {
        let mut log = mixed();
        log.push((
            "2026-03-30-xss",
            "2026-03-30-scriptalert1script",
            incident(
                "<script>alert(1)</script> \"quoted\" <img src=x onerror=alert(2)>",
                Severity::High,
                Some("<b>cat</b>"),
                at(3, 30, 10, 0),
                Some(5),
                None,
                &["- [ ] <script>steal()</script> - @<i>eve</i> - 2026-03-31"],
            ),
        ));
        let page = render_html(&ReportView {
            report: &report(&log, Window::ALL),
            comparison: None,
            links: Links {
                base: Some("https://git.example/x.md\"><script>"),
            },
            zone: chrono_tz::UTC,
        });
        assert!(!page.contains("<script"), "{page}");
        assert!(!page.contains("<img"), "{page}");
        assert!(!page.contains("<b>cat"), "{page}");
        assert!(!page.contains("<i>eve"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot;"));
        assert!(page.contains("&lt;script&gt;steal()&lt;/script&gt;"));
        assert!(page.contains("href=\"https://git.example/x.md&quot;&gt;&lt;script&gt;#"));
    }

    #[test]
    fn nothing_is_fetched() {
        let page = render_html(&ReportView::new(&report(&mixed(), Window::ALL)));
        for needle in [
            "src=",
            "<link rel=\"stylesheet\"",
            "@import",
            "url(",
            "<script",
        ] {
            assert!(!page.contains(needle), "{needle} in the page");
        }
        assert!(page.contains("default-src 'none'"));
    }

    /// The page with the charts' SVG replaced by a count of its bytes: plotters' exact
    /// coordinates are its business, the layout around them is ours.
    fn without_svg(page: &str) -> String {
        let mut out = String::new();
        let mut rest = page;
        while let Some(start) = rest.find("<svg") {
            let end = rest[start..]
                .find("</svg>")
                .map_or(rest.len(), |e| start + e + 6);
            out.push_str(&rest[..start]);
            let svg = &rest[start..end];
            let rects = svg.matches("<rect").count();
            out.push_str(&format!("<svg><!-- {rects} rect elements --></svg>"));
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn html_report() {
        let page = render_html(&ReportView::new(&report(&mixed(), Window::ALL)));
        assert_eq!(page.matches("<figure").count(), 3);
        insta::assert_snapshot!(without_svg(&page));
    }

    #[test]
    fn html_compare_report() {
        let (current, comparison) = march_vs_february();
        let page = render_html(&ReportView {
            report: &current,
            comparison: Some(&comparison),
            links: Links {
                base: Some("https://git.example/ops/blob/main/INCIDENTS.md"),
            },
            zone: chrono_tz::UTC,
        });
        assert!(page.contains("<h2>Compared with February 2026</h2>"));
        insta::assert_snapshot!(without_svg(&page));
    }
}
