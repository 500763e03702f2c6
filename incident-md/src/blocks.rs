//! [comrak] is used only to find *where* blocks start: each top-level block is
//! anchored on the line comrak reports it to start on, and everything else (where it
//! ends, heading text, task boxes, table cells) is measured on the source text itself.
//! comrak's end positions are not used, because they are not always reliable (an end
//! can be reported as column 0 of the next line, or cut short after an unclosed code
//! fence inside a list item), and comrak's columns are not byte offsets into the
//! original text when the input contains NUL characters (replaced by U+FFFD).
//!
//! A block's span runs from the start of its first line to the end of its last
//! non-blank line before the next top-level block starts (or the end of the text),
//! without the final line terminator. ATX headings and thematic breaks are always one
//! line, and a setext heading ends at its underline. Whatever lies between two blocks
//! (blank lines, link reference definitions after a one-line block) belongs to no
//! block: it is simply part of the source, which the document keeps verbatim.
//!
//! Where blocks start is found by a line scanner that reads the shapes incident logs
//! are made of (ATX headings, thematic breaks, fenced code, paragraphs, simple lists
//! with task boxes, pipe tables, HTML blocks that end at a blank line) and hands every
//! other region to comrak, cut at column-0 ATX headings where CommonMark's block state
//! is empty. Its result is the same as comrak's on the whole text: a differential test
//! (`tests/scanner.rs`) holds it to [`reference`], which is that whole-text pass.
//!
//! Nothing here recurses along the input's nesting: only the children of the document
//! and the items and rows of top-level lists and tables are looked at. comrak itself
//! builds its tree without recursion (100,000 nested block quotes parse fine on a
//! 2 MiB thread stack) and caps list nesting at 100 levels.

use std::ops::Range;

use comrak::nodes::NodeValue;
use comrak::{Arena, Options, parse_document};

use crate::lines::LineIndex;

mod scan;

/// A top-level block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What kind of block this is, with its inner structure.
    pub kind: BlockKind,
    /// Bytes of the block: from the start of its first line to the end of its last
    /// line, without that line's terminator.
    pub span: Range<usize>,
    /// 1-based line the block starts on.
    pub first_line: usize,
    /// 1-based line the block ends on.
    pub last_line: usize,
}

/// The kind of a [`Block`], with the structure needed to read and edit it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BlockKind {
    /// An ATX (`## Title`) or setext (`Title` underlined with `===` or `---`) heading.
    Heading {
        /// Heading level, 1 to 6 (setext headings are 1 or 2).
        level: u8,
        /// Whether the heading is a setext heading.
        setext: bool,
        /// The heading text: for ATX headings, what follows the opening `#`s, without
        /// surrounding spaces and tabs and without an optional closing `#` sequence;
        /// for setext headings, the text lines above the underline, trimmed.
        content: Range<usize>,
    },
    /// A paragraph.
    Paragraph,
    /// A bullet or ordered list.
    List {
        /// The list's own items (nested lists are part of their item's span).
        items: Vec<ListItem>,
    },
    /// A GFM table.
    Table {
        /// The header row followed by the body rows (the delimiter row is skipped).
        rows: Vec<TableRow>,
    },
    /// A fenced or indented code block.
    CodeBlock {
        /// Whether the block is fenced (with backticks or tildes).
        fenced: bool,
    },
    /// A raw HTML block.
    HtmlBlock,
    /// A thematic break (`---`, `***`, `___`).
    ThematicBreak,
    /// A block quote (`> ...`).
    BlockQuote,
    /// Any other block.
    Other,
}

/// A top-level item of a [`BlockKind::List`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    /// The item's lines, from the start of the line holding its marker to the end of
    /// its last non-blank line, without the final terminator.
    pub span: Range<usize>,
    /// The item's task box, if it is a task list item (`- [ ] ...`).
    pub task: Option<TaskBox>,
}

/// The checkbox of a task list item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TaskBox {
    /// Whether the box is checked (`[x]` or `[X]`).
    pub checked: bool,
    /// Byte offset of the single character between `[` and `]`: replacing that one
    /// byte with `x` or a space toggles the box.
    pub offset: usize,
}

/// A row of a [`BlockKind::Table`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The row's line, without its terminator.
    pub span: Range<usize>,
    /// Text of each cell, without surrounding spaces and tabs, found by splitting the
    /// line on unescaped `|` (leading and trailing pipes are optional). These are the
    /// cells written in the source: a short row has fewer cells than the header.
    pub cells: Vec<Range<usize>>,
}

