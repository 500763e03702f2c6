//! Rendering new text: incident entries, the policy, and the canonical template.
//!
//! Everything rendered here parses back to the same model: user text goes through
//! [`crate::escape`], and single-line values that contain a line break are refused.

use incident_core::{FollowUp, Incident, Policy, RelatedLog, format_timestamp};

use crate::Error;
use crate::escape::{escape_block, escape_heading, escape_line};
use crate::field::FieldName;
use crate::view::{Template, TemplateField};

/// Line ending of a file: the one its first line ends with (LF when it has none).
pub fn line_ending(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        _ => "\n",
    }
}

/// Refuses a line break in a single-line value.
pub(crate) fn single_line<'a>(field: &'static str, value: &'a str) -> Result<&'a str, Error> {
    if value.contains(['\n', '\r']) {
        return Err(Error::MultilineValue {
            field,
            value: value.to_owned(),
        });
    }
    Ok(value.trim())
}

/// A follow-up as a task item, escaped.
pub fn render_follow_up(f: &FollowUp) -> Result<String, Error> {
    let action = single_line("Follow-up action", &f.action)?;
    if action.is_empty() {
        return Err(Error::EmptyValue {
            field: "Follow-up action",
        });
    }
    let mut escaped = escape_inline_text(action);
    // A separator inside the action would be read as the start of the owner or due date.
    for sep in [" - ", " – ", " — "] {
        escaped = escaped.replace(sep, &format!(" \\{} ", sep.trim()));
    }
    let mut copy = f.clone();
    copy.action = escaped;
    if let Some(who) = &f.assignee {
        let who = single_line("Follow-up owner", who)?;
        if who.is_empty() || who.contains(char::is_whitespace) {
            return Err(Error::InvalidValue {
                field: "Follow-up owner",
                value: who.to_owned(),
                reason: "an owner is one @handle without spaces",
            });
        }
        copy.assignee = Some(escape_inline_text(who));
    }
    if let Some(incident_core::Due::Text(t)) = &f.due {
        copy.due = Some(incident_core::Due::Text(escape_inline_text(single_line(
            "Follow-up due date",
            t,
        )?)));
    }
    Ok(copy.to_string())
}

/// Escapes text that sits after a list marker: backslashes before punctuation doubled, and a
/// leading character that would read as a nested block escaped.
fn escape_inline_text(text: &str) -> String {
    escape_line(text)
}

/// A related log as a list item.
pub fn render_related_log(r: &RelatedLog) -> Result<String, Error> {
    let text = single_line("Related log", &r.text)?;
    Ok(match &r.target {
        Some(target) => {
            let target = single_line("Related log link", target)?;
            let label = text
                .replace('\\', "\\\\")
                .replace('[', "\\[")
                .replace(']', "\\]");
            if target.contains([' ', '(', ')', '<', '>']) {
                format!("- [{label}](<{target}>)")
            } else {
                format!("- [{label}]({target})")
            }
        }
        None => format!("- {}", escape_line(text)),
    })
}

/// The value of one field of an incident as markdown lines, or `None` when the incident has no
/// value for it (the template's placeholder is written instead).
pub(crate) fn field_value(
    incident: &Incident,
    name: FieldName,
    eol: &str,
) -> Result<Option<String>, Error> {
    let text = |v: &Option<String>| v.as_deref().map(|t| escape_block(t.trim(), eol));
    Ok(match name {
        FieldName::Severity => Some(incident.severity.to_string()),
        FieldName::Category => match &incident.category {
            Some(c) => Some(escape_heading(single_line("Category", c)?)),
            None => None,
        },
        FieldName::Detected => Some(format_timestamp(incident.detected)),
        FieldName::Acknowledged => incident.acknowledged.map(format_timestamp),
        FieldName::Resolved => incident.resolved.map(format_timestamp),
        FieldName::Description => text(&incident.description),
        FieldName::Impact => text(&incident.impact),
        FieldName::RootCause => text(&incident.root_cause),
        FieldName::Resolution => text(&incident.resolution),
        FieldName::LessonsLearned => text(&incident.lessons_learned),
        FieldName::FollowUpActions if incident.follow_ups.is_empty() => None,
        FieldName::FollowUpActions => Some(
            incident
                .follow_ups
                .iter()
                .map(render_follow_up)
                .collect::<Result<Vec<_>, _>>()?
                .join(eol),
        ),
        FieldName::RelatedLogs if incident.related_logs.is_empty() => None,
        FieldName::RelatedLogs => Some(
            incident
                .related_logs
                .iter()
                .map(render_related_log)
                .collect::<Result<Vec<_>, _>>()?
                .join(eol),
        ),
    })
}

