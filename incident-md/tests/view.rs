//! Snapshots of the typed view (`Document::log`) of the seed and of fixtures for each variant
//! a real INCIDENTS.md takes; every fixture must also print back byte for byte.

use std::fmt::Write as _;

use incident_core::{Due, Policy};
use incident_md::view::{FieldStyle, Template};
use incident_md::{Document, Error};

const SEED: &str = include_str!("data/seed.md");

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/data/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Parses `text` and checks that it prints back unchanged, from `&str` and from bytes.
fn parse(text: &str) -> Document {
    let doc: Document = text.parse().unwrap();
    assert_eq!(doc.to_string(), text, "round trip");
    let from_bytes = Document::from_bytes(text.as_bytes()).unwrap();
    assert_eq!(from_bytes.as_str(), text);
    assert_eq!(from_bytes.incidents(), doc.incidents());
    doc
}

/// A value on one line: quoted, so that trailing spaces and line breaks are visible.
fn q(s: &str) -> String {
    format!("{s:?}")
}

fn opt(s: Option<&str>) -> String {
    s.map_or_else(|| "-".to_owned(), q)
}

/// A text value: `-` when absent, quoted when one line, an indented block otherwise.
fn text_block(out: &mut String, indent: &str, key: &str, value: Option<&str>) {
    match value {
        None => writeln!(out, "{indent}{key}: -").unwrap(),
        Some(v) if !v.contains('\n') => writeln!(out, "{indent}{key}: {}", q(v)).unwrap(),
        Some(v) => {
            writeln!(out, "{indent}{key}: |").unwrap();
            for line in v.split('\n') {
                writeln!(out, "{indent}  {}", q(line)).unwrap();
            }
        }
    }
}

fn ts(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map_or_else(|| "-".to_owned(), incident_core::format_timestamp)
}

fn summarize_policy(out: &mut String, policy: &Policy) {
    if *policy == Policy::default() {
        writeln!(out, "policy: default").unwrap();
        return;
    }
    writeln!(out, "policy:").unwrap();
    writeln!(out, "  severities:").unwrap();
    for r in &policy.severities {
        writeln!(
            out,
            "    {} | {} | {} ({:?})",
            r.level,
            q(&r.definition),
            r.response,
            r.response
        )
        .unwrap();
    }
    writeln!(out, "  categories:").unwrap();
    for c in &policy.categories {
        writeln!(out, "    {} | {}", q(&c.name), q(&c.examples)).unwrap();
    }
    writeln!(out, "  triggers:").unwrap();
    for t in &policy.triggers {
        write!(out, "    {} | {}", t.kind, q(&t.text)).unwrap();
        if let Some(p) = t.threshold_percent {
            write!(out, " | threshold {p}%").unwrap();
        }
        if let Some(n) = t.attempts {
            write!(out, " | {n} attempts").unwrap();
        }
        out.push('\n');
    }
    writeln!(out, "  requirements:").unwrap();
    for r in &policy.requirements {
        writeln!(out, "    {} | {:?}", q(&r.text), r.kind).unwrap();
    }
    writeln!(
        out,
        "  documentation window: {}h, review at or above: {:?}",
        policy.documentation_window_hours(),
        policy.review_threshold()
    )
    .unwrap();
}

fn summarize_template(out: &mut String, doc: &Document, template: &Template) {
    let section = template
        .section_span
        .as_ref()
        .map_or_else(|| "none".to_owned(), |s| doc.position(s.start).to_string());
    let default = Template::default();
    if template.incident_level == default.incident_level && template.fields == default.fields {
        writeln!(out, "template: default (section at {section})").unwrap();
        return;
    }
    writeln!(
        out,
        "template: incident level {} (section at {section})",
        template.incident_level
    )
    .unwrap();
    for f in &template.fields {
        let kind = if f.inline { "inline" } else { "block" };
        let known = f.name.map_or("unknown", |n| n.label());
        writeln!(
            out,
            "  {} [{known}, {kind}]: {}",
            q(&f.label),
            q(&f.placeholder)
        )
        .unwrap();
    }
}

