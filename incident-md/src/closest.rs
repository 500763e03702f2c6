//! The IDs nearest to one that matches none: what "did you mean" offers after a typo.

/// At most this many suggestions.
const MAX_SUGGESTIONS: usize = 3;

/// The IDs among `ids` nearest to `asked`, best first (ties in the given order), at most three.
///
/// An ID is near when it contains `asked` (or a word of it of four letters or more, ignoring
/// case), or when `asked` (four characters or more) is within a few edits (Levenshtein, a fifth
/// of its length, at least 1) of the ID or of the ID's start (a mistyped prefix).
pub(crate) fn closest<'a>(asked: &str, ids: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let asked = asked.trim().to_lowercase();
    if asked.is_empty() {
        return Vec::new();
    }
    let asked_chars: Vec<char> = asked.chars().collect();
    let limit = (asked_chars.len() / 5).max(1);
    let mut scored: Vec<(usize, usize, &str)> = Vec::new();
    for (k, id) in ids.into_iter().enumerate() {
        let lower = id.to_lowercase();
        let score = if lower.contains(&asked) {
            Some(0)
        } else {
            let chars: Vec<char> = lower.chars().collect();
            let whole = levenshtein(&asked_chars, &chars);
            let start = levenshtein(&asked_chars, &chars[..asked_chars.len().min(chars.len())]);
            let words = asked
                .split(['-', ' '])
                .filter(|w| w.chars().count() >= 4 && w.chars().any(char::is_alphabetic))
                .any(|w| lower.contains(w));
            match whole.min(start) {
                // One or two letters are within a typo of anything.
                d if d <= limit && asked_chars.len() >= 4 => Some(d),
                _ if words => Some(limit + 1),
                _ => None,
            }
        };
        if let Some(score) = score {
            scored.push((score, k, id));
        }
    }
    scored.sort_unstable();
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, _, id)| id)
        .collect()
}

/// Edits (insertions, deletions, substitutions) turning `a` into `b`.
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: [&str; 4] = [
        "2026-03-02-api-outage",
        "2026-03-02-api-latency",
        "2026-02-03-etcd-quorum-lost-on-prod-eu",
        "2026-03-09-dns-resolution-failures",
    ];

    #[test]
    fn a_typo_in_a_prefix_finds_the_id() {
        assert_eq!(
            closest("2026-03-02-api-outgae", IDS),
            ["2026-03-02-api-outage"]
        );
        assert_eq!(
            closest("2026-03-09-dsn", IDS),
            ["2026-03-09-dns-resolution-failures"]
        );
    }

    #[test]
    fn a_word_of_the_title_finds_the_id() {
        assert_eq!(
            closest("etcd", IDS),
            ["2026-02-03-etcd-quorum-lost-on-prod-eu"]
        );
        assert_eq!(
            closest("QUORUM", IDS),
            ["2026-02-03-etcd-quorum-lost-on-prod-eu"]
        );
        assert_eq!(
            closest("2026-03-04-api", IDS),
            ["2026-03-02-api-outage", "2026-03-02-api-latency"]
        );
    }

    #[test]
    fn nothing_near_suggests_nothing() {
        assert!(closest("kafka", IDS).is_empty());
        assert!(closest("", IDS).is_empty());
        assert!(closest("x", IDS).is_empty());
    }

    #[test]
    fn edit_distance() {
        let d = |a: &str, b: &str| {
            levenshtein(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("api", "api"), 0);
        assert_eq!(d("outgae", "outage"), 2);
    }
}
