//! The typed view of a log: title, policy, template, incidents and diagnostics.
//!
//! Everything here is read from the block structure in one pass over the headings; every value
//! keeps the byte span it came from, so edits can splice exactly there.

use incident_core::lines::TrimWs as _;
use std::ops::Range;

use incident_core::{EscalationTrigger, LineIndex, Policy, Requirement};

use crate::anchor::{AnchorSet, slug};
use crate::blocks::{Block, BlockKind};
use crate::diagnostic::{Code, Diagnostic};
use crate::dialect::Dialect;
use crate::field::FieldName;

use entry::read_entry;
use ids::{assign_ids, flag_duplicates};
use policy::{list_texts, read_categories, read_severity_table};
use template::read_template;

pub(crate) mod clock;
mod entry;
mod ids;
pub(crate) mod incident;
mod lenient;
mod policy;
mod template;
pub(crate) mod text;

pub use entry::{Entry, Field, FieldStyle};
pub(crate) use entry::{content_indent, entry_marker};
pub(crate) use ids::{base_id, free_id};
pub(crate) use lenient::{is_sentence_follow_up, sentence_follow_up};
pub use template::{Template, TemplateField};

/// The typed view of an INCIDENTS.md.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Log {
    /// The text of the first level-1 heading, and its span.
    pub title: Option<(String, Range<usize>)>,
    /// The `## Last Incident:` heading.
    pub last_incident: Option<LastIncident>,
    /// The policy the file states; `Policy::default()` parts where a section is missing.
    pub policy: Policy,
    /// The entry template: fields and their order for new entries.
    pub template: Template,
    /// Every incident entry, in document order.
    pub incidents: Vec<Entry>,
    /// Every section that is not an incident, by heading, in document order.
    pub sections: Vec<Section>,
    /// What is malformed.
    pub diagnostics: Vec<Diagnostic>,
    /// How the file writes its entries, learned from it ([`crate::dialect`]).
    pub dialect: Dialect,
    /// The heading starts of the entries whose reading reported nothing of its own: what a
    /// re-read after an edit may take over ([`crate::reuse`]).
    pub(crate) clean: crate::hash::FxHashSet<usize>,
}

/// The `## Last Incident: …` heading.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LastIncident {
    /// What follows `Last Incident:`.
    pub text: String,
    /// The span of that text (what an update replaces).
    pub text_span: Range<usize>,
    /// The span of the whole heading block.
    pub heading_span: Range<usize>,
}

/// A section of the file that is not an incident: its heading and the blocks under it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Section {
    /// The heading text.
    pub name: String,
    /// The heading level.
    pub level: u8,
    /// From the heading's first byte to the end of the section's last block.
    pub span: Range<usize>,
    /// The heading block's span.
    pub heading_span: Range<usize>,
}

pub(super) fn heading(b: &Block) -> Option<(u8, Range<usize>)> {
    match &b.kind {
        BlockKind::Heading { level, content, .. } => Some((*level, content.clone())),
        _ => None,
    }
}

/// `Incident: title` (any case) -> the title's offset within the text.
pub(crate) fn incident_title_offset(text: &str) -> Option<usize> {
    let t = text.trim_start_ws();
    let lead = text.len() - t.len();
    let head = t.get(..9)?;
    if !head.eq_ignore_ascii_case("incident:") {
        return None;
    }
    let rest = &t[9..];
    Some(lead + 9 + (rest.len() - rest.trim_start_ws().len()))
}

/// The first characters of a set of headings' slugs (see [`crate::anchor::slug`]), when
/// ASCII; a heading whose slug's first character is unknown (not ASCII, or no slug) is in
/// every set.
struct FirstBytes {
    ascii: [bool; 128],
    unknown: bool,
}

impl Default for FirstBytes {
    fn default() -> Self {
        FirstBytes {
            ascii: [false; 128],
            unknown: false,
        }
    }
}

