//! A directory of postmortems as one log (`incident_md::fs::LogDir`): read against the corpus'
//! expectation for the directory (expected/postmortems.json), edits that touch one file, and
//! new files named and written in the directory's own style.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use incident_core::{FollowUp, Incident, Severity};
use incident_md::dialect::{SeverityValue, When};
use incident_md::fs::{LogDir, LogOnDisk};
use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/real-logs")
}

/// A copy of the corpus' postmortem directory, with a README that is no postmortem.
fn copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(corpus().join("postmortems")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        dir.path().join("README.md"),
        "# Postmortems\n\nOne file per incident.\n",
    )
    .unwrap();
    dir
}

/// Every file's bytes, by name; outside git a save's lock file (`.NAME.lock`) lies beside the
/// file it locks, and is left out.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().ends_with(".lock"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_directory_reads_as_one_log_as_a_reader_sees_it() {
    let dir = copy();
    let want: Value = serde_json::from_str(
        &std::fs::read_to_string(corpus().join("expected/postmortems.json")).unwrap(),
    )
    .unwrap();
    let log = LogDir::open(dir.path()).unwrap();
    let set = log.read().unwrap();
    assert!(set.is_directory());
    assert_eq!(set.parts().len(), 4, "README.md is no part of the log");
    assert_eq!(Value::from(set.len()), want["incident_count"]);
    let got: Vec<Value> = set
        .entries()
        .map(|(part, e)| {
            let r = &e.reading;
            serde_json::json!({
                "file": part.path.file_name().unwrap().to_str().unwrap(),
                "title": e.title,
                "severity": match &r.severity {
                    Some(SeverityValue::Known(s)) => Value::from(s.as_str()),
                    _ => Value::Null,
                },
                "detected": match &r.detected {
                    Some(w @ (When::Instant(_) | When::Day(_))) => Value::from(w.to_string()),
                    _ => Value::Null,
                },
                "status": r.status.map(|s| s.as_str()),
                "follow_ups": r.follow_ups,
            })
        })
        .collect();
    assert_eq!(Value::from(got), want["files"]);
    let open: usize = set
        .entries()
        .filter_map(|(_, e)| e.incident.as_ref())
        .map(|i| i.follow_ups.iter().filter(|f| !f.done).count())
        .sum();
    assert_eq!(Value::from(open), want["open_follow_ups"]);
    // The same through the enum over files and directories.
    let any = LogOnDisk::open(dir.path()).unwrap();
    assert!(matches!(any, LogOnDisk::Dir(_)));
    assert_eq!(any.read().unwrap().len(), 4);
}

#[test]
fn ids_resolve_across_files() {
    let dir = copy();
    let set = LogDir::open(dir.path()).unwrap().read().unwrap();
    let (part, entry) = set.find("2026-06-09").unwrap();
    assert!(part.path.ends_with("2026-06-09-queue-backlog.md"));
    assert_eq!(entry.title, "order events queue backlog");
    assert!(matches!(
        set.find("2026-0"),
        Err(incident_md::Error::AmbiguousId { .. })
    ));
    assert!(matches!(
        set.find("kafka"),
        Err(incident_md::Error::NoSuchIncident { .. })
    ));
    assert!(set.ids_in_several_files().is_empty());
}

#[test]
fn an_edit_changes_only_the_file_that_holds_the_incident() {
    let dir = copy();
    let before = snapshot(dir.path());
    let log = LogDir::open(dir.path()).unwrap();
    let id = log.read().unwrap().find("2026-04-18").unwrap().1.id.clone();
    let (_, changed, file) = log
        .edit("2026-04-18", |doc, id| {
            doc.set_field(id, incident_md::FieldName::Impact, "Checkout shed load.")
        })
        .unwrap();
    assert!(changed);
    assert!(file.ends_with("2026-04-18-dns-resolution-failure.md"));
    let after = snapshot(dir.path());
    let differ: Vec<&String> = before
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert_eq!(differ, ["2026-04-18-dns-resolution-failure.md"]);
    let set = log.read().unwrap();
    let entry = set.find(&id).unwrap().1;
    assert_eq!(
        entry.incident.as_ref().unwrap().impact.as_deref(),
        Some("Checkout shed load.")
    );
}

fn disk_full() -> Incident {
    let mut i = Incident::new(
        "Disk full on the build cache",
        Severity::High,
        "2026-12-01T09:30:00Z".parse().unwrap(),
    );
    i.impact = Some("Builds failed for 40 minutes.".into());
    i.follow_ups
        .push(FollowUp::new("Alert at 80% disk").assignee("sam"));
    i
}

#[test]
fn new_creates_exactly_one_file_in_the_directorys_pattern_and_style() {
    let dir = copy();
    let before = snapshot(dir.path());
    let log = LogDir::open(dir.path()).unwrap();
    let planned = log.plan(&disk_full()).unwrap();
    assert_eq!(snapshot(dir.path()), before, "planning writes nothing");
    let new = log.create(&disk_full()).unwrap();
    assert_eq!(new, planned);
    assert_eq!(
        new.path.file_name().unwrap(),
        "2026-12-01-disk-full-on-the-build-cache.md"
    );
    let after = snapshot(dir.path());
    let added: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert_eq!(added, ["2026-12-01-disk-full-on-the-build-cache.md"]);
    for (k, v) in &before {
        assert_eq!(after.get(k), Some(v), "{k} changed");
    }
    insta::assert_snapshot!("new_postmortem", new.text);
    // It reads back as the incident, as a part of the log.
    let set = log.read().unwrap();
    assert_eq!(set.len(), 5);
    let (part, entry) = set.find(&new.id).unwrap();
    assert_eq!(part.path, new.path);
    let i = entry.incident.as_ref().unwrap();
    assert_eq!(i.title, "Disk full on the build cache");
    assert_eq!(i.severity, Severity::High);
    assert_eq!(i.detected, disk_full().detected);
    assert_eq!(i.impact.as_deref(), Some("Builds failed for 40 minutes."));
    assert_eq!(i.follow_ups.len(), 1);
}

#[test]
fn new_never_replaces_a_file() {
    let dir = copy();
    let taken = dir
        .path()
        .join("2026-12-01-disk-full-on-the-build-cache.md");
    std::fs::write(&taken, "mine\n").unwrap();
    let new = LogDir::open(dir.path())
        .unwrap()
        .create(&disk_full())
        .unwrap();
    assert_eq!(
        new.path.file_name().unwrap(),
        "2026-12-01-disk-full-on-the-build-cache-2.md"
    );
    assert_eq!(std::fs::read_to_string(&taken).unwrap(), "mine\n");
}

#[test]
fn an_empty_directory_gets_the_default_pattern() {
    let dir = tempfile::tempdir().unwrap();
    let log = LogDir::open(dir.path()).unwrap();
    assert!(log.read().unwrap().is_empty());
    let new = log.create(&disk_full()).unwrap();
    assert_eq!(
        new.path.file_name().unwrap(),
        "2026-12-01-disk-full-on-the-build-cache.md"
    );
    assert!(
        new.text
            .starts_with("# Postmortem: Disk full on the build cache\n")
    );
    assert_eq!(log.read().unwrap().len(), 1);
}

#[test]
fn a_file_is_not_a_directory() {
    let dir = copy();
    let file = dir.path().join("2026-03-02-api-outage.md");
    assert!(matches!(
        LogDir::open(&file),
        Err(incident_md::Error::Fs(
            incident_md::fs::FsError::NotADirectory { .. }
        ))
    ));
    assert!(matches!(
        LogOnDisk::open(&file).unwrap(),
        LogOnDisk::File(_)
    ));
}
