//! Incident entries and their fields, in any of the three field styles.

use incident_core::lines::TrimWs as _;
use std::ops::Range;

use incident_core::{FollowUp, Incident, is_placeholder};

use super::heading;
use super::incident::build_incident;
use super::text::{body_text, item_text, line_spans, non_blank, strip_marker, without_hard_break};
use crate::blocks::{Block, BlockKind, ListItem};
use crate::diagnostic::{Code, Diagnostic};
use crate::dialect::Reading;
use crate::escape::unescape;
use crate::field::FieldName;
use crate::text::one_line;

/// How a field is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldStyle {
    /// `### Name: value` or `### Name:` with blocks below.
    Heading {
        /// The heading level.
        level: u8,
    },
    /// `**Name:** value` at the start of a paragraph line.
    Bold,
    /// `- **Name:** value`: a list item starting with a bold label. A nested list in the item
    /// (follow-up actions, related logs) gives the field's items.
    BoldItem,
}

/// One field of an incident entry, with the spans an edit needs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Field {
    /// The label as written, without `:` and markup (borrowed when it is the field's own
    /// label, such as `Severity`).
    pub label: std::borrow::Cow<'static, str>,
    /// The known field, if it is one.
    pub name: Option<FieldName>,
    /// How it is written.
    pub style: FieldStyle,
    /// From the label's line start to the end of its last value block.
    pub span: Range<usize>,
    /// The value on the label line (possibly empty, placed right after the `:`).
    pub inline: Range<usize>,
    /// The blocks below the label, when there are any.
    pub body: Option<Range<usize>>,
    /// The value as text: inline value, or the body with line endings normalised to `\n` and
    /// backslash escapes resolved.
    pub text: String,
    /// List items in the body.
    pub items: Vec<ListItem>,
}

impl Field {
    /// The value, or `None` when empty or still the template's placeholder (such as
    /// `<what happened>`, or for a known field the template's text for it, like
    /// `LOW | MEDIUM | HIGH | CRITICAL` or the seed's placeholder follow-up items).
    pub fn value(&self) -> Option<&str> {
        let t = self.text.trim_ws();
        let template = || {
            self.name.is_some_and(|n| {
                let p = n.placeholder();
                // A value of placeholder lines starts with one (the cheap test first).
                t.starts_with(p) && t.lines().map(str::trim).all(|l| l.is_empty() || l == p)
            })
        };
        (!t.is_empty() && !is_placeholder(t) && !template()).then_some(t)
    }
}

/// A label as written and the field it names (the label borrowed when it is that field's own).
fn known_label(label: &str) -> (std::borrow::Cow<'static, str>, Option<FieldName>) {
    let name = FieldName::from_label(label);
    (
        crate::field::written_label(label, name.map(FieldName::label)),
        name,
    )
}

/// One incident entry as found in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Entry {
    /// The incident's ID: the one written in its `ID` field, else derived as
    /// `<UTC date of Detected>-<slug of the title>`, `-2`, `-3` for repeats (see the README's
    /// rule). No two entries of a log share one.
    pub id: String,
    /// Whether [`id`](Self::id) is written in the entry (and so never changes with edits).
    pub id_written: bool,
    /// The GitHub heading anchor that links to the entry.
    pub anchor: String,
    /// The title as written after `Incident:`, or after the ID, date and group parts of
    /// another dialect's heading (escapes resolved).
    pub title: String,
    /// The span of the title as written (what a title edit replaces).
    pub title_span: Range<usize>,
    /// The heading level of the entry (2 or 3 in the seed's dialect, 2 to 6 in others, 0 for a
    /// block of `Key: value` lines).
    pub level: u8,
    /// The heading block's span (a `Key: value` block's first line).
    pub heading_span: Range<usize>,
    /// The entry from its heading to the end of its last block (separators excluded).
    pub span: Range<usize>,
    /// The fields in document order.
    pub fields: Vec<Field>,
    /// The list items of the follow-up actions the entry reads, in order: item `n` is the
    /// incident's follow-up `n` (the template's placeholder items are not among them).
    pub follow_up_items: Vec<ListItem>,
    /// The incident, when its required fields could be read.
    pub incident: Option<Incident>,
    /// What a reader sees in the entry, read leniently in the file's dialect (severity
    /// vocabularies, partial dates, status, action items in tables or prose). Shared with the
    /// dialect's [`EntrySite`](crate::dialect::EntrySite): not copied per entry.
    pub reading: std::sync::Arc<Reading>,
    /// The written `Detected` time with a local time read as UTC, which derived IDs are made
    /// of (see `ids::detected_of`): kept from the strict reading, which parsed it already.
    pub(crate) id_detected: Option<chrono::DateTime<chrono::Utc>>,
    /// Whether [`id`](Self::id) is the derived ID exactly as made (no `-2`): an entry an edit
    /// left alone keeps it as its derived ID over the re-read instead of deriving it again.
    pub(crate) id_is_base: bool,
}

