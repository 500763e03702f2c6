//! Timestamp order: an incident is acknowledged, mitigated and resolved no earlier than it was
//! detected, mitigated between its acknowledgement and its resolution, and resolved no earlier
//! than it was acknowledged. The lifecycle ([`crate::lifecycle`]) is checked by this rule.

use chrono::{DateTime, Utc};

use crate::{Code, Finding, Incident, Subject, format_timestamp};

/// A timestamp field of an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::Display, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum TimeField {
    /// When the incident was detected.
    Detected,
    /// When someone acknowledged it.
    Acknowledged,
    /// When it was mitigated.
    Mitigated,
    /// When it was resolved.
    Resolved,
}

impl TimeField {
    /// The field's label in the template (`Acknowledged`).
    pub fn label(self) -> &'static str {
        match self {
            TimeField::Detected => "Detected",
            TimeField::Acknowledged => "Acknowledged",
            TimeField::Mitigated => "Mitigated",
            TimeField::Resolved => "Resolved",
        }
    }
}

/// A timestamp earlier than one it must follow.
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use incident_core::{Incident, Severity, TimeField};
/// let t0 = Utc.with_ymd_and_hms(2026, 3, 10, 11, 50, 0).unwrap();
/// let mut i = Incident::new("Webhooks failing", Severity::High, t0);
/// i.acknowledged = Some(t0 - TimeDelta::minutes(50));
/// let e = i.check_timestamps().unwrap_err();
/// assert_eq!((e.field, e.earlier), (TimeField::Acknowledged, TimeField::Detected));
/// assert_eq!(
///     e.to_string(),
///     "cannot be acknowledged at 2026-03-10T11:00:00Z, before it was detected (2026-03-10T11:50:00Z)"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TimestampOrderError {
    /// The field that is too early.
    pub field: TimeField,
    /// Its time.
    pub at: DateTime<Utc>,
    /// The field it may not precede.
    pub earlier: TimeField,
    /// That field's time.
    pub earlier_at: DateTime<Utc>,
    /// The field a lifecycle step set, when the step is what broke the order: the message is
    /// then about that step (`cannot be acknowledged at …, after it was resolved (…)`).
    pub step: Option<TimeField>,
}

impl std::fmt::Display for TimestampOrderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.step == Some(self.earlier) {
            // The step came too late for a time already written, not that time too early.
            return write!(
                f,
                "cannot be {} at {}, after it was {} ({}); give the time it happened",
                self.earlier,
                format_timestamp(self.earlier_at),
                self.field,
                format_timestamp(self.at)
            );
        }
        write!(
            f,
            "cannot be {} at {}, before it was {} ({})",
            self.field,
            format_timestamp(self.at),
            self.earlier,
            format_timestamp(self.earlier_at)
        )
    }
}

impl std::error::Error for TimestampOrderError {}

impl Incident {
    /// Every pair of timestamps out of order, in the order: acknowledged before detected,
    /// mitigated before detected, resolved before detected, mitigated before acknowledged,
    /// resolved before acknowledged, resolved before mitigated; at most one per field.
    pub fn timestamp_violations(&self) -> Vec<TimestampOrderError> {
        let detected = (TimeField::Detected, Some(self.detected));
        let acknowledged = (TimeField::Acknowledged, self.acknowledged);
        let mitigated = (TimeField::Mitigated, self.mitigated);
        let resolved = (TimeField::Resolved, self.resolved);
        let pairs = [
            (acknowledged, detected),
            (mitigated, detected),
            (resolved, detected),
            (mitigated, acknowledged),
            (resolved, acknowledged),
            (resolved, mitigated),
        ]
        .map(|((field, at), (earlier, earlier_at))| (field, at, earlier, earlier_at));
        let mut out: Vec<TimestampOrderError> = Vec::new();
        for (field, at, earlier, earlier_at) in pairs {
            if let (Some(at), Some(earlier_at)) = (at, earlier_at)
                && at < earlier_at
                // Resolved before a too-early acknowledgement is that one's fault, not a second.
                && !out.iter().any(|e| e.field == field)
            {
                out.push(TimestampOrderError {
                    field,
                    at,
                    earlier,
                    earlier_at,
                    step: None,
                });
            }
        }
        out
    }

