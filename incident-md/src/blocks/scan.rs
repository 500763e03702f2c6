//! The line scanner: finds the top-level blocks of the shapes incident logs are made
//! of without comrak, and asks comrak about every other region.
//!
//! The text is cut into *sections* at column-0 ATX heading lines (`## Incident: ...`).
//! A section is either read by [`Section::scan`], which knows ATX headings, thematic
//! breaks, fenced code blocks, paragraphs, simple lists (with task boxes and lazy
//! continuation lines) and pipe tables, and gives up on anything else; or it is handed
//! to comrak.
//!
//! A cut is sound when CommonMark's block state is empty just before the heading line:
//! then comrak on the text from the heading on agrees with comrak on the whole text
//! (link reference definitions aside: only `[x]` can change a block, see
//! [`defines_x_label`]). After a section the
//! scanner read, the state is empty by construction (it gives up on an unclosed fence,
//! and paragraphs, lists and tables all end at an ATX heading). After a region read by
//! comrak, the region is parsed together with the next heading line, and the cut is
//! taken only if comrak reports that line as a top-level heading: every open block was
//! closed for it. If not (an unclosed fence or an HTML block swallowed the heading), the
//! region grows.

use super::{Found, FoundKind, comrak_found, keep};
use crate::lines::LineIndex;

/// The top-level blocks of `source`, as comrak would find them on the whole text.
pub(super) fn find(source: &str, lines: &LineIndex) -> Vec<Found> {
    let bytes = source.as_bytes();
    let count = lines.line_count();
    let mut found = Vec::new();
    if defines_x_label(source) {
        keep(&mut found, comrak_found(source), 1, count);
        return found;
    }
    let mut starts = vec![1];
    starts.extend((2..=count).filter(|&line| atx_level(&bytes[lines.line_range(line)]).is_some()));
    let section = Section { bytes, lines };
    let mut i = 0;
    while i < starts.len() {
        let first = starts[i];
        let last = starts.get(i + 1).map_or(count, |&next| next - 1);
        if section.scan(first, last, &mut found) {
            i += 1;
            continue;
        }
        let region_start = lines.line_start(first);
        let mut j = i + 1;
        loop {
            let Some(&heading) = starts.get(j) else {
                keep(
                    &mut found,
                    comrak_found(&source[region_start..]),
                    first,
                    count,
                );
                i = j;
                break;
            };
            let region_end = lines.line_range(heading).end;
            let region = comrak_found(&source[region_start..region_end]);
            let relative = heading - first + 1;
            let cut = region.last().is_some_and(|block| {
                block.line == relative
                    && matches!(block.kind, FoundKind::Heading { setext: false, .. })
            });
            if cut {
                keep(&mut found, region, first, heading - 1);
                i = j;
                break;
            }
            // Grow geometrically, so that a long unclosed fence costs linear time.
            let wanted = region_start + 2 * (region_end - region_start);
            j += 1;
            while starts
                .get(j)
                .is_some_and(|&line| lines.line_start(line) < wanted)
            {
                j += 1;
            }
        }
    }
    found
}

/// Whether the text may define a link reference `[x]` (or `[X]`): then `[x]` in a list
/// item is a link rather than a task box, wherever the definition is, so the whole
/// text is left to comrak. Conservative: looks for `[`, `x`, `]:` with only whitespace
/// between, escaped or not.
pub(super) fn defines_x_label(source: &str) -> bool {
    let bytes = source.as_bytes();
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    memchr::memmem::find_iter(bytes, b"]:").any(|at| {
        let mut i = at;
        while i > 0 && space(bytes[i - 1]) {
            i -= 1;
        }
        if i == 0 || !matches!(bytes[i - 1], b'x' | b'X') {
            return false;
        }
        i -= 1;
        while i > 0 && space(bytes[i - 1]) {
            i -= 1;
        }
        i > 0 && bytes[i - 1] == b'['
    })
}

/// The level of a column-0 ATX heading line (without its terminator).
fn atx_level(line: &[u8]) -> Option<u8> {
    let hashes = line.iter().take_while(|&&b| b == b'#').count();
    let ends = line.get(hashes).is_none_or(|&b| b == b' ' || b == b'\t');
    ((1..=6).contains(&hashes) && ends).then_some(hashes as u8)
}

