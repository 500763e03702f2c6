//! A log's dialect: how this file writes its entries, learned once from the file itself.
//!
//! The learner reads the file's own `## Template` / `## Entry Format` section first, then its
//! entries, and keeps what most entries show. Each shape is a rule of its own module:
//! [`heading`](crate::dialect::heading) (entry heading parts), [`fields`](crate::dialect::fields) (field styles and labels), [`severity`](crate::dialect::severity),
//! [`dates`](crate::dialect::dates), [`order`](crate::dialect::order) and [`sections`](crate::dialect::sections) (where incidents live, and what is skipped). The seed
//! template's format is one dialect among them: a file with `## Incident:` headings is read the
//! way it always was.

use incident_core::lines::TrimWs as _;
use std::fmt;
use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use incident_core::{FieldName, Severity};

use crate::blocks::{Block, BlockKind};

pub(crate) mod action_table;
pub mod dates;
mod explain;
pub(crate) mod field_edit;
pub mod fields;
pub(crate) mod follow_up_form;
pub mod heading;
mod kv;
pub mod order;
mod overrides;
pub mod sections;
pub mod severity;
mod writer;
pub use writer::writes_own_format;
pub(crate) use writer::{add_in_dialect, in_form_of_exact, timeline_item_text};

/// A severity in the words the log's entries use for it (`P1`, `High`, `SEV-2`), else in the
/// form of the log's scale.
pub(crate) fn severity_in_own_words(src: &str, d: &Dialect, s: Severity) -> String {
    writer::severity_text(src, d, s)
}

pub use dates::When;
pub use explain::{ExplainedEntry, ExplainedPart, ExplainedSkip, Explanation, explain};
pub(crate) use fields::line_label;
pub use fields::{FieldStyle, Key, LooseField};
pub use heading::{HeadingParts, Part};
pub use order::Order;
pub use overrides::Overrides;
pub use sections::SectionKind;
pub use severity::SeverityValue;

/// A part of the dialect, with where it was learned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Learned<T> {
    /// What was learned.
    pub value: T,
    /// The 1-based line it was learned from (0 when it is a default).
    pub line: usize,
    /// How: `template`, `entries`, `preamble`, `dates`, `default` or `config` (`.incident.toml`).
    pub source: &'static str,
}

impl<T> Learned<T> {
    fn new(value: T, line: usize, source: &'static str) -> Self {
        Learned {
            value,
            line,
            source,
        }
    }
}

/// Whether an incident is still open, as the entry says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Status {
    /// Resolved or closed.
    Resolved,
    /// Open, investigating, mitigated or monitoring.
    Open,
}

impl Status {
    /// `resolved` or `open`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Resolved => "resolved",
            Status::Open => "open",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a reader sees in one entry, read leniently: unknown values are kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Reading {
    /// The written ID or number (`INCIDENT-008`, `4`).
    pub id: Option<String>,
    /// The severity, or the text that names none.
    pub severity: Option<SeverityValue>,
    /// When it was detected, as certain as the file says.
    pub detected: Option<When>,
    /// Open or resolved, when the entry says.
    pub status: Option<Status>,
    /// Open or resolved as the entry's own words state it (its `Status:` or `Closed:` value,
    /// or a `Resolved Incidents` section), leaving out what its times or prose tell.
    pub stated: Option<Status>,
    /// How many action items it has.
    pub follow_ups: usize,
    /// Every field found, in order.
    pub fields: Vec<LooseField>,
}

impl Reading {
    /// The severity level, when the value names one.
    pub fn level(&self) -> Option<Severity> {
        match &self.severity {
            Some(SeverityValue::Known(s)) => Some(*s),
            _ => None,
        }
    }

    /// The first field with this key.
    pub fn get(&self, key: Key) -> Option<&LooseField> {
        self.fields.iter().find(|f| f.key == Some(key))
    }
}

/// One entry the dialect recognises.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EntrySite {
    /// Index of the heading block.
    pub block: usize,
    /// 1-based line of the heading.
    pub line: usize,
    /// Heading level.
    pub level: u8,
    /// The heading's parts.
    pub parts: HeadingParts,
    /// The title's span in the source.
    pub title_span: Range<usize>,
    /// Whether the entry is a heading (else a block of `Key: value` lines).
    pub headed: bool,
    /// The entry, from its first line to the end of its last block.
    pub span: Range<usize>,
    /// What it says (shared with the [`Entry`](crate::Entry) read from it).
    pub reading: std::sync::Arc<Reading>,
    /// What the sections around it tell its reading.
    pub(crate) context: SiteContext,
}

/// What the sections enclosing an entry tell its reading: the day of a date group
/// (`## 2026-01-26`) and whether it is under a `Resolved` section.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct SiteContext {
    pub(crate) group_date: Option<When>,
    pub(crate) resolved_section: bool,
}

/// A heading that is not an incident, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Skipped {
    /// 1-based line of the heading.
    pub line: usize,
    /// The heading text.
    pub heading: String,
    /// Why it is not an incident.
    pub reason: String,
}

/// Where a new entry goes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Insertion {
    /// The 1-based line the entry goes before (number of lines + 1 for the end).
    pub line: usize,
    /// Why there.
    pub reason: String,
}

