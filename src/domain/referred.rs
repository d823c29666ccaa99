//! The events that `hold`, `release` and `reverse` may refer to, and the
//! state of each: none → held → released or reversed. Kept by the fold
//! (`ledger/holds.rs` applies the effects) only for schemas that have them.

use super::effect::EffectKind;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

/// Where an event referred to is: none → held → released or reversed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefState {
    None,
    Held,
    Released,
    Reversed,
}

impl RefState {
    pub fn as_str(self) -> &'static str {
        match self {
            RefState::None => "not held",
            RefState::Held => "held",
            RefState::Released => "released",
            RefState::Reversed => "reversed",
        }
    }
}

/// An event that may be referred to.
#[derive(Debug, Clone, Copy)]
pub struct Referable {
    /// Its number in the log.
    pub at: u32,
    pub amount: Decimal,
    pub kind: EffectKind,
    pub state: RefState,
    /// The event that last changed its state.
    pub changed_at: u32,
}

/// The applied events with an id that move an amount, by account and id.
#[derive(Debug, Default, Clone)]
pub struct Holds {
    /// By account handle and event id.
    pub events: FxHashMap<(u32, Box<str>), Referable>,
}
