//! The typed view of a log: title, policy, template, incidents and diagnostics.
//!
//! Everything here is read from the block structure in one pass over the headings; every value
//! keeps the byte span it came from, so edits can splice exactly there.

use std::collections::HashMap;
use std::ops::Range;

use incident_core::{
    Category, EscalationTrigger, FollowUp, Incident, Policy, RelatedLog, Requirement, ResponseTime,
    Severity, SeverityRule, is_placeholder, parse_timestamp,
};

use crate::anchor::{AnchorSet, slug};
use crate::blocks::{Block, BlockKind, ListItem};
use crate::diagnostic::{Code, Diagnostic};
use crate::escape::unescape;
use crate::field::FieldName;

/// The typed view of an INCIDENTS.md.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Log {
    /// The text of the first level-1 heading, and its span.
    pub title: Option<(String, Range<usize>)>,
    /// The `## Last Incident:` heading.
    pub last_incident: Option<LastIncident>,
    /// The policy the file states; `Policy::default()` parts where a section is missing.
    pub policy: Policy,
    /// The entry template: fields and their order for new entries.
    pub template: Template,
    /// Every incident entry, in document order.
    pub incidents: Vec<Entry>,
    /// Every section that is not an incident, by heading, in document order.
    pub sections: Vec<Section>,
    /// What is malformed.
    pub diagnostics: Vec<Diagnostic>,
}

/// The `## Last Incident: …` heading.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LastIncident {
    /// What follows `Last Incident:`.
    pub text: String,
    /// The span of that text (what an update replaces).
    pub text_span: Range<usize>,
    /// The span of the whole heading block.
    pub heading_span: Range<usize>,
}

/// A section of the file that is not an incident: its heading and the blocks under it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Section {
    /// The heading text.
    pub name: String,
    /// The heading level.
    pub level: u8,
    /// From the heading's first byte to the end of the section's last block.
    pub span: Range<usize>,
    /// The heading block's span.
    pub heading_span: Range<usize>,
}

/// The entry template: which fields a new entry has, in which order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Template {
    /// The heading level of `## Incident:` in the template.
    pub incident_level: u8,
    /// The fields in order.
    pub fields: Vec<TemplateField>,
    /// The span of the `## Template…` section, when the file has one.
    pub section_span: Option<Range<usize>>,
}

/// One field of the entry template.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TemplateField {
    /// The label as written (`Root Cause`).
    pub label: String,
    /// The known field, if it is one.
    pub name: Option<FieldName>,
    /// Whether the value goes on the heading line.
    pub inline: bool,
    /// The template's placeholder text for the value.
    pub placeholder: String,
}

impl Default for Template {
    fn default() -> Self {
        Template {
            incident_level: 2,
            fields: FieldName::CANONICAL_ORDER
                .iter()
                .filter(|f| f.in_seed_template())
                .map(|f| TemplateField {
                    label: f.label().to_owned(),
                    name: Some(*f),
                    inline: f.is_inline(),
                    // The seed shows two placeholder actions.
                    placeholder: if *f == FieldName::FollowUpActions {
                        format!("{0}\n{0}", f.placeholder())
                    } else {
                        f.placeholder().to_owned()
                    },
                })
                .collect(),
            section_span: None,
        }
    }
}

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
    /// The label as written, without `:` and markup.
    pub label: String,
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
        let t = self.text.trim();
        let template = self.name.is_some_and(|n| {
            t.lines()
                .map(str::trim)
                .all(|l| l.is_empty() || l == n.placeholder())
        });
        (!t.is_empty() && !is_placeholder(t) && !template).then_some(t)
    }
}

/// One incident entry as found in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Entry {
    /// Stable ID: `<UTC date of Detected>-<slug of the title>`, `-2`, `-3` for repeats.
    pub id: String,
    /// The GitHub heading anchor that links to the entry.
    pub anchor: String,
    /// The title as written after `Incident:` (escapes resolved).
    pub title: String,
    /// The heading level of the entry (2 or 3).
    pub level: u8,
    /// The heading block's span.
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
}

impl Entry {
    /// The first field with this name.
    pub fn field(&self, name: FieldName) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == Some(name))
    }

    /// A field by its label as written (ignoring ASCII case), known to the library or not.
    pub fn field_by_label(&self, label: &str) -> Option<&Field> {
        self.fields
            .iter()
            .find(|f| f.label.eq_ignore_ascii_case(label.trim()))
    }
}

