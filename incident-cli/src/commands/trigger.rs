//! `incident trigger`: evaluate an escalation trigger and log the incident it calls for.

use incident_core::{Signal, TriggerKind, escalate};
use incident_md::AddOptions;
use serde::Serialize;

use super::{Outcome, mutate};
use crate::cli::{TextFormat, TriggerArgs};
use crate::context::Context;
use crate::error::CliError;
use crate::output::json;

#[derive(Serialize)]
struct TriggerJson {
    triggered: bool,
    reason: String,
    id: Option<String>,
}

/// `incident trigger`.
pub fn trigger(ctx: &Context, args: &TriggerArgs) -> Result<Outcome, CliError> {
    let kind: TriggerKind = args.kind;
    let needs = match kind {
        TriggerKind::Availability => Some("the availability in percent, like 99.5"),
        TriggerKind::UnresolvedAfterAttempts => Some("the number of failed attempts"),
        _ => None,
    };
    if let (Some(what), None) = (needs, &args.value) {
        return Err(CliError::Usage(format!(
            "trigger `{}` needs --value: {what}",
            <&str>::from(kind)
        )));
    }
    let signal = Signal::from_kind(kind, args.value.as_deref())?;
    let doc = ctx.load()?;
    let escalated = escalate(&doc.log().policy, &signal, ctx.now);
    let escalation = escalated.escalation;
    let mut id = None;
    let mut diff = None;
    if let Some(mut incident) = escalated.incident {
        if let Some(title) = &args.title {
            incident.title = title.clone();
        }
        let options = AddOptions::with_order(ctx.order);
        let (added, d) = mutate(ctx, args.dry_run, |doc| {
            doc.add_incident(&incident, &options)
                .map_err(|e| CliError::md(&ctx.path, e))
        })?;
        diff = d;
        if !args.dry_run {
            id = Some(added.id);
        }
    }
    let stdout = match args.format {
        TextFormat::Json => json(&TriggerJson {
            triggered: escalation.fires,
            reason: escalation.reason,
            id,
        }),
        TextFormat::Text => match (escalation.fires, id, diff) {
            (true, Some(id), _) => format!("{id}\n"),
            (true, None, Some(diff)) => format!("triggered: {}\n{diff}", escalation.reason),
            _ => format!("not triggered: {}\n", escalation.reason),
        },
    };
    Ok(Outcome::print(stdout))
}
