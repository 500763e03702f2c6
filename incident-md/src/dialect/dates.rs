//! Dates as teams write them: read what is certain, and say when something is not.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

/// A point in time read from a log, as precise as the text is certain.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum When {
    /// Date, time and zone are all written (`2026-06-22 14:05 UTC`, RFC 3339, `18:30 PKT`).
    Instant(DateTime<FixedOffset>),
    /// A date and a time of day without a zone (`2026-05-03 14:05`): an instant in the log's
    /// configured `timezone` (UTC when none), as the seed's fields read such a time.
    Local(NaiveDateTime),
    /// Only the day is certain: no time of day is written.
    Day(NaiveDate),
    /// Something date-like that is not a certain day (`2026-07-xx`, `July 2026`, `04/05/2026`):
    /// the text as written, reported rather than guessed.
    Uncertain(String),
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            When::Instant(t) if t.offset().local_minus_utc() == 0 => {
                write!(f, "{}", t.format("%Y-%m-%dT%H:%M:%SZ"))
            }
            When::Instant(t) => write!(f, "{}", t.format("%Y-%m-%dT%H:%M:%S%:z")),
            When::Local(t) => write!(f, "{}", t.format("%Y-%m-%dT%H:%M:%S")),
            When::Day(d) => write!(f, "{d}"),
            When::Uncertain(t) => write!(f, "uncertain `{t}`"),
        }
    }
}

impl When {
    /// The day, when it is certain.
    pub fn day(&self) -> Option<NaiveDate> {
        match self {
            When::Instant(t) => Some(t.date_naive()),
            When::Local(t) => Some(t.date()),
            When::Day(d) => Some(*d),
            When::Uncertain(_) => None,
        }
    }

