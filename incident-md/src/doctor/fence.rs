//! Entries typed inside the template's code fence (`GIT008`), where no tool reads them: moved
//! out to the place the file's order gives them, the template left as it was.

use chrono::{DateTime, Utc};
use incident_core::{Code, Incident, Order, Severity};

use super::{Repair, Splice};
use crate::merge::lines_of;
use crate::view::incident_title_offset;
use crate::{BlockKind, Document};

/// A line of the fence: its offset and text (with its line ending).
type Line<'a> = (usize, &'a str);

/// The `Incident:` title of a heading line, when it is one.
fn incident_title(line: &str) -> Option<&str> {
    let body = line.trim_end_matches(['\n', '\r']);
    let hashes = body.len() - body.trim_start_matches('#').len();
    let after = &body[hashes..];
    if !(1..=6).contains(&hashes) || !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    incident_title_offset(after).map(|o| after[o..].trim())
}

/// Whether a title is the template's placeholder (`<title>`, `[Short Title]`).
fn is_placeholder(title: &str) -> bool {
    title.is_empty() || title.starts_with(['<', '[', '{'])
}

pub(super) fn fenced_entries(doc: &Document, order: Order, out: &mut Vec<Repair>) {
    let src = doc.as_str();
    // The template is the first fenced code block, as the view reads it.
    let Some(fence) = doc
        .blocks()
        .iter()
        .find(|b| matches!(b.kind, BlockKind::CodeBlock { fenced: true }))
    else {
        return;
    };
    let mut lines: Vec<Line> = Vec::new();
    let mut at = fence.span.start;
    for l in lines_of(&src[fence.span.clone()]) {
        lines.push((at, l));
        at += l.len();
    }
    // Inside the fence: without the opening line and the closing one.
    let closing = lines.last().is_some_and(|(_, l)| {
        let t = l.trim_start();
        lines.len() > 1 && (t.starts_with("```") || t.starts_with("~~~"))
    });
    let inner = &lines[1.min(lines.len())..lines.len() - usize::from(closing)];
    let heads: Vec<usize> = (0..inner.len())
        .filter(|&k| incident_title(inner[k].1).is_some())
        .collect();
    let entry_heads: Vec<usize> = heads
        .iter()
        .copied()
        .filter(|&k| !incident_title(inner[k].1).is_some_and(is_placeholder))
        .collect();
    if entry_heads.is_empty() {
        return;
    }
    let template_kept = entry_heads.len() < heads.len();
    // Where inner line `k` starts (the closing line, past the last).
    let end_of = |k: usize| lines.get(k + 1).map_or(fence.span.end, |l| l.0);
    for &h in &entry_heads {
        let next = heads
            .iter()
            .copied()
            .find(|&n| n > h)
            .unwrap_or(inner.len());
        // The entry's lines without the blank lines after it.
        let last = (h..next)
            .rev()
            .find(|&k| !inner[k].1.trim().is_empty())
            .unwrap_or(h);
        let text = src[inner[h].0..end_of(last + 1)].trim_end_matches(['\n', '\r']);
        let title = incident_title(inner[h].1).unwrap_or_default().to_owned();
        let heading = inner[h].0..inner[h].0 + inner[h].1.trim_end_matches(['\n', '\r']).len();
        let message = format!("incident `{title}` is written inside the template's code fence");
        if !template_kept {
            out.push(Repair::report(
                Code::FencedEntry,
                format!("{message}, in place of the template; move it out by hand"),
                heading,
            ));
            continue;
        }
        // With the line break and blank lines before it (the template's last line keeps its own
        // line ending), or, first in the fence, with the blank lines after it.
        let removed = match (0..h).rev().find(|&k| !inner[k].1.trim().is_empty()) {
            Some(k) => {
                let end = end_of(last + 1);
                end_of(k + 1) - trailing_eol(src, end_of(k + 1))..end - trailing_eol(src, end)
            }
            None => inner[h].0..end_of(next),
        };
        let parsed = doc.reread(text.to_owned());
        let entry = parsed.incidents().first();
        let incident = entry.and_then(|e| e.incident.clone()).unwrap_or_else(|| {
            Incident::new(title.clone(), Severity::Low, DateTime::<Utc>::MAX_UTC)
        });
        let slot = doc.slot(&incident, text, order);
        let mut repair = Repair::fix(
            Code::FencedEntry,
            format!("{message}; it is moved out among the entries"),
            heading,
            vec![
                Splice::new(removed, ""),
                Splice::new(slot.at..slot.at, slot.text),
            ],
        );
        if let Some(e) = entry {
            repair = repair.about(&e.id);
        }
        out.push(repair);
    }
}

/// The length of the line ending that ends at `at`.
fn trailing_eol(src: &str, at: usize) -> usize {
    let s = &src[..at];
    if s.ends_with("\r\n") {
        2
    } else {
        usize::from(s.ends_with(['\n', '\r']))
    }
}
