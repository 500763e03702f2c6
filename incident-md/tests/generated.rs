//! Generated incident logs: a random list of incidents is written out as an INCIDENTS.md, and
//! the document must print back byte for byte and read back as exactly that list.
//!
//! Entries are in the seed's format (`##` incidents, or `###` under `## Incidents`) or with bold
//! labels, fields in the template's order or shuffled, labels in any case, severities and
//! timestamps in the forms people write, placeholders or nothing for missing values, unknown
//! fields, and noise sections between entries (paragraphs, code fences, tables, HTML comments,
//! block quotes, lists and indented code holding `## Incident:` lines); line endings are LF,
//! CRLF or CR. Most entries are written by hand here, escaping user text with
//! `incident_md::escape`; some by `incident_md::render::render_entry`.
//!
//! The generator is constrained where the markdown would be genuinely ambiguous:
//!
//! - text values have no leading or trailing whitespace on their first and last lines (values
//!   are trimmed) and no exotic whitespace;
//! - a whole text value is never a placeholder such as `<b>` (a value that reads as the
//!   template's `<what happened>` is "not filled", by design);
//! - follow-up actions contain no en or em dash: ` – ` separates the parts of a follow-up and,
//!   unlike `-`, cannot be backslash-escaped in markdown;
//! - a follow-up's due date is text (not a date) only when it has an owner: `action - next
//!   week` cannot tell a due date from the end of the action;
//! - a placeholder line such as `<what happened>` is followed by a blank line, as in the
//!   template: it is a complete HTML tag, so it starts an HTML block that runs to the next blank
//!   line and would swallow the next field's heading;
//! - bold-label entries have no unknown fields: `**Runbook:** x` is only a label for known fields,
//!   otherwise it is text of the field before it.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use incident_core::{Due, FollowUp, Incident, Policy, RelatedLog, Severity, is_placeholder};
use incident_md::escape::{escape_block, escape_heading, escape_line};
use incident_md::render::render_entry;
use incident_md::view::Template;
use incident_md::{Code, Document};
use proptest::prelude::*;
use proptest::sample::select;

const SEED: &str = include_str!("data/seed.md");

/// One word of user text, heavy on markdown metacharacters and non-ASCII.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z]{1,8}",
        1 => "[0-9]{1,4}",
        1 => select(vec!["é", "日本語", "🔥", "Ünïcødé", "naïve", "Ω", "ß"]).prop_map(str::to_owned),
        3 => select(vec![
            "#", "##", "###", "####", "*", "**", "_", "__", "`", "```", "~~~", "<", ">", "<b>",
            "</div>", "<!--", "-->", "|", "||", "[", "]", "[x]", "[ ]", "[^1]:", "(", ")",
            "[a](b)", "![i](x.png)", "1.", "2)", "10.", "-", "--", "---", "+", "=", "===", "\\",
            "\\*", "\\#", "\\\\", "&amp;", "&#35;", "@dana", "Incident:", "## Incident: fake",
            "Severity:", "**Severity:**", ":", "!", "{", "}", "$", "%", "'", "\"", "?", "/",
            "[foo]:", "<what happened>", "</>",
        ])
        .prop_map(str::to_owned),
    ]
}

/// One line of text: tokens separated by single spaces.
fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 1..6).prop_map(|t| t.join(" "))
}

/// A value that is never a placeholder as a whole.
fn not_placeholder(mut s: String) -> String {
    if is_placeholder(&s) {
        s.push_str(" x");
    }
    s
}

/// Multi-line text: one to three paragraphs of one to three lines, with one or two blank lines
/// between paragraphs.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::collection::vec(line(), 1..4), any::<bool>()), 1..4).prop_map(
        |paras| {
            let mut out = String::new();
            for (k, (lines, wide)) in paras.iter().enumerate() {
                if k > 0 {
                    out.push_str(if *wide { "\n\n\n" } else { "\n\n" });
                }
                out.push_str(&lines.join("\n"));
            }
            not_placeholder(out)
        },
    )
}

