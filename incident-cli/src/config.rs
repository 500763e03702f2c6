//! The optional `.incident.toml` that sits beside the log.
//!
//! It is parsed strictly: unknown keys and malformed values are errors that
//! name the line and column where they occur. Every key is optional:
//!
//! ```toml
//! timezone = "Europe/Berlin"          # IANA name, validated by the caller
//! workdays = ["Mon", "Tue", "Wed", "Thu", "Fri"]   # or full names, any case
//! work-hours = "09:00-17:00"          # start must be before end
//! holidays = ["2026-12-25", 2026-12-26]            # strings or TOML dates
//! immediate-grace = "5m"              # s, m, h; may be combined ("1h30m")
//! order = "newest-first"              # or "oldest-first"
//!
//! [report]
//! link-base = "https://github.com/acme/ops/blob/main/INCIDENTS.md"  # where report links point
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime, TimeDelta, Weekday};
use toml::Spanned;

/// The configuration file's name.
pub const CONFIG_FILE_NAME: &str = ".incident.toml";

pub use incident_md::Order;

/// The parsed configuration; every field is `None` when its key is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// `timezone`: an IANA time-zone name, not yet validated.
    pub timezone: Option<String>,
    /// `workdays`: the team's working days, in the order given, no duplicates.
    pub workdays: Option<Vec<Weekday>>,
    /// `work-hours`: start and end of the working day; start < end.
    pub work_hours: Option<(NaiveTime, NaiveTime)>,
    /// `holidays`: non-working dates.
    pub holidays: Option<Vec<NaiveDate>>,
    /// `immediate-grace`: a non-negative duration.
    pub immediate_grace: Option<TimeDelta>,
    /// `order`: the order of incidents in the log.
    pub order: Option<Order>,
    /// `report.link-base`: the URL of the log on the hosting service, for report links.
    pub report_link_base: Option<String>,
}

