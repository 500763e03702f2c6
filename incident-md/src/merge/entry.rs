//! Merging one incident entry: part by part (its heading, then each field), and the items of
//! list fields (follow-up actions, related logs, timelines) item by item.

use std::collections::HashMap;
use std::hash::Hash;

use super::markers::write_conflict;
use super::{ConflictPart, MergeOptions};
use crate::view::Entry;

/// One part of an entry as written: its content and the blank lines after it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part<'a> {
    /// The heading part is `""`; fields are keyed by label (ASCII lowercase), repeats numbered.
    key: String,
    /// The label as written (for conflict reports).
    label: String,
    content: &'a str,
    gap: &'a str,
    /// The list items of the field, as offsets into `content`.
    items: Vec<std::ops::Range<usize>>,
    /// The item offsets of checked task boxes' `x`, relative to each item.
    boxes: Vec<Option<usize>>,
}

/// The label of the one part of an entry that is not split into fields.
const WHOLE: &str = "the entry";

fn parts<'a>(src: &'a str, e: &Entry) -> Vec<Part<'a>> {
    // An entry in a team's own format (`- **Date:**` items, a `| Field | Value |` table) has
    // no fields the seed's reader splits it at: it is one part, so that a change on each side
    // is a conflict of the whole entry, never a merge that keeps only its heading.
    if e.fields.is_empty() {
        return vec![Part {
            key: String::new(),
            label: WHOLE.to_owned(),
            content: &src[e.span.clone()],
            gap: "",
            items: vec![],
            boxes: vec![],
        }];
    }
    let mut starts: Vec<usize> = vec![e.span.start];
    starts.extend(e.fields.iter().map(|f| f.span.start));
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(e.span.end);
        let (content_end, key, label, items, boxes) = if k == 0 {
            (
                e.heading_span.end.min(end),
                String::new(),
                "title".to_owned(),
                vec![],
                vec![],
            )
        } else {
            let f = &e.fields[k - 1];
            let base = f.label.to_ascii_lowercase();
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let key = if *n == 1 { base } else { format!("{base}#{n}") };
            let items = f
                .items
                .iter()
                .filter(|it| it.span.start >= start && it.span.end <= f.span.end)
                .collect::<Vec<_>>();
            (
                f.span.end.min(end),
                key,
                f.label.to_string(),
                items
                    .iter()
                    .map(|it| it.span.start - start..it.span.end - start)
                    .collect(),
                items
                    .iter()
                    .map(|it| it.task.map(|t| t.offset - it.span.start))
                    .collect(),
            )
        };
        out.push(Part {
            key,
            label,
            content: &src[start..content_end],
            gap: &src[content_end..end],
            items,
            boxes,
        });
    }
    out
}

/// The order of a merge of keyed sequences: ours, with each key only theirs has inserted after
/// the nearest key before it in theirs (at the front when there is none).
pub(super) fn merged_order<K: Clone + Eq + Hash>(ours: &[K], theirs: &[K]) -> Vec<K> {
    let mut out: Vec<K> = ours.to_vec();
    let mut last: Option<usize> = None;
    for k in theirs {
        if let Some(p) = out.iter().position(|o| o == k) {
            last = Some(p);
        } else {
            let at = last.map_or(0, |p| p + 1);
            out.insert(at, k.clone());
            last = Some(at);
        }
    }
    out
}

/// The result of merging one entry.
pub(super) struct Merged {
    pub(super) text: String,
    pub(super) conflicts: Vec<ConflictPart>,
}

