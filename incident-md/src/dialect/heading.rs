//! Entry headings: the parts a heading carries (ID or number, date, group, severity) and the
//! title that is left.

use std::ops::Range;

use incident_core::Severity;

use super::dates::{When, read_when};

/// One recognised part of an entry heading.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Part {
    /// `Incident:` (the seed's prefix).
    IncidentPrefix,
    /// `Incident 4`: a running number.
    Number(u32),
    /// `Incident B`: a running letter (`A` to `Z`), which some reports number by.
    Letter(char),
    /// `INCIDENT-008`, `INC-2025-01-29`, `SEC-2026-004`: a written ID.
    Id(String),
    /// A date or timestamp.
    Date(When),
    /// `[gitops/argocd]`, or a middle part of a multi-part heading (`ledger – Data`).
    Group(String),
    /// `SEV-1`, `P2`: a severity written in the heading.
    Severity(Severity),
}

/// What a heading says, part by part.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HeadingParts {
    /// The parts before the title, in order.
    pub parts: Vec<Part>,
    /// The title's byte range within the heading text.
    pub title: Range<usize>,
    /// The heading's shape with placeholders (`{id}: {title}`, `[{date}] {title}`).
    pub pattern: String,
}

impl HeadingParts {
    /// Whether a part marks the heading as an entry (anything but a bare title).
    pub fn is_entry_like(&self) -> bool {
        !self.parts.is_empty()
    }

    /// The first date part.
    pub fn date(&self) -> Option<&When> {
        self.parts.iter().find_map(|p| match p {
            Part::Date(w) => Some(w),
            _ => None,
        })
    }

    /// The written ID or number.
    pub fn id(&self) -> Option<String> {
        self.parts.iter().find_map(|p| match p {
            Part::Id(s) => Some(s.clone()),
            Part::Number(n) => Some(n.to_string()),
            Part::Letter(c) => Some(c.to_string()),
            _ => None,
        })
    }

    /// The severity written in the heading.
    pub fn severity(&self) -> Option<Severity> {
        self.parts.iter().find_map(|p| match p {
            Part::Severity(s) => Some(*s),
            _ => None,
        })
    }
}

/// Separators between heading parts, longest first.
const SEPARATORS: [&str; 8] = [" — ", " – ", " - ", " | ", " · ", " • ", ": ", " "];

/// `INCIDENT-008`, `INC-2025-01-29`, `SEC-2026-004`, `INC-0419`: letters, a hyphen, and a
/// rest with a digit.
pub fn is_id(t: &str) -> bool {
    let Some((prefix, rest)) = t.split_once('-') else {
        return false;
    };
    (2..=10).contains(&prefix.len())
        && prefix.chars().all(|c| c.is_ascii_uppercase())
        && rest.chars().any(|c| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !prefix.starts_with("SEV")
}

/// An ID followed by a space and the title (`INC-2026-008 Search index stale`), when the ID
/// cannot be the title's first word: its number has two groups (`INC-2026-008`), a leading
/// zero (`INC-0419`) or four digits or more (`OPS-1234`). `HTTP-500 errors` and `INC-42 Foo`
/// keep their first word, as a title like that would.
fn spaced_id(rest: &str) -> Option<&str> {
    spaced(rest, strong_id)
}

/// A day followed by a space and the title (`2026-11-26 Kafka consumer lag`): the date part,
/// as with a dash after it.
fn spaced_day(rest: &str) -> Option<&str> {
    spaced(rest, |t| {
        t.len() == 10 && incident_core::parse_date(t).is_ok()
    })
}

/// The first word of `rest` when `part` accepts it and a title follows it after a space.
fn spaced(rest: &str, part: impl Fn(&str) -> bool) -> Option<&str> {
    let (token, after) = rest.split_once(' ')?;
    if after.trim().is_empty() || !part(token) {
        return None;
    }
    match next_separator(rest) {
        // A separator right after the part (`INC-0419 - Ceph`) is read with it, as before.
        Some((at, _)) if at == token.len() => None,
        _ => Some(token),
    }
}

/// An ID's number that no word of a title has: two groups, a leading zero, or 4+ digits.
fn strong_id(id: &str) -> bool {
    if !is_id(id) {
        return false;
    }
    let number = id.split_once('-').map_or("", |(_, n)| n);
    let digits = number.bytes().filter(u8::is_ascii_digit).count();
    number.contains('-') || number.starts_with('0') || digits >= 4
}

/// A severity token standing alone (`SEV-1`, `P2`, `Critical`), perhaps after a symbol
/// (`🔴 SEV1`).
fn severity_token(t: &str) -> Option<Severity> {
    let word = t
        .trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_start();
    if word.contains(' ') || word.len() > 8 {
        return None;
    }
    Severity::read_lenient(word)
}

/// A part that is a date and nothing else (not a title that starts with a number). A
/// template's placeholder date (`YYYY-MM-DD`) is a date part too, of no certain day.
fn date_part(t: &str) -> Option<When> {
    if t.starts_with("YYYY-MM-DD") || t == "YYYY-MM-DDTHH:MM:SSZ" {
        return Some(When::Uncertain(t.to_owned()));
    }
    // A day without its year (`Nov 28`, `28 November`): a date of no certain day (the entry's
    // fields give it), not the title's first words.
    if month_day(t) {
        return Some(When::Uncertain(t.to_owned()));
    }
    let w = read_when(t)?;
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    // A time zone or a month name is all the letters a date part has.
    (letters <= 12 && !t.contains("  ")).then_some(w)
}

/// `Nov 28`, `November 28`, `28 Nov`: a month's name or its abbreviation and a day of the
/// month, and nothing else.
pub(crate) fn month_day(t: &str) -> bool {
    let day = |w: &str| w.len() <= 2 && w.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d));
    let month = |w: &str| super::dates::month_number(w).is_some();
    let mut words = t.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some(a), Some(b), None) => (month(a) && day(b)) || (day(a) && month(b)),
        _ => false,
    }
}

