//! Plain tables, CSV and JSON printing.
//!
//! The JSON shape of an incident is the library's `incident_md::IncidentRecord` (documented in
//! the README); follow-ups are `incident_core::FollowUp`'s serde form.

use anstyle::{AnsiColor, Style};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// An owner as people read it: `@handle`, or a name of several words as written (`Ana Ruiz`:
/// no handle has a space, so such an owner was written without `@`). A one-word owner keeps the
/// `@`: the model does not record whether `Marta` was written as `@Marta`.
pub fn owner_text(who: &str) -> String {
    if who.contains(' ') {
        who.to_owned()
    } else {
        format!("@{who}")
    }
}

/// [`table`], with each data cell in the style `style(row, column, text)` gives it when
/// `color` is set (padding is counted without the escape codes); the header is bold.
pub fn styled_table(
    header: &[&str],
    rows: &[Vec<String>],
    color: bool,
    style: impl Fn(usize, usize, &str) -> Style,
) -> String {
    if !color {
        return table(header, rows);
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<(&str, Style)>| {
        let n = cells.len();
        for (i, ((cell, st), w)) in cells.into_iter().zip(&widths).enumerate() {
            out.push_str(&paint(st, &one_line_cell(cell)));
            if i + 1 < n {
                out.push_str(&" ".repeat(w - cell.chars().count() + 2));
            }
        }
        out.push('\n');
    };
    line(header.iter().map(|h| (*h, Style::new().bold())).collect());
    for (r, row) in rows.iter().enumerate() {
        line(
            row.iter()
                .enumerate()
                .map(|(c, cell)| (cell.as_str(), style(r, c, cell)))
                .collect(),
        );
    }
    out
}

/// `text` in `style` (nothing added for the plain style or empty text).
pub fn paint(style: Style, text: &str) -> String {
    if style == Style::new() || text.is_empty() {
        text.to_owned()
    } else {
        format!("{}{text}{}", style.render(), style.render_reset())
    }
}

/// How a severity is coloured: CRITICAL bold red, HIGH red, MEDIUM yellow, LOW plain.
pub fn severity_style(severity: &str) -> Style {
    match severity {
        "CRITICAL" => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        "HIGH" => Style::new().fg_color(Some(AnsiColor::Red.into())),
        "MEDIUM" => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
        _ => Style::new(),
    }
}

/// How a state is coloured: breached and overdue red, pending and open yellow, met green.
pub fn state_style(state: &str) -> Style {
    match state {
        "breached" | "overdue" => Style::new().fg_color(Some(AnsiColor::Red.into())),
        "pending" | "open" => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
        "met" => Style::new().fg_color(Some(AnsiColor::Green.into())),
        _ => Style::new(),
    }
}

/// A cell on one line: a line break (a title of two lines, from a setext heading) would break
/// the table's rows. Each break becomes a space, so the width is unchanged.
fn one_line_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.contains(['\n', '\r']) {
        cell.replace(['\n', '\r'], " ").into()
    } else {
        cell.into()
    }
}

/// Aligned columns: a header row and data rows, padded to the widest cell (by characters).
/// Written straight into one string (a large listing's table cost more than its rows did when
/// each line and each run of padding was a string of its own); the tests hold it to that form.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let line_len = widths.iter().sum::<usize>() + 2 * widths.len() + 1;
    let mut out = String::with_capacity(line_len * (rows.len() + 1));
    let mut line = |cells: &mut dyn ExactSizeIterator<Item = &str>| {
        let n = cells.len();
        for (i, (cell, w)) in cells.zip(&widths).enumerate() {
            out.push_str(&one_line_cell(cell));
            // Every cell but a line's last is padded to its column and two spaces beyond.
            if i + 1 < n {
                push_spaces(&mut out, w - width(cell) + 2);
            }
        }
        out.push('\n');
    };
    line(&mut header.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

/// A cell's width in characters: its length when it is ASCII.
fn width(cell: &str) -> usize {
    if cell.is_ascii() {
        cell.len()
    } else {
        cell.chars().count()
    }
}

/// `n` spaces, in slices of a constant.
fn push_spaces(out: &mut String, n: usize) {
    const SPACES: &str = "                                ";
    let mut left = n;
    while left > 0 {
        let k = left.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        left -= k;
    }
}

/// Comma-separated values (RFC 4180 quoting) with a header row.
pub fn csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = header.join(",");
    out.push('\n');
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if cell.contains([',', '"', '\n', '\r']) {
                out.push('"');
                out.push_str(&cell.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(cell);
            }
        }
        out.push('\n');
    }
    out
}

/// Rows as a (styled) table or as CSV (JSON is the caller's, since its shape is richer than
/// rows); CSV is never coloured.
pub fn rows_as(
    format: crate::cli::ListFormat,
    header: &[&str],
    rows: &[Vec<String>],
    color: bool,
    style: impl Fn(usize, usize, &str) -> Style,
) -> String {
    match format {
        crate::cli::ListFormat::Csv => csv(header, rows),
        _ => styled_table(header, rows, color, style),
    }
}

