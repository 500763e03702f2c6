//! Fields as teams write them: the style of each, its label, and the key it stands for.

use incident_core::lines::TrimWs as _;
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use incident_core::FieldName;

/// How a field is written in a log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum FieldStyle {
    /// `### Field:` (or `#### Field`) headings under the entry.
    Heading,
    /// `**Field:** value` lines.
    BoldLine,
    /// `**Field**: value` lines (colon outside the bold).
    BoldColonOutside,
    /// `- **Field:** value` items.
    BoldList,
    /// `- **Field**: value` items (colon outside the bold).
    BoldListColonOutside,
    /// `- Field: value` items.
    PlainList,
    /// `Field: value` lines.
    PlainLine,
    /// `**Field.** text` paragraphs.
    BoldLead,
    /// A two-column `| Field | Value |` table under the heading.
    Table,
    /// A block of `Key: value` lines that is the entry itself (no heading).
    KeyValue,
    /// Text without a label after a block of one-line fields (`Severity: High`, `Owner: @ana`,
    /// a blank line, then what happened): the entry's description, unless it writes one.
    Prose,
}

impl FieldStyle {
    /// Whether fields in this style are list items (`- Field: v`, `- **Field:** v`).
    pub fn is_listed(self) -> bool {
        matches!(
            self,
            FieldStyle::BoldList | FieldStyle::BoldListColonOutside | FieldStyle::PlainList
        )
    }

    /// A label as a field line of this style writes it, without the bullet: `**Impact:**`,
    /// `**Impact**:`, `Impact:`.
    pub(crate) fn label_markup(self, label: &str) -> String {
        match self {
            FieldStyle::BoldLine | FieldStyle::BoldList => format!("**{label}:**"),
            FieldStyle::BoldColonOutside | FieldStyle::BoldListColonOutside => {
                format!("**{label}**:")
            }
            _ => format!("{label}:"),
        }
    }

    /// The style's name (`bold-line`, `plain-list`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            FieldStyle::Heading => "heading",
            FieldStyle::BoldLine => "bold-line",
            FieldStyle::BoldColonOutside => "bold-colon-outside",
            FieldStyle::BoldList => "bold-list",
            FieldStyle::BoldListColonOutside => "bold-list-colon-outside",
            FieldStyle::PlainList => "plain-list",
            FieldStyle::PlainLine => "plain-line",
            FieldStyle::BoldLead => "bold-lead",
            FieldStyle::Table => "table",
            FieldStyle::KeyValue => "key-value-block",
            FieldStyle::Prose => "prose",
        }
    }
}

impl fmt::Display for FieldStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a label stands for: a field the library knows, or one a reader needs besides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Key {
    /// A field of the seed template (with its synonyms).
    Field(FieldName),
    /// `Status`.
    Status,
    /// `Date` (a day, perhaps with a time).
    Date,
    /// `Time` (a time of the entry's day).
    Time,
    /// `Title`.
    Title,
    /// `Closed` (a time, or `open`).
    Closed,
    /// `Actions`: actions taken, or, when written as task items, actions to take.
    Actions,
    /// `Duration` or `Window`: a time range (`09:12 – 10:04 UTC`).
    Window,
}

