//! GitHub heading anchors and incident IDs.

use std::fmt::Write as _;

/// The anchor GitHub gives a heading, before de-duplication: lower-cased, characters other than
/// letters, digits, spaces, `-` and `_` removed, spaces turned into `-`.
///
/// ```
/// assert_eq!(incident_md::anchor::slug("Incident: API server `etcd` outage!"), "incident-api-server-etcd-outage");
/// ```
pub fn slug(heading_text: &str) -> String {
    let mut out = String::with_capacity(heading_text.trim().len());
    slug_into(heading_text, &mut out);
    out
}

/// [`slug`], appended to `out` (a buffer reused over a file's headings allocates once).
pub(crate) fn slug_into(heading_text: &str, out: &mut String) {
    let text = heading_text.trim();
    out.reserve(text.len());
    let start = out.len();
    // Runs of bytes kept as they are (ASCII letters, digits, `-`, `_`) are copied whole and
    // lowercased at the end; a char is decoded only where one starts beyond ASCII.
    let bytes = text.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            i += 1;
            continue;
        }
        out.push_str(&text[run..i]);
        if b.is_ascii() {
            if b == b' ' {
                out.push('-');
            }
            i += 1;
        } else {
            // `i` is always at a char boundary: only whole chars are stepped over.
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if c.is_alphanumeric() {
                out.extend(c.to_lowercase());
            }
            i += c.len_utf8();
        }
        run = i;
    }
    out.push_str(&text[run..]);
    // What a non-ASCII letter lowercases to is lowercase already.
    out[start..].make_ascii_lowercase();
}

/// De-duplicates anchors in document order the way GitHub does: the second `x` becomes `x-1`,
/// the third `x-2`.
#[derive(Debug, Default)]
pub(crate) struct AnchorSet {
    seen: crate::hash::FxHashMap<String, usize>,
    /// Scratch for [`AnchorSet::count`]'s slugs.
    buf: String,
}

impl AnchorSet {
    /// A set for about `headings` headings (a log has tens of thousands: no rehashing).
    pub(crate) fn with_capacity(headings: usize) -> AnchorSet {
        AnchorSet {
            seen: crate::hash::FxHashMap::with_capacity_and_hasher(headings, Default::default()),
            buf: String::new(),
        }
    }

    pub(crate) fn unique(&mut self, base: String) -> String {
        let Some(n) = self.seen.get_mut(&base) else {
            self.seen.insert(base.clone(), 1);
            return base;
        };
        *n += 1;
        let out = format!("{base}-{}", *n - 1);
        // A generated `x-1` also counts as seen, as on GitHub.
        self.seen.entry(out.clone()).or_insert(1);
        out
    }

    /// What [`AnchorSet::unique`] of the heading's [`slug`] does to the set, for a heading
    /// whose anchor nobody reads (a log's field headings): one allocation, not three.
    pub(crate) fn count(&mut self, heading_text: &str) {
        self.buf.clear();
        slug_into(heading_text, &mut self.buf);
        let Some(n) = self.seen.get_mut(self.buf.as_str()) else {
            self.seen.insert(self.buf.clone(), 1);
            return;
        };
        *n += 1;
        let k = *n - 1;
        // `x-1` is nearly always new: one lookup, and the key's one allocation.
        let _ = write!(self.buf, "-{k}");
        self.seen.entry(self.buf.clone()).or_insert(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The byte-wise slug is GitHub's rule char by char: spaces become `-`, letters and
        /// digits (any script) are lowercased, `-` and `_` stay, the rest goes.
        #[test]
        fn slug_is_the_char_rule(text in "[ -~\u{a0}-\u{17f}\u{391}-\u{3c9}\u{1f600}\u{212a}\u{130}\t]{0,40}") {
            let mut expected = String::new();
            for c in text.trim().chars() {
                if c == ' ' {
                    expected.push('-');
                } else if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    expected.push(c.to_ascii_lowercase());
                } else if c.is_alphanumeric() {
                    expected.extend(c.to_lowercase());
                }
            }
            proptest::prop_assert_eq!(slug(&text), expected);
        }
    }

    #[test]
    fn github_rules() {
        assert_eq!(
            slug("Incident: Node down — étcd"),
            "incident-node-down--étcd"
        );
        assert_eq!(
            slug("Last Incident: None Recorded"),
            "last-incident-none-recorded"
        );
        let mut set = AnchorSet::default();
        assert_eq!(set.unique("a".into()), "a");
        assert_eq!(set.unique("a".into()), "a-1");
        assert_eq!(set.unique("a".into()), "a-2");
    }

    #[test]
    fn counting_matches_unique() {
        // Headings whose anchors are only counted number the later ones as `unique` would.
        let headings = ["A", "a", "A-1", "a", "B c", "b-c", "a-1", "A"];
        let mut all = AnchorSet::default();
        let expected: Vec<String> = headings.iter().map(|h| all.unique(slug(h))).collect();
        for skip in 0..headings.len() {
            let mut set = AnchorSet::default();
            for (i, h) in headings.iter().enumerate() {
                if i % (skip + 1) == 0 {
                    assert_eq!(
                        set.unique(slug(h)),
                        expected[i],
                        "heading {i}, every {skip}"
                    );
                } else {
                    set.count(h);
                }
            }
        }
    }
}
