//! The policy sections: severity levels, categories, escalation triggers, requirements.

use std::ops::Range;

use incident_core::{Category, ResponseTime, Severity, SeverityRule};

use super::text::{plain, strip_marker};
use crate::blocks::{Block, BlockKind};
use crate::diagnostic::{Code, Diagnostic};
use crate::text::one_line;

pub(super) fn read_severity_table(
    src: &str,
    blocks: &[Block],
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
        let level = match plain(&src[level_span.clone()]).parse::<Severity>() {
            Ok(l) => l,
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
