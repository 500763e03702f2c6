//! `incident report`: resolve the period, build the report (and the one it is compared with) in
//! incident-core, render it.

use incident_core::{Comparison, Report, ReportEntry, Window};
use serde::Serialize;

use super::Outcome;
use super::query::{readable_in, skipped_note};
use crate::cli::{ReportArgs, ReportFormat};
use crate::context::Context;
use crate::error::CliError;
use crate::output::json_object;
use crate::report::{Links, ReportView, html, md};

/// The JSON output: the report's fields, and `comparison` with `--compare`.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct ReportJson<'a> {
    #[serde(flatten)]
    report: &'a Report,
    #[serde(skip_serializing_if = "Option::is_none")]
    comparison: Option<&'a Comparison>,
}

/// The window `--month`, `--quarter`, `--since` and `--until` ask for, seen from today's date
/// in the configured zone; a start after the end is a usage error.
fn window(ctx: &Context, args: &ReportArgs) -> Result<Window, CliError> {
    let today = ctx.calendar.local_date(ctx.now);
    if let Some(p) = args.month.or(args.quarter) {
        return Ok(p.window(today)?);
    }
    let since = args.since.map(|p| p.first_day(today)).transpose()?;
    let until = args.until.map(|p| p.last_day(today)).transpose()?;
    Window::checked(since, until).map_err(|e| {
        let (s, u) = (
            args.since.map(|p| p.to_string()),
            args.until.map(|p| p.to_string()),
        );
        CliError::Usage(format!(
            "--since {} is after --until {}: {e}",
            s.unwrap_or_default(),
            u.unwrap_or_default()
        ))
    })
}

/// `incident report`.
pub fn report(ctx: &Context, args: &ReportArgs) -> Result<Outcome, CliError> {
    let mut window = window(ctx, args)?;
    if args.compare.is_some() && window.until.is_none() {
        // Side by side, both periods need an end: an open one ends today.
        window = Window::checked(window.since, Some(ctx.calendar.local_date(ctx.now)))?;
    }
    let compare_window = args
        .compare
        .map(|c| c.window(window, ctx.calendar.local_date(ctx.now)))
        .transpose()?
        .map(|w| {
            w.ok_or_else(|| {
                CliError::Usage(
                    "--compare previous needs a period with a start (--since, --month or --quarter)"
                        .to_owned(),
                )
            })
        })
        .transpose()?;
    let log = ctx.load_set_for_run()?;
    let entries: Vec<ReportEntry> = readable_in(log)
        .map(|(_, e, i)| ReportEntry::new(i, &e.id, &e.anchor))
        .collect();
    // One policy for the report: the first file's (postmortems state none: the default).
    let default_policy = incident_core::Policy::default();
    let policy = log
        .parts()
        .first()
        .map_or(&default_policy, |p| &p.doc.log().policy);
    let build = |w| Report::build(&entries, policy, &ctx.calendar, ctx.now, w);
    let report = build(window);
    let comparison = compare_window.map(|w| Comparison::new(&report, build(w)));
    let view = ReportView {
        report: &report,
        comparison: comparison.as_ref(),
        links: Links {
            base: args
                .link_base
                .as_deref()
                .or(ctx.report_link_base.as_deref()),
        },
        zone: ctx.calendar.timezone(),
    };
    let text = match args.format {
        ReportFormat::Md => md::render_markdown(&view),
        ReportFormat::Html => html::render_html(&view),
        ReportFormat::Json => json_object(ReportJson {
            report: &report,
            comparison: comparison.as_ref(),
        }),
    };
    let notes = skipped_note(log);
    match &args.output {
        None => Ok(Outcome::print(text).with_stderr(notes)),
        Some(path) => {
            // Atomic, like every write: a reader never sees half a report. An existing report
            // (a regular file) is replaced; a device or FIFO is refused.
            incident_md::fs::write_new_file(path, &text, true)?;
            Ok(Outcome::print(String::new())
                .with_stderr(format!("{notes}wrote the report to {}\n", path.display())))
        }
    }
}
