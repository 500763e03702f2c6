//! Damage a log picks up from tools and merges, found and repaired by minimal splices: text that
//! is UTF-8 read as Windows-1252 (mojibake), mixed line endings, conflict markers and merge
//! summaries left in the file, the same entry twice after a line-based (`union`) merge, a
//! `## Last Incident:` that is not true, incidents out of the file's order, and placeholder lines
//! left in fields that have text.
//!
//! ```
//! use incident_md::Document;
//! use incident_md::doctor::{FindingKind, examine, repair};
//!
//! let doc: Document = "# INCIDENTS.md \u{e2}\u{20ac}\u{201d} Log\n".parse().unwrap();
//! assert_eq!(examine(&doc)[0].kind, FindingKind::Mojibake);
//! assert_eq!(repair(&doc).0.as_str(), "# INCIDENTS.md \u{2014} Log\n");
//! ```

use std::ops::Range;

use crate::Document;
use crate::merge::SUMMARY_PREFIX;
use crate::merge::lines_of;

/// What kind of damage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::Display, strum::EnumString)]
#[strum(serialize_all = "kebab-case")]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum FindingKind {
    /// UTF-8 text that was read as Windows-1252 and written back (`â€”` for `—`).
    Mojibake,
    /// Line endings of more than one kind; the minority ones are changed to the majority's.
    MixedLineEndings,
    /// Conflict markers left by a merge (not repaired: a person picks the version).
    ConflictMarkers,
    /// The conflict summary of `incident merge-driver` (removed once no markers are left).
    MergeSummary,
    /// An entry written twice, byte for byte, as a line-based merge leaves it; the later copy
    /// is removed.
    DuplicateEntry,
    /// `## Last Incident:` does not name the most recently detected incident.
    StaleLastIncident,
    /// An incident out of the file's order (newest first, or oldest first); not repaired.
    OutOfOrder,
    /// The template's placeholder line left in a field that has text; the line is removed.
    LeftoverPlaceholder,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Finding {
    /// What kind of damage.
    pub kind: FindingKind,
    /// One sentence for a person.
    pub message: String,
    /// The bytes it is about.
    pub span: Range<usize>,
    /// Whether [`repair`] fixes it.
    pub fixable: bool,
}

/// A splice that repairs a finding.
struct Splice {
    range: Range<usize>,
    text: String,
}

/// The Windows-1252 byte that `c` is, when it is one of 0x80..=0xFF (bytes Windows-1252 leaves
/// undefined are read as the C1 control of the same number, as most decoders do).
fn cp1252_byte(c: char) -> Option<u8> {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match c as u32 {
        0xA0..=0xFF => Some(c as u32 as u8),
        _ => HIGH.iter().position(|&h| h == c).map(|p| 0x80 + p as u8),
    }
}

/// Mojibake: runs of characters whose Windows-1252 bytes are a UTF-8 multi-byte character.
fn mojibake(src: &str, out: &mut Vec<(Finding, Option<Splice>)>) {
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (start, c) = chars[k];
        let need = match cp1252_byte(c) {
            Some(0xC2..=0xDF) => 2,
            Some(0xE0..=0xEF) => 3,
            Some(0xF0..=0xF4) => 4,
            _ => 0,
        };
        let bytes: Option<Vec<u8>> = (need > 0 && k + need <= chars.len())
            .then(|| {
                chars[k..k + need]
                    .iter()
                    .map(|&(_, c)| cp1252_byte(c))
                    .collect()
            })
            .flatten();
        if let Some(bytes) = bytes
            && let Ok(fixed) = std::str::from_utf8(&bytes)
        {
            let end = chars.get(k + need).map_or(src.len(), |&(i, _)| i);
            out.push((
                Finding {
                    kind: FindingKind::Mojibake,
                    message: format!(
                        "`{}` is `{fixed}` written as UTF-8 and read as Windows-1252",
                        &src[start..end]
                    ),
                    span: start..end,
                    fixable: true,
                },
                Some(Splice {
                    range: start..end,
                    text: fixed.to_owned(),
                }),
            ));
            k += need;
        } else {
            k += 1;
        }
    }
}

