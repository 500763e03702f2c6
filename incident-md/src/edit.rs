//! Edits: each is a splice of the source text; everything outside the changed range stays
//! byte-identical, and every edit reports the ranges it changed.

use std::ops::Range;

use chrono::{DateTime, Utc};
use incident_core::{
    FollowUp, Incident, RelatedLog, Severity, format_timestamp, is_placeholder, parse_timestamp,
};

use crate::escape::escape_heading;
use crate::field::FieldName;
use crate::render::{
    field_order, line_ending, render_category, render_entry, render_follow_up, render_related_log,
    render_text,
};
use crate::view::{Entry, FieldStyle, entry_marker};
use crate::{Block, BlockKind, Document, Error, Result, TaskBox};

/// Where new incidents go relative to existing ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, strum::Display, strum::EnumString)]
#[strum(serialize_all = "kebab-case")]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Order {
    /// Newest first: a new entry goes directly above the newest existing one.
    #[default]
    NewestFirst,
    /// Oldest first: a new entry goes after the last one.
    OldestFirst,
}

/// Options for [`Document::add_incident`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AddOptions {
    /// Entry order of the log.
    pub order: Order,
}

impl AddOptions {
    /// Options with this order.
    pub fn with_order(order: Order) -> Self {
        AddOptions { order }
    }
}

/// Which rule placed a new entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::Display)]
#[strum(serialize_all = "kebab-case")]
#[non_exhaustive]
pub enum Placement {
    /// Above an `<!-- … above this line -->` marker.
    AboveMarker,
    /// Below a `<!-- … below this line -->` marker.
    BelowMarker,
    /// Directly above the newest existing incident.
    AboveNewest,
    /// After the last incident (oldest-first order).
    AfterLast,
    /// Above the `## Template:` section of a log without incidents.
    AboveTemplate,
    /// At the end of the file.
    End,
    /// Among the existing incidents by date of detection, for an incident older than the newest.
    InDateOrder,
}

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

impl Document {
    /// Replaces `range` of the source with `text` and re-reads the structure.
    fn splice(&mut self, range: Range<usize>, text: &str) -> Change {
        let mut source = self.as_str().to_owned();
        source.replace_range(range.clone(), text);
        *self = Document::from_source(source);
        Change {
            after: range.start..range.start + text.len(),
            before: range,
        }
    }

