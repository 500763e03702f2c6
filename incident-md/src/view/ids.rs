//! Incident IDs, and incidents logged twice.

use std::collections::HashMap;

use incident_core::parse_timestamp;

use super::entry::{Entry, Field};
use super::text::plain;
use crate::anchor::slug;
use crate::diagnostic::{Code, Diagnostic};
use crate::field::FieldName;

/// When an entry was detected, even when another of its fields keeps it from being an incident.
pub(super) fn detected_of(e: &Entry) -> Option<chrono::DateTime<chrono::Utc>> {
    e.incident.as_ref().map(|i| i.detected).or_else(|| {
        e.field(FieldName::Detected)
            .and_then(Field::value)
            .and_then(|v| parse_timestamp(&plain(v)).ok())
    })
}

/// IDs: `<UTC date>-<slug>`, repeats numbered `-2`, `-3` in order of detection.
pub(super) fn assign_ids(entries: &mut [Entry]) {
    let base: Vec<String> = entries
        .iter()
        .map(|e| {
            let date = detected_of(e).map_or_else(
                || "undated".to_owned(),
                |t| t.format("%Y-%m-%d").to_string(),
            );
            let s = slug(&e.title);
            if s.is_empty() {
                date
            } else {
                format!("{date}-{s}")
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&k| (detected_of(&entries[k]), k));
    let mut count: HashMap<&str, usize> = HashMap::new();
    let mut ids = vec![String::new(); entries.len()];
    for k in order {
        let n = count.entry(&base[k]).or_insert(0);
        *n += 1;
        ids[k] = if *n == 1 {
            base[k].clone()
        } else {
            format!("{}-{n}", base[k])
        };
    }
    for (e, id) in entries.iter_mut().zip(ids) {
        e.id = id;
    }
}

pub(super) fn flag_duplicates(entries: &[Entry], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(&str, chrono::DateTime<chrono::Utc>), usize> = HashMap::new();
    for (k, e) in entries.iter().enumerate() {
        if let Some(inc) = &e.incident
            && let Some(first) = seen.insert((&e.title, inc.detected), k)
        {
            diags.push(Diagnostic::new(
                Code::DuplicateIncident,
                format!(
                    "incident `{}` detected {} is logged twice (first as {})",
                    e.title,
                    incident_core::format_timestamp(inc.detected),
                    entries[first].id
                ),
                e.heading_span.clone(),
            ));
        }
    }
}
