//! `incident doctor`: damage from tools and merges, found and (with `--fix`) repaired by
//! `incident_md::doctor`. Exit 0 when nothing is left to repair, 1 when something is.

use std::fmt::Write as _;

use incident_md::doctor::{Finding, examine, repair};
use serde::Serialize;

use super::{Outcome, mutate};
use crate::cli::TextFormat;
use crate::context::Context;
use crate::error::CliError;
use crate::output::json_object;

#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct Row<'a> {
    kind: String,
    message: &'a str,
    line: usize,
    column: usize,
    fixable: bool,
    fixed: bool,
}

/// `doctor --format json`.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct DoctorJson<'a> {
    findings: Vec<Row<'a>>,
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
    let found = examine(&doc);
    let (fixed, diff) = if fix && found.iter().any(|f| f.fixable) {
        let (fixed, diff) = mutate(ctx, dry_run, |doc| {
            let (repaired, fixed) = repair(doc);
            *doc = repaired;
            Ok(fixed)
        })?;
        (fixed, diff)
    } else {
        (Vec::new(), None)
    };
    let is_fixed = |f: &Finding| fixed.iter().any(|x| x == f);
    let remaining = found.iter().filter(|f| !is_fixed(f) || dry_run).count();
    let path = ctx.display_path();
    let stdout = match format {
        TextFormat::Json => json_object(DoctorJson {
            findings: found
                .iter()
                .map(|f| {
                    let p = doc.position(f.span.start);
                    Row {
                        kind: f.kind.to_string(),
                        message: &f.message,
                        line: p.line,
                        column: p.column,
                        fixable: f.fixable,
                        fixed: is_fixed(f) && !dry_run,
                    }
                })
                .collect(),
            remaining,
        }),
        TextFormat::Text => {
            let mut s = String::new();
            for f in &found {
                let p = doc.position(f.span.start);
                let state = match (is_fixed(f), dry_run, f.fixable) {
                    (true, false, _) => " (fixed)",
                    (true, true, _) => " (would fix)",
                    (false, _, true) => " (--fix repairs it)",
                    (false, _, false) => "",
                };
                let _ = writeln!(
                    s,
                    "{path}:{}:{}: {}: {}{state}",
                    p.line, p.column, f.kind, f.message
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
    })
}
