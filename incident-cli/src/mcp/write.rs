//! The write tools, routed only when writes are allowed. Each one takes the log's lock and
//! saves atomically ([`LogFile::edit`], as the CLI does), and returns the incident after the
//! change with the unified diff it made. In a directory of postmortems, an edit changes only the
//! file that holds the incident, and `create_incident` writes a new file.

use incident_core::{
    FollowUp, Incident, RelatedLog, Signal, StepTime, Transition, TriggerKind, escalate,
};
use incident_md::diff::unified_diff;
use incident_md::fs::{LogDir, LogFile, LogOnDisk};
use incident_md::{AddOptions, Document, Entry, FieldName, IncidentRecord};
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::CallToolResult;
use rmcp::{ErrorData, tool, tool_router};
use serde_json::{Value, json};
use std::path::Path;

use super::args::{
    AckArgs, AddFollowUpArgs, AddRelatedLogArgs, CompleteFollowUpArgs, CreateArgs, ResolveArgs,
    SetFieldArgs, TriggerArgs,
};
use super::read::{describe, policy_doc};
use super::reply::{Reply, ToolError, date, find, resolve, respond, timestamp};
use super::{IncidentServer, Settings};

/// The write tools' names: a call to one of them on a read-only server gets a message saying
/// how to enable writes.
pub const TOOLS: [&str; 8] = [
    "create_incident",
    "acknowledge",
    "resolve",
    "set_field",
    "add_follow_up",
    "complete_follow_up",
    "add_related_log",
    "evaluate_trigger",
];

/// How diffs and replies name a file: relative to the working directory when inside it.
fn label_of(path: &Path) -> String {
    crate::context::display_relative(path)
}

/// The incident after a change, with the diff and whether anything changed.
fn after(
    s: &Settings,
    path: &Path,
    doc: &Document,
    entry: &Entry,
    file: Option<String>,
    diff: String,
) -> Reply {
    let mut reply = describe(s, path, doc, entry, file)?;
    if let Value::Object(map) = &mut reply {
        map.insert("changed".into(), Value::Bool(!diff.is_empty()));
        map.insert("diff".into(), Value::String(diff));
    }
    Ok(reply)
}

/// The file to edit for the incident `id`: the log, or in a directory the one postmortem that
/// holds it (with the incident's full ID and the file's name for replies).
fn file_for(s: &Settings, id: &str) -> Result<(LogFile, String, Option<String>), ToolError> {
    match LogOnDisk::open(&s.path)? {
        LogOnDisk::Dir(dir) => {
            let set = dir.read()?;
            let (part, entry) = find(&set, id)?;
            let (file, id) = dir.file_of(&entry.id)?;
            Ok((file, id, Some(label_of(&part.path))))
        }
        _ => Ok((LogFile::open(&s.path)?, id.to_owned(), None)),
    }
}

/// Applies `change` to the incident `id` names, under the lock of the file that holds it. When
/// the change writes something, `reported_by` is written as the entry's `Reported By` field
/// unless it has one: the field names who brought the entry in, so later writers do not
/// overwrite it (their changes are in the diff and in git), and a change that writes nothing
/// records no writer.
fn edit(
    s: &Settings,
    id: &str,
    reported_by: Option<&str>,
    change: impl FnOnce(&mut Document, &str) -> Result<(), ToolError>,
) -> Reply {
    let (log, id, file) = file_for(s, id)?;
    let path = log.path().to_path_buf();
    let (reply, _) = log.edit(|doc| {
        let id = resolve(doc, &id)?.id.clone();
        let before = doc.to_string();
        change(doc, &id)?;
        let writer = reported_by.map(str::trim).filter(|w| !w.is_empty());
        if let Some(writer) = writer
            && doc.as_str() != before
            && resolve(doc, &id)?.value_of(FieldName::ReportedBy).is_none()
        {
            doc.set_field(&id, FieldName::ReportedBy, writer)?;
        }
        let diff = unified_diff(&label_of(&path), &before, &doc.to_string());
        let entry = resolve(doc, &id)?;
        after(s, &path, doc, entry, file, diff)
    })?;
    Ok(reply)
}

