#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub use incident_core as core;
pub use incident_md as md;

pub use incident_core::{
    BusinessCalendar, EscalationTrigger, Finding, FollowUp, Incident, Policy, ResponseStatus,
    ResponseTime, Severity, Signal, Status, TriggerKind,
};
pub use incident_md::{
    AddOptions, Added, Change, Document, Entry, Error, FieldName, IncidentRecord, Order, Placement,
};
