//! Git integration: the merge driver, the CI merge check and `git setup`. This is the one
//! place that runs `git` (for its configuration and for committed versions); the merge itself
//! is `incident_md::merge`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use incident_md::Document;
use incident_md::merge::{ConflictStyle, MergeOptions, MergeOutcome, merge};

use super::Outcome;
use crate::cli::{Cli, MergeCheckArgs, MergeDriverArgs};
use crate::error::CliError;
use incident_md::fs::{LOG_FILE_NAME, find_log, read_document_text, replace_file};

/// The merge driver's name in `.gitattributes` and git config.
const DRIVER: &str = "incident";
/// The command git runs, with its placeholders.
const DRIVER_COMMAND: &str = "incident merge-driver %O %A %B --marker-size %L --path %P";

/// Runs git with `args` in the current directory; its standard output, trimmed.
fn git(args: &[&str]) -> Result<String, CliError> {
    let failed = |message: String| CliError::Git {
        args: args.join(" "),
        message,
    };
    let out = Process::new("git")
        .args(args)
        .output()
        .map_err(|e| failed(e.to_string()))?;
    if !out.status.success() {
        return Err(failed(
            String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_owned())
}

/// A version of the log: read from a file, or given as bytes (from `git show`).
fn parse(path: &Path, bytes: Vec<u8>) -> Result<Document, CliError> {
    Document::from_bytes(&bytes).map_err(|e| CliError::md(path, e))
}

fn load(path: &Path) -> Result<Document, CliError> {
    let text = read_document_text(path)?;
    parse(path, text.into_bytes())
}

/// `merge.conflictStyle` of this repository (merge when unset or unknown).
fn conflict_style() -> ConflictStyle {
    git(&["config", "--get", "merge.conflictStyle"])
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_default()
}

/// Notes for standard error: renamed incidents, entries matched by derived ID, conflicts.
fn notes(out: &MergeOutcome, path: &str, conflicts: bool) -> String {
    let mut s = String::new();
    for (old, new) in &out.renamed_ids {
        let _ = writeln!(
            s,
            "incident: {path}: both sides created an incident with ID `{old}`; theirs is now `{new}`"
        );
    }
    if !out.matched_by_content.is_empty() {
        let _ = writeln!(
            s,
            "incident: {path}: matched by derived ID (no written ID on some side): {}",
            out.matched_by_content.join(", ")
        );
    }
    for c in out.conflicts.iter().filter(|_| conflicts) {
        let _ = writeln!(s, "incident: {path}: conflict in {c}");
    }
    s
}

/// Writes the merge result over git's `%A`, atomically (a temporary file beside it, renamed).
/// The one write path of these commands.
fn write_result(path: &Path, text: &str) -> Result<(), CliError> {
    // %A is git's own temporary copy: no lock, but the same atomic save (temp file in the same
    // directory, fsync, rename) and regular-files-only rule as every other write.
    replace_file(path, text)?;
    Ok(())
}

/// `incident merge-driver %O %A %B`.
pub fn merge_driver(args: &MergeDriverArgs) -> Result<Outcome, CliError> {
    let (base, ours, theirs) = (load(&args.base)?, load(&args.ours)?, load(&args.theirs)?);
    let options = MergeOptions::new(usize::from(args.marker_size), conflict_style());
    let out = merge(&base, &ours, &theirs, &options);
    write_result(&args.ours, &out.text)?;
    let path = args
        .path
        .clone()
        .unwrap_or_else(|| args.ours.display().to_string());
    Ok(Outcome {
        stdout: String::new(),
        stderr: notes(&out, &path, true),
        code: u8::from(!out.is_clean()),
        streamed: None,
    })
}

/// The log's path relative to the repository's top level.
fn repo_path(cli: &Cli) -> Result<(PathBuf, String), CliError> {
    let top = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?);
    let cwd = std::env::current_dir()?;
    let log = match &cli.file {
        Some(p) => cwd.join(p),
        None => find_log(&cwd).unwrap_or_else(|_| top.join(LOG_FILE_NAME)),
    };
    let log = log
        .parent()
        .and_then(|d| std::fs::canonicalize(d).ok())
        .map_or(log.clone(), |d| d.join(log.file_name().unwrap_or_default()));
    let top = std::fs::canonicalize(&top).unwrap_or(top);
    let rel = log.strip_prefix(&top).map_err(|_| {
        CliError::Usage(format!(
            "{} is not inside the repository {}",
            log.display(),
            top.display()
        ))
    })?;
    Ok((top, rel.to_string_lossy().replace('\\', "/")))
}

/// `incident merge-check`.
pub fn merge_check(cli: &Cli, args: &MergeCheckArgs) -> Result<Outcome, CliError> {
    let (base, ours, theirs) = match (&args.against, &args.base, &args.ours, &args.theirs) {
        (Some(rev), ..) => {
            let (_, rel) = repo_path(cli)?;
            let show = |rev: &str| -> Result<Document, CliError> {
                let spec = format!("{rev}:{rel}");
                let out = Process::new("git")
                    .args(["show", &spec])
                    .output()
                    .map_err(|e| CliError::Git {
                        args: format!("show {spec}"),
                        message: e.to_string(),
                    })?;
                // A revision without the log has an empty one.
                let bytes = if out.status.success() {
                    out.stdout
                } else {
                    Vec::new()
                };
                parse(Path::new(&spec), bytes)
            };
            let base = git(&["merge-base", "HEAD", rev])?;
            (show(&base)?, show("HEAD")?, show(rev)?)
        }
        (None, Some(b), Some(o), Some(t)) => (load(b)?, load(o)?, load(t)?),
        _ => {
            return Err(CliError::Usage(
                "give BASE OURS THEIRS, or --against REF".into(),
            ));
        }
    };
    let out = merge(
        &base,
        &ours,
        &theirs,
        &MergeOptions::new(7, conflict_style()),
    );
    if out.is_clean() {
        return Ok(Outcome {
            stdout: out.text.clone(),
            stderr: notes(&out, "merge", false),
            code: 0,
            streamed: None,
        });
    }
    let mut stdout = String::new();
    let n = out.conflicts.len();
    let _ = writeln!(stdout, "{n} conflict{}:", if n == 1 { "" } else { "s" });
    for c in &out.conflicts {
        let _ = writeln!(stdout, "  {c}");
    }
    Ok(Outcome {
        stdout,
        stderr: notes(&out, "merge", false),
        code: 1,
        streamed: None,
    })
}

/// `incident git setup`.
pub fn setup(cli: &Cli, dry_run: bool) -> Result<Outcome, CliError> {
    let (top, rel) = repo_path(cli)?;
    let line = format!("{} merge={DRIVER}", rel.replace(' ', "[[:space:]]"));
    let attributes = top.join(".gitattributes");
    let current = match std::fs::read_to_string(&attributes) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(CliError::Usage(format!(
                "cannot read {}: {e}",
                attributes.display()
            )));
        }
    };
    let mut stdout = String::new();
    if current.lines().any(|l| l.trim() == line) {
        let _ = writeln!(stdout, ".gitattributes already has `{line}`");
    } else {
        let mut new = current.clone();
        if !new.is_empty() && !new.ends_with('\n') {
            new.push('\n');
        }
        new.push_str(&line);
        new.push('\n');
        let _ = writeln!(
            stdout,
            "{}.gitattributes: add `{line}`",
            if dry_run { "would write " } else { "" }
        );
        if !dry_run {
            write_result(&attributes, &new)?;
        }
    }
    for (key, value) in [
        (
            format!("merge.{DRIVER}.name"),
            "incident: merge INCIDENTS.md by incident",
        ),
        (format!("merge.{DRIVER}.driver"), DRIVER_COMMAND),
    ] {
        if git(&["config", "--local", "--get", &key]).ok().as_deref() == Some(value) {
            let _ = writeln!(stdout, "git config {key} is already set");
            continue;
        }
        let _ = writeln!(
            stdout,
            "{}git config {key} \"{value}\"",
            if dry_run { "would set " } else { "" }
        );
        if !dry_run {
            git(&["config", "--local", &key, value])?;
        }
    }
    Ok(Outcome::print(stdout))
}
