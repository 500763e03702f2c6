//! The fields of an incident entry, as the template names them.
//!
//! Everything the tools know about a field is in one table, [`FieldName::spec`]: adding a field
//! means adding a variant and its row (and, when the field holds a value of [`Incident`], reading
//! it in [`Incident::has_value`]).

use chrono::{DateTime, Utc};

use crate::Incident;

/// A field the library knows. Text forms are the template's labels (`Root Cause`,
/// `Follow-up Actions`); parsing ignores case and accepts a few common variants.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::EnumIter, strum::EnumCount,
)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum FieldName {
    /// `### ID: 2026-03-02-api-outage`: the incident's written, stable ID.
    Id,
    /// `### Severity: HIGH`
    Severity,
    /// `### Category: CLUSTER_FAILURE`
    Category,
    /// `### Detected: 2026-01-31T14:05:00Z`
    Detected,
    /// `### Status: reopened`: only for what the timestamps cannot say (reopened, cancelled).
    Status,
    /// `### Trigger: availability`: the escalation trigger that logged it.
    Trigger,
    /// `### Acknowledged: …`
    Acknowledged,
    /// `### Mitigated: …`
    Mitigated,
    /// `### Resolved: …`
    Resolved,
    /// `### Description:` and the blocks below it.
    Description,
    /// `### Impact:`
    Impact,
    /// `### Root Cause:`
    RootCause,
    /// `### Resolution:`
    Resolution,
    /// `### Timeline:` with `- 2026-03-02T10:12:00Z — text` items.
    Timeline,
    /// `### Follow-up Actions:` with a task list.
    FollowUpActions,
    /// `### Lessons Learned:`
    LessonsLearned,
    /// `### Related Logs:` with links.
    RelatedLogs,
    /// `### Reported By: deploy-bot`: who wrote the entry, when a tool says (the MCP server
    /// writes it from its `reported_by` argument). Not in the seed template.
    ReportedBy,
    /// `### Dedup Key: checkout-latency`: a key that makes writers return the open incident
    /// carrying it instead of logging a second one. Not in the seed template.
    DedupKey,
    /// `**Owner:** @dana`: who owns the incident (its incident commander or lead), as teams
    /// write it. Not in the seed template.
    Owner,
}

/// What the tools know about one field: its row in the field table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct FieldSpec {
    /// The label as the template writes it.
    pub label: &'static str,
    /// Other labels read as this field, normalised (lower case ASCII letters and digits only).
    pub aliases: &'static [&'static str],
    /// The template's placeholder for the value.
    pub placeholder: &'static str,
    /// Whether the value stands on the label line (`### Severity: HIGH`) rather than below it.
    pub inline: bool,
    /// Whether the seed's entry template has the field.
    pub in_seed_template: bool,
    /// What kind of value it holds.
    pub kind: FieldKind,
}

/// What kind of value a field holds: it decides how the field is read, written and compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldKind {
    /// The entry's written ID.
    Id,
    /// A [`Severity`](crate::Severity).
    Severity,
    /// A timestamp ([`Incident::time_field`]).
    Timestamp,
    /// A category name: one line of text ([`Incident::text_field`]).
    Category,
    /// Free text, possibly several paragraphs ([`Incident::text_field`]).
    Text,
    /// One line of text the entry keeps but the typed [`Incident`] does not hold (Reported By,
    /// Dedup Key): read it from the entry's field.
    Label,
    /// A [`Disposition`](crate::Disposition): reopened or cancelled.
    Status,
    /// A [`TriggerSource`](crate::TriggerSource).
    Trigger,
    /// The timeline, a list of [`TimelineItem`](crate::TimelineItem)s.
    Timeline,
    /// The follow-up actions, a task list.
    FollowUps,
    /// The related logs, a list of links.
    RelatedLogs,
}

