//! Edits of fields in the style the entry writes them (`- Field: v`, `Field: v`, `**Field.** v`,
//! a `| Field | Value |` row, `### Field` with the value below, `**Field**: v`, …): a value is
//! replaced in its own bytes, a new field is written like the entry's last field and after it.
//!
//! The typed view reads the seed's three styles (`### Field:`, `**Field:**`, `- **Field:**`)
//! and edits them itself; this module covers what only the dialect reader sees, and new fields
//! of entries in another dialect than the seed's.

use std::ops::Range;

use incident_core::{FieldName, is_placeholder};

use super::Dialect;
use super::fields::{FieldStyle, Key, LooseField};
use crate::blocks::{ListItem, TaskBox};
use crate::edit::indent_lines;
use crate::render::table_cell;
use crate::view::Entry;

/// One splice to make: `range` of the source becomes `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Splice {
    pub(crate) range: Range<usize>,
    pub(crate) text: String,
}

/// The reader's key for a field name (a team's `Status` is [`Key::Status`]).
fn key_for(name: FieldName) -> Key {
    if name == FieldName::Status {
        Key::Status
    } else {
        Key::Field(name)
    }
}

/// The field `name` as the dialect reader found it in the entry (Detected may be a `Date`).
pub(crate) fn own_field(entry: &Entry, name: FieldName) -> Option<&LooseField> {
    let fields = &entry.reading.fields;
    fields
        .iter()
        .find(|f| f.key == Some(key_for(name)))
        .or_else(|| {
            (name == FieldName::Detected)
                .then(|| fields.iter().find(|f| f.key == Some(Key::Date)))
                .flatten()
        })
        .filter(|f| !is_action_row(f))
        // A `Status: x` line inside a field the typed view reads (a `### Description:` body)
        // is that field's text, not a field; a section the typed view does not know
        // (`## Metadata` above `**Severity**: High` lines) holds fields, and so does a
        // `| Field | Value |` table under any heading (a postmortem's `## Summary`).
        .filter(|f| {
            // A list (follow-ups, related logs, a timeline) never stands in a table cell: such
            // a row is some other table's, read as a field by mistake.
            let scalar_row = f.style == FieldStyle::Table
                && !matches!(
                    f.key,
                    Some(Key::Field(
                        FieldName::FollowUpActions | FieldName::RelatedLogs | FieldName::Timeline
                    ))
                );
            // The paragraph under a team's bold lines is its description, though the seed's
            // reader takes it for text of the field above (`texts_read_leniently` reads it so).
            let prose =
                f.style == FieldStyle::Prose && entry.field(FieldName::Description).is_none();
            // Text after a list of `- **Label**:` items is no part of the last item's value,
            // though the seed's reader takes it into that field's body: a `Follow-ups:` line
            // there is a field of its own.
            let after_items = |v: &crate::view::Field| {
                v.style == crate::view::FieldStyle::BoldItem
                    && v.body.as_ref().is_some_and(|b| b.contains(&f.at))
            };
            scalar_row
                || prose
                || !entry
                    .fields
                    .iter()
                    .any(|v| v.name.is_some() && v.span.contains(&f.at) && !after_items(v))
        })
}

/// A row of an action table (`| Action | Owner | Due |`): a follow-up, but no field to write
/// a value into.
fn is_action_row(f: &LooseField) -> bool {
    f.style == FieldStyle::Table && f.span.start == f.at
}

/// The keys of fields that are lists (of items, rows or lines): no model for a one-line field,
/// and no place to put one after.
const LIST_KEYS: [Key; 4] = [
    Key::Field(FieldName::FollowUpActions),
    Key::Field(FieldName::RelatedLogs),
    Key::Field(FieldName::Timeline),
    Key::Actions,
];

