//! What an event does: one vocabulary of effects, named as schema files
//! name them (`open`, `credit`, `debit`, `transfer`, `close`,
//! `set_balance`, `freeze`, `unfreeze`, `ignore`). [`EffectKind`] is the effect alone (what a
//! schema says a type does, what a detached event remembers); [`Effect`]
//! is the effect of one event, with its operands, that the fold applies.

use super::limits::OwnLimits;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::borrow::Cow;

/// What an event type does, without operands: the word a schema file
/// writes for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EffectKind {
    Open,
    Credit,
    Debit,
    Transfer,
    Close,
    SetBalance,
    Freeze,
    Unfreeze,
    Ignore,
}

impl EffectKind {
    /// The word a schema file writes.
    pub fn as_str(self) -> &'static str {
        match self {
            EffectKind::Open => "open",
            EffectKind::Credit => "credit",
            EffectKind::Debit => "debit",
            EffectKind::Transfer => "transfer",
            EffectKind::Close => "close",
            EffectKind::SetBalance => "set_balance",
            EffectKind::Freeze => "freeze",
            EffectKind::Unfreeze => "unfreeze",
            EffectKind::Ignore => "ignore",
        }
    }

    /// A short word for what the effect does, for narrow lists (the words
    /// of the built-in vocabulary's short names); `None` for `ignore`,
    /// where the type's own name says more.
    pub fn short_word(self) -> Option<&'static str> {
        match self {
            EffectKind::Open => Some("Open"),
            EffectKind::Credit => Some("Deposit"),
            EffectKind::Debit => Some("Withdraw"),
            EffectKind::Transfer => Some("Transfer"),
            EffectKind::Close => Some("Close"),
            EffectKind::SetBalance => Some("Balance"),
            EffectKind::Freeze => Some("Freeze"),
            EffectKind::Unfreeze => Some("Unfreeze"),
            EffectKind::Ignore => None,
        }
    }

    /// The name of this effect's type in the built-in vocabulary (an
    /// event's own type is [`Meta::type_name`](super::Meta::type_name)).
    pub fn builtin_type_name(self) -> &'static str {
        match self {
            EffectKind::Open => "AccountOpened",
            EffectKind::Credit => "MoneyDeposited",
            EffectKind::Debit => "MoneyWithdrawn",
            EffectKind::Transfer => "MoneyTransferred",
            EffectKind::Close => "AccountClosed",
            EffectKind::SetBalance => "BalanceSet",
            EffectKind::Freeze => "AccountFrozen",
            EffectKind::Unfreeze => "AccountUnfrozen",
            EffectKind::Ignore => "Ignored",
        }
    }
}

/// What one event does, with its operands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect<'a> {
    Open {
        initial_balance: Decimal,
        owner: Option<Cow<'a, str>>,
        currency: Option<Cow<'a, str>>,
        /// The account's own balance limits, when the event gives either
        /// (boxed: rare, and an event stays small without them).
        limits: Option<Box<OwnLimits>>,
    },
    Credit(Decimal),
    Debit(Decimal),
    Transfer {
        amount: Decimal,
        to: Cow<'a, str>,
    },
    Close,
    /// The balance becomes this value.
    SetBalance(Decimal),
    /// The account is frozen: events on it are `account_frozen`.
    Freeze,
    /// A frozen account is open again.
    Unfreeze,
    /// A known event that changes nothing.
    Ignore,
}

impl Effect<'_> {
    /// The effect without its operands.
    #[inline]
    pub fn kind(&self) -> EffectKind {
        match self {
            Effect::Open { .. } => EffectKind::Open,
            Effect::Credit(_) => EffectKind::Credit,
            Effect::Debit(_) => EffectKind::Debit,
            Effect::Transfer { .. } => EffectKind::Transfer,
            Effect::Close => EffectKind::Close,
            Effect::SetBalance(_) => EffectKind::SetBalance,
            Effect::Freeze => EffectKind::Freeze,
            Effect::Unfreeze => EffectKind::Unfreeze,
            Effect::Ignore => EffectKind::Ignore,
        }
    }
}