/// A follow-up action: one line without en or em dashes.
fn action() -> impl Strategy<Value = String> {
    line().prop_map(not_placeholder)
}

fn follow_up() -> impl Strategy<Value = FollowUp> {
    (
        any::<bool>(),
        action(),
        prop::option::of("[a-z][a-z0-9_]{0,8}"),
        prop_oneof![
            Just(None),
            (2024i32..2030, 1u32..13, 1u32..29)
                .prop_map(|(y, m, d)| Some(Due::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap()))),
            "[a-z]{2,6}( [a-z]{2,6})?".prop_map(|t| Some(Due::Text(t))),
        ],
    )
        .prop_map(|(done, action, assignee, due)| {
            let mut f = FollowUp::new(action);
            f.done = done;
            // Without an owner, `action - next week` is an action: due text needs an owner.
            f.due = match (&assignee, due) {
                (None, Some(Due::Text(_))) => None,
                (_, due) => due,
            };
            f.assignee = assignee;
            f
        })
}

fn related_log() -> impl Strategy<Value = RelatedLog> {
    prop_oneof![
        (line(), "[A-Za-z0-9_./#-]{1,16}( [a-z0-9]{1,6})?")
            .prop_map(|(text, target)| RelatedLog::new(text, Some(target))),
        line().prop_map(|text| RelatedLog::new(text, None)),
    ]
}

fn timestamp() -> impl Strategy<Value = DateTime<Utc>> {
    // 2020-09-13 to 2027-01-15, to the second; some on whole minutes.
    (1_600_000_000i64..1_800_000_000, any::<bool>()).prop_map(|(s, whole)| {
        let s = if whole { s - s % 60 } else { s };
        Utc.timestamp_opt(s, 0).unwrap()
    })
}

fn incident() -> impl Strategy<Value = Incident> {
    (
        (
            line(),
            select(Severity::ALL.to_vec()),
            prop::option::of(prop_oneof![
                "[A-Z][A-Z_]{2,15}",
                "[A-Z][a-z]{2,8} [a-z]{2,8}"
            ]),
            timestamp(),
            prop::option::of(timestamp()),
            prop::option::of(timestamp()),
        ),
        (
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
            prop::collection::vec(follow_up(), 0..4),
            prop::option::of(text()),
            prop::collection::vec(related_log(), 0..4),
        ),
    )
        .prop_map(
            |(
                (title, severity, category, detected, acknowledged, resolved),
                (description, impact, root_cause, resolution, follow_ups, lessons, logs),
            )| {
                let mut i = Incident::new(title, severity, detected);
                i.category = category;
                i.acknowledged = acknowledged;
                i.resolved = resolved;
                i.description = description;
                i.impact = impact;
                i.root_cause = root_cause;
                i.resolution = resolution;
                i.follow_ups = follow_ups;
                i.lessons_learned = lessons;
                i.related_logs = logs;
                i
            },
        )
}

/// How a document is written: choices that do not change what it means.
#[derive(Debug, Clone)]
struct Style {
    eol: &'static str,
    /// `###` incidents under `## Incidents`, with `####` fields.
    level3: bool,
    /// The seed (policy, template) before the entries, or a short title and blurb.
    seed_preamble: bool,
    final_eol: bool,
}

fn style() -> impl Strategy<Value = Style> {
    (
        select(vec!["\n", "\r\n", "\r"]),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(eol, level3, seed_preamble, final_eol)| Style {
            eol,
            level3,
            seed_preamble,
            final_eol,
        })
}

/// How one entry is written.
#[derive(Debug, Clone)]
struct EntryStyle {
    bold: bool,
    /// Randomness for per-field choices (case of labels, placeholders, formats, order).
    picks: Vec<u8>,
    /// Unknown fields (label, value, whether the value is on the label line).
    unknown: Vec<(String, String, bool)>,
    /// A noise section after the entry.
    noise: Vec<Noise>,
    /// A `---` after the entry.
    separator: bool,
    /// Written by `incident_md::render::render_entry` rather than by hand.
    rendered: bool,
}

