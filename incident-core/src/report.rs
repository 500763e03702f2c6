//! Reports and metrics over a set of incidents: counts, response and resolution times, response
//! compliance, the follow-up backlog and what post-incident work is still owed.
//!
//! [`Report::build`] takes the incidents of a log (each with its id and heading anchor), the
//! team's policy and calendar, the time the report is made, and a [`Window`] of detection dates.
//! Everything it returns is in a deterministic order, so two reports over the same input are equal
//! and serialize to the same text.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use incident_core::{BusinessCalendar, Incident, Policy, Report, ReportEntry, Severity, Window};
//!
//! let detected = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
//! let mut incident = Incident::new("API server outage", Severity::High, detected);
//! incident.acknowledged = Some(Utc.with_ymd_and_hms(2026, 3, 2, 9, 10, 0).unwrap());
//! let entries = [ReportEntry::new(&incident, "2026-03-02-api-outage", "api-server-outage")];
//! let now = Utc.with_ymd_and_hms(2026, 3, 3, 12, 0, 0).unwrap();
//! let report = Report::build(
//!     &entries,
//!     &Policy::default(),
//!     &BusinessCalendar::default(),
//!     now,
//!     Window::ALL,
//! );
//! assert_eq!((report.total, report.open, report.resolved), (1, 1, 0));
//! let high = report.by_severity.get(Severity::High);
//! assert_eq!(high.time_to_acknowledge.unwrap().median_seconds, 600);
//! assert_eq!(high.response.met, 1);
//! assert_eq!(report.open_incidents[0].id, "2026-03-02-api-outage");
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};

use crate::{
    BusinessCalendar, Disposition, Finding, Incident, Policy, ResponseEvent, ResponseStatus,
    Severity, Status, check_incident, check_timestamp_order,
};

/// The key under which incidents without a category are counted in [`Report::by_category`].
pub const UNCATEGORISED: &str = "uncategorised";

/// The key under which follow-ups without an owner are counted in [`FollowUpReport::by_owner`].
pub const UNASSIGNED: &str = "unassigned";

/// How many overdue follow-ups [`FollowUpReport::oldest_overdue`] lists at most.
pub const OLDEST_OVERDUE_LIMIT: usize = 10;

/// One incident given to [`Report::build`], with how the log names and links it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportEntry<'a> {
    /// The incident.
    pub incident: &'a Incident,
    /// Its stable id, such as `2026-03-02-api-outage`.
    pub id: &'a str,
    /// The anchor of its heading in the rendered log (GitHub style), without the `#`.
    pub anchor: &'a str,
}

impl<'a> ReportEntry<'a> {
    /// An entry for an incident with its id and heading anchor.
    pub fn new(incident: &'a Incident, id: &'a str, anchor: &'a str) -> Self {
        ReportEntry {
            incident,
            id,
            anchor,
        }
    }
}

pub use crate::period::Window;

/// The `p`-th percentile of values sorted in ascending order, by the nearest-rank rule.
///
/// The result is the value at rank `ceil(p / 100 * n)` (1-based) in the sorted list of `n`
/// values; rank 0 (for `p` = 0) is taken as rank 1, and a `p` above 100 as 100. The median is the
/// 50th percentile by the same rule, so it is always one of the values: no interpolation and no
/// means. `None` when there are no values. The slice must already be sorted.
///
/// ```
/// use incident_core::report::percentile;
/// let values: Vec<i64> = (1..=10).collect();
/// assert_eq!(percentile(&values, 90), Some(9));
/// assert_eq!(percentile(&values, 50), Some(5));
/// assert_eq!(percentile(&values, 100), Some(10));
/// assert_eq!(percentile(&[42], 90), Some(42));
/// assert_eq!(percentile::<i64>(&[], 50), None);
/// ```
pub fn percentile<T: Copy>(sorted: &[T], p: u32) -> Option<T> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let p = u128::from(p.min(100));
    // ceil(p * n / 100) in integers; n fits in u128 without overflow of the product.
    let rank = (p * n as u128).div_ceil(100) as usize;
    Some(sorted[rank.clamp(1, n) - 1])
}

/// Summary of a set of durations, in whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct DurationStats {
    /// How many durations.
    pub count: usize,
    /// The median (nearest-rank 50th percentile; see [`percentile`]).
    pub median_seconds: i64,
    /// The nearest-rank 90th percentile.
    pub p90_seconds: i64,
    /// The longest.
    pub max_seconds: i64,
}

impl DurationStats {
    /// Statistics of durations given in seconds, in any order; `None` when there are none.
    ///
    /// ```
    /// use incident_core::report::DurationStats;
    /// let s = DurationStats::from_seconds([600, 60, 3600]).unwrap();
    /// assert_eq!((s.count, s.median_seconds, s.p90_seconds, s.max_seconds), (3, 600, 3600, 3600));
    /// assert!(DurationStats::from_seconds([]).is_none());
    /// ```
    pub fn from_seconds(seconds: impl IntoIterator<Item = i64>) -> Option<DurationStats> {
        let mut v: Vec<i64> = seconds.into_iter().collect();
        v.sort_unstable();
        Some(DurationStats {
            count: v.len(),
            median_seconds: percentile(&v, 50)?,
            p90_seconds: percentile(&v, 90)?,
            max_seconds: *v.last()?,
        })
    }
}

/// Response-time compliance counts: how many incidents got a response in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ResponseCounts {
    /// Acknowledged, mitigated or resolved by the deadline.
    pub met: usize,
    /// Which event met it: the first response of each incident in [`ResponseCounts::met`].
    pub met_by: MetBy,
    /// Acknowledged late, or not acknowledged and past the deadline.
    pub breached: usize,
    /// Not acknowledged, and the deadline has not passed.
    pub pending: usize,
    /// Resolved with no response time to judge it by ([`ResponseStatus::Unknown`]): neither
    /// met nor breached.
    pub unknown: usize,
    /// Acknowledged before detection (timestamps out of order, a `TIME001` finding): neither
    /// met nor breached.
    pub out_of_order: usize,
}

