//! Lifecycle commands: mitigate, reopen, cancel, and timeline items. The rules are the
//! library's (`Incident::apply`, `Document::transition`); this parses, calls and prints.

use incident_core::{Incident, Stage, StepTime, TimelineItem, Transition};
use serde::Serialize;

use super::{Outcome, apply};
use crate::cli::{StepArgs, TextFormat, TimelineCommand};
use crate::context::Context;
use crate::error::CliError;
use incident_md::Document;

/// What a step prints as JSON.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct StepJson<'a> {
    /// The incident's ID.
    id: &'a str,
    /// Its lifecycle stage after the step.
    stage: Stage,
}

/// Applies `edit` to the incident named by `step.id` and prints its one-line summary
/// (`describe`, from the full ID and the incident after the step; `ID unchanged: …` when the
/// log already said so), or JSON, or the diff of a dry run.
pub(super) fn run_step(
    ctx: &Context,
    step: &StepArgs,
    edit: impl FnOnce(&mut Document, &str) -> Result<(), incident_md::Error>,
    describe: impl FnOnce(&str, Option<&Incident>) -> String,
) -> Result<Outcome, CliError> {
    // In a directory of postmortems, the one file that holds the incident.
    let (ctx, id) = &ctx.for_incident(&step.id)?;
    let applied = apply(ctx, step.dry_run, |doc| {
        let md = |e| CliError::md(&ctx.path, e);
        let id = doc.find(id).map_err(md)?.id.clone();
        edit(doc, &id).map_err(md)?;
        let incident = doc.get(&id).and_then(|e| e.incident.clone());
        Ok((id, incident))
    })?;
    let (id, incident) = applied.value;
    let stage = incident.as_ref().map_or(Stage::Detected, Incident::stage);
    Ok(Outcome::print(match (applied.diff, step.format) {
        (Some(diff), _) => diff,
        (None, TextFormat::Json) => crate::output::json_object(StepJson { id: &id, stage }),
        (None, TextFormat::Text) if !applied.changed => {
            format!("{id} unchanged: the log already says that\n")
        }
        (None, TextFormat::Text) => format!("{}\n", describe(&id, incident.as_ref())),
    }))
}

/// A lifecycle step on the incident named by `step.id`.
pub(super) fn transition(
    ctx: &Context,
    step: &StepArgs,
    make: impl FnOnce(chrono::DateTime<chrono::Utc>) -> Transition,
) -> Result<Outcome, CliError> {
    let t = make(ctx.time(step.at)?);
    let at = t.at();
    let describe = |id: &str, i: Option<&Incident>| {
        let when = i.map_or_else(
            || incident_core::format_timestamp(at),
            |i| crate::summary::clock(at, i.detected),
        );
        match &t {
            Transition::Mitigate(_) => match i {
                Some(i) => format!(
                    "mitigated {id} at {when}, {} after detection",
                    crate::summary::short_duration(at - i.detected)
                ),
                None => format!("mitigated {id} at {when}"),
            },
            Transition::Reopen(_) => format!("reopened {id} at {when}"),
            Transition::Cancel {
                reason,
                duplicate_of,
                ..
            } => {
                // The original by its full ID, as the library wrote it.
                let written = i.and_then(|i| match &i.disposition {
                    Some(incident_core::Disposition::Cancelled {
                        duplicate_of: Some(d),
                        ..
                    }) => Some(d.as_str()),
                    _ => None,
                });
                match written.or(duplicate_of.as_deref()) {
                    Some(original) => format!(
                        "cancelled {id} at {when} as a duplicate of {original}: {}",
                        reason.trim()
                    ),
                    None => format!("cancelled {id} at {when}: {}", reason.trim()),
                }
            }
            _ => format!("{} {id} at {when}", t.name()),
        }
    };
    run_step(
        ctx,
        step,
        |doc, id| doc.take_step(id, &t, ctx.now, step_time(step.at)).map(drop),
        describe,
    )
}

/// Where a step's time comes from: `--at`, or the clock (a retry of which changes nothing).
pub(super) fn step_time(at: Option<incident_core::WrittenTime>) -> StepTime {
    match at {
        Some(_) => StepTime::Given,
        None => StepTime::Clock,
    }
}

/// `incident mitigate`.
pub fn mitigate(ctx: &Context, step: &StepArgs) -> Result<Outcome, CliError> {
    transition(ctx, step, Transition::Mitigate)
}

/// `incident reopen`.
pub fn reopen(ctx: &Context, step: &StepArgs) -> Result<Outcome, CliError> {
    transition(ctx, step, Transition::Reopen)
}

/// `incident cancel`.
pub fn cancel(
    ctx: &Context,
    step: &StepArgs,
    reason: &str,
    duplicate_of: Option<&str>,
) -> Result<Outcome, CliError> {
    transition(ctx, step, |at| Transition::Cancel {
        at,
        reason: reason.to_owned(),
        duplicate_of: duplicate_of.map(str::to_owned),
    })
}

/// `incident timeline add`.
pub fn timeline(ctx: &Context, command: &TimelineCommand) -> Result<Outcome, CliError> {
    let TimelineCommand::Add { text, step } = command;
    // `TIME — TEXT`, as the item is written, gives its time; the time is not left in the text.
    // In the seed's form or the log's own (`2026-03-04 09:20 UTC — paged`).
    let written = incident_md::text::timeline_item(text, ctx.calendar.timezone());
    let item = match (written, step.at) {
        (Some(item), None) => item,
        (Some(item), Some(at)) if ctx.time(Some(at))? != item.at => {
            return Err(CliError::Usage(format!(
                "the text starts with a time ({}) and --at gives another ({}); give the time once",
                incident_core::format_timestamp(item.at),
                incident_core::format_timestamp(ctx.time(Some(at))?)
            )));
        }
        (Some(item), Some(_)) => item,
        (None, at) => TimelineItem::new(ctx.time(at)?, text.clone()),
    };
    run_step(
        ctx,
        step,
        |doc, id| doc.add_timeline_item(id, &item).map(drop),
        |id, i| {
            let when = i.map_or_else(
                || incident_core::format_timestamp(item.at),
                |i| crate::summary::clock(item.at, i.detected),
            );
            format!("added to the timeline of {id}: {when} — {}", item.text)
        },
    )
}