/// The version of every JSON shape the CLI prints (the `schema_version` key of each top-level
/// object, and of each schema `incident schema` prints, arrays included).
pub const SCHEMA_VERSION: u32 = 1;

/// A top-level JSON object: `schema_version` first, then the value's own keys.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Versioned<T> {
    /// The version of this JSON shape: [`SCHEMA_VERSION`].
    schema_version: u32,
    #[serde(flatten)]
    value: T,
}

/// [`json`] of an object, with its `schema_version`.
pub fn json_object<T: Serialize>(value: T) -> String {
    json(&Versioned {
        schema_version: SCHEMA_VERSION,
        value,
    })
}

/// Output written straight into standard output when the command has finished (no copy of a
/// large listing or report in memory first): JSON, the same bytes as [`json`], or `check`'s
/// text report.
pub struct StreamedOutput(Box<WriteJson>);

/// What writes a [`StreamedOutput`] to a stream.
type WriteJson = dyn FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>;

impl StreamedOutput {
    /// `value` as [`json`] prints it.
    pub fn new<T: Serialize + 'static>(value: T) -> StreamedOutput {
        StreamedOutput(Box::new(move |out| {
            // serde writes a token at a time: into a buffer of a known type, whose writes
            // inline, not through `dyn Write` (a quarter of a large listing's cost).
            use std::io::Write as _;
            let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
            serde_json::to_writer_pretty(&mut buffered, &value)?;
            buffered.write_all(b"\n")?;
            buffered.flush()
        }))
    }

    /// An object as [`json_object`] prints it.
    #[allow(
        dead_code,
        reason = "the general path for an object; `check`, its one user, now writes its own"
    )]
    pub fn object<T: Serialize + 'static>(value: T) -> StreamedOutput {
        StreamedOutput::new(Versioned {
            schema_version: SCHEMA_VERSION,
            value,
        })
    }

    /// JSON that `write` writes itself (into a buffer), for output too large to go through
    /// serde at a token a time; it must give the bytes [`StreamedOutput::new`] would.
    pub fn written_by(
        write: impl FnOnce(&mut std::io::BufWriter<&mut dyn std::io::Write>) -> std::io::Result<()>
        + 'static,
    ) -> StreamedOutput {
        StreamedOutput(Box::new(move |out| {
            use std::io::Write as _;
            let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
            write(&mut buffered)?;
            buffered.flush()
        }))
    }

    /// Writes the JSON to `out` (buffer it: serde writes in small pieces).
    pub fn write_to(self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        (self.0)(out)
    }
}

impl std::fmt::Debug for StreamedOutput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StreamedOutput")
    }
}

/// JSON, pretty-printed, with a final newline (arrays as they are: their version is in the
/// schema, so that a top-level array stays an array).
pub fn json<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("output types serialize");
    s.push('\n');
    s
}

/// The zone people are shown times in, set once per run from `--tz` / `display-timezone`
/// ([`crate::context::Context`]). It is process-wide, like the terminal a run writes to, so
/// every table and report renderer shows the same zone without each being handed it.
static DISPLAY_ZONE: std::sync::OnceLock<chrono_tz::Tz> = std::sync::OnceLock::new();

/// Sets the zone of [`time_text`] (the first call wins; a run has one).
pub fn set_display_zone(zone: chrono_tz::Tz) {
    let _ = DISPLAY_ZONE.set(zone);
}

static LABEL_UTC: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether a time of day shown in UTC says so (`07:00 UTC`): where the log's own times are
/// another zone's (`timezone` in `.incident.toml`), a bare `07:00` would read as that zone's.
pub fn set_label_utc(label: bool) {
    LABEL_UTC.store(label, std::sync::atomic::Ordering::Relaxed);
}

/// See [`set_label_utc`].
pub fn label_utc() -> bool {
    LABEL_UTC.load(std::sync::atomic::Ordering::Relaxed)
}

/// The zone times are shown in: UTC unless [`set_display_zone`] said otherwise.
pub fn display_zone() -> chrono_tz::Tz {
    DISPLAY_ZONE.get().copied().unwrap_or(chrono_tz::UTC)
}

/// A timestamp for a person: RFC 3339 in the display zone (`…Z` in UTC, else with its offset).
pub fn time_text(t: DateTime<Utc>) -> String {
    let zone = display_zone();
    if zone == chrono_tz::UTC {
        // Directly, not through chrono's formatter (a large listing has one a row).
        let mut text = String::with_capacity(20);
        incident_md::json_write::push_timestamp(&mut text, &t);
        return text;
    }
    incident_core::format_timestamp_in(t, zone)
}

