//! A structural three-way merge of two versions of a log, for git's merge driver.
//!
//! The approach is gnulib's `git-merge-changelog`: entries are matched between the base, ours and
//! theirs by identity (the written `ID`, else the derived one), so entries added on both sides
//! are all kept and placed by the file's order rule; an entry changed on both sides is merged
//! field by field, and list fields item by item; conflicts are marked around the one field
//! that both sides changed differently, and named in a comment at the top of the file. The
//! text outside incidents (title, policy sections, footer) is merged line by line with
//! `git merge-file`'s rules.
//!
//! ```
//! use incident_md::Document;
//! use incident_md::merge::{MergeOptions, merge};
//!
//! let base: Document = "# Log\n\n## Incident: A\n\n### ID: a\n\n### Severity: LOW\n\n### Detected: 2026-01-01T00:00:00Z\n\n### Impact:\nnone\n".parse().unwrap();
//! let ours: Document = base.as_str().replace("### Severity: LOW", "### Severity: HIGH").parse().unwrap();
//! let theirs: Document = base.as_str().replace("none\n", "users\n").parse().unwrap();
//! let out = merge(&base, &ours, &theirs, &MergeOptions::default());
//! assert!(out.conflicts.is_empty());
//! assert!(out.text.contains("### Severity: HIGH") && out.text.contains("users"));
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::{DateTime, Utc};
use incident_core::{Incident, Severity};

use crate::render::line_ending;
use crate::view::{Entry, base_id, free_id};
use crate::{Document, FieldName, Order};

mod entry;
mod lines;
pub(crate) mod markers;

pub(crate) use lines::split_lines as lines_of;
pub use markers::SUMMARY_PREFIX;

/// How conflicts are marked, as git's `merge.conflictStyle` says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, strum::Display, strum::EnumString)]
#[strum(serialize_all = "lowercase", ascii_case_insensitive)]
#[non_exhaustive]
pub enum ConflictStyle {
    /// `<<<<<<< ours`, `=======`, `>>>>>>> theirs`.
    #[default]
    Merge,
    /// Also the base, after `||||||| base`.
    Diff3,
    /// Like diff3, with the lines both sides share at the start and end moved out of the
    /// markers.
    #[strum(serialize = "zdiff3")]
    ZDiff3,
}

/// Options of [`merge`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MergeOptions {
    /// The length of conflict markers (git's `%L`, 7 by default).
    pub marker_size: usize,
    /// How conflicts are marked.
    pub style: ConflictStyle,
    /// The log's entry order; `None` reads it from ours (oldest first when its first dated
    /// entry is older than its last).
    pub order: Option<Order>,
}

impl Default for MergeOptions {
    fn default() -> Self {
        MergeOptions {
            marker_size: 7,
            style: ConflictStyle::Merge,
            order: None,
        }
    }
}

impl MergeOptions {
    /// Options with this marker size and style.
    pub fn new(marker_size: usize, style: ConflictStyle) -> Self {
        MergeOptions {
            marker_size: marker_size.max(1),
            style,
            order: None,
        }
    }
}

/// What a conflict is about.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConflictPart {
    /// The entry's heading (its title).
    Title,
    /// A field, by its label as written.
    Field(String),
    /// One side removed the entry, the other changed it.
    RemovedAndChanged,
    /// Both sides changed the entry where it cannot be merged field by field: text no field
    /// holds, or an entry in a team's format whose fields the seed's reader does not split.
    Entry,
    /// Text outside incidents, at this line of the merged text (1-based).
    Text {
        /// The line of the `<<<<<<<` marker.
        line: usize,
    },
}

/// One conflict of a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Conflict {
    /// The incident it is in, when it is in one.
    pub id: Option<String>,
    /// What it is about.
    pub part: ConflictPart,
}

