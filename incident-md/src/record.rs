//! One flat record of an entry and its incident: the JSON shape `incident list` and `show` print
//! and `incident new --from-json` reads (documented in the README). It is the library's one view
//! type for that shape, so tools need no mirror structs of their own.

use chrono::{DateTime, Utc};
use incident_core::{
    Disposition, FollowUp, Incident, RelatedLog, Severity, Stage, Status, TimelineItem,
    TriggerSource,
};

use crate::{Document, Entry};

/// An entry's incident with its ID, anchor, status and line. With the `serde` feature it
/// (de)serializes with its fields in this order; on input, `id`, `anchor`, `status`, `line` and
/// `schema_version` are accepted and ignored, unknown keys are refused, and only `title` and
/// `severity` are required.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
// A misspelt key (`"sevrity"`) is refused with its name rather than dropped.
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct IncidentRecord {
    /// The entry's ID.
    #[cfg_attr(feature = "serde", serde(default))]
    pub id: String,
    /// The entry's GitHub heading anchor.
    #[cfg_attr(feature = "serde", serde(default))]
    pub anchor: String,
    /// Title.
    pub title: String,
    /// Severity.
    pub severity: Severity,
    /// Category.
    #[cfg_attr(feature = "serde", serde(default))]
    pub category: Option<String>,
    /// Detection time (on input, `None` means "now" to [`into_incident`](Self::into_incident)).
    #[cfg_attr(feature = "serde", serde(default))]
    pub detected: Option<DateTime<Utc>>,
    /// Acknowledgement time.
    #[cfg_attr(feature = "serde", serde(default))]
    pub acknowledged: Option<DateTime<Utc>>,
    /// Mitigation time.
    #[cfg_attr(feature = "serde", serde(default))]
    pub mitigated: Option<DateTime<Utc>>,
    /// Resolution time.
    #[cfg_attr(feature = "serde", serde(default))]
    pub resolved: Option<DateTime<Utc>>,
    /// `open` or `resolved`.
    #[cfg_attr(feature = "serde", serde(default))]
    pub status: Option<Status>,
    /// The lifecycle stage: `detected`, `acknowledged`, `mitigated`, `resolved`, `reopened`
    /// or `cancelled` (ignored on input).
    #[cfg_attr(feature = "serde", serde(default))]
    pub stage: Option<Stage>,
    /// The written `Status:`: `"reopened"` or `{"cancelled": {"reason", "duplicate_of"}}`.
    #[cfg_attr(feature = "serde", serde(default))]
    pub disposition: Option<Disposition>,
    /// The escalation trigger that logged it: `{"kind", "key"}`.
    #[cfg_attr(feature = "serde", serde(default))]
    pub trigger: Option<TriggerSource>,
    /// Who owns the incident, as its `Owner` field (or `Incident commander`, `Lead`, …) says
    /// (`@dana`). The entry holds it, not the [`Incident`]: a record made from an incident
    /// alone has none, and [`into_incident`](Self::into_incident) leaves it to the caller to
    /// write (`incident new --from-json` writes it as the entry's Owner field).
    #[cfg_attr(feature = "serde", serde(default))]
    pub owner: Option<String>,
    /// What happened.
    #[cfg_attr(feature = "serde", serde(default))]
    pub description: Option<String>,
    /// Affected systems, users, services.
    #[cfg_attr(feature = "serde", serde(default))]
    pub impact: Option<String>,
    /// Root cause.
    #[cfg_attr(feature = "serde", serde(default))]
    pub root_cause: Option<String>,
    /// Resolution.
    #[cfg_attr(feature = "serde", serde(default))]
    pub resolution: Option<String>,
    /// Lessons learned.
    #[cfg_attr(feature = "serde", serde(default))]
    pub lessons_learned: Option<String>,
    /// Follow-up actions.
    #[cfg_attr(feature = "serde", serde(default))]
    pub follow_ups: Vec<FollowUp>,
    /// Related logs.
    #[cfg_attr(feature = "serde", serde(default))]
    pub related_logs: Vec<RelatedLog>,
    /// The timeline, in time order.
    #[cfg_attr(feature = "serde", serde(default))]
    pub timeline: Vec<TimelineItem>,
    /// 1-based line of the entry's heading.
    #[cfg_attr(feature = "serde", serde(default))]
    pub line: usize,
    /// The version of the JSON shape a tool printed beside the record (`incident show` prints
    /// `"schema_version": 1`); read so that such output can be fed back, never written here.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing))]
    pub schema_version: Option<u32>,
}

