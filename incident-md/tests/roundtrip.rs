//! Round-trip and structure invariants of `Document` on the CommonMark/GFM spec
//! examples, on edge cases and on generated inputs.

mod common;

use std::time::{Duration, Instant};

use incident_md::{BlockKind, Document, Error, LineIndex, Position};
use proptest::prelude::*;

/// Parses `input`, checks it prints back unchanged and that every span is valid.
fn check(input: &str) -> Document {
    let doc: Document = input.parse().unwrap();
    assert_eq!(doc.to_string(), input);
    assert_eq!(doc.as_str(), input);
    let from_bytes = Document::from_bytes(input.as_bytes()).unwrap();
    assert_eq!(from_bytes.as_str(), input);
    assert_eq!(from_bytes.blocks(), doc.blocks());
    check_spans(&doc);
    doc
}

fn check_lines(text: &str, lines: &LineIndex) {
    let mut expected_count = 1;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            expected_count += 1;
        }
    }
    assert_eq!(lines.line_count(), expected_count);
    let mut previous_end = None;
    for line in 1..=lines.line_count() {
        let range = lines.line_range(line);
        assert_eq!(range.start, lines.line_start(line));
        assert!(range.start <= range.end && range.end <= text.len());
        let content = &text[range.clone()];
        assert!(!content.contains(['\r', '\n']), "line {line}: {content:?}");
        assert_eq!(lines.line_of(range.start), line);
        assert_eq!(lines.line_of(range.end), line);
        if let Some(end) = previous_end {
            let terminator = &text[end..range.start];
            assert!(matches!(terminator, "\n" | "\r" | "\r\n"), "{terminator:?}");
        }
        previous_end = Some(range.end);
    }
    assert_eq!(previous_end, Some(text.len()));
}

fn at_line_start(doc: &Document, offset: usize) -> bool {
    let lines = doc.line_index();
    lines.line_start(lines.line_of(offset)) == offset
}

fn check_spans(doc: &Document) {
    let text = doc.as_str();
    let lines = doc.line_index();
    check_lines(text, lines);
    let mut previous: Option<(usize, usize)> = None;
    for block in doc.blocks() {
        let span = block.span.clone();
        assert!(text.get(span.clone()).is_some(), "{block:?}");
        assert!(block.first_line <= block.last_line, "{block:?}");
        assert_eq!(span.start, lines.line_start(block.first_line), "{block:?}");
        assert_eq!(span.end, lines.line_range(block.last_line).end, "{block:?}");
        assert!(at_line_start(doc, span.start));
        if let Some((end, last_line)) = previous {
            assert!(
                end <= span.start && last_line < block.first_line,
                "{block:?}"
            );
        }
        previous = Some((span.end, block.last_line));

        match &block.kind {
            BlockKind::Heading { level, content, .. } => {
                assert!((1..=6).contains(level));
                assert!(span.start <= content.start && content.end <= span.end);
                assert!(text.get(content.clone()).is_some());
            }
            BlockKind::List { items } => {
                let mut item_end = span.start;
                for item in items {
                    assert!(item_end <= item.span.start && item.span.end <= span.end);
                    assert!(item.span.start <= item.span.end);
                    assert!(text.get(item.span.clone()).is_some());
                    assert!(at_line_start(doc, item.span.start));
                    item_end = item.span.end;
                    if let Some(task) = item.task {
                        assert!(item.span.contains(&task.offset));
                        let bytes = text.as_bytes();
                        assert_eq!(bytes[task.offset - 1], b'[');
                        assert_eq!(bytes[task.offset + 1], b']');
                        assert_eq!(task.checked, bytes[task.offset] != b' ');
                        assert!(matches!(bytes[task.offset], b' ' | b'x' | b'X'));
                    }
                }
            }
            BlockKind::Table { rows } => {
                let mut row_end = span.start;
                for row in rows {
                    assert!(row_end <= row.span.start && row.span.end <= span.end);
                    assert!(at_line_start(doc, row.span.start));
                    row_end = row.span.end;
                    let mut cell_end = row.span.start;
                    for cell in &row.cells {
                        assert!(cell_end <= cell.start && cell.start <= cell.end);
                        assert!(cell.end <= row.span.end);
                        assert!(text.get(cell.clone()).is_some());
                        cell_end = cell.end;
                    }
                }
            }
            _ => {}
        }
    }
}

#[test]
fn spec_examples_round_trip() {
    let examples = common::spec_examples();
    assert_eq!(examples.len(), 1375);
    for markdown in &examples {
        check(markdown);
        check(&markdown.replace('\n', "\r\n"));
        check(markdown.strip_suffix('\n').unwrap_or(markdown));
    }
}