impl Key {
    /// The key's own word: the seed's label for a seed field, else `Status`, `Date`, ...
    pub fn word(self) -> &'static str {
        match self {
            Key::Field(n) => n.label(),
            Key::Status => "Status",
            Key::Date => "Date",
            Key::Time => "Time",
            Key::Title => "Title",
            Key::Closed => "Closed",
            Key::Actions => "Actions",
            Key::Window => "Duration",
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// The key a label stands for, if it is one a reader knows.
pub fn key_of(label: &str) -> Option<Key> {
    if let Some(f) = FieldName::from_label(label) {
        // A team's `Status:` says open, investigating or resolved; the seed's lifecycle Status
        // (reopened, cancelled) is one of the values the lenient reader reads there.
        return Some(if f == FieldName::Status {
            Key::Status
        } else {
            Key::Field(f)
        });
    }
    // The words below are short: normalised into a stack buffer, not a new string (this runs
    // for most headings and labelled lines of a log).
    let mut buf = [0u8; 24];
    let mut len = 0;
    for b in label.bytes().filter(u8::is_ascii_alphanumeric) {
        *buf.get_mut(len)? = b.to_ascii_lowercase();
        len += 1;
    }
    Some(match std::str::from_utf8(&buf[..len]).unwrap_or_default() {
        "status" | "state" | "currentstatus" => Key::Status,
        "date" | "when" | "day" | "timestamp" => Key::Date,
        "time" | "timeutc" | "starttime" => Key::Time,
        "title" => Key::Title,
        "closed" | "closedat" | "ended" => Key::Closed,
        "actions" | "actionstaken" => Key::Actions,
        "duration" | "window" | "period" => Key::Window,
        "priority" | "sev" => Key::Field(FieldName::Severity),
        _ => return None,
    })
}

/// One field found in an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LooseField {
    /// The label as written (borrowed when it is the key's own word, such as `Severity`).
    pub label: Cow<'static, str>,
    /// What it stands for, when known.
    pub key: Option<Key>,
    /// How it is written.
    pub style: FieldStyle,
    /// The value's text: the label line's rest and the lines after it, joined by `\n`.
    pub value: String,
    /// Action items (list items or table rows) in the value.
    pub items: usize,
    /// How many of those items are task items (`- [ ]`, `- [x]`).
    pub tasks: usize,
    /// The list items' first lines (without marker and checkbox), and whether each is ticked.
    pub item_texts: Vec<(String, bool)>,
    /// The byte offset of the label's line.
    pub at: usize,
    /// The value as written: from its first byte to the end of its last line (line ending
    /// excluded); empty, at the end of the label's line, when the field has no value. What an
    /// edit of the value replaces.
    pub span: Range<usize>,
}

impl LooseField {
    /// A field of one value and no items.
    fn one(
        label: &str,
        key: Option<Key>,
        style: FieldStyle,
        value: String,
        at: usize,
        span: Range<usize>,
    ) -> LooseField {
        LooseField {
            label: crate::field::written_label(label, key.map(Key::word)),
            key,
            style,
            value,
            items: 0,
            tasks: 0,
            item_texts: Vec::new(),
            at,
            span,
        }
    }
}

/// A label at the start of a line of text: (label, value offset, style).
pub fn line_label(line: &str) -> Option<(&str, usize, FieldStyle)> {
    line_label_with(line, &key_of)
}

/// [`line_label`], knowing the labels `key` knows.
fn line_label_with<'a>(
    line: &'a str,
    key: &dyn Fn(&str) -> Option<Key>,
) -> Option<(&'a str, usize, FieldStyle)> {
    let lead = line.len() - line.trim_start_ws().len();
    let t = &line[lead..];
    if let Some(rest) = t.strip_prefix("**") {
        let close = rest.find("**")?;
        let inner = &rest[..close];
        let after = &rest[close + 2..];
        let (label, skip, style) = if let Some(l) = inner.strip_suffix(':') {
            (l, 0, FieldStyle::BoldLine)
        } else if after.starts_with(':') {
            (inner, 1, FieldStyle::BoldColonOutside)
        } else if let Some(l) = inner.strip_suffix('.') {
            key(l)?;
            (l, 0, FieldStyle::BoldLead)
        } else if after.trim_ws().is_empty() && !inner.trim_ws().is_empty() {
            // `**Action items**` alone on its line, its list below: a known label only (a line
            // of bold text is no field).
            key(inner)?;
            (inner, 0, FieldStyle::BoldLine)
        } else {
            return None;
        };
        let v = lead + 2 + close + 2 + skip;
        let ws = line[v..].len() - line[v..].trim_start_ws().len();
        return Some((label.trim_ws(), v + ws, style));
    }
    // `Field: value`, or `Field — value` (an em or en dash between spaces): a short label
    // that a reader knows.
    let short_known = |label: &str| {
        !label.is_empty()
            && label.split_whitespace().count() <= 4
            && label.starts_with(|c: char| c.is_alphabetic())
            && key(label).is_some()
    };
    let colon = memchr::memchr(b':', t.as_bytes()).filter(|&c| short_known(&t[..c]));
    let (label, v) = match colon {
        Some(c) => (&t[..c], lead + c + 1),
        None => {
            let at = spaced_dash(t)?;
            if !short_known(&t[..at]) {
                return None;
            }
            // A space, the dash's three bytes, a space.
            (&t[..at], lead + at + 5)
        }
    };
    let ws = line[v..].len() - line[v..].trim_start_ws().len();
    Some((label.trim_ws(), v + ws, FieldStyle::PlainLine))
}

/// Where the first ` — ` or ` – ` (an em or en dash between spaces) of `t` starts. The dashes
/// share their first UTF-8 byte, which prose seldom has: a byte search for it costs less than a
/// substring search for each dash.
fn spaced_dash(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    memchr::memchr_iter(0xE2, b).find_map(|i| {
        let spaced = i > 0 && b[i - 1] == b' ' && b.get(i + 3) == Some(&b' ');
        let dash = b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x93 | 0x94));
        (spaced && dash).then(|| i - 1)
    })
}