/// The style a new field `name` of the entry is written in: a one-line value (a time, the
/// severity, the status) like the entry's Detected or Severity field (in a log that keeps those
/// in a table and its prose as bold lines, a time goes into the table), anything else like its
/// last known field; else the file's style. `None` for an entry the seed's rules write: in a
/// log of the seed's dialect whose fields the typed view reads (or that has none the dialect
/// reader sees either).
pub(crate) fn own_style(d: &Dialect, entry: &Entry, name: FieldName) -> Option<FieldStyle> {
    let known = || {
        entry
            .reading
            .fields
            .iter()
            // A paragraph with no label (`Prose`) is no style to write a labelled field in.
            .filter(|f| f.key.is_some() && !is_action_row(f) && f.style != FieldStyle::Prose)
    };
    let last = known().next_back().map(|f| f.style);
    if d.seed && (!entry.fields.is_empty() || last.is_none()) {
        return None;
    }
    // A field of one value is written like the entry's last field of one value: a list field
    // after it (`Follow-ups:` and its items below the `- Description: …` lines) is no model
    // for `- Impact: …`.
    let last = if LIST_KEYS.contains(&key_for(name)) {
        // A list field the entry lacks is written as the log's other entries write it
        // (`**Follow-ups:**` above its items, not `**Follow-ups.**` after a `**Summary.**`
        // paragraph), where the entry has a field in that style already (the new one goes
        // after it).
        let elsewhere = d
            .entries
            .iter()
            .rev()
            .flat_map(|e| e.reading.fields.iter())
            .find(|f| {
                f.key == Some(key_for(name))
                    && !matches!(f.style, FieldStyle::Prose | FieldStyle::Table)
            })
            .map(|f| f.style)
            .filter(|s| known().any(|f| f.style == *s));
        elsewhere.or(last)
    } else {
        known()
            .rfind(|f| !f.key.is_some_and(|k| LIST_KEYS.contains(&k)))
            .map(|f| f.style)
            .or(last)
    };
    let one_line = name.is_inline() || name == FieldName::Status;
    let like = [
        Key::Field(FieldName::Detected),
        Key::Date,
        Key::Field(FieldName::Severity),
    ]
    .iter()
    .find_map(|k| known().find(|f| f.key == Some(*k)))
    .map(|f| f.style)
    .filter(|_| one_line);
    like.or(last)
        .or_else(|| d.field_style.as_ref().map(|s| s.value))
}

/// The splice that writes `value` (already rendered, in the file's line endings) as field
/// `name` of the entry, when the typed view does not see that field: its value replaced, or the
/// field added in the entry's own style. `None` when the seed's rules write it.
pub(crate) fn write(
    src: &str,
    d: &Dialect,
    entry: &Entry,
    name: FieldName,
    value: &str,
    eol: &str,
) -> Option<Splice> {
    // What the typed view sees, it edits.
    if entry.field(name).is_some() {
        return None;
    }
    // A time in the form the entry writes its times in (`2026-12-01 12:10 UTC`), not RFC 3339.
    let own_form = (name.kind() == incident_core::FieldKind::Timestamp)
        .then(|| super::writer::timestamp_in_own_form(src, d, entry, value))
        .flatten();
    if name == FieldName::Detected
        && let Some(splice) = date_and_time(src, d, entry, value)
    {
        return Some(splice);
    }
    let value = own_form.as_deref().unwrap_or(value);
    if let Some(f) = own_field(entry, name) {
        return Some(replace_value(src, f, value, eol));
    }
    // A severity the heading writes (`## [SEV3] Title`) is changed there: a field of its own
    // would contradict it.
    if name == FieldName::Severity
        && let Some((range, tag)) = heading_severity_of(src, d, entry)
    {
        // The value is the word meant (`Document::set_field` chose it): `SEV3` and `SEV4` are
        // both LOW, and only a change of case leaves the tag as written.
        let same = tag.eq_ignore_ascii_case(value);
        return Some(Splice {
            text: if same { tag } else { value.to_owned() },
            range,
        });
    }
    let style = own_style(d, entry, name)?;
    Some(new_field(src, d, entry, style, name, value, eol))
}

/// A detection time written as a `Date:` line and a `Time:` line (`2026-11-15`, `13:12 UTC`):
/// each gets its part of `value`, in its own form, in one splice over both. The whole time
/// went into the Date line, and the Time line stayed, contradicting it.
fn date_and_time(src: &str, d: &Dialect, entry: &Entry, value: &str) -> Option<Splice> {
    let fields = &entry.reading.fields;
    if fields
        .iter()
        .any(|f| f.key == Some(Key::Field(FieldName::Detected)))
    {
        return None;
    }
    let date = fields.iter().find(|f| f.key == Some(Key::Date))?;
    let time = fields.iter().find(|f| f.key == Some(Key::Time))?;
    let t = value
        .parse::<incident_core::WrittenTime>()
        .ok()?
        .in_zone(d.zone())
        .ok()?;
    let time_text = src.get(time.span.clone())?.trim();
    let new_time = crate::view::clock::clock_like(time_text, t, t, d.zone(), None)?;
    // The day at the time's offset (`13:12 UTC` is a UTC day), in the Date line's form.
    let (_, _, offset) = crate::view::clock::clock_parts(&new_time)?;
    let day = match offset {
        Some(o) => t.with_timezone(&o).date_naive(),
        None => t.with_timezone(&d.zone()).date_naive(),
    };
    let date_text = src.get(date.span.clone())?.trim();
    let new_date = match super::dates::read_when(date_text) {
        Some(super::When::Day(old)) if old == day => date_text.to_owned(),
        _ if date_text.len() == 10 && incident_core::parse_date(date_text).is_ok() => {
            day.format("%Y-%m-%d").to_string()
        }
        _ => return None,
    };
    let (first, second, texts) = if date.span.start < time.span.start {
        (&date.span, &time.span, (new_date, new_time))
    } else {
        (&time.span, &date.span, (new_time, new_date))
    };
    let between = src.get(first.end..second.start)?;
    Some(Splice {
        range: first.start..second.end,
        text: format!("{}{between}{}", texts.0, texts.1),
    })
}

