//! Entries of other dialects: the incident built from the lenient reading, and what it could
//! not read reported as findings.

use incident_core::{FieldKind, FollowUp, Incident};

use super::Log;
use super::entry::Entry;
use crate::diagnostic::{Code, Diagnostic};
use crate::dialect::{Key, SeverityValue, When};
use crate::field::FieldName;

/// Builds the entry's incident from its reading when severity and detection time are certain,
/// and reports values the reading kept as written (in `diags`; an error in `prior` or `diags`
/// inside the entry already says why it is incomplete).
pub(super) fn complete(
    entry: &mut Entry,
    zone: chrono_tz::Tz,
    prior: &[Diagnostic],
    diags: &mut Vec<Diagnostic>,
) {
    let r = &entry.reading;
    let span = entry.heading_span.clone();
    if let Some(SeverityValue::Unknown(text)) = &r.severity {
        diags.push(Diagnostic::new(
            Code::UnreadValue,
            format!(
                "the severity `{text}` of incident `{}` names no level; it is left unknown",
                entry.title
            ),
            span.clone(),
        ));
    }
    if let Some(When::Uncertain(text)) = &r.detected {
        diags.push(Diagnostic::new(
            Code::UnreadValue,
            format!(
                "the date `{text}` of incident `{}` is not a certain day; it is left unknown",
                entry.title
            ),
            span.clone(),
        ));
    }
    if entry.incident.is_some() {
        return;
    }
    // Only a certain instant makes an incident: a day alone would need a guessed time. A date
    // and time without a zone is one in the configured zone, as in the seed's fields.
    let detected = r.detected.as_ref().and_then(|w| w.instant_in(zone));
    let (Some(level), Some(at)) = (r.level(), detected) else {
        // Said, not passed over in silence: the entry is read, but no command can count it
        // (unless an error about the entry already says why).
        let said = prior.iter().chain(diags.iter()).any(|d| {
            d.level == incident_core::Level::Error
                && d.span
                    .as_ref()
                    .is_some_and(|s| entry.span.contains(&s.start))
        });
        if said {
            return;
        }
        let mut missing = Vec::new();
        if r.level().is_none() {
            missing.push("severity");
        }
        let skipped;
        match &r.detected {
            Some(When::Instant(_)) => {}
            Some(When::Local(t)) if detected.is_none() => {
                skipped = format!(
                    "detection time (`{}` does not occur in {}: the clocks skip it)",
                    t.format("%Y-%m-%d %H:%M"),
                    zone.name()
                );
                missing.push(&skipped);
            }
            Some(When::Local(_)) => {}
            Some(When::Day(_)) => missing.push("detection time (only a day is written)"),
            _ => missing.push("detection time"),
        }
        diags.push(Diagnostic::new(
            Code::EntryIncomplete,
            format!(
                "incident `{}` has no {} the tool can read; `sla`, `report` and `actions` leave it out",
                entry.title,
                missing.join(" and no ")
            ),
            span,
        ));
        return;
    };
    let mut incident = Incident::new(&entry.title, level, at);
    for f in &r.fields {
        let Some(Key::Field(name)) = f.key else {
            continue;
        };
        match name.kind() {
            FieldKind::Text => {
                // Backslash escapes resolved, as the seed's fields are read (`\~40%` is `~40%`,
                // which the writer escapes at a line's start).
                if let Some(slot) = incident.text_field_mut(name)
                    && slot.is_none()
                    && !f.value.trim().is_empty()
                {
                    *slot = Some(crate::escape::unescape(f.value.trim()));
                }
            }
            FieldKind::Timestamp if name != FieldName::Detected => {
                if let Some(t) =
                    crate::dialect::dates::read_when(&f.value).and_then(|w| w.instant_in(zone))
                {
                    let slot = match name {
                        FieldName::Acknowledged => &mut incident.acknowledged,
                        FieldName::Mitigated => &mut incident.mitigated,
                        _ => &mut incident.resolved,
                    };
                    slot.get_or_insert(t);
                }
            }
            FieldKind::FollowUps => incident.follow_ups.extend(field_follow_ups(f)),
            FieldKind::Category => {
                let v = super::text::plain(f.value.trim());
                if incident.category.is_none()
                    && !v.is_empty()
                    && !incident_core::is_placeholder(&v)
                {
                    incident.category = Some(v.into_owned());
                }
            }
            FieldKind::Trigger if incident.trigger.is_none() => {
                incident.trigger = super::text::plain(f.value.trim()).parse().ok();
            }
            FieldKind::RelatedLogs => {
                for (text, _) in &f.item_texts {
                    let t = text.trim();
                    if !t.is_empty() && !incident_core::is_placeholder(t) {
                        incident.related_logs.push(super::incident::read_link(t));
                    }
                }
            }
            _ => {}
        }
    }
    // `Status: cancelled — false alarm`, `Status: reopened`: what `cancel` and `reopen` write,
    // read back as the strict reading reads it.
    incident.disposition = r
        .get(Key::Status)
        .and_then(|f| super::incident::read_disposition(&super::text::plain(f.value.trim())));
    entry.incident = Some(incident);
}

