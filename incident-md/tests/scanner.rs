//! Differential test of the block scanner: `blocks::parse_blocks` (a line scanner that
//! asks comrak only about the regions it cannot read) must give exactly the blocks of
//! `blocks::reference` (comrak on the whole text): every block start, kind, list item,
//! task box and table row, and every span.
//!
//! The generated cases are few enough for CI; a deeper run (20,000 cases took under three
//! minutes here): `PROPTEST_CASES=20000 cargo test -p incident-md --test scanner hostile`.

mod common;

use incident_core::{Due, FollowUp, Incident, Severity};
use incident_md::{AddOptions, Block, Document, LineIndex, blocks};
use proptest::prelude::*;

/// Asserts that the scanner and the reference agree on `input`, and returns the blocks.
fn agree(input: &str) -> Vec<Block> {
    let lines = LineIndex::new(input);
    let scanned = blocks::parse_blocks(input, &lines);
    let reference = blocks::reference(input, &lines);
    assert_eq!(scanned, reference, "input: {input:?}");
    scanned
}

/// The input as given, with CRLF line ends, with lone CR line ends and without its
/// final newline.
fn variants(input: &str) -> [String; 4] {
    let lf = input.replace("\r\n", "\n");
    [
        input.to_owned(),
        lf.replace('\n', "\r\n"),
        lf.replace('\n', "\r"),
        input.strip_suffix('\n').unwrap_or(input).to_owned(),
    ]
}

fn agree_all(input: &str) {
    for variant in variants(input) {
        agree(&variant);
    }
}

#[test]
fn spec_examples_one_by_one() {
    for example in common::spec_examples() {
        agree_all(&example);
    }
}

#[test]
fn spec_examples_between_headings() {
    let examples = common::spec_examples();
    // Headings right after each example (cuts where the example left a block open),
    // and after a blank line; in chunks, so that an unclosed fence or HTML block does
    // not swallow every example after it.
    for separator in ["", "\n"] {
        for (c, chunk) in examples.chunks(25).enumerate() {
            let mut text = String::new();
            for (i, example) in chunk.iter().enumerate() {
                text.push_str(example);
                text.push_str(separator);
                text.push_str(&format!("## Example {c}.{i}\n"));
            }
            agree_all(&text);
        }
        let whole: String = examples
            .iter()
            .enumerate()
            .map(|(i, example)| format!("# Example {i}\n{example}{separator}"))
            .collect();
        agree(&whole);
    }
}

#[test]
fn fixture_logs() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
    let mut count = 0;
    for dir in ["", "/fixtures", "/edit"] {
        for entry in std::fs::read_dir(format!("{data}{dir}")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                agree_all(&std::fs::read_to_string(&path).unwrap());
                count += 1;
            }
        }
    }
    assert!(count >= 15, "fixtures missing: {count}");
    agree_all(&incident_md::render::canonical_template());
}

/// A log of `count` incidents in the canonical format, with follow-ups and fields.
fn canonical_log(incidents: &[Incident]) -> String {
    let mut doc: Document = incident_md::render::canonical_template().parse().unwrap();
    for incident in incidents {
        // Some generated incidents are refused by rendering; the others make the log.
        let _ = doc.add_incident(incident, &AddOptions::default());
    }
    doc.to_string()
}

#[test]
fn a_canonical_log_is_read_without_disagreement() {
    let detected = "2026-03-02T10:00:00Z".parse().unwrap();
    let mut incident = Incident::new("API outage", Severity::High, detected);
    incident.description = Some("Requests failed.\nSee the deploy log.".into());
    let mut fix = FollowUp::new("fix the config");
    fix.assignee = Some("@alice".into());
    fix.due = Some(Due::Date("2026-04-01".parse().unwrap()));
    fix.done = true;
    incident.follow_ups = vec![fix, FollowUp::new("add an alert")];
    let log = canonical_log(&[incident.clone(), incident.clone(), incident]);
    let blocks = agree(&log);
    assert!(blocks.iter().any(|b| matches!(
        &b.kind,
        incident_md::BlockKind::List { items } if items.iter().any(|i| i.task.is_some_and(|t| t.checked))
    )));
    agree_all(&log);
}