/// An optional timestamp as [`time_text`], or empty.
pub fn time_cell(t: Option<DateTime<Utc>>) -> String {
    t.map(time_text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cell of two lines (a setext heading's title) stays on its row.
    #[test]
    fn a_cell_with_a_line_break_stays_on_its_row() {
        let rows = vec![vec![
            "a".to_owned(),
            "Disk full on\nbuild runners".to_owned(),
        ]];
        assert_eq!(
            table(&["ID", "TITLE"], &rows),
            "ID  TITLE\na   Disk full on build runners\n"
        );
    }

    /// What goes straight to standard output is what the text form was, byte for byte.
    #[test]
    fn streamed_json_is_the_text_json() {
        #[derive(Serialize, Clone)]
        struct Row {
            id: String,
            n: Option<u32>,
            items: Vec<&'static str>,
        }
        let rows = vec![
            Row {
                id: "a\"b\u{e9}".into(),
                n: None,
                items: vec![],
            },
            Row {
                id: String::new(),
                n: Some(3),
                items: vec!["x", "y"],
            },
        ];
        for value in [rows.clone(), Vec::new()] {
            let mut out = Vec::new();
            StreamedOutput::new(value.clone())
                .write_to(&mut out)
                .unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), json(&value));
            let mut out = Vec::new();
            StreamedOutput::object(Row {
                id: "o".into(),
                n: Some(1),
                items: vec!["z"],
            })
            .write_to(&mut out)
            .unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                json_object(Row {
                    id: "o".into(),
                    n: Some(1),
                    items: vec!["z"]
                })
            );
        }
    }

    /// [`table`] as it was written before it wrote into one string.
    fn table_formatted(header: &[&str], rows: &[Vec<String>]) -> String {
        let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
        for row in rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let mut line = |cells: Vec<&str>| {
            let n = cells.len();
            for (i, (cell, w)) in cells.into_iter().zip(&widths).enumerate() {
                // Line breaks as spaces: a cell stays on its row.
                out.push_str(&cell.replace(['\n', '\r'], " "));
                if i + 1 < n {
                    out.push_str(&" ".repeat(w - cell.chars().count() + 2));
                }
            }
            out.push('\n');
        };
        line(header.to_vec());
        for row in rows {
            line(row.iter().map(String::as_str).collect());
        }
        out
    }

    /// [`csv`] as it was written before it pushed its cells.
    fn csv_formatted(header: &[&str], rows: &[Vec<String>]) -> String {
        let field = |s: &str| {
            if s.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_owned()
            }
        };
        let mut out = header.join(",");
        out.push('\n');
        for row in rows {
            out.push_str(&row.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
            out.push('\n');
        }
        out
    }

    /// Tables and CSV are the bytes of their earlier forms: no rows, ragged rows (shorter and
    /// longer than the header), empty cells, non-ASCII and wide text, cells wider than the
    /// padding constant, text that CSV quotes.
    #[test]
    fn tables_and_csv_are_their_formatted_forms() {
        let cells = [
            "",
            "a",
            "2026-03-02-api-outage",
            "é — 日本",
            "🚨 x",
            "a,b",
            "say \"hi\"",
            "two\nlines\r",
            "a cell wider than the thirty-two spaces of padding, by some way",
        ];
        let row = |k: usize, n: usize| -> Vec<String> {
            (0..n)
                .map(|c| cells[(k * 7 + c * 3) % cells.len()].to_owned())
                .collect()
        };
        for header in [&["ID", "SEVERITY", "TITLE"][..], &["É", ""], &[]] {
            for rows in [
                vec![],
                vec![row(0, header.len())],
                (0..20).map(|k| row(k, header.len())).collect(),
                (0..20).map(|k| row(k, k % 5)).collect(),
            ] {
                assert_eq!(table(header, &rows), table_formatted(header, &rows));
                assert_eq!(csv(header, &rows), csv_formatted(header, &rows));
            }
        }
    }

    #[test]
    fn colour_does_not_move_the_columns() {
        let rows = vec![
            vec!["a".to_owned(), "CRITICAL".to_owned(), "x".to_owned()],
            vec!["bb".to_owned(), "LOW".to_owned(), "y".to_owned()],
        ];
        let header = ["ID", "SEVERITY", "T"];
        let plain = table(&header, &rows);
        let styled = styled_table(&header, &rows, true, |_, c, t| {
            if c == 1 {
                severity_style(t)
            } else {
                Style::new()
            }
        });
        assert!(styled.contains("\x1b["));
        assert_ne!(styled, plain);
        // Without the escape codes, the same text.
        let stripped: String = {
            let mut out = String::new();
            let mut chars = styled.chars();
            while let Some(c) = chars.next() {
                if c == '\x1b' {
                    for c in chars.by_ref() {
                        if c == 'm' {
                            break;
                        }
                    }
                } else {
                    out.push(c);
                }
            }
            out
        };
        assert_eq!(stripped, plain);
        assert_eq!(
            styled_table(&header, &rows, false, |_, _, _| Style::new().bold()),
            plain
        );
    }
}
