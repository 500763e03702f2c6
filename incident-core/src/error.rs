//! The one error type of `incident-core`.

/// Everything that can go wrong when reading domain values from text or configuring a calendar.
///
/// Each variant carries the offending text so that callers (the markdown layer, the CLI) can point
/// at it; this crate never renders or prints errors itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A severity other than CRITICAL, HIGH, MEDIUM or LOW.
    #[error("unknown severity `{text}` (expected CRITICAL, HIGH, MEDIUM or LOW)")]
    UnknownSeverity {
        /// The text as written.
        text: String,
    },
    /// A response time in a form this crate does not understand.
    #[error(
        "unknown response time `{text}` (expected e.g. `Immediate escalation`, `< 15 minutes`, `within 2 hours`, `Next business day`, `2 business days`)"
    )]
    UnknownResponseTime {
        /// The text as written.
        text: String,
    },
    /// A timestamp that is not ISO 8601 / RFC 3339.
    #[error("invalid timestamp `{text}` (expected ISO 8601, e.g. 2026-01-31T14:05:00Z)")]
    InvalidTimestamp {
        /// The text as written.
        text: String,
    },
    /// A calendar date that is not `YYYY-MM-DD`.
    #[error("invalid date `{text}` (expected YYYY-MM-DD)")]
    InvalidDate {
        /// The text as written.
        text: String,
    },
    /// A duration such as `5m` or `2 hours` that could not be read.
    #[error("invalid duration `{text}` (expected e.g. 30s, 5m, 2h)")]
    InvalidDuration {
        /// The text as written.
        text: String,
    },
    /// A duration longer than the longest allowed ([`crate::time::MAX_DURATION`]).
    #[error("duration `{text}` is too long (at most {} days)", .max.num_days())]
    DurationTooLong {
        /// The text as written.
        text: String,
        /// The longest duration allowed.
        max: chrono::TimeDelta,
    },
    /// `.incident.toml` is invalid: a syntax error, an unknown key or a bad value.
    #[error("{}{message}", position.map(|p| format!("{p}: ")).unwrap_or_default())]
    Config {
        /// Byte range of the offending text, when known.
        span: Option<std::ops::Range<usize>>,
        /// Line and column of the start of `span`, when known.
        position: Option<crate::Position>,
        /// What is wrong.
        message: String,
    },
    /// An IANA time zone name that is not in the time zone database.
    #[error("unknown time zone `{name}` (expected an IANA name such as Europe/Berlin)")]
    UnknownTimeZone {
        /// The name as written.
        name: String,
    },
    /// Working hours whose start is not before their end.
    #[error("working hours must start before they end (got {start}-{end})")]
    InvalidWorkHours {
        /// Start of the working day.
        start: chrono::NaiveTime,
        /// End of the working day.
        end: chrono::NaiveTime,
    },
    /// A calendar without a single working day, on which business-day deadlines never arrive.
    #[error("a business calendar needs at least one working day")]
    NoWorkdays,
    /// A value out of its allowed range (a percentage above 100, say).
    #[error("invalid value `{text}` for {what}")]
    InvalidValue {
        /// What the value was for.
        what: &'static str,
        /// The text as written.
        text: String,
    },
    /// A report period that could not be read, or that leaves the calendar's range.
    #[error(
        "invalid period `{text}` (expected e.g. 30d, 2026-03, 2026Q1, 2026, 2026-03-05 or 2026-01-01..2026-02-15)"
    )]
    InvalidPeriod {
        /// The text as written.
        text: String,
    },
    /// A period whose first day is after its last.
    #[error("the period starts on {since}, after it ends on {until}")]
    EmptyWindow {
        /// The first day asked for.
        since: chrono::NaiveDate,
        /// The last day asked for.
        until: chrono::NaiveDate,
    },
    /// A timestamp before one it must follow (acknowledged before detected, say).
    #[error(transparent)]
    TimestampOrder(#[from] crate::TimestampOrderError),
    /// A local time that does not occur in the zone (the hour skipped by a DST change).
    #[error("{time} does not occur in {zone} (the clocks skip it); give an offset")]
    NonexistentLocalTime {
        /// The local time as read.
        time: chrono::NaiveDateTime,
        /// The zone's IANA name.
        zone: String,
    },
    /// A lifecycle step the rules refuse.
    #[error(transparent)]
    Lifecycle(#[from] crate::LifecycleError),
    /// A follow-up written `TEXT - OWNER - DUE` whose owner lacks its `@` or whose due date is
    /// not `YYYY-MM-DD` ([`FollowUp::parse_strict`](crate::FollowUp::parse_strict)).
    #[error("{}; write it as `TEXT - @OWNER - YYYY-MM-DD`", follow_up_needs(*bare_owner, owner, due))]
    MalformedFollowUp {
        /// The owner is written without `@` (so it reads as part of the action).
        bare_owner: bool,
        /// That owner's name, when it is one word.
        owner: Option<String>,
        /// The due text that is not a date.
        due: Option<String>,
    },
}

fn follow_up_needs(bare_owner: bool, owner: &Option<String>, due: &Option<String>) -> String {
    let mut needs = Vec::new();
    if bare_owner {
        needs.push(match owner {
            Some(o) => format!("the owner needs an @ (`@{o}`)"),
            None => "the owner needs an @".to_owned(),
        });
    }
    if due.is_some() {
        needs.push("the due date YYYY-MM-DD".to_owned());
    }
    needs.join(", ")
}

/// `Result` with [`Error`] as its error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
