//! What every command needs: the log's path, the team's calendar and order, and "now".

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use incident_core::{BusinessCalendar, parse_date, parse_timestamp};
use incident_md::{Document, Order};

use crate::cli::{Cli, ColorChoice};
use crate::config::Config;
use crate::discover::find_log;
use crate::error::CliError;
use crate::fsio::read_document_text;

/// The resolved settings of one run.
#[derive(Debug)]
pub struct Context {
    /// The log.
    pub path: PathBuf,
    /// The team's business calendar, from `.incident.toml`.
    pub calendar: BusinessCalendar,
    /// Entry order, from `.incident.toml`.
    pub order: Order,
    /// The current time (`--now`, `INCIDENT_NOW`, or the clock).
    pub now: DateTime<Utc>,
    /// Whether diagnostics are coloured.
    pub color: bool,
    /// `report.link-base` from `.incident.toml`.
    pub report_link_base: Option<String>,
}

impl Context {
    /// Resolves the log (unless `must_exist` is false, for `init`) and its settings.
    pub fn new(cli: &Cli, discover: bool) -> Result<Context, CliError> {
        let now = match &cli.now {
            Some(t) => parse_timestamp(t).map_err(|e| CliError::Usage(format!("--now: {e}")))?,
            None => Utc::now(),
        };
        let cwd = std::env::current_dir()?;
        let path = match &cli.file {
            Some(p) => p.clone(),
            None if discover => find_log(&cwd)?,
            None => cwd.join(crate::discover::LOG_FILE_NAME),
        };
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut calendar = BusinessCalendar::default();
        let mut order = Order::default();
        let mut report_link_base = None;
        if let Some((cfg_path, cfg)) = Config::load(dir)? {
            let bad =
                |e: incident_core::Error| CliError::Usage(format!("{}: {e}", cfg_path.display()));
            if let Some(tz) = &cfg.timezone {
                calendar = calendar.with_timezone_name(tz).map_err(bad)?;
            }
            if let Some(days) = &cfg.workdays {
                calendar = calendar.with_workdays(days.iter().copied()).map_err(bad)?;
            }
            if let Some((start, end)) = cfg.work_hours {
                calendar = calendar.with_work_hours(start, end).map_err(bad)?;
            }
            if let Some(h) = &cfg.holidays {
                calendar = calendar.with_holidays(h.iter().copied());
            }
            if let Some(g) = cfg.immediate_grace {
                calendar = calendar.with_immediate_grace(g);
            }
            if let Some(o) = cfg.order {
                order = o;
            }
            report_link_base = cfg.report_link_base;
        }
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                use std::io::IsTerminal;
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
        Ok(Context {
            path,
            calendar,
            order,
            now,
            color,
            report_link_base,
        })
    }

    /// Reads and parses the log; non-UTF-8 and unreadable files are refused.
    pub fn load(&self) -> Result<Document, CliError> {
        let text = read_document_text(&self.path)?;
        text.parse().map_err(|e| CliError::md(&self.path, e))
    }

    /// The path as the user should see it: relative to the current directory when inside it.
    pub fn display_path(&self) -> String {
        display_relative(&self.path)
    }

    /// A time argument, or now.
    pub fn time_or_now(&self, flag: &str, value: Option<&str>) -> Result<DateTime<Utc>, CliError> {
        value.map_or(Ok(self.now), |t| {
            parse_timestamp(t).map_err(|e| CliError::Usage(format!("{flag}: {e}")))
        })
    }
}

/// A path as the user should see it: relative to the current directory when inside it.
pub fn display_relative(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// A `--since`/`--until` date argument.
pub fn date_arg(flag: &str, value: Option<&str>) -> Result<Option<NaiveDate>, CliError> {
    value
        .map(|v| parse_date(v).map_err(|e| CliError::Usage(format!("{flag}: {e}"))))
        .transpose()
}