/// A list item line: (indent, whether it is a task item, text after the marker and checkbox).
fn list_item(line: &str) -> Option<(usize, bool, &str)> {
    let lead = line.len() - line.trim_start_ws().len();
    let t = &line[lead..];
    let rest = if let Some(r) = t.strip_prefix(['-', '*', '+']) {
        r.strip_prefix(' ')?
    } else {
        let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return None;
        }
        t[digits..].strip_prefix(['.', ')'])?.strip_prefix(' ')?
    };
    let rest = rest.trim_start_ws();
    let unboxed = ["[ ] ", "[x] ", "[X] "]
        .iter()
        .find_map(|b| rest.strip_prefix(b));
    Some((lead, unboxed.is_some(), unboxed.unwrap_or(rest)))
}

/// The cells of a table line, split on its unescaped pipes: a cell's `\|` is a `|` of its
/// text (GFM).
fn cells(line: &str) -> Vec<String> {
    let t = line.trim_ws();
    let t = t.strip_prefix('|').unwrap_or(t);
    let mut out = Vec::new();
    let mut start = 0;
    for p in pipes(t).chain([t.len()]) {
        let cell = t[start..p].trim_ws();
        out.push(if cell.contains("\\|") {
            cell.replace("\\|", "|")
        } else {
            cell.to_owned()
        });
        start = (p + 1).min(t.len());
    }
    // A closing pipe ends the row; it starts no cell.
    if !t.is_empty() && pipes(t).last() == Some(t.len() - 1) {
        out.pop();
    }
    out
}

/// The offsets of a table line's unescaped pipes (a backslash escapes the byte after it).
fn pipes(line: &str) -> impl Iterator<Item = usize> + '_ {
    let b = line.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let at = i;
            match b[at] {
                b'\\' => i += 2,
                b'|' => {
                    i += 1;
                    return Some(at);
                }
                _ => i += 1,
            }
        }
        None
    })
}

fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim_ws();
    t.starts_with('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// An open field while reading: its index and the indents of its items.
struct Open<'a> {
    index: usize,
    /// Indent of each item, whether it is a task item, its text and whether it is ticked.
    indents: Vec<(usize, bool, Cow<'a, str>, bool)>,
}

/// `- [ ] action` written as a field's inline value (`Follow-up: - [ ] pin it`).
fn inline_item(value: &str) -> Vec<(String, bool)> {
    list_item(value)
        .map(|(_, _, text)| (text.to_owned(), ticked(value)))
        .into_iter()
        .collect()
}

/// Whether a list item's checkbox is ticked.
fn ticked(line: &str) -> bool {
    let t = line
        .trim_start_ws()
        .trim_start_matches(['-', '*', '+'])
        .trim_start_ws();
    t.starts_with("[x]") || t.starts_with("[X]")
}

/// Reads the fields of an entry body: the lines of `body` (a range of `src`), below a heading of
/// level `level`.
pub fn read_fields(src: &str, body: Range<usize>, level: u8) -> Vec<LooseField> {
    read_fields_with(src, body, level, &|_| None)
}

/// [`read_fields`], also knowing the labels `extra` gives a key (`.incident.toml`'s).
pub(crate) fn read_fields_with(
    src: &str,
    body: Range<usize>,
    level: u8,
    extra: &dyn Fn(&str) -> Option<Key>,
) -> Vec<LooseField> {
    let key_of = |label: &str| extra(label).or_else(|| key_of(label));
    let line_label = |line| line_label_with(line, &key_of);
    let mut out: Vec<LooseField> = Vec::new();
    let mut open: Option<Open> = None;
    let mut fence: Option<&str> = None;
    let mut table: Option<TableState> = None;
    let mut offset = body.start;
    // Prose after a block of one-line fields: how many such fields ran on without a blank line
    // (the open one last), and whether a blank line followed the open field.
    let mut one_liners = 0usize;
    let mut blank_after = false;
    // Only the first such text is the description; later text is the field's before it.
    let mut prose_seen = false;
    let finish = |out: &mut Vec<LooseField>, open: &mut Option<Open>| {
        if let Some(o) = open.take()
            && let Some(min) = o.indents.iter().map(|(i, ..)| *i).min()
        {
            let f = &mut out[o.index];
            for (indent, task, text, done) in o.indents {
                if indent == min {
                    f.items += 1;
                    f.tasks += usize::from(task);
                    // Table rows (indent `usize::MAX`) carry their text when the table names
                    // its action column.
                    if indent != usize::MAX || !text.is_empty() {
                        f.item_texts.push((text.into_owned(), done));
                    }
                }
            }
            // `Actions:` with task items lists actions to take: the follow-ups (plain items
            // are actions taken).
            if f.key == Some(Key::Actions) && f.items > 0 && f.tasks == f.items {
                f.key = Some(Key::Field(FieldName::FollowUpActions));
            }
        }
    };
    for raw in crate::lines::inclusive(&src[body.clone()]) {
        let at = offset;
        offset += raw.len();
        let line = crate::lines::without_terminator(raw);
        let t = line.trim_start_ws();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            if let Some(o) = &open {
                extend_span(&mut out[o.index].span, at, line);
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            if let Some(o) = &open {
                extend_span(&mut out[o.index].span, at, line);
            }
            continue;
        }
        if t.is_empty() {
            table = None;
            blank_after = open.is_some();
            continue;
        }
        // A sub-heading is a field.
        // Bytes, not chars: `#` and `:` are ASCII (this runs on every line of every entry).
        let hashes = t.bytes().take_while(|&b| b == b'#').count();
        if hashes > level as usize && t[hashes..].starts_with(' ') {
            finish(&mut out, &mut open);
            let text = t[hashes..].trim_ws();
            let (label, value) = match memchr::memchr(b':', text.as_bytes()) {
                Some(c) => (text[..c].trim_ws(), text[c + 1..].trim_ws()),
                None => (text, ""),
            };
            let label = label.trim_matches('*').trim_ws();
            out.push(LooseField::one(
                label,
                key_of(label),
                FieldStyle::Heading,
                value.to_owned(),
                at,
                value_span(at, line, value),
            ));
            one_liners = 0;
            blank_after = false;
            open = Some(Open {
                index: out.len() - 1,
                indents: Vec::new(),
            });
            continue;
        }
        if t.starts_with('|') {
            let row = cells(line);
            let state = table.get_or_insert_with(|| TableState::new(&row));
            if is_delimiter_row(line) || state.header_seen_now() {
                continue;
            }
            // A table under a `Timeline` field is its value (`| Time | Event |` is no field
            // `Time` = `Event`): a field read there would take the next field written in.
            let in_timeline = open
                .as_ref()
                .is_some_and(|o| out[o.index].key == Some(Key::Field(FieldName::Timeline)));
            if in_timeline {
                if let Some(o) = &open {
                    extend_span(&mut out[o.index].span, at, line);
                }
                continue;
            }
            if state.fields && row.len() >= 2 {
                let label = row[0].trim_matches('*').trim_ws();
                if let Some(key) = key_of(label) {
                    finish(&mut out, &mut open);
                    one_liners = 0;
                    out.push(LooseField::one(
                        label,
                        Some(key),
                        FieldStyle::Table,
                        row[1].clone(),
                        at,
                        cell_span(line, 1).map_or(at..at, |c| at + c.start..at + c.end),
                    ));
                }
                continue;
            }
            // A data row of any other table is an action item of the open follow-up field, or
            // of the entry when the table's header names actions.
            let in_follow_up = open
                .as_ref()
                .is_some_and(|o| out[o.index].key == Some(Key::Field(FieldName::FollowUpActions)));
            if in_follow_up {
                if let Some(o) = open.as_mut() {
                    let (text, done) = state.action_row(&row);
                    o.indents.push((usize::MAX, false, text.into(), done));
                }
            } else if state.actions {
                finish(&mut out, &mut open);
                let (text, done) = state.action_row(&row);
                one_liners = 0;
                out.push(LooseField {
                    label: Cow::Borrowed("Action items"),
                    key: Some(Key::Field(FieldName::FollowUpActions)),
                    style: FieldStyle::Table,
                    value: String::new(),
                    items: 1,
                    tasks: 0,
                    item_texts: if text.is_empty() {
                        Vec::new()
                    } else {
                        vec![(text, done)]
                    },
                    at,
                    span: at..at + line.trim_end().len(),
                });
            }
            continue;
        }
        table = None;
        // A separator or a comment (an insertion marker) ends the field being read.
        if matches!(t.trim_end(), "---" | "***" | "___") || t.starts_with("<!--") {
            finish(&mut out, &mut open);
            continue;
        }
        if let Some((indent, task, text)) = list_item(line) {
            if let Some((label, off, style)) = line_label(text) {
                finish(&mut out, &mut open);
                let style = match style {
                    FieldStyle::PlainLine => FieldStyle::PlainList,
                    FieldStyle::BoldLead => FieldStyle::BoldLead,
                    FieldStyle::BoldColonOutside => FieldStyle::BoldListColonOutside,
                    _ => FieldStyle::BoldList,
                };
                let value = text[off..].trim_ws();
                // `Follow-up: - [ ] action`: an inline item.
                let items = usize::from(list_item(value).is_some());
                let key = key_of(label);
                out.push(LooseField {
                    label: crate::field::written_label(label, key.map(Key::word)),
                    key,
                    style,
                    value: value.to_owned(),
                    items,
                    tasks: items,
                    item_texts: inline_item(value),
                    at,
                    span: value_span(at, line, value),
                });
                one_liners = if blank_after { 1 } else { one_liners + 1 };
                blank_after = false;
                open = Some(Open {
                    index: out.len() - 1,
                    indents: Vec::new(),
                });
            } else if !blank_after
                && !task
                && one_liners >= 1
                && open.as_ref().is_some_and(|o| {
                    let f = &out[o.index];
                    let field_line = &src[f.at..];
                    let field_indent =
                        field_line.len() - field_line.trim_start_matches([' ', '\t']).len();
                    f.style.is_listed() && one_line(f, src) && field_indent == indent
                })
                && let Some((label, off)) = unknown_label(text)
            {
                // `- Incident lead: Mei Lin` among `- Severity: …` items: a field of the block
                // this reader does not know, not an item of the field above.
                finish(&mut out, &mut open);
                let value = text[off..].trim_ws();
                let span = value_span(at, line, value);
                out.push(LooseField::one(
                    label,
                    None,
                    FieldStyle::PlainList,
                    value.to_owned(),
                    at,
                    span,
                ));
                one_liners += 1;
                open = Some(Open {
                    index: out.len() - 1,
                    indents: Vec::new(),
                });
            } else if let Some(o) = open.as_mut() {
                blank_after = false;
                o.indents.push((indent, task, text.into(), ticked(line)));
                let f = &mut out[o.index];
                extend_span(&mut f.span, at, line);
                if !f.value.is_empty() {
                    f.value.push('\n');
                }
                f.value.push_str(text);
            }
            continue;
        }
        if let Some((label, off, style)) = line_label(line) {
            finish(&mut out, &mut open);
            // A hard line break at the end (`\` before another line) is no part of the value.
            let more = src[offset..body.end]
                .split(['\n', '\r'])
                .next()
                .is_some_and(|l| !l.trim().is_empty());
            let value = line[off..].trim_ws();
            let value = &value[..crate::view::text::without_hard_break(value, more)];
            let items = usize::from(list_item(value).is_some());
            let key = key_of(label);
            out.push(LooseField {
                label: crate::field::written_label(label, key.map(Key::word)),
                key,
                style,
                value: value.to_owned(),
                items,
                tasks: items,
                item_texts: inline_item(value),
                at,
                span: value_span(at, line, value),
            });
            one_liners = if blank_after { 1 } else { one_liners + 1 };
            blank_after = false;
            open = Some(Open {
                index: out.len() - 1,
                indents: Vec::new(),
            });
            continue;
        }
        // A `Label: value` line this reader does not know, right below a one-line field
        // (`Incident lead: @lena` under `Resolved: …`), is a field of the same block: neither
        // it nor the text after the block is the value of the field above.
        if !blank_after
            && one_liners >= 1
            && open.as_ref().is_some_and(|o| one_line(&out[o.index], src))
            && let Some((label, off)) = unknown_label(line)
        {
            finish(&mut out, &mut open);
            let value = line[off..].trim_ws();
            out.push(LooseField::one(
                label,
                None,
                FieldStyle::PlainLine,
                value.to_owned(),
                at,
                value_span(at, line, value),
            ));
            one_liners += 1;
            open = Some(Open {
                index: out.len() - 1,
                indents: Vec::new(),
            });
            continue;
        }
        // Text after a blank line that ends a block of one-line fields is no field's value.
        let ends_block = blank_after
            && !prose_seen
            && one_liners >= 2
            && open.as_ref().is_some_and(|o| one_line(&out[o.index], src));
        if ends_block && !line.starts_with([' ', '\t']) {
            finish(&mut out, &mut open);
            one_liners = 0;
            blank_after = false;
            prose_seen = true;
            let value = line.trim_ws();
            let start = at + (line.len() - line.trim_start_ws().len());
            out.push(LooseField::one(
                "",
                Some(Key::Field(FieldName::Description)),
                FieldStyle::Prose,
                value.to_owned(),
                at,
                start..start + value.len(),
            ));
            open = Some(Open {
                index: out.len() - 1,
                indents: Vec::new(),
            });
            continue;
        }
        // A status update after the description (`Update (2026-11-03 10:00 UTC): …`, a
        // paragraph of its own) is no part of it: an edit of the description would take it.
        let update = |l: &str| {
            l.get(..6).is_some_and(|w| w.eq_ignore_ascii_case("update"))
                && l[6..].starts_with([' ', '(', ':', 's'])
        };
        if blank_after
            && update(t)
            && open
                .as_ref()
                .is_some_and(|o| out[o.index].style == FieldStyle::Prose)
        {
            finish(&mut out, &mut open);
            blank_after = false;
            continue;
        }
        blank_after = false;
        if let Some(o) = &open {
            let f = &mut out[o.index];
            // Text after a list of fields is the item's only when indented under it.
            let in_item = !f.style.is_listed() || line.starts_with([' ', '\t']);
            if in_item {
                extend_span(&mut f.span, at, line);
            }
            if !f.value.is_empty() {
                f.value.push('\n');
            }
            f.value.push_str(t);
        }
    }
    finish(&mut out, &mut open);
    // A table's rows were pushed as items of indent `usize::MAX` only when in a follow-up
    // field; they count as the field's items there.
    // Prose is the description only where the entry writes none.
    let labelled = |f: &LooseField| {
        f.key == Some(Key::Field(FieldName::Description)) && f.style != FieldStyle::Prose
    };
    if out.iter().any(labelled) {
        // The text stays the value of the field above it, as any text below a field is.
        let mut k = 1;
        while k < out.len() {
            if out[k].style == FieldStyle::Prose {
                let prose = out.remove(k);
                let above = &mut out[k - 1];
                above.span.end = prose.span.end;
                above.value.push('\n');
                above.value.push_str(&prose.value);
                above.items += prose.items;
                above.tasks += prose.tasks;
                above.item_texts.extend(prose.item_texts);
            } else {
                k += 1;
            }
        }
    }
    out
}

/// `Label: value` with a label of one to three words (`Incident lead`, `On-call`), capitalised,
/// and a value: what a field line looks like, whatever its label. Gives the label and where
/// the value starts.
fn unknown_label(line: &str) -> Option<(&str, usize)> {
    let lead = line.len() - line.trim_start_ws().len();
    let t = &line[lead..];
    let colon = t.find(": ")?;
    let label = &t[..colon];
    let words = label.split(' ').count();
    let shaped = (1..=3).contains(&words)
        && label.len() <= 32
        && label.starts_with(|c: char| c.is_uppercase())
        && label
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '/'));
    let v = lead + colon + 2;
    (shaped && !line[v..].trim_ws().is_empty()).then(|| {
        (
            label,
            v + (line[v..].len() - line[v..].trim_start_ws().len()),
        )
    })
}

