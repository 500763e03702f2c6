//! Where incidents live, and the sections that are not incidents.

use super::dates::read_when;

/// What a section heading says about the headings under it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SectionKind {
    /// A section that holds entries (`## Incidents`, `## Incident History`, `## Resolved`).
    Container {
        /// Whether its entries are resolved by being there (`## Resolved Incidents`).
        resolved: bool,
    },
    /// A date group (`## 2026-01-26`, `## 2026`, `### 2026 Q3`, `## 2026 H2`).
    DateGroup,
    /// A section whose headings are not incidents, and why.
    Skip(&'static str),
}

/// Words that name a section holding no incidents, with the reason it is skipped.
const SKIPPED: [(&str, &str); 22] = [
    ("template", "a template for new entries"),
    ("entry format", "the format of entries"),
    ("format", "the format of entries"),
    ("example", "an example entry"),
    ("statistic", "statistics"),
    ("stats", "statistics"),
    ("lesson", "lessons across incidents"),
    ("contents", "a table of contents"),
    ("index", "an index of incidents"),
    ("summary", "a summary"),
    ("final state", "a final state"),
    ("user request", "user requests"),
    ("related", "related pages"),
    ("see also", "related pages"),
    ("last incident", "a summary line"),
    ("severity", "the severity policy"),
    ("categor", "the category policy"),
    ("escalation", "the escalation policy"),
    ("requirement", "the requirements policy"),
    ("how to", "instructions"),
    ("glossary", "a glossary"),
    ("notes", "notes"),
];

/// Whether a skipped section's reason is one whose sub-headings are examples, not entries.
pub fn holds_examples(reason: &str) -> bool {
    reason.contains("template") || reason.contains("format") || reason.contains("example")
}

/// Classifies a section heading; `None` for a heading that says nothing about its section.
pub fn classify(text: &str) -> Option<SectionKind> {
    let t: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace() || matches!(c, '-' | ':'))
        .collect::<String>()
        .trim()
        .to_lowercase();
    if is_group(&t) {
        return Some(SectionKind::DateGroup);
    }
    if t.starts_with("last incident") {
        return Some(SectionKind::Skip("a summary line"));
    }
    let words = t.split_whitespace().count();
    if words <= 4 {
        for (w, why) in SKIPPED {
            if t.contains(w) {
                return Some(SectionKind::Skip(why));
            }
        }
        let resolved = t.contains("resolved") || t.contains("closed") || t.contains("past");
        // `log` as a word (`Incident log`, `Logs`), not inside one (`Login outage`, `Backlog`).
        let holds = t.contains("incident")
            || t.contains("history")
            || t.split_whitespace()
                .any(|w| matches!(w, "log" | "logs" | "logbook"))
            || t == "active"
            || t == "open"
            || resolved;
        if holds && !t.contains(':') {
            return Some(SectionKind::Container { resolved });
        }
    }
    None
}

/// `2026-01-26`, `2026`, `2026 Q3`, `2026 H2`, `January 2026`, `Q3 2026`.
fn is_group(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    let year = |w: &str| w.len() == 4 && w.starts_with("20") && w.parse::<u32>().is_ok();
    let half = |w: &str| {
        w.len() == 2 && matches!(w.as_bytes()[0], b'q' | b'h') && w.as_bytes()[1].is_ascii_digit()
    };
    match words.as_slice() {
        [w] => year(w) || read_when(w).is_some_and(|d| d.day().is_some()) && w.len() == 10,
        [a, b] => {
            (year(a) && half(b)) || (half(a) && year(b)) || (year(b) && read_when(t).is_some())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_groups_and_skipped_sections() {
        use SectionKind::*;
        assert_eq!(classify("Incidents"), Some(Container { resolved: false }));
        assert_eq!(
            classify("Incident History"),
            Some(Container { resolved: false })
        );
        assert_eq!(
            classify("Resolved Incidents"),
            Some(Container { resolved: true })
        );
        assert_eq!(classify("✅ Resolved"), Some(Container { resolved: true }));
        assert_eq!(classify("🔥 Active"), Some(Container { resolved: false }));
        assert_eq!(classify("2026-01-26"), Some(DateGroup));
        assert_eq!(classify("2026"), Some(DateGroup));
        assert_eq!(classify("2026 Q3"), Some(DateGroup));
        assert_eq!(classify("2026 H2"), Some(DateGroup));
        assert_eq!(
            classify("Template"),
            Some(Skip("a template for new entries"))
        );
        assert_eq!(
            classify("Entry Format"),
            Some(Skip("the format of entries"))
        );
        assert_eq!(
            classify("Table of Contents"),
            Some(Skip("a table of contents"))
        );
        assert_eq!(
            classify("Key Lessons"),
            Some(Skip("lessons across incidents"))
        );
        assert_eq!(classify("Statistics"), Some(Skip("statistics")));
        assert_eq!(classify("Last Incident: x"), Some(Skip("a summary line")));
        assert_eq!(classify("Kafka broker disk full on kafka-3"), None);
        assert_eq!(classify("Ops Log"), Some(Container { resolved: false }));
        assert_eq!(classify("Login outage"), None);
        assert_eq!(classify("Queue backlog"), None);
        assert_eq!(classify("Incident: Redis down"), None);
    }
}