/// Where a known field goes when a template does not list it: after this field.
pub(crate) fn canonical_predecessor(name: FieldName) -> Option<FieldName> {
    match name {
        FieldName::Category => Some(FieldName::Severity),
        FieldName::Acknowledged => Some(FieldName::Detected),
        FieldName::Resolved => Some(FieldName::Acknowledged),
        _ => None,
    }
}

/// The fields a new entry gets: the template's, plus known fields the incident sets that the
/// template lacks, each in its canonical place.
pub(crate) fn entry_fields(template: &Template, incident: &Incident) -> Vec<TemplateField> {
    let mut fields = template.fields.clone();
    let extras = [
        (FieldName::Category, incident.category.is_some()),
        (FieldName::Acknowledged, incident.acknowledged.is_some()),
        (FieldName::Resolved, incident.resolved.is_some()),
    ];
    for (name, set) in extras {
        if !set || fields.iter().any(|f| f.name == Some(name)) {
            continue;
        }
        let mut pred = canonical_predecessor(name);
        let mut at = None;
        while let Some(p) = pred {
            if let Some(i) = fields.iter().position(|f| f.name == Some(p)) {
                at = Some(i + 1);
                break;
            }
            pred = canonical_predecessor(p);
        }
        let at = at.unwrap_or(0);
        fields.insert(
            at,
            TemplateField {
                label: name.label().to_owned(),
                name: Some(name),
                inline: true,
                placeholder: name.placeholder().to_owned(),
            },
        );
    }
    fields
}

/// Renders one incident as an entry in the template's shape, with `eol` line endings and no
/// trailing line ending. Fields the incident does not fill keep the template's placeholder.
pub fn render_entry(incident: &Incident, template: &Template, eol: &str) -> Result<String, Error> {
    let title = single_line("Title", &incident.title)?;
    if title.is_empty() {
        return Err(Error::EmptyValue { field: "Title" });
    }
    let hashes = "#".repeat(template.incident_level.clamp(2, 3) as usize);
    let field_hashes = format!("{hashes}#");
    let mut out = format!("{hashes} Incident: {}", escape_heading(title));
    for f in entry_fields(template, incident) {
        let value = match f.name {
            Some(n) => field_value(incident, n, eol)?,
            None => None,
        };
        out.push_str(eol);
        out.push_str(eol);
        if f.inline {
            let v = value.unwrap_or_else(|| f.placeholder.clone());
            out.push_str(&format!("{field_hashes} {}: {v}", f.label));
        } else {
            out.push_str(&format!("{field_hashes} {}:", f.label));
            out.push_str(eol);
            match value {
                Some(v) => out.push_str(&v),
                None => out.push_str(&f.placeholder.replace('\n', eol)),
            }
        }
    }
    Ok(out)
}

/// The severity table with response times, as the template writes it.
pub fn render_severity_table(policy: &Policy, eol: &str) -> String {
    let mut out = format!(
        "| Level | Definition | Response Time |{eol}|-------|------------|---------------|{eol}"
    );
    for r in &policy.severities {
        out.push_str(&format!(
            "| `{}` | {} | {} |{eol}",
            r.level, r.definition, r.response
        ));
    }
    out
}

