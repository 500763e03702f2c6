//! Machine-readable forms of incidents and plain tables.
//!
//! The JSON shapes here are the CLI's output contract (documented in the README).

use chrono::{DateTime, Utc};
use incident_core::{Due, FollowUp, Incident, RelatedLog, Severity, Status};
use incident_md::{Document, Entry};
use serde::{Deserialize, Serialize};

/// A follow-up action in JSON. Unknown keys are refused on input, with their name.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpJson {
    /// Ticked.
    #[serde(default)]
    pub done: bool,
    /// What is to be done.
    pub action: String,
    /// Owner without `@`.
    #[serde(default)]
    pub assignee: Option<String>,
    /// Due date (YYYY-MM-DD, or the text as written).
    #[serde(default)]
    pub due: Option<String>,
}

impl From<&FollowUp> for FollowUpJson {
    fn from(f: &FollowUp) -> Self {
        FollowUpJson {
            done: f.done,
            action: f.action.clone(),
            assignee: f.assignee.clone(),
            due: f.due.as_ref().map(Due::to_string),
        }
    }
}

impl From<FollowUpJson> for FollowUp {
    fn from(f: FollowUpJson) -> Self {
        let mut out = FollowUp::new(f.action);
        out.done = f.done;
        if let Some(a) = f.assignee {
            out = out.assignee(a);
        }
        out.due = f.due.map(|d| match incident_core::parse_date(&d) {
            Ok(date) => Due::Date(date),
            Err(_) => Due::Text(d),
        });
        out
    }
}

/// An incident in JSON: what `list` and `show` print, and what `new --from-json` reads (`id`,
/// `anchor`, `status` and `line` are accepted and ignored on input, so `show --format json` output
/// can be fed back; any other unknown key, such as a misspelt `"sevrity"`, is refused with its name).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentJson {
    /// Stable ID.
    #[serde(default)]
    pub id: String,
    /// GitHub heading anchor.
    #[serde(default)]
    pub anchor: String,
    /// Title.
    pub title: String,
    /// Severity.
    pub severity: Severity,
    /// Category.
    #[serde(default)]
    pub category: Option<String>,
    /// Detection time (defaults to now on input).
    #[serde(default)]
    pub detected: Option<DateTime<Utc>>,
    /// Acknowledgement time.
    #[serde(default)]
    pub acknowledged: Option<DateTime<Utc>>,
    /// Resolution time.
    #[serde(default)]
    pub resolved: Option<DateTime<Utc>>,
    /// `open` or `resolved`.
    #[serde(default)]
    pub status: Option<Status>,
    /// What happened.
    #[serde(default)]
    pub description: Option<String>,
    /// Affected systems, users, services.
    #[serde(default)]
    pub impact: Option<String>,
    /// Root cause.
    #[serde(default)]
    pub root_cause: Option<String>,
    /// Resolution.
    #[serde(default)]
    pub resolution: Option<String>,
    /// Lessons learned.
    #[serde(default)]
    pub lessons_learned: Option<String>,
    /// Follow-up actions.
    #[serde(default)]
    pub follow_ups: Vec<FollowUpJson>,
    /// Related logs.
    #[serde(default)]
    pub related_logs: Vec<RelatedLog>,
    /// 1-based line of the entry's heading.
    #[serde(default)]
    pub line: usize,
}

impl IncidentJson {
    /// The JSON form of an entry's incident.
    pub fn new(doc: &Document, entry: &Entry, incident: &Incident) -> IncidentJson {
        IncidentJson {
            id: entry.id.clone(),
            anchor: entry.anchor.clone(),
            title: incident.title.clone(),
            severity: incident.severity,
            category: incident.category.clone(),
            detected: Some(incident.detected),
            acknowledged: incident.acknowledged,
            resolved: incident.resolved,
            status: Some(incident.status()),
            description: incident.description.clone(),
            impact: incident.impact.clone(),
            root_cause: incident.root_cause.clone(),
            resolution: incident.resolution.clone(),
            lessons_learned: incident.lessons_learned.clone(),
            follow_ups: incident.follow_ups.iter().map(FollowUpJson::from).collect(),
            related_logs: incident.related_logs.clone(),
            line: doc.position(entry.heading_span.start).line,
        }
    }

    /// The incident this JSON describes, detected at `now` when it does not say.
    pub fn into_incident(self, now: DateTime<Utc>) -> Incident {
        let mut i = Incident::new(self.title, self.severity, self.detected.unwrap_or(now));
        i.category = self.category;
        i.acknowledged = self.acknowledged;
        i.resolved = self.resolved;
        i.description = self.description;
        i.impact = self.impact;
        i.root_cause = self.root_cause;
        i.resolution = self.resolution;
        i.lessons_learned = self.lessons_learned;
        i.follow_ups = self.follow_ups.into_iter().map(FollowUp::from).collect();
        i.related_logs = self.related_logs;
        i
    }
}

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
