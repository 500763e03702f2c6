//! Follow-up actions: `- [ ] <action> - @<assignee> - <due date>`.

use crate::lines::TrimWs as _;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

/// The due date of a follow-up action: a real date, or text that could not be read as one (kept
/// so that nothing is lost, and reported by the checks).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(untagged))]
pub enum Due {
    /// A date `YYYY-MM-DD`.
    Date(NaiveDate),
    /// Text in the due-date position that is not a date.
    Text(String),
}

impl fmt::Display for Due {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Due::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Due::Text(t) => f.write_str(t),
        }
    }
}

/// One follow-up action of an incident.
///
/// Its text form is the template's task item, `- [ ] <action> - @<assignee> - <due date>`. Parsing
/// is lenient: parts that are missing are `None`, and a due date that is not `YYYY-MM-DD` is kept as
/// [`Due::Text`].
///
/// ```
/// use incident_core::FollowUp;
/// let f: FollowUp = "- [ ] Add etcd alerts - @dana - 2026-02-01".parse().unwrap();
/// assert_eq!(f.assignee.as_deref(), Some("dana"));
/// assert_eq!(f.to_string(), "- [ ] Add etcd alerts - @dana - 2026-02-01");
/// let g: FollowUp = "- [x] Write runbook".parse().unwrap();
/// assert!(g.done && g.assignee.is_none() && g.due.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[non_exhaustive]
pub struct FollowUp {
    /// Whether the box is ticked.
    #[cfg_attr(feature = "serde", serde(default))]
    pub done: bool,
    /// What is to be done.
    pub action: String,
    /// Who owns it, without the `@`.
    #[cfg_attr(feature = "serde", serde(default))]
    pub assignee: Option<String>,
    /// When it is due.
    #[cfg_attr(feature = "serde", serde(default))]
    pub due: Option<Due>,
}

/// Separators between the parts of a follow-up: a hyphen, en dash or em dash between spaces.
const SEPARATORS: [&str; 3] = [" - ", " – ", " — "];

impl FollowUp {
    /// A new open action without owner or due date.
    pub fn new(action: impl Into<String>) -> FollowUp {
        FollowUp {
            done: false,
            action: action.into(),
            assignee: None,
            due: None,
        }
    }

    /// Sets the owner (a leading `@` is dropped).
    pub fn assignee(mut self, who: impl Into<String>) -> FollowUp {
        let who = who.into();
        self.assignee = Some(who.strip_prefix('@').unwrap_or(&who).to_owned());
        self
    }

    /// Sets the due date.
    pub fn due(mut self, date: NaiveDate) -> FollowUp {
        self.due = Some(Due::Date(date));
        self
    }

    /// Reads the text of a task item after its checkbox: `action - @owner - 2026-01-31`.
    pub fn from_item_text(text: &str, done: bool) -> FollowUp {
        let mut parts = split_parts(text.trim_ws());
        let mut due = None;
        let mut assignee = None;
        if parts.len() > 1 {
            let last = parts[parts.len() - 1].trim_ws();
            if let Some(d) = crate::time::date_of(last) {
                due = Some(Due::Date(d));
                parts.pop();
            } else if !last.starts_with('@') && parts.len() > 2 {
                due = Some(Due::Text(last.to_owned()));
                parts.pop();
            }
        }
        if parts.len() > 1 {
            let last = parts[parts.len() - 1].trim_ws();
            if let Some(who) = last.strip_prefix('@') {
                assignee = Some(who.to_owned());
                parts.pop();
            }
        }
        FollowUp {
            done,
            action: parts.joined(),
            assignee,
            due,
        }
    }

    /// The item text after the checkbox, as [`FollowUp::from_item_text`] reads it.
    pub fn item_text(&self) -> String {
        let mut s = self.action.clone();
        if let Some(who) = &self.assignee {
            s.push_str(" - @");
            s.push_str(who);
        }
        if let Some(due) = &self.due {
            s.push_str(" - ");
            s.push_str(&due.to_string());
        }
        s
    }

    /// The due date, when it is a real date.
    pub fn due_date(&self) -> Option<NaiveDate> {
        match &self.due {
            Some(Due::Date(d)) => Some(*d),
            _ => None,
        }
    }

    /// Open, and its due date (a whole UTC day) has passed at `now`.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        !self.done && self.due_date().is_some_and(|d| now.date_naive() > d)
    }
}

