//! The lifecycle sections of the markdown report: time to mitigate, which event met the
//! response deadline, and the cancelled incidents (left out of every count). Each is written
//! only when the report has something for it, so a log without mitigations or cancellations
//! reads as before.

use std::fmt::Write as _;

use incident_core::Report;
use incident_md::render::table_cell as cell;

use super::md::{duration_cells, link};

/// Appends the sections that apply.
pub fn write_lifecycle(out: &mut String, r: &Report) -> std::fmt::Result {
    let stats = || r.by_severity.iter();
    if stats().any(|(_, s)| s.time_to_mitigate.is_some()) {
        writeln!(out)?;
        writeln!(out, "## Time to mitigate")?;
        writeln!(out)?;
        writeln!(out, "| Severity | Mitigated | Median | p90 | Max |")?;
        writeln!(out, "|---|---:|---:|---:|---:|")?;
        for (level, s) in stats() {
            writeln!(out, "| {level} | {} |", duration_cells(s.time_to_mitigate))?;
        }
    }
    if stats().any(|(_, s)| s.response.met_by.mitigated + s.response.met_by.resolved > 0) {
        writeln!(out)?;
        writeln!(out, "## Responses in time, by first response")?;
        writeln!(out)?;
        writeln!(out, "| Severity | Acknowledged | Mitigated | Resolved |")?;
        writeln!(out, "|---|---:|---:|---:|")?;
        for (level, s) in stats() {
            let m = s.response.met_by;
            writeln!(
                out,
                "| {level} | {} | {} | {} |",
                m.acknowledged, m.mitigated, m.resolved
            )?;
        }
    }
    if !r.cancelled.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Cancelled incidents")?;
        writeln!(out)?;
        writeln!(out, "Not counted above.")?;
        writeln!(out)?;
        writeln!(
            out,
            "| Incident | Severity | Detected | Reason | Duplicate of |"
        )?;
        writeln!(out, "|---|---|---|---|---|")?;
        for c in &r.cancelled {
            let dup = c
                .duplicate_of
                .as_deref()
                .map_or_else(|| "—".to_owned(), |id| format!("`{}`", cell(id)));
            writeln!(
                out,
                "| {} | {} | {} | {} | {dup} |",
                link(&c.title, &c.anchor),
                c.severity,
                crate::output::time_text(c.detected),
                cell(&c.reason)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, TimeZone, Utc};
    use incident_core::{
        BusinessCalendar, Disposition, Incident, Policy, ReportEntry, Severity, Window,
    };

    use super::super::ReportView;
    use super::super::md::render_markdown;

    #[test]
    fn time_to_mitigate_and_cancelled_incidents() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        let m = TimeDelta::minutes;
        let mut mitigated = Incident::new("API down", Severity::High, t0);
        mitigated.acknowledged = Some(t0 + m(3));
        mitigated.mitigated = Some(t0 + m(25));
        mitigated.resolved = Some(t0 + m(90));
        let mut late_ack = Incident::new("Queue backlog", Severity::Medium, t0 + m(60));
        late_ack.acknowledged = Some(t0 + m(60 + 75));
        late_ack.mitigated = Some(t0 + m(60 + 40));
        let mut duplicate = Incident::new("API down (pager)", Severity::High, t0 + m(1));
        duplicate.disposition = Some(Disposition::cancelled(
            "same alert",
            Some("2026-03-02-api-down".into()),
        ));
        let mut false_alarm = Incident::new("Disk | full", Severity::Low, t0 + m(2));
        false_alarm.disposition = Some(Disposition::cancelled("false alarm", None));
        let log = [
            ("2026-03-02-api-down", "api-down", &mitigated),
            ("2026-03-02-queue-backlog", "queue-backlog", &late_ack),
            ("2026-03-02-api-down-pager", "api-down-pager", &duplicate),
            ("2026-03-02-disk-full", "disk-full", &false_alarm),
        ];
        let entries: Vec<ReportEntry<'_>> = log
            .iter()
            .map(|(id, anchor, i)| ReportEntry::new(i, id, anchor))
            .collect();
        let report = incident_core::Report::build(
            &entries,
            &Policy::default(),
            &BusinessCalendar::default(),
            t0 + TimeDelta::days(1),
            Window::ALL,
        );
        let md = render_markdown(&ReportView::new(&report));
        assert!(
            md.contains("| **Total** | **2** |"),
            "cancelled are not counted"
        );
        insta::assert_snapshot!(md);
    }
}