impl fmt::Display for Conflict {
    /// `2026-03-02-api-outage (Impact)`, `line 12 (outside incidents)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = self.id.as_deref().unwrap_or("");
        match &self.part {
            ConflictPart::Title => write!(f, "{id} (title)"),
            ConflictPart::Field(label) => write!(f, "{id} ({label})"),
            ConflictPart::RemovedAndChanged => {
                write!(f, "{id} (removed on one side, changed on the other)")
            }
            ConflictPart::Entry => write!(f, "{id} (the entry, changed on both sides)"),
            ConflictPart::Text { line } => write!(f, "line {line} (outside incidents)"),
        }
    }
}

/// What [`merge`] produced.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MergeOutcome {
    /// The merged file.
    pub text: String,
    /// The conflicts marked in it, in no particular order; empty for a clean merge.
    pub conflicts: Vec<Conflict>,
    /// Incidents both sides created with one ID: theirs was given a new one, `(old, new)`.
    pub renamed_ids: Vec<(String, String)>,
    /// IDs of entries that have no written ID on some side, and so were matched by their
    /// derived ID (their date and title), as gnulib matches ChangeLog entries by content.
    pub matched_by_content: Vec<String>,
}

impl MergeOutcome {
    /// Whether the merge has no conflicts.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }
}

/// One version's layout: where its entries start and end (both at the place a first entry would
/// go when it has none).
fn layout(doc: &Document) -> (usize, usize) {
    match (doc.incidents().first(), doc.incidents().last()) {
        (Some(f), Some(l)) => (f.span.start, l.span.end),
        _ => {
            let probe = Incident::new("x", Severity::Low, DateTime::<Utc>::MAX_UTC);
            let at = doc.slot(&probe, "", Order::NewestFirst).at;
            (at, at)
        }
    }
}

/// The text outside entries, before (`prefix`) or after them, with the `## Last Incident:`
/// value replaced by `li` so that it never conflicts (it is recomputed).
fn outside(doc: &Document, range: std::ops::Range<usize>, li: &str) -> String {
    let mut s = doc.as_str()[range.clone()].to_owned();
    if let Some(l) = &doc.log().last_incident
        && range.start <= l.text_span.start
        && l.text_span.end <= range.end
    {
        s.replace_range(
            l.text_span.start - range.start..l.text_span.end - range.start,
            li,
        );
    }
    s
}

fn last_incident_text(doc: &Document) -> Option<&str> {
    doc.log()
        .last_incident
        .as_ref()
        .map(|l| &doc.as_str()[l.text_span.clone()])
}

/// Line-level three-way merge of text outside incidents; conflicts are counted in `conflicts`.
fn merge_text(
    base: &str,
    ours: &str,
    theirs: &str,
    options: &MergeOptions,
    eol: &str,
    conflicts: &mut usize,
) -> String {
    let (b, o, t) = (
        lines::split_lines(base),
        lines::split_lines(ours),
        lines::split_lines(theirs),
    );
    let mut out = String::new();
    for chunk in lines::merge3(&b, &o, &t) {
        match chunk {
            lines::Chunk::Clean(ls) => ls.iter().for_each(|l| out.push_str(l)),
            lines::Chunk::Conflict { ours, base, theirs } => {
                *conflicts += 1;
                markers::write_conflict(
                    &mut out,
                    &ours.concat(),
                    &base.concat(),
                    &theirs.concat(),
                    options,
                    eol,
                    true,
                );
            }
        }
    }
    out
}

/// The order of ours: oldest first when its first dated entry is older than its last.
fn order_of(doc: &Document) -> Order {
    let dated: Vec<_> = doc
        .incidents()
        .iter()
        .filter_map(|e| e.incident.as_ref().map(|i| i.detected))
        .collect();
    match (dated.first(), dated.last()) {
        (Some(a), Some(b)) if a < b => Order::OldestFirst,
        _ => Order::NewestFirst,
    }
}

