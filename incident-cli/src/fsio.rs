//! Safe file I/O for the incident log.
//!
//! Every write goes through the same careful path so that `INCIDENTS.md` is
//! never left half-written, truncated or replaced by a file with the wrong
//! permissions:
//!
//! * reads refuse non-UTF-8 text (reporting the byte offset of the first bad
//!   sequence) and files larger than [`MAX_DOCUMENT_BYTES`];
//! * a read-modify-write ([`with_locked_file`]) holds an exclusive advisory
//!   lock on a sidecar lock file (`.INCIDENTS.md.lock`) beside the real
//!   target for its whole duration, so concurrent `incident` processes never
//!   lose each other's edits;
//! * new text is written to a temporary file in the target's own directory,
//!   synced, given the original's permissions, and renamed over the target,
//!   after which the directory is synced (best effort). A symlinked log stays
//!   a symlink: the file it points to is what gets replaced;
//! * on any error the temporary file is removed and the original is left
//!   untouched.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The largest document, in bytes, that is read or written (64 MiB).
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// An error reading or writing a file; every variant names the path involved.
#[derive(Debug, thiserror::Error)]
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
        source: io::Error,
    },
    /// The file is not valid UTF-8.
    #[error(
        "{}:{line}:{column}: not valid UTF-8 (first invalid byte at offset {offset}); refusing to touch it",
        .path.display()
    )]
    NotUtf8 {
        /// The file that was read.
        path: PathBuf,
        /// Byte offset of the first invalid sequence.
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
        /// 1-based column (in characters) of that byte.
        column: usize,
    },
    /// The file (or the text to be written) exceeds [`MAX_DOCUMENT_BYTES`].
    #[error(
        "{} is too large ({size} bytes; the limit is {limit} bytes)",
        .path.display()
    )]
    TooLarge {
        /// The file concerned.
        path: PathBuf,
        /// Its size (or the size of the text to be written), in bytes.
        size: u64,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The file exists and overwriting was not requested.
    #[error("{} already exists; refusing to overwrite it", .path.display())]
    AlreadyExists {
        /// The existing file.
        path: PathBuf,
    },
}

/// Builds a `map_err` adapter turning an `io::Error` into [`FsError::Io`].
impl FsError {
    /// The same error with its path as the user should see it (relative to the current
    /// directory when inside it).
    pub fn for_display(mut self) -> FsError {
        let path = match &mut self {
            FsError::Io { path, .. }
            | FsError::NotUtf8 { path, .. }
            | FsError::TooLarge { path, .. }
            | FsError::AlreadyExists { path } => path,
        };
        *path = crate::context::display_relative(path).into();
        self
    }
}

fn io_err(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> FsError {
    let path = path.to_path_buf();
    move |source| FsError::Io {
        action,
        path,
        source,
    }
}

/// Reads `path` as UTF-8 text.
///
/// Fails with [`FsError::NotUtf8`] (carrying the offset of the first invalid
/// byte) for non-UTF-8 content, [`FsError::TooLarge`] for files over
/// [`MAX_DOCUMENT_BYTES`], and [`FsError::Io`] for anything else.
pub fn read_document_text(path: &Path) -> Result<String, FsError> {
    let file = File::open(path).map_err(io_err("read", path))?;
    read_open_file(&file, path).map(|(text, _)| text)
}

/// Reads an already open file, returning its text and metadata.
fn read_open_file(file: &File, path: &Path) -> Result<(String, fs::Metadata), FsError> {
    let meta = file.metadata().map_err(io_err("read", path))?;
    if meta.len() > MAX_DOCUMENT_BYTES {
        return Err(FsError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // `take` guards against a file that grows while being read.
    file.take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err("read", path))?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(FsError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        // The prefix before the bad byte is valid: locate it as an editor would.
        let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
        let position = incident_md::LineIndex::new(valid).position(valid, offset);
        FsError::NotUtf8 {
            path: path.to_path_buf(),
            offset,
            line: position.line,
            column: position.column,
        }
    })?;
    Ok((text, meta))
}

/// Runs a read-modify-write of the existing file at `path` under an exclusive
/// advisory lock.
///
/// Symlinks are resolved first; the lock is taken on `.<name>.lock` beside
/// the resolved target and held until the write is complete. `edit` receives
/// the current text (read under the lock); if it returns `Ok(Some(text))` and
/// `text` differs from the current text, it is written atomically (see the
/// module docs). Returns whether the file was written.
///
/// If `edit` fails, or anything else goes wrong, the file is left untouched
/// and no temporary file remains.
pub fn with_locked_file<E, F>(path: &Path, edit: F) -> Result<bool, E>
where
    F: FnOnce(&str) -> Result<Option<String>, E>,
    E: From<FsError>,
{
    let target = fs::canonicalize(path).map_err(io_err("open", path))?;
    let _lock = lock_beside(&target)?;
    let file = File::open(&target).map_err(io_err("read", &target))?;
    let (current, meta) = read_open_file(&file, &target)?;
    drop(file);
    let Some(new) = edit(&current)? else {
        return Ok(false);
    };
    if new == current {
        return Ok(false);
    }
    check_size(&target, &new)?;
    write_atomically(&target, new.as_bytes(), Some(&meta), false)?;
    Ok(true)
}

/// Atomically creates the file at `path` with `text` (used by `init`).
///
/// Refuses with [`FsError::AlreadyExists`] if something already exists at
/// `path`, unless `overwrite` is true, in which case the existing file (or
/// the file a symlink points to) is replaced and its permissions are kept.
/// The parent directory must exist.
pub fn write_new_file(path: &Path, text: &str, overwrite: bool) -> Result<(), FsError> {
    check_size(path, text)?;
    let target = resolve_for_create(path)?;
    let _lock = lock_beside(&target)?;
    match fs::metadata(&target) {
        Ok(_) if !overwrite => Err(FsError::AlreadyExists { path: target }),
        Ok(meta) => write_atomically(&target, text.as_bytes(), Some(&meta), false),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // A dangling symlink still counts as "something exists".
            if !overwrite && fs::symlink_metadata(&target).is_ok() {
                return Err(FsError::AlreadyExists { path: target });
            }
            write_atomically(&target, text.as_bytes(), None, !overwrite)
        }
        Err(e) => Err(io_err("inspect", &target)(e)),
    }
}

