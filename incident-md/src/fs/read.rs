//! Bounded reads of regular files.
//!
//! A path is inspected before it is opened: anything but a regular file (or a symlink to one)
//! is refused with [`FsError::NotRegularFile`], so a FIFO never blocks and `/dev/zero` is never
//! read. The file is then opened without blocking and inspected again (it may have been swapped
//! in between), and at most `limit + 1` bytes are read.

use std::fs::{self, File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

use incident_core::Config;
use incident_core::config::{CONFIG_FILE_NAME, MAX_CONFIG_BYTES};

use super::FsError;
use super::error::FileKind;
use crate::{Document, Error, LineIndex};

/// The largest document, in bytes, that is read or written (64 MiB).
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// `O_NONBLOCK`, so that opening a FIFO that appeared after the check cannot hang.
#[cfg(any(target_os = "linux", target_os = "android"))]
const O_NONBLOCK: i32 = 0o4000;
#[cfg(any(
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd",
    target_os = "dragonfly"
))]
const O_NONBLOCK: i32 = 0x0004;

/// Refuses anything that is not a regular file, following symlinks. A missing file is an
/// [`FsError::Io`] with `action`.
pub fn ensure_regular(path: &Path, action: &'static str) -> Result<fs::Metadata, FsError> {
    let meta = fs::metadata(path).map_err(FsError::io(action, path))?;
    match FileKind::of(meta.file_type()) {
        None => Ok(meta),
        Some(kind) => Err(FsError::NotRegularFile {
            path: path.to_path_buf(),
            kind,
        }),
    }
}

/// Opens a regular file for reading, refusing special files before opening them.
pub(crate) fn open_regular(path: &Path) -> Result<(File, fs::Metadata), FsError> {
    ensure_regular(path, "read")?;
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(any(
        target_os = "linux",
        target_os = "android",
        target_os = "macos",
        target_os = "ios",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd",
        target_os = "dragonfly"
    ))]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(O_NONBLOCK);
    }
    let file = options.open(path).map_err(FsError::io("read", path))?;
    let meta = file.metadata().map_err(FsError::io("read", path))?;
    if let Some(kind) = FileKind::of(meta.file_type()) {
        return Err(FsError::NotRegularFile {
            path: path.to_path_buf(),
            kind,
        });
    }
    Ok((file, meta))
}

/// Reads an open file as UTF-8 text of at most `limit` bytes.
pub(crate) fn read_open(
    file: &File,
    meta: &fs::Metadata,
    path: &Path,
    limit: u64,
) -> Result<String, FsError> {
    let too_large = |size: u64| FsError::TooLarge {
        path: path.to_path_buf(),
        size,
        limit,
    };
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // `take` guards against a file that grows while being read.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(FsError::io("read", path))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        // The prefix before the bad byte is valid: locate it as an editor would.
        let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
        FsError::NotUtf8 {
            path: path.to_path_buf(),
            offset,
            position: LineIndex::new(valid).position(valid, offset),
        }
    })
}

/// Reads a regular file as UTF-8 text of at most `limit` bytes.
///
/// Fails with [`FsError::NotRegularFile`] (before opening) for directories, FIFOs, devices and
/// sockets, [`FsError::TooLarge`] past `limit`, [`FsError::NotUtf8`] with the line and column
/// of the first invalid byte, and [`FsError::Io`] otherwise. Use it for every input file (JSON
/// input, say), not only the log.
pub fn read_text_file(path: &Path, limit: u64) -> Result<String, FsError> {
    let (file, meta) = open_regular(path)?;
    read_open(&file, &meta, path, limit)
}

/// Reads the log's text (at most [`MAX_DOCUMENT_BYTES`]); see [`read_text_file`].
pub fn read_document_text(path: &Path) -> Result<String, FsError> {
    read_text_file(path, MAX_DOCUMENT_BYTES)
}

/// Reads and parses the log at `path`, without locking it.
///
/// ```no_run
/// let doc = incident_md::fs::read_document("INCIDENTS.md".as_ref())?;
/// println!("{} incidents", doc.incidents().len());
/// # Ok::<(), incident_md::Error>(())
/// ```
pub fn read_document(path: &Path) -> Result<Document, Error> {
    // The text read is the document's own: no copy of it.
    Ok(Document::from_source(read_document_text(path)?))
}

/// [`read_document`] with times without an offset local to `zone` and the dialect read with
/// `overrides` (from `.incident.toml`), in one reading of the text.
pub fn read_document_in(
    path: &Path,
    zone: chrono_tz::Tz,
    overrides: crate::dialect::Overrides,
) -> Result<Document, Error> {
    Ok(Document::from_source_with(
        read_document_text(path)?,
        zone,
        std::sync::Arc::new(overrides),
    ))
}

/// Reads `.incident.toml` from `dir` (normally the log's directory).
///
/// `Ok(None)` when there is none; otherwise its path and the parsed [`Config`]. Only a regular
/// file of at most [`MAX_CONFIG_BYTES`] is read; parse errors are [`FsError::Config`] with the
/// path and the line and column.
pub fn read_config(dir: &Path) -> Result<Option<(PathBuf, Config)>, FsError> {
    let path = dir.join(CONFIG_FILE_NAME);
    match fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        _ => {}
    }
    let text = read_text_file(&path, MAX_CONFIG_BYTES)?;
    match Config::parse(&text) {
        Ok(config) => Ok(Some((path, config))),
        Err(source) => Err(FsError::Config { path, source }),
    }
}