    /// The instant, a local date and time read in `zone` (across a DST change, a time that
    /// occurs twice is the earlier of the two); `None` when only the day or less is certain,
    /// or for a local time the zone skips (never a guess).
    pub fn instant_in(&self, zone: chrono_tz::Tz) -> Option<DateTime<chrono::Utc>> {
        match self {
            When::Instant(t) => Some(t.with_timezone(&chrono::Utc)),
            When::Local(t) => incident_core::WrittenTime::Local(*t).in_zone(zone).ok(),
            When::Day(_) | When::Uncertain(_) => None,
        }
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The zone written after a clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zone {
    /// None is written: the time is local (read in the configured zone).
    Missing,
    /// A fixed offset in seconds east of UTC (`Z`, `UTC`, `+02:00`, `CET`, `PST`).
    Offset(i32),
    /// A zone of the tz database (`America/New_York`), whose offset depends on the date.
    Named(chrono_tz::Tz),
    /// A word that looks like a zone but names none this reader knows (`CST`, which is three
    /// zones): the time is not certain, and is never read as UTC or local.
    Unread,
}

/// The zone a word after a clock time names: an abbreviation (the unambiguous ones of the
/// zones incident logs are written in), an offset, or a tz database name.
pub(crate) fn zone_of(word: &str) -> Zone {
    let upper = word.to_ascii_uppercase();
    // `UTC+2`, `GMT-5`, `UTC+05:30`: an offset from UTC; one this reader cannot read is no
    // reason to take the time for UTC.
    if let Some(offset) = upper
        .strip_prefix("UTC")
        .or_else(|| upper.strip_prefix("GMT"))
        .filter(|r| r.starts_with(['+', '-', '\u{2212}']))
    {
        return utc_offset(offset).map_or(Zone::Unread, Zone::Offset);
    }
    let minutes = match upper.as_str() {
        "Z" | "UTC" | "GMT" | "WET" => 0,
        "CET" | "BST" | "WEST" => 60,
        "CEST" | "EET" => 120,
        "EEST" | "MSK" => 180,
        "PKT" => 300,
        "IST" => 330,
        "SGT" | "HKT" | "AWST" => 480,
        "JST" | "KST" => 540,
        "ACST" => 570,
        "AEST" => 600,
        "ACDT" => 630,
        "AEDT" => 660,
        "NZST" => 720,
        "NZDT" => 780,
        "HST" => -600,
        "AKST" => -540,
        "AKDT" | "PST" => -480,
        "PDT" | "MST" => -420,
        "MDT" => -360,
        "EST" => -300,
        "EDT" => -240,
        _ => return other_zone(word),
    };
    Zone::Offset(minutes * 60)
}

/// The seconds east of UTC of an offset after `UTC` or `GMT`: `+2`, `-5`, `+02:00`, `+0530`,
/// `+5:30` (a minus sign may be `−`); at most 14 hours, minutes under 60.
fn utc_offset(text: &str) -> Option<i32> {
    let (sign, rest) = if let Some(r) = text.strip_prefix('+') {
        (1, r)
    } else if let Some(r) = text
        .strip_prefix('-')
        .or_else(|| text.strip_prefix('\u{2212}'))
    {
        (-1, r)
    } else {
        return None;
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "0"),
    };
    if !(1..=2).contains(&h.len()) || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?);
    (h <= 14 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

/// An offset (`+0200`, `-05:00`), a tz database name, a zone-like word this reader does not
/// know (two to five capitals, `CST`), or no zone at all (a word of the text).
fn other_zone(word: &str) -> Zone {
    if let Some((sign, rest)) = match word.as_bytes().first() {
        Some(b'+') => Some((1, &word[1..])),
        Some(b'-') => Some((-1, &word[1..])),
        _ => None,
    } {
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        if digits.len() != 4 || rest.len() > 5 {
            return Zone::Missing;
        }
        let (Ok(h), Ok(m)) = (digits[..2].parse::<i32>(), digits[2..].parse::<i32>()) else {
            return Zone::Missing;
        };
        return Zone::Offset(sign * (h * 3600 + m * 60));
    }
    if word.contains('/') {
        return word.parse().map_or(Zone::Unread, Zone::Named);
    }
    let caps = (2..=5).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase());
    if caps { Zone::Unread } else { Zone::Missing }
}

/// `HH:MM` or `HH:MM:SS` at the start of `text`: the time and the bytes read.
fn read_clock(text: &str) -> Option<(NaiveTime, usize)> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(text.len());
    let clock = &text[..end];
    let mut parts = clock.split(':');
    let n = |s: &str| s.parse::<u32>().ok().filter(|_| (1..=2).contains(&s.len()));
    let t = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(m), None, _) => NaiveTime::from_hms_opt(n(h)?, n(m)?, 0)?,
        (Some(h), Some(m), Some(s), None) => NaiveTime::from_hms_opt(n(h)?, n(m)?, n(s)?)?,
        _ => return None,
    };
    Some((t, end))
}

/// A clock time of a 12-hour clock: `Some(None)` when `rest` starts with `AM` or `PM` (in any
/// case, with or without dots, after a space or not) but the hour is no 12-hour clock's
/// (`13:05 PM`); `None` when it starts with neither.
fn twelve_hour(time: NaiveTime, rest: &str) -> Option<Option<(NaiveTime, &str)>> {
    use chrono::Timelike as _;
    let r = rest.trim_start_matches(' ');
    let lower = r.get(..4).unwrap_or(r).to_ascii_lowercase();
    let (pm, len) = [
        ("a.m.", false, 4),
        ("p.m.", true, 4),
        ("am", false, 2),
        ("pm", true, 2),
    ]
    .iter()
    .find(|(m, _, len)| {
        lower.starts_with(m) && !r[*len..].starts_with(|c: char| c.is_alphanumeric())
    })
    .map(|(_, pm, len)| (*pm, *len))?;
    let hour = time.hour();
    if !(1..=12).contains(&hour) {
        return Some(None);
    }
    let hour = match (pm, hour) {
        (false, 12) => 0,
        (true, 12) => 12,
        (true, h) => h + 12,
        (false, h) => h,
    };
    Some(time.with_hour(hour).map(|t| (t, &r[len..])))
}

/// A clock time with its zone (`18:30 PKT`, `14:05 UTC`, `14:05Z`, `14:05+02:00`): the time and
/// the zone's offset when a fixed one is written.
pub fn read_time(text: &str) -> Option<(NaiveTime, Option<i32>)> {
    read_time_zoned(text).map(|(t, z)| match z {
        Zone::Offset(o) => (t, Some(o)),
        _ => (t, None),
    })
}