/// How one log writes its entries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Dialect {
    /// Whether this is the seed template's dialect (`## Incident: Title`).
    pub seed: bool,
    /// Heading level of entries.
    pub entry_level: Option<Learned<u8>>,
    /// The entry heading's shape (`{id}: {title}`).
    pub heading: Option<Learned<String>>,
    /// The field style most entries use.
    pub field_style: Option<Learned<FieldStyle>>,
    /// The labels entries use for each known key, as written, most common first per key.
    pub labels: Vec<(Key, String)>,
    /// The order of entries.
    pub order: Learned<Order>,
    /// Every entry, in document order.
    pub entries: Vec<EntrySite>,
    /// Headings that are not incidents, with the reason.
    pub skipped: Vec<Skipped>,
    /// Headings that look like entries but are not recognised as ones: line and span.
    pub unrecognised: Vec<(usize, Range<usize>)>,
    /// An insertion marker (`<!-- … above this line -->`): its line and whether new entries go
    /// above it.
    pub marker: Option<(usize, bool)>,
    /// The line of the first block after the marker (where a `below this line` entry goes).
    pub after_marker: Option<usize>,
    /// A placeholder line (`*No active incidents*`) in an incidents section.
    pub placeholder: Option<usize>,
    /// The first non-incident heading after the last entry, at or above the entry level.
    pub footer: Option<usize>,
    /// Date groups (`## 2026-01-26`, `### 2026 Q3`): heading line and text, in order.
    pub groups: Vec<(usize, String)>,
    /// Lines in the file.
    pub lines: usize,
    /// What `.incident.toml` overrides (the parts it sets are learned from `config`).
    pub overrides: Overrides,
    /// The log's configured time zone, in which a time written without one is read (and
    /// written: `2026-10-22 10:00`); UTC when none was given.
    pub(crate) zone: Option<chrono_tz::Tz>,
}

impl Dialect {
    /// The zone a time written without one is in.
    pub(crate) fn zone(&self) -> chrono_tz::Tz {
        self.zone.unwrap_or(chrono_tz::UTC)
    }

    /// The entry whose heading is block `i`.
    pub fn entry_at(&self, i: usize) -> Option<&EntrySite> {
        self.entries
            .binary_search_by_key(&i, |e| e.block)
            .ok()
            .map(|k| &self.entries[k])
    }

    /// Where a new entry detected on `today` goes, by the file's convention: beside an
    /// insertion marker, in place of a placeholder, at the top for newest first (or before the
    /// first group when today's group does not exist yet), else before a footer or at the end.
    pub fn insertion(&self, today: NaiveDate) -> Insertion {
        if let Some((line, above)) = self.marker {
            return if above {
                Insertion {
                    line,
                    reason: "above the insertion marker".into(),
                }
            } else {
                Insertion {
                    line: self.after_marker.unwrap_or(line + 1),
                    reason: "below the insertion marker".into(),
                }
            };
        }
        if let Some(line) = self.placeholder {
            return Insertion {
                line,
                reason: "in place of the placeholder".into(),
            };
        }
        // In a log whose headings are dates (`## 2026-03-04 — Login failures`), an entry older
        // than the newest (logged late) goes where its day puts it: before the first one of its
        // day or older (newest first), before the first one newer than it (oldest first). Logs
        // grouped by date, and those whose headings number the entries (`INC-007`: a late one
        // gets the next number and goes last), keep the rules below.
        let day_of = |e: &EntrySite| e.reading.detected.as_ref().and_then(When::day);
        let latest = self.entries.iter().filter_map(day_of).max();
        let dated_headings = self.entries.iter().all(|e| e.parts.date().is_some());
        if self.groups.is_empty() && dated_headings && latest.is_some_and(|d| d > today) {
            let place = match self.order.value {
                Order::NewestFirst => self
                    .entries
                    .iter()
                    .find(|e| day_of(e).is_some_and(|d| d <= today)),
                Order::OldestFirst => self
                    .entries
                    .iter()
                    .find(|e| day_of(e).is_some_and(|d| d > today)),
                _ => None,
            };
            match place {
                Some(e) => {
                    return Insertion {
                        line: e.line,
                        reason: "among the entries by date (it is older than the newest)".into(),
                    };
                }
                // Older than every entry of a newest-first log: after the last one.
                None if self.order.value == Order::NewestFirst => return self.after_last(),
                None => {}
            }
        }
        // Grouped by date (`## November 2026`): a late entry goes into its group, by date.
        if let Some(ins) = self.in_group(today, latest) {
            return ins;
        }
        let first = self.entries.first();
        match (self.order.value, first) {
            (Order::NewestFirst, Some(e)) => {
                let group = self.groups.iter().rev().find(|(l, _)| *l < e.line);
                match group {
                    Some((line, text)) if !group_contains(text, today) => Insertion {
                        line: *line,
                        reason: "before the first group: today's group does not exist yet".into(),
                    },
                    _ => Insertion {
                        line: e.line,
                        reason: "before the first entry (newest first)".into(),
                    },
                }
            }
            _ => self.after_last(),
        }
    }