/// Three-way merge of one entry whose base is `b` (in `bs`), ours `o` and theirs `t`.
pub(super) fn merge_entry(
    (bs, b): (&str, &Entry),
    (os, o): (&str, &Entry),
    (ts, t): (&str, &Entry),
    options: &MergeOptions,
    eol: &str,
) -> Merged {
    let (ot, tt, bt) = (
        &os[o.span.clone()],
        &ts[t.span.clone()],
        &bs[b.span.clone()],
    );
    if ot == tt || bt == tt {
        return Merged {
            text: ot.to_owned(),
            conflicts: vec![],
        };
    }
    if bt == ot {
        return Merged {
            text: tt.to_owned(),
            conflicts: vec![],
        };
    }
    let (bp, op, tp) = (parts(bs, b), parts(os, o), parts(ts, t));
    let find = |ps: &[Part<'_>], k: &str| ps.iter().position(|p| p.key == k);
    let keys = merged_order(
        &op.iter().map(|p| p.key.clone()).collect::<Vec<_>>(),
        &tp.iter().map(|p| p.key.clone()).collect::<Vec<_>>(),
    );
    // The blank lines between fields when a part moves to a place where it had none.
    let default_gap = op
        .iter()
        .chain(&tp)
        .map(|p| p.gap)
        .find(|g| !g.is_empty())
        .map_or_else(|| format!("{eol}{eol}"), str::to_owned);
    let mut pieces: Vec<(String, String)> = Vec::new();
    let mut conflicts = Vec::new();
    for key in keys {
        let (bi, oi, ti) = (find(&bp, &key), find(&op, &key), find(&tp, &key));
        let (bv, ov, tv) = (bi.map(|i| &bp[i]), oi.map(|i| &op[i]), ti.map(|i| &tp[i]));
        // What lies between fields (a table's header, prose no field holds) is merged too:
        // the side that changed it wins, and both changing it is a conflict of the entry.
        let gap = match (ov.map(|p| p.gap), tv.map(|p| p.gap)) {
            (Some(og), Some(tg)) if og != tg && og.trim() != tg.trim() => {
                let bg = bv.map(|p| p.gap);
                if bg == Some(og) {
                    tg
                } else if bg == Some(tg) {
                    og
                } else {
                    let mut text = String::new();
                    write_conflict(&mut text, ot, bt, tt, options, eol, false);
                    return Merged {
                        text,
                        conflicts: vec![ConflictPart::Entry],
                    };
                }
            }
            (og, tg) => og.or(tg).unwrap_or_default(),
        };
        let same = |x: Option<&Part<'_>>, y: Option<&Part<'_>>| {
            x.map(|p| p.content) == y.map(|p| p.content)
        };
        let chosen: Option<String> = if same(ov, tv) || same(bv, tv) {
            ov.map(|p| p.content.to_owned())
        } else if same(bv, ov) {
            tv.map(|p| p.content.to_owned())
        } else if let Some(text) = bv
            .zip(ov)
            .zip(tv)
            .and_then(|((b, o), t)| merge_items(b, o, t))
        {
            Some(text)
        } else {
            let mut text = String::new();
            write_conflict(
                &mut text,
                content(ov),
                content(bv),
                content(tv),
                options,
                eol,
                false,
            );
            let label = ov.or(tv).or(bv).map_or(String::new(), |p| p.label.clone());
            conflicts.push(if label == WHOLE {
                ConflictPart::Entry
            } else if key.is_empty() {
                ConflictPart::Title
            } else {
                ConflictPart::Field(label)
            });
            Some(text)
        };
        if let Some(text) = chosen {
            pieces.push((text, gap.to_owned()));
        }
    }
    let mut text = String::new();
    let n = pieces.len();
    for (k, (content, gap)) in pieces.into_iter().enumerate() {
        text.push_str(&content);
        if k + 1 < n {
            text.push_str(if gap.is_empty() { &default_gap } else { &gap });
        }
    }
    Merged { text, conflicts }
}

fn content<'a>(p: Option<&Part<'a>>) -> &'a str {
    p.map_or("", |p| p.content)
}

/// The text before a part's first item and after its last.
fn around<'a>(p: &Part<'a>) -> (&'a str, &'a str) {
    let (first, last) = (p.items[0].start, p.items[p.items.len() - 1].end);
    (&p.content[..first], &p.content[last..])
}

