//! Reading timestamps and dates as people write them in a log.

use crate::lines::TrimWs as _;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};

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
    Ok(text.parse::<WrittenTime>()?.local_as_utc())
}

/// A timestamp as written: with an offset (or `Z`, ` UTC`), or a local time whose zone the
/// reader supplies ([`WrittenTime::in_zone`]: the team's configured zone).
///
/// ```
/// use incident_core::WrittenTime;
/// let berlin = chrono_tz::Europe::Berlin;
/// let local: WrittenTime = "2026-03-02T10:12".parse().unwrap();
/// assert_eq!(local.in_zone(berlin).unwrap().to_rfc3339(), "2026-03-02T09:12:00+00:00");
/// let zoned: WrittenTime = "2026-03-02T10:12:00Z".parse().unwrap();
/// assert_eq!(zoned.in_zone(berlin).unwrap().to_rfc3339(), "2026-03-02T10:12:00+00:00");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WrittenTime {
    /// It names its offset.
    Zoned(DateTime<Utc>),
    /// A wall-clock time without an offset.
    Local(NaiveDateTime),
}

impl WrittenTime {
    /// The instant, a local time read as UTC whatever the configured zone (what
    /// [`parse_timestamp`] gives, and derived IDs are made of).
    pub fn local_as_utc(self) -> DateTime<Utc> {
        match self {
            WrittenTime::Zoned(at) => at,
            WrittenTime::Local(naive) => naive.and_utc(),
        }
    }

    /// The instant, reading a local time in `zone`: across a DST change, a time that occurs
    /// twice is the earlier of the two, and one that does not occur (the hour skipped) is
    /// [`Error::NonexistentLocalTime`].
    pub fn in_zone(self, zone: chrono_tz::Tz) -> Result<DateTime<Utc>, Error> {
        use chrono::TimeZone as _;
        match self {
            WrittenTime::Zoned(at) => Ok(at),
            WrittenTime::Local(naive) => zone
                .from_local_datetime(&naive)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .ok_or_else(|| Error::NonexistentLocalTime {
                    time: naive,
                    zone: zone.name().to_owned(),
                }),
        }
    }
}

impl std::str::FromStr for WrittenTime {
    type Err = Error;

    /// Reads the forms [`parse_timestamp`] reads, keeping whether an offset was written.
    fn from_str(text: &str) -> Result<Self, Error> {
        parse_written(text)
    }
}

fn parse_written(text: &str) -> Result<WrittenTime, Error> {
    let bad = || Error::InvalidTimestamp {
        text: text.to_owned(),
    };
    let t = text.trim_ws().trim_matches('`').trim_ws();
    // The log's own form, `2026-01-31T14:05:00Z`, without chrono's general parser (this runs
    // for every timestamp of a log); anything else, or an impossible value, takes the long way.
    if let Some(at) = utc_seconds(t) {
        return Ok(WrittenTime::Zoned(at));
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(WrittenTime::Zoned(dt.with_timezone(&Utc)));
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
            return Ok(if utc_suffix {
                WrittenTime::Zoned(naive.and_utc())
            } else {
                WrittenTime::Local(naive)
            });
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
                return Ok(WrittenTime::Zoned(dt.with_timezone(&Utc)));
            }
        }
    }
    Err(bad())
}

/// Prints a timestamp in the log's canonical form: RFC 3339 in UTC to the second (`…Z`).
pub fn format_timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// Prints a timestamp for a person reading in `zone`: [`format_timestamp`] in UTC, else RFC 3339
/// with the zone's offset at that instant (`2026-03-02T10:12:00+01:00`), so it stays exact.
///
/// ```
/// use incident_core::{format_timestamp_in, parse_timestamp};
/// let at = parse_timestamp("2026-03-02T09:12:00Z").unwrap();
/// assert_eq!(format_timestamp_in(at, chrono_tz::Europe::Berlin), "2026-03-02T10:12:00+01:00");
/// assert_eq!(format_timestamp_in(at, chrono_tz::UTC), "2026-03-02T09:12:00Z");
/// ```
pub fn format_timestamp_in(at: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
    if zone == chrono_tz::UTC {
        return format_timestamp(at);
    }
    at.with_timezone(&zone)
        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
}

