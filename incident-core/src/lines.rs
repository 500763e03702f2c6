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
    starts: Offsets,
    /// Byte offset just past the content of each line (where its terminator begins).
    ends: Offsets,
}

/// Byte offsets, four bytes each for a text under 4 GiB (every log): the index of a log of short
/// lines was as large as its text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Offsets {
    Narrow(Vec<u32>),
    Wide(Vec<usize>),
}

impl Offsets {
    #[inline]
    fn get(&self, i: usize) -> usize {
        match self {
            Offsets::Narrow(v) => v[i] as usize,
            Offsets::Wide(v) => v[i],
        }
    }

    #[inline]
    fn len(&self) -> usize {
        match self {
            Offsets::Narrow(v) => v.len(),
            Offsets::Wide(v) => v.len(),
        }
    }

    /// How many offsets are at most `offset`.
    fn count_up_to(&self, offset: usize) -> usize {
        match self {
            Offsets::Narrow(v) => v.partition_point(|&o| o as usize <= offset),
            Offsets::Wide(v) => v.partition_point(|&o| o <= offset),
        }
    }
}

/// The starts and ends of the lines of `bytes`, each offset made a `T` by `offset`.
fn index_lines<T>(bytes: &[u8], offset: impl Fn(usize) -> T) -> (Vec<T>, Vec<T>) {
    // One line per `\n` and one more, counted first (memchr counts a byte with SIMD): the
    // vectors are then the right size for LF and CRLF texts. Lone `\r`s grow them, and any
    // room left over is given back below.
    let lines = memchr::memchr_iter(b'\n', bytes).count() + 1;
    let mut starts = Vec::with_capacity(lines);
    starts.push(offset(0));
    let mut ends = Vec::with_capacity(lines);
    let mut i = 0;
    while let Some(found) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
        let at = i + found;
        ends.push(offset(at));
        i = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
            at + 2
        } else {
            at + 1
        };
        starts.push(offset(i));
    }
    ends.push(offset(bytes.len()));
    if starts.len() < starts.capacity() {
        starts.shrink_to_fit();
        ends.shrink_to_fit();
    }
    (starts, ends)
}

impl LineIndex {
    /// Indexes the lines of `text`.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        if u32::try_from(bytes.len()).is_ok() {
            // Every offset, `bytes.len()` included, fits.
            let (starts, ends) = index_lines(bytes, |o| o as u32);
            LineIndex {
                starts: Offsets::Narrow(starts),
                ends: Offsets::Narrow(ends),
            }
        } else {
            let (starts, ends) = index_lines(bytes, |o| o);
            LineIndex {
                starts: Offsets::Wide(starts),
                ends: Offsets::Wide(ends),
            }
        }
    }

    /// The index of `text`, which is the text this index was built from with only the bytes in
    /// `changed` (a range of the old text) replaced: the lines before and after the change are
    /// taken over, shifted, and only the lines around it are indexed again. An edit of a large
    /// text then costs what it changes, not a scan of the whole.
    ///
    /// ```
    /// use incident_core::LineIndex;
    /// let old = "a\nb\nc\nd\n";
    /// let new = "a\nb\nXX\nY\nc\nd\n";
    /// let index = LineIndex::new(old).spliced(4..4, new);
    /// assert_eq!(index, LineIndex::new(new));
    /// ```
    pub fn spliced(&self, changed: Range<usize>, text: &str) -> LineIndex {
        let old_len = self.ends.get(self.ends.len() - 1);
        let (Offsets::Narrow(starts), Offsets::Narrow(ends)) = (&self.starts, &self.ends) else {
            return LineIndex::new(text);
        };
        let Some(added) = (text.len() as isize).checked_sub(old_len as isize) else {
            return LineIndex::new(text);
        };
        if changed.start > changed.end
            || changed.end > old_len
            || u32::try_from(text.len()).is_err()
            || (changed.end as isize + added) < changed.start as isize
        {
            return LineIndex::new(text);
        }
        // From the start of the line before the changed one: every byte up to it, and the byte
        // at it, are unchanged, so it starts a line in the new text too (a `\r` before the
        // change can no longer pair with a `\n` the change puts after it).
        let first = self.line_of(changed.start).saturating_sub(2);
        let from = starts[first] as usize;
        // Up to the first line that starts past the change: the terminator before it is
        // unchanged, and so is the byte it starts with (a lone `\r` stays lone), so the lines
        // from there on are the old ones, moved.
        let after = starts.partition_point(|&s| (s as usize) <= changed.end);
        let until = starts
            .get(after)
            .map(|&s| (s as isize + added) as usize)
            .unwrap_or(text.len() + 1);
        let bytes = text.as_bytes();
        let mut new_starts = Vec::with_capacity(starts.len() + 8);
        let mut new_ends = Vec::with_capacity(starts.len() + 8);
        new_starts.extend_from_slice(&starts[..first]);
        new_ends.extend_from_slice(&ends[..first]);
        new_starts.push(from as u32);
        let mut i = from;
        loop {
            let Some(found) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) else {
                new_ends.push(text.len() as u32);
                break;
            };
            let at = i + found;
            new_ends.push(at as u32);
            i = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            if i >= until {
                if i != until {
                    // Not where the old lines resume: cannot happen, but a whole index is
                    // never wrong.
                    return LineIndex::new(text);
                }
                let shift = |o: &u32| (*o as isize + added) as u32;
                new_starts.extend(starts[after..].iter().map(shift));
                new_ends.extend(ends[after..].iter().map(shift));
                break;
            }
            new_starts.push(i as u32);
        }
        LineIndex {
            starts: Offsets::Narrow(new_starts),
            ends: Offsets::Narrow(new_ends),
        }
    }

    /// Number of lines, always at least 1 (see the type documentation).
    #[inline]
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset at which 1-based `line` starts.
    ///
    /// # Panics
    ///
    /// If `line` is 0 or greater than [`line_count`](Self::line_count).
    #[inline]
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(Self::index(line))
    }

    /// Byte range of the content of 1-based `line`, without its terminator.
    ///
    /// # Panics
    ///
    /// If `line` is 0 or greater than [`line_count`](Self::line_count).
    #[inline]
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let index = Self::index(line);
        self.starts.get(index)..self.ends.get(index)
    }

    /// 1-based line containing byte `offset`.
    ///
    /// Offsets inside a line terminator belong to the line it ends; offsets past the
    /// end of the text belong to the last line.
    pub fn line_of(&self, offset: usize) -> usize {
        // `starts[0] == 0 <= offset`, so the partition point is at least 1.
        self.starts.count_up_to(offset)
    }

    /// Line and column of byte `offset` in `text`, which must be the text this index
    /// was built from.
    ///
    /// Offsets past the end of `text` are clamped to its end. An offset inside a
    /// multi-byte character gets the column of that character.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.starts.get(line - 1).min(offset);
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

    #[inline]
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
#[inline]
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