const fn spec(
    label: &'static str,
    aliases: &'static [&'static str],
    placeholder: &'static str,
    kind: FieldKind,
    in_seed_template: bool,
) -> FieldSpec {
    // Only free text, follow-ups and related logs stand below their label.
    let inline = !matches!(
        kind,
        FieldKind::Text | FieldKind::FollowUps | FieldKind::RelatedLogs | FieldKind::Timeline
    );
    FieldSpec {
        label,
        aliases,
        placeholder,
        inline,
        in_seed_template,
        kind,
    }
}

const TIMESTAMP: &str = "<ISO 8601 timestamp>";

impl FieldName {
    /// Every known field in its canonical place: the ID right under the heading, then the seed
    /// template's order, with Category after Severity, and Acknowledged and Resolved after
    /// Detected. A field a file's template lacks is inserted after its nearest predecessor in
    /// this order.
    pub const CANONICAL_ORDER: [FieldName; 20] = [
        FieldName::Id,
        FieldName::Severity,
        FieldName::Category,
        FieldName::Status,
        FieldName::Trigger,
        FieldName::Detected,
        FieldName::Acknowledged,
        FieldName::Mitigated,
        FieldName::Resolved,
        FieldName::Owner,
        FieldName::ReportedBy,
        FieldName::DedupKey,
        FieldName::Description,
        FieldName::Impact,
        FieldName::RootCause,
        FieldName::Resolution,
        FieldName::Timeline,
        FieldName::FollowUpActions,
        FieldName::LessonsLearned,
        FieldName::RelatedLogs,
    ];

    /// The field's row in the table.
    pub const fn spec(self) -> FieldSpec {
        match self {
            FieldName::Id => spec("ID", &["incidentid"], "<incident ID>", FieldKind::Id, false),
            FieldName::Severity => spec(
                "Severity",
                &["level", "severitylevel"],
                "LOW | MEDIUM | HIGH | CRITICAL",
                FieldKind::Severity,
                true,
            ),
            FieldName::Category => spec(
                "Category",
                &["type"],
                "<category>",
                FieldKind::Category,
                false,
            ),
            FieldName::Detected => spec(
                "Detected",
                &[
                    "detectedat",
                    "detectiontime",
                    "opened",
                    "openedat",
                    "started",
                    // `Date & Time Detected`, `Date Opened`, `Date/Time`: teams' templates.
                    "datedetected",
                    "timedetected",
                    "datetimedetected",
                    "dateopened",
                    "datetime",
                ],
                TIMESTAMP,
                FieldKind::Timestamp,
                true,
            ),
            FieldName::Acknowledged => spec(
                "Acknowledged",
                &["acknowledgedat", "acked"],
                TIMESTAMP,
                FieldKind::Timestamp,
                false,
            ),
            FieldName::Status => spec(
                "Status",
                &["state"],
                "<reopened | cancelled — reason>",
                FieldKind::Status,
                false,
            ),
            FieldName::Trigger => spec(
                "Trigger",
                &["triggeredby"],
                "<trigger kind>",
                FieldKind::Trigger,
                false,
            ),
            FieldName::Mitigated => spec(
                "Mitigated",
                &["mitigatedat"],
                TIMESTAMP,
                FieldKind::Timestamp,
                false,
            ),
            FieldName::Timeline => spec(
                "Timeline",
                &["events", "timelineutc"],
                "- <ISO 8601 timestamp> — <what happened>",
                FieldKind::Timeline,
                false,
            ),
            FieldName::Resolved => spec(
                "Resolved",
                &["resolvedat", "dateresolved", "timeresolved"],
                TIMESTAMP,
                FieldKind::Timestamp,
                false,
            ),
            FieldName::Description => spec(
                "Description",
                &["summary", "whathappened"],
                "<what happened>",
                FieldKind::Text,
                true,
            ),
            FieldName::Impact => spec(
                "Impact",
                &["affected", "customerimpact", "userimpact"],
                "<affected systems, users, services>",
                FieldKind::Text,
                true,
            ),
            FieldName::RootCause => spec(
                "Root Cause",
                &["cause", "causes", "rootcauses", "diagnosis"],
                "<technical root cause>",
                FieldKind::Text,
                true,
            ),
            FieldName::Resolution => spec(
                "Resolution",
                &["fix", "remediation", "mitigation"],
                "<steps taken to resolve>",
                FieldKind::Text,
                true,
            ),
            FieldName::FollowUpActions => spec(
                "Follow-up Actions",
                &["followups", "followup", "actionitems", "nextsteps"],
                "- [ ] <action> - @<assignee> - <due date>",
                FieldKind::FollowUps,
                true,
            ),
            FieldName::LessonsLearned => spec(
                "Lessons Learned",
                &["lessons"],
                "<what could be improved>",
                FieldKind::Text,
                true,
            ),
            FieldName::RelatedLogs => spec(
                "Related Logs",
                &["logs"],
                "<links to LOGS.md entries>",
                FieldKind::RelatedLogs,
                true,
            ),
            FieldName::ReportedBy => spec(
                "Reported By",
                &["reporter", "author"],
                "<who wrote the entry>",
                FieldKind::Label,
                false,
            ),
            FieldName::Owner => spec(
                "Owner",
                &[
                    "owners",
                    "assignee",
                    "incidentcommander",
                    "commander",
                    "incidentlead",
                    "lead",
                    // `Resolved by: Ingrid` names a person, not the resolution.
                    "resolvedby",
                ],
                "<who owns the incident>",
                FieldKind::Label,
                false,
            ),
            FieldName::DedupKey => spec(
                "Dedup Key",
                &["deduplicationkey"],
                "<de-duplication key>",
                FieldKind::Label,
                false,
            ),
        }
    }