impl IncidentRecord {
    /// The record of an entry of `doc`, or `None` when its incident cannot be read.
    pub fn new(doc: &Document, entry: &Entry) -> Option<IncidentRecord> {
        let incident = entry.incident.as_ref()?;
        Some(IncidentRecord {
            id: entry.id.clone(),
            anchor: entry.anchor.clone(),
            status: Some(incident.status()),
            owner: entry.owner().map(str::to_owned),
            line: doc.position(entry.heading_span.start).line,
            ..IncidentRecord::from(incident.clone())
        })
    }

    /// The incident this record describes, detected at `now` when it does not say.
    pub fn into_incident(self, now: DateTime<Utc>) -> Incident {
        let mut i = Incident::new(self.title, self.severity, self.detected.unwrap_or(now));
        i.category = self.category;
        i.acknowledged = self.acknowledged;
        i.mitigated = self.mitigated;
        i.resolved = self.resolved;
        i.disposition = self.disposition;
        i.trigger = self.trigger;
        for item in self.timeline {
            i.add_timeline_item(item);
        }
        i.description = self.description;
        i.impact = self.impact;
        i.root_cause = self.root_cause;
        i.resolution = self.resolution;
        i.lessons_learned = self.lessons_learned;
        i.follow_ups = self.follow_ups;
        i.related_logs = self.related_logs;
        i
    }
}

impl From<Incident> for IncidentRecord {
    /// A record of an incident that is in no document (no ID, anchor or line).
    fn from(i: Incident) -> Self {
        IncidentRecord {
            id: String::new(),
            anchor: String::new(),
            status: Some(i.status()),
            stage: Some(i.stage()),
            title: i.title,
            severity: i.severity,
            category: i.category,
            detected: Some(i.detected),
            acknowledged: i.acknowledged,
            mitigated: i.mitigated,
            resolved: i.resolved,
            disposition: i.disposition,
            trigger: i.trigger,
            owner: None,
            description: i.description,
            impact: i.impact,
            root_cause: i.root_cause,
            resolution: i.resolution,
            lessons_learned: i.lessons_learned,
            follow_ups: i.follow_ups,
            related_logs: i.related_logs,
            timeline: i.timeline,
            line: 0,
            schema_version: None,
        }
    }
}

#[cfg(all(test, feature = "serde"))]
mod tests {
    use super::*;

    #[test]
    fn json_keys_keep_their_order_and_input_ignores_derived_keys() {
        let mut doc: Document = crate::render::canonical_template().parse().unwrap();
        let detected = "2026-03-02T10:00:00Z".parse().unwrap();
        let mut i = Incident::new("API outage", Severity::High, detected);
        i.follow_ups
            .push("Add a canary - @ops - 2026-03-09".parse().unwrap());
        let id = doc
            .add_incident(&i, &crate::AddOptions::default())
            .unwrap()
            .id;
        let record = IncidentRecord::new(&doc, doc.get(&id).unwrap()).unwrap();
        // The keys in the documented order (the CLI prints them so).
        let text = serde_json::to_string(&record).unwrap();
        let order = [
            "id",
            "anchor",
            "title",
            "severity",
            "category",
            "detected",
            "acknowledged",
            "mitigated",
            "resolved",
            "status",
            "stage",
            "disposition",
            "trigger",
            "description",
            "impact",
            "root_cause",
            "resolution",
            "lessons_learned",
            "follow_ups",
            "related_logs",
            "timeline",
            "line",
        ];
        let at: Vec<usize> = order
            .iter()
            .map(|k| text.find(&format!("\"{k}\":")).unwrap())
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
        let json = serde_json::to_value(&record).unwrap();
        assert_eq!(json["id"], "2026-03-02-api-outage");
        assert_eq!(json["status"], "open");
        assert_eq!(
            json["follow_ups"][0],
            serde_json::json!({"done": false, "action": "Add a canary", "assignee": "ops", "due": "2026-03-09"})
        );
        // Reading it back gives the incident; the keys only a document knows are accepted (so
        // `show` output can be fed back) and play no part in the incident.
        assert!(json.get("schema_version").is_none(), "{json}");
        let mut json = json;
        json["schema_version"] = 1.into();
        let back: IncidentRecord = serde_json::from_value(json).unwrap();
        assert_eq!(back.schema_version, Some(1));
        assert_eq!(back.id, "2026-03-02-api-outage");
        assert_eq!(back.into_incident(detected), i);
        // A misspelt key is refused with its name.
        let err = serde_json::from_str::<IncidentRecord>(r#"{"title": "x", "sevrity": "LOW"}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("sevrity"), "{err}");
        // Only title and severity are required on input.
        let min: IncidentRecord = serde_json::from_str(
            r#"{"title": "x", "severity": "LOW", "follow_ups": [{"action": "a"}]}"#,
        )
        .unwrap();
        assert_eq!(min.follow_ups, [incident_core::FollowUp::new("a")]);
    }
}