    fn eol(&self) -> &'static str {
        line_ending(self.as_str())
    }

    /// The thematic break that separates entries: the one between two incidents, else the
    /// first one between sections; `None` when the file uses none.
    fn separator_rule(&self) -> Option<&str> {
        let src = self.as_str();
        let is_rule = |b: &&Block| matches!(b.kind, BlockKind::ThematicBreak);
        // One pass: `next` is the first entry starting after the block.
        let entries = self.incidents();
        let mut next = 0;
        let between = self.blocks().iter().find(|b| {
            while next < entries.len() && entries[next].span.start < b.span.end {
                next += 1;
            }
            is_rule(b)
                && next > 0
                && next < entries.len()
                && entries[next - 1].span.end <= b.span.start
        });
        between
            .or_else(|| self.blocks().iter().find(is_rule))
            .map(|b| src[b.span.clone()].trim())
    }

    /// Adds an incident entry in the file's own style and keeps `## Last Incident:` true.
    ///
    /// Placement: an `<!-- … above this line -->` or `<!-- … below this line -->` marker wins
    /// (the entry goes directly above or below it, next to the incidents there); otherwise newest
    /// first, directly above the newest existing incident (in `oldest-first` order, after the last
    /// one), or, for an incident detected before the newest, where its date puts it among the
    /// others ([`Placement::InDateOrder`]); in a log without incidents, directly above the `## Template:` section; otherwise at
    /// the end. Entries are separated by the file's own thematic break (the one between two
    /// incidents, else the first between sections, such as the seed's `---`) with a blank line on
    /// each side, or by a blank line when the file has none. The entry follows the file's
    /// template (fields and order) and line endings; fields the incident leaves empty get the
    /// template's placeholder.
    ///
    /// # Errors
    ///
    /// When the incident has text that cannot be written as it is (a line break in the title,
    /// an empty title, …).
    pub fn add_incident(&mut self, incident: &Incident, options: &AddOptions) -> Result<Added> {
        let eol = self.eol();
        // Entries take the level the file's entries already have (`###` under `## Incidents`),
        // else the template's; a `##` entry among `###` ones would swallow those after it.
        let mut template = self.log().template.clone();
        if let Some(first) = self.incidents().first() {
            template.incident_level = first.level;
        }
        let entry = render_entry(incident, &template, eol)?;
        let sep = match self.separator_rule() {
            Some(rule) => format!("{eol}{eol}{rule}{eol}{eol}"),
            None => format!("{eol}{eol}"),
        };
        let src = self.as_str();
        let blocks = self.blocks();
        let entries = self.incidents();
        let marker = blocks.iter().enumerate().find_map(|(k, b)| {
            entry_marker(src, b).map(|above| {
                if above {
                    (Placement::AboveMarker, k)
                } else {
                    (Placement::BelowMarker, k)
                }
            })
        });
        let newest = entries
            .iter()
            .enumerate()
            .max_by_key(|(k, e)| {
                (
                    e.incident.as_ref().map(|i| i.detected),
                    std::cmp::Reverse(*k),
                )
            })
            .map(|(_, e)| e);
        let (placement, at, text) = if let Some((p, k)) = marker {
            let span = blocks[k].span.clone();
            if p == Placement::AboveMarker {
                // Directly above the marker: after the incident that ends right before it (and
                // separated from it like entries are), else just before the marker.
                let before = k.checked_sub(1).map(|j| &blocks[j]).filter(|b| {
                    !matches!(b.kind, BlockKind::ThematicBreak)
                        && entries
                            .iter()
                            .any(|e| e.span.start <= b.span.start && b.span.end <= e.span.end)
                });
                match before {
                    Some(b) => (p, b.span.end, format!("{sep}{entry}")),
                    None => (p, span.start, format!("{entry}{eol}{eol}")),
                }
            } else {
                // Directly below the marker: above the incident that follows it (past any
                // thematic break), else just after the marker.
                let after = blocks[k + 1..]
                    .iter()
                    .find(|b| !matches!(b.kind, BlockKind::ThematicBreak))
                    .and_then(|b| entries.iter().find(|e| e.span.start == b.span.start));
                match after {
                    Some(e) => (p, e.span.start, format!("{entry}{sep}")),
                    None => (p, span.end, format!("{eol}{eol}{entry}")),
                }
            }
        } else if let Some((p, at, above)) = backdated_slot(entries, incident, options.order) {
            // An incident older than the newest goes where its date puts it.
            let text = if above {
                format!("{entry}{sep}")
            } else {
                format!("{sep}{entry}")
            };
            (p, at, text)
        } else if let (Order::OldestFirst, Some(last)) = (options.order, entries.last()) {
            (Placement::AfterLast, last.span.end, format!("{sep}{entry}"))
        } else if let Some(newest) = newest {
            (
                Placement::AboveNewest,
                newest.span.start,
                format!("{entry}{sep}"),
            )
        } else if let Some(t) = &self.log().template.section_span {
            (Placement::AboveTemplate, t.start, format!("{entry}{sep}"))
        } else {
            let mut text = String::new();
            if !src.is_empty() {
                if !src.ends_with(['\n', '\r']) {
                    text.push_str(eol);
                }
                if !(src.ends_with("\n\n") || src.ends_with("\r\n\r\n") || src.ends_with("\r\r")) {
                    text.push_str(eol);
                }
                if let Some(rule) = self.separator_rule() {
                    text.push_str(&format!("{rule}{eol}{eol}"));
                }
            }
            text.push_str(&entry);
            text.push_str(eol);
            (Placement::End, src.len(), text)
        };
        // Text that follows in the same section (not a heading, rule or marker) would read as
        // part of the new entry: a rule keeps it apart.
        let mut text = text;
        let next = self.blocks().iter().find(|b| b.span.start >= at);
        if let Some(b) = next
            && !matches!(b.kind, BlockKind::Heading { .. } | BlockKind::ThematicBreak)
            && entry_marker(self.as_str(), b).is_none()
            && text.ends_with(&entry)
        {
            let rule = self.separator_rule().unwrap_or("---").to_owned();
            text.push_str(&format!("{eol}{eol}{rule}"));
        }
        // A blank line after the new text, so that nothing that follows continues its last
        // block (a placeholder line is an HTML block, which runs to the next blank line).
        if !text.ends_with(&format!("{eol}{eol}")) && !blank_line_follows(&self.as_str()[at..]) {
            text.push_str(eol);
        }
        let before = self.clone();
        let first = self.splice(at..at, &text);
        let heading_at = first.after.start + text.find(&entry).unwrap_or(0);
        let mut changes = vec![first];
        changes.extend(self.update_last_incident());
        // The Last Incident heading sits above every entry or after all of them; adjust the
        // entry's offset when that splice came before it.
        let shift = changes
            .get(1)
            .filter(|c| c.before.end <= heading_at)
            .map_or(0isize, |c| c.after.len() as isize - c.before.len() as isize);
        let heading_at = (heading_at as isize + shift) as usize;
        // The entry must read back as the incident given. What comes before it may swallow it
        // (an unclosed code fence or HTML block), or a file's template may hold a placeholder
        // that breaks it: then nothing is written.
        let Some(id) = self
            .incidents()
            .iter()
            .find(|e| {
                e.heading_span.start == heading_at
                    && e.incident
                        .as_ref()
                        .is_some_and(|read| reads_back_as(read, incident))
            })
            .map(|e| e.id.clone())
        else {
            *self = before;
            return Err(Error::EntryNotReadable { offset: at });
        };
        Ok(Added {
            id,
            placement,
            changes,
        })
    }

    /// Rewrites the `## Last Incident:` heading's text to name the most recently detected
    /// incident, as `<title> (<SEVERITY>, <detected, RFC 3339 UTC>)`, or `None Recorded` when
    /// there is none. Only that heading's text changes; `None` when it was already true or the
    /// file has no such heading.
    pub fn update_last_incident(&mut self) -> Option<Change> {
        let last = self.log().last_incident.clone()?;
        let newest = self
            .incidents()
            .iter()
            .filter_map(|e| e.incident.as_ref())
            .enumerate()
            .max_by_key(|(k, i)| (i.detected, std::cmp::Reverse(*k)))
            .map(|(_, i)| i);
        if let Some(i) = newest
            && already_names(&self.as_str()[last.text_span.clone()], i)
        {
            return None;
        }
        let text = match newest {
            Some(i) => format!(
                "{} ({}, {})",
                escape_heading(&i.title),
                i.severity,
                format_timestamp(i.detected)
            ),
            None => "None Recorded".to_owned(),
        };
        (self.as_str()[last.text_span.clone()] != text).then(|| self.splice(last.text_span, &text))
    }

    /// Sets or replaces a field's value in the incident `id` (an ID or unique prefix).
    ///
    /// Severity and timestamps are checked and written in canonical form; text is escaped so it
    /// reads back the same. Follow-up Actions and Related Logs take one item per line
    /// (`action - @owner - 2026-02-01`, `[text](target)` or text), rendered like
    /// [`add_follow_up`](Self::add_follow_up) and [`add_related_log`](Self::add_related_log)
    /// render them. An empty text value writes the template's placeholder back. A field the entry
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
        let value = match name {
            FieldName::Severity => value
                .parse::<Severity>()
                .map_err(|_| Error::InvalidValue {
                    field: "Severity",
                    value: value.to_owned(),
                    reason: "expected CRITICAL, HIGH, MEDIUM or LOW",
                })?
                .to_string(),
            FieldName::Detected | FieldName::Acknowledged | FieldName::Resolved => {
                format_timestamp(parse_timestamp(value).map_err(|_| Error::InvalidValue {
                    field: "timestamp",
                    value: value.to_owned(),
                    reason: "expected ISO 8601, e.g. 2026-01-31T14:05:00Z",
                })?)
            }
            _ if value.trim().is_empty() => self.placeholder(name),
            FieldName::Category => render_category(value)?,
            FieldName::FollowUpActions => value
                .split(['\n', '\r'])
                .filter(|l| !l.trim().is_empty())
                .map(|l| render_follow_up(&l.parse::<FollowUp>().unwrap_or_else(|n| match n {})))
                .collect::<Result<Vec<_>>>()?
                .join(eol),
            FieldName::RelatedLogs => value
                .split(['\n', '\r'])
                .filter(|l| !l.trim().is_empty())
                .map(|l| render_related_log(&related_log_from_line(l)))
                .collect::<Result<Vec<_>>>()?
                .join(eol),
            _ => render_text(value, eol),
        };
        self.write_field(id, name, &value)
    }

    /// The template's placeholder for a field, in the file's line endings.
    fn placeholder(&self, name: FieldName) -> String {
        let template = &self.log().template;
        let text = template
            .fields
            .iter()
            .find(|f| f.name == Some(name))
            .map_or(name.placeholder(), |f| f.placeholder.as_str());
        text.replace("\r\n", "\n")
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
    fn write_field(&mut self, id: &str, name: FieldName, value: &str) -> Result<Vec<Change>> {
        let eol = self.eol();
        let entry = self.find(id)?.clone();
        let bold = entry
            .fields
            .first()
            .is_some_and(|f| f.style == FieldStyle::Bold);
        let mut changes = Vec::new();
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
            if self.as_str()[range.clone()] != text {
                changes.push(self.splice(range, &text));
            }
            changes.extend(self.update_last_incident());
            return Ok(changes);
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
                    (f.inline.start..end, value.to_owned())
                }
            } else {
                (f.span.end..f.span.end, format!("{eol}{value}"))
            };
            let mut text = text;
            if bold && self.continues_paragraph(range.end, &text) {
                text.push_str(eol);
            }
            if self.as_str()[range.clone()] != text {
                changes.push(self.splice(range, &text));
            }
        } else {
            let (at, mut text) = self.new_field_text(&entry, name, value);
            if bold && self.continues_paragraph(at, &text) {
                text.push_str(eol);
            }
            changes.push(self.splice(at..at, &text));
        }
        changes.extend(self.update_last_incident());
        Ok(changes)
    }

    /// Whether `text`, written before `at`, would swallow the line after `at` into its last
    /// paragraph: `text` has a blank line (so its end is a paragraph of its own) and a bold label
    /// follows on the next line, which must start a paragraph to be read as one.
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
        blank_inside
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
        self.add_item(id, FieldName::FollowUpActions, &item)
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
        let items = &entry.follow_up_items;
        let count = items.len();
        let item = number
            .checked_sub(1)
            .and_then(|i| items.get(i))
            .ok_or_else(|| Error::NoSuchFollowUp {
                id: entry.id.clone(),
                number,
                count,
            })?;
        let TaskBox { offset, checked } = item.task.ok_or_else(|| Error::NotATask {
            id: entry.id.clone(),
            number,
        })?;
        if checked == done {
            return Ok(Vec::new());
        }
        Ok(vec![
            self.splice(offset..offset + 1, if done { "x" } else { " " }),
        ])
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

