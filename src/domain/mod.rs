//! The bank-account domain: exact money, typed events, the fold that replays
//! them, and the diagnostics it raises. Pure: no I/O, no terminal.

pub mod diagnostic;
pub mod event;
pub mod ledger;
pub mod money;
pub mod time;

#[cfg(test)]
mod scenario;
#[cfg(test)]
mod tests;

pub use diagnostic::{Code, Diagnostic, Finding, Severity};
pub use event::{Action, Event, Meta, Recorded, When, DEFAULT_ACCOUNT};
pub use ledger::{Account, AccountIx, Known, Ledger, Outcome, Status};
