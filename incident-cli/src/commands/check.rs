//! `incident check`: structure, post-incident requirements, response times, sibling files.
//!
//! Findings, each with a stable code:
//! - `MD…`: structure diagnostics from `incident-md` (except MD003/MD004, which the PIR002/PIR003
//!   requirement checks report with the policy's level);
//! - `PIR…`: post-incident requirements from `incident-core`;
//! - `SLA001` (warning): the response deadline was missed;
//! - `SIB001` (error): a Related Logs link into LOGS.md names no heading there;
//! - `SIB002` (warning): the first incident of its category is not mentioned in
//!   TROUBLESHOOTING.md;
//! - `SIB003` (warning): the lessons of a HIGH or CRITICAL incident are not referenced from
//!   MEMORY.md.
//!
//! Sibling files are looked for beside the log, then at `../logs/LOGS.md`,
//! `../troubleshooting/TROUBLESHOOTING.md` and `../memory/MEMORY.md`; a missing one is skipped.

use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::{Level as SnippetLevel, Renderer, Snippet};
use incident_core::{Level, ResponseStatus, Severity, Subject, check_incident, format_timestamp};
use incident_md::{Code, Document, Entry, FieldName};
use serde::Serialize;

use super::Outcome;
use crate::cli::TextFormat;
use crate::context::{Context, display_relative};
use crate::error::CliError;
use crate::output::json;
use incident_md::fs::read_document_text;

/// One finding, located in the log.
#[derive(Debug, Serialize)]
struct Finding {
    code: String,
    level: Level,
    message: String,
    line: usize,
    column: usize,
    incident: Option<String>,
    #[serde(skip)]
    span: Range<usize>,
}

#[derive(Serialize)]
struct CheckJson<'a> {
    findings: &'a [Finding],
    errors: usize,
    warnings: usize,
}

/// `incident check`.
pub fn check(ctx: &Context, format: TextFormat) -> Result<Outcome, CliError> {
    let doc = ctx.load()?;
    let mut findings = Vec::new();
    let mut push =
        |code: &str, level: Level, message: String, span: Range<usize>, incident: Option<&str>| {
            let pos = doc.position(span.start);
            findings.push(Finding {
                code: code.to_owned(),
                level,
                message,
                line: pos.line,
                column: pos.column,
                incident: incident.map(str::to_owned),
                span,
            });
        };
    let entry_at = |offset: usize| {
        doc.incidents()
            .iter()
            .find(|e| e.span.contains(&offset) || e.span.start == offset)
            .map(|e| e.id.as_str())
    };
    for d in &doc.log().diagnostics {
        if matches!(
            d.code,
            Code::FollowUpWithoutOwner | Code::FollowUpWithoutDueDate
        ) {
            continue;
        }
        push(
            d.code.as_str(),
            d.level,
            d.message.clone(),
            d.span.clone(),
            entry_at(d.span.start),
        );
    }
    let policy = &doc.log().policy;
    let siblings = Siblings::find(&ctx.path);
    let mut categories_seen = std::collections::HashSet::new();
    let mut by_detection: Vec<&Entry> = doc
        .incidents()
        .iter()
        .filter(|e| e.incident.is_some())
        .collect();
    by_detection.sort_by_key(|e| e.incident.as_ref().map(|i| i.detected));
    let first_of_category: std::collections::HashSet<&str> = by_detection
        .iter()
        .filter(|e| {
            let cat = e
                .incident
                .as_ref()
                .and_then(|i| i.category.as_deref())
                .map(str::to_ascii_uppercase);
            cat.is_some_and(|c| categories_seen.insert(c))
        })
        .map(|e| e.id.as_str())
        .collect();
    for entry in doc.incidents() {
        let Some(incident) = &entry.incident else {
            continue;
        };
        let id = Some(entry.id.as_str());
        for f in check_incident(incident, policy, ctx.now) {
            let span = subject_span(entry, &f.subject);
            push(f.rule.code(), f.level, f.message, span, id);
        }
        if incident.response_status(policy, &ctx.calendar, ctx.now) == ResponseStatus::Breached {
            let deadline = incident.response_deadline(policy, &ctx.calendar);
            let when = match incident.acknowledged {
                Some(a) => format!("acknowledged {}", format_timestamp(a)),
                None => "not acknowledged".to_owned(),
            };
            push(
                "SLA001",
                Level::Warning,
                format!(
                    "{} response was due {} ({}); {when}",
                    incident.severity,
                    format_timestamp(deadline),
                    policy.response_time(incident.severity)
                ),
                field_span(entry, FieldName::Detected),
                id,
            );
        }
        if let Some((_, anchors)) = &siblings.logs {
            for log in &incident.related_logs {
                let Some(target) = &log.target else { continue };
                let Some((file, anchor)) = target.split_once('#') else {
                    continue;
                };
                if !file.ends_with("LOGS.md") || anchors.iter().any(|a| a == anchor) {
                    continue;
                }
                push(
                    "SIB001",
                    Level::Error,
                    format!("related log `{target}` names no heading in LOGS.md"),
                    field_span(entry, FieldName::RelatedLogs),
                    id,
                );
            }
        }
        let mentions = |text: &str| {
            let lower = text.to_lowercase();
            lower.contains(&entry.id) || lower.contains(&incident.title.to_lowercase())
        };
        if let Some((path, text)) = &siblings.troubleshooting
            && first_of_category.contains(entry.id.as_str())
            && !mentions(text)
        {
            push(
                "SIB002",
                Level::Warning,
                format!(
                    "first incident of category `{}`: add an entry to {} mentioning `{}`",
                    incident.category.as_deref().unwrap_or_default(),
                    display_relative(path),
                    entry.id
                ),
                field_span(entry, FieldName::Category),
                id,
            );
        }
        if let Some((path, text)) = &siblings.memory
            && incident.severity >= Severity::High
            && incident.lessons_learned.is_some()
            && !mentions(text)
        {
            push(
                "SIB003",
                Level::Warning,
                format!(
                    "lessons of this {} incident are not referenced from {}",
                    incident.severity,
                    display_relative(path)
                ),
                field_span(entry, FieldName::LessonsLearned),
                id,
            );
        }
    }
    findings.sort_by(|a, b| (a.span.start, &a.code).cmp(&(b.span.start, &b.code)));
    let errors = findings.iter().filter(|f| f.level == Level::Error).count();
    let warnings = findings.len() - errors;
    let stdout = match format {
        TextFormat::Json => json(&CheckJson {
            findings: &findings,
            errors,
            warnings,
        }),
        TextFormat::Text => render_text(ctx, &doc, &findings, errors, warnings),
    };
    Ok(Outcome {
        stdout,
        code: u8::from(errors > 0),
        ..Outcome::default()
    })
}

