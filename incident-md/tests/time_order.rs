//! Timestamp order on every edit path of the library: the same core rule, the same error, and
//! nothing written when refused.

use chrono::{DateTime, Utc};
use incident_core::{Incident, Severity, TimeField};
use incident_md::{AddOptions, Document, Error, FieldName};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// A log with one incident detected at 10:00, acknowledged at 10:10, not resolved.
fn doc() -> (Document, String) {
    let mut doc: Document = incident_md::render::canonical_template().parse().unwrap();
    let mut i = Incident::new("Disk full", Severity::Low, at("2026-03-02T10:00:00Z"));
    i.acknowledged = Some(at("2026-03-02T10:10:00Z"));
    let id = doc.add_incident(&i, &AddOptions::default()).unwrap().id;
    (doc, id)
}

/// Asserts the edit is refused with `TimestampOrder` naming `field` before `earlier`, and that
/// the document is unchanged.
#[track_caller]
fn assert_refused(
    edit: impl FnOnce(&mut Document, &str) -> Result<Vec<incident_md::Change>, Error>,
    field: TimeField,
    earlier: TimeField,
) {
    let (mut doc, id) = doc();
    let before = doc.to_string();
    match edit(&mut doc, &id) {
        Err(Error::TimestampOrder { incident, source }) => {
            assert_eq!(incident, id);
            assert_eq!((source.field, source.earlier), (field, earlier));
            // The md error is the core rule's, with the incident named.
            let core = doc.find(&id).unwrap().incident.clone().unwrap();
            assert!(
                core.check_timestamps().is_ok(),
                "the document kept its order"
            );
        }
        other => panic!("expected a timestamp order error, got {other:?}"),
    }
    assert_eq!(doc.to_string(), before);
}

#[test]
fn typed_setters_refuse() {
    use TimeField::*;
    assert_refused(
        |d, id| d.set_acknowledged(id, at("2026-03-02T09:00:00Z")),
        Acknowledged,
        Detected,
    );
    assert_refused(
        |d, id| d.set_resolved(id, at("2026-03-02T09:00:00Z")),
        Resolved,
        Detected,
    );
    assert_refused(
        |d, id| d.set_resolved(id, at("2026-03-02T10:05:00Z")),
        Resolved,
        Acknowledged,
    );
}

#[test]
fn set_field_refuses_every_time_field() {
    use TimeField::*;
    assert_refused(
        |d, id| d.set_field(id, FieldName::Acknowledged, "1900-01-01T00:00:00Z"),
        Acknowledged,
        Detected,
    );
    assert_refused(
        |d, id| d.set_field(id, FieldName::Resolved, "2026-03-02T10:05:00Z"),
        Resolved,
        Acknowledged,
    );
    assert_refused(
        |d, id| d.set_field(id, FieldName::Detected, "2026-03-02T11:00:00Z"),
        Acknowledged,
        Detected,
    );
}

#[test]
fn add_incident_refuses_and_in_order_edits_pass() {
    let (mut doc, id) = doc();
    let before = doc.to_string();
    let mut i = Incident::new("Backdated", Severity::High, at("2026-03-03T10:00:00Z"));
    i.acknowledged = Some(at("1900-01-01T00:00:00Z"));
    let err = doc.add_incident(&i, &AddOptions::default()).unwrap_err();
    assert_eq!(
        err,
        Error::TimestampOrder {
            incident: "Backdated".into(),
            source: i.check_timestamps().unwrap_err(),
        }
    );
    assert_eq!(
        err.to_string(),
        "incident `Backdated` cannot be acknowledged at 1900-01-01T00:00:00Z, before it was detected (2026-03-03T10:00:00Z)"
    );
    assert_eq!(doc.to_string(), before);
    // Equal times are in order; so is a resolution after the acknowledgement.
    doc.set_resolved(&id, at("2026-03-02T10:10:00Z")).unwrap();
    doc.set_field(&id, FieldName::Detected, "2026-03-02T10:10:00Z")
        .unwrap();
    let read = doc.find(&id).unwrap().incident.clone().unwrap();
    assert_eq!(read.resolved, Some(at("2026-03-02T10:10:00Z")));
    assert_eq!(read.detected, at("2026-03-02T10:10:00Z"));
}
