//! Edits: each is a splice of the source text; everything outside the changed range stays
//! byte-identical, and every edit reports the ranges it changed.

use std::ops::Range;

use chrono::{DateTime, Utc};
use incident_core::{
    FollowUp, Incident, RelatedLog, Severity, WrittenTime, format_timestamp, is_placeholder,
};

use crate::escape::{escape_heading, unescape};
use crate::field::FieldName;
use crate::placement::Slot;
pub use crate::placement::{AddOptions, Order, Placement};
use crate::render::{
    field_order, line_ending, render_category, render_entry_with_id, render_follow_up,
    render_related_log, render_text,
};
use crate::view::{Entry, FieldStyle, base_id, free_id};
use crate::{Document, Error, Result, TaskBox};

/// One splice: the bytes at `before` (in the text as it was) were replaced by the bytes at
/// `after` (in the text as it is now).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The replaced range of the old text.
    pub before: Range<usize>,
    /// The range of the replacement in the new text.
    pub after: Range<usize>,
}

/// What [`Document::add_incident`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Added {
    /// The new incident's ID.
    pub id: String,
    /// Which rule placed it.
    pub placement: Placement,
    /// The splices, in the order they were applied.
    pub changes: Vec<Change>,
}

/// The state of a document an edit may have to go back to ([`Document::save_point`]).
pub(crate) struct SavePoint {
    source: String,
}

impl Document {
    /// Replaces `range` of the source with `text` and re-reads the structure.
    pub(crate) fn splice(&mut self, range: Range<usize>, text: &str) -> Change {
        self.replace_source_range(range.clone(), text);
        Change {
            after: range.start..range.start + text.len(),
            before: range,
        }
    }

    /// The heading of the entry `id` names (empty at 0 when none does): where a refusal of an
    /// edit of it points.
    pub(crate) fn heading_of(&self, id: &str) -> std::ops::Range<usize> {
        self.get(id).map_or(0..0, |e| e.heading_span.clone())
    }

    /// What an edit goes back to when its result does not read back: the source text, not a
    /// clone of the whole parsed document (the typed view is most of it, and going back is rare).
    pub(crate) fn save_point(&self) -> SavePoint {
        SavePoint {
            source: self.as_str().to_owned(),
        }
    }

    /// Goes back to `saved`: the document as it was when it was taken.
    pub(crate) fn restore(&mut self, saved: SavePoint) {
        self.read_again(saved.source);
    }

