//! [`LogSet`]: the documents of one log (a file, or every postmortem of a directory), read
//! as one: its incidents across files, each with the file that holds it.

use std::path::{Path, PathBuf};

use crate::{Document, Entry, Error};

/// One file of a log and its document.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LogPart {
    /// The file, as found (the directory joined with the file name).
    pub path: PathBuf,
    /// Its document.
    pub doc: Document,
}

/// The documents of one log, in order: a single file, or the files of a directory by name.
///
/// ```
/// use incident_md::fs::{LogPart, LogSet};
///
/// let doc = "## Incident: API outage\n\n### Severity: HIGH\n\n### Detected: 2026-03-02T10:00:00Z\n";
/// let set = LogSet::single("INCIDENTS.md".into(), doc.parse().unwrap());
/// let (part, entry) = set.find("2026-03-02-api").unwrap();
/// assert_eq!(part.path.to_str(), Some("INCIDENTS.md"));
/// assert_eq!(entry.id, "2026-03-02-api-outage");
/// ```
#[derive(Debug, Clone, Default)]
pub struct LogSet {
    parts: Vec<LogPart>,
    directory: bool,
}

impl LogSet {
    /// A log of one file.
    pub fn single(path: PathBuf, doc: Document) -> LogSet {
        LogSet {
            parts: vec![LogPart { path, doc }],
            directory: false,
        }
    }

    /// A log of a directory's files, in the order given.
    pub fn directory(parts: Vec<(PathBuf, Document)>) -> LogSet {
        LogSet {
            parts: parts
                .into_iter()
                .map(|(path, doc)| LogPart { path, doc })
                .collect(),
            directory: true,
        }
    }

    /// Whether the log is a directory of files.
    pub fn is_directory(&self) -> bool {
        self.directory
    }

    /// The files and their documents.
    pub fn parts(&self) -> &[LogPart] {
        &self.parts
    }

    /// Every incident entry, file by file, each with its file.
    pub fn entries(&self) -> impl Iterator<Item = (&LogPart, &Entry)> {
        self.parts
            .iter()
            .flat_map(|p| p.doc.incidents().iter().map(move |e| (p, e)))
    }

    /// How many incident entries the log has.
    pub fn len(&self) -> usize {
        self.parts.iter().map(|p| p.doc.incidents().len()).sum()
    }

    /// Whether it has no incident entry.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The part holding `path`.
    pub fn part(&self, path: &Path) -> Option<&LogPart> {
        self.parts.iter().find(|p| p.path == path)
    }

    /// The entry a user's ID or unique ID prefix names, across every file, with its file:
    /// the rules of [`Document::resolve_prefix`].
    ///
    /// # Errors
    ///
    /// [`Error::NoSuchIncident`] (with the nearest IDs of all files) or
    /// [`Error::AmbiguousId`].
    pub fn find(&self, prefix: &str) -> Result<(&LogPart, &Entry), Error> {
        if let Some(hit) = self.entries().find(|(_, e)| e.id == prefix) {
            return Ok(hit);
        }
        let hits: Vec<(&LogPart, &Entry)> = self
            .entries()
            .filter(|(_, e)| !prefix.is_empty() && e.id.starts_with(prefix))
            .collect();
        match hits.as_slice() {
            [one] => Ok(*one),
            [] => Err(Error::NoSuchIncident {
                id: prefix.to_owned(),
                closest: crate::closest::closest(
                    prefix,
                    self.entries().map(|(_, e)| e.id.as_str()),
                )
                .into_iter()
                .map(str::to_owned)
                .collect(),
            }),
            many => Err(Error::AmbiguousId {
                prefix: prefix.to_owned(),
                candidates: many.iter().map(|(_, e)| e.id.clone()).collect(),
            }),
        }
    }

    /// IDs held by more than one file, with the files after the first that hold them (one
    /// file's own duplicates are its document's findings).
    pub fn ids_in_several_files(&self) -> Vec<(&str, Vec<&LogPart>)> {
        let mut out: Vec<(&str, Vec<&LogPart>)> = Vec::new();
        for (k, part) in self.parts.iter().enumerate() {
            for e in part.doc.incidents() {
                let earlier = self.parts[..k]
                    .iter()
                    .any(|p| p.doc.incidents().iter().any(|x| x.id == e.id));
                if !earlier {
                    continue;
                }
                match out.iter_mut().find(|(id, _)| *id == e.id) {
                    Some((_, parts)) if parts.iter().any(|p| p.path == part.path) => {}
                    Some((_, parts)) => parts.push(part),
                    None => out.push((e.id.as_str(), vec![part])),
                }
            }
        }
        out
    }
}
