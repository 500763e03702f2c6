//! A timeline kept as a table (`| Time (UTC) | Event |`), as postmortems write it: its rows
//! read as items when their time cell holds a certain time (`2026-11-12 07:05`, read in the
//! configured zone, or with its offset), and a new item is one more row, at its place by time,
//! written like its neighbour. A row with only a time of day (`| 14:25 | … |`) is read as a
//! list's `- 14:25 — …` is ([`crate::view::clock`]): on the day of the row before it (of the
//! detection, for the first), the next day when it is more than 12 hours earlier. A time column
//! headed `Time (UTC)` (or `GMT`, `Z`) holds UTC times, whatever zone the log is read in.

use std::ops::Range;

use incident_core::TimelineItem;

use crate::dialect::fields::{cell_span, delimiter_row, row_cells};
use crate::escape::unescape;

/// A timeline table: which columns hold the time and the event, and its data rows.
#[derive(Debug)]
pub(crate) struct TimelineTable {
    /// The column of the time.
    pub(crate) time: usize,
    /// The column of what happened.
    pub(crate) event: usize,
    /// Each data row's line (without its terminator) and what it reads as, or its text.
    pub(crate) rows: Vec<(Range<usize>, Result<TimelineItem, String>)>,
    /// The zone its times without an offset are in: UTC under a `Time (UTC)` header, else the
    /// log's.
    pub(crate) zone: chrono_tz::Tz,
}

/// The table that `body` of `src` is, when it is one table and nothing else, with a time
/// column (`Time`, `When`, `Date`) and an event column (`Event`, `What`, `Description`, …, else
/// the first other one).
///
/// Times of day are read from `detected` on (see the module's rule); without it, such a row is
/// no item.
pub(crate) fn read(
    src: &str,
    body: Range<usize>,
    zone: chrono_tz::Tz,
    detected: Option<chrono::DateTime<chrono::Utc>>,
) -> Option<TimelineTable> {
    let mut lines = Vec::new();
    let mut offset = body.start;
    for raw in crate::lines::inclusive(&src[body]) {
        let line = crate::lines::without_terminator(raw);
        if !line.trim().is_empty() {
            lines.push(offset..offset + line.len());
        }
        offset += raw.len();
    }
    let (header, rest) = lines.split_first()?;
    let (delimiter, rows) = rest.split_first()?;
    let is_row = |r: &Range<usize>| src[r.clone()].trim_start().starts_with('|');
    if !is_row(header) || !delimiter_row(&src[delimiter.clone()]) || !rows.iter().all(is_row) {
        return None;
    }
    let columns: Vec<String> = row_cells(&src[header.clone()])
        .iter()
        .map(|c| c.to_lowercase())
        .collect();
    let named = |names: &[&str], not: Option<usize>| {
        columns
            .iter()
            .enumerate()
            .position(|(k, c)| Some(k) != not && names.iter().any(|n| c.contains(n)))
    };
    let time = named(&["time", "when", "date"], None)?;
    let event = named(
        &["event", "what", "description", "update", "action", "note"],
        Some(time),
    )
    .or_else(|| (0..columns.len()).find(|&k| k != time))?;
    let utc = ["utc", "gmt", "(z)"]
        .iter()
        .any(|u| columns[time].contains(u));
    let zone = if utc { chrono_tz::UTC } else { zone };
    let mut near = detected;
    let rows = rows
        .iter()
        .map(|r| {
            let text = &src[r.clone()];
            let cells = row_cells(text);
            let item = cells
                .get(time)
                .and_then(|t| {
                    crate::view::incident::team_instant(t, zone)
                        .or_else(|| crate::view::clock::clock_instant(t, zone, None, near?))
                })
                .map(|at| {
                    near = Some(at);
                    let what = cells.get(event).map_or("", String::as_str);
                    TimelineItem::new(at, unescape(what))
                })
                .ok_or_else(|| text.trim().to_owned());
            (r.clone(), item)
        })
        .collect();
    Some(TimelineTable {
        time,
        event,
        rows,
        zone,
    })
}

/// A new row like `model` (a row of the table): `time` and `event` in their columns, the other
/// cells left empty; `None` when the model has fewer cells than those columns.
pub(crate) fn row_like(
    model: &str,
    table: &TimelineTable,
    time: &str,
    event: &str,
) -> Option<String> {
    let count = row_cells(model).len();
    if table.time >= count || table.event >= count {
        return None;
    }
    let mut cells: Vec<(Range<usize>, String)> = Vec::with_capacity(count);
    for k in 0..count {
        let span = cell_span(model, k)?;
        let value = if k == table.time {
            time.to_owned()
        } else if k == table.event {
            crate::render::table_cell(event)
        } else {
            String::new()
        };
        cells.push((span, value));
    }
    let mut out = model.to_owned();
    for (span, value) in cells.into_iter().rev() {
        let value = crate::dialect::action_table::pad_empty(&out, &span, value);
        out.replace_range(span, &value);
    }
    Some(out)
}

/// The time cell of a row as written.
pub(crate) fn time_cell<'a>(row: &'a str, table: &TimelineTable) -> Option<&'a str> {
    cell_span(row, table.time).map(|s| &row[s])
}