/// How many responses in time were an acknowledgement, a mitigation or a resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct MetBy {
    /// Met by the acknowledgement.
    pub acknowledged: usize,
    /// Met by the mitigation (acknowledged late or never).
    pub mitigated: usize,
    /// Met by the resolution (neither acknowledged nor mitigated in time).
    pub resolved: usize,
}

impl ResponseCounts {
    fn add(&mut self, response: crate::Response) {
        match response.met_by() {
            Some(ResponseEvent::Acknowledged) => self.met_by.acknowledged += 1,
            Some(ResponseEvent::Mitigated) => self.met_by.mitigated += 1,
            Some(ResponseEvent::Resolved) => self.met_by.resolved += 1,
            None => {}
        }
        match response.status {
            ResponseStatus::Met => self.met += 1,
            ResponseStatus::Breached => self.breached += 1,
            ResponseStatus::Pending => self.pending += 1,
            ResponseStatus::Unknown => self.unknown += 1,
        }
    }

    /// `met + breached + pending + unknown + out_of_order`.
    pub fn total(&self) -> usize {
        self.met + self.breached + self.pending + self.unknown + self.out_of_order
    }
}

/// Metrics of the incidents of one severity.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct SeverityStats {
    /// How many incidents.
    pub count: usize,
    /// How many of them are still open (not in [`SeverityStats::time_to_resolve`]).
    pub open: usize,
    /// Detection to acknowledgement, over the incidents with an acknowledgement time not before
    /// detection.
    pub time_to_acknowledge: Option<DurationStats>,
    /// Detection to resolution, over the resolved incidents with a resolution time not before
    /// detection.
    pub time_to_resolve: Option<DurationStats>,
    /// Detection to mitigation, over the mitigated incidents with a mitigation time not before
    /// detection.
    pub time_to_mitigate: Option<DurationStats>,
    /// Response-time compliance, seen at the report's time.
    pub response: ResponseCounts,
}

impl SeverityStats {
    /// How many incidents are resolved: `count - open`.
    pub fn resolved(&self) -> usize {
        self.count - self.open
    }
}

/// [`SeverityStats`] for each of the four levels; serialized as a map keyed by level text in
/// [`Severity::ALL`] order (`CRITICAL`, `HIGH`, `MEDIUM`, `LOW`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct BySeverity {
    /// `CRITICAL` incidents.
    #[cfg_attr(feature = "serde", serde(rename = "CRITICAL"))]
    pub critical: SeverityStats,
    /// `HIGH` incidents.
    #[cfg_attr(feature = "serde", serde(rename = "HIGH"))]
    pub high: SeverityStats,
    /// `MEDIUM` incidents.
    #[cfg_attr(feature = "serde", serde(rename = "MEDIUM"))]
    pub medium: SeverityStats,
    /// `LOW` incidents.
    #[cfg_attr(feature = "serde", serde(rename = "LOW"))]
    pub low: SeverityStats,
}

impl BySeverity {
    /// The metrics of one level.
    pub fn get(&self, level: Severity) -> &SeverityStats {
        match level {
            Severity::Critical => &self.critical,
            Severity::High => &self.high,
            Severity::Medium => &self.medium,
            Severity::Low => &self.low,
        }
    }

    fn get_mut(&mut self, level: Severity) -> &mut SeverityStats {
        match level {
            Severity::Critical => &mut self.critical,
            Severity::High => &mut self.high,
            Severity::Medium => &mut self.medium,
            Severity::Low => &mut self.low,
        }
    }

    /// Each level with its metrics, most urgent first ([`Severity::ALL`] order).
    pub fn iter(&self) -> impl Iterator<Item = (Severity, &SeverityStats)> {
        Severity::ALL.into_iter().map(|l| (l, self.get(l)))
    }
}

/// Follow-up counts of one owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct OwnerStats {
    /// Not done yet (overdue ones included).
    pub open: usize,
    /// Ticked off.
    pub done: usize,
    /// Not done and past the due date (a subset of `open`).
    pub overdue: usize,
}

/// An open follow-up action past its due date.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct OverdueItem {
    /// The id of the incident it belongs to (`id` in JSON, as everywhere).
    #[cfg_attr(feature = "serde", serde(rename = "id"))]
    pub incident_id: String,
    /// The heading anchor of that incident (`anchor` in JSON).
    #[cfg_attr(feature = "serde", serde(rename = "anchor"))]
    pub incident_anchor: String,
    /// What is to be done.
    pub action: String,
    /// Who owns it, when someone does (`assignee` in JSON, as in a follow-up).
    #[cfg_attr(feature = "serde", serde(rename = "assignee"))]
    pub owner: Option<String>,
    /// When it was due.
    pub due: NaiveDate,
}

/// The follow-up backlog over the incidents of a report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct FollowUpReport {
    /// Not done yet (overdue ones included).
    pub open: usize,
    /// Ticked off.
    pub done: usize,
    /// Not done and past the due date (a subset of `open`).
    pub overdue: usize,
    /// Counts per owner, by name; actions without an owner under [`UNASSIGNED`].
    /// (`by_assignee` in JSON: follow-ups call the owner `assignee`.)
    #[cfg_attr(feature = "serde", serde(rename = "by_assignee"))]
    pub by_owner: BTreeMap<String, OwnerStats>,
    /// The overdue actions due longest ago, oldest first, at most [`OLDEST_OVERDUE_LIMIT`]; ties
    /// in the order of incident detection, incident id, then the action's place in the list.
    pub oldest_overdue: Vec<OverdueItem>,
}

/// What an incident still owes: its unmet post-incident requirements.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Owed {
    /// The incident's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its heading anchor.
    pub anchor: String,
    /// The findings, in the order [`check_incident`] gives them; never empty.
    pub findings: Vec<Finding>,
}

