//! Lossless reading of a team's `INCIDENTS.md`.
//!
//! A [`Document`] keeps the source text exactly as given, and describes its
//! structure as byte ranges into that text. Printing a document writes the source
//! back unchanged, whatever it contains: line endings (`\n`, `\r\n`, a lone `\r`),
//! a byte order mark, tabs, trailing spaces, NUL bytes or a missing final newline.
//!
//! ```
//! let input = "# INCIDENTS.md\r\n\n## Incident: x\n";
//! let doc = input.parse::<incident_md::Document>().unwrap();
//! assert_eq!(doc.to_string(), input);
//! ```
//!
//! The structure is found with [comrak](https://docs.rs/comrak) (CommonMark with the
//! GFM table and task list extensions), which is only asked where blocks start, and only
//! about the regions a faster line scanner leaves to it; see [`blocks`] for how spans
//! are measured.
//!
//! ## Reading and editing
//!
//! ```
//! use incident_md::{AddOptions, Document};
//! use incident_core::{Incident, Severity};
//!
//! let mut doc: Document = incident_md::render::canonical_template().parse().unwrap();
//! let detected = "2026-03-02T10:00:00Z".parse().unwrap();
//! let added = doc
//!     .add_incident(&Incident::new("API outage", Severity::High, detected), &AddOptions::default())
//!     .unwrap();
//! assert_eq!(added.id, "2026-03-02-api-outage");
//! let entry = doc.resolve_prefix("2026-03-02-api").unwrap();
//! assert_eq!(entry.incident.as_ref().unwrap().severity, Severity::High);
//! assert_eq!(doc.log().last_incident.as_ref().unwrap().text, "API outage (HIGH, 2026-03-02T10:00:00Z)");
//!
//! // Typed edits: only the changed fields are written, in the entry's own style.
//! doc.update(&added.id, |i| i.severity = Severity::Critical).unwrap();
//! assert!(doc.as_str().contains("### ID: 2026-03-02-api-outage\n\n### Severity: CRITICAL"));
//! ```
//!
//! ## Files on disk
//!
//! With the default-on `fs` feature, [`fs`] finds, reads, locks and atomically saves the log,
//! and reads `.incident.toml`, with the same rules the `incident` command follows:
//!
//! ```no_run
//! let log = incident_md::fs::LogFile::open("INCIDENTS.md".as_ref())?;
//! let (count, _changed) = log.edit(|doc| Ok::<_, incident_md::Error>(doc.incidents().len()))?;
//! # Ok::<(), incident_md::Error>(())
//! ```
//!
//! ## Limitations
//!
//! - Structure is read from top-level blocks: incidents are `##` (or `###`) headings whose text
//!   starts with `Incident:`; an incident written inside a list or block quote is not read.
//! - Bold-label fields are recognised at the start of paragraph lines (`**Severity:** HIGH`) and
//!   as list items (`- **Severity:** HIGH`, with follow-ups as a nested task list), not in other
//!   places such as table cells.
//! - Text values keep their inline markdown as written; only backslash escapes are resolved. New
//!   text is escaped so that it reads back the same, which means a list or heading written into a
//!   description through the API is shown literally, not as markup.
//! - After each splice an edit reads the document's structure again and takes over the readings
//!   of the entries it did not touch: cheap for real logs (a 1,000-incident log parses in a few
//!   milliseconds), but still linear in the log's length per edit, so quadratic for scripts making
//!   thousands of edits at once.
#![warn(missing_docs)]

/// GitHub heading anchors and incident IDs.
pub mod anchor;
/// The top-level block structure of a document, as byte ranges into its source.
pub mod blocks;
/// Every check `incident check` runs, as one library call.
pub mod check;
mod closest;
/// Diagnostics: malformed pieces of a log with stable codes and spans.
pub mod diagnostic;
/// A log's dialect: how the file writes its entries, learned from the file.
pub mod dialect;
/// Unified diffs between two versions of a log.
pub mod diff;
/// Damage from tools and merges (mojibake, mixed line endings, leftover conflicts, duplicated
/// entries, a stale Last Incident), found and repaired by splices.
pub mod doctor;
/// The lossless [`Document`]: the source text and its block structure.
pub mod document;
/// Edits: splices that change only the bytes they must.
pub mod edit;
/// Errors returned by this crate.
pub mod error;
/// Rendering user text so that it parses back unchanged.
pub mod escape;
/// The fields of an incident entry.
pub mod field;
#[cfg(feature = "fs")]
pub mod fs;
mod hash;
/// JSON values written directly, byte for byte as `serde_json` writes them.
#[cfg(feature = "json")]
pub mod json_write;
mod lifecycle;
/// Line numbering of a source text, and byte offset to line/column conversion.
pub mod lines;
/// A structural three-way merge of two versions of a log (git's merge driver).
pub mod merge;
mod par;
/// Where new entries go: [`Placement`], [`Order`], [`AddOptions`].
pub mod placement;
/// One flat record of an entry and its incident (the CLI's JSON shape).
pub mod record;
#[cfg(feature = "json")]
pub mod record_json;
/// An [`IncidentRecord`] written directly as JSON: [`RecordJson`].
#[cfg(feature = "json")]
pub mod record_write;
/// Rendering new entries, the policy and the canonical template.
pub mod render;
mod reuse;
mod status;
mod time_order;
// Typed edits (`Document::update`): methods of `Document` only.
/// Text forms shared by readers and writers: one-line joining, `[text](target)` links.
pub mod text;
mod timeline_edit;
mod timeline_table;
mod update;
/// The typed view: title, policy, template, incidents, diagnostics.
pub mod view;

pub use blocks::{Block, BlockKind, ListItem, TableRow, TaskBox};
pub use check::{CheckContext, check_document};
pub use diagnostic::{Code, Diagnostic, Finding, Level};
pub use document::Document;
pub use edit::{Added, Change};
pub use error::{Error, Result};
pub use field::FieldName;
pub use lines::{LineIndex, Position};
pub use par::set_read_threads;
pub use placement::{AddOptions, Order, Placement};
pub use record::IncidentRecord;
#[cfg(feature = "json")]
pub use record_write::RecordJson;
pub use view::{Entry, Field, Log};
