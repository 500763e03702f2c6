//! Everything `incident check` reports, as a library call: structure diagnostics, post-incident
//! requirements, response times, timestamp order and the sibling files, each finding with the
//! incident it concerns and a byte span of the document.
//!
//! ```
//! use incident_md::check::{CheckContext, check_document};
//! use incident_md::Document;
//!
//! let text = concat!(
//!     "# INCIDENTS.md\n\n## Incident: Disk full\n\n### Severity: LOW\n\n",
//!     "### Detected: 2026-03-02T10:00:00Z\n\n### Acknowledged: 2026-03-02T09:00:00Z\n",
//! );
//! let doc: Document = text.parse().unwrap();
//! let now = "2026-03-02T11:00:00Z".parse().unwrap();
//! let findings = check_document(&doc, &CheckContext::new(now));
//! let time = findings.iter().find(|f| f.code.as_str() == "TIME001").unwrap();
//! assert_eq!(time.incident.as_deref(), Some("2026-03-02-disk-full"));
//! assert!(text[time.span.clone().unwrap()].starts_with("### Acknowledged:"));
//! ```

use std::ops::Range;

use chrono::{DateTime, Utc};
use incident_core::{
    BusinessCalendar, Code, Finding, Level, LogsSummary, Siblings, Subject, check_incident,
    check_incident_written, check_not_future, check_response, check_siblings,
    check_timestamp_order,
};

use crate::{Document, Entry, FieldName};

/// What the checks need besides the document: the time they judge at, the team's calendar and
/// the sibling files that exist.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CheckContext {
    /// The time deadlines and documentation windows are judged at.
    pub now: DateTime<Utc>,
    /// The business calendar response deadlines run on.
    pub calendar: BusinessCalendar,
    /// LOGS.md, TROUBLESHOOTING.md and MEMORY.md, when they exist.
    pub siblings: Siblings,
}

impl CheckContext {
    /// Checks at `now`, on the default calendar, without sibling files.
    pub fn new(now: DateTime<Utc>) -> Self {
        CheckContext {
            now,
            calendar: BusinessCalendar::default(),
            siblings: Siblings::default(),
        }
    }

    /// The same, on this calendar.
    pub fn with_calendar(mut self, calendar: BusinessCalendar) -> Self {
        self.calendar = calendar;
        self
    }

    /// The same, with these sibling files.
    pub fn with_siblings(mut self, siblings: Siblings) -> Self {
        self.siblings = siblings;
        self
    }
}

/// LOGS.md summarised for the `SIB001` check: the anchors of its headings, as GitHub makes them.
///
/// ```
/// let logs = incident_md::check::logs_summary("LOGS.md", "# Logs\n\n## 2026-03-02 Disk alert\n");
/// assert_eq!(logs.anchors, ["logs", "2026-03-02-disk-alert"]);
/// ```
pub fn logs_summary(name: impl Into<String>, text: &str) -> LogsSummary {
    let anchors = text
        .parse::<Document>()
        .map(|d| d.heading_anchors())
        .unwrap_or_default();
    LogsSummary::new(name, anchors)
}

/// Every finding of the document, ordered by position (then code): each has its span and, when it
/// lies in an incident entry, that incident's ID.
///
/// Structure diagnostics (`MD…`, `GIT001`, `GIT002`) come from reading the document, the
/// damage [`doctor`](crate::doctor) repairs (`GIT003`–`GIT008`) from its examination; `PIR…` from
/// [`check_incident`], `SLA001` from [`check_response`], `TIME001` from
/// [`check_timestamp_order`] and `SIB…` from [`check_siblings`], with the subjects those report
/// turned into spans of the fields (the entry's heading when the field is absent).
pub fn check_document(doc: &Document, ctx: &CheckContext) -> Vec<Finding> {
    findings(doc, ctx, Scope::All)
}