/// An incident that is not resolved yet.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct OpenIncident {
    /// The incident's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its severity.
    pub severity: Severity,
    /// When it was detected.
    pub detected: DateTime<Utc>,
    /// Its heading anchor.
    pub anchor: String,
    /// Whether the response came in time, seen at the report's time.
    pub response: ResponseStatus,
    /// The event that met the response deadline, when one did.
    pub response_met_by: Option<ResponseEvent>,
}

/// A cancelled incident: listed, and left out of every count and statistic.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CancelledIncident {
    /// The incident's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its severity.
    pub severity: Severity,
    /// When it was detected.
    pub detected: DateTime<Utc>,
    /// Its heading anchor.
    pub anchor: String,
    /// Why it was cancelled.
    pub reason: String,
    /// The incident it duplicates, by ID.
    pub duplicate_of: Option<String>,
}

/// Metrics over the incidents detected in a [`Window`], seen at one moment.
///
/// Every count covers the incidents in the window only. Lists of incidents
/// ([`Report::owed`], [`Report::open_incidents`]) are ordered by detection time, then id.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Report {
    /// The detection dates covered.
    pub window: Window,
    /// When the report was made: the `now` that statuses, compliance and overdue follow-ups are
    /// judged at.
    pub generated_at: DateTime<Utc>,
    /// How many incidents.
    pub total: usize,
    /// How many are open.
    pub open: usize,
    /// How many are resolved.
    pub resolved: usize,
    /// Metrics per severity; all four levels are always present.
    pub by_severity: BySeverity,
    /// Incidents per category, by name. A category the policy knows is counted under the
    /// policy's spelling of it; incidents without one under [`UNCATEGORISED`].
    pub by_category: BTreeMap<String, usize>,
    /// Incidents per month of detection (the local date in the calendar's zone), keyed
    /// `YYYY-MM`.
    pub by_month: BTreeMap<String, usize>,
    /// Detection to acknowledgement over all severities (see [`SeverityStats`]).
    pub time_to_acknowledge: Option<DurationStats>,
    /// Detection to resolution over all severities; open incidents are not in it.
    pub time_to_resolve: Option<DurationStats>,
    /// Response-time compliance over all severities.
    pub response: ResponseCounts,
    /// Incidents per week, month or year of detection, by severity, for charts.
    pub series: Series,
    /// The follow-up backlog.
    pub follow_ups: FollowUpReport,
    /// Incidents with unmet post-incident requirements, and what they owe.
    pub owed: Vec<Owed>,
    /// Incidents still open.
    pub open_incidents: Vec<OpenIncident>,
    /// Cancelled incidents (false alarms, duplicates), which no count above includes.
    pub cancelled: Vec<CancelledIncident>,
}

impl Report {
    /// Builds the report over the entries whose detection date lies in `window`, judging
    /// response compliance, requirements and overdue follow-ups at `now`. Dates are local to
    /// the calendar's zone (the configured `timezone`): an incident at 23:30 on 31 March in
    /// Berlin is a March incident, in the window, the month count and the chart buckets.
    pub fn build(
        entries: &[ReportEntry<'_>],
        policy: &Policy,
        calendar: &BusinessCalendar,
        now: DateTime<Utc>,
        window: Window,
    ) -> Report {
        let mut selected: Vec<&ReportEntry<'_>> = entries
            .iter()
            .filter(|e| window.contains_date(calendar.local_date(e.incident.detected)))
            .collect();
        selected.sort_by(|a, b| (a.incident.detected, a.id).cmp(&(b.incident.detected, b.id)));
        // Cancelled incidents are listed apart and counted nowhere.
        let mut cancelled = Vec::new();
        selected.retain(|e| match &e.incident.disposition {
            Some(Disposition::Cancelled {
                reason,
                duplicate_of,
            }) => {
                cancelled.push(CancelledIncident {
                    id: e.id.to_owned(),
                    title: e.incident.title.clone(),
                    severity: e.incident.severity,
                    detected: e.incident.detected,
                    anchor: e.anchor.to_owned(),
                    reason: reason.clone(),
                    duplicate_of: duplicate_of.clone(),
                });
                false
            }
            _ => true,
        });

        let mut report = Report {
            window,
            generated_at: now,
            total: selected.len(),
            open: 0,
            resolved: 0,
            by_severity: BySeverity::default(),
            by_category: BTreeMap::new(),
            by_month: BTreeMap::new(),
            time_to_acknowledge: None,
            time_to_resolve: None,
            response: ResponseCounts::default(),
            series: Series::default(),
            follow_ups: FollowUpReport::default(),
            owed: Vec::new(),
            open_incidents: Vec::new(),
            cancelled,
        };
        let mut acknowledge: BTreeMap<Severity, Vec<i64>> = BTreeMap::new();
        let mut resolve: BTreeMap<Severity, Vec<i64>> = BTreeMap::new();
        let mut mitigate: BTreeMap<Severity, Vec<i64>> = BTreeMap::new();
        let mut overdue: Vec<OverdueItem> = Vec::new();
        report.series = Series::build(&selected, window, calendar);

        for entry in &selected {
            let incident = entry.incident;
            let open = incident.status() == Status::Open;
            let full_response = incident.response(policy, calendar, now);
            let response = full_response.status;
            if open {
                report.open += 1;
            } else {
                report.resolved += 1;
            }

            let stats = report.by_severity.get_mut(incident.severity);
            stats.count += 1;
            stats.open += usize::from(open);
            // A duration below zero is a hand-written timestamp out of order: a finding (below),
            // not a statistic, and not a response in time.
            let non_negative = |d: &TimeDelta| *d >= TimeDelta::zero();
            let acknowledge_time = incident.time_to_acknowledge();
            if acknowledge_time.is_some_and(|d| !non_negative(&d)) {
                stats.response.out_of_order += 1;
            } else {
                stats.response.add(full_response);
            }
            if let Some(d) = acknowledge_time.filter(non_negative) {
                acknowledge
                    .entry(incident.severity)
                    .or_default()
                    .push(d.num_seconds());
            }
            if let Some(d) = incident.time_to_mitigate().filter(non_negative) {
                mitigate
                    .entry(incident.severity)
                    .or_default()
                    .push(d.num_seconds());
            }
            if let Some(d) = incident.time_to_resolve().filter(non_negative) {
                resolve
                    .entry(incident.severity)
                    .or_default()
                    .push(d.num_seconds());
            }

            *report
                .by_category
                .entry(category_key(incident.category.as_deref(), policy))
                .or_default() += 1;
            *report
                .by_month
                .entry(
                    calendar
                        .local_date(incident.detected)
                        .format("%Y-%m")
                        .to_string(),
                )
                .or_default() += 1;

            for f in &incident.follow_ups {
                let owner = f
                    .assignee
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty());
                let counts = report
                    .follow_ups
                    .by_owner
                    .entry(owner.unwrap_or(UNASSIGNED).to_owned())
                    .or_default();
                let is_overdue = f.is_overdue(now);
                if f.done {
                    counts.done += 1;
                    report.follow_ups.done += 1;
                } else {
                    counts.open += 1;
                    report.follow_ups.open += 1;
                }
                if is_overdue {
                    counts.overdue += 1;
                    report.follow_ups.overdue += 1;
                }
                if let (true, Some(due)) = (is_overdue, f.due_date()) {
                    overdue.push(OverdueItem {
                        incident_id: entry.id.to_owned(),
                        incident_anchor: entry.anchor.to_owned(),
                        action: f.action.clone(),
                        owner: owner.map(str::to_owned),
                        due,
                    });
                }
            }

            let mut findings = check_incident(incident, policy, now);
            findings.extend(check_timestamp_order(incident));
            if !findings.is_empty() {
                report.owed.push(Owed {
                    id: entry.id.to_owned(),
                    title: incident.title.clone(),
                    anchor: entry.anchor.to_owned(),
                    findings,
                });
            }

            if open {
                report.open_incidents.push(OpenIncident {
                    id: entry.id.to_owned(),
                    title: incident.title.clone(),
                    severity: incident.severity,
                    detected: incident.detected,
                    anchor: entry.anchor.to_owned(),
                    response,
                    response_met_by: full_response.met_by(),
                });
            }
        }

        report.time_to_acknowledge =
            DurationStats::from_seconds(acknowledge.values().flatten().copied());
        report.time_to_resolve = DurationStats::from_seconds(resolve.values().flatten().copied());
        for level in Severity::ALL {
            let r = report.by_severity.get(level).response;
            let all = &mut report.response;
            all.met += r.met;
            all.breached += r.breached;
            all.pending += r.pending;
            all.unknown += r.unknown;
            all.out_of_order += r.out_of_order;
            all.met_by.acknowledged += r.met_by.acknowledged;
            all.met_by.mitigated += r.met_by.mitigated;
            all.met_by.resolved += r.met_by.resolved;
            let stats = report.by_severity.get_mut(level);
            stats.time_to_acknowledge = acknowledge
                .remove(&level)
                .and_then(DurationStats::from_seconds);
            stats.time_to_resolve = resolve.remove(&level).and_then(DurationStats::from_seconds);
            stats.time_to_mitigate = mitigate
                .remove(&level)
                .and_then(DurationStats::from_seconds);
        }
        // A stable sort keeps detection order, then list order, among equal due dates.
        overdue.sort_by_key(|item| item.due);
        overdue.truncate(OLDEST_OVERDUE_LIMIT);
        report.follow_ups.oldest_overdue = overdue;
        report
    }
}

