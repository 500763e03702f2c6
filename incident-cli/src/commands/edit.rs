//! Commands that change the log: init, new, ack, resolve, action.

use std::io::Read;

use incident_core::{FollowUp, Incident, Policy, RelatedLog, Severity, Transition};
use incident_md::diff::unified_diff;
use incident_md::render::canonical_template;
use incident_md::{AddOptions, Document, FieldName};

use super::{Applied, Outcome, apply_checked};
use crate::cli::{ActionCommand, GuardArgs, NewArgs, RelatedCommand, SetField, TextFormat};
use crate::context::Context;
use crate::error::CliError;
use crate::output::json_object;
use crate::summary;
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

/// How a change reports itself: `--dry-run` and `--format`.
#[derive(Debug, Clone, Copy)]
pub struct Write {
    dry_run: bool,
    format: TextFormat,
}

impl Write {
    /// From the command's flags.
    pub fn new(dry_run: bool, format: TextFormat) -> Write {
        Write { dry_run, format }
    }
}

/// The incident an edit touched, as it is after the edit.
struct Edited {
    id: String,
    incident: Option<Incident>,
    record: Option<incident_md::IncidentRecord>,
    policy: Policy,
}

impl Edited {
    fn of(doc: &Document, id: String) -> Result<Edited, incident_md::Error> {
        let entry = doc.find(&id)?;
        Ok(Edited {
            incident: entry.incident.clone(),
            record: incident_md::IncidentRecord::new(doc, entry),
            policy: doc.log().policy.clone(),
            id,
        })
    }
}

/// The output of a change: with `--format json` the incident after it (or as a dry run would
/// leave it); else the diff of a dry run, or the one-line summary (`describe`), or, when the
/// log already said so, that nothing changed.
fn change_outcome(
    write: Write,
    edited: Edited,
    diff: Option<String>,
    changed: bool,
    describe: impl FnOnce(&str, &Incident, &Policy) -> String,
) -> Result<Outcome, CliError> {
    if write.format == TextFormat::Json {
        let record = edited.record.ok_or_else(|| invalid_entry(&edited.id))?;
        return Ok(Outcome::print(json_object(&record)));
    }
    if let Some(diff) = diff {
        return Ok(Outcome::print(diff));
    }
    if !changed {
        return Ok(Outcome::print(format!(
            "{} unchanged: the log already says that\n",
            edited.id
        )));
    }
    let line = match &edited.incident {
        Some(i) => describe(&edited.id, i, &edited.policy),
        // No incident to describe the change with: say why, not just that.
        None => format!(
            "changed {}; its required fields cannot all be read, so it is no incident yet \
             (`incident check` says which)",
            edited.id
        ),
    };
    Ok(Outcome::print(format!("{line}\n")))
}

/// An entry whose required fields cannot be read has no JSON form.
fn invalid_entry(id: &str) -> CliError {
    CliError::Usage(format!(
        "incident `{id}` has invalid required fields; run `incident check`"
    ))
}

/// The largest `--from-json` input read, in bytes: one incident (1 MiB).
const MAX_JSON_BYTES: u64 = 1024 * 1024;

/// `incident new`.
pub fn new(ctx: &Context, args: &NewArgs) -> Result<Outcome, CliError> {
    // From the flags, the incident is made with the log: its severity may be a word of the
    // log's own scale (`SEV1`, `P2`).
    let from_json = match &args.from_json {
        Some(path) => Some({
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
            incident_md::IncidentRecord::from_json(&text, ctx.calendar.timezone())?
        }),
        None => None,
    };
    // The entry holds the owner, not the incident: written as its field once it is added.
    let owner = from_json
        .as_ref()
        .and_then(|r| r.owner.clone())
        .or_else(|| args.owner.clone())
        .filter(|o| !o.trim().is_empty());
    let from_json = from_json.map(|r| r.into_incident(ctx.now));
    if ctx.is_dir() {
        if owner.is_some() {
            return Err(CliError::Usage(
                "a new postmortem file is written without an owner: add its Owner field with \
                 `incident set ID owner WHO` once it is written"
                    .to_owned(),
            ));
        }
        let incident = match from_json {
            Some(i) => i,
            None => from_flags(ctx, args, None)?,
        };
        return new_file(ctx, args, &incident);
    }
    let (applied, warnings) = apply_checked(ctx, args.dry_run, Some(args.guard), |doc| {
        let incident = match from_json {
            Some(i) => i,
            None => from_flags(ctx, args, Some(doc))?,
        };
        // The order the file keeps (what `explain` shows), else `.incident.toml`'s default.
        let mut options = AddOptions::learned(doc, ctx.order);
        if let Some(word) = &args.severity {
            options = options.with_severity_word(word.as_str());
        }
        let added = doc
            .add_incident(&incident, &options)
            .map_err(|e| CliError::md(&ctx.path, e))?;
        if let Some(owner) = &owner {
            doc.set_field(&added.id, incident_md::FieldName::Owner, owner)
                .map_err(|e| CliError::md(&ctx.path, e))?;
        }
        let edited = Edited::of(doc, added.id).map_err(|e| CliError::md(&ctx.path, e))?;
        Ok((edited, incident))
    })?;
    let (edited, incident) = applied.value;
    if args.format == TextFormat::Json {
        let record = edited.record.ok_or_else(|| invalid_entry(&edited.id))?;
        return Ok(Outcome::print(json_object(&record)).with_stderr(warnings));
    }
    if let Some(diff) = applied.diff {
        return Ok(Outcome::print(diff).with_stderr(warnings));
    }
    // Scripts capture the ID from standard output; the summary is for the person.
    let note = format!(
        "{warnings}logged {} incident {}: {}\n",
        incident.severity,
        edited.id,
        summary::response(&incident, &edited.policy, &ctx.calendar, ctx.now)
    );
    Ok(Outcome::print(format!("{}\n", edited.id)).with_stderr(note))
}