fn heading(b: &Block) -> Option<(u8, Range<usize>)> {
    match &b.kind {
        BlockKind::Heading { level, content, .. } => Some((*level, content.clone())),
        _ => None,
    }
}

/// `Incident: title` (any case) -> the title's offset within the text.
fn incident_title_offset(text: &str) -> Option<usize> {
    let t = text.trim_start();
    let lead = text.len() - t.len();
    let head = t.get(..9)?;
    if !head.eq_ignore_ascii_case("incident:") {
        return None;
    }
    let rest = &t[9..];
    Some(lead + 9 + (rest.len() - rest.trim_start().len()))
}

/// Index of the next heading at or above `level` after block `i`, or the block count.
fn section_end(blocks: &[Block], i: usize, level: u8) -> usize {
    blocks[i + 1..]
        .iter()
        .position(|b| heading(b).is_some_and(|(l, _)| l <= level))
        .map_or(blocks.len(), |p| i + 1 + p)
}

/// Reads the typed view from a document's blocks.
pub(crate) fn read_log(src: &str, blocks: &[Block]) -> Log {
    let mut log = Log::default();
    // GitHub numbers repeated anchors over all headings of the file, in document order.
    let mut anchors = AnchorSet::default();
    let block_anchors: Vec<Option<String>> = blocks
        .iter()
        .map(|b| heading(b).map(|(_, c)| anchors.unique(slug(&src[c]))))
        .collect();
    let mut policy_seen = (false, false, false, false);
    let mut i = 0;
    // Headings are visited in order; incident entries consume their blocks.
    while i < blocks.len() {
        let Some((level, content)) = heading(&blocks[i]) else {
            i += 1;
            continue;
        };
        let text = &src[content.clone()];
        let anchor = block_anchors[i].clone().unwrap_or_default();
        if let Some(off) = incident_title_offset(text).filter(|_| (2..=3).contains(&level)) {
            let end = section_end(blocks, i, level);
            let title_span = content.start + off..content.end;
            let entry = read_entry(
                src,
                blocks,
                i,
                end,
                level,
                title_span,
                anchor,
                &mut log.diagnostics,
            );
            log.incidents.push(entry);
            i = end;
            continue;
        }
        let end = section_end(blocks, i, level);
        let span = blocks[i].span.start..blocks[end - 1].span.end;
        let lower = text.to_ascii_lowercase();
        if level == 1 && log.title.is_none() {
            log.title = Some((text.trim().to_owned(), content.clone()));
        } else if lower.starts_with("last incident") {
            let colon = text.find(':').map_or(text.len(), |c| c + 1);
            let rest = &text[colon..];
            let start = content.start + colon + (rest.len() - rest.trim_start().len());
            log.last_incident = Some(LastIncident {
                text: src[start..content.end].to_owned(),
                text_span: start..content.end,
                heading_span: blocks[i].span.clone(),
            });
        } else if lower.starts_with("template") {
            if let Some(t) = read_template(src, &blocks[i + 1..end]) {
                log.template = Template {
                    section_span: Some(span.clone()),
                    ..t
                };
            } else {
                log.template.section_span = Some(span.clone());
            }
        } else if lower.contains("severity") && !policy_seen.0 {
            if let Some(rows) = read_severity_table(src, &blocks[i + 1..end], &mut log.diagnostics)
            {
                policy_seen.0 = true;
                log.policy.severities = rows;
            }
        } else if lower.contains("categor") && !policy_seen.1 {
            if let Some(cats) = read_categories(src, &blocks[i + 1..end]) {
                policy_seen.1 = true;
                log.policy.categories = cats;
            }
        } else if (lower.contains("escalation") || lower.contains("trigger")) && !policy_seen.2 {
            let items = list_texts(src, &blocks[i + 1..end]);
            if !items.is_empty() {
                policy_seen.2 = true;
                log.policy.triggers = Vec::new();
                for (t, span) in items {
                    match EscalationTrigger::from_text(&t) {
                        Some(trigger) => log.policy.triggers.push(trigger),
                        None => log.diagnostics.push(Diagnostic::new(
                            Code::UnknownTrigger,
                            format!("escalation trigger `{t}` is not one this tool can evaluate"),
                            span,
                        )),
                    }
                }
            }
        } else if lower.contains("requirement") && !policy_seen.3 {
            let items = list_texts(src, &blocks[i + 1..end]);
            if !items.is_empty() {
                policy_seen.3 = true;
                log.policy.requirements = items
                    .iter()
                    .map(|(t, _)| Requirement::from_text(t))
                    .collect();
            }
        }
        log.sections.push(Section {
            name: text.trim().to_owned(),
            level,
            span,
            heading_span: blocks[i].span.clone(),
        });
        i += 1;
    }
    assign_ids(&mut log.incidents);
    flag_duplicates(&log.incidents, &mut log.diagnostics);
    log.diagnostics
        .sort_by(|a, b| (a.start(), a.code.as_str()).cmp(&(b.start(), b.code.as_str())));
    log
}

