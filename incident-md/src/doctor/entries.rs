//! Damage to entries: one entry written twice, two different entries with one written ID,
//! placeholders left beside text, and a `## Last Incident:` that is not true.

use incident_core::Code;

use super::{Repair, Splice};
use crate::merge::lines_of;
use crate::{Document, FieldName};

/// Entries written twice byte for byte (`GIT005`): the later copy, with the separator before
/// it.
pub(super) fn duplicates(doc: &Document, out: &mut Vec<Repair>) {
    let src = doc.as_str();
    let entries = doc.incidents();
    // The texts of the entries before, looked up instead of compared with each one.
    let mut seen = std::collections::HashSet::with_capacity(entries.len());
    for (k, e) in entries.iter().enumerate() {
        let text = &src[e.span.clone()];
        if !seen.insert(text) {
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
            out.push(
                Repair::fix(
                    Code::RepeatedEntry,
                    format!(
                        "incident `{}` is written twice; the later copy is removed",
                        e.title
                    ),
                    e.heading_span.clone(),
                    vec![Splice::new(range, "")],
                )
                .about(&e.id),
            );
        }
    }
}

/// The ID written in `e`'s ID field, as it reads.
fn written_id<'a>(src: &'a str, e: &crate::Entry) -> Option<(&'a str, std::ops::Range<usize>)> {
    let f = e.field(FieldName::Id).filter(|_| e.id_written)?;
    let inline = &src[f.inline.clone()];
    let id = inline.trim().trim_matches(['`', '*']).trim();
    let at = f.inline.start + inline.find(id)?;
    (!id.is_empty()).then_some((id, at..at + id.len()))
}

/// Two different entries that write one ID (`MD013`): both are reported; the later is given
/// the ID it is read as (the next free `…-2`), as the merge driver renames a collision.
pub(super) fn duplicate_ids(doc: &Document, out: &mut Vec<Repair>) {
    let src = doc.as_str();
    let entries = doc.incidents();
    for (k, e) in entries.iter().enumerate() {
        let Some((id, range)) = written_id(src, e) else {
            continue;
        };
        if id == e.id {
            continue;
        }
        let Some(first) = entries[..k]
            .iter()
            .find(|p| written_id(src, p).is_some_and(|(w, _)| w == id))
        else {
            continue;
        };
        // A byte-for-byte copy is removed as such.
        if src[first.span.clone()] == src[e.span.clone()] {
            continue;
        }
        out.push(
            Repair::report(
                Code::DuplicateId,
                format!(
                    "incident `{}` writes the ID `{id}`, and so does a later, different entry (`{}`)",
                    first.title, e.title
                ),
                first.heading_span.clone(),
            )
            .about(&first.id),
        );
        out.push(
            Repair::fix(
                Code::DuplicateId,
                format!(
                    "incident `{}` writes the ID `{id}` of an earlier, different entry; it is renamed `{id}` -> `{}`",
                    e.title, e.id
                ),
                e.heading_span.clone(),
                vec![Splice::new(range, e.id.clone())],
            )
            .about(&e.id),
        );
    }
}

/// Placeholder lines (`<what happened>`) in fields that have text besides (`GIT007`).
pub(super) fn placeholders(doc: &Document, out: &mut Vec<Repair>) {
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
            let text = &src[body.clone()];
            // A line can be neither when the body does not hold them at all (most bodies):
            // that is found without splitting it into lines.
            // A byte of each text that prose seldom has (`<` of `<action>`, `_` of the
            // emphasis) is looked for first, with one SIMD search: a substring search of every
            // body costs more than the rest of this check.
            let may_hold = |needle: &str| {
                let rare = needle
                    .bytes()
                    .find(|b| matches!(b, b'<' | b'_'))
                    .unwrap_or(needle.as_bytes()[0]);
                memchr::memchr(rare, text.as_bytes()).is_some() && text.contains(needle)
            };
            if placeholder.is_empty()
                || !(may_hold(placeholder) || may_hold(incident_core::UNFILLED))
            {
                continue;
            }
            let lines = lines_of(text);
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
                    out.push(
                        Repair::fix(
                            Code::LeftoverPlaceholder,
                            format!(
                                "the placeholder `{placeholder}` is left in {} of `{}`, which has text",
                                f.label, e.id
                            ),
                            at..at + l.len(),
                            vec![Splice::new(range, "")],
                        )
                        .about(&e.id),
                    );
                }
                at += l.len();
            }
        }
    }
}

/// A `## Last Incident:` that does not name the most recent incident (`GIT006`); it is
/// rewritten after the other repairs, from what they leave.
pub(super) fn last_incident(doc: &Document, out: &mut Vec<Repair>) {
    // With an entry whose detection time cannot be read, the most recent is not known.
    if doc.incidents().iter().any(|e| e.incident.is_none()) {
        return;
    }
    let (Some(li), Some((_, now))) = (
        doc.log().last_incident.as_ref(),
        doc.last_incident_text(None),
    ) else {
        return;
    };
    // A line in the team's own words that names the incident and its day is true.
    let newest = doc
        .incidents()
        .iter()
        .filter_map(|e| e.incident.as_ref())
        .max_by_key(|i| i.detected);
    if let Some(i) = newest {
        let text = li.text.to_lowercase();
        if text.contains(&i.title.trim().to_lowercase())
            && text.contains(&i.detected.format("%Y-%m-%d").to_string())
        {
            return;
        }
    }
    out.push(Repair {
        recompute_last_incident: true,
        ..Repair::fix(
            Code::StaleLastIncident,
            format!(
                "`## Last Incident:` says `{}`; the most recent incident is `{now}`",
                li.text
            ),
            li.text_span.clone(),
            Vec::new(),
        )
    });
}