/// Whether a finding stops a write (see [`new_errors`]): an error among the structure (`MD…`),
/// timestamp (`TIME…`) and follow-up (`PIR002` owner, `PIR003` due date) codes, or, unless
/// `allow_unknown`, a `PIR007` (a category the table lacks) at any level.
///
/// ```
/// use incident_core::{Code, Finding};
/// use incident_md::check::blocks_write;
/// assert!(blocks_write(&Finding::new(Code::DuplicateIncident, "m", 0..1), false));
/// assert!(!blocks_write(&Finding::new(Code::ResponseBreached, "m", 0..1), false));
/// assert!(!blocks_write(&Finding::new(Code::KnownCategory, "m", 0..1), true));
/// ```
pub fn blocks_write(f: &Finding, allow_unknown: bool) -> bool {
    let wrong = |c: Code| {
        let s = c.as_str();
        s.starts_with("MD")
            || s.starts_with("TIME")
            || matches!(c, Code::FollowUpOwner | Code::FollowUpDue)
    };
    (f.level == Level::Error && wrong(f.code)) || (f.code == Code::KnownCategory && !allow_unknown)
}

/// The findings of [`check_document`] that [`blocks_write`], in its order: what it gives
/// filtered, computed without the checks that cannot block (the doctor's damage, `SLA…`,
/// `LIFE…`, `SIB…`, the owed `PIR…`).
///
/// ```
/// use incident_md::check::{CheckContext, blocks_write, blocking_findings, check_document};
/// use incident_md::Document;
/// let text = concat!(
///     "# INCIDENTS.md\n\n## Incident: Disk full\n\n### Severity: LOW\n\n",
///     "### Detected: 2026-03-02T10:00:00Z\n\n### Acknowledged: 2026-03-02T09:00:00Z\n",
/// );
/// let doc: Document = text.parse().unwrap();
/// let ctx = CheckContext::new("2026-03-05T11:00:00Z".parse().unwrap());
/// let all = check_document(&doc, &ctx);
/// let blocking = blocking_findings(&doc, &ctx, false);
/// assert_eq!(blocking[0].code.as_str(), "TIME001");
/// assert!(blocking.len() < all.len());
/// assert_eq!(blocking, all.into_iter().filter(|f| blocks_write(f, false)).collect::<Vec<_>>());
/// ```
pub fn blocking_findings(doc: &Document, ctx: &CheckContext, allow_unknown: bool) -> Vec<Finding> {
    findings(doc, ctx, Scope::Blocking { allow_unknown })
}

/// Which findings a pass of the checks computes.
#[derive(Debug, Clone, Copy)]
enum Scope {
    /// Everything `check` reports.
    All,
    /// Only those that [`blocks_write`]: checks that cannot yield one are skipped.
    Blocking { allow_unknown: bool },
}

impl Scope {
    fn keeps(self, f: &Finding) -> bool {
        match self {
            Scope::All => true,
            Scope::Blocking { allow_unknown } => blocks_write(f, allow_unknown),
        }
    }
}

/// [`check_document`] in a scope: the checks run in one order for both, each kept finding
/// pushed in that order, then one stable sort, so a narrower scope gives a subsequence of the
/// whole.
fn findings(doc: &Document, ctx: &CheckContext, scope: Scope) -> Vec<Finding> {
    let all = matches!(scope, Scope::All);
    let log = doc.log();
    let entries = doc.incidents();
    let mut out = Vec::new();
    let diagnostics: Vec<&Finding> = log.diagnostics.iter().filter(|d| scope.keeps(d)).collect();
    // The damage is all `GIT003`–`GIT008`, none blocking: the blocking scope needs only the
    // repeated entries, and those only to set against an `MD013`.
    let damage = if all {
        crate::doctor::damage(doc)
    } else if diagnostics.iter().any(|d| d.code == Code::DuplicateId) {
        crate::doctor::repeated_entries(doc)
    } else {
        Vec::new()
    };
    // A byte-for-byte repeat is reported as such (GIT005), not again as its written ID's MD013.
    let repeats: Vec<_> = damage
        .iter()
        .filter(|f| f.code == Code::RepeatedEntry)
        .filter_map(|f| f.start())
        .filter_map(|at| entries.iter().find(|e| e.heading_span.start == at))
        .map(|e| e.span.clone())
        .collect();
    let repeated = |d: &Finding| {
        d.code == Code::DuplicateId
            && d.start()
                .is_some_and(|at| repeats.iter().any(|r| r.contains(&at)))
    };
    let locator = EntryAt::new(entries);
    for d in diagnostics
        .into_iter()
        .filter(|d| !repeated(d))
        .chain(damage.iter().filter(|f| scope.keeps(f)))
    {
        let mut d = d.clone();
        let start = d.start().unwrap_or(0);
        if d.incident.is_none()
            && let Some(e) = locator.find(start)
        {
            d.incident = Some(e.id.clone());
        }
        out.push(d);
    }
    let policy = &log.policy;
    let mut readable = Vec::new();
    for entry in entries {
        if all {
            out.extend(crate::status::status_findings(doc.as_str(), entry));
        }
        let Some(incident) = &entry.incident else {
            continue;
        };
        let found: Vec<Finding> = if all {
            readable.push((entry.id.as_str(), incident));
            check_incident(incident, policy, ctx.now)
                .into_iter()
                .chain(check_response(incident, policy, &ctx.calendar, ctx.now))
                .chain(check_timestamp_order(incident))
                .chain(check_not_future(incident, ctx.now))
                .collect()
        } else {
            // `check_incident`'s blocking codes are all in `check_incident_written`, in its
            // order; `SLA001` never blocks.
            check_incident_written(incident, policy)
                .into_iter()
                .chain(check_timestamp_order(incident))
                .chain(check_not_future(incident, ctx.now))
                .filter(|f| scope.keeps(f))
                .collect()
        };
        out.extend(
            found
                .into_iter()
                .map(|f| locate(f.with_incident(entry.id.clone()), entry)),
        );
    }
    if all {
        let siblings = check_siblings(&readable, &ctx.siblings);
        // The first entry with each ID, as a search in order finds it (one look-up a finding).
        let mut by_id = std::collections::HashMap::new();
        if !siblings.is_empty() {
            for e in entries {
                by_id.entry(e.id.as_str()).or_insert(e);
            }
        }
        for f in siblings {
            match f.incident.as_deref().and_then(|id| by_id.get(id).copied()) {
                Some(entry) => out.push(locate(f, entry)),
                None => out.push(f),
            }
        }
    }
    sort_findings(&mut out);
    out
}