/// A postmortem's text read as the directory's files are: in the zone, with the overrides.
fn read_as_the_directory(ctx: &Context, text: &str) -> Result<Document, CliError> {
    let doc: Document = text.parse().map_err(|e| CliError::md(&ctx.path, e))?;
    Ok(doc
        .with_timezone(ctx.calendar.timezone())
        .with_dialect(ctx.overrides.clone()))
}

/// `incident new` in a directory of postmortems: a new file named in the directory's pattern,
/// in its postmortems' style ([`incident_md::fs::LogDir::create`]); never a file replaced.
fn new_file(ctx: &Context, args: &NewArgs, incident: &Incident) -> Result<Outcome, CliError> {
    let dir = ctx.log_dir()?;
    let md = |e| CliError::md(&ctx.path, e);
    let planned = dir.plan(incident).map_err(md)?;
    // The guard judges the new file as `check` would.
    let doc = read_as_the_directory(ctx, &planned.text)?;
    let check = incident_md::CheckContext::new(ctx.now).with_calendar(ctx.calendar.clone());
    let empty: Document = "".parse().map_err(md)?;
    let found = incident_md::check::new_errors(&empty, &doc, &check, args.guard.allow_unknown);
    if !found.is_empty() && !args.guard.force {
        return Err(CliError::WouldFailCheck { findings: found });
    }
    let warnings: String = found
        .iter()
        .map(|f| format!("warning: written with --force: {}: {}\n", f.code, f.message))
        .collect();
    let shown = crate::context::display_relative(&planned.path);
    if args.dry_run {
        return Ok(Outcome::print(unified_diff(&shown, "", &planned.text)).with_stderr(warnings));
    }
    let new = dir.create(incident).map_err(md)?;
    let doc = read_as_the_directory(ctx, &new.text)?;
    let edited = Edited::of(&doc, new.id.clone()).map_err(md)?;
    if args.format == TextFormat::Json {
        let record = edited.record.ok_or_else(|| invalid_entry(&edited.id))?;
        return Ok(Outcome::print(json_object(&record)).with_stderr(warnings));
    }
    let note = format!(
        "{warnings}logged {} incident {} in {}: {}\n",
        incident.severity,
        edited.id,
        crate::context::display_relative(&new.path),
        summary::response(incident, &edited.policy, &ctx.calendar, ctx.now)
    );
    Ok(Outcome::print(format!("{}\n", edited.id)).with_stderr(note))
}

