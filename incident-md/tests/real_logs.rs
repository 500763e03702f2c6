//! The dialect corpus (tests/data/real-logs): what the view reads from each log, against what a
//! careful human reader sees (expected/*.json), also under CRLF, BOM and no-final-newline
//! variants; and a snapshot of the learned dialect per file.
//!
//! Every aspect of every file is compared. The aspects the learner does not read yet are listed
//! in `KNOWN_MISSES`: the test fails when one of them starts passing (so that the list stays
//! true) as well as when anything else fails.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use incident_md::Document;
use incident_md::dialect::{SeverityValue, When};
use serde_json::Value;

/// (file stem, aspect) pairs that do not read as the expectation says yet.
const KNOWN_MISSES: &[(&str, &str)] = &[];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/real-logs")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

/// One line per incident, as the expectation files write them.
fn reading(doc: &Document) -> Vec<Value> {
    doc.log()
        .incidents
        .iter()
        .map(|e| {
            let r = &e.reading;
            let severity = match &r.severity {
                Some(SeverityValue::Known(s)) => Value::from(s.as_str()),
                _ => Value::Null,
            };
            // What the text alone makes certain: a time without a zone gives its day (the
            // instant depends on the configured zone).
            let detected = match &r.detected {
                Some(w @ (When::Instant(_) | When::Day(_))) => Value::from(w.to_string()),
                Some(When::Local(t)) => Value::from(t.date().to_string()),
                _ => Value::Null,
            };
            let line = doc.position(e.heading_span.start).line;
            serde_json::json!({
                "line": line,
                "title": e.title,
                "severity": severity,
                "detected": detected,
                "status": r.status.map(|s| s.as_str()),
                "follow_ups": r.follow_ups,
            })
        })
        .collect()
}

/// Each aspect of the reading and whether it matches.
fn aspects(doc: &Document, want: &Value) -> Vec<(String, bool, String)> {
    let got = reading(doc);
    let want_incidents = want["incidents"].as_array().cloned().unwrap_or_default();
    let mut out = Vec::new();
    out.push((
        "count".to_owned(),
        got.len() == want_incidents.len(),
        format!("{} vs {}", got.len(), want_incidents.len()),
    ));
    for key in [
        "line",
        "title",
        "severity",
        "detected",
        "status",
        "follow_ups",
    ] {
        let g: Vec<&Value> = got.iter().map(|i| &i[key]).collect();
        let w: Vec<&Value> = want_incidents.iter().map(|i| &i[key]).collect();
        out.push((
            key.to_owned(),
            g == w,
            format!("got {g:?}\n      want {w:?}"),
        ));
    }
    let dialect = &doc.log().dialect;
    let order = dialect.order.value.as_str();
    out.push((
        "order".to_owned(),
        want["order"] == order,
        format!("{order} vs {}", want["order"]),
    ));
    let insert = dialect.insertion(today()).line;
    out.push((
        "insert_line".to_owned(),
        want["insert_line"] == insert,
        format!("{insert} vs {}", want["insert_line"]),
    ));
    let style = dialect.field_style.as_ref().map(|s| s.value.as_str());
    out.push((
        "field_style".to_owned(),
        want["field_style"].as_str() == style,
        format!("{style:?} vs {}", want["field_style"]),
    ));
    let lines: Vec<u64> = got.iter().filter_map(|i| i["line"].as_u64()).collect();
    let wrong: Vec<u64> = want["not_incidents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_u64)
        .filter(|l| lines.contains(l))
        .collect();
    out.push((
        "not_incidents".to_owned(),
        wrong.is_empty(),
        format!("read as incidents: {wrong:?}"),
    ));
    out
}

fn logs() -> Vec<(String, String, Value)> {
    let dir = corpus().join("logs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(files.len() >= 25, "the corpus has {} logs", files.len());
    files
        .into_iter()
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap();
            let want: Value = serde_json::from_str(
                &std::fs::read_to_string(corpus().join("expected").join(format!("{stem}.json")))
                    .unwrap(),
            )
            .unwrap();
            (stem, text, want)
        })
        .collect()
}

#[test]
fn every_log_reads_as_a_human_reads_it() {
    let mut report = String::new();
    let (mut passed, mut total) = (0, 0);
    let mut unexpected = Vec::new();
    for (stem, text, want) in logs() {
        let doc: Document = text.parse().unwrap();
        assert_eq!(doc.to_string(), text, "{stem}: lossless");
        for (aspect, ok, detail) in aspects(&doc, &want) {
            total += 1;
            passed += usize::from(ok);
            let known = KNOWN_MISSES.contains(&(stem.as_str(), aspect.as_str()));
            if !ok {
                writeln!(report, "{stem} {aspect}: {detail}").unwrap();
            }
            if ok == known {
                unexpected.push(format!(
                    "{stem} {aspect}: {}",
                    if ok {
                        "now passes (remove it from KNOWN_MISSES)"
                    } else {
                        "fails"
                    }
                ));
            }
        }
    }
    println!("{passed}/{total} aspects read as expected\n{report}");
    assert!(
        unexpected.is_empty(),
        "{}\n\n{report}",
        unexpected.join("\n")
    );
}

/// The byte-level variants of a log: CRLF, a BOM, no final newline.
fn variants(text: &str) -> Vec<(&'static str, String)> {
    let lf = text
        .replace("\r\n", "\n")
        .trim_start_matches('\u{feff}')
        .to_owned();
    vec![
        ("crlf", lf.replace('\n', "\r\n")),
        ("bom", format!("\u{feff}{lf}")),
        ("no-final-newline", lf.trim_end_matches('\n').to_owned()),
        ("lf", lf),
    ]
}

#[test]
fn variants_read_the_same() {
    for (stem, text, _) in logs() {
        let base: Document = text.parse().unwrap();
        let want = reading(&base);
        let insert = base.log().dialect.insertion(today()).line;
        for (name, v) in variants(&text) {
            let doc: Document = v.parse().unwrap();
            assert_eq!(doc.to_string(), v, "{stem} {name}: lossless");
            let got = reading(&doc);
            // Titles and values are compared without the line ends a variant adds.
            assert_eq!(got, want, "{stem} {name}");
            assert_eq!(
                doc.log().dialect.insertion(today()).line,
                insert,
                "{stem} {name}: insertion"
            );
        }
    }
}

/// What `incident explain` reports for each log.
#[test]
fn dialect_summaries() {
    for (stem, text, _) in logs() {
        let doc: Document = text.parse().unwrap();
        insta::with_settings!({snapshot_suffix => stem.clone(), prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!("dialect", incident_md::dialect::explain(&doc, today()).to_string());
        });
    }
}

/// Each postmortem on its own: one incident per file, its `#` title the incident's title.
#[test]
fn every_postmortem_reads_as_one_incident() {
    let dir = corpus().join("postmortems");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 4);
    for p in files {
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&p).unwrap();
        let want: Value = serde_json::from_str(
            &std::fs::read_to_string(
                corpus()
                    .join("expected/postmortems")
                    .join(format!("{stem}.json")),
            )
            .unwrap(),
        )
        .unwrap();
        let doc: Document = text.parse().unwrap();
        assert_eq!(Value::from(reading(&doc)), want["incidents"], "{stem}");
    }
}
