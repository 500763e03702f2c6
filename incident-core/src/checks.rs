//! Post-incident requirement checks: pure functions of an incident, the policy and the time.

use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};

use crate::{Due, Incident, Policy, RequirementKind, Status};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::Display)]
#[strum(serialize_all = "lowercase")]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Level {
    /// Worth a look; does not fail a check.
    Warning,
    /// A requirement is not met.
    Error,
}

/// The rules the checks apply, each with a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Rule {
    /// `PIR001`: description, impact, root cause and resolution documented within the window.
    Documentation,
    /// `PIR002`: every follow-up action has an owner.
    FollowUpOwner,
    /// `PIR003`: every follow-up action has a due date that is a real date.
    FollowUpDue,
    /// `PIR004`: HIGH and CRITICAL incidents have an incident review scheduled.
    ReviewScheduled,
    /// `PIR005`: lessons learned recorded.
    LessonsLearned,
    /// `PIR006`: follow-up actions assigned at all.
    FollowUpsAssigned,
    /// `PIR007`: the category is one of the policy's categories.
    KnownCategory,
    /// `PIR008`: an open follow-up is past its due date.
    FollowUpOverdue,
}

impl Rule {
    /// The stable code, such as `PIR001`.
    pub fn code(self) -> &'static str {
        match self {
            Rule::Documentation => "PIR001",
            Rule::FollowUpOwner => "PIR002",
            Rule::FollowUpDue => "PIR003",
            Rule::ReviewScheduled => "PIR004",
            Rule::LessonsLearned => "PIR005",
            Rule::FollowUpsAssigned => "PIR006",
            Rule::KnownCategory => "PIR007",
            Rule::FollowUpOverdue => "PIR008",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What a field-level finding is about, so that a caller can point at the right place.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Subject {
    /// The incident as a whole.
    Incident,
    /// A named field, such as `Root Cause`.
    Field(&'static str),
    /// The follow-up action at this index (0-based).
    FollowUp(usize),
}

/// One unmet requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Finding {
    /// The rule that is not met.
    pub rule: Rule,
    /// How serious it is.
    pub level: Level,
    /// One sentence saying what is wrong.
    pub message: String,
    /// What it is about.
    pub subject: Subject,
}

/// Words that mark a follow-up as the incident review.
const REVIEW_WORDS: [&str; 4] = ["review", "post-mortem", "postmortem", "retrospective"];

/// Checks one incident against the post-incident requirements at time `now`.
///
/// | code | level | when |
/// |---|---|---|
/// | PIR001 | error | the documentation window (24 h) has passed and description or impact is not filled, or the incident is resolved and root cause or resolution is not; warning for root cause and resolution while still open |
/// | PIR002 | error | a follow-up has no `@owner` |
/// | PIR003 | error | a follow-up has no due date, or one that is not `YYYY-MM-DD` |
/// | PIR004 | error | severity at or above the review threshold (HIGH) and no follow-up names a review |
/// | PIR005 | warning | resolved or past the window, and no lessons learned |
/// | PIR006 | warning | past the window and no follow-up actions at all |
/// | PIR007 | warning | the category is not in the policy's table |
/// | PIR008 | warning | an open follow-up is past its due date |
pub fn check_incident(incident: &Incident, policy: &Policy, now: DateTime<Utc>) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push = |rule, level, subject, message: String| {
        out.push(Finding {
            rule,
            level,
            message,
            subject,
        })
    };
    let hours = policy.documentation_window_hours();
    // Checked: a window past the end of time has simply not passed.
    let window_passed = incident
        .detected
        .checked_add_signed(TimeDelta::hours(i64::from(hours)))
        .is_some_and(|end| now > end);
    let resolved = incident.status() == Status::Resolved;

    if window_passed {
        for (name, value) in [
            ("Description", &incident.description),
            ("Impact", &incident.impact),
        ] {
            if value.is_none() {
                push(
                    Rule::Documentation,
                    Level::Error,
                    Subject::Field(name),
                    format!("{name} is not documented {hours} hours after detection"),
                );
            }
        }
    }
    if window_passed || resolved {
        for (name, value) in [
            ("Root Cause", &incident.root_cause),
            ("Resolution", &incident.resolution),
        ] {
            if value.is_none() {
                let (level, when) = if resolved {
                    (Level::Error, "the incident is resolved")
                } else {
                    (Level::Warning, "the incident is still open")
                };
                push(
                    Rule::Documentation,
                    level,
                    Subject::Field(name),
                    format!("{name} is not documented and {when}"),
                );
            }
        }
        if incident.lessons_learned.is_none() {
            push(
                Rule::LessonsLearned,
                Level::Warning,
                Subject::Field("Lessons Learned"),
                "no lessons learned recorded".to_owned(),
            );
        }
    }
    if window_passed && incident.follow_ups.is_empty() {
        push(
            Rule::FollowUpsAssigned,
            Level::Warning,
            Subject::Field("Follow-up Actions"),
            "no follow-up actions assigned".to_owned(),
        );
    }
    let owners_required = policy.requires(RequirementKind::FollowUpOwners);
    for (i, f) in incident.follow_ups.iter().enumerate() {
        let n = i + 1;
        if owners_required && f.assignee.is_none() {
            push(
                Rule::FollowUpOwner,
                Level::Error,
                Subject::FollowUp(i),
                format!("follow-up {n} (`{}`) has no owner", f.action),
            );
        }
        match &f.due {
            None => push(
                Rule::FollowUpDue,
                Level::Error,
                Subject::FollowUp(i),
                format!("follow-up {n} (`{}`) has no due date", f.action),
            ),
            Some(Due::Text(t)) => push(
                Rule::FollowUpDue,
                Level::Error,
                Subject::FollowUp(i),
                format!("follow-up {n} has due date `{t}`, which is not a YYYY-MM-DD date"),
            ),
            Some(Due::Date(d)) if f.is_overdue(now) => push(
                Rule::FollowUpOverdue,
                Level::Warning,
                Subject::FollowUp(i),
                format!("follow-up {n} (`{}`) was due {d}", f.action),
            ),
            Some(Due::Date(_)) => {}
        }
    }
    if let Some(threshold) = policy.review_threshold()
        && incident.severity >= threshold
        && !incident.follow_ups.iter().any(|f| {
            let a = f.action.to_lowercase();
            REVIEW_WORDS.iter().any(|w| a.contains(w))
        })
    {
        push(
            Rule::ReviewScheduled,
            Level::Error,
            Subject::Field("Follow-up Actions"),
            format!(
                "{} incident has no incident review scheduled (add a follow-up action naming the review)",
                incident.severity
            ),
        );
    }
    if let Some(cat) = &incident.category
        && policy.category(cat).is_none()
    {
        push(
            Rule::KnownCategory,
            Level::Warning,
            Subject::Field("Category"),
            format!("category `{cat}` is not in the categories table"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FollowUp, Severity};
    use chrono::{NaiveDate, TimeZone};

    fn codes(f: &[Finding]) -> Vec<(&'static str, Level)> {
        f.iter().map(|f| (f.rule.code(), f.level)).collect()
    }

    #[test]
    fn fresh_incident_owes_nothing_yet_but_a_review() {
        let t0 = Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap();
        let i = Incident::new("x", Severity::High, t0);
        let f = check_incident(&i, &Policy::default(), t0 + TimeDelta::hours(1));
        assert_eq!(codes(&f), [("PIR004", Level::Error)]);
        let low = Incident::new("x", Severity::Low, t0);
        assert!(check_incident(&low, &Policy::default(), t0).is_empty());
    }

    #[test]
    fn after_the_window_everything_is_owed() {
        let t0 = Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap();
        let mut i = Incident::new("x", Severity::Medium, t0);
        i.category = Some("GREMLINS".into());
        i.follow_ups = vec![
            FollowUp::from_item_text("Patch - @amy - soon", false),
            FollowUp::new("Document"),
            FollowUp::new("Old")
                .assignee("bo")
                .due(NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()),
        ];
        let f = check_incident(&i, &Policy::default(), t0 + TimeDelta::hours(25));
        assert_eq!(
            codes(&f),
            [
                ("PIR001", Level::Error),
                ("PIR001", Level::Error),
                ("PIR001", Level::Warning),
                ("PIR001", Level::Warning),
                ("PIR005", Level::Warning),
                ("PIR003", Level::Error),
                ("PIR002", Level::Error),
                ("PIR003", Level::Error),
                ("PIR008", Level::Warning),
                ("PIR007", Level::Warning),
            ]
        );
    }
}
