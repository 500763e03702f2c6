//! Resources (the log, its policy, its entry template) and the `log_incident` prompt: what an
//! agent reads to follow the team's rules.

use incident_md::render::canonical_template;
use rmcp::ErrorData;
use rmcp::model::{
    GetPromptRequestParams, GetPromptResult, Prompt, PromptArgument, PromptMessage,
    ReadResourceResult, Resource, ResourceContents, Role,
};

use super::Settings;
use super::read::{load_set, policy_doc};
use super::reply::ToolError;

/// The log file, as it is on disk.
pub const LOG: &str = "incident://log";
/// Severities with response times, categories, triggers and requirements, as JSON.
pub const POLICY: &str = "incident://policy";
/// The log's entry template (its template section, else the seed's).
pub const TEMPLATE: &str = "incident://template";

/// The resources served.
pub fn list() -> Vec<Resource> {
    vec![
        Resource::new(LOG, "log")
            .with_description("The incident log (INCIDENTS.md), byte for byte")
            .with_mime_type("text/markdown"),
        Resource::new(POLICY, "policy")
            .with_description(
                "The log's policy: severities with response times, categories, escalation \
                 triggers and post-incident requirements",
            )
            .with_mime_type("application/json"),
        Resource::new(TEMPLATE, "template")
            .with_description("The entry template new incidents follow")
            .with_mime_type("text/markdown"),
    ]
}

fn contents(uri: &str, mime: &str, text: String) -> ReadResourceResult {
    ReadResourceResult::new(vec![ResourceContents::TextResourceContents {
        uri: uri.to_owned(),
        mime_type: Some(mime.to_owned()),
        text,
        meta: None,
    }])
}

/// Reads one resource. On a directory of postmortems, `incident://log` is every file, each as
/// its own contents named `incident://log/<file>`; the policy and template are those of its
/// first file.
pub fn read(s: &Settings, uri: &str) -> Result<ReadResourceResult, ErrorData> {
    let unreadable = |e: ToolError| {
        ErrorData::internal_error(format!("cannot read {}: {}", s.path.display(), e.0), None)
    };
    match uri {
        LOG => {
            let set = load_set(s).map_err(unreadable)?;
            if !set.is_directory() {
                let text = set.parts().first().map(|p| p.doc.to_string());
                return Ok(contents(uri, "text/markdown", text.unwrap_or_default()));
            }
            let files = set
                .parts()
                .iter()
                .map(|p| {
                    let name = p.path.file_name().unwrap_or_default().to_string_lossy();
                    ResourceContents::TextResourceContents {
                        uri: format!("{LOG}/{name}"),
                        mime_type: Some("text/markdown".to_owned()),
                        text: p.doc.to_string(),
                        meta: None,
                    }
                })
                .collect();
            Ok(ReadResourceResult::new(files))
        }
        POLICY => {
            let doc = policy_doc(s).map_err(unreadable)?;
            let json = serde_json::to_string_pretty(&doc.log().policy)
                .map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
            Ok(contents(uri, "application/json", json))
        }
        TEMPLATE => {
            let doc = policy_doc(s).map_err(unreadable)?;
            let text = match &doc.log().template.section_span {
                Some(span) => doc.as_str()[span.clone()].to_owned(),
                None => canonical_template(),
            };
            Ok(contents(uri, "text/markdown", text))
        }
        _ => Err(ErrorData::resource_not_found(
            format!("no resource `{uri}`: the resources are {LOG}, {POLICY} and {TEMPLATE}"),
            None,
        )),
    }
}

/// The prompt's name.
const LOG_INCIDENT: &str = "log_incident";

/// The prompts served.
pub fn prompts() -> Vec<Prompt> {
    vec![Prompt::new(
        LOG_INCIDENT,
        Some("Walk through logging one complete incident entry"),
        Some(vec![
            PromptArgument::new("summary")
                .with_description("What happened, in a sentence")
                .with_required(false),
        ]),
    )]
}

/// The steps of a complete entry, in the order the tools take them.
const STEPS: &str = "\
Log one incident in the team's INCIDENTS.md through this server's tools.

1. Read incident://policy: pick the severity whose definition fits (it sets the response \
deadline) and a category from its list. Read incident://template for the fields an entry has.
2. Call list_incidents with status \"open\": if the same incident is already open, update it \
instead of logging a second one.
3. Call create_incident with title, severity, category, detected (ISO 8601 like \
2026-01-31T14:05:00Z, when it was first noticed), description and impact; pass reported_by \
(your name) and a dedup_key that names the failure (such as the alert's name) so that a retry \
cannot log it twice.
4. Call acknowledge when someone responds, and resolve with the resolution when it is over.
5. Fill root cause and lessons learned with set_field, add follow-up actions (owner and due \
date) with add_follow_up, and link the related log entries with add_related_log.
6. Call check_log and fix every finding about the incident: the post-incident requirements \
in incident://policy say what a resolved incident of its severity must have.

Every write returns the incident and the diff it made: show the diff to the user.";

/// The `log_incident` prompt.
pub fn get_prompt(request: &GetPromptRequestParams) -> Result<GetPromptResult, ErrorData> {
    if request.name != LOG_INCIDENT {
        return Err(ErrorData::invalid_params(
            format!("no prompt `{}`: the prompt is {LOG_INCIDENT}", request.name),
            None,
        ));
    }
    let summary = request
        .arguments
        .as_ref()
        .and_then(|a| a.get("summary"))
        .and_then(|v| v.as_str())
        .filter(|s| !s.trim().is_empty());
    let mut text = STEPS.to_owned();
    if let Some(summary) = summary {
        text.push_str(&format!("\n\nThe incident: {summary}"));
    }
    let mut result = GetPromptResult::new(vec![PromptMessage::new_text(Role::User, text)]);
    result.description = Some("Log one complete incident entry".to_owned());
    Ok(result)
}
