//! The `Status:` field's words: replaced in place when a lifecycle step changes them (markup,
//! emoji and capitals around them kept), and checked against the values the tool knows
//! (`LIFE001`) and against the incident's timestamps (`LIFE002`).

use std::ops::Range;

use incident_core::{Code, Disposition, Finding, Incident, Stage, format_timestamp};

use crate::dialect::Status;
use crate::edit::Change;
use crate::field::FieldName;
use crate::view::Field;
use crate::{Document, Entry};

/// The values a `Status:` can hold, as the `LIFE001` message lists them.
pub const STATUS_VALUES: [&str; 7] = [
    "detected",
    "acknowledged",
    "mitigated",
    "resolved",
    "open",
    "reopened",
    "cancelled",
];

/// Where the words of a `Status:` value are: its inline value (or its one line below the
/// label), without the emphasis, code marks, emoji or closing `#`s around it. `None` when the
/// field has no value (or still the template's placeholder).
fn words_span(src: &str, f: &Field) -> Option<Range<usize>> {
    f.value()?;
    let range = if f.inline.is_empty() {
        let body = f.body.clone()?;
        if src[body.clone()].trim().contains(['\n', '\r']) {
            return None;
        }
        body
    } else {
        f.inline.clone()
    };
    let text = &src[range.clone()];
    let start = text.find(char::is_alphanumeric)?;
    let end = text.trim_end_matches([' ', '\t', '*', '_', '`', '#']).len();
    (start < end).then(|| range.start + start..range.start + end)
}

/// What a `Status:` value says, as the checks read it.
enum Said {
    /// `reopened` or `cancelled …`.
    Disposition,
    /// A stage the timestamps tell (`resolved`), or `open`.
    Stage(Option<Stage>),
    /// Anything else.
    Unknown,
}

fn said(words: &str) -> Said {
    if words.eq_ignore_ascii_case("open") {
        return Said::Stage(None);
    }
    match words.parse::<Stage>() {
        Ok(Stage::Reopened | Stage::Cancelled) => Said::Disposition,
        Ok(stage) => Said::Stage(Some(stage)),
        Err(_) if words.parse::<Disposition>().is_ok() => Said::Disposition,
        Err(_) => Said::Unknown,
    }
}

impl Document {
    /// Replaces the words of the entry's `Status:` value with `value` (rendered), keeping what
    /// is around them and their leading capital, when that reads back as `expected`. `None`,
    /// with nothing changed, when the entry has no such value or it would not read back.
    pub(crate) fn replace_status_words(
        &mut self,
        id: &str,
        value: &str,
        expected: &Disposition,
    ) -> Option<Vec<Change>> {
        let f = self.get(id)?.field(FieldName::Status)?;
        let words = words_span(self.as_str(), f)?;
        let old = &self.as_str()[words.clone()];
        let mut text = crate::text::with_leading_capital_of(value, old);
        // A symbol before the words (`✅ Resolved`) says the old status: it goes with them,
        // for the one the log writes with the new words, if any.
        let before = self.as_str()[..words.start].trim_end();
        let lead = before
            .rfind(|c: char| c.is_whitespace() || c == '*' || c == ':')
            .map_or(0, |p| p + 1)
            .max(f.inline.start)
            .min(words.start);
        let span = match crate::dialect::status_symbol(self.as_str(), lead..words.start) {
            Some(_) => {
                let symbol =
                    crate::dialect::symbol_for_status(self.as_str(), &self.log().dialect, &text);
                text = format!("{}{text}", symbol.unwrap_or_default());
                lead..words.end
            }
            None => words,
        };
        let old = &self.as_str()[span.clone()];
        if old == text {
            return Some(Vec::new());
        }
        let original = self.save_point();
        let change = self.splice(span, &text);
        let reads_back = self
            .get(id)
            .and_then(|e| e.incident.as_ref())
            .is_some_and(|i| i.disposition.as_ref() == Some(expected));
        if !reads_back {
            self.restore(original);
            return None;
        }
        let mut changes = vec![change];
        changes.extend(self.update_last_incident());
        Some(changes)
    }
}

