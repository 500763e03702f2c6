//! A team's incident policy: severities, categories, escalation triggers, post-incident rules.

use crate::{EscalationTrigger, ResponseTime, Severity};

/// One row of the severity table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SeverityRule {
    /// The level.
    pub level: Severity,
    /// What the level means.
    pub definition: String,
    /// How soon a response is due.
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
    pub response: ResponseTime,
}

impl SeverityRule {
    /// A row of the severity table.
    pub fn new(level: Severity, definition: impl Into<String>, response: ResponseTime) -> Self {
        SeverityRule {
            level,
            definition: definition.into(),
            response,
        }
    }
}

/// One row of the categories table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Category {
    /// The category's name, such as `CLUSTER_FAILURE`.
    pub name: String,
    /// Examples of incidents in it.
    pub examples: String,
}

impl Category {
    /// A row of the categories table.
    pub fn new(name: impl Into<String>, examples: impl Into<String>) -> Self {
        Category {
            name: name.into(),
            examples: examples.into(),
        }
    }
}

/// One post-incident requirement, with the rule it maps to when this crate knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Requirement {
    /// The requirement as written.
    pub text: String,
    /// What it asks for, when recognised.
    pub kind: Option<RequirementKind>,
}

/// The post-incident requirements this crate understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum RequirementKind {
    /// Document the incident within this many hours of detection.
    DocumentWithin {
        /// The window in hours.
        hours: u32,
    },
    /// A TROUBLESHOOTING.md entry for a new kind of problem.
    TroubleshootingEntry,
    /// Lessons learned go into MEMORY.md.
    MemoryUpdate,
    /// Every follow-up action has an owner.
    FollowUpOwners,
    /// An incident review for incidents at or above this severity.
    ReviewAtOrAbove {
        /// The lowest severity that needs a review.
        level: Severity,
    },
}

impl Requirement {
    /// Reads a requirement, recognising the seed's five kinds by their wording.
    ///
    /// ```
    /// use incident_core::{Requirement, RequirementKind};
    /// let r = Requirement::from_text("Document in INCIDENTS.md within 48 hours");
    /// assert_eq!(r.kind, Some(RequirementKind::DocumentWithin { hours: 48 }));
    /// ```
    pub fn from_text(text: &str) -> Requirement {
        let lower = text.to_ascii_lowercase();
        let kind = if lower.contains("within") && lower.contains("hour") {
            number_before(&lower, "hour").map(|hours| RequirementKind::DocumentWithin { hours })
        } else if lower.contains("troubleshooting") {
            Some(RequirementKind::TroubleshootingEntry)
        } else if lower.contains("memory") {
            Some(RequirementKind::MemoryUpdate)
        } else if lower.contains("follow-up") || lower.contains("owner") {
            Some(RequirementKind::FollowUpOwners)
        } else if lower.contains("review") {
            let level = [
                Severity::Low,
                Severity::Medium,
                Severity::High,
                Severity::Critical,
            ]
            .into_iter()
            .find(|l| lower.contains(&l.as_str().to_ascii_lowercase()))
            .unwrap_or(Severity::High);
            Some(RequirementKind::ReviewAtOrAbove { level })
        } else {
            None
        };
        Requirement {
            text: text.to_owned(),
            kind,
        }
    }
}

/// The last number that stands before `unit` in `text` (`"within 24 hours"` -> 24).
pub(crate) fn number_before(text: &str, unit: &str) -> Option<u32> {
    let end = text.find(unit)?;
    let head = text[..end].trim_end();
    // The digits at the end of `head` (a byte count: digits are ASCII, so this is a boundary
    // even after a multi-byte character such as `—`).
    let digits = head.len() - head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    head[head.len() - digits..].parse().ok()
}

#[cfg(test)]
mod number_before_tests {
    use super::number_before;

    #[test]
    fn number_before_a_multibyte_character_does_not_panic() {
        // Found by the `check` fuzz target: `rfind` gave the first byte of `—`, and `+ 1` cut it.
        assert_eq!(number_before("within 24 — hours", "hours"), None);
        assert_eq!(number_before("within —24 hours", "hours"), Some(24));
        assert_eq!(number_before("within 24 hours", "hours"), Some(24));
        assert_eq!(number_before("hours", "hours"), None);
    }
}

