//! One finding as `check` prints it: annotate-snippets' layout, written directly when it can be.
//!
//! annotate-snippets lays out every message with a general algorithm (a character grid, margins
//! for long lines, tab and wide-character handling); on a log with tens of thousands of findings
//! that was most of `check`'s time. A finding is one source line with one annotation, so where
//! none of those cases arise (plain output, a short printable ASCII line, one-line texts) the same
//! bytes are written here directly; everything else still goes through annotate-snippets. The
//! tests compare both over the cases the direct path takes.

use std::fmt::Write;
use std::ops::Range;

use annotate_snippets::{Level as SnippetLevel, Renderer, Snippet};
use incident_core::Level;

/// A finding located in its source line.
pub struct Diagnostic<'a> {
    /// Error or warning.
    pub level: Level,
    /// The finding's code (`PIR001`).
    pub code: &'a str,
    /// The finding's message.
    pub message: &'a str,
    /// The file name shown after `-->`.
    pub origin: &'a str,
    /// The source line (without its line ending).
    pub source: &'a str,
    /// Its line number, from 1.
    pub line: usize,
    /// The annotated bytes of `source`.
    pub span: Range<usize>,
    /// The `= help:` footer.
    pub hint: Option<&'a str>,
}

/// The longest source line written directly: annotate-snippets cuts lines near its terminal
/// width (140 columns) and shortens long leading whitespace; below these bounds it does neither.
const MAX_DIRECT_LINE: usize = 100;
/// The most leading whitespace written directly (annotate-snippets shortens 20 and more).
const MAX_DIRECT_INDENT: usize = 12;

impl Diagnostic<'_> {
    /// Appends the diagnostic to `out` as annotate-snippets renders it (styled when `color`).
    pub fn render_into(&self, out: &mut String, color: bool) {
        if !color && self.direct() {
            self.write_direct(out);
        } else {
            self.write_annotated(out, color);
        }
    }

    /// Whether the direct layout gives annotate-snippets' bytes: a short line of printable
    /// ASCII (one byte a column, no tabs), not blank, with little indentation, a span within it, and
    /// single-line texts.
    fn direct(&self) -> bool {
        let printable = |s: &str| plain_ascii(s.as_bytes());
        let indent = self.source.len() - self.source.trim_start_matches(' ').len();
        printable(self.source)
            && !self.source.trim_start().is_empty()
            && self.source.len() <= MAX_DIRECT_LINE
            && indent <= MAX_DIRECT_INDENT
            && self.span.start < self.span.end
            && self.span.end <= self.source.len()
            && one_line(self.message)
            && one_line(self.code)
            && one_line(self.origin)
            && self.hint.is_none_or(one_line)
    }

    fn write_direct(&self, out: &mut String) {
        let (name, mark) = match self.level {
            Level::Error => ("error", b'^'),
            _ => ("warning", b'-'),
        };
        let mut digits = Digits::default();
        let number = digits.of(self.line);
        let pad = number.len();
        let bar = |out: &mut String| {
            push_spaces(out, pad + 1);
            out.push('|');
        };
        // Pushed piece by piece: the formatting machinery was most of the cost of a finding.
        for piece in [name, "[", self.code, "]: ", self.message, "\n"] {
            out.push_str(piece);
        }
        push_spaces(out, pad);
        for piece in ["--> ", self.origin, ":", number, ":"] {
            out.push_str(piece);
        }
        out.push_str(Digits::default().of(self.span.start + 1));
        out.push('\n');
        bar(out);
        out.push('\n');
        for piece in [number, " | ", self.source, "\n"] {
            out.push_str(piece);
        }
        bar(out);
        out.push(' ');
        push_spaces(out, self.span.start);
        push_repeated(out, mark, self.span.len());
        out.push('\n');
        bar(out);
        if let Some(hint) = self.hint {
            out.push('\n');
            push_spaces(out, pad + 1);
            out.push_str("= help: ");
            out.push_str(hint);
        }
    }

    fn write_annotated(&self, out: &mut String, color: bool) {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let level = match self.level {
            Level::Error => SnippetLevel::Error,
            _ => SnippetLevel::Warning,
        };
        let mut message = level.title(self.message).id(self.code).snippet(
            Snippet::source(self.source)
                .line_start(self.line)
                .origin(self.origin)
                .annotation(level.span(self.span.clone())),
        );
        if let Some(hint) = self.hint {
            message = message.footer(SnippetLevel::Help.title(hint));
        }
        let _ = write!(out, "{}", renderer.render(message));
    }
}

/// Whether a text has no control character (which would make it more than one line of the
/// layout): at once for plain ASCII, by character otherwise.
fn one_line(s: &str) -> bool {
    plain_ascii(s.as_bytes()) || !s.chars().any(char::is_control)
}

/// Whether every byte is printable ASCII (`0x20..0x7f`), eight bytes at a time: a byte below
/// `0x20` or above `0x7e` sets the high bit of its lane in one of the two tests.
fn plain_ascii(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut lane = [0u8; 8];
        lane.copy_from_slice(chunk);
        let x = u64::from_ne_bytes(lane);
        // Below 0x20: subtracting 0x20 borrows into the high bit (exact for lanes without the
        // high bit set, and those are caught by `x` itself); above 0x7e: adding 1 reaches it.
        let below = x.wrapping_sub(ONES * 0x20) & !x;
        let above = x | (x & !HIGH).wrapping_add(ONES);
        if (below | above) & HIGH != 0 {
            return false;
        }
    }
    chunks.remainder().iter().all(|b| (0x20..0x7f).contains(b))
}

/// A number's decimal digits, written into a buffer on the stack.
#[derive(Default)]
struct Digits {
    buf: [u8; 20],
}

