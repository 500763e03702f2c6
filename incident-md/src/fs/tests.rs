//! The saving rules, each pinned by a test (issue 11 items 1, 6, 7 and 8 among them).

use std::fs::{self, File};
use std::path::Path;
use std::sync::Arc;

use super::save::write_atomically;
use super::*;

/// Names of the entries in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[derive(Debug)]
enum TestError {
    Fs(FsError),
    Edit(&'static str),
}

impl From<FsError> for TestError {
    fn from(e: FsError) -> Self {
        TestError::Fs(e)
    }
}

fn append(path: &Path, line: &str) -> Result<bool, FsError> {
    edit_text(path, |cur: &str| {
        Ok::<_, FsError>(Some(format!("{cur}{line}\n")))
    })
}

#[cfg(unix)]
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

#[test]
fn edit_writes_and_leaves_only_lock_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("INCIDENTS.md");
    fs::write(&p, "a\n").unwrap();
    assert!(append(&p, "b").unwrap());
    assert_eq!(fs::read_to_string(&p).unwrap(), "a\nb\n");
    assert_eq!(entries(dir.path()), [".INCIDENTS.md.lock", "INCIDENTS.md"]);
}

#[test]
fn unchanged_or_none_does_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("INCIDENTS.md");
    fs::write(&p, "a\n").unwrap();
    let before = fs::metadata(&p).unwrap().modified().unwrap();
    assert!(!edit_text(&p, |_| Ok::<_, FsError>(None)).unwrap());
    assert!(!edit_text(&p, |c: &str| Ok::<_, FsError>(Some(c.to_owned()))).unwrap());
    assert_eq!(fs::metadata(&p).unwrap().modified().unwrap(), before);
}

#[test]
fn log_file_edit_reports_change_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("INCIDENTS.md");
    fs::write(&p, crate::render::canonical_template()).unwrap();
    let log = LogFile::open(&p).unwrap();
    let ((), changed) = log.edit(|_| Ok::<_, crate::Error>(())).unwrap();
    assert!(!changed);
    let detected = "2026-03-02T10:00:00Z".parse().unwrap();
    let incident =
        incident_core::Incident::new("API outage", incident_core::Severity::High, detected);
    let (id, changed) = log
        .edit(|doc| {
            doc.add_incident(&incident, &crate::AddOptions::default())
                .map(|a| a.id)
        })
        .unwrap();
    assert!(changed);
    assert_eq!(log.read().unwrap().find(&id).unwrap().id, id);
    assert_eq!(entries(dir.path()), [".INCIDENTS.md.lock", "INCIDENTS.md"]);
    assert!(log.config().unwrap().is_none());
}

#[cfg(unix)]
#[test]
fn replaces_by_rename_and_keeps_permissions() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("INCIDENTS.md");
    fs::write(&p, "a\n").unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    let ino = fs::metadata(&p).unwrap().ino();
    assert!(append(&p, "b").unwrap());
    let meta = fs::metadata(&p).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    assert_ne!(meta.ino(), ino, "the file must be replaced, not rewritten");
    assert_eq!(fs::read_to_string(&p).unwrap(), "a\nb\n");
}

#[cfg(unix)]
#[test]
fn symlink_stays_symlink_and_target_is_updated() {
    let link_dir = tempfile::tempdir().unwrap();
    let real_dir = tempfile::tempdir().unwrap();
    let real = real_dir.path().join("real.md");
    fs::write(&real, "a\n").unwrap();
    let link = link_dir.path().join("INCIDENTS.md");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    assert!(append(&link, "b").unwrap());
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_link(&link).unwrap(), real);
    assert_eq!(fs::read_to_string(&real).unwrap(), "a\nb\n");
    // The lock and temp files live beside the target, not the link.
    assert_eq!(entries(link_dir.path()), ["INCIDENTS.md"]);
    assert_eq!(entries(real_dir.path()), [".real.md.lock", "real.md"]);
}

#[test]
fn non_utf8_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("INCIDENTS.md");
    fs::write(&p, b"ok\n\xc3\x28\n").unwrap();
    let mut called = false;
    let err = edit_text(&p, |_| {
        called = true;
        Ok::<_, FsError>(Some(String::from("x")))
    })
    .unwrap_err();
    assert!(matches!(err, FsError::NotUtf8 { offset: 3, .. }), "{err:?}");
    assert!(!called);
    assert_eq!(fs::read(&p).unwrap(), b"ok\n\xc3\x28\n");
}

