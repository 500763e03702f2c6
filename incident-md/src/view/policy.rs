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
    // Tables and lists are looked at with the heading above them (kept as the blocks go by,
    // not searched for: a log of tables without headings stays linear), and asked whether it
    // names severities only then: most headings of a log are fields.
    let mut heading: Option<Range<usize>> = None;
    let under_severity = |h: &Option<Range<usize>>| {
        h.clone().map(|c| &src[c]).is_some_and(|t| {
            !t.contains(':')
                && t.as_bytes()
                    .windows(7)
                    .any(|w| w.eq_ignore_ascii_case(b"severit"))
        })
    };
    // Whether a section (a heading below the title) has started: what comes before it is the
    // preamble, where a log states its scale in words.
    let mut in_sections = false;
    let mut stated = None;
    for b in blocks {
        if let BlockKind::Heading { level, content, .. } = &b.kind {
            heading = Some(content.clone());
            in_sections |= *level >= 2;
            continue;
        }
        match &b.kind {
            BlockKind::Table { rows } if under_severity(&heading) => return table_scale(src, rows),
            BlockKind::List { items } if under_severity(&heading) => {
                // `- **SEV1** — customer-facing outage`, one level an item, most severe first.
                let words: Option<Vec<Token>> = items
                    .iter()
                    .map(|i| {
                        let t = strip_marker(src[i.span.clone()].trim_start());
                        let t = t.trim_start_matches(['*', '`', '_', ' ']);
                        numbered_tokens(t).next().filter(|(at, ..)| *at == 0)
                    })
                    .collect();
                if let Some(words) = words.filter(|w| w.len() >= 2)
                    && words.iter().all(|w| w.1.eq_ignore_ascii_case(&words[0].1))
                {
                    return ranked(words.iter().map(|w| format!("{}{}{}", w.1, w.2, w.3)));
                }
            }
            BlockKind::Paragraph if stated.is_none() && !in_sections => {
                stated = stated_scale(&src[b.span.clone()]);
            }
            _ => {}
        }
    }
    stated.unwrap_or_default()
}

/// Words, most severe first, with the level each one's rank gives it: the first CRITICAL,
/// then HIGH, MEDIUM, and LOW for the rest.
fn ranked(words: impl Iterator<Item = String>) -> Vec<(String, Severity)> {
    let ranks = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];
    words
        .enumerate()
        .map(|(k, w)| (w, ranks[k.min(3)]))
        .collect()
}

/// The scale of a table under a severity heading, when its levels are the log's own words.
fn table_scale(src: &str, rows: &[crate::blocks::TableRow]) -> Vec<(String, Severity)> {
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
    ranked(words.into_iter())
}

/// A numbered level as written: its offset in the text, its letters (`SEV`, `P`), what stands
/// between them and the number (`-`, a space or nothing), and the number.
type Token = (usize, String, String, u32);

/// The numbered levels (`SEV-1`, `Sev 2`, `P0`) of a text, in order.
fn numbered_tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    let b = text.as_bytes();
    (0..b.len()).filter_map(move |i| {
        // A word's start: the text's or after a character that is no letter or digit.
        if i > 0 && b[i - 1].is_ascii_alphanumeric() {
            return None;
        }
        let letters = ["sev", "p"].into_iter().find(|l| {
            b[i..].len() >= l.len() && b[i..i + l.len()].eq_ignore_ascii_case(l.as_bytes())
        })?;
        let mut k = i + letters.len();
        let sep_start = k;
        if matches!(b.get(k), Some(b'-' | b' ')) {
            k += 1;
        }
        let digit = *b.get(k).filter(|d| d.is_ascii_digit())?;
        // One digit, then the word ends (`P95` is a percentile, `SEV12` no level).
        if b.get(k + 1).is_some_and(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        Some((
            i,
            text[i..sep_start].to_owned(),
            text[sep_start..k].to_owned(),
            u32::from(digit - b'0'),
        ))
    })
}

/// A scale a sentence states (`Severity scale: SEV-1 (worst) to SEV-4.`, `P1 is the highest`):
/// numbered from one, as many teams number it, when the sentence names level 1 as the worst
/// or gives a range from 1; `None` when it names a level 0 (the numbering the reader assumes)
/// or says nothing of the order.
fn stated_scale(text: &str) -> Option<Vec<(String, Severity)>> {
    let tokens: Vec<Token> = numbered_tokens(text).collect();
    let first = tokens.first()?;
    let same: Vec<&Token> = tokens
        .iter()
        .filter(|t| t.1.eq_ignore_ascii_case(&first.1))
        .collect();
    if same.iter().any(|t| t.3 == 0) {
        return None;
    }
    let one = same.iter().find(|t| t.3 == 1)?;
    let one_end = one.0 + one.1.len() + one.2.len() + 1;
    let after = text[one_end..]
        .trim_start_matches(['(', ' ', '=', ':'])
        .to_ascii_lowercase();
    let worst = [
        "worst",
        "highest",
        "most severe",
        "is the worst",
        "is the highest",
        "is the most",
        "critical",
    ]
    .iter()
    .any(|w| after.starts_with(w));
    // `SEV-1 to SEV-4`, `SEV1–SEV4`, `SEV-1 (worst) to SEV-4`: a range from 1 (a sentence
    // naming `P1 and P3` states no scale).
    let range = same.iter().any(|t| {
        t.3 >= 3 && t.0 >= one_end && {
            let between = &text[one_end..t.0];
            let note_free = match (between.find('('), between.rfind(')')) {
                (Some(a), Some(b)) if a < b => format!("{}{}", &between[..a], &between[b + 1..]),
                _ => between.to_owned(),
            };
            let w = note_free.trim().to_ascii_lowercase();
            ["to", "-", "–", "—", "..", "…", "through", "thru"].contains(&w.as_str())
        }
    });
    // As many levels as the sentence names, four at least (the four the tool knows).
    let last = same.iter().map(|t| t.3).max().unwrap_or(1).max(4);
    (worst || range).then(|| ranked((1..=last).map(|n| format!("{}{}{n}", one.1, one.2))))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(text: &str) -> Option<Vec<(String, Severity)>> {
        stated_scale(text)
    }

    #[test]
    fn a_sentence_numbering_from_one_states_a_scale() {
        let want = |w: [&str; 4]| Some(ranked(w.iter().map(|s| (*s).to_owned())));
        assert_eq!(
            levels("Newest first. Severity scale: SEV-1 (worst) to SEV-4."),
            want(["SEV-1", "SEV-2", "SEV-3", "SEV-4"])
        );
        assert_eq!(
            levels("We use SEV1–SEV4."),
            want(["SEV1", "SEV2", "SEV3", "SEV4"])
        );
        assert_eq!(
            levels("P1 is the highest priority."),
            want(["P1", "P2", "P3", "P4"])
        );
        assert_eq!(
            levels("Sev 1 = critical, Sev 4 = cosmetic."),
            want(["Sev 1", "Sev 2", "Sev 3", "Sev 4"])
        );
    }

    #[test]
    fn a_sentence_without_an_order_from_one_states_none() {
        // Numbered from zero: what the reader assumes anyway.
        assert_eq!(levels("Severity scale: SEV0 (worst) to SEV3."), None);
        // Two levels named, no range and no order.
        assert_eq!(levels("P1 and P3 incidents page the on-call."), None);
        // A percentile and a word that starts with the letters are no levels.
        assert_eq!(
            levels("P95 latency from 1 to 4 seconds; several pods."),
            None
        );
        assert_eq!(levels("No scale here."), None);
    }
}
