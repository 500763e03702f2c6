//! The command line, as clap reads it.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;
use incident_core::Severity;
use incident_core::WrittenTime;

/// `--now`, `--at`, `--detected`: an ISO 8601 time, checked by clap.
fn time_arg(text: &str) -> Result<DateTime<Utc>, incident_core::Error> {
    incident_core::parse_timestamp(text)
}

/// `--at`, `--detected`: a time with an offset, or a local time read in the configured zone.
/// `--tz`: an IANA zone name.
fn zone_arg(text: &str) -> Result<chrono_tz::Tz, incident_core::Error> {
    text.parse()
        .map_err(|_| incident_core::Error::UnknownTimeZone {
            name: text.to_owned(),
        })
}

fn written_time_arg(text: &str) -> Result<WrittenTime, incident_core::Error> {
    text.parse()
}

/// `--since`, `--until`: a `YYYY-MM-DD` date, checked by clap.
fn date_arg(text: &str) -> Result<NaiveDate, incident_core::Error> {
    incident_core::parse_date(text)
}

/// `--severity`: CRITICAL, HIGH, MEDIUM or LOW, checked by clap.
fn severity_arg(text: &str) -> Result<Severity, incident_core::Error> {
    text.parse()
}
use incident_core::{CompareTo, Period};

