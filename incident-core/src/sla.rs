//! Response-time findings: `SLA001` when the response deadline was missed.

use chrono::{DateTime, Utc};

use crate::{
    BusinessCalendar, Code, Finding, Incident, Policy, ResponseStatus, Subject, format_timestamp,
};

/// `SLA001` when the incident was acknowledged after its response deadline, or not at all and
/// the deadline has passed at `now`; about its Detected field.
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
    if incident.response_status(policy, calendar, now) != ResponseStatus::Breached {
        return None;
    }
    let deadline = incident.response_deadline(policy, calendar);
    let when = match incident.acknowledged {
        Some(a) => format!("acknowledged {}", format_timestamp(a)),
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
