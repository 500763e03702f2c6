//! `incident doctor`: damage from tools and merges, found and (with `--fix`) repaired by
//! `incident_md::doctor`. Exit 0 when nothing is left to repair, 1 when something is.

use std::fmt::Write as _;

use incident_md::doctor::{DoctorOptions, Repair, examine, repair};
use serde::Serialize;

use super::{Outcome, mutate};
use crate::cli::TextFormat;
use crate::context::Context;
use crate::error::CliError;
use crate::output::json_object;

#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct Row<'a> {
    /// The finding's code (`GIT003`, `MD017`, …).
    code: String,
    /// `error` or `warning`.
    level: String,
    message: &'a str,
    /// The incident it concerns, when it concerns one.
    #[serde(skip_serializing_if = "Option::is_none")]
    incident: Option<&'a str>,
    line: usize,
    column: usize,
    fixable: bool,
    fixed: bool,
}

/// `doctor --format json`.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct DoctorJson<'a> {
    findings: Vec<Row<'a>>,
    /// What is left for a person (after `--fix`, what the repaired log still has).
    remaining: usize,
}

/// `incident doctor [--fix] [--dry-run]`.
pub fn doctor(
    ctx: &Context,
    fix: bool,
    dry_run: bool,
    format: TextFormat,
) -> Result<Outcome, CliError> {
    let doc = ctx.load()?;
    // The configured order only: without one, the file's own order is kept.
    let (config, _) = incident_md::fs::config_for_log(&ctx.path)?;
    let options = DoctorOptions::with_order(config.order);
    let found = examine(&doc, &options);
    let (outcome, diff) = if fix && found.iter().any(|r| r.fixable) {
        mutate(ctx, dry_run, |doc| {
            let done = repair(doc, &options);
            *doc = done.document.clone();
            Ok(Some(done))
        })?
    } else {
        (None, None)
    };
    // Repairs repeat until nothing fixable is left, so a fixable finding is fixed unless the
    // repaired log still has one.
    let converged = outcome
        .as_ref()
        .is_some_and(|o| o.remaining.iter().all(|r| !r.fixable));
    let is_fixed = |r: &Repair| {
        outcome
            .as_ref()
            .is_some_and(|o| r.fixable && (converged || o.applied.iter().any(|a| a == r)))
    };
    let remaining = match &outcome {
        Some(o) if !dry_run => o.remaining.len(),
        _ => found.len(),
    };
    let path = ctx.display_path();
    let stdout = match format {
        TextFormat::Json => json_object(DoctorJson {
            findings: found
                .iter()
                .map(|r| {
                    let p = doc.position(r.offset());
                    Row {
                        code: r.finding.code.to_string(),
                        level: r.finding.level.to_string(),
                        message: &r.finding.message,
                        incident: r.finding.incident.as_deref(),
                        line: p.line,
                        column: p.column,
                        fixable: r.fixable,
                        fixed: is_fixed(r) && !dry_run,
                    }
                })
                .collect(),
            remaining,
        }),
        TextFormat::Text => {
            let mut s = String::new();
            for r in &found {
                let p = doc.position(r.offset());
                let state = match (is_fixed(r), dry_run, r.fixable) {
                    (true, false, _) => " (fixed)",
                    (true, true, _) => " (would fix)",
                    (false, _, true) => " (--fix repairs it)",
                    (false, _, false) => "",
                };
                let _ = writeln!(
                    s,
                    "{path}:{}:{}: {}: {}{state}",
                    p.line, p.column, r.finding.code, r.finding.message
                );
            }
            if found.is_empty() {
                let _ = writeln!(s, "{path}: nothing to repair");
            }
            if let Some(d) = diff {
                s.push_str(&d);
            }
            s
        }
    };
    Ok(Outcome {
        stdout,
        stderr: String::new(),
        code: u8::from(remaining > 0),
        streamed: None,
    })
}