    /// Whether the seed's entry template has this field (it lacks ID, Category, Status,
    /// Trigger, Acknowledged, Mitigated, Resolved and Timeline).
    pub fn in_seed_template(self) -> bool {
        self.spec().in_seed_template
    }

    /// Whether the value stands on the heading line (`### Severity: HIGH`) rather than below it.
    pub fn is_inline(self) -> bool {
        self.spec().inline
    }

    /// The template's placeholder for the field's value.
    pub fn placeholder(self) -> &'static str {
        self.spec().placeholder
    }

    /// The label as written in the template.
    pub fn label(self) -> &'static str {
        self.spec().label
    }

    /// Recognises a label, ignoring case, surrounding `*`/`_`, and `-`/space differences.
    pub fn from_label(label: &str) -> Option<FieldName> {
        // A log writes the same few labels thousands of times (every entry's `### Severity:`,
        // read by each reader): comparing a label with the one last seen in its slot is
        // cheaper than normalising it.
        let b = label.as_bytes();
        let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
            return Self::look_up(label);
        };
        if b.len() > Recent::LONGEST {
            return Self::look_up(label);
        }
        let slot = (b.len() * 31 + usize::from(first) * 7 + usize::from(last)) % RECENT_SLOTS;
        RECENT.with(|recent| {
            let cell = &recent[slot];
            let seen = cell.get();
            if usize::from(seen.len) == b.len() && &seen.bytes[..b.len()] == b {
                return seen.field;
            }
            let field = Self::look_up(label);
            let mut bytes = [0; Recent::LONGEST];
            bytes[..b.len()].copy_from_slice(b);
            cell.set(Recent {
                len: b.len() as u8,
                bytes,
                field,
            });
            field
        })
    }

    /// [`from_label`](Self::from_label) without the cache of recent labels.
    fn look_up(label: &str) -> Option<FieldName> {
        // Labels are short and ASCII: normalise into a stack buffer (this runs for every
        // heading of a log).
        // The key is hashed as it is built, and a label longer than every key is given up on
        // at once (most lines of a log are no label).
        let table = label_table();
        let mut buf = [0u8; LabelTable::LONGEST];
        let mut len = 0;
        let mut hash = LabelTable::FNV_OFFSET;
        for (i, &b) in label.as_bytes().iter().enumerate() {
            match LABEL_BYTES[b as usize] {
                SKIP => {}
                NOT_ASCII => {
                    if label.is_char_boundary(i)
                        && label[i..].chars().next().is_some_and(char::is_alphanumeric)
                    {
                        return None;
                    }
                }
                key_byte => {
                    if len == table.longest {
                        return None;
                    }
                    buf[len] = key_byte;
                    len += 1;
                    hash = LabelTable::step(hash, key_byte);
                }
            }
        }
        table.get_hashed(&buf[..len], hash)
    }
}

