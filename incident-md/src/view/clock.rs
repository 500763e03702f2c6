//! Timelines that write a time of day only (`- 14:02 UTC — paged`), as teams do under an entry
//! whose day is known: such a time is read on the day of the item before it (of the detection,
//! for the first item), and on the next day when it is more than 12 hours earlier than that
//! item (a timeline that runs past midnight).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use incident_core::TimelineItem;

use super::incident::{read_team_timeline_item, read_timeline_item, split_timeline_item};

/// Reads a timeline's items in their order, keeping the day a time of day is on.
pub(crate) struct Clock {
    /// The instant the next time of day is read near: the item before, or the detection.
    last: Option<DateTime<Utc>>,
    /// The offset the entry writes its detection at (`+05:30`): its times of day are at it.
    offset: Option<FixedOffset>,
}

impl Clock {
    /// A clock for a timeline whose first time of day is on the day of `detected`; without a
    /// detection time, only items with a date are read.
    pub(crate) fn new(detected: Option<DateTime<Utc>>) -> Self {
        Clock {
            last: detected,
            offset: None,
        }
    }

    /// The clock of an entry whose detection is written at `offset` ([`entry_offset`]).
    pub(crate) fn at_offset(self, offset: Option<FixedOffset>) -> Self {
        Clock { offset, ..self }
    }

    /// The item `t` (one line, without its list marker), as [`read_timeline_item`] reads it or
    /// with a time of day; with the length of its time as written when it is a team's.
    pub(crate) fn read(
        &mut self,
        t: &str,
        zone: chrono_tz::Tz,
    ) -> Option<(TimelineItem, Option<usize>)> {
        let read = read_timeline_item(t, zone).or_else(|| {
            let (item, len) = read_clock_item(t, zone, self.offset, self.last?)?;
            Some((item, Some(len)))
        });
        if let Some((item, _)) = &read {
            self.last = Some(item.at);
        }
        read
    }

    /// The item `t` in a team's form only ([`read_team_timeline_item`]) or with a time of
    /// day, with the length of its time as written.
    pub(crate) fn read_team(
        &mut self,
        t: &str,
        zone: chrono_tz::Tz,
    ) -> Option<(TimelineItem, usize)> {
        let read = read_team_timeline_item(t, zone)
            .or_else(|| read_clock_item(t, zone, self.offset, self.last?));
        if let Some((item, _)) = &read {
            self.last = Some(item.at);
        }
        read
    }
}

/// `14:02 UTC — text` near `near`, with the length of the time as written.
fn read_clock_item(
    t: &str,
    zone: chrono_tz::Tz,
    offset: Option<FixedOffset>,
    near: DateTime<Utc>,
) -> Option<(TimelineItem, usize)> {
    split_timeline_item(t, |written| clock_instant(written, zone, offset, near))
        .filter(|(item, _)| !item.text.is_empty())
}

/// A time of day as written (`14:02`, `14:02:30`, bold or code, with ` UTC`, ` GMT`, `Z` or an
/// offset such as `+02:00` after it, else in `zone`): its clock, its seconds' presence and the
/// offset it names (`None` for the log's zone).
pub(crate) fn clock_parts(text: &str) -> Option<(NaiveTime, bool, Option<FixedOffset>)> {
    let t = text.trim().trim_matches(['*', '`']).trim();
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(t.len());
    let (clock, rest) = t.split_at(end);
    let seconds = clock.matches(':').count() == 2;
    let format = if seconds { "%H:%M:%S" } else { "%H:%M" };
    // `9:05` and `09:05`; not `905` or `:05`.
    if !(4..=8).contains(&clock.len()) || clock.starts_with(':') {
        return None;
    }
    let time = NaiveTime::parse_from_str(clock, format).ok()?;
    let offset = match rest.trim() {
        "" => None,
        "UTC" | "GMT" | "Z" | "utc" | "(UTC)" => Some(FixedOffset::east_opt(0)?),
        o => Some(
            DateTime::parse_from_rfc3339(&format!("2000-01-01T00:00:00{o}"))
                .ok()?
                .offset()
                .to_owned(),
        ),
    };
    Some((time, seconds, offset))
}

/// The instant a time of day names near `near` ([`Clock`]'s rule); `None` when `text` is no
/// time of day, or a local one the zone's clock change makes ambiguous. A time without a zone
/// of its own is at the entry's `offset` when it has one, else in `zone`.
pub(crate) fn clock_instant(
    text: &str,
    zone: chrono_tz::Tz,
    entry: Option<FixedOffset>,
    near: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let (time, _, offset) = clock_parts(text)?;
    let offset = offset.or(entry);
    let on = |day: NaiveDate| -> Option<DateTime<Utc>> {
        let local = day.and_time(time);
        match offset {
            Some(o) => o.from_local_datetime(&local).single().map(|t| t.to_utc()),
            None => zone
                .from_local_datetime(&local)
                .single()
                .map(|t| t.to_utc()),
        }
    };
    let day = match offset {
        Some(o) => near.with_timezone(&o).date_naive(),
        None => near.with_timezone(&zone).date_naive(),
    };
    let at = on(day)?;
    if at + TimeDelta::hours(12) < near {
        return on(day.succ_opt()?);
    }
    Some(at)
}

