//! How a log is loaded: the one set of options that every way in to
//! loading takes (a whole load, the debugger's background [`Feed`], a
//! builder fed by hand).
//!
//! [`Feed`]: super::Feed

use super::skips::Skips;
use crate::schema::Schema;
use std::sync::Arc;

/// Whether an index keeps the state after every event, or only the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum History {
    /// Every account's timeline is kept, so that the state after any event
    /// can be asked for (the debugger). Folding is then the load's critical
    /// path, and the decoders give way to it (see the pipeline's
    /// `Decoders::spawn`).
    #[default]
    Kept,
    /// Only the state after the last event is known (and every diagnostic,
    /// offset and time), for a headless command that needs nothing else.
    /// Keeping timelines is a good part of the fold's work.
    Dropped,
}

/// What a load reads a log with, and what it keeps.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The vocabulary records are read with.
    pub schema: Arc<Schema>,
    /// Whether the state after every event is kept.
    pub history: History,
    /// For a log that is still being written: a JSON Lines log is loaded
    /// up to its last newline, and a last line without one is left for the
    /// follower to take once it is complete.
    pub whole_lines_only: bool,
    /// Events taken out of history (what-if replay): folded as if never
    /// written, their numbers kept. Empty for history as written.
    pub skips: Skips,
}

impl Default for LoadOptions {
    /// The default vocabulary (`bank`), history kept, the whole log.
    fn default() -> LoadOptions {
        LoadOptions {
            schema: Schema::bank(),
            history: History::Kept,
            whole_lines_only: false,
            skips: Skips::default(),
        }
    }
}