/// The next separator in `rest`: (part end, separator).
fn next_separator(rest: &str) -> Option<(usize, &'static str)> {
    // A part (an ID, a date, a number, a group) is short: a separator is looked for in the
    // first bytes only, so a heading of thousands of parts costs linear time, not quadratic.
    let mut end = rest.len().min(PART_WINDOW);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    let window = &rest[..end];
    SEPARATORS
        .iter()
        .filter(|s| **s != " ")
        .filter_map(|s| window.find(s).map(|at| (at, *s)))
        .min_by_key(|(at, s)| (*at, usize::MAX - s.len()))
}

/// How far into a heading's rest a separator after a part is looked for: parts are shorter.
const PART_WINDOW: usize = 96;

/// `A` to `Z` alone (a running letter, `Incident B`).
fn running_letter(text: &str) -> Option<char> {
    match text.trim().as_bytes() {
        [b] if b.is_ascii_uppercase() => Some(char::from(*b)),
        _ => None,
    }
}

/// Whether a heading's ID is only its running number or letter (`4`, `B`): a position in the
/// report, not an ID the entry keeps.
pub(crate) fn is_running(id: &str) -> bool {
    id.chars().all(|c| c.is_ascii_digit()) || running_letter(id).is_some()
}

/// Splits an entry heading into its parts and title.
pub fn parse_heading(text: &str) -> HeadingParts {
    let mut parts = Vec::new();
    let mut pattern = String::new();
    let mut pos = text.len() - text.trim_start().len();
    // All whitespace (a vertical tab counts): then both ends meet, never cross.
    let end = text.trim_end().len().max(pos);
    let mut last_sep: Option<&'static str> = None;
    loop {
        let rest = &text[pos..end];
        if rest
            .get(..9)
            .is_some_and(|h| h.eq_ignore_ascii_case("incident:"))
        {
            parts.push(Part::IncidentPrefix);
            pattern.push_str("Incident: ");
            pos += 9;
            pos += text[pos..].len() - text[pos..].trim_start().len();
            break;
        }
        let (part, after) = if let Some(inner) = rest.strip_prefix('[') {
            let Some(close) = inner.find(']') else { break };
            (&inner[..close], 1 + close + 1)
        } else if let Some(id) = spaced_id(rest) {
            (id, id.len())
        } else if let Some(day) = spaced_day(rest) {
            (day, day.len())
        } else if let Some((at, _)) = next_separator(rest) {
            (&rest[..at], at)
        } else {
            break;
        };
        let bracketed = rest.starts_with('[');
        let (piece, shape) = if let Some(n) = part
            .strip_prefix("Incident ")
            .or_else(|| part.strip_prefix("incident "))
            .and_then(|n| n.trim().trim_start_matches('#').parse::<u32>().ok())
        {
            (Part::Number(n), "Incident {n}".to_owned())
        } else if let Some(c) = part
            .strip_prefix("Incident ")
            .or_else(|| part.strip_prefix("incident "))
            .and_then(running_letter)
        {
            (Part::Letter(c), "Incident {letter}".to_owned())
        } else if is_id(part) {
            (Part::Id(part.to_owned()), "{id}".to_owned())
        } else if let Some(w) = date_part(part) {
            (Part::Date(w), "{date}".to_owned())
        } else if let Some(s) = severity_token(part).filter(|_| {
            // First, a numbered level (`SEV1 — Title`, `🔴 P0 — Title`): a title's first word
            // is no such token, though it may be `Critical`.
            !parts.is_empty() || bracketed || part.chars().any(|c| c.is_ascii_digit())
        }) {
            (Part::Severity(s), "{severity}".to_owned())
        } else if bracketed {
            (Part::Group(part.to_owned()), "{group}".to_owned())
        } else {
            break;
        };
        parts.push(piece);
        // The separator after this part.
        let mut next = pos + after;
        let tail = &text[next..end];
        let sep = SEPARATORS
            .iter()
            .find(|s| tail.starts_with(**s))
            .copied()
            .or_else(|| tail.starts_with(':').then_some(":"));
        if bracketed {
            pattern.push_str(&format!("[{shape}]"));
        } else {
            pattern.push_str(&shape);
        }
        match sep {
            Some(s) => {
                pattern.push_str(s);
                next += s.len();
                last_sep = Some(s);
            }
            None if tail.is_empty() => {
                pos = next;
                break;
            }
            None => {
                pos = next;
                break;
            }
        }
        pos = next + (text[next..].len() - text[next..].trim_start().len());
    }
    // A heading of several parts (`date – area – type – title`): the middle parts are groups,
    // the title is the last one.
    if let Some(sep) = last_sep.filter(|s| matches!(*s, " — " | " – " | " | ")) {
        let rest = &text[pos..end];
        let pieces: Vec<&str> = rest.split(sep).collect();
        if pieces.len() >= 3 && pieces[..pieces.len() - 1].iter().all(|p| p.len() <= 24) {
            for p in &pieces[..pieces.len() - 1] {
                parts.push(Part::Group((*p).to_owned()));
                pattern.push_str("{group}");
                pattern.push_str(sep);
            }
            pos = end - pieces[pieces.len() - 1].len();
        }
    }
    // A severity tag ending the title (`Card declines (SEV-1)`, `… [P2]`) is a part, not title
    // text: a code (`SEV-1`, `P2`) always, a word (`(High)`) after other parts only.
    let mut title_end = end;
    let mut tail = String::new();
    let rest = &text[pos.min(end)..end];
    for (open, close) in [('(', ')'), ('[', ']')] {
        let Some(inner_end) = rest.strip_suffix(close).map(str::len) else {
            continue;
        };
        let Some(at) = rest[..inner_end].rfind(open) else {
            continue;
        };
        let inner = &rest[at + 1..inner_end];
        let head = rest[..at].trim_end();
        let coded = inner
            .trim_start()
            .starts_with(|c: char| c.is_ascii_alphabetic())
            && inner.bytes().any(|b| b.is_ascii_digit());
        if let Some(s) = severity_token(inner).filter(|_| !head.is_empty())
            && (coded || !parts.is_empty())
        {
            parts.push(Part::Severity(s));
            title_end = pos + head.len();
            tail = format!("{}{open}{{severity}}{close}", &rest[head.len()..at]);
            break;
        }
    }
    pattern.push_str("{title}");
    pattern.push_str(&tail);
    HeadingParts {
        parts,
        title: pos.min(title_end)..title_end,
        pattern,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(t: &str) -> (String, String) {
        let h = parse_heading(t);
        (t[h.title.clone()].to_owned(), h.pattern)
    }

    #[test]
    fn a_severity_tag_ending_the_title_is_a_part() {
        let h = parse_heading("[2026-11-18] Card authorisations declined in EU (SEV-1)");
        assert_eq!(h.severity(), Some(Severity::High));
        assert_eq!(
            title("[2026-11-18] Card authorisations declined in EU (SEV-1)"),
            (
                "Card authorisations declined in EU".to_owned(),
                "[{date}] {title} ({severity})".to_owned()
            )
        );
        assert_eq!(
            title("Login outage [P0]"),
            ("Login outage".to_owned(), "{title} [{severity}]".to_owned())
        );
        // A word is a severity after other parts only; other parentheses are title text.
        assert_eq!(title("Cache (High) hit rate").0, "Cache (High) hit rate");
        assert_eq!(title("Disk pressure (High)").0, "Disk pressure (High)");
        assert_eq!(
            title("[2026-11-18] Disk pressure (High)").1,
            "[{date}] {title} ({severity})"
        );
        assert_eq!(title("Upgrade to v2 (beta)").0, "Upgrade to v2 (beta)");
    }

    #[test]
    fn a_heading_of_unicode_whitespace_does_not_panic() {
        // `\u{b}` is whitespace to `trim`: the start and end of the text met and crossed once.
        for t in [" \u{b}", "\u{b}", " \u{a0} ", "\u{2028}"] {
            let h = parse_heading(t);
            assert!(t.get(h.title.clone()).is_some(), "{t:?}");
        }
        let doc: crate::Document = "\n ## \u{b}\n".parse().unwrap();
        assert_eq!(doc.to_string(), "\n ## \u{b}\n");
    }

    #[test]
    fn strips_ids_numbers_dates_groups() {
        let cases = [
            ("Incident: API down", "API down", "Incident: {title}"),
            (
                "Incident 4 — Expired cert",
                "Expired cert",
                "Incident {n} — {title}",
            ),
            (
                "Incident 11 – POS down",
                "POS down",
                "Incident {n} – {title}",
            ),
            (
                "2026-09-08 — Payment timeouts",
                "Payment timeouts",
                "{date} — {title}",
            ),
            (
                "[2026-07-14] Airflow stopped",
                "Airflow stopped",
                "[{date}] {title}",
            ),
            ("[gitops/argocd] OOM", "OOM", "[{group}] {title}"),
            ("INCIDENT-008: Queue stuck", "Queue stuck", "{id}: {title}"),
            (
                "INC-2025-01-29: Logins fail",
                "Logins fail",
                "{id}: {title}",
            ),
            ("[INC-20251227-01] Longhorn", "Longhorn", "[{id}] {title}"),
            (
                "INC-2026-008 Search index stale",
                "Search index stale",
                "{id} {title}",
            ),
            (
                "INC-0419 Ceph - flapping",
                "Ceph - flapping",
                "{id} {title}",
            ),
            ("OPS-1234 Disk full", "Disk full", "{id} {title}"),
            // A word of the title, not an ID.
            ("HTTP-500 errors", "HTTP-500 errors", "{title}"),
            ("INC-42 Foo", "INC-42 Foo", "{title}"),
            ("INC-2026-008", "INC-2026-008", "{title}"),
            (
                "2026-11-26 Kafka consumer lag",
                "Kafka consumer lag",
                "{date} {title}",
            ),
            (
                "2026-02-12T20:01:01Z | Rollback",
                "Rollback",
                "{date} | {title}",
            ),
            (
                "INC-0419 - Ceph flapping",
                "Ceph flapping",
                "{id} - {title}",
            ),
            (
                "June 22, 2026 — Renewals failed",
                "Renewals failed",
                "{date} — {title}",
            ),
            (
                "INC-031 | SEV-1 | 2026-08-11 | TSDB corrupt",
                "TSDB corrupt",
                "{id} | {severity} | {date} | {title}",
            ),
            (
                "2026-11-18 – ledger – Data – Double-posted refunds",
                "Double-posted refunds",
                "{date} – {group} – {group} – {title}",
            ),
            (
                "WhatsApp notifications not delivered",
                "WhatsApp notifications not delivered",
                "{title}",
            ),
            (
                "2026-08-19: Docker Hub rate limit",
                "Docker Hub rate limit",
                "{date}: {title}",
            ),
        ];
        for (text, want, pattern) in cases {
            assert_eq!(title(text), (want.to_owned(), pattern.to_owned()), "{text}");
        }
    }

    #[test]
    fn a_heading_of_many_parts_is_read_in_linear_time() {
        // 40,000 IDs, spaced or dashed: each part is looked at once (this took minutes when
        // every part searched the whole rest of the heading for a separator).
        for sep in [" ", " - "] {
            let text = format!("{}Title", format!("INC-0001{sep}").repeat(40_000));
            let h = parse_heading(&text);
            assert_eq!(&text[h.title.clone()], "Title");
            assert_eq!(h.parts.len(), 40_000);
        }
    }

    #[test]
    fn a_bare_date_is_a_group_heading_without_title() {
        // A date alone is no entry heading: it is read as a group by `sections`.
        assert!(parse_heading("2026-01-26").parts.is_empty());
        assert!(!parse_heading("Statistics").is_entry_like());
        assert!(!is_id("SEV-1") && is_id("SEC-2026-004") && !is_id("Q3-plan"));
    }
}
