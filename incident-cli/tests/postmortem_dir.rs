//! The real binary on a directory of postmortems in a git repository: `new` creates exactly one
//! file and changes no other (the lock lives in `.git`, so nothing else appears), an edit
//! changes only the file that holds the incident, and findings name their file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../incident-md/tests/data/real-logs/postmortems")
}

/// A repository with the corpus' postmortems in `postmortems/`.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let pm = dir.path().join("postmortems");
    std::fs::create_dir(&pm).unwrap();
    for e in std::fs::read_dir(corpus()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, pm.join(p.file_name().unwrap())).unwrap();
    }
    dir
}

/// Every file under `dir` (outside `.git`) with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if p.is_dir() {
                todo.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    out
}

fn incident(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_incident"))
        .current_dir(dir)
        .env("INCIDENT_NOW", "2026-12-01T09:30:00Z")
        .env("NO_COLOR", "1")
        .args(["--color", "never", "-f", "postmortems"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn new_creates_exactly_one_file_and_changes_no_other() {
    let dir = repo();
    let before = tree(dir.path());
    let out = incident(
        dir.path(),
        &["new", "--title", "Disk full", "--severity", "critical"],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "2026-12-01-disk-full\n"
    );
    let after = tree(dir.path());
    let added: Vec<&PathBuf> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert_eq!(added, [Path::new("postmortems/2026-12-01-disk-full.md")]);
    for (k, v) in &before {
        assert_eq!(after.get(k), Some(v), "{} changed", k.display());
    }
    let text = String::from_utf8(after[added[0]].clone()).unwrap();
    assert!(text.starts_with("# Postmortem: Disk full\n"), "{text}");
    assert!(text.contains("| Severity | Critical |"), "{text}");
    // The same title again: a second file, the first kept.
    let out = incident(
        dir.path(),
        &["new", "--title", "Disk full", "--severity", "low"],
    );
    assert!(out.status.success(), "{out:?}");
    let again = tree(dir.path());
    assert_eq!(again.len(), after.len() + 1);
    assert_eq!(again[added[0]], after[added[0]]);
    assert!(again.contains_key(Path::new("postmortems/2026-12-01-disk-full-2.md")));
}

#[test]
fn an_edit_changes_only_the_file_holding_the_incident() {
    let dir = repo();
    let before = tree(dir.path());
    let out = incident(
        dir.path(),
        &["set", "2026-06-09", "impact", "Orders shipped a day late."],
    );
    assert!(out.status.success(), "{out:?}");
    let after = tree(dir.path());
    let changed: Vec<&PathBuf> = before.keys().filter(|k| before[*k] != after[*k]).collect();
    assert_eq!(
        changed,
        [Path::new("postmortems/2026-06-09-queue-backlog.md")]
    );
    assert_eq!(after.len(), before.len());
}

#[test]
fn findings_name_the_file_they_are_in() {
    let dir = repo();
    let out = incident(
        dir.path(),
        &["check", "--code", "PIR003", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "postmortems/2026-04-18-dns-resolution-failure.md",
            "postmortems/2026-06-09-queue-backlog.md",
            // Its done follow-up without a due date owes none: one finding, not two.
            "postmortems/2026-09-27-cert-expiry.md"
        ]
    );
    let text = incident(dir.path(), &["check", "--code", "PIR003"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("--> postmortems/2026-09-27-cert-expiry.md:44:1"),
        "{text}"
    );
    assert!(
        text.ends_with("postmortems: 4 incidents read in 4 files, 3 errors, 0 warnings\n"),
        "{text}"
    );
}

#[test]
fn ack_adds_a_row_to_the_metadata_table_and_the_timeline_and_nothing_else() {
    let dir = repo();
    let file = Path::new("postmortems/2026-03-02-api-outage.md");
    let before = tree(dir.path());
    let out = incident(
        dir.path(),
        &["ack", "PM-2026-03", "--at", "2026-03-02T14:40:00Z"],
    );
    assert!(out.status.success(), "{out:?}");
    let after = tree(dir.path());
    let old = String::from_utf8(before[file].clone()).unwrap();
    let row = "| Authors | Claire Dubois, Mateo Rossi |\n";
    // The row, and the timeline table's row for it, in its place by time.
    let want = old
        .replacen(
            row,
            &format!("{row}| Acknowledged | 2026-03-02 14:40 UTC |\n"),
            1,
        )
        .replacen("| 14:48 |", "| 14:40 | Acknowledged |\n| 14:48 |", 1);
    assert_ne!(want, old);
    assert_eq!(String::from_utf8(after[file].clone()).unwrap(), want);
    for (k, v) in &before {
        if k != file {
            assert_eq!(after.get(k), Some(v), "{} changed", k.display());
        }
    }
    // It reads back: acknowledged, and a second ack is refused as a lifecycle step is.
    let show = incident(dir.path(), &["show", "PM-2026-03", "--format", "json"]);
    let json = String::from_utf8_lossy(&show.stdout);
    assert!(
        json.contains("\"acknowledged\": \"2026-03-02T14:40:00Z\""),
        "{json}"
    );
}

/// `new` in a directory whose `.incident.toml` names its own severity words: the new file is
/// written in them and read back (for `--format json` and the write guard) with them too.
#[test]
fn new_in_a_directory_reads_the_new_file_with_the_configured_words() {
    let dir = repo();
    std::fs::write(
        dir.path().join("postmortems/.incident.toml"),
        "[dialect.severity]\nSev-A = \"CRITICAL\"\n",
    )
    .unwrap();
    let out = incident(
        dir.path(),
        &[
            "new",
            "--title",
            "Disk full",
            "--severity",
            "critical",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["severity"], "CRITICAL", "{shown}");
    let text =
        std::fs::read_to_string(dir.path().join("postmortems/2026-12-01-disk-full.md")).unwrap();
    assert!(text.contains("Sev-A"), "{text}");
}