/// Parts of an item's text, remembered as byte ranges so the action keeps its own separators.
/// Only the last three are kept (a reading pops at most two, then joins from the first byte):
/// no allocation for an item's parts.
struct Parts<'a> {
    text: &'a str,
    /// How many parts the text has.
    count: usize,
    /// The last parts, the latest last (`count.min(3)` of them are valid).
    last: [(usize, usize); 3],
}

impl Parts<'_> {
    fn len(&self) -> usize {
        self.count
    }
    fn push(&mut self, range: (usize, usize)) {
        self.last = [self.last[1], self.last[2], range];
        self.count += 1;
    }
    fn pop(&mut self) {
        self.last = [(0, 0), self.last[0], self.last[1]];
        self.count -= 1;
    }
    fn joined(&self) -> String {
        if self.count == 0 {
            return String::new();
        }
        // Parts run on from the text's first byte: the first starts at 0.
        self.text[..self.last[2].1].trim_ws().to_owned()
    }
}

impl std::ops::Index<usize> for Parts<'_> {
    type Output = str;
    /// Part `i`, one of the last three.
    fn index(&self, i: usize) -> &str {
        let (a, b) = self.last[3 + i - self.count];
        &self.text[a..b]
    }
}

fn split_parts(text: &str) -> Parts<'_> {
    let mut parts = Parts {
        text,
        count: 0,
        last: [(0, 0); 3],
    };
    let mut start = 0;
    let mut i = 0;
    // Every separator starts with a space, which is never inside a character: only spaces
    // need looking at.
    while let Some(at) = text.as_bytes()[i..].iter().position(|&b| b == b' ') {
        i += at;
        if let Some(sep) = SEPARATORS.iter().find(|s| text[i..].starts_with(**s)) {
            parts.push((start, i));
            i += sep.len();
            start = i;
        } else {
            i += 1;
        }
    }
    parts.push((start, text.len()));
    parts
}

impl FollowUp {
    /// Reads a new follow-up's text, `TEXT - @OWNER - YYYY-MM-DD` (owner and date optional),
    /// refusing what [`from_item_text`](Self::from_item_text) would read leniently into
    /// something other than meant: an owner without `@` (`Fix - dana - 2026-03-05`, where
    /// `dana` stays in the action) or a due date that is not a date (`Fix - @dana - March 5`).
    ///
    /// # Errors
    ///
    /// [`Error::MalformedFollowUp`](crate::Error::MalformedFollowUp) saying what to write.
    ///
    /// ```
    /// use incident_core::FollowUp;
    /// assert_eq!(FollowUp::parse_strict("Fix - @dana - 2026-03-05").unwrap().assignee.as_deref(), Some("dana"));
    /// // The form teams write, with `due` before the date.
    /// let f = FollowUp::parse_strict("Fix — @dana — due 2026-03-05").unwrap();
    /// assert_eq!((f.action.as_str(), f.due_date().map(|d| d.to_string())), ("Fix", Some("2026-03-05".into())));
    /// let e = FollowUp::parse_strict("Fix - dana - March 5").unwrap_err();
    /// assert_eq!(
    ///     e.to_string(),
    ///     "the owner needs an @ (`@dana`), the due date YYYY-MM-DD; write it as `TEXT - @OWNER - YYYY-MM-DD`"
    /// );
    /// ```
    pub fn parse_strict(text: &str) -> crate::Result<FollowUp> {
        let mut f = FollowUp::from_item_text(text, false);
        // `… — @kim — due 2026-12-12`, as teams write it and the log's reader reads it.
        if let Some(Due::Text(t)) = &f.due
            && let Some(rest) = t
                .get(..4)
                .filter(|p| p.eq_ignore_ascii_case("due "))
                .map(|_| &t[4..])
            && let Some(d) = crate::time::date_of(rest.trim())
        {
            f.due = Some(Due::Date(d));
        }
        let due = match &f.due {
            Some(Due::Text(t)) => Some(t.clone()),
            _ => None,
        };
        // A due part with no owner part: the owner, if any, is the action's last dash part.
        let bare_owner = f.assignee.is_none() && f.due.is_some();
        if !bare_owner && due.is_none() {
            return Ok(f);
        }
        let owner = bare_owner
            .then(|| f.action.rsplit(['-', '–', '—']).next().map(str::trim))
            .flatten()
            .filter(|o| !o.is_empty() && !o.contains(' '))
            .map(str::to_owned);
        Err(crate::Error::MalformedFollowUp {
            bare_owner,
            owner,
            due,
        })
    }
}

impl fmt::Display for FollowUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = if self.done { 'x' } else { ' ' };
        write!(f, "- [{mark}] {}", self.item_text())
    }
}

