//! Business calendars: when a response is due.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

use crate::{Error, ResponseTime};

/// A team's working calendar, used to turn a [`ResponseTime`] into a deadline.
///
/// Defaults: time zone UTC, working days Monday to Friday, working hours 09:00 to 17:00, no
/// holidays, and a 5-minute grace for immediate escalation.
///
/// Deadlines ([`BusinessCalendar::deadline`]):
/// - [`ResponseTime::Within`]: detection time plus the duration, around the clock;
/// - [`ResponseTime::Immediate`]: detection time plus the immediate grace (5 minutes by default);
/// - [`ResponseTime::BusinessDays`]`(n)`: the end of working hours on the n-th working day
///   strictly after the local date of detection, in the calendar's time zone. A working day is a
///   working weekday that is not a holiday. Detection on a Friday afternoon in Berlin is due Monday
///   17:00 Berlin time, or Tuesday 17:00 when Monday is a holiday. When the end of working hours
///   falls in a daylight-saving gap, the first valid local time after it is used; in an overlap,
///   the earlier instant.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use incident_core::{BusinessCalendar, ResponseTime};
/// let cal = BusinessCalendar::default().with_timezone_name("Europe/Berlin").unwrap();
/// // Friday 2026-03-13 15:00 UTC (16:00 in Berlin)
/// let detected = Utc.with_ymd_and_hms(2026, 3, 13, 15, 0, 0).unwrap();
/// let due = cal.deadline(ResponseTime::BusinessDays(1), detected);
/// // Monday 17:00 in Berlin is 16:00 UTC
/// assert_eq!(due, Utc.with_ymd_and_hms(2026, 3, 16, 16, 0, 0).unwrap());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessCalendar {
    tz: Tz,
    workdays: [bool; 7],
    start: NaiveTime,
    end: NaiveTime,
    holidays: BTreeSet<NaiveDate>,
    immediate_grace: TimeDelta,
}

impl Default for BusinessCalendar {
    fn default() -> Self {
        let mut workdays = [false; 7];
        for d in [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ] {
            workdays[d.num_days_from_monday() as usize] = true;
        }
        BusinessCalendar {
            tz: Tz::UTC,
            workdays,
            start: NaiveTime::from_hms_opt(9, 0, 0).expect("valid time"),
            end: NaiveTime::from_hms_opt(17, 0, 0).expect("valid time"),
            holidays: BTreeSet::new(),
            immediate_grace: TimeDelta::minutes(5),
        }
    }
}

impl BusinessCalendar {
    /// Sets the time zone.
    pub fn with_timezone(mut self, tz: Tz) -> Self {
        self.tz = tz;
        self
    }

    /// Sets the time zone by its IANA name (`Europe/Berlin`).
    pub fn with_timezone_name(self, name: &str) -> Result<Self, Error> {
        let tz = name
            .parse::<Tz>()
            .map_err(|_| Error::UnknownTimeZone { name: name.into() })?;
        Ok(self.with_timezone(tz))
    }

    /// Sets the working weekdays; at least one is required.
    pub fn with_workdays(mut self, days: impl IntoIterator<Item = Weekday>) -> Result<Self, Error> {
        let mut workdays = [false; 7];
        for d in days {
            workdays[d.num_days_from_monday() as usize] = true;
        }
        if !workdays.contains(&true) {
            return Err(Error::NoWorkdays);
        }
        self.workdays = workdays;
        Ok(self)
    }

    /// Sets the working hours; `start` must be before `end`.
    pub fn with_work_hours(mut self, start: NaiveTime, end: NaiveTime) -> Result<Self, Error> {
        if start >= end {
            return Err(Error::InvalidWorkHours { start, end });
        }
        self.start = start;
        self.end = end;
        Ok(self)
    }

    /// Adds holidays: dates that are never working days.
    pub fn with_holidays(mut self, dates: impl IntoIterator<Item = NaiveDate>) -> Self {
        self.holidays.extend(dates);
        self
    }

    /// Sets the grace that [`ResponseTime::Immediate`] gets (5 minutes by default).
    pub fn with_immediate_grace(mut self, grace: TimeDelta) -> Self {
        self.immediate_grace = grace;
        self
    }

    /// The calendar's time zone.
    pub fn timezone(&self) -> Tz {
        self.tz
    }

    /// The working hours, start and end.
    pub fn work_hours(&self) -> (NaiveTime, NaiveTime) {
        (self.start, self.end)
    }

    /// The grace given to immediate escalation.
    pub fn immediate_grace(&self) -> TimeDelta {
        self.immediate_grace
    }

