//! The sibling-file checks (`SIB001`–`SIB003`): LOGS.md, TROUBLESHOOTING.md and MEMORY.md of the
//! template family, given as text or a summary (this crate reads no files).

use std::collections::HashSet;

use crate::{Code, Finding, Incident, Severity, Subject};

/// LOGS.md, summarised: the anchors of its headings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct LogsSummary {
    /// How messages name the file, such as `../logs/LOGS.md`.
    pub name: String,
    /// The GitHub anchors of its headings, without `#`.
    pub anchors: Vec<String>,
}

impl LogsSummary {
    /// A summary of the file `name` with these heading anchors.
    pub fn new(name: impl Into<String>, anchors: Vec<String>) -> Self {
        LogsSummary {
            name: name.into(),
            anchors,
        }
    }
}

/// A sibling file's text and how messages name it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct SiblingText {
    /// How messages name the file.
    pub name: String,
    /// Its text.
    pub text: String,
}

impl SiblingText {
    /// The file `name` with its text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SiblingText {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// The sibling files that exist; a missing one skips its check.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Siblings {
    /// LOGS.md, for `SIB001`.
    pub logs: Option<LogsSummary>,
    /// TROUBLESHOOTING.md, for `SIB002`.
    pub troubleshooting: Option<SiblingText>,
    /// MEMORY.md, for `SIB003`.
    pub memory: Option<SiblingText>,
}

