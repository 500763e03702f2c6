//! One timeline item added as one line: the new item is inserted at its time-ordered place among
//! the items the entry already has, with their bullet, indentation, separator and line ending,
//! so a `timeline add` (or a lifecycle step recording its item) changes nothing else.

use std::ops::Range;

use incident_core::{TIMELINE_SEPARATOR, TimelineItem, is_placeholder};

use crate::edit::Change;
use crate::field::FieldName;
use crate::text::one_line;
use crate::view::text::strip_marker;
use crate::{Document, Result};

/// A readable item of a `Timeline:` field as written: its lines, and what it reads as.
struct Slot {
    /// From the start of its first line to the end of its last, without the terminator.
    span: Range<usize>,
    item: TimelineItem,
    /// How long its time is as written, when it is a team's time of several words
    /// (`2026-11-20 10:00 UTC`); `None` for the seed's one-word ISO 8601 time.
    team_time: Option<usize>,
}

impl Document {
    /// Whether the entry's timeline is a `Timeline` field in the team's own style, which the
    /// seed's reader does not see.
    pub(crate) fn has_team_timeline(&self, id: &str) -> bool {
        self.get(id).is_some_and(|e| {
            e.field(FieldName::Timeline).is_none()
                && crate::dialect::field_edit::own_field(e, FieldName::Timeline)
                    .is_some_and(|f| !f.value.trim().is_empty())
        })
    }

    /// Whether the entry's `Timeline` field reads as `timeline` (true when it has no such
    /// field): a rewrite from an incident whose timeline is not what the field holds would lose
    /// items.
    pub(crate) fn timeline_reads_as(&self, id: &str, timeline: &[TimelineItem]) -> bool {
        self.get(id)
            .and_then(|e| e.field(FieldName::Timeline))
            .is_none_or(|f| {
                let detected = self
                    .get(id)
                    .and_then(|e| Some(e.incident.as_ref()?.detected));
                let offset = self
                    .get(id)
                    .and_then(|e| crate::view::clock::entry_offset(self.as_str(), e));
                let read = crate::view::incident::timeline_items(
                    self.as_str(),
                    f,
                    self.timezone(),
                    detected,
                    offset,
                );
                let placeholder = read.is_empty();
                placeholder
                    || read
                        .into_iter()
                        .map(Result::ok)
                        .eq(timeline.iter().cloned().map(Some))
            })
    }

    /// Inserts `item` as one new line before the `k`-th readable item of the entry's timeline (at
    /// the end when `k` is their number), in the style of its neighbour. `None`, with nothing
    /// changed, when the field is not a list of readable items that reads as `before` (a field
    /// still holding the placeholder, say): the caller writes the field instead.
    pub(crate) fn insert_timeline_line(
        &mut self,
        id: &str,
        before: &[TimelineItem],
        item: &TimelineItem,
        k: usize,
    ) -> Result<Option<Vec<Change>>> {
        if let Some(table) = self.timeline_table(id) {
            return self.insert_timeline_row(id, &table, before, item, k);
        }
        let Some(slots) = self.timeline_slots(id) else {
            return Ok(None);
        };
        let read: Vec<&TimelineItem> = slots.iter().map(|s| &s.item).collect();
        if slots.is_empty() || k > slots.len() || read.iter().copied().ne(before.iter()) {
            return Ok(None);
        }
        let src = self.as_str();
        // The neighbour whose style the new line takes: the item above, else the one below.
        let model = &slots[k.saturating_sub(1)];
        let Some(style) = LineStyle::of(&src[model.span.clone()], model.team_time) else {
            return Ok(None);
        };
        let (mut time, text) = crate::render::timeline_item_parts(item, self.timezone())?;
        if let Some(len) = model.team_time {
            // The neighbour's form of time (`2026-11-20 10:05 UTC`), where it has one.
            let written = strip_marker(&src[model.span.clone()]);
            // A time of day (`14:02 UTC`) where the new item is on the day it would be read on:
            // near the item above it, or the detection for a first item.
            let near = match k {
                0 => self
                    .get(id)
                    .and_then(|e| Some(e.incident.as_ref()?.detected)),
                _ => Some(model.item.at),
            };
            let sample = written.get(..len);
            if let Some(t) = sample
                .and_then(|sample| time_like(sample, item.at, self.timezone()))
                .or_else(|| {
                    let offset = crate::view::clock::entry_offset(src, self.get(id)?);
                    crate::view::clock::clock_like(sample?, item.at, near?, self.timezone(), offset)
                })
            {
                time = t;
            }
        }
        let line = format!("{}{time}{}{text}", style.prefix, style.separator);
        let (at, insert) = if k < slots.len() {
            let next = &slots[k];
            let eol = terminator_after(src, line_end(src, next.span.start))
                .unwrap_or_else(|| crate::render::line_ending(src));
            (next.span.start, format!("{line}{eol}"))
        } else {
            let last = &slots[k - 1];
            let eol = terminator_after(src, last.span.end)
                .or_else(|| terminator_before(src, last.span.start))
                .unwrap_or_else(|| crate::render::line_ending(src));
            (last.span.end, format!("{eol}{line}"))
        };
        Ok(self.insert_reading_back(id, at, &insert, before, item, k))
    }