/// A follow-up, `TEXT - @OWNER - YYYY-MM-DD` (owner and date optional), checked by clap: one
/// that names an owner without `@` or a due date that is not a date (`Fix - dana - March 5`)
/// is refused with what to write instead, rather than logged for `check` to flag.
fn follow_up_text(text: &str) -> Result<String, String> {
    incident_core::FollowUp::parse_strict(text)
        .map(|_| text.to_owned())
        .map_err(|e| e.to_string())
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

    /// The IANA zone tables, cards, summaries and reports show times in (default:
    /// `display-timezone` of .incident.toml, else UTC). JSON stays RFC 3339 UTC.
    #[arg(long, global = true, env = "INCIDENT_TZ", value_name = "ZONE", value_parser = zone_arg, help_heading = "Global options")]
    pub tz: Option<chrono_tz::Tz>,

    /// Threads that read a long log's entries: 0 for every core [default: every core for the
    /// commands that only read, one for edits].
    #[arg(
        long,
        global = true,
        env = "INCIDENT_THREADS",
        value_name = "N",
        help_heading = "Global options"
    )]
    pub threads: Option<usize>,

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
        #[arg(long, value_name = "TIME", value_parser = written_time_arg)]
        at: Option<WrittenTime>,
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
        #[arg(long, value_name = "TIME", value_parser = written_time_arg)]
        at: Option<WrittenTime>,
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
    /// Record that an incident was mitigated: the impact stopped, the fix may follow.
    #[command(
        after_help = "Examples:\n  incident mitigate 2026-03-02-api --at 2026-03-02T10:40:00Z"
    )]
    Mitigate(StepArgs),
    /// Reopen a resolved or cancelled incident; its resolution goes to the timeline.
    #[command(after_help = "Examples:\n  incident reopen 2026-03-02-api")]
    Reopen(StepArgs),
    /// Cancel an incident: a false alarm, or a duplicate of another.
    #[command(
        after_help = "Examples:\n  incident cancel 2026-03-02-api --reason \"false alarm\"\n  incident cancel 2026-03-02-api-2 --reason \"same page\" --duplicate-of 2026-03-02-api"
    )]
    Cancel {
        /// Why (`false alarm`, `same alert as the API outage`).
        #[arg(long)]
        reason: String,
        /// The incident it duplicates (an ID or unique prefix).
        #[arg(long, value_name = "ID")]
        duplicate_of: Option<String>,
        #[command(flatten)]
        step: StepArgs,
    },
    /// Record what happened when, in the incident's timeline.
    #[command(subcommand)]
    #[command(
        after_help = "Examples:\n  incident timeline add 2026-03-02-api \"Rolled back the deploy\""
    )]
    Timeline(TimelineCommand),
    /// Set or replace one field of an incident (text fields: `-` reads standard input).
    #[command(
        after_help = "Examples:\n  incident set 2026-03-02-api impact \"Checkout failed for 4 minutes.\"\n  incident set 2026-03-02-api root-cause - < root-cause.md\n  incident set 2026-03-02-api severity CRITICAL --dry-run"
    )]
    Set {
        /// Incident ID or unique prefix.
        #[arg(add = ArgValueCompleter::new(crate::complete::incident_ids))]
        id: String,
        /// The field (`title` too: the ID does not change).
        #[arg(value_parser = settable_fields())]
        field: SetField,
        /// The new value.
        #[arg(required_unless_present = "clear")]
        value: Option<String>,
        /// Clear the field: the template's placeholder is written back.
        #[arg(long, conflicts_with = "value")]
        clear: bool,
        #[command(flatten)]
        guard: GuardArgs,
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
    /// What the tool understood of the log: its format (with the line each part was learned
    /// from), the incidents found, the sections skipped and why, where a new entry would go.
    #[command(after_help = "Examples:\n  incident explain\n  incident explain --format json")]
    Explain {
        /// Output format.
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
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
    /// Metrics for a review meeting: summary, tables, charts; markdown, HTML or JSON.
    #[command(
        after_help = "Examples:\n  incident report --month 2026-03\n  incident report --quarter 2026Q1 --compare previous\n  incident report --format html --output report.html"
    )]
    Report(ReportArgs),
    /// Find damage from tools and merges (mojibake, mixed line endings, leftover conflicts,
    /// duplicated entries, a stale Last Incident); `--fix` repairs what it can by splices.
    #[command(after_help = "Examples:\n  incident doctor\n  incident doctor --fix --dry-run")]
    Doctor {
        /// Repair what can be repaired.
        #[arg(long)]
        fix: bool,
        /// With --fix, print the diff instead of writing.
        #[arg(long, requires = "fix")]
        dry_run: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
    },
    /// Git's merge driver for the log: merges %A (ours) and %B (theirs) from %O (their common
    /// base) by incident, writes the result to %A; exit 0 clean, 1 conflicts, 2 unreadable input.
    #[command(
        after_help = "Examples:\n  incident merge-driver base.md ours.md theirs.md --marker-size 7 --path INCIDENTS.md"
    )]
    MergeDriver(MergeDriverArgs),
    /// Tell whether a structural merge is clean: print the merged file (exit 0) or the conflicts
    /// (exit 1); for CI, where merge drivers do not run.
    #[command(
        after_help = "Examples:\n  incident merge-check base.md ours.md theirs.md\n  incident merge-check --against origin/main"
    )]
    MergeCheck(MergeCheckArgs),
    /// Git set-up for this clone.
    #[command(subcommand)]
    #[command(after_help = "Examples:\n  incident git setup --dry-run")]
    Git(GitCommand),
    /// Serve the log to agents: a Model Context Protocol server on standard input and output.
    #[command(after_help = "Examples:\n  incident mcp\n  incident mcp --allow-write")]
    Mcp {
        /// List the write tools too (default: read-only; or `allow-write = true` in the [mcp]
        /// table of .incident.toml).
        #[arg(long)]
        allow_write: bool,
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
    /// Print the JSON Schema of a command's `--format json` output, or of `new --from-json`'s
    /// input (`from-json`); without a name, all of them in one object keyed by name.
    #[command(
        after_help = "Examples:\n  incident schema show\n  incident schema from-json\n  incident schema > incident-schemas.json"
    )]
    Schema {
        /// Whose schema.
        name: Option<SchemaName>,
    },
}

impl Command {
    /// Whether the command only reads the log: a large log is then read on every core, which
    /// pays for reading (`list`, `check`: 0.83 and 0.90 of the time on 10,000 incidents) but not
    /// for an edit, whose second reading frees the first one's entries across threads (1.12).
    pub fn only_reads(&self) -> bool {
        matches!(
            self,
            Command::List(_)
                | Command::Show { .. }
                | Command::Actions(_)
                | Command::Check { .. }
                | Command::Explain { .. }
                | Command::Sla { .. }
                | Command::Report(_)
        )
    }
}

