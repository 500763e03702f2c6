//! The template family's sibling files, found as `incident check` finds them, so that
//! `check_log` reports the same `SIB…` findings: beside the log, else in `../logs/`,
//! `../troubleshooting/` and `../memory/`; a missing one is skipped.

use std::path::Path;

use incident_core::{SiblingText, Siblings};
use incident_md::check::logs_summary;
use incident_md::fs::read_document_text;

/// The siblings of `log` that exist and can be read, named relative to the working directory.
pub fn find(log: &Path) -> Siblings {
    let dir = log
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let cwd = std::env::current_dir().unwrap_or_default();
    let read = |name: &str, sub: &str| {
        [dir.join(name), dir.join("..").join(sub).join(name)]
            .into_iter()
            .find(|p| p.is_file())
            .and_then(|p| {
                let shown = p.strip_prefix(&cwd).unwrap_or(&p).display().to_string();
                read_document_text(&p).ok().map(|t| (shown, t))
            })
    };
    let mut siblings = Siblings::default();
    siblings.logs = read("LOGS.md", "logs").map(|(name, text)| logs_summary(name, &text));
    siblings.troubleshooting = read("TROUBLESHOOTING.md", "troubleshooting")
        .map(|(name, text)| SiblingText::new(name, text));
    siblings.memory = read("MEMORY.md", "memory").map(|(name, text)| SiblingText::new(name, text));
    siblings
}