    /// Whether the entry's `Timeline` field is a table (`| Time (UTC) | Event |`).
    pub(crate) fn timeline_is_table(&self, id: &str) -> bool {
        self.timeline_table(id).is_some()
    }

    /// The entry's `Timeline` field when it is a table (`| Time (UTC) | Event |`).
    fn timeline_table(&self, id: &str) -> Option<crate::timeline_table::TimelineTable> {
        let entry = self.get(id)?;
        let f = entry.field(FieldName::Timeline)?;
        if !f.items.is_empty() {
            return None;
        }
        let body = crate::view::incident::timeline_lines(f)?;
        let detected = entry.incident.as_ref().map(|i| i.detected);
        crate::timeline_table::read(self.as_str(), body, self.timezone(), detected)
    }

    /// [`insert_timeline_line`](Self::insert_timeline_line) for a timeline table: one more row,
    /// written like the row above it (the one below for a new first row), its time in that row's
    /// form. `None` when a row has no certain time or the table is not what `before` says.
    fn insert_timeline_row(
        &mut self,
        id: &str,
        table: &crate::timeline_table::TimelineTable,
        before: &[TimelineItem],
        item: &TimelineItem,
        k: usize,
    ) -> Result<Option<Vec<Change>>> {
        let Some(read) = table
            .rows
            .iter()
            .map(|(_, r)| r.as_ref().ok())
            .collect::<Option<Vec<&TimelineItem>>>()
        else {
            return Ok(None);
        };
        if table.rows.is_empty() || k > read.len() || read.iter().copied().ne(before.iter()) {
            return Ok(None);
        }
        let src = self.as_str();
        let model = &table.rows[k.saturating_sub(1)].0;
        let model_text = &src[model.clone()];
        let (rfc, text) = crate::render::timeline_item_parts(item, self.timezone())?;
        // A time of day is read near the row before the new one (the detection, for a first).
        let near = k
            .checked_sub(1)
            .map(|p| read[p].at)
            .or_else(|| self.get(id)?.incident.as_ref().map(|i| i.detected));
        let time = crate::timeline_table::time_cell(model_text, table)
            .and_then(|sample| {
                time_like(sample, item.at, table.zone).or_else(|| {
                    crate::view::clock::clock_like(sample.trim(), item.at, near?, table.zone, None)
                        // A row of times of day on another day says its date, in the
                        // table's zone (`2026-12-01 00:00` under `Time (UTC)`).
                        .or_else(|| {
                            crate::view::clock::clock_instant(
                                sample.trim(),
                                table.zone,
                                None,
                                near?,
                            )?;
                            time_like("2026-01-01 00:00", item.at, table.zone)
                        })
                })
            })
            .unwrap_or(rfc);
        let Some(row) = crate::timeline_table::row_like(model_text, table, &time, &text) else {
            return Ok(None);
        };
        let eol = terminator_after(src, model.end)
            .or_else(|| terminator_before(src, model.start))
            .unwrap_or_else(|| crate::render::line_ending(src));
        let (at, insert) = if k == 0 {
            (model.start, format!("{row}{eol}"))
        } else {
            (model.end, format!("{eol}{row}"))
        };
        Ok(self.insert_reading_back(id, at, &insert, before, item, k))
    }