/// Where a step's time comes from: the call's `at`, or the clock (a retried call changes
/// nothing).
fn step_time(given: Option<chrono::DateTime<chrono::Utc>>) -> StepTime {
    match given {
        Some(_) => StepTime::Given,
        None => StepTime::Clock,
    }
}

/// The open (unresolved) incident whose `Dedup Key` field is `key`.
fn open_with_key<'d>(doc: &'d Document, key: &str) -> Option<&'d Entry> {
    doc.incidents().iter().find(|e| {
        e.incident.as_ref().is_some_and(|i| i.resolved.is_none())
            && e.value_of(FieldName::DedupKey) == Some(key.trim())
    })
}

/// Writes `reported_by` and the dedup key into the entry just added.
fn mark_new(
    doc: &mut Document,
    id: &str,
    dedup_key: Option<&str>,
    reported_by: Option<&str>,
) -> Result<(), ToolError> {
    for (name, value) in [
        (FieldName::ReportedBy, reported_by),
        (FieldName::DedupKey, dedup_key),
    ] {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            doc.set_field(id, name, value.trim())?;
        }
    }
    Ok(())
}

/// Adds `incident` unless an open one carries `dedup_key`; writes `reported_by` and the key
/// into the new entry. In a directory of postmortems the incident is a new file, named and
/// written as `incident new` writes one there ([`LogDir::create`]).
fn add(
    s: &Settings,
    incident: &Incident,
    dedup_key: Option<&str>,
    reported_by: Option<&str>,
) -> Reply {
    if let LogOnDisk::Dir(dir) = LogOnDisk::open(&s.path)? {
        return add_file(s, &dir, incident, dedup_key, reported_by);
    }
    let log = LogFile::open(&s.path)?;
    let path = log.path().to_path_buf();
    let (reply, _) = log.edit(|doc| {
        if let Some(entry) = dedup_key.and_then(|k| open_with_key(doc, k)) {
            let mut reply = after(s, &path, doc, entry, None, String::new())?;
            reply["created"] = Value::Bool(false);
            return Ok(reply);
        }
        let before = doc.to_string();
        let added = doc.add_incident(incident, &AddOptions::learned(doc, s.order))?;
        mark_new(doc, &added.id, dedup_key, reported_by)?;
        let diff = unified_diff(&label_of(&path), &before, &doc.to_string());
        let entry = resolve(doc, &added.id)?;
        let mut reply = after(s, &path, doc, entry, None, diff)?;
        reply["created"] = Value::Bool(true);
        Ok::<_, ToolError>(reply)
    })?;
    Ok(reply)
}

/// [`add`] in a directory: an open incident with the key in any file is returned; else a new
/// file is created (never replacing one), then the writer and key are spliced into it under
/// its lock. The diff is the whole new file.
fn add_file(
    s: &Settings,
    dir: &LogDir,
    incident: &Incident,
    dedup_key: Option<&str>,
    reported_by: Option<&str>,
) -> Reply {
    let set = dir.read()?;
    let open = dedup_key.and_then(|k| {
        set.parts()
            .iter()
            .find_map(|p| open_with_key(&p.doc, k).map(|e| (p, e)))
    });
    if let Some((part, entry)) = open {
        let file = Some(label_of(&part.path));
        let mut reply = after(s, &part.path, &part.doc, entry, file, String::new())?;
        reply["created"] = Value::Bool(false);
        return Ok(reply);
    }
    let new = dir.create(incident)?;
    let name = label_of(&new.path);
    let (reply, _) = LogFile::open(&new.path)?.edit(|doc| {
        mark_new(doc, &new.id, dedup_key, reported_by)?;
        let diff = unified_diff(&name, "", &doc.to_string());
        let entry = resolve(doc, &new.id)?;
        let mut reply = after(s, &new.path, doc, entry, Some(name.clone()), diff)?;
        reply["created"] = Value::Bool(true);
        Ok::<_, ToolError>(reply)
    })?;
    Ok(reply)
}

