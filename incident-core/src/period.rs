//! Report periods: the detection dates a report covers ([`Window`]) and the ways people name
//! them ([`Period`]: `30d`, `2026-03`, `2026Q1`, `2026-03-05`, `2026-01-01..2026-02-15`).
//!
//! A [`Period`] is text-level: relative periods (`30d`) only become dates against a given
//! `today`, so the parsing stays pure. All date arithmetic is checked: a period that would leave
//! chrono's range is an [`Error`], never a panic.
//!
//! ```
//! use chrono::NaiveDate;
//! use incident_core::{Period, Window};
//! let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! let today = d(2026, 4, 10);
//! let march: Period = "2026-03".parse().unwrap();
//! assert_eq!(march.first_day(today).unwrap(), d(2026, 3, 1));
//! assert_eq!(march.last_day(today).unwrap(), d(2026, 3, 31));
//! let q1 = "2026q1".parse::<Period>().unwrap().window(today).unwrap();
//! assert_eq!(q1, Window::new(Some(d(2026, 1, 1)), Some(d(2026, 3, 31))));
//! assert_eq!(q1.previous().unwrap(), Window::new(Some(d(2025, 10, 1)), Some(d(2025, 12, 31))));
//! let last_30 = "30d".parse::<Period>().unwrap().window(today).unwrap();
//! assert_eq!(last_30.since, Some(d(2026, 3, 12)));
//! assert!(Window::checked(Some(d(2026, 3, 2)), Some(d(2026, 3, 1))).is_err());
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::{Error, Result};

/// The detection dates a report covers: both ends inclusive, compared with the UTC date of
/// [`Incident::detected`](crate::Incident::detected); a missing end is open.
///
/// ```
/// use chrono::NaiveDate;
/// use incident_core::Window;
/// let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
/// let q1 = Window::new(Some(d(1, 1)), Some(d(3, 31)));
/// assert!(q1.contains_date(d(3, 31)) && !q1.contains_date(d(4, 1)));
/// assert_eq!(q1.to_string(), "2026-01-01 to 2026-03-31");
/// assert_eq!(q1.describe(), "2026 Q1");
/// assert_eq!(Window::ALL.to_string(), "all time");
/// assert_eq!(Window::new(Some(d(1, 1)), None).to_string(), "since 2026-01-01");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Window {
    /// The first detection date included.
    pub since: Option<NaiveDate>,
    /// The last detection date included.
    pub until: Option<NaiveDate>,
}

impl Window {
    /// The window without bounds: every incident.
    pub const ALL: Window = Window {
        since: None,
        until: None,
    };

    /// A window between two optional dates, both inclusive. See [`Window::checked`] for one
    /// that refuses a start after the end.
    pub fn new(since: Option<NaiveDate>, until: Option<NaiveDate>) -> Self {
        Window { since, until }
    }

    /// A window between two optional dates, or [`Error::EmptyWindow`] when `since` is after
    /// `until` (a window that could hold no incident is a mistake, not a page of zeros).
    pub fn checked(since: Option<NaiveDate>, until: Option<NaiveDate>) -> Result<Self> {
        match (since, until) {
            (Some(since), Some(until)) if since > until => Err(Error::EmptyWindow { since, until }),
            _ => Ok(Window { since, until }),
        }
    }

    /// Whether the date lies in the window.
    pub fn contains_date(&self, date: NaiveDate) -> bool {
        self.since.is_none_or(|s| date >= s) && self.until.is_none_or(|u| date <= u)
    }

    /// Whether the UTC date of the instant lies in the window.
    pub fn contains(&self, at: chrono::DateTime<chrono::Utc>) -> bool {
        self.contains_date(at.date_naive())
    }

    /// How many days the window spans, both ends counted; `None` when an end is open.
    pub fn days(&self) -> Option<u64> {
        let (s, u) = (self.since?, self.until?);
        u64::try_from((u - s).num_days()).ok()?.checked_add(1)
    }

