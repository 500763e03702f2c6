//! `incident`: read, check and edit a team's INCIDENTS.md from a terminal, CI, a hook or an agent.
//!
//! Exit status: 0 success; 1 `check` found errors; 2 usage, configuration, unreadable or invalid
//! input, or a failed write. A broken pipe on standard output is not an error.

mod card;
mod cli;
mod clock;
mod commands;
mod complete;
mod context;
mod diagnostic;
mod error;
mod fix_hint;
mod mcp;
mod output;
mod report;
mod summary;

/// mimalloc rather than the system's allocator: `list`, `check` and `new` on a 10,000-incident
/// log take about two thirds of the time (README -> Performance). The libraries leave the
/// choice to whoever embeds them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

/// On SIGINT or SIGTERM, removes the temporary file of a save in progress (the log itself is
/// replaced atomically or not at all), then dies of the signal as it would have.
#[cfg(unix)]
fn clean_up_on_signals() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            incident_md::fs::remove_temp_files_in_flight();
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    });
}

fn main() -> ExitCode {
    #[cfg(unix)]
    clean_up_on_signals();
    // `COMPLETE=bash incident` prints the dynamic completion script; the shell then calls back
    // here with the words typed, and IDs complete from the log.
    clap_complete::CompleteEnv::with_factory(<cli::Cli as clap::CommandFactory>::command)
        .complete();
    let cli = cli::Cli::parse();
    // A large log's entries are read on every core by the commands that only read it
    // (mimalloc makes that pay, see `set_read_threads`); `--threads` sets it for any command.
    let every_core = cli.command.only_reads();
    incident_md::set_read_threads(cli.threads.unwrap_or(if every_core { 0 } else { 1 }));
    match commands::run(&cli) {
        Ok(outcome) => {
            eprint!("{}", outcome.stderr);
            // Buffered: JSON is serialized straight into it in small pieces.
            let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            let written = stdout
                .write_all(outcome.stdout.as_bytes())
                .and_then(|()| match outcome.streamed {
                    Some(json) => json.write_to(&mut stdout),
                    None => Ok(()),
                })
                .and_then(|()| stdout.flush());
            match written {
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
            // Paths are made relative here, once, for the reader.
            let e = match std::env::current_dir() {
                Ok(cwd) => e.relative_to(&cwd),
                Err(_) => e,
            };
            eprintln!("error: {e}");
            if let Some(help) = e.help() {
                eprintln!("help: {help}");
            }
            ExitCode::from(2)
        }
    }
}