fn create(s: &Settings, args: &CreateArgs) -> Reply {
    // The same record `new --from-json` reads, so both accept the same values.
    let json = serde_json::to_value(args).map_err(|e| ToolError::new(e.to_string()))?;
    // Times without an offset are local to the team's zone, as in `new --from-json`.
    let record =
        IncidentRecord::from_json(&json.to_string(), s.calendar.timezone()).map_err(|e| {
            ToolError::new(format!(
                "invalid incident: {e}. Severity is CRITICAL, HIGH, MEDIUM or LOW; times are ISO \
             8601 like 2026-01-31T14:05:00Z (without an offset: the team's zone); due dates \
             YYYY-MM-DD"
            ))
        })?;
    let incident = record.into_incident(s.now());
    add(
        s,
        &incident,
        args.dedup_key.as_deref(),
        args.reported_by.as_deref(),
    )
}

fn set_field(s: &Settings, args: &SetFieldArgs) -> Reply {
    let title = args.field.trim().eq_ignore_ascii_case("title");
    let field = match args.field.parse::<FieldName>() {
        _ if title => None,
        Ok(FieldName::Id) => {
            return Err(ToolError::new(
                "the ID is written once and never changes; set another field",
            ));
        }
        Ok(FieldName::DedupKey) => {
            return Err(ToolError::new(
                "the Dedup Key is set by create_incident and evaluate_trigger only",
            ));
        }
        Ok(f) => Some(f),
        Err(_) => {
            return Err(ToolError::new(format!(
                "unknown field `{}`: use Title, Severity, Category, Detected, Acknowledged, \
                 Resolved, Description, Impact, Root Cause, Resolution, Follow-up Actions, \
                 Lessons Learned, Related Logs or Reported By",
                args.field
            )));
        }
    };
    edit(s, &args.id, args.reported_by.as_deref(), |doc, id| {
        match field {
            None => doc.set_title(id, &args.value)?,
            Some(f) => doc.set_field(id, f, &args.value)?,
        };
        Ok(())
    })
}

fn evaluate(s: &Settings, args: &TriggerArgs) -> Reply {
    let kind: TriggerKind = args.kind.trim().parse().map_err(|_| {
        use strum::IntoEnumIterator;
        let kinds: Vec<&str> = TriggerKind::iter().map(<&str>::from).collect();
        ToolError::new(format!(
            "unknown trigger `{}`: use one of {}",
            args.kind,
            kinds.join(", ")
        ))
    })?;
    let signal = Signal::from_kind(kind, args.value.as_deref()).map_err(|e| {
        ToolError::new(format!(
            "{e}: `value` is the availability in percent (like 99.5) for availability, the \
             number of failed attempts for unresolved-after-attempts"
        ))
    })?;
    let doc = policy_doc(s)?;
    let escalated = escalate(&doc.log().policy, &signal, s.now());
    let reason = escalated.escalation.reason.clone();
    let Some(mut incident) = escalated.incident else {
        return Ok(json!({
            "triggered": false, "reason": reason, "created": false, "changed": false, "diff": "",
        }));
    };
    if let Some(title) = &args.title {
        incident.title = title.clone();
    }
    let key = args
        .dedup_key
        .clone()
        .unwrap_or_else(|| format!("trigger:{}", <&str>::from(kind)));
    let mut reply = add(s, &incident, Some(&key), args.reported_by.as_deref())?;
    reply["triggered"] = Value::Bool(true);
    reply["reason"] = Value::String(reason);
    Ok(reply)
}