    fn eol(&self) -> &'static str {
        line_ending(self.as_str())
    }

    /// Adds an incident entry in the file's own style and keeps `## Last Incident:` true.
    ///
    /// The entry gets its ID written right under the heading (`### ID: <id>`), so the ID
    /// returned in [`Added::id`] names this incident for good: `<UTC date of detection>-<slug of
    /// the title>`, with `-2`, `-3`, … only when an existing entry already has that ID.
    ///
    /// Placement: an `<!-- … above this line -->` or `<!-- … below this line -->` marker wins
    /// (the entry goes directly above or below it, next to the incidents there); otherwise newest
    /// first, directly above the newest existing incident (in `oldest-first` order, after the last
    /// one), or, for an incident detected before the newest, where its date puts it among the
    /// others ([`Placement::InDateOrder`]); in a log without incidents, directly above the `## Template:` section; otherwise at
    /// the end. Entries are separated by the file's own thematic break (the one between two
    /// incidents, else the first between sections, such as the seed's `---`) with a blank line on
    /// each side, or by a blank line when the file has none. The entry follows the file's
    /// template (fields and order) and line endings; fields the incident leaves empty say
    /// [`UNFILLED`](incident_core::UNFILLED) (`_Not documented yet._`), visibly.
    ///
    /// # Errors
    ///
    /// When the incident has text that cannot be written as it is (a line break in the title,
    /// an empty title, …).
    pub fn add_incident(&mut self, incident: &Incident, options: &AddOptions) -> Result<Added> {
        crate::time_order::check_new(incident)?;
        let eol = self.eol();
        // A log in its own format (not the seed's) gets the entry in that format.
        if self.writes_in_dialect() {
            let before = options.severity_word.is_some().then(|| self.save_point());
            let mut added = crate::dialect::add_in_dialect(self, incident, eol)?;
            // The user's word of the log's scale, when it names the level written.
            if let Some(word) = &options.severity_word
                && self.severity_level(word) == Some(incident.severity)
            {
                match self.set_field(&added.id, FieldName::Severity, word) {
                    Ok(more) => added.changes.extend(more),
                    Err(e) => {
                        self.restore(before.expect("taken with the word"));
                        return Err(e);
                    }
                }
            }
            return Ok(added);
        }
        // Entries take the level the file's entries already have (`###` under `## Incidents`),
        // else the template's; a `##` entry among `###` ones would swallow those after it.
        let mut template = self.log().template.clone();
        if let Some(first) = self.incidents().first() {
            template.incident_level = first.level;
        }
        // The ID is written into the entry, so that it names this incident whatever is added or
        // edited later; a suffix only when an entry already has that ID (written or derived).
        // Looked up in the entries themselves: a set of the log's IDs cost a clone of each.
        let taken = |id: &str| self.incidents().iter().any(|e| e.id == id);
        let id = free_id(&base_id(&incident.title, Some(incident.detected)), taken);
        let entry = render_entry_with_id(incident, Some(&id), &template, eol)?;
        let entry = self.times_in_own_form(entry, incident);
        let Slot {
            placement,
            at,
            text,
        } = self.slot(incident, &entry, options.order);
        let before = self.save_point();
        // The entry and the Last Incident heading in one splice, so the document is read once:
        // the heading's new text is what it will be once the entry reads back as `incident`.
        let first = Change {
            before: at..at,
            after: at..at + text.len(),
        };
        let entry_offset = text.find(&entry).unwrap_or(0);
        let heading_at = first.after.start + entry_offset;
        let mut changes = vec![first];
        match self.last_incident_text(Some((at, incident))) {
            Some((range, new)) if range.start > at || range.end <= at => {
                let shift = if range.start > at { text.len() } else { 0 };
                changes.push(Change {
                    after: range.start + shift..range.start + shift + new.len(),
                    before: range.start + shift..range.end + shift,
                });
                self.replace_source_ranges(&mut [(at..at, &text), (range, &new)]);
            }
            _ => self.replace_source_range(at..at, &text),
        }
        // Should the entries read otherwise than foreseen, the heading is made true as before.
        changes.extend(self.update_last_incident());
        // The Last Incident heading sits above every entry or after all of them; adjust the
        // entry's offset when that splice came before it.
        let shift = changes
            .get(1)
            .filter(|c| c.before.end <= heading_at)
            .map_or(0isize, |c| c.after.len() as isize - c.before.len() as isize);
        let heading_at = (heading_at as isize + shift) as usize;
        // The entry ends in the text written: what follows must not run on into its last block
        // (an indented line after a blank one continues a list item, changing its owner).
        let written_end = heading_at + text.len() - entry_offset;
        // The entry must read back as the incident given. What comes before it may swallow it
        // (an unclosed code fence or HTML block), or a file's template may hold a placeholder
        // that breaks it: then nothing is written.
        let Some(id) = self
            .incidents()
            .iter()
            .find(|e| {
                // A heading right after the file's byte order mark is read from the line's
                // start, the mark included.
                let starts = e.heading_span.start == heading_at
                    || (e.heading_span.start == 0
                        && heading_at == '\u{feff}'.len_utf8()
                        && self.as_str().starts_with('\u{feff}'));
                starts
                    && e.span.end <= written_end
                    && e.id == id
                    && e.incident
                        .as_ref()
                        .is_some_and(|read| reads_back_as(read, incident))
            })
            .map(|e| e.id.clone())
        else {
            self.restore(before);
            return Err(Error::EntryNotReadable { offset: at });
        };
        Ok(Added {
            id,
            placement,
            changes,
        })
    }

    /// A rendered new entry with its times (`### Detected: …`) in the form the log's newest
    /// entry writes its Detected time in (`2026-11-28 03:12`, in the configured zone), where that
    /// form holds them; RFC 3339 otherwise. What is written is read back before it is kept.
    fn times_in_own_form(&self, mut entry: String, incident: &Incident) -> String {
        let sample = self
            .incidents()
            .iter()
            .filter(|e| e.incident.is_some())
            .max_by_key(|e| e.incident.as_ref().map(|i| i.detected))
            .and_then(|e| e.field(FieldName::Detected))
            .and_then(|f| self.as_str().get(f.inline.clone()))
            .map(str::trim);
        let Some(sample) = sample else {
            return entry;
        };
        let times = [
            Some(incident.detected),
            incident.acknowledged,
            incident.mitigated,
            incident.resolved,
        ];
        for t in times.into_iter().flatten() {
            let Some(own) = crate::dialect::in_form_of_exact(sample, t, self.timezone()) else {
                continue;
            };
            // Only a field heading's value (`### Detected: …`), never a time in the text.
            let written = format!(": {}", format_timestamp(t));
            let mut out = String::with_capacity(entry.len());
            for line in crate::lines::inclusive(&entry) {
                let body = crate::lines::without_terminator(line);
                match body.strip_suffix(written.as_str()) {
                    Some(label) if label.starts_with('#') => {
                        out.push_str(label);
                        out.push_str(": ");
                        out.push_str(&own);
                        out.push_str(&line[body.len()..]);
                    }
                    _ => out.push_str(line),
                }
            }
            entry = out;
        }
        entry
    }

    /// The level a severity word names in this log: `CRITICAL`, `HIGH`, `MEDIUM`, `LOW`, or a
    /// word of the log's own scale (`SEV1`, by its severity table or `.incident.toml`), or
    /// where the log writes its own words, the forms teams write (`P1`, `SEV-2`, `High`).
    /// What `set ID severity` and `new --severity` accept.
    ///
    /// ```
    /// use incident_core::Severity;
    /// use incident_md::Document;
    /// let doc: Document = "# Log\n\n## Incident: x\n\n### Severity: HIGH\n".parse().unwrap();
    /// assert_eq!(doc.severity_level("low"), Some(Severity::Low));
    /// assert_eq!(doc.severity_level("SEV0"), None);
    /// ```
    pub fn severity_level(&self, word: &str) -> Option<Severity> {
        let word = word.trim();
        word.parse::<Severity>()
            .ok()
            .or_else(|| self.log().dialect.overrides.severity_of(word))
            .or_else(|| {
                self.writes_in_dialect()
                    .then(|| Severity::read_lenient(word))
                    .flatten()
            })
    }

    /// The severity the user gave (`value`, naming `level`) in the words the file's entries use
    /// (`P1`, `High`, `SEV-2`): a word of the log's numbered scale is the word meant (`SEV3`,
    /// not the log's first word for LOW, which may be `SEV4`), and a level the entry already
    /// writes in a word of its own (`LOW` on a `SEV4` entry) keeps that word.
    fn severity_in_own_words(&self, id: &str, value: &str, level: Severity) -> String {
        let d = &self.log().dialect;
        let own = crate::dialect::severity_in_own_words(self.as_str(), d, level);
        if value.trim().parse::<Severity>().is_err()
            && let Some(word) = crate::dialect::severity::respell(&own, value)
        {
            return word;
        }
        let current = self.get(id).and_then(|e| {
            let field = e
                .reading
                .get(crate::dialect::Key::Field(FieldName::Severity))
                .map(|f| f.value.trim().to_owned());
            field.or_else(|| {
                crate::dialect::field_edit::heading_severity_of(self.as_str(), d, e)
                    .map(|(_, tag)| tag)
            })
        });
        match current {
            Some(c) if !c.contains('\n') && Severity::read_lenient(&c) == Some(level) => c,
            _ => own,
        }
    }

    /// Whether new entries (and severities) are written in the file's own dialect: a log whose
    /// entries are not the seed's, or one with the seed's `## Incident:` headings whose fields
    /// only the dialect reader reads (`**Date:** 22/06/2026`, `**What happened:** …`).
    pub(crate) fn writes_in_dialect(&self) -> bool {
        let log = self.log();
        crate::dialect::writes_own_format(&log.dialect)
            || (log.dialect.seed
                && log
                    .dialect
                    .field_style
                    .as_ref()
                    .is_some_and(|s| s.value != crate::dialect::FieldStyle::Heading)
                && !log.incidents.is_empty()
                && log.incidents.iter().all(|e| {
                    e.fields.is_empty() && e.reading.fields.iter().any(|f| f.key.is_some())
                }))
    }

    /// Rewrites the `## Last Incident:` heading's text to name the most recently detected
    /// incident, as `<title> (<SEVERITY>, <detected>)` with the time in the form the heading
    /// wrote it (RFC 3339 UTC by default), or as `<ID> (<day>)` where the heading names its
    /// incident by ID; `None Recorded` when there is none. Only that heading's text changes; `None` when it was already true or the
    /// file has no such heading.
    pub fn update_last_incident(&mut self) -> Option<Change> {
        let (range, text) = self.last_incident_text(None)?;
        Some(self.splice(range, &text))
    }

    /// The splice that makes `## Last Incident:` true: its text's span and new text; `None`
    /// when it is already true or there is no such heading. With `added`, as it will be once
    /// that incident is read from an entry inserted at that offset.
    pub(crate) fn last_incident_text(
        &self,
        added: Option<(usize, &Incident)>,
    ) -> Option<(Range<usize>, String)> {
        self.last_incident_with(added, None)
    }

    /// [`last_incident_text`](Self::last_incident_text), and with `changed`, as it will be
    /// once the entry that starts at that offset reads as that incident.
    pub(crate) fn last_incident_with(
        &self,
        added: Option<(usize, &Incident)>,
        changed: Option<(usize, &Incident)>,
    ) -> Option<(Range<usize>, String)> {
        let last = self.log().last_incident.as_ref()?;
        // The most recently detected, the first in document order among equals.
        // With the entry's ID, which the heading may name it by (`INC-2026-034 (2026-11-29)`).
        let newest = self
            .incidents()
            .iter()
            .filter_map(|e| match changed {
                Some((at, i)) if at == e.span.start => Some(((at, 1), i, Some(e.id.as_str()))),
                _ => e
                    .incident
                    .as_ref()
                    .map(|i| ((e.span.start, 1), i, Some(e.id.as_str()))),
            })
            .chain(added.map(|(at, i)| ((at, 0), i, None)))
            .max_by_key(|(at, i, _)| (i.detected, std::cmp::Reverse(*at)));
        let current = &self.as_str()[last.text_span.clone()];
        let parts = last_incident_parts(current);
        if let (Some((_, i, id)), Some(parts)) = (newest, parts)
            && (already_names(parts, i) || id.is_some_and(|id| names_by_id(parts, i, id)))
        {
            return None;
        }
        // `2026-11-20 — etcd storm`: a team's form, kept when true, and written so when not.
        if let Some((_, sep, _)) = dated_form(current) {
            return match newest {
                Some((_, i, _)) if names_dated(current, i) => None,
                Some((_, i, _)) => {
                    let text = format!(
                        "{}{sep}{}",
                        i.detected.format("%Y-%m-%d"),
                        escape_heading(&crate::text::one_line(&i.title))
                    );
                    Some((last.text_span.clone(), text))
                }
                None => None,
            };
        }
        // A heading that names its incident by ID (`INC-2026-034 (2026-11-29)`) keeps doing so.
        let by_id = parts.is_some_and(|parts| {
            self.incidents().iter().any(|e| {
                e.incident
                    .as_ref()
                    .is_some_and(|i| names_by_id(parts, i, &e.id))
            })
        });
        let details = parts.map_or("", |(_, d)| d);
        let text = match newest {
            // A new entry's ID is known once it is read: the heading is made true then.
            Some((_, _, None)) if by_id => return None,
            Some((_, i, Some(id))) if by_id => {
                if names_a_severity(details) {
                    format!("{id} ({}, {})", i.severity, i.detected.format("%Y-%m-%d"))
                } else {
                    format!("{id} ({})", i.detected.format("%Y-%m-%d"))
                }
            }
            // On one line: a title of two lines (a setext heading's) would end the heading
            // there and put the rest of it into the text below.
            Some((_, i, _)) => format!(
                "{} ({}, {})",
                escape_heading(&crate::text::one_line(&i.title)),
                i.severity,
                // In the form the heading writes its time in (`2026-11-28 03:12`), else RFC 3339.
                details
                    .rsplit(", ")
                    .next()
                    .and_then(|sample| {
                        crate::dialect::in_form_of_exact(sample, i.detected, self.timezone())
                    })
                    .unwrap_or_else(|| format_timestamp(i.detected))
            ),
            None => "None Recorded".to_owned(),
        };
        (current != text).then(|| (last.text_span.clone(), text))
    }

    /// Sets or replaces a field's value in the incident `id` (an ID or unique prefix).
    ///
    /// Severity and timestamps are checked and written in canonical form; text is escaped so it
    /// reads back the same. Follow-up Actions and Related Logs take one item per line
    /// (`action - @owner - 2026-02-01`, `[text](target)` or text), rendered like
    /// [`add_follow_up`](Self::add_follow_up) and [`add_related_log`](Self::add_related_log)
    /// render them. An empty text value writes [`UNFILLED`](incident_core::UNFILLED) back. A field the entry
    /// lacks is inserted in its canonical place (the template's order; Category after Severity,
    /// Acknowledged after Detected, Resolved after Acknowledged). Setting the value a field
    /// already has changes nothing.
    ///
    /// # Errors
    ///
    /// Unknown ID, an invalid severity or timestamp, a line break in a single-line value, an
    /// item that cannot be written (see [`render_follow_up`]).
    pub fn set_field(&mut self, id: &str, name: FieldName, value: &str) -> Result<Vec<Change>> {
        let eol = self.eol();
        // A time a team's log writes on a line of its own, cleared (a reopening clears
        // Resolved), goes with its line: such a log has no placeholder for it.
        if value.trim().is_empty()
            && matches!(
                name,
                FieldName::Acknowledged | FieldName::Mitigated | FieldName::Resolved
            )
            && let Some(line) = self
                .team_time_line(id, name)
                .or_else(|| self.added_time_heading(id, name))
        {
            let mut changes = vec![self.splice(line, "")];
            changes.extend(self.update_last_incident());
            return Ok(changes);
        }
        let value = match name {
            FieldName::Severity => {
                let level = self
                    .severity_level(value)
                    .ok_or_else(|| Error::InvalidValue {
                        field: "Severity",
                        value: value.to_owned(),
                        reason: "expected CRITICAL, HIGH, MEDIUM or LOW",
                    })?;
                if self.writes_in_dialect() {
                    self.severity_in_own_words(id, value, level)
                } else {
                    level.to_string()
                }
            }
            // An optional time can be cleared: it says it is unfilled again.
            FieldName::Acknowledged | FieldName::Mitigated | FieldName::Resolved
                if value.trim().is_empty() =>
            {
                self.placeholder(name)
            }
            FieldName::Detected
            | FieldName::Acknowledged
            | FieldName::Mitigated
            | FieldName::Resolved => {
                let written = value
                    .parse::<WrittenTime>()
                    .map_err(|_| Error::InvalidValue {
                        field: "timestamp",
                        value: value.to_owned(),
                        reason: "expected ISO 8601, e.g. 2026-01-31T14:05:00Z",
                    })?;
                // A local time is the document's zone's; written back in UTC.
                let t = written
                    .in_zone(self.timezone())
                    .map_err(|_| Error::InvalidValue {
                        field: "timestamp",
                        value: value.to_owned(),
                        reason: "that local time does not occur in the configured time zone",
                    })?;
                // In the form the field is written in (`**Resolved:** 2026-07-09 15:00 UTC`),
                // else the one the entry's Detected time is (`### Detected: 2026-11-28 03:12`),
                // where that form holds the time; else RFC 3339.
                let entry = self.get(id);
                let in_form_of = |f: &crate::Field| {
                    let sample = self.as_str().get(f.inline.clone())?.trim();
                    crate::dialect::in_form_of_exact(sample, t, self.timezone())
                };
                let own = entry
                    .and_then(|e| e.field(name))
                    .and_then(in_form_of)
                    .or_else(|| entry?.field(FieldName::Detected).and_then(in_form_of));
                own.unwrap_or_else(|| format_timestamp(t))
            }
            _ if value.trim().is_empty() => self.placeholder(name),
            FieldName::Category => render_category(value)?,
            _ if name.kind() == incident_core::FieldKind::Label => {
                crate::render::render_label(name.label(), value)?
            }
            FieldName::Status => crate::render::render_disposition(&value.parse().map_err(
                |e: incident_core::UnknownDisposition| Error::InvalidValue {
                    field: "Status",
                    value: e.0,
                    reason: "expected `reopened` or `cancelled — REASON`",
                },
            )?)?,
            FieldName::Trigger => crate::render::render_trigger_source(&value.parse().map_err(
                |e: incident_core::UnknownTriggerSource| Error::InvalidValue {
                    field: "Trigger",
                    value: e.0,
                    reason: "expected a trigger kind, optionally followed by `(key: KEY)`",
                },
            )?)?,
            FieldName::Timeline => {
                let mut items = value
                    .split(['\n', '\r'])
                    .map(|l| l.trim().trim_start_matches(['-', '*', '+']).trim())
                    .filter(|l| !l.is_empty())
                    .map(|l| {
                        incident_core::TimelineItem::parse_in(l, self.timezone()).map_err(|_| {
                            Error::InvalidValue {
                                field: "Timeline item",
                                value: l.to_owned(),
                                reason: "expected `2026-03-02T10:12:00Z — text`",
                            }
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                items.sort_by_key(|i| i.at);
                items
                    .iter()
                    .map(|i| crate::render::render_timeline_item_in(i, self.timezone()))
                    .collect::<Result<Vec<_>>>()?
                    .join(eol)
            }
            FieldName::FollowUpActions => value
                .split(['\n', '\r'])
                .filter(|l| !l.trim().is_empty())
                .map(|l| render_follow_up(&l.parse::<FollowUp>().unwrap_or_else(|n| match n {})))
                .collect::<Result<Vec<_>>>()?
                .join(eol),
            FieldName::RelatedLogs => value
                .split(['\n', '\r'])
                .filter(|l| !l.trim().is_empty())
                .map(|l| render_related_log(&crate::text::related_log_from_line(l)))
                .collect::<Result<Vec<_>>>()?
                .join(eol),
            _ => render_text(value, eol),
        };
        let mut changes = Vec::new();
        let entry = self.find(id)?;
        // A new time on the day the derived ID names (a time written for a day-only date)
        // keeps that ID: nothing to pin then.
        let moves = name == FieldName::Detected
            && entry
                .incident
                .as_ref()
                .is_none_or(|i| format_timestamp(i.detected) != value)
            && !self.keeps_derived_id(entry, &value);
        // Refuse an out-of-order time before anything is written (pinning the ID included).
        crate::time_order::check_edit(entry, name, &value)?;
        let id = if moves {
            let entry = entry.clone();
            // A time in a form the ID rule does not read as RFC 3339 (`2026-11-20 14:00 CET`)
            // may still keep every derived ID: then it is written without a pin.
            let ids: Vec<String> = self.incidents().iter().map(|e| e.id.clone()).collect();
            let saved = self.save_point();
            if let Ok(written) = self.write_field(id, name, &value)
                && self.incidents().iter().map(|e| &e.id).eq(ids.iter())
            {
                return Ok(written);
            }
            self.restore(saved);
            if let Some(written) = self.pin_and_write_detected(&entry, &value) {
                return written;
            }
            // The derived ID depends on the detection time: write it first, so it stays.
            changes.extend(self.pin_id(id)?);
            self.find(id)?.id.clone()
        } else {
            id.to_owned()
        };
        changes.extend(self.write_field(&id, name, &value)?);
        Ok(changes)
    }

    /// Writes the entry's ID into it (right under the heading, in the entry's field style:
    /// `### ID: …`, `**ID:** …` or `- **ID:** …`) when it is only derived, so that later edits of
    /// its title or detection time, or incidents added before it, cannot change it. No change
    /// when the ID is already written. The typed edits call this before changing what a derived
    /// ID is made of.
    ///
    /// # Errors
    ///
    /// Unknown ID; [`Error::Uneditable`] when the written ID would not read back as the entry's
    /// (nothing is changed then).
    pub fn pin_id(&mut self, id: &str) -> Result<Vec<Change>> {
        let entry = self.find(id)?.clone();
        let Some((at, text)) = self.pin_text(&entry) else {
            return Ok(Vec::new());
        };
        let before = self.save_point();
        let change = self.splice(at..at, &text);
        // The written ID must read back as this entry's; what is around it could keep it from
        // doing so.
        if !self.id_reads_back(&entry.id) {
            self.restore(before);
            return Err(pin_refused(&entry));
        }
        Ok(vec![change])
    }

    /// Whether the entry `id` reads with its ID written.
    fn id_reads_back(&self, id: &str) -> bool {
        self.get(id).is_some_and(|e| e.id_written)
    }

    /// Whether `entry`'s derived ID stays the same with Detected set to `value`: the same day
    /// and title, and no other entry whose ID starts with it (a `-2` that the new order could
    /// give to this one).
    fn keeps_derived_id(&self, entry: &Entry, value: &str) -> bool {
        let Ok(at) = incident_core::parse_timestamp(value) else {
            return false;
        };
        !entry.id_written
            && crate::view::base_id(&entry.title, Some(at)) == entry.id
            && !self
                .incidents()
                .iter()
                .any(|e| e.id != entry.id && e.id.starts_with(&entry.id))
    }

    /// Where [`pin_id`](Self::pin_id) writes the entry's ID, and the text; `None` when the ID is
    /// written already.
    fn pin_text(&self, entry: &Entry) -> Option<(usize, String)> {
        if entry.id_written {
            return None;
        }
        let eol = self.eol();
        let src = self.as_str();
        let label = FieldName::Id.label();
        let (at, text) = match entry.fields.first() {
            Some(f) if f.style == FieldStyle::Bold => {
                // One more line at the top of the fields' paragraph, ended by the hard line
                // break the first one has (`  ` or `\`), or it would run into that line.
                let first = src[f.span.clone()].trim_end_matches(['\n', '\r']);
                let hard = crate::view::text::hard_break(first);
                (
                    f.span.start,
                    format!("**{label}:** {}{hard}{eol}", entry.id),
                )
            }
            Some(f) if f.style == FieldStyle::BoldItem => {
                // One more item before the first, with its bullet and indentation.
                let item = &src[f.span.clone()];
                let marker = f.span.start + (item.len() - item.trim_start().len());
                let line_start = src[..marker].rfind(['\n', '\r']).map_or(0, |p| p + 1);
                let lead = &src[line_start..marker];
                let bullet = item.trim_start().chars().next().unwrap_or('-');
                (
                    marker,
                    format!("{bullet} **{label}:** {}{eol}{lead}", entry.id),
                )
            }
            _ => match crate::dialect::field_edit::write(
                src,
                &self.log().dialect,
                entry,
                FieldName::Id,
                &entry.id,
                eol,
            ) {
                // An entry in its own style gets its ID as one more field of that style.
                Some(s) => (s.range.start, s.text),
                None => self.new_field_text(entry, FieldName::Id, &entry.id),
            },
        };
        Some((at, text))
    }

    /// A new Detected time for an entry whose ID is only derived: the ID (which the time is
    /// part of) and the time, and `## Last Incident:` as it will read, in one splice, so the
    /// document is read once. Each must read back, as when written one after the other, or
    /// nothing is changed. `None`, with nothing done, when the splices touch or there is nothing
    /// to pin: the caller writes them one after the other.
    fn pin_and_write_detected(
        &mut self,
        entry: &Entry,
        value: &str,
    ) -> Option<Result<Vec<Change>>> {
        let name = FieldName::Detected;
        let (at, pin) = self.pin_text(entry)?;
        let (range, text) = self.field_plan(entry, name, value)?;
        let mut edits = vec![(at..at, pin), (range, text)];
        edits.extend(self.heading_once_written(entry, name, value));
        let before = self.save_point();
        let mut changes = match self.splice_apart(edits) {
            Ok(changes) => changes,
            Err(_) => return None,
        };
        changes.extend(self.update_last_incident());
        if !self.id_reads_back(&entry.id) {
            self.restore(before);
            return Some(Err(pin_refused(entry)));
        }
        if !self.field_reads_back(&entry.id, name, value, entry.incident.is_some()) {
            self.restore(before);
            return Some(Err(not_read_back(
                &entry.id,
                name,
                entry.heading_span.clone(),
            )));
        }
        Some(Ok(changes))
    }

    /// A time heading of a seed-format entry (`### Resolved: …`) that the log's template does
    /// not have, so a step such as `resolve` added it, with the blank lines after it: what
    /// clearing that time removes (its placeholder would read as a field still to fill).
    fn added_time_heading(&self, id: &str, name: FieldName) -> Option<Range<usize>> {
        let log = self.log();
        if self.writes_in_dialect() || log.template.fields.iter().any(|f| f.name == Some(name)) {
            return None;
        }
        let f = self.find(id).ok()?.field(name)?;
        if !matches!(f.style, crate::view::FieldStyle::Heading { .. }) || f.body.is_some() {
            return None;
        }
        let src = self.as_str();
        let blank = crate::lines::inclusive(&src[f.span.end..])
            .take_while(|l| l.trim().is_empty())
            .map(str::len)
            .sum::<usize>();
        Some(f.span.start..f.span.end + blank)
    }

    /// The line (with its line ending) of a time field `name` of the entry, in a log written in
    /// its own dialect, when the field is that one line: `**Resolved:** 2026-07-09 15:00 UTC`,
    /// `- Resolved: …`, a `| Resolved | … |` row.
    fn team_time_line(&self, id: &str, name: FieldName) -> Option<Range<usize>> {
        if !self.writes_in_dialect() {
            return None;
        }
        let entry = self.find(id).ok()?;
        let (start, end) = match entry.field(name) {
            // A time is one line: a paragraph the typed view takes for the field's text
            // (a description below `**Resolved:** …`) is no part of it.
            Some(f) if !f.inline.is_empty() => (f.span.start, f.inline.end),
            Some(f) => (f.span.start, f.span.end),
            None => {
                use crate::dialect::FieldStyle as S;
                let f = crate::dialect::field_edit::own_field(entry, name)?;
                if !matches!(
                    f.style,
                    S::BoldLine
                        | S::BoldColonOutside
                        | S::BoldList
                        | S::BoldListColonOutside
                        | S::PlainList
                        | S::PlainLine
                        | S::Table
                ) {
                    return None;
                }
                (f.at, f.span.end.max(f.at))
            }
        };
        let src = self.as_str();
        let start = src[..start].rfind(['\n', '\r']).map_or(0, |p| p + 1);
        let end = src[end..].find(['\n', '\r']).map_or(src.len(), |p| end + p);
        // One line, and no heading (whose blank line after it would stay behind).
        let line = &src[start..end];
        if line.contains(['\n', '\r'])
            || line.trim().is_empty()
            || line.trim_start().starts_with('#')
        {
            return None;
        }
        let after = &src[end..];
        let eol = if after.starts_with("\r\n") {
            2
        } else {
            usize::from(after.starts_with(['\n', '\r']))
        };
        if eol > 0 {
            return Some(start..end + eol);
        }
        // The last line of the text: the line ending before it goes instead.
        let before = &src[..start];
        let back = if before.ends_with("\r\n") {
            2
        } else {
            usize::from(before.ends_with(['\n', '\r']))
        };
        Some(start - back..end)
    }

    fn placeholder(&self, name: FieldName) -> String {
        let template = &self.log().template;
        let text = template
            .fields
            .iter()
            .find(|f| f.name == Some(name))
            .map_or(name.placeholder(), |f| f.placeholder.as_str());
        crate::render::unfilled_text(Some(name), text)
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .replace('\n', self.eol())
    }

    /// Records when the incident was acknowledged.
    pub fn set_acknowledged(&mut self, id: &str, at: DateTime<Utc>) -> Result<Vec<Change>> {
        self.write_field(id, FieldName::Acknowledged, &format_timestamp(at))
    }

    /// Records when the incident was resolved.
    pub fn set_resolved(&mut self, id: &str, at: DateTime<Utc>) -> Result<Vec<Change>> {
        self.write_field(id, FieldName::Resolved, &format_timestamp(at))
    }

    /// Writes already-rendered markdown as a field's value.
    pub(crate) fn write_field(
        &mut self,
        id: &str,
        name: FieldName,
        value: &str,
    ) -> Result<Vec<Change>> {
        let before = self.save_point();
        let had_incident = self.find(id).is_ok_and(|e| e.incident.is_some());
        let changes = self.write_field_unchecked(id, name, value)?;
        if !changes.is_empty() && !self.field_reads_back(id, name, value, had_incident) {
            self.restore(before);
            return Err(not_read_back(id, name, self.heading_of(id)));
        }
        Ok(changes)
    }

    /// Whether field `name` of entry `id` reads back as `value` was written: what is around the
    /// entry (an unclosed fence at its end, an HTML block, say) can swallow the new text, and
    /// then the field, or its time, would not read back.
    fn field_reads_back(&self, id: &str, name: FieldName, value: &str, had_incident: bool) -> bool {
        self.find(id).ok().is_some_and(|e| {
            (e.field(name).is_some()
                || crate::dialect::field_edit::own_field(e, name).is_some()
                || (name == FieldName::Severity
                    && crate::dialect::field_edit::heading_severity_of(
                        self.as_str(),
                        &self.log().dialect,
                        e,
                    )
                    .is_some()))
                // A local time (`2026-03-02 10:20`, the form the entry writes) is the
                // document's zone's, as the reader reads it.
                && match (
                    &e.incident,
                    value
                        .parse::<WrittenTime>()
                        .and_then(|w| w.in_zone(self.timezone())),
                ) {
                    (Some(i), Ok(at)) => i.time_field(name).is_none_or(|t| t == Some(at)),
                    (None, _) => !had_incident,
                    // Another Severity the reader takes first (one an HTML block hides) would
                    // leave the written one unread.
                    (Some(i), _) if name == FieldName::Severity => self
                        .log()
                        .dialect
                        .overrides
                        .severity_of(value)
                        .or_else(|| Severity::read_lenient(value))
                        .is_none_or(|s| s == i.severity),
                    _ => true,
                }
        })
    }

    fn write_field_unchecked(
        &mut self,
        id: &str,
        name: FieldName,
        value: &str,
    ) -> Result<Vec<Change>> {
        let entry = self.find(id)?.clone();
        crate::time_order::check_edit(&entry, name, value)?;
        let mut changes = Vec::new();
        if let Some((range, text)) = self.field_plan(&entry, name, value) {
            // With `## Last Incident:` as it will read, in one splice: the document is read
            // once. Should the entry read otherwise than foreseen, the heading is made true after.
            let heading = self.heading_once_written(&entry, name, value);
            changes.extend(self.splice_with_heading(range, &text, heading));
        }
        changes.extend(self.update_last_incident());
        Ok(changes)
    }

    /// The splice that writes `value` as field `name` of `entry`, in the entry's own style or by
    /// the seed's rules; `None` when the field already says that.
    fn field_plan(
        &self,
        entry: &Entry,
        name: FieldName,
        value: &str,
    ) -> Option<(Range<usize>, String)> {
        match self.own_style_text(entry, name, value) {
            Some(planned) => planned,
            None => self.field_text(entry, name, value),
        }
    }

    /// The splice that makes `## Last Incident:` true once field `name` of `entry` reads
    /// `value`; `None` when it will be true as it is, or that cannot be foreseen.
    fn heading_once_written(
        &self,
        entry: &Entry,
        name: FieldName,
        value: &str,
    ) -> Option<(Range<usize>, String)> {
        let mut foreseen = entry.incident.clone()?;
        self.foresee(&mut foreseen, name, value)?;
        self.last_incident_with(None, Some((entry.span.start, &foreseen)))
    }

    /// The splice that writes `value` as field `name` of `entry` by the seed's rules: the range
    /// and its new text, `None` when the field already says that.
    fn field_text(
        &self,
        entry: &Entry,
        name: FieldName,
        value: &str,
    ) -> Option<(Range<usize>, String)> {
        let eol = self.eol();
        let bold = entry
            .fields
            .first()
            .is_some_and(|f| f.style == FieldStyle::Bold);
        if let Some(f) = entry.field(name)
            && f.style == FieldStyle::BoldItem
        {
            // `- **Name:** value`: the value runs to the item's end; continuation lines and a
            // nested list are indented under the item.
            let indent = item_indent(&self.as_str()[f.span.clone()]);
            let (start, text) = if is_list(value) {
                let start = self.as_str()[..f.inline.start]
                    .trim_end_matches([' ', '\t'])
                    .len();
                (
                    start,
                    format!("{eol}{}", indent_lines(value, &indent, eol, true)),
                )
            } else {
                (f.inline.start, indent_lines(value, &indent, eol, false))
            };
            let range = start..f.inline.end;
            return (self.as_str()[range.clone()] != text).then_some((range, text));
        }
        if let Some(f) = entry.field(name) {
            let (range, text) = if let Some(body) = f.body.clone().filter(|_| f.inline.is_empty()) {
                // `### Detected:` with the value on the lines below: replace those.
                (body, value.to_owned())
            } else if name.is_inline() {
                // A bold label always has its colon (`**Severity:**`, `**Severity**:`); a heading
                // may lack one (`### Severity`).
                let colon = f.style == FieldStyle::Bold
                    || self.as_str()[..f.inline.start].trim_end().ends_with(':');
                let text = if colon {
                    value.to_owned()
                } else {
                    format!(": {value}")
                };
                (f.inline.clone(), text)
            } else if !f.inline.is_empty() {
                let end = f
                    .body
                    .as_ref()
                    .map_or(f.span.end, |b| b.end)
                    .max(f.inline.end);
                if is_list(value) {
                    // A list cannot stand on the label line: it goes below it.
                    let start = self.as_str()[..f.inline.start]
                        .trim_end_matches([' ', '\t'])
                        .len();
                    (start..end, format!("{eol}{value}"))
                } else {
                    // `**Impact**` alone on its line, the text below it: the new text goes where
                    // the old starts, below the label (on the label's line it would be no
                    // field).
                    let inline = &self.as_str()[f.inline.clone()];
                    let start = f.inline.start + (inline.len() - inline.trim_start().len());
                    (start..end, value.to_owned())
                }
            } else {
                (f.span.end..f.span.end, format!("{eol}{value}"))
            };
            let mut text = text;
            if bold && self.continues_paragraph(range.end, &text) {
                text.push_str(eol);
            }
            (self.as_str()[range.clone()] != text).then_some((range, text))
        } else {
            let (at, mut text) = self.new_field_text(entry, name, value);
            if bold && self.continues_paragraph(at, &text) {
                text.push_str(eol);
            }
            Some((at..at, text))
        }
    }

    /// Splices `range` with `text` and, when given, the Last Incident heading's `(span, text)`,
    /// in one splice when the two are apart; else `range` alone, and the caller's
    /// [`update_last_incident`](Self::update_last_incident) makes the heading true after it.
    pub(crate) fn splice_with_heading(
        &mut self,
        range: Range<usize>,
        text: &str,
        heading: Option<(Range<usize>, String)>,
    ) -> Vec<Change> {
        if let Some(heading) = heading
            && let Ok(changes) = self.splice_apart(vec![(range.clone(), text.to_owned()), heading])
        {
            return changes;
        }
        vec![self.splice(range, text)]
    }

    /// Applies `edits` (ranges of the text as it is, none touching another) in one splice, so
    /// the document is read once; the changes are those of applying them one after the other,
    /// in this order. `Err` with the edits, and nothing changed, when two touch.
    fn splice_apart(
        &mut self,
        edits: Vec<(Range<usize>, String)>,
    ) -> std::result::Result<Vec<Change>, Vec<(Range<usize>, String)>> {
        let apart = |a: &Range<usize>, b: &Range<usize>| a.end < b.start || b.end < a.start;
        if edits
            .iter()
            .enumerate()
            .any(|(k, (a, _))| edits[k + 1..].iter().any(|(b, _)| !apart(a, b)))
        {
            return Err(edits);
        }
        let changes = edits
            .iter()
            .enumerate()
            .map(|(k, (range, text))| {
                // Where the range is once the edits before it in the list are applied.
                let start = edits[..k]
                    .iter()
                    .filter(|(r, _)| r.end < range.start)
                    .fold(range.start, |at, (r, t)| at + t.len() - r.len());
                Change {
                    before: start..start + range.len(),
                    after: start..start + text.len(),
                }
            })
            .collect();
        let mut refs: Vec<(Range<usize>, &str)> =
            edits.iter().map(|(r, t)| (r.clone(), t.as_str())).collect();
        self.replace_source_ranges(&mut refs);
        Ok(changes)
    }

    /// Sets in `incident` what writing `value` as field `name` changes of what the Last
    /// Incident heading says (title, severity, detection time); `None` when that cannot be
    /// foreseen.
    fn foresee(&self, incident: &mut Incident, name: FieldName, value: &str) -> Option<()> {
        match name {
            FieldName::Severity => {
                incident.severity = self
                    .overrides()
                    .severity_of(value)
                    .or_else(|| Severity::read_lenient(value))?;
            }
            FieldName::Detected => {
                incident.detected = incident_core::parse_timestamp(value).ok()?;
            }
            _ => {}
        }
        Some(())
    }

    /// The splice that writes a field the typed view does not see (`- Field: v`, `Field: v`, a
    /// table row, …), or a new field of an entry in another dialect than the seed's, in the
    /// entry's own style ([`crate::dialect::field_edit`]): `Some(None)` when the field already
    /// says that, `None` when the seed's rules write it.
    fn own_style_text(
        &self,
        entry: &Entry,
        name: FieldName,
        value: &str,
    ) -> Option<Option<(Range<usize>, String)>> {
        if entry.field(name).is_some() {
            return None;
        }
        let splice = crate::dialect::field_edit::write(
            self.as_str(),
            &self.log().dialect,
            entry,
            name,
            value,
            self.eol(),
        )?;
        Some(
            (self.as_str()[splice.range.clone()] != splice.text)
                .then_some((splice.range, splice.text)),
        )
    }

    /// Whether `text`, written before `at`, would swallow the line after `at` into its last
    /// paragraph: `text` has a blank line (so its end is a paragraph of its own) or ends in a list
    /// item, and a bold label follows on the next line, which must start a paragraph to be read
    /// as one.
    fn continues_paragraph(&self, at: usize, text: &str) -> bool {
        let rest = &self.as_str()[at..];
        let next = rest
            .strip_prefix("\r\n")
            .or_else(|| rest.strip_prefix(['\n', '\r']));
        // Any line ending counts, a lone `\r` too (`lines()` splits on `\n` only).
        let blank_inside = text
            .trim()
            .replace("\r\n", "\n")
            .split(['\n', '\r'])
            .any(|l| l.trim().is_empty());
        // A list at the end would take the next line in as its last item's continuation.
        let ends_in_list = text
            .split(['\n', '\r'])
            .rfind(|l| !l.trim().is_empty())
            .is_some_and(|l| {
                let l = l.trim_start();
                l.starts_with(['-', '*', '+']) && l[1..].starts_with([' ', '\t'])
            });
        (blank_inside || ends_in_list)
            && next.is_some_and(|n| !n.split(['\n', '\r']).next().unwrap_or("").trim().is_empty())
    }

    /// Where a missing field goes in an entry, and the text that adds it.
    fn new_field_text(&self, entry: &Entry, name: FieldName, value: &str) -> (usize, String) {
        let eol = self.eol();
        let order = field_order(&self.log().template);
        let k = order.iter().position(|f| *f == name).unwrap_or(order.len());
        let pred = order[..k].iter().rev().find_map(|p| entry.field(*p));
        let after = pred.map_or(entry.heading_span.end, |f| f.span.end);
        let bold = entry
            .fields
            .first()
            .is_some_and(|f| f.style == FieldStyle::Bold);
        // A bold label goes on the line after the field before it, in the same paragraph, unless
        // that field ends with blocks (a list), which a new line would continue.
        let own_paragraph = pred.is_none_or(|f| f.body.is_some());
        let item = entry
            .fields
            .first()
            .filter(|f| f.style == FieldStyle::BoldItem);
        let text = if let Some(first) = item {
            // One more labelled item, with the entry's bullet, after the field before it.
            let own = &self.as_str()[first.span.clone()];
            let bullet = own.trim_start().chars().next().unwrap_or('-');
            let indent = item_indent(own);
            if is_list(value) {
                let value = indent_lines(value, &indent, eol, true);
                format!("{eol}{bullet} **{}:**{eol}{value}", name.label())
            } else {
                let value = indent_lines(value, &indent, eol, false);
                format!("{eol}{bullet} **{}:** {value}", name.label())
            }
        } else if bold {
            let gap = if own_paragraph { eol } else { "" };
            let sep = if is_list(value) { eol } else { " " };
            format!("{eol}{gap}**{}:**{sep}{value}", name.label())
        } else {
            let hashes = "#".repeat(entry.level as usize + 1);
            if name.is_inline() {
                format!("{eol}{eol}{hashes} {}: {value}", name.label())
            } else {
                format!("{eol}{eol}{hashes} {}:{eol}{value}", name.label())
            }
        };
        (after, text)
    }

    /// Adds a follow-up action to the incident: after its last action, with the same bullet and
    /// indentation, or in place of the template's placeholder items when that is all the field
    /// holds (the field is added in its canonical place when the entry lacks it).
    ///
    /// # Errors
    ///
    /// Unknown ID, or a follow-up that cannot be written so that it reads back the same (see
    /// [`render_follow_up`]).
    pub fn add_follow_up(&mut self, id: &str, follow_up: &FollowUp) -> Result<Vec<Change>> {
        let item = render_follow_up(follow_up)?;
        let entry = self.find(id)?;
        if let Some(tables) = self.action_tables(entry) {
            // Actions kept in a table: one more row, in the table's own words.
            let splice = tables
                .add(self.as_str(), follow_up, self.eol())
                .map_err(|reason| Error::Uneditable {
                    id: entry.id.clone(),
                    reason,
                    span: entry.heading_span.clone(),
                })?;
            let mut changes = vec![self.splice(splice.range, &splice.text)];
            changes.extend(self.update_last_incident());
            return Ok(changes);
        }
        // Follow-ups written as sentences, one a line (`- **Follow-up:** add a canary`): one
        // more line as the last one is written, when it reads back as the follow-up given.
        if entry
            .field(FieldName::FollowUpActions)
            .is_none_or(|f| f.items.is_empty())
        {
            let sentence = item
                .strip_prefix("- [ ] ")
                .or_else(|| item.strip_prefix("- [x] "))
                .map(|t| {
                    if follow_up.done {
                        format!("{t} (done)")
                    } else {
                        t.to_owned()
                    }
                });
            let splice = sentence.and_then(|t| {
                crate::dialect::field_edit::add_sentence_follow_up(
                    self.as_str(),
                    entry,
                    &t,
                    self.eol(),
                )
            });
            if let Some(splice) = splice {
                let (full, heading) = (entry.id.clone(), entry.heading_span.clone());
                let count = |doc: &Document| {
                    doc.get(&full)
                        .and_then(|e| e.incident.as_ref())
                        .map(|i| i.follow_ups.clone())
                };
                let before = count(self).map_or(0, |f| f.len());
                let saved = self.save_point();
                let change = self.splice(splice.range, &splice.text);
                let after = count(self).unwrap_or_default();
                if after.len() == before + 1 && after.last() == Some(follow_up) {
                    let mut changes = vec![change];
                    changes.extend(self.update_last_incident());
                    return Ok(changes);
                }
                self.restore(saved);
                return Err(Error::Uneditable {
                    id: full,
                    reason: "a new follow-up line would not read back as the one given here"
                        .to_owned(),
                    span: heading,
                });
            }
        }
        // Written as the list's last item is (`— @ines —`, `(@sam, due …)`) when that reads
        // back as the follow-up given, else in the seed's form, which must read as one more
        // follow-up, or nothing is written.
        let own_form = entry
            .follow_up_items
            .last()
            .or_else(|| {
                entry
                    .field(FieldName::FollowUpActions)
                    .and_then(|f| f.items.last())
            })
            // An entry's first follow-up: in the form of the nearest entry's, above it.
            .or_else(|| {
                let at = entry.span.start;
                let before = self.incidents().iter().rev().filter(|e| e.span.start < at);
                let after = self.incidents().iter().filter(|e| e.span.start > at);
                before.chain(after).find_map(|e| e.follow_up_items.last())
            })
            .and_then(|last| {
                let sample = &self.as_str()[last.span.clone()];
                crate::dialect::follow_up_form::in_form_of(sample, &item, follow_up)
            });
        let full = entry.id.clone();
        let heading = entry.heading_span.clone();
        if let Some(own) = own_form
            && let Ok(Some(changes)) = self.add_follow_up_item(id, &full, &own, Some(follow_up))
        {
            return Ok(changes);
        }
        self.add_follow_up_item(id, &full, &item, None)?
            .ok_or_else(|| Error::Uneditable {
                id: full,
                reason: "a new follow-up would not read back here".to_owned(),
                span: heading,
            })
    }

    /// Adds `item` to the incident's follow-up list when the entry then reads one more
    /// follow-up (and, given `exactly`, that one is it); `None`, with nothing changed, when not.
    fn add_follow_up_item(
        &mut self,
        id: &str,
        full: &str,
        item: &str,
        exactly: Option<&FollowUp>,
    ) -> Result<Option<Vec<Change>>> {
        let read = |doc: &Document| {
            doc.get(full)
                .and_then(|e| e.incident.as_ref())
                .map(|i| i.follow_ups.len())
        };
        let before = read(self);
        let original = self.save_point();
        let changes = self.add_item(id, FieldName::FollowUpActions, item)?;
        let now = self
            .get(full)
            .and_then(|e| e.incident.as_ref())
            .map(|i| i.follow_ups.as_slice());
        let reads_back = match (before, now) {
            // An entry that is no incident has no follow-ups to count.
            (None, _) => exactly.is_none(),
            (Some(before), Some(now)) => {
                now.len() == before + 1 && exactly.is_none_or(|f| now.last() == Some(f))
            }
            (Some(_), None) => false,
        };
        if reads_back {
            Ok(Some(changes))
        } else {
            self.restore(original);
            Ok(None)
        }
    }

    /// The entry's follow-ups when they are the rows of action tables and nothing else (no list
    /// items): what the follow-up edits write into instead of a list.
    pub(crate) fn action_tables(
        &self,
        entry: &Entry,
    ) -> Option<crate::dialect::action_table::ActionTables> {
        let listed = !entry.follow_up_items.is_empty()
            || entry
                .field(FieldName::FollowUpActions)
                .is_some_and(|f| !f.items.is_empty());
        if listed {
            return None;
        }
        let count = entry.incident.as_ref()?.follow_ups.len();
        crate::dialect::action_table::ActionTables::find(self.as_str(), entry.span.clone())
            .filter(|t| t.len() == count)
    }

    /// Adds a related log entry to the incident: as one more list item, in place of the
    /// template's placeholder, or as one more line when the field is written as lines of text.
    ///
    /// # Errors
    ///
    /// Unknown ID, a line break in the text or link, or empty text without a link.
    pub fn add_related_log(&mut self, id: &str, log: &RelatedLog) -> Result<Vec<Change>> {
        let item = render_related_log(log)?;
        self.add_item(id, FieldName::RelatedLogs, &item)
    }

    fn add_item(&mut self, id: &str, name: FieldName, item: &str) -> Result<Vec<Change>> {
        let eol = self.eol();
        let entry = self.find(id)?.clone();
        if entry.field(name).is_none()
            && let Some(f) = crate::dialect::field_edit::own_field(&entry, name)
        {
            // A field only the dialect reader sees: one more item in its own style.
            let splice = crate::dialect::field_edit::add_item(self.as_str(), f, item, eol);
            let mut changes = vec![self.splice(splice.range, &splice.text)];
            changes.extend(self.update_last_incident());
            return Ok(changes);
        }
        let Some(f) = entry.field(name) else {
            return self.write_field(id, name, item);
        };
        let src = self.as_str();
        let real: Vec<&Range<usize>> = f
            .items
            .iter()
            .map(|it| &it.span)
            .filter(|s| !is_placeholder_item(&src[(*s).clone()]))
            .collect();
        let change = if let Some(last) = real.last() {
            // The same bullet and indentation as the item above.
            let prev = &src[(*last).clone()];
            let indent = &prev[..prev.len() - prev.trim_start().len()];
            let item = match prev.trim_start().chars().next() {
                Some(c @ ('*' | '+')) => format!("{indent}{c}{}", &item[1..]),
                _ => format!("{indent}{item}"),
            };
            self.splice(last.end..last.end, &format!("{eol}{item}"))
        } else if let (Some(first), Some(last)) = (f.items.first(), f.items.last()) {
            self.splice(first.span.start..last.span.end, item)
        } else if let Some(body) = f.body.clone().filter(|b| is_placeholder(&src[b.clone()])) {
            self.splice(body, item)
        } else if name == FieldName::RelatedLogs && f.value().is_some() {
            // Related logs written as lines of text, not a list: one more line.
            let line = item.strip_prefix("- ").unwrap_or(item);
            let end = f
                .body
                .as_ref()
                .map_or(f.inline.end, |b| b.end.max(f.inline.end));
            self.splice(end..end, &format!("{eol}{line}"))
        } else if f.style == FieldStyle::BoldItem {
            // A nested list under the labelled item.
            let indent = item_indent(&src[f.span.clone()]);
            let end = f.inline.end;
            self.splice(end..end, &format!("{eol}{indent}{item}"))
        } else {
            let end = f.body.as_ref().map_or(f.span.end, |b| b.end);
            let text = if f.body.is_some() {
                format!("{eol}{eol}{item}")
            } else {
                format!("{eol}{item}")
            };
            self.splice(end..end, &text)
        };
        let mut changes = vec![change];
        changes.extend(self.update_last_incident());
        Ok(changes)
    }

    /// Ticks (or unticks) follow-up action `number` (from 1, counting the actions the entry
    /// reads, not the template's placeholders) of the incident: exactly one byte changes, the
    /// checkbox's, so unlike the other edits this one leaves `## Last Incident:` alone (a follow-up
    /// does not change which incident is the last). Returns no change when it already had that
    /// state.
    ///
    /// # Errors
    ///
    /// Unknown ID, a number out of range, or an action that is not a task item.
    pub fn set_follow_up_done(
        &mut self,
        id: &str,
        number: usize,
        done: bool,
    ) -> Result<Vec<Change>> {
        let entry = self.find(id)?.clone();
        if let Some(tables) = self.action_tables(&entry) {
            if number == 0 || number > tables.len() {
                return Err(Error::NoSuchFollowUp {
                    id: entry.id.clone(),
                    number,
                    count: tables.len(),
                });
            }
            return match tables.set_done(self.as_str(), number - 1, done) {
                None => Ok(Vec::new()),
                Some(Ok(splice)) => Ok(vec![self.splice(splice.range, &splice.text)]),
                Some(Err(reason)) => Err(Error::Uneditable {
                    id: entry.id.clone(),
                    reason,
                    span: entry.heading_span.clone(),
                }),
            };
        }
        let items = &entry.follow_up_items;
        let count = items.len();
        // Item `n` must be follow-up `n`: where the list and the follow-ups read differ in
        // number, an item found by number could be another follow-up's.
        let read = entry
            .incident
            .as_ref()
            .map_or(count, |i| i.follow_ups.len());
        if read != count {
            return Err(Error::Uneditable {
                id: entry.id.clone(),
                reason: format!(
                    "its follow-up list has {count} item(s) where {read} follow-up(s) are read; mark it done by hand"
                ),
                span: entry.heading_span.clone(),
            });
        }
        let item = number
            .checked_sub(1)
            .and_then(|i| items.get(i))
            .ok_or_else(|| Error::NoSuchFollowUp {
                id: entry.id.clone(),
                number,
                count,
            })?;
        let Some(TaskBox { offset, checked }) = item.task else {
            return self.set_done_in_words(&entry, number, item.span.clone(), done);
        };
        if checked == done {
            return Ok(Vec::new());
        }
        Ok(vec![
            self.splice(offset..offset + 1, if done { "x" } else { " " }),
        ])
    }
}

impl Document {
    /// Marks follow-up `number` (not a task item: `1. Fix it — Marta`) done the way such lists
    /// say it, ` (done)` at the end of its first line, or takes that mark off; refused when the
    /// incident would not read it so.
    fn set_done_in_words(
        &mut self,
        entry: &Entry,
        number: usize,
        item: Range<usize>,
        done: bool,
    ) -> Result<Vec<Change>> {
        let not_a_task = || Error::NotATask {
            id: entry.id.clone(),
            number,
        };
        let reads_done = |doc: &Document| {
            doc.get(&entry.id)
                .and_then(|e| e.incident.as_ref())
                .and_then(|i| i.follow_ups.get(number - 1))
                .map(|f| f.done)
        };
        let Some(now) = reads_done(self) else {
            return Err(not_a_task());
        };
        if now == done {
            return Ok(Vec::new());
        }
        let first = &self.as_str()[item.clone()];
        let end = item.start + first.find(['\n', '\r']).unwrap_or(first.len());
        let line = &self.as_str()[item.start..end];
        let content_end = item.start + line.trim_end().len();
        let splice = if done {
            content_end..content_end
        } else {
            let kept = line
                .trim_end()
                .strip_suffix("(done)")
                .ok_or_else(not_a_task)?;
            item.start + kept.trim_end().len()..content_end
        };
        let saved = self.save_point();
        let change = self.splice(splice, if done { " (done)" } else { "" });
        if reads_done(self) != Some(done) {
            self.restore(saved);
            return Err(not_a_task());
        }
        Ok(vec![change])
    }
}

/// The refusal of an ID that would not read back once written.
fn pin_refused(entry: &Entry) -> Error {
    Error::Uneditable {
        id: entry.id.clone(),
        reason: "its ID field cannot be read; fix or remove it first".to_owned(),
        span: entry.heading_span.clone(),
    }
}

/// The refusal of a field that would not read back once written.
fn not_read_back(id: &str, name: FieldName, span: Range<usize>) -> Error {
    Error::Uneditable {
        id: id.to_owned(),
        reason: format!("a new {} field would not read back here", name.label()),
        span,
    }
}

/// A list item that is still the template's `- [ ] <action> - @<assignee> - <due date>`, or
/// any item whose text is a placeholder.
fn is_placeholder_item(item: &str) -> bool {
    let t = item
        .trim_start()
        .trim_start_matches(['-', '*', '+'])
        .trim_start();
    let t = t.strip_prefix("[ ]").unwrap_or(t);
    let f = FollowUp::from_item_text(t, false);
    is_placeholder(&f.action) || is_placeholder(t)
}

/// Whether an entry read back holds what was written: the same title, severity and times, the
/// timeline's instants, a trigger if one was given, the same number of follow-ups and related
/// logs, and the same text fields filled. (Text is
/// compared by the render and read-back tests; this catches an entry that the text around it
/// broke.)
pub(crate) fn reads_back_as(read: &Incident, given: &Incident) -> bool {
    let filled = |t: &Option<String>| t.as_deref().is_some_and(|t| !t.trim().is_empty());
    let texts = |i: &Incident| {
        [
            filled(&i.category),
            filled(&i.description),
            filled(&i.impact),
            filled(&i.root_cause),
            filled(&i.resolution),
            filled(&i.lessons_learned),
        ]
    };
    read.title == given.title.trim()
        && read.severity == given.severity
        && read.detected == given.detected
        && read.acknowledged == given.acknowledged
        && read.mitigated == given.mitigated
        && read.resolved == given.resolved
        && read.trigger.is_some() == given.trigger.is_some()
        && read
            .timeline
            .iter()
            .map(|i| i.at)
            .eq(given.timeline.iter().map(|i| i.at))
        && read.follow_ups.len() == given.follow_ups.len()
        && read.related_logs.len() == given.related_logs.len()
        && texts(read) == texts(given)
}

/// The indentation of a list item's content, as spaces.
fn item_indent(item: &str) -> String {
    " ".repeat(crate::view::content_indent(item))
}

/// Indents the lines of `value` (all of them, or all but the first) by `indent`, keeping blank
/// lines blank.
pub(crate) fn indent_lines(value: &str, indent: &str, eol: &str, first_too: bool) -> String {
    value
        .split(eol)
        .enumerate()
        .map(|(k, line)| {
            if (k == 0 && !first_too) || line.is_empty() {
                line.to_owned()
            } else {
                format!("{indent}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join(eol)
}

/// Whether a rendered value is a list (follow-ups, related logs), which goes below its label.
fn is_list(value: &str) -> bool {
    value.starts_with(['-', '*', '+'])
}

/// A `Last Incident:` text split into what it names and the details in parentheses after it:
/// `Disk full (HIGH, 2026-03-02T10:00:00Z)` gives `Disk full` and `HIGH, 2026-03-02T10:00:00Z`.
fn last_incident_parts(text: &str) -> Option<(&str, &str)> {
    text.trim()
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once(" ("))
}

/// A `Last Incident:` text written `2026-11-20 — title` (or with `–`, ` - `, `: `): its date,
/// separator and title.
fn dated_form(text: &str) -> Option<(&str, &'static str, &str)> {
    let t = text.trim();
    let date = t.get(..10)?;
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let rest = &t[10..];
    [" — ", " – ", " - ", ": "]
        .into_iter()
        .find_map(|sep| Some((date, sep, rest.strip_prefix(sep)?)))
}

/// Whether a [`dated_form`] text names `incident`: its detection day (UTC) and whole title,
/// ignoring case.
fn names_dated(text: &str, incident: &Incident) -> bool {
    dated_form(text).is_some_and(|(date, _, title)| {
        date == incident.detected.format("%Y-%m-%d").to_string()
            && unescape(title.trim()).to_lowercase()
                == crate::text::one_line(&incident.title).to_lowercase()
    })
}

/// Whether the details name a severity level (`HIGH, 2026-11-29`).
fn names_a_severity(details: &str) -> bool {
    Severity::ALL
        .iter()
        .any(|l| details.to_lowercase().contains(&l.as_str().to_lowercase()))
}

/// Whether a `Last Incident:` text ([`last_incident_parts`]) names `incident` by its ID `id`
/// and its day (`INC-2026-034 (2026-11-29)`, `INC-2026-034 (HIGH, 2026-11-29)`), as a team's
/// log may. The ID is compared first: this runs for every entry.
fn names_by_id((named, details): (&str, &str), incident: &Incident, id: &str) -> bool {
    let named = named.trim();
    (named.eq_ignore_ascii_case(id)
        || (named.contains('\\') && unescape(named).eq_ignore_ascii_case(id)))
        && details.contains(&incident.detected.format("%Y-%m-%d").to_string())
}

/// Whether a Last Incident text ([`last_incident_parts`]) already names this incident truthfully, compared as a whole
/// value: `<title> (<details>)` whose title (escapes resolved, ignoring case) is the incident's
/// whole title, not a part of it, and whose details give its detection date and, if they name a
/// severity, its severity. So a hand-written `API outage (HIGH, 2026-03-02)` is kept, and
/// `API outage (…)` is rewritten once an incident titled `API` is the newest.
pub(crate) fn already_names((title, details): (&str, &str), incident: &Incident) -> bool {
    unescape(title.trim()).to_lowercase() == crate::text::one_line(&incident.title).to_lowercase()
        && details.contains(&incident.detected.format("%Y-%m-%d").to_string())
        && (!names_a_severity(details)
            || details
                .to_lowercase()
                .contains(&incident.severity.as_str().to_lowercase()))
}
