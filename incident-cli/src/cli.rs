//! The command line, as clap reads it.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;
use incident_core::Severity;

/// `--now`, `--at`, `--detected`: an ISO 8601 time, checked by clap.
fn time_arg(text: &str) -> Result<DateTime<Utc>, incident_core::Error> {
    incident_core::parse_timestamp(text)
}

/// `--since`, `--until`: a `YYYY-MM-DD` date, checked by clap.
fn date_arg(text: &str) -> Result<NaiveDate, incident_core::Error> {
    incident_core::parse_date(text)
}

/// `--severity`: CRITICAL, HIGH, MEDIUM or LOW, checked by clap.
fn severity_arg(text: &str) -> Result<Severity, incident_core::Error> {
    text.parse()
}

/// A follow-up, `TEXT - @OWNER - YYYY-MM-DD` (owner and date optional), checked by clap: one
/// that names an owner without `@` or a due date that is not a date (`Fix - dana - March 5`)
/// is refused with what to write instead, rather than logged for `check` to flag.
fn follow_up_text(text: &str) -> Result<String, String> {
    let f = incident_core::FollowUp::from_item_text(text, false);
    let bad_due = matches!(f.due, Some(incident_core::Due::Text(_)));
    let bare_owner = f.assignee.is_none() && f.due.is_some();
    let mut needs = Vec::new();
    if bare_owner {
        let owner = f
            .action
            .rsplit(['-', '–', '—'])
            .next()
            .map(str::trim)
            .filter(|o| !o.is_empty() && !o.contains(' '));
        needs.push(match owner {
            Some(o) => format!("the owner needs an @ (`@{o}`)"),
            None => "the owner needs an @".to_owned(),
        });
    }
    if bad_due {
        needs.push("the due date YYYY-MM-DD".to_owned());
    }
    if needs.is_empty() {
        return Ok(text.to_owned());
    }
    Err(format!(
        "{}; write it as `TEXT - @OWNER - YYYY-MM-DD`",
        needs.join(", ")
    ))
}