    /// Where an entry of `today` goes in a log grouped by date: among the entries of the group
    /// that holds today, by date, when it is older than the newest entry (`latest`); after the
    /// last group, under a new one, in an oldest-first log without today's group. `None`
    /// elsewhere (the rules of [`insertion`](Self::insertion) place it).
    fn in_group(&self, today: NaiveDate, latest: Option<NaiveDate>) -> Option<Insertion> {
        let last_group = self.groups.last()?;
        let day_of = |e: &EntrySite| e.reading.detected.as_ref().and_then(When::day);
        let late = latest.is_some_and(|d| d > today);
        let newest_first = self.order.value == Order::NewestFirst;
        if !late {
            // Oldest first, today's group not there yet: a new one after the last entry.
            let last_entry = self.entries.last()?;
            return (self.order.value == Order::OldestFirst
                && last_entry.line > last_group.0
                && !group_contains(&last_group.1, today))
            .then(|| Insertion {
                line: self.after_last().line,
                reason: "after the last group: today's group does not exist yet".into(),
            });
        }
        let k = self
            .groups
            .iter()
            .position(|(_, t)| group_contains(t, today))?;
        let start = self.groups[k].0;
        let end = self.groups.get(k + 1).map(|g| g.0);
        let members: Vec<&EntrySite> = self
            .entries
            .iter()
            .filter(|e| e.line > start && end.is_none_or(|end| e.line < end))
            .collect();
        let place = members
            .iter()
            .find(|e| day_of(e).is_some_and(|d| if newest_first { d <= today } else { d > today }));
        Some(match (place, end) {
            (Some(e), _) => Insertion {
                line: e.line,
                reason: "among its group's entries by date (it is older than the newest)".into(),
            },
            (None, Some(end)) => Insertion {
                line: end,
                reason: "at the end of its group (it is older than the newest)".into(),
            },
            (None, None) => self.after_last(),
        })
    }

    /// After the last entry: before a footer section, else at the end of the file.
    fn after_last(&self) -> Insertion {
        match self.footer {
            Some(line) => Insertion {
                line,
                reason: "after the last entry, before the first section that is not one".into(),
            },
            None => Insertion {
                line: self.lines + 1,
                reason: "at the end of the file".into(),
            },
        }
    }
}

/// Whether `today` falls in a group heading's period (a day, month, quarter, half or year).
fn group_contains(text: &str, today: NaiveDate) -> bool {
    let t = text.trim_ws().to_lowercase();
    let words: Vec<&str> = t.split_whitespace().collect();
    let year_ok = |w: &str| w.parse::<i32>().is_ok_and(|y| y == today.year());
    let q = (today.month0() / 3 + 1).to_string();
    let h = (today.month0() / 6 + 1).to_string();
    match words.as_slice() {
        [w] if w.len() == 4 => year_ok(w),
        [w] => dates::read_when(w).and_then(|d| d.day()) == Some(today),
        [a, b] => {
            let (y, p) = if year_ok(a) {
                (true, *b)
            } else {
                (year_ok(b), *a)
            };
            // `November 2026`: that month's.
            y && (p.strip_prefix('q') == Some(q.as_str())
                || p.strip_prefix('h') == Some(h.as_str())
                || dates::month_number(p) == Some(today.month()))
        }
        _ => false,
    }
}

fn heading_of(b: &Block) -> Option<(u8, Range<usize>)> {
    match &b.kind {
        BlockKind::Heading { level, content, .. } => Some((*level, content.clone())),
        _ => None,
    }
}

/// The seed's entry heading: `Incident: title` at level 2 or 3.
fn seed_title(text: &str, level: u8) -> Option<usize> {
    (2..=3)
        .contains(&level)
        .then(|| crate::view::incident_title_offset(text))
        .flatten()
}

/// The line of a byte offset.
fn line_of(src: &str, at: usize) -> usize {
    let at = at.min(src.len());
    // A `\r` right before `at` ends its line only when no `\n` follows it.
    let cr_before =
        at > 0 && src.as_bytes()[at - 1] == b'\r' && src.as_bytes().get(at) == Some(&b'\n');
    crate::lines::endings(&src.as_bytes()[..at]) + 1 - usize::from(cr_before)
}

struct Candidate {
    block: usize,
    /// The lines below the heading, to the end of the entry.
    body: Range<usize>,
    span: Range<usize>,
    level: u8,
    parts: HeadingParts,
    title_span: Range<usize>,
    context: SiteContext,
    reading: Reading,
    /// Whether `reading` is finished already (taken over from the reading before an edit).
    finished: bool,
    known: usize,
}

/// End of the section opened by the heading at block `i`: the next heading at or above `level`.
fn section_end(blocks: &[Block], i: usize, level: u8) -> usize {
    blocks[i + 1..]
        .iter()
        .position(|b| heading_of(b).is_some_and(|(l, _)| l <= level))
        .map_or(blocks.len(), |p| i + 1 + p)
}

/// Learns the dialect of a document from its source and blocks.
pub fn learn(src: &str, blocks: &[Block]) -> Dialect {
    learn_with(src, blocks, &Overrides::default())
}

/// [`learn`], with what the configuration overrides: field labels and severity words are read
/// by it, the entry level, heading and order are its own.
pub fn learn_with(src: &str, blocks: &[Block], o: &Overrides) -> Dialect {
    learn_reusing(
        src,
        blocks,
        crate::lines::endings(src.as_bytes()) + 1,
        o,
        None,
    )
}

