//! GitHub heading anchors and incident IDs.

/// The anchor GitHub gives a heading, before de-duplication: lower-cased, characters other than
/// letters, digits, spaces, `-` and `_` removed, spaces turned into `-`.
///
/// ```
/// assert_eq!(incident_md::anchor::slug("Incident: API server `etcd` outage!"), "incident-api-server-etcd-outage");
/// ```
pub fn slug(heading_text: &str) -> String {
    heading_text
        .trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c.to_lowercase().collect::<String>())
            } else if c == ' ' {
                Some("-".to_owned())
            } else {
                None
            }
        })
        .collect()
}

/// De-duplicates anchors in document order the way GitHub does: the second `x` becomes `x-1`,
/// the third `x-2`.
#[derive(Debug, Default)]
pub(crate) struct AnchorSet {
    seen: std::collections::HashMap<String, usize>,
}

impl AnchorSet {
    pub(crate) fn unique(&mut self, base: String) -> String {
        let n = self.seen.entry(base.clone()).or_insert(0);
        let out = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        *n += 1;
        if out != base {
            self.seen.entry(out.clone()).or_insert(1);
        }
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