/// The team configuration that governs the log at `log`: its `.incident.toml` (or the defaults
/// when there is none) and the business calendar it describes, checked. What the CLI and the MCP
/// server both start from. For a directory of postmortems, the `.incident.toml` in it.
pub fn config_for_log(log: &Path) -> Result<(Config, incident_core::BusinessCalendar), FsError> {
    let dir = if log.is_dir() {
        log
    } else {
        log.parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    };
    let Some((path, config)) = read_config(dir)? else {
        return Ok((
            Config::default(),
            incident_core::BusinessCalendar::default(),
        ));
    };
    let calendar = config
        .calendar()
        .map_err(|source| FsError::Config { path, source })?;
    Ok((config, calendar))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_for_log_reads_the_logs_directory_or_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("INCIDENTS.md");
        let (config, calendar) = config_for_log(&log).unwrap();
        assert_eq!(config, Config::default());
        assert_eq!(calendar, incident_core::BusinessCalendar::default());
        fs::write(
            dir.path().join(CONFIG_FILE_NAME),
            "immediate-grace = \"10m\"\n",
        )
        .unwrap();
        let (_, calendar) = config_for_log(&log).unwrap();
        assert_eq!(calendar.immediate_grace(), chrono::TimeDelta::minutes(10));
        fs::write(
            dir.path().join(CONFIG_FILE_NAME),
            "work-hours = \"17:00-09:00\"\n",
        )
        .unwrap();
        assert!(matches!(config_for_log(&log), Err(FsError::Config { .. })));
    }

    #[test]
    fn reads_utf8_text() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("INCIDENTS.md");
        fs::write(&p, "# Incidents\r\n\u{e9}\n").unwrap();
        assert_eq!(read_document_text(&p).unwrap(), "# Incidents\r\n\u{e9}\n");
        assert_eq!(
            read_document(&p).unwrap().to_string(),
            "# Incidents\r\n\u{e9}\n"
        );
    }

    #[test]
    fn non_utf8_reports_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("INCIDENTS.md");
        fs::write(&p, b"a\r\nb\rc\xffdef").unwrap();
        match read_document_text(&p) {
            Err(FsError::NotUtf8 {
                path,
                offset,
                position,
            }) => {
                assert_eq!(path, p);
                assert_eq!(offset, 6);
                assert_eq!(position.to_string(), "3:2");
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
            matches!(&err, FsError::Io { source, path, .. } if source.kind() == std::io::ErrorKind::NotFound && *path == p)
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
        fs::write(&p, "12345").unwrap();
        assert!(matches!(
            read_text_file(&p, 4),
            Err(FsError::TooLarge { limit: 4, .. })
        ));
    }

    #[test]
    fn directory_is_refused_before_opening() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_document_text(dir.path()).unwrap_err();
        assert!(
            matches!(
                err,
                FsError::NotRegularFile {
                    kind: FileKind::Directory,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    /// `/dev/zero` would otherwise be read until the limit (or memory) runs out.
    #[cfg(unix)]
    #[test]
    fn devices_are_refused_without_reading() {
        for dev in ["/dev/null", "/dev/zero"] {
            let err = read_text_file(Path::new(dev), 10).unwrap_err();
            assert!(
                matches!(
                    err,
                    FsError::NotRegularFile {
                        kind: FileKind::CharDevice,
                        ..
                    }
                ),
                "{dev}: {err:?}"
            );
            assert!(err.to_string().contains("character device"), "{err}");
        }
    }

    /// The check comes before `open`, so no writer is needed and nothing can block.
    #[cfg(target_os = "linux")]
    #[test]
    fn fifo_and_symlink_to_fifo_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("INCIDENTS.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here; the device test covers the same check
        }
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        for p in [&fifo, &link] {
            let err = read_document_text(p).unwrap_err();
            assert!(
                matches!(
                    err,
                    FsError::NotRegularFile {
                        kind: FileKind::Fifo,
                        ..
                    }
                ),
                "{err:?}"
            );
        }
        let err = read_config(dir.path()).unwrap();
        assert!(err.is_none());
        fs::rename(&fifo, dir.path().join(CONFIG_FILE_NAME)).unwrap();
        assert!(matches!(
            read_config(dir.path()),
            Err(FsError::NotRegularFile {
                kind: FileKind::Fifo,
                ..
            })
        ));
    }

    #[test]
    fn config_from_dir() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_config(dir.path()).unwrap(), None);
        let path = dir.path().join(CONFIG_FILE_NAME);
        fs::write(&path, "order = \"newest-first\"\n").unwrap();
        let (p, c) = read_config(dir.path()).unwrap().unwrap();
        assert_eq!(p, path);
        assert_eq!(c.order, Some(incident_core::Order::NewestFirst));
        fs::write(&path, "order = \"newest-first\"\nbogus = 1\n").unwrap();
        let e = read_config(dir.path()).unwrap_err();
        assert!(
            e.to_string()
                .starts_with(&format!("{}:2:1: ", path.display())),
            "{e}"
        );
        fs::write(&path, b"order = \"\xff\"").unwrap();
        assert!(matches!(
            read_config(dir.path()),
            Err(FsError::NotUtf8 { .. })
        ));
        let f = File::create(&path).unwrap();
        f.set_len(MAX_CONFIG_BYTES + 1).unwrap();
        assert!(matches!(
            read_config(dir.path()),
            Err(FsError::TooLarge { .. })
        ));
    }
}
