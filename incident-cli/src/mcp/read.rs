//! The read tools. None of them writes: the file stays byte-identical.

use crate::commands::FindingJson;
use incident_core::{Finding, Incident, Level, Report, ReportEntry, Status, Window};
use incident_md::fs::{LogOnDisk, LogPart, LogSet};
use incident_md::{CheckContext, Document, Entry, FieldName, check_document};
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::CallToolResult;
use rmcp::{ErrorData, tool, tool_router};
use serde_json::json;
use std::path::Path;

use super::args::{ActionsArgs, IdArgs, ListArgs, ReportArgs};
use super::reply::{Reply, ToolError, date, find, in_file, object, record, respond, severity};
use super::{IncidentServer, Settings};

/// The largest page of `list_incidents`.
const MAX_LIMIT: usize = 500;
/// The page size when the client gives none.
const DEFAULT_LIMIT: usize = 50;

/// The log, read and parsed as the CLI reads it: in the configured zone, with the `[dialect]`
/// overrides of `.incident.toml` ([`incident_md::fs::LogFile::read`]).
pub fn load(s: &Settings) -> Result<Document, ToolError> {
    incident_md::fs::LogFile::open(&s.path)
        .and_then(|log| log.read())
        .map_err(ToolError::from)
}

/// The whole log as the CLI reads it: the one file, or every postmortem of a directory
/// ([`LogOnDisk::read`]), each in the configured zone and dialect.
pub fn load_set(s: &Settings) -> Result<LogSet, ToolError> {
    LogOnDisk::open(&s.path)
        .and_then(|log| log.read())
        .map_err(ToolError::from)
}

/// The document whose policy governs the log: the file, or a directory's first postmortem (a
/// directory without any has the seed's policy).
pub fn policy_doc(s: &Settings) -> Result<Document, ToolError> {
    if !s.path.is_dir() {
        return load(s);
    }
    let set = load_set(s)?;
    match set.parts().first() {
        Some(part) => Ok(part.doc.clone()),
        None => "".parse().map_err(ToolError::from),
    }
}

/// The file a part is, as findings and records name it: only in a directory.
pub fn file_label(set: &LogSet, part: &LogPart) -> Option<String> {
    set.is_directory()
        .then(|| crate::context::display_relative(&part.path))
}

/// Entries whose incident could be read (check_log reports the others), with their file.
fn readable(set: &LogSet) -> impl Iterator<Item = (&LogPart, &Entry, &Incident)> {
    set.entries()
        .filter_map(|(p, e)| e.incident.as_ref().map(|i| (p, e, i)))
}

/// IDs of entries left out because a required field could not be read.
fn skipped(set: &LogSet) -> Vec<&str> {
    set.entries()
        .filter(|(_, e)| e.incident.is_none())
        .map(|(_, e)| e.id.as_str())
        .collect()
}

/// The library's checks of one file of the log (its siblings are beside it).
fn findings(s: &Settings, path: &Path, doc: &Document) -> Vec<Finding> {
    let context = CheckContext::new(s.now())
        .with_calendar(s.calendar.clone())
        .with_siblings(incident_md::fs::siblings(
            path,
            &std::env::current_dir().unwrap_or_default(),
        ));
    check_document(doc, &context)
}

fn list(s: &Settings, args: &ListArgs) -> Reply {
    let severities = args
        .severity
        .iter()
        .map(|t| severity(t))
        .collect::<Result<Vec<_>, _>>()?;
    let status = args
        .status
        .as_deref()
        .map(|t| {
            t.parse::<Status>().map_err(|_| {
                ToolError::new(format!("status `{t}` is unknown: use `open` or `resolved`"))
            })
        })
        .transpose()?;
    let window = Window::new(
        date("since", args.since.as_deref())?,
        date("until", args.until.as_deref())?,
    );
    let start = match args.cursor.as_deref() {
        None => 0,
        Some(c) => c.parse::<usize>().map_err(|_| {
            ToolError::new(format!(
                "cursor `{c}` is not one this server gave: pass `next_cursor` from the previous page, or omit it"
            ))
        })?,
    };
    let limit = args.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let set = load_set(s)?;
    let category = args.category.as_deref().map(|c| c.trim_matches('`'));
    let wanted = |i: &Incident| {
        (severities.is_empty() || severities.contains(&i.severity))
            && category.is_none_or(|c| {
                i.category
                    .as_deref()
                    .is_some_and(|ic| ic.trim_matches('`').eq_ignore_ascii_case(c))
            })
            && status.is_none_or(|st| i.status() == st)
            && window.contains(i.detected)
    };
    let selected: Vec<(&LogPart, &Entry)> = readable(&set)
        .filter(|(_, _, i)| wanted(i))
        .map(|(p, e, _)| (p, e))
        .collect();
    let page = selected
        .iter()
        .skip(start)
        .take(limit)
        .map(|(p, e)| in_file(record(&p.doc, e)?, file_label(&set, p)))
        .collect::<Result<Vec<_>, _>>()?;
    let end = start.saturating_add(page.len());
    object(json!({
        "incidents": page,
        "total": selected.len(),
        "next_cursor": (end < selected.len()).then(|| end.to_string()),
        "unreadable": skipped(&set),
    }))
}

