//! The lifecycle of an incident: detected → acknowledged → mitigated → resolved, plus reopened
//! and cancelled (a false alarm, or a duplicate of another incident).
//!
//! The stages are read from the timestamps and the written `Status:` ([`Disposition`]); a
//! [`Transition`] moves an incident on, checked by one rule: the timestamp order
//! ([`Incident::check_timestamps`]) and the few rules below, all reported as [`LifecycleError`].
//!
//! ```
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use incident_core::{Incident, LifecycleError, Severity, Stage, Transition};
//! let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
//! let mut i = Incident::new("API down", Severity::High, t0);
//! i.apply(&Transition::Acknowledge(t0 + TimeDelta::minutes(3)), false).unwrap();
//! i.apply(&Transition::Mitigate(t0 + TimeDelta::minutes(20)), false).unwrap();
//! assert_eq!(i.stage(), Stage::Mitigated);
//! // Resolving before the mitigation is refused, and changes nothing.
//! let e = i.apply(&Transition::Resolve(t0 + TimeDelta::minutes(10)), false).unwrap_err();
//! assert!(matches!(e, LifecycleError::TimestampOrder(_)));
//! i.apply(&Transition::Resolve(t0 + TimeDelta::hours(1)), false).unwrap();
//! // Reopening always records a timeline item.
//! i.apply(&Transition::Reopen(t0 + TimeDelta::hours(2)), false).unwrap();
//! assert_eq!((i.stage(), i.resolved, i.timeline.len()), (Stage::Reopened, None, 1));
//! ```

use chrono::{DateTime, Utc};

use crate::{Incident, TimelineItem, TimestampOrderError, format_timestamp};

/// Where an incident stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::Display, strum::EnumString,
)]
#[strum(serialize_all = "lowercase", ascii_case_insensitive)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum Stage {
    /// Detected, nothing more yet.
    Detected,
    /// Someone acknowledged it.
    Acknowledged,
    /// The impact was mitigated; not resolved yet.
    Mitigated,
    /// Resolved (perhaps after a reopening).
    Resolved,
    /// Reopened after a resolution or a cancellation, and not resolved again yet.
    Reopened,
    /// Cancelled: a false alarm or a duplicate.
    Cancelled,
}

/// The written `Status:` of an incident, for what its timestamps cannot say.
///
/// Written `reopened`, `cancelled — REASON` or `cancelled (duplicate of ID) — REASON`.
///
/// ```
/// use incident_core::Disposition;
/// let d: Disposition = "cancelled (duplicate of 2026-03-02-api-outage) — same alert".parse().unwrap();
/// assert_eq!(d, Disposition::cancelled("same alert", Some("2026-03-02-api-outage".into())));
/// assert_eq!(d.to_string(), "cancelled (duplicate of 2026-03-02-api-outage) — same alert");
/// assert_eq!("Reopened".parse::<Disposition>().unwrap(), Disposition::Reopened);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[non_exhaustive]
pub enum Disposition {
    /// Reopened after a resolution or a cancellation.
    Reopened,
    /// Cancelled.
    Cancelled {
        /// Why (a false alarm, say).
        reason: String,
        /// The incident it duplicates, by ID.
        duplicate_of: Option<String>,
    },
}

impl Disposition {
    /// A cancellation with its reason and, for a duplicate, the ID of the original.
    pub fn cancelled(reason: impl Into<String>, duplicate_of: Option<String>) -> Self {
        Disposition::Cancelled {
            reason: reason.into(),
            duplicate_of,
        }
    }
}

impl std::fmt::Display for Disposition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Disposition::Reopened => f.write_str("reopened"),
            Disposition::Cancelled {
                reason,
                duplicate_of,
            } => {
                f.write_str("cancelled")?;
                if let Some(id) = duplicate_of {
                    write!(f, " (duplicate of {id})")?;
                }
                write!(f, " — {reason}")
            }
        }
    }
}