/// Plain text of a table cell or list item: markup around it dropped, escapes resolved.
fn plain(text: &str) -> String {
    let t = text.trim();
    let t = t
        .strip_prefix("**")
        .and_then(|s| s.strip_suffix("**"))
        .unwrap_or(t);
    let t = t.trim().trim_matches('`').trim();
    unescape(t)
}

fn read_severity_table(
    src: &str,
    blocks: &[Block],
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<SeverityRule>> {
    let rows = blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Table { rows } => Some(rows),
        _ => None,
    })?;
    let header: Vec<String> = rows
        .first()?
        .cells
        .iter()
        .map(|c| src[c.clone()].to_ascii_lowercase())
        .collect();
    let col = |names: &[&str], default: usize| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.contains(n)))
            .unwrap_or(default)
    };
    let (lc, dc, rc) = (
        col(&["level", "severity"], 0),
        col(&["definition", "description"], 1),
        col(&["response"], 2),
    );
    let mut out = Vec::new();
    for row in &rows[1..] {
        let Some(level_span) = row.cells.get(lc) else {
            diags.push(Diagnostic::new(
                Code::UnknownSeverityRow,
                "severity table row has no level",
                row.span.clone(),
            ));
            continue;
        };
        let level = match plain(&src[level_span.clone()]).parse::<Severity>() {
            Ok(l) => l,
            Err(e) => {
                diags.push(Diagnostic::new(
                    Code::UnknownSeverityRow,
                    e.to_string(),
                    level_span.clone(),
                ));
                continue;
            }
        };
        let definition = row
            .cells
            .get(dc)
            .map(|c| plain(&src[c.clone()]))
            .unwrap_or_default();
        let response = match row.cells.get(rc) {
            Some(c) => match plain(&src[c.clone()]).parse::<ResponseTime>() {
                Ok(r) => r,
                Err(e) => {
                    diags.push(Diagnostic::new(
                        Code::UnknownResponseTime,
                        e.to_string(),
                        c.clone(),
                    ));
                    ResponseTime::default_for(level)
                }
            },
            None => ResponseTime::default_for(level),
        };
        out.push(SeverityRule::new(level, definition, response));
    }
    Some(out)
}

fn read_categories(src: &str, blocks: &[Block]) -> Option<Vec<Category>> {
    let rows = blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Table { rows } => Some(rows),
        _ => None,
    })?;
    Some(
        rows[1..]
            .iter()
            .filter_map(|r| {
                let name = plain(&src[r.cells.first()?.clone()]);
                let examples = r
                    .cells
                    .get(1)
                    .map(|c| plain(&src[c.clone()]))
                    .unwrap_or_default();
                (!name.is_empty()).then(|| Category::new(name, examples))
            })
            .collect(),
    )
}

/// The text of each list item (marker and checkbox removed, lines joined) in these blocks, with
/// the item's span.
fn list_texts(src: &str, blocks: &[Block]) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    for b in blocks {
        if let BlockKind::List { items } = &b.kind {
            for item in items {
                let text = plain(&join_lines(strip_marker(&src[item.span.clone()])));
                out.push((text, item.span.clone()));
            }
        }
    }
    out
}

/// Drops a list marker (`-`, `*`, `+`, `1.`, `1)`) and the spaces after it.
fn strip_marker(item: &str) -> &str {
    let t = item.trim_start();
    let rest = if let Some(r) = t.strip_prefix(['-', '*', '+']) {
        r
    } else {
        let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        t[digits..].strip_prefix(['.', ')']).unwrap_or(t)
    };
    rest.trim_start()
}