#[derive(Debug, Clone)]
enum Noise {
    Paragraph(String),
    Fence(String, bool),
    Table(String),
    Comment(String),
    Quote(String),
    List(String),
    Indented(String),
    Break,
}

fn noise() -> impl Strategy<Value = Noise> {
    prop_oneof![
        text().prop_map(Noise::Paragraph),
        (line(), any::<bool>()).prop_map(|(t, tilde)| Noise::Fence(t, tilde)),
        line().prop_map(Noise::Table),
        line().prop_map(Noise::Comment),
        line().prop_map(Noise::Quote),
        line().prop_map(Noise::List),
        line().prop_map(Noise::Indented),
        Just(Noise::Break),
    ]
}

fn unknown_fields() -> impl Strategy<Value = Vec<(String, String, bool)>> {
    prop::sample::subsequence(
        vec![
            // Not Timeline, Status or Owner: those are known fields now.
            "Runbook",
            "Reviewer",
            "Pager",
            "Customer Communication",
            "Postmortem",
        ],
        0..=2,
    )
    .prop_flat_map(|labels| {
        let n = labels.len();
        (
            Just(labels),
            prop::collection::vec((text(), line(), any::<bool>()), n),
        )
    })
    .prop_map(|(labels, values)| {
        labels
            .into_iter()
            .zip(values)
            .map(|(l, (block, one, inline))| {
                let v = if inline { one } else { block };
                (l.to_owned(), v, inline)
            })
            .collect()
    })
}

fn entry_style() -> impl Strategy<Value = EntryStyle> {
    (
        prop::bool::weighted(0.3),
        prop::collection::vec(any::<u8>(), 48),
        unknown_fields(),
        prop::collection::vec(noise(), 0..3),
        any::<bool>(),
        prop::bool::weighted(0.25),
    )
        .prop_map(
            |(bold, picks, unknown, noise, separator, rendered)| EntryStyle {
                bold: bold && !rendered,
                unknown: if bold || rendered {
                    Vec::new()
                } else {
                    unknown
                },
                picks,
                noise,
                separator,
                rendered,
            },
        )
}

/// A cursor over an entry's random picks.
struct Picks<'a> {
    picks: &'a [u8],
    at: usize,
}

impl Picks<'_> {
    fn next(&mut self, n: u8) -> u8 {
        let v = self.picks[self.at % self.picks.len()];
        self.at += 1;
        v % n
    }
    fn chance(&mut self) -> bool {
        self.next(2) == 0
    }
}

/// A timestamp in one of the forms people write.
fn write_timestamp(t: DateTime<Utc>, p: &mut Picks) -> String {
    let z = incident_core::format_timestamp(t);
    match p.next(5) {
        0 => z,
        1 => {
            let hours = i32::from(p.next(25)) - 12;
            t.with_timezone(&FixedOffset::east_opt(hours * 3600).unwrap())
                .to_rfc3339()
        }
        2 => t.format("%Y-%m-%d %H:%M:%SZ").to_string(),
        3 if t.timestamp() % 60 == 0 => t.format("%Y-%m-%d %H:%M UTC").to_string(),
        _ => format!("`{z}`"),
    }
}

fn write_severity(s: Severity, p: &mut Picks) -> String {
    let upper = s.as_str();
    let mut title = upper[..1].to_owned();
    title.push_str(&upper[1..].to_ascii_lowercase());
    match p.next(4) {
        0 => upper.to_owned(),
        1 => upper.to_ascii_lowercase(),
        2 => title,
        _ => format!("`{upper}`"),
    }
}

/// Escapes a follow-up action: a ` - ` inside (or at the end) would read as a separator.
fn escape_action(action: &str) -> String {
    let mut s = escape_line(action);
    while s.contains(" - ") {
        s = s.replace(" - ", " \\- ");
    }
    if s.ends_with(" -") {
        s.insert(s.len() - 1, '\\');
    }
    s
}

