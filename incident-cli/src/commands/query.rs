//! Commands that read the log: list, show, actions, sla, report.

use incident_core::{Incident, Severity, Status, Window};
use incident_md::fs::{LogPart, LogSet};
use incident_md::{Document, Entry, RecordJson};
use serde::Serialize;

use super::Outcome;
use crate::card::{CardContext, render_card};
use crate::cli::{ActionsArgs, ListArgs, ListFormat, ShowFormat, StatusFilter, TableFormat};
use crate::context::Context;
use crate::error::CliError;
use crate::output::{
    StreamedOutput, json, rows_as, severity_style, state_style, styled_table, time_cell,
};
use crate::summary::short_duration;
use anstyle::Style;
use incident_core::ResponseStatus;

/// A note for standard error when entries were left out because they could not be read.
pub(super) fn skipped_note(log: &LogSet) -> String {
    let skipped: Vec<&str> = log
        .entries()
        .filter(|(_, e)| e.incident.is_none())
        .map(|(_, e)| e.id.as_str())
        .collect();
    if skipped.is_empty() {
        return String::new();
    }
    format!(
        "note: {} entr{} left out because a required field could not be read ({}); run `incident check`\n",
        skipped.len(),
        if skipped.len() == 1 { "y" } else { "ies" },
        skipped.join(", ")
    )
}

/// Entries whose incident could be read (the others are reported by `check`), across every
/// file of the log, each with its file.
pub(super) fn readable_in(log: &LogSet) -> impl Iterator<Item = (&LogPart, &Entry, &Incident)> {
    log.entries()
        .filter_map(|(p, e)| e.incident.as_ref().map(|i| (p, e, i)))
}

/// `list --format json`: what `StreamedOutput::new` wrote of the entries' [`IncidentRecord`]s (a
/// pretty-printed array, a final newline), written directly, a record at a time, from the
/// entries themselves (no record is built).
fn write_records(
    out: &mut impl std::io::Write,
    entries: &[(&Document, &Entry)],
) -> std::io::Result<()> {
    let mut empty = true;
    for record in entries
        .iter()
        .filter_map(|(doc, e)| RecordJson::of_entry(doc, e))
    {
        out.write_all(if empty { b"[\n  " } else { b",\n  " })?;
        empty = false;
        record.write_pretty(out, 1)?;
    }
    out.write_all(if empty { b"[]\n" } else { b"\n]\n" })
}

/// `incident list`.
pub fn list(ctx: &Context, args: &ListArgs) -> Result<Outcome, CliError> {
    let log = ctx.load_set_for_run()?;
    let severities = &args.severity;
    let window = Window::new(args.since, args.until);
    let wanted = |i: &Incident| {
        (severities.is_empty() || severities.contains(&i.severity))
            && args.category.as_ref().is_none_or(|c| {
                i.category.as_deref().is_some_and(|ic| {
                    ic.trim_matches('`')
                        .eq_ignore_ascii_case(c.trim_matches('`'))
                })
            })
            && args.status.is_none_or(|s| match s {
                StatusFilter::Open => i.status() == Status::Open,
                StatusFilter::Resolved => i.status() == Status::Resolved,
                StatusFilter::Cancelled => i.status() == Status::Cancelled,
            })
            && window.contains(i.detected)
    };
    let selected: Vec<(&LogPart, &Entry, &Incident)> =
        readable_in(log).filter(|(_, _, i)| wanted(i)).collect();
    let out = match args.format {
        ListFormat::Json => {
            let entries: Vec<(&'static Document, &'static Entry)> =
                selected.iter().map(|(p, e, _)| (&p.doc, *e)).collect();
            let json = StreamedOutput::written_by(move |out| write_records(out, &entries));
            return Ok(Outcome::print_streamed(json).with_stderr(skipped_note(log)));
        }
        format => {
            let header = ["ID", "SEVERITY", "STATUS", "CATEGORY", "DETECTED", "TITLE"];
            let rows: Vec<Vec<String>> = selected
                .iter()
                .map(|(_, e, i)| {
                    vec![
                        e.id.clone(),
                        i.severity.as_str().to_owned(),
                        i.status().to_string(),
                        i.category.clone().unwrap_or_default(),
                        crate::output::time_text(i.detected),
                        i.title.clone(),
                    ]
                })
                .collect();
            rows_as(format, &header, &rows, ctx.color, |_, c, text| match c {
                1 => severity_style(text),
                2 => state_style(text),
                _ => Style::new(),
            })
        }
    };
    Ok(Outcome::print(out).with_stderr(skipped_note(log)))
}