/// A label as written, and what it names: one slot of the cache of recent labels.
#[derive(Clone, Copy)]
struct Recent {
    /// How many of `bytes` are the label (`u8::MAX` for a slot not used yet: no label fits).
    len: u8,
    bytes: [u8; Recent::LONGEST],
    field: Option<FieldName>,
}

impl Recent {
    /// Longer labels are looked up every time (a label is seldom longer).
    const LONGEST: usize = 31;
    const UNUSED: Recent = Recent {
        len: u8::MAX,
        bytes: [0; Recent::LONGEST],
        field: None,
    };
}

const RECENT_SLOTS: usize = 16;

thread_local! {
    /// The labels [`FieldName::from_label`] read last on this thread, by a hash of their length
    /// and end bytes.
    static RECENT: [std::cell::Cell<Recent>; RECENT_SLOTS] =
        const { [const { std::cell::Cell::new(Recent::UNUSED) }; RECENT_SLOTS] };
}

/// A byte of a label left out of its key (punctuation, spaces, `*`, `_`).
const SKIP: u8 = 0;
/// A byte of a character beyond ASCII (a letter there makes the label no field's).
const NOT_ASCII: u8 = 0xff;
/// What each byte of a label adds to its key: the lowercase letter or the digit itself,
/// [`SKIP`] or [`NOT_ASCII`] (one lookup a byte: this runs for most lines of a log).
const LABEL_BYTES: [u8; 256] = {
    let mut t = [SKIP; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else if c.is_ascii() {
            SKIP
        } else {
            NOT_ASCII
        };
        b += 1;
    }
    t
};

/// Every field's normalised label and aliases, in an open-addressing hash table: one hash and
/// one comparison a lookup (this runs for most lines of a log). Where two fields share a key,
/// the first in canonical order wins, as a search in that order would.
struct LabelTable {
    slots: [Option<(&'static [u8], FieldName)>; LabelTable::SLOTS],
    /// The length of the longest key (at most [`LONGEST`](Self::LONGEST)).
    longest: usize,
}

impl LabelTable {
    const SLOTS: usize = 256;
    /// Keys are at most this long: a label that normalises to more names no field.
    const LONGEST: usize = 24;
    // FNV-1a: short keys, no dependency.
    const FNV_OFFSET: u32 = 0x811c_9dc5;

    fn step(hash: u32, b: u8) -> u32 {
        (hash ^ u32::from(b)).wrapping_mul(0x0100_0193)
    }

    fn hash(key: &[u8]) -> u32 {
        key.iter().fold(Self::FNV_OFFSET, |h, &b| Self::step(h, b))
    }

    fn slot(hash: u32) -> usize {
        hash as usize % Self::SLOTS
    }

    /// The field of `key`, whose [`hash`](Self::hash) is `hash`.
    fn get_hashed(&self, key: &[u8], hash: u32) -> Option<FieldName> {
        let mut i = Self::slot(hash);
        loop {
            match self.slots[i] {
                None => return None,
                Some((k, f)) if k == key => return Some(f),
                Some(_) => i = (i + 1) % Self::SLOTS,
            }
        }
    }
}

fn label_table() -> &'static LabelTable {
    static TABLE: std::sync::OnceLock<LabelTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        // Built once, at first use, and never dropped: the keys are leaked to be `'static`.
        let mut keys: Vec<(&'static [u8], FieldName)> = Vec::new();
        for f in FieldName::CANONICAL_ORDER {
            let s = f.spec();
            let label: Vec<u8> = s
                .label
                .bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| b.to_ascii_lowercase())
                .collect();
            let label: &'static [u8] = Box::leak(label.into_boxed_slice());
            for key in std::iter::once(label).chain(s.aliases.iter().map(|a| a.as_bytes())) {
                if !keys.iter().any(|(k, _)| *k == key) {
                    keys.push((key, f));
                }
            }
        }
        let mut slots = [None; LabelTable::SLOTS];
        let mut longest = 0;
        for &(key, f) in &keys {
            if key.len() > LabelTable::LONGEST {
                // Never reached by a lookup, as before the table: labels longer are no field.
                continue;
            }
            longest = longest.max(key.len());
            let mut i = LabelTable::slot(LabelTable::hash(key));
            while slots[i].is_some() {
                i = (i + 1) % LabelTable::SLOTS;
            }
            slots[i] = Some((key, f));
        }
        LabelTable { slots, longest }
    })
}

