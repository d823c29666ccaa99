//! rewind: a terminal time-travel debugger for event-sourced logs.
//!
//! Layers, bottom to top, each using only those below it:
//! - [`domain`]: the bank's state and the pure fold over typed events
//!   (imports no other module of the crate);
//! - [`schema`]: a log's vocabulary, compiled;
//! - [`log`]: reading records and decoding them through a schema into
//!   typed domain events;
//! - [`replay`]: the index built by folding the log, and seeking in it;
//! - [`cli`] and [`tui`]: thin layers over the core, which knows nothing
//!   of terminals.

pub mod cli;
pub mod domain;
pub mod generate;
pub mod log;
pub mod replay;
pub mod schema;
pub mod tui;
