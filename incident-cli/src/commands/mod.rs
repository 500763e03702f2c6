//! One module per group of commands; each returns what to print and the exit status.

mod check;
mod doctor;
mod edit;
mod explain;
mod git;
mod lifecycle;
mod query;
mod report;
mod trigger;

use incident_md::Document;
use incident_md::diff::unified_diff;

use crate::cli::{Cli, Command, GuardArgs};
use crate::context::Context;
use crate::error::CliError;
use incident_md::check::{CheckContext, new_errors};

/// What a command produced: standard output and the exit status.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Text for standard output.
    pub stdout: String,
    /// Notes for standard error (never part of machine-readable output).
    pub stderr: String,
    /// Exit status (0, or 1 when `check` found errors).
    pub code: u8,
}

impl Outcome {
    fn with_stderr(self, stderr: String) -> Outcome {
        Outcome { stderr, ..self }
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
        command => {
            let ctx = Context::new(cli, true)?;
            match command {
                Command::New(args) => edit::new(&ctx, args),
                Command::List(args) => query::list(&ctx, args),
                Command::Show { id, format } => query::show(&ctx, id, *format),
                Command::Ack { id, at, dry_run } => edit::ack(&ctx, id, *at, *dry_run),
                Command::Resolve {
                    id,
                    at,
                    resolution,
                    dry_run,
                } => edit::resolve(&ctx, id, *at, resolution.as_deref(), *dry_run),
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
                } => {
                    let value = if *clear {
                        ""
                    } else {
                        value.as_deref().unwrap_or("")
                    };
                    edit::set(&ctx, id, *field, value, *guard, *dry_run)
                }
                Command::Action(a) => edit::action(&ctx, a),
                Command::Related(r) => edit::related(&ctx, r),
                Command::Actions(args) => query::actions(&ctx, args),
                Command::Check { format } => check::check(&ctx, *format),
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
                | Command::Git(_) => unreachable!("handled above"),
            }
        }
    }
}

/// Applies an edit like [`mutate`], refusing (nothing written) when it adds what `check` reports
/// as an error (`incident_md::check::new_errors`), unless `guard.force`: then it is written and
/// each finding is returned as a warning for standard error.
fn mutate_checked<T>(
    ctx: &Context,
    dry_run: bool,
    guard: GuardArgs,
    edit: impl FnOnce(&mut Document) -> Result<T, CliError>,
) -> Result<(T, Option<String>, String), CliError> {
    let check = CheckContext::new(ctx.now).with_calendar(ctx.calendar.clone());
    let ((t, found), diff) = mutate(ctx, dry_run, |doc| {
        let before = doc.clone();
        let t = edit(doc)?;
        let found = new_errors(&before, doc, &check, guard.allow_unknown);
        if !found.is_empty() && !guard.force {
            return Err(CliError::WouldFailCheck { findings: found });
        }
        Ok((t, found))
    })?;
    let warnings = found
        .iter()
        .map(|f| format!("warning: written with --force: {}: {}\n", f.code, f.message))
        .collect();
    Ok((t, diff, warnings))
}

/// Applies an edit to the log: under the lock and atomically, or, with `dry_run`, only to
/// compute the diff it would make (returned, nothing written).
fn mutate<T>(
    ctx: &Context,
    dry_run: bool,
    edit: impl FnOnce(&mut Document) -> Result<T, CliError>,
) -> Result<(T, Option<String>), CliError> {
    if dry_run {
        let mut doc = ctx.load()?;
        let before = doc.to_string();
        let t = edit(&mut doc)?;
        let diff = unified_diff(&ctx.display_path(), &before, &doc.to_string());
        return Ok((t, Some(diff)));
    }
    let log = ctx.log_file()?;
    let (t, _changed) = log.edit(edit)?;
    Ok((t, None))
}