fn text_of<'a>(doc: &'a Document, range: &std::ops::Range<usize>) -> &'a str {
    &doc.as_str()[range.clone()]
}

fn heading_content(doc: &Document, index: usize) -> &str {
    match &doc.blocks()[index].kind {
        BlockKind::Heading { content, .. } => text_of(doc, content),
        other => panic!("block {index} is not a heading: {other:?}"),
    }
}

#[test]
fn byte_order_mark() {
    let doc = check("\u{feff}# Title\n\n- [ ] a\n");
    assert_eq!(doc.blocks().len(), 2);
    assert_eq!(doc.blocks()[0].span.start, 0);
    assert_eq!(heading_content(&doc, 0), "Title");
    let doc = check("\u{feff}- [x] a\n");
    let BlockKind::List { items } = &doc.blocks()[0].kind else {
        panic!("{doc:?}")
    };
    assert_eq!(items[0].task.unwrap().offset, 6);
    let doc = check("\u{feff}| a | b |\n|---|---|\n");
    let BlockKind::Table { rows } = &doc.blocks()[0].kind else {
        panic!("{doc:?}")
    };
    let cells: Vec<&str> = rows[0].cells.iter().map(|c| text_of(&doc, c)).collect();
    assert_eq!(cells, ["a", "b"]);
}

#[test]
fn lone_carriage_returns() {
    let doc = check("# A\r\r## B\rtext\rmore\r");
    assert_eq!(doc.line_index().line_count(), 6);
    let blocks = doc.blocks();
    assert_eq!(blocks.len(), 3);
    assert_eq!(heading_content(&doc, 0), "A");
    assert_eq!(heading_content(&doc, 1), "B");
    assert_eq!(text_of(&doc, &blocks[2].span), "text\rmore");
    assert_eq!((blocks[2].first_line, blocks[2].last_line), (4, 5));
}

#[test]
fn mixed_line_endings() {
    let input = "# A\r\n\r\n## B\n\ntext\rmore\r\n\n- [ ] x\r- [x] y\n";
    let doc = check(input);
    let blocks = doc.blocks();
    assert_eq!(blocks.len(), 4);
    assert_eq!(text_of(&doc, &blocks[2].span), "text\rmore");
    let BlockKind::List { items } = &blocks[3].kind else {
        panic!("{blocks:?}")
    };
    let spans: Vec<&str> = items.iter().map(|i| text_of(&doc, &i.span)).collect();
    assert_eq!(spans, ["- [ ] x", "- [x] y"]);
    assert_eq!(
        doc.position(input.find("more").unwrap()),
        Position { line: 6, column: 1 }
    );
}

#[test]
fn tabs() {
    let doc = check("#\tTitle\t#\t\n\n\t## not a heading\n\n-\t[x]\ta\n");
    assert_eq!(heading_content(&doc, 0), "Title");
    assert!(matches!(
        doc.blocks()[1].kind,
        BlockKind::CodeBlock { fenced: false }
    ));
    let BlockKind::List { items } = &doc.blocks()[2].kind else {
        panic!("{doc:?}")
    };
    assert!(items[0].task.unwrap().checked);
    assert_eq!(doc.position(doc.as_str().rfind('a').unwrap()).column, 7);
}

#[test]
fn nul_bytes() {
    for input in [
        "\0",
        "\0# x\n- [ ] \0a\n\0",
        "# \0\n\n- [ ] a\0\n  \0- [x] b\n",
        "| \0 | b |\n|---|---|\n| \0 |\n",
    ] {
        check(input);
    }
    let doc = check("- [ ] \0\n- [x] \0\0\0\n");
    let BlockKind::List { items } = &doc.blocks()[0].kind else {
        panic!("{doc:?}")
    };
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|item| item.task.is_some()));
}

#[test]
fn no_final_newline_and_empty() {
    let doc = check("");
    assert!(doc.blocks().is_empty());
    assert_eq!(doc.line_index().line_count(), 1);
    assert_eq!(doc.position(0), Position { line: 1, column: 1 });
    let doc = check("# A\n\ntext");
    assert_eq!(doc.blocks().len(), 2);
    assert_eq!(doc.blocks()[1].span, 5..9);
    let doc = check("\n\n \n\t\n");
    assert!(doc.blocks().is_empty());
}