/// Read, check and edit a team's INCIDENTS.md without ever damaging it.
#[derive(Debug, Parser)]
#[command(name = "incident", version, about, propagate_version = true)]
pub struct Cli {
    /// The log to use (default: INCIDENTS.md or incidents/INCIDENTS.md here or in the nearest
    /// ancestor, up to the repository root).
    #[arg(
        short = 'f',
        long,
        global = true,
        value_name = "PATH",
        help_heading = "Global options"
    )]
    pub file: Option<PathBuf>,

    /// The current time, RFC 3339, for reproducible output.
    #[arg(long, global = true, env = "INCIDENT_NOW", value_name = "RFC3339", value_parser = time_arg, help_heading = "Global options")]
    pub now: Option<DateTime<Utc>>,

    /// When to colour tables and diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, help_heading = "Global options")]
    pub color: ColorChoice,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the canonical template to a new INCIDENTS.md.
    #[command(
        after_help = "Examples:\n  incident init\n  incident init --dry-run\n  incident -f incidents/INCIDENTS.md init"
    )]
    Init {
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
        /// Print the diff instead of writing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Add an incident; prints its ID.
    #[command(
        after_help = "Examples:\n  incident new --title \"API outage\" --severity HIGH\n  ID=$(incident new --title \"Disk full\" --severity LOW --impact \"Batch jobs delayed.\")\n  incident new --from-json incident.json --format json"
    )]
    New(NewArgs),
    /// List incidents.
    #[command(
        after_help = "Examples:\n  incident list --status open\n  incident list --severity HIGH,CRITICAL --since 2026-03-01\n  incident list --format csv > incidents.csv"
    )]
    List(ListArgs),
    /// Show one incident.
    #[command(
        after_help = "Examples:\n  incident show 2026-03-02-api\n  incident show 2026-03-02-api --format md\n  incident show 2026-03-02-api --format json"
    )]
    Show {
        /// Incident ID or unique prefix.
        #[arg(add = ArgValueCompleter::new(crate::complete::incident_ids))]
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Record that an incident was acknowledged.
    #[command(
        after_help = "Examples:\n  incident ack 2026-03-02-api\n  incident ack 2026-03-02-api --at 2026-03-02T10:12:00Z\n  incident ack 2026-03-02-api --dry-run"
    )]
    Ack {
        /// Incident ID or unique prefix.
        #[arg(add = ArgValueCompleter::new(crate::complete::incident_ids))]
        id: String,
        /// When (default: now).
        #[arg(long, value_name = "TIME", value_parser = time_arg)]
        at: Option<DateTime<Utc>>,
        /// Print the diff instead of writing.
        #[arg(long)]
        dry_run: bool,
        /// Output: a one-line summary, or the incident after the change as JSON.
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
    },
    /// Record that an incident was resolved.
    #[command(
        after_help = "Examples:\n  incident resolve 2026-03-02-api --resolution \"Rolled back release 41.\"\n  incident resolve 2026-03-02-api --at 2026-03-02T11:40:00Z --format json"
    )]
    Resolve {
        /// Incident ID or unique prefix.
        #[arg(add = ArgValueCompleter::new(crate::complete::incident_ids))]
        id: String,
        /// When (default: now).
        #[arg(long, value_name = "TIME", value_parser = time_arg)]
        at: Option<DateTime<Utc>>,
        /// How it was resolved.
        #[arg(long)]
        resolution: Option<String>,
        /// Print the diff instead of writing.
        #[arg(long)]
        dry_run: bool,
        /// Output: a one-line summary, or the incident after the change as JSON.
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
    },
    /// Set or replace one field of an incident (text fields: `-` reads standard input).
    #[command(
        after_help = "Examples:\n  incident set 2026-03-02-api impact \"Checkout failed for 4 minutes.\"\n  incident set 2026-03-02-api root-cause - < root-cause.md\n  incident set 2026-03-02-api severity CRITICAL --dry-run"
    )]
    Set {
        /// Incident ID or unique prefix.
        #[arg(add = ArgValueCompleter::new(crate::complete::incident_ids))]
        id: String,
        /// The field.
        #[arg(value_parser = settable_fields())]
        field: incident_md::FieldName,
        /// The new value.
        value: String,
        /// Print the diff instead of writing.
        #[arg(long)]
        dry_run: bool,
        /// Output: a one-line summary, or the incident after the change as JSON.
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
    },
    /// Add or complete follow-up actions.
    #[command(
        after_help = "Examples:\n  incident action add 2026-03-02-api \"Add a canary - @dana - 2026-03-12\"\n  incident action done 2026-03-02-api 1\n  incident action done 2026-03-02-api 1 --undo"
    )]
    #[command(subcommand)]
    Action(ActionCommand),
    /// Add related log entries.
    #[command(
        after_help = "Examples:\n  incident related add 2026-03-02-api \"../logs/LOGS.md#2026-03-02-deploy\"\n  incident related add 2026-03-02-api \"[deploy 41](../logs/LOGS.md#deploy-41)\""
    )]
    #[command(subcommand)]
    Related(RelatedCommand),
    /// List follow-up actions across incidents.
    #[command(
        after_help = "Examples:\n  incident actions --open\n  incident actions --overdue --owner @dana\n  incident actions --format json"
    )]
    Actions(ActionsArgs),
    /// Check structure, post-incident requirements, response times and sibling files.
    #[command(
        after_help = "Examples:\n  incident check\n  incident check --code PIR001,PIR002\n  incident check --deny warnings\n  incident check --format json"
    )]
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
        /// Fail (exit 1) on these findings too, not only on errors.
        #[arg(long, value_enum, value_name = "LEVEL")]
        deny: Option<DenyLevel>,
        /// Only findings of these codes (repeatable, or comma-separated: `PIR001,SLA001`).
        #[arg(long = "code", value_name = "CODE", value_delimiter = ',', value_parser = code_arg)]
        codes: Vec<incident_core::Code>,
    },
    /// Response deadline and status of each incident.
    #[command(after_help = "Examples:\n  incident sla\n  incident sla --format json")]
    Sla {
        /// Output format.
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
    },
    /// Evaluate an escalation trigger; when it fires, log the incident it calls for.
    #[command(
        after_help = "Examples:\n  incident trigger availability --value 99.5 --dry-run\n  incident trigger failed-production-deployment --title \"Deploy 41 failed\""
    )]
    Trigger(TriggerArgs),
    /// Metrics for a review meeting.
    Report {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        /// First day (YYYY-MM-DD, UTC date of detection).
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        since: Option<NaiveDate>,
        /// Last day (YYYY-MM-DD, inclusive).
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        until: Option<NaiveDate>,
    },
    /// Print a static shell completion script (for completion of incident IDs too, use the
    /// dynamic one: `source <(COMPLETE=bash incident)`, or `zsh`, `fish`, `elvish`, `powershell`).
    #[command(
        after_help = "Examples:\n  incident completions bash > ~/.local/share/bash-completion/completions/incident\n  incident completions zsh > ~/.zfunc/_incident"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// `incident new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Title.
    #[arg(long, required_unless_present = "from_json")]
    pub title: Option<String>,
    /// CRITICAL, HIGH, MEDIUM or LOW.
    #[arg(long, required_unless_present = "from_json", value_parser = severity_arg)]
    pub severity: Option<Severity>,
    /// Category, such as CLUSTER_FAILURE.
    #[arg(long)]
    pub category: Option<String>,
    /// Detection time (default: now).
    #[arg(long, value_name = "TIME", value_parser = time_arg)]
    pub detected: Option<DateTime<Utc>>,
    /// What happened.
    #[arg(long)]
    pub description: Option<String>,
    /// Affected systems, users, services.
    #[arg(long)]
    pub impact: Option<String>,
    /// Technical root cause.
    #[arg(long)]
    pub root_cause: Option<String>,
    /// Steps taken to resolve.
    #[arg(long)]
    pub resolution: Option<String>,
    /// A follow-up action, `TEXT - @OWNER - YYYY-MM-DD` (repeatable).
    #[arg(long = "action", value_name = "ACTION", value_parser = follow_up_text)]
    pub actions: Vec<String>,
    /// What could be improved.
    #[arg(long)]
    pub lessons: Option<String>,
    /// A related log: a link target or text (repeatable).
    #[arg(long = "related-log", value_name = "LOG")]
    pub related_logs: Vec<String>,
    /// Read the incident from a JSON file (`-` for standard input), in the form `show --format
    /// json` prints.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["title", "severity"])]
    pub from_json: Option<PathBuf>,
    /// Print the diff instead of writing.
    #[arg(long)]
    pub dry_run: bool,
    /// Output: the new ID (its summary on standard error), or the incident as JSON.
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
}

