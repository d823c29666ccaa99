//! The debugger on a database (`rewind postgres://…`, `rewind
//! sqlite:PATH`): the rows are read on a thread of their own into a spool
//! file, which the debugger follows like a log being written, so the first
//! screen shows as soon as the first rows are in and the rest streams in
//! behind it. With `--follow` the reader goes on polling for new rows.

use super::format::Zone;
use crate::log::db::{self, Request};
use crate::replay::seek::{Fatal, Seek};
use crate::schema::Schema;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Opens the debugger on what `arg` names, read as `request` says: a
/// store, or a log file (its time window spooled, or the file as it is).
pub fn run_store(
    arg: &Path,
    request: &Request,
    seek: &Seek,
    zone: Zone,
    schema: Arc<Schema>,
    session: &super::session::Choice,
) -> Result<i32, Fatal> {
    let location = db::locate(arg);
    if location.is_none() && request.account.is_some() {
        return Err(Fatal(
            "--account: the debugger reads one account's rows from a database; on a log file, press & to filter the list by account".into(),
        ));
    }
    if location.is_none() && request.since.is_none() && request.until.is_none() {
        return super::run(arg, seek, request.follow, zone, schema, session);
    }
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return Err(Fatal(format!(
            "standard output is not a terminal, and the debugger needs one; for a text report use `rewind state {}`",
            db::name_of(arg)
        )));
    }
    let spool = match &location {
        Some(location) => db::start(location, &schema, request),
        // A time window on a file (`--since`, `--until`).
        None => crate::log::window::start(arg, &schema, request),
    }
    .map_err(|e| Fatal(e.0))?;
    // A connection or statement that fails, fails before the screen opens.
    spool
        .first_rows(Duration::from_secs(30))
        .map_err(|e| Fatal(e.0))?;
    super::live::store::watch(Arc::clone(&spool.shared), request.follow);
    // Sessions are kept by the log's path, and a spool's is new each run:
    // only a session file named with --session is read and written.
    let session = match session {
        super::session::Choice::File(file) => super::session::Choice::File(file.clone()),
        _ => super::session::Choice::None,
    };
    let result = super::run(spool.path(), seek, true, zone, schema, &session);
    drop(spool);
    result
}