/// Reads a calendar date, strictly `YYYY-MM-DD` (four-digit year, two-digit month and day).
///
/// ```
/// assert!(incident_core::parse_date("2026-12-25").is_ok());
/// assert!(incident_core::parse_date("2026-1-5").is_err());
/// ```
pub fn parse_date(text: &str) -> Result<NaiveDate, Error> {
    date_of(text).ok_or_else(|| Error::InvalidDate {
        text: text.to_owned(),
    })
}

/// [`parse_date`] without the error (and its copy of the text): most texts asked are no date.
pub(crate) fn date_of(text: &str) -> Option<NaiveDate> {
    let t = text.trim_ws();
    let well_formed = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !well_formed {
        return None;
    }
    let b = t.as_bytes();
    NaiveDate::from_ymd_opt(digits(&b[..4]) as i32, digits(&b[5..7]), digits(&b[8..10]))
}

/// The value of ASCII digits (the caller has checked that they are).
fn digits(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(0, |n, b| n * 10 + u32::from(b.wrapping_sub(b'0')))
}

/// `YYYY-MM-DDTHH:MM:SSZ` exactly, when it names a real instant (no leap second): the log's own
/// form, read without chrono's general parsers. Nothing else is read (no spaces, no other
/// offset, no fraction), so a reader can try it first and fall back to its own rules.
///
/// ```
/// use incident_core::time::utc_seconds;
/// assert!(utc_seconds("2026-01-31T14:05:00Z").is_some());
/// assert_eq!(utc_seconds("2026-01-31T14:05:00+00:00"), None);
/// assert_eq!(utc_seconds("2026-02-30T14:05:00Z"), None);
/// ```
pub fn utc_seconds(t: &str) -> Option<DateTime<Utc>> {
    let b = t.as_bytes();
    let shape = b.len() == 20
        && b.iter().enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            19 => c == b'Z',
            _ => c.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(&b[..4]) as i32, digits(&b[5..7]), digits(&b[8..10]))?
        .and_hms_opt(digits(&b[11..13]), digits(&b[14..16]), digits(&b[17..19]))
        .map(|naive| naive.and_utc())
}

/// The longest duration [`parse_duration`] accepts: a year (366 days). Longer ones are typos
/// and would push deadlines past what a calendar can represent.
pub const MAX_DURATION: TimeDelta = TimeDelta::days(366);

