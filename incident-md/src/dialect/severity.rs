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

/// `given`, a word of a numbered scale (`sev3`, `P2`), spelled as `own` spells that scale
/// (`SEV-4` gives `SEV-3`): `None` when `given` is not such a word or `own` is of another
/// scale. The word a user gives is the one meant: `SEV3` and `SEV4` are both LOW, and writing
/// the log's first word for the level would turn one into the other.
pub(crate) fn respell(own: &str, given: &str) -> Option<String> {
    let (own_letters, own_sep, _) = numbered(own.trim())?;
    let (letters, _, digits) = numbered(given.trim()).filter(|(_, _, d)| !d.is_empty())?;
    letters
        .eq_ignore_ascii_case(own_letters)
        .then(|| format!("{own_letters}{own_sep}{digits}"))
}

/// A word of a numbered scale split as letters, separator (`-`, ` ` or none) and digits; the
/// digits are empty when the text goes on after the letters without a number.
fn numbered(text: &str) -> Option<(&str, &str, &str)> {
    let letters_end = text
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let letters = &text[..letters_end];
    if letters.is_empty() {
        return None;
    }
    let rest = &text[letters_end..];
    let sep = if rest.starts_with(['-', ' ']) {
        &rest[..1]
    } else {
        ""
    };
    let rest = &rest[sep.len()..];
    let digits_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    if digits_end == 0 {
        return None;
    }
    Some((letters, sep, &rest[..digits_end]))
}

#[cfg(test)]
mod respell_tests {
    use super::respell;

    #[test]
    fn a_word_of_the_logs_scale_is_kept_in_its_spelling() {
        assert_eq!(respell("SEV4", "SEV3").as_deref(), Some("SEV3"));
        assert_eq!(respell("SEV-4", "sev3").as_deref(), Some("SEV-3"));
        assert_eq!(respell("P3 (minor)", "p4").as_deref(), Some("P4"));
        assert_eq!(respell("SEV4", "P3"), None);
        assert_eq!(respell("Low", "SEV3"), None);
        assert_eq!(respell("SEV4", "LOW"), None);
    }
}
