//! The template family's sibling files of a log: LOGS.md, TROUBLESHOOTING.md and MEMORY.md,
//! looked for beside the log, then at `../logs/LOGS.md`, `../troubleshooting/TROUBLESHOOTING.md`
//! and `../memory/MEMORY.md`. One lookup, so that `incident check` and the MCP server report the
//! same `SIB…` findings.

use std::path::{Component, Path, PathBuf};

use incident_core::{SiblingText, Siblings};

use super::read::read_document_text;
use crate::check::logs_summary;

/// The siblings of the log at `log` that exist and can be read (through the bounded
/// regular-file reader, [`read_document_text`]); a missing or unreadable one is skipped, so its
/// check is too.
///
/// Each is named, for messages, by its path relative to `shown_from` when it lies under it (the
/// CLI passes the working directory), else by the path as found.
pub fn siblings(log: &Path, shown_from: &Path) -> Siblings {
    let dir = log
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // `..` taken lexically when the directory is named, so that messages say
    // `troubleshooting/TROUBLESHOOTING.md` rather than `incidents/../troubleshooting/…`.
    let up = match dir.components().next_back() {
        Some(Component::Normal(_)) => dir.parent().unwrap_or(Path::new("")).to_path_buf(),
        Some(Component::CurDir) => PathBuf::from(".."),
        _ => dir.join(".."),
    };
    let read = |name: &str, sub: &str| {
        [dir.join(name), up.join(sub).join(name)]
            .into_iter()
            .find(|p| p.is_file())
            .and_then(|p| {
                let shown = p
                    .strip_prefix(shown_from)
                    .unwrap_or(&p)
                    .display()
                    .to_string();
                read_document_text(&p).ok().map(|text| (shown, text))
            })
    };
    let mut siblings = Siblings::default();
    siblings.logs = read("LOGS.md", "logs").map(|(name, text)| logs_summary(name, &text));
    siblings.troubleshooting = read("TROUBLESHOOTING.md", "troubleshooting")
        .map(|(name, text)| SiblingText::new(name, text));
    siblings.memory = read("MEMORY.md", "memory").map(|(name, text)| SiblingText::new(name, text));
    siblings
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn beside_the_log_comes_before_the_family_directories() {
        let root = tempfile::tempdir().unwrap();
        let incidents = root.path().join("incidents");
        fs::create_dir_all(root.path().join("logs")).unwrap();
        fs::create_dir(&incidents).unwrap();
        fs::write(incidents.join("LOGS.md"), "# Beside\n").unwrap();
        fs::write(root.path().join("logs/LOGS.md"), "# Family\n").unwrap();
        let found = siblings(&incidents.join("INCIDENTS.md"), root.path());
        let logs = found.logs.unwrap();
        assert_eq!(
            logs.name,
            Path::new("incidents").join("LOGS.md").display().to_string()
        );
        assert_eq!(logs.anchors, ["beside"]);
        assert_eq!(found.troubleshooting, None);
        assert_eq!(found.memory, None);
    }

    #[test]
    fn the_family_directories_are_named_without_dot_dot() {
        let root = tempfile::tempdir().unwrap();
        for sub in ["incidents", "troubleshooting", "memory"] {
            fs::create_dir(root.path().join(sub)).unwrap();
        }
        fs::write(root.path().join("troubleshooting/TROUBLESHOOTING.md"), "T").unwrap();
        fs::write(root.path().join("memory/MEMORY.md"), "M").unwrap();
        let found = siblings(&root.path().join("incidents/INCIDENTS.md"), root.path());
        let troubleshooting = found.troubleshooting.unwrap();
        assert_eq!(
            troubleshooting.name,
            Path::new("troubleshooting")
                .join("TROUBLESHOOTING.md")
                .display()
                .to_string()
        );
        assert_eq!(troubleshooting.text, "T");
        assert_eq!(found.memory.unwrap().text, "M");
        assert_eq!(found.logs, None);
    }

    #[test]
    fn outside_shown_from_the_path_is_kept_as_found() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("MEMORY.md"), "M").unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let found = siblings(&root.path().join("INCIDENTS.md"), elsewhere.path());
        assert_eq!(
            found.memory.unwrap().name,
            root.path().join("MEMORY.md").display().to_string()
        );
    }

    #[test]
    fn what_is_not_a_readable_regular_file_is_skipped() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir(root.path().join("LOGS.md")).unwrap();
        fs::write(root.path().join("MEMORY.md"), [0xff, 0xfe]).unwrap();
        let found = siblings(&root.path().join("INCIDENTS.md"), root.path());
        assert_eq!(found, Siblings::default());
    }
}