/// [`learn_with`], taking over the readings of the entries an edit left alone; `line_count` is
/// the text's [`LineIndex::line_count`](incident_core::LineIndex::line_count) (the document
/// has it: a scan of the whole text for it cost a tenth of an edit's re-read).
pub(crate) fn learn_reusing(
    src: &str,
    blocks: &[Block],
    line_count: usize,
    o: &Overrides,
    mut reuse: Option<&mut crate::reuse::Reuse>,
) -> Dialect {
    // Lines with content: a final terminator ends the last line rather than starting one.
    let lines = line_count - usize::from(src.ends_with(['\n', '\r']));
    let mut skipped = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut groups = Vec::new();
    // Enclosing sections: (level, kind, heading text).
    let mut stack: Vec<(u8, SectionKind, String)> = Vec::new();
    let mut template: Option<(usize, Range<usize>)> = None;
    // Template, format and example sections: nothing in them is an entry.
    let mut example_spans: Vec<Range<usize>> = Vec::new();
    let mut open_entry: Option<u8> = None;
    // Sections named after fields (`## Impact`, `## Action Items`): a one-incident document.
    let mut field_sections = 0;
    let seed = blocks
        .iter()
        .any(|b| heading_of(b).is_some_and(|(l, c)| seed_title(&src[c], l).is_some()));
    // Nothing is taken over when the new text reads in another dialect.
    if reuse.as_ref().is_some_and(|r| !r.applies(seed)) {
        reuse = None;
    }
    // A container heading with nothing under it but the entries after it at its own level
    // (`## Resolved` above `## Incident: …` headings): a divider, in force for those entries
    // until the next section at its level or above. (level, whether it says resolved.)
    let mut divider: Option<(u8, bool)> = None;
    for (i, b) in blocks.iter().enumerate() {
        let Some((level, content)) = heading_of(b) else {
            continue;
        };
        let text = &src[content.clone()];
        if level == 1 {
            stack.clear();
            open_entry = None;
            divider = None;
            continue;
        }
        if divider.is_some_and(|(l, _)| level < l) {
            divider = None;
        }
        while stack.last().is_some_and(|(l, _, _)| *l >= level) {
            stack.pop();
        }
        if open_entry.is_some_and(|l| l >= level) {
            open_entry = None;
        }
        // A heading under an entry whose text is a field label is a field (asked before the
        // heading is parsed: most headings of a log are fields).
        let label = text.split(':').next().unwrap_or(text);
        let known_label = fields::key_of(label).or_else(|| o.key_for(label)).is_some();
        if open_entry.is_some() && known_label {
            continue;
        }
        let parts = if seed {
            match seed_title(text, level) {
                Some(off) => HeadingParts {
                    parts: vec![Part::IncidentPrefix],
                    title: off..text.len(),
                    // In the file's case (`incident:`, `INCIDENT:`), as a new heading copies it
                    // (pushed, not formatted: this runs for every entry of a log).
                    pattern: {
                        let prefix = text.trim_start().get(..8).unwrap_or("Incident");
                        let mut pattern = String::with_capacity(prefix.len() + 9);
                        pattern.push_str(prefix);
                        pattern.push_str(": {title}");
                        pattern
                    },
                },
                None => heading::parse_heading(text).tap_not_entry(),
            }
        } else {
            heading::parse_heading(text)
        };
        let in_skip = stack
            .iter()
            .rev()
            .find_map(|(_, k, t)| match k {
                // Only a template, format or example section holds headings that are not
                // incidents; under a table of contents or statistics, an entry is an entry.
                SectionKind::Skip(why) if sections::holds_examples(why) => Some((*why, t.clone())),
                _ => None,
            })
            // The seed's reader takes every `Incident:` heading as an entry.
            .filter(|_| !parts.parts.contains(&Part::IncidentPrefix));
        let kind = if parts.is_entry_like() {
            None
        } else {
            sections::classify(text)
        }
        // A title with a section's word in it (`Wiki index stale`, `Release notes lost`,
        // `Queue backlog`) is still an entry when its own lines give a severity and a date.
        .filter(|k| {
            let section_word = match k {
                SectionKind::Skip(why) => !sections::holds_examples(why),
                SectionKind::Container { .. } => true,
                SectionKind::DateGroup => false,
            };
            !section_word || !reads_as_entry(src, blocks, i, level, o)
        });
        if let Some((why, parent)) = &in_skip {
            skipped.push(Skipped {
                line: b.first_line,
                heading: text.to_owned(),
                reason: format!("inside `{parent}`: {why}"),
            });
            if kind.is_some() {
                stack.push((
                    level,
                    kind.unwrap_or(SectionKind::DateGroup),
                    text.to_owned(),
                ));
            }
            continue;
        }
        if let Some(kind) = kind {
            match &kind {
                SectionKind::Skip(why) => {
                    if sections::holds_examples(why) {
                        let end = section_end(blocks, i, level);
                        let span_end = blocks.get(end).map_or(src.len(), |b| b.span.start);
                        example_spans.push(b.span.start..span_end);
                    }
                    if template.is_none() && (why.contains("template") || why.contains("format")) {
                        let end = section_end(blocks, i, level);
                        let span_end = blocks.get(end).map_or(src.len(), |b| b.span.start);
                        template = Some((b.first_line, b.span.end..span_end));
                    }
                    skipped.push(Skipped {
                        line: b.first_line,
                        heading: text.to_owned(),
                        reason: (*why).to_owned(),
                    });
                }
                SectionKind::DateGroup => groups.push((b.first_line, text.trim_ws().to_owned())),
                SectionKind::Container { .. } => {}
            }
            divider = match kind {
                SectionKind::Container { resolved }
                    if blocks
                        .get(i + 1)
                        .and_then(heading_of)
                        .is_some_and(|(l, _)| l == level) =>
                {
                    Some((level, resolved))
                }
                _ if divider.is_some_and(|(l, _)| l == level) => None,
                _ => divider,
            };
            stack.push((level, kind, text.to_owned()));
            continue;
        }
        // A section named after a field (`## Action Items`, `## Impact`) is a field of a
        // document-wide incident, never an entry of its own.
        if !parts.is_entry_like() && known_label {
            field_sections += 1;
            continue;
        }
        let resolved_section = stack
            .iter()
            .rev()
            .find_map(|(_, k, _)| match k {
                SectionKind::Container { resolved } => Some(*resolved),
                _ => None,
            })
            .or(divider.filter(|(l, _)| *l == level).map(|(_, r)| r))
            .unwrap_or(false);
        let group_date = stack.iter().rev().find_map(|(_, k, t)| match k {
            SectionKind::DateGroup => dates::read_when(t),
            _ => None,
        });
        let end = section_end(blocks, i, level);
        let body_end = blocks.get(end).map_or(src.len(), |b| b.span.start);
        let span = b.span.start..body_end;
        let context = SiteContext {
            group_date,
            resolved_section,
        };
        // The reading before an edit that did not touch this entry, else a new one.
        let kept = reuse
            .as_mut()
            .and_then(|r| r.reading(&span, level, &context));
        let finished = kept.is_some();
        let title_span = content.start + parts.title.start..content.start + parts.title.end;
        open_entry = Some(level);
        candidates.push(Candidate {
            block: i,
            body: b.span.end..body_end,
            span,
            level,
            parts,
            title_span,
            context,
            reading: kept.unwrap_or_default(),
            finished,
            known: 0,
        });
    }
    // The fields of each candidate, read on all cores: they depend on its own lines only.
    crate::par::for_each_mut(&mut candidates, |c| {
        if !c.finished {
            let mut loose =
                fields::read_fields_with(src, c.body.clone(), c.level, &|l| o.key_for(l));
            o.relabel(&mut loose);
            c.reading.fields = loose;
        }
        c.known = c.reading.fields.iter().filter(|f| f.key.is_some()).count()
            + usize::from(c.parts.severity().is_some());
    });
    // Entries: headings with fields, at the level most of them share.
    let accepted = |c: &Candidate| {
        if seed {
            c.parts.parts.contains(&Part::IncidentPrefix)
        } else {
            c.known >= 1 && (c.parts.is_entry_like() || c.known >= 2)
        }
    };
    let mut level_counts = [0usize; 7];
    for c in candidates.iter().filter(|c| accepted(c)) {
        level_counts[c.level as usize] += 1;
    }
    // The configured heading's level, when entries are written at it.
    let entry_level = o
        .heading_level()
        .filter(|l| (2..=6).contains(l) && level_counts[*l as usize] > 0)
        .or_else(|| {
            (2..=6u8)
                .max_by_key(|l| (level_counts[*l as usize], std::cmp::Reverse(*l)))
                .filter(|l| level_counts[*l as usize] > 0)
        });
    // A heading written in the same pattern as the entries at their level is an entry too,
    // even when none of its sections is a field the reader knows (`### Why it happened`).
    let entry_patterns: Vec<String> = candidates
        .iter()
        .filter(|c| !seed && Some(c.level) == entry_level && accepted(c))
        .filter(|c| c.parts.is_entry_like())
        .map(|c| c.parts.pattern.clone())
        .collect();
    let same_pattern = |c: &Candidate| {
        !seed
            && Some(c.level) == entry_level
            && c.parts.is_entry_like()
            && entry_patterns.contains(&c.parts.pattern)
    };
    let mut unrecognised = Vec::new();
    // Filtered in place: a second vector of candidates was the largest block of a parse.
    let mut kept = candidates;
    kept.retain(|c| {
        let keep = (seed || Some(c.level) == entry_level) && (accepted(c) || same_pattern(c));
        if !keep && c.parts.is_entry_like() && !c.parts.parts.contains(&Part::IncidentPrefix) {
            unrecognised.push((blocks[c.block].first_line, blocks[c.block].span.clone()));
        }
        keep
    });
    // In a document whose sections are fields, a section such as `## Metadata` holds the
    // document's own fields: it is no entry (the document is, below).
    if field_sections >= 2 && kept.iter().all(|c| !c.parts.is_entry_like()) {
        kept.clear();
    }
    // What most entries show: an entry without the severity the others have is no incident
    // (a correction, a note), unless it writes what only an incident has, a detection time or
    // follow-ups: then it is an incident whose severity is missing (MD018), not left out unsaid.
    let has_sev = |c: &Candidate| {
        c.parts.severity().is_some()
            || c.reading.fields.iter().any(|f| {
                matches!(
                    f.key,
                    Some(Key::Field(
                        FieldName::Severity | FieldName::Detected | FieldName::FollowUpActions
                    ))
                )
            })
    };
    let with_sev = kept.iter().filter(|c| has_sev(c)).count();
    if !seed && with_sev * 3 >= kept.len() * 2 && with_sev < kept.len() {
        kept.retain(|c| {
            let keep = has_sev(c);
            if !keep {
                skipped.push(Skipped {
                    line: blocks[c.block].first_line,
                    heading: src[heading_of(&blocks[c.block]).map_or(0..0, |h| h.1)].to_owned(),
                    reason: "has no severity, which the other entries have".into(),
                });
            }
            keep
        });
    }
    skipped.sort_by_key(|s| s.line);
    crate::par::for_each_mut(&mut kept, |c| {
        if !c.finished {
            c.reading = finish_reading(c);
        }
    });
    let mut entries: Vec<EntrySite> = kept
        .into_iter()
        .map(|mut c| {
            let reading = std::mem::take(&mut c.reading);
            EntrySite {
                block: c.block,
                line: blocks[c.block].first_line,
                level: c.level,
                parts: c.parts,
                title_span: c.title_span,
                headed: true,
                span: c.span,
                reading: reading.into(),
                context: c.context,
            }
        })
        .collect();
    // Collected in the candidates' (larger) allocation: the slack would be held.
    entries.shrink_to_fit();
    // A log without entry headings may keep its entries as blocks of `Key: value` lines.
    if entries.is_empty() && !seed {
        for mut b in kv::find_blocks(src, &example_spans) {
            o.relabel(&mut b.fields);
            let block = blocks
                .iter()
                .position(|x| x.span.start >= b.span.start)
                .unwrap_or(blocks.len());
            let mut c = Candidate {
                block,
                body: b.span.clone(),
                span: b.span.clone(),
                level: 0,
                parts: HeadingParts {
                    parts: Vec::new(),
                    title: 0..0,
                    pattern: String::new(),
                },
                title_span: b.title.clone(),
                context: SiteContext::default(),
                reading: Reading {
                    fields: b.fields,
                    ..Reading::default()
                },
                finished: false,
                known: 0,
            };
            entries.push(EntrySite {
                block,
                line: line_of(src, b.span.start),
                level: 0,
                reading: finish_reading(&mut c).into(),
                parts: c.parts,
                title_span: c.title_span,
                headed: false,
                span: c.span,
                context: c.context,
            });
        }
    }

    // A document of one incident (a postmortem): its `#` title is the incident, its `##`
    // sections and metadata are the fields.
    if entries.is_empty()
        && !seed
        && let Some(site) = postmortem(src, blocks, o)
    {
        entries.push(site);
    }

    // The heading pattern and field style: from the template, else from most entries.
    let mut heading_pattern = None;
    let mut field_style = None;
    if let Some((line, span)) = &template {
        let text = &src[span.clone()];
        let mut offset = span.start;
        for l in crate::lines::inclusive(text) {
            let t = l.trim_ws();
            let hashes = t.len() - t.trim_start_matches('#').len();
            if (2..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
                let h = heading::parse_heading(t[hashes..].trim_ws());
                if h.is_entry_like() || heading_pattern.is_none() {
                    heading_pattern = Some(Learned::new(
                        format!("{} {}", &t[..hashes], h.pattern),
                        line_of(src, offset),
                        "template",
                    ));
                    if h.is_entry_like() {
                        let from = offset + l.len();
                        let rest = &src[from..span.end];
                        let close = rest
                            .find("\n```")
                            .or_else(|| rest.find("\n~~~"))
                            .map_or(span.end, |at| from + at + 1);
                        let body = from..close;
                        let fs = fields::read_fields(src, body, hashes as u8);
                        if let Some(f) = fs.iter().find(|f| f.key.is_some()) {
                            field_style =
                                Some(Learned::new(f.style, line_of(src, f.at), "template"));
                        }
                        break;
                    }
                }
            }
            offset += l.len();
        }
        let _ = line;
    }
    if let Some(p) = mode(
        entries
            .iter()
            .filter(|e| e.headed)
            .map(|e| e.parts.pattern.as_str()),
    ) {
        let e = entries.iter().find(|e| e.parts.pattern == p);
        if let Some(e) = e {
            heading_pattern = Some(Learned::new(
                format!("{} {}", "#".repeat(e.level as usize), p),
                e.line,
                "entries",
            ));
        }
    }
    if let Some(s) = mode(entries.iter().flat_map(|e| {
        e.reading
            .fields
            .iter()
            // Prose has no label: it says nothing of how labels are written.
            .filter(|f| f.key.is_some() && f.style != FieldStyle::Prose)
            .map(|f| f.style)
    })) {
        let at = entries
            .iter()
            .flat_map(|e| e.reading.fields.iter())
            .find(|f| f.style == s)
            .map_or(0, |f| line_of(src, f.at));
        field_style = Some(Learned::new(s, at, "entries"));
    }
    let mut labels: Vec<(Key, String)> = Vec::new();
    for e in &entries {
        for f in &e.reading.fields {
            if let Some(k) = f.key
                && f.style != FieldStyle::Prose
                && !labels.iter().any(|(lk, _)| *lk == k)
            {
                labels.push((k, f.label.to_string()));
            }
        }
    }

    // Order: stated before the first entry, else seen from the dates.
    let first_entry_at = entries
        .first()
        .map_or(src.len(), |e| blocks[e.block].span.start);
    // Paragraphs and headings before the first entry (a sentence may span lines).
    let order = blocks
        .iter()
        .take_while(|b| b.span.start < first_entry_at)
        .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Heading { .. }))
        .find_map(|b| {
            order::stated_order(&src[b.span.clone()])
                .map(|o| Learned::new(o, b.first_line, "preamble"))
        });
    let order = order.unwrap_or_else(|| {
        let days: Vec<Option<NaiveDate>> = entries
            .iter()
            .map(|e| e.reading.detected.as_ref().and_then(When::day))
            .collect();
        let o = order::observed_order(&days);
        let line = entries.first().map_or(0, |e| e.line);
        Learned::new(
            o,
            line,
            if o == Order::Unknown {
                "default"
            } else {
                "dates"
            },
        )
    });

    // Markers, placeholders and the footer.
    let mut marker = None;
    let mut placeholder = None;
    let skip_lines: Vec<Range<usize>> = Vec::new();
    let _ = skip_lines;
    for b in blocks {
        if let Some(above) = crate::view::entry_marker(src, b) {
            marker.get_or_insert((b.first_line, above));
        }
        if matches!(b.kind, BlockKind::Paragraph)
            && order::is_placeholder_line(&src[b.span.clone()])
            && !in_skipped(&skipped, blocks, b)
        {
            placeholder.get_or_insert(b.first_line);
        }
    }
    // New entries go below a `below this line` marker: before whatever follows it.
    let after_marker = marker.map(|(line, _)| {
        blocks
            .iter()
            .find(|b| b.first_line > line)
            .map_or(lines + 1, |b| b.first_line)
    });
    let footer = entries.iter().rev().find(|e| e.headed).and_then(|last| {
        let level = last.level;
        blocks[last.block + 1..].iter().find_map(|b| {
            let (l, _) = heading_of(b)?;
            (l <= level && skipped.iter().any(|s| s.line == b.first_line)).then_some(b.first_line)
        })
    });

    let mut dialect = Dialect {
        seed,
        entry_level: entry_level.map(|l| {
            let line = entries.iter().find(|e| e.level == l).map_or(0, |e| e.line);
            Learned::new(l, line, "entries")
        }),
        heading: heading_pattern,
        field_style,
        labels,
        order,
        entries,
        skipped,
        unrecognised,
        marker,
        after_marker,
        placeholder,
        footer,
        groups,
        lines,
        overrides: Overrides::default(),
        zone: None,
    };
    o.apply(&mut dialect, src);
    dialect
}