/// A `Status:` value that is neither `reopened` nor `cancelled …`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown status `{0}` (expected `reopened` or `cancelled — REASON`)")]
pub struct UnknownDisposition(pub String);

impl std::str::FromStr for Disposition {
    type Err = UnknownDisposition;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let lower = t.to_ascii_lowercase();
        if lower == "reopened" {
            return Ok(Disposition::Reopened);
        }
        let word = ["cancelled", "canceled"]
            .into_iter()
            .find(|w| lower.starts_with(w))
            .ok_or_else(|| UnknownDisposition(t.to_owned()))?;
        let mut rest = t[word.len()..].trim_start();
        let mut duplicate_of = None;
        if let Some(r) = rest.strip_prefix("(duplicate of ")
            && let Some((id, after)) = r.split_once(')')
        {
            duplicate_of = Some(id.trim().to_owned());
            rest = after.trim_start();
        }
        let reason = ["—", "–", "-", ":"]
            .iter()
            .find_map(|sep| rest.strip_prefix(sep))
            .unwrap_or(rest)
            .trim();
        Ok(Disposition::cancelled(reason, duplicate_of))
    }
}

/// A step in an incident's lifecycle, at the time it happened.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Transition {
    /// Someone acknowledged it.
    Acknowledge(DateTime<Utc>),
    /// The impact stopped.
    Mitigate(DateTime<Utc>),
    /// It is resolved.
    Resolve(DateTime<Utc>),
    /// A resolved or cancelled incident is open again: its resolution time is cleared and a
    /// timeline item keeps it.
    Reopen(DateTime<Utc>),
    /// A false alarm, or a duplicate of another incident.
    Cancel {
        /// When it was cancelled.
        at: DateTime<Utc>,
        /// Why.
        reason: String,
        /// The incident it duplicates, by ID.
        duplicate_of: Option<String>,
    },
}

impl Transition {
    /// When the step happened.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Transition::Acknowledge(at)
            | Transition::Mitigate(at)
            | Transition::Resolve(at)
            | Transition::Reopen(at)
            | Transition::Cancel { at, .. } => *at,
        }
    }

    /// The rule every step's time keeps: not more than [`FUTURE_TOLERANCE`](crate::FUTURE_TOLERANCE)
    /// (clock skew) after `now`. Backdating is allowed, a step that has not happened yet is
    /// not: a time weeks ahead is a typo in the date, and it would read as a response in time.
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use incident_core::Transition;
    /// let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    /// assert!(Transition::Acknowledge(now + TimeDelta::minutes(5)).check_not_future(now).is_ok());
    /// assert!(Transition::Resolve(now + TimeDelta::days(30)).check_not_future(now).is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// [`LifecycleError::InFuture`] when the step is later than that.
    pub fn check_not_future(&self, now: DateTime<Utc>) -> Result<(), LifecycleError> {
        let at = self.at();
        if at > now + crate::FUTURE_TOLERANCE {
            return Err(LifecycleError::InFuture {
                transition: self.name(),
                at,
                now,
            });
        }
        Ok(())
    }

    /// Whether `incident` already records this step, at whatever time: acknowledged,
    /// mitigated, resolved (with a time), cancelled for the same reason, or reopened and still
    /// open. A step taken
    /// at the clock's time again (a retried command) is then not a new fact, and taking it
    /// would move the recorded time to now.
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use incident_core::{Incident, Severity, Transition};
    /// let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
    /// let mut i = Incident::new("API down", Severity::High, t0);
    /// let ack = Transition::Acknowledge(t0 + TimeDelta::minutes(3));
    /// assert!(!ack.recorded_in(&i));
    /// i.apply(&ack, false).unwrap();
    /// assert!(Transition::Acknowledge(t0 + TimeDelta::hours(2)).recorded_in(&i));
    /// assert!(!Transition::Resolve(t0 + TimeDelta::hours(2)).recorded_in(&i));
    /// ```
    pub fn recorded_in(&self, incident: &Incident) -> bool {
        match self {
            Transition::Acknowledge(_) => incident.acknowledged.is_some(),
            Transition::Mitigate(_) => incident.mitigated.is_some(),
            Transition::Resolve(_) => incident.resolved.is_some(),
            Transition::Reopen(_) => incident.stage() == Stage::Reopened,
            // The same cancellation: its reason, and the original by its ID or a prefix of it.
            // Another reason is a new step, refused on a cancelled incident.
            Transition::Cancel {
                reason,
                duplicate_of,
                ..
            } => match &incident.disposition {
                Some(Disposition::Cancelled {
                    reason: was,
                    duplicate_of: was_of,
                }) => {
                    was.trim() == reason.trim()
                        && match (was_of, duplicate_of) {
                            (Some(was), Some(of)) => was.starts_with(of.trim()),
                            (was, of) => was.is_none() && of.is_none(),
                        }
                }
                _ => false,
            },
        }
    }

    /// The step's name as a verb (`acknowledge`).
    pub fn name(&self) -> &'static str {
        match self {
            Transition::Acknowledge(_) => "acknowledge",
            Transition::Mitigate(_) => "mitigate",
            Transition::Resolve(_) => "resolve",
            Transition::Reopen(_) => "reopen",
            Transition::Cancel { .. } => "cancel",
        }
    }
}

