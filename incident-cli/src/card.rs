//! `incident show`'s card: one incident as a person reads it (title, severity, status, response
//! deadline and how it went, open follow-ups, unmet requirements), not the raw markdown.

use chrono::{DateTime, Utc};
use incident_core::{BusinessCalendar, Finding, Incident, Level, Policy};

use crate::summary::{clock, response, short_duration};

/// What a card shows besides the incident.
pub struct CardContext<'a> {
    /// The log's policy (response times).
    pub policy: &'a Policy,
    /// The team's calendar.
    pub calendar: &'a BusinessCalendar,
    /// The time the card is drawn at.
    pub now: DateTime<Utc>,
    /// Who owns the incident, as its entry says (the entry holds it, not the incident).
    pub owner: Option<&'a str>,
}

/// The card for `incident` (entry `id`), with `findings` about it listed as unmet requirements.
pub fn render_card(
    id: &str,
    incident: &Incident,
    findings: &[&Finding],
    cx: &CardContext,
) -> String {
    let mut out = format!("{}\n", incident.title);
    let mut row = |label: &str, value: String| out.push_str(&format!("  {label:<10}{value}\n"));
    row("id", id.to_owned());
    row("severity", incident.severity.to_string());
    if let Some(o) = cx.owner {
        row("owner", o.to_owned());
    }
    if let Some(c) = &incident.category {
        row("category", c.clone());
    }
    row("detected", crate::output::time_text(incident.detected));
    let cancelled = match &incident.disposition {
        Some(incident_core::Disposition::Cancelled {
            reason,
            duplicate_of,
        }) => Some(match duplicate_of {
            Some(original) => format!("cancelled: {reason} (duplicate of {original})"),
            None => format!("cancelled: {reason}"),
        }),
        _ => None,
    };
    row(
        "status",
        match incident.resolved {
            // A cancelled incident is no longer open, whatever its times say.
            _ if cancelled.is_some() => cancelled.clone().unwrap_or_default(),
            Some(at) => format!(
                "resolved at {}, {} after detection",
                clock(at, incident.detected),
                short_duration(at - incident.detected)
            ),
            // `Status: resolved` with no Resolved time: resolved, as `list` says.
            None if incident.stated_resolved => "resolved (no Resolved time written)".to_owned(),
            None => format!("open for {}", short_duration(cx.now - incident.detected)),
        },
    );
    // Nothing was owed for a cancelled incident: no deadline to meet or miss.
    if cancelled.is_none() {
        row(
            "response",
            format!(
                "{}; deadline {}",
                response(incident, cx.policy, cx.calendar, cx.now).trim_start_matches("response "),
                crate::output::time_text(incident.response_deadline(cx.policy, cx.calendar)),
            ),
        );
    }
    let open: Vec<(usize, &incident_core::FollowUp)> = incident
        .follow_ups
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.done)
        .map(|(k, f)| (k + 1, f))
        .collect();
    out.push_str(&format!(
        "\nopen follow-ups: {} of {}\n",
        open.len(),
        incident.follow_ups.len()
    ));
    for (n, f) in open {
        let owner = f
            .assignee
            .as_deref()
            .map_or("no owner".to_owned(), crate::output::owner_text);
        let due = match (&f.due, f.due_date()) {
            (_, Some(d)) if f.is_overdue(cx.now) => format!(
                "due {d}, {} overdue",
                days((cx.now.date_naive() - d).num_days())
            ),
            (Some(d), _) => format!("due {d}"),
            (None, _) => "no due date".to_owned(),
        };
        out.push_str(&format!("  {n}. {} ({owner}, {due})\n", f.action));
    }
    // Structure findings (MD…) are about how the entry is written, not what it still owes.
    let unmet: Vec<&&Finding> = findings
        .iter()
        .filter(|f| !f.code.as_str().starts_with("MD"))
        .collect();
    let other = findings.len() - unmet.len();
    out.push_str(&format!("\nunmet requirements: {}\n", unmet.len()));
    for f in unmet {
        let level = match f.level {
            Level::Error => "error",
            _ => "warning",
        };
        out.push_str(&format!("  {level}[{}]: {}\n", f.code.as_str(), f.message));
    }
    if other > 0 {
        out.push_str(&format!(
            "\n{other} finding{} about how the entry is written; run `incident check`\n",
            if other == 1 { "" } else { "s" }
        ));
    }
    out
}

/// `1 day`, `3 days`.
fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use incident_core::Severity;

    /// The card says what `list` and `sla` say: an incident whose Status says resolved is
    /// resolved, and one resolved in time was responded to in time.
    #[test]
    fn the_card_agrees_with_list_and_sla() {
        let at = |t: &str| incident_core::parse_timestamp(t).unwrap();
        let policy = Policy::default();
        let calendar = BusinessCalendar::default();
        let cx = CardContext {
            policy: &policy,
            calendar: &calendar,
            now: at("2026-12-01T00:00:00Z"),
            owner: None,
        };
        let mut i = Incident::new("Stale cache", Severity::Low, at("2026-04-28T16:20:00Z"));
        i.stated_resolved = true;
        let card = render_card("INC-7", &i, &[], &cx);
        assert!(
            card.contains("status    resolved (no Resolved time written)\n"),
            "{card}"
        );
        i.stated_resolved = false;
        i.resolved = Some(at("2026-04-28T17:05:00Z"));
        let card = render_card("INC-7", &i, &[], &cx);
        assert!(
            card.contains("response  met with 23h 55m to spare;"),
            "{card}"
        );
        // Cancelled: no longer open, and no response was owed (as `list` and `sla` say).
        i.resolved = None;
        i.disposition = Some(incident_core::Disposition::cancelled("false alarm", None));
        let card = render_card("INC-7", &i, &[], &cx);
        assert!(
            card.contains(
                "status    cancelled: false alarm
"
            ),
            "{card}"
        );
        assert!(!card.contains("response"), "{card}");
    }
}