/// Each finding as `error[CODE]: message` with `path:line:col` and the source line.
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
    let path = ctx.display_path();
    let lines = doc.line_index();
    let mut out = String::new();
    for f in findings {
        let line = lines.line_of(f.span.start);
        let range = lines.line_range(line);
        let source = &doc.as_str()[range.clone()];
        let start = f.span.start.clamp(range.start, range.end) - range.start;
        let end = f.span.end.clamp(range.start, range.end) - range.start;
        let end = if end <= start {
            source.len().max(start)
        } else {
            end
        };
        let level = match f.level {
            Level::Error => SnippetLevel::Error,
            _ => SnippetLevel::Warning,
        };
        let message = level.title(&f.message).id(&f.code).snippet(
            Snippet::source(source)
                .line_start(line)
                .origin(&path)
                .annotation(level.span(start..end)),
        );
        out.push_str(&renderer.render(message).to_string());
        out.push_str("\n\n");
    }
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    out.push_str(&format!(
        "{path}: {}, {}\n",
        count(errors, "error"),
        count(warnings, "warning")
    ));
    out
}

/// The span a requirement finding points at.
fn subject_span(entry: &Entry, subject: &Subject) -> Range<usize> {
    match subject {
        Subject::Field(label) => FieldName::from_label(label)
            .map_or(entry.heading_span.clone(), |n| field_span(entry, n)),
        Subject::FollowUp(i) => entry
            .follow_up_items
            .get(*i)
            .map_or(entry.heading_span.clone(), |it| it.span.clone()),
        _ => entry.heading_span.clone(),
    }
}

/// A field's span, or the entry's heading when the field is absent.
fn field_span(entry: &Entry, name: FieldName) -> Range<usize> {
    entry
        .field(name)
        .map_or(entry.heading_span.clone(), |f| f.span.clone())
}

/// The template family's sibling files, when they exist.
struct Siblings {
    /// LOGS.md and the anchors of its headings.
    logs: Option<(PathBuf, Vec<String>)>,
    troubleshooting: Option<(PathBuf, String)>,
    memory: Option<(PathBuf, String)>,
}

impl Siblings {
    fn find(log: &Path) -> Siblings {
        let dir = log
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        // `..` taken lexically when the directory is named, so that messages say
        // `troubleshooting/TROUBLESHOOTING.md` rather than `incidents/../troubleshooting/…`.
        let up = match dir.components().next_back() {
            Some(std::path::Component::Normal(_)) => {
                dir.parent().unwrap_or(Path::new("")).to_path_buf()
            }
            Some(std::path::Component::CurDir) => PathBuf::from(".."),
            _ => dir.join(".."),
        };
        let read = |name: &str, sub: &str| {
            [dir.join(name), up.join(sub).join(name)]
                .into_iter()
                .find(|p| p.is_file())
                .and_then(|p| read_document_text(&p).ok().map(|t| (p, t)))
        };
        Siblings {
            logs: read("LOGS.md", "logs").map(|(p, t)| {
                let anchors = t
                    .parse::<Document>()
                    .map(|d| d.heading_anchors())
                    .unwrap_or_default();
                (p, anchors)
            }),
            troubleshooting: read("TROUBLESHOOTING.md", "troubleshooting"),
            memory: read("MEMORY.md", "memory"),
        }
    }
}