impl std::str::FromStr for FollowUp {
    type Err = std::convert::Infallible;

    /// Reads a whole task item; a line without a checkbox is read as an open action.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim_ws();
        let t = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .or_else(|| t.strip_prefix("+ "))
            .unwrap_or(t)
            .trim_start();
        let (done, rest) = if let Some(r) = t.strip_prefix("[ ]") {
            (false, r)
        } else if let Some(r) = t.strip_prefix("[x]").or_else(|| t.strip_prefix("[X]")) {
            (true, r)
        } else {
            (false, t)
        };
        Ok(FollowUp::from_item_text(rest, done))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn lenient_parts() {
        let f = FollowUp::from_item_text("Rotate keys - @sam", false);
        assert_eq!(
            (f.action.as_str(), f.assignee.as_deref(), &f.due),
            ("Rotate keys", Some("sam"), &None)
        );
        let f = FollowUp::from_item_text("Rotate keys - 2026-02-30", false);
        assert_eq!(f.action, "Rotate keys - 2026-02-30");
        let f = FollowUp::from_item_text("Rotate keys - @sam - next week", false);
        assert_eq!(f.due, Some(Due::Text("next week".into())));
        let f = FollowUp::from_item_text("Fix a - b split - @sam - 2026-02-03", true);
        assert_eq!(f.action, "Fix a - b split");
        assert_eq!(f.due_date(), NaiveDate::from_ymd_opt(2026, 2, 3));
        let f = FollowUp::from_item_text("Schedule review — @kim — 2026-02-03", false);
        assert_eq!(f.assignee.as_deref(), Some("kim"));
    }

    #[test]
    fn overdue_after_the_due_day() {
        let f = FollowUp::new("x").due(NaiveDate::from_ymd_opt(2026, 2, 3).unwrap());
        let at = |d: u32| {
            NaiveDate::from_ymd_opt(2026, 2, d)
                .unwrap()
                .and_hms_opt(12, 0, 0)
                .unwrap()
                .and_utc()
        };
        assert!(!f.is_overdue(at(3)));
        assert!(f.is_overdue(at(4)));
        let mut done = f.clone();
        done.done = true;
        assert!(!done.is_overdue(at(4)));
    }

    fn follow_up() -> impl Strategy<Value = FollowUp> {
        (
            any::<bool>(),
            "[a-zA-Z0-9][a-zA-Z0-9 ,.:()'/]{0,30}[a-zA-Z0-9.)]",
            proptest::option::of("[a-z][a-z0-9_-]{0,12}"),
            proptest::option::of((2000i32..2100, 1u32..13, 1u32..29)),
        )
            .prop_map(|(done, action, who, due)| FollowUp {
                done,
                action: action.split_whitespace().collect::<Vec<_>>().join(" "),
                assignee: who,
                due: due.map(|(y, m, d)| Due::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())),
            })
    }

    /// The split as it was written first: every separator tried at every character.
    fn split_by_search(text: &str) -> Vec<(usize, usize)> {
        let mut ranges = Vec::new();
        let (mut start, mut i) = (0, 0);
        while i < text.len() {
            if let Some(sep) = SEPARATORS.iter().find(|s| text[i..].starts_with(**s)) {
                ranges.push((start, i));
                i += sep.len();
                start = i;
            } else {
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
        ranges.push((start, text.len()));
        ranges
    }

    proptest! {
        #[test]
        fn parts_split_at_separators_only(text in "([a-zé@ ]|-|–|—| - | – | — ){0,24}") {
            let all = split_by_search(&text);
            let parts = split_parts(&text);
            prop_assert_eq!(parts.len(), all.len());
            // The last three parts, as the reading asks for them.
            for back in 1..=all.len().min(3) {
                let (a, b) = all[all.len() - back];
                prop_assert_eq!(&parts[all.len() - back], &text[a..b]);
            }
        }

        #[test]
        fn popped_parts_join_from_the_first_byte(text in "([a-zé@ ]|-|–|—| - | – | — ){0,24}", pops in 0usize..3) {
            let all = split_by_search(&text);
            let mut parts = split_parts(&text);
            let pops = pops.min(all.len() - 1);
            for _ in 0..pops {
                parts.pop();
            }
            let (_, end) = all[all.len() - 1 - pops];
            prop_assert_eq!(parts.joined(), text[..end].trim_ws());
        }

        #[test]
        fn text_round_trips(f in follow_up()) {
            prop_assert_eq!(f.to_string().parse::<FollowUp>().unwrap(), f);
        }
    }
}
