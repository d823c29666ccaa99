//! What a database read is asked for: the flags that shape its query, and
//! the error every step of it reports (always without the password).

use std::time::Duration;

/// The flags of one run that shape the query (`--table`, `--query`,
/// `--account`, `--since`, `--until`) and how it follows (`--follow`,
/// `--poll`).
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The table to read instead of the schema's `[source] table`.
    pub table: Option<String>,
    /// A whole `SELECT` to read instead of a table.
    pub query: Option<String>,
    /// Only this account's rows.
    pub account: Option<String>,
    /// Only rows at or after this time (RFC 3339, or a date).
    pub since: Option<String>,
    /// Only rows at or before this time.
    pub until: Option<String>,
    /// Keep polling for rows past the last one read.
    pub follow: bool,
    /// How long to wait between polls (default 500 ms).
    pub poll: Option<Duration>,
    /// Print the statement instead of reading (`--explain`).
    pub explain: bool,
}

impl Request {
    pub fn poll(&self) -> Duration {
        self.poll.unwrap_or(Duration::from_millis(500))
    }
}

/// The two SQL dialects rewind speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Postgres,
    Sqlite,
}

/// Why a database could not be read: one line, naming what failed, never
/// holding the password (each message is built from a redacted name, and
/// [`DbError::new`] scrubs the password from a driver's text as well).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DbError(pub String);

impl DbError {
    /// `what` failed because of `detail` (a driver's message), with every
    /// occurrence of `secret` (the password, when there is one) removed
    /// and the message kept to one line.
    pub fn new(what: &str, detail: &str, secret: Option<&str>) -> DbError {
        let mut text = format!("{what}: {detail}");
        if let Some(secret) = secret.filter(|s| !s.is_empty()) {
            text = text.replace(secret, "***");
        }
        let line: Vec<&str> = text.split_whitespace().collect();
        DbError(line.join(" "))
    }
}
