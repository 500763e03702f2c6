//! One module per group of commands; each returns what to print and the exit status.

mod check;
mod edit;
mod query;
mod trigger;

use incident_md::Document;
use incident_md::diff::unified_diff;

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::error::CliError;

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
                Command::Set {
                    id,
                    field,
                    value,
                    dry_run,
                    format,
                } => edit::set(&ctx, id, *field, value, edit::Write::new(*dry_run, *format)),
                Command::Action(a) => edit::action(&ctx, a),
                Command::Related(r) => edit::related(&ctx, r),
                Command::Actions(args) => query::actions(&ctx, args),
                Command::Check {
                    format,
                    deny,
                    codes,
                } => check::check(&ctx, *format, codes, deny.is_some()),
                Command::Sla { format } => query::sla(&ctx, *format),
                Command::Trigger(args) => trigger::trigger(&ctx, args),
                Command::Report {
                    format,
                    since,
                    until,
                } => query::report(&ctx, *format, *since, *until),
                Command::Init { .. } | Command::Completions { .. } => unreachable!("handled above"),
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