/// A compact, deterministic text form of the whole typed view.
fn summarize(doc: &Document) -> String {
    let log = doc.log();
    let mut out = String::new();
    let pos = |offset: usize| doc.position(offset).to_string();
    writeln!(
        out,
        "title: {}",
        log.title.as_ref().map_or_else(
            || "-".to_owned(),
            |(t, span)| format!("{} @{}", q(t), pos(span.start))
        )
    )
    .unwrap();
    match &log.last_incident {
        Some(l) => writeln!(
            out,
            "last incident: {} @{}",
            q(&l.text),
            pos(l.text_span.start)
        )
        .unwrap(),
        None => writeln!(out, "last incident: -").unwrap(),
    }
    summarize_policy(&mut out, &log.policy);
    summarize_template(&mut out, doc, &log.template);
    writeln!(out, "sections:").unwrap();
    for s in &log.sections {
        writeln!(
            out,
            "  {} {} @{}..{}",
            "#".repeat(s.level as usize),
            q(&s.name),
            pos(s.span.start),
            pos(s.span.end)
        )
        .unwrap();
    }
    writeln!(out, "incidents: {}", log.incidents.len()).unwrap();
    for e in &log.incidents {
        writeln!(out, "- id: {}", e.id).unwrap();
        writeln!(out, "  anchor: {}", e.anchor).unwrap();
        writeln!(out, "  title: {}", q(&e.title)).unwrap();
        writeln!(
            out,
            "  heading: level {} @{}..{}",
            e.level,
            pos(e.span.start),
            pos(e.span.end)
        )
        .unwrap();
        writeln!(out, "  fields:").unwrap();
        for f in &e.fields {
            let style = match f.style {
                FieldStyle::Heading { level } => format!("h{level}"),
                FieldStyle::Bold => "bold".to_owned(),
                FieldStyle::BoldItem => "bold item".to_owned(),
                _ => "other".to_owned(),
            };
            let known = f.name.map_or("unknown", |n| n.label());
            writeln!(
                out,
                "    {} [{known}, {style}] @{} items={} value={}",
                q(&f.label),
                pos(f.span.start),
                f.items.len(),
                opt(f.value())
            )
            .unwrap();
        }
        let unknown: Vec<_> = e.fields.iter().filter(|f| f.name.is_none()).collect();
        if !unknown.is_empty() {
            writeln!(out, "  unknown fields:").unwrap();
            for f in unknown {
                text_block(&mut out, "    ", &q(&f.label), Some(&f.text));
            }
        }
        let Some(i) = &e.incident else {
            writeln!(out, "  incident: -").unwrap();
            continue;
        };
        writeln!(out, "  incident:").unwrap();
        writeln!(out, "    title: {}", q(&i.title)).unwrap();
        writeln!(out, "    severity: {}", i.severity).unwrap();
        writeln!(out, "    category: {}", opt(i.category.as_deref())).unwrap();
        writeln!(out, "    detected: {}", ts(Some(i.detected))).unwrap();
        writeln!(out, "    acknowledged: {}", ts(i.acknowledged)).unwrap();
        writeln!(out, "    resolved: {}", ts(i.resolved)).unwrap();
        writeln!(out, "    status: {}", i.status()).unwrap();
        text_block(&mut out, "    ", "description", i.description.as_deref());
        text_block(&mut out, "    ", "impact", i.impact.as_deref());
        text_block(&mut out, "    ", "root_cause", i.root_cause.as_deref());
        text_block(&mut out, "    ", "resolution", i.resolution.as_deref());
        writeln!(out, "    follow_ups: {}", i.follow_ups.len()).unwrap();
        for f in &i.follow_ups {
            let due = match &f.due {
                None => "-".to_owned(),
                Some(Due::Date(d)) => d.to_string(),
                Some(Due::Text(t)) => format!("text {}", q(t)),
            };
            writeln!(
                out,
                "      [{}] {} | owner {} | due {due}",
                if f.done { 'x' } else { ' ' },
                q(&f.action),
                opt(f.assignee.as_deref()),
            )
            .unwrap();
        }
        text_block(
            &mut out,
            "    ",
            "lessons_learned",
            i.lessons_learned.as_deref(),
        );
        writeln!(out, "    related_logs: {}", i.related_logs.len()).unwrap();
        for r in &i.related_logs {
            writeln!(out, "      {} -> {}", q(&r.text), opt(r.target.as_deref())).unwrap();
        }
    }
    writeln!(out, "diagnostics: {}", log.diagnostics.len()).unwrap();
    for d in &log.diagnostics {
        let span = d.span.clone().expect("diagnostics have spans");
        writeln!(
            out,
            "  {} {} {} {}: {}",
            pos(span.start),
            d.code,
            d.level,
            q(&doc.as_str()[span]),
            d.message
        )
        .unwrap();
    }
    out
}

fn snapshot(name: &str, text: &str) -> Document {
    let doc = parse(text);
    insta::assert_snapshot!(name, summarize(&doc));
    doc
}

