//! The fields of an incident entry, as the template names them.

/// A field the library knows. Text forms are the template's labels (`Root Cause`,
/// `Follow-up Actions`); parsing ignores case and accepts a few common variants.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::Display,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum FieldName {
    /// `### Severity: HIGH`
    Severity,
    /// `### Category: CLUSTER_FAILURE`
    Category,
    /// `### Detected: 2026-01-31T14:05:00Z`
    Detected,
    /// `### Acknowledged: …`
    Acknowledged,
    /// `### Resolved: …`
    Resolved,
    /// `### Description:` and the blocks below it.
    Description,
    /// `### Impact:`
    Impact,
    /// `### Root Cause:`
    #[strum(serialize = "Root Cause")]
    RootCause,
    /// `### Resolution:`
    Resolution,
    /// `### Follow-up Actions:` with a task list.
    #[strum(serialize = "Follow-up Actions")]
    FollowUpActions,
    /// `### Lessons Learned:`
    #[strum(serialize = "Lessons Learned")]
    LessonsLearned,
    /// `### Related Logs:` with links.
    #[strum(serialize = "Related Logs")]
    RelatedLogs,
}

impl FieldName {
    /// Every known field in its canonical place: the seed template's order, with Category after
    /// Severity, and Acknowledged and Resolved after Detected. A field a file's template lacks is
    /// inserted after its nearest predecessor in this order.
    pub const CANONICAL_ORDER: [FieldName; 12] = [
        FieldName::Severity,
        FieldName::Category,
        FieldName::Detected,
        FieldName::Acknowledged,
        FieldName::Resolved,
        FieldName::Description,
        FieldName::Impact,
        FieldName::RootCause,
        FieldName::Resolution,
        FieldName::FollowUpActions,
        FieldName::LessonsLearned,
        FieldName::RelatedLogs,
    ];

    /// Whether the seed's entry template has this field (it lacks Category, Acknowledged and
    /// Resolved).
    pub fn in_seed_template(self) -> bool {
        !matches!(
            self,
            FieldName::Category | FieldName::Acknowledged | FieldName::Resolved
        )
    }

    /// Whether the value stands on the heading line (`### Severity: HIGH`) rather than below it.
    pub fn is_inline(self) -> bool {
        matches!(
            self,
            FieldName::Severity
                | FieldName::Category
                | FieldName::Detected
                | FieldName::Acknowledged
                | FieldName::Resolved
        )
    }

    /// The template's placeholder for the field's value.
    pub fn placeholder(self) -> &'static str {
        match self {
            FieldName::Severity => "LOW | MEDIUM | HIGH | CRITICAL",
            FieldName::Category => "<category>",
            FieldName::Detected => "<ISO 8601 timestamp>",
            FieldName::Acknowledged => "<ISO 8601 timestamp>",
            FieldName::Resolved => "<ISO 8601 timestamp>",
            FieldName::Description => "<what happened>",
            FieldName::Impact => "<affected systems, users, services>",
            FieldName::RootCause => "<technical root cause>",
            FieldName::Resolution => "<steps taken to resolve>",
            FieldName::FollowUpActions => "- [ ] <action> - @<assignee> - <due date>",
            FieldName::LessonsLearned => "<what could be improved>",
            FieldName::RelatedLogs => "<links to LOGS.md entries>",
        }
    }

    /// The label as written in the template.
    pub fn label(self) -> &'static str {
        self.into()
    }

    /// Recognises a label, ignoring case, surrounding `*`/`_`, and `-`/space differences.
    pub fn from_label(label: &str) -> Option<FieldName> {
        // Labels are short and ASCII: normalise into a stack buffer (this runs for every
        // heading of a log).
        let mut buf = [0u8; 24];
        let mut len = 0;
        for c in label.trim().trim_matches(['*', '_', ' ']).chars() {
            if c.is_ascii_alphanumeric() {
                *buf.get_mut(len)? = c.to_ascii_lowercase() as u8;
                len += 1;
            } else if c.is_alphanumeric() {
                return None;
            }
        }
        let norm = std::str::from_utf8(&buf[..len]).ok()?;
        Some(match norm {
            "severity" | "level" => FieldName::Severity,
            "category" | "type" => FieldName::Category,
            "detected" | "detectedat" | "detectiontime" => FieldName::Detected,
            "acknowledged" | "acknowledgedat" | "acked" => FieldName::Acknowledged,
            "resolved" | "resolvedat" => FieldName::Resolved,
            "description" | "summary" => FieldName::Description,
            "impact" => FieldName::Impact,
            "rootcause" => FieldName::RootCause,
            "resolution" => FieldName::Resolution,
            "followupactions" | "followups" | "actionitems" => FieldName::FollowUpActions,
            "lessonslearned" | "lessons" => FieldName::LessonsLearned,
            "relatedlogs" | "logs" => FieldName::RelatedLogs,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip() {
        use strum::IntoEnumIterator;
        for f in FieldName::iter() {
            assert_eq!(FieldName::from_label(f.label()), Some(f));
        }
        assert_eq!(
            FieldName::from_label("**root cause**"),
            Some(FieldName::RootCause)
        );
        assert_eq!(
            FieldName::from_label("Follow-Up actions"),
            Some(FieldName::FollowUpActions)
        );
        assert_eq!(FieldName::from_label("Timeline"), None);
    }
}
