//! Response-time findings: `SLA001` when the response deadline was missed.

use chrono::{DateTime, Utc};

use crate::{
    BusinessCalendar, Code, Finding, Incident, Policy, ResponseStatus, Subject, format_timestamp,
};

/// `SLA001` when the first response (acknowledgement, mitigation or resolution) came after the
/// response deadline, or none came and the deadline has passed at `now`; about its Detected
/// field. A cancelled incident owes no response.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use incident_core::{BusinessCalendar, Code, Incident, Policy, Severity, check_response};
/// let detected = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
/// let i = Incident::new("API down", Severity::High, detected);
/// let (p, c) = (Policy::default(), BusinessCalendar::default());
/// let late = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
/// assert_eq!(check_response(&i, &p, &c, late).unwrap().code, Code::ResponseBreached);
/// assert!(check_response(&i, &p, &c, detected).is_none());
/// ```
pub fn check_response(
    incident: &Incident,
    policy: &Policy,
    calendar: &BusinessCalendar,
    now: DateTime<Utc>,
) -> Option<Finding> {
    let response = incident.response(policy, calendar, now);
    if response.status != ResponseStatus::Breached || incident.is_cancelled() {
        return None;
    }
    let deadline = response.deadline;
    let when = match response.first {
        Some((event, at)) => format!("{event} {}", format_timestamp(at)),
        None => "not acknowledged".to_owned(),
    };
    let message = format!(
        "{} response was due {} ({}); {when}",
        incident.severity,
        format_timestamp(deadline),
        policy.response_time(incident.severity)
    );
    Some(Finding::about(
        Code::ResponseBreached,
        Subject::Field("Detected"),
        message,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Level, Severity};
    use chrono::{TimeDelta, TimeZone};

    #[test]
    fn late_and_missing_acknowledgements_breach() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        let (p, c) = (Policy::default(), BusinessCalendar::default());
        let mut i = Incident::new("API down", Severity::High, t0);
        i.acknowledged = Some(t0 + TimeDelta::minutes(40));
        let f = check_response(&i, &p, &c, t0 + TimeDelta::hours(1)).unwrap();
        assert_eq!((f.code, f.level), (Code::ResponseBreached, Level::Warning));
        assert_eq!(f.subject, Subject::Field("Detected"));
        assert_eq!(
            f.message,
            "HIGH response was due 2026-03-02T09:15:00Z (< 15 minutes); acknowledged 2026-03-02T09:40:00Z"
        );
        i.acknowledged = None;
        let f = check_response(&i, &p, &c, t0 + TimeDelta::minutes(16)).unwrap();
        assert!(f.message.ends_with("; not acknowledged"), "{}", f.message);
        i.acknowledged = Some(t0 + TimeDelta::minutes(15));
        assert_eq!(check_response(&i, &p, &c, t0 + TimeDelta::days(3)), None);
    }

    #[test]
    fn resolving_in_time_meets_the_deadline() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        let (p, c) = (Policy::default(), BusinessCalendar::default());
        let mut i = Incident::new("API down", Severity::High, t0);
        i.resolved = Some(t0 + TimeDelta::minutes(10));
        assert_eq!(check_response(&i, &p, &c, t0 + TimeDelta::days(1)), None);
        i.resolved = Some(t0 + TimeDelta::minutes(30));
        let f = check_response(&i, &p, &c, t0 + TimeDelta::days(1)).unwrap();
        assert!(
            f.message.ends_with("; resolved 2026-03-02T09:30:00Z"),
            "{}",
            f.message
        );
        // Acknowledged before detection is out of order, not a response in time.
        i.acknowledged = Some(t0 - TimeDelta::minutes(5));
        assert!(check_response(&i, &p, &c, t0 + TimeDelta::days(1)).is_some());
    }
}
