//! The registry of finding codes: every rule this project checks, with its stable text form,
//! default level, one-line summary and explanation (rustc's registry of error codes is the model).

use std::fmt;
use std::str::FromStr;

use crate::Level;

/// Every finding code, by the rule it names. The text form (`PIR001`, `MD006`, …) is stable.
///
/// Retired codes still parse: `MD003` and `MD004` (follow-up without owner or due date) were the
/// structure diagnostics' copies of [`Code::FollowUpOwner`] (`PIR002`) and [`Code::FollowUpDue`]
/// (`PIR003`) and read as those.
///
/// ```
/// use incident_core::{Code, Level};
/// assert_eq!(Code::DocumentationMissing.to_string(), "PIR001");
/// assert_eq!("sla001".parse::<Code>(), Ok(Code::ResponseBreached));
/// assert_eq!("MD003".parse::<Code>(), Ok(Code::FollowUpOwner));
/// assert_eq!(Code::TimestampOrder.level(), Level::Error);
/// assert!(Code::ALL.iter().all(|c| !c.summary().is_empty()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::EnumIter)]
#[non_exhaustive]
pub enum Code {
    /// `MD001`
    UnknownSeverity,
    /// `MD002`
    InvalidTimestamp,
    /// `MD005`
    DuplicateField,
    /// `MD006`
    MissingField,
    /// `MD007`
    DuplicateIncident,
    /// `MD008`
    UnknownResponseTime,
    /// `MD009`
    FollowUpNotTask,
    /// `MD010`
    UnknownSeverityRow,
    /// `MD011`
    UnknownTrigger,
    /// `MD012`
    HiddenHeading,
    /// `MD013`
    DuplicateId,
    /// `MD014`
    InvalidId,
    /// `MD015`
    NoEntryRecognised,
    /// `MD016`
    UnreadValue,
    /// `MD017`
    EntryOrder,
    /// `MD018`
    EntryIncomplete,
    /// `MD020`
    DuplicateIdAcrossFiles,
    /// `GIT001`
    ConflictMarkers,
    /// `GIT002`
    MergeSummary,
    /// `GIT003`
    Mojibake,
    /// `GIT004`
    MixedLineEndings,
    /// `GIT005`
    RepeatedEntry,
    /// `GIT006`
    StaleLastIncident,
    /// `GIT007`
    LeftoverPlaceholder,
    /// `GIT008`
    FencedEntry,
    /// `PIR001`
    DocumentationMissing,
    /// `PIR002` (formerly also `MD003`)
    FollowUpOwner,
    /// `PIR003` (formerly also `MD004`)
    FollowUpDue,
    /// `PIR004`
    ReviewScheduled,
    /// `PIR005`
    LessonsLearned,
    /// `PIR006`
    FollowUpsAssigned,
    /// `PIR007`
    KnownCategory,
    /// `PIR008`
    FollowUpOverdue,
    /// `SLA001`
    ResponseBreached,
    /// `SIB001`
    RelatedLogMissing,
    /// `SIB002`
    TroubleshootingMissing,
    /// `SIB003`
    MemoryMissing,
    /// `TIME001`
    TimestampOrder,
    /// `TIME002`
    DetectedInFuture,
    /// `LIFE001`
    UnknownStatus,
    /// `LIFE002`
    StatusContradicted,
}

