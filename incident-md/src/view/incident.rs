//! Building the typed `Incident` from an entry's fields.

use incident_core::lines::TrimWs as _;
use std::ops::Range;

use chrono::{DateTime, Utc};

use incident_core::{
    Disposition, FieldKind, FollowUp, Incident, RelatedLog, Severity, Stage, TimelineItem,
    WrittenTime, is_placeholder,
};

use super::entry::{Field, FieldStyle};
use super::text::{plain, strip_marker};
use crate::blocks::ListItem;
use crate::diagnostic::{Code, Diagnostic};
use crate::escape::{unescape, unescape_in_place};
use crate::field::FieldName;
use crate::text::{one_line, split_link};

/// The incident of an entry's fields, when its required ones read; what is malformed goes to
/// `diags`, and the Detected time as written (a local one read as UTC: what derived IDs are made
/// of) to `id_detected`.
#[allow(clippy::too_many_arguments)]
pub(super) fn build_incident(
    src: &str,
    title: &str,
    heading: &Range<usize>,
    fields: &[Field],
    actions: Vec<(ListItem, FollowUp)>,
    zone: chrono_tz::Tz,
    diags: &mut Vec<Diagnostic>,
    id_detected: &mut Option<DateTime<Utc>>,
) -> Option<Incident> {
    // An entry has a handful of fields: a scan of those before beats a map.
    // `- **Follow-up:** …` items with no list of their own are each a follow-up (read so by the
    // lenient reading), not one field written twice.
    let sentence =
        |f: &Field| f.style == FieldStyle::BoldItem && f.items.is_empty() && f.body.is_none();
    for (k, f) in fields.iter().enumerate() {
        if let Some(n) = f.name
            && fields[..k].iter().any(|g| {
                g.name == Some(n)
                    && !(n == FieldName::FollowUpActions && sentence(f) && sentence(g))
            })
        {
            diags.push(Diagnostic::new(
                Code::DuplicateField,
                format!(
                    "field `{}` appears twice in incident `{title}`; the first is used",
                    n.label()
                ),
                f.span.clone(),
            ));
        }
    }
    let get = |n: FieldName| fields.iter().find(|f| f.name == Some(n));
    let mut ok = true;
    let mut required = |n: FieldName, diags: &mut Vec<Diagnostic>| -> Option<&Field> {
        let f = get(n);
        if f.is_none_or(|f| f.value().is_none()) {
            let message = match f {
                None => format!("incident `{title}` has no {} field", n.label()),
                Some(f) if f.text.trim_ws().is_empty() => {
                    format!("the {} of incident `{title}` is empty", n.label())
                }
                Some(_) => format!(
                    "the {} of incident `{title}` is still the template's placeholder",
                    n.label()
                ),
            };
            diags.push(Diagnostic::new(
                Code::MissingField,
                message,
                f.map_or(heading.clone(), |f| f.span.clone()),
            ));
            ok = false;
            return None;
        }
        f
    };
    let sev_field = required(FieldName::Severity, diags);
    required(FieldName::Detected, diags);
    let severity = sev_field.and_then(|f| match plain(&f.text).parse::<Severity>() {
        Ok(s) => Some(s),
        Err(e) => {
            diags.push(Diagnostic::new(
                Code::UnknownSeverity,
                e.to_string(),
                value_span(f),
            ));
            None
        }
    });
    let mut time = |n: FieldName, diags: &mut Vec<Diagnostic>| {
        let f = get(n)?;
        let v = f.value()?;
        let written = plain(v).parse::<WrittenTime>();
        if n == FieldName::Detected
            && let Ok(w) = &written
        {
            // What derived IDs are made of: the time as written, a local one read as UTC.
            *id_detected = Some(w.local_as_utc());
        }
        // A local time is read in the document's zone; one the zone skips is a finding.
        match written.and_then(|t| t.in_zone(zone)) {
            Ok(t) => Some(t),
            Err(e) => {
                diags.push(Diagnostic::new(
                    Code::InvalidTimestamp,
                    e.to_string(),
                    value_span(f),
                ));
                None
            }
        }
    };
    let detected = time(FieldName::Detected, diags);
    let acknowledged = time(FieldName::Acknowledged, diags);
    let mitigated = time(FieldName::Mitigated, diags);
    let resolved = time(FieldName::Resolved, diags);
    // A placeholder is recognised as written: an escaped `\<x>` is text, not a placeholder.
    let raw = |f: &Field| {
        let start = f.body.as_ref().map_or(f.inline.start, |b| b.start);
        let start = if f.inline.is_empty() {
            start
        } else {
            f.inline.start
        };
        let end = f
            .body
            .as_ref()
            .map_or(f.inline.end, |b| b.end.max(f.inline.end));
        src[start..end].trim_ws()
    };
    let text = |n: FieldName| {
        get(n)
            .filter(|f| !is_placeholder(raw(f)) && !f.text.trim_ws().is_empty())
            .map(|f| f.text.trim_ws().to_owned())
    };

    let mut follow_ups = Vec::with_capacity(actions.len());
    {
        // Split on the raw text, where an escaped separator (` \- `) is not one: the items
        // come read that way from `follow_up_actions`.
        for (ListItem { span, task }, mut item) in actions {
            item.done = task.is_some_and(|t| t.checked);
            unescape_in_place(&mut item.action);
            if let Some(a) = &mut item.assignee {
                unescape_in_place(a);
            }
            if let Some(incident_core::Due::Text(t)) = &mut item.due {
                unescape_in_place(t);
            }
            if task.is_none() {
                diags.push(Diagnostic::new(
                    Code::FollowUpNotTask,
                    format!("follow-up `{}` is not a task item (`- [ ] …`)", item.action),
                    span.clone(),
                ));
            }
            follow_ups.push(item);
        }
    }
    let mut related_logs = Vec::new();
    if let Some(f) = get(FieldName::RelatedLogs) {
        // Links are read on the text as written (`\[x](y)` is no link), one per line when the
        // field is not a list.
        let texts: Vec<String> = if f.items.is_empty() {
            let end = f.body.as_ref().map_or(f.inline.end, |b| b.end);
            let raw = if f.inline.is_empty() {
                f.body.clone().map_or("", |b| &src[b])
            } else {
                &src[f.inline.start..end]
            };
            raw.split(['\n', '\r']).map(str::to_owned).collect()
        } else {
            f.items
                .iter()
                .map(|it| one_line(strip_marker(&src[it.span.clone()])))
                .collect()
        };
        for t in texts {
            let t = t.trim_ws();
            if t.is_empty() || is_placeholder(t) {
                continue;
            }
            related_logs.push(read_link(t));
        }
    }
    let timeline: Vec<TimelineItem> = get(FieldName::Timeline).map_or_else(Vec::new, |f| {
        // At the offset the detection is written at (`+05:30`), as the entry writes times.
        let offset = get(FieldName::Detected)
            .and_then(|d| super::clock::written_offset(src.get(d.inline.clone())?));
        timeline_items(src, f, zone, detected, offset)
            .into_iter()
            .flatten()
            .collect()
    });
    if !ok {
        return None;
    }
    let mut incident = Incident::new(title, severity?, detected?);
    // `plain` resolves escapes itself, so it reads the value as written.
    incident.category = get(FieldName::Category)
        .filter(|_| text(FieldName::Category).is_some())
        .map(|f| plain(raw(f)).into_owned());
    incident.acknowledged = acknowledged;
    incident.mitigated = mitigated;
    incident.resolved = resolved;
    incident.disposition = text(FieldName::Status).and_then(|t| read_disposition(&plain(&t)));
    incident.trigger = text(FieldName::Trigger).and_then(|t| plain(&t).parse().ok());
    incident.timeline = timeline;
    for name in FieldName::CANONICAL_ORDER {
        if name.kind() == FieldKind::Text
            && let Some(slot) = incident.text_field_mut(name)
        {
            *slot = text(name);
        }
    }
    incident.follow_ups = follow_ups;
    incident.related_logs = related_logs;
    Some(incident)
}

