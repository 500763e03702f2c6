//! What the tool understood of a file: `incident explain`.

use std::fmt;

use chrono::NaiveDate;

use super::{Insertion, SeverityValue, Skipped};
use crate::Document;

/// One learned part of the dialect, with the line it was learned from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ExplainedPart {
    /// What the part is (`entry level`, `heading`, `field style`, `order`, `label`).
    pub name: String,
    /// What was learned.
    pub value: String,
    /// The 1-based line it was learned from (0: a default).
    pub line: usize,
    /// How: `template`, `entries`, `preamble`, `dates`, `default` or `config` (`.incident.toml`).
    pub source: String,
}

/// One entry as it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ExplainedEntry {
    /// The 1-based line of its heading (or first line).
    pub line: usize,
    /// The title.
    pub title: String,
    /// The incident's ID in this tool.
    pub id: String,
    /// The ID or number the file writes, if any.
    pub written_id: Option<String>,
    /// The severity level, `unknown `…`` for a value that names none, or `-`.
    pub severity: String,
    /// The detection time as certain as the file says, or `-`.
    pub detected: String,
    /// `open`, `resolved` or `-`.
    pub status: String,
    /// How many action items it has.
    pub follow_ups: usize,
}

/// A heading that is not an incident.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ExplainedSkip {
    /// Its 1-based line.
    pub line: usize,
    /// The heading text.
    pub heading: String,
    /// Why it is not an incident.
    pub reason: String,
}

/// What the tool understood of a file: the dialect with the line each part was learned from,
/// the entries found, the sections skipped and why, and where a new entry would go.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Explanation {
    /// Whether the file is in the seed template's dialect.
    pub seed: bool,
    /// The learned parts.
    pub dialect: Vec<ExplainedPart>,
    /// The entries read, in document order.
    pub entries: Vec<ExplainedEntry>,
    /// Headings that are not incidents.
    pub skipped: Vec<ExplainedSkip>,
    /// Lines of headings that look like entries but were not recognised as ones.
    pub unrecognised: Vec<usize>,
    /// Where a new entry would go: the line it goes before.
    pub insert_line: usize,
    /// Why there.
    pub insert_reason: String,
}

/// Where `add_incident` puts an entry in the seed's format (in a log it writes so) detected at
/// the end of `today`, in the order the log keeps (newest first when it shows none, as
/// `incident new` takes it): the seed's placement rules, not the dialect's, so that `explain`
/// says what `new` does.
fn seed_insertion(doc: &Document, today: NaiveDate) -> Insertion {
    use crate::placement::{AddOptions, Order, Placement};
    let detected = today
        .and_hms_opt(23, 59, 59)
        .map_or(chrono::DateTime::UNIX_EPOCH, |t| t.and_utc());
    let incident = incident_core::Incident::new("new", incident_core::Severity::Low, detected);
    let order = AddOptions::learned(doc, Order::NewestFirst).order;
    let entry = "## Incident: new";
    let slot = doc.slot(&incident, entry, order);
    // The entry's heading is on the slot's line, after the separator lines written before it.
    let before = slot.text.find(entry).map_or("", |k| &slot.text[..k]);
    let line = doc.position(slot.at).line + crate::lines::endings(before.as_bytes());
    let reason = match slot.placement {
        Placement::AboveMarker => "above the insertion marker",
        Placement::BelowMarker => "below the insertion marker",
        Placement::AboveNewest => "directly above the newest incident",
        Placement::AfterLast => "after the last incident (oldest first)",
        Placement::AboveTemplate => "above the template (no incident yet)",
        Placement::End => "at the end of the file",
        Placement::InDateOrder => "among the incidents by date (it is older than the newest)",
        Placement::Placeholder => "in place of the placeholder",
        Placement::NewGroup => "under a new date group",
    };
    Insertion {
        line,
        reason: reason.to_owned(),
    }
}

