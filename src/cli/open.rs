//! What every headless command starts with: the schema `--schema` names,
//! and the log opened and indexed with it.

use super::what_if::WhatIfArgs;
use crate::log::db::{self, Request};
use crate::log::{window, Source};
use crate::replay::seek::Fatal;
use crate::replay::Index;
use crate::schema::Schema;
use std::path::Path;
use std::sync::Arc;

/// The schema `--schema` names (a preset or a file), or the default.
pub fn schema(arg: Option<&str>) -> Result<Arc<Schema>, Fatal> {
    match arg {
        Some(arg) => Ok(Schema::load(arg)?),
        None => Ok(Schema::bank()),
    }
}

/// Opens and indexes a whole log, read with `schema`; with `history`, so
/// that the state after any event can be asked for, else only the end.
/// When most events have types the schema does not know, says so once on
/// standard error (standard output is for scripts), naming the preset that
/// reads them.
///
/// A database (`postgres://…`, `sqlite:PATH`) is read to its last row as
/// `request` says, into a spool file that is opened and indexed like a log
/// (and removed once open: the index reads on through the open file).
pub fn open_and_index(
    path: &Path,
    schema: Arc<Schema>,
    history: bool,
    request: &Request,
    what_if: &WhatIfArgs,
) -> Result<(Arc<Source>, Index), Fatal> {
    let skips = what_if.skips()?;
    let source = match db::locate(path) {
        Some(location) => {
            let mut spool = db::start(&location, &schema, request).map_err(|e| Fatal(e.0))?;
            spool.finish().map_err(|e| Fatal(e.0))?;
            Arc::new(Source::open(spool.path())?)
        }
        // A time window on a file: its records outside it left blank.
        None if request.since.is_some() || request.until.is_some() => {
            let mut spool = window::start(path, &schema, request).map_err(|e| Fatal(e.0))?;
            spool.finish().map_err(|e| Fatal(e.0))?;
            Arc::new(Source::open(spool.path())?)
        }
        None => Arc::new(Source::open(path)?),
    };
    if let Some(hint) = crate::log::vocabulary::hint_for(&source, &schema) {
        eprintln!("rewind: {hint}");
    }
    let options = crate::replay::LoadOptions {
        schema,
        history: match history {
            true => crate::replay::History::Kept,
            false => crate::replay::History::Dropped,
        },
        whole_lines_only: false,
        skips,
    };
    let index = crate::replay::load(&source, &options)
        .map_err(|e| Fatal(format!("cannot read {}: {e}", db::name_of(path))))?;
    if let Err(message) = options.skips.check_within(index.len()) {
        return Err(Fatal(message));
    }
    Ok((source, index))
}

/// How a headless command reads its log: the schema named (or none: the
/// default), what to ask a database, and the events taken out (what-if).
pub struct Reading<'a> {
    pub schema: Option<&'a str>,
    pub request: &'a Request,
    pub what_if: &'a WhatIfArgs,
}

/// `--explain`: the statement a database source is read with, printed
/// instead of reading it.
pub fn explain(
    path: &Path,
    schema: Option<&str>,
    request: &Request,
    out: &mut dyn std::io::Write,
) -> Result<i32, Fatal> {
    let Some(location) = db::locate(path) else {
        return Err(Fatal(format!(
            "--explain: {} is a log file, not a database; there is no query to show",
            path.display()
        )));
    };
    let sql = db::explain(&location, &*self::schema(schema)?, request).map_err(|e| Fatal(e.0))?;
    writeln!(out, "{sql}")?;
    Ok(0)
}
