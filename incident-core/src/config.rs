//! The team's `.incident.toml`, parsed from its text (finding and reading the file is the
//! caller's job; `incident_md::fs` does it).
//!
//! It is parsed strictly: unknown keys and malformed values are [`Error::Config`] errors that
//! carry the byte span and the line and column where they occur. Every key is optional:
//!
//! ```toml
//! timezone = "Europe/Berlin"          # IANA name; times written without an offset are in it
//! display-timezone = "Europe/Berlin"  # the zone tables and reports show times in (default UTC)
//! workdays = ["Mon", "Tue", "Wed", "Thu", "Fri"]   # or full names, any case
//! work-hours = "09:00-17:00"          # start must be before end
//! holidays = ["2026-12-25", 2026-12-26]            # strings or TOML dates
//! immediate-grace = "5m"              # see `parse_duration`; at most a year
//! order = "newest-first"              # or "oldest-first"
//! dedup-window = "24h"                # a trigger firing again within it adds to the open incident
//!
//! [report]
//! link-base = "https://github.com/acme/ops/blob/main/INCIDENTS.md"  # where report links point
//! [dialect]                           # overrides of what is learned from the log's own format
//! heading = "## {date} — {title}"     # new entries' heading; `order` above sets the dialect's order
//! labels.root_cause = "Cause"         # the label the team writes for a field
//! severity.P1 = "HIGH"                # a written word and the level it names
//! [mcp]                               # `incident mcp`
//! allow-write = true                  # list the write tools (default: read-only)
//! ```
//!
//! ```
//! use incident_core::Config;
//! let config: Config = "immediate-grace = \"10m\"\norder = \"oldest-first\"".parse().unwrap();
//! let calendar = config.calendar().unwrap();
//! assert_eq!(calendar.immediate_grace(), chrono::TimeDelta::minutes(10));
//! let err = "\nimmediate-grace = \"2562047788h\"".parse::<Config>().unwrap_err();
//! assert!(err.to_string().starts_with("2:19: "), "{err}");
//! ```

use std::ops::Range;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveTime, TimeDelta, Weekday};
use chrono_tz::Tz;
use toml::Spanned;

use crate::{
    BusinessCalendar, Error, FieldName, LineIndex, Order, Severity, parse_date, parse_duration,
};

/// The configuration file's name.
pub const CONFIG_FILE_NAME: &str = ".incident.toml";

/// The largest configuration file read, in bytes (1 MiB): it holds a few settings.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The parsed configuration; every field is `None` when its key is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Config {
    /// `timezone`: an IANA time zone.
    pub timezone: Option<Tz>,
    /// `display-timezone`: the zone people are shown times in (JSON stays UTC).
    pub display_timezone: Option<Tz>,
    /// `workdays`: the team's working days, in the order given, no duplicates, at least one.
    pub workdays: Option<Vec<Weekday>>,
    /// `work-hours`: start and end of the working day; start < end.
    pub work_hours: Option<(NaiveTime, NaiveTime)>,
    /// `holidays`: non-working dates.
    pub holidays: Option<Vec<NaiveDate>>,
    /// `immediate-grace`: a non-negative duration of at most [`crate::time::MAX_DURATION`].
    pub immediate_grace: Option<TimeDelta>,
    /// `order`: the order of incidents in the log.
    pub order: Option<Order>,
    /// `dedup-window`: how long a trigger's open incident takes its repeats
    /// ([`crate::DEFAULT_DEDUP_WINDOW`] when absent); at most a year.
    pub dedup_window: Option<TimeDelta>,
    /// `report.link-base`: the URL of the log on the hosting service, for report links; an
    /// http(s) URL.
    pub report_link_base: Option<String>,
    /// The `[mcp]` table: settings of the MCP server.
    pub mcp: McpConfig,
    /// The `[dialect]` table: what overrides the dialect learned from the log.
    pub dialect: DialectConfig,
}

/// The placeholders a `[dialect] heading` pattern may hold; `{title}` is required.
pub const HEADING_PLACEHOLDERS: [&str; 6] =
    ["{title}", "{date}", "{id}", "{n}", "{severity}", "{group}"];