/// Orders findings by position, then code text, equal ones kept in their order: the key is
/// computed once a finding and the sort moves indices, not findings.
fn sort_findings(out: &mut [Finding]) {
    out.sort_by_cached_key(|f| (f.start(), code_key(f.code)));
}

/// A code's text as a number that orders as the text does: its bytes, big-endian, padded with
/// zeros (codes are at most eight bytes and have no zero byte, so a prefix still comes first).
fn code_key(code: Code) -> u64 {
    let mut bytes = [0u8; 8];
    for (b, c) in bytes.iter_mut().zip(code.as_str().bytes()) {
        *b = c;
    }
    u64::from_be_bytes(bytes)
}

/// The entry a position belongs to: the first entry, in document order, whose span holds it or
/// starts there. Found by binary search over the entries' starts when the spans are in order
/// and do not overlap (then that first entry is the one starting there, else the last one
/// starting before it, if it holds the position), by a search in order otherwise.
struct EntryAt<'a> {
    entries: &'a [Entry],
    ordered: bool,
}

impl<'a> EntryAt<'a> {
    fn new(entries: &'a [Entry]) -> Self {
        let ordered = entries
            .windows(2)
            .all(|w| w[0].span.start <= w[0].span.end && w[0].span.end <= w[1].span.start);
        EntryAt { entries, ordered }
    }

    fn find(&self, at: usize) -> Option<&'a Entry> {
        let holds = |e: &Entry| e.span.contains(&at) || e.span.start == at;
        if !self.ordered {
            return self.entries.iter().find(|e| holds(e));
        }
        let k = self.entries.partition_point(|e| e.span.start < at);
        match self.entries.get(k) {
            Some(e) if e.span.start == at => Some(e),
            _ => k
                .checked_sub(1)
                .map(|j| &self.entries[j])
                .filter(|e| holds(e)),
        }
    }
}

