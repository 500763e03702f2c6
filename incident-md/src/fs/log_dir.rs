//! [`LogDir`]: a directory of postmortems (one incident per file) as one log.

use super::read_with::ReadWith;
use std::path::{Path, PathBuf};

use incident_core::{Config, Incident};

use super::dir_style::{FileNamePattern, PostmortemStyle};
use super::log_set::LogSet;
use super::read::{read_config, read_document_in};
use super::save::write_new_file;
use super::{FsError, LogFile};
use crate::dialect::Overrides;
use crate::{Document, Error};

/// File stems in a postmortem directory that are not postmortems.
const NOT_POSTMORTEMS: [&str; 5] = ["readme", "index", "template", "changelog", "contributing"];

/// A directory of postmortems read as one log: every markdown file directly in it (by name;
/// `README.md`, `index.md`, `TEMPLATE.md` and names starting with `.` or `_` excepted) is a
/// part of the log, usually one incident each.
///
/// ```no_run
/// use incident_md::fs::LogDir;
///
/// let dir = LogDir::open("postmortems".as_ref())?;
/// let log = dir.read()?;
/// println!("{} incidents in {} files", log.len(), log.parts().len());
/// let (_, changed, file) = dir.edit("2026-03-02", |doc, id| {
///     doc.set_resolved(id, "2026-03-02T11:00:00Z".parse().unwrap())
/// })?;
/// println!("{}: {changed}", file.display());
/// # Ok::<(), incident_md::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogDir {
    dir: PathBuf,
    /// The zone and dialect overrides, where the caller chose them.
    with: ReadWith,
}

/// A new postmortem file: where it goes (or went), its text and its incident's ID.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NewFile {
    /// The file's path.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// The ID the incident is read with.
    pub id: String,
}

impl LogDir {
    /// The directory at `dir`.
    ///
    /// # Errors
    ///
    /// [`FsError::Io`] when it cannot be inspected, [`FsError::NotADirectory`] for anything
    /// but a directory (or a symlink to one).
    pub fn open(dir: &Path) -> Result<LogDir, Error> {
        let meta = std::fs::metadata(dir).map_err(FsError::io("open", dir))?;
        if !meta.is_dir() {
            return Err(FsError::NotADirectory {
                path: dir.to_path_buf(),
            }
            .into());
        }
        Ok(LogDir {
            dir: dir.to_path_buf(),
            with: ReadWith::default(),
        })
    }

    /// Reads local times in `zone` instead of the `timezone` of the directory's
    /// `.incident.toml`.
    pub fn with_timezone(mut self, zone: chrono_tz::Tz) -> LogDir {
        self.with.timezone = Some(zone);
        self
    }

    /// Reads the files with these dialect overrides instead of those of the directory's
    /// `.incident.toml`.
    pub fn with_dialect(mut self, overrides: Overrides) -> LogDir {
        self.with.overrides = Some(overrides);
        self
    }

    /// The dialect overrides the files are read with: those given, else the `[dialect]` table
    /// and `order` of the directory's `.incident.toml`.
    pub fn overrides(&self) -> Result<Overrides, Error> {
        Ok(self.reading()?.1)
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The `.incident.toml` in the directory, if there is one, with its path.
    pub fn config(&self) -> Result<Option<(PathBuf, Config)>, Error> {
        Ok(read_config(&self.dir)?)
    }

    /// The zone local times are read in: the one given, else the configured one, else UTC.
    pub fn timezone(&self) -> Result<chrono_tz::Tz, Error> {
        Ok(self.reading()?.0)
    }

    /// The zone and the overrides, from one reading of `.incident.toml`.
    fn reading(&self) -> Result<(chrono_tz::Tz, Overrides), Error> {
        self.with.resolve(|| Ok(self.config()?.map(|(_, c)| c)))
    }

    /// The markdown files of the log, by name.
    pub fn files(&self) -> Result<Vec<PathBuf>, Error> {
        let read = std::fs::read_dir(&self.dir).map_err(FsError::io("list", &self.dir))?;
        let mut files = Vec::new();
        for entry in read {
            let entry = entry.map_err(FsError::io("list", &self.dir))?;
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let lower = name.to_ascii_lowercase();
            let Some(stem) = lower
                .strip_suffix(".md")
                .or_else(|| lower.strip_suffix(".markdown"))
            else {
                continue;
            };
            if name.starts_with(['.', '_']) || NOT_POSTMORTEMS.contains(&stem) {
                continue;
            }
            // Following symlinks; a directory or special file named `*.md` is no part.
            if std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                files.push(path);
            }
        }
        files.sort();
        Ok(files)
    }

