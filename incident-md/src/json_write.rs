//! JSON values written directly, byte for byte as `serde_json` writes them, for output too large
//! to go through serde a token at a time (strings, times, dates and numbers of a long listing).
//! Each takes a fast path for the common case and leaves the rest to `serde_json` or chrono.

use std::io::{self, Write};

use chrono::{DateTime, Datelike as _, NaiveDate, Timelike as _, Utc};

/// A JSON string as `serde_json` writes it: the runs that need no escape as they are, and a
/// quote, a backslash or a control byte below 0x20 escaped as `serde_json` escapes it (`\n`,
/// `\t`, `\r`, `\b`, `\f`, else `\u00xx`); nothing else is escaped, non-ASCII text included.
///
/// # Errors
///
/// What `out` returns.
pub fn write_str(out: &mut impl Write, s: &str) -> io::Result<()> {
    let mut rest = s.as_bytes();
    let Some(mut at) = first_escape(rest) else {
        out.write_all(b"\"")?;
        out.write_all(rest)?;
        return out.write_all(b"\"");
    };
    out.write_all(b"\"")?;
    loop {
        out.write_all(&rest[..at])?;
        let b = rest[at];
        let short = match b {
            b'"' => Some(b'"'),
            b'\\' => Some(b'\\'),
            b'\n' => Some(b'n'),
            b'\t' => Some(b't'),
            b'\r' => Some(b'r'),
            0x08 => Some(b'b'),
            0x0c => Some(b'f'),
            _ => None,
        };
        match short {
            Some(c) => out.write_all(&[b'\\', c])?,
            None => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let hex = [HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]];
                out.write_all(&[b'\\', b'u', b'0', b'0', hex[0], hex[1]])?;
            }
        }
        rest = &rest[at + 1..];
        match first_escape(rest) {
            Some(next) => at = next,
            None => break,
        }
    }
    out.write_all(rest)?;
    out.write_all(b"\"")
}

/// A time as `serde_json` writes chrono's serde form of it (RFC 3339 with `Z`): written here
/// for whole seconds in the years 0 to 9999, by chrono for fractions, leap seconds and other
/// years (chrono's `Display` through `core::fmt` cost about 2,300 instructions a time).
///
/// # Errors
///
/// What `out` returns.
pub fn write_time(out: &mut impl Write, t: &DateTime<Utc>) -> io::Result<()> {
    match whole_seconds(t) {
        Some(text) => {
            out.write_all(b"\"")?;
            out.write_all(&text)?;
            out.write_all(b"\"")
        }
        None => serde_json::to_writer(out, t).map_err(io::Error::other),
    }
}