/// Text fields the strict reader leaves out, in an entry of another dialect that it read: the
/// description a team writes as a paragraph with no label under its one-line fields
/// (`**Severity:** High`, `**Detected:** …`, a blank line, what happened). It was read as no
/// description, and `check` asked for one.
pub(super) fn texts_read_leniently(entry: &mut Entry) {
    let Some(incident) = entry.incident.as_mut() else {
        return;
    };
    for f in &entry.reading.fields {
        let Some(Key::Field(name)) = f.key else {
            continue;
        };
        let value = f.value.trim();
        if name.kind() != FieldKind::Text
            || value.is_empty()
            || incident_core::is_placeholder(value)
            || entry.fields.iter().any(|g| g.name == Some(name))
        {
            continue;
        }
        if let Some(slot) = incident.text_field_mut(name)
            && slot.is_none()
        {
            *slot = Some(crate::escape::unescape(value));
        }
    }
}

/// Follow-ups the strict reader leaves out: an entry it reads whole, whose actions are not a list
/// under its follow-up field but rows of an action table (`| Action | Owner | Due |`) or items
/// in the team's own style, gets them from the lenient reading, as `complete` gives them to the
/// entries only that reading reads.
pub(super) fn follow_ups_read_leniently(entry: &mut Entry) {
    let listed = entry
        .field(FieldName::FollowUpActions)
        .is_some_and(|f| !f.items.is_empty());
    let Some(incident) = entry.incident.as_mut() else {
        return;
    };
    if listed || !incident.follow_ups.is_empty() {
        return;
    }
    for f in &entry.reading.fields {
        if f.key == Some(Key::Field(FieldName::FollowUpActions)) {
            incident.follow_ups.extend(field_follow_ups(f));
        }
    }
}

/// The follow-ups of a follow-up field: one per item, or, for a sentence with no items
/// (`Follow-ups: add a purge check (Bob, by 2026-05-15).`), the sentence as one, as the
/// reading counts it.
fn field_follow_ups(f: &crate::dialect::LooseField) -> Vec<FollowUp> {
    if is_sentence_follow_up(f) {
        return sentence_follow_up(f).into_iter().collect();
    }
    f.item_texts
        .iter()
        .map(|(text, done)| follow_up(text, *done))
        .collect()
}

/// Whether a follow-up field is a sentence with no items (`- **Follow-up:** add a canary`,
/// `Follow-ups: add a purge check (Bob, by 2026-05-15).`): the sentence is one follow-up.
pub(crate) fn is_sentence_follow_up(f: &crate::dialect::LooseField) -> bool {
    f.items == 0
        && f.item_texts.is_empty()
        && f.style != crate::dialect::FieldStyle::Table
        && !crate::dialect::says_none(&f.value)
}

/// The follow-up of a [sentence field](is_sentence_follow_up), unless it is the template's
/// placeholder. A `(done)` at its end ticks it, before or after the sentence's full stop
/// (`Add a canary. (done)`), which is no part of the action.
pub(crate) fn sentence_follow_up(f: &crate::dialect::LooseField) -> Option<FollowUp> {
    let text = crate::text::one_line(&f.value);
    let text = text.trim();
    let (text, done) = match text.strip_suffix("(done)") {
        Some(rest) => (rest.trim_end(), true),
        None => (text, false),
    };
    let text = text.trim_end_matches('.');
    (!incident_core::is_placeholder(text)).then(|| follow_up(text, done))
}