impl Digits {
    fn of(&mut self, mut n: usize) -> &str {
        let mut at = self.buf.len();
        loop {
            at -= 1;
            // `n % 10` is below 10, so the cast keeps it.
            self.buf[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        std::str::from_utf8(&self.buf[at..]).unwrap_or_default()
    }
}

fn push_spaces(out: &mut String, n: usize) {
    push_repeated(out, b' ', n);
}

/// `n` times `b` (a space, `^` or `-`), in slices of a constant rather than a character at a
/// time.
fn push_repeated(out: &mut String, b: u8, n: usize) {
    const SPACES: &str = "                                                                ";
    const CARETS: &str = "^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^";
    const DASHES: &str = "----------------------------------------------------------------";
    let run = match b {
        b' ' => SPACES,
        b'^' => CARETS,
        b'-' => DASHES,
        _ => {
            out.extend(std::iter::repeat_n(char::from(b), n));
            return;
        }
    };
    let mut left = n;
    while left > 0 {
        let k = left.min(run.len());
        out.push_str(&run[..k]);
        left -= k;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(d: &Diagnostic) -> (String, String) {
        let mut direct = String::new();
        d.write_direct(&mut direct);
        let mut annotated = String::new();
        d.write_annotated(&mut annotated, false);
        (direct, annotated)
    }

    /// Every case the direct layout takes gives annotate-snippets' bytes: line numbers of every
    /// width, lines from empty to the bound, spans at the start, middle and end, indentation up
    /// to the bound, trailing spaces, both levels, with and without a footer, non-ASCII messages.
    #[test]
    fn direct_layout_is_annotate_snippets_layout() {
        let words = "## Incident: service 4999 returned errors and then some more words to make it long enough for the bound";
        let mut sources: Vec<String> = Vec::new();
        for len in [0, 1, 2, 7, 40, 99, 100] {
            sources.push(words[..len.min(words.len())].to_owned());
        }
        for indent in [1, 2, 4, 11, 12] {
            sources.push(format!(
                "{}- [ ] fix it - @alice - 2026-01-02",
                " ".repeat(indent)
            ));
        }
        sources.push("### Detected: 2026-01-02T03:04:05Z   ".to_owned());
        sources.push("    ".to_owned());
        let mut checked = 0;
        for source in &sources {
            let len = source.len();
            let mut spans = vec![0..len, 0..1, len.saturating_sub(1)..len, len / 2..len];
            if len > 4 {
                spans.push(2..4);
            }
            for line in [1, 9, 10, 22, 99, 100, 12_345, 1_000_000] {
                for span in &spans {
                    for level in [Level::Error, Level::Warning] {
                        for hint in [None, Some("incident set x impact -   (reads stdin)")] {
                            for message in
                                ["Impact is not documented", "`â€”` is `—` read as CP-1252"]
                            {
                                let d = Diagnostic {
                                    level,
                                    code: "PIR001",
                                    message,
                                    origin: "logs/INCIDENTS.md",
                                    source,
                                    line,
                                    span: span.clone(),
                                    hint,
                                };
                                if !d.direct() {
                                    continue;
                                }
                                let (direct, annotated) = both(&d);
                                assert_eq!(direct, annotated, "{source:?} {span:?} line {line}");
                                checked += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(checked > 1_000, "{checked}");
    }

    /// What the direct layout does not take goes through annotate-snippets: tabs, wide or
    /// non-ASCII text, long lines, empty spans, colour.
    #[test]
    fn other_cases_are_left_to_annotate_snippets() {
        let base = || Diagnostic {
            level: Level::Error,
            code: "MD001",
            message: "m",
            origin: "INCIDENTS.md",
            source: "abc",
            line: 3,
            span: 0..1,
            hint: None,
        };
        assert!(base().direct());
        let long = "x".repeat(MAX_DIRECT_LINE + 1);
        for d in [
            Diagnostic {
                source: "\tabc",
                ..base()
            },
            Diagnostic {
                source: "# Incidents \u{2014} log",
                ..base()
            },
            Diagnostic {
                source: &long,
                ..base()
            },
            Diagnostic {
                span: 1..1,
                ..base()
            },
            Diagnostic {
                source: "   ",
                span: 0..3,
                ..base()
            },
            Diagnostic {
                message: "two\nlines",
                ..base()
            },
        ] {
            assert!(!d.direct(), "{:?}", d.source);
            let mut out = String::new();
            d.render_into(&mut out, false);
            let mut annotated = String::new();
            d.write_annotated(&mut annotated, false);
            assert_eq!(out, annotated);
        }
        let mut styled = String::new();
        base().render_into(&mut styled, true);
        assert!(styled.contains("\x1b["), "{styled}");
    }

    #[test]
    fn digits_and_runs() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, usize::MAX] {
            assert_eq!(Digits::default().of(n), n.to_string());
        }
        for b in [b' ', b'^', b'-', b'x'] {
            for n in [0, 1, 63, 64, 65, 200] {
                let mut out = String::new();
                push_repeated(&mut out, b, n);
                assert_eq!(out, char::from(b).to_string().repeat(n));
            }
        }
        for len in 0..20 {
            for b in 0..=255u8 {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    let want = bytes.iter().all(|b| (0x20..0x7f).contains(b));
                    assert_eq!(plain_ascii(&bytes), want, "{bytes:?}");
                }
            }
        }
        for s in [
            "", "plain", "t\tab", "\u{7f}", "é", "a\u{85}b", "\u{9f}", "日本",
        ] {
            assert_eq!(one_line(s), !s.chars().any(char::is_control), "{s:?}");
        }
    }
}
