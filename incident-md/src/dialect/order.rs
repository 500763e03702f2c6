//! The order of entries: stated in the file, or seen from the entries' dates.

use incident_core::lines::TrimWs as _;
use std::fmt;

use chrono::NaiveDate;

/// The order a log keeps its entries in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Order {
    /// The newest entry is at the top.
    NewestFirst,
    /// The newest entry is at the bottom (append-only).
    OldestFirst,
    /// Neither stated nor visible.
    #[default]
    Unknown,
}

impl Order {
    /// `newest-first`, `oldest-first` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Order::NewestFirst => "newest-first",
            Order::OldestFirst => "oldest-first",
            Order::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

const NEWEST_FIRST: [&str; 6] = [
    "newest first",
    "most recent first",
    "reverse chronological",
    "newest day first",
    "latest first",
    "newest on top",
];
const OLDEST_FIRST: [&str; 10] = [
    "oldest first",
    "newest at the bottom",
    "newest last",
    "append-only",
    "append only",
    "appended in order",
    "chronological order",
    "roughly in order",
    "in the order they happened",
    "at the bottom of this file",
];

/// The order a line of prose states, if any.
pub fn stated_order(text: &str) -> Option<Order> {
    let t = text.to_lowercase().replace(['\n', '\r'], " ");
    // "reverse chronological" contains "chronological": test newest-first first.
    if NEWEST_FIRST.iter().any(|p| t.contains(p)) {
        Some(Order::NewestFirst)
    } else if OLDEST_FIRST.iter().any(|p| t.contains(p)) {
        Some(Order::OldestFirst)
    } else {
        None
    }
}

/// The order the entries' days show: most steps between dated neighbours go one way.
pub fn observed_order(days: &[Option<NaiveDate>]) -> Order {
    let known: Vec<NaiveDate> = days.iter().flatten().copied().collect();
    let (mut up, mut down) = (0, 0);
    for w in known.windows(2) {
        match w[0].cmp(&w[1]) {
            std::cmp::Ordering::Less => up += 1,
            std::cmp::Ordering::Greater => down += 1,
            std::cmp::Ordering::Equal => {}
        }
    }
    if up > down {
        Order::OldestFirst
    } else if down > up {
        Order::NewestFirst
    } else {
        Order::Unknown
    }
}

/// Whether a line is a placeholder that stands where entries will go (`*No active
/// incidents*`, `No incidents recorded yet.`).
pub fn is_placeholder_line(line: &str) -> bool {
    let t = line.trim_ws().trim_matches(['*', '_']).trim_ws();
    // Every placeholder starts with `n`, and only `n` and `N` lowercase to it: most paragraphs
    // of a log are ruled out without a lowercase copy of them.
    if !matches!(t.as_bytes().first(), Some(b'n' | b'N')) {
        return false;
    }
    let t = t.to_lowercase();
    (t.starts_with("no ") && t.contains("incident") && t.len() < 60)
        || t == "none yet"
        || t == "none yet."
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // The first-letter test only rules out what the full test would rule out.
        #[test]
        fn placeholder_lines_as_the_lowercase_test_reads_them(
            text in "[ *_]{0,2}(N|n|İ|K|ñ|x)?(o |one yet\\.?|o incidents|O INCIDENT)?[a-z ]{0,6}[ *_]{0,2}",
        ) {
            let t = text.trim().trim_matches(['*', '_']).trim().to_lowercase();
            let full = (t.starts_with("no ") && t.contains("incident") && t.len() < 60)
                || t == "none yet"
                || t == "none yet.";
            prop_assert_eq!(is_placeholder_line(&text), full, "{:?}", text);
        }
    }

    #[test]
    fn stated_and_observed() {
        assert_eq!(stated_order("Most recent first."), Some(Order::NewestFirst));
        assert_eq!(
            stated_order("Reverse chronological order."),
            Some(Order::NewestFirst)
        );
        assert_eq!(
            stated_order("Incidents (append-only)"),
            Some(Order::OldestFirst)
        );
        assert_eq!(
            stated_order("Newest at the bottom."),
            Some(Order::OldestFirst)
        );
        assert_eq!(stated_order("Keep it short."), None);
        let d = |s: &str| Some(s.parse::<NaiveDate>().unwrap());
        assert_eq!(
            observed_order(&[d("2026-03-01"), d("2026-02-01"), None]),
            Order::NewestFirst
        );
        assert_eq!(
            observed_order(&[d("2026-01-01"), d("2026-02-01")]),
            Order::OldestFirst
        );
        assert_eq!(observed_order(&[]), Order::Unknown);
        assert!(is_placeholder_line("*No active incidents*"));
        assert!(is_placeholder_line("No incidents recorded yet."));
        assert!(!is_placeholder_line("No customer impact."));
    }
}
