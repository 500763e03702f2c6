//! Plain tables, CSV and JSON printing.
//!
//! The JSON shape of an incident is the library's `incident_md::IncidentRecord` (documented in
//! the README); follow-ups are `incident_core::FollowUp`'s serde form.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Aligned columns: a header row and data rows, padded to the widest cell (by characters).
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
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
            out.push_str(cell);
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

/// Comma-separated values (RFC 4180 quoting) with a header row.
pub fn csv(header: &[&str], rows: &[Vec<String>]) -> String {
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

/// Rows as a table or as CSV (JSON is the caller's, since its shape is richer than rows).
pub fn rows_as(format: crate::cli::ListFormat, header: &[&str], rows: &[Vec<String>]) -> String {
    match format {
        crate::cli::ListFormat::Csv => csv(header, rows),
        _ => table(header, rows),
    }
}

/// JSON, pretty-printed, with a final newline.
pub fn json<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("output types serialize");
    s.push('\n');
    s
}

/// An optional timestamp as RFC 3339, or empty.
pub fn time_cell(t: Option<DateTime<Utc>>) -> String {
    t.map(incident_core::format_timestamp).unwrap_or_default()
}