/// The sibling-file findings of the incidents of a log, each given with its ID:
/// - `SIB001` (error): a related log linking `…LOGS.md#anchor` where LOGS.md has no such heading;
/// - `SIB002` (warning): the first incident (by detection) of its category is mentioned (by ID
///   or title, ignoring case) nowhere in TROUBLESHOOTING.md;
/// - `SIB003` (warning): a HIGH or CRITICAL incident with lessons learned is not mentioned in
///   MEMORY.md.
///
/// Findings come per incident in the order given, each rule in that order.
pub fn check_siblings(incidents: &[(&str, &Incident)], siblings: &Siblings) -> Vec<Finding> {
    let mut by_detection: Vec<&(&str, &Incident)> = incidents.iter().collect();
    by_detection.sort_by_key(|(_, i)| i.detected);
    let mut seen = HashSet::new();
    let first_of_category: HashSet<&str> = by_detection
        .iter()
        .filter(|(_, i)| {
            let cat = i.category.as_deref().map(str::to_ascii_uppercase);
            cat.is_some_and(|c| seen.insert(c))
        })
        .map(|(id, _)| *id)
        .collect();

    let mut out = Vec::new();
    for &(id, incident) in incidents {
        let mut push = |code, subject: Subject, message: String| {
            out.push(Finding::about(code, subject, message).with_incident(id));
        };
        if let Some(logs) = &siblings.logs {
            for log in &incident.related_logs {
                let Some(target) = &log.target else { continue };
                let Some((file, anchor)) = target.split_once('#') else {
                    continue;
                };
                if !file.ends_with("LOGS.md") || logs.anchors.iter().any(|a| a == anchor) {
                    continue;
                }
                push(
                    Code::RelatedLogMissing,
                    Subject::Field("Related Logs"),
                    format!("related log `{target}` names no heading in LOGS.md"),
                );
            }
        }
        let mentions = |text: &str| {
            let lower = text.to_lowercase();
            lower.contains(&id.to_lowercase()) || lower.contains(&incident.title.to_lowercase())
        };
        if let Some(t) = &siblings.troubleshooting
            && first_of_category.contains(id)
            && !mentions(&t.text)
        {
            push(
                Code::TroubleshootingMissing,
                Subject::Field("Category"),
                format!(
                    "first incident of category `{}`: add an entry to {} mentioning `{id}`",
                    incident.category.as_deref().unwrap_or_default(),
                    t.name,
                ),
            );
        }
        if let Some(m) = &siblings.memory
            && incident.severity >= Severity::High
            && incident.lessons_learned.is_some()
            && !mentions(&m.text)
        {
            push(
                Code::MemoryMissing,
                Subject::Field("Lessons Learned"),
                format!(
                    "lessons of this {} incident are not referenced from {}",
                    incident.severity, m.name
                ),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RelatedLog;
    use chrono::{TimeZone, Utc};

    fn incident(title: &str, day: u32, severity: Severity, category: &str) -> Incident {
        let at = Utc.with_ymd_and_hms(2026, 3, day, 9, 0, 0).unwrap();
        let mut i = Incident::new(title, severity, at);
        i.category = Some(category.to_owned());
        i
    }

    fn codes(f: &[Finding]) -> Vec<(Code, &str)> {
        f.iter()
            .map(|f| (f.code, f.incident.as_deref().unwrap()))
            .collect()
    }

    #[test]
    fn sib001_related_log_anchor_must_exist_in_logs() {
        let mut i = incident("Disk full", 2, Severity::Low, "X");
        i.related_logs = vec![
            RelatedLog::new("ok", Some("../logs/LOGS.md#disk-alert".into())),
            RelatedLog::new("gone", Some("../logs/LOGS.md#nothing-here".into())),
            RelatedLog::new("elsewhere", Some("OTHER.md#nothing".into())),
            RelatedLog::new("plain", None),
        ];
        let siblings = Siblings {
            logs: Some(LogsSummary::new("LOGS.md", vec!["disk-alert".into()])),
            ..Siblings::default()
        };
        let f = check_siblings(&[("a", &i)], &siblings);
        assert_eq!(codes(&f), [(Code::RelatedLogMissing, "a")]);
        assert_eq!(
            f[0].message,
            "related log `../logs/LOGS.md#nothing-here` names no heading in LOGS.md"
        );
        assert_eq!(f[0].subject, Subject::Field("Related Logs"));
        // Without LOGS.md, nothing to check against.
        assert!(check_siblings(&[("a", &i)], &Siblings::default()).is_empty());
    }

    #[test]
    fn sib002_first_of_each_category_must_be_in_troubleshooting() {
        let later = incident("Second outage", 9, Severity::Low, "cluster_failure");
        let first = incident("First outage", 2, Severity::Low, "CLUSTER_FAILURE");
        let known = incident("Bad deploy", 3, Severity::Low, "DEPLOYMENT");
        let siblings = Siblings {
            troubleshooting: Some(SiblingText::new(
                "TROUBLESHOOTING.md",
                "## Deploys\nSee 2026-03-03-BAD-DEPLOY.\n",
            )),
            ..Siblings::default()
        };
        let all = [
            ("2026-03-09-second-outage", &later),
            ("2026-03-02-first-outage", &first),
            ("2026-03-03-bad-deploy", &known),
        ];
        let f = check_siblings(&all, &siblings);
        assert_eq!(
            codes(&f),
            [(Code::TroubleshootingMissing, "2026-03-02-first-outage")]
        );
        assert_eq!(
            f[0].message,
            "first incident of category `CLUSTER_FAILURE`: add an entry to TROUBLESHOOTING.md mentioning `2026-03-02-first-outage`"
        );
        // Mentioned by title, in any case: nothing owed.
        let siblings = Siblings {
            troubleshooting: Some(SiblingText::new("T.md", "first OUTAGE; bad deploy")),
            ..Siblings::default()
        };
        assert!(check_siblings(&all, &siblings).is_empty());
    }

    #[test]
    fn sib003_lessons_of_high_incidents_must_be_in_memory() {
        let mut high = incident("Data loss", 2, Severity::High, "DATA_LOSS");
        high.lessons_learned = Some("back up".into());
        let mut low = incident("Typo", 3, Severity::Low, "X");
        low.lessons_learned = Some("spell check".into());
        let unlearned = incident("Crash", 4, Severity::Critical, "X");
        let siblings = Siblings {
            memory: Some(SiblingText::new("../memory/MEMORY.md", "nothing yet")),
            ..Siblings::default()
        };
        let all = [
            ("id-high", &high),
            ("id-low", &low),
            ("id-crash", &unlearned),
        ];
        let f = check_siblings(&all, &siblings);
        assert_eq!(codes(&f), [(Code::MemoryMissing, "id-high")]);
        assert_eq!(
            f[0].message,
            "lessons of this HIGH incident are not referenced from ../memory/MEMORY.md"
        );
        let siblings = Siblings {
            memory: Some(SiblingText::new("M.md", "- back up (see id-high)")),
            ..Siblings::default()
        };
        assert!(check_siblings(&all, &siblings).is_empty());
    }
}
