//! Edits: each is a splice of the source text; everything outside the changed range stays
//! byte-identical, and every edit reports the ranges it changed.

use std::ops::Range;

use chrono::{DateTime, Utc};
use incident_core::{
    FollowUp, Incident, RelatedLog, Severity, format_timestamp, is_placeholder, parse_timestamp,
};

use crate::escape::{escape_block, escape_heading};
use crate::field::FieldName;
use crate::render::{
    canonical_predecessor, line_ending, render_entry, render_follow_up, render_related_log,
    single_line,
};
use crate::view::{Entry, FieldStyle};
use crate::{BlockKind, Document, Error, ListItem, Result, TaskBox};

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

    /// Adds an incident entry in the file's own style and keeps `## Last Incident:` true.
    ///
    /// Placement: an `<!-- … above this line -->` or `<!-- … below this line -->` marker wins;
    /// otherwise newest first, directly above the newest existing incident (in `oldest-first`
    /// order, after the last one); in a log without incidents, directly above the `## Template:`
    /// section; otherwise at the end. Entries are separated by `---` when the file uses thematic
    /// breaks between sections, else by a blank line. The entry follows the file's template
    /// (fields and order) and line endings; fields the incident leaves empty get the template's
    /// placeholder.
    ///
    /// # Errors
    ///
    /// When the incident has text that cannot be written as it is (a line break in the title,
    /// an empty title, …).
    pub fn add_incident(&mut self, incident: &Incident, options: &AddOptions) -> Result<Added> {
        let eol = self.eol();
        let entry = render_entry(incident, &self.log().template, eol)?;
        let rules = self
            .blocks()
            .iter()
            .any(|b| matches!(b.kind, BlockKind::ThematicBreak));
        let sep = if rules {
            format!("{eol}{eol}---{eol}{eol}")
        } else {
            format!("{eol}{eol}")
        };
        let src = self.as_str();
        let marker = self.blocks().iter().find_map(|b| {
            let text = src[b.span.clone()].to_ascii_lowercase();
            let is_comment = matches!(b.kind, BlockKind::HtmlBlock) && text.contains("<!--");
            if is_comment && text.contains("above this line") {
                Some((Placement::AboveMarker, b.span.clone()))
            } else if is_comment && text.contains("below this line") {
                Some((Placement::BelowMarker, b.span.clone()))
            } else {
                None
            }
        });
        let entries = self.incidents();
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
        let (placement, at, text) = if let Some((p, span)) = marker {
            match p {
                Placement::AboveMarker => (p, span.start, format!("{entry}{sep}")),
                _ => (p, span.end, format!("{sep}{entry}")),
            }
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
                if rules {
                    text.push_str(&format!("---{eol}{eol}"));
                }
            }
            text.push_str(&entry);
            text.push_str(eol);
            (Placement::End, src.len(), text)
        };
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
        let id = self
            .incidents()
            .iter()
            .find(|e| e.heading_span.start == heading_at)
            .map(|e| e.id.clone())
            .unwrap_or_default();
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
    /// reads back the same. A field the entry lacks is inserted in its canonical place (the
    /// template's order; Category after Severity, Acknowledged after Detected, Resolved after
    /// Acknowledged).
    ///
    /// # Errors
    ///
    /// Unknown ID, an invalid severity or timestamp, a line break in a single-line value.
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
            FieldName::Category => escape_heading(single_line("Category", value)?),
            FieldName::FollowUpActions | FieldName::RelatedLogs => value.to_owned(),
            _ => escape_block(value.trim(), eol),
        };
        self.write_field(id, name, &value)
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
        let mut changes = Vec::new();
        if let Some(f) = entry.field(name) {
            let (range, text) = if name.is_inline() {
                let colon = self.as_str()[..f.inline.start].trim_end().ends_with(':');
                let text = if colon {
                    value.to_owned()
                } else {
                    format!(": {value}")
                };
                (f.inline.clone(), text)
            } else if f.style == FieldStyle::Bold || !f.inline.is_empty() {
                let end = f
                    .body
                    .as_ref()
                    .map_or(f.span.end, |b| b.end)
                    .max(f.inline.end);
                (f.inline.start..end, value.to_owned())
            } else if let Some(body) = &f.body {
                (body.clone(), value.to_owned())
            } else {
                (f.span.end..f.span.end, format!("{eol}{value}"))
            };
            if self.as_str()[range.clone()] != text {
                changes.push(self.splice(range, &text));
            }
        } else {
            let (at, text) = self.new_field_text(&entry, name, value);
            changes.push(self.splice(at..at, &text));
        }
        changes.extend(self.update_last_incident());
        Ok(changes)
    }

    /// Where a missing field goes in an entry, and the text that adds it.
    fn new_field_text(&self, entry: &Entry, name: FieldName, value: &str) -> (usize, String) {
        let eol = self.eol();
        let mut order: Vec<FieldName> = self
            .log()
            .template
            .fields
            .iter()
            .filter_map(|f| f.name)
            .collect();
        for extra in [
            FieldName::Category,
            FieldName::Acknowledged,
            FieldName::Resolved,
        ] {
            if !order.contains(&extra) {
                let mut pred = canonical_predecessor(extra);
                let mut at = order.len();
                while let Some(p) = pred {
                    if let Some(i) = order.iter().position(|f| *f == p) {
                        at = i + 1;
                        break;
                    }
                    pred = canonical_predecessor(p);
                }
                order.insert(at, extra);
            }
        }
        let k = order.iter().position(|f| *f == name).unwrap_or(order.len());
        let after = order[..k]
            .iter()
            .rev()
            .find_map(|p| entry.field(*p))
            .map(|f| f.span.end)
            .or_else(|| {
                entry
                    .fields
                    .last()
                    .map(|f| f.span.end)
                    .filter(|_| k == order.len())
            })
            .unwrap_or(entry.heading_span.end);
        let bold = entry
            .fields
            .first()
            .is_some_and(|f| f.style == FieldStyle::Bold);
        let text = if bold {
            format!("{eol}**{}:** {value}", name.label())
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

    /// Adds a follow-up action to the incident, replacing the template's placeholder item when
    /// that is all the field holds.
    pub fn add_follow_up(&mut self, id: &str, follow_up: &FollowUp) -> Result<Vec<Change>> {
        let item = render_follow_up(follow_up)?;
        self.add_item(id, FieldName::FollowUpActions, &item)
    }

    /// Adds a related log entry to the incident.
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
            self.splice(last.end..last.end, &format!("{eol}{item}"))
        } else if let (Some(first), Some(last)) = (f.items.first(), f.items.last()) {
            self.splice(first.span.start..last.span.end, item)
        } else if let Some(body) = f.body.clone().filter(|_| f.value().is_none()) {
            self.splice(body, item)
        } else {
            let end = f.body.as_ref().map_or(f.span.end, |b| b.end);
            let text = if f.body.is_some() {
                format!("{eol}{eol}{item}")
            } else {
                format!("{eol}{item}")
            };
            self.splice(end..end, &text)
        };
        Ok(vec![change])
    }

    /// Ticks (or unticks) follow-up action `number` (from 1) of the incident: exactly one byte
    /// changes, the checkbox's. Returns no change when it already had that state.
    pub fn set_follow_up_done(
        &mut self,
        id: &str,
        number: usize,
        done: bool,
    ) -> Result<Vec<Change>> {
        let entry = self.find(id)?.clone();
        let src = self.as_str();
        let items: Vec<&ListItem> = entry
            .field(FieldName::FollowUpActions)
            .map(|f| {
                f.items
                    .iter()
                    .filter(|it| !is_placeholder_item(&src[it.span.clone()]))
                    .collect()
            })
            .unwrap_or_default();
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
