//! Where a new entry goes in a log, and the text around it (separators, blank lines).

use chrono::{DateTime, Utc};
use incident_core::Incident;

use crate::view::{Entry, entry_marker};
use crate::{Block, BlockKind, Document};

pub use incident_core::Order;

/// Options for [`Document::add_incident`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AddOptions {
    /// Entry order of the log.
    pub order: Order,
    /// The severity as the user wrote it (`SEV3`), for a log that writes its own scale: the
    /// word written when it names the incident's level, where the log's first word for that
    /// level might be another (`SEV4` is LOW too). Ignored in the seed's format.
    pub severity_word: Option<String>,
}

impl AddOptions {
    /// Options with this order.
    pub fn with_order(order: Order) -> Self {
        AddOptions {
            order,
            severity_word: None,
        }
    }

    /// These options with the severity written as `word` ([`AddOptions::severity_word`]).
    pub fn with_severity_word(mut self, word: impl Into<String>) -> Self {
        self.severity_word = Some(word.into());
        self
    }

    /// Options with the order `doc` keeps, as its dialect has it (`.incident.toml`'s `order`,
    /// a sentence of the file such as "newest first", or its entries' dates: what `explain`
    /// shows), else `fallback`.
    pub fn learned(doc: &Document, fallback: Order) -> Self {
        let order = match doc.log().dialect.order.value {
            crate::dialect::Order::NewestFirst => Order::NewestFirst,
            crate::dialect::Order::OldestFirst => Order::OldestFirst,
            _ => fallback,
        };
        AddOptions::with_order(order)
    }
}

/// Which rule placed a new entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::Display)]
#[strum(serialize_all = "kebab-case")]
#[non_exhaustive]
pub enum Placement {
    /// Above an `<!-- … above this line -->` marker.
    AboveMarker,
    /// Below a `<!-- … below this line -->` marker.
    BelowMarker,
    /// Directly above the newest existing incident.
    AboveNewest,
    /// After the last incident (oldest-first order).
    AfterLast,
    /// Above the `## Template:` section of a log without incidents.
    AboveTemplate,
    /// At the end of the file.
    End,
    /// Among the existing incidents by date of detection, for an incident older than the newest.
    InDateOrder,
    /// In place of a `*No active incidents*` placeholder.
    Placeholder,
    /// Under a new date group heading, before the newest group.
    NewGroup,
}

/// Where a new entry goes and the text to insert there (the entry with its separators).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slot {
    /// Which rule placed it.
    pub(crate) placement: Placement,
    /// The offset to insert at.
    pub(crate) at: usize,
    /// The entry and the separators around it.
    pub(crate) text: String,
}

impl Document {
    /// The thematic break that separates entries: the one between two incidents, else the
    /// first one between sections; `None` when the file uses none.
    fn separator_rule(&self) -> Option<&str> {
        let src = self.as_str();
        let is_rule = |b: &&Block| matches!(b.kind, BlockKind::ThematicBreak);
        // One pass: `next` is the first entry starting after the block.
        let entries = self.incidents();
        let mut next = 0;
        let between = self.blocks().iter().find(|b| {
            while next < entries.len() && entries[next].span.start < b.span.end {
                next += 1;
            }
            is_rule(b)
                && next > 0
                && next < entries.len()
                && entries[next - 1].span.end <= b.span.start
        });
        between
            .or_else(|| self.blocks().iter().find(is_rule))
            .map(|b| src[b.span.clone()].trim())
    }

