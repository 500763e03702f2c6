//! [`LogFile`]: the embedder's handle on an `INCIDENTS.md` on disk.

use super::read_with::ReadWith;
use std::path::{Path, PathBuf};

use incident_core::Config;

use super::read::{ensure_regular, read_config, read_document_text};
use super::save::edit_text_as;
use super::{FsError, find_log};
use crate::dialect::Overrides;
use crate::{Document, Error};

/// An incident log on disk: read it, or edit it under its lock with an atomic save.
///
/// ```no_run
/// use incident_md::fs::LogFile;
///
/// let log = LogFile::discover(".".as_ref())?;
/// let (id, changed) = log.edit(|doc| {
///     let entry = doc.find("2026-03-02-api")?;
///     let id = entry.id.clone();
///     doc.set_acknowledged(&id, "2026-03-02T10:05:00Z".parse().unwrap())?;
///     Ok::<_, incident_md::Error>(id)
/// })?;
/// println!("{id}: {}", if changed { "written" } else { "unchanged" });
/// # Ok::<(), incident_md::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFile {
    path: PathBuf,
    /// The zone and dialect overrides, where the caller chose them.
    with: ReadWith,
}

impl LogFile {
    /// The log at `path`, which must be a regular file (or a symlink to one).
    pub fn open(path: &Path) -> Result<LogFile, Error> {
        ensure_regular(path, "open")?;
        Ok(LogFile {
            path: path.to_path_buf(),
            with: ReadWith::default(),
        })
    }

    /// The log for `dir`, found by [`find_log`]'s rules.
    pub fn discover(dir: &Path) -> Result<LogFile, Error> {
        Ok(LogFile {
            path: find_log(dir)?,
            with: ReadWith::default(),
        })
    }

    /// Reads local times in `zone` instead of the `timezone` of `.incident.toml` (for a caller
    /// that has read the configuration already, or overrides it).
    pub fn with_timezone(mut self, zone: chrono_tz::Tz) -> LogFile {
        self.with.timezone = Some(zone);
        self
    }

    /// Reads the log with these dialect overrides instead of those of `.incident.toml`.
    pub fn with_dialect(mut self, overrides: Overrides) -> LogFile {
        self.with.overrides = Some(overrides);
        self
    }

    /// The dialect overrides the log is read with ([`Document::with_dialect`]): those given
    /// to [`with_dialect`](Self::with_dialect), else the `[dialect]` table and `order` of the
    /// `.incident.toml` beside the log.
    ///
    /// # Errors
    ///
    /// An unreadable or invalid `.incident.toml`.
    pub fn overrides(&self) -> Result<Overrides, Error> {
        Ok(self.reading()?.1)
    }

    /// The zone times written without an offset are read in ([`Document::with_timezone`]):
    /// the one given to [`with_timezone`](Self::with_timezone), else the `timezone` of the
    /// `.incident.toml` beside the log, else UTC.
    ///
    /// # Errors
    ///
    /// An unreadable or invalid `.incident.toml`.
    pub fn timezone(&self) -> Result<chrono_tz::Tz, Error> {
        Ok(self.reading()?.0)
    }

    /// The zone and the overrides, from one reading of `.incident.toml`.
    fn reading(&self) -> Result<(chrono_tz::Tz, Overrides), Error> {
        self.with.resolve(|| Ok(self.config()?.map(|(_, c)| c)))
    }

    /// The path, as given to [`open`](Self::open) or found.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads and parses the log in its [`timezone`](Self::timezone) (no lock: a save is atomic,
    /// so a reader sees either version).
    pub fn read(&self) -> Result<Document, Error> {
        let (zone, overrides) = self.reading()?;
        // Read in the zone and the dialect at once: each `with_*` afterwards reads the view again.
        Ok(Document::from_source_with(
            read_document_text(&self.path)?,
            zone,
            std::sync::Arc::new(overrides),
        ))
    }

    /// The `.incident.toml` beside the log, if there is one, with its path.
    pub fn config(&self) -> Result<Option<(PathBuf, Config)>, Error> {
        Ok(read_config(super::lock::parent_dir(&self.path))?)
    }

    /// A read-modify-write under the log's exclusive lock.
    ///
    /// `edit` gets the document as it is now, read in the log's [`timezone`](Self::timezone);
    /// when it succeeds and the text changed, the new
    /// text is saved atomically (see [the module](super)). Returns `edit`'s value and whether
    /// the file was written. On any error nothing is written.
    pub fn edit<T, E>(
        &self,
        edit: impl FnOnce(&mut Document) -> Result<T, E>,
    ) -> Result<(T, bool), E>
    where
        E: From<Error>,
    {
        /// The file layer's errors and the caller's, until both are the caller's.
        enum Failure<E> {
            Fs(FsError),
            Caller(E),
        }
        impl<E> From<FsError> for Failure<E> {
            fn from(e: FsError) -> Self {
                Failure::Fs(e)
            }
        }
        let (zone, overrides) = self.reading()?;
        let mut value = None;
        let changed = edit_text_as(&self.path, |current: &str| {
            // The document gets a copy: the text read is what the result is compared with.
            let mut doc = Document::from_source_with(
                current.to_owned(),
                zone,
                std::sync::Arc::new(overrides.clone()),
            );
            value = Some(edit(&mut doc).map_err(Failure::Caller)?);
            // Written from the document's own text, not a copy of it.
            Ok(Some(Source(doc)))
        })
        .map_err(|f| match f {
            Failure::Fs(e) => E::from(Error::Fs(e)),
            Failure::Caller(e) => e,
        })?;
        match value {
            Some(value) => Ok((value, changed)),
            // `edit_text` returns `Ok` only after running the closure.
            None => Err(E::from(Error::Fs(FsError::Io {
                action: "edit",
                path: self.path.clone(),
                source: std::io::Error::other("the edit did not run").into(),
            }))),
        }
    }
}

/// An edited document as the text a save writes.
struct Source(Document);

impl AsRef<str> for Source {
    fn as_ref(&self) -> &str {
        self.0.as_str()
    }
}

/// Lets `edit_text` report file errors in a caller's error type that wraps [`Error`].
impl From<FsError> for Error {
    fn from(e: FsError) -> Self {
        Error::Fs(e)
    }
}