/// Reads a non-negative duration: one or more groups of a whole number and a unit, such as
/// `90s`, `5m`, `1h30m`, `15 minutes`, `2 hours` or `1 day`; spaces between the number and the
/// unit, and between groups, are allowed. Units: `s`/`sec`/`second(s)`, `m`/`min`/`minute(s)`,
/// `h`/`hr`/`hour(s)`, `d`/`day(s)`, any case.
///
/// Durations over [`MAX_DURATION`] are refused with [`Error::DurationTooLong`].
///
/// ```
/// use chrono::TimeDelta;
/// use incident_core::parse_duration;
/// assert_eq!(parse_duration("1h30m"), Ok(TimeDelta::minutes(90)));
/// assert_eq!(parse_duration("15 minutes"), Ok(TimeDelta::minutes(15)));
/// assert!(parse_duration("2562047788h").is_err());
/// ```
pub fn parse_duration(text: &str) -> Result<TimeDelta, Error> {
    let bad = || Error::InvalidDuration {
        text: text.to_owned(),
    };
    let too_long = || Error::DurationTooLong {
        text: text.to_owned(),
        max: MAX_DURATION,
    };
    let lower = text.trim_ws().to_ascii_lowercase();
    let mut rest = lower.as_str();
    if rest.is_empty() {
        return Err(bad());
    }
    let mut total: i64 = 0;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return Err(bad());
        }
        // More digits than an i64 holds is certainly too long, not malformed.
        let n: i64 = rest[..digits].parse().map_err(|_| too_long())?;
        rest = rest[digits..].trim_start();
        let unit_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let seconds_per_unit = match &rest[..unit_len] {
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
            "d" | "day" | "days" => 86_400,
            _ => return Err(bad()),
        };
        rest = rest[unit_len..].trim_start();
        total = n
            .checked_mul(seconds_per_unit)
            .and_then(|secs| total.checked_add(secs))
            .ok_or_else(too_long)?;
    }
    if total > MAX_DURATION.num_seconds() {
        return Err(too_long());
    }
    TimeDelta::try_seconds(total).ok_or_else(too_long)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_paths_agree_with_chrono() {
        // Valid and impossible dates and times, leap days and leap seconds.
        for (y, m, d) in [
            (2026, 1, 31),
            (2024, 2, 29),
            (2026, 2, 29),
            (2026, 2, 30),
            (2026, 13, 1),
            (2026, 0, 1),
            (0, 1, 1),
            (9999, 12, 31),
        ] {
            let date = format!("{y:04}-{m:02}-{d:02}");
            let chrono_date = NaiveDate::parse_from_str(&date, "%Y-%m-%d").ok();
            assert_eq!(parse_date(&date).ok(), chrono_date, "{date}");
            for (h, mi, s) in [
                (0, 0, 0),
                (23, 59, 59),
                (23, 59, 60),
                (24, 0, 0),
                (12, 60, 0),
            ] {
                let text = format!("{date}T{h:02}:{mi:02}:{s:02}Z");
                let slow = DateTime::parse_from_rfc3339(&text)
                    .ok()
                    .map(|t| t.with_timezone(&Utc));
                assert_eq!(parse_timestamp(&text).ok(), slow, "{text}");
                if let Some(fast) = utc_seconds(&text) {
                    assert_eq!(Some(fast), slow, "{text}");
                }
            }
        }
        assert_eq!(utc_seconds("2026-01-31t14:05:00z"), None);
        assert!(parse_timestamp("2026-01-31t14:05:00z").is_ok());
    }

    #[test]
    fn local_times_across_dst_edges() {
        let berlin = chrono_tz::Europe::Berlin;
        let read = |t: &str| t.parse::<WrittenTime>().unwrap().in_zone(berlin);
        // 2026-03-29 02:00 → 03:00 in Berlin: 02:30 does not occur; 01:59 and 03:00 do.
        assert!(matches!(
            read("2026-03-29T02:30"),
            Err(Error::NonexistentLocalTime { .. })
        ));
        assert_eq!(
            format_timestamp(read("2026-03-29T01:59").unwrap()),
            "2026-03-29T00:59:00Z"
        );
        assert_eq!(
            format_timestamp(read("2026-03-29T03:00").unwrap()),
            "2026-03-29T01:00:00Z"
        );
        // 2026-10-25 03:00 → 02:00: 02:30 occurs twice; the earlier (summer time) is taken.
        assert_eq!(
            format_timestamp(read("2026-10-25 02:30").unwrap()),
            "2026-10-25T00:30:00Z"
        );
        assert_eq!(
            format_timestamp(read("2026-10-25 03:30").unwrap()),
            "2026-10-25T02:30:00Z"
        );
        // An offset, `Z` or ` UTC` wins over the zone.
        assert_eq!(
            format_timestamp(read("2026-03-29T02:30Z").unwrap()),
            "2026-03-29T02:30:00Z"
        );
        assert_eq!(
            format_timestamp(read("2026-03-29 02:30 UTC").unwrap()),
            "2026-03-29T02:30:00Z"
        );
        // Without a zone (UTC) nothing changes.
        assert_eq!(
            parse_timestamp("2026-03-29T02:30").unwrap(),
            read("2026-03-29T02:30Z").unwrap()
        );
    }
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

    #[test]
    fn durations_one_parser_for_config_and_tables() {
        for (text, secs) in [
            ("30s", 30),
            ("5m", 300),
            ("1h", 3600),
            ("90m", 5400),
            ("1h30m", 5400),
            ("1h 30m", 5400),
            ("15 minutes", 900),
            ("2 Hours", 7200),
            ("1 day", 86_400),
            ("0s", 0),
            ("366d", 366 * 86_400),
        ] {
            assert_eq!(parse_duration(text), Ok(TimeDelta::seconds(secs)), "{text}");
        }
        for text in ["", "5", "m", "5x", "-5m", "1.5h", "h5"] {
            assert_eq!(
                parse_duration(text),
                Err(Error::InvalidDuration { text: text.into() }),
                "{text}"
            );
        }
        for text in [
            "2562047788h",
            "367d",
            "99999999999999999999h",
            "9223372036854775807h",
        ] {
            assert!(
                matches!(parse_duration(text), Err(Error::DurationTooLong { .. })),
                "{text}"
            );
        }
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(
            parse_date(" 2026-12-25 "),
            Ok(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap())
        );
        for text in ["2026-1-05", "2026-02-30", "25/12/2026", "2026-12-25T10:00"] {
            assert!(parse_date(text).is_err(), "{text}");
        }
    }
}