/// The typed incident with what an agent needs to act on it; in a directory, with the file
/// that holds it (`file`, also on each finding).
pub fn describe(
    s: &Settings,
    path: &Path,
    doc: &Document,
    entry: &Entry,
    file: Option<String>,
) -> Reply {
    let incident = record(doc, entry)?;
    let typed = entry.incident.as_ref().expect("record checked it");
    let policy = &doc.log().policy;
    let all = findings(s, path, doc);
    let open: Vec<FindingJson> = all
        .iter()
        .filter(|f| f.incident.as_deref() == Some(entry.id.as_str()))
        .map(|f| match &file {
            Some(file) => FindingJson::new(doc, f).in_file(file.clone()),
            None => FindingJson::new(doc, f),
        })
        .collect();
    let reply = json!({
        "incident": incident,
        "reported_by": entry.value_of(FieldName::ReportedBy),
        "dedup_key": entry.value_of(FieldName::DedupKey),
        "deadline": typed.response_deadline(policy, &s.calendar),
        "response_status": typed.response_status(policy, &s.calendar, s.now()),
        "findings": open,
    });
    in_file(reply, file)
}

fn get(s: &Settings, id: &str) -> Reply {
    let set = load_set(s)?;
    let (part, entry) = find(&set, id)?;
    describe(s, &part.path, &part.doc, entry, file_label(&set, part))
}

/// The findings of every file, each naming its file in a directory; an ID that more than one
/// file holds is a finding (MD020) on the later files, as `check` reports it.
fn check(s: &Settings) -> Reply {
    let set = load_set(s)?;
    let mut out = Vec::new();
    let (mut errors, mut total) = (0, 0);
    let across = set.ids_in_several_files();
    for part in set.parts() {
        let mut found = findings(s, &part.path, &part.doc);
        for (id, parts) in &across {
            if let (true, Some(entry)) =
                (parts.iter().any(|p| p.path == part.path), part.doc.get(id))
            {
                let first = set
                    .entries()
                    .find(|(_, e)| e.id == *id)
                    .map(|(p, _)| crate::context::display_relative(&p.path))
                    .unwrap_or_default();
                found.push(
                    Finding::new(
                        incident_core::Code::DuplicateIdAcrossFiles,
                        format!("incident ID `{id}` is also the ID of an incident in {first}"),
                        entry.span.start..entry.span.start,
                    )
                    .with_incident(*id),
                );
            }
        }
        errors += found.iter().filter(|f| f.level == Level::Error).count();
        total += found.len();
        let file = file_label(&set, part);
        for f in &found {
            let json = FindingJson::new(&part.doc, f);
            let json = match &file {
                Some(file) => json.in_file(file.clone()),
                None => json,
            };
            out.push(serde_json::to_value(json).map_err(|e| ToolError::new(e.to_string()))?);
        }
    }
    object(json!({
        "findings": out,
        "errors": errors,
        "warnings": total - errors,
        "incidents": set.len(),
    }))
}

fn sla(s: &Settings) -> Reply {
    let set = load_set(s)?;
    let now = s.now();
    // As `incident sla`: a cancelled incident (false alarm, duplicate) owes no response.
    let rows: Vec<_> = readable(&set)
        .filter(|(_, _, i)| !i.is_cancelled())
        .map(|(p, e, i)| {
            let policy = &p.doc.log().policy;
            let row = json!({
                "id": e.id,
                "severity": i.severity,
                "detected": i.detected,
                "deadline": i.response_deadline(policy, &s.calendar),
                "acknowledged": i.acknowledged,
                "status": i.response_status(policy, &s.calendar, now),
                "met_by": i.response(policy, &s.calendar, now).met_by(),
            });
            in_file(row, file_label(&set, p))
        })
        .collect::<Result<_, _>>()?;
    object(json!({ "incidents": rows, "unreadable": skipped(&set) }))
}

