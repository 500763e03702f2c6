#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub use incident_core as core;
pub use incident_md as md;

pub use incident_core::{
    BusinessCalendar, Code, EscalationTrigger, Finding, FollowUp, Incident, Level, Policy,
    ResponseStatus, ResponseTime, Severity, Signal, Status, TriggerKind,
};
pub use incident_md::{CheckContext, Document, check_document};