/// The line-reading state between two lines of a section.
enum State {
    /// No open block.
    Empty,
    Paragraph,
    List(List),
    Table,
    /// An HTML block that ends at a blank line (kinds 6 and 7).
    Html,
    /// A fenced code block, opened by `len` times `fence`.
    Fence {
        fence: u8,
        len: usize,
    },
}

/// An open top-level list.
struct List {
    marker: Marker,
    /// Content indent of the current item: lines indented this much belong to it.
    width: usize,
    /// Whether a blank line came since the last non-blank line.
    blank: bool,
    /// Whether an item line came after a blank line in the current item (then what
    /// its innermost block is, and therefore whether a lazy line may follow, is not
    /// known here).
    content_after_blank: bool,
}

/// The kind of a list marker: two items with different kinds belong to different lists.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Marker {
    Bullet(u8),
    Ordered(u8),
}

/// The first line of a list item.
struct Item {
    marker: Marker,
    width: usize,
    /// 1-based byte column of the task box's symbol.
    task: Option<usize>,
}

struct Section<'a> {
    bytes: &'a [u8],
    lines: &'a LineIndex,
}

impl Section<'_> {
    fn line(&self, line: usize) -> &[u8] {
        &self.bytes[self.lines.line_range(line)]
    }

    /// Reads lines `first..=last` and appends their blocks to `found`, or returns
    /// `false` (leaving `found` as it was) if they hold anything not known here.
    fn scan(&self, first: usize, last: usize, found: &mut Vec<Found>) -> bool {
        let before = found.len();
        let ok = self.plain_bytes(first, last) && self.read(first, last, found);
        if !ok {
            found.truncate(before);
        }
        ok
    }

    /// No control character but `\n` and `\r\n` line ends (tabs, NULs, lone `\r` and the
    /// like change what CommonMark reads), and no byte order mark at the start.
    fn plain_bytes(&self, first: usize, last: usize) -> bool {
        let start = self.lines.line_start(first);
        let end = if last < self.lines.line_count() {
            self.lines.line_start(last + 1)
        } else {
            self.bytes.len()
        };
        if start == 0 && self.bytes.starts_with("\u{feff}".as_bytes()) {
            return false;
        }
        // Branch-free over the bytes (so it vectorizes); line ends are checked apart.
        let control = self.bytes[start..end].iter().fold(false, |found, &b| {
            found | ((b < 0x20) & (b != b'\n') & (b != b'\r'))
        });
        let lone_cr = (first..=last).any(|line| {
            let at = self.lines.line_range(line).end;
            self.bytes.get(at) == Some(&b'\r') && self.bytes.get(at + 1) != Some(&b'\n')
        });
        !control && !lone_cr
    }

    fn read(&self, first: usize, last: usize, found: &mut Vec<Found>) -> bool {
        let mut state = State::Empty;
        let mut line = first;
        while line <= last {
            let text = self.line(line);
            let blank = text.iter().all(|&b| b == b' ');
            let indent = text.iter().take_while(|&&b| b == b' ').count();
            match &mut state {
                State::Fence { fence, len } => {
                    if closes_fence(text, *fence, *len) {
                        state = State::Empty;
                    }
                    line += 1;
                    continue;
                }
                State::Html => {
                    if blank {
                        state = State::Empty;
                    }
                    line += 1;
                    continue;
                }
                _ if blank => {
                    if let State::List(list) = &mut state {
                        list.blank = true;
                    } else {
                        state = State::Empty;
                    }
                    line += 1;
                    continue;
                }
                State::Empty => {}
                State::Paragraph => {
                    let rest = &text[indent..];
                    if indent >= 4 {
                        if maybe_delimiter_row(rest) {
                            return false;
                        }
                        line += 1;
                        continue;
                    }
                    if indent == 0 && fence_open(text).is_some() {
                        // A fence interrupts a paragraph: read it below.
                    } else if plain(rest) {
                        line += 1;
                        continue;
                    } else if indent == 0
                        && matches!(
                            self.item(text),
                            Some(Some(Item {
                                marker: Marker::Bullet(_),
                                ..
                            }))
                        )
                    {
                        // A bullet item with content interrupts a paragraph.
                    } else {
                        return false;
                    }
                }
                State::Table => {
                    let row = indent == 0
                        && text.first() == Some(&b'|')
                        && text.iter().any(|&b| b != b'|' && b != b' ')
                        && !maybe_delimiter_row(text);
                    if !row {
                        return false;
                    }
                    if let Some(Found {
                        kind: FoundKind::Table { rows },
                        ..
                    }) = found.last_mut()
                    {
                        rows.push(line);
                    }
                    line += 1;
                    continue;
                }
                State::List(list) => {
                    if indent >= list.width {
                        if list.blank {
                            list.content_after_blank = true;
                        }
                        list.blank = false;
                        if !item_content(&text[list.width..]) {
                            return false;
                        }
                        line += 1;
                        continue;
                    }
                    if indent > 0 {
                        return false;
                    }
                    if !thematic_break(text) {
                        match self.item(text) {
                            Some(None) => return false,
                            Some(Some(item)) if item.marker == list.marker => {
                                list.width = item.width;
                                list.blank = false;
                                list.content_after_blank = false;
                                if let Some(Found {
                                    kind: FoundKind::List { items },
                                    ..
                                }) = found.last_mut()
                                {
                                    items.push((line, item.task.map(|column| (line, column))));
                                }
                                line += 1;
                                continue;
                            }
                            // Another kind of marker starts another list: read it below.
                            Some(Some(_)) => {}
                            None if fence_open(text).is_some() => {}
                            None if !list.blank && plain(text) => {
                                // A lazy continuation line of the item's paragraph.
                                line += 1;
                                continue;
                            }
                            None if list.blank && !list.content_after_blank => {}
                            None => return false,
                        }
                    }
                }
            }
            // A new block starts on this line.
            if indent > 0 {
                return false;
            }
            if line == first
                && let Some(level) = atx_level(text)
            {
                found.push(Found {
                    line,
                    kind: FoundKind::Heading {
                        level,
                        setext: false,
                    },
                });
                state = State::Empty;
            } else if let Some((fence, len)) = fence_open(text) {
                found.push(Found {
                    line,
                    kind: FoundKind::CodeBlock { fenced: true },
                });
                state = State::Fence { fence, len };
            } else if thematic_break(text) {
                found.push(Found {
                    line,
                    kind: FoundKind::ThematicBreak,
                });
                state = State::Empty;
            } else if let Some(item) = self.item(text) {
                let Some(item) = item else { return false };
                found.push(Found {
                    line,
                    kind: FoundKind::List {
                        items: {
                            // Lists of a log hold a few items: grown once, not three times.
                            let mut items = Vec::with_capacity(4);
                            items.push((line, item.task.map(|column| (line, column))));
                            items
                        },
                    },
                });
                state = State::List(List {
                    marker: item.marker,
                    width: item.width,
                    blank: false,
                    content_after_blank: false,
                });
            } else if text.first() == Some(&b'|') && line < last && {
                let next = self.line(line + 1);
                maybe_delimiter_row(next)
            } {
                // A delimiter row led by a pipe cannot be a setext underline or a
                // thematic break, which would come first.
                if self.line(line + 1).first() != Some(&b'|') {
                    return false;
                }
                if !table_header(text, self.line(line + 1)) {
                    return false;
                }
                found.push(Found {
                    line,
                    kind: FoundKind::Table { rows: vec![line] },
                });
                state = State::Table;
                line += 1;
            } else if text.first() == Some(&b'<') {
                let Some(html) = html_block_start(text) else {
                    return false;
                };
                found.push(Found {
                    line,
                    kind: if html {
                        FoundKind::HtmlBlock
                    } else {
                        FoundKind::Paragraph
                    },
                });
                state = if html { State::Html } else { State::Paragraph };
            } else if !may_define_reference(text) && plain(text) {
                found.push(Found {
                    line,
                    kind: FoundKind::Paragraph,
                });
                state = State::Paragraph;
            } else {
                return false;
            }
            line += 1;
        }
        !matches!(state, State::Fence { .. } | State::Html)
    }

    /// The list item starting on `text` (a line with no indent): `None` if there is
    /// no list marker, `Some(None)` if there is one but the item is not a simple one.
    fn item(&self, text: &[u8]) -> Option<Option<Item>> {
        let (marker, len) = list_marker(text)?;
        let spaces = text[len..].iter().take_while(|&&b| b == b' ').count();
        let content = &text[len + spaces..];
        if content.is_empty() || spaces > 4 {
            return Some(None);
        }
        let width = len + spaces;
        let task = match task_box(content) {
            Some(_) => Some(width + 2),
            None if may_define_reference(content) || !plain(content) => return Some(None),
            None => None,
        };
        Some(Some(Item {
            marker,
            width,
            task,
        }))
    }
}