/// A related log from one line of text: `[text](target)` as a link, anything else as text; a
/// leading list marker is dropped.
fn related_log_from_line(line: &str) -> RelatedLog {
    let t = line.trim();
    let t = t
        .strip_prefix(['-', '*', '+'])
        .filter(|r| r.starts_with(' '))
        .map_or(t, str::trim_start);
    if let Some(rest) = t.strip_prefix('[')
        && let Some((label, target)) = rest.split_once("](")
        && let Some(target) = target.strip_suffix(')')
    {
        let target = target.trim();
        let target = target
            .strip_prefix('<')
            .and_then(|x| x.strip_suffix('>'))
            .unwrap_or(target);
        return RelatedLog::new(label, Some(target.to_owned()));
    }
    RelatedLog::new(t, None)
}

/// Whether a rendered value is a list (follow-ups, related logs), which goes below its label.
/// Whether an entry read back holds what was written: the same title, severity and times, the
/// same number of follow-ups and related logs, and the same text fields filled. (Text is
/// compared by the render and read-back tests; this catches an entry that the text around it
/// broke.)
fn reads_back_as(read: &Incident, given: &Incident) -> bool {
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
        && read.resolved == given.resolved
        && read.follow_ups.len() == given.follow_ups.len()
        && read.related_logs.len() == given.related_logs.len()
        && texts(read) == texts(given)
}

