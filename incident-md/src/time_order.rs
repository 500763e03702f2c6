//! The timestamp order rule at the edit paths: the core rule
//! ([`Incident::check_timestamps`]) applied to an entry as an edit would leave it.

use incident_core::{Incident, parse_timestamp};

use crate::{Entry, Error, FieldName, Result};

/// Refuses an incident to be added whose timestamps are out of order.
pub(crate) fn check_new(incident: &Incident) -> Result<()> {
    incident
        .check_timestamps()
        .map_err(|source| Error::TimestampOrder {
            incident: incident.title.clone(),
            source,
        })
}

/// Refuses writing `value` (a rendered timestamp) into the time field `name` of `entry` when
/// the incident would then have its timestamps out of order. Other fields, and entries that
/// cannot be read as an incident, pass.
pub(crate) fn check_edit(entry: &Entry, name: FieldName, value: &str) -> Result<()> {
    let (Some(incident), Ok(at)) = (&entry.incident, parse_timestamp(value)) else {
        return Ok(());
    };
    let mut after = incident.clone();
    match name {
        FieldName::Detected => after.detected = at,
        FieldName::Acknowledged => after.acknowledged = Some(at),
        FieldName::Mitigated => after.mitigated = Some(at),
        FieldName::Resolved => after.resolved = Some(at),
        _ => return Ok(()),
    }
    after
        .check_timestamps()
        .map_err(|source| Error::TimestampOrder {
            incident: entry.id.clone(),
            source,
        })
}