/// The severity tag of `entry`'s heading (`[SEV3]`), when it writes one: its span and text.
pub(crate) fn heading_severity_of(
    src: &str,
    d: &Dialect,
    entry: &Entry,
) -> Option<(Range<usize>, String)> {
    let site = d
        .entries
        .iter()
        .find(|s| s.headed && s.span.start == entry.heading_span.start)?;
    super::writer::heading_severity(src, site)
}

/// The end of the line `at` is on, without its line ending and trailing blanks.
fn line_content_end(src: &str, at: usize) -> usize {
    let end = src[at..].find(['\n', '\r']).map_or(src.len(), |e| at + e);
    at + src[at..end].trim_end().len()
}

/// How many line endings `text` holds (`\r\n` is one).
fn breaks(text: &str) -> usize {
    text.replace("\r\n", "\n").matches(['\n', '\r']).count()
}

/// The text of the line starting at `at`.
fn line_at(src: &str, at: usize) -> &str {
    &src[at..line_content_end(src, at)]
}

/// Whether a value (or line) starts with a list item's marker: `- `, `* `, `+ `.
fn is_list(value: &str) -> bool {
    value.starts_with(['-', '*', '+']) && value[1..].starts_with([' ', '\t'])
}

/// The length of a list item's marker (`-`, `*`, `+`, or `1.`, `12)`), when `t` starts with
/// one and a space or tab.
pub(super) fn marker_len(t: &str) -> Option<usize> {
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let len = match digits {
        0 => usize::from(t.starts_with(['-', '*', '+'])),
        1..=9 => digits + usize::from(t[digits..].starts_with(['.', ')'])),
        _ => 0,
    };
    (len > 0 && (digits == 0 || len > digits) && t[len..].starts_with([' ', '\t'])).then_some(len)
}

/// The indentation of a list item's content (`- ` gives two spaces).
fn content_indent(line: &str) -> String {
    " ".repeat(crate::view::content_indent(line))
}

/// A blank line when text written right before `at` ends with a list that the line at `at`
/// (a field of a paragraph) would continue.
fn paragraph_break(
    src: &str,
    at: usize,
    style: FieldStyle,
    value: &str,
    eol: &str,
) -> &'static str {
    let paragraph = matches!(
        style,
        FieldStyle::BoldLine | FieldStyle::BoldColonOutside | FieldStyle::PlainLine
    );
    let rest = &src[at..];
    let next = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix(['\n', '\r']))
        .map(|n| n.split(['\n', '\r']).next().unwrap_or(""));
    if paragraph && is_list(value) && next.is_some_and(|n| !n.trim().is_empty()) {
        match eol {
            "\r\n" => "\r\n",
            "\r" => "\r",
            _ => "\n",
        }
    } else {
        ""
    }
}

/// Replaces a field's value in its own bytes.
pub(crate) fn replace_value(src: &str, f: &LooseField, value: &str, eol: &str) -> Splice {
    let label_end = line_content_end(src, f.at);
    let label_line = &src[f.at..label_end];
    let empty = f.span.start == f.span.end;
    // The value starts on the label's line (or there is none).
    let inline = f.span.start <= label_end;
    let multi = value.contains(['\n', '\r']);
    match f.style {
        FieldStyle::Table => {
            let one: Vec<&str> = value
                .split(['\n', '\r'])
                .filter(|l| !l.is_empty())
                .collect();
            Splice {
                range: f.span.clone(),
                text: table_cell(&one.join(" ")),
            }
        }
        FieldStyle::Heading => {
            // The value on the heading's line (one line), or the blocks below it.
            if !inline || (!empty && !multi && !is_list(value)) {
                Splice {
                    range: f.span.clone(),
                    text: value.to_owned(),
                }
            } else {
                // Below the heading, after a blank line.
                Splice {
                    range: label_end..f.span.end.max(label_end),
                    text: format!("{eol}{eol}{value}"),
                }
            }
        }
        style => {
            let indent = if style.is_listed() {
                content_indent(label_line)
            } else {
                String::new()
            };
            let brk = paragraph_break(src, f.span.end.max(label_end), style, value, eol);
            if is_list(value) {
                if !inline && !empty {
                    // A list below the label: the items keep the first one's indentation.
                    let first = src[..f.span.start].rfind(['\n', '\r']).map_or(0, |p| p + 1);
                    let lead = &src[first..f.span.start];
                    return Splice {
                        range: f.span.clone(),
                        text: format!("{}{brk}", indent_lines(value, lead, eol, false)),
                    };
                }
                return Splice {
                    range: label_end.min(f.span.start)..f.span.end.max(label_end),
                    text: format!("{eol}{}{brk}", indent_lines(value, &indent, eol, true)),
                };
            }
            let text = indent_lines(value, &indent, eol, false);
            if inline && !empty {
                Splice {
                    range: f.span.clone(),
                    text,
                }
            } else {
                // `Field:` with nothing after it, or with its value on the lines below.
                Splice {
                    range: label_end..f.span.end.max(label_end),
                    text: format!(" {text}"),
                }
            }
        }
    }
}