/// Whether `f` is a one-line field so far: a label line with its value, nothing below it.
fn one_line(f: &LooseField, src: &str) -> bool {
    let styled = matches!(
        f.style,
        FieldStyle::BoldLine
            | FieldStyle::BoldColonOutside
            | FieldStyle::PlainLine
            | FieldStyle::BoldList
            | FieldStyle::BoldListColonOutside
            | FieldStyle::PlainList
    );
    styled
        && f.items == 0
        && !f.value.is_empty()
        && !f.value.contains('\n')
        && !src[f.at..f.span.end].contains('\n')
}

/// The span of `value`, a slice of `line` (which starts at `at`), or an empty span at the
/// line's end when it is empty.
fn value_span(at: usize, line: &str, value: &str) -> Range<usize> {
    if value.is_empty() {
        let end = at + line.trim_end().len();
        return end..end;
    }
    let start = at + (value.as_ptr() as usize - line.as_ptr() as usize);
    start..start + value.len()
}

/// Extends a value's span over one more line (starting at `at`): a value that was empty
/// starts at that line's first character.
fn extend_span(span: &mut Range<usize>, at: usize, line: &str) {
    let content = line.trim_ws();
    if content.is_empty() {
        return;
    }
    if span.start == span.end {
        span.start = at + (line.len() - line.trim_start_ws().len());
    }
    span.end = at + line.trim_end().len();
}