/// A `Status:` value: `reopened` or `cancelled …`. A stage the timestamps already tell
/// (`open`, `resolved`, `mitigated`, …, as hand-written logs often say) adds nothing, and
/// anything else is kept out of the model.
pub(super) fn read_disposition(text: &str) -> Option<Disposition> {
    // What leads the words (`✅ Resolved`, `**reopened**`) is decoration.
    let text = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    if text
        .trim_ws()
        .parse::<Stage>()
        .is_ok_and(|s| s != Stage::Reopened)
    {
        return None;
    }
    text.parse().ok()
}

/// The timeline's items, one per list item (or line), each `TIME — text`; `Err` with the text
/// for an item whose time cannot be read (`- 13:20 vendor confirms`, as hand-written logs have
/// them). Those are left out of the model, and edits that would rewrite the timeline refuse
/// rather than lose them ([`crate::Document::transition`]).
pub(crate) fn timeline_items(
    src: &str,
    f: &Field,
    zone: chrono_tz::Tz,
    detected: Option<DateTime<Utc>>,
    offset: Option<chrono::FixedOffset>,
) -> Vec<Result<TimelineItem, String>> {
    // A `| Time (UTC) | Event |` table: its rows.
    if f.items.is_empty()
        && let Some(t) =
            timeline_lines(f).and_then(|b| crate::timeline_table::read(src, b, zone, detected))
    {
        return t.rows.into_iter().map(|(_, item)| item).collect();
    }
    let lines: Vec<String> = if f.items.is_empty() {
        timeline_lines(f).map_or_else(Vec::new, |b| {
            src[b]
                .split(['\n', '\r'])
                .map(|l| strip_marker(l).to_owned())
                .collect()
        })
    } else {
        f.items
            .iter()
            .map(|it| one_line(strip_marker(&src[it.span.clone()])))
            .collect()
    };
    // Times of day (`14:02 UTC — paged`) on the detection's day and those after it.
    let mut clock = super::clock::Clock::new(detected).at_offset(offset);
    lines
        .iter()
        .map(|l| l.trim_ws())
        .filter(|t| !t.is_empty() && !is_placeholder(t) && !t.contains("<ISO 8601 timestamp>"))
        .map(|t| {
            clock
                .read(t, zone)
                .map(|(item, _)| item)
                .ok_or_else(|| t.to_owned())
        })
        .collect()
}