/// How wide the buckets of a [`Series`] are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, strum::Display)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[strum(serialize_all = "lowercase")]
#[non_exhaustive]
pub enum Granularity {
    /// ISO weeks, Monday to Sunday: for windows up to [`WEEKLY_UP_TO_DAYS`] days.
    #[default]
    Week,
    /// Calendar months: for windows up to [`MONTHLY_UP_TO_DAYS`] days.
    Month,
    /// Calendar years: for anything longer.
    Year,
}

/// The longest span (in days) charted by week.
pub const WEEKLY_UP_TO_DAYS: i64 = 92;
/// The longest span (in days) charted by month.
pub const MONTHLY_UP_TO_DAYS: i64 = 3 * 366;
/// The most buckets a [`Series`] fills in with empty ones; past it only buckets with incidents
/// are listed (a log with a date in the year 1000 should not make a thousand empty bars).
pub const MAX_FILLED_BUCKETS: usize = 200;

/// Counts per severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct SeverityCounts {
    /// `CRITICAL` incidents.
    #[cfg_attr(feature = "serde", serde(rename = "CRITICAL"))]
    pub critical: usize,
    /// `HIGH` incidents.
    #[cfg_attr(feature = "serde", serde(rename = "HIGH"))]
    pub high: usize,
    /// `MEDIUM` incidents.
    #[cfg_attr(feature = "serde", serde(rename = "MEDIUM"))]
    pub medium: usize,
    /// `LOW` incidents.
    #[cfg_attr(feature = "serde", serde(rename = "LOW"))]
    pub low: usize,
}

impl SeverityCounts {
    /// The count of one level.
    pub fn get(&self, level: Severity) -> usize {
        match level {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
        }
    }

    fn bump(&mut self, level: Severity) {
        let n = match level {
            Severity::Critical => &mut self.critical,
            Severity::High => &mut self.high,
            Severity::Medium => &mut self.medium,
            Severity::Low => &mut self.low,
        };
        *n += 1;
    }

    /// The sum over all levels.
    pub fn total(&self) -> usize {
        self.critical + self.high + self.medium + self.low
    }
}

/// The incidents detected in one week, month or year.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Bucket {
    /// Its first day (a Monday for weeks, the 1st for months, 1 January for years); it may
    /// start before the report's window.
    pub start: NaiveDate,
    /// `2026-W10`, `2026-03` or `2026`.
    pub label: String,
    /// Incidents detected in it, by severity.
    pub counts: SeverityCounts,
    /// Median time to resolve (nearest rank) of those of them that are resolved.
    pub median_resolve_seconds: Option<i64>,
}

