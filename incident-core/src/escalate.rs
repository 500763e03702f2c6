//! The incident an escalation trigger calls for, in the terms of the log's own policy.

use chrono::{DateTime, Utc};

use crate::{Escalation, EscalationTrigger, Incident, Policy, Signal, TriggerKind, TriggerSource};

impl Policy {
    /// The log's own trigger of this kind (with its thresholds), or the template's.
    pub fn trigger(&self, kind: TriggerKind) -> EscalationTrigger {
        self.triggers
            .iter()
            .find(|t| t.kind == kind)
            .cloned()
            .unwrap_or_else(|| {
                EscalationTrigger::defaults()
                    .into_iter()
                    .find(|t| t.kind == kind)
                    // `defaults` holds one trigger of every kind (a unit test in `trigger`).
                    .unwrap_or_else(|| unreachable!("no default trigger for {kind}"))
            })
    }
}

/// What a signal leads to under a policy: the trigger applied, its outcome, and the incident to
/// log when it fires.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Escalated {
    /// The trigger the signal was evaluated against ([`Policy::trigger`]).
    pub trigger: EscalationTrigger,
    /// Whether it fired, and why.
    pub escalation: Escalation,
    /// The incident it calls for, when it fired.
    pub incident: Option<Incident>,
}

/// Evaluates `signal` against the policy's trigger of its kind; when it fires, the incident it
/// calls for, detected at `now`: the escalation's title and severity, its category in the
/// spelling of the policy's categories table (the suggested name when the table lacks it), a
/// description naming the trigger and the reason, and the trigger as its source (no key; see
/// [`crate::find_duplicate`]).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use incident_core::{Policy, Severity, Signal, escalate};
/// let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
/// let e = escalate(&Policy::default(), &Signal::Availability(99.5), now);
/// let incident = e.incident.unwrap();
/// assert_eq!((incident.severity, incident.category.as_deref()), (Severity::High, Some("CLUSTER_FAILURE")));
/// assert!(escalate(&Policy::default(), &Signal::Availability(99.95), now).incident.is_none());
/// ```
pub fn escalate(policy: &Policy, signal: &Signal, now: DateTime<Utc>) -> Escalated {
    let trigger = policy.trigger(signal.kind());
    let escalation = trigger
        .evaluate(signal)
        .unwrap_or_else(|| unreachable!("the trigger is of the signal's kind"));
    let incident = escalation.fires.then(|| {
        let mut incident = Incident::new(escalation.title.clone(), escalation.severity, now);
        let category = policy
            .category(escalation.category)
            .map_or_else(|| escalation.category.to_owned(), |c| c.name.clone());
        incident.category = Some(category);
        incident.trigger = Some(TriggerSource::new(signal.kind(), None));
        incident.description = Some(format!(
            "Escalation trigger `{}` fired: {}.",
            trigger.text, escalation.reason
        ));
        incident
    });
    Escalated {
        trigger,
        escalation,
        incident,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Category, Severity};
    use chrono::TimeZone;

    #[test]
    fn the_files_trigger_and_category_spelling_win() {
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        let policy = Policy {
            triggers: vec![EscalationTrigger::from_text("Cluster availability < 99.99%").unwrap()],
            categories: vec![Category::new("Cluster_Failure", "nodes down")],
            ..Policy::default()
        };
        let e = escalate(&policy, &Signal::Availability(99.95), now);
        assert_eq!(e.trigger.threshold_percent, Some(99.99));
        let i = e.incident.unwrap();
        assert_eq!(i.title, "Cluster availability dropped to 99.95%");
        assert_eq!(i.severity, Severity::High);
        assert_eq!(i.category.as_deref(), Some("Cluster_Failure"));
        assert_eq!(i.detected, now);
        assert_eq!(
            i.description.as_deref(),
            Some(
                "Escalation trigger `Cluster availability < 99.99%` fired: cluster availability 99.95% is below the 99.99% threshold."
            )
        );
        // A kind the file does not list falls back to the template's trigger; a category the
        // table lacks keeps the suggested name.
        let e = escalate(&policy, &Signal::DataIntegrity, now);
        assert_eq!(e.trigger.kind, TriggerKind::DataIntegrity);
        assert_eq!(e.incident.unwrap().category.as_deref(), Some("DATA_LOSS"));
    }
}