    /// Where `entry` (the rendered incident) goes, by the rules of
    /// [`Document::add_incident`], and the text to insert.
    pub(crate) fn slot(&self, incident: &Incident, entry: &str, order: Order) -> Slot {
        let eol = crate::render::line_ending(self.as_str());
        let sep = match self.separator_rule() {
            Some(rule) => format!("{eol}{eol}{rule}{eol}{eol}"),
            None => format!("{eol}{eol}"),
        };
        let src = self.as_str();
        let blocks = self.blocks();
        let entries = self.incidents();
        let marker = blocks.iter().enumerate().find_map(|(k, b)| {
            entry_marker(src, b).map(|above| {
                if above {
                    (Placement::AboveMarker, k)
                } else {
                    (Placement::BelowMarker, k)
                }
            })
        });
        let newest = entries
            .iter()
            .enumerate()
            .max_by_key(|(k, e)| {
                (
                    e.incident.as_ref().map(|i| i.detected),
                    std::cmp::Reverse(*k),
                )
            })
            .map(|(_, e)| e);
        let (placement, at, text) = if let Some((p, k)) = marker {
            let span = blocks[k].span.clone();
            if p == Placement::AboveMarker {
                // Directly above the marker: after the incident that ends right before it (and
                // separated from it like entries are), else just before the marker.
                let before = k.checked_sub(1).map(|j| &blocks[j]).filter(|b| {
                    !matches!(b.kind, BlockKind::ThematicBreak)
                        && entries
                            .iter()
                            .any(|e| e.span.start <= b.span.start && b.span.end <= e.span.end)
                });
                match before {
                    Some(b) => (p, b.span.end, format!("{sep}{entry}")),
                    None => (p, span.start, format!("{entry}{eol}{eol}")),
                }
            } else {
                // Directly below the marker: above the incident that follows it (past any
                // thematic break), else just after the marker.
                let after = blocks[k + 1..]
                    .iter()
                    .find(|b| !matches!(b.kind, BlockKind::ThematicBreak))
                    .and_then(|b| entries.iter().find(|e| e.span.start == b.span.start));
                match after {
                    Some(e) => (p, e.span.start, format!("{entry}{sep}")),
                    None => (p, span.end, format!("{eol}{eol}{entry}")),
                }
            }
        } else if let Some((p, at, above)) = backdated_slot(entries, incident, order) {
            // An incident older than the newest goes where its date puts it.
            let text = if above {
                format!("{entry}{sep}")
            } else {
                format!("{sep}{entry}")
            };
            (p, at, text)
        } else if let (Order::OldestFirst, Some(last)) = (order, entries.last()) {
            (Placement::AfterLast, last.span.end, format!("{sep}{entry}"))
        } else if let Some(newest) = newest {
            (
                Placement::AboveNewest,
                newest.span.start,
                format!("{entry}{sep}"),
            )
        } else if let Some(t) = &self.log().template.section_span {
            (Placement::AboveTemplate, t.start, format!("{entry}{sep}"))
        } else {
            let mut text = String::new();
            if !src.is_empty() {
                if !src.ends_with(['\n', '\r']) {
                    text.push_str(eol);
                }
                if !(src.ends_with("\n\n") || src.ends_with("\r\n\r\n") || src.ends_with("\r\r")) {
                    text.push_str(eol);
                }
                if let Some(rule) = self.separator_rule() {
                    text.push_str(&format!("{rule}{eol}{eol}"));
                }
            }
            text.push_str(entry);
            text.push_str(eol);
            (Placement::End, src.len(), text)
        };
        // A byte order mark stays the file's first bytes: an entry that goes first (above the
        // newest, which starts the file) goes after it.
        let at = if at == 0 && src.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            at
        };
        // Text that follows in the same section (not a heading, rule or marker) would read as
        // part of the new entry: a rule keeps it apart.
        let mut text = text;
        let next = self.blocks().iter().find(|b| b.span.start >= at);
        if let Some(b) = next
            && !matches!(b.kind, BlockKind::Heading { .. } | BlockKind::ThematicBreak)
            && entry_marker(self.as_str(), b).is_none()
            && text.ends_with(entry)
        {
            let rule = self.separator_rule().unwrap_or("---").to_owned();
            text.push_str(&format!("{eol}{eol}{rule}"));
        }
        // A blank line after the new text, so that nothing that follows continues its last
        // block (a placeholder line is an HTML block, which runs to the next blank line).
        if !text.ends_with(&format!("{eol}{eol}")) && !blank_line_follows(&self.as_str()[at..]) {
            text.push_str(eol);
        }
        Slot {
            placement,
            at,
            text,
        }
    }
}

/// Whether `rest` starts with a line break followed by a blank line, or has nothing but white
/// space left.
fn blank_line_follows(rest: &str) -> bool {
    if rest.trim().is_empty() {
        return true;
    }
    let after_break = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix(['\n', '\r']));
    after_break.is_some_and(|r| {
        let line_end = r.find(['\n', '\r']).unwrap_or(r.len());
        r[..line_end].trim().is_empty()
    })
}

/// Where an incident older than the newest existing one goes so that the log stays in date
/// order: `(placement, offset, above)`, inserting above the entry at `offset` or below the one
/// ending there. `None` when the incident is the newest (or no entry has a date).
fn backdated_slot(
    entries: &[Entry],
    incident: &Incident,
    order: Order,
) -> Option<(Placement, usize, bool)> {
    let dated: Vec<(&Entry, DateTime<Utc>)> = entries
        .iter()
        .filter_map(|e| e.incident.as_ref().map(|i| (e, i.detected)))
        .collect();
    let newest = dated.iter().map(|(_, d)| *d).max()?;
    if incident.detected >= newest {
        return None;
    }
    let t = incident.detected;
    Some(match order {
        // Newest first: above the newest of the older entries, else below the oldest.
        Order::NewestFirst => match dated
            .iter()
            .filter(|(_, d)| *d <= t)
            .max_by_key(|(_, d)| *d)
        {
            Some((e, _)) => (Placement::InDateOrder, e.span.start, true),
            None => {
                let (e, _) = dated.iter().min_by_key(|(_, d)| *d)?;
                (Placement::InDateOrder, e.span.end, false)
            }
        },
        // Oldest first: above the oldest of the newer entries.
        Order::OldestFirst => {
            let (e, _) = dated
                .iter()
                .filter(|(_, d)| *d > t)
                .min_by_key(|(_, d)| *d)?;
            (Placement::InDateOrder, e.span.start, true)
        }
    })
}
