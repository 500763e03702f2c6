//! What a re-read after an edit takes over from the reading before it.
//!
//! An edit changes a few byte ranges of a long log; every entry it does not touch reads as it
//! did, only further along the text. So the entries whose text (from their heading to the next
//! heading at or above their level) no edit touches keep their readings, with every offset
//! moved by what the edits before them added or removed. The rest of the reading (the dialect's
//! votes, anchors, IDs, diagnostics of the whole log) is done again as always; the blocks are
//! scanned again only around the edits ([`crate::blocks::Rescan`]).
//!
//! A reading is taken over only where reading the same text again must give the same result:
//! the entry starts at a column-0 `#` heading (CommonMark's block state is empty there, so its
//! blocks depend on its own text only), its heading level, section end and enclosing sections
//! are the same, and the file's dialect is still the seed's or still not. (A text that may
//! define a link reference `[x]`, before or after the edit, is read whole: such a definition
//! turns task boxes into links anywhere.) The strict reading of an entry is taken over only
//! when it reported nothing of its own. Tests build every edited document both ways and
//! compare them.

use std::ops::Range;
use std::sync::Arc;

use crate::blocks::ListItem;
use crate::dialect::{Dialect, EntrySite, LooseField, Reading, SiteContext};
use crate::hash::FxHashMap;
use crate::view::{Entry, Field, Log};

/// The ranges an edit replaced (in the text before it, in order, not overlapping) and the
/// length of what replaced each.
#[derive(Debug, Clone, Default)]
pub(crate) struct Edits(Vec<(Range<usize>, usize)>);

impl Edits {
    /// `replaced` in any order.
    pub(crate) fn new(mut replaced: Vec<(Range<usize>, usize)>) -> Edits {
        replaced.sort_by_key(|(r, _)| r.start);
        Edits(replaced)
    }

    /// From the first edit's start to the last one's end, in the old text.
    pub(crate) fn hull(&self) -> Range<usize> {
        match (self.0.first(), self.0.last()) {
            (Some((first, _)), Some((last, _))) => first.start..last.end,
            _ => 0..0,
        }
    }

    /// How many bytes the edits add in all (fewer than none when they remove more).
    pub(crate) fn added(&self) -> isize {
        self.0
            .iter()
            .map(|(r, len)| *len as isize - r.len() as isize)
            .sum()
    }

    /// How far the text at `range` (of the old text) moved, when no edit touches it: none
    /// overlaps it or meets either end.
    fn moved(&self, range: &Range<usize>) -> Option<isize> {
        let mut by = 0isize;
        for (r, len) in &self.0 {
            if r.end < range.start {
                by += *len as isize - r.len() as isize;
            } else if r.start > range.end {
                break;
            } else {
                return None;
            }
        }
        Some(by)
    }
}

/// Where an old entry's reading is, and how far its text moved.
struct Kept {
    /// Its site among the old dialect's.
    site: usize,
    /// Its strict reading among the old entries, when that reported nothing of its own.
    entry: Option<usize>,
    by: isize,
    /// Whether the lenient reading was taken over (the strict one is only with it).
    taken: bool,
}

/// The readings of an old document's entries, by where their headings start in the new text.
/// The old entries and sites stay in their own vectors (no copy), taken out one by one.
#[derive(Default)]
pub(crate) struct Reuse {
    sites: Vec<Option<EntrySite>>,
    entries: Vec<Option<Entry>>,
    kept: FxHashMap<usize, Kept>,
    /// Whether the document was read in the seed's dialect.
    seed: bool,
}