#[test]
fn one_megabyte_line() {
    let input = "x".repeat(1 << 20);
    let started = Instant::now();
    let doc = check(&input);
    assert_eq!(doc.blocks().len(), 1);
    assert_eq!(doc.blocks()[0].span, 0..input.len());
    assert!(started.elapsed() < Duration::from_secs(20));
    let input = "[".repeat(50_000) + &"*".repeat(50_000) + &"|".repeat(50_000);
    check(&input);
}

#[test]
fn pathological_inline_input() {
    for (open, middle, close) in [
        ("[", "a", "](u)"),
        ("*", "a", "*"),
        ("**", "a", "**"),
        ("![", "a", "](u)"),
        ("<a>", "x", "</a>"),
        ("`", "", ""),
    ] {
        let input = open.repeat(20_000) + middle + &close.repeat(20_000);
        check(&input);
    }
}

#[test]
fn deeply_nested_block_quotes() {
    let input = "> ".repeat(100_000) + "x";
    let started = Instant::now();
    let doc = check(&input);
    let elapsed = started.elapsed();
    assert_eq!(doc.blocks().len(), 1);
    assert!(matches!(doc.blocks()[0].kind, BlockKind::BlockQuote));
    assert_eq!(doc.blocks()[0].span, 0..input.len());
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[test]
fn deeply_nested_lists() {
    let input = "- ".repeat(100_000) + "x\n" + &"1. ".repeat(10_000) + "[ ] y\n";
    check(&input);
    let mut input = String::new();
    for depth in 0..500 {
        input.push_str(&"  ".repeat(depth));
        input.push_str("- [ ] item\n");
    }
    let doc = check(&input);
    let BlockKind::List { items } = &doc.blocks()[0].kind else {
        panic!("not a list")
    };
    assert_eq!(items.len(), 1);
}

#[test]
fn incident_heading_inside_code_is_not_a_heading() {
    for input in [
        "```\n## Incident: x\n```\n",
        "~~~md\n## Incident: x\n",
        "<div>\n## Incident: x\n</div>\n",
        "    ## Incident: x\n",
        "<!--\n## Incident: x\n-->\n",
    ] {
        let doc = check(input);
        assert_eq!(doc.blocks().len(), 1, "{input:?}");
        assert!(
            matches!(
                doc.blocks()[0].kind,
                BlockKind::CodeBlock { .. } | BlockKind::HtmlBlock
            ),
            "{input:?}"
        );
        assert_eq!(doc.blocks()[0].span, 0..input.trim_end().len(), "{input:?}");
    }
    let doc = check("```\n## Incident: x\n```\n\n## Incident: y\n");
    assert_eq!(doc.blocks().len(), 2);
    assert_eq!(heading_content(&doc, 1), "Incident: y");
}

#[test]
fn atx_heading_content() {
    for (input, content) in [
        ("## Incident: y  ##  ", "Incident: y"),
        ("# #", ""),
        ("#", ""),
        ("### foo \\###", "foo \\###"),
        ("## foo#", "foo#"),
        ("   #   spaced   ", "spaced"),
        ("## é ##\r\n", "é"),
    ] {
        let doc = check(input);
        assert_eq!(heading_content(&doc, 0), content, "{input:?}");
        assert_eq!(doc.blocks()[0].last_line, 1);
    }
    let doc = check("## A\n[ref]: /url\n\ntext\n");
    assert_eq!(doc.blocks()[0].span, 0..4);
}

#[test]
fn setext_headings() {
    let doc = check("Incident log\n============\n\ntext\n");
    let block = &doc.blocks()[0];
    assert!(matches!(
        block.kind,
        BlockKind::Heading {
            level: 1,
            setext: true,
            ..
        }
    ));
    assert_eq!((block.first_line, block.last_line), (1, 2));
    assert_eq!(heading_content(&doc, 0), "Incident log");
    let doc = check("  two\n lines  \n---\n[a]: /b\n");
    assert!(matches!(
        doc.blocks()[0].kind,
        BlockKind::Heading {
            level: 2,
            setext: true,
            ..
        }
    ));
    assert_eq!(heading_content(&doc, 0), "two\n lines");
    assert_eq!(doc.blocks()[0].last_line, 3);
}

#[test]
fn task_boxes_are_one_byte_splices() {
    let input = "- [ ] a\n- [x] b\n* [X] c\n\n1. [ ] d\n   2) no\n-\n  [x] e\n";
    let doc = check(input);
    let mut tasks = Vec::new();
    for block in doc.blocks() {
        if let BlockKind::List { items } = &block.kind {
            tasks.extend(items.iter().filter_map(|item| item.task));
        }
    }
    let symbols: Vec<char> = tasks
        .iter()
        .map(|t| input.as_bytes()[t.offset] as char)
        .collect();
    assert_eq!(symbols, [' ', 'x', 'X', ' ', 'x']);
    let checked: Vec<bool> = tasks.iter().map(|t| t.checked).collect();
    assert_eq!(checked, [false, true, true, false, true]);

    let mut edited = input.to_owned();
    edited.replace_range(tasks[0].offset..tasks[0].offset + 1, "x");
    let doc = check(&edited);
    let BlockKind::List { items } = &doc.blocks()[0].kind else {
        panic!("not a list")
    };
    assert!(items[0].task.unwrap().checked);
}

#[test]
fn list_items() {
    let doc = check("- a\n  more\n\n- b\n\n\ntext\n");
    let BlockKind::List { items } = &doc.blocks()[0].kind else {
        panic!("not a list")
    };
    let spans: Vec<&str> = items.iter().map(|i| text_of(&doc, &i.span)).collect();
    assert_eq!(spans, ["- a\n  more", "- b"]);
    assert!(items.iter().all(|item| item.task.is_none()));

    // An unclosed fence inside an item: comrak cuts the item short; we do not.
    let doc = check("- a\n  ```\n  code\n\n\n- b\n");
    let BlockKind::List { items } = &doc.blocks()[0].kind else {
        panic!("not a list")
    };
    let spans: Vec<&str> = items.iter().map(|i| text_of(&doc, &i.span)).collect();
    assert_eq!(spans, ["- a\n  ```\n  code", "- b"]);
}

#[test]
fn table_cells() {
    let input = "| a | b \\| c |\n|---|---|\n| 1 |  |\nx | y\n\nafter\n";
    let doc = check(input);
    let BlockKind::Table { rows } = &doc.blocks()[0].kind else {
        panic!("not a table: {doc:?}")
    };
    let cells: Vec<Vec<&str>> = rows
        .iter()
        .map(|row| row.cells.iter().map(|c| text_of(&doc, c)).collect())
        .collect();
    assert_eq!(cells, [vec!["a", "b \\| c"], vec!["1", ""], vec!["x", "y"]]);
    assert_eq!(text_of(&doc, &rows[1].span), "| 1 |  |");
    assert!(matches!(doc.blocks()[1].kind, BlockKind::Paragraph));
}

#[test]
fn invalid_utf8() {
    let error = Document::from_bytes(b"ab\xffcd").unwrap_err();
    assert!(matches!(error, Error::InvalidUtf8 { offset: 2 }));
    assert_eq!(
        error.to_string(),
        "input is not valid UTF-8: invalid byte sequence at offset 2"
    );
}

#[test]
fn positions_count_chars() {
    let doc = check("é好\n\tx\r\ny");
    assert_eq!(doc.position(0), Position { line: 1, column: 1 });
    assert_eq!(doc.position(2), Position { line: 1, column: 2 });
    assert_eq!(doc.position(5), Position { line: 1, column: 3 });
    assert_eq!(doc.position(7).to_string(), "2:2");
    assert_eq!(doc.position(10), Position { line: 3, column: 1 });
    assert_eq!(doc.position(100), Position { line: 3, column: 2 });
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "\n",
            "\r",
            "\r\n",
            "#",
            "## ",
            "|",
            "-",
            "- ",
            "`",
            "```",
            ">",
            "> ",
            "*",
            "[",
            "]",
            "[ ] ",
            "[x] ",
            " ",
            "   ",
            "    ",
            "\t",
            "=",
            "1. ",
            "\\",
            "<div>",
            "\0",
            "\u{feff}",
            "é",
            "好",
            "x",
            "Incident:",
            "~~~",
        ])
        .prop_map(str::to_owned),
        any::<char>().prop_map(String::from),
    ]
}

fn markdown_like() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..80).prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn arbitrary_text_round_trips(input in markdown_like()) {
        check(&input);
    }

    #[test]
    fn arbitrary_unicode_round_trips(input in any::<String>()) {
        check(&input);
    }

    #[test]
    fn positions_agree_with_lines(input in markdown_like(), pick in any::<prop::sample::Index>()) {
        let doc = check(&input);
        let offset = pick.index(input.len() + 1);
        let position = doc.position(offset);
        let lines = doc.line_index();
        prop_assert_eq!(position.line, lines.line_of(offset));
        let start = lines.line_start(position.line);
        let prefix = String::from_utf8_lossy(&input.as_bytes()[start..offset.max(start)]).into_owned();
        prop_assert!(position.column >= 1);
        if input.is_char_boundary(offset) {
            prop_assert_eq!(position.column, prefix.chars().count() + 1);
        }
    }
}
