//! rewind: a terminal time-travel debugger for event-sourced logs.
//!
//! The core ([`log`], [`domain`], [`replay`], [`schema`]) knows nothing of terminals;
//! [`cli`] and (later) the TUI are thin layers over it.

// Outside tests, a failure is handled or explained, never unwrapped: a
// panic in the debugger costs the user their view (the terminal is restored,
// but the session is gone).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod cli;
pub mod domain;
pub mod generate;
pub mod log;
pub mod replay;
pub mod schema;
pub mod tui;