/// The label the file writes for a field: its entries' own, else the seed's.
fn label_of(d: &Dialect, name: FieldName) -> String {
    let key = key_for(name);
    d.labels
        .iter()
        .find(|(k, _)| *k == key)
        .map_or_else(|| name.label().to_owned(), |(_, l)| l.clone())
}

/// Where a new time of the incident's course goes: right after the latest of the times before
/// it in that course (Detected or Date, Acknowledged, Mitigated) that the entry writes in the
/// same style, so that an entry's times stay together (not after its follow-ups at the end).
fn time_anchor<'a>(
    fields: &'a [LooseField],
    style: FieldStyle,
    name: FieldName,
    value: &str,
) -> Option<&'a LooseField> {
    let course = [
        Key::Field(FieldName::Detected),
        Key::Field(FieldName::Acknowledged),
        Key::Field(FieldName::Mitigated),
        Key::Field(FieldName::Resolved),
    ];
    let rank = |k: Key| {
        // A detection written as `Date:` and `Time:` lines: after the later of them.
        if matches!(k, Key::Date | Key::Time) {
            Some(0)
        } else {
            course.iter().position(|c| *c == k)
        }
    };
    let own = rank(Key::Field(name)).filter(|r| *r > 0 && !value.contains(['\n', '\r']))?;
    fields
        .iter()
        .filter(|f| f.style == style && !is_action_row(f))
        .filter_map(|f| Some((rank(f.key?)?, f)))
        .filter(|(r, _)| *r < own)
        .max_by_key(|(r, f)| (*r, f.at))
        .map(|(_, f)| f)
}