    /// The window just before this one, to compare against: the previous calendar month when
    /// this is a calendar month, the previous quarter or year likewise, otherwise the same
    /// number of days ending the day before [`Window::since`]. `None` when the start is open or
    /// the previous window would leave the calendar's range.
    pub fn previous(&self) -> Option<Window> {
        let since = self.since?;
        let until = self.until?;
        let whole_months =
            since.day() == 1 && until.checked_add_days(Days::new(1))?.day() == 1 && since <= until;
        if whole_months {
            let months = months_between(since, until.checked_add_days(Days::new(1))?)?;
            if matches!(months, 1 | 3 | 12) {
                let start = since.checked_sub_months(Months::new(months))?;
                return Some(Window::new(Some(start), since.pred_opt()));
            }
        }
        let days = self.days()?;
        let end = since.pred_opt()?;
        let start = end.checked_sub_days(Days::new(days.checked_sub(1)?))?;
        Some(Window::new(Some(start), Some(end)))
    }

    /// A name for the window as people say it: `March 2026`, `2026 Q1`, `2026`, `2026-03-05`,
    /// or the [`Display`](fmt::Display) form (`2026-03-01 to 2026-03-15`, `all time`).
    pub fn describe(&self) -> String {
        let (Some(since), Some(until)) = (self.since, self.until) else {
            return self.to_string();
        };
        if since == until {
            return since.format("%Y-%m-%d").to_string();
        }
        let next = until.succ_opt();
        if since.day() == 1 && next.is_some_and(|n| n.day() == 1) {
            let months = next.and_then(|n| months_between(since, n));
            match months {
                Some(1) => return since.format("%B %Y").to_string(),
                Some(3) if (since.month() - 1) % 3 == 0 => {
                    return format!("{} Q{}", since.year(), (since.month() - 1) / 3 + 1);
                }
                Some(12) if since.month() == 1 => return since.year().to_string(),
                _ => {}
            }
        }
        self.to_string()
    }
}

impl fmt::Display for Window {
    /// `2026-01-01 to 2026-03-31`, `since 2026-01-01`, `until 2026-03-31` or `all time`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day = |d: NaiveDate| d.format("%Y-%m-%d");
        match (self.since, self.until) {
            (Some(s), Some(u)) => write!(f, "{} to {}", day(s), day(u)),
            (Some(s), None) => write!(f, "since {}", day(s)),
            (None, Some(u)) => write!(f, "until {}", day(u)),
            (None, None) => f.write_str("all time"),
        }
    }
}

/// Whole months from `start` to `end`, both the first of a month; `None` when not whole.
fn months_between(start: NaiveDate, end: NaiveDate) -> Option<u32> {
    let months = (end.year() - start.year())
        .checked_mul(12)?
        .checked_add(end.month() as i32 - start.month() as i32)?;
    u32::try_from(months).ok().filter(|m| *m > 0)
}

/// A named span of dates, as written on the command line.
///
/// | text | period |
/// |---|---|
/// | `30d` | the 30 days ending today ([`Period::LastDays`]) |
/// | `2026-03-05` | that day |
/// | `2026-03` | that month |
/// | `2026Q1`, `2026-q1` | that quarter |
/// | `2026` | that year |
/// | `2026-01-01..2026-02-15` | those days, both included |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Period {
    /// The given number of days (at least one) ending today, today included.
    LastDays(u32),
    /// One day.
    Day(NaiveDate),
    /// A calendar month: its first day.
    Month(NaiveDate),
    /// A calendar quarter: its first day.
    Quarter(NaiveDate),
    /// A calendar year: its first day.
    Year(NaiveDate),
    /// Explicit first and last days, first not after last.
    Range(NaiveDate, NaiveDate),
}

