//! `incident check`: the library's checks ([`incident_md::check_document`]) rendered as text
//! (annotate-snippets) or JSON. The codes are listed in [`incident_core::Code`] and the README.
//!
//! Sibling files are found by [`incident_md::fs::siblings`]: beside the log, then at
//! `../logs/LOGS.md`, `../troubleshooting/TROUBLESHOOTING.md` and `../memory/MEMORY.md`; a
//! missing one is skipped.

use incident_core::{Code, Finding, Level};
use incident_md::{CheckContext, Document, Entry, check_document};
use serde::Serialize;

use super::Outcome;
use crate::cli::TextFormat;
use crate::context::Context;
use crate::context::display_relative;
use crate::diagnostic::Diagnostic;
use crate::error::CliError;
use crate::fix_hint::{push_doctor_hint, push_fix_hint};
use crate::output::StreamedOutput;
use incident_md::fs::{LogPart, LogSet, siblings};
use incident_md::json_write::write_str as write_json_str;

/// One finding as `check --format json` (and the agent server's `check_log`) shows it, located
/// by line and column (and, in a directory of postmortems, by file).
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct FindingJson<'a> {
    code: &'static str,
    level: Level,
    message: &'a str,
    /// The file the line and column are in, for a directory of postmortems.
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    line: usize,
    column: usize,
    incident: Option<&'a str>,
}

impl<'a> FindingJson<'a> {
    /// `f` located in `doc`.
    pub(crate) fn new(doc: &Document, f: &'a Finding) -> FindingJson<'a> {
        let pos = doc.position(f.start().unwrap_or(0));
        FindingJson {
            code: f.code.as_str(),
            level: f.level,
            message: &f.message,
            file: None,
            line: pos.line,
            column: pos.column,
            incident: f.incident.as_deref(),
        }
    }

    /// The same finding, naming the file it is in.
    pub(crate) fn in_file(self, file: String) -> FindingJson<'a> {
        FindingJson {
            file: Some(file),
            ..self
        }
    }
}

impl FindingJson<'_> {
    /// The finding as `serde_json`'s pretty printer writes it as an element of the `findings`
    /// array (indented by four spaces, no separator after it), written directly: serialization
    /// was most of the cost of `check --format json` on a log with many findings.
    fn write_pretty(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        out.write_all(b"    {\n      \"code\": ")?;
        write_json_str(out, self.code)?;
        out.write_all(b",\n      \"level\": ")?;
        write_json_str(out, level)?;
        out.write_all(b",\n      \"message\": ")?;
        write_json_str(out, self.message)?;
        if let Some(file) = &self.file {
            out.write_all(b",\n      \"file\": ")?;
            write_json_str(out, file)?;
        }
        write!(
            out,
            ",\n      \"line\": {},\n      \"column\": {},\n      \"incident\": ",
            self.line, self.column
        )?;
        match self.incident {
            Some(id) => write_json_str(out, id)?,
            None => out.write_all(b"null")?,
        }
        out.write_all(b"\n    }")
    }
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

/// What `check --format json` prints: a [`CheckJson`], written a finding at a time.
struct CheckOutput {
    incidents: usize,
    by_file: Vec<(&'static LogPart, Vec<Finding>)>,
    /// Whether the log is a directory of postmortems (each finding then names its file).
    directory: bool,
    errors: usize,
    warnings: usize,
}

impl CheckOutput {
    /// The findings of a file, as `check --format json` shows them.
    fn findings_json(&self) -> impl Iterator<Item = FindingJson<'_>> {
        let directory = self.directory;
        self.by_file.iter().flat_map(move |(part, findings)| {
            findings.iter().map(move |f| {
                let json = FindingJson::new(&part.doc, f);
                match directory {
                    true => json.in_file(display_relative(&part.path)),
                    false => json,
                }
            })
        })
    }