/// Lines that make CommonMark's block rules matter.
fn hostile_line() -> impl Strategy<Value = String> {
    let lines = prop::sample::select(vec![
        "",
        " ",
        "\t",
        "\tcode",
        "    code",
        "  text",
        "text",
        "more text",
        "# Heading",
        "## Incident: x",
        "### Severity: HIGH",
        "#no heading",
        "  ## indented",
        "####### seven",
        "```",
        "```rust",
        "````",
        "~~~",
        "  ```",
        "``` `x`",
        "<!-- comment",
        "-->",
        "<script>",
        "</script>",
        "<pre>",
        "</pre>",
        "<style>",
        "<textarea>",
        "<?php",
        "?>",
        "<!DOCTYPE html>",
        "<![CDATA[",
        "]]>",
        "<div>",
        "</div>",
        "<a href=\"x\">",
        "<what happened>",
        "<technical root cause>",
        "<affected systems, users, services>",
        "<a b=c d='e' f=\"g\" h>",
        "<a b=>",
        "<x/>",
        "<x />  ",
        "</x >",
        "</x y>",
        "<DIV>",
        "<div",
        "<Div class=\"x\">",
        "<divx>",
        "<h1>",
        "<p/>",
        "<",
        "<1x>",
        "<a href='x",
        "<a>text",
        "> quote",
        ">",
        "> - [ ] quoted task",
        "===",
        "---",
        "- - -",
        "***",
        "* * *",
        "___",
        "- item",
        "- [ ] task",
        "- [x] done",
        "- [X] done",
        "- [ ]",
        "- [x]",
        "1) [ ] a",
        "-   [ ] a",
        "- [ ]  ",
        "*   * *",
        "- **Severity:** HIGH",
        "  - [x] nested done",
        "- [y] not a task",
        "-",
        "-  two spaces",
        "-      five spaces",
        "* star",
        "+ plus",
        "1. one",
        "2) two",
        "10. ten",
        "  - nested",
        "  - [ ] nested task",
        "    - deep",
        "  continuation",
        "  ```",
        "  > quote in item",
        "  <div>",
        "| a | b |",
        "|---|---|",
        "| :-- | --: |",
        "|---|",
        "| c | d |",
        "| e |",
        "|:-:|",
        "| - |",
        "  |---|",
        "---|---",
        "- | -",
        "|x|",
        "| |",
        "a | b",
        "--|--",
        "| `x|y` | z |",
        "| a \\| b | c |",
        "[a]: /url",
        "[x]: /url",
        "[X]: /url 'title'",
        "[foo]:",
        "  /url",
        // Links that start a line or an item (read by the scanner), and what could still be a
        // reference definition's label (left to comrak).
        "- [deploy 1](LOGS.md#deploy-1)",
        "[link](x) text",
        "- [a] b",
        "- [foo]: /url",
        "[a\\]]: /url",
        "- [a\\]b](c)",
        "[foo",
        "bar]: /url",
        "[a] [b]: /x",
        "[a[b]c]: /x",
        "**Severity:** HIGH",
        "*emphasis*",
        "_under_",
        "\\# escaped",
        "\u{0}",
        "\u{feff}# bom",
        "é 💥",
    ]);
    prop_oneof![
        8 => lines.prop_map(str::to_owned),
        1 => common::line(),
    ]
}

fn line_end() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["\n", "\n", "\n", "\n", "\r\n", "\r"])
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec((hostile_line(), line_end()), 0..40).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(line, end)| line + end)
            .collect::<String>()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn hostile_lines((text, no_final_newline) in (hostile_text(), any::<bool>())) {
        let text = if no_final_newline { text.trim_end_matches(['\n', '\r']).to_owned() } else { text };
        agree(&text);
    }

    #[test]
    fn hostile_lines_between_incidents(parts in prop::collection::vec(hostile_text(), 1..5)) {
        let mut text = String::from("# INCIDENTS.md\n\n");
        for (i, part) in parts.iter().enumerate() {
            text.push_str(&format!("## Incident: {i}\n\n### Description:\n{part}\n"));
        }
        agree(&text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn generated_logs(incidents in prop::collection::vec(common::incident(), 0..6)) {
        agree_all(&canonical_log(&incidents));
    }
}