impl Period {
    /// The first day of the period, seen from `today` (only [`Period::LastDays`] depends on it).
    pub fn first_day(&self, today: NaiveDate) -> Result<NaiveDate> {
        match *self {
            Period::LastDays(n) => today
                .checked_sub_days(Days::new(u64::from(n.saturating_sub(1))))
                .ok_or_else(|| self.out_of_range()),
            Period::Day(d) | Period::Month(d) | Period::Quarter(d) | Period::Year(d) => Ok(d),
            Period::Range(first, _) => Ok(first),
        }
    }

    /// The last day of the period, seen from `today`.
    pub fn last_day(&self, today: NaiveDate) -> Result<NaiveDate> {
        let after = |start: NaiveDate, months: u32| {
            start
                .checked_add_months(Months::new(months))
                .and_then(|d| d.pred_opt())
                .ok_or_else(|| self.out_of_range())
        };
        match *self {
            Period::LastDays(_) => Ok(today),
            Period::Day(d) => Ok(d),
            Period::Month(d) => after(d, 1),
            Period::Quarter(d) => after(d, 3),
            Period::Year(d) => after(d, 12),
            Period::Range(_, last) => Ok(last),
        }
    }

    /// The whole period as a [`Window`], seen from `today`.
    pub fn window(&self, today: NaiveDate) -> Result<Window> {
        Window::checked(Some(self.first_day(today)?), Some(self.last_day(today)?))
    }

    fn out_of_range(&self) -> Error {
        Error::InvalidPeriod {
            text: self.to_string(),
        }
    }
}

impl FromStr for Period {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        let invalid = || Error::InvalidPeriod {
            text: text.to_owned(),
        };
        let s = text.trim();
        if let Some((first, last)) = s.split_once("..") {
            let day = |t: &str| NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok();
            let (first, last) = (
                day(first).ok_or_else(invalid)?,
                day(last).ok_or_else(invalid)?,
            );
            if first > last {
                return Err(Error::EmptyWindow {
                    since: first,
                    until: last,
                });
            }
            return Ok(Period::Range(first, last));
        }
        if let Some(n) = s.strip_suffix(['d', 'D']) {
            let n: u32 = n.parse().map_err(|_| invalid())?;
            return if n == 0 {
                Err(invalid())
            } else {
                Ok(Period::LastDays(n))
            };
        }
        if let Some((year, q)) = s.split_once(['q', 'Q']) {
            let year: i32 = year.trim_end_matches('-').parse().map_err(|_| invalid())?;
            let q: u32 = q.parse().map_err(|_| invalid())?;
            if !(1..=4).contains(&q) {
                return Err(invalid());
            }
            let start = NaiveDate::from_ymd_opt(year, (q - 1) * 3 + 1, 1).ok_or_else(invalid)?;
            return Ok(Period::Quarter(start));
        }
        // Only digits and dashes from here: a year, a month or a day.
        if !s.bytes().all(|b| b.is_ascii_digit() || b == b'-') || s.is_empty() {
            return Err(invalid());
        }
        let parts: Vec<&str> = s.split('-').collect();
        let num = |t: &str| t.parse::<u32>().ok();
        let year = |t: &str| (t.len() == 4).then(|| t.parse::<i32>().ok()).flatten();
        let period = match parts.as_slice() {
            [y] => NaiveDate::from_ymd_opt(year(y).ok_or_else(invalid)?, 1, 1).map(Period::Year),
            [y, m] if m.len() == 2 => NaiveDate::from_ymd_opt(
                year(y).ok_or_else(invalid)?,
                num(m).ok_or_else(invalid)?,
                1,
            )
            .map(Period::Month),
            [y, m, d] if m.len() == 2 && d.len() == 2 => NaiveDate::from_ymd_opt(
                year(y).ok_or_else(invalid)?,
                num(m).ok_or_else(invalid)?,
                num(d).ok_or_else(invalid)?,
            )
            .map(Period::Day),
            _ => None,
        };
        period.ok_or_else(invalid)
    }
}