    /// What [`StreamedOutput::object`] writes of its [`CheckJson`] (`schema_version` first,
    /// pretty-printed, a final newline), written directly, a finding at a time.
    fn write_json(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        write_check_json(
            out,
            (self.incidents, self.errors, self.warnings),
            self.findings_json(),
        )
    }
}

/// [`CheckJson`] of `(incidents, errors, warnings)` and these findings, as
/// [`StreamedOutput::object`] writes it.
fn write_check_json<'a>(
    out: &mut impl std::io::Write,
    (incidents, errors, warnings): (usize, usize, usize),
    findings: impl Iterator<Item = FindingJson<'a>>,
) -> std::io::Result<()> {
    write!(
        out,
        "{{\n  \"schema_version\": {},\n  \"incidents\": {incidents},\n  \"findings\": ",
        crate::output::SCHEMA_VERSION,
    )?;
    let mut empty = true;
    for f in findings {
        out.write_all(if empty { b"[\n" } else { b",\n" })?;
        empty = false;
        f.write_pretty(out)?;
    }
    out.write_all(if empty { b"[]" } else { b"\n  ]" })?;
    write!(
        out,
        ",\n  \"errors\": {errors},\n  \"warnings\": {warnings}\n}}\n"
    )
}

/// The findings of every file of the log, each with its file; in a directory, an ID that more
/// than one file holds is a finding (MD020) on the later files.
fn findings_of<'a>(ctx: &Context, log: &'a LogSet) -> Vec<(&'a LogPart, Vec<Finding>)> {
    let mut out: Vec<(&LogPart, Vec<Finding>)> = log
        .parts()
        .iter()
        .map(|p| (p, check_document(&p.doc, &check_context_at(ctx, &p.path))))
        .collect();
    for (id, parts) in log.ids_in_several_files() {
        let first = log
            .entries()
            .find(|(_, e)| e.id == id)
            .map(|(p, _)| display_relative(&p.path))
            .unwrap_or_default();
        for part in parts {
            let Some(entry) = part.doc.get(id) else {
                continue;
            };
            let finding = Finding::new(
                Code::DuplicateIdAcrossFiles,
                format!("incident ID `{id}` is also the ID of an incident in {first}"),
                entry.span.start..entry.span.start,
            )
            .with_incident(id);
            if let Some((_, found)) = out.iter_mut().find(|(p, _)| p.path == part.path) {
                found.push(finding);
            }
        }
    }
    out
}

/// `incident check`: `only` keeps the findings of these codes (all when empty);
/// `deny_warnings` makes warnings fail the check as errors do.
pub fn check(
    ctx: &Context,
    format: TextFormat,
    only: &[Code],
    deny_warnings: bool,
) -> Result<Outcome, CliError> {
    let log = ctx.load_set_for_run()?;
    let mut by_file = findings_of(ctx, log);
    if !only.is_empty() {
        for (_, findings) in &mut by_file {
            findings.retain(|f| only.contains(&f.code));
        }
    }
    let all = || by_file.iter().flat_map(|(_, f)| f);
    let errors = all().filter(|f| f.level == Level::Error).count();
    let warnings = all().count() - errors;
    let directory = log.is_directory();
    let code = u8::from(errors > 0 || (deny_warnings && warnings > 0));
    let output = match format {
        TextFormat::Json => {
            let json = CheckOutput {
                incidents: log.len(),
                by_file,
                directory,
                errors,
                warnings,
            };
            StreamedOutput::written_by(move |out| json.write_json(out))
        }
        TextFormat::Text => {
            let count =
                |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
            let files = if log.is_directory() {
                format!(" in {}", count(log.parts().len(), "file"))
            } else {
                String::new()
            };
            let mut summary = format!(
                "{}: {} read{files}, {}, {}\n",
                ctx.display_path(),
                count(log.len(), "incident"),
                count(errors, "error"),
                count(warnings, "warning")
            );
            // Nothing read passes, as a log without incidents should; the line says why, so a
            // log in a format the reader missed does not pass in silence.
            // A log with the template and no entry yet is what `init` writes, and a finding
            // (MD015) may say already why nothing was read: no note then.
            let parts = log.parts();
            if log.is_empty()
                && errors + warnings == 0
                && parts
                    .iter()
                    .all(|p| p.doc.log().template.section_span.is_none())
            {
                let empty = parts.iter().all(|p| p.doc.as_str().trim().is_empty());
                summary.push_str(if empty {
                    "note: the log is empty; `incident new` adds an incident\n"
                } else {
                    "note: nothing in the log reads as an incident; `incident explain` tells \
                     how it was read\n"
                });
            }
            let color = ctx.color;
            // Written as it is rendered, a group of findings at a time: a log with many
            // findings made a report of tens of megabytes, held twice before it was printed.
            StreamedOutput::written_by(move |out| {
                use std::io::Write as _;
                for (part, findings) in &by_file {
                    let path = display_relative(&part.path);
                    render_text(color, &path, directory, &part.doc, findings, &mut |text| {
                        out.write_all(text.as_bytes())
                    })?;
                }
                out.write_all(summary.as_bytes())
            })
        }
    };
    Ok(Outcome {
        code,
        ..Outcome::print_streamed(output)
    })
}