/// Per code: text form, default level, summary, explanation. One table, so adding a code means
/// adding one row (and the variant).
const TABLE: [(Code, &str, Level, &str, &str); 41] = {
    use Code::*;
    use Level::{Error as E, Warning as W};
    [
        (
            UnknownSeverity,
            "MD001",
            E,
            "unknown severity",
            "The Severity field holds something other than CRITICAL, HIGH, MEDIUM or LOW, so the incident cannot be read.",
        ),
        (
            InvalidTimestamp,
            "MD002",
            E,
            "a timestamp that is not ISO 8601",
            "Detected, Acknowledged and Resolved must be ISO 8601 / RFC 3339 timestamps such as `2026-01-31T14:05:00Z`.",
        ),
        (
            DuplicateField,
            "MD005",
            E,
            "the same field twice in one incident",
            "An entry names a field twice; only the first is read, and edits would be ambiguous.",
        ),
        (
            MissingField,
            "MD006",
            E,
            "Severity or Detected missing (or still the placeholder)",
            "Severity and Detected are required: without them the incident cannot be read, checked or reported.",
        ),
        (
            DuplicateIncident,
            "MD007",
            E,
            "two incidents with the same title and detection time",
            "Two entries describe the same incident (same title, same detection time); keep one.",
        ),
        (
            UnknownResponseTime,
            "MD008",
            E,
            "a response time in the severity table that cannot be read",
            "A response time such as `< 15 minutes`, `within 2 hours` or `Next business day` is expected; the template's default is used instead.",
        ),
        (
            FollowUpNotTask,
            "MD009",
            W,
            "a follow-up that is not a task item (`- [ ]`)",
            "Follow-up actions are task items so that they can be ticked off; a plain list item cannot be marked done.",
        ),
        (
            UnknownSeverityRow,
            "MD010",
            E,
            "a severity table row whose level is unknown",
            "A row of the severity table names a level other than CRITICAL, HIGH, MEDIUM or LOW and is ignored.",
        ),
        (
            UnknownTrigger,
            "MD011",
            W,
            "an escalation trigger that matches no known trigger",
            "The trigger's wording matches none of the triggers this tool evaluates; it is kept in the file but never fires.",
        ),
        (
            HiddenHeading,
            "MD012",
            W,
            "a heading swallowed by an HTML block (a placeholder line without a blank line after it) or by a code fence never closed",
            "A line such as `<what happened>` starts an HTML block that runs to the next blank line, so a field heading directly below it is not read as a field; a code fence that is never closed runs to the end of the file, so no heading after it is read.",
        ),
        (
            DuplicateId,
            "MD013",
            E,
            "two incidents write the same ID",
            "Written IDs (`### ID: …`) name one incident forever; when two entries write the same one, the later is read with a suffix until it is changed.",
        ),
        (
            InvalidId,
            "MD014",
            E,
            "a written ID that is not one word",
            "A written ID must be one word of letters, digits, `-` and `_`; otherwise the incident's derived ID is used.",
        ),
        (
            NoEntryRecognised,
            "MD015",
            W,
            "headings that look like incident entries, none of them recognised as one",
            "The file has headings with IDs or dates, but no entry with fields the reader knows (Severity, Detected, Status, …) was found, so nothing was checked; `incident explain` shows what was understood.",
        ),
        (
            UnreadValue,
            "MD016",
            W,
            "a severity or date that names no level or no certain day",
            "In a log written in its own dialect, a value such as `unknown`, `?`, `2026-07-xx` or `July 2026` is kept as written and reported rather than guessed.",
        ),
        (
            EntryOrder,
            "MD017",
            W,
            "an entry out of the order the file keeps",
            "The file states or shows an order (newest first, append-only) and this entry's date breaks it.",
        ),
        (
            EntryIncomplete,
            "MD018",
            W,
            "an entry in the file's own format without a readable severity or detection time",
            "The entry is read (list it with `incident explain`), but without a severity and an exact detection time no deadline, statistic or action list can count it; write them in the entry's own style.",
        ),
        (
            DuplicateIdAcrossFiles,
            "MD020",
            E,
            "two files of a postmortem directory hold incidents with the same ID",
            "In a directory read as one log, an ID names one incident across all files; `show`, `ack` and the other commands find the first file's, so give the later incident another ID (or title).",
        ),
        (
            ConflictMarkers,
            "GIT001",
            E,
            "conflict markers (`<<<<<<<` … `>>>>>>>`) left by a merge",
            "A merge left `<<<<<<<`, `=======` and `>>>>>>>` lines in the log; resolve them (or use `incident merge-driver`, which confines conflicts to one field).",
        ),
        (
            MergeSummary,
            "GIT002",
            E,
            "the conflict summary comment of `incident merge-driver` is still at the top of the file",
            "A conflicted structural merge puts `<!-- incident merge: … -->` at the top of the file so no conflict hides deep in it; remove it once the conflicts are resolved.",
        ),
        (
            Mojibake,
            "GIT003",
            W,
            "text that is UTF-8 read as Windows-1252 (`â€”` for `—`)",
            "A tool read the UTF-8 file as Windows-1252 and wrote it back, so each non-ASCII character became two or three; `incident doctor --fix` turns them back.",
        ),
        (
            MixedLineEndings,
            "GIT004",
            W,
            "line endings of more than one kind",
            "Some lines end in CRLF and others in LF (an editor or a merge from another platform); `incident doctor --fix` changes the minority ones to the file's own.",
        ),
        (
            RepeatedEntry,
            "GIT005",
            E,
            "an entry written twice byte for byte (a line-based `union` merge)",
            "A line-based merge kept both copies of one entry; `incident doctor --fix` removes the later copy with its separator.",
        ),
        (
            StaleLastIncident,
            "GIT006",
            W,
            "`## Last Incident:` does not name the most recently detected incident",
            "The line is recomputed by every edit and by the merge driver; a hand edit or a line merge can leave it stale. `incident doctor --fix` rewrites it.",
        ),
        (
            LeftoverPlaceholder,
            "GIT007",
            W,
            "a template placeholder left in a field that has text",
            "Text was typed beside the template's placeholder (`<what happened>`) instead of over it; `incident doctor --fix` removes the placeholder line.",
        ),
        (
            FencedEntry,
            "GIT008",
            W,
            "an incident entry typed inside the template's code fence",
            "A new `## Incident:` entry was written inside the fenced template, where no tool reads it; `incident doctor --fix` moves it out to the place the file's order gives it.",
        ),
        (
            DocumentationMissing,
            "PIR001",
            E,
            "description, impact, root cause, resolution not documented within the window (24 h)",
            "Description and impact are owed once the documentation window has passed; root cause and resolution once the incident is resolved (a warning while it is still open).",
        ),
        (
            FollowUpOwner,
            "PIR002",
            E,
            "a follow-up without an `@owner`",
            "Every follow-up action needs an owner (`- @owner`) when the policy requires owners; the retired code MD003 reads as this one.",
        ),
        (
            FollowUpDue,
            "PIR003",
            E,
            "an open follow-up without a due date, or any follow-up whose due date is not `YYYY-MM-DD` (a done one needs none)",
            "Every follow-up action still to do needs a due date written as `YYYY-MM-DD`; a done one needs none, but a due date it has must be such a date. The retired code MD004 reads as this one.",
        ),
        (
            ReviewScheduled,
            "PIR004",
            E,
            "a HIGH or CRITICAL incident without an incident review among its follow-ups",
            "Incidents at or above the review threshold need a follow-up action naming the review (review, post-mortem, retrospective).",
        ),
        (
            LessonsLearned,
            "PIR005",
            W,
            "no lessons learned",
            "A resolved incident, or one past the documentation window, should record what could be improved.",
        ),
        (
            FollowUpsAssigned,
            "PIR006",
            W,
            "no follow-up actions after the window",
            "Past the documentation window an incident should have follow-up actions assigned.",
        ),
        (
            KnownCategory,
            "PIR007",
            W,
            "a category that is not in the categories table",
            "The category is not one of the file's categories table, so it is counted under its own name in reports.",
        ),
        (
            FollowUpOverdue,
            "PIR008",
            W,
            "an open follow-up past its due date",
            "A follow-up action that is not ticked off is past its due date.",
        ),
        (
            ResponseBreached,
            "SLA001",
            W,
            "the response deadline was missed",
            "The incident was acknowledged after its response deadline (severity table and business calendar), or not at all and the deadline has passed.",
        ),
        (
            RelatedLogMissing,
            "SIB001",
            E,
            "a Related Logs link into LOGS.md names no heading there",
            "A related log points at `LOGS.md#anchor`, and LOGS.md has no heading with that anchor.",
        ),
        (
            TroubleshootingMissing,
            "SIB002",
            W,
            "the first incident of a category is not mentioned in TROUBLESHOOTING.md",
            "The first incident of each category should be mentioned (by ID or title) in TROUBLESHOOTING.md.",
        ),
        (
            MemoryMissing,
            "SIB003",
            W,
            "the lessons of a HIGH or CRITICAL incident are not referenced from MEMORY.md",
            "Lessons of a HIGH or CRITICAL incident should be referenced (by ID or title) from MEMORY.md.",
        ),
        (
            TimestampOrder,
            "TIME001",
            E,
            "timestamps out of order (acknowledged, mitigated or resolved before detected; mitigated or resolved before acknowledged; resolved before mitigated)",
            "Acknowledged, Mitigated and Resolved may not be before Detected, Mitigated lies between Acknowledged and Resolved, and Resolved is not before Acknowledged; the tool refuses such edits, and a hand-written one is reported.",
        ),
        (
            DetectedInFuture,
            "TIME002",
            E,
            "a recorded time (detected, acknowledged, mitigated, resolved) more than 5 minutes in the future",
            "An incident cannot be detected, acknowledged, mitigated or resolved later than now; a few minutes are allowed for clock skew. A time weeks or years ahead is usually a typo in the date, and an acknowledgement in the future would read as a response in time.",
        ),
        (
            UnknownStatus,
            "LIFE001",
            W,
            "a `Status:` value the tool does not know",
            "A Status is one of detected, acknowledged, mitigated, resolved, open, reopened or `cancelled — REASON` (`cancelled (duplicate of ID) — REASON`); a team's word for open (investigating, identified, monitoring, ongoing, active, in progress) or for done (closed, fixed, done, complete) reads as open or resolved; any other value is kept in the file but read as no status, so a misspelt cancellation still counts in reports.",
        ),
        (
            StatusContradicted,
            "LIFE002",
            W,
            "a `Status:` stage that the timestamps contradict",
            "A Status such as `resolved` without a Resolved time, or `open` (or `mitigated`, `acknowledged`, `detected`) with one, says something the timestamps do not; the timestamps are what the tool counts, so fix whichever is wrong.",
        ),
    ]
};

