//! Lines end at `\n`, at `\r\n` and at a lone `\r`, exactly as CommonMark (and
//! therefore comrak) counts them, so a line number reported by the parser can be
//! mapped back to a byte offset in the original text.

use std::fmt;
use std::ops::Range;

/// A 1-based line and column in a source text.
///
/// The column counts Unicode scalar values (`char`s) from the start of the line, so
/// `é` and `好` each advance it by one, and a tab counts as one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in `char`s from the start of the line.
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// The byte offsets at which the lines of a text start and end.
///
/// A text with `k` line terminators has `k + 1` lines: the last line is whatever
/// follows the last terminator, and is empty when the text ends with a terminator
/// (or is empty). Every byte offset from `0` to `text.len()` inclusive therefore
/// belongs to exactly one line; the bytes of a terminator belong to the line they end.
///
/// ```
/// use incident_core::LineIndex;
///
/// let text = "a\r\nb\rc\n";
/// let lines = LineIndex::new(text);
/// assert_eq!(lines.line_count(), 4);
/// assert_eq!(lines.line_range(1), 0..1);
/// assert_eq!(lines.line_range(2), 3..4);
/// assert_eq!(lines.line_range(3), 5..6);
/// assert_eq!(lines.line_range(4), 7..7);
/// assert_eq!(lines.line_of(4), 2);
/// assert_eq!(lines.position(text, 5).to_string(), "3:1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset of the first byte of each line.
    starts: Vec<usize>,
    /// Byte offset just past the content of each line (where its terminator begins).
    ends: Vec<usize>,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        // Lines of logs average a few tens of bytes: reserve for that, and find line ends
        // with SIMD.
        let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
        starts.push(0);
        let mut ends = Vec::with_capacity(bytes.len() / 32 + 1);
        let mut i = 0;
        while let Some(found) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + found;
            ends.push(at);
            i = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(i);
        }
        ends.push(bytes.len());
        LineIndex { starts, ends }
    }

    /// Number of lines, always at least 1 (see the type documentation).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset at which 1-based `line` starts.
    ///
    /// # Panics
    ///
    /// If `line` is 0 or greater than [`line_count`](Self::line_count).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[Self::index(line)]
    }

    /// Byte range of the content of 1-based `line`, without its terminator.
    ///
    /// # Panics
    ///
    /// If `line` is 0 or greater than [`line_count`](Self::line_count).
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let index = Self::index(line);
        self.starts[index]..self.ends[index]
    }

    /// 1-based line containing byte `offset`.
    ///
    /// Offsets inside a line terminator belong to the line it ends; offsets past the
    /// end of the text belong to the last line.
    pub fn line_of(&self, offset: usize) -> usize {
        // `starts[0] == 0 <= offset`, so the partition point is at least 1.
        self.starts.partition_point(|&start| start <= offset)
    }

    /// Line and column of byte `offset` in `text`, which must be the text this index
    /// was built from.
    ///
    /// Offsets past the end of `text` are clamped to its end. An offset inside a
    /// multi-byte character gets the column of that character.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.starts[line - 1].min(offset);
        // Count the bytes that begin a character (everything but continuation bytes).
        let chars = text.as_bytes()[start..offset]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count();
        Position {
            line,
            column: chars + 1,
        }
    }

    fn index(line: usize) -> usize {
        assert!(line >= 1, "line numbers are 1-based");
        line - 1
    }
}
/// `str::trim`, exactly (Unicode whitespace included), but quick on the ASCII text logs are
/// made of: the readers trim most values several times, and `str::trim` decodes every
/// character it looks at.
///
/// ```
/// use incident_core::lines::trim;
/// assert_eq!(trim("  a b \t\n"), "a b");
/// assert_eq!(trim("\u{a0}\u{b}x\u{2003}"), "x");
/// ```
pub fn trim(text: &str) -> &str {
    let t = text.trim_ascii();
    // `trim_ascii` leaves what `str::trim` would also take: a vertical tab, or whitespace
    // beyond ASCII at either end.
    let unsure = |b: Option<&u8>| b.is_some_and(|&b| b == 0x0b || b >= 0x80);
    if unsure(t.as_bytes().first()) || unsure(t.as_bytes().last()) {
        t.trim()
    } else {
        t
    }
}

/// [`trim`] as a method, for the readers' chains of string calls (`label.trim_ws()`).
pub trait TrimWs {
    /// [`trim`] of the text.
    fn trim_ws(&self) -> &str;
}

impl TrimWs for str {
    fn trim_ws(&self) -> &str {
        trim(self)
    }
}

#[cfg(test)]
mod trim_tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn trim_is_str_trim(text in "([ \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{2003}ax]|é){0,10}") {
            prop_assert_eq!(super::trim(&text), text.trim());
        }
    }
}