fn write_follow_up(f: &FollowUp, marker: char, p: &mut Picks) -> String {
    let sep = [" - ", " – ", " — "][p.next(3) as usize];
    let check = if f.done {
        ["x", "X"][p.next(2) as usize]
    } else {
        " "
    };
    let mut s = format!("{marker} [{check}] {}", escape_action(&f.action));
    if let Some(who) = &f.assignee {
        s.push_str(sep);
        s.push('@');
        s.push_str(who);
    }
    if let Some(due) = &f.due {
        s.push_str(sep);
        s.push_str(&due.to_string());
    }
    s
}

fn write_related_log(r: &RelatedLog) -> String {
    match &r.target {
        Some(target) => {
            let label = r
                .text
                .replace('\\', "\\\\")
                .replace('[', "\\[")
                .replace(']', "\\]");
            if target.contains(' ') {
                format!("[{label}](<{target}>)")
            } else {
                format!("[{label}]({target})")
            }
        }
        None => escape_line(&r.text),
    }
}

/// A known field's label as written: as in the template, or in another case.
fn label(name: &str, p: &mut Picks) -> String {
    match p.next(4) {
        0 => name.to_ascii_lowercase(),
        1 => name.to_ascii_uppercase(),
        _ => name.to_owned(),
    }
}

/// Writes one field: `### Label: value` / `### Label:` + body, or `**Label:** value` + body.
/// `inline` is the value for the label line, `body` the lines below it (already escaped).
fn write_field(
    out: &mut Vec<String>,
    hashes: &str,
    bold: bool,
    label: &str,
    inline: Option<&str>,
    body: Option<&str>,
    p: &mut Picks,
) {
    let head = if bold {
        let l = if p.chance() {
            format!("**{label}:**")
        } else {
            format!("**{label}**:")
        };
        match inline {
            Some(v) => format!("{l} {v}"),
            None => l,
        }
    } else {
        match inline {
            Some(v) => format!("{hashes} {label}: {v}"),
            None => format!("{hashes} {label}:"),
        }
    };
    match body {
        Some(b) => out.push(format!("{head}\n{b}")),
        None => out.push(head),
    }
}

/// The template's placeholder for a field, or nothing (the field is left out), or an empty field.
enum Missing {
    Omit,
    Placeholder,
    Empty,
}

fn missing(p: &mut Picks) -> Missing {
    match p.next(3) {
        0 => Missing::Omit,
        1 => Missing::Placeholder,
        _ => Missing::Empty,
    }
}

