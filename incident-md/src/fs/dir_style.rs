//! How a directory of postmortems names and writes its files, learned from the files it holds:
//! the name pattern (`2026-03-02-db-outage.md`), the title prefix (`Postmortem: `), the style of
//! the metadata lines, the `##` sections and the severity words.

use std::fmt;

use crate::dialect::mode;
use chrono::{DateTime, NaiveDate, Utc};
use incident_core::{FieldName, Incident, Severity};

use crate::Document;
use crate::dialect::{Dialect, FieldStyle, Key};
use crate::render::{render_follow_up, single_line, table_cell};

/// How the files of a directory are named: a date or number prefix, the slug's word separator
/// and the extension, as in `2026-03-02-db-outage.md`, `20260302_db_outage.md` or
/// `007-db-outage.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FileNamePattern {
    /// The prefix before the slug.
    pub prefix: NamePrefix,
    /// Between the prefix and the slug (`-` or `_`, empty without prefix).
    pub separator: String,
    /// Between the slug's words (`-` or `_`).
    pub word_separator: char,
    /// The extension with its dot (`.md`).
    pub extension: String,
    /// The file the pattern was learned from (`None` for the default).
    pub learned_from: Option<String>,
}

/// What comes before the slug in a file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NamePrefix {
    /// `2026-03-02`.
    DashedDate,
    /// `20260302`.
    CompactDate,
    /// A number of this many digits, the next one after the highest (`007`).
    Number(usize),
    /// No prefix: the slug alone.
    None,
}

impl Default for FileNamePattern {
    /// `YYYY-MM-DD-<slug>.md`.
    fn default() -> Self {
        FileNamePattern {
            prefix: NamePrefix::DashedDate,
            separator: "-".into(),
            word_separator: '-',
            extension: ".md".into(),
            learned_from: None,
        }
    }
}

impl fmt::Display for FileNamePattern {
    /// `YYYY-MM-DD-<slug>.md`, `NNN_<slug>.md`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = match self.prefix {
            NamePrefix::DashedDate => "YYYY-MM-DD".to_owned(),
            NamePrefix::CompactDate => "YYYYMMDD".to_owned(),
            NamePrefix::Number(w) => "N".repeat(w),
            NamePrefix::None => String::new(),
        };
        write!(f, "{prefix}{}<slug>{}", self.separator, self.extension)
    }
}

/// A name's prefix, separator and slug.
fn split_name(stem: &str) -> Option<(NamePrefix, &str, &str)> {
    let b = stem.as_bytes();
    if stem.len() > 10
        && stem
            .get(..10)
            .is_some_and(|d| d.parse::<NaiveDate>().is_ok())
    {
        return Some((NamePrefix::DashedDate, &stem[10..11], &stem[11..]));
    }
    if stem.len() > 8
        && b[..8].iter().all(u8::is_ascii_digit)
        && NaiveDate::parse_from_str(&stem[..8], "%Y%m%d").is_ok()
        && !b[8].is_ascii_alphanumeric()
    {
        return Some((NamePrefix::CompactDate, &stem[8..9], &stem[9..]));
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < stem.len() && matches!(b[digits], b'-' | b'_') {
        return Some((
            NamePrefix::Number(digits),
            &stem[digits..=digits],
            &stem[digits + 1..],
        ));
    }
    None
}

impl FileNamePattern {
    /// The pattern most of `names` (file names, with extension) follow; the default when none
    /// has a recognisable prefix.
    pub fn learn<'a>(names: impl IntoIterator<Item = &'a str>) -> FileNamePattern {
        let mut seen: Vec<(FileNamePattern, usize)> = Vec::new();
        for name in names {
            let (stem, ext) = match name.rfind('.') {
                Some(at) if at > 0 => (&name[..at], &name[at..]),
                _ => (name, ""),
            };
            let (prefix, separator, slug) =
                split_name(stem).unwrap_or((NamePrefix::None, "", stem));
            let word_separator = if slug.contains('_') && !slug.contains('-') {
                '_'
            } else {
                '-'
            };
            let p = FileNamePattern {
                prefix,
                separator: separator.to_owned(),
                word_separator,
                extension: ext.to_owned(),
                learned_from: Some(name.to_owned()),
            };
            match seen.iter_mut().find(|(q, _)| same_shape(q, &p)) {
                Some((_, n)) => *n += 1,
                None => seen.push((p, 1)),
            }
        }
        // The most common shape, the first seen on a tie; a prefix beats none.
        let best = seen
            .iter()
            .map(|(p, n)| (*n, p.prefix != NamePrefix::None))
            .max();
        seen.into_iter()
            .find(|(p, n)| Some((*n, p.prefix != NamePrefix::None)) == best)
            .map(|(p, _)| p)
            .filter(|p| p.prefix != NamePrefix::None || p.extension == ".md")
            .unwrap_or_default()
    }

    /// The name of a new file for `title` on `day`; `existing` names are used for the next
    /// number. `attempt` > 0 appends `-2`, `-3`… to the slug (when the name is taken).
    pub fn name(&self, title: &str, day: NaiveDate, existing: &[String], attempt: usize) -> String {
        let mut slug = slug(title, self.word_separator);
        if slug.is_empty() {
            slug = "incident".into();
        }
        if attempt > 0 {
            slug = format!("{slug}{}{}", self.word_separator, attempt + 1);
        }
        let prefix = match self.prefix {
            NamePrefix::DashedDate => day.format("%Y-%m-%d").to_string(),
            NamePrefix::CompactDate => day.format("%Y%m%d").to_string(),
            NamePrefix::Number(width) => {
                let next = existing
                    .iter()
                    .filter_map(|n| {
                        let d: String = n.chars().take_while(char::is_ascii_digit).collect();
                        d.parse::<u64>().ok()
                    })
                    .max()
                    .unwrap_or(0)
                    + 1;
                format!("{next:0width$}")
            }
            NamePrefix::None => String::new(),
        };
        format!("{prefix}{}{slug}{}", self.separator, self.extension)
    }
}