/// The timeline of an entry whose `Timeline` field is in the team's own style (`- **Timeline:**`
/// with `- 2026-11-20 10:00 UTC — text` items), which the strict reader does not see: read when
/// every item has a certain time, else left empty (and a rewrite of it refused, see
/// [`Document::timeline_writable`](crate::Document::timeline_writable)).
///
/// An incident only the lenient reading reads (`**Severity:** P1`) gets the items of a
/// `Timeline` field the seed's reader sees in the same way, when all of them are readable.
///
/// A team's timeline whose items it cannot all read (`- 09:41 — alerts fire`, a time with no
/// day) is reported in `diags` (MD016): the seed's reader says so of its own Timeline field.
pub(super) fn timeline_read_leniently(
    src: &str,
    entry: &mut Entry,
    zone: chrono_tz::Tz,
    seed: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let detected = entry.incident.as_ref().map(|i| i.detected);
    // Times of day are at the offset the detection is written at (`+05:30`).
    let offset = super::clock::entry_offset(src, entry);
    // Items the seed's reader left out of a timeline it read in part: outside the seed's
    // dialect its own findings are not kept, so they are said here.
    if !seed
        && entry
            .incident
            .as_ref()
            .is_some_and(|i| !i.timeline.is_empty())
        && let Some(f) = entry.field(FieldName::Timeline)
    {
        let unread: Vec<String> = super::incident::timeline_items(src, f, zone, detected, offset)
            .into_iter()
            .filter_map(Result::err)
            .collect();
        if let Some(first) = unread.first() {
            diags.push(Diagnostic::new(
                Code::UnreadValue,
                format!(
                    "the timeline of incident `{}` has {} item(s) without a time the tool can \
                     read (`{first}`), left out; write each item's time as `09:41`, \
                     `2026-03-02 09:41` or RFC 3339",
                    entry.title,
                    unread.len()
                ),
                f.span.clone(),
            ));
        }
    }
    if entry
        .incident
        .as_ref()
        .is_none_or(|i| !i.timeline.is_empty())
    {
        return;
    }
    let items: Option<Vec<incident_core::TimelineItem>> = match entry.field(FieldName::Timeline) {
        Some(f) => super::incident::timeline_items(src, f, zone, detected, offset)
            .into_iter()
            .map(Result::ok)
            .collect(),
        None => crate::dialect::field_edit::team_timeline(src, entry, zone)
            .map(|items| items.into_iter().map(|(_, item, _)| item).collect()),
    };
    // The seed's reader can run a bold field's value on over a team's `Follow-ups:` paragraph
    // below it; the lenient reading's items are then the timeline's.
    let items = items.filter(|i| !i.is_empty()).or_else(|| {
        let f = entry
            .reading
            .fields
            .iter()
            .find(|f| f.key == Some(Key::Field(FieldName::Timeline)))?;
        let mut clock = super::clock::Clock::new(detected).at_offset(offset);
        f.item_texts
            .iter()
            .map(|(t, _)| clock.read(t.trim(), zone).map(|(i, _)| i))
            .collect()
    });
    match items.filter(|i| !i.is_empty()) {
        Some(items) => {
            if let Some(incident) = entry.incident.as_mut() {
                incident.timeline = items;
            }
        }
        // The seed's reader reports its own Timeline field's items (outside the seed's
        // dialect its findings are not kept).
        None if !seed || entry.field(FieldName::Timeline).is_none() => {
            let strict = entry
                .field(FieldName::Timeline)
                .filter(|f| f.value().is_some())
                .map(|f| f.span.clone());
            let own = || {
                crate::dialect::field_edit::own_field(entry, FieldName::Timeline)
                    .filter(|f| {
                        let v = f.value.trim();
                        !v.is_empty() && !incident_core::is_placeholder(v)
                    })
                    .map(|f| f.span.clone())
            };
            if let Some(span) = strict.or_else(own) {
                // The first item as written, to say which.
                let first = entry
                    .field(FieldName::Timeline)
                    .and_then(|f| {
                        super::incident::timeline_items(src, f, zone, detected, offset)
                            .into_iter()
                            .find_map(Result::err)
                    })
                    .or_else(|| {
                        src[span.clone()]
                            .lines()
                            .map(|l| super::text::strip_marker(l).trim())
                            .find(|l| !l.is_empty())
                            .map(str::to_owned)
                    });
                let such_as = first.map_or_else(String::new, |t| format!(" (such as `{t}`)"));
                diags.push(Diagnostic::new(
                    Code::UnreadValue,
                    format!(
                        "the timeline of incident `{}` has items without a time the tool can \
                         read{such_as}: none of it is read; write each item's time as `09:41`, \
                         `2026-03-02 09:41` or RFC 3339",
                        entry.title
                    ),
                    span,
                ));
            }
        }
        None => {}
    }
}