    /// The timestamp order rule, which every edit path enforces: `Ok` when acknowledged,
    /// mitigated and resolved are not before detected, mitigated is between acknowledged and
    /// resolved, and resolved is not before acknowledged.
    ///
    /// # Errors
    ///
    /// The first violation, as [`Incident::timestamp_violations`] orders them.
    pub fn check_timestamps(&self) -> Result<(), TimestampOrderError> {
        match self.timestamp_violations().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// How far in the future a detection time may be (clock skew) before it is `TIME002`.
pub const FUTURE_TOLERANCE: chrono::TimeDelta = chrono::TimeDelta::minutes(5);

/// `TIME002` when the incident was detected more than [`FUTURE_TOLERANCE`] after `now`.
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use incident_core::{Incident, Severity, check_detected_not_future};
/// let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
/// let soon = Incident::new("x", Severity::Low, now + TimeDelta::minutes(5));
/// assert!(check_detected_not_future(&soon, now).is_none());
/// let typo = Incident::new("x", Severity::Low, Utc.with_ymd_and_hms(2062, 3, 2, 9, 0, 0).unwrap());
/// assert_eq!(check_detected_not_future(&typo, now).unwrap().code.as_str(), "TIME002");
/// ```
pub fn check_detected_not_future(incident: &Incident, now: DateTime<Utc>) -> Option<Finding> {
    (incident.detected > now + FUTURE_TOLERANCE).then(|| {
        Finding::about(
            Code::DetectedInFuture,
            Subject::Field("Detected"),
            format!(
                "detected at {}, after now ({})",
                format_timestamp(incident.detected),
                format_timestamp(now)
            ),
        )
    })
}

/// `TIME002` findings: one per recorded time (detected, acknowledged, mitigated, resolved) more
/// than [`FUTURE_TOLERANCE`] after `now`, about that field. [`check_detected_not_future`] is
/// the one about Detected.
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use incident_core::{Incident, Severity, check_not_future};
/// let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
/// let mut i = Incident::new("x", Severity::Low, now - TimeDelta::hours(1));
/// i.acknowledged = Some(now + TimeDelta::days(28));
/// let found = check_not_future(&i, now);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].code.as_str(), "TIME002");
/// ```
pub fn check_not_future(incident: &Incident, now: DateTime<Utc>) -> Vec<Finding> {
    let mut out: Vec<Finding> = check_detected_not_future(incident, now)
        .into_iter()
        .collect();
    let later = [
        ("Acknowledged", "acknowledged", incident.acknowledged),
        ("Mitigated", "mitigated", incident.mitigated),
        ("Resolved", "resolved", incident.resolved),
    ];
    for (field, verb, at) in later {
        if let Some(at) = at.filter(|at| *at > now + FUTURE_TOLERANCE) {
            out.push(Finding::about(
                Code::DetectedInFuture,
                Subject::Field(field),
                format!(
                    "{verb} at {}, after now ({})",
                    format_timestamp(at),
                    format_timestamp(now)
                ),
            ));
        }
    }
    out
}

/// `TIME001` findings: one per field out of order, about that field.
pub fn check_timestamp_order(incident: &Incident) -> Vec<Finding> {
    incident
        .timestamp_violations()
        .into_iter()
        .map(|e| {
            let message = format!(
                "{} at {}, before it was {} ({})",
                e.field,
                format_timestamp(e.at),
                e.earlier,
                format_timestamp(e.earlier_at)
            );
            Finding::about(
                Code::TimestampOrder,
                Subject::Field(e.field.label()),
                message,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;
    use chrono::{TimeDelta, TimeZone};

    #[test]
    fn every_recorded_time_in_the_future_is_time002_about_its_field() {
        let now = Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap();
        let mut i = Incident::new("x", Severity::Low, now - TimeDelta::hours(2));
        // Clock skew is allowed up to the tolerance, inclusive.
        i.acknowledged = Some(now + FUTURE_TOLERANCE);
        assert!(check_not_future(&i, now).is_empty());
        i.acknowledged = Some(now + FUTURE_TOLERANCE + TimeDelta::seconds(1));
        i.mitigated = Some(now + TimeDelta::days(1));
        i.resolved = Some(now + TimeDelta::days(365));
        let found = check_not_future(&i, now);
        let fields: Vec<_> = found.iter().map(|f| f.subject.clone()).collect();
        assert_eq!(
            fields,
            [
                Subject::Field("Acknowledged"),
                Subject::Field("Mitigated"),
                Subject::Field("Resolved")
            ]
        );
        assert!(found.iter().all(|f| f.code == Code::DetectedInFuture));
        assert!(
            found[2]
                .message
                .starts_with("resolved at 2027-05-04T10:00:00Z")
        );
        // Detected comes first, as `check_detected_not_future` gives it.
        i.detected = now + TimeDelta::hours(1);
        assert_eq!(
            check_not_future(&i, now)[0],
            check_detected_not_future(&i, now).unwrap()
        );
    }

    #[test]
    fn every_pair_is_checked() {
        let t0 = Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap();
        let h = TimeDelta::hours;
        let mut i = Incident::new("x", Severity::Low, t0);
        assert_eq!(i.check_timestamps(), Ok(()));
        i.acknowledged = Some(t0);
        i.resolved = Some(t0);
        assert_eq!(i.check_timestamps(), Ok(()), "equal times are in order");
        i.resolved = Some(t0 - h(1));
        let e = i.check_timestamps().unwrap_err();
        assert_eq!(
            (e.field, e.earlier),
            (TimeField::Resolved, TimeField::Detected)
        );
        i.acknowledged = Some(t0 + h(2));
        i.resolved = Some(t0 + h(1));
        let e = i.check_timestamps().unwrap_err();
        assert_eq!(
            (e.field, e.earlier),
            (TimeField::Resolved, TimeField::Acknowledged)
        );
        i.acknowledged = Some(t0 - h(2));
        i.resolved = Some(t0 - h(3));
        let v = i.timestamp_violations();
        assert_eq!(
            v.iter().map(|e| (e.field, e.earlier)).collect::<Vec<_>>(),
            [
                (TimeField::Acknowledged, TimeField::Detected),
                (TimeField::Resolved, TimeField::Detected)
            ]
        );
        i.acknowledged = Some(t0 + h(1));
        i.resolved = Some(t0 + h(3));
        i.mitigated = Some(t0 + h(4));
        let e = i.check_timestamps().unwrap_err();
        assert_eq!(
            (e.field, e.earlier),
            (TimeField::Resolved, TimeField::Mitigated)
        );
        i.mitigated = Some(t0 + h(2));
        assert_eq!(i.check_timestamps(), Ok(()));
        i.mitigated = Some(t0 - h(1));
        let e = i.check_timestamps().unwrap_err();
        assert_eq!(
            (e.field, e.earlier),
            (TimeField::Mitigated, TimeField::Detected)
        );
        i.mitigated = None;
        i.acknowledged = Some(t0 - h(2));
        i.resolved = Some(t0 - h(3));
        let f = check_timestamp_order(&i);
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|f| f.code == Code::TimestampOrder));
        assert_eq!(f[0].subject, Subject::Field("Acknowledged"));
        assert_eq!(
            f[0].message,
            "acknowledged at 2026-05-04T08:00:00Z, before it was detected (2026-05-04T10:00:00Z)"
        );
    }
}