/// What `check` (and `show`'s card) judge the log by: now, the team's calendar, the siblings.
pub(super) fn check_context(ctx: &Context) -> CheckContext {
    check_context_at(ctx, &ctx.path)
}

/// [`check_context`] for the file at `path` of the log (its siblings are beside it).
fn check_context_at(ctx: &Context, path: &std::path::Path) -> CheckContext {
    CheckContext::new(ctx.now)
        .with_calendar(ctx.calendar.clone())
        .with_siblings(siblings(path, &std::env::current_dir().unwrap_or_default()))
}

/// The findings of one file grouped by incident, in the log's order (those about the log as a
/// whole first), each group under a headline with the incident's title; each finding as
/// `error[CODE]: message` with `path:line:col`, the source line, and a `help:` line naming the
/// command that fixes it.
fn render_text(
    color: bool,
    path: &str,
    directory: bool,
    doc: &Document,
    findings: &[Finding],
    emit: &mut dyn FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let lines = doc.line_index();
    // One group's text at a time, handed to `emit`.
    let mut out = String::new();
    // One buffer for every finding's hint.
    let mut hint = String::new();
    for (entry, group) in by_incident(doc, findings) {
        let e = group.iter().filter(|f| f.level == Level::Error).count();
        // The headline, bold when in colour, pushed in pieces (one a group).
        if color {
            out.push_str("\x1b[1m");
        }
        let pieces = match entry {
            Some(entry) => ["── ", &entry.title, " (", &entry.id, "): "],
            None => ["── ", path, ": ", "", ""],
        };
        for piece in pieces {
            out.push_str(piece);
        }
        push_tally(&mut out, e, group.len() - e);
        if color {
            out.push_str("\x1b[0m");
        }
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
            hint.clear();
            let has_hint = push_doctor_hint(&mut hint, f, directory.then_some(path))
                || entry.is_some_and(|entry| push_fix_hint(&mut hint, f, &entry.id));
            Diagnostic {
                level: f.level,
                code: f.code.as_str(),
                message: &f.message,
                origin: path,
                source,
                line,
                span: start..end,
                hint: has_hint.then_some(hint.as_str()),
            }
            .render_into(&mut out, color);
            out.push_str("\n\n");
        }
        emit(&out)?;
        out.clear();
    }
    Ok(())
}

/// `2 errors, 1 warning`, leaving out a zero count, appended to `out`.
fn push_tally(out: &mut String, errors: usize, warnings: usize) {
    fn count(out: &mut String, n: usize, what: &str) {
        use std::fmt::Write;
        let _ = write!(out, "{n} {what}");
        if n != 1 {
            out.push('s');
        }
    }
    match (errors, warnings) {
        (0, w) => count(out, w, "warning"),
        (e, 0) => count(out, e, "error"),
        (e, w) => {
            count(out, e, "error");
            out.push_str(", ");
            count(out, w, "warning");
        }
    }
}

