//! Severity values as written: a level, or text that names none (reported, never guessed).

use incident_core::Severity;

/// A severity value read from an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeverityValue {
    /// A level [`Severity::read_lenient`] recognises.
    Known(Severity),
    /// Text that names no level (`unknown`, `?`, `Sev A`), as written.
    Unknown(String),
}

/// Reads a severity value; `None` for an empty value.
pub fn read_severity(text: &str) -> Option<SeverityValue> {
    let t = text.lines().next().unwrap_or("").trim();
    if t.is_empty() {
        return None;
    }
    Some(match Severity::read_lenient(t) {
        Some(s) => SeverityValue::Known(s),
        None => SeverityValue::Unknown(t.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_are_kept_as_written() {
        assert_eq!(
            read_severity("🟠 High\nmore"),
            Some(SeverityValue::Known(Severity::High))
        );
        assert_eq!(
            read_severity("?"),
            Some(SeverityValue::Unknown("?".to_owned()))
        );
        assert_eq!(read_severity("  "), None);
    }
}