/// The incident `new`'s flags describe; its severity a level or a word of `doc`'s own scale.
fn from_flags(ctx: &Context, args: &NewArgs, doc: Option<&Document>) -> Result<Incident, CliError> {
    let title = args.title.clone().unwrap_or_default();
    let word = args
        .severity
        .as_deref()
        .ok_or(CliError::MissingArgument { flag: "--severity" })?;
    let severity = match doc {
        Some(doc) => doc.severity_level(word),
        None => word.parse::<Severity>().ok(),
    }
    .ok_or_else(|| {
        CliError::Usage(format!(
            "unknown severity `{word}` for --severity: expected CRITICAL, HIGH, MEDIUM or LOW, or a word of the log's severity table"
        ))
    })?;
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

/// Applies `edit` to the incident `id` (an ID or unique prefix) and reports it as `write` says:
/// `describe` makes the summary line from the full ID, the incident after the change and the
/// log's policy. The library enforces the domain rules (timestamp order among them).
fn edit_incident(
    ctx: &Context,
    id: &str,
    write: Write,
    edit: impl FnOnce(&mut Document, &str) -> Result<(), incident_md::Error>,
    describe: impl FnOnce(&str, &Incident, &Policy) -> String,
) -> Result<Outcome, CliError> {
    edit_incident_guarded(ctx, id, write, None, edit, describe)
}

/// [`edit_incident`]; with a `guard`, refusing what `check` would report as an error unless
/// `--force` (then written, with each finding as a warning on standard error).
fn edit_incident_guarded(
    ctx: &Context,
    id: &str,
    write: Write,
    guard: Option<GuardArgs>,
    edit: impl FnOnce(&mut Document, &str) -> Result<(), incident_md::Error>,
    describe: impl FnOnce(&str, &Incident, &Policy) -> String,
) -> Result<Outcome, CliError> {
    // In a directory of postmortems, the one file that holds the incident.
    let (ctx, id) = &ctx.for_incident(id)?;
    let (applied, warnings): (Applied<Edited>, String) =
        apply_checked(ctx, write.dry_run, guard, |doc| {
            let id = doc
                .find(id)
                .map_err(|e| CliError::md(&ctx.path, e))?
                .id
                .clone();
            edit(doc, &id).map_err(|e| CliError::md(&ctx.path, e))?;
            Edited::of(doc, id).map_err(|e| CliError::md(&ctx.path, e))
        })?;
    Ok(change_outcome(
        write,
        applied.value,
        applied.diff,
        applied.changed,
        describe,
    )?
    .with_stderr(warnings))
}

/// `incident ack`.
pub fn ack(
    ctx: &Context,
    id: &str,
    at: Option<incident_core::WrittenTime>,
    write: Write,
) -> Result<Outcome, CliError> {
    let timed = super::lifecycle::step_time(at);
    let at = ctx.time(at)?;
    let was = std::cell::Cell::new(None);
    // A lifecycle step: refused on a cancelled incident, and on the timeline when it has one.
    edit_incident(
        ctx,
        id,
        write,
        |doc, id| {
            was.set(previous(doc, id, |i| i.acknowledged));
            doc.take_step(id, &Transition::Acknowledge(at), ctx.now, timed)
                .map(drop)
        },
        |id, i, policy| {
            format!(
                "acknowledged {id} at {}{}, {}",
                summary::clock(at, i.detected),
                replaced(was.get(), at, i.detected),
                summary::response(i, policy, &ctx.calendar, ctx.now)
            )
        },
    )
}

/// A time the incident had before an edit, when it had one.
fn previous(
    doc: &Document,
    id: &str,
    time: impl Fn(&Incident) -> Option<chrono::DateTime<chrono::Utc>>,
) -> Option<chrono::DateTime<chrono::Utc>> {
    doc.get(id).and_then(|e| e.incident.as_ref()).and_then(time)
}

/// ` (was 09:15)` when a step replaced another time: a second `ack` moves the time, and says
/// so rather than rewrite it unseen.
fn replaced(
    was: Option<chrono::DateTime<chrono::Utc>>,
    at: chrono::DateTime<chrono::Utc>,
    detected: chrono::DateTime<chrono::Utc>,
) -> String {
    match was {
        Some(was) if was != at => format!(" (was {})", summary::clock(was, detected)),
        _ => String::new(),
    }
}

/// `incident resolve`.
pub fn resolve(
    ctx: &Context,
    id: &str,
    at: Option<incident_core::WrittenTime>,
    resolution: Option<&str>,
    write: Write,
) -> Result<Outcome, CliError> {
    let timed = super::lifecycle::step_time(at);
    let at = ctx.time(at)?;
    let was = std::cell::Cell::new(None);
    // Whether the step was taken: an incident resolved already keeps its time (with no
    // `--at`), and only the Resolution is written.
    let stepped = std::cell::Cell::new(false);
    edit_incident(
        ctx,
        id,
        write,
        |doc, id| {
            was.set(previous(doc, id, |i| i.resolved));
            let step = doc.take_step(id, &Transition::Resolve(at), ctx.now, timed)?;
            stepped.set(!step.is_empty());
            if let Some(r) = resolution {
                doc.set_field(id, FieldName::Resolution, r)?;
            }
            Ok(())
        },
        |id, i, _| {
            if !stepped.get() {
                let when = i.resolved.map_or_else(String::new, |r| {
                    format!(" (resolved at {})", summary::clock(r, i.detected))
                });
                return format!("set Resolution of {id}{when}");
            }
            format!(
                "resolved {id} at {}{}, {} after detection",
                summary::clock(at, i.detected),
                replaced(was.get(), at, i.detected),
                summary::short_duration(at - i.detected)
            )
        },
    )
}

/// `incident set`.
pub fn set(
    ctx: &Context,
    id: &str,
    field: SetField,
    value: &str,
    guard: GuardArgs,
    write: Write,
) -> Result<Outcome, CliError> {
    let value = if value == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        // A pipe that failed upstream gives nothing: that is no value, and clearing the field
        // with it would lose what the log says. Clearing is `--clear`.
        if s.trim().is_empty() {
            return Err(CliError::Usage(
                "standard input was empty: nothing was set (to clear the field, use --clear)"
                    .to_owned(),
            ));
        }
        s
    } else {
        value.to_owned()
    };
    let cleared = value.trim().is_empty();
    edit_incident_guarded(
        ctx,
        id,
        write,
        Some(guard),
        |doc, id| match field {
            SetField::Title => doc.set_title(id, &value).map(drop),
            SetField::Field(name) => doc.set_field(id, name, &value).map(drop),
        },
        |id, _, _| {
            let label = match field {
                SetField::Title => "Title",
                SetField::Field(name) => name.label(),
            };
            if cleared {
                format!("cleared {label} of {id}")
            } else {
                format!("set {label} of {id}")
            }
        },
    )
}

