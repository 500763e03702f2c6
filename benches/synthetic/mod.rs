//! The synthetic incident logs the benches measure: entries in the seed's format, about 350
//! bytes each, so a log's size grows with its number of incidents and nothing else.

use std::fmt::Write as _;

use chrono::{Duration, TimeZone, Utc};

const SEVERITIES: [&str; 4] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

/// The sizes every bench runs at (issue 12: cost per incident flat from the first to the last).
pub const SIZES: [usize; 4] = [100, 1_000, 10_000, 50_000];

/// An incident log with `count` entries in the shape of the entry template.
pub fn incident_log(count: usize) -> String {
    let start = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
    let mut log = String::from("# INCIDENTS.md\n\n");
    for i in 0..count {
        let detected = start + Duration::minutes(97 * i as i64);
        let due = detected + Duration::days(30);
        let severity = SEVERITIES[i % SEVERITIES.len()];
        let done = if i % 3 == 0 { 'x' } else { ' ' };
        write!(
            log,
            "## Incident: service {i} returned errors\n\n\
             ### Severity: {severity}\n\n\
             ### Detected: {detected}\n\n\
             ### Description:\n\
             Requests to service {i} failed for *some* users; see the `deploy` log.\n\
             The root cause was a configuration change.\n\n\
             ### Follow-up Actions:\n\
             - [{done}] fix the configuration - @alice - {due}\n\
             - [ ] add an alert - @bob - {due}\n\n\
             ---\n\n",
            detected = detected.format("%Y-%m-%dT%H:%M:%SZ"),
            due = due.format("%Y-%m-%d"),
        )
        .unwrap();
    }
    log
}
