//! One finding: what a check found, by code, level, message, incident and place.

use std::ops::Range;

use crate::Code;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::Display)]
#[strum(serialize_all = "lowercase")]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Level {
    /// Worth a look; does not fail a check.
    Warning,
    /// A requirement is not met.
    Error,
}

/// What a finding is about within its incident, so that a layer that knows the text (the md
/// crate) can point at the right place.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Subject {
    /// The incident as a whole (or, for structure findings, just the span).
    #[default]
    Incident,
    /// A named field, such as `Root Cause`.
    Field(&'static str),
    /// The follow-up action at this index (0-based).
    FollowUp(usize),
    /// The related log at this index (0-based).
    RelatedLog(usize),
}

/// One finding, from any check in any crate.
///
/// Core's checks know no text: they fill [`Finding::subject`] and leave [`Finding::span`] empty;
/// the md crate's checks turn subjects into byte spans of the source.
///
/// ```
/// use incident_core::{Code, Finding, Level};
/// let f = Finding::new(Code::MissingField, "Severity is missing", 10..20);
/// assert_eq!((f.level, f.span.clone()), (Level::Error, Some(10..20)));
/// let f = f.with_incident("2026-03-02-api-outage").with_level(Level::Warning);
/// assert_eq!(f.incident.as_deref(), Some("2026-03-02-api-outage"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Finding {
    /// The rule, by its registered code.
    pub code: Code,
    /// How serious it is: the code's default level unless the rule says otherwise.
    pub level: Level,
    /// One sentence for a person.
    pub message: String,
    /// The ID of the incident it concerns, when it concerns one.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub incident: Option<String>,
    /// What within the incident it is about (not serialized: [`Finding::span`] is where a
    /// consumer of the data looks).
    #[cfg_attr(feature = "serde", serde(skip))]
    pub subject: Subject,
    /// The bytes of the source it is about, when the producer knows the source.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub span: Option<Range<usize>>,
}

impl Finding {
    /// A finding of `code` at its default level; `span` is a byte range or `None`.
    pub fn new(
        code: Code,
        message: impl Into<String>,
        span: impl Into<Option<Range<usize>>>,
    ) -> Finding {
        Finding {
            code,
            level: code.level(),
            message: message.into(),
            incident: None,
            subject: Subject::Incident,
            span: span.into(),
        }
    }

    /// A finding about `subject`, without a span (as core's checks make them).
    pub fn about(code: Code, subject: Subject, message: impl Into<String>) -> Finding {
        Finding {
            subject,
            ..Finding::new(code, message, None::<Range<usize>>)
        }
    }

    /// The same finding at another level.
    pub fn with_level(mut self, level: Level) -> Finding {
        self.level = level;
        self
    }

    /// The same finding, concerning the incident `id`.
    pub fn with_incident(mut self, id: impl Into<String>) -> Finding {
        self.incident = Some(id.into());
        self
    }

    /// Where its span starts, when it has one.
    pub fn start(&self) -> Option<usize> {
        self.span.as_ref().map(|s| s.start)
    }

    /// The same finding, about these bytes.
    pub fn with_span(mut self, span: Range<usize>) -> Finding {
        self.span = Some(span);
        self
    }
}
