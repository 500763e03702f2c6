//! Escalation triggers: signals that call for an incident to be logged automatically.

use std::fmt;

use crate::policy::number_before;
use crate::{Error, Severity};

/// What kind of trigger: the seven of the template, by a stable kebab-case name.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[strum(serialize_all = "kebab-case")]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum TriggerKind {
    /// Cluster availability below a threshold.
    Availability,
    /// A security policy violation was detected.
    SecurityPolicyViolation,
    /// A deployment to production failed.
    FailedProductionDeployment,
    /// Data integrity is in doubt.
    DataIntegrity,
    /// An agent could not resolve a problem within N attempts.
    UnresolvedAfterAttempts,
    /// A human denied a requested approval.
    ApprovalDenied,
    /// Production resources were deleted.
    ProductionDeletion,
}

impl TriggerKind {
    /// What value a signal of this kind carries, when it carries one: availability in percent,
    /// or failed attempts. Other kinds take no value.
    pub fn value_needed(self) -> Option<&'static str> {
        match self {
            TriggerKind::Availability => Some("the availability in percent, like 99.5"),
            TriggerKind::UnresolvedAfterAttempts => Some("the number of failed attempts"),
            _ => None,
        }
    }
}

/// One escalation trigger, with the threshold its text states.
///
/// Suggested incidents, when a trigger fires:
///
/// | trigger | fires when | severity | category |
/// |---|---|---|---|
/// | availability | measured availability < threshold (99.9%) | HIGH (CRITICAL below 99%) | `CLUSTER_FAILURE` |
/// | security policy violation | always | CRITICAL | `SECURITY_INCIDENT` |
/// | failed production deployment | always | HIGH | `DEPLOYMENT_FAILURE` |
/// | data integrity concern | always | CRITICAL | `DATA_LOSS` |
/// | unresolved after attempts | failed attempts >= N (3) | MEDIUM | `AUTOMATION_FAILURE` |
/// | approval denied | always | MEDIUM | `AUTOMATION_FAILURE` |
/// | production deletion | always | HIGH | `CONFIGURATION_DRIFT` |
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct EscalationTrigger {
    /// Which trigger.
    pub kind: TriggerKind,
    /// The trigger as written in the policy.
    pub text: String,
    /// Availability threshold in percent (availability triggers only).
    pub threshold_percent: Option<f64>,
    /// Attempts before escalation (attempt triggers only).
    pub attempts: Option<u32>,
}

/// A signal to evaluate against the triggers.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Signal {
    /// Measured availability in percent.
    Availability(f64),
    /// A security policy violation.
    SecurityPolicyViolation,
    /// A failed deployment to production.
    FailedProductionDeployment,
    /// A data integrity concern.
    DataIntegrity,
    /// This many failed attempts so far.
    FailedAttempts(u32),
    /// A requested human approval was denied.
    ApprovalDenied,
    /// Production resources were deleted.
    ProductionDeletion,
}

impl Signal {
    /// The kind of trigger this signal is for.
    pub fn kind(&self) -> TriggerKind {
        match self {
            Signal::Availability(_) => TriggerKind::Availability,
            Signal::SecurityPolicyViolation => TriggerKind::SecurityPolicyViolation,
            Signal::FailedProductionDeployment => TriggerKind::FailedProductionDeployment,
            Signal::DataIntegrity => TriggerKind::DataIntegrity,
            Signal::FailedAttempts(_) => TriggerKind::UnresolvedAfterAttempts,
            Signal::ApprovalDenied => TriggerKind::ApprovalDenied,
            Signal::ProductionDeletion => TriggerKind::ProductionDeletion,
        }
    }

    /// Builds the signal for a trigger kind from an optional value (`99.5`, `99.5%`, `4`); a
    /// value for a kind that takes none ([`TriggerKind::value_needed`]) is refused.
    pub fn from_kind(kind: TriggerKind, value: Option<&str>) -> Result<Signal, Error> {
        let need = |what: &'static str| Error::InvalidValue {
            what,
            text: value.unwrap_or("").to_owned(),
        };
        if let (None, Some(_)) = (kind.value_needed(), value) {
            return Err(need("a trigger that takes no value"));
        }
        Ok(match kind {
            TriggerKind::Availability => {
                let text = value.ok_or_else(|| need("availability (percent)"))?;
                let v: f64 = text
                    .trim()
                    .trim_end_matches('%')
                    .trim()
                    .parse()
                    .map_err(|_| need("availability (percent)"))?;
                if !(0.0..=100.0).contains(&v) {
                    return Err(need("availability (percent)"));
                }
                Signal::Availability(v)
            }
            TriggerKind::UnresolvedAfterAttempts => {
                let text = value.ok_or_else(|| need("failed attempts"))?;
                Signal::FailedAttempts(text.trim().parse().map_err(|_| need("failed attempts"))?)
            }
            TriggerKind::SecurityPolicyViolation => Signal::SecurityPolicyViolation,
            TriggerKind::FailedProductionDeployment => Signal::FailedProductionDeployment,
            TriggerKind::DataIntegrity => Signal::DataIntegrity,
            TriggerKind::ApprovalDenied => Signal::ApprovalDenied,
            TriggerKind::ProductionDeletion => Signal::ProductionDeletion,
        })
    }
}

