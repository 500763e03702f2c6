//! The CLI's errors and their exit codes.
//!
//! Errors keep the paths they were given; [`CliError::relative_to`] makes them relative to the
//! current directory once, in `main`, where the error is printed.

use std::path::{Path, PathBuf};

use incident_md::fs::FsError;

/// Why a command failed. Every variant exits with status 2; `check` findings are not errors.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad arguments that clap could not catch.
    #[error("{0}")]
    Usage(String),
    /// A write that would add what `check` reports as an error; nothing was written.
    #[error(
        "refusing to write what `incident check` would report (use --force to write it anyway):{}",
        findings.iter().map(|f| format!("\n  {}: {}", f.code, f.message)).collect::<String>()
    )]
    WouldFailCheck {
        /// The findings the write would add.
        findings: Vec<incident_core::Finding>,
    },
    /// A flag clap should have required is missing.
    #[error("{flag} is required")]
    MissingArgument {
        /// The flag.
        flag: &'static str,
    },
    /// `init` without `--force` over an existing file (or symlink).
    #[error("{} already exists; refusing to overwrite it without --force", .path.display())]
    WouldOverwrite {
        /// The log.
        path: PathBuf,
    },
    /// Finding, reading or writing a file failed, or `.incident.toml` is invalid.
    #[error(transparent)]
    Fs(FsError),
    /// The document refused an edit or a lookup.
    #[error("{}{}: {source}", .path.display(), .at.map_or(String::new(), |(l, c)| format!(":{l}:{c}")))]
    Md {
        /// The log.
        path: PathBuf,
        /// What went wrong (boxed: the other variants are small).
        #[source]
        source: Box<incident_md::Error>,
        /// The line and column (1-based) the error is about, when it names a place.
        at: Option<(u32, u32)>,
    },
    /// A domain value was invalid.
    #[error(transparent)]
    Core(#[from] incident_core::Error),
    /// JSON input could not be read.
    #[error("invalid JSON input: {0}")]
    Json(#[from] serde_json::Error),
    /// The JSON input is not an incident record (the key to blame, when one is).
    #[error("invalid JSON input: {0}")]
    Record(#[from] incident_md::record_json::RecordError),
    /// JSON input on standard input is not UTF-8.
    #[error("invalid JSON input: not valid UTF-8")]
    NotUtf8Input,
    /// A `git` command failed (or git is not installed).
    #[error("`git {args}` failed: {message}")]
    Git {
        /// The arguments given to git.
        args: String,
        /// What git said, or why it could not run.
        message: String,
    },
    /// Writing output failed.
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
}

impl From<FsError> for CliError {
    fn from(e: FsError) -> Self {
        CliError::Fs(e)
    }
}

/// A library error without a path of its own: file errors stay file errors.
impl From<incident_md::Error> for CliError {
    fn from(e: incident_md::Error) -> Self {
        match e {
            incident_md::Error::Fs(e) => CliError::Fs(e),
            source => CliError::Md {
                path: PathBuf::new(),
                source: Box::new(source),
                at: None,
            },
        }
    }
}

impl CliError {
    /// What to do next, for a `help:` line under the error; `None` when the message says it.
    pub fn help(&self) -> Option<String> {
        match self {
            CliError::Fs(FsError::NotFound { .. }) => Some(
                "run `incident init` to create INCIDENTS.md here, or pass `--file PATH` to use a log elsewhere"
                    .to_owned(),
            ),
            CliError::Md { source, .. } => match **source {
                incident_md::Error::NoSuchIncident { .. } => {
                    Some("`incident list` shows every incident's ID".to_owned())
                }
                incident_md::Error::AmbiguousId { .. } => {
                    Some("give more of the ID, so that only one starts with it".to_owned())
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// Wraps a document error with the log's path, and the line and column it is about when it
    /// names a place (the file is unchanged when a document error is returned: an edit that is
    /// refused writes nothing).
    pub fn md(path: &Path, source: incident_md::Error) -> CliError {
        match source {
            incident_md::Error::Fs(e) => CliError::Fs(e),
            source => CliError::Md {
                path: path.to_path_buf(),
                at: source.span().and_then(|s| position_in_file(path, s.start)),
                source: Box::new(source),
            },
        }
    }

    /// The same error with its paths relative to `base` (the current directory) when inside it.
    pub fn relative_to(self, base: &Path) -> CliError {
        match self {
            CliError::Fs(e) => CliError::Fs(e.relative_to(base)),
            CliError::Md { path, source, at } => CliError::Md {
                path: relative(path, base),
                source,
                at,
            },
            CliError::WouldOverwrite { path } => CliError::WouldOverwrite {
                path: relative(path, base),
            },
            other => other,
        }
    }
}

/// The 1-based line and column (in chars) of byte `offset` of the file at `path`.
fn position_in_file(path: &Path, offset: usize) -> Option<(u32, u32)> {
    let bytes = std::fs::read(path).ok()?;
    let before = bytes.get(..offset)?;
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    Some((u32::try_from(line).ok()?, u32::try_from(column).ok()?))
}

/// `path` relative to `base` when inside it.
fn relative(path: PathBuf, base: &Path) -> PathBuf {
    path.strip_prefix(base)
        .map_or(path.clone(), Path::to_path_buf)
}