impl std::fmt::Display for FieldName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// A label that names no known field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown field `{0}`")]
pub struct UnknownField(pub String);

impl std::str::FromStr for FieldName {
    type Err = UnknownField;

    /// Parses a label the way [`FieldName::from_label`] does.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FieldName::from_label(s).ok_or_else(|| UnknownField(s.to_owned()))
    }
}

impl From<FieldName> for &'static str {
    fn from(f: FieldName) -> &'static str {
        f.label()
    }
}

impl FieldName {
    /// What kind of value the field holds.
    pub const fn kind(self) -> FieldKind {
        self.spec().kind
    }
}

impl Incident {
    /// The value of a text field (category or free text); `None` for other fields.
    pub fn text_field(&self, name: FieldName) -> Option<&Option<String>> {
        Some(match name {
            FieldName::Category => &self.category,
            FieldName::Description => &self.description,
            FieldName::Impact => &self.impact,
            FieldName::RootCause => &self.root_cause,
            FieldName::Resolution => &self.resolution,
            FieldName::LessonsLearned => &self.lessons_learned,
            _ => return None,
        })
    }

    /// The value of a text field, to change it; `None` for other fields.
    pub fn text_field_mut(&mut self, name: FieldName) -> Option<&mut Option<String>> {
        Some(match name {
            FieldName::Category => &mut self.category,
            FieldName::Description => &mut self.description,
            FieldName::Impact => &mut self.impact,
            FieldName::RootCause => &mut self.root_cause,
            FieldName::Resolution => &mut self.resolution,
            FieldName::LessonsLearned => &mut self.lessons_learned,
            _ => return None,
        })
    }

    /// The value of a timestamp field (Detected always has one); `None` for other fields.
    pub fn time_field(&self, name: FieldName) -> Option<Option<DateTime<Utc>>> {
        Some(match name {
            FieldName::Detected => Some(self.detected),
            FieldName::Acknowledged => self.acknowledged,
            FieldName::Mitigated => self.mitigated,
            FieldName::Resolved => self.resolved,
            _ => return None,
        })
    }