impl fmt::Display for Period {
    /// The canonical text form, which [`Period::from_str`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::LastDays(n) => write!(f, "{n}d"),
            Period::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Period::Month(d) => write!(f, "{}", d.format("%Y-%m")),
            Period::Quarter(d) => write!(f, "{}Q{}", d.year(), (d.month() - 1) / 3 + 1),
            Period::Year(d) => write!(f, "{:04}", d.year()),
            Period::Range(a, b) => write!(f, "{}..{}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")),
        }
    }
}

/// What a report is compared against: `previous` (the window just before,
/// [`Window::previous`]) or an explicit [`Period`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CompareTo {
    /// The window just before the report's.
    Previous,
    /// A given period.
    Period(Period),
}

impl CompareTo {
    /// The window to compare against, for a report over `window` made on `today`; `None` for
    /// [`CompareTo::Previous`] when the report's window has an open end.
    pub fn window(&self, window: Window, today: NaiveDate) -> Result<Option<Window>> {
        match self {
            CompareTo::Previous => {
                let closed = Window::new(window.since, window.until.or(Some(today)));
                Ok(closed.previous())
            }
            CompareTo::Period(p) => p.window(today).map(Some),
        }
    }
}

impl FromStr for CompareTo {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        if text.trim().eq_ignore_ascii_case("previous") {
            Ok(CompareTo::Previous)
        } else {
            text.parse().map(CompareTo::Period)
        }
    }
}