impl Entry {
    /// The first field with this name.
    pub fn field(&self, name: FieldName) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == Some(name))
    }

    /// The text of the field `name` in whatever style the entry writes it: the seed's field,
    /// else the field as the entry's own dialect has it (a `| Reported By | … |` row, a
    /// `**Dedup Key:**` line); `None` when the entry has none or it is empty.
    pub fn value_of(&self, name: FieldName) -> Option<&str> {
        if let Some(v) = self.field(name).and_then(|f| f.value()) {
            return Some(v);
        }
        crate::dialect::field_edit::own_field(self, name)
            .map(|f| f.value.trim_ws())
            .filter(|v| !v.is_empty())
    }

    /// A place for an entry that is still to be read (it holds nothing but its reading).
    pub(crate) fn unread(reading: std::sync::Arc<Reading>) -> Entry {
        Entry {
            id: String::new(),
            id_written: false,
            id_is_base: false,
            anchor: String::new(),
            title: String::new(),
            title_span: 0..0,
            level: 0,
            heading_span: 0..0,
            span: 0..0,
            fields: Vec::new(),
            follow_up_items: Vec::new(),
            incident: None,
            reading,
            id_detected: None,
        }
    }

    /// An entry that is a block of `Key: value` lines: its fields are in
    /// [`reading`](Self::reading) only (typed edits do not reach them).
    pub(crate) fn from_block(src: &str, site: &crate::dialect::EntrySite) -> Entry {
        let first_line_end = src[site.span.clone()]
            .find(['\n', '\r'])
            .map_or(site.span.end, |e| site.span.start + e);
        Entry {
            id: String::new(),
            id_written: false,
            id_is_base: false,
            anchor: String::new(),
            title: unescape(src[site.title_span.clone()].trim_ws()),
            title_span: site.title_span.clone(),
            level: 0,
            heading_span: site.span.start..first_line_end,
            span: site.span.clone(),
            fields: Vec::new(),
            follow_up_items: Vec::new(),
            incident: None,
            reading: site.reading.clone(),
            id_detected: None,
        }
    }

    /// Who owns the incident, as its Owner field says (`@dana`; an `Incident commander`, `Lead`
    /// or `Assignee` field is one too), in whatever style the entry writes it.
    pub fn owner(&self) -> Option<&str> {
        self.value_of(FieldName::Owner)
    }

    /// A field by its label as written (ignoring ASCII case), known to the library or not.
    pub fn field_by_label(&self, label: &str) -> Option<&Field> {
        self.fields
            .iter()
            .find(|f| f.label.eq_ignore_ascii_case(label.trim_ws()))
    }
}

/// `**Name:** value` or `**Name**: value` at the start of a line: (label, value offset in line).
pub(super) fn bold_label(line: &str) -> Option<(&str, usize)> {
    if let Some((label, off)) = any_bold_label(line) {
        FieldName::from_label(label)?;
        return Some((label, off));
    }
    // `**Action items**` alone on its line, its list below: a known label only (a line of
    // bold text is no field). Its value is what follows the line.
    let rest = line.trim_start_ws().strip_prefix("**")?;
    let close = rest.find("**")?;
    let label = rest[..close].trim_ws();
    if label.is_empty() || !rest[close + 2..].trim_ws().is_empty() {
        return None;
    }
    FieldName::from_label(label)?;
    Some((label, line.len()))
}