/// `incident list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only these severities (repeatable, or comma-separated: `HIGH,CRITICAL`).
    #[arg(long, value_parser = severity_arg, value_delimiter = ',')]
    pub severity: Vec<Severity>,
    /// Only this category.
    #[arg(long)]
    pub category: Option<String>,
    /// Only open or resolved incidents.
    #[arg(long, value_enum)]
    pub status: Option<StatusFilter>,
    /// Detected on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub since: Option<NaiveDate>,
    /// Detected on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = date_arg)]
    pub until: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// `incident action …`.
#[derive(Debug, Subcommand)]
pub enum ActionCommand {
    /// Add a follow-up action, `TEXT - @OWNER - YYYY-MM-DD`.
    #[command(
        after_help = "Examples:\n  incident action add 2026-03-02-api \"Add a canary - @dana - 2026-03-12\""
    )]
    Add {
        /// Incident ID or unique prefix.
        #[arg(add = ArgValueCompleter::new(crate::complete::incident_ids))]
        id: String,
        /// The action, `TEXT - @OWNER - YYYY-MM-DD`.
        #[arg(value_parser = follow_up_text)]
        action: String,
        /// Print the diff instead of writing.
        #[arg(long)]
        dry_run: bool,
        /// Output: a one-line summary, or the incident after the change as JSON.
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
    },
    /// Mark follow-up action N (counted from 1) done.
    #[command(
        after_help = "Examples:\n  incident action done 2026-03-02-api 2\n  incident action done 2026-03-02-api 2 --undo"
    )]
    Done {
        /// Incident ID or unique prefix.
        #[arg(add = ArgValueCompleter::new(crate::complete::incident_ids))]
        id: String,
        /// The action's number.
        n: usize,
        /// Mark it not done instead.
        #[arg(long)]
        undo: bool,
        /// Print the diff instead of writing.
        #[arg(long)]
        dry_run: bool,
        /// Output: a one-line summary, or the incident after the change as JSON.
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
    },
}