/// The outcome of evaluating a signal: whether it fires, why, and the incident it calls for.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Escalation {
    /// Whether an incident must be created.
    pub fires: bool,
    /// Why (or why not), in one sentence.
    pub reason: String,
    /// Suggested severity.
    pub severity: Severity,
    /// Suggested category.
    pub category: &'static str,
    /// Suggested incident title.
    pub title: String,
}

impl EscalationTrigger {
    /// The template's seven triggers.
    pub fn defaults() -> [EscalationTrigger; 7] {
        [
            "Cluster availability < 99.9%",
            "Security policy violation detected",
            "Failed deployment to production",
            "Data integrity concern",
            "Agent unable to resolve within 3 attempts",
            "Human approval requested and denied",
            "Any deletion of production resources",
        ]
        .map(|t| EscalationTrigger::from_text(t).expect("the seed's triggers are known"))
    }

    /// Recognises a trigger by its wording and reads its threshold from the text.
    ///
    /// ```
    /// use incident_core::{EscalationTrigger, TriggerKind};
    /// let t = EscalationTrigger::from_text("Cluster availability < 99.95%").unwrap();
    /// assert_eq!((t.kind, t.threshold_percent), (TriggerKind::Availability, Some(99.95)));
    /// let t = EscalationTrigger::from_text("Agent unable to resolve within 5 attempts").unwrap();
    /// assert_eq!(t.attempts, Some(5));
    /// ```
    pub fn from_text(text: &str) -> Option<EscalationTrigger> {
        let plain: String = text.chars().filter(|c| *c != '*').collect();
        let lower = plain.trim().to_ascii_lowercase();
        let has = |w: &str| lower.contains(w);
        let kind = if has("availability") {
            TriggerKind::Availability
        } else if has("security") {
            TriggerKind::SecurityPolicyViolation
        } else if has("deploy") {
            TriggerKind::FailedProductionDeployment
        } else if has("integrity") || has("corruption") {
            TriggerKind::DataIntegrity
        } else if has("attempt") {
            TriggerKind::UnresolvedAfterAttempts
        } else if has("approval") {
            TriggerKind::ApprovalDenied
        } else if has("delet") {
            TriggerKind::ProductionDeletion
        } else {
            return None;
        };
        let threshold_percent = (kind == TriggerKind::Availability)
            .then(|| percent_in(&lower))
            .flatten()
            .or((kind == TriggerKind::Availability).then_some(99.9));
        let attempts = (kind == TriggerKind::UnresolvedAfterAttempts)
            .then(|| number_before(&lower, "attempt").unwrap_or(3));
        Some(EscalationTrigger {
            kind,
            text: plain.trim().to_owned(),
            threshold_percent,
            attempts,
        })
    }

