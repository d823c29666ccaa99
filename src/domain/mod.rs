//! The bank-account domain: exact money, typed events and their effects,
//! the fold that replays them, and the diagnostics it raises. Pure: no I/O,
//! no terminal, and nothing of the rest of the crate (schemas and logs
//! build on it, not it on them).

pub mod diagnostic;
pub mod effect;
pub mod event;
pub mod ledger;
pub mod limits;
pub mod money;
pub mod referred;
pub mod time;

#[cfg(test)]
mod scenario;
#[cfg(test)]
mod tests;

pub use diagnostic::{Code, Diagnostic, Finding, Policies, Policy, Severity};
pub use effect::{Effect, EffectKind};
pub use event::{Event, Meta, Recorded, When, DEFAULT_ACCOUNT};
pub use ledger::{Account, AccountIx, Known, Ledger, Outcome, Status};
pub use limits::{Limits, OwnLimits};