/// `incident related …`.
#[derive(Debug, Subcommand)]
pub enum RelatedCommand {
    /// Add a related log: `[text](target)`, a link target such as `../logs/LOGS.md#anchor`, or
    /// plain text.
    #[command(
        after_help = "Examples:\n  incident related add 2026-03-02-api \"LOGS.md#2026-03-02-deploy\""
    )]
    Add {
        /// Incident ID or unique prefix.
        #[arg(add = ArgValueCompleter::new(crate::complete::incident_ids))]
        id: String,
        /// The related log.
        log: String,
        /// Print the diff instead of writing.
        #[arg(long)]
        dry_run: bool,
        /// Output: a one-line summary, or the incident after the change as JSON.
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
    },
}

/// The fields `incident set` writes, by kebab-case label (the follow-up and related-log lists
/// have their own commands).
const SETTABLE_FIELDS: [&str; 10] = [
    "severity",
    "category",
    "detected",
    "acknowledged",
    "resolved",
    "description",
    "impact",
    "root-cause",
    "resolution",
    "lessons-learned",
];

/// A settable field by name, listed in `--help`.
fn settable_fields() -> impl clap::builder::TypedValueParser<Value = incident_md::FieldName> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(SETTABLE_FIELDS)
        .map(|s| incident_md::FieldName::from_label(&s).expect("settable fields are field labels"))
}

/// `incident actions`.
#[derive(Debug, Args)]
pub struct ActionsArgs {
    /// Only open actions.
    #[arg(long)]
    pub open: bool,
    /// Only overdue actions.
    #[arg(long)]
    pub overdue: bool,
    /// Only this owner (`@name` or `name`).
    #[arg(long)]
    pub owner: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// `incident trigger`.
#[derive(Debug, Args)]
pub struct TriggerArgs {
    /// Which trigger.
    #[arg(value_parser = trigger_kinds())]
    pub kind: incident_core::TriggerKind,
    /// The measured value: availability in percent, or failed attempts.
    #[arg(long)]
    pub value: Option<String>,
    /// Title of the incident to log (default: the trigger's suggestion).
    #[arg(long)]
    pub title: Option<String>,
    /// Evaluate and print the diff, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
}

/// Trigger kinds by their kebab-case names, with the possible values listed in `--help`.
fn trigger_kinds() -> impl clap::builder::TypedValueParser<Value = incident_core::TriggerKind> {
    use clap::builder::TypedValueParser as _;
    use strum::IntoEnumIterator;
    let names: Vec<&'static str> = incident_core::TriggerKind::iter()
        .map(<&str>::from)
        .collect();
    clap::builder::PossibleValuesParser::new(names)
        .map(|s| s.parse().expect("possible values are kind names"))
}

/// `check --code`: a finding code such as `PIR001`, checked by clap.
fn code_arg(text: &str) -> Result<incident_core::Code, String> {
    text.trim()
        .to_ascii_uppercase()
        .parse()
        .map_err(|_| format!("unknown finding code `{text}` (the README lists them)"))
}

/// `check --deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DenyLevel {
    /// Warnings fail the check as errors do.
    Warnings,
}

/// `--status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFilter {
    /// Not resolved.
    Open,
    /// Resolved.
    Resolved,
}