/// `incident show`.
pub fn show(ctx: &Context, id: &str, format: ShowFormat) -> Result<Outcome, CliError> {
    let log = ctx.load_set_for_run()?;
    let (part, entry) = log.find(id).map_err(|e| CliError::md(&ctx.path, e))?;
    let doc = &part.doc;
    Ok(Outcome::print(match format {
        ShowFormat::Text => {
            let incident = entry.incident.as_ref().ok_or_else(|| {
                CliError::Usage(format!(
                    "incident `{}` has invalid required fields; run `incident check`, or `incident show {} --format md` for the entry as written",
                    entry.id, entry.id
                ))
            })?;
            let findings = incident_md::check_document(doc, &super::check::check_context(ctx));
            let about: Vec<&incident_core::Finding> = findings
                .iter()
                .filter(|f| f.incident.as_deref() == Some(entry.id.as_str()))
                .collect();
            let cx = CardContext {
                policy: &doc.log().policy,
                calendar: &ctx.calendar,
                now: ctx.now,
                owner: entry.owner(),
            };
            render_card(&entry.id, incident, &about, &cx)
        }
        ShowFormat::Md => {
            let mut s = doc.as_str()[entry.span.clone()].to_owned();
            s.push('\n');
            s
        }
        ShowFormat::Json => {
            let record = RecordJson::of_entry(doc, entry).ok_or_else(|| {
                CliError::Usage(format!(
                    "incident `{}` has invalid required fields; run `incident check`",
                    entry.id
                ))
            })?;
            record_object(record)
        }
    }))
}

/// `show --format json`: what `json_object` wrote of the record's serde form, written directly.
fn record_object(record: RecordJson) -> String {
    let mut out = Vec::new();
    // A `Vec` takes every write.
    let _ = record
        .with_schema_version(crate::output::SCHEMA_VERSION)
        .write_pretty(&mut out, 0);
    out.push(b'\n');
    String::from_utf8_lossy(&out).into_owned()
}

/// One row of `actions --format json`: the incident's `id`, the action's number in it.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct ActionJson<'a> {
    id: &'a str,
    number: usize,
    overdue: bool,
    #[serde(flatten)]
    follow_up: &'a incident_core::FollowUp,
}

/// `incident actions`.
pub fn actions(ctx: &Context, args: &ActionsArgs) -> Result<Outcome, CliError> {
    let log = ctx.load_set_for_run()?;
    let owner = args.owner.as_deref().map(|o| o.trim_start_matches('@'));
    let mut items = Vec::new();
    for (_, e, i) in readable_in(log) {
        for (k, f) in i.follow_ups.iter().enumerate() {
            let overdue = f.is_overdue(ctx.now);
            if (args.open && f.done)
                || (args.overdue && !overdue)
                || owner.is_some_and(|o| f.assignee.as_deref() != Some(o))
            {
                continue;
            }
            items.push(ActionJson {
                id: &e.id,
                number: k + 1,
                overdue,
                follow_up: f,
            });
        }
    }
    let out = match args.format {
        ListFormat::Json => json(&items),
        format => {
            let header = [
                "INCIDENT",
                "N",
                "DONE",
                "OVERDUE",
                "DAYS OVERDUE",
                "OWNER",
                "DUE",
                "ACTION",
            ];
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|a| {
                    vec![
                        a.id.to_owned(),
                        a.number.to_string(),
                        if a.follow_up.done { "x" } else { "" }.to_owned(),
                        if a.overdue { "overdue" } else { "" }.to_owned(),
                        a.follow_up
                            .due_date()
                            .filter(|_| a.overdue)
                            .map(|d| (ctx.now.date_naive() - d).num_days().to_string())
                            .unwrap_or_default(),
                        a.follow_up
                            .assignee
                            .as_deref()
                            .map(crate::output::owner_text)
                            .unwrap_or_default(),
                        a.follow_up
                            .due
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                        a.follow_up.action.clone(),
                    ]
                })
                .collect();
            rows_as(format, &header, &rows, ctx.color, |_, c, text| match c {
                3 | 4 if !text.is_empty() => state_style("overdue"),
                _ => Style::new(),
            })
        }
    };
    Ok(Outcome::print(out).with_stderr(skipped_note(log)))
}