impl fmt::Display for CompareTo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompareTo::Previous => f.write_str("previous"),
            CompareTo::Period(p) => p.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn window_bounds_are_inclusive_utc_dates() {
        let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let w = Window::new(Some(d(2, 1)), Some(d(2, 28)));
        let at = |m, d, h, min| {
            chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, m, d, h, min, 0).unwrap()
        };
        assert!(w.contains(at(2, 1, 0, 0)));
        assert!(w.contains(at(2, 28, 23, 59)));
        assert!(!w.contains(at(1, 31, 23, 59)));
        assert!(!w.contains(at(3, 1, 0, 0)));
        assert!(Window::ALL.contains(at(1, 1, 0, 0)));
        assert_eq!(
            Window::new(None, Some(d(2, 28))).to_string(),
            "until 2026-02-28"
        );
    }

    #[test]
    fn forms_people_write() {
        let today = d(2026, 4, 10);
        let window = |t: &str| t.parse::<Period>().unwrap().window(today).unwrap();
        let w = |a, b| Window::new(Some(a), Some(b));
        assert_eq!(window("30d"), w(d(2026, 3, 12), d(2026, 4, 10)));
        assert_eq!(window("1d"), w(today, today));
        assert_eq!(window("2026-02"), w(d(2026, 2, 1), d(2026, 2, 28)));
        assert_eq!(window("2024-02"), w(d(2024, 2, 1), d(2024, 2, 29)));
        assert_eq!(window("2026Q1"), w(d(2026, 1, 1), d(2026, 3, 31)));
        assert_eq!(window("2025-q4"), w(d(2025, 10, 1), d(2025, 12, 31)));
        assert_eq!(window("2026"), w(d(2026, 1, 1), d(2026, 12, 31)));
        assert_eq!(window("2026-03-05"), w(d(2026, 3, 5), d(2026, 3, 5)));
        assert_eq!(
            window("2026-01-01..2026-02-15"),
            w(d(2026, 1, 1), d(2026, 2, 15))
        );
    }

    #[test]
    fn nonsense_is_an_error_not_a_panic() {
        for bad in [
            "",
            "0d",
            "d",
            "-3d",
            "2026Q0",
            "2026Q5",
            "2026-13",
            "2026-02-30",
            "26-03",
            "2026-3",
            "march",
            "2026-03-01..",
            "99999999999d",
            "2026-03-02..2026-03-01",
            "+2026",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad:?} parsed");
        }
        assert!(matches!(
            "2026-03-02..2026-03-01".parse::<Period>(),
            Err(Error::EmptyWindow { .. })
        ));
        // A relative period reaching before chrono's first date is an error too.
        let early = NaiveDate::MIN;
        assert!(Period::LastDays(u32::MAX).first_day(early).is_err());
        assert!(Period::Year(d(262_142, 1, 1)).last_day(early).is_err());
    }

    #[test]
    fn checked_windows_refuse_a_start_after_the_end() {
        let err = Window::checked(Some(d(2026, 3, 2)), Some(d(2026, 3, 1))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the period starts on 2026-03-02, after it ends on 2026-03-01"
        );
        assert!(Window::checked(Some(d(2026, 3, 1)), Some(d(2026, 3, 1))).is_ok());
        assert!(Window::checked(None, Some(d(2026, 3, 1))).is_ok());
    }

    #[test]
    fn previous_windows() {
        let w = |a, b| Window::new(Some(a), Some(b));
        assert_eq!(
            w(d(2026, 3, 1), d(2026, 3, 31)).previous(),
            Some(w(d(2026, 2, 1), d(2026, 2, 28)))
        );
        assert_eq!(
            w(d(2026, 1, 1), d(2026, 12, 31)).previous(),
            Some(w(d(2025, 1, 1), d(2025, 12, 31)))
        );
        assert_eq!(
            w(d(2026, 3, 12), d(2026, 4, 10)).previous(),
            Some(w(d(2026, 2, 10), d(2026, 3, 11)))
        );
        assert_eq!(Window::new(Some(d(2026, 1, 1)), None).previous(), None);
        assert_eq!(w(NaiveDate::MIN, NaiveDate::MIN).previous(), None);
        let cmp = CompareTo::Previous;
        assert_eq!(
            cmp.window(Window::new(Some(d(2026, 4, 1)), None), d(2026, 4, 10))
                .unwrap(),
            Some(w(d(2026, 3, 22), d(2026, 3, 31)))
        );
        assert_eq!(
            "previous".parse::<CompareTo>().unwrap(),
            CompareTo::Previous
        );
        assert_eq!("2025Q4".parse::<CompareTo>().unwrap().to_string(), "2025Q4");
    }

    #[test]
    fn descriptions() {
        let w = |a, b| Window::new(Some(a), Some(b));
        assert_eq!(w(d(2026, 3, 1), d(2026, 3, 31)).describe(), "March 2026");
        assert_eq!(w(d(2026, 4, 1), d(2026, 6, 30)).describe(), "2026 Q2");
        assert_eq!(
            w(d(2026, 2, 1), d(2026, 4, 30)).describe(),
            "2026-02-01 to 2026-04-30"
        );
        assert_eq!(w(d(2026, 1, 1), d(2026, 12, 31)).describe(), "2026");
        assert_eq!(w(d(2026, 1, 5), d(2026, 1, 5)).describe(), "2026-01-05");
        assert_eq!(Window::ALL.describe(), "all time");
    }

    proptest! {
        #[test]
        fn display_reads_back(text in "[0-9]{1,6}[dD]|[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?|[0-9]{4}-?[qQ][0-9]") {
            if let Ok(p) = text.parse::<Period>() {
                prop_assert_eq!(p.to_string().parse::<Period>().unwrap(), p);
            }
        }

        #[test]
        fn windows_never_panic_and_are_ordered(text in "\\PC{0,24}", days in -400_000i64..400_000) {
            let today = NaiveDate::from_num_days_from_ce_opt(730_000 + days as i32).unwrap();
            if let Ok(p) = text.parse::<Period>()
                && let Ok(w) = p.window(today)
            {
                prop_assert!(w.since <= w.until);
                if let Some(prev) = w.previous() {
                    prop_assert!(prev.until < w.since);
                }
            }
        }
    }
}
