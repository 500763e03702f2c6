//! Logs a realistic incident through the public API, the way an on-call tool or an agent would.
//!
//! ```sh
//! cargo run --example log_incident                 # target/log_incident/INCIDENTS.md
//! cargo run --example log_incident -- path/to/INCIDENTS.md
//! ```
//!
//! The log is created from the canonical template on first run. Each run adds one incident above
//! the newest, updates `## Last Incident:`, and prints the new ID, the response deadline and the
//! unified diff of the change.

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{SubsecRound, TimeDelta, Utc};
use incident::md::fs::write_new_file;
use incident::md::{AddOptions, diff::unified_diff, render::canonical_template};
use incident::{BusinessCalendar, FollowUp, Incident, LogFile, Severity};

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new("target")
                .join("log_incident")
                .join("INCIDENTS.md")
        });
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    if fs::symlink_metadata(&path).is_err() {
        write_new_file(&path, &canonical_template(), false)?;
        println!("created {} from the template", path.display());
    }

    // The same locked, atomic read-modify-write the `incident` command does.
    let log = LogFile::open(&path)?;
    let number = log.read()?.incidents().len() + 1;

    // Logs are kept to the second.
    let detected = (Utc::now() - TimeDelta::minutes(12)).trunc_subsecs(0);
    let mut incident = Incident::new(
        format!("etcd leader elections stall the prod-eu-1 API server (#{number})"),
        Severity::High,
        detected,
    );
    incident.category = Some("CLUSTER_FAILURE".into());
    incident.description = Some(
        "Requests to the Kubernetes API of prod-eu-1 timed out for 9 minutes while etcd\n\
         re-elected its leader every few seconds."
            .into(),
    );
    incident.impact = Some("Deployments and autoscaling in prod-eu-1 paused; no data loss.".into());
    let due = detected.date_naive() + TimeDelta::days(7);
    incident.follow_ups = vec![
        FollowUp::new("Alert on etcd leader changes per hour")
            .assignee("dana")
            .due(due),
        FollowUp::new("Schedule incident review")
            .assignee("sre-lead")
            .due(detected.date_naive() + TimeDelta::days(2)),
    ];

    let ((before, added, doc), _changed) = log.edit(|doc| {
        let before = doc.to_string();
        let added = doc.add_incident(&incident, &AddOptions::default())?;
        Ok::<_, incident::md::Error>((before, added, doc.clone()))
    })?;

    let deadline = incident.response_deadline(&doc.log().policy, &BusinessCalendar::default());
    println!("id: {}", added.id);
    println!(
        "response due: {} ({} for {})",
        incident::core::format_timestamp(deadline),
        doc.log().policy.response_time(incident.severity),
        incident.severity
    );
    println!();
    print!(
        "{}",
        unified_diff("INCIDENTS.md", &before, &doc.to_string())
    );
    Ok(())
}