/// Like [`bold_label`], for any label, known or not.
pub(super) fn any_bold_label(line: &str) -> Option<(&str, usize)> {
    let lead = line.len() - line.trim_start_ws().len();
    let rest = line[lead..].strip_prefix("**")?;
    let close = rest.find("**")?;
    let inner = &rest[..close];
    let after = &rest[close + 2..];
    let (label, skip) = if let Some(l) = inner.strip_suffix(':') {
        (l, 0)
    } else if after.starts_with(':') {
        (inner, 1)
    } else {
        return None;
    };
    let value_start = lead + 2 + close + 2 + skip;
    let v = &line[value_start..];
    Some((
        label.trim_ws(),
        value_start + (v.len() - v.trim_start_ws().len()),
    ))
}

/// A list item that starts with a bold label (`- **Severity:** HIGH`): the label, and the span of
/// the rest of the item (the value, up to the item's end).
pub(super) fn item_label<'a>(
    src: &'a str,
    item: &ListItem,
    known_only: bool,
) -> Option<(&'a str, Range<usize>)> {
    let text = &src[item.span.clone()];
    let after_marker = strip_marker(text);
    let start = item.span.start + (text.len() - after_marker.len());
    let first_line = after_marker.split(['\n', '\r']).next().unwrap_or("");
    let (label, off) = if known_only {
        bold_label(first_line)?
    } else {
        any_bold_label(first_line)?
    };
    Some((label, start + off..item.span.end))
}

/// The value of a bold-label item: its text with the item's indentation removed from
/// continuation lines, and the items of a list nested in it, with spans into `src`.
pub(super) fn item_value(
    src: &str,
    item: &ListItem,
    inline: Range<usize>,
) -> (String, Vec<ListItem>) {
    let raw = &src[inline.clone()];
    let lines: Vec<&str> = raw.split_inclusive(['\n', '\r']).collect();
    // Continuation lines lose the item's content indentation, and only that.
    let width = content_indent(&src[item.span.clone()]);
    let dedented: String = lines
        .iter()
        .enumerate()
        .map(|(k, l)| {
            if k == 0 {
                return *l;
            }
            let spaces = l.len() - l.trim_start_matches(' ').len();
            &l[spaces.min(width)..]
        })
        .collect();
    // A nested list starts on a continuation line; comrak finds its items in the raw text.
    let nested_at = lines.first().map_or(raw.len(), |l| l.len());
    let mut nested = Vec::new();
    if nested_at < raw.len() {
        let tail = &raw[nested_at..];
        let index = crate::LineIndex::new(tail);
        for b in crate::blocks::parse_blocks(tail, &index) {
            if let BlockKind::List { items } = b.kind {
                let base = inline.start + nested_at;
                nested.extend(items.into_iter().map(|it| ListItem {
                    span: it.span.start + base..it.span.end + base,
                    task: it.task.map(|t| crate::TaskBox {
                        offset: t.offset + base,
                        ..t
                    }),
                }));
            }
        }
    }
    (body_text(&dedented), nested)
}

/// Reports ATX heading lines that an HTML block has swallowed (its first line excepted).
pub(super) fn flag_hidden_headings(src: &str, span: Range<usize>, diags: &mut Vec<Diagnostic>) {
    for line in line_spans(src, span).into_iter().skip(1) {
        let text = &src[line.clone()];
        let t = text.trim_start_matches(' ');
        let hashes = t.bytes().take_while(|&b| b == b'#').count();
        if text.len() - t.len() <= 3 && (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            diags.push(Diagnostic::new(
                Code::HiddenHeading,
                format!(
                    "`{}` is inside an HTML block and is not read as a heading; add a blank line before it",
                    t.trim_end()
                ),
                line,
            ));
        }
    }
}