/// Adds field `name` to the entry in `style`, right after the entry's last field of that style
/// (a time of the incident's course, after the times before it).
fn new_field(
    src: &str,
    d: &Dialect,
    entry: &Entry,
    style: FieldStyle,
    name: FieldName,
    value: &str,
    eol: &str,
) -> Splice {
    let label = label_of(d, name);
    let fields = &entry.reading.fields;
    let anchor = if style == FieldStyle::Table {
        table_anchor(src, fields).or_else(|| fields.iter().rev().find(|f| f.style == style))
    } else {
        time_anchor(fields, style, name, value).or_else(|| {
            // A one-line field goes after the entry's last one-line field of its style, not
            // after a list (`Follow-ups:` and its items) that ends the entry.
            let list_key = |f: &LooseField| f.key.is_some_and(|k| LIST_KEYS.contains(&k));
            let one_line = name.is_inline() || name == FieldName::Status;
            // In plain `Key: value` lines (which the seed's reader does not read), the block
            // of lines the Detected or Severity line is in.
            if one_line
                && matches!(style, FieldStyle::PlainLine | FieldStyle::PlainList)
                && let Some(block) = block_anchor(src, fields, style)
            {
                return Some(block);
            }
            let scalar_exists = fields
                .iter()
                .any(|f| f.style == style && !is_action_row(f) && !list_key(f));
            let mut same = fields.iter().rev().filter(|f| {
                f.style == style && !is_action_row(f) && !(one_line && scalar_exists && list_key(f))
            });
            let last = same.next();
            // A paragraph under a block of lines (a team's description) is text of the last
            // line's field to the seed's reader: a new line after it would take the paragraph
            // for its own value. It goes before that line.
            let lines = matches!(
                style,
                FieldStyle::BoldLine | FieldStyle::BoldColonOutside | FieldStyle::PlainLine
            );
            let prose_after = last.and_then(|l| {
                fields
                    .iter()
                    .rfind(|f| f.style == FieldStyle::Prose && f.at > l.at)
            });
            match prose_after {
                // Text (`**Impact:** …`) and a list (`**Timeline:**` and its items) go after
                // the paragraph, a block of their own: among the lines they would split the
                // block, and the paragraph would no longer read as the description.
                Some(prose)
                    if lines
                        && (name.kind() == incident_core::FieldKind::Text
                            || LIST_KEYS.contains(&key_for(name))) =>
                {
                    Some(prose)
                }
                Some(_) if lines => same.next().or(last),
                _ => last,
            }
        })
    };
    let Some(anchor) = anchor else {
        // No field of that style yet: the first one, under the heading.
        let at = line_content_end(src, entry.heading_span.start);
        let head = first_field(style, &label, value, entry.level, eol);
        return Splice {
            range: at..at,
            text: format!("{eol}{eol}{head}"),
        };
    };
    let label_end = line_content_end(src, anchor.at);
    let mut at = anchor.span.end.max(label_end);
    if style == FieldStyle::Table {
        // After the table's last row, rows the reader does not know (`| Authors | … |`) too.
        while let Some(next) =
            next_line(src, at).filter(|&n| src[n..].trim_start().starts_with('|'))
        {
            at = line_content_end(src, next);
        }
    }
    // A field whose items are a table below it (`**Follow-ups:**`, a blank line, then
    // `| Action | Owner | … |`): the table is the field's, and what follows goes after it.
    let mut after_table = false;
    if style != FieldStyle::Table && anchor.items > 0 {
        let mut probe = at;
        while let Some(n) = next_line(src, probe) {
            let l = line_at(src, n);
            if l.trim_start().starts_with('|') {
                at = line_content_end(src, n);
                after_table = true;
            } else if after_table || !l.trim().is_empty() {
                break;
            }
            probe = line_content_end(src, n);
        }
    }
    let line = line_at(src, anchor.at);
    let list = is_list(value);
    let text = match style {
        FieldStyle::Heading => {
            let t = line.trim_start();
            let hashes = &t[..t.len() - t.trim_start_matches('#').len()];
            let on_line = anchor.span.start <= label_end && anchor.span.start != anchor.span.end;
            let after_label = t[hashes.len()..]
                .trim_start()
                .trim_start_matches('*')
                .strip_prefix(&*anchor.label)
                .map(|r| r.trim_start_matches('*'));
            let colon = if on_line || after_label.is_some_and(|r| r.starts_with(':')) {
                ":"
            } else {
                ""
            };
            if on_line && !list && !value.contains(['\n', '\r']) {
                format!("{eol}{eol}{hashes} {label}: {value}")
            } else {
                // A blank line between label and value when the entry has one.
                let gap = if breaks(&src[label_end..anchor.span.start.max(label_end)]) >= 2 {
                    eol
                } else {
                    ""
                };
                format!("{eol}{eol}{hashes} {label}{colon}{eol}{gap}{value}")
            }
        }
        FieldStyle::BoldLead => {
            if list {
                format!("{eol}{eol}**{label}.**{eol}{value}")
            } else {
                format!("{eol}{eol}**{label}.** {value}")
            }
        }
        FieldStyle::Table => {
            if list {
                format!("{eol}{eol}**{label}:**{eol}{value}")
            } else {
                let one: Vec<&str> = value
                    .split(['\n', '\r'])
                    .filter(|l| !l.is_empty())
                    .collect();
                let lead = &line[..line.len() - line.trim_start().len()];
                format!(
                    "{eol}{lead}| {} | {} |",
                    table_cell(&label),
                    table_cell(&one.join(" "))
                )
            }
        }
        style => {
            // The label line's lead (indentation and bullet) and its label markup.
            let lead_len = match style {
                FieldStyle::BoldLine
                | FieldStyle::BoldColonOutside
                | FieldStyle::BoldList
                | FieldStyle::BoldListColonOutside => line.find("**").unwrap_or(0),
                _ => line.find(&*anchor.label).unwrap_or(0),
            };
            let lead = &line[..lead_len];
            let written = style.label_markup(&label);
            let indent = if style.is_listed() {
                content_indent(line)
            } else {
                String::new()
            };
            let brk = paragraph_break(src, at, style, value, eol);
            // After a list at the start of a line (`**Follow-ups**:` then `- [x] …`, or a
            // numbered `2. …`), a label line would be a lazy continuation of its last item: a
            // blank line goes first.
            let last_line = &src[src[..at].rfind(['\n', '\r']).map_or(0, |p| p + 1)..at];
            let unindented = matches!(
                style,
                FieldStyle::BoldLine | FieldStyle::BoldColonOutside | FieldStyle::PlainLine
            );
            // A field that is a paragraph of its own (`**Summary:** …`, a blank line, `**Root
            // cause:** …`): the new one is one too, not a line glued onto it.
            let own_paragraph = unindented && {
                let before = src[..anchor.at].trim_end_matches([' ', '\t']);
                let blank_before = before.ends_with("\n\n")
                    || before.ends_with("\r\n\r\n")
                    || before.ends_with("\r\r");
                let blank_after =
                    next_line(src, at).is_none_or(|n| line_at(src, n).trim().is_empty());
                blank_before && blank_after
            };
            let start = if after_table
                || own_paragraph
                || (unindented && marker_len(last_line.trim_start()).is_some())
            {
                format!("{eol}{eol}")
            } else {
                eol.to_owned()
            };
            if list {
                // After the anchor's hard line break, which stays on its line.
                if unindented && start == eol {
                    let (end, own, _) =
                        line_breaks(src, src[..at].rfind(['\n', '\r']).map_or(0, |p| p + 1));
                    if !own.is_empty() {
                        at = end;
                    }
                }
                format!(
                    "{start}{lead}{written}{eol}{}{brk}",
                    indent_lines(value, &indent, eol, true)
                )
            } else if unindented && start == eol && !value.contains(['\n', '\r']) {
                // A line of a paragraph whose lines end in hard breaks (`  ` or `\`): the new
                // line goes after the anchor's break, and keeps the paragraph's lines apart.
                let (end, own, prev) =
                    line_breaks(src, src[..at].rfind(['\n', '\r']).map_or(0, |p| p + 1));
                let value = indent_lines(value, &indent, eol, false);
                let line = format!("{lead}{written} {value}");
                if !own.is_empty() {
                    at = end;
                    let more =
                        next_line(src, end).is_some_and(|n| !line_at(src, n).trim().is_empty());
                    let own = if more { own } else { "" };
                    format!("{eol}{line}{own}")
                } else if !prev.is_empty() {
                    at = end;
                    format!("{prev}{eol}{line}")
                } else {
                    format!("{start}{line}")
                }
            } else {
                format!(
                    "{start}{lead}{written} {}",
                    indent_lines(value, &indent, eol, false)
                )
            }
        }
    };
    Splice {
        range: at..at,
        text,
    }
}

