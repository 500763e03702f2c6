//! The CLI's errors and their exit codes.

use std::path::PathBuf;

use crate::config::ConfigError;
use crate::discover::DiscoverError;
use crate::fsio::FsError;

/// Why a command failed. Every variant exits with status 2; `check` findings are not errors.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad arguments that clap could not catch (an invalid time, say).
    #[error("{0}")]
    Usage(String),
    /// Reading or writing a file failed.
    #[error(transparent)]
    Fs(FsError),
    /// No log was found.
    #[error(transparent)]
    Discover(#[from] DiscoverError),
    /// `.incident.toml` is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The document refused an edit or a lookup.
    #[error("{path}: {source}")]
    Md {
        /// The log.
        path: PathBuf,
        /// What went wrong.
        source: incident_md::Error,
    },
    /// A domain value was invalid.
    #[error(transparent)]
    Core(#[from] incident_core::Error),
    /// JSON input could not be read.
    #[error("invalid JSON input: {0}")]
    Json(#[from] serde_json::Error),
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
        CliError::Fs(e.for_display())
    }
}

impl CliError {
    /// Wraps a document error with the log's path, shown relative to the current directory.
    pub fn md(path: &std::path::Path, source: incident_md::Error) -> CliError {
        CliError::Md {
            path: crate::context::display_relative(path).into(),
            source,
        }
    }
}