#[tool_router(router = write_router, vis = "pub(super)")]
impl IncidentServer {
    /// `create_incident`.
    #[tool(
        description = "Log a new incident (the fields of `incident new --from-json`). With dedup_key, an open incident carrying that key is returned instead (created: false). reported_by is written as the entry's Reported By field. Returns the incident and the diff."
    )]
    async fn create_incident(
        &self,
        Parameters(args): Parameters<CreateArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        respond(self.blocking(move |s| create(s, &args)).await)
    }

    /// `acknowledge`.
    #[tool(
        description = "Record when an incident was acknowledged (default: now). Returns the incident and the diff."
    )]
    async fn acknowledge(
        &self,
        Parameters(args): Parameters<AckArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        respond(
            self.blocking(move |s| {
                let given = timestamp("at", args.at.as_deref())?;
                let at = given.unwrap_or_else(|| s.now());
                edit(s, &args.id, args.reported_by.as_deref(), |doc, id| {
                    doc.take_step(id, &Transition::Acknowledge(at), s.now(), step_time(given))?;
                    Ok(())
                })
            })
            .await,
        )
    }

    /// `resolve`.
    #[tool(
        description = "Record when an incident was resolved (default: now), and optionally how. Returns the incident and the diff."
    )]
    async fn resolve(
        &self,
        Parameters(args): Parameters<ResolveArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        respond(
            self.blocking(move |s| {
                let given = timestamp("at", args.at.as_deref())?;
                let at = given.unwrap_or_else(|| s.now());
                edit(s, &args.id, args.reported_by.as_deref(), |doc, id| {
                    doc.take_step(id, &Transition::Resolve(at), s.now(), step_time(given))?;
                    if let Some(r) = &args.resolution {
                        doc.set_field(id, FieldName::Resolution, r)?;
                    }
                    Ok(())
                })
            })
            .await,
        )
    }

    /// `set_field`.
    #[tool(
        description = "Set or replace one field of an incident (or its Title); only that field's bytes change. Returns the incident and the diff."
    )]
    async fn set_field(
        &self,
        Parameters(args): Parameters<SetFieldArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        respond(self.blocking(move |s| set_field(s, &args)).await)
    }

    /// `add_follow_up`.
    #[tool(
        description = "Add a follow-up action (owner and due date optional) to an incident. Returns the incident and the diff."
    )]
    async fn add_follow_up(
        &self,
        Parameters(args): Parameters<AddFollowUpArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        respond(
            self.blocking(move |s| {
                let mut follow_up = FollowUp::new(args.action.trim());
                if let Some(who) = &args.assignee {
                    follow_up = follow_up.assignee(who.trim());
                }
                if let Some(due) = date("due", args.due.as_deref())? {
                    follow_up = follow_up.due(due);
                }
                edit(s, &args.id, args.reported_by.as_deref(), |doc, id| {
                    doc.add_follow_up(id, &follow_up)?;
                    Ok(())
                })
            })
            .await,
        )
    }

    /// `complete_follow_up`.
    #[tool(
        description = "Mark follow-up action N (counted from 1, as list_actions numbers them) done, or not done with undo. Returns the incident and the diff."
    )]
    async fn complete_follow_up(
        &self,
        Parameters(args): Parameters<CompleteFollowUpArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        respond(
            self.blocking(move |s| {
                edit(s, &args.id, args.reported_by.as_deref(), |doc, id| {
                    doc.set_follow_up_done(id, args.number, !args.undo)?;
                    Ok(())
                })
            })
            .await,
        )
    }

    /// `add_related_log`.
    #[tool(
        description = "Add a related log entry (a link to LOGS.md or any target, or plain text) to an incident. Returns the incident and the diff."
    )]
    async fn add_related_log(
        &self,
        Parameters(args): Parameters<AddRelatedLogArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        respond(
            self.blocking(move |s| {
                let log = RelatedLog::new(args.text.trim(), args.target.clone());
                edit(s, &args.id, args.reported_by.as_deref(), |doc, id| {
                    doc.add_related_log(id, &log)?;
                    Ok(())
                })
            })
            .await,
        )
    }

    /// `evaluate_trigger`.
    #[tool(
        description = "Evaluate an escalation trigger of the log's policy; when it fires, log the incident it calls for, unless an open incident already carries its dedup key (default trigger:<kind>). Returns triggered, reason, and the incident and diff."
    )]
    async fn evaluate_trigger(
        &self,
        Parameters(args): Parameters<TriggerArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        respond(self.blocking(move |s| evaluate(s, &args)).await)
    }
}