/// Where a step's time came from, which decides what taking it again means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StepTime {
    /// Given by the caller (`--at`): taking a recorded step again at another time corrects it.
    Given,
    /// The clock's: a step the incident already records ([`Transition::recorded_in`]) is
    /// left as it is, so that a retried command does not move the recorded time to now.
    Clock,
}

/// A lifecycle step the rules refuse. The incident is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LifecycleError {
    /// The step would put the timestamps out of order: resolved before detected, mitigated
    /// before acknowledged or after resolved, and so on.
    #[error(transparent)]
    TimestampOrder(#[from] TimestampOrderError),
    /// A cancelled incident cannot be acknowledged, mitigated, resolved or cancelled again;
    /// reopen it first.
    #[error("cannot {transition} a cancelled incident; reopen it first")]
    Cancelled {
        /// The refused step (`resolve`).
        transition: &'static str,
    },
    /// Only a resolved or cancelled incident can be reopened.
    #[error("cannot reopen an incident that is neither resolved nor cancelled")]
    NotClosed,
    /// A cancellation needs a reason.
    #[error("a cancellation needs a reason")]
    EmptyReason,
    /// The step's time is more than [`FUTURE_TOLERANCE`](crate::FUTURE_TOLERANCE) after now
    /// ([`Transition::check_not_future`]).
    #[error(
        "cannot {transition} at {}, after now ({}): a step is recorded when it has happened",
        crate::format_timestamp(*at),
        crate::format_timestamp(*now)
    )]
    InFuture {
        /// The refused step (`acknowledge`).
        transition: &'static str,
        /// Its time.
        at: DateTime<Utc>,
        /// The time it was checked against.
        now: DateTime<Utc>,
    },
}

impl Incident {
    /// Where the incident stands: cancelled, resolved, reopened, mitigated, acknowledged or
    /// detected, in that order of precedence.
    pub fn stage(&self) -> Stage {
        match (&self.disposition, self.resolved) {
            (Some(Disposition::Cancelled { .. }), _) => Stage::Cancelled,
            (_, Some(_)) => Stage::Resolved,
            (Some(Disposition::Reopened), None) => Stage::Reopened,
            (None, None) if self.mitigated.is_some() => Stage::Mitigated,
            (None, None) if self.acknowledged.is_some() => Stage::Acknowledged,
            (None, None) => Stage::Detected,
        }
    }

    /// Whether the incident is cancelled (left out of report statistics).
    pub fn is_cancelled(&self) -> bool {
        matches!(self.disposition, Some(Disposition::Cancelled { .. }))
    }

