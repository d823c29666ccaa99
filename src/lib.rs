//! rewind: a terminal time-travel debugger for event-sourced logs.
//!
//! The core ([`log`], [`domain`], [`replay`], [`schema`]) knows nothing of terminals;
//! [`cli`] and (later) the TUI are thin layers over it.

pub mod cli;
pub mod domain;
pub mod generate;
pub mod log;
pub mod replay;
pub mod schema;
pub mod tui;