/// A list marker at the start of `text` followed by a space or the end of the line,
/// and its length.
fn list_marker(text: &[u8]) -> Option<(Marker, usize)> {
    let (marker, len) = match text.first()? {
        &b @ (b'-' | b'*' | b'+') => (Marker::Bullet(b), 1),
        b'0'..=b'9' => {
            let digits = text.iter().take_while(|b| b.is_ascii_digit()).count();
            match text.get(digits) {
                Some(&d @ (b'.' | b')')) if digits <= 9 => (Marker::Ordered(d), digits + 1),
                _ => return None,
            }
        }
        _ => return None,
    };
    text.get(len)
        .is_none_or(|&b| b == b' ')
        .then_some((marker, len))
}

/// The symbol of a task box (`[ ]`, `[x]`, `[X]` then a space or the end) that starts
/// `content`.
fn task_box(content: &[u8]) -> Option<u8> {
    match content {
        [b'[', symbol @ (b' ' | b'x' | b'X'), b']', rest @ ..]
            if rest.first().is_none_or(|&b| b == b' ') =>
        {
            Some(*symbol)
        }
        _ => None,
    }
}

/// Whether an indented line inside a list item (`text`, without the item's indent) is
/// plain text or a simple nested item, so that the item's innermost block stays a
/// paragraph (a lazy line may follow it) and nothing in it can swallow later lines.
fn item_content(text: &[u8]) -> bool {
    let mut text = &text[text.iter().take_while(|&&b| b == b' ').count()..];
    while let Some((_, len)) = list_marker(text) {
        let spaces = text[len..].iter().take_while(|&&b| b == b' ').count();
        if spaces == 0 || spaces > 4 {
            return false;
        }
        text = &text[len + spaces..];
    }
    task_box(text).is_some() || text.first() == Some(&b'[') || plain(text)
}

