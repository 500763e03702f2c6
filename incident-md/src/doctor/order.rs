//! Entries out of the file's order (`MD017`), put back by moving whole entries: the fewest
//! entries move (all but a longest run already in order), each with its separator, and the
//! bytes of every entry stay as they are.

use incident_core::{Code, Order};

use super::{Repair, Splice};
use crate::Document;
use crate::merge::separator_only;

/// Position in the order: earlier sorts first.
fn key(order: Order, at: chrono::DateTime<chrono::Utc>) -> i64 {
    let t = at.timestamp_millis();
    match order {
        Order::OldestFirst => t,
        _ => -t,
    }
}

/// The indices (into `keys`) of a longest non-decreasing subsequence.
fn longest_in_order(keys: &[i64]) -> Vec<usize> {
    // Patience sorting: `tails[l]` ends the best run of length `l + 1` found so far.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; keys.len()];
    for (k, &x) in keys.iter().enumerate() {
        let l = tails.partition_point(|&t| keys[t] <= x);
        prev[k] = l.checked_sub(1).map(|p| tails[p]);
        if l == tails.len() {
            tails.push(k);
        } else {
            tails[l] = k;
        }
    }
    let mut out = Vec::new();
    let mut at = tails.last().copied();
    while let Some(k) = at {
        out.push(k);
        at = prev[k];
    }
    out.reverse();
    out
}

/// The order the file keeps when none is configured: oldest first when more neighbouring
/// dated entries go up in time than down, else newest first (the default; a tie too). Unlike
/// reading the first and the last entry, one misplaced entry cannot flip it.
pub(super) fn file_order(doc: &Document) -> Order {
    let dated: Vec<_> = doc
        .incidents()
        .iter()
        .filter_map(|e| e.incident.as_ref().map(|i| i.detected))
        .collect();
    let up = dated.windows(2).filter(|w| w[0] < w[1]).count();
    let down = dated.windows(2).filter(|w| w[0] > w[1]).count();
    if up > down {
        Order::OldestFirst
    } else {
        Order::NewestFirst
    }
}

/// Reports the entries out of `order` and plans their moves.
pub(super) fn out_of_order(doc: &Document, order: Order, out: &mut Vec<Repair>) {
    let src = doc.as_str();
    let entries = doc.incidents();
    let dated: Vec<(usize, i64)> = entries
        .iter()
        .enumerate()
        .filter_map(|(k, e)| e.incident.as_ref().map(|i| (k, key(order, i.detected))))
        .collect();
    let keys: Vec<i64> = dated.iter().map(|d| d.1).collect();
    let kept: Vec<usize> = longest_in_order(&keys)
        .into_iter()
        .map(|i| dated[i].0)
        .collect();
    let moved: Vec<(usize, i64)> = dated
        .iter()
        .copied()
        .filter(|(k, _)| !kept.contains(k))
        .collect();
    let Some(&(first, _)) = moved.first() else {
        return;
    };
    let name = match order {
        Order::OldestFirst => "oldest-first",
        _ => "newest-first",
    };
    let ids: Vec<String> = moved
        .iter()
        .map(|&(k, _)| format!("`{}`", entries[k].id))
        .collect();
    let message = format!(
        "{} {} out of the file's {name} order",
        if ids.len() == 1 {
            "incident"
        } else {
            "incidents"
        },
        ids.join(", ") + if ids.len() == 1 { " is" } else { " are" },
    );
    let span = entries[first].heading_span.clone();
    // Entries move with their separators; text between entries that is more than a separator
    // (a date heading, a note) is a structure a person has to keep.
    let gaps_plain = entries
        .windows(2)
        .all(|w| separator_only(&src[w[0].span.end..w[1].span.start]));
    if !gaps_plain {
        out.push(Repair::report(Code::EntryOrder, message, span).about(&entries[first].id));
        return;
    }
    let eol = crate::render::line_ending(src);
    let sep = entries
        .windows(2)
        .map(|w| &src[w[0].span.end..w[1].span.start])
        .next()
        .map_or_else(|| format!("{eol}{eol}"), str::to_owned);
    let is_moved = |k: usize| moved.iter().any(|m| m.0 == k);
    let mut plan = Vec::new();
    // Removals: each run of moved entries with the separator after it (before it, at the end).
    let mut k = 0;
    while k < entries.len() {
        if !is_moved(k) {
            k += 1;
            continue;
        }
        let run_start = k;
        while k < entries.len() && is_moved(k) {
            k += 1;
        }
        let range = match entries.get(k) {
            Some(after) => entries[run_start].span.start..after.span.start,
            None => entries[run_start - 1].span.end..entries[k - 1].span.end,
        };
        plan.push(Splice::new(range, ""));
    }
    // Insertions: before the first kept entry that comes later in the order, else after the
    // last kept one; several moved to one place go in order.
    let mut targets: Vec<(Option<usize>, i64, usize)> = moved
        .iter()
        .map(|&(m, key_m)| {
            let before = kept.iter().copied().find(|&k| {
                let i = entries[k].incident.as_ref().map(|i| key(order, i.detected));
                i.is_some_and(|kk| kk > key_m)
            });
            (before, key_m, m)
        })
        .collect();
    targets.sort_by_key(|&(before, key_m, m)| (before.is_none(), before, key_m, m));
    for group in targets.chunk_by(|a, b| a.0 == b.0) {
        let text: String = match group[0].0 {
            Some(_) => group
                .iter()
                .map(|&(_, _, m)| format!("{}{sep}", &src[entries[m].span.clone()]))
                .collect(),
            None => group
                .iter()
                .map(|&(_, _, m)| format!("{sep}{}", &src[entries[m].span.clone()]))
                .collect(),
        };
        let at = match group[0].0 {
            Some(k) => entries[k].span.start,
            None => kept.last().map_or(src.len(), |&k| entries[k].span.end),
        };
        plan.push(Splice::new(at..at, text));
    }
    out.push(Repair::fix(Code::EntryOrder, message, span, plan).about(&entries[first].id));
}

#[cfg(test)]
mod tests {
    use super::longest_in_order;

    #[test]
    fn a_longest_run_in_order() {
        assert_eq!(longest_in_order(&[3, 1, 2, 5, 4]), [1, 2, 4]);
        assert_eq!(longest_in_order(&[1, 1, 1]), [0, 1, 2]);
        assert!(longest_in_order(&[]).is_empty());
    }
}