/// One row of `sla --format json`.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct SlaJson<'a> {
    id: &'a str,
    severity: Severity,
    detected: chrono::DateTime<chrono::Utc>,
    deadline: chrono::DateTime<chrono::Utc>,
    acknowledged: Option<chrono::DateTime<chrono::Utc>>,
    status: incident_core::ResponseStatus,
    /// The event that met the deadline: `acknowledged`, `mitigated` or `resolved`.
    met_by: Option<incident_core::ResponseEvent>,
    /// When the first response came (an acknowledgement, else a mitigation or resolution).
    #[serde(skip)]
    responded: Option<chrono::DateTime<chrono::Utc>>,
}

/// `incident sla`.
pub fn sla(ctx: &Context, format: TableFormat) -> Result<Outcome, CliError> {
    let log = ctx.load_set_for_run()?;
    // A cancelled incident (false alarm, duplicate) owes no response; each file's policy holds
    // for its incidents.
    let rows: Vec<SlaJson> = readable_in(log)
        .filter(|(_, _, i)| !i.is_cancelled())
        .map(|(p, e, i)| (&p.doc.log().policy, e, i))
        .map(|(policy, e, i)| {
            let response = i.response(policy, &ctx.calendar, ctx.now);
            SlaJson {
                id: &e.id,
                severity: i.severity,
                detected: i.detected,
                deadline: response.deadline,
                // Its Acknowledged time, else the timeline's (`14:10 — acknowledged by @dana`).
                acknowledged: i.acknowledgement(),
                status: response.status,
                met_by: response.met_by(),
                responded: response.first.map(|(_, at)| at),
            }
        })
        .collect();
    let out = match format {
        TableFormat::Json => json(&rows),
        TableFormat::Table => {
            let header = [
                "ID",
                "SEVERITY",
                "DETECTED",
                "DEADLINE",
                "ACKNOWLEDGED",
                "STATUS",
                "DUE IN / LATE BY",
            ];
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_owned(),
                        r.severity.to_string(),
                        crate::output::time_text(r.detected),
                        crate::output::time_text(r.deadline),
                        time_cell(r.acknowledged),
                        r.status.to_string(),
                        due_in(r, ctx.now),
                    ]
                })
                .collect();
            let mut out = styled_table(&header, &cells, ctx.color, |_, c, text| match c {
                1 => severity_style(text),
                5 => state_style(text),
                6 if text.starts_with("late") => state_style("breached"),
                _ => Style::new(),
            });
            let count = |s: ResponseStatus| rows.iter().filter(|r| r.status == s).count();
            // Incidents closed with no response time are counted apart, when there are any.
            let unknown = match count(ResponseStatus::Unknown) {
                0 => String::new(),
                n => format!(", {n} unknown (resolved with no response time)"),
            };
            out.push_str(&format!(
                "\n{} incident{}: {} met, {} pending, {} breached{unknown}\n",
                rows.len(),
                if rows.len() == 1 { "" } else { "s" },
                count(ResponseStatus::Met),
                count(ResponseStatus::Pending),
                count(ResponseStatus::Breached),
            ));
            out
        }
    };
    Ok(Outcome::print(out).with_stderr(skipped_note(log)))
}