/// Appends [`incident_core::format_timestamp`]'s text of a time (the same RFC 3339 form,
/// without quotes), directly in the common case as [`write_time`] does.
pub fn push_timestamp(out: &mut String, t: &DateTime<Utc>) {
    match whole_seconds(t) {
        // The text is ASCII digits and punctuation.
        Some(text) => out.push_str(std::str::from_utf8(&text).unwrap_or_default()),
        None => out.push_str(&incident_core::format_timestamp(*t)),
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` of a time in whole seconds in the years 0 to 9999 (else `None`).
fn whole_seconds(t: &DateTime<Utc>) -> Option<[u8; 20]> {
    let naive = t.naive_utc();
    let date = naive.date();
    let time = naive.time();
    if !(0..=9999).contains(&date.year()) || time.nanosecond() != 0 {
        return None;
    }
    let mut buf = *b"0000-00-00T00:00:00Z";
    put_date(&mut buf[0..10], date);
    put_two(&mut buf[11..13], time.hour());
    put_two(&mut buf[14..16], time.minute());
    put_two(&mut buf[17..19], time.second());
    Some(buf)
}

/// A date as `serde_json` writes chrono's serde form of it (`YYYY-MM-DD`): written here for the
/// years 0 to 9999, by chrono for others (which it writes with a sign).
///
/// # Errors
///
/// What `out` returns.
pub fn write_date(out: &mut impl Write, d: &NaiveDate) -> io::Result<()> {
    if !(0..=9999).contains(&d.year()) {
        return serde_json::to_writer(out, d).map_err(io::Error::other);
    }
    let mut buf = *b"\"0000-00-00\"";
    put_date(&mut buf[1..11], *d);
    out.write_all(&buf)
}

/// An unsigned number as `serde_json` writes it (decimal digits).
///
/// # Errors
///
/// What `out` returns.
pub fn write_number(out: &mut impl Write, mut n: u64) -> io::Result<()> {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        // `n % 10` is below 10, so the cast keeps it.
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.write_all(&buf[at..])
}

/// `YYYY-MM-DD` of a date in the years 0 to 9999 into ten bytes.
fn put_date(buf: &mut [u8], d: NaiveDate) {
    // The caller checked the year is in 0..=9999.
    let year = d.year().unsigned_abs();
    put_two(&mut buf[0..2], year / 100);
    put_two(&mut buf[2..4], year % 100);
    put_two(&mut buf[5..7], d.month());
    put_two(&mut buf[8..10], d.day());
}

/// Two decimal digits of a number below 100 into two bytes.
fn put_two(buf: &mut [u8], n: u32) {
    // Both digits are below 10, so the casts keep them.
    buf[0] = b'0' + (n / 10 % 10) as u8;
    buf[1] = b'0' + (n % 10) as u8;
}

/// The first byte that is a quote, a backslash or below 0x20, eight bytes at a time: a lane
/// below 0x20 borrows into its high bit when 0x20 is taken from it, and a lane equal to `c` is
/// zero after an exclusive or with `c`, and then borrows when 1 is taken from it. A borrow out
/// of a lane only comes from a lane that is itself found, so the lowest lane flagged is the
/// first byte (lanes are read little-endian, the first byte lowest).
pub(crate) fn first_escape(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let zero_lane = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let mut chunks = bytes.chunks_exact(8);
    let mut start = 0;
    for chunk in &mut chunks {
        let mut lane = [0u8; 8];
        lane.copy_from_slice(chunk);
        let x = u64::from_le_bytes(lane);
        let found = (x.wrapping_sub(ONES * 0x20) & !x & HIGH)
            | zero_lane(x ^ (ONES * u64::from(b'"')))
            | zero_lane(x ^ (ONES * u64::from(b'\\')));
        if found != 0 {
            // At most 63 trailing zeros: the lane index fits.
            return Some(start + (found.trailing_zeros() / 8) as usize);
        }
        start += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
        .map(|k| start + k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;
    use proptest::prelude::*;

    fn written(f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        f(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn first_escape_finds_the_first_quote_backslash_or_control() {
        let want = |bytes: &[u8]| {
            bytes
                .iter()
                .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
        };
        for len in 0..20 {
            for b in 0..=255u8 {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    assert_eq!(first_escape(&bytes), want(&bytes), "{bytes:?}");
                    // With a byte after it that is above 0x7f, and with one that needs an
                    // escape too (the first must still be found, whatever follows it).
                    for after in [0xc3, 0x00, b'"'] {
                        if at + 1 < len {
                            bytes[at + 1] = after;
                            assert_eq!(first_escape(&bytes), want(&bytes), "{bytes:?}");
                        }
                    }
                }
            }
        }
    }

    /// Strings, times, dates and numbers are `serde_json`'s bytes, on the fast paths and off
    /// them: escapes, non-ASCII, fractions of every length, a leap second, years before 0 and
    /// after 9999, the ends of chrono's range.
    #[test]
    fn values_are_serde_json_values() {
        let controls: String = (0u8..0x20).map(char::from).collect();
        let mixed = format!("{controls}\"\\\u{7f}x{controls}é\"");
        for s in [
            controls.as_str(),
            mixed.as_str(),
            "",
            "plain",
            "a \"quoted\" back\\slash",
            "tab\t newline\n cr\r \u{1} \u{1f} \u{7f} \u{85}",
            "é — 日本 \u{2028}",
            "exactly8",
            "sixteen bytes!!!",
        ] {
            assert_eq!(
                written(|o| write_str(o, s)),
                serde_json::to_string(s).unwrap()
            );
        }
        let mut times: Vec<DateTime<Utc>> = vec![
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC,
            DateTime::UNIX_EPOCH,
            Utc.with_ymd_and_hms(0, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(-1, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 3, 2, 10, 5, 9).unwrap(),
        ];
        let base = Utc.with_ymd_and_hms(2026, 3, 2, 23, 59, 59).unwrap();
        for nanos in [1, 1_000, 1_000_000, 120_000_000, 999_999_999, 1_500_000_000] {
            let t = base.date_naive().and_hms_nano_opt(23, 59, 59, nanos);
            times.push(t.unwrap().and_utc());
        }
        for t in &times {
            assert_eq!(
                written(|o| write_time(o, t)),
                serde_json::to_string(t).unwrap(),
                "{t:?}"
            );
            let mut text = String::from("x");
            push_timestamp(&mut text, t);
            assert_eq!(text, format!("x{}", incident_core::format_timestamp(*t)));
            let d = t.date_naive();
            assert_eq!(
                written(|o| write_date(o, &d)),
                serde_json::to_string(&d).unwrap(),
                "{d:?}"
            );
        }
        for n in [0, 1, 9, 10, 99, 100, 12_345, u64::MAX] {
            assert_eq!(written(|o| write_number(o, n)), n.to_string());
        }
    }

    proptest! {
        #[test]
        fn any_time_and_text_is_serde_json(secs in -8_000_000_000_000i64..8_000_000_000_000, nanos in prop_oneof![Just(0u32), 0u32..2_000_000_000], s in "\\PC*|[\"\\\\\\x00-\\x1f a-z]*") {
            if let Some(t) = DateTime::from_timestamp(secs, nanos) {
                prop_assert_eq!(written(|o| write_time(o, &t)), serde_json::to_string(&t).unwrap());
                let mut text = String::new();
                push_timestamp(&mut text, &t);
                prop_assert_eq!(text, incident_core::format_timestamp(t));
                let d = t.date_naive();
                prop_assert_eq!(written(|o| write_date(o, &d)), serde_json::to_string(&d).unwrap());
            }
            prop_assert_eq!(written(|o| write_str(o, &s)), serde_json::to_string(&s).unwrap());
        }
    }
}
