//! `incident`: read, check and edit a team's INCIDENTS.md without ever damaging it.
//!
//! This crate re-exports the two libraries of the workspace so that a tool embeds one crate:
//! [`core`] holds the domain model, [`md`] the lossless markdown document.
#![warn(missing_docs)]

pub use incident_core as core;
pub use incident_md as md;

pub use incident_core::{
    BusinessCalendar, EscalationTrigger, Finding, FollowUp, Incident, Policy, ResponseStatus,
    ResponseTime, Severity, Signal, Status, TriggerKind,
};
pub use incident_md::Document;
