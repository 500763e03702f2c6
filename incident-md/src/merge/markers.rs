//! Conflict markers: writing them in git's styles, and finding them (and merge summaries) left
//! in a file.

use std::ops::Range;

use super::lines::split_lines;
use super::{ConflictStyle, MergeOptions};
use crate::diagnostic::{Code, Diagnostic};

/// The comment a conflicted merge puts at the top of the file starts with this.
pub const SUMMARY_PREFIX: &str = "<!-- incident merge:";

/// Writes one conflict: `ours`, `base` (in diff3 styles) and `theirs` are whole lines; each
/// side gets a line ending before the next marker when it lacks one. The closing marker line
/// gets one when `terminate` is set.
pub(crate) fn write_conflict(
    out: &mut String,
    ours: &str,
    base: &str,
    theirs: &str,
    options: &MergeOptions,
    eol: &str,
    terminate: bool,
) {
    let (mut ours, mut theirs) = (ours, theirs);
    let mut suffix = "";
    if options.style == ConflictStyle::ZDiff3 {
        // zdiff3: lines both sides share at the start and end go outside the markers.
        let (o, t) = (split_lines(ours), split_lines(theirs));
        let head = o.iter().zip(&t).take_while(|(a, b)| a == b).count();
        let max_tail = o.len().min(t.len()) - head;
        let tail = o
            .iter()
            .rev()
            .zip(t.iter().rev())
            .take(max_tail)
            .take_while(|(a, b)| a == b)
            .count();
        let head_len: usize = o[..head].iter().map(|l| l.len()).sum();
        let o_tail: usize = o[o.len() - tail..].iter().map(|l| l.len()).sum();
        let t_tail: usize = t[t.len() - tail..].iter().map(|l| l.len()).sum();
        out.push_str(&ours[..head_len]);
        suffix = &ours[ours.len() - o_tail..];
        theirs = &theirs[head_len..theirs.len() - t_tail];
        ours = &ours[head_len..ours.len() - o_tail];
    }
    let size = options.marker_size;
    let line = |out: &mut String, c: char, label: &str| {
        out.extend(std::iter::repeat_n(c, size));
        if !label.is_empty() {
            out.push(' ');
            out.push_str(label);
        }
        out.push_str(eol);
    };
    let body = |out: &mut String, text: &str| {
        out.push_str(text);
        if !text.is_empty() && !text.ends_with(['\n', '\r']) {
            out.push_str(eol);
        }
    };
    line(out, '<', "ours");
    body(out, ours);
    if options.style != ConflictStyle::Merge {
        line(out, '|', "base");
        body(out, base);
    }
    line(out, '=', "");
    body(out, theirs);
    out.extend(std::iter::repeat_n('>', size));
    out.push_str(" theirs");
    if !suffix.is_empty() {
        out.push_str(eol);
        out.push_str(suffix);
    } else if terminate {
        out.push_str(eol);
    }
}

/// Whether `line` is a conflict marker line of `c` (seven or more, then a space or the end).
fn is_marker(line: &str, c: u8) -> bool {
    let t = line.trim_end_matches(['\n', '\r']);
    let n = t.bytes().take_while(|&b| b == c).count();
    n >= 7 && (n == t.len() || t.as_bytes()[n] == b' ')
}

/// Reports conflict markers (`GIT001`, one per `<<<<<<<` … `>>>>>>>` region) and merge
/// summary comments (`GIT002`) left in `src`.
pub(crate) fn flag_leftovers(src: &str, diags: &mut Vec<Diagnostic>) {
    // Most logs hold none of them: a substring search is far cheaper than splitting lines.
    let has = |needle: &str| memchr::memmem::find(src.as_bytes(), needle.as_bytes()).is_some();
    if !(has("<<<<<<<") || has(">>>>>>>") || has(SUMMARY_PREFIX)) {
        return;
    }
    let mut at = 0;
    let mut open: Option<Range<usize>> = None;
    for line in split_lines(src) {
        let span = at..at + line.trim_end_matches(['\n', '\r']).len();
        at += line.len();
        if line.starts_with(SUMMARY_PREFIX) {
            diags.push(Diagnostic::new(
                Code::MergeSummary,
                "a merge left conflicts (this summary names them); resolve them and remove this comment",
                span,
            ));
        } else if is_marker(line, b'<') {
            if let Some(o) = open.replace(span) {
                diags.push(unclosed(o));
            }
        } else if is_marker(line, b'>') {
            let start = open.take().map_or(span.start, |o| o.start);
            diags.push(Diagnostic::new(
                Code::ConflictMarkers,
                "conflict markers left by a merge; keep the right version and remove the markers",
                start..span.end,
            ));
        }
    }
    if let Some(o) = open {
        diags.push(unclosed(o));
    }
}

fn unclosed(span: Range<usize>) -> Diagnostic {
    Diagnostic::new(
        Code::ConflictMarkers,
        "a conflict marker left by a merge (`<<<<<<<` without its `>>>>>>>`); remove it",
        span,
    )
}