/// Title prefixes of a postmortem document.
const POSTMORTEM_PREFIXES: [&str; 5] = [
    "postmortem",
    "post-mortem",
    "incident report",
    "incident review",
    "pir",
];

/// The whole document as one incident, when its `#` title is followed by fields that include a
/// severity and at least two other known ones.
fn postmortem(src: &str, blocks: &[Block], o: &Overrides) -> Option<EntrySite> {
    let (i, content) = blocks
        .iter()
        .enumerate()
        .find_map(|(i, b)| heading_of(b).filter(|(l, _)| *l == 1).map(|(_, c)| (i, c)))?;
    let b = &blocks[i];
    let end = section_end(blocks, i, 1);
    let body_end = blocks.get(end).map_or(src.len(), |b| b.span.start);
    let mut fields = fields::read_fields_with(src, b.span.end..body_end, 1, &|l| o.key_for(l));
    o.relabel(&mut fields);
    let known = fields.iter().filter(|f| f.key.is_some()).count();
    if known < 3
        || !fields
            .iter()
            .any(|f| f.key == Some(Key::Field(FieldName::Severity)))
    {
        return None;
    }
    // `Postmortem: title`, `Postmortem — title`, `Incident Report: title`.
    let text = &src[content.clone()];
    let lower = text.to_lowercase();
    let skip = POSTMORTEM_PREFIXES
        .iter()
        .find(|p| lower.starts_with(*p))
        .map_or(0, |p| {
            let rest = &text[p.len()..];
            let trimmed = rest.trim_start_matches([' ', ':', '—', '–', '-', '|']);
            p.len() + (rest.len() - trimmed.len())
        });
    let mut c = Candidate {
        block: i,
        body: b.span.end..body_end,
        span: b.span.start..body_end,
        level: 1,
        parts: HeadingParts {
            parts: Vec::new(),
            title: skip..text.len(),
            pattern: "{title}".into(),
        },
        title_span: content.start + skip..content.end,
        context: SiteContext::default(),
        reading: Reading {
            fields,
            ..Reading::default()
        },
        finished: false,
        known,
    };
    Some(EntrySite {
        block: i,
        line: b.first_line,
        level: 1,
        reading: finish_reading(&mut c).into(),
        parts: c.parts,
        title_span: c.title_span,
        headed: true,
        span: c.span,
        context: c.context,
    })
}

