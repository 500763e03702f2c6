//! Edits of fields written in every field style a log may use: each edit command on an entry
//! of each style. A replaced value changes only its own bytes; a new field is written in the
//! entry's style right after its last field of that style; the result reads back; CRLF files
//! get CRLF.

use incident_core::{FollowUp, TimelineItem, Transition};
use incident_md::dialect::{FieldStyle, Key, LooseField};
use incident_md::{Change, Document, FieldName, Result};

/// The styles, each with one entry's fields in it: Severity, Detected, Impact, Status.
const STYLES: [(&str, FieldStyle); 8] = [
    ("bold-line", FieldStyle::BoldLine),
    ("bold-colon-outside", FieldStyle::BoldColonOutside),
    ("bold-list", FieldStyle::BoldList),
    ("plain-list", FieldStyle::PlainList),
    ("plain-line", FieldStyle::PlainLine),
    ("bold-lead", FieldStyle::BoldLead),
    ("table", FieldStyle::Table),
    ("heading", FieldStyle::Heading),
];

fn fields(style: &str, date: &str) -> String {
    let detected = format!("{date}T10:00:00Z");
    let rows = [
        ("Severity", "High"),
        ("Detected", detected.as_str()),
        ("Impact", "Checkout failed."),
        ("Status", "Open"),
    ];
    let join = |f: &dyn Fn(&str, &str) -> String, sep: &str| {
        rows.iter()
            .map(|(l, v)| f(l, v))
            .collect::<Vec<_>>()
            .join(sep)
    };
    match style {
        "bold-line" => join(&|l, v| format!("**{l}:** {v}"), "\n"),
        "bold-colon-outside" => join(&|l, v| format!("**{l}**: {v}"), "\n"),
        "bold-list" => join(&|l, v| format!("- **{l}:** {v}"), "\n"),
        "plain-list" => join(&|l, v| format!("- {l}: {v}"), "\n"),
        "plain-line" => join(&|l, v| format!("{l}: {v}"), "\n"),
        "bold-lead" => join(&|l, v| format!("**{l}.** {v}"), "\n\n"),
        "table" => format!(
            "| Field | Value |\n|-------|-------|\n{}",
            join(&|l, v| format!("| {l} | {v} |"), "\n")
        ),
        "heading" => join(&|l, v| format!("### {l}\n\n{v}"), "\n\n"),
        _ => unreachable!(),
    }
}

/// A log of two entries in one style; the first is edited.
fn log(style: &str) -> String {
    format!(
        "# Ops log\n\nNewest first.\n\n## 2026-03-02 — API outage\n\n{}\n\n---\n\n## 2026-02-01 — Disk full\n\n{}\n",
        fields(style, "2026-03-02"),
        fields(style, "2026-02-01")
    )
}

type Edit = fn(&mut Document, &str) -> Result<Vec<Change>>;

fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    s.parse().unwrap()
}

/// Edits of a field the entry has: the key, the edit, and the value the file then says.
const REPLACING: [(&str, Key, Edit, &str); 3] = [
    (
        "set-severity",
        Key::Field(FieldName::Severity),
        |d, id| d.set_field(id, FieldName::Severity, "CRITICAL"),
        // In the file's own words.
        "Critical",
    ),
    (
        "set-impact",
        Key::Field(FieldName::Impact),
        |d, id| {
            d.update(id, |i| {
                i.impact = Some("Checkout failed for 4 minutes.".into())
            })
        },
        "Checkout failed for 4 minutes.",
    ),
    (
        "set-status",
        Key::Status,
        |d, id| d.set_field(id, FieldName::Status, "reopened"),
        "reopened",
    ),
];

