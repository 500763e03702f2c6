//! An incident entry and what follows from it: status, response deadline, timings.

use chrono::{DateTime, TimeDelta, Utc};

use crate::{
    BusinessCalendar, Disposition, FollowUp, Policy, Severity, TimelineItem, TriggerSource,
};

/// Whether an incident is still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::Display, strum::EnumString)]
#[strum(serialize_all = "lowercase", ascii_case_insensitive)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum Status {
    /// No resolution time recorded yet.
    Open,
    /// A resolution time is recorded.
    Resolved,
    /// Cancelled (a false alarm, a duplicate): nothing is owed for it, whatever its times say.
    Cancelled,
}

/// Whether the response came in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::Display, strum::EnumString)]
#[strum(serialize_all = "lowercase")]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum ResponseStatus {
    /// No response yet, and the deadline has not passed.
    Pending,
    /// Acknowledged, mitigated or resolved by the deadline.
    Met,
    /// The first response came late, or none came and the deadline has passed.
    Breached,
    /// Resolved with no response time to judge it by: closed by its own words (`Status:
    /// Resolved`, a `Resolved` section) with no time written, or with its only times before
    /// detection. Whether the response came in time cannot be told, so it is neither met nor
    /// breached.
    Unknown,
}

/// The events that count as a response to an incident: any of them in time meets the policy.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::Display, strum::EnumString,
)]
#[strum(serialize_all = "lowercase", ascii_case_insensitive)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum ResponseEvent {
    /// Someone acknowledged it.
    Acknowledged,
    /// It was mitigated.
    Mitigated,
    /// It was resolved.
    Resolved,
}

/// How an incident was responded to, judged against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Response {
    /// Whether the response came in time.
    pub status: ResponseStatus,
    /// When the first response was due.
    pub deadline: DateTime<Utc>,
    /// The first response, if any: which event and when.
    pub first: Option<(ResponseEvent, DateTime<Utc>)>,
}

impl Response {
    /// The event that met the deadline, when it was met.
    pub fn met_by(&self) -> Option<ResponseEvent> {
        match (self.status, self.first) {
            (ResponseStatus::Met, Some((event, _))) => Some(event),
            _ => None,
        }
    }
}

