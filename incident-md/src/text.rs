//! Small text forms shared by the readers, the writers and the CLI, each implemented once:
//! joining lines into one, `[text](target)` links, and a word in the case of the file's.

use incident_core::RelatedLog;
use incident_core::lines::TrimWs as _;
/// Whether `who` is a handle-like name written without `@` (`ana`, `mei.lin`, `ops-team`): one
/// word of ASCII letters, digits, `-`, `_` and `.`. What the readers take for an owner in an
/// owner's place, and what the writers keep without `@`.
pub(crate) fn is_handle(who: &str) -> bool {
    !who.is_empty()
        && who
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// An owner as teams write one with a note after it (`Zoë (SRE)`, `alice (on-call)`): the
/// name before the parentheses; `None` when there is no such note or no name before it.
pub(crate) fn owner_before_note(owner: &str) -> Option<&str> {
    let t = owner.trim();
    let open = t.strip_suffix(')')?.rfind(" (")?;
    let name = t[..open].trim().trim_start_matches('@');
    let words = name.split_whitespace().count();
    (!name.is_empty() && words <= 3 && !t[open + 2..].contains('(') && !name.contains(['(', ')']))
        .then_some(name)
}

/// Text as one line: line breaks (any of `\n`, `\r\n`, `\r`) and the spaces around them become
/// one space; blank lines are dropped.
///
/// ```
/// assert_eq!(incident_md::text::one_line(" a\r\n  b\n\nc "), "a b c");
/// ```
pub fn one_line(text: &str) -> String {
    // Most texts are one line already: no list of pieces to join.
    if !text.contains(['\n', '\r']) {
        return text.trim_ws().to_owned();
    }
    text.split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `[text](target)` (the whole of `text`, trimmed) split into its label and target, both as
/// written: the label's escapes are not resolved, and a target in `<…>` loses the brackets. An
/// escaped `\](` does not end the label.
///
/// ```
/// use incident_md::text::split_link;
/// assert_eq!(split_link("[run 4](LOGS.md#run-4)"), Some(("run 4", "LOGS.md#run-4")));
/// assert_eq!(split_link("[a b](<my file.md>)"), Some(("a b", "my file.md")));
/// assert_eq!(split_link("just text"), None);
/// ```
pub fn split_link(text: &str) -> Option<(&str, &str)> {
    let rest = text.trim_ws().strip_prefix('[')?;
    let close = find_unescaped(rest, "](")?;
    let target = rest[close + 2..].strip_suffix(')')?.trim_ws();
    let target = target
        .strip_prefix('<')
        .and_then(|x| x.strip_suffix('>'))
        .unwrap_or(target);
    Some((&rest[..close], target))
}

/// A related log from one line of plain (not markdown-escaped) text, as a person types it:
/// `[text](target)` is a link, anything else text; a leading list marker (`- `) is dropped.
pub fn related_log_from_line(line: &str) -> RelatedLog {
    let t = line.trim_ws();
    let t = t
        .strip_prefix(['-', '*', '+'])
        .filter(|r| r.starts_with(' '))
        .map_or(t, str::trim_start);
    match split_link(t) {
        Some((label, target)) => RelatedLog::new(label, Some(target.to_owned())),
        None => RelatedLog::new(t, None),
    }
}

/// The first `pat` in `text` that is not escaped by a backslash.
pub(crate) fn find_unescaped(text: &str, pat: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = text[from..].find(pat) {
        let at = from + p;
        let slashes = text[..at].bytes().rev().take_while(|b| *b == b'\\').count();
        if slashes % 2 == 0 {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// `word` (lowercase) in the case `sample` is written in: `HIGH` → `LOW`, `High` → `Low`,
/// `high` → `low` (a sample with no letters leaves it as it is).
pub(crate) fn in_case_of(word: &str, sample: &str) -> String {
    let sample = sample.trim_ws();
    if !sample.starts_with(char::is_uppercase) {
        return word.to_owned();
    }
    if !sample.chars().any(char::is_lowercase) {
        return word.to_uppercase();
    }
    with_leading_capital(word)
}

/// `text` with its first letter a capital when `sample` starts with one (`cancelled — dup` →
/// `Cancelled — dup` beside `Resolved`); the rest of it as it is.
pub(crate) fn with_leading_capital_of(text: &str, sample: &str) -> String {
    if sample.trim_ws().starts_with(char::is_uppercase) {
        with_leading_capital(text)
    } else {
        text.to_owned()
    }
}

fn with_leading_capital(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// A timeline item as logs write one, `TIME — text`: the seed's RFC 3339 form
/// (`2026-03-02T10:12:00Z — paged`) or a team's (`2026-03-04 09:20 UTC — paged`,
/// `2026-03-04 09:20: paged`), a time without an offset read in `zone`. `None` when the text
/// does not start with a time the log's reader would take for one.
///
/// ```
/// let item = incident_md::text::timeline_item("2026-03-04 09:20 UTC — paged on-call", chrono_tz::UTC).unwrap();
/// assert_eq!(item.at.to_rfc3339(), "2026-03-04T09:20:00+00:00");
/// assert_eq!(item.text, "paged on-call");
/// assert!(incident_md::text::timeline_item("paged on-call", chrono_tz::UTC).is_none());
/// ```
pub fn timeline_item(text: &str, zone: chrono_tz::Tz) -> Option<incident_core::TimelineItem> {
    let t = text.trim();
    incident_core::TimelineItem::parse_in(t, zone)
        .ok()
        .or_else(|| crate::view::incident::read_team_timeline_item(t, zone).map(|(item, _)| item))
        .filter(|item| !item.text.trim().is_empty())
}

#[cfg(test)]
mod case_tests {
    use super::{in_case_of, with_leading_capital_of};

    #[test]
    fn words_take_the_case_of_the_sample() {
        assert_eq!(in_case_of("reopened", "RESOLVED"), "REOPENED");
        assert_eq!(in_case_of("reopened", "Resolved"), "Reopened");
        assert_eq!(in_case_of("reopened", "resolved"), "reopened");
        assert_eq!(in_case_of("yes", "✅"), "yes");
        assert_eq!(
            with_leading_capital_of("cancelled — dup page", "OPEN"),
            "Cancelled — dup page"
        );
        assert_eq!(with_leading_capital_of("cancelled", "open"), "cancelled");
    }
}
