//! Shell completion that knows the log: incident IDs complete from the log found from the
//! current directory (clap_complete's dynamic engine; `source <(COMPLETE=bash incident)`).

use std::ffi::OsStr;

use clap_complete::engine::CompletionCandidate;
use incident_md::fs::{find_log, read_document};

/// The IDs starting with what is typed so far, each with its title as the help text; none when
/// no log is found or it cannot be read (completion never fails loudly).
pub fn incident_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(typed) = current.to_str() else {
        return Vec::new();
    };
    let Some(doc) = std::env::current_dir()
        .ok()
        .and_then(|cwd| find_log(&cwd).ok())
        .and_then(|path| read_document(&path).ok())
    else {
        return Vec::new();
    };
    doc.incidents()
        .iter()
        .filter(|e| e.id.starts_with(typed))
        .map(|e| CompletionCandidate::new(e.id.clone()).help(Some(e.title.clone().into())))
        .collect()
}
