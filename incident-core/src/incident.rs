//! An incident entry and what follows from it: status, response deadline, timings.

use chrono::{DateTime, TimeDelta, Utc};

use crate::{BusinessCalendar, FollowUp, Policy, Severity};

/// Whether an incident is still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::Display, strum::EnumString)]
#[strum(serialize_all = "lowercase", ascii_case_insensitive)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Status {
    /// No resolution time recorded yet.
    Open,
    /// A resolution time is recorded.
    Resolved,
}

/// Whether the response came in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::Display, strum::EnumString)]
#[strum(serialize_all = "lowercase")]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum ResponseStatus {
    /// Not acknowledged, and the deadline has not passed.
    Pending,
    /// Acknowledged by the deadline.
    Met,
    /// Acknowledged late, or not acknowledged and the deadline has passed.
    Breached,
}

/// A link (or plain reference) to a related log entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct RelatedLog {
    /// The link text, or the item's text when it is not a link.
    pub text: String,
    /// The link destination, when the item is a link.
    pub target: Option<String>,
}

impl RelatedLog {
    /// A related log given by its text and optional link target.
    pub fn new(text: impl Into<String>, target: Option<String>) -> Self {
        RelatedLog {
            text: text.into(),
            target,
        }
    }
}

/// One production incident, as the log's entry template describes it.
///
/// Free-text fields are `None` when missing or left as the template's placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Incident {
    /// Short title.
    pub title: String,
    /// Severity level.
    pub severity: Severity,
    /// Category name, such as `CLUSTER_FAILURE`.
    pub category: Option<String>,
    /// When it was detected.
    pub detected: DateTime<Utc>,
    /// When someone acknowledged it.
    pub acknowledged: Option<DateTime<Utc>>,
    /// When it was resolved.
    pub resolved: Option<DateTime<Utc>>,
    /// What happened.
    pub description: Option<String>,
    /// Affected systems, users, services.
    pub impact: Option<String>,
    /// Technical root cause.
    pub root_cause: Option<String>,
    /// Steps taken to resolve it.
    pub resolution: Option<String>,
    /// Follow-up actions.
    pub follow_ups: Vec<FollowUp>,
    /// What could be improved.
    pub lessons_learned: Option<String>,
    /// Links to related log entries.
    pub related_logs: Vec<RelatedLog>,
}

impl Incident {
    /// A new incident with only its required fields.
    pub fn new(title: impl Into<String>, severity: Severity, detected: DateTime<Utc>) -> Incident {
        Incident {
            title: title.into(),
            severity,
            category: None,
            detected,
            acknowledged: None,
            resolved: None,
            description: None,
            impact: None,
            root_cause: None,
            resolution: None,
            follow_ups: Vec::new(),
            lessons_learned: None,
            related_logs: Vec::new(),
        }
    }

    /// Open until a resolution time is recorded.
    pub fn status(&self) -> Status {
        if self.resolved.is_some() {
            Status::Resolved
        } else {
            Status::Open
        }
    }

    /// When the first response is due, by the policy's response time for this severity.
    pub fn response_deadline(&self, policy: &Policy, calendar: &BusinessCalendar) -> DateTime<Utc> {
        calendar.deadline(policy.response_time(self.severity), self.detected)
    }

    /// Whether the response came in time, seen at `now`.
    pub fn response_status(
        &self,
        policy: &Policy,
        calendar: &BusinessCalendar,
        now: DateTime<Utc>,
    ) -> ResponseStatus {
        let deadline = self.response_deadline(policy, calendar);
        match self.acknowledged {
            Some(at) if at <= deadline => ResponseStatus::Met,
            Some(_) => ResponseStatus::Breached,
            None if now > deadline => ResponseStatus::Breached,
            None => ResponseStatus::Pending,
        }
    }

    /// Time from detection to acknowledgement.
    pub fn time_to_acknowledge(&self) -> Option<TimeDelta> {
        self.acknowledged.map(|a| a - self.detected)
    }

    /// Time from detection to resolution.
    pub fn time_to_resolve(&self) -> Option<TimeDelta> {
        self.resolved.map(|r| r - self.detected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn response_status_over_time() {
        let t0 = Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap();
        let mut i = Incident::new("API down", Severity::High, t0);
        let (p, c) = (Policy::default(), BusinessCalendar::default());
        assert_eq!(i.response_deadline(&p, &c), t0 + TimeDelta::minutes(15));
        assert_eq!(
            i.response_status(&p, &c, t0 + TimeDelta::minutes(5)),
            ResponseStatus::Pending
        );
        assert_eq!(
            i.response_status(&p, &c, t0 + TimeDelta::minutes(16)),
            ResponseStatus::Breached
        );
        i.acknowledged = Some(t0 + TimeDelta::minutes(15));
        assert_eq!(
            i.response_status(&p, &c, t0 + TimeDelta::days(9)),
            ResponseStatus::Met
        );
        i.acknowledged = Some(t0 + TimeDelta::minutes(20));
        assert_eq!(i.response_status(&p, &c, t0), ResponseStatus::Breached);
        assert_eq!(i.time_to_acknowledge(), Some(TimeDelta::minutes(20)));
        assert_eq!(i.status(), Status::Open);
        i.resolved = Some(t0 + TimeDelta::hours(2));
        assert_eq!(
            (i.status(), i.time_to_resolve()),
            (Status::Resolved, Some(TimeDelta::hours(2)))
        );
    }
}