/// A clock time and the zone written after it.
pub(crate) fn read_time_zoned(text: &str) -> Option<(NaiveTime, Zone)> {
    let t = text.trim_start();
    let (time, used) = read_clock(t)?;
    let rest = &t[used..];
    // Fractions of a second are dropped: the logs never rely on them.
    let rest = rest
        .strip_prefix('.')
        .map_or(rest, |r| r.trim_start_matches(|c: char| c.is_ascii_digit()));
    // A 12-hour clock (`9:15 AM`, `9:15pm`, `9:15 p.m.`).
    let (time, rest) = match twelve_hour(time, rest) {
        Some(read) => read?,
        None => (time, rest),
    };
    let word_end = |s: &str| {
        s.find(|c: char| c.is_whitespace() || matches!(c, ',' | ')' | '(' | ';'))
            .unwrap_or(s.len())
    };
    let zone = if let Some(z) = rest.strip_prefix('Z') {
        if z.is_empty() || !z.starts_with(|c: char| c.is_alphanumeric()) {
            Zone::Offset(0)
        } else {
            Zone::Missing
        }
    } else if rest.starts_with(['+', '-']) {
        zone_of(&rest[..word_end(rest)])
    } else {
        // A zone in parentheses (`09:12 (UTC+2)`) is the time's zone too.
        let r = rest.trim_start();
        let r = r.strip_prefix('(').unwrap_or(r);
        zone_of(&r[..word_end(r)])
    };
    Some((time, zone))
}

/// A day and a time-of-day text (a `Time:` field's value) as one reading: an instant when the
/// zone is written, local when none is, the day alone when the zone cannot be read.
pub(crate) fn on_day(day: NaiveDate, time: &str) -> Option<When> {
    read_time_zoned(time).map(|t| combine(day, Some(t)))
}

/// The start of a range written with one zone at its end (`2026-04-18 09:12 – 10:04 UTC`): the
/// start's date and time in the end's zone.
pub fn read_range_start(text: &str) -> Option<When> {
    let t = text.trim();
    let (start, end) = ["–", "—", " - ", " to "]
        .iter()
        .find_map(|sep| t.split_once(sep))?;
    let start_when = read_when(start)?;
    if matches!(start_when, When::Instant(_)) {
        return Some(start_when);
    }
    let day = start_when.day()?;
    let start = start.trim();
    let clock = start.get(10..).map(|r| r.trim_start_matches(['T', ' ']))?;
    let (time, _) = read_time_zoned(clock)?;
    let (_, zone) = read_time_zoned(end)?;
    Some(combine(day, Some((time, zone))))
}

fn combine(day: NaiveDate, time: Option<(NaiveTime, Zone)>) -> When {
    let local = |t: NaiveTime| day.and_time(t);
    let instant = match time {
        None => return When::Day(day),
        Some((t, Zone::Missing)) => return When::Local(local(t)),
        Some((_, Zone::Unread)) => return When::Day(day),
        Some((t, Zone::Offset(offset))) => {
            FixedOffset::east_opt(offset).and_then(|o| o.from_local_datetime(&local(t)).single())
        }
        Some((t, Zone::Named(tz))) => tz
            .from_local_datetime(&local(t))
            .earliest()
            .map(|at| at.fixed_offset()),
    };
    instant.map_or(When::Day(day), When::Instant)
}

/// Reads the date (and time) a value starts with; `None` when it starts with nothing
/// date-like. Markup (`**`, backticks) around the value is ignored; text after it is a note.
pub fn read_when(text: &str) -> Option<When> {
    let t = text
        .trim()
        .trim_start_matches(['*', '_', '`', '['])
        .trim_start();
    // The log's own form first (every entry's `Detected` in most logs), as `read_iso` reads it.
    if let Some(at) = incident_core::time::utc_seconds(t) {
        return Some(When::Instant(at.fixed_offset()));
    }
    if let Some(w) = read_iso(t) {
        return Some(w);
    }
    if let Some(w) = read_month_name(t) {
        return Some(w);
    }
    read_slashed(t)
}

