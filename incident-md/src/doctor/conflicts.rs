//! Conflict markers left in a log (`GIT001`), resolved by the structural merge where it can:
//! the marked regions give the ours, theirs and (diff3) base versions of the file, which
//! [`crate::merge::merge`] merges; a clean result is spliced in. A merge's summary comment
//! (`GIT002`) goes once no marker is left.

use std::ops::Range;

use incident_core::{Code, Order};

use super::{Repair, Splice};
use crate::merge::{ConflictStyle, MergeOptions, SUMMARY_PREFIX, lines_of, merge};
use crate::{Code as DiagCode, Document};

/// One `<<<<<<<` … `>>>>>>>` region.
#[derive(Debug, Clone)]
struct Region {
    /// From the start of the `<<<<<<<` line to the end of the `>>>>>>>` line.
    span: Range<usize>,
    /// The marker length.
    size: usize,
    ours: Range<usize>,
    /// Only in the diff3 styles.
    base: Option<Range<usize>>,
    theirs: Range<usize>,
}

/// The marker length of `line` when it is a marker line of `c` (seven or more, then a space or
/// the end; `=======` stands alone).
fn marker(line: &str, c: u8) -> Option<usize> {
    let t = line.trim_end_matches(['\n', '\r']);
    let n = t.bytes().take_while(|&b| b == c).count();
    let alone = n == t.len();
    (n >= 7 && (alone || (c != b'=' && t.as_bytes()[n] == b' '))).then_some(n)
}

/// The well-formed regions of `src` (a nested or unclosed one is left out: a person sorts it).
fn regions(src: &str) -> Vec<Region> {
    #[derive(Clone, Copy)]
    enum Part {
        Ours,
        Base,
        Theirs,
    }
    let mut out = Vec::new();
    let mut open: Option<(Region, Part)> = None;
    let mut at = 0;
    for line in lines_of(src) {
        let (start, end) = (at, at + line.len());
        at = end;
        if let Some(n) = marker(line, b'<') {
            open = Some((
                Region {
                    span: start..end,
                    size: n,
                    ours: end..end,
                    base: None,
                    theirs: end..end,
                },
                Part::Ours,
            ));
            continue;
        }
        let Some((r, part)) = open.as_mut() else {
            continue;
        };
        match (
            *part,
            marker(line, b'|'),
            marker(line, b'='),
            marker(line, b'>'),
        ) {
            (Part::Ours, Some(n), _, _) if n == r.size => {
                r.ours.end = start;
                r.base = Some(end..end);
                *part = Part::Base;
            }
            (Part::Ours | Part::Base, _, Some(n), _) if n == r.size => {
                match part {
                    Part::Ours => r.ours.end = start,
                    _ => r.base = r.base.clone().map(|b| b.start..start),
                }
                r.theirs = end..end;
                *part = Part::Theirs;
            }
            (Part::Theirs, _, _, Some(n)) if n == r.size => {
                r.theirs.end = start;
                r.span.end = end;
                out.extend(open.take().map(|(r, _)| r));
            }
            _ => {}
        }
    }
    out
}

/// Whether a side of a region is only `## Last Incident:` lines (and blank ones): both sides
/// updating it conflict on every merge, and the value is recomputed anyway.
fn last_incident_only(text: &str) -> bool {
    lines_of(text).iter().all(|l| {
        let t = l.trim();
        t.is_empty()
            || t.trim_start_matches('#')
                .trim_start()
                .starts_with("Last Incident:")
    })
}

/// Which side a region is replaced by.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Ours,
    Base,
    Theirs,
    Marked,
}

/// `src` with each region replaced by the side `pick` gives it.
fn version(src: &str, regions: &[Region], pick: impl Fn(usize) -> Side) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (k, r) in regions.iter().enumerate() {
        out.push_str(&src[at..r.span.start]);
        let both_last_incident =
            last_incident_only(&src[r.ours.clone()]) && last_incident_only(&src[r.theirs.clone()]);
        let part = match pick(k) {
            Side::Ours => r.ours.clone(),
            Side::Theirs => r.theirs.clone(),
            // Without the base, the lines both sides share stand for it (what git kept outside
            // the markers); a `## Last Incident:` both updated takes ours and is recomputed.
            Side::Base => match &r.base {
                Some(b) => b.clone(),
                None if both_last_incident => r.ours.clone(),
                None => r.ours.start..r.ours.start,
            },
            Side::Marked => r.span.clone(),
        };
        out.push_str(&src[part]);
        at = r.span.end;
    }
    out.push_str(&src[at..]);
    out
}