/// Findings about the log as a whole (or an incident no longer found), then each incident's, in
/// the log's order; each group keeps the findings' order. Entries are indexed by ID once (the
/// first entry with an ID, as a search in order finds), so a large log is not searched once a
/// finding.
fn by_incident<'a>(
    doc: &'a Document,
    findings: &'a [Finding],
) -> Vec<(Option<&'a Entry>, Vec<&'a Finding>)> {
    let entries = doc.incidents();
    let mut position: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(entries.len());
    for (k, e) in entries.iter().enumerate() {
        position.entry(e.id.as_str()).or_insert(k);
    }
    // Slot 0: the log as a whole; slot k + 1: entry k.
    let mut groups: Vec<Vec<&Finding>> = Vec::new();
    // Findings come by position, so runs of them name one incident: the slot of the one
    // before is reused for the same ID rather than hashing it again.
    let mut last: Option<(&str, usize)> = None;
    for f in findings {
        let slot = match (f.incident.as_deref(), last) {
            (Some(id), Some((before, slot))) if id == before => slot,
            (id, _) => {
                let slot = id.and_then(|id| position.get(id)).map_or(0, |k| k + 1);
                last = id.map(|id| (id, slot));
                slot
            }
        };
        if groups.len() <= slot {
            groups.resize_with(slot + 1, Vec::new);
        }
        groups[slot].push(f);
    }
    groups
        .into_iter()
        .enumerate()
        .filter(|(_, group)| !group.is_empty())
        .map(|(slot, group)| (slot.checked_sub(1).map(|k| &entries[k]), group))
        .collect()
}

#[cfg(test)]
mod tests {
    /// The tally as it was formatted before it was pushed in pieces.
    fn tally_formatted(errors: usize, warnings: usize) -> String {
        let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        match (errors, warnings) {
            (0, w) => count(w, "warning"),
            (e, 0) => count(e, "error"),
            (e, w) => format!("{}, {}", count(e, "error"), count(w, "warning")),
        }
    }

    /// The JSON written directly is what serde writes of the same [`super::CheckJson`]: no
    /// findings, one, several, in a directory or not, texts that need escapes or are not ASCII,
    /// with an incident or without.
    #[test]
    fn written_json_is_serde_json() {
        use super::{CheckJson, FindingJson, write_check_json};
        use incident_core::Level;
        let finding = |k: usize| FindingJson {
            code: ["PIR001", "MD013", "GIT003"][k % 3],
            level: [Level::Error, Level::Warning][k % 2],
            message: [
                "Impact is not documented 24 hours after detection",
                "`â€”` is `—` written as UTF-8 and read as Windows-1252",
                "a \"quoted\" back\\slash, a tab\t, a newline\n, \u{1} and \u{7f}",
                "",
            ][k % 4],
            file: (k % 5 == 1).then(|| format!("pm/{k}\\\"x\".md")),
            line: k * 37 + 1,
            column: k % 7 + 1,
            incident: [None, Some("2026-03-02-api"), Some("id \"odd\"\n")][k % 3],
        };
        for n in [0, 1, 2, 17] {
            let counts = (n * 3, n, n + 1);
            let mut written = Vec::new();
            write_check_json(&mut written, counts, (0..n).map(finding)).unwrap();
            let serde = crate::output::json_object(CheckJson {
                incidents: counts.0,
                findings: (0..n).map(finding).collect(),
                errors: counts.1,
                warnings: counts.2,
            });
            assert_eq!(String::from_utf8(written).unwrap(), serde, "{n} findings");
        }
    }

    #[test]
    fn pushed_tally_is_the_formatted_tally() {
        for e in [0, 1, 2, 10, 12_345] {
            for w in [0, 1, 2, 99] {
                let mut out = String::from("── x: ");
                super::push_tally(&mut out, e, w);
                assert_eq!(out, format!("── x: {}", tally_formatted(e, w)));
            }
        }
    }
}
