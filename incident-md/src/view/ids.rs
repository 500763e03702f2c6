//! Incident IDs, and incidents logged twice.

use chrono::{DateTime, Utc};

use super::entry::Entry;
use super::text::plain;
use crate::diagnostic::{Code, Diagnostic};
use crate::field::FieldName;
use crate::hash::{FxHashMap, FxHashSet};

/// When an entry was detected, as its ID tells it, even when another of its fields keeps it
/// from being an incident: the written time, a local one read as UTC whatever the configured
/// zone, so that derived IDs do not change with `timezone`.
pub(super) fn detected_of(e: &Entry) -> Option<DateTime<Utc>> {
    // The strict reading parsed the field already (the same value, read the same way).
    e.id_detected
        .or_else(|| e.incident.as_ref().map(|i| i.detected))
}

/// The day an entry says it was detected on when it gives no time (`**Date:** 2026-11-20`), as
/// midnight UTC: it still dates the derived ID (`2026-11-20-…`, not `undated-…`), which the
/// time written later on that day keeps.
fn day_of(e: &Entry) -> Option<DateTime<Utc>> {
    let day = e.reading.detected.as_ref()?.day()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc())
}

/// [`detected_of`] read from the entry's field again: what the strict reading keeps in
/// `Entry::id_detected`, checked against it in debug builds (every test's reading).
#[cfg(debug_assertions)]
fn detected_of_field(e: &Entry) -> Option<DateTime<Utc>> {
    e.field(FieldName::Detected)
        .and_then(super::entry::Field::value)
        .and_then(|v| incident_core::parse_timestamp(&plain(v)).ok())
        .or_else(|| e.incident.as_ref().map(|i| i.detected))
}

/// The ID a new incident detected at `detected` with this title gets when nothing else has
/// it: `<UTC date of detection>-<slug of the title>` (just the date when the title has no
/// letters or digits).
pub(crate) fn base_id(title: &str, detected: Option<DateTime<Utc>>) -> String {
    // One string: the date, then the slug written after it when there is one.
    let mut id = String::with_capacity(12 + title.len());
    match detected {
        Some(t) => push_day(t, &mut id),
        None => id.push_str("undated"),
    }
    let date = id.len();
    id.push('-');
    crate::anchor::slug_into(title, &mut id);
    if id.len() == date + 1 {
        id.truncate(date);
    }
    id
}

