//! The domain model of a production incident log, as the INCIDENTS.md template defines it.
//!
//! This crate knows nothing of markdown: it holds the values an incident log is made of and the
//! rules that apply to them. `incident-md` reads and writes them in a file.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use incident_core::{BusinessCalendar, Incident, Policy, ResponseStatus, Severity};
//!
//! let detected = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
//! let incident = Incident::new("API server outage", Severity::High, detected);
//! let (policy, calendar) = (Policy::default(), BusinessCalendar::default());
//! let due = incident.response_deadline(&policy, &calendar);
//! assert_eq!(due, Utc.with_ymd_and_hms(2026, 3, 2, 9, 15, 0).unwrap());
//! let later = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
//! assert_eq!(incident.response_status(&policy, &calendar, later), ResponseStatus::Breached);
//! ```
#![warn(missing_docs)]
use crate::lines::TrimWs as _;

/// Business calendars and response deadlines.
pub mod calendar;
/// Post-incident requirement checks.
pub mod checks;
/// The registry of finding codes.
pub mod code;
/// The team's configuration file, `.incident.toml`, parsed from its text.
pub mod config;
/// Trigger de-duplication: the source of a triggered incident and the repeat rule.
pub mod dedup;
/// The crate's error type.
pub mod error;
/// The incident an escalation trigger calls for.
pub mod escalate;
/// The fields of an incident entry and their table.
pub mod field;
/// Findings: what a check found, by code, level, message, incident and place.
pub mod finding;
/// Follow-up actions.
pub mod follow_up;
/// Incidents and their derived state.
pub mod incident;
/// The lifecycle: stages, the written status, transitions and their rules.
pub mod lifecycle;
/// Line numbering of a source text, and byte offset to line/column conversion.
pub mod lines;
/// The order of entries in a log.
pub mod order;
/// Report periods and windows of detection dates.
pub mod period;
/// The team's policy: severity table, categories, triggers, requirements.
pub mod policy;
/// Reports and metrics over a set of incidents.
pub mod report;
/// Response times.
pub mod response_time;
/// Severity levels.
pub mod severity;
/// The sibling-file checks.
pub mod siblings;
/// Response-time findings.
pub mod sla;
/// Reading and printing timestamps.
pub mod time;
/// The timeline of an incident.
pub mod timeline;
/// Timestamp order.
pub mod timestamp_order;
/// Escalation triggers.
pub mod trigger;

#[cfg(feature = "serde")]
mod serde_text;

pub use calendar::BusinessCalendar;
pub use checks::{check_incident, check_incident_written};
pub use code::{Code, UnknownCode};
pub use config::Config;
pub use dedup::{DEFAULT_DEDUP_WINDOW, TriggerSource, UnknownTriggerSource, find_duplicate};
pub use error::{Error, Result};
pub use escalate::{Escalated, escalate};
pub use field::{FieldKind, FieldName, FieldSpec, UnknownField};
pub use finding::{Finding, Level, Subject};
pub use follow_up::{Due, FollowUp};
pub use incident::{Incident, RelatedLog, Response, ResponseEvent, ResponseStatus, Status};
pub use lifecycle::{Disposition, LifecycleError, Stage, StepTime, Transition, UnknownDisposition};
pub use lines::{LineIndex, Position};
pub use order::Order;
pub use period::{CompareTo, Period, Window};
pub use policy::{Category, Policy, Requirement, RequirementKind, SeverityRule};
pub use report::{Comparison, Report, ReportEntry};
pub use response_time::ResponseTime;
pub use severity::Severity;
pub use siblings::{LogsSummary, SiblingText, Siblings, check_siblings};
pub use sla::check_response;
pub use time::{
    WrittenTime, format_timestamp, format_timestamp_in, parse_date, parse_duration, parse_timestamp,
};
pub use timeline::{TIMELINE_SEPARATOR, TimelineItem};
pub use timestamp_order::{
    FUTURE_TOLERANCE, TimeField, TimestampOrderError, check_detected_not_future, check_not_future,
    check_timestamp_order,
};
pub use trigger::{Escalation, EscalationTrigger, Signal, TriggerKind};

/// What a new entry says in a field it has no value for. Unlike the template's `<what
/// happened>`, which markdown renders as an (invisible) HTML tag, it shows on the page, and
/// [`is_placeholder`] reads it as unfilled.
pub const UNFILLED: &str = "_Not documented yet._";

/// Whether a field's text is still unfilled: the template's placeholder, such as `<what
/// happened>`, or [`UNFILLED`] (with `_` or `*` emphasis, or none; any case).
///
/// ```
/// assert!(incident_core::is_placeholder(" <what happened> "));
/// assert!(incident_core::is_placeholder(incident_core::UNFILLED));
/// assert!(incident_core::is_placeholder("*not documented yet.*"));
/// assert!(!incident_core::is_placeholder("<b>bold</b> text"));
/// assert!(!incident_core::is_placeholder("Not documented yet, see the ticket."));
/// ```
pub fn is_placeholder(text: &str) -> bool {
    // [`UNFILLED`] without its emphasis: trimmed once here, not at every call.
    const UNFILLED_WORDS: &str = {
        let (_, words) = UNFILLED.as_bytes().split_first().expect("not empty");
        let (_, words) = words.split_last().expect("not empty");
        match std::str::from_utf8(words) {
            Ok(w) => w,
            Err(_) => panic!("ASCII"),
        }
    };
    let t = text.trim_ws();
    let tag = t.len() > 2
        && t.starts_with('<')
        && t.ends_with('>')
        && !t[1..t.len() - 1].contains(['<', '>']);
    // "Not documented yet." within emphasis marks: cheap tests of length and first byte
    // first (this runs for every field of a log).
    let words = UNFILLED_WORDS;
    tag || (t.len() >= words.len()
        && matches!(t.as_bytes()[0], b'_' | b'*' | b'n' | b'N')
        && t.trim_matches(['_', '*']).eq_ignore_ascii_case(words))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        // The length and first-byte tests only rule out what the full comparison would.
        #[test]
        fn placeholders_as_the_full_comparison_reads_them(
            text in "[ _*]{0,3}(Not documented yet\\.|not DOCUMENTED yet\\.|Not documented|<x>|x)?[ _*]{0,3}",
        ) {
            let t = text.trim();
            let tag = t.len() > 2
                && t.starts_with('<')
                && t.ends_with('>')
                && !t[1..t.len() - 1].contains(['<', '>']);
            let full = tag
                || t.trim_matches(['_', '*'])
                    .eq_ignore_ascii_case(super::UNFILLED.trim_matches('_'));
            prop_assert_eq!(super::is_placeholder(&text), full, "{:?}", text);
        }
    }
}