/// A timeline item as written: the seed's `2026-03-02T10:12:00Z — text`, else a team's
/// [`read_team_timeline_item`]; with the length of its time as written when it is a team's.
pub(crate) fn read_timeline_item(
    t: &str,
    zone: chrono_tz::Tz,
) -> Option<(TimelineItem, Option<usize>)> {
    match TimelineItem::parse_in(t, zone) {
        Ok(mut item) => {
            unescape_in_place(&mut item.text);
            Some((item, None))
        }
        Err(_) => read_team_timeline_item(t, zone).map(|(item, len)| (item, Some(len))),
    }
}

/// A timeline item as a team writes it, `2026-11-20 10:00 UTC — text`: a certain instant of
/// several words before the separator (`—`, `–`, `-` between spaces, or `: `). With the length of
/// the time as written, which a new item's line copies the form of.
///
/// The time may be bold or code (`**2026-11-20 10:00**: text`); one without an offset is read
/// in `zone`, as everywhere else.
pub(crate) fn read_team_timeline_item(
    t: &str,
    zone: chrono_tz::Tz,
) -> Option<(TimelineItem, usize)> {
    split_timeline_item(t, |written| team_instant(written, zone))
}

/// `TIME — text` split at the first separator after which `time` reads what comes before it
/// (bold's and a trailing colon's marks left to `time`): the item, and the length of its time
/// as written.
pub(crate) fn split_timeline_item(
    t: &str,
    time: impl Fn(&str) -> Option<DateTime<Utc>>,
) -> Option<(TimelineItem, usize)> {
    [" — ", " – ", " - ", ": ", ":** ", "**: "]
        .iter()
        .find_map(|sep| {
            let k = t.find(sep)?;
            // `**10:00**: x` splits after the bold's closing `**`, `**10:00:** x` before it.
            let time_end = match *sep {
                ":** " => k + 3,
                "**: " => k + 2,
                _ => k,
            };
            let written = t[..time_end].trim_end();
            let at = time(written.trim_end_matches(['*', '`']).trim_end_matches(':'))?;
            let mut item = TimelineItem::new(at, t[k + sep.len()..].trim());
            unescape_in_place(&mut item.text);
            Some((item, written.len()))
        })
}

/// A time as a team writes one in a timeline (an item's or a table cell's), bold or code or
/// not: with its offset, or a local date and time read in `zone`; `None` for anything less
/// certain (a time of day, a day).
pub(crate) fn team_instant(
    text: &str,
    zone: chrono_tz::Tz,
) -> Option<chrono::DateTime<chrono::Utc>> {
    use crate::dialect::dates::read_when;
    let t = text.trim().trim_matches(['*', '`']).trim();
    match t.parse::<incident_core::WrittenTime>() {
        Ok(w) => w.in_zone(zone).ok(),
        Err(_) => read_when(t)?.instant_in(zone),
    }
}

/// Where a timeline that is not a list is written: from its value on the label line
/// (`**Timeline:** 2026-03-02T10:01Z — paged`) through the lines below it.
pub(crate) fn timeline_lines(f: &Field) -> Option<Range<usize>> {
    if f.inline.is_empty() {
        return f.body.clone();
    }
    let end = f
        .body
        .as_ref()
        .map_or(f.inline.end, |b| b.end.max(f.inline.end));
    Some(f.inline.start..end)
}

/// The span to point at for a field's value.
pub(super) fn value_span(f: &Field) -> Range<usize> {
    if f.inline.is_empty() {
        f.body.clone().unwrap_or(f.span.clone())
    } else {
        f.inline.clone()
    }
}

/// `[text](target)` as a link, anything else as plain text; read as written, escapes resolved.
pub(super) fn read_link(t: &str) -> RelatedLog {
    match split_link(t) {
        Some((label, target)) => RelatedLog::new(unescape(label), Some(target.to_owned())),
        None => RelatedLog::new(unescape(t), None),
    }
}