/// The span of cell `k` (from 0) of a table line, its content without the spaces around it;
/// an empty cell gives an empty span after its first space.
pub(crate) fn cell_span(line: &str, k: usize) -> Option<Range<usize>> {
    let lead = line.len() - line.trim_start_ws().len();
    let mut start = lead + usize::from(line[lead..].starts_with('|'));
    for _ in 0..k {
        start += pipes(&line[start..]).next()? + 1;
    }
    let end = pipes(&line[start..])
        .next()
        .map_or(line.trim_end().len(), |e| start + e);
    let cell = &line[start..end];
    let inner = cell.trim_ws();
    if inner.is_empty() {
        let at = start + usize::from(cell.starts_with(' '));
        return Some(at..at);
    }
    let s = start + (cell.len() - cell.trim_start_ws().len());
    Some(s..s + inner.len())
}

/// Words that name an action table's columns, in a lowercased header cell: the first column
/// that holds one of them is that column.
pub(crate) const ACTION_COLUMN: &[&str] = &["action", "task", "follow"];
/// See [`ACTION_COLUMN`].
pub(crate) const OWNER_COLUMN: &[&str] = &["owner", "assignee", "who"];
/// See [`ACTION_COLUMN`].
pub(crate) const DUE_COLUMN: &[&str] = &["due", "date", "deadline"];
/// See [`ACTION_COLUMN`].
pub(crate) const DONE_COLUMN: &[&str] = &["status", "done", "state"];

/// The first of `columns` (lowercased header cells) that names one of `names`.
pub(crate) fn column_of(columns: &[String], names: &[&str]) -> Option<usize> {
    columns
        .iter()
        .position(|c| names.iter().any(|n| c.contains(n)))
}

