//! Severity levels, ordered by urgency.

use crate::Error;

/// How bad an incident is: one of the four levels of the log's severity table.
///
/// The text forms are exactly those of the table (`CRITICAL`, `HIGH`, `MEDIUM`, `LOW`); parsing
/// ignores ASCII case and surrounding whitespace. Ordering follows urgency: `Low < Medium < High <
/// Critical`, so `max()` over a set of incidents is the most urgent one.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[strum(serialize_all = "UPPERCASE")]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "UPPERCASE"))]
pub enum Severity {
    /// Cosmetic, documentation, minor inconvenience.
    Low,
    /// Minor impact, workarounds available.
    Medium,
    /// Major feature impacted, degraded performance.
    High,
    /// Production down, data loss risk, security breach.
    Critical,
}

impl Severity {
    /// All levels in the order the log's table lists them: most urgent first.
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    /// The level's definition as the template's severity table words it.
    pub fn definition(self) -> &'static str {
        match self {
            Severity::Critical => "Production down, data loss risk, security breach",
            Severity::High => "Major feature impacted, degraded performance",
            Severity::Medium => "Minor impact, workarounds available",
            Severity::Low => "Cosmetic, documentation, minor inconvenience",
        }
    }

    /// The level's text form, as in the table (`"HIGH"`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Whether post-incident requirements ask for an incident review at this level.
    pub fn needs_review(self) -> bool {
        self >= Severity::High
    }
}

impl std::str::FromStr for Severity {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Severity::ALL
            .into_iter()
            .find(|level| level.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| Error::UnknownSeverity { text: s.to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_any_case_and_orders_by_urgency() {
        assert_eq!("high".parse::<Severity>(), Ok(Severity::High));
        assert_eq!(" Critical ".parse::<Severity>(), Ok(Severity::Critical));
        assert!(Severity::Critical > Severity::High && Severity::Medium > Severity::Low);
        let err = "SEV1".parse::<Severity>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown severity `SEV1` (expected CRITICAL, HIGH, MEDIUM or LOW)"
        );
    }

    proptest! {
        #[test]
        fn text_round_trips(i in 0usize..4, upper in any::<bool>()) {
            let level = Severity::ALL[i];
            let text = if upper { level.to_string() } else { level.to_string().to_lowercase() };
            prop_assert_eq!(text.parse::<Severity>(), Ok(level));
            prop_assert_eq!(level.to_string(), level.as_str());
        }
    }
}
