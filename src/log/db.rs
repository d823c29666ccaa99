//! Reading the event store where it lives: a PostgreSQL or SQLite table
//! (or query) instead of a log file. The statement is built from the
//! schema's `[source]` table and the run's flags (`query.rs`), sent by the
//! store's driver (`postgres.rs`, `sqlite.rs`) on a thread of its own,
//! and each row, as a JSON object, appended to a spool file
//! (`spool.rs`) that the rest of rewind reads like a JSON Lines log.

pub mod postgres;
pub mod query;
pub mod request;
pub mod spool;
pub mod sqlite;
pub mod url;

pub use request::{DbError, Dialect, Request};
pub use spool::Spool;
pub use url::{locate, redact, Location};

use crate::schema::Schema;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// How `arg` is named in messages and titles: a database's URL without its
/// password, a file's path as given.
pub fn name_of(arg: &Path) -> String {
    match locate(arg) {
        Some(Location::Postgres(url)) => redact(&url),
        Some(Location::Sqlite(path)) => format!("sqlite:{}", path.display()),
        None => arg.display().to_string(),
    }
}

fn dialect(location: &Location) -> Dialect {
    match location {
        Location::Postgres(_) => Dialect::Postgres,
        Location::Sqlite(_) => Dialect::Sqlite,
    }
}

/// The statement rewind sends for `request` (`--explain`).
pub fn explain(location: &Location, schema: &Schema, request: &Request) -> Result<String, DbError> {
    let plan = query::plan(schema, request, dialect(location)).map_err(DbError)?;
    plan.sql(None).map_err(DbError)
}

/// A store, connected.
enum Opened {
    Sqlite(rusqlite::Connection, String),
    Postgres(Box<(::postgres::Client, postgres::Target)>),
}

/// The name of the spool file, which the debugger's title shows:
/// `table@database`.
fn label(location: &Location, schema: &Schema, request: &Request) -> String {
    let what = match (&request.query, &request.table, &schema.source().table) {
        (Some(_), _, _) => "query".to_owned(),
        (None, Some(t), _) | (None, None, Some(t)) => t.clone(),
        (None, None, None) => "rows".to_owned(),
    };
    let place = match location {
        Location::Sqlite(path) => path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        Location::Postgres(url) => {
            let after_host = url.split_once("://").map_or("", |(_, r)| r);
            let db = after_host.split_once('/').map_or("", |(_, d)| d);
            let db = db.split('?').next().unwrap_or("");
            if db.is_empty() {
                "postgres".to_owned()
            } else {
                db.to_owned()
            }
        }
    };
    format!("{what}@{place}")
}

/// Starts reading the store at `location`: checks what can be checked
/// before any row (the statement, `--follow`'s position column), then
/// reads on a thread of its own into a spool file. A read that follows
/// polls every `request.poll()` for rows past the last position and, when
/// the connection drops, says so ([`spool::Shared::status`]) and
/// reconnects with back-off: nothing is lost or read twice.
pub fn start(location: &Location, schema: &Schema, request: &Request) -> Result<Spool, DbError> {
    // The store first (a file that is not there says so before a schema
    // that names no table), then the statement.
    let opened = match location {
        Location::Sqlite(path) => {
            let name = format!("sqlite:{}", path.display());
            let conn = sqlite::open(path, &name)?;
            Opened::Sqlite(conn, name)
        }
        Location::Postgres(url) => {
            let target = postgres::target(url, &redact(url))?;
            let client = target.connect()?;
            Opened::Postgres(Box::new((client, target)))
        }
    };
    let plan = query::plan(schema, request, dialect(location)).map_err(DbError)?;
    if request.follow && plan.position.is_none() {
        return Err(DbError(format!(
            "--follow: the rows have no single position column to read past (order_by = {:?}); set [source] order_by to one column",
            schema.source().order_by.as_deref().unwrap_or("")
        )));
    }
    let label = label(location, schema, request);
    let follow = request.follow;
    let poll = request.poll();
    match opened {
        Opened::Sqlite(conn, name) => Spool::start(&label, move |out| {
            let mut last = None;
            sqlite::read(&conn, &plan, &mut last, &name, &mut |r| out.row(r))?;
            while follow && !out.shared().stop.load(Ordering::Relaxed) {
                out.flush().map_err(|e| DbError(e.to_string()))?;
                std::thread::sleep(poll);
                match sqlite::read(&conn, &plan, &mut last, &name, &mut |r| out.row(r)) {
                    Ok(()) => {
                        out.shared().say(None);
                    }
                    Err(e) => out.shared().say(Some(e.0)),
                }
            }
            Ok(())
        }),
        Opened::Postgres(opened) => {
            let (mut client, target) = *opened;
            Spool::start(&label, move |out| {
                let mut last = None;
                postgres::read(&mut client, &target, &plan, &mut last, &mut |r| out.row(r))?;
                let mut backoff = poll;
                while follow && !out.shared().stop.load(Ordering::Relaxed) {
                    out.flush().map_err(|e| DbError(e.to_string()))?;
                    std::thread::sleep(poll);
                    let read =
                        postgres::read(&mut client, &target, &plan, &mut last, &mut |r| out.row(r));
                    match read {
                        Ok(()) => {
                            backoff = poll;
                            out.shared().say(None);
                            continue;
                        }
                        Err(e) => out.shared().say(Some(format!("{e}; reconnecting"))),
                    }
                    // Reconnect, waiting longer each time (at most 10 s).
                    loop {
                        if out.shared().stop.load(Ordering::Relaxed) {
                            return Ok(());
                        }
                        std::thread::sleep(backoff);
                        backoff = (backoff * 2).min(Duration::from_secs(10));
                        match target.connect() {
                            Ok(c) => {
                                client = c;
                                break;
                            }
                            Err(e) => out.shared().say(Some(format!("{e}; retrying"))),
                        }
                    }
                }
                Ok(())
            })
        }
    }
}
