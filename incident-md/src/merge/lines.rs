//! A three-way merge of lines, as `git merge-file` does it: the changes each side made to the
//! base are found with a diff (`similar`, Myers); changes that do not overlap are both taken,
//! identical changes are taken once, and overlapping different changes are a conflict.

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// A region of the merge: agreed lines, or a conflict with the three versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Chunk<'a> {
    /// Lines both sides agree on (or that only one side changed).
    Clean(Vec<&'a str>),
    /// Lines both sides changed differently.
    Conflict {
        /// Our lines.
        ours: Vec<&'a str>,
        /// The base's lines.
        base: Vec<&'a str>,
        /// Their lines.
        theirs: Vec<&'a str>,
    },
}

/// Lines with their line endings (`\n`, `\r\n` or a lone `\r`).
pub(crate) fn split_lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(&text[start..=i]);
                start = i + 1;
            }
            b'\r' => {
                let end = if bytes.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                out.push(&text[start..end]);
                start = end;
                i = end - 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// One side's change: base lines `base` replaced by side lines `side`.
#[derive(Debug, Clone)]
struct Hunk {
    base: std::ops::Range<usize>,
    side: std::ops::Range<usize>,
}

fn hunks(base: &[&str], side: &[&str]) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, base, side) {
        let (b, s) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index..old_index + old_len, new_index..new_index),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index..old_index, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        // Adjacent operations are one change.
        match out.last_mut() {
            Some(last) if last.base.end == b.start && last.side.end == s.start => {
                last.base.end = b.end;
                last.side.end = s.end;
            }
            _ => out.push(Hunk { base: b, side: s }),
        }
    }
    out
}

/// Merges the lines of `ours` and `theirs`, both derived from `base`.
pub(crate) fn merge3<'a>(base: &[&'a str], ours: &[&'a str], theirs: &[&'a str]) -> Vec<Chunk<'a>> {
    let ho = hunks(base, ours);
    let ht = hunks(base, theirs);
    let mut out: Vec<Chunk<'a>> = Vec::new();
    let push_clean = |out: &mut Vec<Chunk<'a>>, lines: &[&'a str]| {
        if lines.is_empty() {
            return;
        }
        if let Some(Chunk::Clean(v)) = out.last_mut() {
            v.extend_from_slice(lines);
        } else {
            out.push(Chunk::Clean(lines.to_vec()));
        }
    };
    // `delta_o` / `delta_t`: how far each side's line numbers are ahead of the base's before the
    // current position.
    let (mut i, mut j) = (0, 0);
    let (mut delta_o, mut delta_t) = (0isize, 0isize);
    let mut at = 0usize;
    let side = |k: usize, delta: isize| (k as isize + delta) as usize;
    while i < ho.len() || j < ht.len() {
        // The next group: the earliest hunk, and every hunk of either side overlapping the group.
        let start = match (ho.get(i), ht.get(j)) {
            (Some(a), Some(b)) => a.base.start.min(b.base.start),
            (Some(a), None) => a.base.start,
            (None, Some(b)) => b.base.start,
            (None, None) => unreachable!(),
        };
        push_clean(&mut out, &base[at..start]);
        let (i0, j0) = (i, j);
        let mut range = start..start;
        loop {
            let mut grew = false;
            // As in git, changes that touch (end where the other starts) are one group.
            if let Some(h) = ho.get(i).filter(|h| h.base.start <= range.end) {
                range.end = range.end.max(h.base.end);
                i += 1;
                grew = true;
            }
            if let Some(h) = ht.get(j).filter(|h| h.base.start <= range.end) {
                range.end = range.end.max(h.base.end);
                j += 1;
                grew = true;
            }
            if !grew {
                break;
            }
        }
        let end = range.end;
        let sum = |hs: &[Hunk]| {
            hs.iter()
                .map(|h| h.side.len() as isize - h.base.len() as isize)
                .sum::<isize>()
        };
        let o_lines = &ours[side(start, delta_o)..side(end, delta_o + sum(&ho[i0..i]))];
        let t_lines = &theirs[side(start, delta_t)..side(end, delta_t + sum(&ht[j0..j]))];
        delta_o += sum(&ho[i0..i]);
        delta_t += sum(&ht[j0..j]);
        if i == i0 {
            push_clean(&mut out, t_lines);
        } else if j == j0 || o_lines == t_lines {
            push_clean(&mut out, o_lines);
        } else {
            out.push(Chunk::Conflict {
                ours: o_lines.to_vec(),
                base: base[start..end].to_vec(),
                theirs: t_lines.to_vec(),
            });
        }
        at = end;
    }
    push_clean(&mut out, &base[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merged(b: &str, o: &str, t: &str) -> Result<String, ()> {
        let (b, o, t) = (split_lines(b), split_lines(o), split_lines(t));
        let mut out = String::new();
        for c in merge3(&b, &o, &t) {
            match c {
                Chunk::Clean(ls) => out.push_str(&ls.concat()),
                Chunk::Conflict { .. } => return Err(()),
            }
        }
        Ok(out)
    }

    #[test]
    fn lines_keep_their_endings() {
        assert_eq!(split_lines("a\r\nb\rc\nd"), ["a\r\n", "b\r", "c\n", "d"]);
        assert!(split_lines("").is_empty());
    }

    #[test]
    fn separate_changes_are_both_taken() {
        let b = "1\n2\n3\n4\n5\n";
        assert_eq!(
            merged(b, "one\n2\n3\n4\n5\n", "1\n2\n3\n4\nfive\n"),
            Ok("one\n2\n3\n4\nfive\n".into())
        );
        assert_eq!(merged(b, b, "1\n3\n"), Ok("1\n3\n".into()));
        assert_eq!(
            merged(b, "0\n1\n2\n3\n4\n5\n", "0\n1\n2\n3\n4\n5\n"),
            Ok("0\n1\n2\n3\n4\n5\n".into())
        );
    }

    #[test]
    fn overlapping_and_touching_changes_conflict_as_in_git() {
        let b = "1\n2\n3\n";
        assert_eq!(merged(b, "1\nx\n3\n", "1\ny\n3\n"), Err(()));
        // Two different insertions at one place.
        assert_eq!(merged(b, "0\n1\n2\n3\n", "00\n1\n2\n3\n"), Err(()));
        // Changes of adjacent lines are one region for git merge-file too.
        assert_eq!(merged(b, "x\n2\n3\n", "1\ny\n3\n"), Err(()));
    }

    #[test]
    fn a_conflict_holds_the_three_versions() {
        let (b, o, t) = (
            split_lines("a\nb\nc\n"),
            split_lines("a\nB\nc\n"),
            split_lines("a\nβ\nc\n"),
        );
        let chunks = merge3(&b, &o, &t);
        assert_eq!(
            chunks,
            [
                Chunk::Clean(vec!["a\n"]),
                Chunk::Conflict {
                    ours: vec!["B\n"],
                    base: vec!["b\n"],
                    theirs: vec!["β\n"]
                },
                Chunk::Clean(vec!["c\n"]),
            ]
        );
    }
}