/// Retired text forms and the codes they now read as.
const RETIRED: [(&str, Code); 2] = [("MD003", Code::FollowUpOwner), ("MD004", Code::FollowUpDue)];

impl Code {
    /// Every code, in registry order (the README's table order).
    pub const ALL: [Code; TABLE.len()] = {
        let mut all = [Code::UnknownSeverity; TABLE.len()];
        let mut i = 0;
        while i < TABLE.len() {
            all[i] = TABLE[i].0;
            i += 1;
        }
        all
    };

    fn row(self) -> &'static (Code, &'static str, Level, &'static str, &'static str) {
        // The table is in declaration order (a unit test holds it).
        &TABLE[self as usize]
    }

    /// The stable text form, such as `PIR001`.
    pub fn as_str(self) -> &'static str {
        self.row().1
    }

    /// The level a finding of this code has unless the rule says otherwise (PIR001 is a
    /// warning for an open incident's root cause, say).
    pub fn level(self) -> Level {
        self.row().2
    }

    /// One line saying what the code flags, as the README's table shows it.
    pub fn summary(self) -> &'static str {
        self.row().3
    }

    /// A few sentences on why the rule exists and how to satisfy it.
    pub fn explanation(self) -> &'static str {
        self.row().4
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that is no finding code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown finding code `{text}`")]
pub struct UnknownCode {
    /// The text as given.
    pub text: String,
}