/// Of the line starting at `at`: where it ends (before its line ending), the hard line break
/// it ends with (`  `, `\`, or none), and the one the line before it ends with when it is a
/// line of the same paragraph.
fn line_breaks(src: &str, at: usize) -> (usize, &str, &str) {
    let end = src[at..].find(['\n', '\r']).map_or(src.len(), |e| at + e);
    let own = crate::view::text::hard_break(&src[at..end]);
    let before = src[..at]
        .strip_suffix("\r\n")
        .or_else(|| src[..at].strip_suffix(['\n', '\r']));
    let prev = before
        .map(|b| &b[b.rfind(['\n', '\r']).map_or(0, |p| p + 1)..])
        .filter(|l| !l.trim().is_empty())
        .map_or("", crate::view::text::hard_break);
    (end, own, prev)
}

/// The start of the line after the one `end` is on, if there is one.
fn next_line(src: &str, end: usize) -> Option<usize> {
    let rest = &src[end + src[end..].find(['\n', '\r'])?..];
    rest.strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix(['\n', '\r']))
        .filter(|r| !r.is_empty())
        .map(|r| src.len() - r.len())
}

/// The keys of an entry's metadata, whose block of lines or rows new one-line fields join.
const METADATA: [Key; 3] = [
    Key::Field(FieldName::Detected),
    Key::Date,
    Key::Field(FieldName::Severity),
];

/// The last of the fields `member` takes that follow field `k` one line after the other.
fn run_end<'a>(
    src: &str,
    fields: &'a [LooseField],
    k: usize,
    member: impl Fn(&LooseField) -> bool,
) -> &'a LooseField {
    let mut anchor = &fields[k];
    for f in fields[k + 1..].iter().take_while(|f| member(f)) {
        if next_line(src, line_content_end(src, anchor.at)) != Some(f.at) {
            break;
        }
        anchor = f;
    }
    anchor
}

/// The last row of the metadata table: the table of the Detected or Severity row (else of the
/// last row the reader knows), not a later table of the document (a postmortem's `| Time (UTC)
/// | Event |` timeline, whose header reads as a `Time` field).
fn table_anchor<'a>(src: &str, fields: &'a [LooseField]) -> Option<&'a LooseField> {
    let table = |f: &LooseField| f.style == FieldStyle::Table && !is_action_row(f);
    let k = fields
        .iter()
        .position(|f| table(f) && f.key.is_some_and(|k| METADATA.contains(&k)))
        .or_else(|| fields.iter().rposition(|f| table(f) && f.key.is_some()))?;
    Some(run_end(src, fields, k, table))
}

/// The last line of the block of `style` lines that holds the entry's Detected (or Date, or
/// Severity) line; `None` when a line of the block has a list below it (no line to write
/// after).
fn block_anchor<'a>(
    src: &str,
    fields: &'a [LooseField],
    style: FieldStyle,
) -> Option<&'a LooseField> {
    let k = fields
        .iter()
        .position(|f| f.style == style && f.key.is_some_and(|k| METADATA.contains(&k)))?;
    let anchor = run_end(src, fields, k, |f| f.style == style && f.items == 0);
    (anchor.items == 0).then_some(anchor)
}