/// Joins a multi-line item's lines with single spaces.
fn join_lines(text: &str) -> String {
    text.split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn read_template(src: &str, blocks: &[Block]) -> Option<Template> {
    let fence = blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::CodeBlock { fenced: true }))?;
    // Any line ending (`\n`, `\r\n`, a lone `\r`) ends a line.
    let text = src[fence.span.clone()]
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let mut lines: Vec<&str> = text.lines().skip(1).collect();
    if lines
        .last()
        .is_some_and(|l| l.trim_start().starts_with("```") || l.trim_start().starts_with("~~~"))
    {
        lines.pop();
    }
    let mut t = Template {
        incident_level: 2,
        fields: Vec::new(),
        section_span: None,
    };
    let mut current: Option<TemplateField> = None;
    let mut body = String::new();
    let mut found = false;
    for line in lines {
        let hashes = line.len() - line.trim_start_matches('#').len();
        let after = &line[hashes..];
        if (1..=6).contains(&hashes) && (after.is_empty() || after.starts_with(' ')) {
            let text = after.trim();
            if incident_title_offset(text).is_some() {
                t.incident_level = hashes as u8;
                found = true;
                continue;
            }
            if let Some(mut f) = current.take() {
                if !f.inline {
                    f.placeholder = body.trim().to_owned();
                }
                t.fields.push(f);
            }
            body.clear();
            let (label, value) = text.split_once(':').unwrap_or((text, ""));
            current = Some(TemplateField {
                label: label.trim().to_owned(),
                name: FieldName::from_label(label),
                inline: !value.trim().is_empty(),
                placeholder: value.trim().to_owned(),
            });
        } else if current.is_some() {
            body.push_str(line.trim_end_matches('\r'));
            body.push('\n');
        }
    }
    if let Some(mut f) = current.take() {
        if !f.inline {
            f.placeholder = body.trim().to_owned();
        }
        t.fields.push(f);
    }
    (found && !t.fields.is_empty()).then_some(t)
}

/// `**Name:** value` or `**Name**: value` at the start of a line: (label, value offset in line).
fn bold_label(line: &str) -> Option<(&str, usize)> {
    let (label, off) = any_bold_label(line)?;
    FieldName::from_label(label)?;
    Some((label, off))
}

/// Like [`bold_label`], for any label, known or not.
fn any_bold_label(line: &str) -> Option<(&str, usize)> {
    let lead = line.len() - line.trim_start().len();
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
    Some((label.trim(), value_start + (v.len() - v.trim_start().len())))
}

/// A list item that starts with a bold label (`- **Severity:** HIGH`): the label, and the span of
/// the rest of the item (the value, up to the item's end).
fn item_label<'a>(
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
fn item_value(src: &str, item: &ListItem, inline: Range<usize>) -> (String, Vec<ListItem>) {
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
fn flag_hidden_headings(src: &str, span: Range<usize>, diags: &mut Vec<Diagnostic>) {
    for line in line_spans(src, span).into_iter().skip(1) {
        let text = &src[line.clone()];
        let t = text.trim_start_matches(' ');
        let hashes = t.len() - t.trim_start_matches('#').len();
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

/// The width of a list item's content indentation: its marker, and the spaces after it.
pub(crate) fn content_indent(item: &str) -> usize {
    let lead = item.len() - item.trim_start().len();
    let rest = &item[lead..];
    let marker = rest
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '*' | '+' | '.' | ')')))
        .unwrap_or(rest.len());
    let spaces = rest[marker..].len() - rest[marker..].trim_start_matches(' ').len();
    lead + marker + spaces.clamp(1, 4)
}

/// Offsets of the lines of `span` in `src` (start, end without terminator).
fn line_spans(src: &str, span: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let text = &src[span.clone()];
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' || bytes[i] == b'\r' {
            out.push(span.start + start..span.start + i);
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out.push(span.start + start..span.end);
    out
}