impl Reuse {
    /// Takes over what `old` (read from `old_src`) read of the entries that `edits` leave
    /// alone; the rest of it is dropped.
    pub(crate) fn new(old: Log, old_src: &str, edits: &Edits) -> Reuse {
        let Log {
            incidents,
            dialect,
            clean,
            ..
        } = old;
        let Dialect { entries, seed, .. } = dialect;
        // The sites keep the only other handles of the readings, to be taken out of them.
        let none = Arc::new(Reading::default());
        // Sized up front: grown by doubling, the maps rehashed every key several times.
        let mut strict: FxHashMap<usize, usize> =
            FxHashMap::with_capacity_and_hasher(clean.len(), Default::default());
        let entries_old: Vec<Option<Entry>> = incidents
            .into_iter()
            .enumerate()
            .map(|(k, mut entry)| {
                entry.reading = none.clone();
                let keep = entry.level > 0 && clean.contains(&entry.heading_span.start);
                if keep {
                    strict.insert(entry.heading_span.start, k);
                }
                keep.then_some(entry)
            })
            .collect();
        let mut kept = FxHashMap::with_capacity_and_hasher(entries.len(), Default::default());
        for (k, site) in entries.iter().enumerate() {
            if !site.headed || old_src.as_bytes().get(site.span.start) != Some(&b'#') {
                continue;
            }
            let Some(by) = edits.moved(&site.span) else {
                continue;
            };
            kept.insert(
                site.span.start.wrapping_add_signed(by),
                Kept {
                    site: k,
                    entry: strict.get(&site.span.start).copied(),
                    by,
                    taken: false,
                },
            );
        }
        Reuse {
            sites: entries.into_iter().map(Some).collect(),
            entries: entries_old,
            kept,
            seed,
        }
    }

    /// Whether anything may be taken over in a new text read with `seed`.
    pub(crate) fn applies(&self, seed: bool) -> bool {
        !self.kept.is_empty() && self.seed == seed
    }

    /// The finished reading of the entry whose section is `span` in the new text, when it is
    /// the one kept.
    pub(crate) fn reading(
        &mut self,
        span: &Range<usize>,
        level: u8,
        context: &SiteContext,
    ) -> Option<Reading> {
        let k = self.kept.get_mut(&span.start)?;
        let slot = self.sites.get_mut(k.site)?;
        let same = slot.as_ref().is_some_and(|site| {
            shifted(&site.span, k.by) == *span && site.level == level && site.context == *context
        });
        if !same {
            return None;
        }
        let site = slot.take()?;
        k.taken = true;
        let mut reading = Arc::try_unwrap(site.reading).unwrap_or_else(|r| (*r).clone());
        reading.shift(k.by);
        Some(reading)
    }

    /// The strict reading of the entry whose heading starts at `at` in the new text, when its
    /// lenient reading was taken over too.
    pub(crate) fn entry(&mut self, at: usize) -> Option<Entry> {
        let k = self.kept.get(&at).filter(|k| k.taken)?;
        let mut entry = self.entries.get_mut(k.entry?)?.take()?;
        entry.shift(k.by);
        Some(entry)
    }
}

fn shifted(r: &Range<usize>, by: isize) -> Range<usize> {
    r.start.wrapping_add_signed(by)..r.end.wrapping_add_signed(by)
}

/// Offsets into the text, moved by an edit before them.
trait Shift {
    fn shift(&mut self, by: isize);
}

impl Shift for Range<usize> {
    fn shift(&mut self, by: isize) {
        *self = shifted(self, by);
    }
}

impl Shift for ListItem {
    fn shift(&mut self, by: isize) {
        self.span.shift(by);
        if let Some(task) = &mut self.task {
            task.offset = task.offset.wrapping_add_signed(by);
        }
    }
}

impl Shift for Field {
    fn shift(&mut self, by: isize) {
        self.span.shift(by);
        self.inline.shift(by);
        if let Some(body) = &mut self.body {
            body.shift(by);
        }
        self.items.iter_mut().for_each(|i| i.shift(by));
    }
}

impl Shift for Entry {
    fn shift(&mut self, by: isize) {
        self.title_span.shift(by);
        self.heading_span.shift(by);
        self.span.shift(by);
        self.fields.iter_mut().for_each(|f| f.shift(by));
        self.follow_up_items.iter_mut().for_each(|i| i.shift(by));
        // Given again by the re-read: they depend on the whole log. A derived ID as made is
        // kept as what the entry derives (the same title and time derive the same ID).
        if !self.id_is_base {
            self.id = String::new();
        }
        self.id_written = false;
    }
}

impl Shift for LooseField {
    fn shift(&mut self, by: isize) {
        self.at = self.at.wrapping_add_signed(by);
        self.span.shift(by);
    }
}