/// Whether an action table's status or done cell says the action is done.
pub(crate) fn says_done(cell: &str) -> bool {
    let v = cell.trim_ws().to_lowercase();
    v.starts_with('✅')
        || v.starts_with("[x]")
        || matches!(
            v.trim_end_matches('.'),
            "done" | "closed" | "complete" | "completed" | "fixed" | "resolved" | "yes" | "x"
        )
}

/// The header cells of a table of actions (`| Action | Owner | Due |`), lowercased, when
/// `header` is the first row of one whose rows the reader takes as follow-ups.
pub(crate) fn action_header(header: &str) -> Option<Vec<String>> {
    let state = TableState::new(&cells(header));
    (state.actions && column_of(&state.columns, ACTION_COLUMN).is_some()).then_some(state.columns)
}

/// A data row of an action table with the header `columns`, as the reader reads it: the item
/// text (empty when the action cell is) and whether it is done.
pub(crate) fn read_action_row(columns: &[String], row: &str) -> (String, bool) {
    let state = TableState {
        fields: false,
        actions: true,
        header_pending: false,
        columns: columns.to_vec(),
    };
    state.action_row(&cells(row))
}

/// The cells of a table row, trimmed (a leading and a trailing `|` are no cells).
pub(crate) fn row_cells(line: &str) -> Vec<String> {
    cells(line)
}

/// Whether a line is a table's delimiter row (`|---|:--|`).
pub(crate) fn delimiter_row(line: &str) -> bool {
    is_delimiter_row(line)
}

/// What the header of the table being read says.
struct TableState {
    /// A `| Field | Value |` table: rows are fields.
    fields: bool,
    /// A table of actions (`| Action | Owner | Due |`): rows are action items.
    actions: bool,
    header_pending: bool,
    /// The header's cells, lowercased.
    columns: Vec<String>,
}

impl TableState {
    /// An action table's row as an item text (`action — @owner — due`) and whether its
    /// status or done column says it is done; an empty text when no column names the action.
    fn action_row(&self, row: &[String]) -> (String, bool) {
        let col = |names: &[&str]| {
            column_of(&self.columns, names)
                .and_then(|i| row.get(i))
                .map(|v| v.trim_ws())
                .filter(|v| !v.is_empty())
        };
        let Some(action) = col(ACTION_COLUMN) else {
            return (String::new(), false);
        };
        let mut text = action.to_owned();
        if let Some(owner) = col(OWNER_COLUMN) {
            // `Zoë (SRE)`: the name; the team in parentheses is no part of it.
            let owner = crate::text::owner_before_note(owner).unwrap_or(owner);
            if owner.starts_with('@') {
                text.push_str(&format!(" — {owner}"));
            } else if owner.split_whitespace().count() == 1 {
                text.push_str(&format!(" — @{owner}"));
            } else {
                text.push_str(&format!(" ({owner})"));
            }
        }
        if let Some(due) = col(DUE_COLUMN) {
            text.push_str(&format!(" — {due}"));
        }
        let done = col(DONE_COLUMN).is_some_and(says_done);
        (text, done)
    }

    fn new(header: &[String]) -> Self {
        let lower: Vec<String> = header.iter().map(|h| h.to_lowercase()).collect();
        let fields = header.len() == 2
            && (lower[0].contains("field") || key_of(&header[0]).is_some() || lower[0].is_empty());
        let actions = !fields
            && lower
                .iter()
                .any(|h| h.contains("action") || h.contains("follow") || h.contains("task"));
        // A table whose first row is already a field (`| Severity | P1 |`) has no header.
        let header_pending = !(header.len() == 2 && key_of(&header[0]).is_some());
        TableState {
            fields,
            actions,
            header_pending,
            columns: lower,
        }
    }