#[test]
fn closure_error_leaves_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("INCIDENTS.md");
    fs::write(&p, "a\n").unwrap();
    let err = edit_text(&p, |_| Err::<Option<String>, _>(TestError::Edit("nope"))).unwrap_err();
    assert!(matches!(err, TestError::Edit("nope")));
    assert_eq!(fs::read_to_string(&p).unwrap(), "a\n");
    assert_eq!(entries(dir.path()), [".INCIDENTS.md.lock", "INCIDENTS.md"]);
}

#[test]
fn missing_target_is_error_via_from() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("INCIDENTS.md");
    let err = edit_text(&p, |_| Ok::<_, TestError>(Some(String::new()))).unwrap_err();
    assert!(matches!(err, TestError::Fs(FsError::Io { .. })));
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn failed_rename_removes_temp_file() {
    // Renaming a file over a non-empty directory fails, even for root.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("INCIDENTS.md");
    fs::create_dir(&p).unwrap();
    fs::write(p.join("keep"), "x").unwrap();
    let err = write_atomically(&p, b"new\n", None, false).unwrap_err();
    assert!(
        matches!(
            err,
            FsError::Io {
                action: "replace",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(entries(dir.path()), ["INCIDENTS.md"]);
    assert_eq!(entries(&p), ["keep"]);
}

/// Issue 11 item 1: a directory, device or FIFO as the log (or a symlink's target) is refused
/// before any lock or temporary file, and is left as it was.
#[test]
fn special_files_are_refused_before_lock_or_temp() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("INCIDENTS.md");
    fs::create_dir(&p).unwrap();
    for overwrite in [false, true] {
        let err = write_new_file(&p, "x\n", overwrite).unwrap_err();
        let expected = if overwrite {
            matches!(
                err,
                FsError::NotRegularFile {
                    kind: FileKind::Directory,
                    ..
                }
            )
        } else {
            matches!(err, FsError::AlreadyExists { .. })
        };
        assert!(expected, "{err:?}");
    }
    assert!(matches!(
        append(&p, "x"),
        Err(FsError::NotRegularFile {
            kind: FileKind::Directory,
            ..
        })
    ));
    assert!(matches!(
        LogFile::open(&p),
        Err(crate::Error::Fs(FsError::NotRegularFile { .. }))
    ));
    assert_eq!(entries(dir.path()), ["INCIDENTS.md"]);
}

#[cfg(unix)]
#[test]
fn dev_null_and_symlink_to_it_are_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("INCIDENTS.md");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    for p in [Path::new("/dev/null"), link.as_path()] {
        let err = append(p, "x").unwrap_err();
        assert!(
            matches!(
                err,
                FsError::NotRegularFile {
                    kind: FileKind::CharDevice,
                    ..
                }
            ),
            "{err:?}"
        );
        let err = write_new_file(p, "x\n", true).unwrap_err();
        assert!(matches!(err, FsError::NotRegularFile { .. }), "{err:?}");
    }
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert_eq!(entries(dir.path()), ["INCIDENTS.md"]);
}

/// No writer is ever attached: the check comes before `open`, so this cannot hang.
#[cfg(target_os = "linux")]
#[test]
fn fifo_log_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("INCIDENTS.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return;
    }
    assert!(matches!(
        append(&fifo, "x"),
        Err(FsError::NotRegularFile {
            kind: FileKind::Fifo,
            ..
        })
    ));
    assert!(matches!(
        write_new_file(&fifo, "x\n", true),
        Err(FsError::NotRegularFile {
            kind: FileKind::Fifo,
            ..
        })
    ));
    assert_eq!(entries(dir.path()), ["INCIDENTS.md"]);
}

