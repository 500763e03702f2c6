//! No structure injection, checked against a real CommonMark + GFM renderer (comrak's HTML
//! output), in every field style the tool writes: `### Field:` headings, `**Field:**` lines of a
//! paragraph, and `- **Field:**` list items.
//!
//! The statement checked: after an edit that writes a hostile value, the rendered document has
//! exactly the block structure (the sequence of block-level HTML tags, nested as rendered) that
//! the same edit with a plain value of the same shape gives: the same lines, with the same
//! leading white space, each holding `x`. So the value renders as plain text, and nothing
//! outside the edited field (the other fields, the next incident, the policy tables) is
//! continued, swallowed or reinterpreted. Before against after, the rendered HTML of every other
//! entry and of the rest of the page is byte for byte what it was. The typed view must also read
//! every other incident and every other field as before, and the value back as given.

mod common;

use comrak::nodes::NodeValue;
use comrak::{Arena, Options, markdown_to_html, parse_document};
use incident_core::{FollowUp, Incident, RelatedLog, Severity};
use incident_md::render::encode_link_target;
use incident_md::{AddOptions, Document, FieldName};
use proptest::prelude::*;

/// One document per field style the tool writes.
const STYLES: &[(&str, &str)] = &[
    ("heading", include_str!("data/edit/newest-first.md")),
    ("bold", include_str!("data/edit/bold.md")),
    ("bold-item", include_str!("data/edit/list-labels.md")),
];

/// The text fields, each of which takes any text.
const TEXT_FIELDS: &[FieldName] = &[
    FieldName::Description,
    FieldName::Impact,
    FieldName::RootCause,
    FieldName::Resolution,
    FieldName::LessonsLearned,
];

/// Values that would start, continue or reinterpret a block if written as they are.
const HOSTILE: &[&str] = &[
    // GFM tables: a delimiter row turns the line above it into a header.
    "a | b\n:-- | :--",
    "a | b\n--- | ---",
    "a | b\n| --- | --- |",
    "| a | b |\n|:-:|:-:|\n| c | d |",
    ":-- | :--",
    // Headings, ATX and setext.
    "# fake",
    "## Incident: fake",
    "### Impact: fake",
    "fake\n===",
    "fake\n---",
    "===",
    // Thematic breaks.
    "---",
    "***",
    "___",
    "- - -",
    // Block quotes, fences, indented code.
    "> quoted",
    "```\ncode",
    "~~~\ncode",
    "```rust\nfn main() {}\n```",
    "para\n\n    indented code",
    "    indented first",
    // The 7 kinds of CommonMark HTML blocks.
    "<script>alert(1)</script>",
    "<pre>\nx",
    "<style>p{}</style>",
    "<textarea>",
    "<!-- comment",
    "<?php echo 1; ?>",
    "<!DOCTYPE html>",
    "<![CDATA[ x ]]>",
    "<div>",
    "<table><tr><td>x",
    "<details>",
    "<custom-tag>",
    "</span>",
    "<img src=x onerror=alert(1)>",
    "x <img src=x onerror=alert(1)>",
    // Task items and list markers.
    "- [ ] task - @me - 2026-01-01",
    "- [x] done",
    "- item",
    "+ item",
    "* item",
    "1. item",
    "1) item",
    "2026. year",
    // Tab-led variants: a tab counts to the next tab stop.
    "\t## Incident: fake",
    "line\n\t## Incident: fake",
    "line\n\t===",
    "line\n\t---",
    "line\n\t> quote",
    "line\n\t```",
    "line\n\t- [ ] task",
    "line\n \t1. item",
    "line\n\t:-- | :--",
    // Link reference definitions.
    "[x]: /y",
    "line\n\n[x]: /y \"title\"",
    // Hard line breaks at the end of a line or of the value.
    "two spaces  \nnext",
    "backslash\\\nnext",
    "ends with backslash\\",
    "ends with two spaces  ",
    // Bold labels of other fields.
    "**Severity:** LOW",
    "x\n**Impact:** fake",
    "x\n- **Impact:** fake",
    // NUL and line endings.
    "nul\0byte",
    "lone\rcr",
    "crlf\r\nline",
    "\r\n# crlf heading",
    "\r# cr heading",
    // Paragraphs.
    "one\n\ntwo",
];