    /// Whether the row being read is the header (true once).
    fn header_seen_now(&mut self) -> bool {
        std::mem::replace(&mut self.header_pending, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_escaped_pipe_is_a_cells_text() {
        assert_eq!(cells("| Impact | EU \\| US |"), ["Impact", "EU | US"]);
        assert_eq!(cells("Impact | a"), ["Impact", "a"]);
        assert_eq!(cells("| a | |"), ["a", ""]);
        let line = "| Impact | EU \\| US | x |";
        assert_eq!(&line[cell_span(line, 1).unwrap()], "EU \\| US");
        assert_eq!(&line[cell_span(line, 2).unwrap()], "x");
    }

    proptest! {
        // The byte search finds the first spaced dash the two substring searches find.
        #[test]
        fn spaced_dash_is_the_first_substring_match(t in "[ a—–\u{2014}\u{2013}\u{2012}\u{e200}é]{0,12}") {
            let by_str = [" — ", " – "].iter().filter_map(|d| t.find(d)).min();
            prop_assert_eq!(spaced_dash(&t), by_str);
        }
    }

    fn styles(body: &str, level: u8) -> Vec<(String, FieldStyle, String, usize)> {
        read_fields(body, 0..body.len(), level)
            .into_iter()
            .map(|f| (f.label.into_owned(), f.style, f.value, f.items))
            .collect()
    }

    #[test]
    fn each_style_is_read() {
        let s = |l: &str, st, v: &str, n| (l.to_owned(), st, v.to_owned(), n);
        assert_eq!(
            styles(
                "### Severity: HIGH\n\n### Follow-up Actions:\n- [ ] a\n- [x] b\n",
                2
            ),
            vec![
                s("Severity", FieldStyle::Heading, "HIGH", 0),
                s("Follow-up Actions", FieldStyle::Heading, "a\nb", 2)
            ]
        );
        assert_eq!(
            styles("**Severity:** High\n**Impact**: all users\n", 3),
            vec![
                s("Severity", FieldStyle::BoldLine, "High", 0),
                s("Impact", FieldStyle::BoldColonOutside, "all users", 0)
            ]
        );
        assert_eq!(
            styles(
                "- **Severity:** P1\n- Status: Resolved\n- **Action items:**\n  - [x] a — @n\n    - detail\n  - [ ] b\n",
                2
            ),
            vec![
                s("Severity", FieldStyle::BoldList, "P1", 0),
                s("Status", FieldStyle::PlainList, "Resolved", 0),
                s("Action items", FieldStyle::BoldList, "a — @n\ndetail\nb", 2)
            ]
        );
        // `Field — value`, with an em or en dash: a known label only (prose with a dash is
        // no field).
        assert_eq!(
            styles(
                "Severity: High\nMitigated — 2026-11-28 23:05\nOwner – @sven\n\nThe fix — a restart — worked.\n",
                3
            ),
            vec![
                s("Severity", FieldStyle::PlainLine, "High", 0),
                s("Mitigated", FieldStyle::PlainLine, "2026-11-28 23:05", 0),
                s("Owner", FieldStyle::PlainLine, "@sven", 0),
                s("", FieldStyle::Prose, "The fix — a restart — worked.", 0)
            ]
        );
        // The colon outside the bold, in a list: a style of its own, which new fields copy.
        assert_eq!(
            styles(
                "- **Severity**: P1
- **Owner**: @noor
",
                2
            ),
            vec![
                s("Severity", FieldStyle::BoldListColonOutside, "P1", 0),
                s("Owner", FieldStyle::BoldListColonOutside, "@noor", 0)
            ]
        );
        assert_eq!(
            styles(
                "Severity: low\nNot a field: x\nFollow-up: - [ ] pin it\n",
                3
            ),
            // A label this reader does not know, in a block of field lines, is a field of no
            // known key: it is not the value of the field above.
            vec![
                s("Severity", FieldStyle::PlainLine, "low", 0),
                s("Not a field", FieldStyle::PlainLine, "x", 0),
                s("Follow-up", FieldStyle::PlainLine, "- [ ] pin it", 1)
            ]
        );
        assert_eq!(
            styles(
                "**Impact.** Search down.\n\n**Follow-up.** Guard the job.\n",
                3
            ),
            vec![
                s("Impact", FieldStyle::BoldLead, "Search down.", 0),
                s("Follow-up", FieldStyle::BoldLead, "Guard the job.", 0)
            ]
        );
    }

    #[test]
    fn tables_of_fields_and_of_actions() {
        let body = "| Field | Value |\n|---|---|\n| Severity | P1 |\n| Owner | @wei |\n\ntext\n\n| Action | Owner |\n|---|---|\n| a | @x |\n| b | @y |\n";
        let f = read_fields(body, 0..body.len(), 3);
        let got: Vec<_> = f.iter().map(|f| (&*f.label, f.style, f.items)).collect();
        assert_eq!(
            got,
            vec![
                ("Severity", FieldStyle::Table, 0),
                ("Owner", FieldStyle::Table, 0),
                ("Action items", FieldStyle::Table, 1),
                ("Action items", FieldStyle::Table, 1)
            ]
        );
    }

    #[test]
    fn fenced_text_is_not_read() {
        assert!(styles("```\nSeverity: P1\n```\n", 2).is_empty());
        assert_eq!(
            key_of("Remediation"),
            Some(Key::Field(FieldName::Resolution))
        );
        // `Resolved by: Ingrid` names a person.
        assert_eq!(key_of("Resolved by"), Some(Key::Field(FieldName::Owner)));
        assert_eq!(key_of("State"), Some(Key::Status));
        assert_eq!(key_of("Service"), None);
    }
}
