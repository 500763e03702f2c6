//! Writing a new entry in a file's own dialect: its heading pattern (the next number or ID, its
//! date form), its field style and labels, only the fields it uses (plus Severity and
//! Detected), and its separator between entries.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use incident_core::{FieldName, Incident, Severity};

use super::fields::{FieldStyle, Key};
use super::heading::Part;
use super::{Dialect, EntrySite};
use crate::Error;
use crate::escape::escape_heading;
use crate::placement::Placement;
use crate::render::{render_follow_up, render_text, single_line, table_cell};

/// A new entry rendered in a dialect, and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Written {
    /// The byte range replaced (empty for an insertion).
    pub(crate) range: std::ops::Range<usize>,
    /// The text written there.
    pub(crate) text: String,
    /// Offset of the entry's heading (or first line) within `text`.
    pub(crate) entry_offset: usize,
}

/// Renders `incident` in the dialect of `src` and finds where it goes on `today`.
pub(crate) fn write_entry(
    src: &str,
    d: &Dialect,
    incident: &Incident,
    eol: &str,
) -> Result<Written, Error> {
    let today = incident.detected.date_naive();
    let entry = render(src, d, incident, eol)?;
    let sep = separator(src, d, eol);
    let ins = d.insertion(today);
    let line_start = offset_of_line(src, ins.line);
    if ins.reason.contains("placeholder")
        && let Some(b) = placeholder_span(src, line_start)
    {
        return Ok(Written {
            range: b,
            text: entry,
            entry_offset: 0,
        });
    }
    if ins.reason.contains("first group") {
        if let Some(group) = d.groups.iter().find(|(l, _)| *l == ins.line)
            && let Some(text) = new_group(&group.1, today)
        {
            let hashes = heading_hashes(src, line_start);
            let head = format!("{hashes} {text}{eol}{eol}");
            return Ok(Written {
                range: line_start..line_start,
                entry_offset: head.len(),
                text: format!("{head}{entry}{eol}{eol}"),
            });
        }
        // A group the writer cannot name: the entry goes first in the newest group.
        if let Some(e) = d.entries.first() {
            let at = offset_of_line(src, e.line);
            return Ok(Written {
                range: at..at,
                text: format!("{entry}{sep}"),
                entry_offset: 0,
            });
        }
    }
    if ins.reason.contains("after the last group")
        && let Some((line, group)) = d.groups.last()
        && let Some(text) = new_group(group, today)
        && let Some(last) = d.entries.last()
    {
        let hashes = heading_hashes(src, offset_of_line(src, *line));
        let end = content_end(src, last);
        let head = format!("{sep}{hashes} {text}{eol}{eol}");
        return Ok(Written {
            range: end..end,
            entry_offset: head.len(),
            text: format!("{head}{entry}"),
        });
    }
    let before_entry = d.entries.iter().any(|e| e.line == ins.line);
    if before_entry || ins.reason.contains("marker") {
        // Directly before an entry or the next block: the entry then the separator.
        let tail = if before_entry {
            sep
        } else {
            format!("{eol}{eol}")
        };
        return Ok(Written {
            range: line_start..line_start,
            text: format!("{entry}{tail}"),
            entry_offset: 0,
        });
    }
    // After the last entry (before a footer, or at the end): the separator then the entry.
    match d.entries.last() {
        Some(last) if last.span.end <= line_start || ins.line > d.lines => {
            let end = content_end(src, last);
            Ok(Written {
                range: end..end,
                entry_offset: sep.len(),
                text: format!("{sep}{entry}"),
            })
        }
        _ => {
            let lead = if src.is_empty() || src.ends_with('\n') {
                eol.to_owned()
            } else {
                format!("{eol}{eol}")
            };
            let at = line_start.min(src.len());
            let text = if at == src.len() {
                format!("{lead}{entry}{eol}")
            } else {
                format!("{entry}{eol}{eol}")
            };
            let entry_offset = if at == src.len() { lead.len() } else { 0 };
            Ok(Written {
                range: at..at,
                text,
                entry_offset,
            })
        }
    }
}

/// Where an entry's text ends: before the blank lines and the thematic break its span ends with.
fn content_end(src: &str, e: &EntrySite) -> usize {
    let mut t = src[e.span.clone()].trim_end();
    for rule in ["---", "***", "___"] {
        if let Some(rest) = t.strip_suffix(rule)
            && (rest.ends_with('\n') || rest.is_empty())
        {
            t = rest.trim_end();
        }
    }
    e.span.start + t.len()
}

/// The byte offset where 1-based `line` starts (the end of the text past the last line).
fn offset_of_line(src: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    src.match_indices('\n')
        .nth(line - 2)
        .map_or(src.len(), |(at, _)| at + 1)
}

/// The placeholder line at `at`, without its line ending.
fn placeholder_span(src: &str, at: usize) -> Option<std::ops::Range<usize>> {
    let rest = src.get(at..)?;
    let len = rest.find(['\r', '\n']).unwrap_or(rest.len());
    super::order::is_placeholder_line(&rest[..len]).then_some(at..at + len)
}

/// The `#`s of the heading at `at`.
fn heading_hashes(src: &str, at: usize) -> String {
    src[at..].chars().take_while(|c| *c == '#').collect()
}