/// Formats of listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned columns.
    Table,
    /// A JSON array.
    Json,
    /// Comma-separated values with a header.
    Csv,
}

/// Formats of `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// A card: status, response deadline, open follow-ups, unmet requirements.
    Text,
    /// The entry's markdown, as in the file.
    Md,
    /// A JSON object.
    Json,
}

/// Text or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    /// For people.
    Text,
    /// For programs.
    Json,
}

/// Table or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Aligned columns.
    Table,
    /// A JSON array.
    Json,
}

/// Markdown or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown.
    Md,
    /// JSON.
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn malformed_follow_ups_say_what_to_write() {
        assert_eq!(
            follow_up_text("Fix - dana - March 5").unwrap_err(),
            "the owner needs an @ (`@dana`), the due date YYYY-MM-DD; write it as `TEXT - @OWNER - YYYY-MM-DD`"
        );
        assert_eq!(
            follow_up_text("Fix - @dana - March 5").unwrap_err(),
            "the due date YYYY-MM-DD; write it as `TEXT - @OWNER - YYYY-MM-DD`"
        );
        assert!(
            follow_up_text("Fix - dana - 2026-03-05")
                .unwrap_err()
                .starts_with("the owner needs an @ (`@dana`);")
        );
        for good in [
            "Fix - @dana - 2026-03-05",
            "Fix - @dana",
            "Fix",
            "Roll back - then verify",
        ] {
            assert_eq!(follow_up_text(good).as_deref(), Ok(good));
        }
    }

    #[test]
    fn command_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// Every subcommand's `--help` has examples, and each parses as the command line it shows
    /// (shell redirections and `$(…)` aside).
    #[test]
    fn every_subcommand_has_examples_that_parse() {
        fn visit(cmd: &clap::Command, path: &str, examples: &mut Vec<String>) {
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                let name = format!("{path} {}", sub.get_name());
                let help = sub
                    .get_after_help()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                // `report` is the reports engineer's; its examples come with its options.
                if sub.get_name() != "report" {
                    assert!(help.starts_with("Examples:\n"), "`{name}` has no examples");
                }
                examples.extend(help.lines().skip(1).map(|l| l.trim().to_owned()));
                visit(sub, &name, examples);
            }
        }
        let mut examples = Vec::new();
        visit(&Cli::command(), "incident", &mut examples);
        assert!(examples.len() > 30, "{examples:?}");
        for example in examples {
            let line = example
                .split(" > ")
                .next()
                .unwrap()
                .split(" < ")
                .next()
                .unwrap()
                .trim_start_matches("ID=$(")
                .trim_end_matches(')');
            let words = shell_words(line);
            assert_eq!(words[0], "incident", "{example}");
            if let Err(e) = Cli::try_parse_from(&words) {
                panic!("`{example}`: {e}");
            }
        }
    }

    /// Splits on spaces, keeping `"double quoted"` words together.
    fn shell_words(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut word = String::new();
        let mut quoted = false;
        for c in s.chars() {
            match c {
                '"' => quoted = !quoted,
                ' ' if !quoted => out.extend((!word.is_empty()).then(|| std::mem::take(&mut word))),
                c => word.push(c),
            }
        }
        out.extend((!word.is_empty()).then_some(word));
        out
    }

    #[test]
    fn severities_may_be_comma_separated() {
        let cli = Cli::try_parse_from([
            "incident",
            "list",
            "--severity",
            "HIGH,critical",
            "--severity",
            "LOW",
        ])
        .unwrap();
        let Command::List(args) = cli.command else {
            panic!("not list")
        };
        assert_eq!(
            args.severity,
            [Severity::High, Severity::Critical, Severity::Low]
        );
    }

    #[test]
    fn settable_fields_are_known_single_value_fields() {
        for name in SETTABLE_FIELDS {
            let field = incident_md::FieldName::from_label(name).unwrap();
            assert_ne!(field, incident_md::FieldName::FollowUpActions);
            assert_ne!(field, incident_md::FieldName::RelatedLogs);
        }
    }
}