    /// Whether a local date is a working day: a working weekday and not a holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.workdays[date.weekday().num_days_from_monday() as usize]
            && !self.holidays.contains(&date)
    }

    /// The local date of an instant in the calendar's time zone.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }

    /// When a response of this kind is due for an incident detected at `detected`.
    ///
    /// Never panics: a deadline beyond the last representable instant is that instant
    /// ([`DateTime::<Utc>::MAX_UTC`]), i.e. never due.
    pub fn deadline(&self, response: ResponseTime, detected: DateTime<Utc>) -> DateTime<Utc> {
        match response {
            ResponseTime::Immediate => saturating_add(detected, self.immediate_grace),
            ResponseTime::Within(d) => saturating_add(detected, d),
            ResponseTime::BusinessDays(n) => {
                let mut date = self.local_date(detected);
                let mut left = n.max(1);
                // Terminates: at least one weekday works and the holiday set is finite.
                loop {
                    date = match date.succ_opt() {
                        Some(d) => d,
                        None => return DateTime::<Utc>::MAX_UTC,
                    };
                    if self.is_working_day(date) {
                        left -= 1;
                        if left == 0 {
                            break;
                        }
                    }
                }
                self.end_of_day(date)
            }
        }
    }

    /// The end of working hours on a local date, as an instant.
    fn end_of_day(&self, date: NaiveDate) -> DateTime<Utc> {
        let mut local = date.and_time(self.end);
        // A DST gap has no such local time: step forward to the first one that exists.
        for _ in 0..(4 * 60) {
            if let Some(t) = self.tz.from_local_datetime(&local).earliest() {
                return t.with_timezone(&Utc);
            }
            local = match local.checked_add_signed(TimeDelta::minutes(1)) {
                Some(next) => next,
                None => break,
            };
        }
        Utc.from_utc_datetime(&date.and_time(self.end))
    }
}

