//! The `incident` command-line tool (temporary entry point while the
//! supporting modules are written; the commands are wired up later).

#[allow(dead_code)]
mod config;
#[allow(dead_code)]
mod diff;
#[allow(dead_code)]
mod discover;
#[allow(dead_code)]
mod fsio;
#[allow(dead_code)]
mod report_md;

fn main() {}
