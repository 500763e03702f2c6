//! Response times, as the severity table's "Response Time" column writes them.

use std::fmt;

use chrono::TimeDelta;

use crate::Error;
use crate::time::parse_duration;

/// How soon an incident of some severity must get a response.
///
/// Parsed from the forms a team writes in its severity table and printed back in one canonical
/// form:
///
/// | written | parsed | printed |
/// |---|---|---|
/// | `Immediate escalation`, `Immediate`, `Immediately` | `Immediate` | `Immediate escalation` |
/// | `< 15 minutes`, `< 30 min`, `<= 1h`, `within 2 hours`, `under 4 hrs` | `Within(d)` | `< 15 minutes`, `< 1 hour`, `< 2 hours` |
/// | `Next business day`, `1 business day`, `2 working days` | `BusinessDays(n)` | `Next business day`, `2 business days` |
///
/// ```
/// use incident_core::ResponseTime;
/// let rt: ResponseTime = "within 2 hours".parse().unwrap();
/// assert_eq!(rt.to_string(), "< 2 hours");
/// assert!("soonish".parse::<ResponseTime>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResponseTime {
    /// Escalate at once (a short grace applies; see [`crate::BusinessCalendar`]).
    Immediate,
    /// Respond within this much wall-clock time, around the clock.
    Within(TimeDelta),
    /// Respond by the end of the n-th working day after the day of detection.
    BusinessDays(u32),
}

impl ResponseTime {
    /// The seed's default for a severity.
    pub fn default_for(level: crate::Severity) -> ResponseTime {
        use crate::Severity::*;
        match level {
            Critical => ResponseTime::Immediate,
            High => ResponseTime::Within(TimeDelta::minutes(15)),
            Medium => ResponseTime::Within(TimeDelta::hours(1)),
            Low => ResponseTime::BusinessDays(1),
        }
    }
}

impl fmt::Display for ResponseTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ResponseTime::Immediate => f.write_str("Immediate escalation"),
            ResponseTime::Within(d) => write!(f, "< {}", format_duration_words(d)),
            ResponseTime::BusinessDays(1) => f.write_str("Next business day"),
            ResponseTime::BusinessDays(n) => write!(f, "{n} business days"),
        }
    }
}

impl std::str::FromStr for ResponseTime {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let unknown = || Error::UnknownResponseTime { text: s.to_owned() };
        let text = s.trim().trim_matches('`').trim().to_ascii_lowercase();
        let text = text.trim_end_matches('.');
        if matches!(
            text,
            "immediate" | "immediately" | "immediate escalation" | "escalate immediately"
        ) {
            return Ok(ResponseTime::Immediate);
        }
        if text == "next business day" || text == "next working day" {
            return Ok(ResponseTime::BusinessDays(1));
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        if let [n, "business" | "working", "day" | "days"] = words.as_slice() {
            let n: u32 = n.parse().map_err(|_| unknown())?;
            return if n == 0 {
                Err(unknown())
            } else {
                Ok(ResponseTime::BusinessDays(n))
            };
        }
        // `< 15 minutes`, `within 1 hour`, or the duration alone (`10 minutes` in a column
        // of response times is the time to respond within).
        let rest = ["<=", "≤", "<", "within", "under", "in"]
            .iter()
            .find_map(|p| text.strip_prefix(p))
            .or_else(|| {
                text.starts_with(|c: char| c.is_ascii_digit())
                    .then_some(text)
            })
            .ok_or_else(unknown)?;
        let d = parse_duration(rest).map_err(|_| unknown())?;
        if d <= TimeDelta::zero() {
            return Err(unknown());
        }
        Ok(ResponseTime::Within(d))
    }
}

/// Prints a duration in the largest whole unit: `15 minutes`, `1 hour`, `90 seconds`.
pub fn format_duration_words(d: TimeDelta) -> String {
    let s = d.num_seconds();
    let (n, unit) = if s != 0 && s % 86_400 == 0 {
        (s / 86_400, "day")
    } else if s != 0 && s % 3600 == 0 {
        (s / 3600, "hour")
    } else if s % 60 == 0 {
        (s / 60, "minute")
    } else {
        (s, "second")
    };
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_every_form_a_team_writes() {
        let cases = [
            ("Immediate escalation", ResponseTime::Immediate),
            ("< 15 minutes", ResponseTime::Within(TimeDelta::minutes(15))),
            ("< 1 hour", ResponseTime::Within(TimeDelta::hours(1))),
            ("< 4 hours", ResponseTime::Within(TimeDelta::hours(4))),
            ("< 30 min", ResponseTime::Within(TimeDelta::minutes(30))),
            ("within 2 hours", ResponseTime::Within(TimeDelta::hours(2))),
            ("Next business day", ResponseTime::BusinessDays(1)),
            ("2 business days", ResponseTime::BusinessDays(2)),
            ("`<1h`", ResponseTime::Within(TimeDelta::hours(1))),
            // The duration alone, in a column of response times.
            ("10 minutes", ResponseTime::Within(TimeDelta::minutes(10))),
            ("4 hours", ResponseTime::Within(TimeDelta::hours(4))),
        ];
        for (text, want) in cases {
            assert_eq!(text.parse::<ResponseTime>(), Ok(want), "{text}");
        }
    }

    #[test]
    fn canonical_text() {
        assert_eq!(ResponseTime::Immediate.to_string(), "Immediate escalation");
        assert_eq!(
            ResponseTime::Within(TimeDelta::minutes(15)).to_string(),
            "< 15 minutes"
        );
        assert_eq!(
            ResponseTime::Within(TimeDelta::hours(1)).to_string(),
            "< 1 hour"
        );
        assert_eq!(
            ResponseTime::BusinessDays(1).to_string(),
            "Next business day"
        );
        assert_eq!(ResponseTime::BusinessDays(3).to_string(), "3 business days");
    }

    #[test]
    fn unknown_forms_name_the_text() {
        for text in [
            "soon",
            "< 0 minutes",
            "0 business days",
            "< 15 fortnights",
            "0 minutes",
            "15",
            "",
        ] {
            let err = text.parse::<ResponseTime>().unwrap_err();
            assert_eq!(err, Error::UnknownResponseTime { text: text.into() });
            assert!(err.to_string().contains(&format!("`{text}`")));
        }
    }

    fn response_time() -> impl Strategy<Value = ResponseTime> {
        prop_oneof![
            Just(ResponseTime::Immediate),
            (1i64..100_000).prop_map(|s| ResponseTime::Within(TimeDelta::seconds(s))),
            (1u32..30).prop_map(ResponseTime::BusinessDays),
        ]
    }

    proptest! {
        #[test]
        fn display_parses_back(rt in response_time()) {
            prop_assert_eq!(rt.to_string().parse::<ResponseTime>(), Ok(rt));
        }
    }
}