/// Issue 11 item 6: a temporary file left by a process that died (SIGKILL between write and
/// rename) is removed by the next save; one of a live process is not.
#[cfg(target_os = "linux")]
#[test]
fn stale_temp_files_of_dead_processes_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("INCIDENTS.md");
    fs::write(&p, "a\n").unwrap();
    // A PID above the kernel's maximum (4194304) never exists.
    let dead = dir.path().join(".INCIDENTS.md.tmp.99999999.0");
    fs::write(&dead, "a full copy\n").unwrap();
    // PID 1 is alive; its file is not ours to remove.
    let live = dir.path().join(".INCIDENTS.md.tmp.1.7");
    fs::write(&live, "in use\n").unwrap();
    let other = dir.path().join(".OTHER.md.tmp.99999999.0");
    fs::write(&other, "not this log's\n").unwrap();
    assert!(append(&p, "b").unwrap());
    assert_eq!(
        entries(dir.path()),
        [
            ".INCIDENTS.md.lock",
            ".INCIDENTS.md.tmp.1.7",
            ".OTHER.md.tmp.99999999.0",
            "INCIDENTS.md"
        ]
    );
}

/// Issue 11 item 7: a file without write permission is refused, also for root (who could
/// replace it by rename), before the lock; the file keeps its bytes and inode.
#[cfg(unix)]
#[test]
fn read_only_log_is_refused() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("INCIDENTS.md");
    fs::write(&p, "a\n").unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).unwrap();
    let ino = fs::metadata(&p).unwrap().ino();
    let err = append(&p, "b").unwrap_err();
    assert!(
        matches!(err, FsError::ReadOnly { mode: 0o444, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("read-only"), "{err}");
    let err = write_new_file(&p, "new\n", true).unwrap_err();
    assert!(matches!(err, FsError::ReadOnly { .. }), "{err:?}");
    assert_eq!(fs::read_to_string(&p).unwrap(), "a\n");
    assert_eq!(fs::metadata(&p).unwrap().ino(), ino);
    assert_eq!(entries(dir.path()), ["INCIDENTS.md"]);
}

/// Issue 11 item 7: the owner and group are kept. As root, a file owned by someone else keeps
/// that owner; as anyone, the owner is unchanged after an edit.
#[cfg(unix)]
#[test]
fn owner_and_group_are_kept() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("INCIDENTS.md");
    fs::write(&p, "a\n").unwrap();
    if is_root() {
        std::os::unix::fs::chown(&p, Some(4242), Some(4343)).unwrap();
    }
    let before = fs::metadata(&p).unwrap();
    assert!(append(&p, "b").unwrap());
    let after = fs::metadata(&p).unwrap();
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    assert_ne!(after.ino(), before.ino());
}

#[test]
fn concurrent_appends_are_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    let p = Arc::new(dir.path().join("INCIDENTS.md"));
    fs::write(&*p, "").unwrap();
    let threads: Vec<_> = (0..20)
        .map(|i| {
            let p = Arc::clone(&p);
            std::thread::spawn(move || {
                edit_text(&p, |cur: &str| {
                    // Widen the window between read and write.
                    std::thread::sleep(std::time::Duration::from_millis(2));
                    Ok::<_, FsError>(Some(format!("{cur}line {i}\n")))
                })
                .unwrap()
            })
        })
        .collect();
    for t in threads {
        assert!(t.join().unwrap());
    }
    let text = fs::read_to_string(&*p).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort();
    let mut expected: Vec<String> = (0..20).map(|i| format!("line {i}")).collect();
    expected.sort();
    assert_eq!(lines, expected);
    assert_eq!(entries(dir.path()), [".INCIDENTS.md.lock", "INCIDENTS.md"]);
}

#[test]
fn write_new_file_creates_and_refuses_existing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("INCIDENTS.md");
    write_new_file(&p, "one\n", false).unwrap();
    assert_eq!(fs::read_to_string(&p).unwrap(), "one\n");
    let err = write_new_file(&p, "two\n", false).unwrap_err();
    assert!(matches!(err, FsError::AlreadyExists { .. }), "{err:?}");
    assert_eq!(fs::read_to_string(&p).unwrap(), "one\n");
    write_new_file(&p, "three\n", true).unwrap();
    assert_eq!(fs::read_to_string(&p).unwrap(), "three\n");
    assert_eq!(entries(dir.path()), [".INCIDENTS.md.lock", "INCIDENTS.md"]);
}