/// Finds the top-level blocks of `source`, whose lines are indexed by `lines`.
///
/// Never panics, whatever the input; blocks are in source order, their spans do not
/// overlap and each starts at the start of a line.
///
/// The blocks are found by a line scanner that asks comrak only about the regions it
/// cannot read itself (see the module documentation); the result is the same as [`reference`]'s.
pub fn parse_blocks(source: &str, lines: &LineIndex) -> Vec<Block> {
    measure(source, lines, &scan::find(source, lines))
}

/// Whether `source` may define a link reference `[x]`, which makes `[x]` in a list item a link
/// rather than a task box wherever it is (conservative).
pub(crate) fn may_define_x_label(source: &str) -> bool {
    scan::defines_x_label(source)
}

/// Finds the top-level blocks of `source` by parsing the whole text with comrak: what
/// [`parse_blocks`] did before it had a scanner, kept as the reference it is tested
/// against.
#[doc(hidden)]
pub fn reference(source: &str, lines: &LineIndex) -> Vec<Block> {
    let mut found = Vec::new();
    keep(&mut found, comrak_found(source), 1, lines.line_count());
    measure(source, lines, &found)
}

/// Measures the blocks whose start lines (and inner structure) are `found`.
fn measure(source: &str, lines: &LineIndex, found: &[Found]) -> Vec<Block> {
    let mut blocks = Vec::with_capacity(found.len());
    for (i, raw) in found.iter().enumerate() {
        let limit = found
            .get(i + 1)
            .map_or(lines.line_count(), |next| next.line - 1);
        let text = Text { source, lines };
        blocks.push(text.block(raw, limit));
    }
    blocks
}

/// A top-level block as found by comrak: its start line and what is needed of its
/// inner structure, all as line (and column) numbers.
#[derive(Debug)]
struct Found {
    line: usize,
    kind: FoundKind,
}

#[derive(Debug)]
enum FoundKind {
    Heading {
        level: u8,
        setext: bool,
    },
    Paragraph,
    /// Start line of each item, and the line and column of its task symbol.
    List {
        items: Vec<(usize, Option<(usize, usize)>)>,
    },
    /// Start line of each row.
    Table {
        rows: Vec<usize>,
    },
    CodeBlock {
        fenced: bool,
    },
    HtmlBlock,
    ThematicBreak,
    BlockQuote,
    Other,
}

/// Appends to `found` the blocks of a region whose first line is line `first` of the
/// document, keeping those with strictly increasing start lines within `first..=last`.
fn keep(found: &mut Vec<Found>, region: Vec<Found>, first: usize, last: usize) {
    for mut block in region {
        if block.line == 0 {
            continue;
        }
        block.line += first - 1;
        let after_previous = found
            .last()
            .is_none_or(|previous| block.line > previous.line);
        if block.line > last || !after_previous {
            continue;
        }
        if let FoundKind::List { items } = &mut block.kind {
            for (line, task) in items {
                *line += first - 1;
                if let Some((at, _)) = task {
                    *at += first - 1;
                }
            }
        }
        if let FoundKind::Table { rows } = &mut block.kind {
            for row in rows {
                *row += first - 1;
            }
        }
        found.push(block);
    }
}

/// Runs comrak on `text` and collects its top-level blocks, with line numbers of `text`
/// (line 0 where comrak reports no position).
fn comrak_found(source: &str) -> Vec<Found> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.tasklist = true;
    let arena = Arena::new();
    let root = parse_document(&arena, source, &options);

    let mut found: Vec<Found> = Vec::new();
    for node in root.children() {
        let ast = node.data();
        let line = ast.sourcepos.start.line;
        let kind = match &ast.value {
            NodeValue::Heading(heading) => FoundKind::Heading {
                level: heading.level,
                setext: heading.setext,
            },
            NodeValue::Paragraph => FoundKind::Paragraph,
            NodeValue::List(_) => {
                let items = node
                    .children()
                    .filter_map(|item| {
                        let item = item.data();
                        let task = match &item.value {
                            NodeValue::Item(_) => None,
                            NodeValue::TaskItem(task) => {
                                let at = task.symbol_sourcepos.start;
                                Some((at.line, at.column))
                            }
                            _ => return None,
                        };
                        Some((item.sourcepos.start.line, task))
                    })
                    .collect();
                FoundKind::List { items }
            }
            NodeValue::Table(_) => FoundKind::Table {
                rows: node
                    .children()
                    .filter(|row| matches!(row.data().value, NodeValue::TableRow(_)))
                    .map(|row| row.data().sourcepos.start.line)
                    .collect(),
            },
            NodeValue::CodeBlock(code) => FoundKind::CodeBlock {
                fenced: code.fenced,
            },
            NodeValue::HtmlBlock(_) => FoundKind::HtmlBlock,
            NodeValue::ThematicBreak => FoundKind::ThematicBreak,
            NodeValue::BlockQuote => FoundKind::BlockQuote,
            _ => FoundKind::Other,
        };
        found.push(Found { line, kind });
    }
    found
}

