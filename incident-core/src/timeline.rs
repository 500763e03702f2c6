//! The timeline of an incident: what happened when, one item a line, kept in time order.

use chrono::{DateTime, Utc};

use crate::{Error, Incident, ResponseEvent, WrittenTime, format_timestamp};

/// One timeline item, written `- 2026-03-02T10:12:00Z — text`.
///
/// ```
/// use incident_core::TimelineItem;
/// let item: TimelineItem = "2026-03-02T10:12:00Z — Rolled back the deploy".parse().unwrap();
/// assert_eq!(item.text, "Rolled back the deploy");
/// assert_eq!(item.to_string(), "2026-03-02T10:12:00Z — Rolled back the deploy");
/// // A hyphen or a colon also separates the time from the text when read.
/// assert_eq!("2026-03-02T10:12:00Z - Paged".parse::<TimelineItem>().unwrap().text, "Paged");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct TimelineItem {
    /// When it happened (event time, not the time it was written down).
    pub at: DateTime<Utc>,
    /// What happened.
    pub text: String,
}

/// The separator written between an item's time and its text.
pub const TIMELINE_SEPARATOR: &str = " — ";

impl TimelineItem {
    /// An item at a time with a text.
    pub fn new(at: DateTime<Utc>, text: impl Into<String>) -> Self {
        TimelineItem {
            at,
            text: text.into(),
        }
    }
}

impl std::fmt::Display for TimelineItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}{TIMELINE_SEPARATOR}{}",
            format_timestamp(self.at),
            self.text
        )
    }
}

impl std::str::FromStr for TimelineItem {
    type Err = Error;

    /// Reads `TIME — text` (also `TIME - text`, `TIME: text` or `TIME text`); a time without
    /// an offset is UTC ([`TimelineItem::parse_in`] reads it in a zone).
    fn from_str(s: &str) -> Result<Self, Error> {
        TimelineItem::parse_in(s, chrono_tz::UTC)
    }
}

impl TimelineItem {
    /// Reads an item as [`FromStr`](std::str::FromStr) does, a time without an offset being
    /// local to `zone` ([`WrittenTime::in_zone`]).
    ///
    /// ```
    /// use incident_core::TimelineItem;
    /// let item = TimelineItem::parse_in("2026-03-02T10:12 — Paged", chrono_tz::Europe::Berlin);
    /// assert_eq!(item.unwrap().at.to_rfc3339(), "2026-03-02T09:12:00+00:00");
    /// ```
    pub fn parse_in(s: &str, zone: chrono_tz::Tz) -> Result<Self, Error> {
        let s = s.trim();
        let (time, rest) = s.split_once(char::is_whitespace).unwrap_or((s, ""));
        // `2026-03-02T10:12:00Z:` keeps its trailing colon off the time.
        let time = time.strip_suffix(':').unwrap_or(time);
        let at = time.parse::<WrittenTime>()?.in_zone(zone)?;
        let rest = rest.trim_start();
        let text = ["—", "–", "-", ":"]
            .iter()
            .find_map(|sep| rest.strip_prefix(sep))
            .unwrap_or(rest)
            .trim();
        Ok(TimelineItem::new(at, text))
    }
}

impl TimelineItem {
    /// The response this item records, told by its first word (`Acknowledged by @dana`, `Ack'd`,
    /// `Mitigated: rolled back`, `Resolved`, which is also what the lifecycle steps write), or
    /// its second after a handle or the thing responded to (`@dana acknowledged`, `Page acked
    /// by @dana`). Anything else is no response: `Reopened (was resolved …)`, `Waiting for an
    /// ack`, `Not acknowledged`.
    ///
    /// ```
    /// use incident_core::{ResponseEvent, TimelineItem};
    /// let event = |text: &str| "2026-03-02T10:12:00Z".parse::<TimelineItem>().map(|mut i| {
    ///     i.text = text.to_owned();
    ///     i.response_event()
    /// }).unwrap();
    /// assert_eq!(event("acknowledged by @dana"), Some(ResponseEvent::Acknowledged));
    /// assert_eq!(event("@dana ack'd the page"), Some(ResponseEvent::Acknowledged));
    /// assert_eq!(event("**Mitigated:** rolled back"), Some(ResponseEvent::Mitigated));
    /// assert_eq!(event("Reopened (was resolved 2026-03-02T11:00:00Z)"), None);
    /// assert_eq!(event("Page not acknowledged"), None);
    /// ```
    pub fn response_event(&self) -> Option<ResponseEvent> {
        let mut words = self.text.split_whitespace().map(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '@');
            w.chars()
                .filter(|c| *c != '\'' && *c != '’')
                .flat_map(char::to_lowercase)
                .collect::<String>()
        });
        let event = |word: &str| match word {
            "acknowledged" | "acked" | "ackd" | "ack" | "acknowledges" => {
                Some(ResponseEvent::Acknowledged)
            }
            "mitigated" => Some(ResponseEvent::Mitigated),
            "resolved" => Some(ResponseEvent::Resolved),
            _ => None,
        };
        let first = words.next()?;
        if let Some(e) = event(&first) {
            return Some(e);
        }
        let responder = first.starts_with('@')
            || matches!(
                first.as_str(),
                "page" | "pages" | "alert" | "alerts" | "incident" | "oncall" | "on-call"
            );
        if responder {
            event(&words.next()?)
        } else {
            None
        }
    }
}

impl Incident {
    /// When the timeline says `event` happened first (at or after detection), for an entry
    /// whose field for it is not written.
    pub(crate) fn timeline_event(&self, event: ResponseEvent) -> Option<DateTime<Utc>> {
        self.timeline
            .iter()
            .filter(|i| i.at >= self.detected && i.response_event() == Some(event))
            .map(|i| i.at)
            .min()
    }

    /// Adds an item to the timeline in time order (after the items of the same time), so a
    /// backdated item lands where it belongs.
    pub fn add_timeline_item(&mut self, item: TimelineItem) {
        let at = self.timeline.partition_point(|i| i.at <= item.at);
        self.timeline.insert(at, item);
    }

    /// Whether the timeline is in time order.
    pub fn timeline_in_order(&self) -> bool {
        self.timeline.windows(2).all(|w| w[0].at <= w[1].at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;
    use chrono::{TimeDelta, TimeZone};

    #[test]
    fn items_are_kept_in_time_order() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
        let mut i = Incident::new("x", Severity::Low, t0);
        i.add_timeline_item(TimelineItem::new(t0 + TimeDelta::minutes(10), "b"));
        i.add_timeline_item(TimelineItem::new(t0, "a"));
        i.add_timeline_item(TimelineItem::new(t0 + TimeDelta::minutes(10), "c"));
        let texts: Vec<&str> = i.timeline.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["a", "b", "c"]);
        assert!(i.timeline_in_order());
    }

    #[test]
    fn reading_items() {
        let item: TimelineItem = "2026-03-02T10:12:00Z: paged".parse().unwrap();
        assert_eq!(item.text, "paged");
        assert!("yesterday — paged".parse::<TimelineItem>().is_err());
        let round: TimelineItem = item.to_string().parse().unwrap();
        assert_eq!(round, item);
    }
}