/// Today's group heading in the form of an existing one (a day, a year, a quarter, a half).
fn new_group(existing: &str, today: NaiveDate) -> Option<String> {
    let t = existing.trim();
    if t.len() == 10 && t.parse::<NaiveDate>().is_ok() {
        return Some(today.format("%Y-%m-%d").to_string());
    }
    if t.len() == 4 && t.parse::<i32>().is_ok() {
        return Some(today.year().to_string());
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    match words.as_slice() {
        [y, p] if y.parse::<i32>().is_ok() && p.starts_with('Q') => {
            Some(format!("{} Q{}", today.year(), today.month0() / 3 + 1))
        }
        [y, p] if y.parse::<i32>().is_ok() && p.starts_with('H') => {
            Some(format!("{} H{}", today.year(), today.month0() / 6 + 1))
        }
        // `November 2026`, `Nov 2026`: the month written as the group writes it (a name or its
        // abbreviation, in its case).
        [m, y] if y.parse::<i32>().is_ok() && super::dates::month_number(m).is_some() => {
            let full = MONTHS[today.month0() as usize];
            let name = if m.trim_end_matches('.').len() <= 4
                && !MONTHS.iter().any(|n| n.eq_ignore_ascii_case(m))
            {
                format!("{}{}", &full[..3], if m.ends_with('.') { "." } else { "" })
            } else {
                full.to_owned()
            };
            let name = if m.chars().all(|c| !c.is_alphabetic() || c.is_uppercase()) {
                name.to_uppercase()
            } else {
                name
            };
            Some(format!("{name} {}", today.year()))
        }
        _ => None,
    }
}

/// What the file writes between two entries (from the end of one to the next heading), else a
/// blank line.
fn separator(src: &str, d: &Dialect, eol: &str) -> String {
    d.entries
        .windows(2)
        .map(|w| &src[content_end(src, &w[0]).min(w[1].span.start)..w[1].span.start])
        .find(|s| s.trim().is_empty() || matches!(s.trim(), "---" | "***" | "___"))
        .map_or_else(
            || format!("{eol}{eol}"),
            |s| {
                let rule = s.trim();
                if rule.is_empty() {
                    format!("{eol}{eol}")
                } else {
                    format!("{eol}{eol}{rule}{eol}{eol}")
                }
            },
        )
}

/// The entry's text, without a final line ending.
pub(crate) fn render(
    src: &str,
    d: &Dialect,
    incident: &Incident,
    eol: &str,
) -> Result<String, Error> {
    let title = escape_heading(single_line("Title", incident.title.trim())?);
    if title.is_empty() {
        return Err(Error::InvalidValue {
            field: "Title",
            value: incident.title.clone(),
            reason: "an incident needs a title",
        });
    }
    let style = d
        .field_style
        .as_ref()
        .map_or(FieldStyle::BoldLine, |s| s.value);
    // The entries' level, else the template heading's.
    let level = d.entry_level.as_ref().map(|l| l.value).unwrap_or_else(|| {
        d.heading.as_ref().map_or(2, |h| {
            let n = h.value.len() - h.value.trim_start_matches('#').len();
            (n as u8).clamp(2, 6)
        })
    });
    let pattern = d
        .heading
        .as_ref()
        .map(|h| h.value.trim_start_matches('#').trim_start().to_owned())
        .unwrap_or_else(|| "{title}".to_owned());
    let headed = style != FieldStyle::KeyValue;
    let heading_severity = pattern.contains("{severity}");
    let mut out = String::new();
    if headed {
        out.push_str(&"#".repeat(level.max(1) as usize));
        out.push(' ');
        out.push_str(&fill_pattern(src, d, &pattern, incident, &title));
    }
    let mut fields: Vec<(String, String, FieldStyle)> = Vec::new();
    if !headed {
        let label = label_for(d, Key::Title).unwrap_or_else(|| "Title".into());
        fields.push((label, title.clone(), style));
    }
    let used = used_keys(d);
    for (key, label, st) in &used {
        if let Some(v) = value_for(src, d, *key, incident, eol)? {
            fields.push((label.clone(), v, *st));
        }
    }
    let has = |k: Key| used.iter().any(|(x, _, _)| *x == k);
    // What the incident gives and the file has no field for is still written (under the seed's
    // label), so that nothing given is lost.
    for name in [
        FieldName::Description,
        FieldName::Impact,
        FieldName::RootCause,
        FieldName::Resolution,
        FieldName::LessonsLearned,
        FieldName::Category,
        FieldName::FollowUpActions,
        FieldName::RelatedLogs,
        FieldName::Trigger,
        FieldName::Acknowledged,
        FieldName::Mitigated,
        FieldName::Resolved,
        FieldName::Timeline,
    ] {
        let k = Key::Field(name);
        if !has(k)
            && let Some(v) = value_for(src, d, k, incident, eol)?
        {
            // After the last field of that style: a run of another style between would split
            // them, and a list item after another run's list would join that list.
            let at = fields
                .iter()
                .rposition(|f| f.2 == style)
                .map_or(fields.len(), |p| p + 1);
            fields.insert(at, (name.label().to_owned(), v, style));
        }
    }
    if !has(Key::Field(FieldName::Severity)) && !heading_severity {
        fields.insert(
            usize::from(!headed),
            (
                "Severity".into(),
                severity_text(src, d, incident.severity),
                style,
            ),
        );
    }
    if !has(Key::Field(FieldName::Detected)) && !has(Key::Date) {
        let at = usize::from(!headed) + usize::from(fields.len() > usize::from(!headed));
        fields.insert(
            at.min(fields.len()),
            (
                "Detected".into(),
                instant_text(src, d, incident.detected),
                style,
            ),
        );
    }
    let shape = heading_shape(src, d);
    // Runs of fields in one style; runs are apart by a blank line.
    let mut runs: Vec<String> = Vec::new();
    let mut k = 0;
    while k < fields.len() {
        let st = fields[k].2;
        let n = fields[k..].iter().take_while(|f| f.2 == st).count();
        let run: Vec<(String, String)> = fields[k..k + n]
            .iter()
            .map(|(l, v, _)| (l.clone(), v.clone()))
            .collect();
        runs.push(render_fields(&run, st, level, shape, eol));
        k += n;
    }
    let body = runs.join(&format!("{eol}{eol}"));
    if headed {
        out.push_str(eol);
        out.push_str(eol);
    }
    out.push_str(&body);
    Ok(out)
}

/// The keys the file's entries use, with their labels, in the order its entries write them.
fn used_keys(d: &Dialect) -> Vec<(Key, String, FieldStyle)> {
    let mut out: Vec<(Key, String, FieldStyle)> = Vec::new();
    for e in &d.entries {
        for f in &e.reading.fields {
            if let Some(k) = f.key
                && writable(k)
                && !out.iter().any(|(x, _, _)| *x == k)
            {
                out.push((k, f.label.to_string(), f.style));
            }
        }
    }
    out
}

/// How the file writes a field heading: with a colon (`#### Detected:`), whether a blank
/// line follows it, and how many levels below its entry's heading it is (`#### Timeline` under
/// `## Title` is 2).
fn heading_shape(src: &str, d: &Dialect) -> (bool, bool, u8) {
    d.entries
        .iter()
        .flat_map(|e| e.reading.fields.iter().map(move |f| (e.level, f)))
        .find(|(_, f)| f.style == FieldStyle::Heading && f.key.is_some())
        .map_or((false, true, 1), |(level, f)| {
            let rest = &src[f.at..];
            let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
            let line = rest[..end].trim_end();
            // The line after it (one line ending, not every blank line).
            let after = &rest[end..];
            let next = after
                .strip_prefix("\r\n")
                .or_else(|| after.strip_prefix(['\n', '\r']))
                .unwrap_or("");
            let next_line = next.split(['\n', '\r']).next().unwrap_or("");
            let hashes = line.trim_start().bytes().take_while(|&b| b == b'#').count();
            let below = u8::try_from(hashes)
                .ok()
                .and_then(|h| h.checked_sub(level))
                .filter(|b| *b >= 1)
                .unwrap_or(1);
            (line.ends_with(':'), next_line.trim().is_empty(), below)
        })
}

/// Keys an incident gives a value for.
fn writable(k: Key) -> bool {
    matches!(
        k,
        Key::Status
            | Key::Date
            | Key::Field(
                FieldName::Severity
                    | FieldName::Detected
                    | FieldName::Acknowledged
                    | FieldName::Resolved
                    | FieldName::Category
                    | FieldName::Description
                    | FieldName::Impact
                    | FieldName::RootCause
                    | FieldName::Resolution
                    | FieldName::LessonsLearned
                    | FieldName::FollowUpActions
            )
    )
}

fn label_for(d: &Dialect, k: Key) -> Option<String> {
    d.labels
        .iter()
        .find(|(x, _)| *x == k)
        .map(|(_, l)| l.clone())
}

/// The value an incident gives a key, rendered (escaped) for the file; `None` when empty.
fn value_for(
    src: &str,
    d: &Dialect,
    k: Key,
    incident: &Incident,
    eol: &str,
) -> Result<Option<String>, Error> {
    let text = |t: &Option<String>| {
        t.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| render_text(t, eol))
    };
    Ok(match k {
        Key::Field(FieldName::Severity) => Some(severity_text(src, d, incident.severity)),
        // A day of its own beside a Detected time (`- **Date:** 2026-11-27`) stays a day.
        Key::Date if date_beside_detected(d) => {
            Some(incident.detected.format("%Y-%m-%d").to_string())
        }
        Key::Field(FieldName::Detected) | Key::Date => {
            Some(instant_text(src, d, incident.detected))
        }
        Key::Field(FieldName::Acknowledged) => {
            incident.acknowledged.map(|t| instant_text(src, d, t))
        }
        Key::Field(FieldName::Resolved) => incident.resolved.map(|t| instant_text(src, d, t)),
        Key::Status => {
            let word = if incident.resolved.is_some() {
                "resolved"
            } else {
                "open"
            };
            // In the case the file's entries write their status in (`open`, `Open`, `OPEN`).
            let sample = d
                .entries
                .iter()
                .find_map(|e| e.reading.get(Key::Status))
                .map_or("Open", |f| f.value.trim());
            // Its letters decide (`✅ Resolved` is capitalised).
            let letters = || sample.chars().filter(|c| c.is_alphabetic());
            let word = if letters().count() > 1 && letters().all(char::is_uppercase) {
                word.to_uppercase()
            } else if letters().next().is_some_and(char::is_uppercase) {
                crate::text::with_leading_capital_of(word, "A")
            } else {
                word.to_owned()
            };
            Some(word)
        }
        Key::Field(FieldName::Category) => match incident.category.as_deref() {
            Some(c) if !c.trim().is_empty() => {
                Some(escape_heading(single_line("Category", c.trim())?))
            }
            _ => None,
        },
        Key::Field(FieldName::Description) => text(&incident.description),
        Key::Field(FieldName::Impact) => text(&incident.impact),
        Key::Field(FieldName::RootCause) => text(&incident.root_cause),
        Key::Field(FieldName::Resolution) => text(&incident.resolution),
        Key::Field(FieldName::LessonsLearned) => text(&incident.lessons_learned),
        Key::Field(FieldName::Mitigated) => incident.mitigated.map(|t| instant_text(src, d, t)),
        Key::Field(FieldName::Trigger) => match &incident.trigger {
            Some(t) => Some(crate::render::render_trigger_source(t)?),
            None => None,
        },
        Key::Field(FieldName::RelatedLogs) if !incident.related_logs.is_empty() => {
            let items = incident
                .related_logs
                .iter()
                .map(crate::render::render_related_log)
                .collect::<Result<Vec<_>, _>>()?;
            Some(format!("{eol}{}", items.join(eol)))
        }
        // Items in the file's form of time (`- 2026-11-30 08:20 UTC — Paged`), which read
        // back as a team's timeline.
        Key::Field(FieldName::Timeline) if !incident.timeline.is_empty() => {
            let items = incident
                .timeline
                .iter()
                .map(|i| timeline_item_text(src, d, i))
                .collect::<Result<Vec<_>, _>>()?;
            Some(format!("{eol}{}", items.join(eol)))
        }
        Key::Field(FieldName::FollowUpActions) if !incident.follow_ups.is_empty() => {
            // A log whose newest entry keeps its actions in a table: a table like it, below
            // the label (not in a list of fields, where a table cannot stand).
            let listed = d.field_style.as_ref().is_some_and(|s| s.value.is_listed());
            let table = newest(d)
                .filter(|_| !listed)
                .and_then(|e| super::action_table::ActionTables::find(src, e.span.clone()))
                .and_then(|t| t.new_table(src, &incident.follow_ups, eol).ok());
            if let Some(table) = table {
                return Ok(Some(format!("{eol}{eol}{table}")));
            }
            // In the form the newest entry's items are (`— @dana — 2026-12-05`, `(@kai, due
            // …)`), where the item reads back so; a numbered list's numbers are its own.
            let samples: Vec<&str> = follow_up_samples(src, d)
                .filter(|s| !s.starts_with(char::is_numeric))
                .collect();
            let items = incident
                .follow_ups
                .iter()
                .map(|f| {
                    let seed = render_follow_up(f)?;
                    let item = samples
                        .iter()
                        .find_map(|s| super::follow_up_form::in_form_of(s, &seed, f))
                        .unwrap_or(seed);
                    // The entries' bullet (`* [ ]`), as one more item of a list copies it.
                    Ok(
                        match (
                            samples.first().and_then(|s| s.chars().next()),
                            item.strip_prefix('-'),
                        ) {
                            (Some(c @ ('*' | '+')), Some(rest)) => format!("{c}{rest}"),
                            _ => item,
                        },
                    )
                })
                .collect::<Result<Vec<_>, Error>>()?;
            Some(format!("{eol}{}", items.join(eol)))
        }
        _ => None,
    })
}