/// Whether a block lies under a skipped heading (template, example).
fn in_skipped(skipped: &[Skipped], blocks: &[Block], b: &Block) -> bool {
    let Some(last) = skipped.iter().rev().find(|s| s.line < b.first_line) else {
        return false;
    };
    // The nearest heading before the block is the skipped one.
    blocks
        .iter()
        .rev()
        .filter(|x| x.first_line < b.first_line)
        .find(|x| matches!(x.kind, BlockKind::Heading { .. }))
        .is_some_and(|h| h.first_line == last.line)
}

/// The most common value, the first one seen on a tie.
pub(crate) fn mode<T: PartialEq + Clone>(values: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: Vec<(T, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(x, _)| *x == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(v, _)| v)
}

/// The status a value states (`Fixed`, `✅ Closed` and `Done` are resolved). Its words decide
/// over a symbol before them (`✅ Reopened` is open); a `✅` alone says resolved.
pub(crate) fn read_status(text: &str) -> Option<Status> {
    let t = text.trim_ws();
    let word: String = t
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    match word.as_str() {
        "resolved" | "closed" | "done" | "fixed" | "complete" | "completed" => {
            Some(Status::Resolved)
        }
        "open" | "investigating" | "mitigated" | "monitoring" | "ongoing" | "active"
        | "identified" | "unresolved" | "reopened" | "in" => Some(Status::Open),
        _ if t.starts_with('✅') => Some(Status::Resolved),
        _ => None,
    }
}

