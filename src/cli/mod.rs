//! The command line: argument definitions and the headless commands. Each
//! command is a thin layer over the core; it formats, it does not compute.

mod check;
mod schemas;
mod state;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

pub use check::check;
pub use schemas::schemas;
pub use state::state;

/// A terminal time-travel debugger for event-sourced logs.
#[derive(Debug, Parser)]
#[command(
    name = "rewind",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// The event log to open in the debugger (JSON Lines or a JSON array).
    pub log: Option<PathBuf>,
    #[command(flatten)]
    pub seek: Seek,
    /// Follow the log as it is written: appended events appear as they
    /// come, and a truncated or rotated log is loaded again (`F` in the
    /// debugger toggles this).
    #[arg(long, short = 'f')]
    pub follow: bool,
    /// The log's vocabulary: a preset (`rewind schemas` lists them) or a
    /// schema file (TOML or JSON). Default: the preset `bank`.
    #[arg(long, value_name = "FILE_OR_PRESET")]
    pub schema: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where in history to look.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Seek {
    /// The state after event N (0 = before the first event).
    #[arg(long, value_name = "N", conflicts_with = "as_of")]
    pub at: Option<u32>,
    /// The state as of a time: RFC 3339, or a date (the end of that day, UTC).
    #[arg(long, value_name = "TIME")]
    pub as_of: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the account state after an event or as of a time (default: the end).
    State {
        /// The event log; `-` reads standard input.
        log: PathBuf,
        #[command(flatten)]
        seek: Seek,
        /// Show only this account.
        #[arg(long, value_name = "ID")]
        account: Option<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// The log's vocabulary: a preset or a schema file (default: bank).
        #[arg(long, value_name = "FILE_OR_PRESET")]
        schema: Option<String>,
    },
    /// List every diagnostic; exit 1 if any is an error.
    Check {
        /// The event log; `-` reads standard input.
        log: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// The log's vocabulary: a preset or a schema file (default: bank).
        #[arg(long, value_name = "FILE_OR_PRESET")]
        schema: Option<String>,
    },
    /// List the schema presets, or print one (to start a schema file from).
    Schemas {
        /// A preset to print.
        name: Option<String>,
    },
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

/// The schema `--schema` names (a preset or a file), or the default.
pub fn schema(arg: Option<&str>) -> Result<std::sync::Arc<crate::schema::Schema>, Fatal> {
    match arg {
        Some(arg) => Ok(crate::schema::Schema::load(arg)?),
        None => Ok(crate::schema::Schema::bank()),
    }
}

/// Opens and indexes a whole log, read with `schema`; with `history`, so
/// that the state after any event can be asked for, else only the end.
pub fn open_and_index(
    path: &std::path::Path,
    schema: std::sync::Arc<crate::schema::Schema>,
    history: bool,
) -> Result<(std::sync::Arc<crate::log::Source>, crate::replay::Index), Fatal> {
    let source = std::sync::Arc::new(crate::log::Source::open(path)?);
    let options = crate::replay::LoadOptions {
        schema,
        history: match history {
            true => crate::replay::History::Kept,
            false => crate::replay::History::Dropped,
        },
        whole_lines_only: false,
    };
    let index = crate::replay::load(&source, &options)
        .map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))?;
    Ok((source, index))
}

/// Text from the log made safe for a terminal: control characters (an
/// escape sequence in an account name, a NUL, a newline) are written as
/// Rust escapes, so a log can neither forge output lines nor drive the
/// terminal. JSON output needs none of this: serde escapes them.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| match c.is_control() {
            true => c.escape_default().to_string(),
            false => c.to_string(),
        })
        .collect::<String>()
        .into()
}

/// A failure that ends the program with exit code 2 and one line on stderr.
#[derive(Debug)]
pub struct Fatal(pub String);

impl<E: std::error::Error> From<E> for Fatal {
    fn from(e: E) -> Fatal {
        Fatal(e.to_string())
    }
}

/// Resolves `--at` / `--as-of` to an event number within 0..=total.
pub fn resolve_seek(
    seek: &Seek,
    source: &crate::log::Source,
    index: &crate::replay::Index,
) -> Result<u32, Fatal> {
    let total = index.len();
    if let Some(n) = seek.at {
        if n > total {
            return Err(Fatal(format!(
                "--at {n} is out of range: the log has {total} events (use 0 to {total})"
            )));
        }
        return Ok(n);
    }
    if let Some(text) = &seek.as_of {
        let ns =
            crate::domain::time::parse_moment(text).map_err(|e| Fatal(format!("--as-of: {e}")))?;
        return Ok(index.position_as_of(source, ns));
    }
    Ok(total)
}
