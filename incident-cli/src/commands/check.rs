//! `incident check`: the library's checks ([`incident_md::check_document`]) rendered as text
//! (annotate-snippets) or JSON. The codes are listed in [`incident_core::Code`] and the README.
//!
//! Sibling files are found by [`incident_md::fs::siblings`]: beside the log, then at
//! `../logs/LOGS.md`, `../troubleshooting/TROUBLESHOOTING.md` and `../memory/MEMORY.md`; a
//! missing one is skipped.

use annotate_snippets::{Level as SnippetLevel, Renderer, Snippet};
use incident_core::{Code, Finding, Level};
use incident_md::{CheckContext, Document, Entry, check_document};
use serde::Serialize;

use super::Outcome;
use crate::cli::TextFormat;
use crate::context::Context;
use crate::error::CliError;
use crate::fix_hint::fix_hint;
use crate::output::json_object;
use incident_md::fs::siblings;

/// One finding as `check --format json` shows it, located by line and column.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct FindingJson<'a> {
    code: &'static str,
    level: Level,
    message: &'a str,
    line: usize,
    column: usize,
    incident: Option<&'a str>,
}

/// `check --format json`.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct CheckJson<'a> {
    /// How many incidents were read: a check never passes without saying what it checked.
    incidents: usize,
    findings: Vec<FindingJson<'a>>,
    errors: usize,
    warnings: usize,
}

/// `incident check`: `only` keeps the findings of these codes (all when empty);
/// `deny_warnings` makes warnings fail the check as errors do.
pub fn check(
    ctx: &Context,
    format: TextFormat,
    only: &[Code],
    deny_warnings: bool,
) -> Result<Outcome, CliError> {
    let doc = ctx.load_for_run()?;
    let mut findings = check_document(doc, &check_context(ctx));
    if !only.is_empty() {
        findings.retain(|f| only.contains(&f.code));
    }
    let errors = findings.iter().filter(|f| f.level == Level::Error).count();
    let warnings = findings.len() - errors;
    let stdout = match format {
        TextFormat::Json => json_object(CheckJson {
            incidents: doc.incidents().len(),
            findings: findings
                .iter()
                .map(|f| {
                    let pos = doc.position(f.start().unwrap_or(0));
                    FindingJson {
                        code: f.code.as_str(),
                        level: f.level,
                        message: &f.message,
                        line: pos.line,
                        column: pos.column,
                        incident: f.incident.as_deref(),
                    }
                })
                .collect(),
            errors,
            warnings,
        }),
        TextFormat::Text => render_text(ctx, doc, &findings, errors, warnings),
    };
    Ok(Outcome {
        stdout,
        code: u8::from(errors > 0 || (deny_warnings && warnings > 0)),
        ..Outcome::default()
    })
}

/// What `check` (and `show`'s card) judge the log by: now, the team's calendar, the siblings.
pub(super) fn check_context(ctx: &Context) -> CheckContext {
    CheckContext::new(ctx.now)
        .with_calendar(ctx.calendar.clone())
        .with_siblings(siblings(
            &ctx.path,
            &std::env::current_dir().unwrap_or_default(),
        ))
}

/// The findings grouped by incident, in the log's order (those about the log as a whole
/// first), each group under a headline with the incident's title; each finding as
/// `error[CODE]: message` with `path:line:col`, the source line, and a `help:` line naming the
/// command that fixes it; then the totals.
fn render_text(
    ctx: &Context,
    doc: &Document,
    findings: &[Finding],
    errors: usize,
    warnings: usize,
) -> String {
    let renderer = if ctx.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let bold = |s: String| {
        if ctx.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s
        }
    };
    let path = ctx.display_path();
    let lines = doc.line_index();
    let mut out = String::new();
    for (entry, group) in by_incident(doc, findings) {
        let e = group.iter().filter(|f| f.level == Level::Error).count();
        let tally = tally(e, group.len() - e);
        out.push_str(&bold(match entry {
            Some(entry) => format!("── {} ({}): {tally}", entry.title, entry.id),
            None => format!("── {path}: {tally}"),
        }));
        out.push_str("\n\n");
        for f in group {
            let span = f.span.clone().unwrap_or(0..0);
            let line = lines.line_of(span.start);
            let range = lines.line_range(line);
            let source = &doc.as_str()[range.clone()];
            let start = span.start.clamp(range.start, range.end) - range.start;
            let end = span.end.clamp(range.start, range.end) - range.start;
            let end = if end <= start {
                source.len().max(start)
            } else {
                end
            };
            let level = match f.level {
                Level::Error => SnippetLevel::Error,
                _ => SnippetLevel::Warning,
            };
            let hint = entry.and_then(|entry| fix_hint(f, &entry.id));
            let mut message = level.title(&f.message).id(f.code.as_str()).snippet(
                Snippet::source(source)
                    .line_start(line)
                    .origin(&path)
                    .annotation(level.span(start..end)),
            );
            if let Some(hint) = &hint {
                message = message.footer(SnippetLevel::Help.title(hint));
            }
            out.push_str(&renderer.render(message).to_string());
            out.push_str("\n\n");
        }
    }
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    out.push_str(&format!(
        "{path}: {} read, {}, {}\n",
        count(doc.incidents().len(), "incident"),
        count(errors, "error"),
        count(warnings, "warning")
    ));
    out
}

/// `2 errors, 1 warning`, leaving out a zero count.
fn tally(errors: usize, warnings: usize) -> String {
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, w) => count(w, "warning"),
        (e, 0) => count(e, "error"),
        (e, w) => format!("{}, {}", count(e, "error"), count(w, "warning")),
    }
}

/// Findings about the log as a whole (or an incident no longer found), then each incident's, in
/// the log's order; each group keeps the findings' order.
fn by_incident<'a>(
    doc: &'a Document,
    findings: &'a [Finding],
) -> Vec<(Option<&'a Entry>, Vec<&'a Finding>)> {
    let entries = doc.incidents();
    let index = |f: &Finding| {
        f.incident
            .as_deref()
            .and_then(|id| entries.iter().position(|e| e.id == id))
    };
    let mut groups: Vec<(Option<usize>, Vec<&Finding>)> = Vec::new();
    for f in findings {
        let k = index(f);
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, group)) => group.push(f),
            None => groups.push((k, vec![f])),
        }
    }
    groups.sort_by_key(|(k, _)| k.map_or(0, |k| k + 1));
    groups
        .into_iter()
        .map(|(k, group)| (k.map(|k| &entries[k]), group))
        .collect()
}