impl FirstBytes {
    /// The first byte of the slug of `heading_text`, when it is ASCII.
    fn first(heading_text: &str) -> Option<u8> {
        let c = heading_text.trim_ws().chars().find(|&c| {
            c == ' ' || c == '-' || c == '_' || c.is_ascii_alphanumeric() || !c.is_ascii()
        })?;
        match c {
            ' ' => Some(b'-'),
            c if c.is_ascii() => Some(c.to_ascii_lowercase() as u8),
            _ => None,
        }
    }

    fn insert(&mut self, heading_text: &str) {
        match Self::first(heading_text) {
            Some(b) => self.ascii[b as usize] = true,
            None => self.unknown = true,
        }
    }

    /// Whether `heading_text`'s slug may equal a slug of the set, or a numbered one (`x-1`).
    fn may_share(&self, heading_text: &str) -> bool {
        self.unknown || Self::first(heading_text).is_none_or(|b| self.ascii[b as usize])
    }
}

/// Index of the next heading at or above `level` after block `i`, or the block count.
fn section_end(blocks: &[Block], i: usize, level: u8) -> usize {
    blocks[i + 1..]
        .iter()
        .position(|b| heading(b).is_some_and(|(l, _)| l <= level))
        .map_or(blocks.len(), |p| i + 1 + p)
}

/// An entry heading the walk over the headings found, to be read.
struct EntryJob {
    /// Its heading block, and the end of its blocks.
    block: usize,
    end: usize,
    level: u8,
    title_span: Range<usize>,
    anchor: String,
    reading: std::sync::Arc<crate::dialect::Reading>,
}

/// Reads one entry from its blocks, in the seed's rules or the lenient reading of the log's
/// dialect, and gives what is malformed in it (`diagnostics`; `prior` are the findings of the
/// sections around it, such as a policy table's row inside the entry, which may say already
/// why it is incomplete).
fn read_one(
    src: &str,
    blocks: &[Block],
    dialect: &Dialect,
    zone: chrono_tz::Tz,
    job: EntryJob,
    prior: &[Diagnostic],
    diagnostics: &mut Vec<Diagnostic>,
) -> Entry {
    let mut strict = Vec::new();
    let mut entry = read_entry(
        src,
        blocks,
        job.block,
        job.end,
        job.level,
        job.title_span,
        job.anchor,
        job.reading,
        zone,
        &mut strict,
    );
    if dialect.seed {
        // An `Incident:` entry whose fields only the lenient reading understands
        // (`**Date:** 22/06/2026`, `**Severity:** High (note)`) is not malformed.
        let lenient_only = entry.incident.is_none()
            && entry.reading.level().is_some()
            && entry
                .reading
                .detected
                .as_ref()
                .and_then(|w| w.day())
                .is_some();
        if lenient_only {
            // A well-formed local time the zone skips stays a finding: it is no guess.
            let skipped = |d: &Diagnostic| {
                d.code == Code::InvalidTimestamp
                    && d.span
                        .clone()
                        .and_then(|r| src.get(r))
                        .is_some_and(|t| t.parse::<incident_core::WrittenTime>().is_ok())
            };
            strict.retain(|d| {
                skipped(d)
                    || !matches!(
                        d.code,
                        Code::MissingField | Code::UnknownSeverity | Code::InvalidTimestamp
                    )
            });
            lenient::complete(&mut entry, zone, &[], &mut strict);
        }
        diagnostics.extend(strict);
    } else {
        // Another dialect: the seed's strict field rules do not apply; what the lenient
        // reading cannot read is reported by it.
        diagnostics.extend(
            strict
                .into_iter()
                .filter(|d| matches!(d.code, Code::HiddenHeading | Code::DuplicateField)),
        );
        let read_strictly = entry.incident.is_some();
        lenient::complete(&mut entry, zone, prior, diagnostics);
        if read_strictly {
            lenient::texts_read_leniently(&mut entry);
        }
        // Follow-ups the strict reader read, in the forms teams write them
        // (`— Marta — due 2026-12-05`, `(@sam, due …)`, `… (done)`); an incident the
        // lenient reading built has them so already.
        if read_strictly && let Some(i) = entry.incident.as_mut() {
            for f in &mut i.follow_ups {
                *f = lenient::refined(std::mem::replace(f, incident_core::FollowUp::new("")));
            }
        }
    }
    if entry
        .field(FieldName::FollowUpActions)
        .is_none_or(|f| f.items.is_empty())
    {
        // Follow-ups only the dialect reader sees (`- Follow-up:` items, one sentence per
        // `- **Follow-up:** …` line): their boxes.
        entry.follow_up_items = crate::dialect::field_edit::follow_up_items(src, &entry);
    }
    lenient::follow_ups_read_leniently(&mut entry);
    lenient::timeline_read_leniently(src, &mut entry, zone, dialect.seed, diagnostics);
    entry
}

