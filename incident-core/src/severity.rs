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
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
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

    /// Reads a severity the way teams write it, or `None` when the text names no level.
    ///
    /// Accepts the four levels in any case, `P0`–`P4`, `SEV0`–`SEV4` (also `SEV-1`, `Sev 1`),
    /// `Major`, `Moderate` and `Minor`, with a leading emoji or markup and a note after the word
    /// (`High (local development blocked)`, `Major. Search was read-only`). `P0`/`SEV0` are
    /// critical, `P1`/`SEV1`/`Major` high, `P2`/`SEV2`/`Moderate` medium, `P3`, `P4`, `SEV3`,
    /// `SEV4` and `Minor` low. `unknown`, `?` and anything else give `None`: a caller reports
    /// the text rather than guessing.
    ///
    /// ```
    /// use incident_core::Severity;
    /// assert_eq!(Severity::read_lenient("SEV-1"), Some(Severity::High));
    /// assert_eq!(Severity::read_lenient("🔴 Critical"), Some(Severity::Critical));
    /// assert_eq!(Severity::read_lenient("High (local development blocked)"), Some(Severity::High));
    /// assert_eq!(Severity::read_lenient("P4"), Some(Severity::Low));
    /// assert_eq!(Severity::read_lenient("unknown"), None);
    /// ```
    pub fn read_lenient(text: &str) -> Option<Severity> {
        let t = text.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
        let word_end = t
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(t.len());
        let word = t[..word_end].to_ascii_lowercase();
        // `SEV-1` and `Sev 1`: the number may follow a hyphen or a space.
        let rest = &t[word_end..];
        let number = |prefix: &str| -> Option<u32> {
            let digits = word.strip_prefix(prefix)?;
            if !digits.is_empty() {
                return digits.parse().ok();
            }
            let r = rest.strip_prefix(['-', ' '])?;
            let end = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(r.len());
            r[..end].parse().ok()
        };
        let by_number = |n: u32| match n {
            0 => Some(Severity::Critical),
            1 => Some(Severity::High),
            2 => Some(Severity::Medium),
            3 | 4 => Some(Severity::Low),
            _ => None,
        };
        match word.as_str() {
            "critical" => Some(Severity::Critical),
            "high" | "major" => Some(Severity::High),
            "medium" | "moderate" => Some(Severity::Medium),
            "low" | "minor" => Some(Severity::Low),
            w if w.starts_with("sev") => number("sev").and_then(by_number),
            w if w.starts_with('p') => number("p").and_then(by_number),
            _ => None,
        }
    }

    /// The level's number in the `SEV-n` and `Pn` schemes: 0 critical, 1 high, 2 medium,
    /// 3 low (what [`read_lenient`](Self::read_lenient) reads back).
    ///
    /// ```
    /// use incident_core::Severity;
    /// for s in Severity::ALL {
    ///     assert_eq!(Severity::read_lenient(&format!("SEV-{}", s.number())), Some(s));
    /// }
    /// ```
    pub fn number(self) -> u8 {
        match self {
            Severity::Critical => 0,
            Severity::High => 1,
            Severity::Medium => 2,
            Severity::Low => 3,
        }
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

/// Read as its text form, in any case (`"high"`, `"High"`, `"HIGH"`), as `FromStr` does.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Severity {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        text.parse().map_err(|_| {
            serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&text),
                &"one of LOW, MEDIUM, HIGH, CRITICAL (in any case)",
            )
        })
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

    #[test]
    fn lenient_reading_maps_team_vocabularies() {
        let cases = [
            ("P0", Some(Severity::Critical)),
            ("SEV0", Some(Severity::Critical)),
            ("sev-0", Some(Severity::Critical)),
            ("CRITICAL", Some(Severity::Critical)),
            ("P1", Some(Severity::High)),
            ("SEV 1", Some(Severity::High)),
            ("Major. Search was read-only", Some(Severity::High)),
            ("🟠 High", Some(Severity::High)),
            ("**High** (note)", Some(Severity::High)),
            ("P2", Some(Severity::Medium)),
            ("Moderate", Some(Severity::Medium)),
            ("🟡 medium", Some(Severity::Medium)),
            ("P3", Some(Severity::Low)),
            ("P4", Some(Severity::Low)),
            ("SEV-4", Some(Severity::Low)),
            ("Minor", Some(Severity::Low)),
            ("unknown", None),
            ("?", None),
            ("P5", None),
            ("Primary", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(Severity::read_lenient(text), want, "{text}");
        }
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
