//! The check every write runs computes only the findings that can block it
//! (`blocking_findings`); these tests hold it to `check_document` filtered by `blocks_write`,
//! finding for finding and in order, over the project's logs: the fixtures, the seed, the edit
//! and real-log samples, each also with its entries written twice (repeats, duplicate IDs and
//! titles) and with damage typed in (timestamps out of order, a detection in the future,
//! follow-ups without owner or date, an unknown category, an unknown severity).

use std::path::{Path, PathBuf};

use incident_md::Document;
use incident_md::check::{CheckContext, blocking_findings, blocks_write, check_document};

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let path = e.path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "md") {
            out.push(path);
        }
    }
}

/// The text, with its entries written again after it, and with damage typed into its entries.
fn variants(text: &str) -> Vec<String> {
    let doc: Document = text.parse().unwrap();
    let mut out = vec![text.to_owned()];
    let entries: String = doc
        .incidents()
        .iter()
        .map(|e| format!("\n{}", &text[e.span.clone()]))
        .collect();
    out.push(format!("{text}{entries}"));
    out.push(format!("{text}\n{text}"));
    for (from, to) in [
        ("### Acknowledged: 2026-", "### Acknowledged: 2024-"),
        ("### Detected: 2026-", "### Detected: 2031-"),
        // No owner (a name without `@` in the owner slot is one).
        (" - @amy", ""),
        (" - 2026-", " - soon"),
        ("### Category: ", "### Category: GREMLINS_"),
        ("### Severity: LOW", "### Severity: TINY"),
    ] {
        out.push(text.replace(from, to));
    }
    out
}

fn assert_same(name: &str, text: &str) {
    let Ok(doc) = text.parse::<Document>() else {
        return;
    };
    for now in [
        "2026-01-01T00:00:00Z",
        "2026-03-10T13:00:00Z",
        "2030-06-01T00:00:00Z",
    ] {
        let ctx = CheckContext::new(now.parse().unwrap());
        let all = check_document(&doc, &ctx);
        for allow_unknown in [false, true] {
            let filtered: Vec<_> = all
                .iter()
                .filter(|f| blocks_write(f, allow_unknown))
                .cloned()
                .collect();
            assert_eq!(
                blocking_findings(&doc, &ctx, allow_unknown),
                filtered,
                "{name} at {now}, allow_unknown {allow_unknown}"
            );
        }
    }
}

#[test]
fn blocking_findings_are_check_document_filtered_on_every_log() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files = Vec::new();
    markdown_files(&data, &mut files);
    files.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../INCIDENTS.md"));
    let mut blocking = 0;
    let mut checked = 0;
    for path in files.iter().filter(|p| p.exists()) {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        for (k, text) in variants(&text).iter().enumerate() {
            assert_same(&format!("{} variant {k}", path.display()), text);
            if let Ok(doc) = text.parse::<Document>() {
                let ctx = CheckContext::new("2026-03-10T13:00:00Z".parse().unwrap());
                blocking += blocking_findings(&doc, &ctx, false).len();
            }
            checked += 1;
        }
    }
    // The logs and their variants do hold findings that block, of several codes.
    assert!(checked > 100, "{checked}");
    assert!(blocking > 100, "{blocking}");
}

/// The variants hold the blocking codes the shortcut has to keep, and the repeat whose `MD013`
/// `check_document` leaves out.
#[test]
fn the_variants_cover_every_blocking_source() {
    let seed = include_str!("data/seed.md");
    let entry = "## Incident: Disk full\n\n### ID: disk\n\n### Severity: LOW\n\n\
### Category: CLUSTER_FAILURE\n\n### Detected: 2026-03-02T10:00:00Z\n\n\
### Acknowledged: 2026-03-02T11:00:00Z\n\n### Follow-up Actions:\n- [ ] Patch - @amy - 2026-03-20\n";
    let text = format!("{seed}\n{entry}\n---\n\n{entry}");
    let mut codes = std::collections::BTreeSet::new();
    for text in variants(&text) {
        assert_same("seed with an entry", &text);
        let doc: Document = text.parse().unwrap();
        let ctx = CheckContext::new("2026-03-10T13:00:00Z".parse().unwrap());
        codes.extend(check_document(&doc, &ctx).iter().map(|f| f.code.as_str()));
    }
    for code in [
        "MD001", "MD007", "GIT005", "TIME001", "TIME002", "PIR002", "PIR003", "PIR007",
    ] {
        assert!(codes.contains(code), "{code} not in {codes:?}");
    }
}
