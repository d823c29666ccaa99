//! The command line: argument definitions and the headless commands. Each
//! command is a thin layer over the core; it formats, it does not compute.

mod check;
mod open;
mod printable;
mod schemas;
mod shell;
mod state;
mod what_if;

use crate::replay::seek::Seek;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

pub use check::check;
pub use open::{explain, open_and_index, schema, Reading};
pub use printable::printable;
pub use schemas::schemas;
pub use shell::{completions, man};
pub use state::state;
pub use what_if::WhatIfArgs;

/// A terminal time-travel debugger for event-sourced logs.
#[derive(Debug, Parser)]
#[command(
    name = "rewind",
    version = env!("REWIND_VERSION"),
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// The event log to open in the debugger (JSON Lines or a JSON array),
    /// or a database: `postgres://…`, `sqlite:PATH` (see README, Sources).
    pub log: Option<PathBuf>,
    #[command(flatten)]
    pub seek: SeekArgs,
    /// Follow the log as it is written: appended events appear as they
    /// come, and a truncated or rotated log is loaded again (`F` in the
    /// debugger toggles this).
    #[arg(long, short = 'f')]
    pub follow: bool,
    /// The zone of the debugger's time column: `utc` (the default, or the
    /// config file's `time_zone`) or `local`, the machine's own (`Z` in the
    /// debugger switches). The detail pane shows a time as written.
    #[arg(long, value_enum, value_name = "ZONE")]
    pub tz: Option<Tz>,
    /// The log's vocabulary: a preset (`rewind schemas` lists them) or a
    /// schema file (TOML or JSON). Default: the preset `bank`, or the
    /// config file's `schema`.
    #[arg(long, value_name = "FILE_OR_PRESET", value_parser = schema_arg(), hide_possible_values = true)]
    pub schema: Option<String>,
    /// The settings file to read instead of
    /// `$XDG_CONFIG_HOME/rewind/config.toml` (`rewind config` prints one).
    #[arg(long, global = true, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub config: Option<PathBuf>,
    /// Colour: `auto` (on a terminal, unless NO_COLOR is set), `always` or
    /// `never`. For `check`'s text and the debugger alike.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Read and save the debugging session (marks, breakpoints, skipped
    /// events, focus, filters, cursor) in FILE instead of the state directory.
    #[arg(long, value_name = "FILE", conflicts_with = "no_session")]
    pub session: Option<PathBuf>,
    /// Start without the saved session, and save none.
    #[arg(long)]
    pub no_session: bool,
    /// Only this account's events (a database reads only its rows).
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--color`: when text is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour, for output to a terminal or not: `auto` colours
    /// a terminal unless `NO_COLOR` is set (and not empty); `always` wins
    /// over `NO_COLOR`, as a flag given for one run should.
    pub fn colour(self, terminal: bool) -> bool {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && !no_color,
        }
    }
}

/// How a database source is read (README, "Sources"): each narrows the
/// statement rewind sends, which `--explain` prints.
#[derive(Debug, Clone, Default, Args)]
pub struct SourceArgs {
    /// The table to read instead of the schema's `[source] table`.
    #[arg(long, value_name = "NAME", conflicts_with = "query")]
    pub table: Option<String>,
    /// A `SELECT` to read instead of a table (its rows, as they come).
    #[arg(long, value_name = "SQL")]
    pub query: Option<String>,
    /// Only events at or after this time (RFC 3339, or a date).
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only events at or before this time (a date means its end).
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// Print the statement sent to the database, and stop.
    #[arg(long)]
    pub explain: bool,
    /// How often a followed database is asked for new rows.
    #[arg(long, value_name = "MS", default_value_t = 500)]
    pub poll: u64,
}

impl SourceArgs {
    /// The same, for the core, with the account and following asked for.
    pub fn request(&self, account: Option<&str>, follow: bool) -> crate::log::db::Request {
        crate::log::db::Request {
            table: self.table.clone(),
            query: self.query.clone(),
            account: account.map(str::to_owned),
            since: self.since.clone(),
            until: self.until.clone(),
            follow,
            poll: Some(std::time::Duration::from_millis(self.poll.max(10))),
            explain: self.explain,
        }
    }
}

/// `--schema`: any preset or file; the presets' names are its possible
/// values for shell completion (not listed in --help, which says to run
/// `rewind schemas`).
fn schema_arg() -> impl clap::builder::TypedValueParser<Value = String> {
    #[derive(Clone)]
    struct SchemaArg;
    impl clap::builder::TypedValueParser for SchemaArg {
        type Value = String;
        fn parse_ref(
            &self,
            cmd: &clap::Command,
            arg: Option<&clap::Arg>,
            value: &std::ffi::OsStr,
        ) -> Result<String, clap::Error> {
            clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
        }
        fn possible_values(
            &self,
        ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
            Some(Box::new(crate::schema::PRESETS.iter().map(|p| {
                clap::builder::PossibleValue::new(p.name).hide(false)
            })))
        }
    }
    SchemaArg
}

/// `--at N` / `--as-of TIME`: where in history to look.
/// `--tz`: the zone the debugger's time column is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Tz {
    Utc,
    Local,
}

#[derive(Debug, Clone, Default, Args)]
pub struct SeekArgs {
    /// The state after event N (0 = before the first event).
    #[arg(long, value_name = "N", conflicts_with = "as_of")]
    pub at: Option<u32>,
    /// The state as of a time: RFC 3339, or a date (the end of that day, UTC).
    #[arg(long, value_name = "TIME")]
    pub as_of: Option<String>,
}

impl SeekArgs {
    /// The same, for the core.
    pub fn seek(&self) -> Seek {
        Seek {
            at: self.at,
            as_of: self.as_of.clone(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the account state after an event or as of a time (default: the end).
    State {
        /// The event log (`-` reads standard input), or a database URL.
        log: PathBuf,
        #[command(flatten)]
        seek: SeekArgs,
        /// Show only this account.
        #[arg(long, value_name = "ID")]
        account: Option<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// The log's vocabulary: a preset or a schema file (default: bank).
        #[arg(long, value_name = "FILE_OR_PRESET", value_parser = schema_arg(), hide_possible_values = true)]
        schema: Option<String>,
        #[command(flatten)]
        what_if: WhatIfArgs,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// List every diagnostic; exit 1 if any is an error.
    Check {
        /// The event log (`-` reads standard input), or a database URL.
        log: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// The log's vocabulary: a preset or a schema file (default: bank).
        #[arg(long, value_name = "FILE_OR_PRESET", value_parser = schema_arg(), hide_possible_values = true)]
        schema: Option<String>,
        #[command(flatten)]
        what_if: WhatIfArgs,
        /// Only this account's events (a database reads only its rows).
        #[arg(long, value_name = "ID")]
        account: Option<String>,
        #[command(flatten)]
        source: SourceArgs,
    },
    /// List the schema presets, or print one (to start a schema file from).
    Schemas {
        /// A preset to print.
        name: Option<String>,
    },
    /// Print the settings file with every default, commented, to start from
    /// (`rewind config > ~/.config/rewind/config.toml`).
    Config,
    /// Print a completion script for a shell (see the README to install it).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `rewind man | man -l -`.
    Man,
    /// Write a synthetic bank log to standard output (for benchmarks and demos).
    Generate {
        /// How many events.
        #[arg(long, default_value_t = 1_000_000)]
        events: u64,
        /// How many accounts.
        #[arg(long, default_value_t = 10_000)]
        accounts: u32,
        /// Seed of the pseudo-random generator; the same seed gives the same log.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}