/// Writes one entry, with `\n` line endings (converted later).
fn write_entry(i: &Incident, level3: bool, es: &EntryStyle) -> String {
    let mut p = Picks {
        picks: &es.picks,
        at: 0,
    };
    let h = if level3 { "###" } else { "##" };
    let fh = format!("{h}#");
    let bold = es.bold;
    // Each field is one chunk; chunks are shuffled, then joined by blank lines.
    let mut fields: Vec<String> = Vec::new();
    let f = &mut fields;
    let sev = write_severity(i.severity, &mut p);
    let l = label("Severity", &mut p);
    write_field(f, &fh, bold, &l, Some(&sev), None, &mut p);
    let det = write_timestamp(i.detected, &mut p);
    let l = label("Detected", &mut p);
    write_field(f, &fh, bold, &l, Some(&det), None, &mut p);
    match &i.category {
        Some(c) => {
            let v = if p.chance() {
                escape_heading(c)
            } else {
                format!("`{c}`")
            };
            write_field(f, &fh, bold, "Category", Some(&v), None, &mut p);
        }
        None => {
            if let Missing::Placeholder = missing(&mut p) {
                write_field(f, &fh, bold, "Category", Some("<category>"), None, &mut p);
            }
        }
    }
    for (name, t) in [("Acknowledged", i.acknowledged), ("Resolved", i.resolved)] {
        match t {
            Some(t) => {
                let v = write_timestamp(t, &mut p);
                write_field(f, &fh, bold, name, Some(&v), None, &mut p);
            }
            None => match missing(&mut p) {
                Missing::Omit => {}
                Missing::Placeholder => write_field(
                    f,
                    &fh,
                    bold,
                    name,
                    Some("<ISO 8601 timestamp>"),
                    None,
                    &mut p,
                ),
                Missing::Empty => write_field(f, &fh, bold, name, None, None, &mut p),
            },
        }
    }
    let texts = [
        ("Description", &i.description, "<what happened>"),
        ("Impact", &i.impact, "<affected systems, users, services>"),
        ("Root Cause", &i.root_cause, "<technical root cause>"),
        ("Resolution", &i.resolution, "<steps taken to resolve>"),
        (
            "Lessons Learned",
            &i.lessons_learned,
            "<what could be improved>",
        ),
    ];
    for (name, value, placeholder) in texts {
        let l = label(name, &mut p);
        match value {
            Some(v) => {
                // The first line may stand on the label line.
                let (first, rest) = v.split_once('\n').unwrap_or((v, ""));
                if p.next(4) == 0 {
                    let rest = rest.trim_start_matches('\n');
                    let inline = if bold {
                        escape_line(first)
                    } else {
                        escape_heading(first)
                    };
                    // The blank lines between the first line and the rest stay in the value.
                    let glue = &v[first.len()..v.len() - rest.len()];
                    let body = (!rest.is_empty())
                        .then(|| format!("{}{}", &glue[1..], escape_block(rest, "\n")));
                    write_field(f, &fh, bold, &l, Some(&inline), body.as_deref(), &mut p);
                } else {
                    let body = escape_block(v, "\n");
                    write_field(f, &fh, bold, &l, None, Some(&body), &mut p);
                }
            }
            None => match missing(&mut p) {
                Missing::Omit => {}
                Missing::Placeholder => {
                    write_field(f, &fh, bold, &l, None, Some(placeholder), &mut p)
                }
                Missing::Empty => write_field(f, &fh, bold, &l, None, None, &mut p),
            },
        }
    }
    let l = label("Follow-up Actions", &mut p);
    if i.follow_ups.is_empty() {
        match missing(&mut p) {
            Missing::Omit => {}
            Missing::Placeholder => {
                let ph = "- [ ] <action> - @<assignee> - <due date>";
                let body = if p.chance() {
                    ph.to_owned()
                } else {
                    format!("{ph}\n{ph}")
                };
                write_field(f, &fh, bold, &l, None, Some(&body), &mut p);
            }
            Missing::Empty => write_field(f, &fh, bold, &l, None, None, &mut p),
        }
    } else {
        let marker = ['-', '*', '+'][p.next(3) as usize];
        let items: Vec<String> = i
            .follow_ups
            .iter()
            .map(|fu| write_follow_up(fu, marker, &mut p))
            .collect();
        write_field(f, &fh, bold, &l, None, Some(&items.join("\n")), &mut p);
    }
    let l = label("Related Logs", &mut p);
    if i.related_logs.is_empty() {
        match missing(&mut p) {
            Missing::Omit => {}
            Missing::Placeholder => write_field(
                f,
                &fh,
                bold,
                &l,
                None,
                Some("<links to LOGS.md entries>"),
                &mut p,
            ),
            Missing::Empty => write_field(f, &fh, bold, &l, None, None, &mut p),
        }
    } else {
        // A list, or one log per line of a paragraph.
        let list = p.chance();
        let items: Vec<String> = i
            .related_logs
            .iter()
            .map(|r| {
                let item = write_related_log(r);
                if list { format!("- {item}") } else { item }
            })
            .collect();
        write_field(f, &fh, bold, &l, None, Some(&items.join("\n")), &mut p);
    }
    for (l, v, inline) in &es.unknown {
        if *inline {
            write_field(f, &fh, false, l, Some(&escape_heading(v)), None, &mut p);
        } else {
            write_field(f, &fh, false, l, None, Some(&escape_block(v, "\n")), &mut p);
        }
    }
    // The template's order, or any order: the view does not care.
    let n = if p.chance() { fields.len() } else { 0 };
    for k in (1..n).rev() {
        let j = p.next(u8::MAX) as usize % (k + 1);
        fields.swap(k, j);
    }
    let mut out = format!("{h} Incident: {}", escape_heading(&i.title));
    let mut after_html = false;
    for chunk in fields {
        // Heading fields need no blank line between them; bold fields and lists do. So does a
        // placeholder: `<what happened>` on its own line starts an HTML block, which runs to
        // the next blank line and would swallow the next heading.
        out.push_str(if !bold && !after_html && p.chance() {
            "\n"
        } else {
            "\n\n"
        });
        after_html = chunk
            .rsplit('\n')
            .next()
            .is_some_and(|l| l.starts_with('<'));
        out.push_str(&chunk);
    }
    out
}