/// The lines of `range` from the first to the last that is not blank (whole lines, without the
/// last one's terminator), or `None` when all are blank.
fn non_blank(src: &str, range: Range<usize>) -> Option<Range<usize>> {
    let text = src.get(range.clone())?;
    let first = text.find(|c: char| !c.is_whitespace())?;
    let start = text[..first].rfind(['\n', '\r']).map_or(0, |p| p + 1);
    let last = text.trim_end().len();
    let end = text[last..]
        .find(['\n', '\r'])
        .map_or(text.len(), |p| last + p);
    Some(range.start + start..range.start + end)
}

/// Normalises a body's text: line endings to `\n`, escapes resolved, trimmed.
fn body_text(raw: &str) -> String {
    if raw.contains('\r') {
        let normalised = raw.replace("\r\n", "\n").replace('\r', "\n");
        unescape(normalised.trim())
    } else {
        unescape(raw.trim())
    }
}

/// An `<!-- … above this line -->` (`Some(true)`) or `<!-- … below this line -->` (`Some(false)`)
/// comment: it marks where new entries go, and is never part of an entry.
pub(crate) fn entry_marker(src: &str, b: &Block) -> Option<bool> {
    if !matches!(b.kind, BlockKind::HtmlBlock) {
        return None;
    }
    let text = src[b.span.clone()].to_ascii_lowercase();
    if !text.trim_start().starts_with("<!--") {
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
fn read_entry(
    src: &str,
    blocks: &[Block],
    i: usize,
    end: usize,
    level: u8,
    title_span: Range<usize>,
    anchor: String,
    diags: &mut Vec<Diagnostic>,
) -> Entry {
    let title = unescape(src[title_span.clone()].trim());
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
    for b in blocks.iter().take(last).skip(i + 1) {
        if matches!(b.kind, BlockKind::HtmlBlock) {
            flag_hidden_headings(src, b.span.clone(), diags);
        }
        if let Some((fl, content)) = heading(b).filter(|(l, _)| *l == level + 1) {
            close(&mut fields, &mut open, b.span.start);
            in_heading_field = true;
            let text = &src[content.clone()];
            let (label, inline) = match text.find(':') {
                Some(c) => {
                    let v = &text[c + 1..];
                    let s = content.start + c + 1 + (v.len() - v.trim_start().len());
                    (&text[..c], s..content.end)
                }
                None => (text, content.end..content.end),
            };
            let label = label.trim().trim_matches('*').trim();
            fields.push(Field {
                label: label.to_owned(),
                name: FieldName::from_label(label),
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
            if lines
                .first()
                .is_some_and(|l| bold_label(&src[l.clone()]).is_some())
            {
                for l in lines {
                    if let Some((label, off)) = bold_label(&src[l.clone()]) {
                        close(&mut fields, &mut open, l.start);
                        let inline = l.start + off..l.end;
                        fields.push(Field {
                            label: label.to_owned(),
                            name: FieldName::from_label(label),
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
                        f.inline.end = l.end;
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
                    fields.push(Field {
                        label: label.to_owned(),
                        name: FieldName::from_label(label),
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
    let incident = build_incident(src, &title, &blocks[i].span, &fields, diags);
    Entry {
        id: String::new(),
        anchor,
        title,
        level,
        heading_span: blocks[i].span.clone(),
        span,
        follow_up_items: follow_up_items(src, &fields),
        fields,
        incident,
    }
}

/// The text of a list item after its marker and checkbox.
fn item_text<'a>(src: &'a str, span: &Range<usize>, task: &Option<crate::TaskBox>) -> &'a str {
    match task {
        Some(t) => &src[(t.offset + 2).min(span.end)..span.end],
        None => strip_marker(&src[span.clone()]),
    }
}

/// The items of an entry's Follow-up Actions that are actions: the template's placeholder items
/// (`- [ ] <action> - @<assignee> - <due date>`) are left out. A placeholder is judged as
/// written, so an escaped `\<x>` is an action.
fn follow_up_items(src: &str, fields: &[Field]) -> Vec<ListItem> {
    let Some(f) = fields
        .iter()
        .find(|f| f.name == Some(FieldName::FollowUpActions))
    else {
        return Vec::new();
    };
    f.items
        .iter()
        .filter(|it| {
            let text = join_lines(item_text(src, &it.span, &it.task));
            !is_placeholder(&FollowUp::from_item_text(&text, false).action)
        })
        .cloned()
        .collect()
}

fn build_incident(
    src: &str,
    title: &str,
    heading: &Range<usize>,
    fields: &[Field],
    diags: &mut Vec<Diagnostic>,
) -> Option<Incident> {
    let mut seen: HashMap<FieldName, ()> = HashMap::new();
    for f in fields {
        if let Some(n) = f.name
            && seen.insert(n, ()).is_some()
        {
            diags.push(Diagnostic::new(
                Code::DuplicateField,
                format!(
                    "field `{}` appears twice in incident `{title}`; the first is used",
                    n.label()
                ),
                f.span.clone(),
            ));
        }
    }
    let get = |n: FieldName| fields.iter().find(|f| f.name == Some(n));
    let mut ok = true;
    let mut required = |n: FieldName, diags: &mut Vec<Diagnostic>| -> Option<&Field> {
        let f = get(n);
        if f.is_none_or(|f| f.value().is_none()) {
            let message = match f {
                None => format!("incident `{title}` has no {} field", n.label()),
                Some(f) if f.text.trim().is_empty() => {
                    format!("the {} of incident `{title}` is empty", n.label())
                }
                Some(_) => format!(
                    "the {} of incident `{title}` is still the template's placeholder",
                    n.label()
                ),
            };
            diags.push(Diagnostic::new(
                Code::MissingField,
                message,
                f.map_or(heading.clone(), |f| f.span.clone()),
            ));
            ok = false;
            return None;
        }
        f
    };
    let sev_field = required(FieldName::Severity, diags);
    required(FieldName::Detected, diags);
    let severity = sev_field.and_then(|f| match plain(&f.text).parse::<Severity>() {
        Ok(s) => Some(s),
        Err(e) => {
            diags.push(Diagnostic::new(
                Code::UnknownSeverity,
                e.to_string(),
                value_span(f),
            ));
            None
        }
    });
    let time = |n: FieldName, diags: &mut Vec<Diagnostic>| {
        let f = get(n)?;
        let v = f.value()?;
        match parse_timestamp(&plain(v)) {
            Ok(t) => Some(t),
            Err(e) => {
                diags.push(Diagnostic::new(
                    Code::InvalidTimestamp,
                    e.to_string(),
                    value_span(f),
                ));
                None
            }
        }
    };
    let detected = time(FieldName::Detected, diags);
    let acknowledged = time(FieldName::Acknowledged, diags);
    let resolved = time(FieldName::Resolved, diags);
    // A placeholder is recognised as written: an escaped `\<x>` is text, not a placeholder.
    let raw = |f: &Field| {
        let start = f.body.as_ref().map_or(f.inline.start, |b| b.start);
        let start = if f.inline.is_empty() {
            start
        } else {
            f.inline.start
        };
        let end = f
            .body
            .as_ref()
            .map_or(f.inline.end, |b| b.end.max(f.inline.end));
        src[start..end].trim()
    };
    let text = |n: FieldName| {
        get(n)
            .filter(|f| !is_placeholder(raw(f)) && !f.text.trim().is_empty())
            .map(|f| f.text.trim().to_owned())
    };

    let mut follow_ups = Vec::new();
    {
        for ListItem { span, task } in &follow_up_items(src, fields) {
            let done = task.is_some_and(|t| t.checked);
            // Split on the raw text, where an escaped separator (` \- `) is not one.
            let mut item = FollowUp::from_item_text(&join_lines(item_text(src, span, task)), done);
            item.action = unescape(&item.action);
            item.assignee = item.assignee.map(|a| unescape(&a));
            if let Some(incident_core::Due::Text(t)) = &item.due {
                item.due = Some(incident_core::Due::Text(unescape(t)));
            }
            if task.is_none() {
                diags.push(Diagnostic::new(
                    Code::FollowUpNotTask,
                    format!("follow-up `{}` is not a task item (`- [ ] …`)", item.action),
                    span.clone(),
                ));
            }
            follow_ups.push(item);
        }
    }
    let mut related_logs = Vec::new();
    if let Some(f) = get(FieldName::RelatedLogs) {
        // Links are read on the text as written (`\[x](y)` is no link), one per line when the
        // field is not a list.
        let texts: Vec<String> = if f.items.is_empty() {
            let end = f.body.as_ref().map_or(f.inline.end, |b| b.end);
            let raw = if f.inline.is_empty() {
                f.body.clone().map_or("", |b| &src[b])
            } else {
                &src[f.inline.start..end]
            };
            raw.split(['\n', '\r']).map(str::to_owned).collect()
        } else {
            f.items
                .iter()
                .map(|it| join_lines(strip_marker(&src[it.span.clone()])))
                .collect()
        };
        for t in texts {
            let t = t.trim();
            if t.is_empty() || is_placeholder(t) {
                continue;
            }
            related_logs.push(read_link(t));
        }
    }
    if !ok {
        return None;
    }
    let mut incident = Incident::new(title, severity?, detected?);
    // `plain` resolves escapes itself, so it reads the value as written.
    incident.category = get(FieldName::Category)
        .filter(|_| text(FieldName::Category).is_some())
        .map(|f| plain(raw(f)));
    incident.acknowledged = acknowledged;
    incident.resolved = resolved;
    incident.description = text(FieldName::Description);
    incident.impact = text(FieldName::Impact);
    incident.root_cause = text(FieldName::RootCause);
    incident.resolution = text(FieldName::Resolution);
    incident.lessons_learned = text(FieldName::LessonsLearned);
    incident.follow_ups = follow_ups;
    incident.related_logs = related_logs;
    Some(incident)
}

/// The span to point at for a field's value.
fn value_span(f: &Field) -> Range<usize> {
    if f.inline.is_empty() {
        f.body.clone().unwrap_or(f.span.clone())
    } else {
        f.inline.clone()
    }
}

/// `[text](target)` as a link, anything else as plain text.
fn read_link(t: &str) -> RelatedLog {
    if let Some(rest) = t.strip_prefix('[')
        && let Some(close) = find_unescaped(rest, "](")
        && let Some(target) = rest[close + 2..].strip_suffix(')')
    {
        let target = target.trim();
        let target = target
            .strip_prefix('<')
            .and_then(|x| x.strip_suffix('>'))
            .unwrap_or(target);
        return RelatedLog::new(unescape(&rest[..close]), Some(target.to_owned()));
    }
    RelatedLog::new(unescape(t), None)
}

/// The first `pat` in `text` that is not escaped by a backslash.
fn find_unescaped(text: &str, pat: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = text[from..].find(pat) {
        let at = from + p;
        let slashes = text[..at].bytes().rev().take_while(|b| *b == b'\\').count();
        if slashes % 2 == 0 {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// When an entry was detected, even when another of its fields keeps it from being an incident.
fn detected_of(e: &Entry) -> Option<chrono::DateTime<chrono::Utc>> {
    e.incident.as_ref().map(|i| i.detected).or_else(|| {
        e.field(FieldName::Detected)
            .and_then(Field::value)
            .and_then(|v| parse_timestamp(&plain(v)).ok())
    })
}

/// IDs: `<UTC date>-<slug>`, repeats numbered `-2`, `-3` in order of detection.
fn assign_ids(entries: &mut [Entry]) {
    let base: Vec<String> = entries
        .iter()
        .map(|e| {
            let date = detected_of(e).map_or_else(
                || "undated".to_owned(),
                |t| t.format("%Y-%m-%d").to_string(),
            );
            let s = slug(&e.title);
            if s.is_empty() {
                date
            } else {
                format!("{date}-{s}")
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&k| (detected_of(&entries[k]), k));
    let mut count: HashMap<&str, usize> = HashMap::new();
    let mut ids = vec![String::new(); entries.len()];
    for k in order {
        let n = count.entry(&base[k]).or_insert(0);
        *n += 1;
        ids[k] = if *n == 1 {
            base[k].clone()
        } else {
            format!("{}-{n}", base[k])
        };
    }
    for (e, id) in entries.iter_mut().zip(ids) {
        e.id = id;
    }
}

fn flag_duplicates(entries: &[Entry], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(&str, chrono::DateTime<chrono::Utc>), usize> = HashMap::new();
    for (k, e) in entries.iter().enumerate() {
        if let Some(inc) = &e.incident
            && let Some(first) = seen.insert((&e.title, inc.detected), k)
        {
            diags.push(Diagnostic::new(
                Code::DuplicateIncident,
                format!(
                    "incident `{}` detected {} is logged twice (first as {})",
                    e.title,
                    incident_core::format_timestamp(inc.detected),
                    entries[first].id
                ),
                e.heading_span.clone(),
            ));
        }
    }
}
