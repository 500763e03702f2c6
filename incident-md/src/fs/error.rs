//! What can go wrong finding, reading or writing a file; a variant of the crate's
//! [`Error`](crate::Error) ([`Error::Fs`](crate::Error::Fs)).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::Position;

/// An operating-system error, shared so that errors stay `Clone` and comparable (by kind).
#[derive(Debug, Clone)]
pub struct IoError(Arc<io::Error>);

impl IoError {
    /// The kind of the underlying error.
    pub fn kind(&self) -> io::ErrorKind {
        self.0.kind()
    }

    /// The underlying error.
    pub fn get_ref(&self) -> &io::Error {
        &self.0
    }
}

impl From<io::Error> for IoError {
    fn from(e: io::Error) -> Self {
        IoError(Arc::new(e))
    }
}

impl PartialEq for IoError {
    fn eq(&self, other: &Self) -> bool {
        self.kind() == other.kind()
    }
}

impl Eq for IoError {}

impl fmt::Display for IoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for IoError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

/// What a path is when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::Display)]
#[non_exhaustive]
pub enum FileKind {
    /// A directory.
    #[strum(serialize = "a directory")]
    Directory,
    /// A named pipe.
    #[strum(serialize = "a FIFO (named pipe)")]
    Fifo,
    /// A character device such as `/dev/null`.
    #[strum(serialize = "a character device")]
    CharDevice,
    /// A block device.
    #[strum(serialize = "a block device")]
    BlockDevice,
    /// A Unix domain socket.
    #[strum(serialize = "a socket")]
    Socket,
    /// Anything else that is not a regular file.
    #[strum(serialize = "not a regular file")]
    Other,
}

impl FileKind {
    /// The kind of a file that is not regular, or `None` for a regular file.
    pub fn of(file_type: std::fs::FileType) -> Option<FileKind> {
        if file_type.is_file() {
            return None;
        }
        if file_type.is_dir() {
            return Some(FileKind::Directory);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return Some(FileKind::Fifo);
            }
            if file_type.is_char_device() {
                return Some(FileKind::CharDevice);
            }
            if file_type.is_block_device() {
                return Some(FileKind::BlockDevice);
            }
            if file_type.is_socket() {
                return Some(FileKind::Socket);
            }
        }
        Some(FileKind::Other)
    }
}

/// Where an unsuccessful search for the log stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SearchStop {
    /// The repository root (the directory containing `.git`).
    RepositoryRoot(PathBuf),
    /// The filesystem root; no repository root was met.
    FilesystemRoot,
}