/// The `LIFE…` findings of an entry: a `Status:` value the tool does not know (`LIFE001`, with
/// the allowed values and the nearest of them), and a stage that the timestamps contradict
/// (`LIFE002`: `resolved` without a Resolved time, `open` with one, `mitigated` without a
/// Mitigated time, …). Each points at the value's words.
pub(crate) fn status_findings(src: &str, entry: &Entry) -> Vec<Finding> {
    let Some(f) = entry.field(FieldName::Status) else {
        return team_status_findings(src, entry);
    };
    let Some(span) = words_span(src, f) else {
        return Vec::new();
    };
    let words = crate::escape::unescape(&src[span.clone()]);
    let finding = |code, message: String| {
        vec![Finding::new(code, message, span.clone()).with_incident(entry.id.clone())]
    };
    let said = match said(&words) {
        // A team's word for done (`Closed`, `Fixed`) says resolved.
        Said::Unknown if crate::dialect::read_status(&words) == Some(Status::Resolved) => {
            Said::Stage(Some(Stage::Resolved))
        }
        // And one for open (`Investigating`, `Identified`, `Monitoring`, `In progress`), the
        // words of status pages: open, so contradicted only by a Resolved time.
        Said::Unknown if crate::dialect::read_status(&words) == Some(Status::Open) => {
            Said::Stage(None)
        }
        said => said,
    };
    match said {
        Said::Disposition => Vec::new(),
        Said::Unknown => {
            let near = crate::closest::closest(&words, STATUS_VALUES);
            let hint = match near.first() {
                Some(n) => format!("; did you mean `{n}`?"),
                None => String::new(),
            };
            finding(
                Code::UnknownStatus,
                format!(
                    "unknown status `{words}` in incident `{}`: expected detected, acknowledged, mitigated, resolved, open, reopened or `cancelled — REASON`{hint}",
                    entry.id
                ),
            )
        }
        Said::Stage(stage) => match entry
            .incident
            .as_ref()
            .and_then(|i| contradiction(stage, i))
        {
            Some(why) => finding(
                Code::StatusContradicted,
                format!("incident `{}` says `Status: {words}` but {why}", entry.id),
            ),
            None => Vec::new(),
        },
    }
}

/// The finding of a `Status` field only the dialect reader sees (`- Status: Fixed`, a table
/// row): `LIFE002` when its words say the incident is closed but no Resolved time is written.
/// Its other words are the team's own vocabulary, not checked against the tool's.
fn team_status_findings(src: &str, entry: &Entry) -> Vec<Finding> {
    let (Some(f), Some(i)) = (
        crate::dialect::field_edit::own_field(entry, FieldName::Status),
        &entry.incident,
    ) else {
        return Vec::new();
    };
    let text = &src[f.span.clone()];
    let start = text.find(char::is_alphanumeric).unwrap_or(0);
    let end = text
        .trim_end_matches([' ', '\t', '*', '_', '`', '#', '|'])
        .len()
        .max(start);
    let span = f.span.start + start..f.span.start + end;
    let words = text[start..end].trim();
    let why = if crate::dialect::read_status(text) == Some(Status::Resolved) {
        i.resolved
            .is_none()
            .then(|| "it has no Resolved time".to_owned())
    } else {
        // The tool's own stage words (`Mitigated`, `Acknowledged`) are checked as in a typed
        // Status field; a resolved incident is no longer what they say.
        match said(words) {
            Said::Stage(Some(stage)) => contradiction(Some(stage), i),
            _ => None,
        }
    };
    why.map(|why| {
        Finding::new(
            Code::StatusContradicted,
            format!("incident `{}` says `Status: {words}` but {why}", entry.id),
            span,
        )
        .with_incident(entry.id.clone())
    })
    .into_iter()
    .collect()
}

/// Why the timestamps contradict a stage word (`None` for `open`), if they do.
fn contradiction(stage: Option<Stage>, i: &Incident) -> Option<String> {
    let resolved = |at| format!("it was resolved at {}", format_timestamp(at));
    match (stage, i.resolved) {
        (Some(Stage::Resolved), None) => Some("it has no Resolved time".to_owned()),
        (Some(Stage::Resolved), Some(_)) => None,
        (_, Some(at)) => Some(resolved(at)),
        (Some(Stage::Mitigated), None) if i.mitigated.is_none() => {
            Some("it has no Mitigated time".to_owned())
        }
        (Some(Stage::Acknowledged), None) if i.acknowledged.is_none() && i.mitigated.is_none() => {
            Some("it has no Acknowledged time".to_owned())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Option<String> {
        let doc: Document = format!("## Incident: x\n\n{line}\n").parse().unwrap();
        let f = doc.incidents()[0].field(FieldName::Status)?;
        words_span(doc.as_str(), f).map(|s| doc.as_str()[s].to_owned())
    }

    #[test]
    fn the_words_leave_markup_and_emoji_out() {
        assert_eq!(
            words("**Status:** ✅ Resolved").as_deref(),
            Some("Resolved")
        );
        assert_eq!(
            words("### Status: **reopened**").as_deref(),
            Some("reopened")
        );
        assert_eq!(words("- **Status:** `open`").as_deref(), Some("open"));
        assert_eq!(words("### Status: <status>"), None);
    }

    #[test]
    fn what_a_status_says() {
        assert!(matches!(
            said("Resolved"),
            Said::Stage(Some(Stage::Resolved))
        ));
        assert!(matches!(said("OPEN"), Said::Stage(None)));
        assert!(matches!(said("reopened"), Said::Disposition));
        assert!(matches!(said("cancelled — false alarm"), Said::Disposition));
        assert!(matches!(said("investigating-ish"), Said::Unknown));
    }
}