/// Explains what was understood of `doc`; `today` decides whether today's date group exists.
pub fn explain(doc: &Document, today: NaiveDate) -> Explanation {
    let log = doc.log();
    let d = &log.dialect;
    let mut dialect = Vec::new();
    let mut part = |name: &str, value: String, line: usize, source: &str| {
        dialect.push(ExplainedPart {
            name: name.to_owned(),
            value,
            line,
            source: source.to_owned(),
        });
    };
    if let Some(l) = &d.entry_level {
        part("entry level", l.value.to_string(), l.line, l.source);
    }
    if let Some(h) = &d.heading {
        part("heading", h.value.clone(), h.line, h.source);
    }
    if let Some(f) = &d.field_style {
        part("field style", f.value.to_string(), f.line, f.source);
    }
    part(
        "order",
        d.order.value.to_string(),
        d.order.line,
        d.order.source,
    );
    for (key, label) in &d.labels {
        let at = d
            .entries
            .iter()
            .flat_map(|e| &e.reading.fields)
            .find(|f| &f.label == label)
            .map_or(0, |f| doc.position(f.at).line);
        let configured = d
            .overrides
            .labels
            .iter()
            .any(|(_, l)| l.eq_ignore_ascii_case(label));
        let source = if configured { "config" } else { "entries" };
        part("label", format!("{label} = {key}"), at, source);
    }
    // Words `.incident.toml` gives, else those the log's severity table ranks.
    let scale_source = if doc.overrides().severity.is_empty() {
        "severity table"
    } else {
        "config"
    };
    for (word, level) in &d.overrides.severity {
        part("severity", format!("{word} = {level}"), 0, scale_source);
    }
    let entries = log
        .incidents
        .iter()
        .map(|e| {
            let r = &e.reading;
            ExplainedEntry {
                line: doc.position(e.heading_span.start).line,
                title: e.title.clone(),
                id: e.id.clone(),
                written_id: r.id.clone(),
                severity: match &r.severity {
                    Some(SeverityValue::Known(l)) => l.to_string(),
                    Some(SeverityValue::Unknown(t)) => format!("unknown `{t}`"),
                    None => "-".into(),
                },
                detected: r.detected.as_ref().map_or("-".into(), ToString::to_string),
                // As `list` says it: the incident's, which an entry that states none has too
                // (open until it is resolved); else what the reading saw.
                status: e
                    .incident
                    .as_ref()
                    .map(|i| i.status().to_string())
                    .or_else(|| r.status.map(|s| s.to_string()))
                    .unwrap_or_else(|| "-".into()),
                follow_ups: r.follow_ups,
            }
        })
        .collect();
    let Insertion { line, reason } = if !doc.writes_in_dialect() {
        seed_insertion(doc, today)
    } else {
        d.insertion(today)
    };
    Explanation {
        seed: d.seed,
        dialect,
        entries,
        skipped: d
            .skipped
            .iter()
            .map(
                |Skipped {
                     line,
                     heading,
                     reason,
                 }| ExplainedSkip {
                    line: *line,
                    heading: heading.clone(),
                    reason: reason.clone(),
                },
            )
            .collect(),
        unrecognised: d.unrecognised.iter().map(|(l, _)| *l).collect(),
        insert_line: line,
        insert_reason: reason,
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "dialect: {}",
            if self.seed {
                "the seed template's"
            } else {
                "learned from the file"
            }
        )?;
        for p in &self.dialect {
            if p.line == 0 {
                writeln!(f, "  {}: {} ({})", p.name, p.value, p.source)?;
            } else {
                writeln!(
                    f,
                    "  {}: {} (line {}, from {})",
                    p.name, p.value, p.line, p.source
                )?;
            }
        }
        writeln!(f, "entries: {}", self.entries.len())?;
        for e in &self.entries {
            writeln!(
                f,
                "  line {}: {} [{}{}] severity {}, detected {}, status {}, {} follow-up{}",
                e.line,
                e.title,
                e.id,
                e.written_id
                    .as_ref()
                    .map_or(String::new(), |w| format!(", written {w}")),
                e.severity,
                e.detected,
                e.status,
                e.follow_ups,
                if e.follow_ups == 1 { "" } else { "s" },
            )?;
        }
        if !self.skipped.is_empty() {
            writeln!(f, "skipped:")?;
            for s in &self.skipped {
                writeln!(f, "  line {}: {} ({})", s.line, s.heading, s.reason)?;
            }
        }
        if !self.unrecognised.is_empty() {
            let lines: Vec<String> = self.unrecognised.iter().map(ToString::to_string).collect();
            writeln!(
                f,
                "look like entries but were not recognised: lines {}",
                lines.join(", ")
            )?;
        }
        writeln!(
            f,
            "a new entry goes before line {}: {}",
            self.insert_line, self.insert_reason
        )
    }
}