/// The first field of an entry that has none in `style` yet.
fn first_field(style: FieldStyle, label: &str, value: &str, level: u8, eol: &str) -> String {
    let list = is_list(value);
    let sep = if list { eol } else { " " };
    match style {
        FieldStyle::Heading => {
            let hashes = "#".repeat(level as usize + 1);
            format!("{hashes} {label}{eol}{eol}{value}")
        }
        FieldStyle::BoldLead => format!("**{label}.**{sep}{value}"),
        FieldStyle::BoldColonOutside => format!("**{label}**:{sep}{value}"),
        FieldStyle::PlainLine | FieldStyle::KeyValue => format!("{label}:{sep}{value}"),
        FieldStyle::PlainList if !list => format!("- {label}: {value}"),
        FieldStyle::BoldList if !list => format!("- **{label}:** {value}"),
        FieldStyle::BoldListColonOutside if !list => format!("- **{label}**: {value}"),
        FieldStyle::Table if !list => format!(
            "| Field | Value |{eol}|-------|-------|{eol}| {} | {} |",
            table_cell(label),
            table_cell(value)
        ),
        _ => format!("**{label}:**{sep}{value}"),
    }
}

/// Adds a list item (`- [ ] action …`) to a field the dialect reader found: after its last item
/// with the same indentation and bullet, or as the field's value when it has none.
pub(crate) fn add_item(src: &str, f: &LooseField, item: &str, eol: &str) -> Splice {
    let value = src[f.span.clone()].trim();
    // Whole lines, so that the first one keeps its indentation.
    let from = if f.span.start <= line_content_end(src, f.at) {
        // The value starts on the label's line: only the value is an item, if it is one.
        f.span.start
    } else {
        src[..f.span.start].rfind(['\n', '\r']).map_or(0, |p| p + 1)
    };
    let last_item = src[from..f.span.end]
        .split(['\n', '\r'])
        .rev()
        .find(|l| is_list(l.trim_start()));
    match last_item {
        Some(prev) if f.style != FieldStyle::Table => {
            let indent = &prev[..prev.len() - prev.trim_start().len()];
            let item = match prev.trim_start().chars().next() {
                Some(c @ ('*' | '+')) => format!("{c}{}", &item[1..]),
                _ => item.to_owned(),
            };
            Splice {
                range: f.span.end..f.span.end,
                text: format!("{eol}{indent}{item}"),
            }
        }
        _ if value.is_empty()
            || is_placeholder(value)
            || matches!(
                value.to_lowercase().as_str(),
                "none" | "none." | "-" | "—" | "n/a"
            ) =>
        {
            replace_value(src, f, item, eol)
        }
        _ => {
            // Text, then the list below it.
            let label_line = line_at(src, f.at);
            let indent = if f.style.is_listed() {
                content_indent(label_line)
            } else {
                String::new()
            };
            let at = f.span.end.max(line_content_end(src, f.at));
            let brk = paragraph_break(src, at, f.style, item, eol);
            Splice {
                range: at..at,
                text: format!("{eol}{indent}{item}{brk}"),
            }
        }
    }
}

/// The task items of the entry's follow-up field as the dialect reader found it (for an entry
/// whose follow-ups the typed view does not see): the first-level items, in order.
///
/// Where every follow-up field is a sentence (`- **Follow-up:** add a canary`, one such line a
/// follow-up), each follow-up's item is its sentence: no checkbox, so it is ticked in words.
pub(crate) fn follow_up_items(src: &str, entry: &Entry) -> Vec<ListItem> {
    if let Some(fields) = sentence_follow_ups(entry) {
        return fields
            .into_iter()
            .filter(|f| crate::view::sentence_follow_up(f).is_some())
            .map(|f| ListItem {
                span: f.span.clone(),
                task: None,
            })
            .collect();
    }
    own_field(entry, FieldName::FollowUpActions).map_or_else(Vec::new, |f| items_of(src, f))
}

/// The entry's follow-up fields when there are some and each is a sentence with no items, in
/// order (each gives one follow-up, as the reader counts them).
pub(crate) fn sentence_follow_ups(entry: &Entry) -> Option<Vec<&LooseField>> {
    let fields: Vec<&LooseField> = entry
        .reading
        .fields
        .iter()
        .filter(|f| f.key == Some(Key::Field(FieldName::FollowUpActions)))
        .collect();
    (!fields.is_empty() && fields.iter().all(|f| crate::view::is_sentence_follow_up(f)))
        .then_some(fields)
}

/// A new sentence follow-up after the last one of the entry (see [`sentence_follow_ups`]),
/// written as that one is: its line up to the value (`- **Follow-up:** `), then `text`. `None`
/// when the last one's value does not start on its label's line.
pub(crate) fn add_sentence_follow_up(
    src: &str,
    entry: &Entry,
    text: &str,
    eol: &str,
) -> Option<Splice> {
    let last = *sentence_follow_ups(entry)?.last()?;
    // `at` is the start of the label's line. Only items (`- **Follow-up:** …`) are repeated:
    // a second `### Follow-up:` heading or bold line would be the same field twice.
    if !last.style.is_listed() || last.span.start > line_content_end(src, last.at) {
        return None;
    }
    let prefix = &src[last.at..last.span.start];
    let at = last.span.end.max(line_content_end(src, last.at));
    Some(Splice {
        range: at..at,
        text: format!("{eol}{prefix}{text}"),
    })
}

