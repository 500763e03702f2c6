//! `incident trigger`: evaluate an escalation trigger and log the incident it calls for, or,
//! when an open incident of the same trigger is within the de-duplication window, add the
//! firing to its timeline (`incident_core::find_duplicate`).

use incident_core::{Signal, TimelineItem, TriggerKind, TriggerSource, escalate, find_duplicate};
use incident_md::AddOptions;
use serde::Serialize;

use super::{Outcome, mutate};
use crate::cli::{TextFormat, TriggerArgs};
use crate::context::Context;
use crate::error::CliError;
use crate::output::json_object;

/// `trigger --format json`.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct TriggerJson {
    triggered: bool,
    reason: String,
    id: Option<String>,
    deduplicated: bool,
}

/// What a firing did to the log.
enum Logged {
    New(String),
    Repeat(String),
}

/// `incident trigger`.
pub fn trigger(ctx: &Context, args: &TriggerArgs) -> Result<Outcome, CliError> {
    let kind: TriggerKind = args.kind;
    match (kind.value_needed(), &args.value) {
        (Some(what), None) => {
            return Err(CliError::Usage(format!(
                "trigger `{}` needs --value: {what}",
                <&str>::from(kind)
            )));
        }
        (None, Some(_)) => {
            return Err(CliError::Usage(format!(
                "trigger `{}` takes no --value",
                <&str>::from(kind)
            )));
        }
        _ => {}
    }
    let signal = Signal::from_kind(kind, args.value.as_deref())?;
    let at = ctx.time(args.detected)?;
    let doc = ctx.load_for_run()?;
    let escalated = escalate(&doc.log().policy, &signal, at);
    let escalation = escalated.escalation;
    let mut logged = None;
    let mut diff = None;
    if let Some(mut incident) = escalated.incident {
        let source = TriggerSource::new(kind, args.dedup_key.clone());
        incident.trigger = Some(source.clone());
        if let Some(title) = &args.title {
            incident.title = title.clone();
        }
        if let Some(s) = args.severity {
            incident.severity = s;
        }
        if let Some(c) = &args.category {
            incident.category = Some(c.clone());
        }
        if let Some(d) = &args.description {
            incident.description = Some(d.clone());
        }
        let item = TimelineItem::new(
            at,
            format!("Trigger `{source}` fired again: {}", escalation.reason),
        );
        let (l, d) = mutate(ctx, args.dry_run, |doc| {
            let md = |e| CliError::md(&ctx.path, e);
            // Decided under the lock, on the log as it is now.
            let open = doc
                .incidents()
                .iter()
                .filter_map(|e| Some((e.id.as_str(), e.incident.as_ref()?)));
            match find_duplicate(open, &source, at, ctx.dedup_window).map(str::to_owned) {
                Some(id) => {
                    doc.add_timeline_item(&id, &item).map_err(md)?;
                    Ok(Logged::Repeat(id))
                }
                None => Ok(Logged::New(
                    doc.add_incident(&incident, &AddOptions::learned(doc, ctx.order))
                        .map_err(md)?
                        .id,
                )),
            }
        })?;
        diff = d;
        logged = Some(l);
    }
    let deduplicated = matches!(logged, Some(Logged::Repeat(_)));
    let id = match logged {
        Some(Logged::New(id) | Logged::Repeat(id)) if !args.dry_run => Some(id),
        _ => None,
    };
    let stdout = match args.format {
        TextFormat::Json => json_object(TriggerJson {
            triggered: escalation.fires,
            reason: escalation.reason,
            id: id.clone(),
            deduplicated,
        }),
        TextFormat::Text => match (escalation.fires, &id, diff) {
            (true, Some(id), _) => format!("{id}\n"),
            (true, None, Some(diff)) => format!("triggered: {}\n{diff}", escalation.reason),
            _ => format!("not triggered: {}\n", escalation.reason),
        },
    };
    let stderr = match (deduplicated, &id, args.format) {
        (true, Some(id), TextFormat::Text) => format!(
            "note: de-duplicated: `{id}` is open from the same trigger; the firing was added to its timeline\n"
        ),
        _ => String::new(),
    };
    Ok(Outcome::print(stdout).with_stderr(stderr))
}
