//! Snapshots of the default policy and of computed deadlines.

use chrono::{DateTime, TimeZone, Utc};
use incident_core::{BusinessCalendar, Policy, ResponseTime, format_timestamp};

#[test]
fn default_policy() {
    insta::assert_debug_snapshot!(Policy::default());
}

#[test]
fn deadline_table() {
    let berlin = BusinessCalendar::default()
        .with_timezone_name("Europe/Berlin")
        .unwrap()
        .with_holidays([chrono::NaiveDate::from_ymd_opt(2026, 12, 28).unwrap()]);
    let ny = BusinessCalendar::default()
        .with_timezone_name("America/New_York")
        .unwrap();
    let detections: [DateTime<Utc>; 5] = [
        Utc.with_ymd_and_hms(2026, 3, 13, 15, 0, 0).unwrap(), // Friday afternoon
        Utc.with_ymd_and_hms(2026, 3, 28, 23, 30, 0).unwrap(), // eve of Berlin's DST change
        Utc.with_ymd_and_hms(2026, 10, 30, 20, 0, 0).unwrap(), // before New York falls back
        Utc.with_ymd_and_hms(2026, 12, 24, 16, 59, 0).unwrap(), // before a holiday stretch
        Utc.with_ymd_and_hms(2026, 6, 1, 23, 30, 0).unwrap(), // already Tuesday in Berlin
    ];
    let responses = [
        "Immediate escalation",
        "< 15 minutes",
        "< 1 hour",
        "Next business day",
        "2 business days",
    ];
    let mut table = String::from(
        "| detected | response | Europe/Berlin | America/New_York |\n|---|---|---|---|\n",
    );
    for t in detections {
        for r in responses {
            let rt: ResponseTime = r.parse().unwrap();
            table.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                format_timestamp(t),
                rt,
                berlin
                    .deadline(rt, t)
                    .with_timezone(&berlin.timezone())
                    .to_rfc3339(),
                ny.deadline(rt, t)
                    .with_timezone(&ny.timezone())
                    .to_rfc3339(),
            ));
        }
    }
    insta::assert_snapshot!(table);
}
