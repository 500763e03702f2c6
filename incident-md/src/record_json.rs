//! Reading an [`IncidentRecord`] from JSON text (the `json` feature): the one reader behind
//! `incident new --from-json` and the agent server's `create_incident`, so both accept the same
//! input and name the same key when a value is wrong.

use chrono_tz::Tz;
use incident_core::{WrittenTime, format_timestamp};
use serde_json::Value;

use crate::IncidentRecord;

/// The keys of a record that hold a time.
const TIME_KEYS: [&str; 4] = ["detected", "acknowledged", "mitigated", "resolved"];

/// Why JSON text is not an incident record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// The text is not JSON (or not a record at all, when `key` is `None`).
    #[error("{}{message}{}", key_prefix(key), place(*line, *column))]
    Invalid {
        /// The key whose value is wrong, when one alone is to blame.
        key: Option<String>,
        /// serde's explanation.
        message: String,
        /// 1-based line in the text of a syntax error; 0 for a value that cannot be read.
        line: usize,
        /// 1-based column in the text (0 with `line`).
        column: usize,
    },
    /// A time written without an offset that does not exist in the zone (a daylight-saving gap).
    #[error("`{key}`: {source}")]
    LocalTime {
        /// The key of the time.
        key: String,
        /// The zone's rule.
        #[source]
        source: incident_core::Error,
    },
}

fn key_prefix(key: &Option<String>) -> String {
    key.as_ref().map(|k| format!("`{k}`: ")).unwrap_or_default()
}

fn place(line: usize, column: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(" at line {line}, column {column}")
    }
}

impl IncidentRecord {
    /// Reads a record from JSON text. Times written without an offset
    /// (`"2026-03-02T10:00:00"`, `"2026-03-02 10:00"`) are local to `zone`, as on the command
    /// line and in the file; exact times keep their instant.
    ///
    /// # Errors
    ///
    /// [`RecordError::Invalid`] naming the first key whose value cannot be read on its own (or
    /// no key, for text that is no JSON object), [`RecordError::LocalTime`] for a local time
    /// the zone skips.
    ///
    /// ```
    /// use incident_md::IncidentRecord;
    /// let r = IncidentRecord::from_json(
    ///     r#"{"title": "Disk full", "severity": "high", "detected": "2026-03-02T10:00:00"}"#,
    ///     chrono_tz::Europe::Berlin,
    /// )
    /// .unwrap();
    /// assert_eq!(r.detected.unwrap().to_rfc3339(), "2026-03-02T09:00:00+00:00");
    /// ```
    pub fn from_json(text: &str, zone: Tz) -> Result<IncidentRecord, RecordError> {
        let mut value: Value = serde_json::from_str(text).map_err(|e| invalid(None, &e))?;
        localize(&mut value, zone)?;
        match serde_json::from_value::<IncidentRecord>(value.clone()) {
            Ok(record) => Ok(record),
            Err(error) => Err(invalid(blame(&value), &error)),
        }
    }
}

fn invalid(key: Option<String>, e: &serde_json::Error) -> RecordError {
    // serde_json appends " at line L column C" to its message; keep the place as data.
    let text = e.to_string();
    let message = match text.rfind(" at line ") {
        Some(at) if e.line() > 0 => text[..at].to_owned(),
        _ => text,
    };
    RecordError::Invalid {
        key,
        message,
        line: e.line(),
        column: e.column(),
    }
}

/// serde_json does not say which key failed: try each key alone in a record that is otherwise
/// valid, and name the first that fails by itself.
fn blame(value: &Value) -> Option<String> {
    let Value::Object(map) = value else {
        return None;
    };
    map.iter().find_map(|(key, v)| {
        let mut probe = serde_json::Map::new();
        probe.insert("title".into(), "x".into());
        probe.insert("severity".into(), "LOW".into());
        probe.insert(key.clone(), v.clone());
        serde_json::from_value::<IncidentRecord>(probe.into())
            .is_err()
            .then(|| key.clone())
    })
}