/// `in 5m` before a pending deadline, `late by 2h 5m` after a missed one (to the first
/// response when there is one, else to now), `3m to spare` when met (by the first response:
/// an acknowledgement, else a mitigation or resolution).
fn due_in(row: &SlaJson, now: chrono::DateTime<chrono::Utc>) -> String {
    let at = row.responded.unwrap_or(now);
    match row.status {
        ResponseStatus::Pending => format!("in {}", short_duration(row.deadline - now)),
        ResponseStatus::Breached => format!("late by {}", short_duration(at - row.deadline)),
        ResponseStatus::Met => format!("{} to spare", short_duration(row.deadline - at)),
        // Resolved, and nothing says when the response came.
        _ => "no response time".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use incident_md::{Document, IncidentRecord};

    /// Time to spare runs to the first response, which a resolution is when nobody
    /// acknowledged (a trial saw `19d 19h to spare`, counted from now); lateness likewise.
    #[test]
    fn time_to_spare_and_lateness_run_to_the_first_response() {
        use incident_core::{ResponseEvent, ResponseStatus, Severity};
        let t = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
        let now = t("2026-12-01T12:00:00Z");
        let mut row = super::SlaJson {
            id: "x",
            severity: Severity::Low,
            detected: t("2026-11-10T10:00:00Z"),
            deadline: t("2026-11-11T17:00:00Z"),
            acknowledged: None,
            status: ResponseStatus::Met,
            met_by: Some(ResponseEvent::Resolved),
            responded: Some(t("2026-11-11T09:00:00Z")),
        };
        assert_eq!(super::due_in(&row, now), "8h to spare");
        row.status = ResponseStatus::Breached;
        row.met_by = None;
        row.responded = Some(t("2026-11-11T19:30:00Z"));
        assert_eq!(super::due_in(&row, now), "late by 2h 30m");
        row.responded = None;
        assert_eq!(super::due_in(&row, t("2026-11-11T18:00:00Z")), "late by 1h");
    }

    /// What `list --format json` writes directly is what it wrote through serde
    /// (`StreamedOutput::new` of the records), and `show --format json` is `json_object` of the
    /// record: every fixture log of the library, none or some incidents.
    #[test]
    fn written_records_are_the_serde_records() {
        let data =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../incident-md/tests/data");
        let mut checked = 0;
        for dir in [
            "fixtures",
            "real-logs/logs",
            "real-logs/postmortems",
            "edit",
        ] {
            for file in std::fs::read_dir(data.join(dir)).unwrap() {
                let Ok(text) = std::fs::read_to_string(file.unwrap().path()) else {
                    continue;
                };
                let doc: Document = text.parse().unwrap();
                let entries: Vec<_> = doc.incidents().iter().map(|e| (&doc, e)).collect();
                for some in [&entries[..], &entries[..entries.len().min(1)], &[]] {
                    let mut written = Vec::new();
                    super::write_records(&mut written, some).unwrap();
                    let records: Vec<IncidentRecord> = some
                        .iter()
                        .filter_map(|(d, e)| IncidentRecord::new(d, e))
                        .collect();
                    let mut serde = Vec::new();
                    crate::output::StreamedOutput::new(records.clone())
                        .write_to(&mut serde)
                        .unwrap();
                    assert_eq!(
                        String::from_utf8(written).unwrap(),
                        String::from_utf8(serde).unwrap()
                    );
                    checked += records.len();
                }
                for e in doc.incidents() {
                    let (Some(direct), Some(record)) = (
                        incident_md::RecordJson::of_entry(&doc, e),
                        IncidentRecord::new(&doc, e),
                    ) else {
                        continue;
                    };
                    assert_eq!(
                        super::record_object(direct),
                        crate::output::json_object(&record)
                    );
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }
}
