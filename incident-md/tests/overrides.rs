//! `[dialect]` overrides of `.incident.toml` (`incident_md::dialect::Overrides`): labels and
//! severity words are read by them, the heading, level and order of new entries are theirs,
//! `explain` says which parts came from the configuration, and nothing changes the bytes.

use incident_core::{Config, Incident, Severity};
use incident_md::dialect::{Order, Overrides, explain};
use incident_md::{AddOptions, Document};

const LOG: &str = "# Ops log\n\n## 2026-02-20 — Search index stale\n\n- Priority: Sev-C\n- Detected: 2026-02-20 09:00 UTC\n- What: results were a day old\n- Why: the indexer crashed\n\n## 2026-02-03 — Payments API timeouts\n\n- Priority: Sev-A\n- Detected: 2026-02-03 14:10 UTC\n- Why: pool exhausted\n";

fn overrides(toml: &str) -> Overrides {
    Overrides::from_config(&toml.parse::<Config>().unwrap())
}

const CONFIG: &str = "order = \"newest-first\"\n[dialect]\nheading = \"## {date} — {title}\"\nlabels.root_cause = \"Why\"\nlabels.description = \"What\"\nseverity.Sev-A = \"CRITICAL\"\nseverity.Sev-C = \"MEDIUM\"\n";

#[test]
fn labels_and_severity_words_are_read_as_configured() {
    let plain: Document = LOG.parse().unwrap();
    assert!(
        plain.incidents().iter().all(|e| e.incident.is_none()),
        "without the configuration the severities name no level"
    );
    let doc = plain.with_dialect(overrides(CONFIG));
    assert_eq!(doc.to_string(), LOG);
    let got: Vec<(Severity, Option<&str>, Option<&str>)> = doc
        .incidents()
        .iter()
        .map(|e| {
            let i = e.incident.as_ref().unwrap();
            (
                i.severity,
                i.description.as_deref(),
                i.root_cause.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                Severity::Medium,
                Some("results were a day old"),
                Some("the indexer crashed")
            ),
            (Severity::Critical, None, Some("pool exhausted")),
        ]
    );
}

#[test]
fn explain_says_what_came_from_the_configuration() {
    let doc: Document = LOG.parse().unwrap();
    let doc = doc.with_dialect(overrides(CONFIG));
    let e = explain(&doc, "2026-12-01".parse().unwrap());
    let from_config: Vec<(&str, &str)> = e
        .dialect
        .iter()
        .filter(|p| p.source == "config")
        .map(|p| (p.name.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        from_config,
        [
            ("entry level", "2"),
            ("heading", "## {date} — {title}"),
            ("order", "newest-first"),
            ("label", "Why = Root Cause"),
            ("label", "What = Description"),
            ("severity", "Sev-A = CRITICAL"),
            ("severity", "Sev-C = MEDIUM"),
        ]
    );
    assert_eq!(doc.log().dialect.order.value, Order::NewestFirst);
}

#[test]
fn new_entries_take_the_configured_heading_words_and_order() {
    let doc: Document = LOG.parse().unwrap();
    let mut doc = doc.with_dialect(overrides(
        "order = \"oldest-first\"\n[dialect]\nheading = \"## [{date}] {title}\"\nlabels.root_cause = \"Why\"\nseverity.Sev-A = \"CRITICAL\"\nseverity.Sev-C = \"MEDIUM\"\n",
    ));
    let mut i = Incident::new(
        "Queue backlog",
        Severity::Critical,
        "2026-03-10T12:00:00Z".parse().unwrap(),
    );
    i.root_cause = Some("a poisoned message".into());
    let before = doc.to_string();
    let added = doc.add_incident(&i, &AddOptions::default()).unwrap();
    let after = doc.to_string();
    // Oldest first: appended; the bytes before it are unchanged.
    assert!(after.starts_with(&before), "{after}");
    assert_eq!(
        &after[before.len()..],
        "\n## [2026-03-10] Queue backlog\n\n- Priority: Sev-A\n- Detected: 2026-03-10 12:00 UTC\n- Why: a poisoned message\n"
    );
    let entry = doc.get(&added.id).unwrap();
    assert_eq!(
        entry.incident.as_ref().unwrap().severity,
        Severity::Critical
    );
    // Edits keep the overrides.
    assert_eq!(doc.overrides().severity.len(), 2);
}

#[test]
fn a_configured_level_picks_the_entries_at_it() {
    let text =
        "# Log\n\n## 2026\n\n### Disk full\n\n- Severity: High\n- Detected: 2026-03-02 10:00 UTC\n";
    let doc: Document = text.parse().unwrap();
    assert_eq!(doc.incidents().len(), 1);
    let doc = doc.with_dialect(overrides("[dialect]\nheading = \"### {title}\"\n"));
    assert_eq!(doc.incidents().len(), 1);
    assert_eq!(doc.incidents()[0].title, "Disk full");
    assert_eq!(
        doc.log().dialect.entry_level.as_ref().unwrap().source,
        "config"
    );
}

#[test]
fn files_on_disk_are_read_with_their_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("INCIDENTS.md");
    std::fs::write(&log, LOG).unwrap();
    let file = incident_md::fs::LogFile::open(&log).unwrap();
    assert!(file.read().unwrap().incidents()[1].incident.is_none());
    std::fs::write(dir.path().join(".incident.toml"), CONFIG).unwrap();
    let doc = file.read().unwrap();
    assert_eq!(
        doc.incidents()[1].incident.as_ref().unwrap().severity,
        Severity::Critical
    );
    // An edit reads it the same way, and changes only what it must.
    let (_, changed) = file
        .edit(|doc| {
            let id = doc.incidents()[1].id.clone();
            doc.set_field(&id, incident_md::FieldName::Impact, "Cards declined.")?;
            // The document after the splice is still read with the configuration.
            let severity = doc.incidents()[1].incident.as_ref().map(|i| i.severity);
            assert_eq!(severity, Some(Severity::Critical));
            Ok::<_, incident_md::Error>(())
        })
        .unwrap();
    assert!(changed);
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.starts_with(&LOG[..LOG.find("## 2026-02-03").unwrap()]));
    // A directory's configuration governs its files.
    let pm = dir.path().join("pm");
    std::fs::create_dir(&pm).unwrap();
    std::fs::write(
        pm.join("2026-03-02-api.md"),
        "# Postmortem: API down\n\n- Severity: Sev-A\n- Status: Open\n- Detected: 2026-03-02 10:00 UTC\n\n## Why\n\nA bad deploy.\n",
    )
    .unwrap();
    std::fs::write(pm.join(".incident.toml"), CONFIG).unwrap();
    let set = incident_md::fs::LogDir::open(&pm).unwrap().read().unwrap();
    let i = set.entries().next().unwrap().1.incident.clone().unwrap();
    assert_eq!(i.severity, Severity::Critical);
    assert_eq!(i.root_cause.as_deref(), Some("A bad deploy."));
}
