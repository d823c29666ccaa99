//! `--since` / `--until` on a log file: the records whose time (read with
//! the schema) falls within the window, written to a spool file with every
//! other line left blank, so that each record keeps its line number (and a
//! diagnostic its `FILE:LINE`) while the events are numbered within the
//! window — as a database reads them with the same bounds in its `WHERE`.
//! A record without a readable time is left out, as SQL leaves out a row
//! whose time is NULL. Only asked for with those flags: a plain load
//! never passes through here.

use super::db::{spool::Spool, DbError, Request};
use super::envelope::{text_of, Envelope};
use crate::domain::time::parse_moment;
use crate::schema::Schema;
use std::io::{BufRead, Read};
use std::path::Path;
use std::sync::Arc;

/// `--since`'s bound (a date is the start of that day) and `--until`'s (a
/// date is its end), in nanoseconds since the epoch.
pub fn bounds(request: &Request) -> Result<(Option<i64>, Option<i64>), DbError> {
    let bound = |flag: &str, text: &Option<String>, start_of_day: bool| {
        text.as_deref()
            .map(|t| {
                let t = t.trim();
                let day = t.len() == 10 && t.as_bytes().get(4) == Some(&b'-');
                let text = match (day, start_of_day) {
                    (true, true) => format!("{t}T00:00:00Z"),
                    _ => t.to_owned(),
                };
                parse_moment(&text).map_err(|e| DbError(format!("{flag}: {}", e.replace(&text, t))))
            })
            .transpose()
    };
    Ok((
        bound("--since", &request.since, true)?,
        bound("--until", &request.until, false)?,
    ))
}

/// Starts writing the window of the log at `path` (`-` for standard
/// input) to a spool file.
pub fn start(path: &Path, schema: &Arc<Schema>, request: &Request) -> Result<Spool, DbError> {
    let (since, until) = bounds(request)?;
    let name = path.display().to_string();
    let input: Box<dyn Read + Send> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        let file = std::fs::File::open(path).map_err(|e| {
            DbError(format!(
                "cannot read {name}: {}",
                super::source::describe(&e)
            ))
        })?;
        Box::new(file)
    };
    let label = path.file_name().map_or_else(
        || "standard input".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let schema = Arc::clone(schema);
    Spool::start(&label, move |out| {
        let mut reader = std::io::BufReader::with_capacity(1 << 20, input);
        let mut line = Vec::new();
        loop {
            line.clear();
            let got = reader
                .read_until(b'\n', &mut line)
                .map_err(|e| DbError(format!("cannot read {name}: {e}")))?;
            if got == 0 {
                return Ok(());
            }
            let record = line.strip_suffix(b"\n").unwrap_or(&line);
            let time = Envelope::decode_with(record, &schema)
                .ok()
                .and_then(|env| env.timestamp().and_then(text_of).map(|t| t.into_owned()))
                .and_then(|t| schema.time_format().parse(&t));
            let inside =
                time.is_some_and(|t| since.is_none_or(|s| t >= s) && until.is_none_or(|u| t <= u));
            let text = if inside {
                String::from_utf8_lossy(record)
            } else {
                "".into()
            };
            out.row(&text).map_err(|e| DbError(e.to_string()))?;
        }
    })
}
