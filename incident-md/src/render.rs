//! Rendering new text: incident entries, the policy, and the canonical template.
//!
//! Everything rendered here parses back to the same model: user text goes through
//! [`crate::escape`], and single-line values that contain a line break are refused.

use incident_core::{
    Disposition, Due, FollowUp, Incident, Policy, RelatedLog, TIMELINE_SEPARATOR, TimelineItem,
    UNFILLED, format_timestamp, is_placeholder, parse_date,
};

use crate::Error;
use crate::escape::{escape_heading, escape_line, unescape};
use crate::field::FieldName;
use crate::text::one_line;
use crate::view::{Template, TemplateField};
use incident_core::FieldKind;

/// Line ending of a file: the one most of its lines end with (`\n`, `\r\n` or a lone `\r`),
/// on a tie the one its first line ends with; `\n` when it has none.
pub fn line_ending(text: &str) -> &'static str {
    // Most files have no `\r` at all: a memchr scan says so without counting every line (edits
    // ask for the line ending of the whole file, several times each); the memchr crate's,
    // which is about twice as fast here as `str::contains`'s.
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return "\n";
    }
    let bytes = text.as_bytes();
    let (mut lf, mut crlf, mut cr) = (0usize, 0usize, 0usize);
    let mut first = None;
    let mut i = 0;
    while i < bytes.len() {
        let kind = match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                i += 1;
                crlf += 1;
                "\r\n"
            }
            b'\r' => {
                cr += 1;
                "\r"
            }
            b'\n' => {
                lf += 1;
                "\n"
            }
            _ => {
                i += 1;
                continue;
            }
        };
        first.get_or_insert(kind);
        i += 1;
    }
    let count = |k: &str| match k {
        "\r\n" => crlf,
        "\r" => cr,
        _ => lf,
    };
    let first = first.unwrap_or("\n");
    ["\n", "\r\n", "\r"].into_iter().fold(
        first,
        |best, k| if count(k) > count(best) { k } else { best },
    )
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

/// A follow-up as a task item, `- [ ] <action> - @<owner> - <due date>`, escaped so that it reads
/// back as the same follow-up.
///
/// A ` - ` inside the action or a due text is written ` \- `, so it does not read as a separator.
///
/// # Errors
///
/// An action that is empty or has a line break; an owner that is empty or has white space; a due
/// text that is empty, has a line break, starts with `@`, is a `YYYY-MM-DD` date (use
/// [`Due::Date`]) or is given without an owner; and anything else that would read back differently
/// (an en or em dash between spaces, ` – `, reads as a separator and cannot be escaped).
pub fn render_follow_up(f: &FollowUp) -> Result<String, Error> {
    let action = single_line("Follow-up action", &f.action)?;
    if action.is_empty() {
        return Err(Error::EmptyValue {
            field: "Follow-up action",
        });
    }
    let mut wanted = f.clone();
    wanted.action = action.to_owned();
    let mut copy = f.clone();
    copy.action = escape_item_part(action);
    if let Some(who) = &f.assignee {
        let who = single_line("Follow-up owner", who)?;
        if who.is_empty() || who.contains(char::is_whitespace) {
            return Err(Error::InvalidValue {
                field: "Follow-up owner",
                value: who.to_owned(),
                reason: "an owner is one @handle without spaces",
            });
        }
        wanted.assignee = Some(who.to_owned());
        copy.assignee = Some(escape_item_part(who));
    }
    if let Some(Due::Text(t)) = &f.due {
        let text = single_line("Follow-up due date", t)?;
        let refuse = |reason| {
            Err(Error::InvalidValue {
                field: "Follow-up due date",
                value: t.clone(),
                reason,
            })
        };
        if text.is_empty() {
            return Err(Error::EmptyValue {
                field: "Follow-up due date",
            });
        } else if text.starts_with('@') {
            return refuse("a due date cannot start with `@`, which marks the owner");
        } else if parse_date(text).is_ok() {
            return refuse("a YYYY-MM-DD due date is a date, not text");
        } else if f.assignee.is_none() {
            return refuse("a due date that is not YYYY-MM-DD reads back only after an owner");
        }
        wanted.due = Some(Due::Text(text.to_owned()));
        copy.due = Some(Due::Text(escape_item_part(text)));
    }
    let item = copy.to_string();
    if read_follow_up(&item) != Some(wanted) {
        return Err(Error::InvalidValue {
            field: "Follow-up action",
            value: f.action.clone(),
            reason: "it would read back differently: a dash between spaces (` - `, ` – `, ` — `) \
                     separates the owner and due date",
        });
    }
    Ok(item)
}