/// A follow-up as teams write it: `action — @owner — due`, or with the owner in parentheses
/// (`action (Dmitri)`, `action (owner: Tariq, done)` keeps the first word).
fn follow_up(text: &str, done: bool) -> FollowUp {
    // `… (done)` at the end: a numbered list's way of ticking an item.
    let (text, done) = match text.trim_end().strip_suffix("(done)") {
        Some(rest) => (rest.trim_end(), true),
        None => (text, done),
    };
    refine(FollowUp::from_item_text(text, done))
}

/// A follow-up the strict reader read from an item of a team's log, read again with the forms
/// teams write (see [`follow_up`]); the seed's own entries are left to the seed's rules.
pub(super) fn refined(mut item: FollowUp) -> FollowUp {
    // `(done)` ended the item: it is now the end of its due date, owner or action.
    let ended = |t: &mut String| match t.trim_end().strip_suffix("(done)") {
        Some(rest) => {
            let kept = rest.trim_end().len();
            t.truncate(kept);
            true
        }
        None => false,
    };
    let done = if let Some(incident_core::Due::Text(t)) = &mut item.due {
        let done = ended(t);
        if t.is_empty() {
            item.due = None;
        }
        done
    } else if let Some(who) = &mut item.assignee {
        ended(who)
    } else {
        ended(&mut item.action)
    };
    item.done |= done;
    refine(item)
}

/// Cuts a trailing owner label and the separator before it off an action (`Add an alert —
/// owner:`, `Add an alert | assignee`): only after a separator, so `Find a new owner` stays.
fn strip_owner_label(action: &mut String) {
    const LABELS: [&str; 5] = ["owner", "owners", "assignee", "assigned to", "owned by"];
    let text = action.trim_end();
    let text = text.strip_suffix(':').unwrap_or(text).trim_end();
    let ends_with = |l: &str| {
        text.len()
            .checked_sub(l.len())
            .and_then(|at| text.get(at..))
            .is_some_and(|end| end.eq_ignore_ascii_case(l))
    };
    let Some(label) = LABELS.iter().find(|l| ends_with(l)) else {
        return;
    };
    let rest = text[..text.len() - label.len()].trim_end();
    let Some(before) = ["—", "–", "-", "|", ","]
        .iter()
        .find_map(|sep| rest.strip_suffix(sep))
    else {
        return;
    };
    let kept = before.trim_end().len();
    if kept > 0 {
        action.truncate(kept);
    }
}