    /// Takes a lifecycle step. With `record`, the step also adds its timeline item (in time
    /// order); a reopening always does, since its item is what keeps the resolution it clears.
    ///
    /// # Errors
    ///
    /// [`LifecycleError`]: the timestamp order, a step on a cancelled incident, reopening an
    /// open one, a cancellation without a reason. On an error the incident is unchanged.
    pub fn apply(&mut self, step: &Transition, record: bool) -> Result<(), LifecycleError> {
        let mut after = self.clone();
        if after.is_cancelled() && !matches!(step, Transition::Reopen(_)) {
            return Err(LifecycleError::Cancelled {
                transition: step.name(),
            });
        }
        let text = match step {
            Transition::Acknowledge(at) => {
                after.acknowledged = Some(*at);
                "Acknowledged".to_owned()
            }
            Transition::Mitigate(at) => {
                after.mitigated = Some(*at);
                "Mitigated".to_owned()
            }
            Transition::Resolve(at) => {
                after.resolved = Some(*at);
                "Resolved".to_owned()
            }
            Transition::Reopen(_) => {
                let was = match (&after.disposition, after.resolved) {
                    // What the Status said, kept in the item as a resolution time is: the
                    // reopening clears it (`was cancelled: false alarm`).
                    (Some(d @ Disposition::Cancelled { .. }), _) => {
                        let written = d.to_string();
                        let rest = written.get("cancelled ".len()..).unwrap_or_default();
                        match rest.strip_prefix("— ").unwrap_or(rest) {
                            "" => "cancelled".to_owned(),
                            why => format!("cancelled: {why}"),
                        }
                    }
                    (_, Some(r)) => format!("resolved {}", format_timestamp(r)),
                    // Resolved in the team's own words (`Status: Fixed`), with no time.
                    (_, None) if after.stated_resolved => "resolved".to_owned(),
                    _ => return Err(LifecycleError::NotClosed),
                };
                after.resolved = None;
                after.stated_resolved = false;
                after.disposition = Some(Disposition::Reopened);
                format!("Reopened (was {was})")
            }
            Transition::Cancel {
                reason,
                duplicate_of,
                ..
            } => {
                let reason = reason.trim();
                if reason.is_empty() {
                    return Err(LifecycleError::EmptyReason);
                }
                let d = Disposition::cancelled(reason, duplicate_of.clone());
                // `Cancelled: false alarm`, `Cancelled: duplicate of X — same alert` (the
                // Status value's parentheses, `cancelled (duplicate of X) — …`, read oddly
                // after a colon).
                let text = match duplicate_of {
                    Some(original) => format!("Cancelled: duplicate of {original} — {reason}"),
                    None => format!("Cancelled: {reason}"),
                };
                after.disposition = Some(d);
                text
            }
        };
        after.check_timestamps().map_err(|mut e| {
            e.step = match step {
                Transition::Acknowledge(_) => Some(crate::TimeField::Acknowledged),
                Transition::Mitigate(_) => Some(crate::TimeField::Mitigated),
                Transition::Resolve(_) => Some(crate::TimeField::Resolved),
                _ => None,
            };
            e
        })?;
        if record || matches!(step, Transition::Reopen(_)) {
            after.add_timeline_item(TimelineItem::new(step.at(), text));
        }
        *self = after;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Severity, TimeField};
    use chrono::{TimeDelta, TimeZone};
    use proptest::prelude::*;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap()
    }

    #[test]
    fn every_step_in_the_future_is_refused() {
        let now = t0();
        let later = now + crate::FUTURE_TOLERANCE + TimeDelta::seconds(1);
        let steps = [
            Transition::Acknowledge(later),
            Transition::Mitigate(later),
            Transition::Resolve(later),
            Transition::Reopen(later),
            Transition::Cancel {
                at: later,
                reason: "false alarm".into(),
                duplicate_of: None,
            },
        ];
        for step in steps {
            assert_eq!(
                step.check_not_future(now),
                Err(LifecycleError::InFuture {
                    transition: step.name(),
                    at: later,
                    now
                })
            );
            // Backdated is fine.
            let mut back = step.clone();
            match &mut back {
                Transition::Acknowledge(at)
                | Transition::Mitigate(at)
                | Transition::Resolve(at)
                | Transition::Reopen(at)
                | Transition::Cancel { at, .. } => *at = now - TimeDelta::days(3),
            }
            assert_eq!(back.check_not_future(now), Ok(()));
        }
    }

    #[test]
    fn an_incident_resolved_only_in_words_reopens() {
        let mut i = Incident::new("x", Severity::Low, t0());
        assert_eq!(
            i.clone().apply(&Transition::Reopen(t0()), false),
            Err(LifecycleError::NotClosed)
        );
        i.stated_resolved = true;
        i.apply(&Transition::Reopen(t0() + TimeDelta::hours(1)), false)
            .unwrap();
        assert_eq!(i.stage(), Stage::Reopened);
        assert!(!i.stated_resolved);
        assert_eq!(i.timeline[0].text, "Reopened (was resolved)");
    }

    #[test]
    fn each_rule_has_its_error() {
        let m = TimeDelta::minutes;
        let mut i = Incident::new("x", Severity::High, t0());
        let e = i
            .apply(&Transition::Resolve(t0() - m(1)), true)
            .unwrap_err();
        let LifecycleError::TimestampOrder(o) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(
            (o.field, o.earlier),
            (TimeField::Resolved, TimeField::Detected)
        );
        assert_eq!(i.timeline, [], "a refused step changes nothing");
        i.apply(&Transition::Acknowledge(t0() + m(10)), true)
            .unwrap();
        let e = i
            .apply(&Transition::Mitigate(t0() + m(5)), true)
            .unwrap_err();
        assert!(
            matches!(&e, LifecycleError::TimestampOrder(o) if o.field == TimeField::Mitigated && o.earlier == TimeField::Acknowledged),
            "{e:?}"
        );
        i.apply(&Transition::Resolve(t0() + m(30)), true).unwrap();
        let e = i
            .apply(&Transition::Mitigate(t0() + m(40)), true)
            .unwrap_err();
        assert!(
            matches!(&e, LifecycleError::TimestampOrder(o) if o.field == TimeField::Resolved && o.earlier == TimeField::Mitigated),
            "{e:?}"
        );
        // Said of the step, which came after the time already written.
        assert_eq!(
            e.to_string(),
            format!(
                "cannot be mitigated at {}, after it was resolved ({}); give the time it happened",
                crate::format_timestamp(t0() + m(40)),
                crate::format_timestamp(t0() + m(30))
            )
        );
        let mut open = Incident::new("y", Severity::Low, t0());
        assert_eq!(
            open.apply(&Transition::Reopen(t0()), true),
            Err(LifecycleError::NotClosed)
        );
        let cancel = |reason: &str| Transition::Cancel {
            at: t0() + m(1),
            reason: reason.into(),
            duplicate_of: Some("2026-03-01-x".into()),
        };
        assert_eq!(
            open.apply(&cancel(" "), true),
            Err(LifecycleError::EmptyReason)
        );
        open.apply(&cancel("same alert"), true).unwrap();
        assert_eq!(open.stage(), Stage::Cancelled);
        assert_eq!(
            open.timeline[0].text,
            "Cancelled: duplicate of 2026-03-01-x — same alert"
        );
        // A reason alone follows the colon, with no dash before it.
        let mut alone = Incident::new("x", crate::Severity::High, t0());
        alone
            .apply(
                &Transition::Cancel {
                    at: t0() + m(1),
                    reason: "false alarm".into(),
                    duplicate_of: None,
                },
                true,
            )
            .unwrap();
        assert_eq!(alone.timeline[0].text, "Cancelled: false alarm");
        assert_eq!(
            open.apply(&Transition::Resolve(t0() + m(2)), true),
            Err(LifecycleError::Cancelled {
                transition: "resolve"
            })
        );
        open.apply(&Transition::Reopen(t0() + m(3)), false).unwrap();
        assert_eq!(open.stage(), Stage::Reopened);
        assert_eq!(
            open.timeline[1].text,
            "Reopened (was cancelled: (duplicate of 2026-03-01-x) — same alert)"
        );
    }

    #[test]
    fn stages_follow_the_timestamps() {
        let m = TimeDelta::minutes;
        let mut i = Incident::new("x", Severity::High, t0());
        assert_eq!(i.stage(), Stage::Detected);
        i.apply(&Transition::Acknowledge(t0() + m(1)), false)
            .unwrap();
        assert_eq!(i.stage(), Stage::Acknowledged);
        i.apply(&Transition::Mitigate(t0() + m(2)), false).unwrap();
        assert_eq!(i.stage(), Stage::Mitigated);
        i.apply(&Transition::Resolve(t0() + m(3)), false).unwrap();
        assert_eq!(i.stage(), Stage::Resolved);
        assert!(i.timeline.is_empty(), "no timeline unless asked");
        i.apply(&Transition::Reopen(t0() + m(4)), false).unwrap();
        assert_eq!(
            i.timeline[0].text,
            "Reopened (was resolved 2026-03-02T10:03:00Z)"
        );
        i.apply(&Transition::Resolve(t0() + m(5)), false).unwrap();
        assert_eq!(i.stage(), Stage::Resolved);
    }

    fn step() -> impl Strategy<Value = Transition> {
        let at = (-30i64..120).prop_map(|m| t0() + TimeDelta::minutes(m));
        prop_oneof![
            at.clone().prop_map(Transition::Acknowledge),
            at.clone().prop_map(Transition::Mitigate),
            at.clone().prop_map(Transition::Resolve),
            at.clone().prop_map(Transition::Reopen),
            (at, prop::option::of("[a-z]{0,3}"), any::<bool>()).prop_map(|(at, dup, blank)| {
                Transition::Cancel {
                    at,
                    reason: if blank {
                        " ".into()
                    } else {
                        "false alarm".into()
                    },
                    duplicate_of: dup,
                }
            }),
        ]
    }

    proptest! {
        /// Any sequence of steps: each either fails with a documented error and changes
        /// nothing, or leaves the timestamps and the timeline in order.
        #[test]
        fn random_steps_keep_the_log_in_order(
            steps in prop::collection::vec((step(), any::<bool>()), 0..24)
        ) {
            let mut i = Incident::new("x", Severity::High, t0());
            for (s, record) in steps {
                let before = i.clone();
                match i.apply(&s, record) {
                    Ok(()) => {
                        prop_assert_eq!(i.check_timestamps(), Ok(()));
                        prop_assert!(i.timeline_in_order());
                        let grew = i.timeline.len() - before.timeline.len();
                        let expected = usize::from(record || matches!(s, Transition::Reopen(_)));
                        prop_assert_eq!(grew, expected);
                    }
                    Err(e) => {
                        prop_assert_eq!(&i, &before);
                        let documented = match &e {
                            LifecycleError::TimestampOrder(_) => before.clone().check_timestamps().is_ok(),
                            LifecycleError::Cancelled { .. } => before.is_cancelled(),
                            LifecycleError::NotClosed => before.resolved.is_none() && !before.is_cancelled(),
                            LifecycleError::EmptyReason => matches!(&s, Transition::Cancel { reason, .. } if reason.trim().is_empty()),
                            // `apply` knows no clock: the future is `check_not_future`'s.
                            LifecycleError::InFuture { .. } => false,
                        };
                        prop_assert!(documented, "{:?} after {:?}", e, before);
                    }
                }
            }
        }
    }
}