/// A link (or plain reference) to a related log entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
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
    /// When it was mitigated (the impact stopped, before the fix).
    pub mitigated: Option<DateTime<Utc>>,
    /// When it was resolved.
    pub resolved: Option<DateTime<Utc>>,
    /// The written `Status:`: reopened or cancelled; `None` when the timestamps say it all.
    pub disposition: Option<Disposition>,
    /// The entry's own words say it is closed (`Status: Fixed`, `Closed`, a `Resolved
    /// Incidents` section) but no Resolved time is written: [`Incident::status`] is then
    /// resolved, while the times (and so [`Incident::stage`]) still say what is missing.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "std::ops::Not::not")
    )]
    pub stated_resolved: bool,
    /// The escalation trigger that logged it (`Trigger:`), for de-duplication.
    pub trigger: Option<TriggerSource>,
    /// What happened when, in time order.
    pub timeline: Vec<TimelineItem>,
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
            mitigated: None,
            resolved: None,
            disposition: None,
            stated_resolved: false,
            trigger: None,
            timeline: Vec::new(),
            description: None,
            impact: None,
            root_cause: None,
            resolution: None,
            follow_ups: Vec::new(),
            lessons_learned: None,
            related_logs: Vec::new(),
        }
    }

    /// Cancelled when its disposition says so; else open until a resolution time is recorded or
    /// the entry's own words say it is closed ([`Incident::stated_resolved`]).
    pub fn status(&self) -> Status {
        if self.is_cancelled() {
            Status::Cancelled
        } else if self.resolved.is_some() || self.stated_resolved {
            Status::Resolved
        } else {
            Status::Open
        }
    }

    /// When the first response is due, by the policy's response time for this severity.
    pub fn response_deadline(&self, policy: &Policy, calendar: &BusinessCalendar) -> DateTime<Utc> {
        calendar.deadline(policy.response_time(self.severity), self.detected)
    }

    /// The first response: the earliest of acknowledgement, mitigation and resolution that is
    /// not before detection (a time before detection is out of order, a `TIME001` finding, and
    /// no response). On equal times the earlier stage wins.
    ///
    /// A time not written as a field is taken from the timeline when an item there records it
    /// (`14:10 — acknowledged by @dana`, see [`TimelineItem::response_event`]): a team that
    /// keeps its response in the timeline responded all the same.
    pub fn first_response(&self) -> Option<(ResponseEvent, DateTime<Utc>)> {
        [
            (ResponseEvent::Acknowledged, self.acknowledged),
            (ResponseEvent::Mitigated, self.mitigated),
            (ResponseEvent::Resolved, self.resolved),
        ]
        .into_iter()
        .map(|(event, at)| (event, at.or_else(|| self.timeline_event(event))))
        .filter_map(|(event, at)| Some((event, at?)))
        .filter(|(_, at)| *at >= self.detected)
        .min_by_key(|(event, at)| (*at, *event))
    }

    /// How the incident was responded to, seen at `now`: met when it was acknowledged,
    /// mitigated or resolved by the deadline, and which of them came first.
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use incident_core::{BusinessCalendar, Incident, Policy, ResponseEvent, ResponseStatus, Severity};
    /// let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    /// let mut i = Incident::new("API down", Severity::High, t0);
    /// i.resolved = Some(t0 + TimeDelta::minutes(10)); // resolved, never acknowledged
    /// let r = i.response(&Policy::default(), &BusinessCalendar::default(), t0 + TimeDelta::days(1));
    /// assert_eq!((r.status, r.met_by()), (ResponseStatus::Met, Some(ResponseEvent::Resolved)));
    /// ```
    pub fn response(
        &self,
        policy: &Policy,
        calendar: &BusinessCalendar,
        now: DateTime<Utc>,
    ) -> Response {
        let deadline = self.response_deadline(policy, calendar);
        let first = self.first_response();
        let status = match first {
            Some((_, at)) if at <= deadline => ResponseStatus::Met,
            Some(_) => ResponseStatus::Breached,
            // Closed, but no time says when anyone responded: not a breach to report.
            None if self.status() == Status::Resolved => ResponseStatus::Unknown,
            None if now > deadline => ResponseStatus::Breached,
            None => ResponseStatus::Pending,
        };
        Response {
            status,
            deadline,
            first,
        }
    }

    /// Whether the response came in time, seen at `now` (see [`Incident::response`]).
    pub fn response_status(
        &self,
        policy: &Policy,
        calendar: &BusinessCalendar,
        now: DateTime<Utc>,
    ) -> ResponseStatus {
        self.response(policy, calendar, now).status
    }

    /// When it was acknowledged: its Acknowledged time, else the timeline's first item that
    /// records an acknowledgement ([`TimelineItem::response_event`]).
    pub fn acknowledgement(&self) -> Option<DateTime<Utc>> {
        self.acknowledged
            .or_else(|| self.timeline_event(ResponseEvent::Acknowledged))
    }

    /// Time from detection to acknowledgement ([`Incident::acknowledgement`]).
    pub fn time_to_acknowledge(&self) -> Option<TimeDelta> {
        self.acknowledgement().map(|a| a - self.detected)
    }

    /// Time from detection to mitigation.
    pub fn time_to_mitigate(&self) -> Option<TimeDelta> {
        self.mitigated.map(|m| m - self.detected)
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
        // A mitigation in time meets the policy even when the acknowledgement came late.
        i.mitigated = Some(t0 + TimeDelta::minutes(12));
        let r = i.response(&p, &c, t0);
        assert_eq!(
            (r.status, r.met_by()),
            (ResponseStatus::Met, Some(ResponseEvent::Mitigated))
        );
        i.mitigated = None;
        assert_eq!(i.time_to_acknowledge(), Some(TimeDelta::minutes(20)));
        assert_eq!(i.status(), Status::Open);
        i.resolved = Some(t0 + TimeDelta::hours(2));
        assert_eq!(
            (i.status(), i.time_to_resolve()),
            (Status::Resolved, Some(TimeDelta::hours(2)))
        );
    }

    #[test]
    fn resolving_in_time_is_a_response() {
        let t0 = Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap();
        let (p, c) = (Policy::default(), BusinessCalendar::default());
        let mut i = Incident::new("API down", Severity::High, t0);
        i.resolved = Some(t0 + TimeDelta::minutes(14));
        let r = i.response(&p, &c, t0 + TimeDelta::days(1));
        assert_eq!(r.status, ResponseStatus::Met);
        assert_eq!(r.met_by(), Some(ResponseEvent::Resolved));
        i.resolved = Some(t0 + TimeDelta::minutes(16));
        let r = i.response(&p, &c, t0 + TimeDelta::days(1));
        assert_eq!((r.status, r.met_by()), (ResponseStatus::Breached, None));
        assert_eq!(
            r.first,
            Some((ResponseEvent::Resolved, t0 + TimeDelta::minutes(16)))
        );
    }

    #[test]
    fn an_acknowledgement_before_detection_is_no_response() {
        let t0 = Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap();
        let (p, c) = (Policy::default(), BusinessCalendar::default());
        let mut i = Incident::new("API down", Severity::High, t0);
        i.acknowledged = Some(t0 - TimeDelta::hours(1));
        assert_eq!(i.first_response(), None);
        assert_eq!(i.response_status(&p, &c, t0), ResponseStatus::Pending);
        assert_eq!(
            i.response_status(&p, &c, t0 + TimeDelta::hours(1)),
            ResponseStatus::Breached
        );
        i.resolved = Some(t0 + TimeDelta::minutes(5));
        assert_eq!(
            i.first_response(),
            Some((ResponseEvent::Resolved, t0 + TimeDelta::minutes(5)))
        );
    }

    /// An entry closed by its own words with no response time written was reported as a breach
    /// (a trial's `Status: Resolved` entry with no times): nothing says the response was late.
    #[test]
    fn a_resolved_incident_without_response_times_is_unknown_not_breached() {
        let t0 = Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap();
        let (p, c) = (Policy::default(), BusinessCalendar::default());
        let later = t0 + TimeDelta::days(30);
        let mut i = Incident::new("API down", Severity::High, t0);
        assert_eq!(i.response_status(&p, &c, later), ResponseStatus::Breached);
        i.stated_resolved = true;
        let r = i.response(&p, &c, later);
        assert_eq!(
            (r.status, r.first, r.met_by()),
            (ResponseStatus::Unknown, None, None)
        );
        // A resolution time before detection is out of order: no response, and no breach.
        i.stated_resolved = false;
        i.resolved = Some(t0 - TimeDelta::hours(2));
        assert_eq!(i.response_status(&p, &c, later), ResponseStatus::Unknown);
        // A time that is a response is judged as always.
        i.acknowledged = Some(t0 + TimeDelta::hours(2));
        assert_eq!(i.response_status(&p, &c, later), ResponseStatus::Breached);
    }

    /// A team that keeps its response in the timeline (`09:10 — acknowledged by @dana`)
    /// responded: that was reported as "not acknowledged", a breach.
    #[test]
    fn a_response_in_the_timeline_counts_when_no_field_is_written() {
        let t0 = Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap();
        let (p, c) = (Policy::default(), BusinessCalendar::default());
        let later = t0 + TimeDelta::days(3);
        let mut i = Incident::new("API down", Severity::High, t0);
        let at = |m| t0 + TimeDelta::minutes(m);
        i.timeline = vec![
            TimelineItem::new(at(2), "Alerts fired"),
            TimelineItem::new(at(-5), "Acknowledged"),
            TimelineItem::new(at(40), "Reopened (was resolved 2026-05-04T10:30:00Z)"),
            TimelineItem::new(at(12), "@dana acknowledged the page"),
        ];
        // The item before detection is out of order, not a response.
        let r = i.response(&p, &c, later);
        assert_eq!(r.first, Some((ResponseEvent::Acknowledged, at(12))));
        assert_eq!(r.status, ResponseStatus::Met);
        assert_eq!(i.acknowledgement(), Some(at(12)));
        assert_eq!(i.time_to_acknowledge(), Some(TimeDelta::minutes(12)));
        // A written field is the time, whatever the timeline says.
        i.acknowledged = Some(at(20));
        let r = i.response(&p, &c, later);
        assert_eq!(
            (r.first, r.status),
            (
                Some((ResponseEvent::Acknowledged, at(20))),
                ResponseStatus::Breached
            )
        );
        // A mitigation in the timeline meets it when the written acknowledgement was late.
        i.timeline
            .push(TimelineItem::new(at(14), "Mitigated: rolled back"));
        assert_eq!(
            i.response(&p, &c, later).met_by(),
            Some(ResponseEvent::Mitigated)
        );
    }
}
