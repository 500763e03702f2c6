//! The policy sections: severity levels, categories, escalation triggers, requirements.

use std::ops::Range;

use incident_core::{Category, ResponseTime, Severity, SeverityRule};

use super::text::{plain, strip_marker};
use crate::blocks::{Block, BlockKind};
use crate::diagnostic::{Code, Diagnostic};
use crate::text::one_line;

/// The levels of a severity table written in the log's own scale (`SEV1` … `SEV4`, `P0` …
/// `P3`: none of its levels is one of the four), most severe first: each row's word and the
/// level its rank gives it (the first row CRITICAL, then HIGH, MEDIUM, and LOW for the rest).
/// Empty when the log has no such table. The table, not a convention, says what `SEV1` is.
pub(super) fn own_scale(src: &str, blocks: &[Block]) -> Vec<(String, Severity)> {
    // Tables are few: each is looked at with the heading above it (kept as the blocks go by,
    // not searched for: a log of tables without headings stays linear).
    let mut heading = None;
    for b in blocks {
        let rows = match &b.kind {
            BlockKind::Heading { content, .. } => {
                heading = Some(content.clone());
                continue;
            }
            BlockKind::Table { rows } => rows,
            _ => continue,
        };
        if !heading
            .clone()
            .map(|c| &src[c])
            .is_some_and(|t| !t.contains(':') && t.to_ascii_lowercase().contains("severit"))
        {
            continue;
        }
        let header: Vec<String> = rows
            .first()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| src[c.clone()].to_ascii_lowercase())
                    .collect()
            })
            .unwrap_or_default();
        let lc = header
            .iter()
            .position(|h| h.contains("level") || h.contains("severity"))
            .unwrap_or(0);
        let words: Vec<String> = rows[1..]
            .iter()
            .filter_map(|r| {
                r.cells
                    .get(lc)
                    .map(|c| plain(&src[c.clone()]).trim().to_owned())
            })
            .collect();
        let own = words.len() >= 2
            && words
                .iter()
                .all(|w| !w.is_empty() && w.parse::<Severity>().is_err());
        if !own {
            return Vec::new();
        }
        let ranks = [
            Severity::Critical,
            Severity::High,
            Severity::Medium,
            Severity::Low,
        ];
        return words
            .into_iter()
            .enumerate()
            .map(|(k, w)| (w, ranks[k.min(3)]))
            .collect();
    }
    Vec::new()
}

pub(super) fn read_severity_table(
    src: &str,
    blocks: &[Block],
    scale: &[(String, Severity)],
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<SeverityRule>> {
    let rows = blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Table { rows } => Some(rows),
        _ => None,
    })?;
    let header: Vec<String> = rows
        .first()?
        .cells
        .iter()
        .map(|c| src[c.clone()].to_ascii_lowercase())
        .collect();
    let col = |names: &[&str], default: usize| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.contains(n)))
            .unwrap_or(default)
    };
    let (lc, dc, rc) = (
        col(&["level", "severity"], 0),
        col(&["definition", "description"], 1),
        col(&["response"], 2),
    );
    let mut out = Vec::new();
    for row in &rows[1..] {
        let Some(level_span) = row.cells.get(lc) else {
            diags.push(Diagnostic::new(
                Code::UnknownSeverityRow,
                "severity table row has no level",
                row.span.clone(),
            ));
            continue;
        };
        let written = plain(&src[level_span.clone()]);
        let in_scale = scale
            .iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(written.trim()))
            .map(|(_, s)| *s);
        let level = match written.parse::<Severity>() {
            Ok(l) => l,
            Err(_) if in_scale.is_some() => {
                let level = in_scale.unwrap_or(Severity::Low);
                // Levels past the fourth rank as LOW: the most severe of them gives its rule.
                if out.iter().any(|r: &SeverityRule| r.level == level) {
                    continue;
                }
                level
            }
            Err(e) => {
                diags.push(Diagnostic::new(
                    Code::UnknownSeverityRow,
                    e.to_string(),
                    level_span.clone(),
                ));
                continue;
            }
        };
        let definition = row
            .cells
            .get(dc)
            .map(|c| plain(&src[c.clone()]))
            .unwrap_or_default();
        let response = match row.cells.get(rc) {
            Some(c) => match plain(&src[c.clone()]).parse::<ResponseTime>() {
                Ok(r) => r,
                Err(e) => {
                    diags.push(Diagnostic::new(
                        Code::UnknownResponseTime,
                        e.to_string(),
                        c.clone(),
                    ));
                    ResponseTime::default_for(level)
                }
            },
            None => ResponseTime::default_for(level),
        };
        out.push(SeverityRule::new(level, definition, response));
    }
    Some(out)
}

pub(super) fn read_categories(src: &str, blocks: &[Block]) -> Option<Vec<Category>> {
    let rows = blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Table { rows } => Some(rows),
        _ => None,
    })?;
    Some(
        rows[1..]
            .iter()
            .filter_map(|r| {
                let name = plain(&src[r.cells.first()?.clone()]);
                let examples = r
                    .cells
                    .get(1)
                    .map(|c| plain(&src[c.clone()]))
                    .unwrap_or_default();
                (!name.is_empty()).then(|| Category::new(name, examples))
            })
            .collect(),
    )
}

/// The text of each list item (marker and checkbox removed, lines joined) in these blocks, with
/// the item's span.
pub(super) fn list_texts(src: &str, blocks: &[Block]) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    for b in blocks {
        if let BlockKind::List { items } = &b.kind {
            for item in items {
                let text = plain(&one_line(strip_marker(&src[item.span.clone()]))).into_owned();
                out.push((text, item.span.clone()));
            }
        }
    }
    out
}