/// `merged` with its `## Last Incident:` value as `like` has it, unless `keep` (the line was in
/// a resolved region): the stale-value repair rewrites it, as its own finding.
fn with_last_incident(merged: String, like: &str, keep: bool) -> String {
    if keep {
        return merged;
    }
    let like: Document = Document::from_source(like.to_owned());
    let mut doc = Document::from_source(merged);
    if let (Some(m), Some(l)) = (doc.log().last_incident.clone(), &like.log().last_incident) {
        let value = &like.as_str()[l.text_span.clone()];
        doc.splice(m.text_span, value);
    }
    doc.as_str().to_owned()
}

/// The one splice that turns `a` into `b`: their common start and end are left alone.
fn difference(a: &str, b: &str) -> Splice {
    let mut p = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(p) || !b.is_char_boundary(p) {
        p -= 1;
    }
    let max = a.len().min(b.len()) - p;
    let mut s = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take(max)
        .take_while(|(x, y)| x == y)
        .count();
    while !a.is_char_boundary(a.len() - s) || !b.is_char_boundary(b.len() - s) {
        s -= 1;
    }
    Splice::new(p..a.len() - s, &b[p..b.len() - s])
}

/// The merge of the versions `pick_base`, `pick_ours`, `pick_theirs` make of `src`; `Err` names
/// its conflicts.
fn resolve(
    src: &str,
    regions: &[Region],
    order: Order,
    pick: impl Fn(usize, Side) -> Side,
) -> Result<String, String> {
    let v = |side: Side| Document::from_source(version(src, regions, |k| pick(k, side)));
    let options = MergeOptions {
        order: Some(order),
        ..MergeOptions::new(regions[0].size, ConflictStyle::Merge)
    };
    let m = merge(&v(Side::Base), &v(Side::Ours), &v(Side::Theirs), &options);
    if m.is_clean() {
        Ok(m.text)
    } else {
        let names: Vec<String> = m.conflicts.iter().map(ToString::to_string).collect();
        Err(names.join(", "))
    }
}

/// Whether the `## Last Incident:` line of `src` is inside one of `regions`.
fn last_incident_in(doc: &Document, regions: &[&Region]) -> bool {
    doc.log().last_incident.as_ref().is_some_and(|l| {
        regions
            .iter()
            .any(|r| r.span.start <= l.heading_span.start && l.heading_span.start < r.span.end)
    })
}

/// Reports conflict markers and merge summaries, with the structural resolution of the regions
/// it finds one for.
pub(super) fn conflicts(doc: &Document, order: Order, out: &mut Vec<Repair>) {
    let src = doc.as_str();
    let marked: Vec<Range<usize>> = doc
        .log()
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagCode::ConflictMarkers)
        .filter_map(|d| d.span.clone())
        .collect();
    let regions = regions(src);
    let mut resolved: Vec<Repair> = Vec::new();
    let mut why: Vec<(usize, String)> = Vec::new();
    if !regions.is_empty() {
        // All regions at once: together they are the two sides of one merge.
        let all: Vec<&Region> = regions.iter().collect();
        match resolve(src, &regions, order, |_, side| side) {
            Ok(text) => {
                let text = with_last_incident(text, src, last_incident_in(doc, &all));
                let span = regions[0].span.start..regions[regions.len() - 1].span.end;
                resolved.push(Repair::fix(
                    Code::ConflictMarkers,
                    format!(
                        "conflict markers ({} region{}): the structural merge of both sides is clean and replaces them",
                        regions.len(),
                        if regions.len() == 1 { "" } else { "s" }
                    ),
                    span,
                    vec![difference(src, &text)],
                ));
            }
            Err(_) => {
                for k in 0..regions.len() {
                    match resolve_one(doc, &regions, k, order) {
                        Ok(r) => resolved.push(r),
                        Err(reason) => why.push((k, reason)),
                    }
                }
            }
        }
    }
    let mut left = false;
    for span in &marked {
        if resolved.iter().any(|r| {
            r.finding
                .span
                .as_ref()
                .is_some_and(|s| overlapping(s, span))
        }) {
            continue;
        }
        left = true;
        let reason = why
            .iter()
            .find(|(k, _)| overlapping(&regions[*k].span, span))
            .map_or("markers that do not pair up", |(_, w)| w.as_str());
        out.push(Repair::report(
            Code::ConflictMarkers,
            format!("conflict markers left by a merge ({reason}); keep the right version by hand"),
            span.clone(),
        ));
    }
    out.extend(resolved);
    for span in doc
        .log()
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagCode::MergeSummary)
        .filter_map(|d| d.span.clone())
    {
        // The summary names the conflicts: it goes once they are resolved.
        let line_end = src[span.end..]
            .find('\n')
            .map_or(src.len(), |p| span.end + p + 1);
        if !left && src[span.clone()].starts_with(SUMMARY_PREFIX) {
            out.push(Repair::fix(
                Code::MergeSummary,
                if marked.is_empty() {
                    "a merge's conflict summary is left, and no conflict is"
                } else {
                    "a merge's conflict summary: the conflicts it names are resolved"
                },
                span.clone(),
                vec![Splice::new(span.start..line_end, "")],
            ));
        } else {
            out.push(Repair::report(
                Code::MergeSummary,
                "a merge's conflict summary: resolve the conflicts it names",
                span,
            ));
        }
    }
}