/// The source text with its line index, for measuring blocks.
#[derive(Clone, Copy)]
struct Text<'a> {
    source: &'a str,
    lines: &'a LineIndex,
}

const BOM: &str = "\u{feff}";

fn is_space(byte: u8) -> bool {
    byte == b' ' || byte == b'\t'
}

impl Text<'_> {
    fn bytes(&self) -> &[u8] {
        self.source.as_bytes()
    }

    /// Builds the block found at `raw.line`, which may extend up to line `limit`.
    fn block(self, raw: &Found, limit: usize) -> Block {
        let first = raw.line;
        let mut last = self.last_non_blank(first, limit);
        let kind = match &raw.kind {
            FoundKind::Heading {
                level,
                setext: false,
            } => {
                last = first;
                BlockKind::Heading {
                    level: *level,
                    setext: false,
                    content: self.atx_content(self.lines.line_range(first)),
                }
            }
            FoundKind::Heading {
                level,
                setext: true,
            } => {
                if let Some(underline) =
                    (first + 1..=last).find(|&line| self.is_setext_underline(line))
                {
                    last = underline;
                }
                let text_end = self.lines.line_range((last - 1).max(first)).end;
                BlockKind::Heading {
                    level: *level,
                    setext: true,
                    content: self.trim(self.lines.line_start(first)..text_end),
                }
            }
            FoundKind::ThematicBreak => {
                last = first;
                BlockKind::ThematicBreak
            }
            FoundKind::Paragraph => BlockKind::Paragraph,
            FoundKind::List { items } => BlockKind::List {
                items: self.list_items(items, first, last),
            },
            FoundKind::Table { rows } => BlockKind::Table {
                rows: self.table_rows(rows, first, last),
            },
            FoundKind::CodeBlock { fenced } => BlockKind::CodeBlock { fenced: *fenced },
            FoundKind::HtmlBlock => BlockKind::HtmlBlock,
            FoundKind::BlockQuote => BlockKind::BlockQuote,
            FoundKind::Other => BlockKind::Other,
        };
        Block {
            kind,
            span: self.lines_span(first, last),
            first_line: first,
            last_line: last,
        }
    }

    /// From the start of line `first` to the end of the content of line `last`.
    fn lines_span(self, first: usize, last: usize) -> Range<usize> {
        self.lines.line_start(first)..self.lines.line_range(last).end
    }

    /// A line is blank if it holds nothing but spaces and tabs.
    fn is_blank(self, line: usize) -> bool {
        self.bytes()[self.lines.line_range(line)]
            .iter()
            .all(|&b| is_space(b))
    }

    /// The last non-blank line in `first..=last`, or `first` if all are blank.
    fn last_non_blank(self, first: usize, last: usize) -> usize {
        (first..=last)
            .rev()
            .find(|&line| !self.is_blank(line))
            .unwrap_or(first)
    }

    /// `range` without leading and trailing spaces and tabs (and without a byte order
    /// mark at the very start of the text).
    fn trim(self, range: Range<usize>) -> Range<usize> {
        let bytes = self.bytes();
        let mut start = range.start;
        let mut end = range.end;
        if start == 0 && self.source.starts_with(BOM) && end >= BOM.len() {
            start = BOM.len();
        }
        while start < end && is_space(bytes[start]) {
            start += 1;
        }
        while end > start && is_space(bytes[end - 1]) {
            end -= 1;
        }
        start..end
    }

    /// The text of an ATX heading whose line content is `line`.
    fn atx_content(self, line: Range<usize>) -> Range<usize> {
        let bytes = self.bytes();
        let trimmed = self.trim(line);
        let (mut start, mut end) = (trimmed.start, trimmed.end);
        let hashes = start;
        while start < end && bytes[start] == b'#' {
            start += 1;
        }
        if start == hashes {
            // Not what comrak told us; keep the whole line rather than guess.
            return trimmed;
        }
        while start < end && is_space(bytes[start]) {
            start += 1;
        }
        let mut closing = end;
        while closing > start && bytes[closing - 1] == b'#' {
            closing -= 1;
        }
        if closing < end && (closing == start || is_space(bytes[closing - 1])) {
            end = closing;
            while end > start && is_space(bytes[end - 1]) {
                end -= 1;
            }
        }
        start..end
    }

    /// Whether `line` is a setext underline: up to three spaces, a run of `=` or of
    /// `-`, then only spaces and tabs.
    fn is_setext_underline(self, line: usize) -> bool {
        let text = &self.bytes()[self.lines.line_range(line)];
        let indent = text.iter().take_while(|&&b| b == b' ').count();
        if indent > 3 {
            return false;
        }
        let text = &text[indent..];
        match text.first() {
            Some(&marker @ (b'=' | b'-')) => {
                let run = text.iter().take_while(|&&b| b == marker).count();
                text[run..].iter().all(|&b| is_space(b))
            }
            _ => false,
        }
    }

    fn list_items(
        self,
        items: &[(usize, Option<(usize, usize)>)],
        first: usize,
        last: usize,
    ) -> Vec<ListItem> {
        let mut kept: Vec<(usize, Option<(usize, usize)>)> = Vec::with_capacity(items.len());
        for &(line, task) in items {
            let in_block = (first..=last).contains(&line);
            if in_block && kept.last().is_none_or(|&(previous, _)| line > previous) {
                kept.push((line, task));
            }
        }
        kept.iter()
            .enumerate()
            .map(|(i, &(line, task))| {
                let limit = kept.get(i + 1).map_or(last, |&(next, _)| next - 1);
                let end = self.last_non_blank(line, limit);
                ListItem {
                    span: self.lines_span(line, end),
                    task: task
                        .and_then(|(at_line, column)| self.task_box(line, end, at_line, column)),
                }
            })
            .collect()
    }

    /// The task box of the item on lines `first..=last`, whose symbol comrak places
    /// at line `at_line`, 1-based byte column `column`.
    fn task_box(self, first: usize, last: usize, at_line: usize, column: usize) -> Option<TaskBox> {
        if !(first..=last).contains(&at_line) {
            return None;
        }
        let bytes = self.bytes();
        let line = self.lines.line_range(at_line);
        let is_box = |offset: usize| {
            offset > line.start
                && offset + 1 < line.end
                && bytes[offset - 1] == b'['
                && matches!(bytes[offset], b' ' | b'x' | b'X')
                && bytes[offset + 1] == b']'
        };
        // comrak's column is a byte column, except after a NUL it replaced by the
        // three-byte U+FFFD: then fall back to the first `[` of the line, which is
        // the box (only the list marker and spaces can precede it).
        let hinted = (line.start + column).checked_sub(1).filter(|&o| is_box(o));
        let offset = hinted.or_else(|| {
            let open = bytes[line.clone()].iter().position(|&b| b == b'[')?;
            Some(line.start + open + 1).filter(|&o| is_box(o))
        })?;
        Some(TaskBox {
            checked: bytes[offset] != b' ',
            offset,
        })
    }

    fn table_rows(self, rows: &[usize], first: usize, last: usize) -> Vec<TableRow> {
        let mut kept: Vec<usize> = Vec::with_capacity(rows.len());
        for &line in rows {
            if (first..=last).contains(&line) && kept.last().is_none_or(|&previous| line > previous)
            {
                kept.push(line);
            }
        }
        kept.into_iter()
            .map(|line| {
                let span = self.lines.line_range(line);
                TableRow {
                    cells: self.cells(span.clone()),
                    span,
                }
            })
            .collect()
    }

    /// Splits a table row on unescaped `|`; leading and trailing pipes are optional.
    fn cells(self, row: Range<usize>) -> Vec<Range<usize>> {
        let bytes = self.bytes();
        let Range { mut start, end } = self.trim(row);
        if start < end && bytes[start] == b'|' {
            start += 1;
        }
        let mut cells = Vec::new();
        let mut cell_start = start;
        let mut i = start;
        while i < end {
            match bytes[i] {
                b'\\' => i += 2,
                b'|' => {
                    cells.push(self.trim(cell_start..i));
                    i += 1;
                    cell_start = i;
                }
                _ => i += 1,
            }
        }
        if cell_start < end {
            cells.push(self.trim(cell_start..end));
        }
        cells
    }
}

