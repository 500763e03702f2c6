//! The tools' input types: their JSON Schemas are what clients see (doc comments become the
//! property descriptions). Severities, times and dates arrive as strings and are checked by
//! the libraries' own parsers, so that errors can say the expected format.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `list_incidents`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListArgs {
    /// Only these severities: CRITICAL, HIGH, MEDIUM, LOW.
    #[serde(default)]
    pub severity: Vec<String>,
    /// Only this category, such as CLUSTER_FAILURE (case is ignored).
    pub category: Option<String>,
    /// Only `open` or `resolved` incidents.
    pub status: Option<String>,
    /// Detected on or after this date, YYYY-MM-DD (UTC).
    pub since: Option<String>,
    /// Detected on or before this date, YYYY-MM-DD (UTC, inclusive).
    pub until: Option<String>,
    /// Where to start: the `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// The most incidents to return (default 50, at most 500).
    pub limit: Option<usize>,
}

/// Tools that take one incident.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdArgs {
    /// Incident ID or unique prefix, as `list_incidents` shows it.
    pub id: String,
}

/// `list_actions`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionsArgs {
    /// Only actions not done.
    #[serde(default)]
    pub open: bool,
    /// Only actions past their due date and not done.
    #[serde(default)]
    pub overdue: bool,
    /// Only this owner, `@name` or `name`.
    pub owner: Option<String>,
}

/// `get_report`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportArgs {
    /// First day, YYYY-MM-DD (UTC date of detection).
    pub since: Option<String>,
    /// Last day, YYYY-MM-DD (inclusive).
    pub until: Option<String>,
}

/// A follow-up action of a new incident.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpArg {
    /// What to do.
    pub action: String,
    /// Who does it, without `@`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Due date, YYYY-MM-DD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Whether it is done already.
    #[serde(default)]
    pub done: bool,
}

/// A related log of a new incident.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelatedLogArg {
    /// The link text, or the whole item when it is not a link.
    pub text: String,
    /// The link target, such as `../logs/LOGS.md#2026-03-02-deploy`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

/// `create_incident`: the fields of `incident new --from-json`, plus `dedup_key` and
/// `reported_by`.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateArgs {
    /// A short title.
    pub title: String,
    /// CRITICAL, HIGH, MEDIUM or LOW (incident://policy defines them).
    pub severity: String,
    /// A category from incident://policy, such as CLUSTER_FAILURE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Detection time, ISO 8601 like 2026-01-31T14:05:00Z (default: now).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detected: Option<String>,
    /// Acknowledgement time, ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<String>,
    /// Resolution time, ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    /// What happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Affected systems, users, services.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<String>,
    /// Technical root cause.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_cause: Option<String>,
    /// Steps taken to resolve.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// What could be improved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lessons_learned: Option<String>,
    /// Follow-up actions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<FollowUpArg>,
    /// Related log entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related_logs: Vec<RelatedLogArg>,
    /// When an open incident carries this key (its `Dedup Key` field), it is returned and
    /// nothing is written; otherwise the key is written into the new entry.
    #[serde(skip_serializing)]
    pub dedup_key: Option<String>,
    /// Who is writing (an agent or person); written as the entry's `Reported By` field.
    #[serde(skip_serializing)]
    pub reported_by: Option<String>,
}

/// `acknowledge`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AckArgs {
    /// Incident ID or unique prefix.
    pub id: String,
    /// When, ISO 8601 like 2026-01-31T14:05:00Z (default: now).
    pub at: Option<String>,
    /// Who is writing (an agent or person): written as the entry's `Reported By` field when the
    /// change writes something and the entry has no `Reported By` yet; an existing one is kept.
    pub reported_by: Option<String>,
}

/// `resolve`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveArgs {
    /// Incident ID or unique prefix.
    pub id: String,
    /// When, ISO 8601 (default: now).
    pub at: Option<String>,
    /// How it was resolved (the Resolution field).
    pub resolution: Option<String>,
    /// Who is writing (an agent or person): written as the entry's `Reported By` field when the
    /// change writes something and the entry has no `Reported By` yet; an existing one is kept.
    pub reported_by: Option<String>,
}

/// `set_field`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetFieldArgs {
    /// Incident ID or unique prefix.
    pub id: String,
    /// The field's label: Severity, Category, Detected, Acknowledged, Resolved, Description,
    /// Impact, Root Cause, Resolution, Lessons Learned, Follow-up Actions (one action a line),
    /// Related Logs (one a line), Reported By.
    pub field: String,
    /// The new value; empty writes the template's placeholder back.
    pub value: String,
    /// Who is writing (an agent or person): written as the entry's `Reported By` field when the
    /// change writes something and the entry has no `Reported By` yet; an existing one is kept.
    pub reported_by: Option<String>,
}

/// `add_follow_up`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddFollowUpArgs {
    /// Incident ID or unique prefix.
    pub id: String,
    /// What to do.
    pub action: String,
    /// Who does it, without `@`.
    pub assignee: Option<String>,
    /// Due date, YYYY-MM-DD.
    pub due: Option<String>,
    /// Who is writing (an agent or person): written as the entry's `Reported By` field when the
    /// change writes something and the entry has no `Reported By` yet; an existing one is kept.
    pub reported_by: Option<String>,
}

/// `complete_follow_up`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteFollowUpArgs {
    /// Incident ID or unique prefix.
    pub id: String,
    /// The action's number, counted from 1 (`number` in `list_actions`).
    pub number: usize,
    /// Mark it not done instead.
    #[serde(default)]
    pub undo: bool,
    /// Who is writing (an agent or person): written as the entry's `Reported By` field when the
    /// change writes something and the entry has no `Reported By` yet; an existing one is kept.
    pub reported_by: Option<String>,
}

/// `add_related_log`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddRelatedLogArgs {
    /// Incident ID or unique prefix.
    pub id: String,
    /// The link text, or the whole item when there is no target.
    pub text: String,
    /// The link target, such as `../logs/LOGS.md#2026-03-02-deploy`.
    pub target: Option<String>,
    /// Who is writing (an agent or person): written as the entry's `Reported By` field when the
    /// change writes something and the entry has no `Reported By` yet; an existing one is kept.
    pub reported_by: Option<String>,
}

/// `evaluate_trigger`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriggerArgs {
    /// The trigger: availability, data-integrity, unresolved-after-attempts,
    /// approval-denied or production-deletion (incident://policy lists them).
    pub kind: String,
    /// The measured value: availability in percent (`99.5`), or the number of failed attempts.
    pub value: Option<String>,
    /// Title of the incident to log (default: the trigger's suggestion).
    pub title: Option<String>,
    /// De-duplication key (default: `trigger:<kind>`): while an open incident carries it, a
    /// firing trigger returns that incident instead of logging another.
    pub dedup_key: Option<String>,
    /// Who is writing; written as the entry's `Reported By` field.
    pub reported_by: Option<String>,
}
