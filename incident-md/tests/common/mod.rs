//! Generators shared by the property tests: text full of markdown metacharacters, block
//! starters, separators, line endings and unicode, and incidents made of it.
#![allow(dead_code)] // each test binary uses its own subset

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use incident_core::{Due, FollowUp, Incident, RelatedLog, Severity};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Generators

/// Pieces of text: markdown metacharacters and block starters, separators, line endings,
/// unicode and arbitrary characters.
pub fn atom() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        "#",
        "## ",
        "### Impact:",
        "- ",
        "* ",
        "+ ",
        "1. ",
        "2) ",
        "> ",
        "```",
        "~~~",
        "<",
        ">",
        "<!--",
        "-->",
        "<b>",
        "<what happened>",
        "<div>",
        "|",
        "| a | b |",
        ":-|-:",
        "---",
        "===",
        "***",
        "___",
        "\\",
        "\\#",
        "\\\\",
        "`",
        "[",
        "]",
        "(",
        ")",
        "[ ] ",
        "[x] ",
        "[a]: /url",
        "](",
        " - ",
        " -",
        "- ",
        " – ",
        " — ",
        "@",
        "**",
        "**Severity:** ",
        "_",
        "&amp;",
        "&#35;",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "    ",
        "\t",
        " ",
        "2026-01-31",
        "Incident: ",
        "é",
        "💥",
        "\u{a0}",
        "\u{0}",
        "\u{2028}",
        "\u{85}",
        "\u{feff}",
    ]);
    prop_oneof![
        5 => special.prop_map(str::to_owned),
        3 => "[a-zA-Z0-9 ]{1,8}",
        2 => "\\PC{1,4}",
        1 => any::<char>().prop_map(String::from),
    ]
}

pub fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(atom(), 0..10).prop_map(|v| v.concat())
}

/// Mostly one line, sometimes anything (line breaks included).
pub fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => text().prop_map(|t| t.replace(['\n', '\r'], " ")),
        1 => text(),
    ]
}

pub fn time() -> impl Strategy<Value = DateTime<Utc>> {
    (
        946_684_800i64..4_102_444_800,
        prop_oneof![3 => Just(0u32), 1 => 0u32..1_000_000_000],
    )
        .prop_map(|(s, n)| Utc.timestamp_opt(s, n).unwrap())
}

pub fn severity() -> impl Strategy<Value = Severity> {
    prop::sample::select(vec![
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ])
}

pub fn owner() -> impl Strategy<Value = String> {
    prop_oneof![4 => "@?[a-z][a-z0-9._-]{0,8}", 1 => line()]
}

pub fn follow_up() -> impl Strategy<Value = FollowUp> {
    (
        any::<bool>(),
        line(),
        prop::option::of(owner()),
        prop::option::of(prop_oneof![
            3 => (2000i32..2100, 1u32..13, 1u32..29)
                .prop_map(|(y, m, d)| Due::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())),
            1 => line().prop_map(Due::Text),
        ]),
    )
        .prop_map(|(done, action, assignee, due)| {
            let mut f = FollowUp::new(action);
            f.done = done;
            f.assignee = assignee;
            f.due = due;
            f
        })
}

pub fn related_log() -> impl Strategy<Value = RelatedLog> {
    (
        line(),
        prop::option::of(prop_oneof![
            3 => "[a-zA-Z0-9./#:?=&()<> -]{0,20}",
            1 => line(),
        ]),
    )
        .prop_map(|(text, target)| RelatedLog::new(text, target))
}

pub fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

pub fn incident() -> impl Strategy<Value = Incident> {
    (
        (line(), severity(), prop::option::of(line()), time()),
        (
            prop::option::of(0i64..100_000),
            prop::option::of(0i64..1_000_000),
        ),
        (opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
        prop::collection::vec(follow_up(), 0..3),
        prop::collection::vec(related_log(), 0..3),
    )
        .prop_map(
            |((title, sev, category, detected), (ack, res), texts, fus, rls)| {
                let mut i = Incident::new(title, sev, detected);
                i.category = category;
                i.acknowledged = ack.map(|s| detected + chrono::TimeDelta::seconds(s));
                i.resolved = res.map(|s| detected + chrono::TimeDelta::seconds(s));
                (
                    i.description,
                    i.impact,
                    i.root_cause,
                    i.resolution,
                    i.lessons_learned,
                ) = texts;
                i.follow_ups = fus;
                i.related_logs = rls;
                i
            },
        )
}

// ---------------------------------------------------------------------------------------------
// The documented refusals

/// Whether text spans more than one line.
pub fn multiline(s: &str) -> bool {
    s.contains(['\n', '\r'])
}

/// Whether rendering must refuse this follow-up, by the documented rules.
pub fn follow_up_refused(f: &FollowUp) -> bool {
    let action = multiline(&f.action) || f.action.trim().is_empty();
    let owner = f.assignee.as_deref().is_some_and(|a| {
        multiline(a) || a.trim().is_empty() || a.trim().contains(char::is_whitespace)
    });
    let due = match &f.due {
        Some(Due::Text(t)) => {
            let d = t.trim();
            multiline(t)
                || d.is_empty()
                || d.starts_with('@')
                || incident_core::parse_date(d).is_ok()
                || f.assignee.is_none()
        }
        _ => false,
    };
    action || owner || due
}

/// An en or em dash between spaces reads as a separator and cannot be escaped: such follow-ups
/// may be refused.
pub fn follow_up_may_refuse(f: &FollowUp) -> bool {
    let dash = |s: &str| s.contains(['–', '—']);
    dash(&f.action) || matches!(&f.due, Some(Due::Text(t)) if dash(t))
}

// ---------------------------------------------------------------------------------------------
// Data

/// Every example of the CommonMark and GFM specs in `tests/data/spec` (CC-BY-SA; see the
/// attribution there).
pub fn spec_examples() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/spec");
    let mut examples = Vec::new();
    for file in [
        "commonmark-0.31.2.json",
        "gfm.json",
        "gfm-regression.json",
        "gfm-extensions.json",
    ] {
        let json = std::fs::read_to_string(format!("{dir}/{file}")).unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        for example in value.as_array().unwrap() {
            examples.push(example["markdown"].as_str().unwrap().to_owned());
        }
    }
    assert!(examples.len() > 1_000, "the spec corpus is missing");
    examples
}