/// GitHub's flavour: CommonMark plus tables, task lists, strikethrough and autolinks; raw HTML
/// shows as `<!-- raw HTML omitted -->`, so no hostile tag reaches the output.
fn gfm() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.tasklist = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o
}

/// Block-level tags of the rendered HTML, in order, open and close (`p`, `/p`, `h2`, `li`, …);
/// with `raw`, also where raw HTML was left out.
fn block_tags(md: &str, raw: bool) -> Vec<String> {
    const BLOCK: &[&str] = &[
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "blockquote",
        "pre",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "hr",
        "input",
    ];
    let html = markdown_to_html(md, &gfm());
    let mut tags = Vec::new();
    let mut rest = html.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with("!-- raw HTML omitted -->") {
            if raw {
                tags.push("raw-html".to_owned());
            }
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect();
        if BLOCK.contains(&name.trim_start_matches('/')) {
            tags.push(name);
        }
    }
    tags
}

/// Every link comrak finds, as (text, destination), in document order.
fn links(md: &str) -> Vec<(String, String)> {
    let arena = Arena::new();
    let root = parse_document(&arena, md, &gfm());
    root.descendants()
        .filter_map(|n| match &n.data().value {
            NodeValue::Link(link) => {
                let text: String = n
                    .descendants()
                    .filter_map(|t| match &t.data().value {
                        NodeValue::Text(t) => Some(t.to_string()),
                        NodeValue::Code(c) => Some(c.literal.clone()),
                        _ => None,
                    })
                    .collect();
                Some((text, link.url.clone()))
            }
            _ => None,
        })
        .collect()
}

/// A value as the view reads it back: line endings as `\n`, trimmed.
fn normalised(value: &str) -> String {
    value
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_owned()
}