/// The `[dialect]` table of `.incident.toml`: overrides of the dialect the log's own entries
/// teach (the entry order is the top-level `order`).
///
/// ```
/// use incident_core::{Config, FieldName, Severity};
/// let c: Config = "[dialect]\nheading = \"### {id}: {title}\"\nlabels.root_cause = \"Cause\"\nseverity.P1 = \"HIGH\"\n"
///     .parse()
///     .unwrap();
/// assert_eq!(c.dialect.heading.as_deref(), Some("### {id}: {title}"));
/// assert_eq!(c.dialect.labels, [(FieldName::RootCause, "Cause".to_owned())]);
/// assert_eq!(c.dialect.severity, [("P1".to_owned(), Severity::High)]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DialectConfig {
    /// `heading`: the entry heading, `#`s then a pattern of [`HEADING_PLACEHOLDERS`] and text
    /// (`## {date} — {title}`).
    pub heading: Option<String>,
    /// `labels.FIELD = "Label"`: the label the team writes for a field, by field.
    pub labels: Vec<(FieldName, String)>,
    /// `severity.WORD = "LEVEL"`: a word the log writes and the level it names.
    pub severity: Vec<(String, Severity)>,
}

impl DialectConfig {
    /// Whether nothing is overridden.
    pub fn is_empty(&self) -> bool {
        self.heading.is_none() && self.labels.is_empty() && self.severity.is_empty()
    }
}

/// The `[dialect]` table as deserialized.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDialect {
    heading: Option<Spanned<String>>,
    labels: Option<std::collections::BTreeMap<Spanned<String>, Spanned<String>>>,
    severity: Option<std::collections::BTreeMap<Spanned<String>, Spanned<String>>>,
}

/// Checks a `[dialect]` table; errors point at the key or value.
fn parse_dialect(text: &str, raw: RawDialect) -> Result<DialectConfig, Error> {
    let at = |span: Range<usize>, message: String| error_at(text, Some(span), message);
    let heading = match raw.heading {
        None => None,
        Some(h) => {
            let v = h.get_ref();
            let hashes = v.len() - v.trim_start_matches('#').len();
            let rest = &v[hashes..];
            if !(1..=6).contains(&hashes) || !rest.starts_with(' ') || rest.trim().is_empty() {
                return Err(at(
                    h.span(),
                    format!(
                        "invalid dialect.heading `{v}`: expected 1 to 6 `#`, a space and a pattern, like \"## {{date}} — {{title}}\""
                    ),
                ));
            }
            if v.contains(['\n', '\r']) {
                return Err(at(h.span(), "dialect.heading must be one line".into()));
            }
            if !v.contains("{title}") {
                return Err(at(
                    h.span(),
                    format!("invalid dialect.heading `{v}`: the pattern needs `{{title}}`"),
                ));
            }
            // Every `{…}` must be a known placeholder.
            let mut rest = v.as_str();
            while let Some(open) = rest.find('{') {
                let close = rest[open..].find('}').map(|c| open + c + 1);
                let name = close.map(|c| &rest[open..c]);
                match name {
                    Some(n) if HEADING_PLACEHOLDERS.contains(&n) => {
                        rest = &rest[open + n.len()..];
                    }
                    _ => {
                        return Err(at(
                            h.span(),
                            format!(
                                "invalid dialect.heading `{v}`: unknown placeholder `{}`; expected one of {}",
                                name.unwrap_or(&rest[open..]),
                                HEADING_PLACEHOLDERS.join(", ")
                            ),
                        ));
                    }
                }
            }
            Some(h.into_inner())
        }
    };
    // In the file's order, so that a repeat is reported where it is written.
    let in_order = |m: Option<std::collections::BTreeMap<Spanned<String>, Spanned<String>>>| {
        let mut v: Vec<_> = m.unwrap_or_default().into_iter().collect();
        v.sort_by_key(|(k, _)| k.span().start);
        v
    };
    let mut labels = Vec::new();
    for (k, v) in in_order(raw.labels) {
        let field = FieldName::from_label(k.get_ref()).ok_or_else(|| {
            at(
                k.span(),
                format!(
                    "unknown field `{}` in dialect.labels: expected a field such as root_cause, impact or detected",
                    k.get_ref()
                ),
            )
        })?;
        let label = v.get_ref().trim();
        if label.is_empty() || label.contains(['\n', '\r', ':']) {
            return Err(at(
                v.span(),
                format!(
                    "invalid label `{}` for {}: expected one line of text without `:`",
                    v.get_ref(),
                    k.get_ref()
                ),
            ));
        }
        if labels.iter().any(|(f, _)| *f == field) {
            return Err(at(
                k.span(),
                format!("dialect.labels names the field {} twice", field.label()),
            ));
        }
        labels.push((field, label.to_owned()));
    }
    let mut severity = Vec::new();
    for (k, v) in in_order(raw.severity) {
        let word = k.get_ref().trim();
        if word.is_empty() || word.contains(char::is_whitespace) {
            return Err(at(
                k.span(),
                format!(
                    "invalid severity word `{}` in dialect.severity: expected one word, like P1",
                    k.get_ref()
                ),
            ));
        }
        let level = v.get_ref().parse::<Severity>().map_err(|_| {
            at(
                v.span(),
                format!(
                    "invalid level `{}` for dialect.severity.{word}: expected CRITICAL, HIGH, MEDIUM or LOW",
                    v.get_ref()
                ),
            )
        })?;
        if severity
            .iter()
            .any(|(w, _): &(String, Severity)| w.eq_ignore_ascii_case(word))
        {
            return Err(at(
                k.span(),
                format!(
                    "dialect.severity names the word {word} twice (words are read in any case)"
                ),
            ));
        }
        severity.push((word.to_owned(), level));
    }
    Ok(DialectConfig {
        heading,
        labels,
        severity,
    })
}