impl FromStr for Code {
    type Err = UnknownCode;

    /// Any code's text form, ignoring ASCII case; retired codes read as their successors.
    fn from_str(s: &str) -> Result<Code, UnknownCode> {
        let t = s.trim();
        TABLE
            .iter()
            .map(|row| (row.1, row.0))
            .chain(RETIRED)
            .find(|(text, _)| text.eq_ignore_ascii_case(t))
            .map(|(_, code)| code)
            .ok_or_else(|| UnknownCode { text: s.to_owned() })
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        crate::serde_text::deserialize(d)
    }
}

/// A code is its text (`PIR001`), as it serializes.
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Code {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Code".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "description": "A finding code such as `PIR001`." })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn the_table_is_in_declaration_order_and_complete() {
        let declared: Vec<Code> = Code::iter().collect();
        assert_eq!(declared, Code::ALL);
        for (i, row) in TABLE.iter().enumerate() {
            assert_eq!(row.0 as usize, i, "{}", row.1);
        }
    }

    #[test]
    fn text_forms_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{code} twice");
            assert_eq!(code.as_str().parse::<Code>(), Ok(code));
            assert_eq!(code.as_str().to_lowercase().parse::<Code>(), Ok(code));
            assert!(!code.explanation().is_empty());
        }
        for (text, _) in RETIRED {
            assert!(!seen.contains(text), "{text} is retired");
        }
        assert_eq!("MD004".parse::<Code>().map(Code::as_str), Ok("PIR003"));
        assert!("PIR999".parse::<Code>().is_err());
    }
}