fn same_shape(a: &FileNamePattern, b: &FileNamePattern) -> bool {
    a.prefix == b.prefix
        && a.separator == b.separator
        && a.word_separator == b.word_separator
        && a.extension == b.extension
}

/// A title as a file-name slug: lowercase ASCII words, at most 60 characters, cut at a word.
fn slug(title: &str, sep: char) -> String {
    let mut out = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if out.len() + word.len() + 1 > 60 && !out.is_empty() {
            break;
        }
        if !out.is_empty() {
            out.push(sep);
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out
}

/// How the directory's postmortems are written, learned from them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PostmortemStyle {
    /// What precedes the title in the `#` heading (`Postmortem: `), most common first seen.
    pub title_prefix: String,
    /// The style of the metadata (Severity, Status, Detected…).
    pub metadata_style: FieldStyle,
    /// The metadata keys and their labels, in the order the files write them.
    pub metadata: Vec<(Key, String)>,
    /// The `##` sections at least half of the files have, in their order.
    pub sections: Vec<String>,
    /// The severity words the files use (`SEV-1`, `High`), with the level each names.
    pub severity_words: Vec<(String, Severity)>,
    /// How many files it was learned from.
    pub files: usize,
    /// The severity words `.incident.toml` gives (`[dialect.severity]`), preferred.
    pub configured: Vec<(String, Severity)>,
}

impl Default for PostmortemStyle {
    /// A postmortem with a bold-line metadata block and the usual sections.
    fn default() -> Self {
        PostmortemStyle {
            title_prefix: "Postmortem: ".into(),
            metadata_style: FieldStyle::BoldLine,
            metadata: vec![
                (Key::Field(FieldName::Severity), "Severity".into()),
                (Key::Status, "Status".into()),
                (Key::Field(FieldName::Detected), "Detected".into()),
            ],
            sections: [
                "Summary",
                "Impact",
                "Root Causes",
                "Timeline",
                "Action Items",
            ]
            .map(String::from)
            .to_vec(),
            severity_words: Vec::new(),
            files: 0,
            configured: Vec::new(),
        }
    }
}
/// Keys that are written in the metadata block (the sections hold the rest).
fn is_metadata(k: Key) -> bool {
    matches!(
        k,
        Key::Field(
            FieldName::Severity
                | FieldName::Detected
                | FieldName::Acknowledged
                | FieldName::Resolved
                | FieldName::Category
        ) | Key::Status
            | Key::Date
    )
}

