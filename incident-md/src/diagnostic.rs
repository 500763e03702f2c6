//! Diagnostics: every malformed piece of a log, with a stable code and a byte span.

use std::ops::Range;

pub use incident_core::Level;

/// What is wrong, by a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Code {
    /// `MD001`: a severity that is not CRITICAL, HIGH, MEDIUM or LOW.
    UnknownSeverity,
    /// `MD002`: a timestamp that is not ISO 8601.
    InvalidTimestamp,
    /// `MD003`: a follow-up action without an `@owner`.
    FollowUpWithoutOwner,
    /// `MD004`: a follow-up action without a due date, or with one that is not a date.
    FollowUpWithoutDueDate,
    /// `MD005`: the same field twice in one incident.
    DuplicateField,
    /// `MD006`: a required field (Severity, Detected) is missing or empty.
    MissingField,
    /// `MD007`: two incidents with the same title and detection time.
    DuplicateIncident,
    /// `MD008`: a response time in the severity table that cannot be read.
    UnknownResponseTime,
    /// `MD009`: a follow-up item that is not a task item (`- [ ]`).
    FollowUpNotTask,
    /// `MD010`: a severity table row whose level is not a known severity.
    UnknownSeverityRow,
    /// `MD011`: an escalation trigger whose wording matches none of the known triggers; it is
    /// kept in the file but not evaluated.
    UnknownTrigger,
    /// `MD012`: a heading swallowed by an HTML block inside an entry, as when a placeholder line
    /// such as `<what happened>` is directly followed by `### Impact:` without a blank line; the
    /// heading is not read as a field.
    HiddenHeading,
    /// `MD013`: two incidents write the same ID (`### ID: …`); the later one is read with a
    /// `-2` suffix until it is changed.
    DuplicateId,
    /// `MD014`: a written ID that is not one word; the incident's derived ID is used.
    InvalidId,
    /// `GIT001`: conflict markers (`<<<<<<<` … `>>>>>>>`) left in the file by a merge.
    ConflictMarkers,
    /// `GIT002`: the summary comment a conflicted `incident merge-driver` run puts at the top of
    /// the file is still there.
    MergeSummary,
}

impl Code {
    /// The stable code, such as `MD001`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::UnknownSeverity => "MD001",
            Code::InvalidTimestamp => "MD002",
            Code::FollowUpWithoutOwner => "MD003",
            Code::FollowUpWithoutDueDate => "MD004",
            Code::DuplicateField => "MD005",
            Code::MissingField => "MD006",
            Code::DuplicateIncident => "MD007",
            Code::UnknownResponseTime => "MD008",
            Code::FollowUpNotTask => "MD009",
            Code::UnknownSeverityRow => "MD010",
            Code::UnknownTrigger => "MD011",
            Code::HiddenHeading => "MD012",
            Code::DuplicateId => "MD013",
            Code::InvalidId => "MD014",
            Code::ConflictMarkers => "GIT001",
            Code::MergeSummary => "GIT002",
        }
    }

    /// The level this code is reported at.
    pub fn level(self) -> Level {
        match self {
            Code::FollowUpWithoutOwner
            | Code::FollowUpWithoutDueDate
            | Code::FollowUpNotTask
            | Code::UnknownTrigger
            | Code::HiddenHeading => Level::Warning,
            _ => Level::Error,
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found while reading a log.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Diagnostic {
    /// What is wrong.
    pub code: Code,
    /// How serious it is.
    pub level: Level,
    /// One sentence for a person.
    pub message: String,
    /// The bytes it is about.
    pub span: Range<usize>,
}

impl Diagnostic {
    pub(crate) fn new(code: Code, message: impl Into<String>, span: Range<usize>) -> Self {
        Diagnostic {
            code,
            level: code.level(),
            message: message.into(),
            span,
        }
    }
}