/// Mixed line endings: the ones that are not the most common kind.
fn line_endings(src: &str, out: &mut Vec<(Finding, Option<Splice>)>) {
    let mut endings: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for line in lines_of(src) {
        let body = line.trim_end_matches(['\n', '\r']);
        // One ending per line: `\n`, `\r\n` or a lone `\r`.
        let eol = &line[body.len()..];
        if !eol.is_empty() {
            endings.push((at + line.len() - eol.len(), eol));
        }
        at += line.len();
    }
    let count = |e: &str| endings.iter().filter(|(_, x)| *x == e).count();
    let kinds = ["\n", "\r\n", "\r"];
    let major = *kinds
        .iter()
        .max_by_key(|e| (count(e), std::cmp::Reverse(e.len())))
        .unwrap_or(&"\n");
    let name = |e: &str| match e {
        "\n" => "LF",
        "\r\n" => "CRLF",
        _ => "CR",
    };
    for (pos, e) in endings.iter().filter(|(_, e)| *e != major) {
        out.push((
            Finding {
                kind: FindingKind::MixedLineEndings,
                message: format!("a {} line ending in a {} file", name(e), name(major)),
                span: *pos..pos + e.len(),
                fixable: true,
            },
            Some(Splice {
                range: *pos..pos + e.len(),
                text: major.to_owned(),
            }),
        ));
    }
}

/// Entries written twice byte for byte: the later copy, with the separator before it.
fn duplicates(doc: &Document, out: &mut Vec<(Finding, Option<Splice>)>) {
    let src = doc.as_str();
    let entries = doc.incidents();
    for (k, e) in entries.iter().enumerate() {
        let text = &src[e.span.clone()];
        if entries[..k].iter().any(|p| &src[p.span.clone()] == text) {
            // With the separator before it, when that is all that lies between the entries.
            let from = entries[k - 1].span.end;
            let gap_is_separator = src[from..e.span.start]
                .lines()
                .all(|l| matches!(l.trim(), "" | "---" | "***" | "___"));
            let range = if gap_is_separator {
                from..e.span.end
            } else {
                e.span.clone()
            };
            out.push((
                Finding {
                    kind: FindingKind::DuplicateEntry,
                    message: format!(
                        "incident `{}` is written twice; the later copy is removed",
                        e.title
                    ),
                    span: e.heading_span.clone(),
                    fixable: true,
                },
                Some(Splice {
                    range,
                    text: String::new(),
                }),
            ));
        }
    }
}

/// Incidents whose detection time breaks the file's order (read from its first and last dated
/// entries).
fn out_of_order(doc: &Document, out: &mut Vec<(Finding, Option<Splice>)>) {
    let dated: Vec<_> = doc
        .incidents()
        .iter()
        .filter_map(|e| e.incident.as_ref().map(|i| (e, i.detected)))
        .collect();
    let (Some(first), Some(last)) = (dated.first(), dated.last()) else {
        return;
    };
    let oldest_first = first.1 < last.1;
    for pair in dated.windows(2) {
        let ((_, a), (e, b)) = (pair[0], pair[1]);
        if (oldest_first && b < a) || (!oldest_first && b > a) {
            out.push((
                Finding {
                    kind: FindingKind::OutOfOrder,
                    message: format!(
                        "incident `{}` is out of the file's {} order",
                        e.id,
                        if oldest_first {
                            "oldest-first"
                        } else {
                            "newest-first"
                        }
                    ),
                    span: e.heading_span.clone(),
                    fixable: false,
                },
                None,
            ));
        }
    }
}

/// Placeholder lines (`<what happened>`) in fields that have text besides.
fn placeholders(doc: &Document, out: &mut Vec<(Finding, Option<Splice>)>) {
    let src = doc.as_str();
    for e in doc.incidents() {
        for f in &e.fields {
            let (Some(name), Some(body)) = (f.name, f.body.clone()) else {
                continue;
            };
            let placeholder = name.placeholder();
            // The template's placeholder, or the visible text new entries write for a field
            // they have no value for.
            let unfilled = |l: &str| l.trim() == placeholder || l.trim() == incident_core::UNFILLED;
            let lines = lines_of(&src[body.clone()]);
            if placeholder.is_empty()
                || placeholder.contains('\n')
                || !lines.iter().any(|l| !l.trim().is_empty() && !unfilled(l))
            {
                continue;
            }
            let mut at = body.start;
            for l in lines {
                if unfilled(l) {
                    // The body's last line has no line ending of its own: the one before goes.
                    let mut range = at..at + l.len();
                    if !l.ends_with(['\n', '\r']) && at > body.start {
                        range.start -= if src[..at].ends_with("\r\n") { 2 } else { 1 };
                    }
                    out.push((
                        Finding {
                            kind: FindingKind::LeftoverPlaceholder,
                            message: format!(
                                "the placeholder `{placeholder}` is left in {} of `{}`, which has text",
                                f.label, e.id
                            ),
                            span: at..at + l.len(),
                            fixable: true,
                        },
                        Some(Splice { range, text: String::new() }),
                    ));
                }
                at += l.len();
            }
        }
    }
}

