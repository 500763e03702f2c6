//! [`LogOnDisk`]: a log that is one file or a directory of postmortems, behind one interface.

use std::path::{Path, PathBuf};

use incident_core::Config;

use super::log_dir::LogDir;
use super::log_file::LogFile;
use super::log_set::LogSet;
use super::read::read_config;
use crate::{Document, Error};

/// A log on disk: an `INCIDENTS.md` ([`LogFile`]) or a directory of postmortems ([`LogDir`]).
///
/// ```no_run
/// use incident_md::fs::LogOnDisk;
///
/// let log = LogOnDisk::open("postmortems".as_ref())?;
/// for (part, entry) in log.read()?.entries() {
///     println!("{} {}", part.path.display(), entry.id);
/// }
/// # Ok::<(), incident_md::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LogOnDisk {
    /// One file.
    File(LogFile),
    /// A directory, one incident per file.
    Dir(LogDir),
}

impl LogOnDisk {
    /// The log at `path`: a directory is a [`LogDir`], anything else must be a regular file.
    pub fn open(path: &Path) -> Result<LogOnDisk, Error> {
        if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            Ok(LogOnDisk::Dir(LogDir::open(path)?))
        } else {
            Ok(LogOnDisk::File(LogFile::open(path)?))
        }
    }

    /// Reads local times in `zone`.
    pub fn with_timezone(self, zone: chrono_tz::Tz) -> LogOnDisk {
        match self {
            LogOnDisk::File(f) => LogOnDisk::File(f.with_timezone(zone)),
            LogOnDisk::Dir(d) => LogOnDisk::Dir(d.with_timezone(zone)),
        }
    }

    /// The file or directory.
    pub fn path(&self) -> &Path {
        match self {
            LogOnDisk::File(f) => f.path(),
            LogOnDisk::Dir(d) => d.path(),
        }
    }

    /// The `.incident.toml` that governs the log: beside the file, or in the directory.
    pub fn config(&self) -> Result<Option<(PathBuf, Config)>, Error> {
        match self {
            LogOnDisk::File(f) => f.config(),
            LogOnDisk::Dir(d) => Ok(read_config(d.path())?),
        }
    }

    /// Reads the whole log.
    pub fn read(&self) -> Result<LogSet, Error> {
        match self {
            LogOnDisk::File(f) => Ok(LogSet::single(f.path().to_path_buf(), f.read()?)),
            LogOnDisk::Dir(d) => d.read(),
        }
    }

    /// The one file that holds the incident `id` (an ID or unique prefix), with its full ID.
    pub fn file_of(&self, id: &str) -> Result<(LogFile, String), Error> {
        match self {
            LogOnDisk::File(f) => {
                let id = f.read()?.find(id)?.id.clone();
                Ok((f.clone(), id))
            }
            LogOnDisk::Dir(d) => d.file_of(id),
        }
    }

    /// A locked, atomic read-modify-write of the file that holds the incident `id`
    /// ([`LogFile::edit`]); `edit` gets the document and the full ID. Returns `edit`'s value,
    /// whether the file was written, and the file.
    pub fn edit_incident<T, E>(
        &self,
        id: &str,
        edit: impl FnOnce(&mut Document, &str) -> Result<T, E>,
    ) -> Result<(T, bool, PathBuf), E>
    where
        E: From<Error>,
    {
        match self {
            LogOnDisk::File(f) => {
                let (value, changed) = f.edit(|doc| {
                    let id = doc.find(id)?.id.clone();
                    edit(doc, &id)
                })?;
                Ok((value, changed, f.path().to_path_buf()))
            }
            LogOnDisk::Dir(d) => d.edit(id, edit),
        }
    }
}
