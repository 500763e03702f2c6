//! Reading timestamps and dates as people write them in a log.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::Error;

/// Reads an ISO 8601 timestamp: RFC 3339 (`2026-01-31T14:05:00Z`, `2026-01-31T15:05:00+01:00`),
/// also with a space instead of the `T`, without seconds, or with a trailing ` UTC`.
///
/// A timestamp without an offset is taken as UTC.
///
/// ```
/// use incident_core::parse_timestamp;
/// let a = parse_timestamp("2026-01-31T15:05:00+01:00").unwrap();
/// let b = parse_timestamp("2026-01-31 14:05 UTC").unwrap();
/// assert_eq!(a, b);
/// ```
pub fn parse_timestamp(text: &str) -> Result<DateTime<Utc>, Error> {
    let bad = || Error::InvalidTimestamp {
        text: text.to_owned(),
    };
    let t = text.trim().trim_matches('`').trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt.with_timezone(&Utc));
    }
    let (body, utc_suffix) = match t.strip_suffix("UTC").or_else(|| t.strip_suffix('Z')) {
        Some(rest) => (rest.trim_end(), true),
        None => (t, false),
    };
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(body, fmt) {
            return Ok(naive.and_utc());
        }
    }
    if !utc_suffix {
        for fmt in [
            "%Y-%m-%dT%H:%M%:z",
            "%Y-%m-%d %H:%M%:z",
            "%Y-%m-%d %H:%M:%S%:z",
            "%Y-%m-%d %H:%M:%S %:z",
        ] {
            if let Ok(dt) = DateTime::parse_from_str(body, fmt) {
                return Ok(dt.with_timezone(&Utc));
            }
        }
    }
    Err(bad())
}

/// Prints a timestamp in the log's canonical form: RFC 3339 in UTC to the second (`…Z`).
pub fn format_timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// Reads a calendar date `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<NaiveDate, Error> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| Error::InvalidDate {
        text: text.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn accepts_common_iso_forms() {
        let want = Utc.with_ymd_and_hms(2026, 1, 31, 14, 5, 0).unwrap();
        for text in [
            "2026-01-31T14:05:00Z",
            "2026-01-31T15:05:00+01:00",
            "2026-01-31 14:05:00Z",
            "2026-01-31T14:05",
            "2026-01-31 14:05 UTC",
            "`2026-01-31T14:05:00Z`",
            "2026-01-31T14:05Z",
        ] {
            assert_eq!(parse_timestamp(text), Ok(want), "{text}");
        }
        assert_eq!(format_timestamp(want), "2026-01-31T14:05:00Z");
    }

    #[test]
    fn rejects_the_rest_naming_the_text() {
        for text in [
            "yesterday",
            "<ISO 8601 timestamp>",
            "2026-13-01T00:00:00Z",
            "",
        ] {
            assert_eq!(
                parse_timestamp(text),
                Err(Error::InvalidTimestamp { text: text.into() })
            );
        }
    }
}
