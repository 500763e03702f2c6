//! JSON values written directly, byte for byte as `serde_json` writes them, for output too large
//! to go through serde a token at a time (strings, times, dates and numbers of a long listing).
//! Each takes a fast path for the common case and leaves the rest to `serde_json` or chrono.

use std::io::{self, Write};

use chrono::{DateTime, Datelike as _, NaiveDate, Timelike as _, Utc};

/// A JSON string as `serde_json` writes it: as it is between quotes when nothing in it needs an
/// escape (a quote, a backslash, a control byte below 0x20; `serde_json` escapes nothing else),
/// else by `serde_json`.
///
/// # Errors
///
/// What `out` returns.
pub fn write_str(out: &mut impl Write, s: &str) -> io::Result<()> {
    if needs_escape(s.as_bytes()) {
        return serde_json::to_writer(out, s).map_err(io::Error::other);
    }
    out.write_all(b"\"")?;
    out.write_all(s.as_bytes())?;
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
    let naive = t.naive_utc();
    let date = naive.date();
    let time = naive.time();
    if !(0..=9999).contains(&date.year()) || time.nanosecond() != 0 {
        return serde_json::to_writer(out, t).map_err(io::Error::other);
    }
    let mut buf = *b"\"0000-00-00T00:00:00Z\"";
    put_date(&mut buf[1..11], date);
    put_two(&mut buf[12..14], time.hour());
    put_two(&mut buf[15..17], time.minute());
    put_two(&mut buf[18..20], time.second());
    out.write_all(&buf)
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

/// Whether a byte is a quote, a backslash or below 0x20, eight bytes at a time: a lane below
/// 0x20 borrows into its high bit when 0x20 is taken from it, and a lane equal to `c` is zero
/// after an exclusive or with `c`, and then borrows when 1 is taken from it. (A borrow out of a
/// lane only comes from a lane that is itself found, so the tests are exact.)
pub(crate) fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let zero_lane = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut lane = [0u8; 8];
        lane.copy_from_slice(chunk);
        let x = u64::from_ne_bytes(lane);
        let below = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        if below
            | zero_lane(x ^ (ONES * u64::from(b'"')))
            | zero_lane(x ^ (ONES * u64::from(b'\\')))
            != 0
        {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
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
    fn needs_escape_finds_quotes_backslashes_and_controls() {
        for len in 0..20 {
            for b in 0..=255u8 {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    let want = bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
                    assert_eq!(needs_escape(&bytes), want, "{bytes:?}");
                    // With a byte that needs none of it after it, above 0x7f or not.
                    if at + 1 < len {
                        bytes[at + 1] = 0xc3;
                        assert_eq!(needs_escape(&bytes), want, "{bytes:?}");
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
        for s in [
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
                let d = t.date_naive();
                prop_assert_eq!(written(|o| write_date(o, &d)), serde_json::to_string(&d).unwrap());
            }
            prop_assert_eq!(written(|o| write_str(o, &s)), serde_json::to_string(&s).unwrap());
        }
    }
}