/// Edits that add a field the entry lacks: the field and the edit.
const ADDING: [(&str, FieldName, Edit); 6] = [
    ("ack", FieldName::Acknowledged, |d, id| {
        d.transition(id, &Transition::Acknowledge(at("2026-03-02T10:05:00Z")))
    }),
    ("mitigate", FieldName::Mitigated, |d, id| {
        d.transition(id, &Transition::Mitigate(at("2026-03-02T10:20:00Z")))
    }),
    ("resolve", FieldName::Resolved, |d, id| {
        d.transition(id, &Transition::Resolve(at("2026-03-02T10:40:00Z")))
    }),
    ("action-add", FieldName::FollowUpActions, |d, id| {
        let f: FollowUp = "Add a disk alert - @ana - 2026-03-09".parse().unwrap();
        d.add_follow_up(id, &f)
    }),
    ("update-root-cause", FieldName::RootCause, |d, id| {
        d.update(id, |i| i.root_cause = Some("A bad deploy.".into()))
    }),
    ("timeline-add", FieldName::Timeline, |d, id| {
        let item = TimelineItem::new(at("2026-03-02T10:12:00Z"), "Paged on-call");
        d.add_timeline_item(id, &item)
    }),
];

fn first(doc: &Document) -> String {
    doc.incidents()[0].id.clone()
}

fn field(doc: &Document, key: Key) -> &LooseField {
    doc.incidents()[0]
        .reading
        .fields
        .iter()
        .find(|f| f.key == Some(key))
        .unwrap_or_else(|| panic!("no {key} field in\n{}", doc.as_str()))
}

/// The end of the line a field's value ends on.
fn line_end(src: &str, f: &LooseField) -> usize {
    let from = f.span.end.max(f.at);
    src[from..].find('\n').map_or(src.len(), |e| from + e)
}

#[test]
fn a_replaced_value_changes_only_its_own_bytes() {
    for (style, _) in STYLES {
        for (edit, key, run, written) in REPLACING {
            let src = log(style);
            let mut doc: Document = src.parse().unwrap();
            let span = field(&doc, key).span.clone();
            let id = first(&doc);
            let changes = run(&mut doc, &id).unwrap_or_else(|e| panic!("{style}/{edit}: {e}"));
            let mut want = src.clone();
            want.replace_range(span, written);
            assert_eq!(doc.as_str(), want, "{style}/{edit}");
            assert_eq!(changes.len(), 1, "{style}/{edit}");
            assert_eq!(first(&doc), id, "{style}/{edit}: the ID changed");
            assert_eq!(field(&doc, key).value, written, "{style}/{edit} reads back");
        }
    }
}

#[test]
fn a_new_field_follows_the_entrys_last_field_in_its_style() {
    for (style, st) in STYLES {
        for (edit, name, run) in ADDING {
            let src = log(style);
            let mut doc: Document = src.parse().unwrap();
            let entry = &doc.incidents()[0];
            let last = entry.reading.fields.last().unwrap();
            // A time of the incident's course goes right after the entry's Detected (in a
            // table, as its last row like any other).
            let course = matches!(
                name,
                FieldName::Acknowledged | FieldName::Mitigated | FieldName::Resolved
            );
            let detected = entry
                .reading
                .fields
                .iter()
                .find(|f| f.key == Some(Key::Field(FieldName::Detected)));
            let anchor = match detected {
                Some(d) if course && st != FieldStyle::Table => d,
                _ => last,
            };
            let mut at = line_end(&src, anchor);
            // Resolving or mitigating also changes the team's `Status: Open`, in its bytes.
            let mut src = src.clone();
            let status = match name {
                FieldName::Resolved => Some("Resolved"),
                FieldName::Mitigated => Some("Mitigated"),
                _ => None,
            };
            if let Some(word) = status {
                let span = field(&doc, Key::Status).span.clone();
                if span.end <= at {
                    at = at + word.len() - span.len();
                }
                src.replace_range(span, word);
            }
            let id = first(&doc);
            run(&mut doc, &id).unwrap_or_else(|e| panic!("{style}/{edit}: {e}"));
            let after = doc.as_str();
            // One insertion, at the end of the last field's line.
            let inserted = after.len() - src.len();
            assert_eq!(&after[..at], &src[..at], "{style}/{edit}");
            assert_eq!(&after[at + inserted..], &src[at..], "{style}/{edit}");
            let key = Key::Field(name);
            let f = field(&doc, key);
            // A list cannot stand in a table cell: it goes under a bold label after the table.
            let want = if st == FieldStyle::Table
                && name.kind() != incident_core::FieldKind::Timestamp
                && name != FieldName::RootCause
            {
                FieldStyle::BoldLine
            } else {
                st
            };
            assert_eq!(f.style, want, "{style}/{edit}:\n{after}");
            assert_eq!(first(&doc), id, "{style}/{edit}: the ID changed");
            if let Some(word) = status {
                assert_eq!(field(&doc, Key::Status).value, word, "{style}/{edit}");
            }
            let read = doc.incidents()[0].incident.as_ref().unwrap();
            match name {
                FieldName::Acknowledged => assert_eq!(read.acknowledged, Some(at_("10:05"))),
                FieldName::Mitigated => assert_eq!(read.mitigated, Some(at_("10:20"))),
                FieldName::Resolved => assert_eq!(read.resolved, Some(at_("10:40"))),
                FieldName::FollowUpActions => assert_eq!(read.follow_ups.len(), 1),
                FieldName::RootCause => {
                    assert_eq!(read.root_cause.as_deref(), Some("A bad deploy."))
                }
                _ => assert!(f.value.contains("Paged on-call"), "{style}/{edit}"),
            }
        }
    }
}

