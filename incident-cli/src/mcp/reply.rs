//! Structured tool results, and tool errors whose message says what to do next.

use chrono::{DateTime, NaiveDate, Utc};
use incident_core::Severity;
use incident_md::fs::{LogPart, LogSet};
use incident_md::{Document, Entry, IncidentRecord};
use rmcp::ErrorData;
use rmcp::model::{CallToolResult, ContentBlock};
use serde::Serialize;

/// A failed tool call: reported to the client as a tool error (`isError: true`), never as a
/// protocol error, so that the agent reads the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolError(pub String);

impl ToolError {
    /// A tool error with this message.
    pub fn new(message: impl Into<String>) -> ToolError {
        ToolError(message.into())
    }
}

impl From<incident_md::Error> for ToolError {
    fn from(e: incident_md::Error) -> Self {
        ToolError(match e {
            incident_md::Error::AmbiguousId { prefix, candidates } => format!(
                "ID prefix `{prefix}` matches {}: give one of them in full",
                candidates.join(", ")
            ),
            e => e.to_string(),
        })
    }
}

/// What a tool returns: structured content (a JSON object), or a tool error.
pub type Reply = Result<serde_json::Value, ToolError>;

/// The object as a tool reply.
pub fn object(value: impl Serialize) -> Reply {
    serde_json::to_value(value).map_err(|e| ToolError(format!("cannot encode the result: {e}")))
}

/// The reply as MCP sees it.
pub fn respond(reply: Result<Reply, ErrorData>) -> Result<CallToolResult, ErrorData> {
    Ok(match reply? {
        Ok(value) => CallToolResult::structured(value),
        Err(ToolError(message)) => CallToolResult::error(vec![ContentBlock::text(message)]),
    })
}

/// The entry an ID or unique prefix names; an unknown ID's error lists the closest IDs.
pub fn resolve<'d>(doc: &'d Document, id: &str) -> Result<&'d Entry, ToolError> {
    match doc.resolve_prefix(id) {
        Ok(entry) => Ok(entry),
        Err(incident_md::Error::NoSuchIncident { .. }) => {
            let near = closest_ids(doc, id);
            Err(ToolError(if near.is_empty() {
                format!("no incident `{id}`: the log has no incidents yet")
            } else {
                format!(
                    "no incident `{id}`; the closest IDs are {}. Call list_incidents for all IDs",
                    near.join(", ")
                )
            }))
        }
        Err(e) => Err(e.into()),
    }
}

/// The entry an ID or unique prefix names across the log's files, with its file (for one file,
/// [`resolve`]'s messages).
pub fn find<'s>(set: &'s LogSet, id: &str) -> Result<(&'s LogPart, &'s Entry), ToolError> {
    match set.parts() {
        [one] if !set.is_directory() => resolve(&one.doc, id).map(|e| (one, e)),
        _ => set.find(id).map_err(|e| match e {
            incident_md::Error::NoSuchIncident { closest, .. } if closest.is_empty() => ToolError(
                format!("no incident `{id}`: the directory has no incidents yet"),
            ),
            incident_md::Error::NoSuchIncident { closest, .. } => ToolError(format!(
                "no incident `{id}`; the closest IDs are {}. Call list_incidents for all IDs",
                closest.join(", ")
            )),
            e => e.into(),
        }),
    }
}

/// A record with the file that holds it (`file`), in a directory.
pub fn in_file(record: impl Serialize, file: Option<String>) -> Reply {
    let mut value = object(record)?;
    if let (Some(file), serde_json::Value::Object(map)) = (file, &mut value) {
        map.insert("file".into(), serde_json::Value::String(file));
    }
    Ok(value)
}

/// Up to three IDs nearest to `id` by edit distance.
pub fn closest_ids(doc: &Document, id: &str) -> Vec<String> {
    let mut scored: Vec<(usize, &str)> = doc
        .incidents()
        .iter()
        .map(|e| (edit_distance(&e.id, id), e.id.as_str()))
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(3)
        .map(|(_, s)| s.to_owned())
        .collect()
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The typed record of an entry, or an error saying to repair it.
pub fn record(doc: &Document, entry: &Entry) -> Result<IncidentRecord, ToolError> {
    IncidentRecord::new(doc, entry).ok_or_else(|| {
        ToolError(format!(
            "incident `{}` has a required field that cannot be read; call check_log to see which",
            entry.id
        ))
    })
}

/// An optional ISO 8601 time argument.
pub fn timestamp(name: &str, text: Option<&str>) -> Result<Option<DateTime<Utc>>, ToolError> {
    text.map(|t| {
        incident_core::parse_timestamp(t).map_err(|_| {
            ToolError(format!(
                "`{name}` is `{t}`, not a timestamp: use ISO 8601 / RFC 3339 with a time zone, \
                 like 2026-01-31T14:05:00Z"
            ))
        })
    })
    .transpose()
}

/// An optional `YYYY-MM-DD` argument.
pub fn date(name: &str, text: Option<&str>) -> Result<Option<NaiveDate>, ToolError> {
    text.map(|t| {
        incident_core::parse_date(t).map_err(|_| {
            ToolError(format!(
                "`{name}` is `{t}`, not a date: use YYYY-MM-DD, like 2026-01-31"
            ))
        })
    })
    .transpose()
}

/// A severity argument.
pub fn severity(text: &str) -> Result<Severity, ToolError> {
    text.parse().map_err(|_| {
        ToolError(format!(
            "severity `{text}` is unknown: use CRITICAL, HIGH, MEDIUM or LOW (incident://policy \
             defines them)"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn bad_arguments_say_the_format() {
        let e = timestamp("at", Some("yesterday")).unwrap_err().0;
        assert!(e.contains("2026-01-31T14:05:00Z"), "{e}");
        let e = date("since", Some("01/02/2026")).unwrap_err().0;
        assert!(e.contains("YYYY-MM-DD"), "{e}");
        assert!(severity("SEV1").unwrap_err().0.contains("CRITICAL"));
        assert_eq!(date("since", None), Ok(None));
    }
}
