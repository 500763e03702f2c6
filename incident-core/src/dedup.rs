//! Trigger de-duplication: an alert that keeps firing adds to the open incident it already
//! opened instead of opening a new one.
//!
//! An incident logged by a trigger records where it came from in its `Trigger:` field, as a
//! [`TriggerSource`]: the trigger's kind and, when the caller gave one, a de-duplication key
//! (`availability`, `availability (key: db-eu-1)`). A field was chosen over a timeline item
//! because it is one value that reads back exactly, survives edits of every other field and of
//! the timeline, and is shown where people look for it.

use chrono::{DateTime, TimeDelta, Utc};

use crate::{Incident, TriggerKind};

/// How long after an incident's detection a firing of the same trigger is de-duplicated into it,
/// when `.incident.toml` does not say (`dedup-window`).
pub const DEFAULT_DEDUP_WINDOW: TimeDelta = TimeDelta::hours(24);

/// The trigger that logged an incident, and the key it is de-duplicated by.
///
/// ```
/// use incident_core::{TriggerKind, TriggerSource};
/// let s: TriggerSource = "availability (key: db-eu-1)".parse().unwrap();
/// assert_eq!(s, TriggerSource::new(TriggerKind::Availability, Some("db-eu-1".into())));
/// assert_eq!(s.dedup_key(), "db-eu-1");
/// assert_eq!(TriggerSource::new(TriggerKind::DataIntegrity, None).to_string(), "data-integrity");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct TriggerSource {
    /// The trigger's kind.
    pub kind: TriggerKind,
    /// The caller's de-duplication key (`--dedup-key`), when given.
    pub key: Option<String>,
}

impl TriggerSource {
    /// A source of this kind, with an optional key.
    pub fn new(kind: TriggerKind, key: Option<String>) -> Self {
        TriggerSource { kind, key }
    }

    /// What firings are compared by: the key when there is one, else the kind's name.
    pub fn dedup_key(&self) -> &str {
        self.key.as_deref().unwrap_or(self.kind.into())
    }
}

impl std::fmt::Display for TriggerSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.kind.into())?;
        match &self.key {
            Some(k) => write!(f, " (key: {k})"),
            None => Ok(()),
        }
    }
}

/// A `Trigger:` value that names no trigger kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown trigger source `{0}` (expected a trigger kind such as `availability`, optionally followed by `(key: KEY)`)"
)]
pub struct UnknownTriggerSource(pub String);

impl std::str::FromStr for TriggerSource {
    type Err = UnknownTriggerSource;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let bad = || UnknownTriggerSource(t.to_owned());
        let (kind, key) = match t.split_once('(') {
            Some((kind, rest)) => {
                let key = rest
                    .strip_suffix(')')
                    .and_then(|k| k.trim().strip_prefix("key:"))
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .ok_or_else(bad)?;
                (kind.trim(), Some(key.to_owned()))
            }
            None => (t, None),
        };
        let kind = kind.parse::<TriggerKind>().map_err(|_| bad())?;
        Ok(TriggerSource::new(kind, key))
    }
}

/// The open incident a firing of `source` at `at` is a repeat of: one that is neither resolved
/// nor cancelled, was logged by a trigger with the same [`TriggerSource::dedup_key`], and was
/// detected at most `window` before or after `at` (both ends included). The most recently
/// detected one when there are several.
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use incident_core::{Incident, Severity, TriggerKind, TriggerSource, find_duplicate, DEFAULT_DEDUP_WINDOW};
/// let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
/// let source = TriggerSource::new(TriggerKind::Availability, None);
/// let mut open = Incident::new("Cluster availability dropped", Severity::High, t0);
/// open.trigger = Some(source.clone());
/// let log = [("2026-03-02-cluster", &open)];
/// let w = DEFAULT_DEDUP_WINDOW;
/// assert_eq!(find_duplicate(log, &source, t0 + w, w), Some("2026-03-02-cluster"));
/// assert_eq!(find_duplicate(log, &source, t0 + w + TimeDelta::seconds(1), w), None);
/// ```
pub fn find_duplicate<'a>(
    incidents: impl IntoIterator<Item = (&'a str, &'a Incident)>,
    source: &TriggerSource,
    at: DateTime<Utc>,
    window: TimeDelta,
) -> Option<&'a str> {
    incidents
        .into_iter()
        .filter(|(_, i)| i.resolved.is_none() && !i.is_cancelled())
        .filter(|(_, i)| {
            i.trigger
                .as_ref()
                .is_some_and(|t| t.dedup_key() == source.dedup_key())
        })
        .filter(|(_, i)| (at - i.detected).abs() <= window)
        .max_by_key(|(_, i)| i.detected)
        .map(|(id, _)| id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Disposition, Severity};
    use chrono::TimeZone;

    #[test]
    fn the_window_edges_and_what_is_not_a_repeat() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        let w = DEFAULT_DEDUP_WINDOW;
        let s = TimeDelta::seconds;
        let avail = TriggerSource::new(TriggerKind::Availability, None);
        let keyed = TriggerSource::new(TriggerKind::Availability, Some("db".into()));
        let mut a = Incident::new("a", Severity::High, t0);
        a.trigger = Some(avail.clone());
        let mut b = Incident::new("b", Severity::High, t0 + s(60));
        b.trigger = Some(keyed.clone());
        let log = || [("a", &a), ("b", &b)];
        assert_eq!(find_duplicate(log(), &avail, t0 + w, w), Some("a"));
        assert_eq!(find_duplicate(log(), &avail, t0 - w, w), Some("a"));
        assert_eq!(find_duplicate(log(), &avail, t0 + w + s(1), w), None);
        assert_eq!(find_duplicate(log(), &keyed, t0 + s(60) + w, w), Some("b"));
        assert_eq!(find_duplicate(log(), &keyed, t0 + s(61) + w, w), None);
        let other = TriggerSource::new(TriggerKind::DataIntegrity, None);
        assert_eq!(find_duplicate(log(), &other, t0, w), None);
        // Closed incidents are not repeated into.
        a.resolved = Some(t0 + s(5));
        assert_eq!(find_duplicate([("a", &a)], &avail, t0, w), None);
        a.resolved = None;
        a.disposition = Some(Disposition::cancelled("false alarm", None));
        assert_eq!(find_duplicate([("a", &a)], &avail, t0, w), None);
        // An incident nobody logged through a trigger is not a repeat either.
        let plain = Incident::new("c", Severity::High, t0);
        assert_eq!(find_duplicate([("c", &plain)], &avail, t0, w), None);
    }

    #[test]
    fn sources_read_back() {
        for s in [
            TriggerSource::new(TriggerKind::ProductionDeletion, None),
            TriggerSource::new(TriggerKind::Availability, Some("db-eu-1".into())),
        ] {
            assert_eq!(s.to_string().parse::<TriggerSource>(), Ok(s));
        }
        assert!("gremlins".parse::<TriggerSource>().is_err());
        assert!("availability (db)".parse::<TriggerSource>().is_err());
    }
}
