//! Damage a log picks up from tools and merges, found and repaired by minimal splices: text that
//! is UTF-8 read as Windows-1252 (mojibake), mixed line endings, conflict markers (resolved by
//! the structural merge where it can) and merge summaries left in the file, the same entry twice
//! after a line-based (`union`) merge, two different entries with one written ID, a
//! `## Last Incident:` that is not true, incidents out of the file's order, entries typed inside
//! the template's code fence, and placeholder lines left in fields that have text.
//!
//! Each [`Repair`](crate::doctor::Repair) is a shared [`Finding`](incident_core::Finding) (the
//! codes are in [`Code`](incident_core::Code)'s registry) and its plan:
//! the splices that repair it, or none when a person has to.
//!
//! ```
//! use incident_core::Code;
//! use incident_md::Document;
//! use incident_md::doctor::{DoctorOptions, examine, repair};
//!
//! let doc: Document = "# INCIDENTS.md \u{e2}\u{20ac}\u{201d} Log\n".parse().unwrap();
//! let options = DoctorOptions::default();
//! assert_eq!(examine(&doc, &options)[0].finding.code, Code::Mojibake);
//! assert_eq!(repair(&doc, &options).document.as_str(), "# INCIDENTS.md \u{2014} Log\n");
//! ```

use std::ops::Range;

use incident_core::{Code, Finding, Order};

use crate::Document;

mod conflicts;
mod entries;
mod fence;
mod order;
mod text;

/// What [`examine`] and [`repair`] need to know beyond the log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DoctorOptions {
    /// The log's entry order (`order` in `.incident.toml`); `None` reads it from the file
    /// (oldest first when more neighbouring entries go up in time than down, else newest
    /// first).
    pub order: Option<Order>,
}

impl DoctorOptions {
    /// Options with this entry order.
    pub fn with_order(order: Option<Order>) -> Self {
        DoctorOptions { order }
    }
}

/// One replacement of bytes of the log: part of a repair plan.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Splice {
    /// The bytes replaced (empty for an insertion).
    pub range: Range<usize>,
    /// What they are replaced with.
    pub text: String,
}

impl Splice {
    fn new(range: Range<usize>, text: impl Into<String>) -> Splice {
        Splice {
            range,
            text: text.into(),
        }
    }
}

/// One thing found, and how it is repaired.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Repair {
    /// What is wrong, where (its span is always set).
    pub finding: Finding,
    /// Whether [`repair`] fixes it.
    pub fixable: bool,
    /// The splices that fix it, all or none applied; empty when it is not fixable, and for a
    /// stale `## Last Incident:` (rewritten from what the other repairs leave).
    pub plan: Vec<Splice>,
    /// Whether the repair is rewriting `## Last Incident:`.
    recompute_last_incident: bool,
}

impl Repair {
    /// A finding that a person has to repair.
    fn report(code: Code, message: impl Into<String>, span: Range<usize>) -> Repair {
        Repair {
            finding: Finding::new(code, message, span),
            fixable: false,
            plan: Vec::new(),
            recompute_last_incident: false,
        }
    }

    /// A finding that `plan` repairs.
    fn fix(
        code: Code,
        message: impl Into<String>,
        span: Range<usize>,
        plan: Vec<Splice>,
    ) -> Repair {
        Repair {
            fixable: true,
            plan,
            ..Repair::report(code, message, span)
        }
    }

    fn about(mut self, id: &str) -> Repair {
        self.finding.incident = Some(id.to_owned());
        self
    }

    /// Where it is (the start of its span).
    pub fn offset(&self) -> usize {
        self.finding.span.as_ref().map_or(0, |s| s.start)
    }
}

/// What [`repair`] did.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Repaired {
    /// The repaired log.
    pub document: Document,
    /// The repairs of the given log that were applied (some repairs make others possible, so
    /// [`repair`] repeats until nothing fixable is left; those later ones are not listed).
    pub applied: Vec<Repair>,
    /// What [`examine`] finds in the repaired log: what is left for a person.
    pub remaining: Vec<Repair>,
}

