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
    // `~~MEDIUM~~ HIGH`: a struck-out level is the one it was, not the one it is.
    let unstruck = without_strikethrough(t);
    let t = unstruck.trim();
    if t.is_empty() {
        return None;
    }
    Some(match Severity::read_lenient(t) {
        Some(s) => SeverityValue::Known(s),
        None => SeverityValue::Unknown(t.to_owned()),
    })
}

/// `text` without its `~~struck~~` spans (an unclosed `~~` is kept as written).
pub(super) fn without_strikethrough(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("~~") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("~~") {
        let Some(close) = rest[open + 2..].find("~~") else {
            break;
        };
        out.push_str(&rest[..open]);
        rest = &rest[open + 2 + close + 2..];
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_struck_out_level_is_not_the_level() {
        assert_eq!(
            read_severity("~~MEDIUM~~ HIGH"),
            Some(SeverityValue::Known(Severity::High))
        );
        assert_eq!(
            read_severity("HIGH ~~(was LOW)~~"),
            Some(SeverityValue::Known(Severity::High))
        );
        assert_eq!(
            read_severity("~~LOW~~"),
            None,
            "nothing is left but the struck level"
        );
        assert_eq!(
            read_severity("~~ HIGH"),
            Some(SeverityValue::Known(Severity::High))
        );
    }

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