#[test]
fn seed() {
    let doc = snapshot("seed", SEED);
    assert_eq!(doc.log().policy, Policy::default());
    assert!(doc.incidents().is_empty());
}

#[test]
fn filled_log() {
    let doc = snapshot("filled", &fixture("filled.md"));
    assert_eq!(doc.incidents().len(), 2);
    assert_eq!(doc.log().policy, Policy::default());
    let etcd = doc.find("2026-02-03").unwrap();
    assert_eq!(etcd.title, "etcd quorum lost on prod-eu");
    assert_eq!(
        doc.find("2026-02-03-etcd-quorum-lost-on-prod-eu")
            .unwrap()
            .id,
        etcd.id
    );
    let helm = doc.find("2026-02-10").unwrap();
    let inc = helm.incident.as_ref().unwrap();
    assert_eq!(inc.description, None, "a placeholder is not a value");
    assert!(inc.follow_ups.is_empty() && inc.related_logs.is_empty());
    assert!(matches!(
        doc.find("nope"),
        Err(Error::NoSuchIncident { .. })
    ));
    assert!(matches!(
        doc.find("2026-02"),
        Err(Error::AmbiguousId { candidates, .. }) if candidates.len() == 2
    ));
}

#[test]
fn crlf() {
    let text = fixture("crlf.md");
    assert!(
        text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'),
        "crlf.md must keep its CRLF line endings"
    );
    let doc = snapshot("crlf", &text);
    // The same log as with LF endings, down to the text of every value.
    let lf: Document = fixture("filled.md").parse().unwrap();
    let models = |d: &Document| {
        d.incidents()
            .iter()
            .map(|e| (e.id.clone(), e.incident.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(models(&doc), models(&lf));
    assert_eq!(doc.log().policy, lf.log().policy);
    assert_eq!(doc.log().template.fields, lf.log().template.fields);
    assert_eq!(
        doc.log().last_incident.as_ref().map(|l| &l.text),
        lf.log().last_incident.as_ref().map(|l| &l.text)
    );
}

#[test]
fn bom() {
    let text = fixture("bom.md");
    assert!(text.starts_with('\u{feff}'), "bom.md must keep its BOM");
    let doc = snapshot("bom", &text);
    assert_eq!(
        doc.log().title.as_ref().map(|t| t.0.as_str()),
        Some("INCIDENTS.md — Production Incident Log")
    );
    assert_eq!(doc.incidents().len(), 1);
}

#[test]
fn bold_labels() {
    let doc = snapshot("bold_labels", &fixture("bold_labels.md"));
    assert_eq!(doc.incidents().len(), 2);
    assert!(doc.incidents().iter().all(|e| e.incident.is_some()));
}

#[test]
fn bold_labels_in_list_items() {
    let doc = snapshot("list_labels", &fixture("list_labels.md"));
    let first = doc.incidents()[0].incident.as_ref().unwrap();
    assert_eq!(first.severity, incident_core::Severity::Critical);
    assert_eq!(
        first.description.as_deref(),
        Some(
            "A reindex job wrote half of the shards\nwith an old mapping; queries returned partial results."
        )
    );
    assert_eq!(first.follow_ups.len(), 2);
    assert!(first.follow_ups[0].done);
    assert_eq!(
        first.related_logs[0].target.as_deref(),
        Some("../logs/LOGS.md#2026-04-02-reindex")
    );
    let second = &doc.incidents()[1];
    assert_eq!(
        second.field_by_label("notes").unwrap().text,
        "the CDN cached the page for an hour"
    );
}

#[test]
fn incidents_at_level_three() {
    let doc = snapshot("incidents_h3", &fixture("incidents_h3.md"));
    assert_eq!(doc.incidents().len(), 2);
    assert!(doc.incidents().iter().all(|e| e.level == 3));
}

#[test]
fn unknown_sections_and_fields() {
    let doc = snapshot("unknown", &fixture("unknown.md"));
    let e = &doc.incidents()[0];
    assert_eq!(e.field_by_label("owner").unwrap().text, "@pat");
    // A known field now; its time-only items (`- 13:20 …`) are not read into the model.
    assert_eq!(
        e.field_by_label("Timeline").unwrap().name,
        Some(incident_md::FieldName::Timeline)
    );
    assert!(e.incident.as_ref().unwrap().timeline.is_empty());
    let names: Vec<&str> = doc.log().sections.iter().map(|s| s.name.as_str()).collect();
    assert!(names.contains(&"On-call Rotation") && names.contains(&"Runbooks"));
}

#[test]
fn truncated_inside_a_table_row() {
    let text = fixture("truncated.md");
    assert!(text.ends_with("| web     | 3"));
    let doc = snapshot("truncated", &text);
    assert_eq!(doc.incidents().len(), 2);
}

#[test]
fn malformed_values() {
    use incident_md::Code;
    let doc = snapshot("malformed", &fixture("malformed.md"));
    let codes: Vec<Code> = doc.log().diagnostics.iter().map(|d| d.code).collect();
    for code in [
        Code::UnknownSeverity,
        Code::InvalidTimestamp,
        Code::DuplicateField,
        Code::MissingField,
        Code::DuplicateIncident,
        Code::UnknownResponseTime,
        Code::FollowUpNotTask,
        Code::UnknownSeverityRow,
    ] {
        assert!(codes.contains(&code), "{code} not reported: {codes:?}");
    }
    for d in &doc.log().diagnostics {
        assert_eq!(d.level, d.code.level());
        let span = d.span.clone().expect("diagnostics have spans");
        assert!(doc.as_str().get(span).is_some(), "{d:?}");
    }
}

#[test]
fn custom_policy() {
    use incident_core::{ResponseTime, Severity, TriggerKind};
    let doc = snapshot("custom_policy", &fixture("custom_policy.md"));
    let policy = &doc.log().policy;
    assert_eq!(
        policy.response_time(Severity::High),
        ResponseTime::Within(chrono::TimeDelta::minutes(30))
    );
    assert_eq!(
        policy.response_time(Severity::Low),
        ResponseTime::BusinessDays(2)
    );
    let trigger = |k| policy.triggers.iter().find(|t| t.kind == k).unwrap();
    assert_eq!(
        trigger(TriggerKind::Availability).threshold_percent,
        Some(99.95)
    );
    assert_eq!(
        trigger(TriggerKind::UnresolvedAfterAttempts).attempts,
        Some(5)
    );
    assert!(policy.category("vendor_outage").is_some());
    assert_eq!(doc.log().template.incident_level, 3);
    assert_eq!(doc.incidents().len(), 1);
}

#[test]
fn another_format_entirely() {
    let doc = snapshot("readme", &fixture("readme.md"));
    assert!(doc.incidents().is_empty());
    assert!(doc.log().diagnostics.is_empty());
}

#[test]
fn degenerate_inputs_round_trip() {
    for text in [
        "",
        "\u{feff}",
        "\r\n",
        "## Incident:",
        "## Incident: x",
        "## Incident: x\r### Severity: HIGH\r### Detected: 2026-01-01T00:00:00Z",
        "### Severity: HIGH\n",
        "**Severity:** HIGH\n",
        "## Incident: a\n\n**Severity:**",
        "## Incident: a\n\n### Follow-up Actions:\n- [ ]",
        "## Incident: a\n\n### Related Logs:\n- [x](",
        "| a |\n|---|\n| `b",
        "## Severity\n\n| Level |\n|---|\n|",
        "## Template\n\n```\n## Incident: <t>\n### :",
    ] {
        let doc = parse(text);
        let _ = summarize(&doc);
    }
}

#[test]
fn line_endings_do_not_change_the_view() {
    for name in [
        "filled.md",
        "bom.md",
        "bold_labels.md",
        "list_labels.md",
        "incidents_h3.md",
        "unknown.md",
        "truncated.md",
        "malformed.md",
        "custom_policy.md",
        "readme.md",
    ] {
        let lf = fixture(name);
        assert!(!lf.contains('\r'), "{name}");
        let want = summarize(&parse(&lf));
        for eol in ["\r\n", "\r"] {
            let doc = parse(&lf.replace('\n', eol));
            assert_eq!(summarize(&doc), want, "{name} with {eol:?}");
        }
    }
}

#[test]
fn follow_up_items_match_the_follow_ups() {
    for name in [
        "filled.md",
        "bold_labels.md",
        "list_labels.md",
        "incidents_h3.md",
        "unknown.md",
        "malformed.md",
    ] {
        let doc = parse(&fixture(name));
        for e in doc.incidents() {
            let Some(i) = &e.incident else { continue };
            assert_eq!(
                e.follow_up_items.len(),
                i.follow_ups.len(),
                "{name} {}",
                e.id
            );
            for (item, f) in e.follow_up_items.iter().zip(&i.follow_ups) {
                let text = &doc.as_str()[item.span.clone()];
                assert!(
                    text.contains(f.action.split_whitespace().next().unwrap_or("")),
                    "{text}"
                );
            }
        }
    }
}