fn overlapping(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Region `k` alone, the others read as ours: resolved when its merge is clean and it shares no
/// entry with another region (else a side's entry would be put together from both sides).
fn resolve_one(
    doc: &Document,
    regions: &[Region],
    k: usize,
    order: Order,
) -> Result<Repair, String> {
    let src = doc.as_str();
    let r = &regions[k];
    let ours = Document::from_source(version(src, regions, |_| Side::Ours));
    // Where each region's ours part lies in that version.
    let mut shift = 0usize;
    let mut placed = Vec::new();
    for q in regions {
        let start = q.span.start - shift;
        placed.push(start..start + q.ours.len());
        shift += q.span.len() - q.ours.len();
    }
    let touches =
        |e: &crate::Entry, p: &Range<usize>| e.span.start <= p.end && p.start <= e.span.end;
    let shared = ours.incidents().iter().any(|e| {
        touches(e, &placed[k])
            && placed
                .iter()
                .enumerate()
                .any(|(j, p)| j != k && touches(e, p))
    });
    if shared {
        return Err("another conflict is in the same entry".into());
    }
    let text = resolve(
        src,
        regions,
        order,
        |j, side| if j == k { side } else { Side::Ours },
    )?;
    // The same text with region `k` still marked, to find what the merge changed.
    let marked = version(
        src,
        regions,
        |j| if j == k { Side::Marked } else { Side::Ours },
    );
    let text = with_last_incident(text, &marked, last_incident_in(doc, &[r]));
    let d = difference(&marked, &text);
    // Back to offsets of `src`: regions before `k` are shorter by their markers and theirs.
    let before: usize = regions[..k]
        .iter()
        .map(|q| q.span.len() - q.ours.len())
        .sum();
    let lo = regions[..k].last().map_or(0, |q| q.span.end);
    let hi = regions.get(k + 1).map_or(src.len(), |q| q.span.start);
    let range = d.range.start + before..d.range.end + before;
    if range.start < lo || range.end > hi {
        return Err("its merge reaches past the next conflict".into());
    }
    Ok(Repair::fix(
        Code::ConflictMarkers,
        "conflict markers: the structural merge of both sides of this region is clean and replaces them",
        r.span.clone(),
        vec![Splice::new(range, d.text)],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_in_both_styles() {
        let src = "a\n<<<<<<< ours\nb\n=======\nc\n>>>>>>> theirs\nd\n<<<<<<<<< x\ne\n||||||||| base\nf\n=========\ng\n>>>>>>>>> y\n";
        let rs = regions(src);
        assert_eq!(rs.len(), 2);
        assert_eq!(&src[rs[0].ours.clone()], "b\n");
        assert_eq!(&src[rs[0].theirs.clone()], "c\n");
        assert!(rs[0].base.is_none());
        assert_eq!(rs[1].size, 9);
        assert_eq!(&src[rs[1].base.clone().unwrap()], "f\n");
        assert_eq!(&src[rs[1].theirs.clone()], "g\n");
        assert_eq!(
            &src[rs[1].span.clone()],
            &src[src.find("<<<<<<<<<").unwrap()..]
        );
    }

    #[test]
    fn an_unclosed_region_is_none() {
        assert!(regions("<<<<<<< ours\nb\n=======\nc\n").is_empty());
    }

    #[test]
    fn the_difference_is_the_changed_middle() {
        let s = difference("abcXYdef", "abcZdef");
        assert_eq!((s.range, s.text.as_str()), (3..5, "Z"));
        let s = difference("a—b", "a–b");
        assert_eq!(&"a—b"[s.range.clone()], "—");
    }
}
