//! Text helpers shared by the readers: list markers, line joining, line spans, plain text.

use incident_core::lines::TrimWs as _;
use std::ops::Range;

use crate::escape::unescape;

/// Plain text of a table cell or list item: markup around it dropped, escapes resolved
/// (borrowed when there are none: values are read this way many times).
pub(super) fn plain(text: &str) -> std::borrow::Cow<'_, str> {
    let t = text.trim_ws();
    let t = t
        .strip_prefix("**")
        .and_then(|s| s.strip_suffix("**"))
        .unwrap_or(t);
    let t = t.trim_ws().trim_matches('`').trim_ws();
    if t.contains('\\') {
        unescape(t).into()
    } else {
        t.into()
    }
}

/// Drops a list marker (`-`, `*`, `+`, `1.`, `1)`) and the spaces after it.
pub(crate) fn strip_marker(item: &str) -> &str {
    let t = item.trim_start();
    let rest = if let Some(r) = t.strip_prefix(['-', '*', '+']) {
        r
    } else {
        let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        t[digits..].strip_prefix(['.', ')']).unwrap_or(t)
    };
    rest.trim_start()
}

/// Offsets of the lines of `span` in `src` (start, end without terminator).
pub(super) fn line_spans(src: &str, span: Range<usize>) -> Vec<Range<usize>> {
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
pub(super) fn non_blank(src: &str, range: Range<usize>) -> Option<Range<usize>> {
    let text = src.get(range.clone())?;
    let first = text.find(|c: char| !c.is_whitespace())?;
    let start = text[..first].rfind(['\n', '\r']).map_or(0, |p| p + 1);
    let last = text.trim_end().len();
    let end = text[last..]
        .find(['\n', '\r'])
        .map_or(text.len(), |p| last + p);
    Some(range.start + start..range.start + end)
}

/// The length of `line` without a hard line break at its end: trailing spaces and tabs, and
/// a backslash before the line ending when another line of the paragraph follows (`more`;
/// at a paragraph's end a backslash is text). A value's span ends there, so that an edit
/// replacing the value keeps the break.
pub(crate) fn without_hard_break(line: &str, more: bool) -> usize {
    let t = line.trim_end_matches([' ', '\t']);
    if more && hard_break(line) == "\\" {
        t[..t.len() - 1].trim_end_matches([' ', '\t']).len()
    } else {
        t.len()
    }
}

/// The mark of the hard line break `line` ends with, as CommonMark reads one before a line
/// ending: its two or more trailing spaces or tabs, or a backslash that is not itself escaped;
/// `""` when there is none.
pub(crate) fn hard_break(line: &str) -> &str {
    let t = line.trim_end_matches([' ', '\t']);
    let blanks = line.len() - t.len();
    let slashes = t.len() - t.trim_end_matches('\\').len();
    if blanks >= 2 {
        &line[t.len()..]
    } else if blanks == 0 && slashes % 2 == 1 {
        &line[line.len() - 1..]
    } else {
        ""
    }
}

/// Normalises a body's text: line endings to `\n`, escapes resolved, trimmed.
pub(super) fn body_text(raw: &str) -> String {
    if raw.contains('\r') {
        let normalised = raw.replace("\r\n", "\n").replace('\r', "\n");
        unescape(normalised.trim_ws())
    } else {
        unescape(raw.trim_ws())
    }
}

/// The text of a list item after its marker and checkbox.
pub(super) fn item_text<'a>(
    src: &'a str,
    span: &Range<usize>,
    task: &Option<crate::TaskBox>,
) -> &'a str {
    match task {
        Some(t) => &src[(t.offset + 2).min(span.end)..span.end],
        None => strip_marker(&src[span.clone()]),
    }
}