/// Headings after a code fence that is never closed: the fence runs to the end of the document,
/// so they are code and nothing in them is read (one finding, at the fence, naming the first).
pub(super) fn flag_unclosed_fences(src: &str, blocks: &[Block], diags: &mut Vec<Diagnostic>) {
    for b in blocks {
        if !matches!(b.kind, BlockKind::CodeBlock { fenced: true })
            || b.span.end < src.trim_end().len()
        {
            continue;
        }
        let lines = line_spans(src, b.span.clone());
        let Some(first) = lines.first() else {
            continue;
        };
        let open = src[first.clone()].trim_start_ws();
        let fence_char = open.as_bytes()[0];
        let width = open.len() - open.trim_start_matches(fence_char as char).len();
        let closes = |l: &str| {
            let t = l.trim();
            t.len() >= width && t.bytes().all(|c| c == fence_char)
        };
        if lines.len() > 1 && closes(&src[lines[lines.len() - 1].clone()]) {
            continue;
        }
        let hidden = lines.iter().skip(1).map(|l| &src[l.clone()]).find(|t| {
            let hashes = t.bytes().take_while(|&b| b == b'#').count();
            (1..=6).contains(&hashes) && t[hashes..].starts_with(' ')
        });
        if let Some(h) = hidden {
            diags.push(Diagnostic::new(
                Code::HiddenHeading,
                format!(
                    "this code fence is never closed, so everything after it is code and not read, the heading `{}` included; close it with a line of {}",
                    h.trim_end(),
                    &open[..width]
                ),
                first.clone(),
            ));
        }
    }
}

/// The width of a list item's content indentation: its marker, and the spaces after it.
pub(crate) fn content_indent(item: &str) -> usize {
    let lead = item.len() - item.trim_start_ws().len();
    let rest = &item[lead..];
    let marker = rest
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '*' | '+' | '.' | ')')))
        .unwrap_or(rest.len());
    let spaces = rest[marker..].len() - rest[marker..].trim_start_matches(' ').len();
    lead + marker + spaces.clamp(1, 4)
}