fn write_noise(n: &Noise) -> String {
    match n {
        Noise::Paragraph(t) => escape_block(t, "\n"),
        Noise::Fence(t, tilde) => {
            let f = if *tilde { "~~~~" } else { "```" };
            format!(
                "{f}md\n## Incident: {t}\n### Severity: HIGH\n### Detected: 2026-01-01T00:00:00Z\n{f}"
            )
        }
        Noise::Table(t) => format!(
            "| Heading | Text |\n|---|---|\n| ## Incident: {} | {} |",
            t.replace('|', "\\|"),
            t.replace('|', "\\|")
        ),
        Noise::Comment(t) => format!(
            "<!--\n## Incident: {}\n### Severity: LOW\n-->",
            t.replace("-->", "- ->")
        ),
        Noise::Quote(t) => format!("> ## Incident: {t}\n> ### Severity: LOW"),
        Noise::List(t) => format!("- ## Incident: {t}\n- ### Severity: LOW"),
        Noise::Indented(t) => format!("    ## Incident: {t}\n    ### Severity: LOW"),
        Noise::Break => "***".to_owned(),
    }
}

/// The whole file, with `style.eol` line endings.
fn write_log(incidents: &[Incident], entries: &[EntryStyle], style: &Style) -> String {
    let mut out = if style.seed_preamble {
        SEED.trim_end().to_owned()
    } else {
        "# INCIDENTS.md — Production Incident Log\n\n> Log all production-level failures."
            .to_owned()
    };
    if style.level3 {
        out.push_str("\n\n## Incidents");
    }
    let h = if style.level3 { "###" } else { "##" };
    for (k, (i, es)) in incidents.iter().zip(entries).enumerate() {
        out.push_str("\n\n");
        if es.rendered {
            let mut template = Template::default();
            template.incident_level = if style.level3 { 3 } else { 2 };
            out.push_str(&render_entry(i, &template, "\n").unwrap());
        } else {
            out.push_str(&write_entry(i, style.level3, es));
        }
        if es.separator {
            out.push_str("\n\n---");
        }
        if !es.noise.is_empty() {
            out.push_str(&format!("\n\n{h} Notes {k}"));
            for n in &es.noise {
                out.push_str("\n\n");
                out.push_str(&write_noise(n));
            }
        }
    }
    if style.final_eol {
        out.push('\n');
    }
    if style.eol == "\n" {
        out
    } else {
        out.replace('\n', style.eol)
    }
}