/// Rewrites every time of the record that names no offset as the UTC instant it is in `zone`.
/// Text that is no time is left for the record's own error.
fn localize(value: &mut Value, zone: Tz) -> Result<(), RecordError> {
    let Some(record) = value.as_object_mut() else {
        return Ok(());
    };
    for key in TIME_KEYS {
        if let Some(v) = record.get_mut(key) {
            localize_one(v, zone).map_err(|source| RecordError::LocalTime {
                key: key.to_owned(),
                source,
            })?;
        }
    }
    if let Some(Value::Array(items)) = record.get_mut("timeline") {
        for item in items {
            if let Some(at) = item.as_object_mut().and_then(|o| o.get_mut("at")) {
                localize_one(at, zone).map_err(|source| RecordError::LocalTime {
                    key: "timeline".to_owned(),
                    source,
                })?;
            }
        }
    }
    Ok(())
}

fn localize_one(v: &mut Value, zone: Tz) -> Result<(), incident_core::Error> {
    if let Value::String(text) = v
        && let Ok(written @ WrittenTime::Local(_)) = text.parse::<WrittenTime>()
    {
        *text = format_timestamp(written.in_zone(zone)?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{Europe::Berlin, UTC};

    fn read(text: &str) -> Result<IncidentRecord, RecordError> {
        IncidentRecord::from_json(text, Berlin)
    }

    #[test]
    fn local_times_are_read_in_the_zone_and_exact_ones_kept() {
        let r = read(
            r#"{"title": "x", "severity": "LOW", "detected": "2026-03-02T10:00:00",
                "acknowledged": "2026-03-02T10:05:00Z",
                "timeline": [{"at": "2026-10-25 02:30", "text": "paged"}]}"#,
        )
        .unwrap();
        assert_eq!(
            r.detected.unwrap().to_rfc3339(),
            "2026-03-02T09:00:00+00:00"
        );
        assert_eq!(
            r.acknowledged.unwrap().to_rfc3339(),
            "2026-03-02T10:05:00+00:00"
        );
        // Autumn: 02:30 occurs twice; the earlier (summer time, +02:00) is taken.
        assert_eq!(r.timeline[0].at.to_rfc3339(), "2026-10-25T00:30:00+00:00");
    }

    #[test]
    fn a_skipped_local_time_is_refused_with_its_key() {
        let e = read(r#"{"title": "x", "severity": "LOW", "detected": "2026-03-29T02:30"}"#)
            .unwrap_err();
        assert!(
            matches!(e, RecordError::LocalTime { ref key, .. } if key == "detected"),
            "{e:?}"
        );
        // In UTC there is no gap.
        assert!(
            IncidentRecord::from_json(
                r#"{"title": "x", "severity": "LOW", "detected": "2026-03-29T02:30"}"#,
                UTC
            )
            .is_ok()
        );
    }

    #[test]
    fn a_wrong_value_names_its_key() {
        let e = read(r#"{"title": "x", "severity": "LOW", "resolved": "soon"}"#).unwrap_err();
        let RecordError::Invalid { key, line, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(key.as_deref(), Some("resolved"));
        // A value error has no place of its own in the text: the key says where.
        assert_eq!(*line, 0);
        assert!(e.to_string().starts_with("`resolved`: "), "{e}");
        assert!(!e.to_string().contains("line"), "{e}");
    }

    #[test]
    fn unknown_and_missing_keys_and_non_json_are_refused() {
        let e = read(r#"{"title": "x", "severity": "LOW", "sevrity": "LOW"}"#).unwrap_err();
        assert!(
            matches!(&e, RecordError::Invalid { key: Some(k), .. } if k == "sevrity"),
            "{e:?}"
        );
        let e = read(r#"{"title": "x"}"#).unwrap_err();
        assert!(
            matches!(&e, RecordError::Invalid { key: None, message, .. } if message.contains("severity")),
            "{e:?}"
        );
        let e = read("{\n  \"title\": ").unwrap_err();
        assert!(
            matches!(
                e,
                RecordError::Invalid {
                    key: None,
                    line: 2,
                    ..
                }
            ),
            "{e:?}"
        );
    }
}