/// A configuration error: a message and, where known, the file and the
/// 1-based line and column it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The configuration file, when known (set by [`Config::load`]).
    pub path: Option<PathBuf>,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(path) => write!(f, "{}", path.display())?,
            None => write!(f, "{CONFIG_FILE_NAME}")?,
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    /// An error at byte `offset` of `text` (or without position if `None`).
    fn at(text: &str, offset: Option<usize>, message: impl Into<String>) -> Self {
        let (line, column) = match offset {
            Some(offset) => {
                let (l, c) = line_col(text, offset);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        ConfigError {
            path: None,
            line,
            column,
            message: message.into(),
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// The file's shape, as deserialized. Values are kept as spanned raw values
/// and checked afterwards, so that errors point at the offending value.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    timezone: Option<String>,
    workdays: Option<Spanned<Vec<Spanned<String>>>>,
    work_hours: Option<Spanned<String>>,
    holidays: Option<Vec<Spanned<toml::Value>>>,
    immediate_grace: Option<Spanned<String>>,
    order: Option<Order>,
    report: Option<RawReport>,
}

/// The `[report]` table.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawReport {
    link_base: Option<Spanned<String>>,
}

/// A `holidays` entry: a `"YYYY-MM-DD"` string or a TOML local date.
fn parse_holiday(value: &toml::Value) -> Result<NaiveDate, String> {
    let expected = "expected a date like \"2026-12-25\"";
    match value {
        toml::Value::String(s) => {
            parse_date(s).ok_or_else(|| format!("invalid holiday `{s}`: {expected}"))
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

/// `"Mon"`/`"monday"` (any case) to a weekday.
fn parse_weekday(s: &str) -> Option<Weekday> {
    Some(match s.trim().to_ascii_lowercase().as_str() {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tuesday" => Weekday::Tue,
        "wed" | "wednesday" => Weekday::Wed,
        "thu" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// A strict `YYYY-MM-DD` date.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let well_formed = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !well_formed {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
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

/// `"30s"`, `"5m"`, `"1h"`, `"1h30m"` to a duration.
fn parse_duration(s: &str) -> Result<TimeDelta, String> {
    let bad = |why: &str| {
        format!(
            "invalid duration `{s}`: {why}; expected a number with a unit s, m or h, like \"5m\" or \"1h30m\""
        )
    };
    let mut rest = s.trim();
    if rest.is_empty() {
        return Err(bad("it is empty"));
    }
    let mut total: i64 = 0;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return Err(bad("a unit must follow a number"));
        }
        let n: i64 = rest[..digits].parse().map_err(|_| bad("it is too large"))?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let seconds_per_unit = match &rest[..unit_len] {
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            "" => return Err(bad("the unit is missing")),
            other => return Err(bad(&format!("unknown unit `{other}`"))),
        };
        rest = &rest[unit_len..];
        total = n
            .checked_mul(seconds_per_unit)
            .and_then(|secs| total.checked_add(secs))
            .ok_or_else(|| bad("it is too large"))?;
    }
    TimeDelta::try_seconds(total).ok_or_else(|| bad("it is too large"))
}

impl Config {
    /// Loads `.incident.toml` from `dir` (normally the log's directory).
    ///
    /// Returns `Ok(None)` when the file does not exist, and the file's path
    /// with the parsed configuration otherwise. Errors carry the path.
    pub fn load(dir: &Path) -> Result<Option<(PathBuf, Config)>, ConfigError> {
        let path = dir.join(CONFIG_FILE_NAME);
        let with_path = |message: String| ConfigError {
            path: Some(path.clone()),
            line: None,
            column: None,
            message,
        };
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(with_path(format!("cannot read: {e}"))),
        };
        let text = String::from_utf8(bytes).map_err(|e| {
            with_path(format!(
                "not valid UTF-8 (first invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        match Config::parse(&text) {
            Ok(config) => Ok(Some((path, config))),
            Err(mut e) => {
                e.path = Some(path);
                Err(e)
            }
        }
    }

    /// Parses the text of a `.incident.toml`.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            ConfigError::at(text, e.span().map(|s| s.start), e.message().trim_end())
        })?;
        let at = |span: std::ops::Range<usize>, message: String| {
            ConfigError::at(text, Some(span.start), message)
        };
        let workdays = match raw.workdays {
            None => None,
            Some(list) => {
                let list_span = list.span();
                let mut days = Vec::new();
                for name in list.into_inner() {
                    let day = parse_weekday(name.get_ref()).ok_or_else(|| {
                        at(
                            name.span(),
                            format!(
                                "invalid workday `{}`: expected a day name like \"Mon\" or \"Monday\"",
                                name.get_ref()
                            ),
                        )
                    })?;
                    if days.contains(&day) {
                        return Err(at(
                            name.span(),
                            format!("workday {day} is listed more than once"),
                        ));
                    }
                    days.push(day);
                }
                if days.is_empty() {
                    return Err(at(
                        list_span,
                        "workdays must list at least one day".to_owned(),
                    ));
                }
                Some(days)
            }
        };
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
            .map(|s| parse_duration(s.get_ref()).map_err(|m| at(s.span(), m)))
            .transpose()?;
        let report_link_base = match raw.report.and_then(|r| r.link_base) {
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
        Ok(Config {
            timezone: raw.timezone,
            workdays,
            work_hours,
            holidays,
            immediate_grace,
            order: raw.order,
            report_link_base,
        })
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

    fn err(text: &str) -> ConfigError {
        Config::parse(text).unwrap_err()
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
"#;
        let c = Config::parse(text).unwrap();
        assert_eq!(c.timezone.as_deref(), Some("Europe/Berlin"));
        use Weekday::*;
        assert_eq!(c.workdays, Some(vec![Mon, Tue, Wed, Thu, Fri]));
        assert_eq!(c.work_hours, Some((t(9, 0), t(17, 30))));
        assert_eq!(c.holidays, Some(vec![d(2026, 12, 25), d(2026, 12, 26)]));
        assert_eq!(c.immediate_grace, Some(TimeDelta::minutes(5)));
        assert_eq!(c.order, Some(Order::OldestFirst));
    }

    #[test]
    fn durations() {
        for (s, secs) in [
            ("30s", 30),
            ("5m", 300),
            ("1h", 3600),
            ("90m", 5400),
            ("1h30m", 5400),
            ("0s", 0),
        ] {
            let c = Config::parse(&format!("immediate-grace = \"{s}\"")).unwrap();
            assert_eq!(c.immediate_grace, Some(TimeDelta::seconds(secs)), "{s}");
        }
        for s in ["", "5", "m", "5x", "-5m", "5 m", "99999999999999999999h"] {
            let e = err(&format!("immediate-grace = \"{s}\""));
            assert!(e.message.contains("invalid duration"), "{s}: {e}");
            assert_eq!(e.line, Some(1), "{s}");
        }
        let e = err("immediate-grace = 5");
        assert!(e.message.contains("string"), "{e}");
    }

    #[test]
    fn order_values() {
        assert_eq!(
            Config::parse("order = \"newest-first\"").unwrap().order,
            Some(Order::NewestFirst)
        );
        let e = err("\norder = \"sideways\"");
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("newest-first"), "{e}");
    }

    #[test]
    fn unknown_key_reports_line_and_column() {
        let e = err("timezone = \"UTC\"\n\n  colour = \"red\"\n");
        assert_eq!((e.line, e.column), (Some(3), Some(3)), "{e}");
        assert!(e.message.contains("colour"), "{e}");
        assert!(e.to_string().starts_with(".incident.toml:3:3: "), "{e}");
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
        let e = Config::parse("[report]\nlink-base = \"javascript:alert(1)\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(13)));
        assert!(
            e.message.contains("expected an http(s) URL"),
            "{}",
            e.message
        );
        let e = Config::parse("[report]\nlink_base = \"https://x\"\n").unwrap_err();
        assert!(
            e.message.contains("unknown field `link_base`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn unknown_table_is_rejected() {
        let e = err("order = \"newest-first\"\n[extra]\nx = 1\n");
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.contains("extra"), "{e}");
    }

    #[test]
    fn bad_workdays() {
        let e = err("workdays = [\"Mon\",\n  \"Funday\"]");
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.contains("Funday"), "{e}");
        let e = err("workdays = []");
        assert!(e.message.contains("at least one"), "{e}");
        let e = err("\nworkdays = [\"Mon\", \"monday\"]");
        assert_eq!((e.line, e.column), (Some(2), Some(20)), "{e}");
        assert!(e.message.contains("more than once"), "{e}");
        let e = err("workdays = \"Mon\"");
        assert!(
            e.message.contains("sequence") || e.message.contains("array"),
            "{e}"
        );
    }

    #[test]
    fn bad_work_hours() {
        let e = err("work-hours = \"17:00-09:00\"");
        assert!(e.message.contains("must be before"), "{e}");
        let e = err("work-hours = \"09:00-09:00\"");
        assert!(e.message.contains("must be before"), "{e}");
        for s in [
            "9-17",
            "09:00",
            "25:00-26:00",
            "09:00-17:0",
            "09:00 to 17:00",
        ] {
            let e = err(&format!("work-hours = \"{s}\""));
            assert!(e.message.contains("HH:MM-HH:MM"), "{s}: {e}");
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
        let e = err("holidays = [\n  \"2026-12-25\",\n  \"2026-02-30\",\n]");
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("2026-02-30"), "{e}");
        let e = err("holidays = [\"25/12/2026\"]");
        assert!(e.message.contains("expected a date"), "{e}");
        let e = err("holidays = [2026-12-25T10:00:00]");
        assert!(e.message.contains("without a time"), "{e}");
        let e = err("holidays = [20261225]");
        assert!(e.message.contains("integer"), "{e}");
    }

    #[test]
    fn syntax_error_has_position() {
        let e = err("timezone = \"UTC\"\norder = \n");
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn line_col_counts_chars() {
        assert_eq!(line_col("a\nbé c", 5), (2, 3));
        assert_eq!(line_col("abc", 99), (1, 4));
    }

    #[test]
    fn load_from_dir() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Config::load(dir.path()).unwrap(), None);
        let path = dir.path().join(CONFIG_FILE_NAME);
        std::fs::write(&path, "order = \"newest-first\"\n").unwrap();
        let (p, c) = Config::load(dir.path()).unwrap().unwrap();
        assert_eq!(p, path);
        assert_eq!(c.order, Some(Order::NewestFirst));
        std::fs::write(&path, "order = \"newest-first\"\nbogus = 1\n").unwrap();
        let e = Config::load(dir.path()).unwrap_err();
        assert_eq!(e.path.as_deref(), Some(path.as_path()));
        assert_eq!(e.line, Some(2));
        assert!(
            e.to_string()
                .starts_with(&format!("{}:2:1: ", path.display())),
            "{e}"
        );
        std::fs::write(&path, b"order = \"\xff\"").unwrap();
        let e = Config::load(dir.path()).unwrap_err();
        assert!(e.message.contains("UTF-8"), "{e}");
    }
}
