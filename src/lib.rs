#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub use incident_core as core;
pub use incident_md as md;

pub use incident_core::{
    BusinessCalendar, Code, Config, EscalationTrigger, Finding, FollowUp, Incident, Level, Policy,
    ResponseStatus, ResponseTime, Severity, Signal, Status, TriggerKind,
};
/// The file module: find, read, lock and atomically save a log (the `fs` feature of
/// `incident-md`, on by default).
pub use incident_md::fs::{FsError, LogFile, read_document};
pub use incident_md::{
    AddOptions, Added, Change, CheckContext, Document, Entry, Error, FieldName, IncidentRecord,
    Order, Placement, check_document,
};