/// What an edit would add to `check` that is wrong rather than owed: the error-level findings of
/// `after` that `before` does not have (by code, incident and message) among the structure
/// (`MD…`), timestamp (`TIME…`) and follow-up (`PIR002` owner, `PIR003` due date) codes, and,
/// unless `allow_unknown`, a new `PIR007` (a category the categories table lacks) at any level.
/// Writes refuse these, so that the tool never writes what `check` then rejects; work still owed
/// (`PIR001` documentation, `PIR004` review, `SLA001`) does not block a write, nor does a
/// finding that was there before the edit.
///
/// ```
/// use incident_core::{Incident, Severity};
/// use incident_md::check::{CheckContext, new_errors};
/// use incident_md::{AddOptions, Document};
/// let before: Document = incident_md::render::canonical_template().parse().unwrap();
/// let now = "2026-03-02T10:00:00Z".parse().unwrap();
/// let mut after = before.clone();
/// let i = Incident::new("API down", Severity::Low, now);
/// after.add_incident(&i, &AddOptions::default()).unwrap();
/// after.add_incident(&i, &AddOptions::default()).unwrap();
/// let found = new_errors(&before, &after, &CheckContext::new(now), false);
/// assert!(found.iter().any(|f| f.code.as_str() == "MD007"));
/// ```
pub fn new_errors(
    before: &Document,
    after: &Document,
    ctx: &CheckContext,
    allow_unknown: bool,
) -> Vec<Finding> {
    added_errors(after, || before, ctx, allow_unknown)
}

/// [`new_errors`] with `before` given as its text, read as `after` is read (its zone and
/// dialect overrides): what an edit keeps instead of a copy of the whole document. The text is
/// parsed only when `after` has a finding that would block, which a log that passes `check`
/// never has; an edit on a log with errors does better with a [`Baseline`] taken before it.
///
/// ```
/// use incident_core::{Incident, Severity};
/// use incident_md::check::{CheckContext, new_errors_since};
/// use incident_md::{AddOptions, Document};
/// let mut doc: Document = incident_md::render::canonical_template().parse().unwrap();
/// let before = doc.to_string();
/// let now = "2026-03-02T10:00:00Z".parse().unwrap();
/// let i = Incident::new("API down", Severity::Low, now);
/// doc.add_incident(&i, &AddOptions::default()).unwrap();
/// assert!(new_errors_since(&before, &doc, &CheckContext::new(now), false).is_empty());
/// doc.add_incident(&i, &AddOptions::default()).unwrap();
/// let found = new_errors_since(&before, &doc, &CheckContext::new(now), false);
/// assert!(found.iter().any(|f| f.code.as_str() == "MD007"));
/// ```
pub fn new_errors_since(
    before: &str,
    after: &Document,
    ctx: &CheckContext,
    allow_unknown: bool,
) -> Vec<Finding> {
    let mut read = None;
    added_errors(
        after,
        || &*read.insert(after.reread(before.to_owned())),
        ctx,
        allow_unknown,
    )
}

/// The blocking findings of `after` that the document `before` gives does not have; `before`
/// is asked for only when there are some.
fn added_errors<'a>(
    after: &Document,
    before: impl FnOnce() -> &'a Document,
    ctx: &CheckContext,
    allow_unknown: bool,
) -> Vec<Finding> {
    let found = blocking_findings(after, ctx, allow_unknown);
    if found.is_empty() {
        return found;
    }
    Baseline::from_findings(blocking_findings(before(), ctx, allow_unknown)).added(found)
}

/// The findings that would block a write, taken from a document before an edit, to tell the
/// edit's own from those the log already had: [`new_errors`] without keeping the document
/// before the edit, or its text to read again.
///
/// Taking it costs one pass of the blocking checks over the document; telling afterwards costs
/// another over the edited one. [`new_errors_since`] spares the first pass on a log that passes
/// `check`, but reads the whole old text again whenever the log has an error, which a log kept
/// by hand often has: an edit then costs two parses.
///
/// ```
/// use incident_core::{Incident, Severity};
/// use incident_md::check::{Baseline, CheckContext};
/// use incident_md::{AddOptions, Document};
/// let mut doc: Document = incident_md::render::canonical_template().parse().unwrap();
/// let now = "2026-03-02T10:00:00Z".parse().unwrap();
/// let ctx = CheckContext::new(now);
/// let i = Incident::new("API down", Severity::Low, now);
/// doc.add_incident(&i, &AddOptions::default()).unwrap();
/// let before = Baseline::of(&doc, &ctx, false);
/// doc.add_incident(&i, &AddOptions::default()).unwrap();
/// let found = before.new_errors(&doc, &ctx, false);
/// assert!(found.iter().any(|f| f.code.as_str() == "MD007"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    /// Each blocking finding as it is compared: code, incident and message (spans move with
    /// the edit).
    seen: std::collections::HashSet<(Code, Option<String>, String)>,
}

impl Baseline {
    /// The blocking findings `doc` has now.
    pub fn of(doc: &Document, ctx: &CheckContext, allow_unknown: bool) -> Baseline {
        Baseline::from_findings(blocking_findings(doc, ctx, allow_unknown))
    }