    /// Inserts `text` at `at`, kept when the timeline then reads as `before` with `item` at `k`;
    /// else the text is as it was and `None`.
    fn insert_reading_back(
        &mut self,
        id: &str,
        at: usize,
        text: &str,
        before: &[TimelineItem],
        item: &TimelineItem,
        k: usize,
    ) -> Option<Vec<Change>> {
        let original = self.save_point();
        let change = self.splice(at..at, text);
        let mut expected = before.to_vec();
        expected.insert(k, item.clone());
        let reads_back = self
            .get(id)
            .and_then(|e| e.incident.as_ref())
            .is_some_and(|i| i.timeline == expected);
        if !reads_back {
            self.restore(original);
            return None;
        }
        let mut changes = vec![change];
        changes.extend(self.update_last_incident());
        Some(changes)
    }

    /// Whether the entry's timeline holds items in a team's form of time (`14:02 UTC`,
    /// `2026-11-20 10:00 UTC`) that a new item cannot be put among as one line (a numbered
    /// list): rewriting it would change every line's form, so it is not written.
    pub(crate) fn team_lines_without_room(&self, id: &str) -> bool {
        let src = self.as_str();
        self.timeline_slots(id).is_some_and(|slots| {
            slots.iter().any(|s| s.team_time.is_some())
                && slots
                    .iter()
                    .any(|s| LineStyle::of(&src[s.span.clone()], s.team_time).is_none())
        })
    }

    /// The readable items of the entry's `Timeline:` field, one per list item (or line, for a
    /// timeline written as lines of text), as the view reads them; `None` when the entry has
    /// no such field or an item cannot be read.
    fn timeline_slots(&self, id: &str) -> Option<Vec<Slot>> {
        let src = self.as_str();
        let entry = self.get(id)?;
        let Some(f) = entry.field(FieldName::Timeline) else {
            let items = crate::dialect::field_edit::team_timeline(src, entry, self.timezone())?;
            return Some(
                items
                    .into_iter()
                    .map(|(it, item, time)| Slot {
                        span: it.span,
                        item,
                        team_time: Some(time),
                    })
                    .collect(),
            );
        };
        let spans: Vec<Range<usize>> = if f.items.is_empty() {
            lines_of(src, crate::view::incident::timeline_lines(f)?)
        } else {
            f.items.iter().map(|it| it.span.clone()).collect()
        };
        let mut slots = Vec::new();
        let mut clock = crate::view::clock::Clock::new(entry.incident.as_ref().map(|i| i.detected))
            .at_offset(crate::view::clock::entry_offset(src, entry));
        for span in spans {
            let text = one_line(strip_marker(&src[span.clone()]));
            let t = text.trim();
            if t.is_empty() || is_placeholder(t) || t.contains("<ISO 8601 timestamp>") {
                continue;
            }
            let (item, team_time) = clock.read(t, self.timezone())?;
            slots.push(Slot {
                span,
                item,
                team_time,
            });
        }
        Some(slots)
    }
}

/// `t` written as the time `sample` of a team's timeline is: `2026-11-20 10:05 UTC`, or a
/// local `2026-11-20 10:05` in `zone`, bold or code as the sample is (`**2026-11-20 10:05**`),
/// with seconds when `t` has some; `None` for another form, or for a local time the zone's
/// clock change makes ambiguous.
fn time_like(
    sample: &str,
    t: chrono::DateTime<chrono::Utc>,
    zone: chrono_tz::Tz,
) -> Option<String> {
    let inner = sample.trim_matches(['*', '`']);
    let lead = &sample[..sample.len() - sample.trim_start_matches(['*', '`']).len()];
    let trail = &sample[sample.trim_end_matches(['*', '`']).len()..];
    // The one rule of the writers: a zone's form, or a local time where it reads back as `t`.
    let written = crate::dialect::in_form_of_exact(inner, t, zone)?;
    Some(format!("{lead}{written}{trail}"))
}

/// How an item's line is written: what comes before its time (indentation and bullet) and
/// between its time and its text.
struct LineStyle<'a> {
    prefix: &'a str,
    separator: &'a str,
}