/// Whether `text` may start a link reference definition (`[label]: /url`), which is no
/// paragraph (a line after it is no lazy continuation): a `[` whose label does not close on
/// this line with something other than `:` after it. `[deploy](LOGS.md#deploy)`, a link, does
/// not.
fn may_define_reference(text: &[u8]) -> bool {
    if text.first() != Some(&b'[') {
        return false;
    }
    let mut i = 1;
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            // A label holds no unescaped `[`: then this is no definition's label either way,
            // but say "may" and leave it to comrak.
            b'[' => return true,
            b']' => return text.get(i + 1) == Some(&b':'),
            _ => i += 1,
        }
    }
    true
}

/// Whether `text` (a non-blank line without its indent) can only be paragraph text:
/// it starts no block and cannot turn the paragraph above it into something else.
fn plain(text: &[u8]) -> bool {
    !text.is_empty()
        && !matches!(text[0], b'#' | b'>' | b'<')
        && fence_open(text).is_none()
        && !thematic_break(text)
        && !setext_underline(text)
        && list_marker(text).is_none()
        && !maybe_delimiter_row(text)
}

/// An opening code fence: three or more backticks (with no backtick after them) or
/// tildes; the fence character and the run's length.
fn fence_open(text: &[u8]) -> Option<(u8, usize)> {
    let fence = *text.first().filter(|&&b| b == b'`' || b == b'~')?;
    let len = text.iter().take_while(|&&b| b == fence).count();
    let info_ok = fence == b'~' || !text[len..].contains(&b'`');
    (len >= 3 && info_ok).then_some((fence, len))
}

/// A closing fence for `len` times `fence`: up to three spaces, at least as long a
/// run, then only spaces.
fn closes_fence(text: &[u8], fence: u8, len: usize) -> bool {
    let indent = text.iter().take_while(|&&b| b == b' ').count();
    let text = &text[indent..];
    let run = text.iter().take_while(|&&b| b == fence).count();
    indent < 4 && run >= len && text[run..].iter().all(|&b| b == b' ')
}

/// A thematic break: three or more `*`, `-` or `_`, spaces between them allowed.
fn thematic_break(text: &[u8]) -> bool {
    let Some(&mark @ (b'*' | b'-' | b'_')) = text.first() else {
        return false;
    };
    let marks = text.iter().filter(|&&b| b == mark).count();
    marks >= 3 && text.iter().all(|&b| b == mark || b == b' ')
}

/// A setext underline: a run of `=` or `-`, then only spaces.
fn setext_underline(text: &[u8]) -> bool {
    let Some(&mark @ (b'=' | b'-')) = text.first() else {
        return false;
    };
    let run = text.iter().take_while(|&&b| b == mark).count();
    text[run..].iter().all(|&b| b == b' ')
}