/// A plain value of the same shape: each line keeps its leading white space and holds `x`.
fn plain_like(value: &str) -> String {
    normalised(value)
        .split('\n')
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                let indent = l.len() - l.trim_start_matches([' ', '\t']).len();
                format!("{}x", &l[..indent])
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn text_of(i: &Incident, name: FieldName) -> Option<&str> {
    match name {
        FieldName::Description => i.description.as_deref(),
        FieldName::Impact => i.impact.as_deref(),
        FieldName::RootCause => i.root_cause.as_deref(),
        FieldName::Resolution => i.resolution.as_deref(),
        FieldName::LessonsLearned => i.lessons_learned.as_deref(),
        FieldName::Category => i.category.as_deref(),
        _ => unreachable!("not a text field: {name}"),
    }
}

fn set_text(i: &mut Incident, name: FieldName, value: &str) {
    let v = Some(value.to_owned());
    match name {
        FieldName::Description => i.description = v,
        FieldName::Impact => i.impact = v,
        FieldName::RootCause => i.root_cause = v,
        FieldName::Resolution => i.resolution = v,
        FieldName::LessonsLearned => i.lessons_learned = v,
        _ => unreachable!("not a text field: {name}"),
    }
}

/// Every incident's typed view, by ID.
fn incidents(doc: &Document) -> Vec<(String, Option<Incident>)> {
    doc.incidents()
        .iter()
        .map(|e| (e.id.clone(), e.incident.clone()))
        .collect()
}

/// Asserts that the hostile document renders with the plain one's block structure.
#[track_caller]
fn same_structure(what: &str, hostile: &Document, plain: &Document, raw: bool) {
    let h = block_tags(hostile.as_str(), raw);
    let p = block_tags(plain.as_str(), raw);
    assert_eq!(
        h,
        p,
        "{what}: the block structure changed\n--- hostile document:\n{}\n--- plain document:\n{}",
        hostile.as_str(),
        plain.as_str()
    );
}

/// The rendered HTML cut before each incident heading: the part before the first incident,
/// then one part per entry, in order.
fn entry_chunks(md: &str) -> Vec<String> {
    let html = markdown_to_html(md, &gfm());
    let mut cuts: Vec<usize> = ["<h2>Incident:", "<h3>Incident:"]
        .iter()
        .flat_map(|h| html.match_indices(h).map(|(i, _)| i))
        .collect();
    cuts.sort_unstable();
    let mut chunks = Vec::new();
    let mut from = 0;
    for cut in cuts {
        chunks.push(html[from..cut].to_owned());
        from = cut;
    }
    chunks.push(html[from..].to_owned());
    chunks
}

/// Asserts, before against after, that the rendered HTML outside the edited entry (the
/// `edited`-th, from 0) is byte for byte what it was.
#[track_caller]
fn rest_of_page_unchanged(what: &str, before: &Document, after: &Document, edited: usize) {
    let b = entry_chunks(before.as_str());
    let a = entry_chunks(after.as_str());
    assert_eq!(
        b.len(),
        a.len(),
        "{what}: the number of rendered entries changed"
    );
    for (k, (b, a)) in b.iter().zip(&a).enumerate() {
        if k != edited + 1 {
            assert_eq!(b, a, "{what}: rendered part {k} changed");
        }
    }
}

/// Asserts that every incident but `id` reads as before, and `id` as before once `blank` has
/// cleared the edited part in both.
#[track_caller]
fn others_unchanged(
    what: &str,
    before: &Document,
    after: &Document,
    id: &str,
    blank: impl Fn(&mut Incident),
) {
    let b = incidents(before);
    let a = incidents(after);
    assert_eq!(b.len(), a.len(), "{what}: the number of entries changed");
    for ((bid, bi), (aid, ai)) in b.iter().zip(&a) {
        assert_eq!(bid, aid, "{what}: an ID changed");
        if bid != id {
            assert_eq!(bi, ai, "{what}: incident {bid} changed");
            continue;
        }
        let (Some(mut bi), Some(mut ai)) = (bi.clone(), ai.clone()) else {
            panic!(
                "{what}: {bid} no longer reads as an incident:\n{}",
                after.as_str()
            );
        };
        blank(&mut bi);
        blank(&mut ai);
        assert_eq!(bi, ai, "{what}: another field of {bid} changed");
    }
}

/// The first incident of a style's document.
fn first_id(doc: &Document) -> String {
    doc.incidents()[0].id.clone()
}

/// `set_field` with the value in a text field, checked against the plain value; returns the
/// edited document.
fn check_set_field(style: &str, source: &str, name: FieldName, value: &str) -> Document {
    let what = format!("{style}: set {name} to {value:?}");
    let before: Document = source.parse().unwrap();
    let id = first_id(&before);
    let mut hostile = before.clone();
    hostile.set_field(&id, name, value).unwrap();
    let mut plain = before.clone();
    plain.set_field(&id, name, &plain_like(value)).unwrap();
    same_structure(&what, &hostile, &plain, false);
    rest_of_page_unchanged(&what, &before, &hostile, 0);
    others_unchanged(&what, &before, &hostile, &id, |i| set_text(i, name, ""));
    let read = hostile.find(&id).unwrap().incident.clone().unwrap();
    assert_eq!(
        text_of(&read, name),
        Some(normalised(value).as_str()),
        "{what}: reads back differently"
    );
    hostile
}

/// Whether every line of `text` ends with `eol`.
fn only_line_ending(text: &str, eol: &str) -> bool {
    let other = text.replace(eol, "");
    !other.contains(['\n', '\r'])
}

/// `add_incident` with the value in one text field, checked against the plain value.
fn check_add_incident(style: &str, source: &str, name: FieldName, value: &str) {
    let what = format!("{style}: new incident with {name} {value:?}");
    let before: Document = source.parse().unwrap();
    let detected = "2026-05-01T10:00:00Z".parse().unwrap();
    let mut incident = Incident::new("Injected", Severity::High, detected);
    set_text(&mut incident, name, value);
    let mut hostile = before.clone();
    let added = hostile
        .add_incident(&incident, &AddOptions::default())
        .unwrap();
    set_text(&mut incident, name, &plain_like(value));
    let mut plain = before.clone();
    plain
        .add_incident(&incident, &AddOptions::default())
        .unwrap();
    same_structure(&what, &hostile, &plain, false);
    // Outside the new entry (and the Last Incident heading above the entries), the page renders
    // as it did.
    let k = hostile
        .incidents()
        .iter()
        .position(|e| e.id == added.id)
        .unwrap();
    let mut after = entry_chunks(hostile.as_str());
    after.remove(k + 1);
    let before_chunks = entry_chunks(before.as_str());
    assert_eq!(after.len(), before_chunks.len(), "{what}");
    let without_last = |html: &str| {
        html.lines()
            .filter(|l| !l.starts_with("<h2>Last Incident:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    for (j, (b, a)) in before_chunks.iter().zip(&after).enumerate() {
        assert_eq!(
            without_last(b),
            without_last(a),
            "{what}: rendered part {j} changed"
        );
    }
    // The entries that were there read as before.
    let old = incidents(&before);
    let new: Vec<_> = incidents(&hostile)
        .into_iter()
        .filter(|(id, _)| *id != added.id)
        .collect();
    assert_eq!(old, new, "{what}: another incident changed");
    let read = hostile.find(&added.id).unwrap().incident.clone().unwrap();
    assert_eq!(
        text_of(&read, name),
        Some(normalised(value).as_str()),
        "{what}: reads back differently"
    );
}

/// `add_follow_up` with the value as the action: refused, or written as plain text.
fn check_add_follow_up(style: &str, source: &str, action: &str) {
    let what = format!("{style}: follow-up {action:?}");
    let before: Document = source.parse().unwrap();
    let id = first_id(&before);
    let follow_up = FollowUp::new(action).assignee("me");
    let mut hostile = before.clone();
    if hostile.add_follow_up(&id, &follow_up).is_err() {
        assert_eq!(
            hostile.as_str(),
            before.as_str(),
            "{what}: refused but wrote"
        );
        return;
    }
    let mut plain = before.clone();
    plain
        .add_follow_up(&id, &FollowUp::new("x").assignee("me"))
        .unwrap();
    same_structure(&what, &hostile, &plain, false);
    rest_of_page_unchanged(&what, &before, &hostile, 0);
    others_unchanged(&what, &before, &hostile, &id, |i| i.follow_ups.clear());
    let read = hostile.find(&id).unwrap().incident.clone().unwrap();
    assert_eq!(
        read.follow_ups.last().map(|f| f.action.as_str()),
        Some(action.trim()),
        "{what}: reads back differently"
    );
}

/// `add_related_log` with the value as the text and as the target: refused, or written as a
/// link (plain text) that every renderer reads as the view does, with no raw HTML.
fn check_add_related_log(style: &str, source: &str, value: &str) {
    let before: Document = source.parse().unwrap();
    let id = first_id(&before);
    for log in [
        RelatedLog::new(value, None),
        RelatedLog::new(value, Some("LOGS.md#x".to_owned())),
        RelatedLog::new("log", Some(value.to_owned())),
    ] {
        let what = format!("{style}: related log {log:?}");
        let mut hostile = before.clone();
        if hostile.add_related_log(&id, &log).is_err() {
            assert_eq!(
                hostile.as_str(),
                before.as_str(),
                "{what}: refused but wrote"
            );
            continue;
        }
        let plain_log = RelatedLog::new("x", log.target.as_ref().map(|_| "y".to_owned()));
        let mut plain = before.clone();
        plain.add_related_log(&id, &plain_log).unwrap();
        // Plain text related logs keep inline markdown as written (like every text value);
        // a link's text and target never hold raw HTML.
        same_structure(&what, &hostile, &plain, log.target.is_some());
        rest_of_page_unchanged(&what, &before, &hostile, 0);
        others_unchanged(&what, &before, &hostile, &id, |i| i.related_logs.clear());
        let read = hostile.find(&id).unwrap().incident.clone().unwrap();
        let last = read.related_logs.last().unwrap();
        assert_eq!(
            last.text,
            log.text.trim(),
            "{what}: text reads back differently"
        );
        if let Some(target) = &log.target {
            let encoded = encode_link_target(target.trim());
            assert_eq!(last.target.as_deref(), Some(encoded.as_str()), "{what}");
            // A real renderer sees the same link.
            let links = links(hostile.as_str());
            let (text, url) = links.last().expect("a link");
            assert_eq!(url, &encoded, "{what}: comrak reads other links: {links:?}");
            // Emphasis and entities in a link's text are inline markdown, kept as written.
            if !log.text.contains(['*', '_', '~', '&']) {
                assert_eq!(text, log.text.trim(), "{what}: comrak reads {links:?}");
            }
        }
    }
}

#[test]
fn hostile_values_in_set_field_keep_the_structure_in_every_style() {
    for (style, source) in STYLES {
        for name in TEXT_FIELDS {
            for value in HOSTILE {
                let _ = check_set_field(style, source, *name, value);
            }
        }
    }
}

#[test]
fn hostile_values_in_a_new_incident_keep_the_structure_in_every_style() {
    for (style, source) in STYLES {
        for name in TEXT_FIELDS {
            for value in HOSTILE {
                check_add_incident(style, source, *name, value);
            }
        }
    }
}

#[test]
fn hostile_single_line_values_in_items_keep_the_structure_in_every_style() {
    for (style, source) in STYLES {
        for value in HOSTILE.iter().filter(|v| !v.contains(['\n', '\r'])) {
            check_add_follow_up(style, source, value);
            check_add_related_log(style, source, value);
        }
    }
}

/// Single-line values in heading text and inline fields: the title and the category.
#[test]
fn hostile_single_line_values_in_title_and_category_keep_the_structure_in_every_style() {
    for (style, source) in STYLES {
        for value in HOSTILE.iter().filter(|v| !v.contains(['\n', '\r'])) {
            let before: Document = source.parse().unwrap();
            let id = first_id(&before);
            let what = format!("{style}: category {value:?}");
            let mut hostile = before.clone();
            match hostile.set_field(&id, FieldName::Category, value) {
                Err(_) => assert_eq!(
                    hostile.as_str(),
                    before.as_str(),
                    "{what}: refused but wrote"
                ),
                Ok(_) => {
                    let mut plain = before.clone();
                    plain.set_field(&id, FieldName::Category, "x").unwrap();
                    same_structure(&what, &hostile, &plain, false);
                    others_unchanged(&what, &before, &hostile, &id, |i| i.category = None);
                    let read = hostile.find(&id).unwrap().incident.clone().unwrap();
                    assert_eq!(read.category.as_deref(), Some(value.trim()), "{what}");
                }
            }
            let what = format!("{style}: title {value:?}");
            let detected = "2026-05-01T10:00:00Z".parse().unwrap();
            let mut hostile = before.clone();
            let added = hostile
                .add_incident(
                    &Incident::new(*value, Severity::Low, detected),
                    &AddOptions::default(),
                )
                .unwrap();
            let mut plain = before.clone();
            plain
                .add_incident(
                    &Incident::new("x", Severity::Low, detected),
                    &AddOptions::default(),
                )
                .unwrap();
            same_structure(&what, &hostile, &plain, false);
            let read = hostile.find(&added.id).unwrap().incident.clone().unwrap();
            assert_eq!(read.title, value.trim(), "{what}");
        }
    }
}

/// Issue 11, item 3: `a | b` followed by `:-- | :--` rendered as a table, and in a bold-label
/// log the lines after it became table rows that the model then reported missing.
#[test]
fn table_delimiter_row_in_a_bold_label_description_makes_no_table() {
    let source = "## Incident: x\n\n**Severity:** HIGH\n**Detected:** 2026-03-01T08:00:00Z\n\
                  **Description:** old\n**Impact:** users\n**Root Cause:** disk\n\
                  **Resolution:** pruned\n";
    let mut doc: Document = source.parse().unwrap();
    let id = first_id(&doc);
    doc.set_field(&id, FieldName::Description, "a | b\n:-- | :--")
        .unwrap();
    let html = markdown_to_html(doc.as_str(), &gfm());
    assert!(!html.contains("<table"), "{html}");
    let read = doc.find(&id).unwrap().incident.clone().unwrap();
    assert_eq!(read.impact.as_deref(), Some("users"));
    assert_eq!(read.root_cause.as_deref(), Some("disk"));
    assert_eq!(read.resolution.as_deref(), Some("pruned"));
}

/// Issue 11, item 4: in a `- **Description:**` item a tab-led line started a heading, a setext
/// underline, a quote, a fence or a task item.
#[test]
fn tab_led_lines_in_list_item_fields_stay_text() {
    let source = STYLES[2].1;
    for line in ["## Incident: fake", "===", "---", "> q", "```", "- [ ] t"] {
        let mut doc: Document = source.parse().unwrap();
        let id = first_id(&doc);
        let value = format!("first\n\t{line}");
        doc.set_field(&id, FieldName::Description, &value).unwrap();
        let html = markdown_to_html(doc.as_str(), &gfm());
        for tag in [
            "<h2>Incident: fake",
            "<h2>first",
            "<h1>first",
            "<blockquote",
            "<pre",
            "<hr",
        ] {
            assert!(!html.contains(tag), "{line:?} gave {tag}:\n{html}");
        }
        assert_eq!(incidents(&doc).len(), 2, "{line:?}");
        let read = doc.find(&id).unwrap().incident.clone().unwrap();
        assert_eq!(read.description.as_deref(), Some(value.as_str()));
    }
}

/// Issue 11, item 5: targets with `<`, `>`, spaces, parentheses or a trailing `\` were written
/// as broken links, and `x <img src=x onerror=alert(1)>` became raw HTML on GitHub.
#[test]
fn link_targets_that_a_destination_cannot_hold_are_percent_encoded() {
    let source = STYLES[0].1;
    for target in [
        "x <img src=x onerror=alert(1)>",
        "&#35;entity&amp;",
        "a>b",
        "a\\",
        "my log (old).md",
        "<a>",
    ] {
        let mut doc: Document = source.parse().unwrap();
        let id = first_id(&doc);
        let log = RelatedLog::new("<b>log</b>", Some(target.to_owned()));
        doc.add_related_log(&id, &log).unwrap();
        let raw_before = markdown_to_html(source, &gfm())
            .matches("raw HTML omitted")
            .count();
        let html = markdown_to_html(doc.as_str(), &gfm());
        let raw = html.matches("raw HTML omitted").count();
        assert_eq!(raw, raw_before, "{target:?}: raw HTML:\n{html}");
        assert_eq!(
            links(doc.as_str()).last(),
            Some(&("<b>log</b>".to_owned(), encode_link_target(target))),
            "{target:?}"
        );
    }
}

/// Issue 11, item 9: edits of a file with lone `\r` line endings wrote `\n` lines.
#[test]
fn lone_cr_files_get_lone_cr_lines() {
    let source = STYLES[0].1.replace('\n', "\r");
    let mut doc: Document = source.parse().unwrap();
    let id = first_id(&doc);
    doc.set_field(&id, FieldName::Impact, "one\ntwo\r\n\r\nthree")
        .unwrap();
    let detected = "2026-05-01T10:00:00Z".parse().unwrap();
    let mut incident = Incident::new("New", Severity::Low, detected);
    incident.description = Some("a\nb".to_owned());
    doc.add_incident(&incident, &AddOptions::default()).unwrap();
    doc.add_follow_up(&id, &FollowUp::new("act").assignee("me"))
        .unwrap();
    assert!(!doc.as_str().contains('\n'), "{:?}", doc.as_str());
    let read = doc.find(&id).unwrap().incident.clone().unwrap();
    assert_eq!(read.impact.as_deref(), Some("one\ntwo\n\nthree"));
}

/// Issue 11, item 9, in a bold-label paragraph: a value with a blank line, written into a lone-CR
/// file, must end its own paragraph so that the next label still starts a line of one.
#[test]
fn lone_cr_bold_label_paragraphs_keep_the_next_field() {
    let source = "## Incident: x\r\r**Severity:** HIGH\r**Detected:** 2026-03-01T08:00:00Z\r\
                  **Description:** old\r**Impact:** users\r";
    let mut doc: Document = source.parse().unwrap();
    let id = first_id(&doc);
    doc.set_field(&id, FieldName::Description, "one\n\ntwo")
        .unwrap();
    assert!(!doc.as_str().contains('\n'), "{:?}", doc.as_str());
    let read = doc.find(&id).unwrap().incident.clone().unwrap();
    assert_eq!(
        read.description.as_deref(),
        Some("one\n\ntwo"),
        "{:?}",
        doc.as_str()
    );
    assert_eq!(read.impact.as_deref(), Some("users"), "{:?}", doc.as_str());
}

/// Pieces of hostile text: the values above and the atoms they are made of.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(HOSTILE).prop_map(str::to_owned),
        prop::sample::select(vec![
            "\n", "\r\n", "\r", "\t", " ", "    ", "|", ":--", "---", "#", ">", "<", "`", "~", "[",
            "]", "(", ")", "\\", "-", "+", "*", "1.", "1)", "x", "=", "**", "\0", "&#35;", "&amp;",
        ])
        .prop_map(str::to_owned),
        common::atom(),
    ];
    prop::collection::vec(piece, 1..6).prop_map(|v| v.concat())
}

proptest! {
    // Modest by default (each case renders four documents); `PROPTEST_CASES` raises it.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48),
        ..ProptestConfig::default()
    })]

    /// Any mix of the hostile alphabet, in any text field of any style, renders as text.
    #[test]
    fn hostile_alphabet_in_text_fields_keeps_the_structure(
        style in 0..STYLES.len(),
        eol in prop::sample::select(vec!["\n", "\r\n", "\r"]),
        field in 0..TEXT_FIELDS.len(),
        value in hostile_text().prop_filter("not blank", |v| !v.trim().is_empty()),
    ) {
        // The file's line ending too: new text follows it, whichever it is.
        let (style, source) = STYLES[style];
        let source = source.replace('\n', eol);
        let edited = check_set_field(style, &source, TEXT_FIELDS[field], &value);
        prop_assert!(only_line_ending(edited.as_str(), eol), "{:?}", edited.as_str());
        check_add_incident(style, &source, TEXT_FIELDS[field], &value);
    }

    /// Any single line of the hostile alphabet as a follow-up action or a related log.
    #[test]
    fn hostile_alphabet_in_items_keeps_the_structure(
        style in 0..STYLES.len(),
        value in hostile_text().prop_map(|v| v.replace(['\n', '\r'], " "))
            .prop_filter("not blank", |v| !v.trim().is_empty()),
    ) {
        let (style, source) = STYLES[style];
        check_add_follow_up(style, source, &value);
        check_add_related_log(style, source, &value);
    }
}