/// An `<!-- … above this line -->` (`Some(true)`) or `<!-- … below this line -->` (`Some(false)`)
/// comment: it marks where new entries go, and is never part of an entry.
pub(crate) fn entry_marker(src: &str, b: &Block) -> Option<bool> {
    if !matches!(b.kind, BlockKind::HtmlBlock) {
        return None;
    }
    let text = src[b.span.clone()].to_ascii_lowercase();
    if !text.trim_start_ws().starts_with("<!--") {
        None
    } else if text.contains("above this line") {
        Some(true)
    } else if text.contains("below this line") {
        Some(false)
    } else {
        None
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn read_entry(
    src: &str,
    blocks: &[Block],
    i: usize,
    end: usize,
    level: u8,
    title_span: Range<usize>,
    anchor: String,
    reading: std::sync::Arc<Reading>,
    zone: chrono_tz::Tz,
    diags: &mut Vec<Diagnostic>,
) -> Entry {
    let raw = &src[title_span.clone()];
    let title = unescape(raw.trim_ws());
    let title_span = title_span.start + (raw.len() - raw.trim_start_ws().len())
        ..title_span.start + raw.trim_end().len();
    // Separators (`---`) and a new-entry marker after the last block belong to the gap, not the
    // entry.
    // A thematic break (the separator between entries) or a new-entry marker ends the entry;
    // what follows it up to the next heading belongs to no entry.
    let last = (i + 1..end)
        .find(|&k| {
            matches!(blocks[k].kind, BlockKind::ThematicBreak)
                || entry_marker(src, &blocks[k]).is_some()
        })
        .unwrap_or(end);
    let mut span = blocks[i].span.start..blocks[last - 1].span.end;
    let mut fields: Vec<Field> = Vec::new();
    // The field whose value is being read; it is closed when the next field starts.
    let mut open: Option<usize> = None;
    let mut in_heading_field = false;
    // `upper` is where the next field (or whatever follows the entry) starts. The body is every
    // line up to there, not only the blocks: text that is no block (link reference definitions
    // after a heading) is part of the value too.
    let close = |fields: &mut Vec<Field>, open: &mut Option<usize>, upper: usize| {
        let Some(f) = open.take().map(|idx| &mut fields[idx]) else {
            return;
        };
        let Some(b) = non_blank(src, f.span.end..upper) else {
            return;
        };
        f.span.end = f.span.end.max(b.end);
        f.body = Some(b.clone());
        if f.inline.is_empty() {
            f.text = body_text(&src[b]);
        } else if !f.name.is_some_and(FieldName::is_inline) {
            f.text = body_text(&src[f.inline.start..b.end]);
        }
        // A known one-line field (`### Severity: HIGH`) keeps the value on its label line; what
        // is written below it stays in `body`.
    };
    for (k, b) in blocks.iter().enumerate().take(last).skip(i + 1) {
        if matches!(b.kind, BlockKind::HtmlBlock) {
            flag_hidden_headings(src, b.span.clone(), diags);
        }
        if let Some((fl, content)) = heading(b).filter(|(l, _)| *l == level + 1) {
            close(&mut fields, &mut open, b.span.start);
            in_heading_field = true;
            let text = &src[content.clone()];
            let (label, inline) = match memchr::memchr(b':', text.as_bytes()) {
                Some(c) => {
                    let v = &text[c + 1..];
                    let s = content.start + c + 1 + (v.len() - v.trim_start_ws().len());
                    (&text[..c], s..content.end)
                }
                None => (text, content.end..content.end),
            };
            let label = label.trim_ws().trim_matches('*').trim_ws();
            let (label, name) = known_label(label);
            fields.push(Field {
                label,
                name,
                style: FieldStyle::Heading { level: fl },
                span: b.span.clone(),
                text: body_text(&src[inline.clone()]),
                inline,
                body: None,
                items: Vec::new(),
            });
            open = Some(fields.len() - 1);
            continue;
        }
        if !in_heading_field && matches!(b.kind, BlockKind::Paragraph) {
            let lines = line_spans(src, b.span.clone());
            // A plain `Action items:` line alone, right above a list, ends the bold field
            // above: neither it nor the list is that field's value (`**Impact**` / text /
            // `Action items:` / `- [ ] …`). Other text, `Severity: …` included, stays the
            // value of the field above, as in any bold-label entry.
            let list_below = blocks
                .get(k + 1)
                .is_some_and(|n| matches!(n.kind, BlockKind::List { .. }));
            let plain_label = list_below
                && lines.len() == 1
                && lines.first().is_some_and(|l| {
                    let line = src[l.clone()].trim_ws();
                    !line.starts_with("**")
                        && crate::dialect::line_label(line).is_some_and(|(label, off, _)| {
                            off >= line.len()
                                && matches!(
                                    FieldName::from_label(label),
                                    Some(
                                        FieldName::FollowUpActions
                                            | FieldName::RelatedLogs
                                            | FieldName::Timeline
                                    )
                                )
                        })
                });
            if plain_label && open.is_some_and(|k| fields[k].style == FieldStyle::Bold) {
                close(&mut fields, &mut open, b.span.start);
                continue;
            }
            if lines
                .first()
                .is_some_and(|l| bold_label(&src[l.clone()]).is_some())
            {
                // As in a list of fields: once the first line has a known label, any bold label
                // starts a field (`**Owner:** @kim` is no line of the Status value above it).
                let count = lines.len();
                for (k, l) in lines.into_iter().enumerate() {
                    let line = &src[l.clone()];
                    // A hard line break (`  ` or `\` at the end) is no part of the value.
                    let end = l.start + without_hard_break(line, k + 1 < count);
                    if let Some((label, off)) = any_bold_label(line).or_else(|| bold_label(line)) {
                        close(&mut fields, &mut open, l.start);
                        let inline = l.start + off.min(end - l.start)..end;
                        let (label, name) = known_label(label);
                        fields.push(Field {
                            label,
                            name,
                            style: FieldStyle::Bold,
                            span: l.clone(),
                            text: body_text(&src[inline.clone()]),
                            inline,
                            body: None,
                            items: Vec::new(),
                        });
                        open = Some(fields.len() - 1);
                    } else if let Some(idx) = open {
                        // A continuation line of a bold field's value.
                        let f = &mut fields[idx];
                        f.span.end = l.end;
                        f.inline.end = end;
                        f.text = body_text(&src[f.inline.clone()]);
                    }
                }
                continue;
            }
        }
        if !in_heading_field
            && let BlockKind::List { items } = &b.kind
            // A list whose first item has a known label is a list of fields; in it, any bold
            // label starts a field.
            && items.first().is_some_and(|it| item_label(src, it, true).is_some())
        {
            for it in items {
                if let Some((label, inline)) = item_label(src, it, false) {
                    close(&mut fields, &mut open, it.span.start);
                    let (text, nested) = item_value(src, it, inline.clone());
                    let (label, name) = known_label(label);
                    fields.push(Field {
                        label,
                        name,
                        style: FieldStyle::BoldItem,
                        span: it.span.clone(),
                        text,
                        inline,
                        body: None,
                        items: nested,
                    });
                    open = Some(fields.len() - 1);
                } else if let Some(idx) = open {
                    // A plain item after a labelled one belongs to that field.
                    let f = &mut fields[idx];
                    f.span.end = it.span.end;
                    f.items.push(it.clone());
                }
            }
            continue;
        }
        if let Some(idx) = open
            && let BlockKind::List { items } = &b.kind
        {
            fields[idx].items.extend(items.iter().cloned());
        }
    }
    close(
        &mut fields,
        &mut open,
        blocks.get(last).map_or(src.len(), |b| b.span.start),
    );
    if let Some(f) = fields.last() {
        span.end = span.end.max(f.span.end);
    }
    let actions = follow_up_actions(src, &fields);
    let follow_up_items = actions.iter().map(|(item, _)| item.clone()).collect();
    let mut id_detected = None;
    let incident = build_incident(
        src,
        &title,
        &blocks[i].span,
        &fields,
        actions,
        zone,
        diags,
        &mut id_detected,
    );
    Entry {
        id: String::new(),
        id_written: false,
        id_is_base: false,
        anchor,
        title,
        title_span,
        level,
        heading_span: blocks[i].span.clone(),
        span,
        follow_up_items,
        fields,
        incident,
        reading,
        id_detected,
    }
}

/// The items of an entry's Follow-up Actions that are actions: the template's placeholder items
/// (`- [ ] <action> - @<assignee> - <due date>`) are left out. A placeholder is judged as
/// written, so an escaped `\<x>` is an action. Each comes with its text read as a follow-up
/// (not done, escapes not resolved), so that it is read once.
pub(super) fn follow_up_actions(src: &str, fields: &[Field]) -> Vec<(ListItem, FollowUp)> {
    let Some(f) = fields
        .iter()
        .find(|f| f.name == Some(FieldName::FollowUpActions))
    else {
        return Vec::new();
    };
    let mut actions = Vec::with_capacity(f.items.len());
    for it in &f.items {
        let text = item_text(src, &it.span, &it.task);
        // Most items are one line: read as written, without a joined copy.
        let read = if text.contains(['\n', '\r']) {
            FollowUp::from_item_text(&one_line(text), false)
        } else {
            FollowUp::from_item_text(text.trim_ws(), false)
        };
        // `Fix it - ana - 2026-12-01`: the owner slot written without `@` (read on the text as
        // written, where an escaped ` \- ` is no separator).
        let read = super::lenient::seed_bare_owner(read);
        if !is_placeholder(&read.action) {
            actions.push((it.clone(), read));
        }
    }
    actions
}
