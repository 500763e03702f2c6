use std::fmt;
use std::str::FromStr;

use crate::blocks::{Block, parse_blocks};
use crate::dialect::Overrides;
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
    timezone: chrono_tz::Tz,
    /// What `.incident.toml` says of the dialect (shared: edits keep it).
    overrides: std::sync::Arc<Overrides>,
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

    /// The same document with its times read in `zone`: a time written without an offset
    /// (`### Detected: 2026-03-02 10:00`, a timeline item's `2026-03-02T10:12`) is local to
    /// it. Parsing reads them as UTC; [`fs::LogFile`](crate::fs::LogFile) applies the
    /// `timezone` of `.incident.toml`. The text is untouched, and edits keep the zone.
    ///
    /// Across a DST change a local time that occurs twice is the earlier instant; one the
    /// zone skips is an `MD` invalid-timestamp finding, not a guess.
    ///
    /// ```
    /// use incident_md::Document;
    /// let text = "## Incident: API outage\n\n### Severity: HIGH\n\n### Detected: 2026-03-02 10:00\n";
    /// let utc: Document = text.parse().unwrap();
    /// let berlin = utc.clone().with_timezone(chrono_tz::Europe::Berlin);
    /// let at = |d: &Document| d.incidents()[0].incident.as_ref().unwrap().detected.to_rfc3339();
    /// assert_eq!(at(&utc), "2026-03-02T10:00:00+00:00");
    /// assert_eq!(at(&berlin), "2026-03-02T09:00:00+00:00");
    /// assert_eq!(berlin.to_string(), text);
    /// // The ID is derived from the date as written, whatever the zone.
    /// assert_eq!(berlin.incidents()[0].id, utc.incidents()[0].id);
    /// ```
    pub fn with_timezone(mut self, zone: chrono_tz::Tz) -> Document {
        if zone != self.timezone {
            self.timezone = zone;
            // Dropped before the new reading is built, not after: never two held at once.
            self.log = Log::default();
            self.log = read_log(
                &self.source,
                &self.lines,
                &self.blocks,
                zone,
                &self.overrides,
            );
        }
        self
    }

    /// The same document read with the dialect `overrides` of `.incident.toml` (labels,
    /// severity words, heading, order; see [`Overrides`]): they replace what the file's
    /// entries teach. The text is untouched, and edits keep them.
    pub fn with_dialect(mut self, overrides: Overrides) -> Document {
        if overrides != *self.overrides {
            self.overrides = std::sync::Arc::new(overrides);
            self.log = Log::default();
            self.log = read_log(
                &self.source,
                &self.lines,
                &self.blocks,
                self.timezone,
                &self.overrides,
            );
        }
        self
    }

    /// The dialect overrides the document is read with.
    pub fn overrides(&self) -> &Overrides {
        &self.overrides
    }

    /// The zone times without an offset are read in (UTC unless
    /// [`with_timezone`](Self::with_timezone) said otherwise).
    pub fn timezone(&self) -> chrono_tz::Tz {
        self.timezone
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

    /// Replaces `range` of the source with `text`, in place (no copy of the source), and
    /// re-reads the document.
    pub(crate) fn replace_source_range(&mut self, range: std::ops::Range<usize>, text: &str) {
        self.replace_source_ranges(&mut [(range, text)]);
    }

    /// Replaces several ranges of the source at once (they must not overlap; each is in the
    /// text as it is now) and re-reads the document once.
    pub(crate) fn replace_source_ranges(&mut self, edits: &mut [(std::ops::Range<usize>, &str)]) {
        let replaced = crate::reuse::Edits::new(
            edits
                .iter()
                .map(|(range, text)| (range.clone(), text.len()))
                .collect(),
        );
        // A definition of `[x]` makes task boxes links anywhere: such a text is read whole.
        let partial = !crate::blocks::may_define_x_label(&self.source);
        // What to scan again is planned on the old text, which is then changed in place, and
        // what the old reading holds of the entries the edits leave alone is taken over (the
        // rest of it dropped now, before the new reading is built).
        let rescan = partial.then(|| {
            crate::blocks::Rescan::plan(
                &self.source,
                std::mem::take(&mut self.blocks),
                self.lines.line_count(),
                replaced.hull(),
            )
        });
        self.blocks = Vec::new();
        let old_lines = std::mem::replace(&mut self.lines, LineIndex::new(""));
        let log = std::mem::take(&mut self.log);
        let mut reuse = partial.then(|| crate::reuse::Reuse::new(log, &self.source, &replaced));
        let mut source = std::mem::take(&mut self.source);
        // Last first, so that the ranges before stay where they are.
        edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
        // Room for exactly what the edits add: growing by doubling would hold twice the text.
        let added: usize = edits
            .iter()
            .map(|(range, text)| text.len().saturating_sub(range.len()))
            .sum();
        source.reserve_exact(added);
        for (range, text) in edits.iter() {
            source.replace_range(range.clone(), text);
        }
        if crate::blocks::may_define_x_label(&source) {
            reuse = None;
        }
        // The lines outside the edits are the old ones, moved.
        let lines = old_lines.spliced(replaced.hull(), &source);
        drop(old_lines);
        let blocks = match rescan.filter(|_| reuse.is_some()) {
            Some(rescan) => rescan.blocks(replaced.added(), &source, &lines),
            None => parse_blocks(&source, &lines),
        };
        let log = crate::view::read_log_reusing(
            &source,
            &lines,
            &blocks,
            self.timezone,
            &self.overrides,
            reuse.as_mut(),
        );
        drop(reuse);
        self.source = source;
        self.lines = lines;
        self.blocks = blocks;
        self.log = log;
        #[cfg(debug_assertions)]
        self.assert_reads_as_whole();
    }

    /// That the document reads as the whole of its text read again does: what taking over the
    /// untouched entries' readings after an edit promises (checked in debug builds, on texts
    /// small enough for tests to afford it).
    #[cfg(debug_assertions)]
    fn assert_reads_as_whole(&self) {
        if self.source.len() > 256 * 1024 {
            return;
        }
        let whole = self.reread(self.source.clone());
        assert!(self.lines == whole.lines, "lines differ after an edit");
        assert!(self.blocks == whole.blocks, "blocks differ after an edit");
        let clean = |log: &Log| {
            let mut c: Vec<usize> = log.clean.iter().copied().collect();
            c.sort_unstable();
            let mut rest = log.clone();
            rest.clean.clear();
            (c, format!("{rest:#?}"))
        };
        let (mine, theirs) = (clean(&self.log), clean(&whole.log));
        assert!(
            mine == theirs,
            "the reading after an edit differs from a whole re-read:\n{}",
            crate::diff::unified_diff("reading", &theirs.1, &mine.1)
        );
    }

    /// Reads `source` in place of the current text, as this document is read. The old reading
    /// is dropped first: held while the new one is built, it doubled an edit's peak heap.
    pub(crate) fn read_again(&mut self, source: String) {
        self.log = Log::default();
        self.blocks = Vec::new();
        self.lines = LineIndex::new("");
        *self = self.reread(source);
    }

    /// Parses an owned source text, times without an offset read as UTC.
    pub(crate) fn from_source(source: String) -> Document {
        Document::from_source_in(source, chrono_tz::UTC)
    }

    /// Parses an owned source text, times without an offset local to `timezone`.
    pub(crate) fn from_source_in(source: String, timezone: chrono_tz::Tz) -> Document {
        Document::from_source_with(source, timezone, std::sync::Arc::default())
    }

    /// [`from_source_in`](Self::from_source_in), read with dialect `overrides`.
    pub(crate) fn from_source_with(
        source: String,
        timezone: chrono_tz::Tz,
        overrides: std::sync::Arc<Overrides>,
    ) -> Document {
        let lines = LineIndex::new(&source);
        let blocks = parse_blocks(&source, &lines);
        let log = read_log(&source, &lines, &blocks, timezone, &overrides);
        Document {
            source,
            lines,
            blocks,
            log,
            timezone,
            overrides,
        }
    }
}

impl Document {
    /// `source` read as this document is read: in its zone, with its dialect overrides.
    pub(crate) fn reread(&self, source: String) -> Document {
        Document::from_source_with(source, self.timezone, self.overrides.clone())
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