/// The last follow-up item of each entry that has one, newest entry first, as written (its
/// line from the marker on).
fn follow_up_samples<'a>(src: &'a str, d: &'a Dialect) -> impl Iterator<Item = &'a str> {
    let by_age: Vec<&EntrySite> = match d.order.value {
        super::Order::NewestFirst => d.entries.iter().collect(),
        _ => d.entries.iter().rev().collect(),
    };
    by_age.into_iter().filter_map(move |e| {
        let f = e
            .reading
            .fields
            .iter()
            .find(|f| f.key == Some(Key::Field(FieldName::FollowUpActions)) && f.items > 0)?;
        src.get(f.span.clone())?
            .lines()
            .map(str::trim)
            .rfind(|l| l.starts_with(['-', '*', '+']) || l.starts_with(char::is_numeric))
    })
}

/// Fields in the file's style. A value starting with a line ending is a list (follow-ups).
fn render_fields(
    fields: &[(String, String)],
    style: FieldStyle,
    level: u8,
    (colon, blank, below): (bool, bool, u8),
    eol: &str,
) -> String {
    let mut out: Vec<String> = Vec::new();
    let one_line = |v: &str| v.split(eol).collect::<Vec<_>>().join(" ");
    match style {
        FieldStyle::Table => {
            let (rows, lists): (Vec<_>, Vec<_>) =
                fields.iter().partition(|(_, v)| !v.starts_with(eol));
            let mut t = vec![
                "| Field | Value |".to_owned(),
                "|-------|-------|".to_owned(),
            ];
            for (l, v) in rows {
                t.push(format!(
                    "| {} | {} |",
                    table_cell(l),
                    table_cell(&one_line(v))
                ));
            }
            out.push(t.join(eol));
            for (l, v) in lists {
                out.push(format!("**{l}:**{v}"));
            }
            return out.join(&format!("{eol}{eol}"));
        }
        FieldStyle::Heading => {
            let h = "#".repeat((level + below).min(6) as usize);
            let colon = if colon { ":" } else { "" };
            let gap = if blank { eol } else { "" };
            for (l, v) in fields {
                let v = v.strip_prefix(eol).unwrap_or(v);
                out.push(format!("{h} {l}{colon}{eol}{gap}{v}"));
            }
            return out.join(&format!("{eol}{eol}"));
        }
        FieldStyle::BoldLead => {
            for (l, v) in fields {
                out.push(format!("**{l}.** {}", v.trim_start()));
            }
            return out.join(&format!("{eol}{eol}"));
        }
        // Text without a label after the one-line fields (the file's entries write their
        // description so): a paragraph of its own. It was written `: text`.
        FieldStyle::Prose => {
            for (_, v) in fields {
                out.push(v.strip_prefix(eol).unwrap_or(v).to_owned());
            }
            return out.join(&format!("{eol}{eol}"));
        }
        _ => {}
    }
    let (lead, indent) = if style.is_listed() {
        ("- ", "  ")
    } else {
        ("", "")
    };
    // A list at the start of a line swallows the label line after it (a lazy continuation of
    // its last item): in a paragraph of labelled lines, a blank line follows it.
    let unindented = matches!(
        style,
        FieldStyle::BoldLine | FieldStyle::BoldColonOutside | FieldStyle::PlainLine
    );
    let mut text = String::new();
    let mut after_list = false;
    for (k, (l, v)) in fields.iter().enumerate() {
        let label = style.label_markup(l);
        if k > 0 {
            text.push_str(eol);
            if after_list && unindented {
                text.push_str(eol);
            }
        }
        after_list = v.starts_with(eol);
        if let Some(items) = v.strip_prefix(eol) {
            let items: Vec<String> = items.split(eol).map(|i| format!("{indent}{i}")).collect();
            text.push_str(&format!("{lead}{label}{eol}{}", items.join(eol)));
        } else {
            text.push_str(&format!("{lead}{label} {}", one_line(v)));
        }
    }
    text
}