/// A list item's identity: its text with the task box unchecked, so that checking an item
/// keeps it the same item.
fn item_key(p: &Part<'_>, k: usize) -> String {
    let r = p.items[k].clone();
    let mut s = p.content[r].to_owned();
    if let Some(off) = p.boxes[k]
        && s.is_char_boundary(off)
        && s.is_char_boundary(off + 1)
        && matches!(&s[off..off + 1], "x" | "X")
    {
        s.replace_range(off..off + 1, " ");
    }
    s
}

fn numbered(keys: Vec<String>) -> Vec<(String, usize)> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    keys.into_iter()
        .map(|k| {
            let n = seen.entry(k.clone()).or_insert(0);
            *n += 1;
            (k, *n)
        })
        .collect()
}

/// Whether a part (a field) holds no value: its lines after the label are blank or placeholders.
fn unfilled(p: &Part<'_>) -> bool {
    p.content
        .split(['\n', '\r'])
        .skip(1)
        .all(|l| l.trim().is_empty() || incident_core::is_placeholder(l))
}

/// Item-by-item merge of a list field changed on both sides; `None` when the text around the
/// items changed on both sides (or a side has no items), which is then a conflict.
fn merge_items(b: &Part<'_>, o: &Part<'_>, t: &Part<'_>) -> Option<String> {
    if o.items.is_empty() || t.items.is_empty() {
        return None;
    }
    let ((opre, opost), (tpre, tpost)) = (around(o), around(t));
    let (pre, post) = if b.items.is_empty() {
        // A list both sides started in a field that was still unfilled (`_Not documented yet._`
        // or the template's placeholder): every item is new, so both sides' items are kept.
        if !unfilled(b) || opre != tpre || opost != tpost {
            return None;
        }
        (opre.to_owned(), opost.to_owned())
    } else {
        let (bpre, bpost) = around(b);
        let pick = |b: &str, o: &str, t: &str| -> Option<String> {
            if o == t || b == t {
                Some(o.to_owned())
            } else if b == o {
                Some(t.to_owned())
            } else {
                None
            }
        };
        (pick(bpre, opre, tpre)?, pick(bpost, opost, tpost)?)
    };
    let sep = if o.items.len() > 1 {
        &o.content[o.items[0].end..o.items[1].start]
    } else if t.items.len() > 1 {
        &t.content[t.items[0].end..t.items[1].start]
    } else if b.items.len() > 1 {
        &b.content[b.items[0].end..b.items[1].start]
    } else {
        "\n"
    };
    let keyed = |p: &Part<'_>| -> Vec<((String, usize), String)> {
        let keys = numbered((0..p.items.len()).map(|k| item_key(p, k)).collect());
        keys.into_iter()
            .zip(p.items.iter().map(|r| p.content[r.clone()].to_owned()))
            .collect()
    };
    let bk = if b.items.is_empty() {
        Vec::new()
    } else {
        keyed(b)
    };
    let (ok, tk) = (keyed(o), keyed(t));
    let get = |v: &[((String, usize), String)], k: &(String, usize)| {
        v.iter()
            .find(|(key, _)| key == k)
            .map(|(_, text)| text.clone())
    };
    let order = merged_order(
        &ok.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
        &tk.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
    );
    let mut items = Vec::new();
    for k in order {
        let (bv, ov, tv) = (get(&bk, &k), get(&ok, &k), get(&tk, &k));
        // Items with one key differ at most in their box: a side that changed it wins, and
        // an item one side removed stays removed unless the other side changed it.
        let v = match (bv, ov, tv) {
            (Some(b), Some(o), Some(t)) => Some(if o == b { t } else { o }),
            (Some(b), Some(o), None) | (Some(b), None, Some(o)) => (o != b).then_some(o),
            (None, Some(o), _) => Some(o),
            (None, None, Some(t)) => Some(t),
            (Some(_), None, None) | (None, None, None) => None,
        };
        items.extend(v);
    }
    Some(format!("{pre}{}{post}", items.join(sep)))
}
