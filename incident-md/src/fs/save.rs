//! Atomic saves: the new text goes to a temporary file in the target's own directory, is
//! synced, given the original's permissions and owner, and renamed over the target; then the
//! directory is synced. A symlinked log stays a symlink: the file it points to is replaced.
//!
//! What is refused, before any lock or temporary file: anything but a regular file, and a file
//! this user may not write (no write permission bit, or opening it for writing is denied). A
//! replacement never gets a different owner or group: if they cannot be kept, nothing is
//! written. Temporary files (`.INCIDENTS.md.tmp.PID.N`) are removed on every error, and those
//! left by processes that died (SIGKILL, power loss) are removed by the next write.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use super::FsError;
use super::lock::{lock_log, parent_dir, sidecar};
use super::read::{MAX_DOCUMENT_BYTES, ensure_regular, open_regular, read_open};

/// The temporary files this process is writing, and whether it is shutting down.
struct InFlight {
    closing: bool,
    paths: Vec<PathBuf>,
}

/// See [`remove_temp_files_in_flight`]. Creating a temporary file happens with this held, so a
/// file is either created before the shutdown (and removed by it) or refused after it.
static IN_FLIGHT: Mutex<InFlight> = Mutex::new(InFlight {
    closing: false,
    paths: Vec::new(),
});

fn in_flight() -> std::sync::MutexGuard<'static, InFlight> {
    IN_FLIGHT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Removes the temporary files this process is writing, and refuses to create new ones from
/// then on (a save in progress then fails, leaving the log as it was).
///
/// For a program's SIGINT/SIGTERM handler (run on a normal thread, as `signal-hook`'s iterator
/// or `ctrlc` do, not in the signal context) just before it exits, so that an interrupted save
/// leaves no copy of the log behind. The log itself is never half-written either way.
pub fn remove_temp_files_in_flight() {
    let mut state = in_flight();
    state.closing = true;
    for path in state.paths.drain(..) {
        let _ = fs::remove_file(path);
    }
}

/// Runs a read-modify-write of the existing regular file at `path` under the log's lock.
///
/// `edit` receives the current text (read under the lock); if it returns `Ok(Some(text))` and
/// `text` differs, it is written atomically. Returns whether the file was written. If `edit`
/// fails, or anything else goes wrong, the file is left untouched and no temporary file remains.
pub fn edit_text<E, F>(path: &Path, edit: F) -> Result<bool, E>
where
    F: FnOnce(&str) -> Result<Option<String>, E>,
    E: From<FsError>,
{
    edit_text_as(path, edit)
}

/// [`edit_text`] with the new text in whatever holds it (an edited document), so that it is
/// written from there rather than copied out first.
pub(crate) fn edit_text_as<E, T, F>(path: &Path, edit: F) -> Result<bool, E>
where
    F: FnOnce(&str) -> Result<Option<T>, E>,
    T: AsRef<str>,
    E: From<FsError>,
{
    let meta = ensure_regular(path, "open")?;
    let target = fs::canonicalize(path).map_err(FsError::io("open", path))?;
    ensure_writable(&target, &meta)?;
    let _lock = lock_log(&target)?;
    let (file, meta) = open_regular(&target)?;
    let current = read_open(&file, &meta, &target, MAX_DOCUMENT_BYTES)?;
    drop(file);
    let Some(new) = edit(&current)? else {
        return Ok(false);
    };
    let new = new.as_ref();
    if new == current {
        return Ok(false);
    }
    check_size(&target, new)?;
    write_atomically(&target, new.as_bytes(), Some(&meta), false)?;
    Ok(true)
}