/// Whether `text` could be a table's delimiter row (only `|`, `-`, `:` and spaces,
/// with a `-`), whatever its indent.
fn maybe_delimiter_row(text: &[u8]) -> bool {
    text.contains(&b'-') && text.iter().all(|&b| matches!(b, b'|' | b'-' | b':' | b' '))
}

/// Whether `header` and `delimiter` start a table as GFM reads it: the delimiter
/// row's cells are all `:?-+:?` and there are as many as header cells. Backslashes
/// and backticks (which may or may not split cells) are left to comrak.
fn table_header(header: &[u8], delimiter: &[u8]) -> bool {
    if header.contains(&b'\\') || header.contains(&b'`') {
        return false;
    }
    let (Some(header), Some(delimiter)) = (cells(header), cells(delimiter)) else {
        return false;
    };
    let delimiter_cell = |cell: &[u8]| {
        let cell = cell.trim_ascii();
        let cell = cell.strip_prefix(b":").unwrap_or(cell);
        let cell = cell.strip_suffix(b":").unwrap_or(cell);
        !cell.is_empty() && cell.iter().all(|&b| b == b'-')
    };
    header.len() == delimiter.len() && delimiter.into_iter().all(delimiter_cell)
}

/// The cells of a row split on `|`, leading and trailing pipes optional; `None` if
/// nothing is left.
fn cells(row: &[u8]) -> Option<Vec<&[u8]>> {
    let row = row.trim_ascii();
    let row = row.strip_prefix(b"|").unwrap_or(row);
    let row = row.strip_suffix(b"|").unwrap_or(row);
    (!row.is_empty()).then(|| row.split(|&b| b == b'|').collect())
}