fn all(doc: &Document, options: &DoctorOptions) -> Vec<Repair> {
    let mut out = Vec::new();
    text::mojibake(doc.as_str(), &mut out);
    text::line_endings(doc.as_str(), &mut out);
    entries::duplicates(doc, &mut out);
    entries::duplicate_ids(doc, &mut out);
    entries::placeholders(doc, &mut out);
    let order = options.order.unwrap_or_else(|| order::file_order(doc));
    // Entries between conflict markers are not in any order yet.
    let marked = doc
        .log()
        .diagnostics
        .iter()
        .any(|d| d.code == crate::Code::ConflictMarkers);
    if !marked {
        order::out_of_order(doc, order, &mut out);
    }
    fence::fenced_entries(doc, order, &mut out);
    conflicts::conflicts(doc, order, &mut out);
    entries::last_incident(doc, &mut out);
    out.sort_by_key(|r| {
        let s = r.finding.span.clone().unwrap_or_default();
        (s.start, s.end)
    });
    out
}

/// The findings of this module that the reading of a document does not report itself, for
/// `check`: mojibake (`GIT003`), mixed line endings (`GIT004`), a repeated entry (`GIT005`), a
/// stale `## Last Incident:` (`GIT006`), a leftover placeholder (`GIT007`) and an entry inside
/// the template's fence (`GIT008`). Conflict markers, the merge summary, written IDs twice and
/// the order (`GIT001`, `GIT002`, `MD013`, `MD017`) the reading reports already.
pub(crate) fn damage(doc: &Document) -> Vec<Finding> {
    let mut out = Vec::new();
    text::mojibake(doc.as_str(), &mut out);
    text::line_endings(doc.as_str(), &mut out);
    entries::duplicates(doc, &mut out);
    entries::placeholders(doc, &mut out);
    fence::fenced_entries(doc, order::file_order(doc), &mut out);
    entries::last_incident(doc, &mut out);
    out.into_iter().map(|r| r.finding).collect()
}

/// The repeated entries (`GIT005`) of [`damage`] alone: what the check a write runs needs of
/// it (to leave out a repeat's `MD013`), none of its codes blocking a write.
pub(crate) fn repeated_entries(doc: &Document) -> Vec<Finding> {
    let mut out = Vec::new();
    entries::duplicates(doc, &mut out);
    out.into_iter().map(|r| r.finding).collect()
}

/// Everything this module finds in `doc`, in file order.
pub fn examine(doc: &Document, options: &DoctorOptions) -> Vec<Repair> {
    all(doc, options)
}

/// Whether two splices touch the same bytes (two insertions at one place count: their order
/// would be arbitrary).
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || (a.start == b.start && (a.is_empty() || b.is_empty()))
}

/// Applies the plans that do not overlap one applied before them.
fn apply(doc: &Document, found: Vec<Repair>) -> (Document, Vec<Repair>) {
    let mut splices: Vec<&Splice> = Vec::new();
    let mut applied = Vec::new();
    let mut last_incident = false;
    for r in &found {
        if !r.fixable
            || r.plan
                .iter()
                .any(|s| splices.iter().any(|t| overlaps(&s.range, &t.range)))
        {
            continue;
        }
        splices.extend(&r.plan);
        last_incident |= r.recompute_last_incident;
        applied.push(r.clone());
    }
    splices.sort_by_key(|s| (s.range.start, s.range.end));
    let mut text = doc.as_str().to_owned();
    for s in splices.into_iter().rev() {
        text.replace_range(s.range.clone(), &s.text);
    }
    let mut out = doc.reread(text);
    if last_incident {
        out.update_last_incident();
    }
    (out, applied)
}

/// `doc` with every fixable finding repaired by splices (everything else byte-identical).
/// Repairs are repeated until none is left to make (at most a few rounds): resolving conflict
/// markers can leave an entry out of order, and overlapping plans wait for the next round.
pub fn repair(doc: &Document, options: &DoctorOptions) -> Repaired {
    let (mut document, applied) = apply(doc, all(doc, options));
    let mut remaining = all(&document, options);
    for _ in 0..4 {
        if !remaining.iter().any(|r| r.fixable) {
            break;
        }
        let (next, done) = apply(&document, remaining);
        let changed = next.as_str() != document.as_str();
        document = next;
        remaining = all(&document, options);
        if done.is_empty() || !changed {
            break;
        }
    }
    Repaired {
        document,
        applied,
        remaining,
    }
}