/// What an edit of a text needs to scan again, planned on the text before the edit (which the
/// splice then changes in place: no copy of it is kept).
///
/// Only the region from the last column-0 ATX heading before the edited bytes to the first one
/// after them is scanned again: CommonMark's block state is empty before such a heading, so the
/// blocks before the region are those of the old text, and those after it the old ones moved
/// by what the edit added, provided the heading after the edits is still one when the region is
/// read (else everything is scanned again). The caller reads whole a text that may define `[x]`.
pub(crate) struct Rescan {
    old_blocks: Vec<Block>,
    old_lines: usize,
    /// The last cut heading before the edits, and the first after them (indices of blocks).
    before: Option<usize>,
    after: Option<usize>,
}

impl Rescan {
    /// Plans the scan after replacing the bytes `edited` of `old` (from the first edit's start to
    /// the last one's end); `old_blocks` are its blocks, over `old_lines` lines.
    pub(crate) fn plan(
        old: &str,
        old_blocks: Vec<Block>,
        old_lines: usize,
        edited: Range<usize>,
    ) -> Rescan {
        let cut = |b: &Block| {
            matches!(b.kind, BlockKind::Heading { setext: false, .. })
                && old.as_bytes().get(b.span.start) == Some(&b'#')
        };
        let before = old_blocks
            .iter()
            .rposition(|b| cut(b) && b.span.end < edited.start);
        let after = old_blocks
            .iter()
            .position(|b| cut(b) && b.span.start > edited.end);
        Rescan {
            old_blocks,
            old_lines,
            before,
            after,
        }
    }

