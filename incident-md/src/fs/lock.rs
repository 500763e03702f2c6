//! The advisory lock that serializes read-modify-writes of one log.
//!
//! The lock is taken on a sidecar file, `.INCIDENTS.md.lock` beside the real (symlink-resolved)
//! target, never on the log itself: the log is replaced by rename, so a lock on it would be
//! on a file that no longer has the name.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use super::FsError;

/// The directory holding `target` (`.` for a bare file name).
pub(crate) fn parent_dir(target: &Path) -> &Path {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// `.<name><suffix>` beside `target`.
pub(crate) fn sidecar(target: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(".");
    name.push(target.file_name().unwrap_or_default());
    name.push(suffix);
    parent_dir(target).join(name)
}

/// An exclusive lock on the log at `target`, released when dropped.
#[derive(Debug)]
pub struct LogLock {
    _file: File,
}

/// Takes the exclusive lock for `target` (already symlink-resolved), waiting for other holders.
pub fn lock_beside(target: &Path) -> Result<LogLock, FsError> {
    let lock_path = sidecar(target, ".lock");
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(FsError::io("create lock file", &lock_path))?;
    file.lock().map_err(FsError::io("lock", &lock_path))?;
    Ok(LogLock { _file: file })
}