/// The JSON shapes `incident schema` describes, by the command that prints (or reads) them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaName {
    /// `list --format json`: an array of incidents.
    List,
    /// `show --format json`: one incident.
    Show,
    /// `new --format json`: the new incident.
    New,
    /// `new --from-json`'s input (`show`'s output is accepted).
    FromJson,
    /// The incident after a change: `ack`, `resolve`, `set`, `action`, `related` with
    /// `--format json`.
    #[value(
        alias = "ack",
        alias = "resolve",
        alias = "set",
        alias = "action",
        alias = "related"
    )]
    Change,
    /// A lifecycle step: `mitigate`, `reopen`, `cancel`, `timeline` with `--format json`.
    #[value(
        alias = "mitigate",
        alias = "reopen",
        alias = "cancel",
        alias = "timeline"
    )]
    Step,
    /// `sla --format json`: an array of response rows.
    Sla,
    /// `actions --format json`: an array of follow-up rows.
    Actions,
    /// `check --format json`.
    Check,
    /// `report --format json`.
    Report,
    /// `trigger --format json`.
    Trigger,
    /// `explain --format json`.
    Explain,
    /// `doctor --format json`.
    Doctor,
}

/// `incident new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Title.
    #[arg(long, required_unless_present = "from_json")]
    pub title: Option<String>,
    /// CRITICAL, HIGH, MEDIUM or LOW, or a word of the log's own scale (`SEV1`, `P2`), as
    /// `set ID severity` takes it.
    #[arg(long, required_unless_present = "from_json")]
    pub severity: Option<String>,
    /// Category, such as CLUSTER_FAILURE.
    #[arg(long)]
    pub category: Option<String>,
    /// Who owns the incident (`@dana`): written as the entry's Owner field.
    #[arg(long, value_name = "WHO")]
    pub owner: Option<String>,
    /// Detection time (default: now).
    #[arg(long, value_name = "TIME", value_parser = written_time_arg)]
    pub detected: Option<WrittenTime>,
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
    /// What could be improved (one name per field: `lessons-learned` in `set`,
    /// `lessons_learned` in JSON; `--lessons` is still accepted).
    #[arg(
        long = "lessons-learned",
        visible_alias = "lessons",
        value_name = "TEXT"
    )]
    pub lessons: Option<String>,
    /// A related log: a link target or text (repeatable).
    #[arg(long = "related-log", value_name = "LOG")]
    pub related_logs: Vec<String>,
    /// Read the incident from a JSON file (`-` for standard input), in the form `show --format
    /// json` prints.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["title", "severity"])]
    pub from_json: Option<PathBuf>,
    #[command(flatten)]
    pub guard: GuardArgs,
    /// Print the diff instead of writing.
    #[arg(long)]
    pub dry_run: bool,
    /// Output: the new ID (its summary on standard error), or the incident as JSON.
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
}