    /// Whether the incident has a value for a known field (Severity and Detected always do; the
    /// ID is the entry's, not the incident's).
    pub fn has_value(&self, name: FieldName) -> bool {
        match name.kind() {
            // The entry holds these, not the incident.
            FieldKind::Id | FieldKind::Label => false,
            FieldKind::Severity => true,
            FieldKind::Timestamp => self.time_field(name).flatten().is_some(),
            FieldKind::Category | FieldKind::Text => self
                .text_field(name)
                .and_then(Option::as_deref)
                .is_some_and(|t| !t.trim().is_empty()),
            FieldKind::Status => self.disposition.is_some(),
            FieldKind::Trigger => self.trigger.is_some(),
            FieldKind::Timeline => !self.timeline.is_empty(),
            FieldKind::FollowUps => !self.follow_ups.is_empty(),
            FieldKind::RelatedLogs => !self.related_logs.is_empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use strum::{EnumCount, IntoEnumIterator};

    /// What `from_label` did before its lookup table: normalise, then the first field in
    /// canonical order whose label or an alias matches.
    fn from_label_by_search(label: &str) -> Option<FieldName> {
        let t = label.trim().trim_matches(['*', '_', ' ']);
        if t.chars().any(|c| !c.is_ascii() && c.is_alphanumeric()) {
            return None;
        }
        let norm: String = t
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if norm.is_empty() || norm.len() > 24 {
            return None;
        }
        let normalise = |s: &str| -> String {
            s.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect()
        };
        FieldName::CANONICAL_ORDER.into_iter().find(|f| {
            normalise(f.spec().label) == norm || f.spec().aliases.iter().any(|a| *a == norm)
        })
    }

    proptest! {
        #[test]
        fn table_lookup_agrees_with_a_search(
            pick in 0usize..200,
            noise in "[ *_:.\\-]{0,3}",
            tail in "[a-zé ]{0,3}",
            upper in any::<bool>(),
            long in "[0-9A-Za-z]{0,30}",
        ) {
            let known: Vec<&str> = FieldName::CANONICAL_ORDER
                .iter()
                .flat_map(|f| std::iter::once(f.spec().label).chain(f.spec().aliases.iter().copied()))
                .collect();
            let base = known[pick % known.len()];
            let base = if upper { base.to_uppercase() } else { base.to_owned() };
            for label in [
                format!("{noise}{base}{noise}"),
                format!("{base}{tail}"),
                format!("{noise}{tail}"),
                format!("{base}{long}"),
                format!("{long}{noise}{base}"),
            ] {
                prop_assert_eq!(FieldName::from_label(&label), from_label_by_search(&label), "{:?}", label);
            }
        }
    }

    #[test]
    fn labels_round_trip() {
        for f in FieldName::iter() {
            assert_eq!(FieldName::from_label(f.label()), Some(f));
            assert_eq!(f.label().parse::<FieldName>(), Ok(f));
            for a in f.spec().aliases {
                assert_eq!(FieldName::from_label(a), Some(f), "{a}");
            }
        }
        assert_eq!(
            FieldName::from_label("**root cause**"),
            Some(FieldName::RootCause)
        );
        assert_eq!(
            FieldName::from_label("Follow-Up actions"),
            Some(FieldName::FollowUpActions)
        );
        assert_eq!(FieldName::from_label("id"), Some(FieldName::Id));
        // Synonyms teams write in their own logs.
        for (label, f) in [
            ("What happened", FieldName::Description),
            ("Affected", FieldName::Impact),
            ("Diagnosis", FieldName::RootCause),
            ("Cause", FieldName::RootCause),
            ("Fix", FieldName::Resolution),
            ("Remediation", FieldName::Resolution),
            ("Action items", FieldName::FollowUpActions),
            ("Lessons", FieldName::LessonsLearned),
        ] {
            assert_eq!(FieldName::from_label(label), Some(f), "{label}");
        }
        assert_eq!(FieldName::from_label("Timeline"), Some(FieldName::Timeline));
        assert_eq!(FieldName::from_label("Postmortem"), None);
        assert!("Postmortem".parse::<FieldName>().is_err());
    }

    #[test]
    fn every_field_of_a_kind_has_its_accessor() {
        let i = Incident::new("x", crate::Severity::Low, chrono::DateTime::UNIX_EPOCH);
        for f in FieldName::iter() {
            let text = matches!(f.kind(), FieldKind::Text | FieldKind::Category);
            assert_eq!(i.text_field(f).is_some(), text, "{f}");
            assert_eq!(
                i.time_field(f).is_some(),
                f.kind() == FieldKind::Timestamp,
                "{f}"
            );
            assert_eq!(
                f.is_inline(),
                !matches!(
                    f.kind(),
                    FieldKind::Text
                        | FieldKind::FollowUps
                        | FieldKind::RelatedLogs
                        | FieldKind::Timeline
                )
            );
        }
    }

    #[test]
    fn canonical_order_lists_every_field_once() {
        let mut seen: Vec<FieldName> = FieldName::CANONICAL_ORDER.to_vec();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), FieldName::COUNT);
    }
}