fn render_categories(policy: &Policy, eol: &str) -> String {
    let mut out = format!("| Category | Examples |{eol}|----------|----------|{eol}");
    for c in &policy.categories {
        out.push_str(&format!("| `{}` | {} |{eol}", c.name, c.examples));
    }
    out
}

fn numbered<T: std::fmt::Display>(items: &[T], bold: bool, eol: &str) -> String {
    items
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if bold {
                format!("{}. **{t}**{eol}", i + 1)
            } else {
                format!("{}. {t}{eol}", i + 1)
            }
        })
        .collect()
}

/// The policy as markdown: severity table with response times, categories, triggers and
/// requirements, each under its `##` heading.
pub fn render_policy(policy: &Policy) -> String {
    let eol = "\n";
    let reqs: Vec<&str> = policy
        .requirements
        .iter()
        .map(|r| r.text.as_str())
        .collect();
    format!(
        "## Severity Classification{eol}{eol}{}{eol}---{eol}{eol}## Incident Categories{eol}{eol}{}{eol}---{eol}{eol}## Escalation Triggers{eol}{eol}Create incident automatically when:{eol}{eol}{}{eol}---{eol}{eol}## Post-Incident Requirements{eol}{eol}{}",
        render_severity_table(policy, eol),
        render_categories(policy, eol),
        numbered(&policy.triggers, true, eol),
        numbered(&reqs, false, eol).trim_end(),
    )
}

/// The entry template as the fenced block of the `## Template:` section shows it.
fn render_template_block(template: &Template) -> String {
    let hashes = "#".repeat(template.incident_level as usize);
    let mut out = format!("```\n{hashes} Incident: <title>\n");
    for f in &template.fields {
        out.push('\n');
        if f.inline {
            out.push_str(&format!("{hashes}# {}: {}\n", f.label, f.placeholder));
        } else {
            let placeholder = &f.placeholder;
            out.push_str(&format!("{hashes}# {}:\n{placeholder}\n", f.label));
        }
    }
    out.push_str("```\n");
    out
}

/// A new INCIDENTS.md: the canonical template, generated from [`Policy::default`] and the
/// default entry template.
///
/// It matches the template the project was created from byte for byte, except that its title
/// carries a real em dash (`—`) where the original had the mojibake `â€”`.
///
/// ```
/// let doc: incident_md::Document = incident_md::render::canonical_template().parse().unwrap();
/// assert!(doc.log().incidents.is_empty());
/// assert_eq!(doc.log().policy, incident_core::Policy::default());
/// ```
pub fn canonical_template() -> String {
    let policy = Policy::default();
    let sep = "\n---\n\n";
    let mut out = String::new();
    out.push_str("# INCIDENTS.md — Production Incident Log\n\n");
    out.push_str("> Log all production-level failures, issues, and near-misses. Severity classification required.\n");
    out.push_str(sep);
    out.push_str("## Last Incident: None Recorded\n");
    out.push_str(sep);
    out.push_str("## Severity Classification\n\n");
    out.push_str(&render_severity_table(&policy, "\n"));
    out.push_str(sep);
    out.push_str("## Template: Log New Incident\n\n");
    out.push_str(&render_template_block(&Template::default()));
    out.push_str(sep);
    out.push_str("## Incident Categories\n\n");
    out.push_str(&render_categories(&policy, "\n"));
    out.push_str(sep);
    out.push_str("## Escalation Triggers\n\nCreate incident automatically when:\n\n");
    out.push_str(&numbered(&policy.triggers, true, "\n"));
    out.push_str(sep);
    out.push_str("## Post-Incident Requirements\n\n");
    let reqs: Vec<&str> = policy
        .requirements
        .iter()
        .map(|r| r.text.as_str())
        .collect();
    out.push_str(&numbered(&reqs, false, "\n"));
    out
}