/// The `[mcp]` table of `.incident.toml`; every field is `None` when its key is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct McpConfig {
    /// `allow-write`: whether the server lists its write tools.
    pub allow_write: Option<bool>,
}

/// The `[mcp]` table as deserialized (strict, like the top level).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawMcp {
    allow_write: Option<Spanned<bool>>,
}

/// The file's shape, as deserialized. Values are kept as spanned raw values and checked
/// afterwards, so that errors point at the offending value.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    timezone: Option<Spanned<String>>,
    display_timezone: Option<Spanned<String>>,
    workdays: Option<Spanned<Vec<Spanned<String>>>>,
    work_hours: Option<Spanned<String>>,
    holidays: Option<Vec<Spanned<toml::Value>>>,
    immediate_grace: Option<Spanned<String>>,
    order: Option<Spanned<String>>,
    dedup_window: Option<Spanned<String>>,
    report: Option<RawReport>,
    mcp: Option<RawMcp>,
    dialect: Option<RawDialect>,
}

/// The `[report]` table.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawReport {
    link_base: Option<Spanned<String>>,
}

/// Builds [`Error::Config`] for byte `span` of `text`.
fn error_at(text: &str, span: Option<Range<usize>>, message: impl Into<String>) -> Error {
    let position = span
        .as_ref()
        .map(|s| LineIndex::new(text).position(text, s.start));
    Error::Config {
        span,
        position,
        message: message.into(),
    }
}

/// A `holidays` entry: a `"YYYY-MM-DD"` string or a TOML local date.
fn parse_holiday(value: &toml::Value) -> Result<NaiveDate, String> {
    let expected = "expected a date like \"2026-12-25\"";
    match value {
        toml::Value::String(s) => {
            parse_date(s).map_err(|_| format!("invalid holiday `{s}`: {expected}"))
        }
        toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(date), None, None) => {
                NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
                    .ok_or_else(|| format!("invalid holiday `{dt}`: {expected}"))
            }
            _ => Err(format!(
                "invalid holiday `{dt}`: {expected} (a date without a time)"
            )),
        },
        other => Err(format!(
            "invalid holiday of type {}: {expected}",
            other.type_str()
        )),
    }
}