impl Shift for Reading {
    fn shift(&mut self, by: isize) {
        self.fields.iter_mut().for_each(|f| f.shift(by));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_an_edit_does_not_touch_moves_by_what_the_edits_before_it_add() {
        // `abcdefghij`: `cd` replaced by one byte, three bytes inserted at 7.
        let edits = Edits::new(vec![(7..7, 3), (2..4, 1)]);
        assert_eq!(edits.moved(&(0..1)), Some(0));
        assert_eq!(edits.moved(&(5..6)), Some(-1));
        assert_eq!(edits.moved(&(8..10)), Some(2));
        // Touching, overlapping or meeting an edit is no move.
        for touched in [0..2, 1..3, 4..5, 6..7, 7..9, 3..8] {
            assert_eq!(edits.moved(&touched), None, "{touched:?}");
        }
    }
}

#[cfg(test)]
mod taken_over {
    use crate::{AddOptions, Document};
    use incident_core::{Incident, Severity};

    fn log(entries: usize) -> String {
        let mut text = String::from("# INCIDENTS.md\n\n");
        for i in 0..entries {
            text.push_str(&format!(
                "## Incident: service {i} down\n\n### Severity: HIGH\n\n\
                 ### Detected: 2026-03-{:02}T10:00:00Z\n\n### Follow-up Actions:\n\
                 - [ ] fix {i} - @alice - 2026-04-01\n\n---\n\n",
                1 + i % 28
            ));
        }
        text
    }

    /// Where each entry's title and first field value live in memory: the same after an edit
    /// for an entry whose reading was taken over, not built again.
    fn homes(doc: &Document) -> Vec<(*const u8, *const u8)> {
        doc.incidents()
            .iter()
            .map(|e| (e.title.as_ptr(), e.reading.fields[0].value.as_ptr()))
            .collect()
    }

    #[test]
    fn an_edit_reads_again_only_the_entries_it_touches() {
        let mut doc: Document = log(12).parse().unwrap();
        let before = homes(&doc);
        let id = doc.incidents()[5].id.clone();
        doc.update(&id, |i| i.severity = Severity::Low).unwrap();
        let after = homes(&doc);
        // The Last Incident heading is added above the entries: every entry moved down.
        let kept: Vec<bool> = before.iter().zip(&after).map(|(b, a)| b == a).collect();
        assert_eq!(kept.iter().filter(|k| !**k).count(), 1, "{kept:?}");
        assert!(!kept[5], "the edited entry is read again");
        assert!(
            doc.as_str()
                .contains("## Incident: service 5 down\n\n### Severity: LOW")
        );
    }

    #[test]
    fn a_new_entry_reads_again_only_its_neighbours() {
        let mut doc: Document = log(12).parse().unwrap();
        let before = homes(&doc);
        let detected = "2026-03-20T10:00:00Z".parse().unwrap();
        let i = Incident::new("API down", Severity::High, detected);
        doc.add_incident(&i, &AddOptions::default()).unwrap();
        assert_eq!(doc.incidents().len(), 13);
        let after = homes(&doc);
        let kept = before.iter().filter(|b| after.contains(b)).count();
        // At most the entries on either side of the new one are read again.
        assert!(kept >= 10, "{kept} of 12 taken over");
    }

    /// Splices `text` at the start of the `k`th `### Severity:` line of the document; the edit
    /// checks itself against a whole re-read (debug builds).
    fn insert_before_severity(doc: &mut Document, k: usize, text: &str) {
        let at = doc
            .as_str()
            .match_indices("### Severity:")
            .nth(k)
            .unwrap()
            .0;
        doc.replace_source_range(at..at, text);
    }

    #[test]
    fn a_reference_definition_of_x_makes_the_edit_read_everything_again() {
        let mut doc: Document = log(12).parse().unwrap();
        let before = homes(&doc);
        // `[x]: /url` turns every `- [x]` box into a link, in every entry.
        insert_before_severity(&mut doc, 2, "[x]: /url\n\n");
        let after = homes(&doc);
        assert!(
            before.iter().zip(&after).all(|(b, a)| b != a),
            "nothing taken over"
        );
        assert_eq!(doc.incidents().len(), 12);
    }

    #[test]
    fn a_fence_opened_by_an_edit_swallows_the_entries_after_it() {
        let mut doc: Document = log(12).parse().unwrap();
        insert_before_severity(&mut doc, 3, "```\n");
        // Entries 0 to 3 are read; the rest is inside the fence.
        assert_eq!(doc.incidents().len(), 4);
        // Closing it again gives back the twelve.
        insert_before_severity(&mut doc, 3, "```\n\n");
        assert_eq!(doc.incidents().len(), 12);
    }
}