/// Incidents over time, in buckets of one [`Granularity`], oldest first.
///
/// The buckets run from the window's start (or the first incident) to its end (or the last
/// incident), empty ones included, unless that would be more than [`MAX_FILLED_BUCKETS`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Series {
    /// How wide each bucket is.
    pub granularity: Granularity,
    /// The buckets, oldest first.
    pub buckets: Vec<Bucket>,
}

impl Series {
    fn build(selected: &[&ReportEntry<'_>], window: Window, calendar: &BusinessCalendar) -> Series {
        let day = |e: &&ReportEntry<'_>| calendar.local_date(e.incident.detected);
        let dates = || selected.iter().map(day);
        let (Some(first), Some(last)) = (
            window.since.or_else(|| dates().min()),
            window.until.or_else(|| dates().max()),
        ) else {
            return Series::default();
        };
        let span = (last - first).num_days();
        let granularity = if span < WEEKLY_UP_TO_DAYS {
            Granularity::Week
        } else if span < MONTHLY_UP_TO_DAYS {
            Granularity::Month
        } else {
            Granularity::Year
        };
        let mut buckets: BTreeMap<NaiveDate, (SeverityCounts, Vec<i64>)> = BTreeMap::new();
        // Fill in empty buckets from first to last, within the limit.
        let mut at = Some(bucket_start(first, granularity));
        while let Some(start) = at.filter(|s| *s <= last) {
            if buckets.len() >= MAX_FILLED_BUCKETS {
                buckets.clear();
                break;
            }
            buckets.insert(start, Default::default());
            at = next_bucket(start, granularity);
        }
        for e in selected {
            let start = bucket_start(day(e), granularity);
            let (counts, resolve) = buckets.entry(start).or_default();
            counts.bump(e.incident.severity);
            if let Some(d) = e
                .incident
                .time_to_resolve()
                .filter(|d| *d >= TimeDelta::zero())
            {
                resolve.push(d.num_seconds());
            }
        }
        Series {
            granularity,
            buckets: buckets
                .into_iter()
                .map(|(start, (counts, resolve))| Bucket {
                    start,
                    label: bucket_label(start, granularity),
                    counts,
                    median_resolve_seconds: DurationStats::from_seconds(resolve)
                        .map(|s| s.median_seconds),
                })
                .collect(),
        }
    }
}

fn bucket_start(date: NaiveDate, granularity: Granularity) -> NaiveDate {
    let start = match granularity {
        Granularity::Week => date.checked_sub_days(chrono::Days::new(u64::from(
            date.weekday().num_days_from_monday(),
        ))),
        Granularity::Month => date.with_day(1),
        Granularity::Year => date.with_ordinal(1),
    };
    // Only a week before chrono's first date can fail: that date is its own bucket then.
    start.unwrap_or(date)
}

fn next_bucket(start: NaiveDate, granularity: Granularity) -> Option<NaiveDate> {
    match granularity {
        Granularity::Week => start.checked_add_days(chrono::Days::new(7)),
        Granularity::Month => start.checked_add_months(chrono::Months::new(1)),
        Granularity::Year => start.checked_add_months(chrono::Months::new(12)),
    }
}

fn bucket_label(start: NaiveDate, granularity: Granularity) -> String {
    match granularity {
        Granularity::Week => {
            let week = start.iso_week();
            format!("{}-W{:02}", week.year(), week.week())
        }
        Granularity::Month => start.format("%Y-%m").to_string(),
        Granularity::Year => start.year().to_string(),
    }
}

/// A report side by side with one over an earlier period, and what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Comparison {
    /// The earlier report.
    pub previous: Report,
    /// Current minus previous, for the headline figures.
    pub deltas: Deltas,
}

/// Current minus previous, for the headline figures of two reports. Counts are signed
/// differences (saturating at the ends of `i64`); a duration delta is `None` when either side
/// has no data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Deltas {
    /// Change in incidents.
    pub total: i64,
    /// Change in incidents per severity, [`Severity::ALL`] order.
    pub by_severity: [i64; 4],
    /// Change in open incidents.
    pub open: i64,
    /// Change in breached responses.
    pub breached: i64,
    /// Change in the median time to acknowledge, in seconds.
    pub median_acknowledge_seconds: Option<i64>,
    /// Change in the median time to resolve, in seconds.
    pub median_resolve_seconds: Option<i64>,
}

impl Comparison {
    /// Compares `current` with `previous`.
    pub fn new(current: &Report, previous: Report) -> Comparison {
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let diff = |a: usize, b: usize| count(a).saturating_sub(count(b));
        let median = |a: Option<DurationStats>, b: Option<DurationStats>| {
            Some(a?.median_seconds.saturating_sub(b?.median_seconds))
        };
        let p = &previous;
        let deltas = Deltas {
            total: diff(current.total, p.total),
            by_severity: Severity::ALL
                .map(|l| diff(current.by_severity.get(l).count, p.by_severity.get(l).count)),
            open: diff(current.open, p.open),
            breached: diff(current.response.breached, p.response.breached),
            median_acknowledge_seconds: median(current.time_to_acknowledge, p.time_to_acknowledge),
            median_resolve_seconds: median(current.time_to_resolve, p.time_to_resolve),
        };
        Comparison { previous, deltas }
    }
}