impl<'a> LineStyle<'a> {
    /// The style of an item as written; `None` for a numbered item (a new one would need the
    /// others renumbered).
    fn of(item: &'a str, team_time: Option<usize>) -> Option<Self> {
        let first = item.split(['\n', '\r']).next().unwrap_or("");
        let rest = strip_marker(first);
        let prefix = &first[..first.len() - rest.len()];
        if prefix.contains(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let time_end = team_time
            .filter(|&t| rest.is_char_boundary(t))
            .unwrap_or_else(|| rest.find(char::is_whitespace).unwrap_or(rest.len()));
        // `2026-03-02T10:12:00Z: text` has its colon on the time.
        let time_end = if rest[..time_end].ends_with(':') {
            time_end - 1
        } else {
            time_end
        };
        let after = &rest[time_end..];
        let spaced = after.trim_start();
        let sep_len = ["—", "–", "-", ":"]
            .iter()
            .find(|s| spaced.starts_with(**s))
            .map_or(0, |s| s.len());
        let text_at = after.len() - spaced[sep_len..].trim_start().len();
        let separator = &after[..text_at];
        // A time with no text after it shows no separator to copy.
        let separator = if separator.trim().is_empty() && after[text_at..].is_empty() {
            TIMELINE_SEPARATOR
        } else if separator.is_empty() {
            " "
        } else {
            separator
        };
        Some(LineStyle { prefix, separator })
    }
}

/// The non-blank lines of `range`, each without its terminator.
fn lines_of(src: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    let bytes = src.as_bytes();
    let mut i = range.start;
    while i <= range.end {
        if i == range.end || bytes[i] == b'\n' || bytes[i] == b'\r' {
            if !src[start..i].trim().is_empty() {
                out.push(start..i);
            }
            if i < range.end && bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out
}

/// The end of the line holding `at`, before its terminator.
fn line_end(src: &str, at: usize) -> usize {
    src[at..].find(['\n', '\r']).map_or(src.len(), |n| at + n)
}

/// The line terminator starting at `at`, if one does.
fn terminator_after(src: &str, at: usize) -> Option<&'static str> {
    let rest = &src[at..];
    if rest.starts_with("\r\n") {
        Some("\r\n")
    } else if rest.starts_with('\n') {
        Some("\n")
    } else if rest.starts_with('\r') {
        Some("\r")
    } else {
        None
    }
}

/// The line terminator ending just before `at` (the previous line's).
fn terminator_before(src: &str, at: usize) -> Option<&'static str> {
    let head = &src[..at];
    if head.ends_with("\r\n") {
        Some("\r\n")
    } else if head.ends_with('\n') {
        Some("\n")
    } else if head.ends_with('\r') {
        Some("\r")
    } else {
        None
    }
}

/// Where one item was added to a timeline: `after` is `before` with one more item. The index
/// is its time-ordered place when `before` is in time order (after the items of the same time),
/// else where the edit put it.
pub(crate) fn one_added(
    before: &[TimelineItem],
    after: &[TimelineItem],
) -> Option<(usize, TimelineItem)> {
    if after.len() != before.len() + 1 {
        return None;
    }
    let p =
        (0..after.len()).find(|&p| after[..p] == before[..p] && after[p + 1..] == before[p..])?;
    let item = after[p].clone();
    let sorted = before.windows(2).all(|w| w[0].at <= w[1].at);
    let k = if sorted {
        before.partition_point(|i| i.at <= item.at)
    } else {
        p
    };
    Some((k, item))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_are_read_from_the_neighbour() {
        let s = LineStyle::of("  * 2026-03-02T10:00:00Z - paged", None).unwrap();
        assert_eq!((s.prefix, s.separator), ("  * ", " - "));
        let s = LineStyle::of("- 2026-03-02T10:00:00Z: paged", None).unwrap();
        assert_eq!((s.prefix, s.separator), ("- ", ": "));
        let s = LineStyle::of("2026-03-02T10:00Z paged", None).unwrap();
        assert_eq!((s.prefix, s.separator), ("", " "));
        let s = LineStyle::of("- 2026-03-02T10:00:00Z", None).unwrap();
        assert_eq!(s.separator, TIMELINE_SEPARATOR);
        assert!(LineStyle::of("1. 2026-03-02T10:00:00Z — paged", None).is_none());
    }

    #[test]
    fn the_added_item_goes_to_its_time() {
        let t = |m: u32, s: &str| {
            TimelineItem::new(
                chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 2, 10, m, 0).unwrap(),
                s,
            )
        };
        let before = [t(0, "a"), t(10, "b")];
        // Pushed at the end but earlier than the last: its place is by time.
        let after = [t(0, "a"), t(10, "b"), t(5, "c")];
        assert_eq!(one_added(&before, &after), Some((1, t(5, "c"))));
        assert_eq!(one_added(&before, &before), None);
        // Out of order already: where the edit put it.
        let before = [t(10, "b"), t(0, "a")];
        let after = [t(10, "b"), t(5, "c"), t(0, "a")];
        assert_eq!(one_added(&before, &after), Some((1, t(5, "c"))));
    }
}