/// The owner and due date of a follow-up read from the forms teams write.
fn refine(mut item: FollowUp) -> FollowUp {
    // `@dave (SRE)`: the handle; the note in parentheses is no part of it.
    if let Some(name) = item
        .assignee
        .as_deref()
        .and_then(crate::text::owner_before_note)
    {
        item.assignee = Some(name.to_owned());
    }
    // `@mira: add a probe`: the owner first, before a colon.
    if item.assignee.is_none()
        && let Some(rest) = item.action.strip_prefix('@')
        && let Some((who, action)) = rest.split_once(':')
        && !who.is_empty()
        && !who.contains(char::is_whitespace)
        && !action.trim().is_empty()
    {
        let (who, action) = (who.to_owned(), action.trim().to_owned());
        item.assignee = Some(who);
        item.action = action;
    }
    // `— done 2026-11-22`: done on that day, which is no due date.
    if let Some(incident_core::Due::Text(t)) = &item.due
        && let Some(rest) = after_word(t, "done")
        && (rest.is_empty() || incident_core::parse_date(rest).is_ok())
    {
        item.done = true;
        item.due = None;
    }
    // `— due 2026-12-05`: the due date, with its word.
    if let Some(incident_core::Due::Text(t)) = &item.due
        && let Some(day) = due_day(t)
    {
        item.due = Some(incident_core::Due::Date(day));
    }
    // `— Wei Zhang (due 2026-12-18)`: a due date alone in parentheses.
    if item.due.is_none()
        && let Some(open) = item.action.rfind(" (")
        && let Some(inner) = item.action[open + 2..].strip_suffix(')')
        && let Some(day) = due_day(inner)
    {
        item.due = Some(incident_core::Due::Date(day));
        item.action.truncate(open);
    }
    // `Add an alert - alice (SRE)`: a name after the action's dash, a note on it in
    // parentheses (a team, a role): the name is the owner.
    if item.assignee.is_none()
        && item.action.ends_with(')')
        && let Some(open) = item.action.rfind(" (")
        && !item.action[open + 2..].contains('(')
        && let Some((action, named)) = [" - ", " — ", " – "]
            .iter()
            .filter_map(|sep| item.action[..open].rsplit_once(sep))
            .max_by_key(|(a, _)| a.len())
    {
        let name = named.trim().trim_start_matches('@');
        if !action.trim().is_empty()
            && !name.is_empty()
            && name.split_whitespace().count() <= 3
            && !name
                .chars()
                .any(|c| c.is_ascii_digit() || c == '(' || c == ')')
            && !NOT_NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
        {
            let (cut, name) = (action.trim_end().len(), name.to_owned());
            item.assignee = Some(name);
            item.action.truncate(cut);
        }
    }
    if item.assignee.is_none()
        && let Some(open) = item.action.rfind(" (")
        && item.action.ends_with(')')
    {
        let inner = &item.action[open + 2..item.action.len() - 1];
        let name = inner
            .trim_start_matches("owner:")
            .split(',')
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches('@');
        if !name.is_empty()
            && name.split_whitespace().count() <= 2
            && !name.chars().any(|c| c.is_ascii_digit())
        {
            item.assignee = Some(name.to_owned());
            // `(@mira, 2026-12-05)`, `(@sam, due 2026-12-04)`: a date after the name is the
            // due date.
            if item.due.is_none() {
                item.due = inner
                    .split(',')
                    .skip(1)
                    .map(|p| p.trim())
                    .find_map(due_day)
                    .map(incident_core::Due::Date);
            }
            item.action.truncate(open);
        }
    }
    if item.assignee.is_none()
        && let Some((cut, name)) = bare_owner(&item.action)
    {
        item.assignee = Some(name.to_owned());
        item.action.truncate(cut);
    }
    // `Restore the pool @mirko (due 2026-12-02)`: a handle ending the action, no dash before it.
    if item.assignee.is_none()
        && let Some((action, who)) = item.action.rsplit_once(" @")
        && !action.trim().is_empty()
        && crate::text::is_handle(who)
    {
        let who = who.to_owned();
        item.action.truncate(action.trim_end().len());
        item.assignee = Some(who);
    }
    // `~~Write the runbook~~`: struck through, done.
    if let Some(inner) = item
        .action
        .trim()
        .strip_prefix("~~")
        .and_then(|a| a.strip_suffix("~~"))
        .filter(|a| !a.trim().is_empty() && !a.contains("~~"))
    {
        item.action = inner.trim().to_owned();
        item.done = true;
    }
    // `— owner: @kim`: the label the owner was written after is no part of the action (it
    // read `Add a latency alert — owner:`).
    if item.assignee.is_some() {
        strip_owner_label(&mut item.action);
    }
    item
}

/// `2026-12-05` or `due 2026-12-05` (`due:`, any case): the day.
fn due_day(text: &str) -> Option<chrono::NaiveDate> {
    let t = after_word(text, "due")
        .or_else(|| after_word(text, "by"))
        .unwrap_or(text.trim());
    incident_core::parse_date(t).ok()
}

/// `text` (trimmed) after a leading `word`, in any case, and the spaces or `:` after it.
fn after_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let t = text.trim();
    t.get(..word.len())
        .filter(|w| w.eq_ignore_ascii_case(word))
        .map(|_| t[word.len()..].trim_start_matches([' ', ':']))
}