/// The symbol and space the log writes before a status of these words (`✅ ` before
/// `Resolved` in another entry), when it writes one.
pub(crate) fn symbol_for_status(src: &str, d: &Dialect, words: &str) -> Option<String> {
    d.entries.iter().find_map(|e| {
        let value = src.get(e.reading.get(Key::Status)?.span.clone())?.trim();
        let at = value.find(char::is_alphanumeric)?;
        let said = value[at..].trim_end_matches(['*', '_', '`', ' ']);
        (said.eq_ignore_ascii_case(words) && status_symbol(value, 0..at).is_some())
            .then(|| value[..at].to_owned())
    })
}

/// Whether `src[range]` (what stands before a status's words) holds a symbol, such as `✅`
/// or `🟡`, rather than markup or nothing: `Some` with it.
pub(crate) fn status_symbol(src: &str, range: Range<usize>) -> Option<&str> {
    let t = src.get(range)?.trim();
    (!t.is_empty() && !t.is_ascii()).then_some(t)
}

/// The status a resolution paragraph states: `Status: resolved` in it, `Resolved at …`, or
/// `None yet` / `Not yet` (open).
fn status_in_prose(text: &str) -> Option<Status> {
    let lower = text.to_lowercase().replace('\n', " ");
    if let Some(at) = lower.find("status:") {
        return read_status(&lower[at + 7..]);
    }
    let t = lower.trim_start();
    if t.starts_with("none yet") || t.starts_with("not yet") || t.starts_with("pending") {
        return Some(Status::Open);
    }
    lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "resolved")
        .then_some(Status::Resolved)
}