fn at_(hm: &str) -> chrono::DateTime<chrono::Utc> {
    at(&format!("2026-03-02T{hm}:00Z"))
}

#[test]
fn an_added_action_is_ticked_in_one_byte() {
    for (style, _) in STYLES {
        let mut doc: Document = log(style).parse().unwrap();
        let id = first(&doc);
        for action in ["Add a disk alert - @ana - 2026-03-09", "Page earlier - @bo"] {
            doc.add_follow_up(&id, &action.parse().unwrap()).unwrap();
        }
        let before = doc.as_str().to_owned();
        let changes = doc
            .set_follow_up_done(&id, 2, true)
            .unwrap_or_else(|e| panic!("{style}: {e}\n{}", doc.as_str()));
        assert_eq!(changes.len(), 1, "{style}");
        let diff: Vec<usize> = (0..before.len())
            .filter(|&k| before.as_bytes()[k] != doc.as_str().as_bytes()[k])
            .collect();
        assert_eq!(diff.len(), 1, "{style}");
        assert_eq!(&doc.as_str()[diff[0]..diff[0] + 1], "x", "{style}");
        let read = doc.incidents()[0].incident.as_ref().unwrap();
        let done: Vec<bool> = read.follow_ups.iter().map(|f| f.done).collect();
        assert_eq!(done, [false, true], "{style}:\n{}", doc.as_str());
    }
}

/// Every edit of the matrix, as the diff it makes.
fn all_diffs(crlf: bool) -> String {
    let mut out = String::new();
    let edits = REPLACING
        .iter()
        .map(|(n, _, e, _)| (*n, *e))
        .chain(ADDING.iter().map(|(n, _, e)| (*n, *e)));
    for (name, run) in edits {
        for (style, _) in STYLES {
            let mut src = log(style);
            if crlf {
                src = src.replace('\n', "\r\n");
            }
            let mut doc: Document = src.parse().unwrap();
            let id = first(&doc);
            run(&mut doc, &id).unwrap();
            out.push_str(&format!(
                "== {style} / {name}\n{}",
                diff(&src, doc.as_str())
            ));
        }
    }
    out
}