/// The key an incident's category is counted under.
fn category_key(category: Option<&str>, policy: &Policy) -> String {
    let name = category.map(|c| c.trim().trim_matches('`').trim());
    match name {
        None | Some("") => UNCATEGORISED.to_owned(),
        Some(name) => policy
            .category(name)
            .map_or_else(|| name.to_owned(), |c| c.name.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Due, FollowUp};
    use chrono::TimeZone;
    use proptest::prelude::*;

    #[test]
    fn periods_count_by_the_local_date_of_the_configured_zone() {
        // 23:30 on 31 March in Berlin (summer time) is 21:30 UTC; 00:30 on 1 April is 22:30
        // UTC on 31 March, an April incident there.
        let late = Incident::new("late", Severity::Low, ts("2026-03-31T21:30:00Z"));
        let after = Incident::new("after", Severity::Low, ts("2026-03-31T22:30:00Z"));
        let entries = [
            ReportEntry::new(&late, "late", "late"),
            ReportEntry::new(&after, "after", "after"),
        ];
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let march = Window::new(Some(d(3, 1)), Some(d(3, 31)));
        let now = ts("2026-04-10T00:00:00Z");
        let build =
            |cal: &BusinessCalendar, w| Report::build(&entries, &Policy::default(), cal, now, w);
        let berlin = BusinessCalendar::default()
            .with_timezone_name("Europe/Berlin")
            .unwrap();
        let r = build(&berlin, march);
        assert_eq!(r.total, 1);
        assert_eq!(r.open_incidents.len(), 1);
        assert_eq!(r.open_incidents[0].id, "late");
        assert_eq!(r.by_month.keys().collect::<Vec<_>>(), ["2026-03"]);
        let both = build(&berlin, Window::ALL);
        assert_eq!(
            both.by_month.into_iter().collect::<Vec<_>>(),
            [("2026-03".to_owned(), 1), ("2026-04".to_owned(), 1)]
        );
        let labels: Vec<&str> = both
            .series
            .buckets
            .iter()
            .map(|b| b.label.as_str())
            .collect();
        assert_eq!(labels, ["2026-W14"]);
        // Without a zone, both are UTC March incidents.
        let utc = build(&BusinessCalendar::default(), march);
        assert_eq!(utc.total, 2);
        assert_eq!(
            utc.by_month.into_iter().collect::<Vec<_>>(),
            [("2026-03".to_owned(), 2)]
        );
    }

    fn ts(text: &str) -> DateTime<Utc> {
        crate::parse_timestamp(text).unwrap()
    }

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&v, 90), Some(9));
        assert_eq!(percentile(&v, 50), Some(5));
        assert_eq!(percentile(&v, 91), Some(10));
        assert_eq!(percentile(&v, 10), Some(1));
        assert_eq!(percentile(&v, 11), Some(2));
        assert_eq!(percentile(&v, 0), Some(1));
        assert_eq!(percentile(&v, 100), Some(10));
        assert_eq!(percentile(&v, 250), Some(10));
        assert_eq!(percentile(&[7], 50), Some(7));
        assert_eq!(percentile(&[7], 90), Some(7));
        assert_eq!(percentile::<i64>(&[], 90), None);
        // Two values: the median is the lower one (rank ceil(1.0) = 1), p90 the upper.
        assert_eq!(percentile(&[3, 8], 50), Some(3));
        assert_eq!(percentile(&[3, 8], 90), Some(8));
        // Four values: rank ceil(3.6) = 4 for p90, ceil(2.0) = 2 for the median.
        assert_eq!(percentile(&[1, 2, 3, 4], 90), Some(4));
        assert_eq!(percentile(&[1, 2, 3, 4], 50), Some(2));
    }

    #[test]
    fn duration_stats_sort_their_input() {
        let s = DurationStats::from_seconds([50, 10, 40, 30, 20]).unwrap();
        assert_eq!(
            (s.count, s.median_seconds, s.p90_seconds, s.max_seconds),
            (5, 30, 50, 50)
        );
        assert_eq!(DurationStats::from_seconds(Vec::new()), None);
    }

    #[test]
    fn categories_use_the_policy_spelling() {
        let p = Policy::default();
        assert_eq!(category_key(Some("`data_loss`"), &p), "DATA_LOSS");
        assert_eq!(category_key(Some("GREMLINS"), &p), "GREMLINS");
        assert_eq!(category_key(Some("  "), &p), UNCATEGORISED);
        assert_eq!(category_key(None, &p), UNCATEGORISED);
    }

    #[test]
    fn cancelled_incidents_are_listed_apart_and_mitigation_is_timed() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        let m = TimeDelta::minutes;
        let mut mitigated = Incident::new("API down", Severity::High, t0);
        mitigated.acknowledged = Some(t0 + m(30));
        mitigated.mitigated = Some(t0 + m(12));
        // Out of order (mitigated before acknowledged) is allowed in a hand-written file; the
        // mitigation still meets the deadline and is timed.
        let mut resolved = Incident::new("Disk full", Severity::High, t0 + m(1));
        resolved.resolved = Some(t0 + m(11));
        let mut cancelled = Incident::new("Flapping probe", Severity::High, t0 + m(2));
        cancelled.disposition = Some(Disposition::cancelled(
            "false alarm",
            Some("2026-03-02-api-down".into()),
        ));
        let entries = [
            ReportEntry::new(&mitigated, "2026-03-02-api-down", "a"),
            ReportEntry::new(&resolved, "2026-03-02-disk-full", "b"),
            ReportEntry::new(&cancelled, "2026-03-02-flapping-probe", "c"),
        ];
        let (p, c) = (Policy::default(), BusinessCalendar::default());
        let r = Report::build(&entries, &p, &c, t0 + TimeDelta::days(1), Window::ALL);
        assert_eq!((r.total, r.open, r.resolved), (2, 1, 1));
        let high = r.by_severity.get(Severity::High);
        assert_eq!(high.count, 2);
        assert_eq!(high.response.met, 2);
        assert_eq!(
            (
                high.response.met_by.acknowledged,
                high.response.met_by.mitigated,
                high.response.met_by.resolved
            ),
            (0, 1, 1)
        );
        assert_eq!(high.time_to_mitigate.unwrap().median_seconds, 12 * 60);
        assert_eq!(r.cancelled.len(), 1);
        assert_eq!(r.cancelled[0].id, "2026-03-02-flapping-probe");
        assert_eq!(
            r.cancelled[0].duplicate_of.as_deref(),
            Some("2026-03-02-api-down")
        );
        assert!(r.owed.iter().all(|o| o.id != "2026-03-02-flapping-probe"));
        assert_eq!(
            r.open_incidents[0].response_met_by,
            Some(ResponseEvent::Mitigated)
        );
    }

    #[test]
    fn negative_durations_are_findings_not_statistics() {
        let t0 = base();
        let mut good = Incident::new("Good", Severity::High, t0);
        good.acknowledged = Some(t0 + TimeDelta::minutes(10));
        good.resolved = Some(t0 + TimeDelta::hours(2));
        let mut bad = Incident::new("Bad", Severity::High, t0 + TimeDelta::days(1));
        // Hand-written in 1900: would be a huge negative time to acknowledge, counted as met.
        bad.acknowledged = Some(Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).unwrap());
        bad.resolved = Some(t0);
        let entries = [
            ReportEntry::new(&good, "good", "good"),
            ReportEntry::new(&bad, "bad", "bad"),
        ];
        let now = t0 + TimeDelta::days(30);
        let p = Policy::default();
        let r = Report::build(&entries, &p, &BusinessCalendar::default(), now, Window::ALL);
        let high = r.by_severity.get(Severity::High);
        assert_eq!(high.count, 2);
        assert_eq!((high.response.met, high.response.out_of_order), (1, 1));
        assert_eq!(high.response.total(), 2);
        let ack = high.time_to_acknowledge.unwrap();
        assert_eq!(
            (ack.count, ack.median_seconds, ack.max_seconds),
            (1, 600, 600)
        );
        let res = high.time_to_resolve.unwrap();
        assert_eq!((res.count, res.median_seconds), (1, 7200));
        let owed = r.owed.iter().find(|o| o.id == "bad").unwrap();
        let time: Vec<&Finding> = owed
            .findings
            .iter()
            .filter(|f| f.code == crate::Code::TimestampOrder)
            .collect();
        assert_eq!(time.len(), 2, "{:?}", owed.findings);
        assert!(time.iter().all(|f| f.level == crate::Level::Error));
    }

    #[test]
    fn series_buckets_by_week_month_or_year_and_fills_gaps() {
        let at = |m, d| Utc.with_ymd_and_hms(2026, m, d, 12, 0, 0).unwrap();
        let mut a = Incident::new("A", Severity::Critical, at(3, 3));
        a.resolved = Some(at(3, 3) + TimeDelta::hours(4));
        let b = Incident::new("B", Severity::Low, at(3, 4));
        let c = Incident::new("C", Severity::High, at(3, 20));
        let entries = [
            ReportEntry::new(&a, "a", "a"),
            ReportEntry::new(&b, "b", "b"),
            ReportEntry::new(&c, "c", "c"),
        ];
        let build = |w| {
            Report::build(
                &entries,
                &Policy::default(),
                &BusinessCalendar::default(),
                at(4, 1),
                w,
            )
        };
        let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d);
        let march = build(Window::new(d(3, 1), d(3, 31)));
        assert_eq!(march.series.granularity, Granularity::Week);
        let labels: Vec<&str> = march
            .series
            .buckets
            .iter()
            .map(|b| b.label.as_str())
            .collect();
        // 1 March 2026 is a Sunday: its ISO week starts on 23 February.
        assert_eq!(
            labels,
            [
                "2026-W09", "2026-W10", "2026-W11", "2026-W12", "2026-W13", "2026-W14"
            ]
        );
        let w10 = &march.series.buckets[1];
        assert_eq!(
            (w10.counts.critical, w10.counts.low, w10.counts.total()),
            (1, 1, 2)
        );
        assert_eq!(w10.median_resolve_seconds, Some(4 * 3600));
        assert_eq!(march.series.buckets[2].counts.total(), 0);
        let year = build(Window::new(d(1, 1), d(12, 31)));
        assert_eq!(year.series.granularity, Granularity::Month);
        assert_eq!(year.series.buckets.len(), 12);
        assert_eq!(year.series.buckets[2].counts.total(), 3);
        let all = build(Window::ALL);
        assert_eq!(
            all.series.buckets.len(),
            3,
            "first to last incident, by week"
        );
        assert_eq!(march.time_to_resolve.unwrap().median_seconds, 4 * 3600);
        assert_eq!(march.response.total(), 3);
    }

    #[test]
    fn far_apart_dates_do_not_fill_thousands_of_buckets() {
        let old = Incident::new(
            "Old",
            Severity::Low,
            Utc.with_ymd_and_hms(1000, 1, 1, 0, 0, 0).unwrap(),
        );
        let new = Incident::new("New", Severity::Low, base());
        let entries = [
            ReportEntry::new(&old, "o", "o"),
            ReportEntry::new(&new, "n", "n"),
        ];
        let r = Report::build(
            &entries,
            &Policy::default(),
            &BusinessCalendar::default(),
            base(),
            Window::ALL,
        );
        assert_eq!(r.series.granularity, Granularity::Year);
        let labels: Vec<&str> = r.series.buckets.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["1000", "2026"]);
    }

    #[test]
    fn comparisons_subtract_the_previous_period() {
        let t0 = base();
        let mut fast = Incident::new("Fast", Severity::Critical, t0);
        fast.resolved = Some(t0 + TimeDelta::hours(2));
        let mut slow = Incident::new("Slow", Severity::Critical, t0 + TimeDelta::days(40));
        slow.resolved = Some(t0 + TimeDelta::days(40) + TimeDelta::hours(5));
        let open = Incident::new("Open", Severity::Low, t0 + TimeDelta::days(41));
        let entries = [
            ReportEntry::new(&fast, "f", "f"),
            ReportEntry::new(&slow, "s", "s"),
            ReportEntry::new(&open, "o", "o"),
        ];
        let build = |w| {
            Report::build(
                &entries,
                &Policy::default(),
                &BusinessCalendar::default(),
                t0 + TimeDelta::days(60),
                w,
            )
        };
        let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d);
        let feb = build(Window::new(d(2, 1), d(2, 28)));
        let jan = build(feb.window.previous().unwrap());
        assert_eq!(jan.window, Window::new(d(1, 1), d(1, 31)));
        let c = Comparison::new(&feb, jan);
        assert_eq!(c.deltas.total, 1);
        assert_eq!(c.deltas.by_severity, [0, 0, 0, 1]);
        assert_eq!(c.deltas.open, 1);
        assert_eq!(c.deltas.median_resolve_seconds, Some(3 * 3600));
        assert_eq!(c.deltas.median_acknowledge_seconds, None);
        assert_eq!(c.previous.total, 1);
    }

    const CATEGORIES: [Option<&str>; 4] = [
        None,
        Some("CLUSTER_FAILURE"),
        Some("data_loss"),
        Some("GREMLINS"),
    ];
    const OWNERS: [Option<&str>; 3] = [None, Some("dana"), Some("sam")];

    fn base() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
    }

    fn follow_up() -> impl Strategy<Value = FollowUp> {
        (
            any::<bool>(),
            0usize..3,
            proptest::option::of(0i64..200),
            any::<bool>(),
        )
            .prop_map(|(done, owner, due, text_due)| {
                let mut f = FollowUp::new("Do the thing");
                f.done = done;
                f.assignee = OWNERS[owner].map(str::to_owned);
                f.due = due.map(|days| {
                    if text_due {
                        Due::Text("soon".into())
                    } else {
                        Due::Date(base().date_naive() + TimeDelta::days(days))
                    }
                });
                f
            })
    }

    fn incident() -> impl Strategy<Value = Incident> {
        (
            0usize..4,
            0usize..4,
            0i64..(200 * 24 * 60),
            proptest::option::of(0i64..(3 * 24 * 60)),
            proptest::option::of(0i64..(20 * 24 * 60)),
            proptest::collection::vec(follow_up(), 0..4),
        )
            .prop_map(|(sev, cat, detected, ack, resolved, follow_ups)| {
                let detected = base() + TimeDelta::minutes(detected);
                let mut i = Incident::new("Something broke", Severity::ALL[sev], detected);
                i.category = CATEGORIES[cat].map(str::to_owned);
                i.acknowledged = ack.map(|m| detected + TimeDelta::minutes(m));
                i.resolved = resolved.map(|m| detected + TimeDelta::minutes(m));
                i.follow_ups = follow_ups;
                i
            })
    }

    proptest! {
        #[test]
        fn counts_add_up(
            incidents in proptest::collection::vec(incident(), 0..25),
            since in proptest::option::of(0i64..200),
            until in proptest::option::of(0i64..200),
        ) {
            let ids: Vec<String> = (0..incidents.len()).map(|i| format!("incident-{i:02}")).collect();
            let entries: Vec<ReportEntry<'_>> = incidents
                .iter()
                .zip(&ids)
                .map(|(i, id)| ReportEntry::new(i, id, id))
                .collect();
            let day = |d: i64| base().date_naive() + TimeDelta::days(d);
            let window = Window::new(since.map(day), until.map(day));
            let now = base() + TimeDelta::days(120);
            let r = Report::build(
                &entries,
                &Policy::default(),
                &BusinessCalendar::default(),
                now,
                window,
            );

            let in_window: Vec<&Incident> =
                incidents.iter().filter(|i| window.contains(i.detected)).collect();
            prop_assert_eq!(r.total, in_window.len());
            prop_assert_eq!(r.open + r.resolved, r.total);
            prop_assert_eq!(r.by_severity.iter().map(|(_, s)| s.count).sum::<usize>(), r.total);
            prop_assert_eq!(r.by_severity.iter().map(|(_, s)| s.open).sum::<usize>(), r.open);
            prop_assert_eq!(
                r.by_severity.iter().map(|(_, s)| s.response.total()).sum::<usize>(),
                r.total
            );
            prop_assert_eq!(r.by_category.values().sum::<usize>(), r.total);
            prop_assert_eq!(r.by_month.values().sum::<usize>(), r.total);
            prop_assert_eq!(r.series.buckets.iter().map(|b| b.counts.total()).sum::<usize>(), r.total);
            prop_assert!(r.series.buckets.windows(2).all(|w| w[0].start < w[1].start));
            prop_assert_eq!(r.response.total(), r.total);
            let by = r.response.met_by;
            prop_assert_eq!(by.acknowledged + by.mitigated + by.resolved, r.response.met);
            prop_assert_eq!(
                r.time_to_resolve.map_or(0, |d| d.count),
                r.by_severity.iter().map(|(_, s)| s.time_to_resolve.map_or(0, |d| d.count)).sum::<usize>()
            );
            prop_assert_eq!(r.open_incidents.len(), r.open);
            prop_assert!(r.owed.iter().all(|o| !o.findings.is_empty()));
            for (level, s) in r.by_severity.iter() {
                prop_assert_eq!(s.response.total(), s.count);
                let acked = in_window
                    .iter()
                    .filter(|i| i.severity == level && i.acknowledged.is_some())
                    .count();
                prop_assert_eq!(s.time_to_acknowledge.map_or(0, |d| d.count), acked);
                prop_assert_eq!(s.time_to_resolve.map_or(0, |d| d.count), s.resolved());
                if let Some(d) = s.time_to_resolve {
                    prop_assert!(d.median_seconds <= d.p90_seconds && d.p90_seconds <= d.max_seconds);
                }
            }

            let f = &r.follow_ups;
            let all: usize = in_window.iter().map(|i| i.follow_ups.len()).sum();
            prop_assert_eq!(f.open + f.done, all);
            prop_assert!(f.overdue <= f.open);
            prop_assert_eq!(f.by_owner.values().map(|o| o.open).sum::<usize>(), f.open);
            prop_assert_eq!(f.by_owner.values().map(|o| o.done).sum::<usize>(), f.done);
            prop_assert_eq!(f.by_owner.values().map(|o| o.overdue).sum::<usize>(), f.overdue);
            prop_assert_eq!(f.oldest_overdue.len(), f.overdue.min(OLDEST_OVERDUE_LIMIT));
            prop_assert!(f.oldest_overdue.windows(2).all(|w| w[0].due <= w[1].due));
        }
    }
}