/// `incident related add`.
pub fn related(ctx: &Context, command: &RelatedCommand) -> Result<Outcome, CliError> {
    let RelatedCommand::Add {
        id,
        log,
        dry_run,
        format,
    } = command;
    let log = related_log(log);
    edit_incident(
        ctx,
        id,
        Write::new(*dry_run, *format),
        |doc, id| doc.add_related_log(id, &log).map(drop),
        |id, i, _| {
            format!(
                "added a related log to {id} ({} in all): {}",
                i.related_logs.len(),
                log.target.as_deref().unwrap_or(&log.text)
            )
        },
    )
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
            format,
        } => {
            let mut follow_up: FollowUp = action.parse().unwrap_or_else(|never| match never {});
            if let Some(o) = owner {
                follow_up = follow_up.assignee(o.as_str());
            }
            if let Some(d) = due {
                follow_up = follow_up.due(*d);
            }
            edit_incident_guarded(
                ctx,
                id,
                Write::new(*dry_run, *format),
                Some(*guard),
                |doc, id| doc.add_follow_up(id, &follow_up).map(drop),
                |id, i, _| {
                    // As the log reads it back: text in the log's own form
                    // (`Fix it (@kim, due 2026-12-12)`) names its owner and due date too.
                    let added = i.follow_ups.last().unwrap_or(&follow_up);
                    let owner = added
                        .assignee
                        .as_deref()
                        .map_or("no owner".to_owned(), crate::output::owner_text);
                    let due = added
                        .due
                        .as_ref()
                        .map_or("no due date".to_owned(), |d| format!("due {d}"));
                    format!(
                        "added follow-up {} to {id}: {} ({owner}, {due})",
                        i.follow_ups.len(),
                        added.action
                    )
                },
            )
        }
        ActionCommand::Edit {
            id,
            n,
            text,
            owner,
            due,
            guard,
            dry_run,
            format,
        } => edit_incident_guarded(
            ctx,
            id,
            Write::new(*dry_run, *format),
            Some(*guard),
            |doc, id| {
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
            },
            |id, _, _| format!("changed follow-up {n} of {id}"),
        ),
        ActionCommand::Remove {
            id,
            n,
            dry_run,
            format,
        } => edit_incident(
            ctx,
            id,
            Write::new(*dry_run, *format),
            |doc, id| doc.remove_follow_up(id, *n).map(drop),
            |id, i, _| format!("removed follow-up {n} of {id}; {} left", i.follow_ups.len()),
        ),
        ActionCommand::Done {
            id,
            n,
            undo,
            dry_run,
            format,
        } => edit_incident(
            ctx,
            id,
            Write::new(*dry_run, *format),
            |doc, id| doc.set_follow_up_done(id, *n, !undo).map(drop),
            |id, i, _| {
                let open = i.follow_ups.iter().filter(|f| !f.done).count();
                format!(
                    "marked follow-up {n} of {id} {}; {open} still open",
                    if *undo { "not done" } else { "done" }
                )
            },
        ),
    }
}