/// What a write may add that `check` reports as an error.
#[derive(Debug, Clone, Copy, Args)]
pub struct GuardArgs {
    /// Write even what `check` would report as an error (each is printed as a warning).
    #[arg(long)]
    pub force: bool,
    /// Accept a category that is not in the log's categories table.
    #[arg(long)]
    pub allow_unknown: bool,
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
    /// Add a follow-up action, `TEXT - @OWNER - YYYY-MM-DD` (or `TEXT --owner @X --due DATE`).
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
        /// Its owner (`@name` or `name`).
        #[arg(long, value_name = "@OWNER")]
        owner: Option<String>,
        /// Its due date.
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        due: Option<NaiveDate>,
        #[command(flatten)]
        guard: GuardArgs,
        /// Print the diff instead of writing.
        #[arg(long)]
        dry_run: bool,
        /// Output: a one-line summary, or the incident after the change as JSON.
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
    },
    /// Change follow-up action N (counted from 1): its text, owner or due date.
    #[command(
        after_help = "Examples:\n  incident action edit 2026-03-02-api 1 --owner @sam --due 2026-03-20"
    )]
    Edit {
        /// Incident ID or unique prefix.
        id: String,
        /// The action's number.
        n: usize,
        /// The new text.
        #[arg(long)]
        text: Option<String>,
        /// The new owner (`@name` or `name`).
        #[arg(long, value_name = "@OWNER")]
        owner: Option<String>,
        /// The new due date.
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        due: Option<NaiveDate>,
        #[command(flatten)]
        guard: GuardArgs,
        /// Print the diff instead of writing.
        #[arg(long)]
        dry_run: bool,
        /// Output: a one-line summary, or the incident after the change as JSON.
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
    },
    /// Remove follow-up action N (counted from 1).
    #[command(after_help = "Examples:\n  incident action remove 2026-03-02-api 2")]
    Remove {
        /// Incident ID or unique prefix.
        id: String,
        /// The action's number.
        n: usize,
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

/// The arguments of a lifecycle step: the incident, when, and the output.
#[derive(Debug, Args)]
pub struct StepArgs {
    /// Incident ID or unique prefix.
    pub id: String,
    /// When it happened (default: now).
    #[arg(long, value_name = "TIME", value_parser = written_time_arg)]
    pub at: Option<WrittenTime>,
    /// Output: a one-line summary (`mitigated ID at 10:40, 40m after detection`), or
    /// `{"id", "stage"}`.
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
    /// Print the diff instead of writing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `incident timeline …`.
#[derive(Debug, Subcommand)]
pub enum TimelineCommand {
    /// Add an item, `TIME — TEXT`, in time order (a backdated item goes where it belongs); the
    /// time is `--at`, or the one TEXT starts with (`2026-03-02T10:12Z — paged`), else now.
    #[command(
        after_help = "Examples:\n  incident timeline add 2026-03-02-api --at 2026-03-02T10:12:00Z \"Paged the database team\""
    )]
    Add {
        // The ID comes first on the command line: `timeline add ID TEXT`.
        #[command(flatten)]
        step: StepArgs,
        /// What happened.
        #[arg(value_name = "TEXT")]
        text: String,
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
const SETTABLE_FIELDS: [&str; 13] = [
    "title",
    "severity",
    "category",
    "owner",
    "detected",
    "acknowledged",
    "mitigated",
    "resolved",
    "description",
    "impact",
    "root-cause",
    "resolution",
    "lessons-learned",
];

/// What `set` changes: the title (in the heading), or a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetField {
    /// The title after `Incident:`.
    Title,
    /// A field of the entry.
    Field(incident_md::FieldName),
}

/// A settable field by name, listed in `--help`.
fn settable_fields() -> impl clap::builder::TypedValueParser<Value = SetField> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(SETTABLE_FIELDS).map(|s| match s.as_str() {
        "title" => SetField::Title,
        s => SetField::Field(
            incident_md::FieldName::from_label(s).expect("settable fields are field labels"),
        ),
    })
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
    /// Severity (default: the trigger's suggestion).
    #[arg(long, value_parser = severity_arg)]
    pub severity: Option<Severity>,
    /// Category (default: the trigger's suggestion).
    #[arg(long)]
    pub category: Option<String>,
    /// Description (default: the trigger and why it fired).
    #[arg(long)]
    pub description: Option<String>,
    /// When the signal was detected (default: now).
    #[arg(long, value_name = "TIME", value_parser = written_time_arg)]
    pub detected: Option<WrittenTime>,
    /// De-duplicate by this key instead of the trigger's kind: a firing within the window of
    /// an open incident with the same key adds to its timeline.
    #[arg(long, value_name = "KEY")]
    pub dedup_key: Option<String>,
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
    /// Neither resolved nor cancelled.
    Open,
    /// Resolved.
    Resolved,
    /// Cancelled (a false alarm, a duplicate).
    Cancelled,
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

/// `incident report`.
#[derive(Debug, Args)]
#[command(
    after_help = "Periods: 30d (the 30 days ending today), 2026-03-05, 2026-03, 2026Q1, 2026, \
2026-01-01..2026-02-15.\n\nExamples:\n  incident report --month 2026-03 --compare previous\n  \
incident report --since 30d\n  incident report --quarter 2026Q1 --format html --output q1.html"
)]
pub struct ReportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,
    /// From the first day of this period (UTC date of detection).
    #[arg(long, value_name = "PERIOD")]
    pub since: Option<Period>,
    /// To the last day of this period, inclusive.
    #[arg(long, value_name = "PERIOD")]
    pub until: Option<Period>,
    /// One calendar month, YYYY-MM.
    #[arg(long, value_name = "YYYY-MM", value_parser = month, conflicts_with_all = ["since", "until", "quarter"])]
    pub month: Option<Period>,
    /// One calendar quarter, such as 2026Q1.
    #[arg(long, value_name = "YYYYQN", value_parser = quarter, conflicts_with_all = ["since", "until"])]
    pub quarter: Option<Period>,
    /// Compare with the period before (`previous`) or with a given one, side by side.
    #[arg(long, value_name = "previous|PERIOD")]
    pub compare: Option<CompareTo>,
    /// Link incidents to the log on the hosting service: the URL of INCIDENTS.md there (default:
    /// `report.link-base` in .incident.toml; without either, links are `#anchor`).
    #[arg(long, value_name = "URL", value_parser = http_url)]
    pub link_base: Option<String>,
    /// Write the report to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `--link-base`: an http(s) URL (a `javascript:` link in a report would be a trap).