/// The items of an entry's `Timeline` field in the team's own style, each with its span, what
/// it reads as and the length of its time as written; `None` when the entry has no such field
/// or it holds anything but list items with a certain time (which a new item could not be
/// put among, nor the field be rewritten without losing). An empty field has no items.
pub(crate) fn team_timeline(
    src: &str,
    entry: &Entry,
    zone: chrono_tz::Tz,
) -> Option<Vec<(ListItem, incident_core::TimelineItem, usize)>> {
    let f = own_field(entry, FieldName::Timeline)?;
    let items = items_of(src, f);
    if items.is_empty() {
        return f.value.trim().is_empty().then(Vec::new);
    }
    // Every line of the value is an item's or nested under one.
    let first = items.first().map_or(f.span.start, |i| i.span.start);
    if !src[f.span.start.min(first)..first].trim().is_empty() {
        return None;
    }
    let mut clock = crate::view::clock::Clock::new(entry.incident.as_ref().map(|i| i.detected))
        .at_offset(crate::view::clock::entry_offset(src, entry));
    items
        .into_iter()
        .map(|mut it| {
            // From the line's start: a new item's line copies the indentation with the bullet.
            it.span.start = src[..it.span.start]
                .rfind(['\n', '\r'])
                .map_or(0, |p| p + 1);
            let text = crate::view::text::strip_marker(&src[it.span.clone()]);
            let line = text.split(['\n', '\r']).next().unwrap_or("");
            let (item, time) = clock.read_team(line.trim(), zone)?;
            Some((it, item, time))
        })
        .collect()
}

/// The list items of a field the dialect reader sees, at the indentation of the first.
fn items_of(src: &str, f: &LooseField) -> Vec<ListItem> {
    let mut offset = f.span.start;
    let mut lines: Vec<(usize, Range<usize>)> = Vec::new();
    // The span starts at the value's first byte: the first line's indentation is before it.
    let first_lead = f.span.start - src[..f.span.start].rfind(['\n', '\r']).map_or(0, |p| p + 1);
    for (k, l) in src[f.span.clone()].split_inclusive('\n').enumerate() {
        let line = l.trim_end_matches(['\n', '\r']);
        let t = line.trim_start();
        let indent = line.len() - t.len() + if k == 0 { first_lead } else { 0 };
        if marker_len(t).is_some() {
            lines.push((indent, offset + (line.len() - t.len())..offset + line.len()));
        }
        offset += l.len();
    }
    let Some(min) = lines.iter().map(|(i, _)| *i).min() else {
        return Vec::new();
    };
    lines
        .into_iter()
        .filter(|(i, _)| *i == min)
        .map(|(_, span)| {
            let t = &src[span.clone()];
            let boxed = t[marker_len(t).unwrap_or(1)..].trim_start();
            let at = span.start + (t.len() - boxed.len());
            let task = ["[ ]", "[x]", "[X]"]
                .iter()
                .any(|b| boxed.starts_with(b))
                .then(|| TaskBox {
                    checked: !boxed.starts_with("[ ]"),
                    offset: at + 1,
                });
            ListItem { span, task }
        })
        .collect()
}

/// The word a team's `Status` field says after a resolve, mitigate or reopen step (`Resolved`,
/// `mitigated`, `Reopened`, in the case the field writes), when the entry has such a field that states
/// whether it is open and says something else now; `None` otherwise (the seed's Status, a
/// disposition, is the typed edit's).
pub(crate) fn team_status(
    src: &str,
    d: &Dialect,
    entry: &Entry,
    step: &incident_core::Transition,
) -> Option<String> {
    use incident_core::Transition;
    let resolved = entry
        .incident
        .as_ref()
        .is_some_and(|i| i.resolved.is_some() || i.stated_resolved);
    let word = match step {
        Transition::Resolve(_) => "resolved",
        // A mitigation recorded after the fact leaves a resolved incident's Status as it is.
        Transition::Mitigate(_) if resolved => return None,
        Transition::Mitigate(_) => "mitigated",
        Transition::Reopen(_) => "reopened",
        _ => return None,
    };
    if d.seed && !entry.fields.is_empty() {
        return None;
    }
    let f = entry
        .reading
        .fields
        .iter()
        .find(|f| f.key == Some(Key::Status))?;
    let now = src[f.span.clone()].trim();
    super::read_status(now)?;
    // A symbol before the words (`🟡 Monitoring`) is the old status's: the new words take the
    // one the log writes with them, or none.
    let at = now.find(char::is_alphanumeric)?;
    let first: String = now[at..]
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    if first.eq_ignore_ascii_case(word) || first.is_empty() {
        return None;
    }
    let words = crate::text::in_case_of(word, &first);
    if super::status_symbol(now, 0..at).is_none() {
        return Some(words);
    }
    let symbol = super::symbol_for_status(src, d, &words);
    Some(format!("{}{words}", symbol.unwrap_or_default()))
}