/// Atomically creates the file at `path` with `text` (what `incident init` does).
///
/// Refuses with [`FsError::AlreadyExists`] if anything exists at `path` (a dangling symlink
/// included) unless `overwrite` is set. With `overwrite`, an existing regular file (or the one
/// a symlink points to) is replaced keeping its permissions, and a dangling symlink is written
/// through: the file it names is created and the link stays. The parent directory must exist.
pub fn write_new_file(path: &Path, text: &str, overwrite: bool) -> Result<(), FsError> {
    check_size(path, text)?;
    let exists = fs::symlink_metadata(path).is_ok();
    if exists && !overwrite {
        return Err(FsError::AlreadyExists {
            path: path.to_path_buf(),
        });
    }
    let target = resolve_for_create(path)?;
    let original = match fs::symlink_metadata(&target) {
        Ok(_) => {
            let meta = ensure_regular(&target, "inspect")?;
            ensure_writable(&target, &meta)?;
            Some(meta)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(FsError::io("inspect", &target)(e)),
    };
    let _lock = lock_log(&target)?;
    match (original, fs::symlink_metadata(&target)) {
        (Some(_), Ok(_)) => {
            // Re-read under the lock: it may have changed since.
            let meta = ensure_regular(&target, "inspect")?;
            write_atomically(&target, text.as_bytes(), Some(&meta), false)
        }
        (None, Err(_)) => write_atomically(&target, text.as_bytes(), None, true),
        // Something appeared or vanished between the check and the lock.
        (None, Ok(_)) => Err(FsError::AlreadyExists { path: target }),
        (Some(_), Err(e)) => Err(FsError::io("inspect", &target)(e)),
    }
}

/// Atomically writes `text` to the regular file at `path` (creating it when missing), keeping
/// an existing file's mode and owner, without taking the log's lock: for files another program
/// owns for the moment, such as the `%A` copy git hands a merge driver, or `.gitattributes`,
/// where a lock file beside them would be left in the work tree.
pub fn replace_file(path: &Path, text: &str) -> Result<(), FsError> {
    check_size(path, text)?;
    let target = resolve_for_create(path)?;
    match fs::symlink_metadata(&target) {
        Ok(_) => {
            let meta = ensure_regular(&target, "inspect")?;
            ensure_writable(&target, &meta)?;
            write_atomically(&target, text.as_bytes(), Some(&meta), false)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            write_atomically(&target, text.as_bytes(), None, true)
        }
        Err(e) => Err(FsError::io("inspect", &target)(e)),
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

/// Refuses a file this user may not write, even where replacing it by rename would work
/// (root, or anyone with a writable directory).
fn ensure_writable(target: &Path, meta: &fs::Metadata) -> Result<(), FsError> {
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o7777
    };
    #[cfg(not(unix))]
    let mode = if meta.permissions().readonly() {
        0o444
    } else {
        0o644
    };
    let read_only = || FsError::ReadOnly {
        path: target.to_path_buf(),
        mode,
    };
    if mode & 0o222 == 0 {
        return Err(read_only());
    }
    // Opening for writing without truncating changes nothing, and asks the kernel the real
    // question (owner, group, ACLs, read-only mounts).
    match OpenOptions::new().write(true).open(target) {
        Ok(_) => Ok(()),
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            Err(read_only())
        }
        Err(e) => Err(FsError::io("open for writing", target)(e)),
    }
}

/// Where a file being created at `path` really goes: the symlink target if `path` resolves;
/// the end of the link chain for a dangling symlink; otherwise `path`'s file name in its
/// canonical parent.
fn resolve_for_create(path: &Path) -> Result<PathBuf, FsError> {
    match fs::canonicalize(path) {
        Ok(target) => return Ok(target),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(FsError::io("resolve", path)(e)),
    }
    let mut end = path.to_path_buf();
    // Follow a dangling link chain by hand (the kernel's limit is 40 hops).
    for _ in 0..40 {
        match fs::symlink_metadata(&end) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let next = fs::read_link(&end).map_err(FsError::io("resolve", &end))?;
                end = parent_dir(&end).join(next);
            }
            _ => break,
        }
    }
    let name = end.file_name().ok_or_else(|| FsError::Io {
        action: "create",
        path: path.to_path_buf(),
        source: io::Error::new(io::ErrorKind::InvalidInput, "not a file path").into(),
    })?;
    let parent = parent_dir(&end);
    let dir = fs::canonicalize(parent).map_err(FsError::io("resolve", parent))?;
    Ok(dir.join(name))
}

/// Removes a temporary file on drop unless disarmed, and tracks it for signal handlers.
struct TempGuard(Option<PathBuf>);

impl TempGuard {
    /// The temporary file has been renamed into place; nothing to remove.
    fn disarm(&mut self) {
        if let Some(path) = self.0.take() {
            forget_in_flight(&path);
        }
    }
}

fn forget_in_flight(path: &Path) {
    in_flight().paths.retain(|p| p != path);
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = fs::remove_file(&path);
            forget_in_flight(&path);
        }
    }
}