/// An error finding, reading or writing a file; every variant names the path involved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FsError {
    /// An operating-system error while doing `action` on `path`.
    #[error("cannot {action} {}: {source}", .path.display())]
    Io {
        /// What was being attempted ("read", "write", "lock", ...).
        action: &'static str,
        /// The path the operation was applied to.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: IoError,
    },
    /// The path is not a regular file (or a symlink to one); nothing was opened or written.
    #[error("{} is {kind}, not a regular file; refusing to touch it", .path.display())]
    NotRegularFile {
        /// The path as given.
        path: PathBuf,
        /// What it is.
        kind: FileKind,
    },
    /// The file is not valid UTF-8.
    #[error(
        "{}:{position}: not valid UTF-8 (first invalid byte at offset {offset}); refusing to touch it",
        .path.display()
    )]
    NotUtf8 {
        /// The file that was read.
        path: PathBuf,
        /// Byte offset of the first invalid sequence.
        offset: usize,
        /// Line and column of that byte.
        position: Position,
    },
    /// The file (or the text to be written) exceeds the size limit.
    #[error(
        "{} is too large ({size} bytes; the limit is {limit} bytes)",
        .path.display()
    )]
    TooLarge {
        /// The file concerned.
        path: PathBuf,
        /// Its size (or at least how much was read), in bytes.
        size: u64,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A log directory was asked for and this is not a directory.
    #[error("{} is not a directory", .path.display())]
    NotADirectory {
        /// The path as given.
        path: PathBuf,
    },
    /// The file exists and overwriting was not requested.
    #[error("{} already exists; refusing to overwrite it", .path.display())]
    AlreadyExists {
        /// The existing file.
        path: PathBuf,
    },
    /// The file is not writable for this user (no write permission bit, or opening it for
    /// writing is denied); it is not replaced, even by a user who could replace it.
    #[error("{} is read-only (mode {mode:o}); refusing to edit it", .path.display())]
    ReadOnly {
        /// The file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The file's owner or group could not be given to its replacement; nothing was changed.
    #[error(
        "{} is owned by {uid}:{gid}, which this user cannot give to the new version ({source}); refusing to change its owner",
        .path.display()
    )]
    OwnerNotKept {
        /// The file.
        path: PathBuf,
        /// Its owner's user ID.
        uid: u32,
        /// Its group ID.
        gid: u32,
        /// Why `fchown` failed.
        #[source]
        source: IoError,
    },
    /// No log was found; lists every path that was looked at, in order.
    #[error("{}", not_found(.searched, .stop))]
    NotFound {
        /// Every candidate path examined, nearest first.
        searched: Vec<PathBuf>,
        /// Where the search stopped.
        stop: SearchStop,
    },
    /// The configuration file is invalid (`source` is an
    /// [`incident_core::Error::Config`] with its line and column).
    #[error("{}{}", .path.display(), config_suffix(.source))]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong.
        #[source]
        source: incident_core::Error,
    },
}

fn not_found(searched: &[PathBuf], stop: &SearchStop) -> String {
    let mut out = format!("no {} found", super::LOG_FILE_NAME);
    match stop {
        SearchStop::RepositoryRoot(root) => out.push_str(&format!(
            " (searched up to the repository root {})",
            root.display()
        )),
        SearchStop::FilesystemRoot => out.push_str(" (searched up to the filesystem root)"),
    }
    out.push_str("; looked at:");
    for path in searched {
        out.push_str(&format!("\n  {}", path.display()));
    }
    out
}

/// `:line:col: message` when the error has a position, `: message` otherwise.
fn config_suffix(source: &incident_core::Error) -> String {
    match source {
        incident_core::Error::Config {
            position: Some(_), ..
        } => format!(":{source}"),
        _ => format!(": {source}"),
    }
}

impl FsError {
    /// The same error with its path made relative to `base` when inside it, for showing to a
    /// user whose current directory is `base`. Paths outside it are kept as they are.
    pub fn relative_to(mut self, base: &Path) -> FsError {
        let rel = |p: &mut PathBuf| {
            if let Ok(r) = p.strip_prefix(base) {
                *p = r.to_path_buf();
            }
        };
        match &mut self {
            FsError::Io { path, .. }
            | FsError::NotRegularFile { path, .. }
            | FsError::NotUtf8 { path, .. }
            | FsError::TooLarge { path, .. }
            | FsError::AlreadyExists { path }
            | FsError::NotADirectory { path }
            | FsError::ReadOnly { path, .. }
            | FsError::OwnerNotKept { path, .. }
            | FsError::Config { path, .. } => rel(path),
            // The search list reads best as absolute paths, as it was searched.
            FsError::NotFound { .. } => {}
        }
        self
    }

    /// Whether the file (or a directory on its path) does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, FsError::Io { source, .. } if source.kind() == io::ErrorKind::NotFound)
    }

    /// Whether the path is something other than a regular file.
    pub fn is_not_regular_file(&self) -> bool {
        matches!(self, FsError::NotRegularFile { .. })
    }

    /// Builds a `map_err` adapter turning an `io::Error` into [`FsError::Io`].
    pub(crate) fn io(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> FsError {
        let path = path.to_path_buf();
        move |source| FsError::Io {
            action,
            path,
            source: source.into(),
        }
    }
}