/// Refuses to write text that could not be read back.
fn check_size(path: &Path, text: &str) -> Result<(), FsError> {
    if text.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(FsError::TooLarge {
            path: path.to_path_buf(),
            size: text.len() as u64,
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    Ok(())
}

/// Where a file being created at `path` really goes: the symlink target if
/// `path` resolves, otherwise `path`'s file name in its canonical parent.
fn resolve_for_create(path: &Path) -> Result<PathBuf, FsError> {
    match fs::canonicalize(path) {
        Ok(target) => return Ok(target),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_err("resolve", path)(e)),
    }
    let name = path.file_name().ok_or_else(|| FsError::Io {
        action: "create",
        path: path.to_path_buf(),
        source: io::Error::new(io::ErrorKind::InvalidInput, "not a file path"),
    })?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let dir = fs::canonicalize(parent).map_err(io_err("resolve", parent))?;
    Ok(dir.join(name))
}

/// The directory holding `target` (`.` for a bare file name).
fn parent_dir(target: &Path) -> &Path {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// `.<name><suffix>` beside `target`.
fn sidecar(target: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(".");
    name.push(target.file_name().unwrap_or_default());
    name.push(suffix);
    parent_dir(target).join(name)
}

/// Opens (creating if needed) the lock file beside `target` and takes an
/// exclusive lock on it; the lock is released when the returned file drops.
fn lock_beside(target: &Path) -> Result<File, FsError> {
    let lock_path = sidecar(target, ".lock");
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(io_err("create lock file", &lock_path))?;
    file.lock().map_err(io_err("lock", &lock_path))?;
    Ok(file)
}

/// Removes the temporary file on drop unless disarmed.
struct TempGuard(Option<PathBuf>);

impl TempGuard {
    /// The temporary file has been renamed into place; nothing to remove.
    fn disarm(&mut self) {
        self.0 = None;
    }
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = fs::remove_file(path);
        }
    }
}

/// Creates a uniquely named temporary file beside `target`.
///
/// When `private` is set it starts with mode 0600 (on Unix) so that contents
/// are never readable more widely than the original's permissions allow.
fn create_temp(target: &Path, private: bool) -> Result<(PathBuf, File), FsError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let pid = std::process::id();
    let mut last_err = None;
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = sidecar(target, &format!(".tmp.{pid}.{n}"));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        match options.open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_err = Some((tmp, e)),
            Err(e) => return Err(io_err("create temporary file", &tmp)(e)),
        }
    }
    let (tmp, e) = last_err.expect("the loop ran at least once");
    Err(io_err("create temporary file", &tmp)(e))
}

