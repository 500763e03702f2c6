//! Files on disk (the default-on `fs` feature): find the log, read it, lock it, save it
//! atomically. The CLI uses exactly this module, so an embedder gets the same rules.
//!
//! - **Finding** ([`find_log`], [`LogFile::discover`]): `INCIDENTS.md`, then
//!   `incidents/INCIDENTS.md`, in a directory and each ancestor up to the repository root.
//! - **Reading** ([`read_document`], [`read_text_file`], [`read_config`]): regular files only
//!   (a directory, FIFO, device or socket, or a symlink to one, is [`FsError::NotRegularFile`]
//!   before anything is opened, so nothing blocks), bounded ([`MAX_DOCUMENT_BYTES`], and
//!   `MAX_CONFIG_BYTES` for `.incident.toml`), valid UTF-8 (else the line:column of the first
//!   bad byte).
//! - **Directories** ([`LogDir`], [`LogOnDisk`], [`LogSet`]): a directory of postmortems is one
//!   log of its markdown files (one incident per file); an edit splices into the one file that
//!   holds the incident, under its lock; a new incident is a new file named in the directory's
//!   pattern ([`FileNamePattern`]) in its postmortems' style ([`PostmortemStyle`]), never
//!   replacing a file.
//! - **Siblings** ([`siblings`]): LOGS.md, TROUBLESHOOTING.md and MEMORY.md beside the log or
//!   in `../logs/`, `../troubleshooting/`, `../memory/`, for the `SIB…` checks.
//! - **Editing** ([`LogFile::edit`], [`edit_text`]): under an exclusive advisory lock held for
//!   the whole read-modify-write, on a file ([`lock_path`]) inside the git directory when the
//!   log is in a repository (`.git/incident/INCIDENTS.md.lock`, never in `git status`), and
//!   `.INCIDENTS.md.lock` beside the real file only outside git.
//! - **Saving**: a temporary file in the same directory, fsync, rename, directory fsync; the
//!   original's mode, owner and group are kept (or nothing is written), a symlink stays a
//!   symlink, a read-only file ([`FsError::ReadOnly`]) is refused, and temporary files of
//!   processes that died are removed by the next save ([`remove_temp_files_in_flight`] is for
//!   signal handlers).
//!
//! ```no_run
//! use incident_md::fs::{LogFile, read_document};
//!
//! let doc = read_document("INCIDENTS.md".as_ref())?;
//! println!("{} incidents", doc.incidents().len());
//! let log = LogFile::open("INCIDENTS.md".as_ref())?;
//! let (_, changed) = log.edit(|doc| {
//!     let id = doc.find("2026-03-02")?.id.clone();
//!     doc.set_resolved(&id, "2026-03-02T11:00:00Z".parse().unwrap())
//! })?;
//! println!("written: {changed}");
//! # Ok::<(), incident_md::Error>(())
//! ```

mod any_log;
mod dir_style;
mod discover;
mod error;
mod lock;
mod log_dir;
mod log_file;
mod log_set;
mod read;
mod read_with;
mod save;
mod siblings;
#[cfg(test)]
mod tests;

pub use any_log::LogOnDisk;
pub use dir_style::{FileNamePattern, NamePrefix, PostmortemStyle};
pub use discover::{LOG_FILE_NAME, LOG_SUBDIR, find_log};
pub use error::{FileKind, FsError, IoError, SearchStop};
pub use lock::{LOCK_DIR_IN_GIT, LogLock, lock_log, lock_path};
pub use log_dir::{DirExplanation, FileExplanation, LogDir, NewFile};
pub use log_file::LogFile;
pub use log_set::{LogPart, LogSet};
pub use read::{
    MAX_DOCUMENT_BYTES, config_for_log, ensure_regular, read_config, read_document,
    read_document_in, read_document_text, read_text_file,
};
pub use save::{edit_text, remove_temp_files_in_flight, replace_file, write_new_file};
pub use siblings::siblings;