/// `2026-06-22`, `2026-06-22 14:05`, `2026-06-22T14:05:00Z`, `2026-06-22 14:05 UTC`, and the
/// partial forms `2026-07-xx`, `2026-04-1?`, `2026-07`.
fn read_iso(t: &str) -> Option<When> {
    let b = t.as_bytes();
    if b.len() < 7 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return None;
    }
    let token_end = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '?')))
        .unwrap_or(t.len());
    let token = &t[..token_end.min(10)];
    // What chrono's `%Y-%m-%d` accepts of a ten-character token, without its format parser.
    let day = match incident_core::parse_date(token) {
        Ok(d) if token.len() == 10 => d,
        _ => {
            let partial = &t[..token_end];
            // Only a date with an unreadable part is uncertain; `2026-1234` is no date at all.
            let looks_partial = partial.len() >= 7
                && partial[5..7].chars().all(|c| c.is_ascii_digit())
                && (partial.len() == 7 || partial[7..].starts_with('-'));
            return looks_partial.then(|| When::Uncertain(partial.to_owned()));
        }
    };
    let rest = &t[10..];
    let time = rest.strip_prefix(['T', 't', ' ']).and_then(read_time_zoned);
    Some(combine(day, time))
}

/// `June 22, 2026`, `June 22 2026`, `22 June 2026`, optionally followed by a time; `July 2026`
/// is uncertain.
/// The month a word names (`November`, `nov`, `Sept`), 1 to 12.
pub(crate) fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| w.len() >= 3 && m.starts_with(&w))
        .map(|i| i as u32 + 1)
}

fn read_month_name(t: &str) -> Option<When> {
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .take(5)
        .collect();
    let month = month_number;
    let num = |w: &str| w.parse::<u32>().ok();
    let (m, d, y, used) = match words.as_slice() {
        [a, b, c, ..] if month(a).is_some() && num(b).is_some_and(|d| d <= 31) => {
            (month(a)?, num(b)?, num(c)?, 3)
        }
        [a, b, c, ..] if num(a).is_some_and(|d| d <= 31) && month(b).is_some() => {
            (month(b)?, num(a)?, num(c)?, 3)
        }
        [a, b, ..] if month(a).is_some() && num(b).is_some_and(|y| y > 1900) => {
            return Some(When::Uncertain(format!("{a} {b}")));
        }
        _ => return None,
    };
    let day = NaiveDate::from_ymd_opt(y as i32, m, d)?;
    let time = words.get(used).and_then(|_| {
        // The time follows the year, after any separator.
        let year = y.to_string();
        let at = t.find(&year)? + year.len();
        read_time_zoned(t[at..].trim_start_matches([',', ' ', '—', '–', '-', '@']))
    });
    Some(combine(day, time))
}