/// `t` written in the form of the time of day `sample` (`14:02 UTC`, `**14:02**`), when it
/// reads back as `t` near `near`; `None` for another form or a time on another day.
pub(crate) fn clock_like(
    sample: &str,
    t: DateTime<Utc>,
    near: DateTime<Utc>,
    zone: chrono_tz::Tz,
    entry: Option<FixedOffset>,
) -> Option<String> {
    use chrono::Timelike as _;
    let inner = sample.trim_matches(['*', '`']);
    let lead = &sample[..sample.len() - sample.trim_start_matches(['*', '`']).len()];
    let trail = &sample[sample.trim_end_matches(['*', '`']).len()..];
    let (_, seconds, offset) = clock_parts(inner)?;
    let offset = offset.or(entry);
    let end = inner
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(inner.len());
    let local = match offset {
        Some(o) => t.with_timezone(&o).naive_local(),
        None => t.with_timezone(&zone).naive_local(),
    };
    let format = if seconds || local.second() != 0 {
        "%H:%M:%S"
    } else {
        "%H:%M"
    };
    let written = format!("{}{}", local.format(format), &inner[end..]);
    (clock_instant(&written, zone, entry, near) == Some(t))
        .then(|| format!("{lead}{written}{trail}"))
}

/// The offset an entry writes its detection time at (`Detected: 2026-11-04T09:15:00+05:30`),
/// when it is not UTC's: the times of day of its timeline are at it.
pub(crate) fn entry_offset(src: &str, entry: &crate::view::Entry) -> Option<FixedOffset> {
    let text = match entry.field(incident_core::FieldName::Detected) {
        Some(f) if !f.inline.is_empty() => src.get(f.inline.clone())?,
        _ => {
            let key = crate::dialect::Key::Field(incident_core::FieldName::Detected);
            src.get(entry.reading.get(key)?.span.clone())?
        }
    };
    written_offset(text)
}

/// The offset of an RFC 3339 time (`2026-11-04T09:15:00+05:30`) other than UTC's.
pub(crate) fn written_offset(text: &str) -> Option<FixedOffset> {
    // UTC's `Z` (the seed's form) without a parse: this runs for every entry.
    let text = text.trim();
    if text.ends_with(['Z', 'z']) || !text.contains(['+', '-']) {
        return None;
    }
    let offset = *DateTime::parse_from_rfc3339(text.trim()).ok()?.offset();
    (offset.local_minus_utc() != 0).then_some(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn times_of_day_are_read_on_the_day_of_the_item_before() {
        let mut clock = Clock::new(Some(at("2026-11-20T14:00:00Z")));
        let read = |c: &mut Clock, t: &str| c.read(t, chrono_tz::UTC).map(|(i, _)| i.at);
        assert_eq!(
            read(&mut clock, "14:02 UTC — paged"),
            Some(at("2026-11-20T14:02:00Z"))
        );
        assert_eq!(
            read(&mut clock, "23:50 — still down"),
            Some(at("2026-11-20T23:50:00Z"))
        );
        // Past midnight.
        assert_eq!(
            read(&mut clock, "00:10 UTC — fixed"),
            Some(at("2026-11-21T00:10:00Z"))
        );
        // An offset names its own day.
        assert_eq!(
            read(&mut clock, "**02:30 +02:00**: review"),
            Some(at("2026-11-21T00:30:00Z"))
        );
        // A dated item sets the day for those after it.
        assert_eq!(
            read(&mut clock, "2026-11-25 09:00 UTC — postmortem"),
            Some(at("2026-11-25T09:00:00Z"))
        );
        assert_eq!(
            read(&mut clock, "10:00 — shared"),
            Some(at("2026-11-25T10:00:00Z"))
        );
        for not_a_time in ["paged — 14:02", "1402 — x", "14:02 EST — x", "14:02 —"] {
            assert_eq!(read(&mut clock, not_a_time), None, "{not_a_time}");
        }
        // No day to put it on.
        assert_eq!(read(&mut Clock::new(None), "14:02 UTC — paged"), None);
    }

    #[test]
    fn a_new_time_of_day_takes_the_samples_form() {
        let near = at("2026-11-20T14:02:00Z");
        let z = chrono_tz::UTC;
        assert_eq!(
            clock_like("14:02 UTC", at("2026-11-20T14:30:00Z"), near, z, None).as_deref(),
            Some("14:30 UTC")
        );
        assert_eq!(
            clock_like("**14:02**", at("2026-11-20T14:30:05Z"), near, z, None).as_deref(),
            Some("**14:30:05**")
        );
        // Another day cannot be written as a time of day.
        assert_eq!(
            clock_like("14:02 UTC", at("2026-11-22T14:30:00Z"), near, z, None),
            None
        );
        assert_eq!(
            clock_like(
                "2026-11-20 14:02 UTC",
                at("2026-11-20T14:30:00Z"),
                near,
                z,
                None
            ),
            None
        );
    }
}
