//! The fields of an incident entry: [`FieldName`] lives in `incident-core` (it is a domain
//! concept); it is re-exported here so `incident_md::field::FieldName` keeps working.

pub use incident_core::field::{FieldKind, FieldName, FieldSpec, UnknownField};