/// Whether text between two entries is only a separator (blank lines and thematic breaks).
pub(crate) fn separator_only(gap: &str) -> bool {
    gap.lines()
        .all(|l| matches!(l.trim(), "" | "---" | "***" | "___" | "- - -" | "* * *"))
}

/// `text` without the separator lines it ends with, and those lines.
fn split_trailing_separator(text: String) -> (String, String) {
    let lines = lines::split_lines(&text);
    let keep = lines
        .iter()
        .rposition(|l| !separator_only(l))
        .map_or(0, |k| k + 1);
    let at: usize = lines[..keep].iter().map(|l| l.len()).sum();
    (text[..at].to_owned(), text[at..].to_owned())
}

/// The separator lines `text` starts with, and the rest.
fn split_leading_separator(text: String) -> (String, String) {
    let lines = lines::split_lines(&text);
    let skip = lines
        .iter()
        .position(|l| !separator_only(l))
        .unwrap_or(lines.len());
    let at: usize = lines[..skip].iter().map(|l| l.len()).sum();
    (text[..at].to_owned(), text[at..].to_owned())
}

/// Ours from its first entry to the end of its last, each entry replaced by its merged text or
/// removed; everything between entries stays as ours has it, except the separator that goes
/// with a removed entry (the one after it, else the one before it).
fn middle(os: &str, entries: &[Entry], kept: &[(usize, String)]) -> String {
    let mut out = String::new();
    let Some(first) = entries.first() else {
        return out;
    };
    let mut cursor = first.span.start;
    let mut kept = kept.iter().peekable();
    for (k, e) in entries.iter().enumerate() {
        let gap_before = &os[cursor..e.span.start];
        if let Some((_, text)) = kept.next_if(|(i, _)| *i == k) {
            out.push_str(gap_before);
            out.push_str(text);
            cursor = e.span.end;
            continue;
        }
        match entries.get(k + 1) {
            Some(next) if separator_only(&os[e.span.end..next.span.start]) => {
                out.push_str(gap_before);
                cursor = next.span.start;
            }
            _ => {
                if !separator_only(gap_before) {
                    out.push_str(gap_before);
                }
                cursor = e.span.end;
            }
        }
    }
    out
}

/// An entry waiting to be placed among ours: its text, and the incident that places it.
struct Pending {
    text: String,
    clean: String,
    incident: Incident,
}

fn pending(src: &str, e: &Entry, text: String) -> Pending {
    let clean = src[e.span.clone()].to_owned();
    let incident = e
        .incident
        .clone()
        .unwrap_or_else(|| Incident::new(e.title.clone(), Severity::Low, DateTime::<Utc>::MAX_UTC));
    Pending {
        text,
        clean,
        incident,
    }
}

