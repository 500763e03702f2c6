//! Times in `--from-json` input written without an offset: local to the configured zone, as on
//! the command line and in the file. The record itself takes RFC 3339 only, so such times are
//! made exact before it is read.

use chrono_tz::Tz;
use incident_core::{WrittenTime, format_timestamp};
use serde_json::Value;

/// The keys of an incident record that hold a time.
const TIME_KEYS: [&str; 4] = ["detected", "acknowledged", "mitigated", "resolved"];

/// Rewrites every time of the record in `value` that names no offset as the UTC instant it is
/// in `zone`. Text that is no time is left for the record's own error.
///
/// # Errors
///
/// A local time `zone` skips (its DST change), rather than a guess.
pub fn localize(value: &mut Value, zone: Tz) -> Result<(), incident_core::Error> {
    let Some(record) = value.as_object_mut() else {
        return Ok(());
    };
    for key in TIME_KEYS {
        if let Some(v) = record.get_mut(key) {
            localize_one(v, zone)?;
        }
    }
    if let Some(Value::Array(items)) = record.get_mut("timeline") {
        for item in items {
            if let Some(at) = item.as_object_mut().and_then(|o| o.get_mut("at")) {
                localize_one(at, zone)?;
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

    #[test]
    fn local_times_are_read_in_the_zone_and_exact_ones_kept() {
        let mut v = serde_json::json!({
            "title": "x",
            "detected": "2026-03-02T10:00:00",
            "acknowledged": "2026-03-02T10:05:00Z",
            "resolved": "soon",
            "timeline": [{"at": "2026-10-25 02:30", "text": "paged"}],
        });
        localize(&mut v, chrono_tz::Europe::Berlin).unwrap();
        assert_eq!(v["detected"], "2026-03-02T09:00:00Z");
        assert_eq!(v["acknowledged"], "2026-03-02T10:05:00Z");
        assert_eq!(v["resolved"], "soon");
        // Autumn: 02:30 occurs twice; the earlier (summer time, +02:00) is taken.
        assert_eq!(v["timeline"][0]["at"], "2026-10-25T00:30:00Z");
    }

    #[test]
    fn a_skipped_local_time_is_refused() {
        let mut v = serde_json::json!({"detected": "2026-03-29T02:30"});
        assert!(matches!(
            localize(&mut v, chrono_tz::Europe::Berlin),
            Err(incident_core::Error::NonexistentLocalTime { .. })
        ));
    }
}
