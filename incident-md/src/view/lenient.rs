//! Entries of other dialects: the incident built from the lenient reading, and what it could
//! not read reported as findings.

use chrono::Utc;
use incident_core::{FieldKind, FollowUp, Incident};

use super::entry::Entry;
use crate::diagnostic::{Code, Diagnostic};
use crate::dialect::{Key, SeverityValue, When};
use crate::field::FieldName;

/// Builds the entry's incident from its reading when severity and detection time are certain,
/// and reports values the reading kept as written.
pub(super) fn complete(entry: &mut Entry, diags: &mut Vec<Diagnostic>) {
    let r = &entry.reading;
    let span = entry.heading_span.clone();
    if let Some(SeverityValue::Unknown(text)) = &r.severity {
        diags.push(Diagnostic::new(
            Code::UnreadValue,
            format!(
                "the severity `{text}` of incident `{}` names no level; it is left unknown",
                entry.title
            ),
            span.clone(),
        ));
    }
    if let Some(When::Uncertain(text)) = &r.detected {
        diags.push(Diagnostic::new(
            Code::UnreadValue,
            format!(
                "the date `{text}` of incident `{}` is not a certain day; it is left unknown",
                entry.title
            ),
            span.clone(),
        ));
    }
    if entry.incident.is_some() {
        return;
    }
    // Only a certain instant makes an incident: a day alone would need a guessed time.
    let (Some(level), Some(When::Instant(at))) = (r.level(), &r.detected) else {
        return;
    };
    let mut incident = Incident::new(&entry.title, level, at.with_timezone(&Utc));
    for f in &r.fields {
        let Some(Key::Field(name)) = f.key else {
            continue;
        };
        match name.kind() {
            FieldKind::Text => {
                if let Some(slot) = incident.text_field_mut(name)
                    && slot.is_none()
                    && !f.value.trim().is_empty()
                {
                    *slot = Some(f.value.trim().to_owned());
                }
            }
            FieldKind::Timestamp if name == FieldName::Resolved => {
                if let Some(When::Instant(t)) = crate::dialect::dates::read_when(&f.value) {
                    incident.resolved = Some(t.with_timezone(&Utc));
                }
            }
            FieldKind::FollowUps => {
                for line in f.value.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    let done = line.starts_with("[x]") || line.starts_with("[X]");
                    let text = line
                        .trim_start_matches("- ")
                        .trim_start_matches(['[', ' ', 'x', 'X', ']']);
                    if !text.is_empty() {
                        incident
                            .follow_ups
                            .push(FollowUp::from_item_text(text, done));
                    }
                }
            }
            _ => {}
        }
    }
    entry.incident = Some(incident);
}
