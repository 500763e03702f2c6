//! Line numbering lives in `incident-core` (the configuration's errors need it too); it is
//! re-exported here so that `incident_md::LineIndex` keeps working.

pub use incident_core::lines::{LineIndex, Position};