    /// Reads every file of the log (no lock: each save is atomic).
    pub fn read(&self) -> Result<LogSet, Error> {
        let (zone, overrides) = self.reading()?;
        let parts = self
            .files()?
            .into_iter()
            .map(|p| {
                // Zone and dialect at once: each `with_*` afterwards reads the view again.
                let doc = read_document_in(&p, zone, overrides.clone())?;
                Ok((p, doc))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(LogSet::directory(parts))
    }

    /// The file that holds the incident `id` (an ID or unique prefix across all files), as a
    /// [`LogFile`] read in the directory's zone, with the incident's full ID.
    pub fn file_of(&self, id: &str) -> Result<(LogFile, String), Error> {
        let set = self.read()?;
        let (part, entry) = set.find(id)?;
        let (zone, overrides) = self.reading()?;
        let file = LogFile::open(&part.path)?
            .with_timezone(zone)
            .with_dialect(overrides);
        Ok((file, entry.id.clone()))
    }

    /// A read-modify-write of the one file that holds the incident `id`, under that file's
    /// lock, saved atomically ([`LogFile::edit`]); `edit` gets the document and the full ID.
    /// Returns `edit`'s value, whether the file was written, and the file.
    pub fn edit<T, E>(
        &self,
        id: &str,
        edit: impl FnOnce(&mut Document, &str) -> Result<T, E>,
    ) -> Result<(T, bool, PathBuf), E>
    where
        E: From<Error>,
    {
        let (file, id) = self.file_of(id)?;
        let (value, changed) = file.edit(|doc| edit(doc, &id))?;
        Ok((value, changed, file.path().to_path_buf()))
    }

    /// What [`create`](Self::create) would write for `incident`, without writing: a file
    /// named in the directory's pattern ([`FileNamePattern`]) on the incident's day, not yet
    /// taken, in the style of its postmortems ([`PostmortemStyle`]).
    ///
    /// # Errors
    ///
    /// [`Error::EntryNotReadable`] when the text would not read back as the incident (title,
    /// severity, day of detection); a title that is empty or has a line break.
    pub fn plan(&self, incident: &Incident) -> Result<NewFile, Error> {
        self.plan_attempt(incident, &self.read()?, 0)
    }

    fn plan_attempt(
        &self,
        incident: &Incident,
        set: &LogSet,
        attempt: usize,
    ) -> Result<NewFile, Error> {
        let (zone, overrides) = self.reading()?;
        let names: Vec<String> = set
            .parts()
            .iter()
            .filter_map(|p| p.path.file_name()?.to_str().map(str::to_owned))
            .collect();
        let pattern = FileNamePattern::learn(names.iter().map(String::as_str));
        let style = PostmortemStyle::learn(set.parts().iter().map(|p| &p.doc));
        let dialect = set.parts().first().map(|p| &p.doc.log().dialect);
        let text = style.render(incident, dialect)?;
        let day = incident.detected.with_timezone(&zone).date_naive();
        let mut attempt = attempt;
        let path = loop {
            let p = self
                .dir
                .join(pattern.name(&incident.title, day, &names, attempt));
            if std::fs::symlink_metadata(&p).is_err() {
                break p;
            }
            attempt += 1;
        };
        let doc = Document::from_source_with(text.clone(), zone, std::sync::Arc::new(overrides));
        let read = match doc.incidents() {
            [e] if e.title == incident.title.trim()
                && e.reading.level() == Some(incident.severity)
                && e.reading
                    .detected
                    .as_ref()
                    .and_then(crate::dialect::When::day)
                    == Some(incident.detected.date_naive()) =>
            {
                Some(e.id.clone())
            }
            _ => None,
        };
        let id = read.ok_or(Error::EntryNotReadable { offset: 0 })?;
        Ok(NewFile { path, text, id })
    }

    /// Writes `incident` as a new file of the directory ([`plan`](Self::plan)); never
    /// replaces a file: when the name is taken meanwhile, the next free one (`-2`, `-3`) is
    /// used. No other file changes.
    pub fn create(&self, incident: &Incident) -> Result<NewFile, Error> {
        let set = self.read()?;
        let mut attempt = 0;
        loop {
            let new = self.plan_attempt(incident, &set, attempt)?;
            match write_new_file(&new.path, &new.text, false) {
                Ok(()) => return Ok(new),
                Err(FsError::AlreadyExists { .. }) if attempt < 100 => attempt += 1,
                Err(e) => return Err(e.into()),
            }
        }
    }
}

/// What `incident explain` shows of a directory of postmortems: how its files are named and
/// written (for a new one), and each file's own explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct DirExplanation {
    /// The directory.
    pub directory: String,
    /// The file name pattern (`YYYY-MM-DD-<slug>.md`).
    pub file_pattern: String,
    /// The file it was learned from (`None`: the default).
    pub pattern_learned_from: Option<String>,
    /// What a new incident titled `Title` on `today` would be named.
    pub new_file_example: String,
    /// The `#` heading of a new postmortem.
    pub new_heading_example: String,
    /// The style of the metadata lines of a new postmortem.
    pub metadata_style: String,
    /// The `##` sections of a new postmortem.
    pub sections: Vec<String>,
    /// Each file of the log, by name, with what was understood of it.
    pub files: Vec<FileExplanation>,
}

/// One file of a directory and its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct FileExplanation {
    /// The file's name.
    pub file: String,
    /// What was understood of it.
    pub explanation: crate::dialect::Explanation,
}