/// A team's incident policy, as its INCIDENTS.md states it.
///
/// `Policy::default()` is exactly the content of the template the project was created from.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Policy {
    /// The severity table, in the order written.
    pub severities: Vec<SeverityRule>,
    /// The categories table, in the order written.
    pub categories: Vec<Category>,
    /// The escalation triggers, in the order written.
    pub triggers: Vec<EscalationTrigger>,
    /// The post-incident requirements, in the order written.
    pub requirements: Vec<Requirement>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            severities: Severity::ALL
                .into_iter()
                .map(|l| SeverityRule::new(l, l.definition(), ResponseTime::default_for(l)))
                .collect(),
            categories: DEFAULT_CATEGORIES
                .iter()
                .map(|(n, e)| Category::new(*n, *e))
                .collect(),
            triggers: EscalationTrigger::defaults().to_vec(),
            requirements: DEFAULT_REQUIREMENTS
                .iter()
                .map(|t| Requirement::from_text(t))
                .collect(),
        }
    }
}

/// The seed's categories with their examples.
pub const DEFAULT_CATEGORIES: [(&str, &str); 7] = [
    (
        "CLUSTER_FAILURE",
        "Node down, API server outage, etcd issues",
    ),
    ("DEPLOYMENT_FAILURE", "Failed GitOps sync, helm failures"),
    (
        "SECURITY_INCIDENT",
        "Unauthorized access, CVE, policy violation",
    ),
    (
        "PERFORMANCE_DEGRADATION",
        "High latency, resource exhaustion",
    ),
    ("DATA_LOSS", "Backup failure, data corruption"),
    ("AUTOMATION_FAILURE", "Skill/script errors"),
    ("CONFIGURATION_DRIFT", "Unintended state changes"),
];

/// The seed's post-incident requirements.
pub const DEFAULT_REQUIREMENTS: [&str; 5] = [
    "Document in INCIDENTS.md within 24 hours",
    "Create TROUBLESHOOTING.md entry if new problem type",
    "Update MEMORY.md with lessons learned",
    "Assign follow-up actions with owners",
    "Schedule incident review if severity HIGH or CRITICAL",
];

impl Policy {
    /// The response time for a severity: the table's row, or the seed's default when the table
    /// has no row for it.
    pub fn response_time(&self, level: Severity) -> ResponseTime {
        self.severities
            .iter()
            .find(|r| r.level == level)
            .map_or_else(|| ResponseTime::default_for(level), |r| r.response)
    }

    /// The category of that name (compared ignoring ASCII case and backticks).
    pub fn category(&self, name: &str) -> Option<&Category> {
        let name = name.trim().trim_matches('`');
        self.categories
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// Hours within which an incident must be documented (24 unless the requirements say so).
    pub fn documentation_window_hours(&self) -> u32 {
        self.requirements
            .iter()
            .find_map(|r| match r.kind {
                Some(RequirementKind::DocumentWithin { hours }) => Some(hours),
                _ => None,
            })
            .unwrap_or(24)
    }

    /// The lowest severity that needs an incident review (HIGH unless the requirements say so),
    /// or `None` when the requirements ask for no review.
    pub fn review_threshold(&self) -> Option<Severity> {
        self.requirements.iter().find_map(|r| match r.kind {
            Some(RequirementKind::ReviewAtOrAbove { level }) => Some(level),
            _ => None,
        })
    }

    /// Whether the requirements include a rule of this kind.
    pub fn requires(&self, kind: RequirementKind) -> bool {
        self.requirements.iter().any(|r| {
            r.kind
                .is_some_and(|k| std::mem::discriminant(&k) == std::mem::discriminant(&kind))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_the_seed() {
        let p = Policy::default();
        assert_eq!(p.severities.len(), 4);
        assert_eq!(
            p.response_time(Severity::Low),
            ResponseTime::BusinessDays(1)
        );
        assert_eq!(p.categories[5].name, "AUTOMATION_FAILURE");
        assert_eq!(p.documentation_window_hours(), 24);
        assert_eq!(p.review_threshold(), Some(Severity::High));
        assert!(p.requires(RequirementKind::MemoryUpdate));
        assert!(p.category("`data_loss`").is_some());
        assert!(p.requirements.iter().all(|r| r.kind.is_some()));
    }
}