fn actions(s: &Settings, args: &ActionsArgs) -> Reply {
    let set = load_set(s)?;
    let now = s.now();
    let owner = args.owner.as_deref().map(|o| o.trim_start_matches('@'));
    let mut items = Vec::new();
    for (p, e, i) in readable(&set) {
        for (k, f) in i.follow_ups.iter().enumerate() {
            let overdue = f.is_overdue(now);
            if (args.open && f.done)
                || (args.overdue && !overdue)
                || owner.is_some_and(|o| f.assignee.as_deref() != Some(o))
            {
                continue;
            }
            let mut item = in_file(
                json!({ "incident": e.id, "number": k + 1, "overdue": overdue }),
                file_label(&set, p),
            )?;
            if let (Some(map), serde_json::Value::Object(fields)) = (
                item.as_object_mut(),
                serde_json::to_value(f).unwrap_or_default(),
            ) {
                map.extend(fields);
            }
            items.push(item);
        }
    }
    object(json!({ "actions": items, "unreadable": skipped(&set) }))
}

fn report(s: &Settings, args: &ReportArgs) -> Reply {
    let window = Window::new(
        date("since", args.since.as_deref())?,
        date("until", args.until.as_deref())?,
    );
    let set = load_set(s)?;
    let entries: Vec<ReportEntry> = readable(&set)
        .map(|(_, e, i)| ReportEntry::new(i, &e.id, &e.anchor))
        .collect();
    let policy = policy_doc(s)?.log().policy.clone();
    let report = Report::build(&entries, &policy, &s.calendar, s.now(), window);
    object(report)
}

/// What `incident explain --format json` prints: how the log was read (its dialect, each entry,
/// what was skipped and why, where a new entry goes).
fn explain(s: &Settings) -> Reply {
    if let LogOnDisk::Dir(dir) = LogOnDisk::open(&s.path)? {
        return object(dir.explain(s.now().date_naive())?);
    }
    let doc = load(s)?;
    object(incident_md::dialect::explain(&doc, s.now().date_naive()))
}

#[tool_router(router = read_router, vis = "pub(super)")]
impl IncidentServer {
    /// `list_incidents`.
    #[tool(
        description = "List incidents, newest first as in the file, filtered by severity, category, status (open/resolved) and detection date (since/until, YYYY-MM-DD); paged with cursor/limit.",
        annotations(read_only_hint = true)
    )]
    async fn list_incidents(
        &self,
        Parameters(args): Parameters<ListArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        respond(self.blocking(move |s| list(s, &args)).await)
    }

    /// `get_incident`.
    #[tool(
        description = "One incident by ID or unique prefix: its fields, response deadline, response status and the open check findings about it.",
        annotations(read_only_hint = true)
    )]
    async fn get_incident(
        &self,
        Parameters(args): Parameters<IdArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        respond(self.blocking(move |s| get(s, &args.id)).await)
    }

    /// `check_log`.
    #[tool(
        description = "Check the log's structure, post-incident requirements and response times; findings as `incident check --format json` gives them.",
        annotations(read_only_hint = true)
    )]
    async fn check_log(&self) -> Result<CallToolResult, ErrorData> {
        respond(self.blocking(check).await)
    }

    /// `sla_status`.
    #[tool(
        description = "Response deadline and response status (met, breached, pending, overdue) of every incident.",
        annotations(read_only_hint = true)
    )]
    async fn sla_status(&self) -> Result<CallToolResult, ErrorData> {
        respond(self.blocking(sla).await)
    }

    /// `list_actions`.
    #[tool(
        description = "Follow-up actions across incidents, with their incident and number; filter open, overdue, or by owner.",
        annotations(read_only_hint = true)
    )]
    async fn list_actions(
        &self,
        Parameters(args): Parameters<ActionsArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        respond(self.blocking(move |s| actions(s, &args)).await)
    }

    /// `get_report`.
    #[tool(
        description = "Metrics for a review meeting (counts, response times, SLA, follow-ups) over detection dates since/until (YYYY-MM-DD), as `incident report --format json`.",
        annotations(read_only_hint = true)
    )]
    async fn get_report(
        &self,
        Parameters(args): Parameters<ReportArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        respond(self.blocking(move |s| report(s, &args)).await)
    }

    /// `explain_log`.
    #[tool(
        description = "How the log was read, as `incident explain --format json`: the format (dialect) learned from the file with the line each part came from, every entry found (ID, severity, detected, status), what was skipped and why, and where a new entry would go.",
        annotations(read_only_hint = true)
    )]
    async fn explain_log(&self) -> Result<CallToolResult, ErrorData> {
        respond(self.blocking(explain).await)
    }
}