    /// Evaluates a signal of this trigger's kind; `None` for a signal of another kind.
    pub fn evaluate(&self, signal: &Signal) -> Option<Escalation> {
        if signal.kind() != self.kind {
            return None;
        }
        let (fires, reason, severity, category, title) = match *signal {
            Signal::Availability(v) => {
                let limit = self.threshold_percent.unwrap_or(99.9);
                let fires = v < limit;
                let severity = if v < 99.0 {
                    Severity::Critical
                } else {
                    Severity::High
                };
                let cmp = if fires { "below" } else { "not below" };
                (
                    fires,
                    format!("cluster availability {v}% is {cmp} the {limit}% threshold"),
                    severity,
                    "CLUSTER_FAILURE",
                    format!("Cluster availability dropped to {v}%"),
                )
            }
            Signal::FailedAttempts(n) => {
                let limit = self.attempts.unwrap_or(3);
                let fires = n >= limit;
                let cmp = if fires { "reached" } else { "not yet reached" };
                (
                    fires,
                    format!("{n} failed attempts: the limit of {limit} is {cmp}"),
                    Severity::Medium,
                    "AUTOMATION_FAILURE",
                    format!("Agent unable to resolve after {n} attempts"),
                )
            }
            Signal::SecurityPolicyViolation => fixed(
                "security policy violation detected",
                Severity::Critical,
                "SECURITY_INCIDENT",
                "Security policy violation detected",
            ),
            Signal::FailedProductionDeployment => fixed(
                "deployment to production failed",
                Severity::High,
                "DEPLOYMENT_FAILURE",
                "Failed deployment to production",
            ),
            Signal::DataIntegrity => fixed(
                "data integrity concern raised",
                Severity::Critical,
                "DATA_LOSS",
                "Data integrity concern",
            ),
            Signal::ApprovalDenied => fixed(
                "human approval requested and denied",
                Severity::Medium,
                "AUTOMATION_FAILURE",
                "Human approval requested and denied",
            ),
            Signal::ProductionDeletion => fixed(
                "production resources were deleted",
                Severity::High,
                "CONFIGURATION_DRIFT",
                "Deletion of production resources",
            ),
        };
        Some(Escalation {
            fires,
            reason,
            severity,
            category,
            title,
        })
    }
}

fn fixed(
    reason: &str,
    severity: Severity,
    category: &'static str,
    title: &str,
) -> (bool, String, Severity, &'static str, String) {
    (
        true,
        reason.to_owned(),
        severity,
        category,
        title.to_owned(),
    )
}

/// The number just before the first `%` in the text.
fn percent_in(text: &str) -> Option<f64> {
    let end = text.find('%')?;
    let head = text[..end].trim_end();
    // Digits and `.` are ASCII: trimming them keeps a character boundary (`rfind` + 1 did not,
    // after a multi-byte character).
    let digits = head.len()
        - head
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.')
            .len();
    head[head.len() - digits..].parse().ok()
}

impl fmt::Display for EscalationTrigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_after_a_multibyte_character_does_not_panic() {
        // Found by the `check` fuzz target: a BOM inside the number of a trigger.
        assert_eq!(percent_in("availability < 9\u{feff}9.95%"), Some(9.95));
        assert_eq!(percent_in("availability < —99.5%"), Some(99.5));
        assert_eq!(percent_in("availability < 99.95%"), Some(99.95));
    }

    #[test]
    fn availability_fires_below_threshold() {
        let t = &EscalationTrigger::defaults()[0];
        let e = t.evaluate(&Signal::Availability(99.5)).unwrap();
        assert!(e.fires);
        assert_eq!(
            (e.severity, e.category),
            (Severity::High, "CLUSTER_FAILURE")
        );
        assert!(!t.evaluate(&Signal::Availability(99.9)).unwrap().fires);
        assert_eq!(
            t.evaluate(&Signal::Availability(97.0)).unwrap().severity,
            Severity::Critical
        );
        assert!(t.evaluate(&Signal::ApprovalDenied).is_none());
    }

    #[test]
    fn attempts_fire_at_the_limit() {
        let t = &EscalationTrigger::defaults()[4];
        assert_eq!(t.attempts, Some(3));
        assert!(!t.evaluate(&Signal::FailedAttempts(2)).unwrap().fires);
        assert!(t.evaluate(&Signal::FailedAttempts(3)).unwrap().fires);
    }

    #[test]
    fn every_kind_has_a_default_and_a_signal() {
        use strum::IntoEnumIterator;
        let defaults = EscalationTrigger::defaults();
        for kind in TriggerKind::iter() {
            let t = defaults.iter().find(|t| t.kind == kind).unwrap();
            let value = match kind {
                TriggerKind::Availability => Some("98.5%"),
                TriggerKind::UnresolvedAfterAttempts => Some("4"),
                _ => None,
            };
            assert_eq!(value.is_some(), kind.value_needed().is_some(), "{kind}");
            let signal = Signal::from_kind(kind, value).unwrap();
            assert!(t.evaluate(&signal).unwrap().fires, "{kind}");
            if value.is_none() {
                // A value the kind does not take is refused, not ignored.
                assert!(Signal::from_kind(kind, Some("99.4")).is_err(), "{kind}");
            }
            assert_eq!(kind.to_string().parse::<TriggerKind>().unwrap(), kind);
        }
        assert!(Signal::from_kind(TriggerKind::Availability, Some("120")).is_err());
        assert!(Signal::from_kind(TriggerKind::Availability, None).is_err());
    }
}
