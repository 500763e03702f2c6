//! What every command needs: the log's path, the team's calendar and order, and "now".

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use incident_core::BusinessCalendar;
use incident_md::dialect::Overrides;
use incident_md::fs::{
    LOG_FILE_NAME, LogDir, LogFile, LogSet, config_for_log, find_log, read_document_in,
};
use incident_md::{Document, Order};

use crate::cli::{Cli, ColorChoice};
use crate::error::CliError;

/// The resolved settings of one run.
#[derive(Debug, Clone)]
pub struct Context {
    /// The log.
    pub path: PathBuf,
    /// The team's business calendar, from `.incident.toml`.
    pub calendar: BusinessCalendar,
    /// Entry order, from `.incident.toml`.
    pub order: Order,
    /// The trigger de-duplication window, from `.incident.toml` (`dedup-window`).
    pub dedup_window: chrono::TimeDelta,
    /// The current time (`--now`, `INCIDENT_NOW`, or the clock).
    pub now: DateTime<Utc>,
    /// Whether diagnostics are coloured.
    pub color: bool,
    /// `report.link-base` from `.incident.toml`.
    pub report_link_base: Option<String>,
    /// The dialect overrides of `.incident.toml` (`[dialect]` and `order`).
    pub overrides: Overrides,
}

impl Context {
    /// Resolves the log (found by the discovery rules when `discover` is set and no `-f` was
    /// given; `init` uses `./INCIDENTS.md`) and its settings.
    pub fn new(cli: &Cli, discover: bool) -> Result<Context, CliError> {
        // The clock to the second: a time a step writes (`ack` with no `--at`) is one a person
        // would write, not `02:40:02.912272310Z`.
        let now = cli.now.unwrap_or_else(crate::clock::now);
        let cwd = std::env::current_dir()?;
        let path = match &cli.file {
            Some(p) => p.clone(),
            None if discover => find_log(&cwd)?,
            None => cwd.join(LOG_FILE_NAME),
        };
        let (config, calendar) = config_for_log(&path)?;
        let display_zone = config.display_timezone;
        let overrides = Overrides::from_config(&config);
        let (order, report_link_base, dedup_window) = (
            config.order.unwrap_or_default(),
            config.report_link_base.clone(),
            config.dedup_window(),
        );
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                use std::io::IsTerminal;
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
        // Shown times: `--tz`, else `display-timezone`, else UTC.
        crate::output::set_display_zone(cli.tz.or(display_zone).unwrap_or(chrono_tz::UTC));
        crate::output::set_label_utc(config.timezone.is_some_and(|z| z != chrono_tz::UTC));
        Ok(Context {
            path,
            calendar,
            order,
            dedup_window,
            now,
            color,
            report_link_base,
            overrides,
        })
    }

    /// A time given on the command line: one without an offset is read in the configured
    /// zone; none is now.
    pub fn time(&self, t: Option<incident_core::WrittenTime>) -> Result<DateTime<Utc>, CliError> {
        match t {
            Some(t) => Ok(t.in_zone(self.calendar.timezone())?),
            None => Ok(self.now),
        }
    }

    /// Whether the log is a directory of postmortems (one incident per file).
    pub fn is_dir(&self) -> bool {
        self.path.is_dir()
    }

    /// The log as a directory of postmortems, read in the configured zone.
    pub fn log_dir(&self) -> Result<LogDir, CliError> {
        LogDir::open(&self.path)
            .map(|d| {
                d.with_timezone(self.calendar.timezone())
                    .with_dialect(self.overrides.clone())
            })
            .map_err(|e| CliError::md(&self.path, e))
    }

    /// Reads the whole log: the one file, or every postmortem of the directory.
    pub fn load_set(&self) -> Result<LogSet, CliError> {
        if self.is_dir() {
            return self
                .log_dir()?
                .read()
                .map_err(|e| CliError::md(&self.path, e));
        }
        Ok(LogSet::single(self.path.clone(), self.load()?))
    }

    /// The context of the one file that holds the incident `id` (an ID or unique prefix across
    /// the directory's files), with the incident's full ID; for a single file, itself and `id`.
    pub fn for_incident(&self, id: &str) -> Result<(Context, String), CliError> {
        if !self.is_dir() {
            return Ok((self.clone(), id.to_owned()));
        }
        let (file, id) = self
            .log_dir()?
            .file_of(id)
            .map_err(|e| CliError::md(&self.path, e))?;
        let mut ctx = self.clone();
        ctx.path = file.path().to_path_buf();
        Ok((ctx, id))
    }

    /// Reads and parses the log, times without an offset in the configured zone; special,
    /// non-UTF-8 and unreadable files are refused, and so is a directory: what works on a
    /// directory of postmortems uses [`load_set`](Self::load_set).
    pub fn load(&self) -> Result<Document, CliError> {
        if self.is_dir() {
            return Err(CliError::Usage(format!(
                "{} is a directory of postmortems; this command works on one file of it (--file {}/NAME.md)",
                self.display_path(),
                self.display_path()
            )));
        }
        read_document_in(&self.path, self.calendar.timezone(), self.overrides.clone())
            .map_err(|e| CliError::md(&self.path, e))
    }

    /// [`load`](Self::load) for a command that only reads: the document lives until the
    /// process exits and is never freed. Freeing it piece by piece (tens of thousands of small
    /// allocations in a large log) was about a quarter of a `list`; the exit returns the memory
    /// at once. Not for a long-running server, which would keep every version it read.
    pub fn load_for_run(&self) -> Result<&'static Document, CliError> {
        self.load().map(|doc| &*Box::leak(Box::new(doc)))
    }

    /// [`load_set`](Self::load_set) for a command that only reads, kept until the process
    /// exits as [`load_for_run`](Self::load_for_run) keeps its document.
    pub fn load_set_for_run(&self) -> Result<&'static LogSet, CliError> {
        self.load_set().map(|set| &*Box::leak(Box::new(set)))
    }

    /// The log as a file to edit under its lock, read in the configured zone.
    pub fn log_file(&self) -> Result<LogFile, CliError> {
        LogFile::open(&self.path)
            .map(|log| {
                log.with_timezone(self.calendar.timezone())
                    .with_dialect(self.overrides.clone())
            })
            .map_err(|e| CliError::md(&self.path, e))
    }

    /// The path as the user should see it in output: relative to the current directory when
    /// inside it.
    pub fn display_path(&self) -> String {
        display_relative(&self.path)
    }
}

/// A path as the user should see it in output: relative to the current directory when inside it.
pub fn display_relative(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}
