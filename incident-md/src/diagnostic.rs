//! Diagnostics: every malformed piece of a log, as a [`Finding`] with a stable [`Code`] and a
//! byte span.
//!
//! There is one finding type for every crate (`incident_core::Finding`); a diagnostic is a finding
//! the reader made, so its [`Finding::span`] is always set. The codes are the `MD…` ones of the
//! registry ([`Code`]); follow-ups without owner or due date are not structure problems but the
//! requirements `PIR002` and `PIR003`, reported by the checks ([`crate::check`]).

pub use incident_core::{Code, Finding, Level};

/// A finding made while reading a log; always has a span.
pub type Diagnostic = Finding;