/// `at + d`, or the nearest representable instant when that is out of range.
fn saturating_add(at: DateTime<Utc>, d: TimeDelta) -> DateTime<Utc> {
    at.checked_add_signed(d)
        .unwrap_or(if d < TimeDelta::zero() {
            DateTime::<Utc>::MIN_UTC
        } else {
            DateTime::<Utc>::MAX_UTC
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn berlin() -> BusinessCalendar {
        BusinessCalendar::default()
            .with_timezone_name("Europe/Berlin")
            .unwrap()
    }

    #[test]
    fn durations_run_around_the_clock() {
        let cal = berlin();
        let t = utc(2026, 3, 14, 23, 50); // a Saturday night
        let d = cal.deadline(ResponseTime::Within(TimeDelta::minutes(15)), t);
        assert_eq!(d, utc(2026, 3, 15, 0, 5));
        assert_eq!(
            cal.deadline(ResponseTime::Immediate, t),
            utc(2026, 3, 14, 23, 55)
        );
        let cal = cal.with_immediate_grace(TimeDelta::zero());
        assert_eq!(cal.deadline(ResponseTime::Immediate, t), t);
    }

    #[test]
    fn friday_afternoon_in_berlin_is_due_monday_or_tuesday() {
        let friday = utc(2026, 3, 13, 15, 0);
        let cal = berlin();
        assert_eq!(
            cal.deadline(ResponseTime::BusinessDays(1), friday),
            utc(2026, 3, 16, 16, 0)
        );
        let cal = cal.with_holidays([NaiveDate::from_ymd_opt(2026, 3, 16).unwrap()]);
        assert_eq!(
            cal.deadline(ResponseTime::BusinessDays(1), friday),
            utc(2026, 3, 17, 16, 0)
        );
        assert_eq!(
            cal.deadline(ResponseTime::BusinessDays(2), friday),
            utc(2026, 3, 18, 16, 0)
        );
    }

    #[test]
    fn across_daylight_saving_changes() {
        // Berlin springs forward on 2026-03-29: Monday 30th 17:00 is CEST (UTC+2).
        let cal = berlin();
        let friday = utc(2026, 3, 27, 10, 0);
        assert_eq!(
            cal.deadline(ResponseTime::BusinessDays(1), friday),
            utc(2026, 3, 30, 15, 0)
        );
        // New York falls back on 2026-11-01: Monday 2nd 17:00 is EST (UTC-5).
        let ny = BusinessCalendar::default()
            .with_timezone_name("America/New_York")
            .unwrap();
        let friday = utc(2026, 10, 30, 20, 0);
        assert_eq!(
            ny.deadline(ResponseTime::BusinessDays(1), friday),
            utc(2026, 11, 2, 22, 0)
        );
    }

    #[test]
    fn local_date_decides_the_next_day() {
        // 23:30 UTC Monday is already Tuesday in Berlin: due Wednesday.
        let cal = berlin();
        let t = utc(2026, 6, 1, 23, 30);
        assert_eq!(
            cal.deadline(ResponseTime::BusinessDays(1), t),
            utc(2026, 6, 3, 15, 0)
        );
    }

    /// Issue 11 item 2: `immediate-grace = "2562047788h"` panicked here with
    /// `DateTime + TimeDelta overflowed`; the calendar itself must not panic either.
    #[test]
    fn huge_durations_saturate_instead_of_panicking() {
        let huge = TimeDelta::hours(2_562_047_788);
        let t = utc(2026, 3, 2, 9, 0);
        let cal = BusinessCalendar::default().with_immediate_grace(huge);
        assert_eq!(
            cal.deadline(ResponseTime::Immediate, t),
            DateTime::<Utc>::MAX_UTC
        );
        assert_eq!(
            cal.deadline(ResponseTime::Within(TimeDelta::MAX), t),
            DateTime::<Utc>::MAX_UTC
        );
        let cal = cal.with_immediate_grace(TimeDelta::MIN);
        assert_eq!(
            cal.deadline(ResponseTime::Immediate, t),
            DateTime::<Utc>::MIN_UTC
        );
        // Business days near the end of time end at the last day, not in a panic.
        let end = DateTime::<Utc>::MAX_UTC;
        let _ = BusinessCalendar::default().deadline(ResponseTime::BusinessDays(5), end);
    }

    #[test]
    fn rejects_bad_settings() {
        assert_eq!(
            BusinessCalendar::default().with_workdays([]).unwrap_err(),
            Error::NoWorkdays
        );
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        assert!(
            BusinessCalendar::default()
                .with_work_hours(nine, nine)
                .is_err()
        );
        assert!(matches!(
            BusinessCalendar::default().with_timezone_name("Mars/Olympus"),
            Err(Error::UnknownTimeZone { .. })
        ));
    }

    fn zone() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            Just("Europe/Berlin"),
            Just("America/New_York"),
            Just("UTC"),
            Just("Australia/Lord_Howe"),
        ]
    }

    fn calendar() -> impl Strategy<Value = BusinessCalendar> {
        (
            zone(),
            proptest::collection::vec(0u32..7, 1..7),
            6u32..12,
            13u32..23,
            proptest::collection::vec(0i64..800, 0..40),
        )
            .prop_map(|(tz, days, start, end, holidays)| {
                let base = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
                BusinessCalendar::default()
                    .with_timezone_name(tz)
                    .unwrap()
                    .with_workdays(
                        days.into_iter()
                            .map(|d| Weekday::try_from(d as u8).unwrap()),
                    )
                    .unwrap()
                    .with_work_hours(
                        NaiveTime::from_hms_opt(start, 0, 0).unwrap(),
                        NaiveTime::from_hms_opt(end, 30, 0).unwrap(),
                    )
                    .unwrap()
                    .with_holidays(holidays.into_iter().map(|o| base + TimeDelta::days(o)))
            })
    }

    fn instant() -> impl Strategy<Value = DateTime<Utc>> {
        // 2026-01-01 .. 2028-01-01, covering both DST changes of every zone twice.
        (1_767_225_600i64..1_830_297_600).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
    }

    fn response() -> impl Strategy<Value = ResponseTime> {
        prop_oneof![
            Just(ResponseTime::Immediate),
            (1i64..200_000).prop_map(|s| ResponseTime::Within(TimeDelta::seconds(s))),
            (1u32..6).prop_map(ResponseTime::BusinessDays),
        ]
    }

    proptest! {
        #[test]
        fn deadline_is_never_before_detection_and_monotonic(
            cal in calendar(), rt in response(), t in instant(), dt in 0i64..300_000
        ) {
            let d1 = cal.deadline(rt, t);
            prop_assert!(d1 >= t);
            let d2 = cal.deadline(rt, t + TimeDelta::seconds(dt));
            prop_assert!(d2 >= d1);
        }

        #[test]
        fn business_deadlines_land_at_end_of_a_working_day(
            cal in calendar(), n in 1u32..6, t in instant()
        ) {
            let due = cal.deadline(ResponseTime::BusinessDays(n), t);
            let local = due.with_timezone(&cal.timezone());
            prop_assert!(cal.is_working_day(local.date_naive()));
            prop_assert!(local.date_naive() > cal.local_date(t));
            let (start, end) = cal.work_hours();
            prop_assert!(local.time() >= start);
            // At the end of working hours, or just after it when the end fell in a DST gap.
            let after_end = local.time().signed_duration_since(end);
            prop_assert!(after_end >= TimeDelta::zero() && after_end <= TimeDelta::hours(2));
        }
    }
}