/// A strict `HH:MM` time.
fn parse_hhmm(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.trim().split_once(':')?;
    let digits = |x: &str| (1..=2).contains(&x.len()) && x.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || m.len() != 2 || !digits(m) {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

/// `"09:00-17:00"` to (start, end), requiring start < end.
fn parse_work_hours(s: &str) -> Result<(NaiveTime, NaiveTime), String> {
    let bad =
        || format!("invalid work-hours `{s}`: expected \"HH:MM-HH:MM\", like \"09:00-17:00\"");
    let (a, b) = s.split_once('-').ok_or_else(bad)?;
    let start = parse_hhmm(a).ok_or_else(bad)?;
    let end = parse_hhmm(b).ok_or_else(bad)?;
    if start >= end {
        return Err(format!(
            "invalid work-hours `{s}`: the start ({}) must be before the end ({})",
            start.format("%H:%M"),
            end.format("%H:%M")
        ));
    }
    Ok((start, end))
}

/// The workdays list: day names, no duplicates, at least one.
fn parse_workdays(text: &str, list: Spanned<Vec<Spanned<String>>>) -> Result<Vec<Weekday>, Error> {
    let list_span = list.span();
    let mut days = Vec::new();
    for name in list.into_inner() {
        // chrono's parser takes "Mon" and "monday" in any case.
        let day = Weekday::from_str(name.get_ref().trim()).map_err(|_| {
            error_at(
                text,
                Some(name.span()),
                format!(
                    "invalid workday `{}`: expected a day name like \"Mon\" or \"Monday\"",
                    name.get_ref()
                ),
            )
        })?;
        if days.contains(&day) {
            return Err(error_at(
                text,
                Some(name.span()),
                format!("workday {day} is listed more than once"),
            ));
        }
        days.push(day);
    }
    if days.is_empty() {
        return Err(error_at(
            text,
            Some(list_span),
            "workdays must list at least one day",
        ));
    }
    Ok(days)
}

impl Config {
    /// Parses the text of a `.incident.toml`.
    ///
    /// Every error is an [`Error::Config`] with the span and line:column of the offending text
    /// where the TOML parser or the value check knows it.
    pub fn parse(text: &str) -> Result<Config, Error> {
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| error_at(text, e.span(), e.message().trim_end()))?;
        let at = |span: Range<usize>, message: String| error_at(text, Some(span), message);
        let zone = |s: Spanned<String>| {
            s.get_ref().parse::<Tz>().map_err(|_| {
                let e = Error::UnknownTimeZone {
                    name: s.get_ref().clone(),
                };
                at(s.span(), e.to_string())
            })
        };
        let display_timezone = raw.display_timezone.map(zone).transpose()?;
        let timezone = raw.timezone.map(zone).transpose()?;
        let workdays = raw
            .workdays
            .map(|list| parse_workdays(text, list))
            .transpose()?;
        let work_hours = raw
            .work_hours
            .map(|s| parse_work_hours(s.get_ref()).map_err(|m| at(s.span(), m)))
            .transpose()?;
        let holidays = raw
            .holidays
            .map(|list| {
                list.iter()
                    .map(|v| parse_holiday(v.get_ref()).map_err(|m| at(v.span(), m)))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        let immediate_grace = raw
            .immediate_grace
            .map(|s| parse_duration(s.get_ref()).map_err(|e| at(s.span(), e.to_string())))
            .transpose()?;
        let order = raw
            .order
            .map(|s| {
                s.get_ref().parse::<Order>().map_err(|_| {
                    at(
                        s.span(),
                        format!(
                            "invalid order `{}`: expected \"newest-first\" or \"oldest-first\"",
                            s.get_ref()
                        ),
                    )
                })
            })
            .transpose()?;
        let report_link_base = match raw.report.and_then(|r| r.link_base) {
            // Only web links: a `javascript:` base would be a script in every report link.
            Some(url)
                if !url.get_ref().starts_with("https://")
                    && !url.get_ref().starts_with("http://") =>
            {
                return Err(at(
                    url.span(),
                    format!(
                        "invalid report.link-base `{}`: expected an http(s) URL",
                        url.get_ref()
                    ),
                ));
            }
            url => url.map(Spanned::into_inner),
        };
        let mcp = McpConfig {
            allow_write: raw.mcp.and_then(|m| m.allow_write).map(Spanned::into_inner),
        };
        let dialect = raw
            .dialect
            .map(|d| parse_dialect(text, d))
            .transpose()?
            .unwrap_or_default();
        let dedup_window = raw
            .dedup_window
            .map(|s| parse_duration(s.get_ref()).map_err(|e| at(s.span(), e.to_string())))
            .transpose()?;
        Ok(Config {
            dedup_window,
            timezone,
            display_timezone,
            workdays,
            work_hours,
            holidays,
            immediate_grace,
            order,
            report_link_base,
            mcp,
            dialect,
        })
    }

    /// The trigger de-duplication window: `dedup-window`, or the default of 24 hours.
    pub fn dedup_window(&self) -> TimeDelta {
        self.dedup_window.unwrap_or(crate::DEFAULT_DEDUP_WINDOW)
    }

    /// The business calendar these settings describe (the defaults for absent keys).
    pub fn calendar(&self) -> Result<BusinessCalendar, Error> {
        let mut calendar = BusinessCalendar::default();
        if let Some(tz) = self.timezone {
            calendar = calendar.with_timezone(tz);
        }
        if let Some(days) = &self.workdays {
            calendar = calendar.with_workdays(days.iter().copied())?;
        }
        if let Some((start, end)) = self.work_hours {
            calendar = calendar.with_work_hours(start, end)?;
        }
        if let Some(h) = &self.holidays {
            calendar = calendar.with_holidays(h.iter().copied());
        }
        if let Some(g) = self.immediate_grace {
            calendar = calendar.with_immediate_grace(g);
        }
        Ok(calendar)
    }
}

impl FromStr for Config {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Config::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The error's line, column and message.
    fn err(text: &str) -> (Option<(usize, usize)>, String) {
        match Config::parse(text).unwrap_err() {
            Error::Config {
                position, message, ..
            } => (position.map(|p| (p.line, p.column)), message),
            other => panic!("not a config error: {other:?}"),
        }
    }

    fn line(text: &str) -> Option<usize> {
        err(text).0.map(|(l, _)| l)
    }

    #[test]
    fn dialect_overrides() {
        let c = Config::parse(
            "[dialect]\nheading = \"## {date} — {title}\"\n[dialect.labels]\nroot_cause = \"Cause\"\n\"Lessons learned\" = \"Takeaways\"\n[dialect.severity]\nP1 = \"high\"\n\"🔥\" = \"CRITICAL\"\n",
        )
        .unwrap();
        assert_eq!(c.dialect.heading.as_deref(), Some("## {date} — {title}"));
        assert_eq!(
            c.dialect.labels,
            [
                (FieldName::RootCause, "Cause".to_owned()),
                (FieldName::LessonsLearned, "Takeaways".to_owned())
            ]
        );
        assert_eq!(
            c.dialect.severity,
            [
                ("P1".to_owned(), Severity::High),
                ("🔥".to_owned(), Severity::Critical)
            ]
        );
        assert!(Config::default().dialect.is_empty());
        // Every error points at the key or value.
        let cases = [
            (
                "[dialect]\nheading = \"{date} {title}\"\n",
                (2, 11),
                "expected 1 to 6 `#`",
            ),
            (
                "[dialect]\nheading = \"## {date}\"\n",
                (2, 11),
                "needs `{title}`",
            ),
            (
                "[dialect]\nheading = \"## {when} {title}\"\n",
                (2, 11),
                "unknown placeholder `{when}`",
            ),
            (
                "[dialect]\nlabels.cause_of_it = \"Cause\"\n",
                (2, 8),
                "unknown field `cause_of_it`",
            ),
            (
                "[dialect]\nlabels.impact = \"\"\n",
                (2, 17),
                "invalid label",
            ),
            (
                "[dialect]\nlabels.impact = \"A\"\nlabels.Impact = \"B\"\n",
                (3, 8),
                "twice",
            ),
            (
                "[dialect]\nseverity.P1 = \"urgent\"\n",
                (2, 15),
                "expected CRITICAL, HIGH",
            ),
            (
                "[dialect]\nseverity.p1 = \"LOW\"\nseverity.P1 = \"LOW\"\n",
                (3, 10),
                "twice",
            ),
            (
                "[dialect]\nseverity.\"P 1\" = \"LOW\"\n",
                (2, 10),
                "expected one word",
            ),
            (
                "[dialect]\nheadings = \"## {title}\"\n",
                (2, 1),
                "unknown field `headings`",
            ),
        ];
        for (text, pos, want) in cases {
            let (p, message) = err(text);
            assert!(message.contains(want), "{text}: {message}");
            assert_eq!(p, Some(pos), "{text}: {message}");
        }
    }

    #[test]
    fn report_link_base() {
        let c = Config::parse(
            "[report]\nlink-base = \"https://git.example/ops/blob/main/INCIDENTS.md\"\n",
        )
        .unwrap();
        assert_eq!(
            c.report_link_base.as_deref(),
            Some("https://git.example/ops/blob/main/INCIDENTS.md")
        );
        let (pos, message) = err("[report]\nlink-base = \"javascript:alert(1)\"\n");
        assert_eq!(pos, Some((2, 13)));
        assert!(message.contains("expected an http(s) URL"), "{message}");
        let (_, message) = err("[report]\nlink_base = \"https://x\"\n");
        assert!(message.contains("unknown field `link_base`"), "{message}");
    }

    #[test]
    fn empty_is_all_none() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
        assert_eq!(
            Config::parse("# just a comment\n").unwrap(),
            Config::default()
        );
    }

    #[test]
    fn full_config() {
        let text = r#"
timezone = "Europe/Berlin"
workdays = ["Mon", "tuesday", "WED", "Thu", "Friday"]
work-hours = "09:00-17:30"
holidays = ["2026-12-25", 2026-12-26]
immediate-grace = "5m"
order = "oldest-first"
display-timezone = "America/New_York"
"#;
        let c: Config = text.parse().unwrap();
        assert_eq!(c.timezone, Some(chrono_tz::Europe::Berlin));
        assert_eq!(c.display_timezone, Some(chrono_tz::America::New_York));
        use Weekday::*;
        assert_eq!(c.workdays, Some(vec![Mon, Tue, Wed, Thu, Fri]));
        assert_eq!(c.work_hours, Some((t(9, 0), t(17, 30))));
        assert_eq!(c.holidays, Some(vec![d(2026, 12, 25), d(2026, 12, 26)]));
        assert_eq!(c.immediate_grace, Some(TimeDelta::minutes(5)));
        assert_eq!(c.order, Some(Order::OldestFirst));
        let cal = c.calendar().unwrap();
        assert_eq!(cal.timezone(), chrono_tz::Europe::Berlin);
        assert_eq!(cal.work_hours(), (t(9, 0), t(17, 30)));
        assert!(!cal.is_working_day(d(2026, 12, 25)));
    }

    #[test]
    fn dedup_window() {
        assert_eq!(Config::default().dedup_window(), TimeDelta::hours(24));
        let c = Config::parse("dedup-window = \"90m\"").unwrap();
        assert_eq!(c.dedup_window(), TimeDelta::minutes(90));
        assert_eq!(
            line("order = \"oldest-first\"\ndedup-window = \"soon\""),
            Some(2)
        );
        let (_, message) = err("dedup-window = \"soon\"");
        assert!(message.contains("invalid duration `soon`"), "{message}");
    }

    #[test]
    fn durations() {
        for (s, secs) in [("30s", 30), ("1h30m", 5400), ("5 m", 300), ("0s", 0)] {
            let c = Config::parse(&format!("immediate-grace = \"{s}\"")).unwrap();
            assert_eq!(c.immediate_grace, Some(TimeDelta::seconds(secs)), "{s}");
        }
        for s in ["", "5", "m", "5x", "-5m"] {
            let (pos, message) = err(&format!("immediate-grace = \"{s}\""));
            assert!(message.contains("invalid duration"), "{s}: {message}");
            assert_eq!(pos, Some((1, 19)), "{s}");
        }
        let (_, message) = err("immediate-grace = 5");
        assert!(message.contains("string"), "{message}");
    }

    /// Issue 11 item 2: this grace overflowed `DateTime + TimeDelta` in the calendar.
    #[test]
    fn huge_grace_is_a_config_error_with_its_line() {
        for s in ["2562047788h", "99999999999999999999h", "367d"] {
            let text = format!("order = \"newest-first\"\nimmediate-grace = \"{s}\"\n");
            let (pos, message) = err(&text);
            assert_eq!(pos, Some((2, 19)), "{s}");
            assert!(message.contains("too long"), "{s}: {message}");
        }
    }

    #[test]
    fn order_values() {
        assert_eq!(
            Config::parse("order = \"newest-first\"").unwrap().order,
            Some(Order::NewestFirst)
        );
        let (pos, message) = err("\norder = \"sideways\"");
        assert_eq!(pos.map(|p| p.0), Some(2));
        assert!(message.contains("newest-first"), "{message}");
    }

    #[test]
    fn unknown_key_reports_line_and_column() {
        let text = "timezone = \"UTC\"\n\n  colour = \"red\"\n";
        let (pos, message) = err(text);
        assert_eq!(pos, Some((3, 3)));
        assert!(message.contains("colour"), "{message}");
        let shown = Config::parse(text).unwrap_err().to_string();
        assert!(shown.starts_with("3:3: "), "{shown}");
    }

    #[test]
    fn positions_count_every_line_ending() {
        // CRLF and a lone CR end lines too: the bad key is on line 3 either way.
        assert_eq!(
            line("order = \"newest-first\"\r\n\r\nbogus = 1\r\n"),
            Some(3)
        );
        // TOML itself refuses a lone CR, but the one line counter still counts it.
        match error_at("a\rb\rc", Some(4..5), "m") {
            Error::Config { position, .. } => assert_eq!(position.unwrap().to_string(), "3:1"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_table_and_time_zone_are_rejected() {
        let (pos, message) = err("order = \"newest-first\"\n[extra]\nx = 1\n");
        assert_eq!(pos.map(|p| p.0), Some(2));
        assert!(message.contains("extra"), "{message}");
        let (pos, message) = err("display-timezone = \"Europe/Atlantis\"");
        assert_eq!(pos, Some((1, 20)));
        assert!(message.contains("Europe/Atlantis"), "{message}");
        let (pos, message) = err("timezone = \"Europe/Atlantis\"");
        assert_eq!(pos, Some((1, 12)));
        assert!(message.contains("Europe/Atlantis"), "{message}");
    }

    #[test]
    fn bad_workdays() {
        let (pos, message) = err("workdays = [\"Mon\",\n  \"Funday\"]");
        assert_eq!(pos.map(|p| p.0), Some(2));
        assert!(message.contains("Funday"), "{message}");
        let (_, message) = err("workdays = []");
        assert!(message.contains("at least one"), "{message}");
        let (pos, message) = err("\nworkdays = [\"Mon\", \"monday\"]");
        assert_eq!(pos, Some((2, 20)));
        assert!(message.contains("more than once"), "{message}");
        let (_, message) = err("workdays = \"Mon\"");
        assert!(
            message.contains("sequence") || message.contains("array"),
            "{message}"
        );
    }

    #[test]
    fn bad_work_hours() {
        let (_, message) = err("work-hours = \"17:00-09:00\"");
        assert!(message.contains("must be before"), "{message}");
        for s in [
            "9-17",
            "09:00",
            "25:00-26:00",
            "09:00-17:0",
            "09:00 to 17:00",
        ] {
            let (_, message) = err(&format!("work-hours = \"{s}\""));
            assert!(message.contains("HH:MM-HH:MM"), "{s}: {message}");
        }
        assert_eq!(
            Config::parse("work-hours = \" 8:30 - 16:00 \"")
                .unwrap()
                .work_hours,
            Some((t(8, 30), t(16, 0)))
        );
    }

    #[test]
    fn bad_holidays() {
        let (pos, message) = err("holidays = [\n  \"2026-12-25\",\n  \"2026-02-30\",\n]");
        assert_eq!(pos.map(|p| p.0), Some(3));
        assert!(message.contains("2026-02-30"), "{message}");
        let (_, message) = err("holidays = [\"25/12/2026\"]");
        assert!(message.contains("expected a date"), "{message}");
        let (_, message) = err("holidays = [2026-12-25T10:00:00]");
        assert!(message.contains("without a time"), "{message}");
        let (_, message) = err("holidays = [20261225]");
        assert!(message.contains("integer"), "{message}");
    }

    #[test]
    fn mcp_table_is_strict() {
        let c: Config = "[mcp]\nallow-write = true\n".parse().unwrap();
        assert_eq!(c.mcp.allow_write, Some(true));
        assert_eq!(Config::parse("").unwrap().mcp.allow_write, None);
        let (pos, message) = err("[mcp]\nallow-writes = true\n");
        assert_eq!(pos, Some((2, 1)));
        assert!(message.contains("allow-writes"), "{message}");
        let (pos, message) = err("[mcp]\nallow-write = \"yes\"\n");
        assert_eq!(pos.map(|p| p.0), Some(2));
        assert!(message.contains("bool"), "{message}");
    }

    #[test]
    fn syntax_error_has_position() {
        assert_eq!(line("timezone = \"UTC\"\norder = \n"), Some(2));
    }
}