fn http_url(text: &str) -> Result<String, String> {
    if text.starts_with("https://") || text.starts_with("http://") {
        Ok(text.to_owned())
    } else {
        Err(format!("`{text}` is not an http(s) URL"))
    }
}

/// `--month`: a [`Period`] that is a calendar month.
fn month(text: &str) -> Result<Period, String> {
    match text.parse::<Period>().map_err(|e| e.to_string())? {
        p @ Period::Month(_) => Ok(p),
        _ => Err(format!(
            "`{text}` is not a month (expected YYYY-MM, such as 2026-03)"
        )),
    }
}

/// `--quarter`: a [`Period`] that is a calendar quarter.
fn quarter(text: &str) -> Result<Period, String> {
    match text.parse::<Period>().map_err(|e| e.to_string())? {
        p @ Period::Quarter(_) => Ok(p),
        _ => Err(format!(
            "`{text}` is not a quarter (expected YYYYQN, such as 2026Q1)"
        )),
    }
}

/// Markdown, HTML or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown, with Mermaid charts.
    Md,
    /// One self-contained HTML page with inline SVG charts.
    Html,
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
                assert!(help.starts_with("Examples:\n"), "`{name}` has no examples");
                examples.extend(
                    help.lines()
                        .skip(1)
                        .map(|l| l.trim().to_owned())
                        .filter(|l| !l.is_empty()),
                );
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
        for name in SETTABLE_FIELDS.iter().filter(|n| **n != "title") {
            let field = incident_md::FieldName::from_label(name).unwrap();
            assert_ne!(field, incident_md::FieldName::FollowUpActions);
            assert_ne!(field, incident_md::FieldName::RelatedLogs);
        }
    }
}

/// `incident merge-driver %O %A %B`.
#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's version (git's `%O`).
    pub base: PathBuf,
    /// Our version, overwritten with the result (git's `%A`).
    pub ours: PathBuf,
    /// Their version (git's `%B`).
    pub theirs: PathBuf,
    /// Conflict marker length (git's `%L`).
    #[arg(long, value_name = "N", default_value_t = 7, value_parser = clap::value_parser!(u16).range(1..=200))]
    pub marker_size: u16,
    /// The file's path in the repository (git's `%P`), for messages.
    #[arg(long, value_name = "PATH")]
    pub path: Option<String>,
}

/// `incident merge-check`.
#[derive(Debug, Args)]
pub struct MergeCheckArgs {
    /// The common ancestor's version.
    #[arg(required_unless_present = "against", requires_all = ["ours", "theirs"], conflicts_with = "against")]
    pub base: Option<PathBuf>,
    /// Our version.
    pub ours: Option<PathBuf>,
    /// Their version.
    pub theirs: Option<PathBuf>,
    /// Merge the log as committed at this git revision into the one at HEAD, from their merge
    /// base (read with `git show` and `git merge-base`).
    #[arg(long, value_name = "REF")]
    pub against: Option<String>,
}

/// `incident git …`.
#[derive(Debug, Subcommand)]
pub enum GitCommand {
    /// Add `<log> merge=incident` to .gitattributes and set `merge.incident.driver` in this
    /// clone's git config (idempotent).
    #[command(after_help = "Examples:\n  incident git setup\n  incident git setup --dry-run")]
    Setup {
        /// Print what would be written instead of writing.
        #[arg(long)]
        dry_run: bool,
    },
}
