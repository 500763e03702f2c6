//! GitHub heading anchors and incident IDs.

/// The anchor GitHub gives a heading, before de-duplication: lower-cased, characters other than
/// letters, digits, spaces, `-` and `_` removed, spaces turned into `-`.
///
/// ```
/// assert_eq!(incident_md::anchor::slug("Incident: API server `etcd` outage!"), "incident-api-server-etcd-outage");
/// ```
pub fn slug(heading_text: &str) -> String {
    let text = heading_text.trim();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == ' ' {
            out.push('-');
        } else if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// De-duplicates anchors in document order the way GitHub does: the second `x` becomes `x-1`,
/// the third `x-2`.
#[derive(Debug, Default)]
pub(crate) struct AnchorSet {
    seen: crate::hash::FxHashMap<String, usize>,
}

impl AnchorSet {
    /// A set for about `headings` headings (a log has tens of thousands: no rehashing).
    pub(crate) fn with_capacity(headings: usize) -> AnchorSet {
        AnchorSet {
            seen: crate::hash::FxHashMap::with_capacity_and_hasher(headings, Default::default()),
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
}