/// Reads a rendered task item back the way the view does: split into parts on the raw text, then
/// escapes resolved.
fn read_follow_up(item: &str) -> Option<FollowUp> {
    let (done, rest) = if let Some(r) = item.strip_prefix("- [ ]") {
        (false, r)
    } else {
        (true, item.strip_prefix("- [x]")?)
    };
    let mut f = FollowUp::from_item_text(rest.trim(), done);
    f.action = unescape(&f.action);
    f.assignee = f.assignee.map(|a| unescape(&a));
    if let Some(Due::Text(t)) = &f.due {
        f.due = Some(Due::Text(unescape(t)));
    }
    Some(f)
}

/// Escapes one part of a follow-up item: like [`escape_line`], and a `-` between a space and a
/// space (or the end) gets a backslash, so it does not read as a ` - ` separator.
fn escape_item_part(text: &str) -> String {
    let escaped = escape_line(text);
    let mut out = String::with_capacity(escaped.len() + 2);
    let mut prev = None;
    let mut chars = escaped.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '-' && prev == Some(' ') && chars.peek().is_none_or(|n| *n == ' ') {
            out.push('\\');
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// Escapes a multi-line text value: line endings normalised to `eol`, each line escaped with
/// [`escape_line`].
pub(crate) fn render_text(text: &str, eol: &str) -> String {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    normalised
        .trim()
        .split('\n')
        .map(escape_line)
        .collect::<Vec<_>>()
        .join(eol)
}

/// A category as the value of its heading field.
///
/// # Errors
///
/// A line break, or a backtick at either end (a category written `` `NAME` `` reads as `NAME`).
/// A one-line label value (Reported By, Dedup Key), escaped like a heading's text.
pub(crate) fn render_label(field: &'static str, value: &str) -> Result<String, Error> {
    Ok(escape_heading(single_line(field, value)?))
}

pub(crate) fn render_category(category: &str) -> Result<String, Error> {
    let c = single_line("Category", category)?;
    if c.starts_with('`') || c.ends_with('`') {
        return Err(Error::InvalidValue {
            field: "Category",
            value: category.to_owned(),
            reason: "a category cannot start or end with a backtick",
        });
    }
    Ok(escape_heading(c))
}

/// A timeline item as a list item: `- 2026-03-02T10:12:00Z — text`, the text escaped like a
/// line of text (no markdown structure can start in it; inline emphasis is kept).
///
/// ```
/// use incident_core::TimelineItem;
/// let item = TimelineItem::new("2026-03-02T10:12:00Z".parse().unwrap(), "Paged *on-call*");
/// assert_eq!(
///     incident_md::render::render_timeline_item(&item).unwrap(),
///     "- 2026-03-02T10:12:00Z — Paged *on-call*"
/// );
/// ```
///
/// # Errors
///
/// An empty text or one with a line break.
pub fn render_timeline_item(item: &TimelineItem) -> Result<String, Error> {
    render_timeline_item_in(item, chrono_tz::UTC)
}

/// A timeline item as [`render_timeline_item`] writes it, its time in `zone` with that zone's
/// offset (`2026-03-02T11:12:00+01:00`; UTC is written with `Z`): the configured zone a team
/// reads its log in. The instant is the same, so ordering by it is unchanged.
///
/// ```
/// use incident_core::TimelineItem;
/// let item = TimelineItem::new("2026-03-02T10:12:00Z".parse().unwrap(), "Paged");
/// assert_eq!(
///     incident_md::render::render_timeline_item_in(&item, chrono_tz::Europe::Berlin).unwrap(),
///     "- 2026-03-02T11:12:00+01:00 — Paged"
/// );
/// ```
///
/// # Errors
///
/// An empty text or one with a line break.
pub fn render_timeline_item_in(item: &TimelineItem, zone: chrono_tz::Tz) -> Result<String, Error> {
    let (time, text) = timeline_item_parts(item, zone)?;
    Ok(format!("- {time}{TIMELINE_SEPARATOR}{text}"))
}

/// The time (in `zone`) and the escaped text of a timeline item, as they are written.
pub(crate) fn timeline_item_parts(
    item: &TimelineItem,
    zone: chrono_tz::Tz,
) -> Result<(String, String), Error> {
    let text = single_line("Timeline item", &item.text)?;
    if text.is_empty() {
        return Err(Error::EmptyValue {
            field: "Timeline item",
        });
    }
    Ok((
        incident_core::format_timestamp_in(item.at, zone),
        escape_line(text),
    ))
}

/// A `Trigger:` value (`availability (key: db-eu-1)`), escaped like a heading.
///
/// # Errors
///
/// A key that is empty, has a line break or a parenthesis, or would not read back.
pub(crate) fn render_trigger_source(s: &incident_core::TriggerSource) -> Result<String, Error> {
    if let Some(key) = &s.key {
        let k = single_line("Trigger key", key)?;
        if k.is_empty() || k != key || k.contains(['(', ')']) {
            return Err(Error::InvalidValue {
                field: "Trigger key",
                value: key.clone(),
                reason: "a de-duplication key is one line of text without parentheses",
            });
        }
    }
    Ok(escape_heading(&s.to_string()))
}

/// A `Status:` value (`reopened`, `cancelled — reason`), escaped like a heading.
///
/// # Errors
///
/// A reason that is empty or has a line break, or a duplicate ID that is not one word.
pub(crate) fn render_disposition(d: &Disposition) -> Result<String, Error> {
    if let Disposition::Cancelled {
        reason,
        duplicate_of,
    } = d
    {
        let r = single_line("Cancellation reason", reason)?;
        if r.is_empty() {
            return Err(Error::EmptyValue {
                field: "Cancellation reason",
            });
        }
        if let Some(id) = duplicate_of
            && (id.is_empty() || id.contains(|c: char| c.is_whitespace() || c == ')'))
        {
            return Err(Error::InvalidValue {
                field: "Duplicate of",
                value: id.clone(),
                reason: "an incident ID is one word",
            });
        }
    }
    Ok(escape_heading(&d.to_string()))
}

/// A related log as a list item: `- [text](target)` for a link, `- text` otherwise.
///
/// The link text gets a backslash before `\`, `[`, `]`, `(`, `)`, `<`, `>` and `` ` `` (no
/// link, raw HTML or code span can start inside it); the target is written bare, with what a
/// bare link destination cannot hold percent-encoded ([`encode_link_target`]), so that every
/// CommonMark renderer reads the same link the view does.
///
/// # Errors
///
/// A line break in the text or target; an empty text without a target.
pub fn render_related_log(r: &RelatedLog) -> Result<String, Error> {
    let text = single_line("Related log", &r.text)?;
    Ok(match &r.target {
        Some(target) => {
            let target = single_line("Related log link", target)?;
            let mut label = String::with_capacity(text.len() + 4);
            for c in text.chars() {
                if matches!(c, '\\' | '[' | ']' | '(' | ')' | '<' | '>' | '`') {
                    label.push('\\');
                }
                label.push(c);
            }
            format!("- [{label}]({})", encode_link_target(target))
        }
        None if text.is_empty() => {
            return Err(Error::EmptyValue {
                field: "Related log",
            });
        }
        None => format!("- {}", escape_line(text)),
    })
}

/// A link target as a bare CommonMark link destination: ASCII control characters, space, `<`,
/// `>`, `(`, `)`, `\\`, `"`, `` ` `` and an `&` that would start an entity (`&#35;`, `&amp;`)
/// are percent-encoded (`%20`, `%3C`, …); everything else, including `%`, a plain `&` and
/// non-ASCII text, is kept, so an already encoded target is not encoded twice and a query
/// string keeps its meaning.
///
/// ```
/// use incident_md::render::encode_link_target;
/// assert_eq!(encode_link_target("LOGS.md#api-outage"), "LOGS.md#api-outage");
/// assert_eq!(encode_link_target("my log (old).md"), "my%20log%20%28old%29.md");
/// assert_eq!(encode_link_target("x <img src=x>"), "x%20%3Cimg%20src=x%3E");
/// assert_eq!(encode_link_target("?a=1&b=2&#35;"), "?a=1&b=2%26#35;");
/// ```
pub fn encode_link_target(target: &str) -> String {
    let mut out = String::with_capacity(target.len());
    for (i, c) in target.char_indices() {
        let entity = c == '&' && starts_entity(&target[i + 1..]);
        if entity
            || c.is_ascii_control()
            || matches!(c, ' ' | '<' | '>' | '(' | ')' | '\\' | '"' | '`')
        {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether the text after an `&` could make it an entity or numeric character reference
/// (`#35;`, `amp;`), which a renderer would decode in a link destination.
fn starts_entity(rest: &str) -> bool {
    let name = rest.strip_prefix('#').unwrap_or(rest);
    let len = name.len()
        - name
            .trim_start_matches(|c: char| c.is_ascii_alphanumeric())
            .len();
    len > 0 && name[len..].starts_with(';')
}

/// The value of one field of an incident as markdown lines, or `None` when the incident has no
/// value for it ([`UNFILLED`] is written instead).
pub(crate) fn field_value(
    incident: &Incident,
    name: FieldName,
    eol: &str,
) -> Result<Option<String>, Error> {
    let text = |v: &Option<String>| {
        v.as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| render_text(t, eol))
    };
    Ok(match name.kind() {
        FieldKind::Severity => Some(incident.severity.to_string()),
        FieldKind::Timestamp => incident.time_field(name).flatten().map(format_timestamp),
        FieldKind::Category => match incident.text_field(name).and_then(Option::as_deref) {
            Some(c) if !c.trim().is_empty() => Some(render_category(c)?),
            _ => None,
        },
        FieldKind::Text => incident.text_field(name).and_then(text),
        FieldKind::FollowUps if incident.follow_ups.is_empty() => None,
        FieldKind::FollowUps => Some(
            incident
                .follow_ups
                .iter()
                .map(render_follow_up)
                .collect::<Result<Vec<_>, _>>()?
                .join(eol),
        ),
        FieldKind::Status => incident
            .disposition
            .as_ref()
            .map(render_disposition)
            .transpose()?,
        FieldKind::Trigger => incident
            .trigger
            .as_ref()
            .map(render_trigger_source)
            .transpose()?,
        FieldKind::Timeline if incident.timeline.is_empty() => None,
        FieldKind::Timeline => Some(
            incident
                .timeline
                .iter()
                .map(render_timeline_item)
                .collect::<Result<Vec<_>, _>>()?
                .join(eol),
        ),
        FieldKind::RelatedLogs if incident.related_logs.is_empty() => None,
        FieldKind::RelatedLogs => Some(
            incident
                .related_logs
                .iter()
                .map(render_related_log)
                .collect::<Result<Vec<_>, _>>()?
                .join(eol),
        ),
        // The ID is the entry's, not the incident's: `render_entry_with_id` writes it.
        _ => None,
    })
}

/// The field before this one in the canonical order.
fn canonical_predecessor(name: FieldName) -> Option<FieldName> {
    let k = FieldName::CANONICAL_ORDER.iter().position(|f| *f == name)?;
    k.checked_sub(1).map(|k| FieldName::CANONICAL_ORDER[k])
}

/// Where a known field goes in a list of fields that lacks it: right after the nearest field
/// before it in the canonical order, or first when there is none.
pub(crate) fn insert_position(names: &[Option<FieldName>], name: FieldName) -> usize {
    let mut pred = canonical_predecessor(name);
    while let Some(p) = pred {
        if let Some(i) = names.iter().rposition(|f| *f == Some(p)) {
            return i + 1;
        }
        pred = canonical_predecessor(p);
    }
    0
}

/// The order of the known fields in an entry: the template's, and every known field it does not
/// list in its canonical place.
pub(crate) fn field_order(template: &Template) -> Vec<FieldName> {
    let mut names: Vec<Option<FieldName>> = template
        .fields
        .iter()
        .filter(|f| f.name.is_some())
        .map(|f| f.name)
        .collect();
    for name in FieldName::CANONICAL_ORDER {
        if !names.contains(&Some(name)) {
            names.insert(insert_position(&names, name), Some(name));
        }
    }
    names.into_iter().flatten().collect()
}

/// The fields a new entry gets: the template's, plus known fields the incident has a value for
/// that the template lacks, each in its canonical place (nothing the incident says is dropped).
pub(crate) fn entry_fields(template: &Template, incident: &Incident) -> Vec<TemplateField> {
    let mut fields = template.fields.clone();
    for name in FieldName::CANONICAL_ORDER {
        if !incident.has_value(name) || fields.iter().any(|f| f.name == Some(name)) {
            continue;
        }
        let names: Vec<Option<FieldName>> = fields.iter().map(|f| f.name).collect();
        fields.insert(
            insert_position(&names, name),
            TemplateField {
                label: name.label().to_owned(),
                name: Some(name),
                inline: name.is_inline(),
                placeholder: name.placeholder().to_owned(),
            },
        );
    }
    fields
}

/// Renders one incident as an entry in the template's shape, with `eol` line endings and no
/// trailing line ending. Fields the incident does not fill say [`UNFILLED`] (a team's own
/// placeholder text that is not a `<tag>` is kept).
/// The entry has no written ID ([`Document::add_incident`](crate::Document::add_incident)
/// writes one).
pub fn render_entry(incident: &Incident, template: &Template, eol: &str) -> Result<String, Error> {
    render_entry_with_id(incident, None, template, eol)
}

/// Like [`render_entry`], with `### ID: <id>` right under the heading when `id` is given (a
/// template's own ID field is then left out).
pub(crate) fn render_entry_with_id(
    incident: &Incident,
    id: Option<&str>,
    template: &Template,
    eol: &str,
) -> Result<String, Error> {
    let title = single_line("Title", &incident.title)?;
    if title.is_empty() {
        return Err(Error::EmptyValue { field: "Title" });
    }
    let hashes = "#".repeat(template.incident_level.clamp(2, 3) as usize);
    let field_hashes = format!("{hashes}#");
    let mut out = format!("{hashes} Incident: {}", escape_heading(title));
    if let Some(id) = id {
        out.push_str(&format!(
            "{eol}{eol}{field_hashes} {}: {id}",
            FieldName::Id.label()
        ));
    }
    for f in entry_fields(template, incident) {
        if id.is_some() && f.name == Some(FieldName::Id) {
            continue;
        }
        let value = match f.name {
            Some(n) => field_value(incident, n, eol)?,
            None => None,
        };
        out.push_str(eol);
        out.push_str(eol);
        let unfilled = || unfilled_text(f.name, &f.placeholder);
        if f.inline {
            let v = value.unwrap_or_else(unfilled);
            out.push_str(&format!("{field_hashes} {}: {v}", f.label));
        } else {
            out.push_str(&format!("{field_hashes} {}:", f.label));
            out.push_str(eol);
            match value {
                Some(v) => out.push_str(&v),
                None => out.push_str(
                    &unfilled()
                        .replace("\r\n", "\n")
                        .replace('\r', "\n")
                        .replace('\n', eol),
                ),
            }
        }
    }
    Ok(out)
}

/// What a field without a value says: [`UNFILLED`], which reads as such on the page, not the
/// template's `<tag>` (which renders as nothing); a team's own placeholder text that is not a
/// tag (in a field of its own) is kept, and so is Severity's list of levels.
pub(crate) fn unfilled_text(name: Option<FieldName>, placeholder: &str) -> String {
    match name {
        Some(FieldName::Severity) => placeholder.to_owned(),
        Some(_) => UNFILLED.to_owned(),
        None if is_placeholder(placeholder) => UNFILLED.to_owned(),
        None => placeholder.to_owned(),
    }
}

/// The severity table with response times, as the template writes it.
pub fn render_severity_table(policy: &Policy, eol: &str) -> String {
    let mut out = format!(
        "| Level | Definition | Response Time |{eol}|-------|------------|---------------|{eol}"
    );
    for r in &policy.severities {
        out.push_str(&format!(
            "| `{}` | {} | {} |{eol}",
            r.level,
            cell(&r.definition),
            r.response
        ));
    }
    out
}

/// Text for a table cell: on one line, with `|` and a backslash before punctuation escaped, so
/// that the cell reads back as the text.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let line = one_line(text);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '|' {
            out.push('\\');
        }
        out.push(c);
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            out.push('\\');
        }
    }
    out
}

fn render_categories(policy: &Policy, eol: &str) -> String {
    let mut out = format!("| Category | Examples |{eol}|----------|----------|{eol}");
    for c in &policy.categories {
        out.push_str(&format!(
            "| `{}` | {} |{eol}",
            cell(&c.name),
            cell(&c.examples)
        ));
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
/// requirements, each under its `##` heading, with `\n` line endings.
///
/// Text is written so that it reads back the same: table cells and requirements are put on one
/// line (a line break becomes a space), `|` in a cell and a backslash before punctuation are
/// escaped, and a requirement that would start a block is escaped like entry text.
pub fn render_policy(policy: &Policy) -> String {
    let eol = "\n";
    let reqs: Vec<String> = policy
        .requirements
        .iter()
        .map(|r| escape_line(&one_line(&r.text)))
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

/// Text for a table cell, as the policy tables write it: on one line, with `|` and a
/// backslash before punctuation escaped, so that the cell reads back as the text.
pub fn table_cell(text: &str) -> String {
    cell(text)
}
