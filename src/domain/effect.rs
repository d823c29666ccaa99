//! What an event does: one vocabulary of effects, named as schema files
//! name them (`open`, `credit`, `debit`, `transfer`, `close`,
//! `set_balance`, `freeze`, `unfreeze`, `ignore`, and `hold`, `release`,
//! `reverse`, which refer to an earlier event). [`EffectKind`] is the effect alone (what a
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
    /// The amount of an earlier event moves from available to held (a
    /// dispute).
    Hold,
    /// A held amount moves back to available (a dispute resolved).
    Release,
    /// A held amount leaves the account (a chargeback).
    Reverse,
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
            EffectKind::Hold => "hold",
            EffectKind::Release => "release",
            EffectKind::Reverse => "reverse",
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
            EffectKind::Hold => Some("Hold"),
            EffectKind::Release => Some("Release"),
            EffectKind::Reverse => Some("Reverse"),
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
            EffectKind::Hold => "FundsHeld",
            EffectKind::Release => "FundsReleased",
            EffectKind::Reverse => "FundsReversed",
        }
    }

    /// Whether the effect refers to an earlier event (`refers_to`).
    #[inline]
    pub fn refers(self) -> bool {
        matches!(
            self,
            EffectKind::Hold | EffectKind::Release | EffectKind::Reverse
        )
    }

    /// The effects whose events an event of a referring type may refer to
    /// (`refers_to_effects`): those that move an amount.
    pub const REFERABLE: [EffectKind; 3] =
        [EffectKind::Credit, EffectKind::Debit, EffectKind::Transfer];
}

/// A set of effects (a bit per [`EffectKind`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct KindSet(u16);

impl KindSet {
    /// Only `kind`.
    pub const fn of(kind: EffectKind) -> KindSet {
        KindSet(1 << kind as u16)
    }
    /// The set with `kind` too.
    pub const fn with(self, kind: EffectKind) -> KindSet {
        KindSet(self.0 | 1 << kind as u16)
    }
    pub fn contains(self, kind: EffectKind) -> bool {
        self.0 & (1 << kind as u16) != 0
    }
    /// The effects in the set, as schema files write them, joined by `sep`.
    pub fn words(self, sep: &str) -> String {
        EffectKind::REFERABLE
            .iter()
            .filter(|k| self.contains(**k))
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(sep)
    }
}

/// An earlier event of the same account that an event refers to: its id,
/// and the effects an event referred to may have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference<'a> {
    pub id: Cow<'a, str>,
    pub effects: KindSet,
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
    /// The referenced event's amount moves from available to held.
    Hold(Reference<'a>),
    /// The referenced event's held amount moves back to available.
    Release(Reference<'a>),
    /// The referenced event's held amount leaves the account; the account
    /// is frozen after, when `freeze`.
    Reverse {
        reference: Reference<'a>,
        freeze: bool,
    },
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
            Effect::Hold(_) => EffectKind::Hold,
            Effect::Release(_) => EffectKind::Release,
            Effect::Reverse { .. } => EffectKind::Reverse,
        }
    }
}