/// Reads the typed view from a document's blocks, times without an offset local to `zone`.
pub(crate) fn read_log(
    src: &str,
    lines: &LineIndex,
    blocks: &[Block],
    zone: chrono_tz::Tz,
    overrides: &crate::dialect::Overrides,
) -> Log {
    read_log_reusing(src, lines, blocks, zone, overrides, None)
}

/// [`read_log`], taking over the readings of the entries an edit left alone (`reuse`).
pub(crate) fn read_log_reusing(
    src: &str,
    lines: &LineIndex,
    blocks: &[Block],
    zone: chrono_tz::Tz,
    overrides: &crate::dialect::Overrides,
    mut reuse: Option<&mut crate::reuse::Reuse>,
) -> Log {
    // A severity table in the log's own scale (`SEV1` … `SEV4`) says what its words mean,
    // unless `.incident.toml` says it.
    let implied;
    let overrides = match policy::own_scale(src, blocks) {
        scale if overrides.severity.is_empty() && !scale.is_empty() => {
            implied = crate::dialect::Overrides {
                severity: scale,
                ..overrides.clone()
            };
            &implied
        }
        _ => overrides,
    };
    let mut log = Log {
        dialect: crate::dialect::learn_reusing(
            src,
            blocks,
            lines.line_count(),
            overrides,
            reuse.as_deref_mut(),
        ),
        ..Log::default()
    };
    log.dialect.zone = Some(zone);
    // GitHub numbers repeated anchors over all headings of the file, in document order.
    // Only entries' anchors are kept: every other heading is just counted, in order, up to the
    // entry whose anchor is wanted (`counted`: the blocks done so far).
    let mut counted = 0;
    // A heading whose slug starts with a character no entry's slug starts with can never
    // share an anchor, or a numbered anchor, with an entry: it need not be counted (most of
    // a log's headings are fields, `### Severity: HIGH` under `## Incident: …`).
    let mut entry_firsts = FirstBytes::default();
    // How many headings may be entries: room for that many entries and anchors, no more.
    let mut entry_headings = 0;
    for (i, b) in blocks.iter().enumerate() {
        if let Some((level, content)) = heading(b) {
            let text = &src[content];
            let seed_entry = log.dialect.seed
                && (2..=3).contains(&level)
                && incident_title_offset(text).is_some();
            if seed_entry || log.dialect.entry_at(i).is_some() {
                entry_firsts.insert(text);
                entry_headings += 1;
            }
        }
    }
    let mut anchors = AnchorSet::with_capacity(entry_headings);
    log.incidents.reserve_exact(entry_headings);
    log.clean.reserve(entry_headings);
    let mut policy_seen = (false, false, false, false);
    // For each entry pushed, what is left to read of it.
    let mut jobs: Vec<Option<EntryJob>> = Vec::with_capacity(entry_headings);
    let mut i = 0;
    // Headings are visited in order; incident entries consume their blocks.
    while i < blocks.len() {
        let Some((level, content)) = heading(&blocks[i]) else {
            i += 1;
            continue;
        };
        let text = &src[content.clone()];
        let site = log.dialect.entry_at(i);
        // The seed's dialect: `Incident:` headings, read as they always were.
        let seed_title = incident_title_offset(text)
            .filter(|_| log.dialect.seed && (2..=3).contains(&level))
            .map(|off| content.start + off..content.end);
        if let Some(title_span) = seed_title.or_else(|| site.map(|s| s.title_span.clone())) {
            let end = section_end(blocks, i, level);
            for b in &blocks[counted..i] {
                if let Some((_, c)) = heading(b)
                    && entry_firsts.may_share(&src[c.clone()])
                {
                    anchors.count(&src[c]);
                }
            }
            counted = i + 1;
            let anchor = anchors.unique(slug(text));
            let reading = site.map(|s| s.reading.clone()).unwrap_or_default();
            let at = blocks[i].span.start;
            // An entry the edit did not touch, read before it (its lenient reading was taken
            // over too, so `reading` is what it was read with); else a place for it, read
            // below with the others.
            let kept = site.and(reuse.as_deref_mut()).and_then(|r| r.entry(at));
            match kept {
                Some(mut entry) => {
                    entry.anchor = anchor;
                    entry.reading = reading;
                    log.clean.insert(at);
                    log.incidents.push(entry);
                    jobs.push(None);
                }
                None => {
                    log.incidents.push(Entry::unread(reading.clone()));
                    jobs.push(Some(EntryJob {
                        block: i,
                        end,
                        level,
                        title_span,
                        anchor,
                        reading,
                    }));
                }
            }
            i = end;
            continue;
        }
        let end = section_end(blocks, i, level);
        let span = blocks[i].span.start..blocks[end - 1].span.end;
        let lower = text.to_ascii_lowercase();
        if level == 1 && log.title.is_none() {
            log.title = Some((text.trim_ws().to_owned(), content.clone()));
        } else if lower.starts_with("last incident") {
            let colon = text.find(':').map_or(text.len(), |c| c + 1);
            let rest = &text[colon..];
            let start = content.start + colon + (rest.len() - rest.trim_start_ws().len());
            log.last_incident = Some(LastIncident {
                text: src[start..content.end].to_owned(),
                text_span: start..content.end,
                heading_span: blocks[i].span.clone(),
            });
        } else if lower.starts_with("template") {
            if let Some(t) = read_template(src, &blocks[i + 1..end]) {
                log.template = Template {
                    section_span: Some(span.clone()),
                    ..t
                };
            } else {
                log.template.section_span = Some(span.clone());
            }
        } else if lower.contains("severity") && !policy_seen.0 {
            if let Some(rows) = read_severity_table(
                src,
                &blocks[i + 1..end],
                &overrides.severity,
                &mut log.diagnostics,
            ) {
                policy_seen.0 = true;
                log.policy.severities = rows;
            }
        } else if lower.contains("categor") && !policy_seen.1 {
            if let Some(cats) = read_categories(src, &blocks[i + 1..end]) {
                policy_seen.1 = true;
                log.policy.categories = cats;
            }
        } else if (lower.contains("escalation") || lower.contains("trigger")) && !policy_seen.2 {
            let items = list_texts(src, &blocks[i + 1..end]);
            if !items.is_empty() {
                policy_seen.2 = true;
                log.policy.triggers = Vec::new();
                for (t, span) in items {
                    match EscalationTrigger::from_text(&t) {
                        Some(trigger) => log.policy.triggers.push(trigger),
                        None => log.diagnostics.push(Diagnostic::new(
                            Code::UnknownTrigger,
                            format!("escalation trigger `{t}` is not one this tool can evaluate"),
                            span,
                        )),
                    }
                }
            }
        } else if lower.contains("requirement") && !policy_seen.3 {
            let items = list_texts(src, &blocks[i + 1..end]);
            if !items.is_empty() {
                policy_seen.3 = true;
                log.policy.requirements = items
                    .iter()
                    .map(|(t, _)| Requirement::from_text(t))
                    .collect();
            }
        }
        log.sections.push(Section {
            name: text.trim_ws().to_owned(),
            level,
            span,
            heading_span: blocks[i].span.clone(),
        });
        i += 1;
    }
    // The entries, read on all cores (each from its own blocks), then their findings taken in
    // document order.
    let (dialect, prior) = (&log.dialect, &log.diagnostics);
    let mut work: Vec<(&mut Entry, Option<EntryJob>, Vec<Diagnostic>)> = log
        .incidents
        .iter_mut()
        .zip(jobs)
        .filter(|(_, job)| job.is_some())
        .map(|(entry, job)| (entry, job, Vec::new()))
        .collect();
    crate::par::for_each_mut(&mut work, |(entry, job, diagnostics)| {
        if let Some(job) = job.take() {
            **entry = read_one(src, blocks, dialect, zone, job, prior, diagnostics);
        }
    });
    for (entry, _, diagnostics) in work {
        if diagnostics.is_empty() {
            log.clean.insert(entry.heading_span.start);
        }
        log.diagnostics.extend(diagnostics);
    }
    // Entries that are blocks of `Key: value` lines, not headings.
    let kv: Vec<Entry> = log
        .dialect
        .entries
        .iter()
        .filter(|s| !s.headed)
        .map(|s| {
            let mut e = Entry::from_block(src, s);
            e.follow_up_items = crate::dialect::field_edit::follow_up_items(src, &e);
            lenient::complete(&mut e, zone, &[], &mut log.diagnostics);
            lenient::timeline_read_leniently(src, &mut e, zone, false, &mut log.diagnostics);
            e
        })
        .collect();
    if !kv.is_empty() {
        log.incidents.extend(kv);
        log.incidents.sort_by_key(|e| e.span.start);
    }
    for e in &mut log.incidents {
        // The team's own `Status: Fixed` counts where no Resolved time is written; `check`
        // says the time is missing (LIFE002).
        if let Some(i) = &mut e.incident {
            i.stated_resolved =
                i.resolved.is_none() && e.reading.stated == Some(crate::dialect::Status::Resolved);
        }
    }
    let mut whole = Vec::new();
    lenient::dialect_findings(&log, &mut whole);
    log.diagnostics.extend(whole);
    assign_ids(&mut log.incidents, &mut log.diagnostics);
    flag_duplicates(&log.incidents, &mut log.diagnostics);
    crate::merge::markers::flag_leftovers(src, &mut log.diagnostics);
    entry::flag_unclosed_fences(src, blocks, &mut log.diagnostics);
    log.diagnostics
        .sort_by(|a, b| (a.start(), a.code.as_str()).cmp(&(b.start(), b.code.as_str())));
    log
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::Document;

    /// Entries read on several threads give the log one thread gives, finding for finding,
    /// over logs of every dialect the tests hold, each made long enough to be split.
    #[test]
    fn entries_read_on_many_threads_as_on_one() {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let mut paths = Vec::new();
        for dir in ["fixtures", "real-logs/logs", "real-logs/postmortems"] {
            for e in std::fs::read_dir(data.join(dir)).unwrap() {
                let path = e.unwrap().path();
                if path.extension().is_some_and(|x| x == "md") {
                    paths.push(path);
                }
            }
        }
        paths.sort();
        let mut split = 0;
        for path in &paths {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let doc: Document = text.parse().unwrap();
            let (Some(first), Some(last)) = (doc.incidents().first(), doc.incidents().last())
            else {
                continue;
            };
            // The entries written again and again where they are, until there are 520 (two threads' worth).
            let (start, end) = (first.heading_span.start, last.span.end);
            let copies = 520usize.div_ceil(doc.incidents().len());
            let entries = vec![&text[start..end]; copies].join("\n\n");
            let long = format!("{}{entries}{}", &text[..start], &text[end..]);
            let read = |cores| crate::par::with_cores(cores, || long.parse::<Document>().unwrap());
            let (one, four) = (read(1), read(4));
            // A postmortem is one incident however long it is.
            if one.incidents().len() < 520 {
                continue;
            }
            assert_eq!(
                format!("{:?}", one.log()),
                format!("{:?}", four.log()),
                "{}",
                path.display()
            );
            split += 1;
        }
        assert!(split >= 20, "only {split} logs were read");
    }
}
