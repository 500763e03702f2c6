//! Finding the incident log.
//!
//! Starting from a directory, [`find_log`] looks for `INCIDENTS.md` and then
//! `incidents/INCIDENTS.md` in that directory and in each ancestor, stopping
//! at the repository root (the first directory containing `.git`, whether a
//! directory or a worktree/submodule file), inclusive, or at the filesystem
//! root.

use std::path::{Path, PathBuf};

use super::{FileKind, FsError, SearchStop};

/// The file name of the incident log.
pub const LOG_FILE_NAME: &str = "INCIDENTS.md";

/// The subdirectory that may hold the log instead of the directory itself.
pub const LOG_SUBDIR: &str = "incidents";

/// Finds the incident log for `start_dir`.
///
/// In `start_dir` and then each ancestor, `INCIDENTS.md` is tried before
/// `incidents/INCIDENTS.md`; the first regular file (symlinks followed) wins. Directories of
/// that name are skipped; a FIFO, device or socket of that name is
/// [`FsError::NotRegularFile`].
/// The search stops after the first directory that contains `.git`. The start
/// directory is made absolute (and canonical when it exists), so the returned
/// path is absolute. A miss is [`FsError::NotFound`], listing every path tried.
pub fn find_log(start_dir: &Path) -> Result<PathBuf, FsError> {
    let start = std::fs::canonicalize(start_dir)
        .or_else(|_| std::path::absolute(start_dir))
        .unwrap_or_else(|_| start_dir.to_path_buf());
    let mut searched = Vec::new();
    for dir in start.ancestors() {
        for candidate in [
            dir.join(LOG_FILE_NAME),
            dir.join(LOG_SUBDIR).join(LOG_FILE_NAME),
        ] {
            match candidate.metadata() {
                Ok(meta) if meta.is_file() => return Ok(candidate),
                // A FIFO or device under the log's name is an error, not a miss: the user
                // meant it, and reading on would block or eat the device.
                Ok(meta) if !meta.is_dir() => {
                    if let Some(kind) = FileKind::of(meta.file_type()) {
                        return Err(FsError::NotRegularFile {
                            path: candidate,
                            kind,
                        });
                    }
                }
                _ => {}
            }
            searched.push(candidate);
        }
        if dir.join(".git").symlink_metadata().is_ok() {
            return Err(FsError::NotFound {
                searched,
                stop: SearchStop::RepositoryRoot(dir.to_path_buf()),
            });
        }
    }
    Err(FsError::NotFound {
        searched,
        stop: SearchStop::FilesystemRoot,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// An unsuccessful search, as data.
    struct Miss {
        searched: Vec<PathBuf>,
        stop: SearchStop,
        message: String,
    }

    fn miss(start: &Path) -> Option<Miss> {
        match find_log(start) {
            Err(e @ FsError::NotFound { .. }) => {
                let message = e.to_string();
                let FsError::NotFound { searched, stop } = e else {
                    unreachable!()
                };
                Some(Miss {
                    searched,
                    stop,
                    message,
                })
            }
            _ => None,
        }
    }

    /// A canonical temp dir (so comparisons survive e.g. /tmp symlinks).
    fn tmp() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        (dir, root)
    }

    #[test]
    fn finds_in_start_dir() {
        let (_d, root) = tmp();
        fs::create_dir(root.join(".git")).unwrap();
        fs::write(root.join(LOG_FILE_NAME), "").unwrap();
        assert_eq!(find_log(&root).unwrap(), root.join(LOG_FILE_NAME));
    }

    #[test]
    fn prefers_top_level_over_subdir_in_same_dir() {
        let (_d, root) = tmp();
        fs::create_dir(root.join(".git")).unwrap();
        fs::create_dir(root.join(LOG_SUBDIR)).unwrap();
        fs::write(root.join(LOG_SUBDIR).join(LOG_FILE_NAME), "").unwrap();
        assert_eq!(
            find_log(&root).unwrap(),
            root.join(LOG_SUBDIR).join(LOG_FILE_NAME)
        );
        fs::write(root.join(LOG_FILE_NAME), "").unwrap();
        assert_eq!(find_log(&root).unwrap(), root.join(LOG_FILE_NAME));
    }

    #[test]
    fn walks_up_to_ancestor() {
        let (_d, root) = tmp();
        fs::create_dir(root.join(".git")).unwrap();
        fs::create_dir(root.join(LOG_SUBDIR)).unwrap();
        fs::write(root.join(LOG_SUBDIR).join(LOG_FILE_NAME), "").unwrap();
        let deep = root.join("a/b/c");
        fs::create_dir_all(&deep).unwrap();
        assert_eq!(
            find_log(&deep).unwrap(),
            root.join(LOG_SUBDIR).join(LOG_FILE_NAME)
        );
    }

    #[test]
    fn nearer_log_wins() {
        let (_d, root) = tmp();
        fs::create_dir(root.join(".git")).unwrap();
        fs::write(root.join(LOG_FILE_NAME), "").unwrap();
        let sub = root.join("svc");
        fs::create_dir_all(sub.join(LOG_SUBDIR)).unwrap();
        fs::write(sub.join(LOG_SUBDIR).join(LOG_FILE_NAME), "").unwrap();
        assert_eq!(
            find_log(&sub).unwrap(),
            sub.join(LOG_SUBDIR).join(LOG_FILE_NAME)
        );
    }

    #[test]
    fn stops_at_repository_root_and_lists_paths() {
        let (_d, outer) = tmp();
        // A log above the repository root must not be found.
        fs::write(outer.join(LOG_FILE_NAME), "").unwrap();
        let repo = outer.join("repo");
        let start = repo.join("src");
        fs::create_dir_all(repo.join(".git")).unwrap();
        fs::create_dir_all(&start).unwrap();
        let err = miss(&start).unwrap();
        assert_eq!(err.stop, SearchStop::RepositoryRoot(repo.clone()));
        assert_eq!(
            err.searched,
            vec![
                start.join(LOG_FILE_NAME),
                start.join(LOG_SUBDIR).join(LOG_FILE_NAME),
                repo.join(LOG_FILE_NAME),
                repo.join(LOG_SUBDIR).join(LOG_FILE_NAME),
            ]
        );
        let msg = err.message.clone();
        assert!(msg.contains("repository root"), "{msg}");
        for p in &err.searched {
            assert!(msg.contains(&p.display().to_string()), "{msg}");
        }
    }

    #[test]
    fn git_file_marks_root_too() {
        let (_d, outer) = tmp();
        fs::write(outer.join(LOG_FILE_NAME), "").unwrap();
        let repo = outer.join("worktree");
        fs::create_dir(&repo).unwrap();
        fs::write(repo.join(".git"), "gitdir: elsewhere\n").unwrap();
        let err = miss(&repo).unwrap();
        assert_eq!(err.stop, SearchStop::RepositoryRoot(repo));
        assert_eq!(err.searched.len(), 2);
    }

    #[test]
    fn directory_named_like_log_is_skipped() {
        let (_d, root) = tmp();
        fs::create_dir(root.join(".git")).unwrap();
        fs::create_dir(root.join(LOG_FILE_NAME)).unwrap();
        let err = miss(&root).unwrap();
        assert_eq!(err.searched[0], root.join(LOG_FILE_NAME));
    }

    #[cfg(unix)]
    #[test]
    fn without_repository_searches_to_filesystem_root() {
        let (_d, root) = tmp();
        let start = root.join("x");
        fs::create_dir(&start).unwrap();
        // Only meaningful when no ancestor of the temp dir has a log or .git.
        if let Some(err) = miss(&start)
            && err.stop == SearchStop::FilesystemRoot
        {
            let last = err.searched.last().unwrap();
            assert_eq!(last, &Path::new("/").join(LOG_SUBDIR).join(LOG_FILE_NAME));
            assert!(err.message.contains("filesystem root"));
        }
    }
}