#[cfg(unix)]
#[test]
fn write_new_file_overwrite_keeps_permissions_and_symlink() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.md");
    fs::write(&real, "old\n").unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("INCIDENTS.md");
    std::os::unix::fs::symlink("real.md", &link).unwrap();
    assert!(matches!(
        write_new_file(&link, "new\n", false),
        Err(FsError::AlreadyExists { .. })
    ));
    write_new_file(&link, "new\n", true).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&real).unwrap(), "new\n");
    assert_eq!(
        fs::metadata(&real).unwrap().permissions().mode() & 0o7777,
        0o640
    );
}

/// Issue 11 item 8: without `overwrite` a dangling symlink counts as existing; with it, the
/// file the link names is created and the link stays a link.
#[cfg(unix)]
#[test]
fn dangling_symlink_is_refused_or_written_through() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("real")).unwrap();
    let link = dir.path().join("INCIDENTS.md");
    std::os::unix::fs::symlink("real/missing.md", &link).unwrap();
    assert!(matches!(
        write_new_file(&link, "x\n", false),
        Err(FsError::AlreadyExists { .. })
    ));
    write_new_file(&link, "x\n", true).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("real/missing.md"));
    assert_eq!(
        fs::read_to_string(dir.path().join("real/missing.md")).unwrap(),
        "x\n"
    );
    // A link into a directory that does not exist is an error, and the link is kept.
    let broken = dir.path().join("other.md");
    std::os::unix::fs::symlink("no/such/dir/x.md", &broken).unwrap();
    assert!(matches!(
        write_new_file(&broken, "x\n", true),
        Err(FsError::Io {
            action: "resolve",
            ..
        })
    ));
    assert!(
        fs::symlink_metadata(&broken)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn write_new_file_missing_parent_is_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("no/such/dir/INCIDENTS.md");
    assert!(matches!(
        write_new_file(&p, "x\n", false),
        Err(FsError::Io { .. })
    ));
}

#[test]
fn oversized_text_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("INCIDENTS.md");
    let f = File::create(&p).unwrap();
    drop(f);
    let big = "x".repeat(usize::try_from(MAX_DOCUMENT_BYTES).unwrap() + 1);
    assert!(matches!(
        write_new_file(&p, &big, true),
        Err(FsError::TooLarge { .. })
    ));
}

#[test]
fn relative_paths_for_display() {
    let err = FsError::ReadOnly {
        path: "/work/repo/INCIDENTS.md".into(),
        mode: 0o444,
    };
    let shown = err.relative_to(Path::new("/work/repo")).to_string();
    assert!(shown.starts_with("INCIDENTS.md is read-only"), "{shown}");
}

#[test]
fn error_queries() {
    let dir = tempfile::tempdir().unwrap();
    let missing = read_document_text(&dir.path().join("nope.md")).unwrap_err();
    assert!(missing.is_not_found() && !missing.is_not_regular_file());
    let special = read_document_text(dir.path()).unwrap_err();
    assert!(special.is_not_regular_file() && !special.is_not_found());
}

#[cfg(unix)]
#[test]
fn replace_file_is_atomic_keeps_the_mode_and_leaves_no_lock() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(".merge_file_abc");
    fs::write(&p, "ours\n").unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    let ino = fs::metadata(&p).unwrap().ino();
    replace_file(&p, "merged\n").unwrap();
    let meta = fs::metadata(&p).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    assert_ne!(meta.ino(), ino, "replaced by rename");
    assert_eq!(fs::read_to_string(&p).unwrap(), "merged\n");
    // A missing file is created; nothing else is left beside either.
    let q = dir.path().join(".gitattributes");
    replace_file(&q, "INCIDENTS.md merge=incident\n").unwrap();
    assert_eq!(entries(dir.path()), [".gitattributes", ".merge_file_abc"]);
}

#[cfg(unix)]
#[test]
fn replace_file_refuses_special_files() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        replace_file(Path::new("/dev/null"), "x")
            .unwrap_err()
            .is_not_regular_file()
    );
    assert!(
        replace_file(dir.path(), "x")
            .unwrap_err()
            .is_not_regular_file()
    );
}

/// A canonical temporary directory (comparisons survive a symlinked /tmp).
fn canonical_tmp() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = fs::canonicalize(dir.path()).unwrap();
    (dir, root)
}