    fn from_findings(found: Vec<Finding>) -> Baseline {
        Baseline {
            seen: found
                .into_iter()
                .map(|f| (f.code, f.incident, f.message))
                .collect(),
        }
    }

    /// Whether the document it was taken from had no blocking finding.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// The blocking findings of `after` that were not there when this was taken (what
    /// [`new_errors`] gives for the document this was taken from).
    pub fn new_errors(
        &self,
        after: &Document,
        ctx: &CheckContext,
        allow_unknown: bool,
    ) -> Vec<Finding> {
        self.added(blocking_findings(after, ctx, allow_unknown))
    }

    fn added(&self, found: Vec<Finding>) -> Vec<Finding> {
        found
            .into_iter()
            .filter(|f| {
                !self
                    .seen
                    .contains(&(f.code, f.incident.clone(), f.message.clone()))
            })
            .collect()
    }
}

/// The finding with the span of its subject within the entry.
fn locate(f: Finding, entry: &Entry) -> Finding {
    let span = subject_span(entry, &f.subject);
    f.with_span(span)
}

/// The span a subject points at: the field, the follow-up item, else the entry's heading.
fn subject_span(entry: &Entry, subject: &Subject) -> Range<usize> {
    let field = |name: FieldName| {
        entry
            .field(name)
            .map_or(entry.heading_span.clone(), |f| f.span.clone())
    };
    match subject {
        Subject::Field(label) => {
            FieldName::from_label(label).map_or(entry.heading_span.clone(), field)
        }
        Subject::FollowUp(i) => entry
            .follow_up_items
            .get(*i)
            .map_or_else(|| field(FieldName::FollowUpActions), |it| it.span.clone()),
        Subject::RelatedLog(_) => field(FieldName::RelatedLogs),
        _ => entry.heading_span.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use incident_core::{Code, Level, SiblingText};

    const LOG: &str = "# INCIDENTS.md\n\n## Incident: Webhooks failing\n\n### Severity: HIGH\n\n\
### Category: CLUSTER_FAILURE\n\n### Detected: 2026-03-10T11:50:00Z\n\n\
### Acknowledged: 2026-03-10T12:30:00Z\n\n### Lessons Learned:\nRetry.\n\n\
### Follow-up Actions:\n- [ ] Post-mortem review - @amy - 2026-03-20\n\n\
### Related Logs:\n- [alert](../logs/LOGS.md#no-such-alert)\n";

    fn now() -> DateTime<Utc> {
        "2026-03-10T13:00:00Z".parse().unwrap()
    }

    /// The text form reads `before` again only when needed, and finds what the document form
    /// finds: nothing for a clean edit, the new error but not the old one otherwise.
    #[test]
    fn new_errors_since_text_is_new_errors() {
        use crate::AddOptions;
        use incident_core::{Incident, Severity};
        let ctx = CheckContext::new(now());
        let twice = |doc: &mut Document, title: &str| {
            let i = Incident::new(title, Severity::Low, now());
            for _ in 0..2 {
                doc.add_incident(&i, &AddOptions::default()).unwrap();
            }
        };
        let mut before: Document = LOG.parse().unwrap();
        let mut after = before.clone();
        let i = Incident::new("Disk full", Severity::Low, now());
        after.add_incident(&i, &AddOptions::default()).unwrap();
        assert!(new_errors(&before, &after, &ctx, false).is_empty());
        assert!(
            Baseline::of(&before, &ctx, false)
                .new_errors(&after, &ctx, false)
                .is_empty()
        );
        assert!(new_errors_since(before.as_str(), &after, &ctx, false).is_empty());
        // An error already there (a duplicate), and a new one.
        twice(&mut before, "API down");
        let mut after = before.clone();
        twice(&mut after, "Queue stuck");
        let old = new_errors(&"".parse().unwrap(), &before, &ctx, false);
        assert!(
            old.iter().any(|f| f.code == Code::DuplicateIncident),
            "{old:#?}"
        );
        let found = new_errors(&before, &after, &ctx, false);
        assert_eq!(
            new_errors_since(before.as_str(), &after, &ctx, false),
            found
        );
        let baseline = Baseline::of(&before, &ctx, false);
        assert!(!baseline.is_empty());
        assert_eq!(baseline.new_errors(&after, &ctx, false), found);
        assert!(!found.is_empty());
        for f in &found {
            assert!(f.message.contains("Queue stuck"), "{f:?}");
        }
        // Read in the document's zone and dialect, as the document was.
        let zoned = before.clone().with_timezone(chrono_tz::Europe::Berlin);
        let mut after = zoned.clone();
        twice(&mut after, "Queue stuck");
        assert_eq!(
            new_errors_since(zoned.as_str(), &after, &ctx, false),
            new_errors(&zoned, &after, &ctx, false)
        );
    }

    fn find(findings: &[Finding], code: Code) -> &Finding {
        findings
            .iter()
            .find(|f| f.code == code)
            .unwrap_or_else(|| panic!("no {code} in {findings:#?}"))
    }

    #[test]
    fn sla_and_siblings_with_spans() {
        let doc: Document = LOG.parse().unwrap();
        let mut siblings = Siblings::default();
        siblings.logs = Some(logs_summary("LOGS.md", "# Logs\n\n## Disk alert\n"));
        siblings.troubleshooting = Some(SiblingText::new("TROUBLESHOOTING.md", "nothing\n"));
        siblings.memory = Some(SiblingText::new("MEMORY.md", "nothing\n"));
        let f = check_document(&doc, &CheckContext::new(now()).with_siblings(siblings));
        let at = |f: &Finding| &LOG[f.span.clone().unwrap()];
        let sla = find(&f, Code::ResponseBreached);
        assert_eq!(sla.level, Level::Warning);
        assert!(at(sla).starts_with("### Detected:"), "{}", at(sla));
        assert!(
            sla.message
                .starts_with("HIGH response was due 2026-03-10T12:05:00Z")
        );
        let sib1 = find(&f, Code::RelatedLogMissing);
        assert!(at(sib1).starts_with("### Related Logs:"));
        assert!(at(find(&f, Code::TroubleshootingMissing)).starts_with("### Category:"));
        assert!(at(find(&f, Code::MemoryMissing)).starts_with("### Lessons Learned:"));
        assert!(
            f.iter()
                .all(|f| f.incident.as_deref() == Some("2026-03-10-webhooks-failing"))
        );
        let starts: Vec<usize> = f.iter().map(|f| f.span.clone().unwrap().start).collect();
        assert!(starts.is_sorted(), "{starts:?}");
        // Without sibling files their checks are skipped.
        let f = check_document(&doc, &CheckContext::new(now()));
        assert!(f.iter().all(|f| !f.code.as_str().starts_with("SIB")));
    }

    #[test]
    fn follow_ups_are_reported_once_as_requirements() {
        let text = LOG.replace(" - @amy - 2026-03-20", "");
        let doc: Document = text.parse().unwrap();
        let f = check_document(&doc, &CheckContext::new(now()));
        let codes: Vec<&str> = f.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(
            codes.iter().filter(|c| **c == "PIR002").count(),
            1,
            "{codes:?}"
        );
        assert_eq!(
            codes.iter().filter(|c| **c == "PIR003").count(),
            1,
            "{codes:?}"
        );
        assert!(doc.log().diagnostics.is_empty());
        let owner = find(&f, Code::FollowUpOwner);
        assert_eq!(
            &text[owner.span.clone().unwrap()],
            "- [ ] Post-mortem review"
        );
    }

    #[test]
    fn time001_for_a_hand_written_violation() {
        let text = LOG.replace("12:30:00Z", "11:00:00Z");
        let doc: Document = text.parse().unwrap();
        let f = check_document(&doc, &CheckContext::new(now()));
        let t = find(&f, Code::TimestampOrder);
        assert_eq!(t.level, Level::Error);
        assert_eq!(
            t.message,
            "acknowledged at 2026-03-10T11:00:00Z, before it was detected (2026-03-10T11:50:00Z)"
        );
        assert!(text[t.span.clone().unwrap()].starts_with("### Acknowledged: 2026-03-10T11:00"));
        assert!(
            check_document(&LOG.parse().unwrap(), &CheckContext::new(now()))
                .iter()
                .all(|f| f.code != Code::TimestampOrder)
        );
    }

    #[test]
    fn doctor_damage_is_reported_once_at_its_level() {
        let entry = "## Incident: Disk full\n\n### ID: disk\n\n### Severity: LOW\n\n\
### Detected: 2026-03-02T10:00:00Z\n\n### Description:\nFull.\n<what happened>\n";
        let text = format!(
            "# INCIDENTS.md \u{e2}\u{20ac}\u{201d} Log\n\n## Last Incident: None Recorded\n\n\
{entry}\n---\n\n{entry}"
        );
        let doc: Document = text.parse().unwrap();
        let f = check_document(&doc, &CheckContext::new(now()));
        let codes: Vec<&str> = f.iter().map(|f| f.code.as_str()).collect();
        for code in ["GIT003", "GIT005", "GIT006", "GIT007"] {
            assert!(codes.contains(&code), "{code} missing from {codes:?}");
        }
        // The repeat is GIT005; its written ID is not reported again as MD013.
        assert!(!codes.contains(&"MD013"), "{codes:?}");
        assert_eq!(codes.iter().filter(|c| **c == "GIT005").count(), 1);
        assert_eq!(find(&f, Code::Mojibake).level, Level::Warning);
        assert_eq!(find(&f, Code::RepeatedEntry).level, Level::Error);
        let placeholder = find(&f, Code::LeftoverPlaceholder);
        assert_eq!(&text[placeholder.span.clone().unwrap()], "<what happened>");
        assert_eq!(placeholder.incident.as_deref(), Some("disk"));
        // Two different entries with one ID stay MD013, from the reading alone.
        let other = text.replacen("Full.", "Quite full.", 1);
        let f = check_document(&other.parse().unwrap(), &CheckContext::new(now()));
        assert_eq!(f.iter().filter(|f| f.code == Code::DuplicateId).count(), 1);
        assert!(f.iter().all(|f| f.code != Code::RepeatedEntry));
    }

    /// The entry search by position finds what the search in order found, for every position
    /// of logs with entries back to back, apart, empty and (out of order) overlapping.
    #[test]
    fn entry_at_is_the_first_entry_in_order() {
        let doc: Document = LOG.parse().unwrap();
        let entry = |span: Range<usize>| {
            let mut e = doc.incidents()[0].clone();
            e.span = span;
            e
        };
        let layouts: Vec<Vec<Range<usize>>> = vec![
            vec![],
            vec![5..9],
            vec![0..4, 4..9, 9..9, 9..12, 15..20],
            vec![3..3, 3..3, 3..7, 10..10],
            vec![2..8, 4..6],
            vec![6..9, 1..3],
        ];
        for spans in layouts {
            let entries: Vec<Entry> = spans.iter().cloned().map(entry).collect();
            let at = EntryAt::new(&entries);
            for pos in 0..25 {
                let by_search = entries
                    .iter()
                    .position(|e| e.span.contains(&pos) || e.span.start == pos);
                let found = at
                    .find(pos)
                    .map(|e| entries.iter().position(|x| std::ptr::eq(x, e)).unwrap());
                assert_eq!(found, by_search, "{spans:?} at {pos}");
            }
        }
    }

    /// Code keys order as the codes' texts, which fit in them.
    #[test]
    fn code_keys_order_as_code_texts() {
        for a in Code::ALL {
            assert!(a.as_str().len() <= 8 && !a.as_str().contains('\0'), "{a}");
            for b in Code::ALL {
                assert_eq!(
                    code_key(a).cmp(&code_key(b)),
                    a.as_str().cmp(b.as_str()),
                    "{a} {b}"
                );
            }
        }
    }

    proptest::proptest! {
        /// The cached-key sort orders findings as the comparator on position and code text
        /// did, equal ones in their order.
        #[test]
        fn sort_is_the_position_and_code_comparator(
            found in proptest::collection::vec(
                (proptest::option::of(0usize..6), 0usize..Code::ALL.len(), 0u8..4),
                0..40,
            ),
        ) {
            let findings: Vec<Finding> = found
                .iter()
                .map(|(start, code, tag)| {
                    let f = Finding::new(Code::ALL[*code], format!("{tag}"), None);
                    match start {
                        Some(s) => f.with_span(*s..*s + 1),
                        None => f,
                    }
                })
                .collect();
            let mut old = findings.clone();
            old.sort_by(|a, b| {
                let key = |f: &Finding| (f.start(), f.code.as_str());
                key(a).cmp(&key(b))
            });
            let mut new = findings;
            sort_findings(&mut new);
            proptest::prop_assert_eq!(new, old);
        }
    }
}