impl LogDir {
    /// What was understood of the directory: its naming pattern, the style of a new
    /// postmortem, and each file ([`crate::dialect::explain`]).
    pub fn explain(&self, today: chrono::NaiveDate) -> Result<DirExplanation, Error> {
        let set = self.read()?;
        let name = |p: &Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let names: Vec<String> = set.parts().iter().map(|p| name(&p.path)).collect();
        let pattern = FileNamePattern::learn(names.iter().map(String::as_str));
        let style = PostmortemStyle::learn(set.parts().iter().map(|p| &p.doc));
        Ok(DirExplanation {
            directory: self.dir.display().to_string(),
            file_pattern: pattern.to_string(),
            pattern_learned_from: pattern.learned_from.clone(),
            new_file_example: pattern.name("Title", today, &names, 0),
            new_heading_example: format!("# {}Title", style.title_prefix),
            metadata_style: style.metadata_style.to_string(),
            sections: style.sections.clone(),
            files: set
                .parts()
                .iter()
                .map(|p| FileExplanation {
                    file: name(&p.path),
                    explanation: crate::dialect::explain(&p.doc, today),
                })
                .collect(),
        })
    }
}

impl std::fmt::Display for DirExplanation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "directory of postmortems: {} ({} file{})",
            self.directory,
            self.files.len(),
            if self.files.len() == 1 { "" } else { "s" }
        )?;
        match &self.pattern_learned_from {
            Some(from) => writeln!(f, "  file names: {} (from {from})", self.file_pattern)?,
            None => writeln!(f, "  file names: {} (default)", self.file_pattern)?,
        }
        writeln!(
            f,
            "  a new incident is a new file: {}, `{}`, metadata as {}, sections: {}",
            self.new_file_example,
            self.new_heading_example,
            self.metadata_style,
            self.sections.join(", ")
        )?;
        for file in &self.files {
            writeln!(f, "\n{}:", file.file)?;
            write!(f, "{}", file.explanation)?;
        }
        Ok(())
    }
}