#[test]
fn in_a_repository_the_lock_lives_in_the_git_directory() {
    let (_d, root) = canonical_tmp();
    fs::create_dir(root.join(".git")).unwrap();
    fs::create_dir_all(root.join("svc/incidents")).unwrap();
    let top = root.join("INCIDENTS.md");
    let nested = root.join("svc/incidents/INCIDENTS.md");
    fs::write(&top, "a\n").unwrap();
    fs::write(&nested, "a\n").unwrap();
    assert_eq!(
        lock_path(&top),
        root.join(".git/incident/INCIDENTS.md.lock")
    );
    assert_eq!(
        lock_path(&nested),
        root.join(".git/incident/svc%2Fincidents%2FINCIDENTS.md.lock")
    );
    assert!(append(&top, "b").unwrap());
    assert!(append(&nested, "b").unwrap());
    // Nothing but the log is left in the work tree.
    assert_eq!(entries(&root), [".git", "INCIDENTS.md", "svc"]);
    assert_eq!(entries(&root.join("svc/incidents")), ["INCIDENTS.md"]);
    assert_eq!(
        entries(&root.join(".git/incident")),
        ["INCIDENTS.md.lock", "svc%2Fincidents%2FINCIDENTS.md.lock"]
    );
}

#[test]
fn a_percent_in_a_path_cannot_make_two_logs_share_a_lock() {
    let (_d, root) = canonical_tmp();
    fs::create_dir(root.join(".git")).unwrap();
    let a = lock_path(&root.join("a%2Fb.md"));
    let b = lock_path(&root.join("a/b.md"));
    assert_ne!(a, b);
    assert_eq!(a, root.join(".git/incident/a%252Fb.md.lock"));
}

#[test]
fn a_git_file_names_the_git_directory_of_a_worktree_or_submodule() {
    let (_d, root) = canonical_tmp();
    let git_dir = root.join("main/.git/worktrees/feature");
    fs::create_dir_all(&git_dir).unwrap();
    let tree = root.join("feature");
    fs::create_dir_all(tree.join("docs")).unwrap();
    // Relative to the `.git` file's directory, as `git worktree add` may write it.
    fs::write(
        tree.join(".git"),
        "gitdir: ../main/.git/worktrees/feature\n",
    )
    .unwrap();
    let log = tree.join("docs/INCIDENTS.md");
    fs::write(&log, "a\n").unwrap();
    assert_eq!(
        lock_path(&log),
        tree.join("../main/.git/worktrees/feature/incident/docs%2FINCIDENTS.md.lock")
    );
    assert!(append(&log, "b").unwrap());
    assert_eq!(entries(&tree), [".git", "docs"]);
    assert_eq!(entries(&tree.join("docs")), ["INCIDENTS.md"]);
    assert_eq!(
        entries(&git_dir.join("incident")),
        ["docs%2FINCIDENTS.md.lock"]
    );
}

#[test]
fn an_unreadable_git_file_is_no_repository() {
    let (_d, root) = canonical_tmp();
    fs::write(root.join(".git"), "not a gitdir line\n").unwrap();
    let log = root.join("INCIDENTS.md");
    assert_eq!(lock_path(&log), root.join(".INCIDENTS.md.lock"));
}

/// Two paths to one log (a symlink from another directory) take one lock: while one holder
/// has it, the other path's lock file cannot be locked.
#[cfg(unix)]
#[test]
fn a_symlinked_path_takes_the_same_lock() {
    let (_d, root) = canonical_tmp();
    fs::create_dir(root.join(".git")).unwrap();
    let real = root.join("INCIDENTS.md");
    fs::write(&real, "a\n").unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let link = elsewhere.path().join("log.md");
    std::os::unix::fs::symlink(&real, &link).unwrap();

    let held = lock_log(&fs::canonicalize(&real).unwrap()).unwrap();
    let other = lock_path(&fs::canonicalize(&link).unwrap());
    assert_eq!(other, root.join(".git/incident/INCIDENTS.md.lock"));
    let file = File::options().read(true).write(true).open(&other).unwrap();
    assert!(matches!(
        file.try_lock(),
        Err(std::fs::TryLockError::WouldBlock)
    ));
    drop(held);
    file.try_lock().unwrap();
    assert_eq!(entries(elsewhere.path()), ["log.md"]);
}
