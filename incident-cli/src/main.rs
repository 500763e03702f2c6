//! `incident`: read, check and edit a team's INCIDENTS.md from a terminal, CI, a hook or an agent.
//!
//! Exit status: 0 success; 1 `check` found errors; 2 usage, configuration, unreadable or invalid
//! input, or a failed write. A broken pipe on standard output is not an error.

mod cli;
mod commands;
mod config;
mod context;
mod discover;
mod error;
mod fsio;
mod output;
mod report;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(&cli) {
        Ok(outcome) => {
            eprint!("{}", outcome.stderr);
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(outcome.stdout.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => ExitCode::from(outcome.code),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                    ExitCode::from(outcome.code)
                }
                Err(e) => {
                    eprintln!("error: cannot write output: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
