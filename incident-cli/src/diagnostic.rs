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
        let printable = |s: &str| s.bytes().all(|b| (0x20..0x7f).contains(&b));
        let one_line = |s: &str| !s.chars().any(char::is_control);
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
        let number = self.line.to_string();
        let pad = number.len();
        let bar = |out: &mut String| {
            push_spaces(out, pad + 1);
            out.push('|');
        };
        let _ = writeln!(out, "{name}[{}]: {}", self.code, self.message);
        push_spaces(out, pad);
        let _ = writeln!(
            out,
            "--> {}:{}:{}",
            self.origin,
            self.line,
            self.span.start + 1
        );
        bar(out);
        out.push('\n');
        let _ = writeln!(out, "{number} | {}", self.source);
        bar(out);
        out.push(' ');
        push_spaces(out, self.span.start);
        push_repeated(out, mark, self.span.len());
        out.push('\n');
        bar(out);
        if let Some(hint) = self.hint {
            out.push('\n');
            push_spaces(out, pad + 1);
            let _ = write!(out, "= help: {hint}");
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

fn push_spaces(out: &mut String, n: usize) {
    push_repeated(out, b' ', n);
}

/// `n` times the ASCII byte `b`, in slices of a buffer rather than a character at a time.
fn push_repeated(out: &mut String, b: u8, n: usize) {
    let run = [b; 64];
    let Ok(run) = std::str::from_utf8(&run[..]) else {
        out.extend(std::iter::repeat_n(char::from(b), n));
        return;
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
}