/// `22/06/2026` (day first, as in most of the world). When both numbers could be the month
/// the day is uncertain and said so.
fn read_slashed(t: &str) -> Option<When> {
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '/'))
        .unwrap_or(t.len());
    let parts: Vec<u32> = t[..end]
        .split('/')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [a, b, y] = parts.as_slice() else {
        return None;
    };
    if *y < 1900 {
        return None;
    }
    let (d, m) = if *a > 12 {
        (*a, *b)
    } else if *b > 12 {
        (*b, *a)
    } else if a == b {
        (*a, *b)
    } else {
        return Some(When::Uncertain(t[..end].to_owned()));
    };
    let day = NaiveDate::from_ymd_opt(*y as i32, m, d)?;
    let time = read_time_zoned(t[end..].trim_start_matches([',', ' ']));
    Some(combine(day, time))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_twelve_hour_clock_is_read() {
        let t = |s: &str| read_time_zoned(s).map(|(t, z)| (t.format("%H:%M").to_string(), z));
        assert_eq!(t("9:15 AM UTC"), Some(("09:15".into(), Zone::Offset(0))));
        assert_eq!(t("9:15pm UTC"), Some(("21:15".into(), Zone::Offset(0))));
        assert_eq!(t("12:05 a.m."), Some(("00:05".into(), Zone::Missing)));
        assert_eq!(t("12:05 PM"), Some(("12:05".into(), Zone::Missing)));
        // No 12-hour clock's hour, and a word that only starts like the marker.
        assert_eq!(t("13:05 PM"), None);
        assert_eq!(t("9:15 AMS").map(|r| r.0), Some("09:15".into()));
        assert_eq!(
            read_when("2026-11-04 9:15 AM UTC"),
            Some(When::Instant("2026-11-04T09:15:00Z".parse().unwrap()))
        );
    }
    use proptest::prelude::*;

    proptest! {
        // The fast path for `…T…Z` gives what the ISO reader gives, for real and impossible
        // dates and times alike.
        #[test]
        fn utc_seconds_read_as_the_iso_reader_reads_them(
            text in "[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]:[0-6][0-9]Z",
        ) {
            if let Some(fast) = incident_core::time::utc_seconds(&text) {
                prop_assert_eq!(Some(When::Instant(fast.fixed_offset())), read_iso(&text));
            }
            prop_assert_eq!(read_when(&text), read_iso(&text));
        }
    }

    proptest! {
        // `read_iso` reads a ten-character day token with the strict reader where chrono's
        // format parser used to: both accept and reject the same tokens.
        #[test]
        fn day_tokens_read_as_chrono_reads_them(
            token in "[0-9]{4}-[0-9?x]{1,2}-[0-9?x]{1,3}|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9-]{10}",
        ) {
            // What `read_iso` has checked before it reads the day.
            let b = token.as_bytes();
            prop_assume!(b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-');
            let chrono = NaiveDate::parse_from_str(&token, "%Y-%m-%d").ok().filter(|_| token.len() == 10);
            let strict = incident_core::parse_date(&token).ok().filter(|_| token.len() == 10);
            prop_assert_eq!(chrono, strict, "{}", token);
        }
    }

    fn show(t: &str) -> String {
        read_when(t).map_or("none".into(), |w| w.to_string())
    }

    #[test]
    fn reads_what_is_certain() {
        assert_eq!(show("2026-06-22"), "2026-06-22");
        // A time without a zone is local: read in the configured zone later, not guessed here.
        assert_eq!(show("2026-06-22 14:05"), "2026-06-22T14:05:00");
        assert_eq!(
            read_when("2026-06-22 14:05").unwrap().day(),
            NaiveDate::from_ymd_opt(2026, 6, 22)
        );
        assert_eq!(show("2026-06-22 14:05 UTC (probe)"), "2026-06-22T14:05:00Z");
        assert_eq!(show("2026-02-12T20:01:01Z"), "2026-02-12T20:01:01Z");
        assert_eq!(
            show("2026-02-12T20:01:01+02:00"),
            "2026-02-12T20:01:01+02:00"
        );
        assert_eq!(show("2026-01-28 18:30 PKT"), "2026-01-28T18:30:00+05:00");
        assert_eq!(show("2026-11-04 09:20 CET"), "2026-11-04T09:20:00+01:00");
        assert_eq!(show("June 22, 2026"), "2026-06-22");
        assert_eq!(show("March 2, 2026 14:20 UTC"), "2026-03-02T14:20:00Z");
        assert_eq!(show("22/06/2026"), "2026-06-22");
        assert_eq!(show("**2026-06-22**"), "2026-06-22");
    }

    #[test]
    fn reports_what_is_not() {
        assert_eq!(show("2026-07-xx"), "uncertain `2026-07-xx`");
        assert_eq!(show("2026-04-1?"), "uncertain `2026-04-1?`");
        assert_eq!(show("July 2026"), "uncertain `July 2026`");
        assert_eq!(show("04/05/2026"), "uncertain `04/05/2026`");
        assert_eq!(show("Payment outage"), "none");
        assert_eq!(show("2026 Q3"), "none");
    }

    #[test]
    fn a_range_lends_its_zone_to_its_start() {
        let show = |t: &str| read_range_start(t).map_or("none".into(), |w| w.to_string());
        assert_eq!(show("2026-04-18 09:12 – 10:04 UTC"), "2026-04-18T09:12:00Z");
        assert_eq!(show("2026-04-18 09:12 – 10:04"), "2026-04-18T09:12:00");
        assert_eq!(show("about an hour"), "none");
    }

    #[test]
    fn a_local_time_is_an_instant_in_the_configured_zone() {
        let local = read_when("2026-03-29 10:05").unwrap();
        let at = |s: &str| s.parse::<DateTime<chrono::Utc>>().unwrap();
        assert_eq!(
            local.instant_in(chrono_tz::UTC),
            Some(at("2026-03-29T10:05:00Z"))
        );
        assert_eq!(
            local.instant_in(chrono_tz::Europe::Berlin),
            Some(at("2026-03-29T08:05:00Z"))
        );
        // The hour the clocks skip is no instant; a repeated one is the earlier.
        let skipped = read_when("2026-03-29 02:30").unwrap();
        assert_eq!(skipped.instant_in(chrono_tz::Europe::Berlin), None);
        let repeated = read_when("2026-10-25 02:30").unwrap();
        assert_eq!(
            repeated.instant_in(chrono_tz::Europe::Berlin),
            Some(at("2026-10-25T00:30:00Z"))
        );
        assert_eq!(
            read_when("2026-03-29").unwrap().instant_in(chrono_tz::UTC),
            None
        );
        let zoned = read_when("2026-03-29 10:05 CET").unwrap();
        assert_eq!(
            zoned.instant_in(chrono_tz::Asia::Tokyo),
            Some(at("2026-03-29T09:05:00Z"))
        );
    }

    #[test]
    fn zones_are_read_or_said_unread_never_taken_for_utc() {
        assert_eq!(show("2026-11-27 03:12 PST"), "2026-11-27T03:12:00-08:00");
        assert_eq!(show("2026-07-04 09:00 EDT"), "2026-07-04T09:00:00-04:00");
        assert_eq!(show("2026-06-01 08:30 BST"), "2026-06-01T08:30:00+01:00");
        // A tz database name, its offset on that date.
        assert_eq!(
            show("2026-07-01 10:00 America/New_York"),
            "2026-07-01T10:00:00-04:00"
        );
        assert_eq!(
            show("2026-01-15 10:00 America/New_York"),
            "2026-01-15T10:00:00-05:00"
        );
        // `CST` is three zones: the day is certain, the instant is not (and not UTC).
        assert_eq!(show("2026-11-27 03:12 CST"), "2026-11-27");
        assert_eq!(show("2026-11-27 03:12 Mars/Olympus"), "2026-11-27");
        // Words of the text after a time are no zone: the time is local.
        assert_eq!(show("2026-11-27 03:12 paged"), "2026-11-27T03:12:00");
        assert_eq!(show("March 2, 2026 14:20 PST"), "2026-03-02T14:20:00-08:00");
    }

    #[test]
    fn offsets_after_utc_and_gmt_are_read() {
        assert_eq!(show("2026-03-04 09:12 UTC+2"), "2026-03-04T09:12:00+02:00");
        assert_eq!(show("2026-03-03 17:05 GMT-5"), "2026-03-03T17:05:00-05:00");
        assert_eq!(
            show("2026-03-04 09:12 GMT+01:00"),
            "2026-03-04T09:12:00+01:00"
        );
        assert_eq!(
            show("2026-03-04 09:12 (UTC+2)"),
            "2026-03-04T09:12:00+02:00"
        );
        assert_eq!(
            show("2026-03-04 09:12 UTC+0530"),
            "2026-03-04T09:12:00+05:30"
        );
        assert_eq!(
            show("2026-03-04 09:12 UTC\u{2212}3:30"),
            "2026-03-04T09:12:00-03:30"
        );
        assert_eq!(show("2026-03-04 09:12 (UTC)"), "2026-03-04T09:12:00Z");
        // An offset that cannot be one leaves the time uncertain, never UTC.
        assert!(!show("2026-03-04 09:12 UTC+25").contains('T'));
        assert!(!show("2026-03-04 09:12 GMT+1:5").contains('T'));
    }

    #[test]
    fn times_carry_their_zone() {
        let (t, z) = read_time("18:30 PKT").unwrap();
        assert_eq!((t.to_string().as_str(), z), ("18:30:00", Some(5 * 3600)));
        assert_eq!(read_time("14:05").unwrap().1, None);
        assert!(read_time("soon").is_none());
    }
}