/// Writes `contents` to a temporary file beside `target` and moves it into
/// place. `original` is the metadata of the file being replaced (its
/// permissions, and on Unix best-effort its owner, are copied). With
/// `no_clobber`, the final step fails if `target` appeared in the meantime.
fn write_atomically(
    target: &Path,
    contents: &[u8],
    original: Option<&fs::Metadata>,
    no_clobber: bool,
) -> Result<(), FsError> {
    let (tmp, mut file) = create_temp(target, original.is_some())?;
    let mut guard = TempGuard(Some(tmp.clone()));
    file.write_all(contents).map_err(io_err("write", &tmp))?;
    if let Some(meta) = original {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            // Best effort: only root (or a group member) may change these.
            let _ = std::os::unix::fs::fchown(&file, Some(meta.uid()), Some(meta.gid()));
        }
        file.set_permissions(meta.permissions())
            .map_err(io_err("set permissions on", &tmp))?;
    }
    file.sync_all().map_err(io_err("sync", &tmp))?;
    drop(file);
    if no_clobber {
        match fs::hard_link(&tmp, target) {
            // The guard removes the now redundant temporary name.
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                return Err(FsError::AlreadyExists {
                    path: target.to_path_buf(),
                });
            }
            // Hard links unsupported here: fall back to a checked rename
            // (the caller holds the lock, so only a foreign process can race).
            Err(_) => {
                if fs::symlink_metadata(target).is_ok() {
                    return Err(FsError::AlreadyExists {
                        path: target.to_path_buf(),
                    });
                }
                fs::rename(&tmp, target).map_err(io_err("create", target))?;
                guard.disarm();
            }
        }
    } else {
        fs::rename(&tmp, target).map_err(io_err("replace", target))?;
        guard.disarm();
    }
    drop(guard);
    sync_dir(parent_dir(target));
    Ok(())
}

/// Best-effort fsync of a directory so a rename in it is durable.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

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
        with_locked_file(path, |cur: &str| {
            Ok::<_, FsError>(Some(format!("{cur}{line}\n")))
        })
    }

    #[test]
    fn reads_utf8_text() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("INCIDENTS.md");
        fs::write(&p, "# Incidents\r\n\u{e9}\n").unwrap();
        assert_eq!(read_document_text(&p).unwrap(), "# Incidents\r\n\u{e9}\n");
    }

    #[test]
    fn non_utf8_reports_offset() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("INCIDENTS.md");
        fs::write(&p, b"abc\xffdef").unwrap();
        match read_document_text(&p) {
            Err(FsError::NotUtf8 {
                path,
                offset,
                line,
                column,
            }) => {
                assert_eq!(path, p);
                assert_eq!((offset, line, column), (3, 1, 4));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn missing_file_is_io_error_with_path() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("nope.md");
        let err = read_document_text(&p).unwrap_err();
        assert!(
            matches!(&err, FsError::Io { source, path, .. } if source.kind() == io::ErrorKind::NotFound && *path == p)
        );
        assert!(err.to_string().contains("nope.md"), "{err}");
    }

    #[test]
    fn oversized_file_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("INCIDENTS.md");
        let f = File::create(&p).unwrap();
        f.set_len(MAX_DOCUMENT_BYTES + 1).unwrap(); // sparse, cheap
        drop(f);
        let err = read_document_text(&p).unwrap_err();
        assert!(matches!(err, FsError::TooLarge { size, .. } if size == MAX_DOCUMENT_BYTES + 1));
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
        assert!(!with_locked_file(&p, |_| Ok::<_, FsError>(None)).unwrap());
        assert!(!with_locked_file(&p, |c: &str| Ok::<_, FsError>(Some(c.to_owned()))).unwrap());
        assert_eq!(fs::metadata(&p).unwrap().modified().unwrap(), before);
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
        assert_ne!(
            meta.ino(),
            ino,
            "the file must be replaced, not rewritten in place"
        );
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
        let err = with_locked_file(&p, |_| {
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
        let err = with_locked_file(&p, |_| Err::<Option<String>, _>(TestError::Edit("nope")))
            .unwrap_err();
        assert!(matches!(err, TestError::Edit("nope")));
        assert_eq!(fs::read_to_string(&p).unwrap(), "a\n");
        assert_eq!(entries(dir.path()), [".INCIDENTS.md.lock", "INCIDENTS.md"]);
    }

    #[test]
    fn missing_target_is_error_via_from() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("INCIDENTS.md");
        let err = with_locked_file(&p, |_| Ok::<_, TestError>(Some(String::new()))).unwrap_err();
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
        let err = write_new_file(&p, "new\n", true).unwrap_err();
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
        assert_eq!(entries(dir.path()), [".INCIDENTS.md.lock", "INCIDENTS.md"]);
        assert_eq!(entries(&p), ["keep"]);
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
                    with_locked_file(&p, |cur: &str| {
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

    #[cfg(unix)]
    #[test]
    fn write_new_file_refuses_dangling_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("INCIDENTS.md");
        std::os::unix::fs::symlink("missing.md", &link).unwrap();
        assert!(matches!(
            write_new_file(&link, "x\n", false),
            Err(FsError::AlreadyExists { .. })
        ));
        assert!(
            fs::symlink_metadata(&link)
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
}
