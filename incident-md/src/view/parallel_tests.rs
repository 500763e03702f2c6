//! Reading entries on several threads gives exactly what one thread gives.

use crate::blocks::parse_blocks;
use crate::dialect::Overrides;
use crate::lines::LineIndex;
use crate::parallel::{MIN_ITEMS, Workers};

use super::read_log_in;

/// The typed view of `text` read by `workers`, printed in full.
fn reading(text: &str, zone: chrono_tz::Tz, workers: Workers) -> String {
    let lines = LineIndex::new(text);
    let blocks = parse_blocks(text, &lines);
    format!(
        "{:#?}",
        read_log_in(text, &blocks, zone, &Overrides::default(), workers)
    )
}

fn assert_workers_agree(name: &str, text: &str, zones: &[chrono_tz::Tz], threads: &[usize]) {
    for &zone in zones {
        let one = reading(text, zone, Workers::ONE);
        for &n in threads {
            assert!(
                reading(text, zone, Workers::exactly(n)) == one,
                "{name}: {n} threads read it differently in {zone}"
            );
        }
    }
}

/// `text` repeated until it has enough entries for the readings to be shared out (`None` for a
/// text without entries).
fn long(text: &str) -> Option<String> {
    let entries = text.parse::<crate::Document>().ok()?.incidents().len();
    let mut one = text.to_owned();
    if !one.ends_with('\n') {
        one.push('\n');
    }
    (entries > 0).then(|| one.repeat(MIN_ITEMS.div_ceil(entries) + 1))
}

#[test]
fn every_test_log_repeated_reads_the_same_on_several_threads() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files = vec![data.join("seed.md")];
    for dir in ["fixtures", "real-logs/logs", "real-logs/postmortems"] {
        let mut found: Vec<_> = std::fs::read_dir(data.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        found.sort();
        files.extend(found);
    }
    assert!(files.len() > 40, "{files:?}");
    let mut read = 0;
    for file in files {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        if let Some(text) = long(&text) {
            assert_workers_agree(&file.display().to_string(), &text, &[chrono_tz::UTC], &[2]);
            read += 1;
        }
    }
    assert!(read > 30, "{read} logs with entries");
}

#[test]
fn a_generated_log_with_malformed_entries_reads_the_same_on_several_threads() {
    let mut text = String::from(
        "# INCIDENTS.md\n\n## Severity Levels\n\n| Level | Response |\n|---|---|\n| CRITICAL | 15 minutes |\n\n",
    );
    for i in 0..1200 {
        let day = 1 + i % 28;
        match i % 6 {
            0 => text.push_str(&format!(
                "## Incident: service {i} down\n\n### Severity: HIGH\n\n### Detected: 2026-03-{day:02}T10:00:00Z\n\n### Follow-up Actions:\n- [ ] fix {i} - @alice - 2026-04-01\n- [x] page - @bob\n\n---\n\n"
            )),
            1 => text.push_str(&format!(
                "## Incident: no severity {i}\n\n### Detected: not a date\n\n"
            )),
            2 => text.push_str(&format!(
                "### Incident: bold {i}\n\n**Severity:** High (customer facing)\n**Date:** {day:02}/03/2026\n\n"
            )),
            3 => text.push_str(&format!(
                "## Incident: service {} down\n\n### Severity: LOW\n\n### Detected: 2026-03-{day:02} 10:00\n\n<!-- ### Hidden: x -->\n\n",
                i - 3
            )),
            4 => text.push_str("## Escalation Triggers\n\n- Customer data exposed\n- cosmic rays\n\n"),
            _ => text.push_str(&format!(
                "## Incident: dup\n\n### ID: INC-{}\n\n### Severity: MEDIUM\n\n### Detected: 2026-03-01T00:00:00Z\n\n",
                i % 7
            )),
        }
    }
    let zones = [chrono_tz::UTC, chrono_tz::Europe::Berlin];
    assert_workers_agree("generated", &text, &zones, &[2, 3]);
}