/// Whether `rest` starts with a line break followed by a blank line, or has nothing but white
/// space left.
fn blank_line_follows(rest: &str) -> bool {
    if rest.trim().is_empty() {
        return true;
    }
    let after_break = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix(['\n', '\r']));
    after_break.is_some_and(|r| {
        let line_end = r.find(['\n', '\r']).unwrap_or(r.len());
        r[..line_end].trim().is_empty()
    })
}

/// The indentation of a list item's content, as spaces.
fn item_indent(item: &str) -> String {
    " ".repeat(crate::view::content_indent(item))
}

/// Indents the lines of `value` (all of them, or all but the first) by `indent`, keeping blank
/// lines blank.
fn indent_lines(value: &str, indent: &str, eol: &str, first_too: bool) -> String {
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

fn is_list(value: &str) -> bool {
    value.starts_with(['-', '*', '+'])
}

/// Where an incident older than the newest existing one goes so that the log stays in date
/// order: `(placement, offset, above)`, inserting above the entry at `offset` or below the one
/// ending there. `None` when the incident is the newest (or no entry has a date).
fn backdated_slot(
    entries: &[Entry],
    incident: &Incident,
    order: Order,
) -> Option<(Placement, usize, bool)> {
    let dated: Vec<(&Entry, DateTime<Utc>)> = entries
        .iter()
        .filter_map(|e| e.incident.as_ref().map(|i| (e, i.detected)))
        .collect();
    let newest = dated.iter().map(|(_, d)| *d).max()?;
    if incident.detected >= newest {
        return None;
    }
    let t = incident.detected;
    Some(match order {
        // Newest first: above the newest of the older entries, else below the oldest.
        Order::NewestFirst => match dated
            .iter()
            .filter(|(_, d)| *d <= t)
            .max_by_key(|(_, d)| *d)
        {
            Some((e, _)) => (Placement::InDateOrder, e.span.start, true),
            None => {
                let (e, _) = dated.iter().min_by_key(|(_, d)| *d)?;
                (Placement::InDateOrder, e.span.end, false)
            }
        },
        // Oldest first: above the oldest of the newer entries.
        Order::OldestFirst => {
            let (e, _) = dated
                .iter()
                .filter(|(_, d)| *d > t)
                .min_by_key(|(_, d)| *d)?;
            (Placement::InDateOrder, e.span.start, true)
        }
    })
}

/// Whether a hand-written Last Incident text already names this incident truthfully: its title
/// and detection date, and its severity if it names a severity at all.
fn already_names(text: &str, incident: &Incident) -> bool {
    let lower = text.to_lowercase();
    let names_severity = Severity::ALL
        .iter()
        .any(|l| lower.contains(&l.as_str().to_lowercase()));
    lower.contains(&incident.title.to_lowercase())
        && lower.contains(&incident.detected.format("%Y-%m-%d").to_string())
        && (!names_severity || lower.contains(&incident.severity.as_str().to_lowercase()))
}
