//! Where in history to look (`--at N` / `--as-of TIME`), shared by the
//! headless commands and the debugger, and the failure that ends either.

use crate::domain::time::parse_moment;
use crate::log::Source;
use crate::replay::Index;

/// Where in history to look: after an event, or as of a time (as the
/// user wrote it), or neither (the end). The command line's `--at` and
/// `--as-of` (see `cli::SeekArgs`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seek {
    /// The state after event N (0 = before the first event).
    pub at: Option<u32>,
    /// The state as of a time: RFC 3339, or a date (the end of that day, UTC).
    pub as_of: Option<String>,
}

impl Seek {
    /// `--as-of` as nanoseconds since the epoch, if given; a time the user
    /// cannot have meant is refused.
    pub fn moment(&self) -> Result<Option<i64>, Fatal> {
        match &self.as_of {
            Some(text) => parse_moment(text)
                .map(Some)
                .map_err(|e| Fatal(format!("--as-of: {e}"))),
            None => Ok(None),
        }
    }

    /// Resolves `--at` / `--as-of` to an event number within 0..=total.
    pub fn resolve(&self, source: &Source, index: &Index) -> Result<u32, Fatal> {
        let total = index.len();
        if let Some(n) = self.at {
            if n > total {
                return Err(Fatal(format!(
                    "--at {n} is out of range: the log has {total} events (use 0 to {total})"
                )));
            }
            return Ok(n);
        }
        match self.moment()? {
            Some(ns) => Ok(index.position_as_of(source, ns)),
            None => Ok(total),
        }
    }
}

/// A failure that ends the program with exit code 2 and one line on stderr.
#[derive(Debug)]
pub struct Fatal(pub String);

impl<E: std::error::Error> From<E> for Fatal {
    fn from(e: E) -> Fatal {
        Fatal(e.to_string())
    }
}
