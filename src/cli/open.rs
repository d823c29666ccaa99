//! What every headless command starts with: the schema `--schema` names,
//! and the log opened and indexed with it.

use super::what_if::WhatIfArgs;
use crate::log::Source;
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
pub fn open_and_index(
    path: &Path,
    schema: Arc<Schema>,
    history: bool,
    what_if: &WhatIfArgs,
) -> Result<(Arc<Source>, Index), Fatal> {
    let skips = what_if.skips()?;
    let source = Arc::new(Source::open(path)?);
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
        .map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))?;
    if let Err(message) = options.skips.check_within(index.len()) {
        return Err(Fatal(message));
    }
    Ok((source, index))
}