    /// The blocks of `new`, the text the edit made, which added `moved` bytes in all; `lines`
    /// indexes `new`.
    pub(crate) fn blocks(self, moved: isize, new: &str, lines: &LineIndex) -> Vec<Block> {
        let Rescan {
            old_blocks,
            old_lines,
            before,
            after,
        } = self;
        let start = before.map_or(0, |k| old_blocks[k].span.start);
        let first_line = before.map_or(1, |k| old_blocks[k].first_line);
        // The heading after the edits, in the new text: read with the region, to see it is one.
        let next = after.map(|k| {
            let span = &old_blocks[k].span;
            span.start.wrapping_add_signed(moved)..span.end.wrapping_add_signed(moved)
        });
        let end = next.as_ref().map_or(new.len(), |n| n.end);
        let Some(region) = new.get(start..end) else {
            return parse_blocks(new, lines);
        };
        let mut middle = parse_blocks(region, &LineIndex::new(region));
        if let Some(next) = &next {
            let still_a_heading = middle.last().is_some_and(|b| {
                matches!(b.kind, BlockKind::Heading { setext: false, .. })
                    && b.span.start + start == next.start
            });
            if !still_a_heading {
                return parse_blocks(new, lines);
            }
            middle.pop();
        }
        let line_shift = first_line as isize - 1;
        let added_lines = lines.line_count() as isize - old_lines as isize;
        let mut blocks = old_blocks;
        let suffix: Vec<Block> = match after {
            Some(k) => blocks.drain(k..).collect(),
            None => Vec::new(),
        };
        blocks.truncate(before.unwrap_or(0));
        blocks.reserve_exact(middle.len() + suffix.len());
        blocks.extend(middle.into_iter().map(|mut b| {
            b.shift(start as isize, line_shift);
            b
        }));
        blocks.extend(suffix.into_iter().map(|mut b| {
            b.shift(moved, added_lines);
            b
        }));
        blocks
    }
}

impl Block {
    /// The same block `bytes` further in the text and `lines` lines further down.
    fn shift(&mut self, bytes: isize, lines: isize) {
        let by = |r: &mut Range<usize>| {
            *r = r.start.wrapping_add_signed(bytes)..r.end.wrapping_add_signed(bytes);
        };
        by(&mut self.span);
        self.first_line = self.first_line.wrapping_add_signed(lines);
        self.last_line = self.last_line.wrapping_add_signed(lines);
        match &mut self.kind {
            BlockKind::Heading { content, .. } => by(content),
            BlockKind::List { items } => {
                for item in items {
                    by(&mut item.span);
                    if let Some(task) = &mut item.task {
                        task.offset = task.offset.wrapping_add_signed(bytes);
                    }
                }
            }
            BlockKind::Table { rows } => {
                for row in rows {
                    by(&mut row.span);
                    row.cells.iter_mut().for_each(by);
                }
            }
            BlockKind::Paragraph
            | BlockKind::CodeBlock { .. }
            | BlockKind::HtmlBlock
            | BlockKind::ThematicBreak
            | BlockKind::BlockQuote
            | BlockKind::Other => {}
        }
    }
}