fn log() -> impl Strategy<Value = (Vec<Incident>, Vec<EntryStyle>, Style)> {
    prop::collection::vec((incident(), entry_style()), 0..5)
        .prop_map(|list| {
            let (mut incidents, entries): (Vec<_>, Vec<_>) = list.into_iter().unzip();
            // Distinct detection times: the same title and time twice is a diagnostic.
            let mut seen = HashSet::new();
            for i in &mut incidents {
                while !seen.insert(i.detected) {
                    i.detected += chrono::TimeDelta::seconds(1);
                }
            }
            (incidents, entries)
        })
        .prop_flat_map(|(i, e)| (Just(i), Just(e), style()))
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Modest by default, so that the test is fast in debug builds; `PROPTEST_CASES` raises it.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_logs_read_back_as_their_model((incidents, entries, style) in log()) {
        let text = write_log(&incidents, &entries, &style);
        let doc: Document = text.parse().unwrap();
        // `DUMP_GEN=1 cargo test --test generated -- --nocapture` shows what is generated.
        if std::env::var("DUMP_GEN").is_ok() {
            eprintln!("=====\n{text}");
        }
        prop_assert_eq!(doc.to_string(), text.as_str());
        let log = doc.log();
        prop_assert_eq!(log.incidents.len(), incidents.len(), "{}", text);
        for (e, (want, es)) in log.incidents.iter().zip(incidents.iter().zip(&entries)) {
            prop_assert_eq!(&e.title, &want.title);
            prop_assert_eq!(e.level, if style.level3 { 3 } else { 2 });
            // `render_entry` percent-encodes what a bare link destination cannot hold.
            let mut want = want.clone();
            if es.rendered {
                for r in &mut want.related_logs {
                    let target = r.target.as_deref().map(incident_md::render::encode_link_target);
                    *r = RelatedLog::new(r.text.clone(), target);
                }
            }
            prop_assert_eq!(e.incident.as_ref(), Some(&want), "{}", text);
            for (label, value, _) in &es.unknown {
                let f = e.field_by_label(label);
                prop_assert!(f.is_some_and(|f| f.name.is_none()), "{}", label);
                prop_assert_eq!(&f.unwrap().text, value);
            }
            let src = doc.as_str();
            prop_assert!(e.heading_span.start == e.span.start && e.span.end <= src.len());
            for f in &e.fields {
                prop_assert!(e.span.start <= f.span.start && f.span.end <= e.span.end);
            }
        }
        for w in log.incidents.windows(2) {
            prop_assert!(w[0].span.end < w[1].span.start);
        }
        // Generated logs are well formed: no structure diagnostics (follow-ups without owner or
        // date are requirement findings, PIR002/PIR003, of the checks, not of the reader).
        prop_assert!(log.diagnostics.is_empty(), "{:?}", log.diagnostics);
        let follow_ups = || incidents.iter().flat_map(|i| &i.follow_ups);
        let no_owner = follow_ups().filter(|f| f.assignee.is_none()).count();
        // A done follow-up needs no due date (one written wrong is still a finding).
        let no_date = follow_ups()
            .filter(|f| f.due_date().is_none() && (!f.done || f.due.is_some()))
            .count();
        let now = "2026-01-01T00:00:00Z".parse().unwrap();
        let findings = incident_md::check_document(&doc, &incident_md::CheckContext::new(now));
        let count = |c: Code| findings.iter().filter(|d| d.code == c).count();
        prop_assert_eq!(count(Code::FollowUpOwner), no_owner);
        prop_assert_eq!(count(Code::FollowUpDue), no_date);
        // IDs are unique and find their entry.
        let ids: HashSet<&str> = log.incidents.iter().map(|e| e.id.as_str()).collect();
        prop_assert_eq!(ids.len(), log.incidents.len());
        for e in &log.incidents {
            prop_assert_eq!(&doc.find(&e.id).unwrap().id, &e.id);
        }
        if style.seed_preamble {
            prop_assert_eq!(&log.policy, &Policy::default());
            prop_assert_eq!(&log.template.fields, &Template::default().fields);
        }
    }

    /// The check every write runs (only the findings that block) is the whole check filtered,
    /// in order, on generated logs as written and with every entry written twice.
    #[test]
    fn blocking_findings_of_generated_logs((incidents, entries, style) in log()) {
        use incident_md::check::{CheckContext, blocking_findings, blocks_write};
        let text = write_log(&incidents, &entries, &style);
        let twice = format!("{text}\n{text}");
        for text in [&text, &twice] {
            let doc: Document = text.parse().unwrap();
            for now in ["2026-01-01T00:00:00Z", "2031-01-01T00:00:00Z"] {
                let ctx = CheckContext::new(now.parse().unwrap());
                let all = incident_md::check_document(&doc, &ctx);
                for allow_unknown in [false, true] {
                    let filtered: Vec<_> =
                        all.iter().filter(|f| blocks_write(f, allow_unknown)).cloned().collect();
                    prop_assert_eq!(blocking_findings(&doc, &ctx, allow_unknown), filtered);
                }
            }
        }
    }
}