fn all(doc: &Document) -> Vec<(Finding, Option<Splice>)> {
    let src = doc.as_str();
    let mut out = Vec::new();
    mojibake(src, &mut out);
    line_endings(src, &mut out);
    duplicates(doc, &mut out);
    out_of_order(doc, &mut out);
    placeholders(doc, &mut out);
    let markers: Vec<_> = doc
        .log()
        .diagnostics
        .iter()
        .filter(|d| d.code == crate::Code::ConflictMarkers)
        .filter_map(|d| d.span.clone())
        .collect();
    for span in &markers {
        out.push((
            Finding {
                kind: FindingKind::ConflictMarkers,
                message: "conflict markers left by a merge; keep the right version by hand".into(),
                span: span.clone(),
                fixable: false,
            },
            None,
        ));
    }
    for span in doc
        .log()
        .diagnostics
        .iter()
        .filter(|d| d.code == crate::Code::MergeSummary)
        .filter_map(|d| d.span.clone())
    {
        // The summary names the conflicts: it goes once they are resolved.
        let line_end = src[span.end..]
            .find('\n')
            .map_or(src.len(), |p| span.end + p + 1);
        let fixable = markers.is_empty() && src[span.clone()].starts_with(SUMMARY_PREFIX);
        out.push((
            Finding {
                kind: FindingKind::MergeSummary,
                message: if fixable {
                    "a merge's conflict summary is left, and no conflict is".into()
                } else {
                    "a merge's conflict summary: resolve the conflicts it names".into()
                },
                span: span.clone(),
                fixable,
            },
            fixable.then_some(Splice {
                range: span.start..line_end,
                text: String::new(),
            }),
        ));
    }
    let mut probe = doc.clone();
    if let (Some(li), Some(_)) = (
        doc.log().last_incident.clone(),
        probe.update_last_incident(),
    ) {
        let now = probe
            .log()
            .last_incident
            .as_ref()
            .map(|l| l.text.clone())
            .unwrap_or_default();
        out.push((
            Finding {
                kind: FindingKind::StaleLastIncident,
                message: format!(
                    "`## Last Incident:` says `{}`; the most recent incident is `{now}`",
                    li.text
                ),
                span: li.text_span,
                fixable: true,
            },
            // Rewritten after the other repairs, from what they leave.
            None,
        ));
    }
    out.sort_by_key(|(f, _)| (f.span.start, f.span.end));
    out
}

/// Everything this module finds in `doc`, in file order.
pub fn examine(doc: &Document) -> Vec<Finding> {
    all(doc).into_iter().map(|(f, _)| f).collect()
}

/// `doc` with every fixable finding repaired by splices (everything else byte-identical), and
/// the findings it repaired.
pub fn repair(doc: &Document) -> (Document, Vec<Finding>) {
    let found = all(doc);
    let mut text = doc.as_str().to_owned();
    let mut fixed = Vec::new();
    let mut splices: Vec<(Range<usize>, String)> = Vec::new();
    let mut stale = false;
    for (f, s) in found {
        match s {
            // Splices never overlap: a later one inside an earlier one is dropped.
            Some(s) if splices.last().is_none_or(|(r, _)| r.end <= s.range.start) => {
                splices.push((s.range, s.text));
                fixed.push(f);
            }
            None if f.kind == FindingKind::StaleLastIncident => {
                stale = true;
                fixed.push(f);
            }
            _ => {}
        }
    }
    for (range, t) in splices.into_iter().rev() {
        text.replace_range(range, &t);
    }
    let mut out = Document::from_source(text);
    if stale {
        out.update_last_incident();
    }
    (out, fixed)
}
