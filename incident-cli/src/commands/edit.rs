//! Commands that change the log: init, new, ack, resolve, action.

use std::io::Read;

use incident_core::{FollowUp, Incident, RelatedLog, Severity, Transition};
use incident_md::diff::unified_diff;
use incident_md::render::canonical_template;
use incident_md::{AddOptions, Document, FieldName};

use super::{Outcome, mutate, mutate_checked};
use crate::cli::{ActionCommand, GuardArgs, NewArgs, RelatedCommand, SetField};
use crate::context::Context;
use crate::error::CliError;
use incident_md::fs::{FsError, read_document_text, read_text_file, write_new_file};

/// `incident init`.
pub fn init(ctx: &Context, force: bool, dry_run: bool) -> Result<Outcome, CliError> {
    let exists = || CliError::WouldOverwrite {
        path: ctx.path.clone(),
    };
    if dry_run {
        // What the file would become: from nothing, or from its current text with --force.
        let current = match read_document_text(&ctx.path) {
            Ok(text) if force => text,
            Ok(_) => return Err(exists()),
            // A dangling symlink counts as existing; with --force it is written through.
            Err(e) if e.is_not_found() && ctx.path.is_symlink() && !force => {
                return Err(exists());
            }
            Err(e) if e.is_not_found() => String::new(),
            Err(e) => return Err(e.into()),
        };
        let diff = unified_diff(&ctx.display_path(), &current, &canonical_template());
        return Ok(Outcome::print(diff));
    }
    write_new_file(&ctx.path, &canonical_template(), force).map_err(|e| match e {
        FsError::AlreadyExists { .. } => exists(),
        e => e.into(),
    })?;
    Ok(Outcome::print(format!("created {}\n", ctx.display_path())))
}

/// Prints the ID, or the diff of a dry run.
fn done(id: String, diff: Option<String>) -> Outcome {
    Outcome::print(diff.unwrap_or(format!("{id}\n")))
}

/// The largest `--from-json` input read, in bytes: one incident (1 MiB).
const MAX_JSON_BYTES: u64 = 1024 * 1024;

/// `incident new`.
pub fn new(ctx: &Context, args: &NewArgs) -> Result<Outcome, CliError> {
    let incident = match &args.from_json {
        Some(path) => {
            let text = if path.as_os_str() == "-" {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .take(MAX_JSON_BYTES + 1)
                    .read_to_end(&mut bytes)?;
                if bytes.len() as u64 > MAX_JSON_BYTES {
                    return Err(CliError::Fs(FsError::TooLarge {
                        path: "-".into(),
                        size: bytes.len() as u64,
                        limit: MAX_JSON_BYTES,
                    }));
                }
                String::from_utf8(bytes).map_err(|_| CliError::NotUtf8Input)?
            } else {
                read_text_file(path, MAX_JSON_BYTES)?
            };
            serde_json::from_str::<incident_md::IncidentRecord>(&text)?.into_incident(ctx.now)
        }
        None => from_flags(ctx, args)?,
    };
    let options = AddOptions::with_order(ctx.order);
    let (added, diff, warnings) = mutate_checked(ctx, args.dry_run, args.guard, |doc| {
        doc.add_incident(&incident, &options)
            .map_err(|e| CliError::md(&ctx.path, e))
    })?;
    Ok(done(added.id, diff).with_stderr(warnings))
}

fn from_flags(ctx: &Context, args: &NewArgs) -> Result<Incident, CliError> {
    let title = args.title.clone().unwrap_or_default();
    let severity: Severity = args
        .severity
        .ok_or(CliError::MissingArgument { flag: "--severity" })?;
    let detected = ctx.time(args.detected)?;
    let mut i = Incident::new(title, severity, detected);
    i.category = args.category.clone();
    i.description = args.description.clone();
    i.impact = args.impact.clone();
    i.root_cause = args.root_cause.clone();
    i.resolution = args.resolution.clone();
    i.lessons_learned = args.lessons.clone();
    i.follow_ups = args
        .actions
        .iter()
        .map(|a| a.parse::<FollowUp>().unwrap_or_else(|never| match never {}))
        .collect();
    i.related_logs = args.related_logs.iter().map(|l| related_log(l)).collect();
    Ok(i)
}

/// A related log from the command line: `[text](target)`, a link target, or plain text.
fn related_log(text: &str) -> RelatedLog {
    let log = incident_md::text::related_log_from_line(text);
    let t = text.trim();
    if log.target.is_none() && (t.contains(".md") || t.contains("://") || t.starts_with('#')) {
        return RelatedLog::new(t, Some(t.to_owned()));
    }
    log
}