/// The prefix of temporary files for `target`: `.<name>.tmp.`.
fn temp_prefix(target: &Path) -> String {
    let mut prefix = String::from(".");
    prefix.push_str(&target.file_name().unwrap_or_default().to_string_lossy());
    prefix.push_str(".tmp.");
    prefix
}

/// Removes temporary files beside `target` left by processes that no longer exist.
///
/// Called under the lock. Liveness is known from `/proc` on Linux; elsewhere (or without
/// `/proc`) nothing is removed, which is safe.
fn remove_stale_temp_files(target: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let prefix = temp_prefix(target);
    let own = std::process::id();
    let Ok(entries) = fs::read_dir(parent_dir(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let Some((pid, n)) = rest.split_once('.') else {
            continue;
        };
        let (Ok(pid), true) = (pid.parse::<u32>(), n.bytes().all(|b| b.is_ascii_digit())) else {
            continue;
        };
        if pid != own && !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Creates a uniquely named temporary file beside `target`.
///
/// When `private` is set it starts with mode 0600 (on Unix) so that contents are never
/// readable more widely than the original's permissions allow.
fn create_temp(target: &Path, private: bool) -> Result<(TempGuard, File), FsError> {
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
        let mut state = in_flight();
        if state.closing {
            return Err(FsError::Io {
                action: "create temporary file",
                path: tmp,
                source: io::Error::new(io::ErrorKind::Interrupted, "the program is exiting").into(),
            });
        }
        match options.open(&tmp) {
            Ok(file) => {
                state.paths.push(tmp.clone());
                return Ok((TempGuard(Some(tmp)), file));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_err = Some((tmp, e)),
            Err(e) => return Err(FsError::io("create temporary file", &tmp)(e)),
        }
    }
    let (tmp, e) = last_err.unwrap_or_else(|| {
        (
            sidecar(target, ".tmp"),
            io::Error::from(io::ErrorKind::AlreadyExists),
        )
    });
    Err(FsError::io("create temporary file", &tmp)(e))
}

/// Gives the temporary file the original's owner and group, or refuses.
#[cfg(unix)]
fn keep_owner(file: &File, tmp: &Path, target: &Path, meta: &fs::Metadata) -> Result<(), FsError> {
    use std::os::unix::fs::MetadataExt;
    let now = file
        .metadata()
        .map_err(FsError::io("inspect temporary file", tmp))?;
    if (now.uid(), now.gid()) == (meta.uid(), meta.gid()) {
        return Ok(());
    }
    let uid = (now.uid() != meta.uid()).then_some(meta.uid());
    let gid = (now.gid() != meta.gid()).then_some(meta.gid());
    std::os::unix::fs::fchown(file, uid, gid).map_err(|source| FsError::OwnerNotKept {
        path: target.to_path_buf(),
        uid: meta.uid(),
        gid: meta.gid(),
        source: source.into(),
    })
}

/// Writes `contents` to a temporary file beside `target` and moves it into place.
///
/// `original` is the metadata of the file being replaced: its owner, group and permissions are
/// copied, or nothing is written. With `no_clobber`, the final step fails if `target` appeared
/// in the meantime. The caller holds the lock.
pub(crate) fn write_atomically(
    target: &Path,
    contents: &[u8],
    original: Option<&fs::Metadata>,
    no_clobber: bool,
) -> Result<(), FsError> {
    remove_stale_temp_files(target);
    let (mut guard, mut file) = create_temp(target, original.is_some())?;
    let tmp = guard.0.clone().unwrap_or_default();
    if let Some(meta) = original {
        #[cfg(unix)]
        keep_owner(&file, &tmp, target, meta)?;
        // After the owner: changing it may clear set-id bits.
        file.set_permissions(meta.permissions())
            .map_err(FsError::io("set permissions on", &tmp))?;
    }
    file.write_all(contents)
        .map_err(FsError::io("write", &tmp))?;
    file.sync_all().map_err(FsError::io("sync", &tmp))?;
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
            // Hard links unsupported here: fall back to a checked rename (the caller holds
            // the lock, so only a foreign process can race).
            Err(_) => {
                if fs::symlink_metadata(target).is_ok() {
                    return Err(FsError::AlreadyExists {
                        path: target.to_path_buf(),
                    });
                }
                fs::rename(&tmp, target).map_err(FsError::io("create", target))?;
                guard.disarm();
            }
        }
    } else {
        fs::rename(&tmp, target).map_err(FsError::io("replace", target))?;
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