/// HTML block tag names (kind 6), lowercase.
const BLOCK_TAGS: [&str; 62] = [
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// Whether a line starting with `<` (outside a paragraph) starts an HTML block that
/// ends at a blank line (kinds 6 and 7): `Some(true)`, or is paragraph text:
/// `Some(false)`; `None` for the other kinds (1 to 5, which end at a closing marker)
/// and the edge cases left to comrak.
fn html_block_start(text: &[u8]) -> Option<bool> {
    let lower = text.to_ascii_lowercase();
    let special = ["<script", "<pre", "<textarea", "<style", "<!", "<?"];
    if special.iter().any(|s| lower.starts_with(s.as_bytes())) {
        return None;
    }
    let name_start = if lower.get(1) == Some(&b'/') { 2 } else { 1 };
    let name_len = lower[name_start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count();
    let name = &lower[name_start..name_start + name_len];
    if BLOCK_TAGS.iter().any(|tag| tag.as_bytes() == name) {
        match lower.get(name_start + name_len) {
            Some(b' ' | b'>') => return Some(true),
            Some(b'/') if lower.get(name_start + name_len + 1) == Some(&b'>') => {
                return Some(true);
            }
            // At the end of the line the text's last line end matters: leave it.
            None => return None,
            _ => {}
        }
    }
    Some(complete_tag(text).is_some_and(|end| text[end..].iter().all(|&b| b == b' ')))
}

/// The end of the complete open tag (`<a href="x">`) or closing tag (`</a>`) that
/// starts `text`, by CommonMark's definitions (on one line, without tabs).
fn complete_tag(text: &[u8]) -> Option<usize> {
    let name = |at: usize| {
        let len = text[at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        (text.get(at).is_some_and(u8::is_ascii_alphabetic)).then_some(at + len)
    };
    let spaces = |at: usize| at + text[at..].iter().take_while(|&&b| b == b' ').count();
    if text.get(1) == Some(&b'/') {
        let at = spaces(name(2)?);
        return (text.get(at) == Some(&b'>')).then_some(at + 1);
    }
    let mut at = name(1)?;
    loop {
        let after_spaces = spaces(at);
        let attribute = after_spaces > at
            && text
                .get(after_spaces)
                .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_' || b == b':');
        if !attribute {
            break;
        }
        at = after_spaces
            + text[after_spaces..]
                .iter()
                .take_while(|&&b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.' | b'-')
                })
                .count();
        let equals = spaces(at);
        if text.get(equals) == Some(&b'=') {
            let value = spaces(equals + 1);
            at = match text.get(value)? {
                &quote @ (b'"' | b'\'') => {
                    let close = text[value + 1..].iter().position(|&b| b == quote)?;
                    value + 1 + close + 1
                }
                _ => {
                    let len = text[value..]
                        .iter()
                        .take_while(|&&b| {
                            !matches!(b, b' ' | b'"' | b'\'' | b'=' | b'<' | b'>' | b'`')
                        })
                        .count();
                    if len == 0 {
                        return None;
                    }
                    value + len
                }
            };
        }
    }
    let mut at = spaces(at);
    if text.get(at) == Some(&b'/') {
        at += 1;
    }
    (text.get(at) == Some(&b'>')).then_some(at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether every section of `text` is read without comrak.
    fn read_alone(text: &str) -> bool {
        let lines = LineIndex::new(text);
        let section = Section {
            bytes: text.as_bytes(),
            lines: &lines,
        };
        let count = lines.line_count();
        let mut starts = vec![1];
        starts.extend(
            (2..=count)
                .filter(|&line| atx_level(&text.as_bytes()[lines.line_range(line)]).is_some()),
        );
        starts.iter().enumerate().all(|(i, &first)| {
            let last = starts.get(i + 1).map_or(count, |&next| next - 1);
            section.scan(first, last, &mut Vec::new())
        })
    }

    const ENTRY: &str = "## Incident: API outage\n\n\
        ### Severity: HIGH\n\n\
        ### Detected: 2026-03-02T10:00:00Z\n\n\
        ### Description:\n\
        Requests to *some* users failed; see the `deploy` log.\n\
        A second line.\n\n\
        ### Impact:\n\
        <affected systems, users, services>\n\n\
        ### Root Cause:\n\
        <technical root cause>\n\n\
        ### Follow-up Actions:\n\
        - [x] fix the config - @alice - 2026-04-01\n\
        - [ ] add an alert - @bob - 2026-04-01\n  \
          with a continuation line\n\
        lazily continued\n\n\
        ### Fields:\n\
        - **Severity:** HIGH\n\
        - **Follow-ups:**\n  \
          - [ ] nested task\n\n\
        | Level | Definition |\n\
        |-------|:----------:|\n\
        | `CRITICAL` | down |\n\n\
        ```text\nlet x = <y>;\n```\n\n\
        1. one\n\
        2. two\n\n\
        ---\n";

    #[test]
    fn the_shapes_of_incident_logs_are_read_without_comrak() {
        assert!(read_alone(ENTRY));
        assert!(read_alone(&ENTRY.replace('\n', "\r\n")));
        assert!(read_alone(ENTRY.trim_end()));
        let lines = LineIndex::new(ENTRY);
        assert_eq!(
            find(ENTRY, &lines).len(),
            super::super::reference(ENTRY, &lines).len()
        );
    }

    #[test]
    fn what_comrak_must_read_is_left_to_it() {
        for text in [
            "> quote\n",
            "    indented code\n",
            "a\tb\n",
            "Title\n===\n",
            "Title\n---\n",
            "- item\n  ```\n  code\n  ```\n",
            "[a]: /url\n",
            "a\rb\n",
            "<!-- comment -->\n",
            "<div\n",
            "```\nunclosed\n",
            "<div>\nhtml\n## h\n",
            "\u{feff}# bom\n",
            "a | b\n--|--\n",
        ] {
            assert!(!read_alone(text), "{text:?}");
        }
    }

    #[test]
    fn html_block_starts() {
        assert_eq!(html_block_start(b"<technical root cause>"), Some(true));
        assert_eq!(html_block_start(b"<a b=c d='e' f=\"g\" h/>"), Some(true));
        assert_eq!(html_block_start(b"</x >"), Some(true));
        assert_eq!(html_block_start(b"<DIV class"), Some(true));
        assert_eq!(html_block_start(b"<affected systems, users>"), Some(false));
        assert_eq!(html_block_start(b"<a>text"), Some(false));
        assert_eq!(html_block_start(b"<a b=>"), Some(false));
        assert_eq!(html_block_start(b"<pre>"), None);
        assert_eq!(html_block_start(b"<!-- x"), None);
        assert_eq!(html_block_start(b"<div"), None);
    }

    #[test]
    fn a_defined_x_label_is_noticed() {
        assert!(defines_x_label("[x]: /url"));
        assert!(defines_x_label("[ X\n]:\n/url"));
        assert!(!defines_x_label("[y]: /url [x] ]:"));
    }
}