impl PostmortemStyle {
    /// Learns the style from the directory's documents (each read as one incident); the
    /// default when none is a postmortem.
    pub fn learn<'a>(docs: impl IntoIterator<Item = &'a Document>) -> PostmortemStyle {
        let docs: Vec<&Document> = docs
            .into_iter()
            .filter(|d| {
                d.log()
                    .dialect
                    .entries
                    .first()
                    .is_some_and(|e| e.level == 1)
            })
            .collect();
        if docs.is_empty() {
            return PostmortemStyle::default();
        }
        let mut style = PostmortemStyle {
            files: docs.len(),
            ..PostmortemStyle::default()
        };
        style.title_prefix = mode(docs.iter().filter_map(|d| {
            let e = d.log().dialect.entries.first()?;
            let b = d.blocks().get(e.block)?;
            let head = &d.as_str()[b.span.start..e.title_span.start];
            Some(head.trim_start_matches('#').trim_start().to_owned())
        }))
        .unwrap_or_default();
        let meta = |d: &Document| -> Vec<(Key, String, FieldStyle)> {
            d.log()
                .dialect
                .entries
                .first()
                .map(|e| {
                    e.reading
                        .fields
                        .iter()
                        .filter_map(|f| {
                            let k = f.key?;
                            (is_metadata(k) && f.style != FieldStyle::Heading)
                                .then(|| (k, f.label.to_string(), f.style))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        if let Some(s) = mode(docs.iter().filter_map(|d| {
            meta(d)
                .into_iter()
                .find(|(k, _, _)| *k == Key::Field(FieldName::Severity))
                .map(|(_, _, s)| s)
        })) {
            style.metadata_style = s;
        }
        let mut metadata: Vec<(Key, String)> = Vec::new();
        for d in &docs {
            for (k, label, _) in meta(d) {
                if !metadata.iter().any(|(x, _)| *x == k) {
                    metadata.push((k, label));
                }
            }
        }
        // Severity, a status and a detection time make a postmortem readable.
        for (k, label) in [
            (Key::Field(FieldName::Severity), "Severity"),
            (Key::Status, "Status"),
            (Key::Field(FieldName::Detected), "Detected"),
        ] {
            let has = metadata
                .iter()
                .any(|(x, _)| *x == k || (k == Key::Field(FieldName::Detected) && *x == Key::Date));
            if !has {
                metadata.push((k, label.into()));
            }
        }
        // A day beside the detection time says nothing more.
        if metadata
            .iter()
            .any(|(k, _)| *k == Key::Field(FieldName::Detected))
        {
            metadata.retain(|(k, _)| *k != Key::Date);
        }
        style.metadata = metadata;
        // Sections: those at least half the files have, in the order they first appear.
        let mut sections: Vec<(String, usize)> = Vec::new();
        for d in &docs {
            let mut here: Vec<String> = Vec::new();
            for b in d.blocks() {
                if let crate::BlockKind::Heading {
                    level: 2, content, ..
                } = &b.kind
                {
                    let t = d.as_str()[content.clone()].trim().to_owned();
                    if !here.contains(&t) {
                        here.push(t);
                    }
                }
            }
            for t in here {
                match sections
                    .iter_mut()
                    .find(|(s, _)| s.eq_ignore_ascii_case(&t))
                {
                    Some((_, n)) => *n += 1,
                    None => sections.push((t, 1)),
                }
            }
        }
        let need = docs.len().div_ceil(2);
        style.sections = sections
            .into_iter()
            .filter(|(s, n)| *n >= need && !s.eq_ignore_ascii_case("metadata"))
            .map(|(s, _)| s)
            .collect();
        let mut words = Vec::new();
        for d in &docs {
            for e in &d.log().dialect.entries {
                if let (Some(f), Some(level)) = (
                    e.reading.get(Key::Field(FieldName::Severity)),
                    e.reading.level(),
                ) {
                    let w = first_word(&f.value);
                    if !w.is_empty() && !words.iter().any(|(x, _)| *x == w) {
                        words.push((w, level));
                    }
                }
            }
        }
        style.severity_words = words;
        style.configured = docs[0].overrides().severity.clone();
        style
    }

    /// The word for `s` in the scheme most of the files use (`SEV-N`, `PN`, a capitalised
    /// word): the files' own word for that level when they have one.
    pub fn severity_word(&self, s: Severity) -> String {
        if let Some((w, _)) = self.configured.iter().find(|(_, l)| *l == s) {
            return w.clone();
        }
        let scheme = |w: &str| {
            let u = w.to_ascii_uppercase();
            if u.starts_with("SEV-") {
                "SEV-"
            } else if u.starts_with("SEV") {
                "SEV"
            } else if u.len() == 2 && u.starts_with('P') {
                "P"
            } else {
                "word"
            }
        };
        let most = mode(self.severity_words.iter().map(|(w, _)| scheme(w)));
        if let Some((w, _)) = self
            .severity_words
            .iter()
            .find(|(w, l)| *l == s && Some(scheme(w)) == most)
        {
            return w.clone();
        }
        let n = s.number();
        match most {
            Some(p @ ("SEV-" | "SEV" | "P")) => format!("{p}{n}"),
            _ => {
                let w = s.as_str().to_ascii_lowercase();
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            }
        }
    }

    /// The text of a new postmortem for `incident`: the `#` title with the files' prefix, the
    /// metadata in their style, then their sections, filled where the incident says something.
    pub fn render(
        &self,
        incident: &Incident,
        dialect: Option<&Dialect>,
    ) -> Result<String, crate::Error> {
        let title = crate::escape::escape_heading(single_line("Title", incident.title.trim())?);
        if title.is_empty() {
            return Err(crate::Error::InvalidValue {
                field: "Title",
                value: incident.title.clone(),
                reason: "an incident needs a title",
            });
        }
        let label_of = |k: Key, default: String| {
            dialect
                .and_then(|d| d.labels.iter().find(|(x, _)| *x == k))
                .map_or(default, |(_, l)| l.clone())
        };
        let time = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
        let mut meta: Vec<(String, String)> = Vec::new();
        for (k, label) in &self.metadata {
            let value = match k {
                Key::Field(FieldName::Severity) => Some(self.severity_word(incident.severity)),
                Key::Status => Some(
                    if incident.resolved.is_some() {
                        "Resolved"
                    } else {
                        "Open"
                    }
                    .into(),
                ),
                Key::Field(FieldName::Detected) => Some(time(incident.detected)),
                Key::Date => Some(incident.detected.format("%Y-%m-%d").to_string()),
                Key::Field(FieldName::Acknowledged) => incident.acknowledged.map(time),
                Key::Field(FieldName::Resolved) => incident.resolved.map(time),
                Key::Field(FieldName::Category) => incident
                    .category
                    .as_deref()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(|c| single_line("Category", c).map(str::to_owned))
                    .transpose()?,
                _ => None,
            };
            if let Some(v) = value {
                meta.push((label_of(*k, label.clone()), v));
            }
        }
        let mut out = format!(
            "# {}{title}\n\n{}\n",
            self.title_prefix,
            metadata_block(&meta, self.metadata_style)
        );
        let text = |t: &Option<String>| {
            t.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| crate::render::render_text(t, "\n"))
        };
        let mut written: Vec<FieldName> = Vec::new();
        let mut sections: Vec<(String, Option<String>)> = Vec::new();
        for s in &self.sections {
            let name = match crate::dialect::fields::key_of(s) {
                Some(Key::Field(n)) => Some(n),
                Some(Key::Actions) => Some(FieldName::FollowUpActions),
                _ => None,
            };
            let body = match name {
                Some(n) if !written.contains(&n) => {
                    written.push(n);
                    self.section_body(incident, n, &text)?
                }
                _ => None,
            };
            sections.push((s.clone(), body));
        }
        // What the incident says and no section of the files holds, under the seed's label.
        for n in [
            FieldName::Description,
            FieldName::Impact,
            FieldName::RootCause,
            FieldName::Resolution,
            FieldName::LessonsLearned,
            FieldName::FollowUpActions,
        ] {
            if !written.contains(&n)
                && let Some(body) = self.section_body(incident, n, &text)?
            {
                sections.push((label_of(Key::Field(n), n.label().to_owned()), Some(body)));
            }
        }
        for (heading, body) in sections {
            out.push_str(&format!("\n## {heading}\n"));
            if let Some(body) = body {
                out.push_str(&format!("\n{body}\n"));
            }
        }
        Ok(out)
    }

    fn section_body(
        &self,
        incident: &Incident,
        n: FieldName,
        text: &impl Fn(&Option<String>) -> Option<String>,
    ) -> Result<Option<String>, crate::Error> {
        Ok(match n {
            FieldName::Description => text(&incident.description),
            FieldName::Impact => text(&incident.impact),
            FieldName::RootCause => text(&incident.root_cause),
            FieldName::Resolution => text(&incident.resolution),
            FieldName::LessonsLearned => text(&incident.lessons_learned),
            FieldName::FollowUpActions if !incident.follow_ups.is_empty() => Some(
                incident
                    .follow_ups
                    .iter()
                    .map(render_follow_up)
                    .collect::<Result<Vec<_>, _>>()?
                    .join("\n"),
            ),
            _ => None,
        })
    }
}

/// The first word of a severity value (`SEV-1`, `High`), without a note or emoji.
fn first_word(v: &str) -> String {
    v.trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .split(|c: char| c.is_whitespace() || c == '(' || c == ',' || c == '.')
        .next()
        .unwrap_or("")
        .to_owned()
}

/// The metadata lines in `style`.
fn metadata_block(fields: &[(String, String)], style: FieldStyle) -> String {
    let lines: Vec<String> = match style {
        FieldStyle::Table => {
            let mut t = vec![
                "| Field | Value |".to_owned(),
                "|-------|-------|".to_owned(),
            ];
            t.extend(
                fields
                    .iter()
                    .map(|(l, v)| format!("| {} | {} |", table_cell(l), table_cell(v))),
            );
            t
        }
        FieldStyle::BoldColonOutside => fields
            .iter()
            .map(|(l, v)| format!("**{l}**: {v}"))
            .collect(),
        FieldStyle::BoldList => fields
            .iter()
            .map(|(l, v)| format!("- **{l}:** {v}"))
            .collect(),
        FieldStyle::BoldListColonOutside => fields
            .iter()
            .map(|(l, v)| format!("- **{l}**: {v}"))
            .collect(),
        FieldStyle::PlainList => fields.iter().map(|(l, v)| format!("- {l}: {v}")).collect(),
        FieldStyle::PlainLine => fields.iter().map(|(l, v)| format!("{l}: {v}")).collect(),
        _ => fields
            .iter()
            .map(|(l, v)| format!("**{l}:** {v}"))
            .collect(),
    };
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn file_names_follow_the_directorys_pattern() {
        let names = [
            "2026-03-02-api-outage.md",
            "2026-04-18-dns-failure.md",
            "README.md",
        ];
        let p = FileNamePattern::learn(names);
        assert_eq!(p.to_string(), "YYYY-MM-DD-<slug>.md");
        assert_eq!(
            p.name("Disk full on db-1!", day("2026-12-01"), &[], 0),
            "2026-12-01-disk-full-on-db-1.md"
        );
        assert_eq!(
            p.name("Disk full", day("2026-12-01"), &[], 1),
            "2026-12-01-disk-full-2.md"
        );
        let p = FileNamePattern::learn(["20260302_api_outage.markdown", "20260418_dns.markdown"]);
        assert_eq!(p.to_string(), "YYYYMMDD_<slug>.markdown");
        assert_eq!(
            p.name("Disk full", day("2026-12-01"), &[], 0),
            "20261201_disk_full.markdown"
        );
        let existing = ["007-api.md".to_owned(), "012-dns.md".to_owned()];
        let p = FileNamePattern::learn(existing.iter().map(String::as_str));
        assert_eq!(p.to_string(), "NNN-<slug>.md");
        assert_eq!(
            p.name("Disk full", day("2026-12-01"), &existing, 0),
            "013-disk-full.md"
        );
        assert_eq!(FileNamePattern::learn([]), FileNamePattern::default());
        assert_eq!(
            FileNamePattern::learn(["api-outage.md"]).name("Disk", day("2026-12-01"), &[], 0),
            "disk.md"
        );
    }

    #[test]
    fn slugs_are_short_ascii_words() {
        assert_eq!(slug("Ünïcode — and  CAPS", '-'), "n-code-and-caps");
        let long = "word ".repeat(30);
        assert!(slug(&long, '-').len() <= 60);
        assert_eq!(slug("!!!", '-'), "");
    }

    #[test]
    fn severity_words_follow_the_files_scheme() {
        let mut s = PostmortemStyle {
            severity_words: vec![("SEV-1".into(), Severity::High)],
            ..PostmortemStyle::default()
        };
        assert_eq!(s.severity_word(Severity::High), "SEV-1");
        assert_eq!(s.severity_word(Severity::Critical), "SEV-0");
        s.severity_words = vec![("P2".into(), Severity::Medium)];
        assert_eq!(s.severity_word(Severity::Low), "P3");
        // Most files write words: a level only another scheme names is a word too.
        s.severity_words = vec![
            ("SEV-1".into(), Severity::High),
            ("High".into(), Severity::High),
            ("Critical".into(), Severity::Critical),
        ];
        assert_eq!(s.severity_word(Severity::High), "High");
        assert_eq!(s.severity_word(Severity::Medium), "Medium");
        s.severity_words.clear();
        assert_eq!(s.severity_word(Severity::Critical), "Critical");
    }
}
