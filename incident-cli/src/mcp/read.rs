//! The read tools. None of them writes: the file stays byte-identical.

use crate::commands::FindingJson;
use incident_core::{Finding, Incident, Level, Report, ReportEntry, Status, Window};
use incident_md::{CheckContext, Document, Entry, FieldName, check_document};
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::CallToolResult;
use rmcp::{ErrorData, tool, tool_router};
use serde_json::json;

use super::args::{ActionsArgs, IdArgs, ListArgs, ReportArgs};
use super::reply::{Reply, ToolError, date, object, record, resolve, respond, severity};
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

/// Entries whose incident could be read (check_log reports the others).
fn readable(doc: &Document) -> impl Iterator<Item = (&Entry, &Incident)> {
    doc.incidents()
        .iter()
        .filter_map(|e| e.incident.as_ref().map(|i| (e, i)))
}

/// IDs of entries left out because a required field could not be read.
fn skipped(doc: &Document) -> Vec<&str> {
    doc.incidents()
        .iter()
        .filter(|e| e.incident.is_none())
        .map(|e| e.id.as_str())
        .collect()
}

/// The library's checks of the whole log.
fn findings(s: &Settings, doc: &Document) -> Vec<Finding> {
    let context = CheckContext::new(s.now())
        .with_calendar(s.calendar.clone())
        .with_siblings(incident_md::fs::siblings(
            &s.path,
            &std::env::current_dir().unwrap_or_default(),
        ));
    check_document(doc, &context)
}

/// The value of a field the entry keeps but the typed incident does not.
pub fn label(entry: &Entry, name: FieldName) -> Option<String> {
    entry.field(name).and_then(|f| f.value()).map(str::to_owned)
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
    let doc = load(s)?;
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
    let selected: Vec<&Entry> = readable(&doc)
        .filter(|(_, i)| wanted(i))
        .map(|(e, _)| e)
        .collect();
    let page = selected
        .iter()
        .skip(start)
        .take(limit)
        .map(|e| record(&doc, e))
        .collect::<Result<Vec<_>, _>>()?;
    let end = start.saturating_add(page.len());
    object(json!({
        "incidents": page,
        "total": selected.len(),
        "next_cursor": (end < selected.len()).then(|| end.to_string()),
        "unreadable": skipped(&doc),
    }))
}

/// The typed incident with what an agent needs to act on it.
pub fn describe(s: &Settings, doc: &Document, entry: &Entry) -> Reply {
    let incident = record(doc, entry)?;
    let typed = entry.incident.as_ref().expect("record checked it");
    let policy = &doc.log().policy;
    let all = findings(s, doc);
    let open: Vec<FindingJson> = all
        .iter()
        .filter(|f| f.incident.as_deref() == Some(entry.id.as_str()))
        .map(|f| FindingJson::new(doc, f))
        .collect();
    object(json!({
        "incident": incident,
        "reported_by": label(entry, FieldName::ReportedBy),
        "dedup_key": label(entry, FieldName::DedupKey),
        "deadline": typed.response_deadline(policy, &s.calendar),
        "response_status": typed.response_status(policy, &s.calendar, s.now()),
        "findings": open,
    }))
}

fn get(s: &Settings, id: &str) -> Reply {
    let doc = load(s)?;
    let entry = resolve(&doc, id)?;
    describe(s, &doc, entry)
}

fn check(s: &Settings) -> Reply {
    let doc = load(s)?;
    let all = findings(s, &doc);
    let errors = all.iter().filter(|f| f.level == Level::Error).count();
    object(json!({
        "findings": all.iter().map(|f| FindingJson::new(&doc, f)).collect::<Vec<_>>(),
        "errors": errors,
        "warnings": all.len() - errors,
        "incidents": doc.incidents().len(),
    }))
}

fn sla(s: &Settings) -> Reply {
    let doc = load(s)?;
    let policy = &doc.log().policy;
    let now = s.now();
    // As `incident sla`: a cancelled incident (false alarm, duplicate) owes no response.
    let rows: Vec<_> = readable(&doc)
        .filter(|(_, i)| !i.is_cancelled())
        .map(|(e, i)| {
            json!({
                "id": e.id,
                "severity": i.severity,
                "detected": i.detected,
                "deadline": i.response_deadline(policy, &s.calendar),
                "acknowledged": i.acknowledged,
                "status": i.response_status(policy, &s.calendar, now),
                "met_by": i.response(policy, &s.calendar, now).met_by(),
            })
        })
        .collect();
    object(json!({ "incidents": rows, "unreadable": skipped(&doc) }))
}

fn actions(s: &Settings, args: &ActionsArgs) -> Reply {
    let doc = load(s)?;
    let now = s.now();
    let owner = args.owner.as_deref().map(|o| o.trim_start_matches('@'));
    let mut items = Vec::new();
    for (e, i) in readable(&doc) {
        for (k, f) in i.follow_ups.iter().enumerate() {
            let overdue = f.is_overdue(now);
            if (args.open && f.done)
                || (args.overdue && !overdue)
                || owner.is_some_and(|o| f.assignee.as_deref() != Some(o))
            {
                continue;
            }
            let mut item = json!({ "incident": e.id, "number": k + 1, "overdue": overdue });
            if let (Some(map), serde_json::Value::Object(fields)) = (
                item.as_object_mut(),
                serde_json::to_value(f).unwrap_or_default(),
            ) {
                map.extend(fields);
            }
            items.push(item);
        }
    }
    object(json!({ "actions": items, "unreadable": skipped(&doc) }))
}

fn report(s: &Settings, args: &ReportArgs) -> Reply {
    let window = Window::new(
        date("since", args.since.as_deref())?,
        date("until", args.until.as_deref())?,
    );
    let doc = load(s)?;
    let entries: Vec<ReportEntry> = readable(&doc)
        .map(|(e, i)| ReportEntry::new(i, &e.id, &e.anchor))
        .collect();
    let report = Report::build(&entries, &doc.log().policy, &s.calendar, s.now(), window);
    object(report)
}

/// What `incident explain --format json` prints: how the log was read (its dialect, each entry,
/// what was skipped and why, where a new entry goes).
fn explain(s: &Settings) -> Reply {
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