/// The changed lines: `-` before, `+` after, with the line before them for context.
fn diff(a: &str, b: &str) -> String {
    let pre = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .bytes()
        .rev()
        .zip(b[pre..].bytes().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let start = a[..pre]
        .trim_end_matches(['\n', '\r'])
        .rfind('\n')
        .map_or(0, |p| p + 1);
    let end = |s: &str, e: usize| s[e..].find('\n').map_or(s.len(), |p| e + p);
    let lines = |s: &str, sign: char, e: usize| {
        s[start..end(s, e)]
            .split('\n')
            .map(|l| format!("{sign} {}\n", l.trim_end_matches('\r')))
            .collect::<String>()
    };
    format!(
        "{}{}",
        lines(a, '-', a.len() - suf),
        lines(b, '+', b.len() - suf)
    )
}

#[test]
fn the_diffs_of_every_edit_in_every_style() {
    insta::assert_snapshot!(all_diffs(false));
}

#[test]
fn a_crlf_log_gets_the_same_edits_in_crlf() {
    let mut docs = Vec::new();
    for (style, _) in STYLES {
        for (_, _, run, _) in REPLACING {
            docs.push((style, run));
        }
        for (_, _, run) in ADDING {
            docs.push((style, run));
        }
    }
    for (style, run) in docs {
        let lf = log(style);
        let crlf = lf.replace('\n', "\r\n");
        let mut a: Document = lf.parse().unwrap();
        let mut b: Document = crlf.parse().unwrap();
        let id = first(&a);
        run(&mut a, &id).unwrap();
        run(&mut b, &id).unwrap();
        assert_eq!(b.as_str(), a.as_str().replace('\n', "\r\n"), "{style}");
    }
}

#[test]
fn a_label_inside_a_seed_field_is_text_not_a_field() {
    // `Status: resolved` in a description is prose: setting Status adds the seed's field.
    let text = "# Log\n\n## Incident: Outage\n\n### Severity: LOW\n\n### Detected: 2026-03-02T10:00:00Z\n\n### Description:\nStatus: resolved by a restart.\n";
    let mut doc: Document = text.parse().unwrap();
    let id = first(&doc);
    doc.set_field(&id, FieldName::Status, "reopened").unwrap();
    assert!(doc.as_str().contains("Status: resolved by a restart."));
    assert!(
        doc.as_str().contains("### Status: reopened"),
        "{}",
        doc.as_str()
    );
}

/// `Entry::value_of` finds a field in the entry's own style, as the agent server's dedup key
/// and writer lookups need (a postmortem's table row, a bold line, a list item, a plain line).
#[test]
fn value_of_reads_a_field_in_every_style() {
    for (style, dedup) in [
        (
            "table",
            "| Field | Value |\n|---|---|\n| Severity | High |\n| Detected | 2026-03-02 10:00 |\n| Dedup Key | login |\n",
        ),
        (
            "bold",
            "**Severity:** High\n**Detected:** 2026-03-02 10:00\n**Dedup Key:** login\n",
        ),
        (
            "list",
            "- Severity: High\n- Detected: 2026-03-02 10:00\n- Dedup Key: login\n",
        ),
        (
            "plain",
            "Severity: High\nDetected: 2026-03-02 10:00\nDedup Key: login\n",
        ),
    ] {
        let src = format!(
            "# Log\n\n## INC-1: Disk full\n\n{dedup}\n## INC-2: DNS down\n\n{}",
            dedup.replace("login", "dns")
        );
        let doc: incident_md::Document = src.parse().unwrap();
        let values: Vec<Option<&str>> = doc
            .incidents()
            .iter()
            .map(|e| e.value_of(incident_md::FieldName::DedupKey))
            .collect();
        assert_eq!(values, [Some("login"), Some("dns")], "{style}");
        assert_eq!(
            doc.incidents()[0].value_of(incident_md::FieldName::ReportedBy),
            None,
            "{style}"
        );
    }
}

/// A time written into a team's entry takes the form its times are written in
/// (`2026-03-01 10:20 UTC`, not RFC 3339), unless that form would lose its seconds.
#[test]
fn times_are_written_in_the_entrys_own_form() {
    use chrono::TimeZone as _;
    let src = "# Reports\n\n## Incident 1: Slow store\n\n**Severity:** High\n**Detected:** 2026-03-01 10:00 UTC\n\n### Impact\n\nOrders fell.\n";
    let at = |h, m, s| chrono::Utc.with_ymd_and_hms(2026, 3, 1, h, m, s).unwrap();
    let mut doc: incident_md::Document = src.parse().unwrap();
    let id = doc.incidents()[0].id.clone();
    doc.set_acknowledged(&id, at(10, 20, 0)).unwrap();
    assert!(
        doc.as_str()
            .contains("**Acknowledged:** 2026-03-01 10:20 UTC\n"),
        "{}",
        doc.as_str()
    );
    doc.set_resolved(&id, at(10, 45, 30)).unwrap();
    assert!(
        doc.as_str()
            .contains("**Resolved:** 2026-03-01T10:45:30Z\n"),
        "{}",
        doc.as_str()
    );
    let incident = doc.incidents()[0].incident.clone().unwrap();
    assert_eq!(incident.acknowledged, Some(at(10, 20, 0)));
    assert_eq!(incident.resolved, Some(at(10, 45, 30)));
}

/// Lines of fields kept apart by hard line breaks (two spaces, or a backslash, at the end):
/// a replaced value keeps its line's break, a new line goes after the break of the line
/// before it and gets one itself when a line of the paragraph follows, and the last line
/// gains one when a line is written after it.
#[test]
fn hard_line_breaks_stay_where_they_are() {
    for brk in ["  ", "\\"] {
        let text = format!(
            "# Incidents\n\n## 2026-03-04 — Login failures\n\n**Severity:** HIGH{brk}\n**Status:** Investigating{brk}\n**Detected:** 2026-03-04 09:12 UTC{brk}\n**Owner:** @maria\n"
        );
        let mut doc: Document = text.parse().unwrap();
        let id = first(&doc);
        let incident = doc.incidents()[0].incident.clone().unwrap();
        assert_eq!(incident.severity, incident_core::Severity::High, "{brk:?}");
        doc.set_field(&id, FieldName::Severity, "LOW").unwrap();
        doc.transition(&id, &Transition::Acknowledge(at("2026-03-04T09:20:00Z")))
            .unwrap();
        assert_eq!(
            doc.as_str(),
            format!(
                "# Incidents\n\n## 2026-03-04 — Login failures\n\n**Severity:** LOW{brk}\n**Status:** Investigating{brk}\n**Detected:** 2026-03-04 09:12 UTC{brk}\n**Acknowledged:** 2026-03-04 09:20 UTC{brk}\n**Owner:** @maria\n"
            ),
            "{brk:?}"
        );
        // After the last line: that line gets the paragraph's break.
        let text = format!(
            "## 2026-03-04 — Login failures\n\n**Severity:** HIGH{brk}\n**Detected:** 2026-03-04 09:12 UTC\n"
        );
        let mut doc: Document = text.parse().unwrap();
        let id = first(&doc);
        doc.transition(&id, &Transition::Acknowledge(at("2026-03-04T09:20:00Z")))
            .unwrap();
        assert_eq!(
            doc.as_str(),
            format!(
                "## 2026-03-04 — Login failures\n\n**Severity:** HIGH{brk}\n**Detected:** 2026-03-04 09:12 UTC{brk}\n**Acknowledged:** 2026-03-04 09:20 UTC\n"
            ),
            "{brk:?}"
        );
    }
}

/// Fields written one paragraph each (a blank line between them): a new field is a paragraph
/// of its own too, not a line glued onto the last one; fields written as lines of one
/// paragraph get a line of it.
#[test]
fn a_new_field_follows_the_paragraph_layout() {
    let text = "## 2026-03-04 — Login failures\n\n**Severity:** HIGH\n**Detected:** 2026-03-04 09:12 UTC\n\n\
                **Summary:** Okta cert rotated.\n\n**Root cause:** Pinned IdP certificate.\n";
    let mut doc: Document = text.parse().unwrap();
    let id = first(&doc);
    doc.set_field(&id, FieldName::Resolution, "Unpinned the cert.")
        .unwrap();
    assert_eq!(
        doc.as_str(),
        format!("{text}\n**Resolution:** Unpinned the cert.\n")
    );
    let incident = doc.incidents()[0].incident.clone().unwrap();
    assert_eq!(
        incident.root_cause.as_deref(),
        Some("Pinned IdP certificate.")
    );
    assert_eq!(incident.resolution.as_deref(), Some("Unpinned the cert."));
    // Lines of one paragraph: a line of it.
    let text = "## 2026-03-04 — Login failures\n\n**Severity:** HIGH\n**Detected:** 2026-03-04 09:12 UTC\n\
                **Root cause:** Pinned IdP certificate.\n";
    let mut doc: Document = text.parse().unwrap();
    doc.set_field(&id, FieldName::Resolution, "Unpinned the cert.")
        .unwrap();
    assert_eq!(
        doc.as_str(),
        format!("{text}**Resolution:** Unpinned the cert.\n")
    );
}

/// A field whose value is a list (a timeline, follow-ups) goes after the hard line break of
/// the line before it: that line keeps its break, and no item takes it.
#[test]
fn a_new_list_field_leaves_the_hard_break_on_its_line() {
    let text = "# Incidents\n\n## 2026-05-10 — Queue stall\n**Severity:** LOW  \n**Detected:** 2026-05-10 08:00 UTC  \n\
                **Resolved:** 2026-05-10 09:00 UTC  \n";
    let mut doc: Document = text.parse().unwrap();
    let id = first(&doc);
    let item = TimelineItem::new(at("2026-05-10T08:30:00Z"), "restarted");
    doc.add_timeline_item(&id, &item).unwrap();
    assert_eq!(
        doc.as_str(),
        format!("{text}**Timeline:**\n- 2026-05-10 08:30 UTC — restarted\n")
    );
}

/// The words a log writes its severities in are taken by `set` (`P1` where the entries write
/// `P2`), and a struck-out level is no sample of how to write one.
#[test]
fn severity_words_of_the_log_are_taken_and_written() {
    let text = "## 2026-06-01 — A\n\n**Severity:** P2\n**Detected:** 2026-06-01 09:12 UTC\n";
    let mut doc: Document = text.parse().unwrap();
    let id = first(&doc);
    doc.set_field(&id, FieldName::Severity, "P1").unwrap();
    assert_eq!(doc.as_str(), text.replace("P2", "P1"));
    let text =
        "## 2026-06-01 — A\n\n**Severity:** ~~MEDIUM~~ HIGH\n**Detected:** 2026-06-01 09:12 UTC\n";
    let mut doc: Document = text.parse().unwrap();
    doc.set_field(&id, FieldName::Severity, "CRITICAL").unwrap();
    assert_eq!(doc.as_str(), text.replace("~~MEDIUM~~ HIGH", "CRITICAL"));
}

/// An ID written at the top of a paragraph of bold fields ends with the hard line break its
/// lines have (`  ` or `\`), so it does not run into the line after it; without one, none.
#[test]
fn a_pinned_id_line_keeps_the_paragraphs_hard_line_breaks() {
    for hard in ["  ", "\\", ""] {
        let text = format!(
            "# Incidents\n\n## 2026-11-20 — Checkout latency spike\n\n**Severity:** High{hard}\n\
             **Detected:** 2026-11-20 14:05 UTC{hard}\n**Status:** Resolved\n\nCheckout p99 went to 9 s.\n"
        );
        let mut doc: Document = text.parse().unwrap();
        let id = "2026-11-20-checkout-latency-spike";
        doc.set_title(id, "Checkout p99 spike").unwrap();
        let out = doc.to_string();
        assert!(
            out.contains(&format!(
                "\n\n**ID:** {id}{hard}\n**Severity:** High{hard}\n"
            )),
            "{hard:?}:\n{out}"
        );
        let e = doc.get(id).unwrap();
        assert!(e.id_written, "{hard:?}");
        assert_eq!(e.title, "Checkout p99 spike");
        assert_eq!(e.value_of(FieldName::Id), Some(id), "{hard:?}:\n{out}");
    }
}
