//! The advisory lock that serializes read-modify-writes of one log.
//!
//! The lock is taken on a file of its own, never on the log itself: the log is replaced by
//! rename, so a lock on it would be on a file that no longer has the name. Where that file
//! lives is [`lock_path`]'s rule: inside the git directory when the log is in a repository
//! (where git keeps its own `index.lock`, so it never shows in `git status`), beside the log
//! only outside git.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::path::{Component, Path, PathBuf};

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

/// The directory under a git directory that holds the locks of the logs in its work tree.
pub const LOCK_DIR_IN_GIT: &str = "incident";

/// The repository holding `dir`: its work tree root and its git directory.
///
/// The nearest ancestor (inclusive) with a `.git` entry is the root. A `.git` directory is the
/// git directory; a `.git` file (a linked worktree or a submodule) names it with a
/// `gitdir: PATH` line, relative to the file's directory. A `.git` file that cannot be read
/// that way is no repository: the search ends there, as git's does.
fn repository_of(dir: &Path) -> Option<(PathBuf, PathBuf)> {
    for root in dir.ancestors() {
        let dot_git = root.join(".git");
        let Ok(meta) = dot_git.metadata() else {
            if dot_git.symlink_metadata().is_ok() {
                return None;
            }
            continue;
        };
        if meta.is_dir() {
            return Some((root.to_path_buf(), dot_git));
        }
        let text = std::fs::read_to_string(&dot_git).ok()?;
        let named = text.lines().next()?.strip_prefix("gitdir:")?.trim();
        if named.is_empty() {
            return None;
        }
        let git_dir = root.join(named);
        return git_dir.is_dir().then(|| (root.to_path_buf(), git_dir));
    }
    None
}

/// Where the lock of the log at `target` (already symlink-resolved, absolute) lives.
///
/// In a repository: `<git dir>/incident/<path from the work tree root>.lock`, the path's
/// separators written `%2F` (and `%` as `%25`), so each log has its own lock and no two paths
/// share one. Outside git: `.<name>.lock` beside the log. Two processes given different paths
/// to the same file (a symlink, `..`) resolve the same target, so they take the same lock.
pub fn lock_path(target: &Path) -> PathBuf {
    let dir = parent_dir(target);
    if let Some((root, git_dir)) = repository_of(dir)
        && let Ok(relative) = target.strip_prefix(&root)
    {
        let mut name = String::new();
        for (i, part) in relative.components().enumerate() {
            let Component::Normal(part) = part else {
                continue;
            };
            if i > 0 {
                name.push_str("%2F");
            }
            name.push_str(&part.to_string_lossy().replace('%', "%25"));
        }
        name.push_str(".lock");
        return git_dir.join(LOCK_DIR_IN_GIT).join(name);
    }
    sidecar(target, ".lock")
}

/// An exclusive lock on the log at `target`, released when dropped.
#[derive(Debug)]
pub struct LogLock {
    _file: File,
}

/// Takes the exclusive lock for `target` (already symlink-resolved) at [`lock_path`], waiting
/// for other holders. The lock file is kept (removing it would reopen the race it closes).
pub fn lock_log(target: &Path) -> Result<LogLock, FsError> {
    let lock_path = lock_path(target);
    if let Some(dir) = lock_path.parent()
        && !dir.is_dir()
    {
        std::fs::create_dir_all(dir).map_err(FsError::io("create lock directory", dir))?;
    }
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