/// Capitalised words a team writes after an action that name no one: states and times.
#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    "Done", "Todo", "Open", "Closed", "Pending", "Blocked", "Ongoing", "Later", "Soon", "Next",
    "Urgent", "Optional", "Backlog", "Cancelled", "Canceled", "Dropped", "Fixed", "Monitoring",
    "Investigating", "Resolved", "High", "Medium", "Low", "Critical", "Tomorrow", "Today",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday",
];

/// A follow-up of the seed's form whose owner slot holds a name without `@`
/// (`Fix it - ana - 2026-12-01`): the template's `<action> - @<assignee> - <due date>`, so the
/// one word between the action and the due date is the owner (a word of the states and times
/// above is not: `Fix it - later - 2026-12-01`). `item` is as read from the text as written,
/// its escapes not yet resolved.
pub(super) fn seed_bare_owner(mut item: FollowUp) -> FollowUp {
    if item.assignee.is_some() || !matches!(item.due, Some(incident_core::Due::Date(_))) {
        return item;
    }
    let Some((action, who)) = item.action.rsplit_once(" - ") else {
        return item;
    };
    let handle = crate::text::is_handle(who)
        && who.len() <= 39
        && who.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && !NOT_NAMES.iter().any(|n| n.eq_ignore_ascii_case(who));
    if handle && !action.trim().is_empty() {
        let who = who.to_owned();
        item.action.truncate(action.trim_end().len());
        item.assignee = Some(who);
    }
    item
}

/// Separators between an action and its owner, as the item's parts are split.
const OWNER_SEPARATORS: [&str; 3] = [" - ", " – ", " — "];

/// An owner written without `@` as the action's last part (`Fix the quorum — Marta`,
/// `Pin it - Ana Ruiz`): a name of one or two capitalised words, not a word a team writes
/// there for the state or the time (`— Done`, `— TBD`, `— March`). Gives where the action
/// ends and the name.
fn bare_owner(action: &str) -> Option<(usize, &str)> {
    let (at, sep) = OWNER_SEPARATORS
        .iter()
        .filter_map(|s| action.rfind(s).map(|at| (at, *s)))
        .max_by_key(|(at, _)| *at)?;
    let name = action[at + sep.len()..].trim();
    let words: Vec<&str> = name.split(' ').collect();
    let capitalised = |w: &&str| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase)
            && w.chars().count() >= 2
            && chars.all(|c| c.is_lowercase() || c == '\'' || c == '-')
    };
    let named = (1..=2).contains(&words.len())
        && words.iter().all(capitalised)
        && !words.iter().any(|w| NOT_NAMES.contains(w));
    (named && at > 0 && !action[..at].trim().is_empty()).then_some((at, name))
}

/// Findings about the log as a whole in its dialect: headings that look like entries where
/// none is recognised (MD015), entries out of the order the file keeps (MD017) and IDs the
/// file writes twice (MD013). The seed's dialect has its own rules and is left as it was.
pub(super) fn dialect_findings(log: &Log, diags: &mut Vec<Diagnostic>) {
    let d = &log.dialect;
    if d.seed {
        return;
    }
    if log.incidents.is_empty() && !d.unrecognised.is_empty() {
        let lines: Vec<String> = d.unrecognised.iter().map(|(l, _)| l.to_string()).collect();
        let span = d.unrecognised[0].1.start..d.unrecognised.last().map_or(0, |u| u.1.end);
        diags.push(Diagnostic::new(
            Code::NoEntryRecognised,
            format!(
                "{} heading{} look like incident entries (line{} {}) but none has fields this tool reads; nothing was checked (see `incident explain`)",
                lines.len(),
                if lines.len() == 1 { "" } else { "s" },
                if lines.len() == 1 { "" } else { "s" },
                lines.join(", ")
            ),
            span,
        ));
    }
    let newest_first = match d.order.value {
        crate::dialect::Order::NewestFirst => true,
        crate::dialect::Order::OldestFirst => false,
        _ => return dup_ids(log, diags),
    };
    let mut last: Option<(chrono::NaiveDate, &str)> = None;
    for e in &log.incidents {
        let Some(day) = e.reading.detected.as_ref().and_then(When::day) else {
            continue;
        };
        if let Some((prev, prev_title)) = last
            && ((newest_first && day > prev) || (!newest_first && day < prev))
        {
            diags.push(Diagnostic::new(
                Code::EntryOrder,
                format!(
                    "incident `{}` ({day}) is out of the file's order ({}): it follows `{prev_title}` ({prev})",
                    e.title, d.order.value
                ),
                e.heading_span.clone(),
            ));
        }
        last = Some((day, &e.title));
    }
    dup_ids(log, diags);
}