/// `str::trim_start`, with the same ASCII fast path as [`trim`].
///
/// ```
/// use incident_core::lines::trim_start;
/// assert_eq!(trim_start("  - a "), "- a ");
/// assert_eq!(trim_start("\u{a0}x"), "x");
/// ```
#[inline]
pub fn trim_start(text: &str) -> &str {
    let t = text.trim_ascii_start();
    match t.as_bytes().first() {
        Some(&b) if b == 0x0b || b >= 0x80 => t.trim_start(),
        _ => t,
    }
}

/// [`trim`] as a method, for the readers' chains of string calls (`label.trim_ws()`).
pub trait TrimWs {
    /// [`trim`] of the text.
    fn trim_ws(&self) -> &str;
    /// [`trim_start`] of the text.
    fn trim_start_ws(&self) -> &str;
}

impl TrimWs for str {
    #[inline]
    fn trim_ws(&self) -> &str {
        trim(self)
    }
    #[inline]
    fn trim_start_ws(&self) -> &str {
        trim_start(self)
    }
}

#[cfg(test)]
mod trim_tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn trim_is_str_trim(text in "([ \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{2003}ax]|é){0,10}") {
            prop_assert_eq!(super::trim(&text), text.trim());
            prop_assert_eq!(super::trim_start(&text), text.trim_start());
        }
    }
}

#[cfg(test)]
mod index_tests {
    use super::*;
    use proptest::prelude::*;

    /// The lines of `text` found one character at a time: (start, end) of each.
    fn lines_by_hand(text: &str) -> Vec<(usize, usize)> {
        let b = text.as_bytes();
        let (mut out, mut start, mut i) = (Vec::new(), 0, 0);
        while i < b.len() {
            match b[i] {
                b'\r' if b.get(i + 1) == Some(&b'\n') => {
                    out.push((start, i));
                    i += 2;
                    start = i;
                }
                b'\n' | b'\r' => {
                    out.push((start, i));
                    i += 1;
                    start = i;
                }
                _ => i += 1,
            }
        }
        out.push((start, b.len()));
        out
    }

    proptest! {
        #[test]
        fn the_index_finds_the_lines_found_by_hand(text in "([\r\n]|\r\n|[ax]|é){0,40}") {
            let index = LineIndex::new(&text);
            let lines = lines_by_hand(&text);
            prop_assert_eq!(index.line_count(), lines.len());
            for (k, &(start, end)) in lines.iter().enumerate() {
                prop_assert_eq!(index.line_range(k + 1), start..end);
                prop_assert_eq!(index.line_start(k + 1), start);
            }
            for offset in 0..=text.len() + 1 {
                let by_hand = lines.iter().rposition(|&(s, _)| s <= offset).unwrap() + 1;
                prop_assert_eq!(index.line_of(offset), by_hand);
            }
        }
    }

    proptest! {
        #[test]
        fn a_spliced_index_is_the_index_of_the_new_text(
            text in "([\r\n]|\r\n|[ax]){0,40}",
            at in 0usize..41,
            len in 0usize..6,
            with in "([\r\n]|\r\n|[ax]){0,8}",
        ) {
            let start = at.min(text.len());
            let end = (start + len).min(text.len());
            let mut new = text.clone();
            new.replace_range(start..end, &with);
            let spliced = LineIndex::new(&text).spliced(start..end, &new);
            prop_assert_eq!(spliced, LineIndex::new(&new), "{:?} -> {:?}", text, new);
        }
    }

    #[test]
    fn a_spliced_index_takes_over_the_lines_far_from_the_change() {
        let old = "one\r\ntwo\r\nthree\r\nfour\r\nfive\r\n";
        let new = old.replace("three", "3\n3\r");
        let at = old.find("three").unwrap();
        let index = LineIndex::new(old).spliced(at..at + 5, &new);
        assert_eq!(index, LineIndex::new(&new));
        assert_eq!(index.line_count(), 8);
    }

    #[test]
    fn offsets_are_narrow_for_texts_under_four_gigabytes() {
        let index = LineIndex::new("a\nb");
        assert!(matches!(index.starts, Offsets::Narrow(_)));
        assert_eq!(index.line_range(2), 2..3);
    }
}