/// Whether the lines right under heading `i` (up to the next heading) hold an entry's fields
/// with values: a severity that names a level and a certain day. A section's placeholders
/// (`<severity>`, `YYYY-MM-DD`) are neither.
fn reads_as_entry(src: &str, blocks: &[Block], i: usize, level: u8, o: &Overrides) -> bool {
    let start = blocks[i].span.end;
    let end = blocks[i + 1..]
        .iter()
        .find(|b| heading_of(b).is_some())
        .map_or(src.len(), |b| b.span.start);
    let fields = fields::read_fields_with(src, start..end, level, &|l| o.key_for(l));
    let has = |keys: &[Key], reads: &dyn Fn(&str) -> bool| {
        fields
            .iter()
            .any(|f| f.key.is_some_and(|k| keys.contains(&k)) && reads(&f.value))
    };
    has(&[Key::Field(FieldName::Severity)], &|v| {
        matches!(severity::read_severity(v), Some(SeverityValue::Known(_)))
    }) && has(&[Key::Field(FieldName::Detected), Key::Date], &|v| {
        dates::read_when(v).is_some_and(|w| w.day().is_some())
    })
}

/// Combines a day with a `Time:` field's value.
fn with_time(w: When, time: Option<&LooseField>) -> When {
    match (&w, time) {
        (When::Day(d), Some(t)) => dates::on_day(*d, &t.value).unwrap_or(w),
        _ => w,
    }
}

/// The entry's reading, its fields moved out of the candidate (not copied: a log has
/// thousands of entries, each with a dozen fields).
/// Whether a field's value says there is nothing (`None`, `n/a`, `-`, `None yet.`), or
/// nothing is written.
pub(crate) fn says_none(value: &str) -> bool {
    let v = value.trim_ws().trim_end_matches('.');
    v.is_empty()
        || ["none", "-", "n/a", "none yet", "nothing", "tbd"]
            .iter()
            .any(|w| v.eq_ignore_ascii_case(w))
}

fn finish_reading(c: &mut Candidate) -> Reading {
    let r = &c.reading;
    let get = |k: Key| r.get(k);
    let severity = get(Key::Field(FieldName::Severity))
        .and_then(|f| severity::read_severity(&f.value))
        .or_else(|| c.parts.severity().map(SeverityValue::Known));
    let time = get(Key::Time);
    let from_field = |k: Key| get(k).and_then(|f| dates::read_when(&f.value));
    let detected = from_field(Key::Field(FieldName::Detected))
        .or_else(|| from_field(Key::Date))
        .or_else(|| c.parts.date().cloned())
        .or_else(|| c.context.group_date.clone())
        .map(|w| with_time(w, time))
        .map(|w| {
            match (
                &w,
                get(Key::Window).and_then(|f| dates::read_range_start(&f.value)),
            ) {
                // A day, and a range on that day with its zone: the range's start.
                (When::Day(_) | When::Local(_), Some(start @ When::Instant(_)))
                    if start.day() == w.day() =>
                {
                    start
                }
                _ => w,
            }
        });
    let stated = get(Key::Status)
        .and_then(|f| read_status(&f.value))
        .or_else(|| {
            get(Key::Closed).map(|f| match read_status(&f.value) {
                Some(s) => s,
                None if dates::read_when(&f.value).is_some() => Status::Resolved,
                None => Status::Open,
            })
        })
        .or(c.context.resolved_section.then_some(Status::Resolved));
    let status = stated
        .or_else(|| {
            get(Key::Field(FieldName::Resolved))
                .filter(|f| dates::read_when(&f.value).is_some())
                .map(|_| Status::Resolved)
        })
        .or_else(|| get(Key::Field(FieldName::Resolution)).and_then(|f| status_in_prose(&f.value)));
    // Task items under `Actions` are actions to take; plain ones were taken.
    let task_actions: usize = r
        .fields
        .iter()
        .filter(|f| f.key == Some(Key::Actions))
        .map(|f| f.tasks)
        .sum();
    let follow_ups = task_actions
        + r.fields
            .iter()
            .filter(|f| f.key == Some(Key::Field(FieldName::FollowUpActions)))
            .map(|f| {
                // A sentence is one; a table's cell is no action (`| Follow-up | Done |`).
                if f.items == 0 && f.style != FieldStyle::Table && !says_none(&f.value) {
                    1
                } else {
                    f.items
                }
            })
            .sum::<usize>();
    let id = c
        .parts
        .id()
        .or_else(|| get(Key::Field(FieldName::Id)).map(|f| f.value.trim_ws().to_owned()));
    Reading {
        id,
        severity,
        detected,
        status,
        stated,
        follow_ups,
        fields: {
            let mut fields = std::mem::take(&mut c.reading.fields);
            // Copies used to come out exact; the kept vector must not hold its growth slack.
            fields.shrink_to_fit();
            fields
        },
    }
}

trait NotEntry {
    fn tap_not_entry(self) -> Self;
}

impl NotEntry for HeadingParts {
    /// In the seed's dialect only `Incident:` headings are entries: other parts are dropped.
    fn tap_not_entry(mut self) -> Self {
        self.parts.clear();
        self
    }
}