fn dup_ids(log: &Log, diags: &mut Vec<Diagnostic>) {
    let mut seen: Vec<&str> = Vec::new();
    for e in &log.incidents {
        // A number or letter (`Incident 4`, `Incident B`); a written ID (`INCIDENT-008`) is the
        // entry's ID, whose repeats the ID rules report.
        let Some(id) = e
            .reading
            .id
            .as_deref()
            .filter(|id| crate::dialect::heading::is_running(id))
        else {
            continue;
        };
        if seen.contains(&id) {
            diags.push(Diagnostic::new(
                Code::DuplicateId,
                format!(
                    "the ID `{id}` is written by two incidents; `{}` is the second",
                    e.title
                ),
                e.heading_span.clone(),
            ));
        } else {
            seen.push(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `— owner: @kim — due: 2026-12-10` read `Add a latency alert — owner:` as the action.
    #[test]
    fn an_owner_label_is_no_part_of_the_action() {
        let read = |t: &str| {
            let f = follow_up(t, false);
            (f.action, f.assignee, f.due.map(|d| d.to_string()))
        };
        let owned = |a: &str, o: &str, d: Option<&str>| {
            (a.to_owned(), Some(o.to_owned()), d.map(str::to_owned))
        };
        assert_eq!(
            read("Add a latency alert — owner: @kim — due: 2026-12-10"),
            owned("Add a latency alert", "kim", Some("2026-12-10"))
        );
        assert_eq!(
            read("Pin the image - Owner @li"),
            owned("Pin the image", "li", None)
        );
        assert_eq!(read("Find a new owner — @ana").0, "Find a new owner");
    }

    #[test]
    fn an_owner_without_at_is_a_capitalised_name_after_the_last_dash() {
        let read = |t: &str| {
            let f = follow_up(t, false);
            (f.action, f.assignee, f.due.map(|d| d.to_string()))
        };
        let owned = |a: &str, o: &str, d: Option<&str>| {
            (a.to_owned(), Some(o.to_owned()), d.map(str::to_owned))
        };
        assert_eq!(
            read("Fix the quorum — Marta — 2026-08-05"),
            owned("Fix the quorum", "Marta", Some("2026-08-05"))
        );
        assert_eq!(read("Pin it - Ana Ruiz"), owned("Pin it", "Ana Ruiz", None));
        assert_eq!(
            read("Mail merchants – Support"),
            owned("Mail merchants", "Support", None)
        );
        assert_eq!(read("Fix it — @kim"), owned("Fix it", "kim", None));
        assert_eq!(
            read("Alert on lag — Jonas — due 2026-11-28"),
            owned("Alert on lag", "Jonas", Some("2026-11-28"))
        );
        assert_eq!(
            read("Replace brokers — Wei Zhang (due 2026-12-18)"),
            owned("Replace brokers", "Wei Zhang", Some("2026-12-18"))
        );
        let ticked = follow_up("Ask the vendor — Marta — due 2026-11-25 (done)", false);
        assert!(ticked.done);
        assert_eq!(
            ticked.due.map(|d| d.to_string()).as_deref(),
            Some("2026-11-25")
        );
        assert_eq!(ticked.assignee.as_deref(), Some("Marta"));
        // Not a name: a state, a time, a word in lower case, three words, a lone word.
        for t in [
            "Roll back — Done",
            "Review — March",
            "Rotate keys - later",
            "Rotate keys - Ask The Team",
            "Marta",
            "Upgrade - v2",
        ] {
            assert_eq!(read(t).1, None, "{t}");
            assert_eq!(read(t).0, t, "{t}");
        }
    }
}
