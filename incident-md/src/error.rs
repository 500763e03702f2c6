/// Everything that can go wrong when reading or editing a document.
///
/// Variants carry data (offsets, IDs, values), never rendered text; the CLI renders them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input bytes are not UTF-8.
    #[error("input is not valid UTF-8: invalid byte sequence at offset {offset}")]
    InvalidUtf8 {
        /// Byte offset of the first invalid byte (everything before it is valid).
        offset: usize,
    },
    /// No incident has this ID (or an ID starting with it).
    #[error("no incident with ID `{id}`{}", did_you_mean(closest))]
    NoSuchIncident {
        /// The ID or prefix asked for.
        id: String,
        /// The nearest IDs the log has ([`Document::closest_ids`](crate::Document::closest_ids)),
        /// best first; empty when none is near.
        closest: Vec<String>,
    },
    /// Several incidents have IDs starting with this prefix.
    #[error("ID prefix `{prefix}` is ambiguous: {}", candidates.join(", "))]
    AmbiguousId {
        /// The prefix asked for.
        prefix: String,
        /// The IDs it matches.
        candidates: Vec<String>,
    },
    /// A single-line value (title, owner, …) contains a line break.
    #[error("{field} must be a single line, got {value:?}")]
    MultilineValue {
        /// Which value.
        field: &'static str,
        /// The value given.
        value: String,
    },
    /// A required value is empty.
    #[error("{field} must not be empty")]
    EmptyValue {
        /// Which value.
        field: &'static str,
    },
    /// A value that cannot be written so that it reads back the same.
    #[error("invalid {field} `{value}`: {reason}")]
    InvalidValue {
        /// Which value.
        field: &'static str,
        /// The value given.
        value: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// An incident's entry cannot be edited because a required field could not be read.
    #[error("incident `{id}` cannot be edited: {reason}")]
    Uneditable {
        /// The incident's ID.
        id: String,
        /// Why.
        reason: String,
        /// The entry's heading: where the entry that could not be edited is.
        span: std::ops::Range<usize>,
    },
    /// A new entry would not read back as the incident given where it was placed: the text
    /// before it swallows it (an unclosed code fence or HTML block, say) or the file's template
    /// breaks it. Nothing was changed.
    #[error(
        "a new entry at byte {offset} would not read back as the incident given (the text before it, such as an unclosed code fence or HTML block, or the file's template breaks it); nothing was changed"
    )]
    EntryNotReadable {
        /// Where the entry would have gone.
        offset: usize,
    },
    /// A follow-up action number outside 1..=count.
    #[error("incident `{id}` has {count} follow-up actions; there is no number {number}")]
    NoSuchFollowUp {
        /// The incident's ID.
        id: String,
        /// The number asked for (1-based).
        number: usize,
        /// How many there are.
        count: usize,
    },
    /// The follow-up item has no checkbox to tick.
    #[error("follow-up {number} of incident `{id}` is not a task item (`- [ ]`)")]
    NotATask {
        /// The incident's ID.
        id: String,
        /// The number asked for (1-based).
        number: usize,
    },
    /// An edit or a new incident that would put its timestamps out of order (acknowledged
    /// before detected, say): the same rule, and error, on every edit path.
    #[error("incident `{incident}` {source}")]
    TimestampOrder {
        /// The incident's ID (its title, for one being added).
        incident: String,
        /// Which timestamps, and their times.
        #[source]
        source: incident_core::TimestampOrderError,
    },
    /// A lifecycle step the rules refuse (a step on a cancelled incident, reopening an open
    /// one, a cancellation without a reason); timestamps out of order are
    /// [`Error::TimestampOrder`].
    #[error("incident `{id}`: {source}")]
    Lifecycle {
        /// The incident's ID.
        id: String,
        /// The rule.
        #[source]
        source: incident_core::LifecycleError,
    },
    /// Finding, reading or writing a file failed (the `fs` feature).
    #[cfg(feature = "fs")]
    #[error(transparent)]
    Fs(crate::fs::FsError),
}

impl Error {
    /// The bytes of the document the error is about, when it is about a place in it (an entry
    /// that could not be edited, where a new entry would have gone, the first byte that is not
    /// UTF-8): what a caller turns into `file:line:col`.
    pub fn span(&self) -> Option<std::ops::Range<usize>> {
        match self {
            Error::InvalidUtf8 { offset } | Error::EntryNotReadable { offset } => {
                Some(*offset..*offset)
            }
            Error::Uneditable { span, .. } => Some(span.clone()),
            _ => None,
        }
    }

    /// The file error inside, if this is one.
    #[cfg(feature = "fs")]
    pub fn as_fs(&self) -> Option<&crate::fs::FsError> {
        match self {
            Error::Fs(e) => Some(e),
            _ => None,
        }
    }
}

/// `Result` with this crate's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// `; did you mean `a` or `b`?`, or nothing.
fn did_you_mean(ids: &[String]) -> String {
    let quoted: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        [init @ .., last] => format!("; did you mean {} or {last}?", init.join(", ")),
    }
}