/// The heading text from the file's pattern.
fn fill_pattern(src: &str, d: &Dialect, pattern: &str, incident: &Incident, title: &str) -> String {
    let mut s = pattern.to_owned();
    // Every part of the entries' headings (their running numbers, letters).
    let heading_parts = || d.entries.iter().flat_map(|e| &e.parts.parts);
    if s.contains("{n}") {
        let n = heading_parts()
            .filter_map(|p| match p {
                Part::Number(n) => Some(*n),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        s = s.replacen("{n}", &(n + 1).to_string(), 1);
    }
    if s.contains("{letter}") {
        let last = heading_parts()
            .filter_map(|p| match p {
                Part::Letter(c) => Some(*c),
                _ => None,
            })
            .max();
        // After `Z` the letters run out: `AA`, read back as a title word, not a letter.
        let next = match last {
            None => "A".to_owned(),
            Some('Z') => "AA".to_owned(),
            Some(c) => char::from(c as u8 + 1).to_string(),
        };
        s = s.replacen("{letter}", &next, 1);
    }
    if s.contains("{id}") {
        s = s.replacen("{id}", &next_id(d, incident.detected.date_naive()), 1);
    }
    if s.contains("{date}") {
        s = s.replacen("{date}", &heading_date(src, d, incident.detected), 1);
    }
    if s.contains("{severity}") {
        s = s.replacen("{severity}", &severity_text(src, d, incident.severity), 1);
    }
    // Groups: the newest entry's, when the incident names no category.
    let groups: Vec<String> = newest(d)
        .map(|e| {
            e.parts
                .parts
                .iter()
                .filter_map(|p| match p {
                    Part::Group(g) => Some(g.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let mut k = 0;
    while s.contains("{group}") {
        let g = match (k, incident.category.as_deref()) {
            (0, Some(c)) if !c.trim().is_empty() => escape_heading(c.trim()),
            _ => groups.get(k).cloned().unwrap_or_else(|| "general".into()),
        };
        s = s.replacen("{group}", &g, 1);
        k += 1;
    }
    s.replacen("{title}", title, 1)
}

/// The newest entry: first or last by the file's order.
fn newest(d: &Dialect) -> Option<&EntrySite> {
    match d.order.value {
        super::Order::NewestFirst => d.entries.first(),
        _ => d.entries.last(),
    }
}

/// The next ID in the file's scheme: today's date where the IDs hold dates, else the highest
/// trailing number plus one, at the same width.
fn next_id(d: &Dialect, today: NaiveDate) -> String {
    let ids: Vec<String> = d.entries.iter().filter_map(|e| e.parts.id()).collect();
    let Some(sample) = ids.iter().max_by_key(|id| trailing_number(id).unwrap_or(0)) else {
        return format!("INC-{}", today.format("%Y%m%d"));
    };
    let (prefix, _) = sample.split_once('-').unwrap_or((sample, ""));
    let rest = &sample[prefix.len() + 1..];
    // `INC-2025-01-29`, `INC-20251227-01`, `SEC-2026-004`.
    if rest.len() == 10 && rest.parse::<NaiveDate>().is_ok() {
        return free(&ids, format!("{prefix}-{}", today.format("%Y-%m-%d")));
    }
    if rest.len() == 11 && rest.as_bytes()[8] == b'-' {
        let day = today.format("%Y%m%d").to_string();
        let n = ids
            .iter()
            .filter(|i| i.contains(&day))
            .filter_map(|i| trailing_number(i))
            .max()
            .unwrap_or(0);
        return format!("{prefix}-{day}-{:02}", n + 1);
    }
    if let Some((year, num)) = rest.split_once('-')
        && year.len() == 4
        && year.parse::<i32>().is_ok()
    {
        let n = ids
            .iter()
            .filter(|i| i.contains(&format!("-{}-", today.year())))
            .filter_map(|i| trailing_number(i))
            .max()
            .unwrap_or(0);
        return format!("{prefix}-{}-{:0w$}", today.year(), n + 1, w = num.len());
    }
    let n = trailing_number(sample).unwrap_or(0);
    let width = sample.len() - sample.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let stem = &sample[..sample.len() - width];
    format!("{stem}{:0width$}", n + 1)
}

fn free(ids: &[String], id: String) -> String {
    if !ids.contains(&id) {
        return id;
    }
    (2..)
        .map(|k| format!("{id}-{k}"))
        .find(|c| !ids.contains(c))
        .unwrap_or(id)
}

fn trailing_number(id: &str) -> Option<u64> {
    let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    id[id.len() - digits..].parse().ok()
}

/// Whether the file's entries write a `Date` that is a day alone beside a `Detected` time
/// (the day in the list of a log, the time in the entry).
fn date_beside_detected(d: &Dialect) -> bool {
    d.entries.iter().any(|e| {
        let get = |k: Key| e.reading.fields.iter().find(|f| f.key == Some(k));
        let day_only = get(Key::Date).is_some_and(|f| {
            let v = f.value.trim();
            v.len() == 10 && incident_core::parse_date(v).is_ok()
        });
        day_only && get(Key::Field(FieldName::Detected)).is_some()
    })
}

/// A date text the entries already show (`Detected` or `Date` values).
fn date_sample<'a>(src: &'a str, d: &Dialect) -> Option<&'a str> {
    d.entries.iter().find_map(|e| {
        e.reading
            .fields
            .iter()
            .find(|f| matches!(f.key, Some(Key::Field(FieldName::Detected) | Key::Date)))
            .map(|f| {
                // The reading owns its value; find the same text in the source.
                let v = f.value.lines().next().unwrap_or("").trim();
                src.find(v).map_or("", |at| &src[at..at + v.len()])
            })
    })
}

/// A timestamp `value` (RFC 3339, as the typed edits give it) in the form `entry`'s own times
/// are written in, else the file's: `2026-12-01 12:10 UTC` where they read so. `None` where
/// the value is kept as it is (another form, no sample, or seconds a form without them would
/// lose).
pub(crate) fn timestamp_in_own_form(
    src: &str,
    d: &Dialect,
    entry: &crate::Entry,
    value: &str,
) -> Option<String> {
    let t = incident_core::parse_timestamp(value).ok()?;
    let fields = &entry.reading.fields;
    fn first_line(f: &super::fields::LooseField) -> &str {
        f.value.lines().next().unwrap_or("").trim()
    }
    let own = fields
        .iter()
        .find(|f| matches!(f.key, Some(Key::Field(FieldName::Detected) | Key::Date)));
    // A `Date:` line with a `Time:` line: a time is written as the two read together
    // (`2026-11-15` and `13:12 UTC`: `2026-11-29 16:50 UTC`).
    let time = fields.iter().find(|f| f.key == Some(Key::Time));
    let joined = match (own, time) {
        (Some(date), Some(time)) if date.key == Some(Key::Date) => {
            Some(format!("{} {}", first_line(date), first_line(time)))
        }
        _ => None,
    };
    let sample = joined
        .as_deref()
        .or_else(|| own.map(first_line))
        .or_else(|| date_sample(src, d))?;
    in_form_of(sample, t, d.zone())
}

/// `t` written as `sample` (a time of the file) is, when that form is `<date> <HH:MM>` or
/// `<date> <HH:MM:SS>` and a zone of a fixed offset (`2026-12-01 12:10 UTC`, `… 09:20 CET`,
/// `… 03:12 PST`), or the same without a zone (`2026-10-22 10:00`, `2026-10-22T10:00`: a time
/// of the log's configured `zone`, as the readers read it), and holds `t` exactly: `None` for
/// another form, for seconds a form without them would lose, or for a local time that the
/// zone's clock change makes ambiguous. The one rule for new entries and edits alike.
pub(crate) fn in_form_of(sample: &str, t: DateTime<Utc>, zone: chrono_tz::Tz) -> Option<String> {
    in_zone_form(sample, t, false, zone)
}

/// [`in_form_of`], with seconds added where `sample`'s form has none and `t` has some: the
/// form kept, never a rounded time.
pub(crate) fn in_form_of_exact(
    sample: &str,
    t: DateTime<Utc>,
    zone: chrono_tz::Tz,
) -> Option<String> {
    in_zone_form(sample, t, true, zone)
}

/// The shape of a date and time written without a zone, digits as `9`, and how to write one.
fn local_format(shape: &str, second: u32, add_seconds: bool) -> Option<&'static str> {
    Some(match shape {
        "9999-99-99 99:99" if second == 0 => "%Y-%m-%d %H:%M",
        "9999-99-99 99:99" if add_seconds => "%Y-%m-%d %H:%M:%S",
        "9999-99-99 99:99:99" => "%Y-%m-%d %H:%M:%S",
        "9999-99-99T99:99" if second == 0 => "%Y-%m-%dT%H:%M",
        "9999-99-99T99:99" if add_seconds => "%Y-%m-%dT%H:%M:%S",
        "9999-99-99T99:99:99" => "%Y-%m-%dT%H:%M:%S",
        _ => return None,
    })
}

fn digits_as_nines(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_digit() { '9' } else { c })
        .collect()
}

fn in_zone_form(
    sample: &str,
    t: DateTime<Utc>,
    add_seconds: bool,
    log_zone: chrono_tz::Tz,
) -> Option<String> {
    use chrono::{TimeZone as _, Timelike as _};
    let sample = sample.trim();
    // RFC 3339 with an offset (`2026-11-25T02:00:00+05:30`): at that offset.
    if let Some(at) = offset_form(sample, t) {
        return Some(at);
    }
    // No zone written: a time of the log's zone, written so only where it reads back as `t`
    // (not in the hour a clock change repeats).
    let local = t.with_timezone(&log_zone);
    if let Some(format) = local_format(&digits_as_nines(sample), local.second(), add_seconds) {
        let naive = local.naive_local();
        return matches!(
            log_zone.from_local_datetime(&naive),
            chrono::LocalResult::Single(_)
        )
        .then(|| naive.format(format).to_string());
    }
    let (date_time, written_zone) = sample.rsplit_once(' ')?;
    // `12:30 (UTC)`: the zone in parentheses, written so again.
    let (zone, parens) = match written_zone
        .strip_prefix('(')
        .and_then(|z| z.strip_suffix(')'))
    {
        Some(z) => (z, true),
        None => (written_zone, false),
    };
    // A zone by its name: an offset written as digits is another form.
    if zone.is_empty() || !zone.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    // A zone's summer or winter name (`BST` in November is `GMT`): the one in force at `t`.
    let zone = seasonal(zone, t).unwrap_or(zone);
    let super::dates::Zone::Offset(offset) = super::dates::zone_of(zone) else {
        return None;
    };
    let local = t.with_timezone(&chrono::FixedOffset::east_opt(offset)?);
    let shape = digits_as_nines(date_time);
    let format = match shape.as_str() {
        "9999-99-99 99:99" if t.second() == 0 => "%Y-%m-%d %H:%M",
        "9999-99-99 99:99" if add_seconds => "%Y-%m-%d %H:%M:%S",
        "9999-99-99 99:99:99" => "%Y-%m-%d %H:%M:%S",
        // A 12-hour clock (`2026-11-04 9:15 AM UTC`), its marker in the sample's case.
        "9999-99-99 9:99 AM"
        | "9999-99-99 99:99 AM"
        | "9999-99-99 9:99 PM"
        | "9999-99-99 99:99 PM"
            if t.second() == 0 =>
        {
            "%Y-%m-%d %-I:%M %p"
        }
        "9999-99-99 9:99 am"
        | "9999-99-99 99:99 am"
        | "9999-99-99 9:99 pm"
        | "9999-99-99 99:99 pm"
            if t.second() == 0 =>
        {
            "%Y-%m-%d %-I:%M %P"
        }
        _ => return None,
    };
    Some(if parens {
        format!("{} ({zone})", local.format(format))
    } else {
        format!("{} {zone}", local.format(format))
    })
}

/// `t` in the form of `sample` when it is RFC 3339 with an offset other than `Z` or `+00:00`
/// (`2026-11-25T02:00:00+05:30`): at that offset, to the second.
fn offset_form(sample: &str, t: DateTime<Utc>) -> Option<String> {
    let written = DateTime::parse_from_rfc3339(sample).ok()?;
    let offset = *written.offset();
    (offset.local_minus_utc() != 0).then(|| {
        t.with_timezone(&offset)
            .format("%Y-%m-%dT%H:%M:%S%:z")
            .to_string()
    })
}

/// Zones written by a winter and a summer name, each name only ever one of them: (winter,
/// summer, zone). A name used for a zone without summer time (`GMT` for UTC, `MST` in Arizona,
/// `AEST` in Queensland) only stands for itself, so it is not here as a winter name.
const SEASONAL: [(&str, &str, chrono_tz::Tz); 11] = [
    ("GMT", "BST", chrono_tz::Europe::London),
    ("CET", "CEST", chrono_tz::Europe::Berlin),
    ("EET", "EEST", chrono_tz::Europe::Helsinki),
    ("WET", "WEST", chrono_tz::Europe::Lisbon),
    ("EST", "EDT", chrono_tz::America::New_York),
    ("MST", "MDT", chrono_tz::America::Denver),
    ("PST", "PDT", chrono_tz::America::Los_Angeles),
    ("AKST", "AKDT", chrono_tz::America::Anchorage),
    ("AEST", "AEDT", chrono_tz::Australia::Sydney),
    ("ACST", "ACDT", chrono_tz::Australia::Adelaide),
    ("NZST", "NZDT", chrono_tz::Pacific::Auckland),
];

/// The name of the zone `written` names (`BST`, `CET`) that is in force at `t` (`GMT`,
/// `CEST`); `None` when the name is no seasonal one.
fn seasonal(written: &str, t: DateTime<Utc>) -> Option<&'static str> {
    use chrono::Offset as _;
    let upper = written.to_ascii_uppercase();
    let winter_names_only_the_seasonal_zone = |w: &str| !matches!(w, "GMT" | "MST" | "AEST");
    let &(winter, summer, tz) = SEASONAL
        .iter()
        .find(|(w, s, _)| upper == *s || (upper == *w && winter_names_only_the_seasonal_zone(w)))?;
    let offset = t.with_timezone(&tz).offset().fix().local_minus_utc();
    let name = |n: &'static str| {
        (super::dates::zone_of(n) == super::dates::Zone::Offset(offset)).then_some(n)
    };
    // In the file's case (`cest` stays lower case) only when it is upper case.
    let pick = name(summer).or_else(|| name(winter))?;
    (written == upper).then_some(pick)
}

/// A timeline item as a new list item of a file in its own dialect: its time in the file's
/// form (`- 2026-11-30 08:20 UTC — Paged`), which reads back as a team's timeline.
pub(crate) fn timeline_item_text(
    src: &str,
    d: &Dialect,
    item: &incident_core::TimelineItem,
) -> Result<String, Error> {
    let (_, text) = crate::render::timeline_item_parts(item, chrono_tz::UTC)?;
    Ok(format!(
        "- {}{}{text}",
        instant_text(src, d, item.at),
        incident_core::TIMELINE_SEPARATOR
    ))
}

/// An instant in the file's form: RFC 3339 where its entries use it; else as its entries write
/// times ([`in_form_of`]); else `YYYY-MM-DD HH:MM UTC`, with the seconds when there are some
/// (never a rounded time).
fn instant_text(src: &str, d: &Dialect, t: DateTime<Utc>) -> String {
    use chrono::Timelike as _;
    let sample = date_sample(src, d);
    match sample {
        // RFC 3339 with `Z`: written in UTC; with an offset (`2026-11-02T04:11:00+05:30`), at
        // that offset, as the entries write their times.
        Some(s)
            if s.contains('T') && (s.ends_with('Z') || DateTime::parse_from_rfc3339(s).is_ok()) =>
        {
            offset_form(s, t).unwrap_or_else(|| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        }
        _ => sample
            .and_then(|s| in_form_of(s, t, d.zone()))
            .unwrap_or_else(|| {
                if t.second() == 0 {
                    t.format("%Y-%m-%d %H:%M UTC").to_string()
                } else {
                    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
                }
            }),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The heading's date in the form the file's headings show.
fn heading_date(src: &str, d: &Dialect, t: DateTime<Utc>) -> String {
    let sample = d.entries.iter().find_map(|e| {
        e.parts.date().map(|_| {
            let text = &src[e
                .title_span
                .start
                .saturating_sub(200)
                .max(src[..e.title_span.start].rfind('\n').map_or(0, |p| p + 1))
                ..e.title_span.start];
            text.trim_start_matches('#').trim().to_owned()
        })
    });
    let Some(s) = sample else {
        return t.format("%Y-%m-%d").to_string();
    };
    // An ISO day, perhaps with a time; else a month name.
    let iso = s.as_bytes().windows(10).position(|w| {
        w.iter().enumerate().all(|(k, b)| match k {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
    });
    // A day without its year (`Nov 28 – …`): the month as the sample names it.
    let day_first = s
        .split_whitespace()
        .next()
        .is_some_and(|w| w.parse::<u32>().is_ok());
    let month_day = s
        .split([' ', '—', '–', '-', '|', '·', ':'])
        .filter(|w| !w.is_empty())
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    if iso.is_none() && super::heading::month_day(&month_day) {
        let full = MONTHS.iter().any(|m| month_day.contains(m));
        return t
            .format(match (day_first, full) {
                (true, true) => "%-d %B",
                (true, false) => "%-d %b",
                (false, true) => "%B %-d",
                (false, false) => "%b %-d",
            })
            .to_string();
    }
    match iso {
        Some(at) if s[at + 10..].starts_with('T') => t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Some(_) => t.format("%Y-%m-%d").to_string(),
        None if MONTHS.iter().any(|m| s.contains(m)) => t.format("%B %-d, %Y").to_string(),
        None => t.format("%Y-%m-%d").to_string(),
    }
}

/// A value without the explanation after it (`High (local development blocked)`, `Major.
/// Search was read-only`).
fn first_words(v: &str) -> String {
    let v = v.trim();
    let cut = [" (", ". ", " — ", " – ", " - ", ","]
        .iter()
        .filter_map(|s| v.find(s))
        .min()
        .unwrap_or(v.len());
    v[..cut].trim_end_matches('.').to_owned()
}

/// A severity in the file's words: a value its entries already use for that level, else in the
/// form of its scale (`SEV-1`, `P2`, `high`).
/// The severity a heading writes before its title (`## [SEV3] Title`, `### P2 - Title`): its
/// span in `src` and its text, when the heading's parts hold one.
pub(crate) fn heading_severity(
    src: &str,
    e: &EntrySite,
) -> Option<(std::ops::Range<usize>, String)> {
    let level = e.parts.severity()?;
    // Before the title (`[SEV3] …`) or after it (`… (SEV-1)`), on the heading's line.
    let line_end = src[e.title_span.end..]
        .find(['\n', '\r'])
        .map_or(src.len(), |p| e.title_span.end + p);
    [e.span.start..e.title_span.start, e.title_span.end..line_end]
        .into_iter()
        .find_map(|range| {
            let start = range.start;
            let head = src.get(range)?;
            // Words of letters, digits and `-`, with their offsets (separators may be any
            // character).
            let mut word_start = None;
            for (i, c) in head.char_indices().chain([(head.len(), ' ')]) {
                let inside = c.is_alphanumeric() || c == '-';
                match (inside, word_start) {
                    (true, None) => word_start = Some(i),
                    (false, Some(from)) => {
                        word_start = None;
                        let raw = &head[from..i];
                        let token = raw.trim_matches('-');
                        let off = from + (raw.len() - raw.trim_start_matches('-').len());
                        if token.chars().any(|c| c.is_ascii_digit())
                            && Severity::read_lenient(token) == Some(level)
                        {
                            return Some((
                                start + off..start + off + token.len(),
                                token.to_owned(),
                            ));
                        }
                    }
                    _ => {}
                }
            }
            None
        })
}

pub(super) fn severity_text(src: &str, d: &Dialect, s: Severity) -> String {
    let values: Vec<String> = d
        .entries
        .iter()
        .flat_map(|e| &e.reading.fields)
        .filter(|f| f.key == Some(Key::Field(FieldName::Severity)))
        .map(|f| {
            let line = f.value.lines().next().unwrap_or("");
            first_words(super::severity::without_strikethrough(line).trim())
        })
        .collect();
    // As the reader reads it: in the scale the log or `.incident.toml` states, else by the
    // usual words.
    let level_of = |v: &str| {
        d.overrides
            .severity_of(v)
            .or_else(|| Severity::read_lenient(v))
    };
    // The word the log's own scale or `.incident.toml` gives the level, spelled as the
    // entries spell their levels (`SEV-3` where the scale's table writes `SEV3`) when an entry
    // already writes that level.
    if let Some(w) = d.overrides.severity_word(s) {
        let tags = d
            .entries
            .iter()
            .filter_map(|e| heading_severity(src, e).map(|(_, t)| t));
        let written: Vec<String> = values.iter().cloned().chain(tags).collect();
        let own = written.iter().find(|v| level_of(v) == Some(s)).cloned();
        let respelled = || written.iter().find_map(|v| respelled(w, v));
        return own.or_else(respelled).unwrap_or_else(|| w.to_owned());
    }
    if let Some(v) = values.iter().find(|v| Severity::read_lenient(v) == Some(s)) {
        return v.clone();
    }
    let number = s.number();
    let word = s.as_str().to_lowercase();
    // No Severity field: the tag the entries' headings write (`[SEV3]`), spelled as there.
    let tag = newest(d).and_then(|e| heading_severity(src, e).map(|(_, t)| t));
    let Some(sample) = values.first().or(tag.as_ref()) else {
        return s.as_str().to_owned();
    };
    if let Some((letters, sep, _)) = numbered_parts(sample) {
        return format!("{letters}{sep}{number}");
    }
    crate::text::in_case_of(&word, sample)
}

/// A numbered level's `word` (`SEV3`) spelled as `sample` spells its level (`SEV-1`):
/// `SEV-3`; `None` unless both are the same letters and a number.
fn respelled(word: &str, sample: &str) -> Option<String> {
    let (letters, _, number) = numbered_parts(word.trim())?;
    let (own_letters, own_sep, _) = numbered_parts(sample.trim())?;
    letters
        .eq_ignore_ascii_case(own_letters)
        .then(|| format!("{own_letters}{own_sep}{number}"))
}

/// A numbered level's parts (`SEV-3`: `SEV`, `-`, `3`): its letters, what stands before the
/// number (a hyphen, a space or nothing), and the number's digits.
fn numbered_parts(t: &str) -> Option<(&str, &str, &str)> {
    let letters = t.len()
        - t.trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .len();
    let rest = &t[letters..];
    let sep = rest.len() - rest.trim_start_matches(['-', ' ']).len();
    let after = &rest[sep..];
    let digits =
        &after[..after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len()];
    (letters > 0 && !digits.is_empty()).then(|| (&t[..letters], &rest[..sep], digits))
}

/// Whether new entries are written in the file's own format: a log whose entries are not the
/// seed's (a log in the seed's format, or without entries, keeps the seed's rendering).
pub fn writes_own_format(d: &Dialect) -> bool {
    // `## Incident:` entries are written as the seed writes them, whatever their fields' style
    // (existing logs of that shape keep their behaviour byte for byte).
    if d.seed {
        return false;
    }
    // Without entries, a template in another format than the seed's, or a configured heading.
    !d.entries.is_empty()
        || d.heading.as_ref().is_some_and(|h| h.source == "config")
        || d.heading.as_ref().is_some_and(|h| {
            h.source == "template"
                && !h.value.contains("Incident: {title}")
                && ["{id}", "{date}", "{n}", "{letter}"]
                    .iter()
                    .any(|p| h.value.contains(p))
        })
}

/// Adds `incident` in the document's dialect; the entry must read back as the incident given
/// (title, severity, day of detection), else nothing is changed.
pub(crate) fn add_in_dialect(
    doc: &mut crate::Document,
    incident: &Incident,
    eol: &str,
) -> Result<crate::edit::Added, Error> {
    let d = doc.log().dialect.clone();
    let count = doc.log().incidents.len();
    let w = write_entry(doc.as_str(), &d, incident, eol)?;
    let reason = d.insertion(incident.detected.date_naive()).reason;
    let placement = if reason.contains("placeholder") {
        Placement::Placeholder
    } else if reason.contains("group") {
        if w.entry_offset > 0 {
            Placement::NewGroup
        } else {
            Placement::AboveNewest
        }
    } else if reason.contains("above the insertion marker") {
        Placement::AboveMarker
    } else if reason.contains("below the insertion marker") {
        Placement::BelowMarker
    } else if reason.contains("newest first") {
        Placement::AboveNewest
    } else if reason.contains("end of the file") {
        Placement::End
    } else {
        Placement::AfterLast
    };
    // The text to go back to (not a clone of the whole parsed document).
    let before = doc.save_point();
    let at = w.range.start;
    let change = doc.splice(w.range.clone(), &w.text);
    let entry_at = at + w.entry_offset;
    let read = doc
        .log()
        .incidents
        .iter()
        .find(|e| e.span.start == entry_at)
        .map(|e| {
            (
                e.id.clone(),
                e.title == incident.title.trim()
                    && e.reading.level() == Some(incident.severity)
                    && e.reading.detected.as_ref().and_then(super::When::day)
                        == Some(incident.detected.date_naive())
                    // The entry ends in the text written: what follows it does not run on into
                    // its last block (an indented line after a blank one continues a list item,
                    // and would change the last follow-up's owner).
                    && e.span.end <= at + w.text.len()
                    // What reads as a whole incident reads as the one given: the entry must not
                    // swallow what follows it (a list item after a code fence).
                    && e.incident
                        .as_ref()
                        .is_none_or(|read| crate::edit::reads_back_as(read, incident)),
            )
        });
    match read {
        Some((id, true)) if doc.log().incidents.len() == count + 1 => {
            let mut changes = vec![change];
            // `## Last Incident:` names the newest incident, in the form it is written in.
            changes.extend(doc.update_last_incident());
            Ok(crate::edit::Added {
                id,
                placement,
                changes,
            })
        }
        _ => {
            doc.restore(before);
            Err(Error::EntryNotReadable { offset: at })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dialect(src: &str) -> Dialect {
        let doc: crate::Document = src.parse().unwrap();
        doc.log().dialect.clone()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_time_takes_the_zone_its_sample_is_written_in() {
        let t: DateTime<Utc> = "2026-12-01T09:30:00Z".parse().unwrap();
        let form = |sample| in_form_of(sample, t, chrono_tz::UTC);
        assert_eq!(
            form("2026-10-03 09:20 CET").as_deref(),
            Some("2026-12-01 10:30 CET")
        );
        assert_eq!(
            form("2026-11-27 03:12 PST").as_deref(),
            Some("2026-12-01 01:30 PST")
        );
        assert_eq!(
            form("2026-11-27 03:12:00 UTC").as_deref(),
            Some("2026-12-01 09:30:00 UTC")
        );
        // In parentheses: so again.
        assert_eq!(
            form("2026-03-18 12:30 (UTC)").as_deref(),
            Some("2026-12-01 09:30 (UTC)")
        );
        assert_eq!(
            form("2026-03-18 12:30 (CET)").as_deref(),
            Some("2026-12-01 10:30 (CET)")
        );
        assert_eq!(form("2026-03-18 12:30 ()"), None);
        // No zone this reader knows by name, or no zone at all: the form is not copied.
        assert_eq!(form("2026-11-27 03:12 CST"), None);
        assert_eq!(form("2026-11-27 03:12 +0100"), None);
        // Seconds a form without them would lose: only the exact variant adds them.
        let s: DateTime<Utc> = "2026-12-01T09:30:15Z".parse().unwrap();
        assert_eq!(in_form_of("2026-10-03 09:20 CET", s, chrono_tz::UTC), None);
        assert_eq!(
            in_form_of_exact("2026-10-03 09:20 CET", s, chrono_tz::UTC).as_deref(),
            Some("2026-12-01 10:30:15 CET")
        );
    }

    #[test]
    fn a_seasonal_zone_name_is_the_one_in_force_then() {
        // (sample, instant, written): a UK log's summer time for a time in November is GMT,
        // and back; `GMT` may be UTC's name, `MST` Arizona's and `AEST` Queensland's: they stay.
        let cases = [
            (
                "2026-10-01 19:45 BST",
                "2026-11-02T10:00:00Z",
                "2026-11-02 10:00 GMT",
            ),
            (
                "2026-10-01 19:45 BST",
                "2026-10-02T23:15:00Z",
                "2026-10-03 00:15 BST",
            ),
            (
                "2026-01-10 09:00 CET",
                "2026-07-01T07:00:00Z",
                "2026-07-01 09:00 CEST",
            ),
            (
                "2026-07-10 09:00 EDT",
                "2026-12-01T14:00:00Z",
                "2026-12-01 09:00 EST",
            ),
            (
                "2026-01-10 09:00 GMT",
                "2026-07-01T07:00:00Z",
                "2026-07-01 07:00 GMT",
            ),
            (
                "2026-01-10 09:00 MST",
                "2026-07-01T07:00:00Z",
                "2026-07-01 00:00 MST",
            ),
        ];
        for (sample, t, written) in cases {
            let t = t.parse::<DateTime<Utc>>().unwrap();
            assert_eq!(
                in_form_of_exact(sample, t, chrono_tz::UTC).as_deref(),
                Some(written),
                "{sample}"
            );
        }
    }

    #[test]
    fn a_time_without_a_zone_is_written_in_the_logs_zone() {
        let t: DateTime<Utc> = "2026-12-01T09:30:00Z".parse().unwrap();
        let berlin = chrono_tz::Europe::Berlin;
        assert_eq!(
            in_form_of("2026-11-27 03:12", t, chrono_tz::UTC).as_deref(),
            Some("2026-12-01 09:30")
        );
        assert_eq!(
            in_form_of("2026-11-27 03:12", t, berlin).as_deref(),
            Some("2026-12-01 10:30")
        );
        assert_eq!(
            in_form_of("2026-11-27T03:12:44", t, berlin).as_deref(),
            Some("2026-12-01T10:30:00")
        );
        let s: DateTime<Utc> = "2026-12-01T09:30:15Z".parse().unwrap();
        assert_eq!(in_form_of("2026-11-27 03:12", s, berlin), None);
        assert_eq!(
            in_form_of_exact("2026-11-27 03:12", s, berlin).as_deref(),
            Some("2026-12-01 10:30:15")
        );
        // 02:30 on 25 October 2026 happens twice in Berlin: written so, it would not read back.
        let twice: DateTime<Utc> = "2026-10-25T00:30:00Z".parse().unwrap();
        assert_eq!(in_form_of("2026-11-27 03:12", twice, berlin), None);
        // Another shape (a day alone, a month name) is not copied.
        assert_eq!(in_form_of("2026-11-27", t, berlin), None);
    }

    #[test]
    fn the_next_id_follows_the_files_scheme() {
        let cases = [
            ("INCIDENT-008", "INCIDENT-009"),
            ("INC-0419", "INC-0420"),
            ("SEC-2026-004", "SEC-2026-005"),
            ("SEC-2025-017", "SEC-2026-001"),
            ("INC-2025-01-29", "INC-2026-12-01"),
            ("INC-20261201-01", "INC-20261201-02"),
        ];
        for (have, want) in cases {
            let src =
                format!("# Log\n\n## {have}: Old one\n\n- Severity: P1\n- Detected: 2025-01-29\n");
            assert_eq!(next_id(&dialect(&src), day("2026-12-01")), want, "{have}");
        }
    }

    #[test]
    fn todays_group_is_named_like_the_others() {
        let today = day("2026-12-01");
        assert_eq!(
            new_group("2026-01-26", today).as_deref(),
            Some("2026-12-01")
        );
        assert_eq!(new_group("2025", today).as_deref(), Some("2026"));
        assert_eq!(new_group("2026 Q3", today).as_deref(), Some("2026 Q4"));
        assert_eq!(new_group("2026 H1", today).as_deref(), Some("2026 H2"));
        assert_eq!(new_group("Older", today), None);
    }

    #[test]
    fn severities_are_written_in_the_files_words() {
        assert_eq!(first_words("High (local development blocked)"), "High");
        assert_eq!(first_words("Major. Search was read-only"), "Major");
        let src = "# Log\n\n## [2026-01-02] Old one\n\n- Severity: SEV-2\n- Detected: 2026-01-02\n";
        let d = dialect(src);
        assert_eq!(severity_text(src, &d, Severity::Medium), "SEV-2");
        assert_eq!(severity_text(src, &d, Severity::High), "SEV-1");
        let src = "# Log\n\n## [2026-01-02] Old one\n\n- Severity: low\n- Detected: 2026-01-02\n";
        assert_eq!(
            severity_text(src, &dialect(src), Severity::Critical),
            "critical"
        );
        // Any separator before the tag, a dash of three bytes too.
        let src = "# Log\n\n## 2026-01-02 — [SEV3] Old one\n\n- Detected: 2026-01-02 10:00 UTC\n\nText.\n";
        assert_eq!(severity_text(src, &dialect(src), Severity::Medium), "SEV2");
        // No Severity field: the headings' tag, spelled as there.
        let src = "# Log\n\n## [SEV3] Old one\n\n- Detected: 2026-01-02 10:00 UTC\n\nText.\n";
        assert_eq!(severity_text(src, &dialect(src), Severity::Medium), "SEV2");
    }
}
