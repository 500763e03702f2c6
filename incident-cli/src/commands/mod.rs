//! One module per group of commands; each returns what to print and the exit status.

mod check;
mod doctor;
mod edit;
mod explain;
mod git;
mod lifecycle;
mod query;
mod report;
mod schema;
mod trigger;

pub(crate) use check::FindingJson;

use incident_md::Document;
use incident_md::diff::unified_diff;

use crate::cli::{Cli, Command, GuardArgs};
use crate::context::Context;
use crate::error::CliError;
use incident_md::check::{Baseline, CheckContext};

/// What a command produced: standard output and the exit status.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Text for standard output.
    pub stdout: String,
    /// Output written straight into standard output after `stdout` (JSON, a long report).
    pub streamed: Option<crate::output::StreamedOutput>,
    /// Notes for standard error (never part of machine-readable output).
    pub stderr: String,
    /// Exit status (0, or 1 when `check` found errors).
    pub code: u8,
}

impl Outcome {
    fn with_stderr(self, stderr: String) -> Outcome {
        Outcome { stderr, ..self }
    }

    /// Standard output is `json`, serialized as it is written.
    pub(crate) fn print_streamed(json: crate::output::StreamedOutput) -> Outcome {
        Outcome {
            streamed: Some(json),
            ..Outcome::default()
        }
    }

    fn print(stdout: String) -> Outcome {
        Outcome {
            stdout,
            ..Outcome::default()
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: &Cli) -> Result<Outcome, CliError> {
    match &cli.command {
        Command::Init { force, dry_run } => {
            edit::init(&Context::new(cli, false)?, *force, *dry_run)
        }
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(*shell, &mut cmd, "incident", &mut buf);
            Ok(Outcome::print(String::from_utf8_lossy(&buf).into_owned()))
        }
        Command::MergeDriver(args) => git::merge_driver(args),
        Command::MergeCheck(args) => git::merge_check(cli, args),
        Command::Git(crate::cli::GitCommand::Setup { dry_run }) => git::setup(cli, *dry_run),
        Command::Schema { name } => Ok(Outcome::print(schema::schema(*name))),
        command => {
            let ctx = Context::new(cli, true)?;
            match command {
                Command::New(args) => edit::new(&ctx, args),
                Command::List(args) => query::list(&ctx, args),
                Command::Show { id, format } => query::show(&ctx, id, *format),
                Command::Ack {
                    id,
                    at,
                    dry_run,
                    format,
                } => edit::ack(&ctx, id, *at, edit::Write::new(*dry_run, *format)),
                Command::Resolve {
                    id,
                    at,
                    resolution,
                    dry_run,
                    format,
                } => edit::resolve(
                    &ctx,
                    id,
                    *at,
                    resolution.as_deref(),
                    edit::Write::new(*dry_run, *format),
                ),
                Command::Mitigate(step) => lifecycle::mitigate(&ctx, step),
                Command::Reopen(step) => lifecycle::reopen(&ctx, step),
                Command::Cancel {
                    reason,
                    duplicate_of,
                    step,
                } => lifecycle::cancel(&ctx, step, reason, duplicate_of.as_deref()),
                Command::Timeline(t) => lifecycle::timeline(&ctx, t),
                Command::Set {
                    id,
                    field,
                    value,
                    clear,
                    guard,
                    dry_run,
                    format,
                } => {
                    let value = if *clear {
                        ""
                    } else {
                        value.as_deref().unwrap_or("")
                    };
                    edit::set(
                        &ctx,
                        id,
                        *field,
                        value,
                        *guard,
                        edit::Write::new(*dry_run, *format),
                    )
                }
                Command::Action(a) => edit::action(&ctx, a),
                Command::Related(r) => edit::related(&ctx, r),
                Command::Actions(args) => query::actions(&ctx, args),
                Command::Check {
                    format,
                    deny,
                    codes,
                } => check::check(&ctx, *format, codes, deny.is_some()),
                Command::Doctor {
                    fix,
                    dry_run,
                    format,
                } => doctor::doctor(&ctx, *fix, *dry_run, *format),
                Command::Explain { format } => explain::explain(&ctx, *format),
                Command::Sla { format } => query::sla(&ctx, *format),
                Command::Trigger(args) => trigger::trigger(&ctx, args),
                Command::Report(args) => report::report(&ctx, args),
                Command::Mcp { allow_write } => {
                    let settings = crate::mcp::Settings::new(ctx.path, cli.now, *allow_write)?;
                    crate::mcp::run(settings)?;
                    Ok(Outcome::default())
                }
                Command::Init { .. }
                | Command::Completions { .. }
                | Command::MergeDriver(_)
                | Command::MergeCheck(_)
                | Command::Git(_)
                | Command::Schema { .. } => unreachable!("handled above"),
            }
        }
    }
}

/// Applies an edit to the log: under the lock and atomically, or, with `dry_run`, only to
/// compute the diff it would make (returned, nothing written).
fn mutate<T>(
    ctx: &Context,
    dry_run: bool,
    edit: impl FnOnce(&mut Document) -> Result<T, CliError>,
) -> Result<(T, Option<String>), CliError> {
    apply(ctx, dry_run, edit).map(|a| (a.value, a.diff))
}

/// [`apply`]; with a `guard`, refusing (nothing written) an edit that adds what `check` reports
/// as an error, unless `guard.force`: then it is written, and the findings come back as warnings
/// for standard error.
fn apply_checked<T>(
    ctx: &Context,
    dry_run: bool,
    guard: Option<GuardArgs>,
    edit: impl FnOnce(&mut Document) -> Result<T, CliError>,
) -> Result<(Applied<T>, String), CliError> {
    let Some(guard) = guard else {
        return Ok((apply(ctx, dry_run, edit)?, String::new()));
    };
    let check = CheckContext::new(ctx.now).with_calendar(ctx.calendar.clone());
    let applied = apply(ctx, dry_run, |doc| {
        // What blocks before the edit, taken from the document as it is read: neither a copy
        // of it nor its text read again (a log with an error would cost a second parse).
        let before = Baseline::of(doc, &check, guard.allow_unknown);
        let t = edit(doc)?;
        let found = before.new_errors(doc, &check, guard.allow_unknown);
        if !found.is_empty() && !guard.force {
            return Err(CliError::WouldFailCheck { findings: found });
        }
        Ok((t, found))
    })?;
    let (value, found) = applied.value;
    let warnings = found
        .iter()
        .map(|f| format!("warning: written with --force: {}: {}\n", f.code, f.message))
        .collect();
    Ok((
        Applied {
            value,
            diff: applied.diff,
            changed: applied.changed,
        },
        warnings,
    ))
}

/// What [`apply`] did.
struct Applied<T> {
    /// The edit's value.
    value: T,
    /// The diff, for a dry run.
    diff: Option<String>,
    /// Whether the text changed (or, for a dry run, would change).
    changed: bool,
}

/// [`mutate`], also telling whether the text changed.
fn apply<T>(
    ctx: &Context,
    dry_run: bool,
    edit: impl FnOnce(&mut Document) -> Result<T, CliError>,
) -> Result<Applied<T>, CliError> {
    if dry_run {
        let mut doc = ctx.load()?;
        let before = doc.to_string();
        let value = edit(&mut doc)?;
        let after = doc.to_string();
        let diff = unified_diff(&ctx.display_path(), &before, &after);
        return Ok(Applied {
            value,
            diff: Some(diff),
            changed: before != after,
        });
    }
    let log = ctx.log_file()?;
    let (value, changed) = log.edit(edit)?;
    Ok(Applied {
        value,
        diff: None,
        changed,
    })
}