/// `YYYY-MM-DD` of a UTC instant, pushed onto `out`, without chrono's format-string parser for
/// four-digit years.
fn push_day(t: DateTime<Utc>, out: &mut String) {
    use chrono::Datelike as _;
    if !(0..=9999).contains(&t.year()) {
        out.push_str(&t.format("%Y-%m-%d").to_string());
        return;
    }
    // Digits pushed one by one: `write!` with widths costs more than the rest of an ID.
    let year = t.year() as u32;
    for d in [year / 1000, year / 100 % 10, year / 10 % 10, year % 10] {
        out.push(char::from(b'0' + d as u8));
    }
    for n in [t.month(), t.day()] {
        out.push('-');
        out.push(char::from(b'0' + (n / 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    }
}

/// `base` when it is free, else the first of `base-2`, `base-3`, … that is.
pub(crate) fn free_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .expect("a finite set leaves some suffix free")
}

/// The ID written in the entry (`### ID: …`, `**ID:** …`, `- ID: …`, or in the heading of
/// another dialect: `### INCIDENT-008: Title`), when there is a usable one.
fn written_id(e: &Entry, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let Some(f) = e.field(FieldName::Id) else {
        return own_written_id(e);
    };
    let id = plain(f.value()?);
    if id.is_empty() || id.contains(char::is_whitespace) {
        diags.push(Diagnostic::new(
            Code::InvalidId,
            format!(
                "the ID `{id}` of incident `{}` is not one word; its derived ID is used",
                e.title
            ),
            f.span.clone(),
        ));
        return None;
    }
    Some(id.into_owned())
}

/// An ID only the dialect reader sees: an `ID` field in the entry's own style, else the ID in
/// its heading (`INCIDENT-008`, `INC-20251227-01`; a number or letter alone, `Incident 4`, `Incident B`, is none).
fn own_written_id(e: &Entry) -> Option<String> {
    crate::dialect::field_edit::own_field(e, FieldName::Id)
        .map(|f| plain(f.value.trim()).into_owned())
        .filter(|id| !id.is_empty() && !id.contains(char::is_whitespace))
        .or_else(|| {
            e.reading
                .id
                .clone()
                .filter(|id| !crate::dialect::heading::is_running(id))
        })
}

/// Gives every entry its ID. A written ID is used as written (the first entry to write an ID
/// keeps it; a later one writing it again is reported and numbered `-2`, `-3`). Entries without
/// one get today's derived ID, `<UTC date>-<slug>`, with repeats numbered `-2`, `-3` in order
/// of detection; a derived ID never takes an ID another entry has.
pub(super) fn assign_ids(entries: &mut [Entry], diags: &mut Vec<Diagnostic>) {
    let written: Vec<Option<String>> = entries.iter().map(|e| written_id(e, diags)).collect();
    // Each entry's detection time read once (a sort would read it at every comparison).
    let mut by_time: Vec<(Option<DateTime<Utc>>, usize)> = (0..entries.len())
        .filter(|&k| written[k].is_none())
        .map(|k| {
            let at = detected_of(&entries[k]);
            #[cfg(debug_assertions)]
            assert_eq!(at, detected_of_field(&entries[k]), "{}", entries[k].title);
            (at.or_else(|| day_of(&entries[k])), k)
        })
        .collect();
    by_time.sort_unstable();
    let mut base: Vec<String> = vec![String::new(); entries.len()];
    for &(at, k) in &by_time {
        let e = &mut entries[k];
        base[k] = if e.id_is_base && !e.id.is_empty() {
            // An entry an edit left alone: what it derived before.
            std::mem::take(&mut e.id)
        } else {
            base_id(&e.title, at)
        };
        #[cfg(debug_assertions)]
        assert_eq!(base[k], base_id(&e.title, at), "{}", e.title);
    }
    // The IDs taken are borrowed from `written` and `base` (a log's worth of String clones
    // was a third of this function); only the rare numbered ones (`…-2`) are made here.
    let mut pick = vec![Pick::Base; entries.len()];
    let mut made: Vec<(usize, String)> = Vec::new();
    let mut duplicates = Vec::new();
    {
        let mut taken: FxHashSet<&str> =
            FxHashSet::with_capacity_and_hasher(entries.len(), Default::default());
        let mut taken_made: FxHashSet<String> = FxHashSet::default();
        for (k, w) in written.iter().enumerate() {
            if let Some(id) = w {
                if taken.insert(id) {
                    pick[k] = Pick::Written;
                } else {
                    duplicates.push(k);
                }
            }
        }
        // First every derived ID that is free as it is, so that a title like `Outage 2` keeps
        // `…-outage-2` rather than losing it to the second `Outage`; then the repeats.
        let mut repeats = Vec::new();
        for &(_, k) in &by_time {
            if !taken.insert(&base[k]) {
                repeats.push(k);
            }
        }
        let mut number = |k: usize, first: &str, made: &mut Vec<(usize, String)>| {
            let id = free_id(first, |id| taken.contains(id) || taken_made.contains(id));
            taken_made.insert(id.clone());
            made.push((k, id));
        };
        for k in repeats {
            number(k, &base[k], &mut made);
        }
        for &k in &duplicates {
            number(k, written[k].as_deref().unwrap_or_default(), &mut made);
        }
    }
    for (k, _) in &made {
        pick[*k] = Pick::Made;
    }
    let mut written = written;
    for (k, e) in entries.iter_mut().enumerate() {
        e.id_written = written[k].is_some();
        e.id_is_base = matches!(pick[k], Pick::Base);
        e.id = match pick[k] {
            Pick::Written => written[k].take().unwrap_or_default(),
            Pick::Base => std::mem::take(&mut base[k]),
            Pick::Made => String::new(),
        };
    }
    // The numbered IDs, in the order they were made: repeats, then duplicates.
    for (k, id) in made {
        if let Some(first) = written[k].take() {
            diags.push(Diagnostic::new(
                Code::DuplicateId,
                format!(
                    "incident `{}` writes the ID `{first}`, which an earlier incident has; it is read as `{id}` until one of them is changed",
                    entries[k].title
                ),
                entries[k]
                    .field(FieldName::Id)
                    .map_or(entries[k].heading_span.clone(), |f| f.span.clone()),
            ));
        }
        entries[k].id = id;
    }
}

/// Where an entry's ID comes from.
#[derive(Clone, Copy)]
enum Pick {
    /// The ID it writes.
    Written,
    /// Its derived ID as it is.
    Base,
    /// A numbered one (`-2`, `-3`): its derived or written ID was taken.
    Made,
}

pub(super) fn flag_duplicates(entries: &[Entry], diags: &mut Vec<Diagnostic>) {
    let mut seen: FxHashMap<(&str, chrono::DateTime<chrono::Utc>), usize> =
        FxHashMap::with_capacity_and_hasher(entries.len(), Default::default());
    for (k, e) in entries.iter().enumerate() {
        if let Some(inc) = &e.incident
            && let Some(first) = seen.insert((&e.title, inc.detected), k)
        {
            diags.push(Diagnostic::new(
                Code::DuplicateIncident,
                format!(
                    "incident `{}` detected {} is logged twice (first as {})",
                    e.title,
                    incident_core::format_timestamp(inc.detected),
                    entries[first].id
                ),
                e.heading_span.clone(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    #[test]
    fn base_ids_are_the_utc_day_and_the_slug() {
        let at = |y, m, d| Some(Utc.with_ymd_and_hms(y, m, d, 23, 59, 0).unwrap());
        assert_eq!(
            base_id("API outage", at(2026, 3, 2)),
            "2026-03-02-api-outage"
        );
        assert_eq!(
            base_id("  Ünïcode — ok ", at(987, 12, 31)),
            "0987-12-31-ünïcode--ok"
        );
        assert_eq!(base_id("!!!", at(2026, 1, 9)), "2026-01-09");
        assert_eq!(base_id("x", at(10_000, 1, 1)), "+10000-01-01-x");
        assert_eq!(base_id("", None), "undated");
        assert_eq!(base_id("Late", None), "undated-late");
    }
}
