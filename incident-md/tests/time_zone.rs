//! Times written without an offset, read in the document's zone (`Document::with_timezone`,
//! `LogFile` from `.incident.toml`): DST edges, findings for skipped times, IDs and bytes kept.

use chrono_tz::Europe::Berlin;
use incident_core::format_timestamp;
use incident_md::{Document, FieldName, fs::LogFile};

fn entry(detected: &str, extra: &str) -> String {
    format!(
        "# Incidents\n\n## Incident: API outage\n\n### Severity: HIGH\n\n### Detected: {detected}\n{extra}"
    )
}

fn detected(doc: &Document) -> Option<String> {
    doc.incidents()[0]
        .incident
        .as_ref()
        .map(|i| format_timestamp(i.detected))
}

fn in_berlin(text: &str) -> Document {
    text.parse::<Document>().unwrap().with_timezone(Berlin)
}

#[test]
fn parsing_reads_local_times_as_utc_and_a_zone_reads_them_in_it() {
    for written in [
        "2026-03-02 10:00",
        "2026-03-02T10:00:00",
        "2026-03-02T10:00",
    ] {
        let text = entry(written, "");
        let utc: Document = text.parse().unwrap();
        assert_eq!(detected(&utc).as_deref(), Some("2026-03-02T10:00:00Z"));
        let berlin = in_berlin(&text);
        assert_eq!(berlin.timezone(), Berlin);
        assert_eq!(detected(&berlin).as_deref(), Some("2026-03-02T09:00:00Z"));
        assert_eq!(berlin.to_string(), text, "the bytes are kept");
    }
    // An offset, `Z` or ` UTC` wins over the zone.
    for written in [
        "2026-03-02T10:00:00Z",
        "2026-03-02 10:00 UTC",
        "2026-03-02T11:00:00+01:00",
    ] {
        assert_eq!(
            detected(&in_berlin(&entry(written, ""))).as_deref(),
            Some("2026-03-02T10:00:00Z"),
            "{written}"
        );
    }
}

#[test]
fn spring_forward_skipped_hour_is_a_finding_not_a_guess() {
    // 2026-03-29 02:00 → 03:00 in Berlin.
    let doc = in_berlin(&entry("2026-03-29 02:30", ""));
    assert!(doc.incidents()[0].incident.is_none());
    let finding = doc
        .log()
        .diagnostics
        .iter()
        .find(|d| d.message.contains("does not occur in Europe/Berlin"))
        .unwrap_or_else(|| panic!("{:#?}", doc.log().diagnostics));
    assert_eq!(
        &doc.as_str()[finding.span.clone().unwrap()],
        "2026-03-29 02:30"
    );
    // The minutes around the gap are read.
    let before = in_berlin(&entry("2026-03-29 01:59", ""));
    assert_eq!(detected(&before).as_deref(), Some("2026-03-29T00:59:00Z"));
    let after = in_berlin(&entry("2026-03-29 03:00", ""));
    assert_eq!(detected(&after).as_deref(), Some("2026-03-29T01:00:00Z"));
    // In UTC the same text is an ordinary time.
    assert!(
        entry("2026-03-29 02:30", "")
            .parse::<Document>()
            .unwrap()
            .incidents()[0]
            .incident
            .is_some()
    );
}

#[test]
fn fall_back_repeated_hour_takes_the_earlier_instant() {
    // 2026-10-25 03:00 → 02:00 in Berlin: 02:30 is first +02:00 (00:30Z), then +01:00.
    let doc = in_berlin(&entry(
        "2026-10-25 02:30",
        "\n### Timeline:\n\n- 2026-10-25T02:45 — paged\n- 2026-10-25T03:10:00Z — rolled back\n",
    ));
    assert_eq!(detected(&doc).as_deref(), Some("2026-10-25T00:30:00Z"));
    let timeline = &doc.incidents()[0].incident.as_ref().unwrap().timeline;
    let times: Vec<String> = timeline.iter().map(|t| format_timestamp(t.at)).collect();
    assert_eq!(times, ["2026-10-25T00:45:00Z", "2026-10-25T03:10:00Z"]);
    let after = in_berlin(&entry("2026-10-25 03:30", ""));
    assert_eq!(detected(&after).as_deref(), Some("2026-10-25T02:30:00Z"));
}

#[test]
fn derived_ids_do_not_move_with_the_zone() {
    // 00:30 in Berlin is the previous UTC day; the ID keeps the date as written.
    let text = entry("2026-03-02 00:30", "");
    let utc: Document = text.parse().unwrap();
    let berlin = in_berlin(&text);
    assert_eq!(detected(&berlin).as_deref(), Some("2026-03-01T23:30:00Z"));
    assert_eq!(berlin.incidents()[0].id, "2026-03-02-api-outage");
    assert_eq!(utc.incidents()[0].id, berlin.incidents()[0].id);
}

#[test]
fn edits_keep_the_zone_and_read_local_values_in_it() {
    let mut doc = in_berlin(&entry("2026-03-02 10:00", ""));
    let id = doc.incidents()[0].id.clone();
    doc.set_field(&id, FieldName::Acknowledged, "2026-03-02 10:20")
        .unwrap();
    assert_eq!(doc.timezone(), Berlin);
    // Written in the form of the Detected line, a local time of the log's zone; the Detected
    // line is untouched.
    assert!(
        doc.as_str()
            .contains("### Acknowledged: 2026-03-02 10:20\n"),
        "{doc}"
    );
    assert!(doc.as_str().contains("### Detected: 2026-03-02 10:00\n"));
    assert_eq!(detected(&doc).as_deref(), Some("2026-03-02T09:00:00Z"));
    let err = doc
        .set_field(&id, FieldName::Resolved, "2026-03-29 02:30")
        .unwrap_err();
    assert!(err.to_string().contains("does not occur"), "{err}");
}

#[test]
fn log_file_reads_in_the_configured_zone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("INCIDENTS.md");
    std::fs::write(&path, entry("2026-03-02 10:00", "")).unwrap();
    let log = LogFile::open(&path).unwrap();
    assert_eq!(
        detected(&log.read().unwrap()).as_deref(),
        Some("2026-03-02T10:00:00Z")
    );
    std::fs::write(
        dir.path().join(".incident.toml"),
        "timezone = \"Europe/Berlin\"\n",
    )
    .unwrap();
    assert_eq!(log.timezone().unwrap(), Berlin);
    assert_eq!(
        detected(&log.read().unwrap()).as_deref(),
        Some("2026-03-02T09:00:00Z")
    );
    let (zone, _) = log
        .edit(|doc| Ok::<_, incident_md::Error>(doc.timezone()))
        .unwrap();
    assert_eq!(zone, Berlin);
    // A caller's zone wins over the file's.
    let utc = LogFile::open(&path).unwrap().with_timezone(chrono_tz::UTC);
    assert_eq!(
        detected(&utc.read().unwrap()).as_deref(),
        Some("2026-03-02T10:00:00Z")
    );
}
