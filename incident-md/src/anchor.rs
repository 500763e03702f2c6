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
    for c in heading_text.trim().chars() {
        if c == ' ' {
            out.push('-');
        } else if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
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