/// Three-way merge of `ours` and `theirs`, both derived from `base`. See the [module](self)
/// documentation for the rules.
pub fn merge(
    base: &Document,
    ours: &Document,
    theirs: &Document,
    options: &MergeOptions,
) -> MergeOutcome {
    let eol = line_ending(ours.as_str());
    let (bs, os, ts) = (base.as_str(), ours.as_str(), theirs.as_str());
    let index = |d: &Document| -> HashMap<String, usize> {
        d.incidents()
            .iter()
            .enumerate()
            .map(|(k, e)| (e.id.clone(), k))
            .collect()
    };
    let (bi, oi, ti) = (index(base), index(ours), index(theirs));
    let mut conflicts = Vec::new();
    let mut renamed_ids = Vec::new();
    let mut matched_by_content: Vec<String> = Vec::new();
    let mut note_match = |id: &str, es: &[Option<&Entry>]| {
        if es.iter().flatten().count() > 1 && es.iter().flatten().any(|e| !e.id_written) {
            matched_by_content.push(id.to_owned());
        }
    };
    let mut taken: HashSet<String> = bi
        .keys()
        .chain(oi.keys())
        .chain(ti.keys())
        .cloned()
        .collect();

    // Ours' entries, in ours' order, merged with their other versions.
    let mut kept: Vec<(usize, String)> = Vec::new();
    let mut to_place: Vec<Pending> = Vec::new();
    for (k, o) in ours.incidents().iter().enumerate() {
        let b = bi.get(&o.id).map(|&i| &base.incidents()[i]);
        let t = ti.get(&o.id).map(|&i| &theirs.incidents()[i]);
        note_match(&o.id, &[b, Some(o), t]);
        let otext = &os[o.span.clone()];
        match (b, t) {
            (Some(b), Some(t)) => {
                let m = entry::merge_entry((bs, b), (os, o), (ts, t), options, eol);
                conflicts.extend(m.conflicts.into_iter().map(|part| Conflict {
                    id: Some(o.id.clone()),
                    part,
                }));
                kept.push((k, m.text));
            }
            (Some(b), None) => {
                // Theirs removed it: gone, unless ours changed it.
                if &bs[b.span.clone()] != otext {
                    let mut text = String::new();
                    markers::write_conflict(
                        &mut text,
                        otext,
                        &bs[b.span.clone()],
                        "",
                        options,
                        eol,
                        false,
                    );
                    conflicts.push(Conflict {
                        id: Some(o.id.clone()),
                        part: ConflictPart::RemovedAndChanged,
                    });
                    kept.push((k, text));
                }
            }
            (None, Some(t)) if &ts[t.span.clone()] != otext => {
                // Both sides created an incident with this ID: both are kept, theirs renamed.
                kept.push((k, otext.to_owned()));
                let new = free_id(
                    &base_id(&t.title, t.incident.as_ref().map(|i| i.detected)),
                    |id| taken.contains(id),
                );
                taken.insert(new.clone());
                let text = renamed(ts, t, &new, eol);
                renamed_ids.push((t.id.clone(), new));
                to_place.push(Pending {
                    clean: text.clone(),
                    ..pending(ts, t, text)
                });
            }
            _ => kept.push((k, otext.to_owned())),
        }
    }
    // Theirs' entries that ours does not have: new ones, and ones ours removed.
    for t in theirs.incidents() {
        if oi.contains_key(&t.id) {
            continue;
        }
        let ttext = &ts[t.span.clone()];
        match bi.get(&t.id).map(|&i| &base.incidents()[i]) {
            None => to_place.push(pending(ts, t, ttext.to_owned())),
            Some(b) if &bs[b.span.clone()] != ttext => {
                note_match(&t.id, &[Some(b), Some(t)]);
                let mut text = String::new();
                markers::write_conflict(
                    &mut text,
                    "",
                    &bs[b.span.clone()],
                    ttext,
                    options,
                    eol,
                    false,
                );
                conflicts.push(Conflict {
                    id: Some(t.id.clone()),
                    part: ConflictPart::RemovedAndChanged,
                });
                to_place.push(pending(ts, t, text));
            }
            Some(_) => {}
        }
    }

    // The text around the entries, merged line by line.
    let li = last_incident_text(base)
        .or(last_incident_text(ours))
        .unwrap_or("")
        .to_owned();
    // Each version is prefix, separator, entries, separator, tail. The separators around the
    // entries are left out of the line merge: a side that removed its last entry, or logged its
    // first, moved them, which is no change of the text around.
    let around = |d: &Document| {
        let (start, end) = layout(d);
        let (prefix, before) = split_trailing_separator(outside(d, 0..start, &li));
        let (after, tail) = split_leading_separator(outside(d, end..d.as_str().len(), &li));
        (prefix, before, after, tail)
    };
    let (b, o, t) = (around(base), around(ours), around(theirs));
    let mut text_conflicts = 0;
    let mut text = merge_text(&b.0, &o.0, &t.0, options, eol, &mut text_conflicts);
    let entries = middle(os, ours.incidents(), &kept);
    if !entries.is_empty() {
        text.push_str(&o.1);
        text.push_str(&entries);
        text.push_str(&o.2);
    } else {
        // Without entries, the text a version without entries has there.
        let empty = [&t, &b]
            .into_iter()
            .zip([theirs, base])
            .find(|(_, d)| d.incidents().is_empty())
            .map_or((o.1.clone(), String::new()), |(v, _)| {
                (v.1.clone(), v.2.clone())
            });
        text.push_str(&empty.0);
        text.push_str(&empty.1);
    }
    text.push_str(&merge_text(
        &b.3,
        &o.3,
        &t.3,
        options,
        eol,
        &mut text_conflicts,
    ));

    // New entries go where the file's order rule puts them.
    let order = options.order.unwrap_or_else(|| order_of(ours));
    let mut doc = Document::from_source(text);
    for p in &to_place {
        let slot = doc.slot(&p.incident, &p.clean, order);
        let insert = slot.text.replacen(&p.clean, &p.text, 1);
        doc.splice(slot.at..slot.at, &insert);
    }
    // `## Last Incident:` as a side changed it, recomputed when both did or both added entries.
    if let Some(l) = doc.log().last_incident.clone() {
        let (b, o, t) = (
            last_incident_text(base),
            last_incident_text(ours),
            last_incident_text(theirs),
        );
        let both_added = ours.incidents().iter().any(|e| !bi.contains_key(&e.id))
            && theirs.incidents().iter().any(|e| !bi.contains_key(&e.id));
        let picked = if both_added || (o != t && o != b && t != b) {
            None
        } else if o == b {
            t
        } else {
            o
        };
        match picked {
            Some(v) if o.is_some() || t.is_some() => {
                doc.splice(l.text_span, v);
            }
            _ => {
                doc.update_last_incident();
            }
        }
    }
    let mut text = doc.as_str().to_owned();
    if text_conflicts > 0 {
        // Text conflicts are the marker lines outside every entry.
        let marker: String = "<".repeat(options.marker_size);
        let mut at = 0;
        for (n, line) in lines::split_lines(&text).into_iter().enumerate() {
            let inside = doc.incidents().iter().any(|e| e.span.contains(&at));
            if !inside
                && line
                    .strip_prefix(marker.as_str())
                    .is_some_and(|r| r.starts_with(' '))
            {
                conflicts.push(Conflict {
                    id: None,
                    part: ConflictPart::Text { line: n + 2 },
                });
            }
            at += line.len();
        }
    }
    if !conflicts.is_empty() {
        let names: Vec<String> = conflicts.iter().map(ToString::to_string).collect();
        let n = conflicts.len();
        let summary = format!(
            "{SUMMARY_PREFIX} {n} conflict{}: {} -->{eol}",
            if n == 1 { "" } else { "s" },
            names.join(", ").replace("--", "- -")
        );
        let at = if text.starts_with('\u{feff}') { 3 } else { 0 };
        text.insert_str(at, &summary);
    }
    matched_by_content.sort();
    matched_by_content.dedup();
    MergeOutcome {
        text,
        conflicts,
        renamed_ids,
        matched_by_content,
    }
}

/// Their entry `e` with its written ID (or, without one, a new `ID` field under its heading)
/// set to `new`.
fn renamed(src: &str, e: &Entry, new: &str, eol: &str) -> String {
    let start = e.span.start;
    let mut text = src[e.span.clone()].to_owned();
    match e.field(FieldName::Id) {
        Some(f) if e.id_written => {
            text.replace_range(f.inline.start - start..f.inline.end - start, new);
        }
        _ => {
            let hashes = "#".repeat(usize::from(e.level) + 1);
            let at = e.heading_span.end - start;
            text.insert_str(
                at,
                &format!("{eol}{eol}{hashes} {}: {new}", FieldName::Id.label()),
            );
        }
    }
    text
}
