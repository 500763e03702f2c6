use std::fmt;
use std::str::FromStr;

use crate::blocks::{Block, parse_blocks};
use crate::error::{Error, Result};
use crate::lines::{LineIndex, Position};
use crate::view::{Entry, Log, read_log};

/// A parsed Markdown document that keeps its source text byte for byte.
///
/// The structure ([`blocks`](Self::blocks)) is a set of byte ranges into the source;
/// printing the document (with [`Display`](fmt::Display)) writes the source unchanged,
/// so `doc.to_string() == input` for every input.
///
/// ```
/// use incident_md::{BlockKind, Document};
///
/// let input = "# Log\n\n- [ ] fix it\n";
/// let doc: Document = input.parse().unwrap();
/// assert_eq!(doc.to_string(), input);
/// assert!(matches!(doc.blocks()[0].kind, BlockKind::Heading { level: 1, .. }));
/// assert_eq!(&doc.as_str()[doc.blocks()[1].span.clone()], "- [ ] fix it");
/// ```
#[derive(Clone, Debug)]
pub struct Document {
    source: String,
    lines: LineIndex,
    blocks: Vec<Block>,
    log: Log,
}

impl Document {
    /// Parses a document from bytes, which must be UTF-8.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidUtf8`] with the offset of the first invalid byte.
    pub fn from_bytes(bytes: &[u8]) -> Result<Document> {
        let source = std::str::from_utf8(bytes).map_err(|error| Error::InvalidUtf8 {
            offset: error.valid_up_to(),
        })?;
        Ok(Document::from_source(source.to_owned()))
    }

    /// The source text, exactly as given.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The top-level blocks, in source order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The line index of the source text.
    pub fn line_index(&self) -> &LineIndex {
        &self.lines
    }

    /// Line and column of byte `offset` of the source (clamped to its length).
    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.source, offset)
    }

    /// The typed view: title, policy, template, incidents and diagnostics.
    pub fn log(&self) -> &Log {
        &self.log
    }

    /// The incident entries, in document order.
    pub fn incidents(&self) -> &[Entry] {
        &self.log.incidents
    }

    /// The entry with exactly this ID, written or derived.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.log.incidents.iter().find(|e| e.id == id)
    }

    /// The entry a user's ID or ID prefix names: the one with exactly this ID, else the only
    /// one whose ID starts with `prefix`.
    ///
    /// # Errors
    ///
    /// [`Error::NoSuchIncident`] when nothing matches, [`Error::AmbiguousId`] with the candidates
    /// when several do.
    pub fn resolve_prefix(&self, prefix: &str) -> Result<&Entry> {
        if let Some(e) = self.get(prefix) {
            return Ok(e);
        }
        let hits: Vec<&Entry> = self
            .log
            .incidents
            .iter()
            .filter(|e| !prefix.is_empty() && e.id.starts_with(prefix))
            .collect();
        match hits.as_slice() {
            [one] => Ok(one),
            [] => Err(Error::NoSuchIncident {
                id: prefix.to_owned(),
                closest: self.closest_ids(prefix),
            }),
            many => Err(Error::AmbiguousId {
                prefix: prefix.to_owned(),
                candidates: many.iter().map(|e| e.id.clone()).collect(),
            }),
        }
    }

    /// The IDs nearest to `asked`, an ID or prefix that matches none, best first and at most
    /// three: those containing it (or a word of it), then those within a few typos of it or of
    /// their start. What "did you mean" offers; empty when nothing is near.
    ///
    /// ```
    /// let doc: incident_md::Document =
    ///     "## Incident: API outage\n\n### Severity: HIGH\n\n### Detected: 2026-03-02T10:00:00Z\n"
    ///         .parse()
    ///         .unwrap();
    /// assert_eq!(doc.closest_ids("2026-03-02-api-outgae"), ["2026-03-02-api-outage"]);
    /// assert_eq!(doc.closest_ids("outage"), ["2026-03-02-api-outage"]);
    /// assert!(doc.closest_ids("kafka").is_empty());
    /// ```
    pub fn closest_ids(&self, asked: &str) -> Vec<String> {
        crate::closest::closest(asked, self.log.incidents.iter().map(|e| e.id.as_str()))
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// The same as [`resolve_prefix`](Self::resolve_prefix), which the edits that take an `id`
    /// use (they accept a unique prefix, as the command line does).
    ///
    /// # Errors
    ///
    /// As [`resolve_prefix`](Self::resolve_prefix).
    pub fn find(&self, prefix: &str) -> Result<&Entry> {
        self.resolve_prefix(prefix)
    }

    /// The GitHub anchor of every heading, in document order, de-duplicated as GitHub does
    /// (`x`, `x-1`, `x-2`). Links such as `LOGS.md#some-heading` resolve to these.
    pub fn heading_anchors(&self) -> Vec<String> {
        let mut set = crate::anchor::AnchorSet::default();
        self.blocks
            .iter()
            .filter_map(|b| match &b.kind {
                crate::BlockKind::Heading { content, .. } => {
                    Some(set.unique(crate::anchor::slug(&self.source[content.clone()])))
                }
                _ => None,
            })
            .collect()
    }

    /// Parses an owned source text.
    pub(crate) fn from_source(source: String) -> Document {
        let lines = LineIndex::new(&source);
        let blocks = parse_blocks(&source, &lines);
        let log = read_log(&source, &blocks);
        Document {
            source,
            lines,
            blocks,
            log,
        }
    }
}

impl FromStr for Document {
    type Err = Error;

    /// Parses a document. Every string is a valid document, so this never fails.
    fn from_str(source: &str) -> Result<Document> {
        Ok(Document::from_source(source.to_owned()))
    }
}

impl fmt::Display for Document {
    /// Writes the source text exactly as it was parsed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}