/// Applies `edit` to the incident `id` (an ID or unique prefix) and prints its full ID, or the
/// diff of a dry run. The library enforces the domain rules (timestamp order among them).
fn edit_incident(
    ctx: &Context,
    id: &str,
    dry_run: bool,
    edit: impl FnOnce(&mut Document, &str) -> Result<(), incident_md::Error>,
) -> Result<Outcome, CliError> {
    let (id, diff) = mutate(ctx, dry_run, |doc| {
        let id = doc
            .find(id)
            .map_err(|e| CliError::md(&ctx.path, e))?
            .id
            .clone();
        edit(doc, &id).map_err(|e| CliError::md(&ctx.path, e))?;
        Ok(id)
    })?;
    Ok(done(id, diff))
}

/// [`edit_incident`], refusing what `check` would report as an error unless `--force`.
fn edit_incident_checked(
    ctx: &Context,
    id: &str,
    dry_run: bool,
    guard: GuardArgs,
    edit: impl FnOnce(&mut Document, &str) -> Result<(), incident_md::Error>,
) -> Result<Outcome, CliError> {
    let (id, diff, warnings) = mutate_checked(ctx, dry_run, guard, |doc| {
        let id = doc
            .find(id)
            .map_err(|e| CliError::md(&ctx.path, e))?
            .id
            .clone();
        edit(doc, &id).map_err(|e| CliError::md(&ctx.path, e))?;
        Ok(id)
    })?;
    Ok(done(id, diff).with_stderr(warnings))
}

/// `incident ack`.
pub fn ack(
    ctx: &Context,
    id: &str,
    at: Option<incident_core::WrittenTime>,
    dry_run: bool,
) -> Result<Outcome, CliError> {
    let at = ctx.time(at)?;
    // A lifecycle step: refused on a cancelled incident, and on the timeline when it has one.
    edit_incident(ctx, id, dry_run, |doc, id| {
        doc.transition(id, &Transition::Acknowledge(at)).map(drop)
    })
}

/// `incident resolve`.
pub fn resolve(
    ctx: &Context,
    id: &str,
    at: Option<incident_core::WrittenTime>,
    resolution: Option<&str>,
    dry_run: bool,
) -> Result<Outcome, CliError> {
    let at = ctx.time(at)?;
    edit_incident(ctx, id, dry_run, |doc, id| {
        doc.transition(id, &Transition::Resolve(at))?;
        if let Some(r) = resolution {
            doc.set_field(id, FieldName::Resolution, r)?;
        }
        Ok(())
    })
}

/// `incident set`.
pub fn set(
    ctx: &Context,
    id: &str,
    field: SetField,
    value: &str,
    guard: GuardArgs,
    dry_run: bool,
) -> Result<Outcome, CliError> {
    let value = if value == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        s
    } else {
        value.to_owned()
    };
    edit_incident_checked(ctx, id, dry_run, guard, |doc, id| match field {
        SetField::Title => doc.set_title(id, &value).map(drop),
        SetField::Field(name) => doc.set_field(id, name, &value).map(drop),
    })
}

/// `incident related add`.
pub fn related(ctx: &Context, command: &RelatedCommand) -> Result<Outcome, CliError> {
    let RelatedCommand::Add { id, log, dry_run } = command;
    let log = related_log(log);
    edit_incident(ctx, id, *dry_run, |doc, id| {
        doc.add_related_log(id, &log).map(drop)
    })
}

/// `incident action add|done`.
pub fn action(ctx: &Context, command: &ActionCommand) -> Result<Outcome, CliError> {
    match command {
        ActionCommand::Add {
            id,
            action,
            owner,
            due,
            guard,
            dry_run,
        } => {
            let mut follow_up: FollowUp = action.parse().unwrap_or_else(|never| match never {});
            if let Some(o) = owner {
                follow_up = follow_up.assignee(o.as_str());
            }
            if let Some(d) = due {
                follow_up = follow_up.due(*d);
            }
            edit_incident_checked(ctx, id, *dry_run, *guard, |doc, id| {
                doc.add_follow_up(id, &follow_up).map(drop)
            })
        }
        ActionCommand::Edit {
            id,
            n,
            text,
            owner,
            due,
            guard,
            dry_run,
        } => edit_incident_checked(ctx, id, *dry_run, *guard, |doc, id| {
            doc.edit_follow_up(id, *n, |f| {
                if let Some(t) = text {
                    f.action = t.clone();
                }
                if let Some(o) = owner {
                    f.assignee = Some(o.strip_prefix('@').unwrap_or(o).to_owned());
                }
                if let Some(d) = due {
                    f.due = Some(incident_core::Due::Date(*d));
                }
            })
            .map(drop)
        }),
        ActionCommand::Remove { id, n, dry_run } => edit_incident(ctx, id, *dry_run, |doc, id| {
            doc.remove_follow_up(id, *n).map(drop)
        }),
        ActionCommand::Done {
            id,
            n,
            undo,
            dry_run,
        } => edit_incident(ctx, id, *dry_run, |doc, id| {
            doc.set_follow_up_done(id, *n, !undo).map(drop)
        }),
    }
}
