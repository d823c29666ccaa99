//! One event type of a schema's vocabulary: what it does and where the
//! operands of that are.

use super::fields::{Amount, Field};
use crate::domain::effect::KindSet;
use crate::domain::EffectKind;

/// Where the operands of what an event type does are: the fields each
/// effect reads, per effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EffectFields {
    Open {
        initial_balance: Option<Amount>,
        owner: Option<Field>,
        currency: Option<Field>,
        /// Where the account's own lowest and highest balance allowed are.
        min_balance: Option<Amount>,
        max_balance: Option<Amount>,
    },
    Credit {
        amount: Amount,
    },
    Debit {
        amount: Amount,
    },
    Transfer {
        amount: Amount,
        to: Field,
    },
    Close,
    Freeze,
    Unfreeze,
    SetBalance {
        balance: Amount,
    },
    Ignore,
    /// `hold`, `release` and `reverse`: where the id of the event referred
    /// to is, the effects that event may have, and whether a `reverse`
    /// freezes the account after.
    Refer {
        kind: EffectKind,
        refers_to: Field,
        effects: KindSet,
        freeze: bool,
    },
}

impl EffectFields {
    /// The effect these fields are the operands of.
    pub fn kind(&self) -> EffectKind {
        match self {
            EffectFields::Open { .. } => EffectKind::Open,
            EffectFields::Credit { .. } => EffectKind::Credit,
            EffectFields::Debit { .. } => EffectKind::Debit,
            EffectFields::Transfer { .. } => EffectKind::Transfer,
            EffectFields::Close => EffectKind::Close,
            EffectFields::Freeze => EffectKind::Freeze,
            EffectFields::Unfreeze => EffectKind::Unfreeze,
            EffectFields::SetBalance { .. } => EffectKind::SetBalance,
            EffectFields::Ignore => EffectKind::Ignore,
            EffectFields::Refer { kind, .. } => *kind,
        }
    }
}

/// One event type of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub name: String,
    /// Its position among [`Schema::rules`](super::Schema::rules).
    pub index: u16,
    /// What it does, and where its operands are.
    pub effect: EffectFields,
    /// The balance the writer recorded after the event, to compare with
    /// the replayed one.
    pub recorded_balance: Option<Amount>,
    /// Where the currency the account changes to is, for an effect other
    /// than `open` (whose currency is among its fields).
    pub currency: Option<Field>,
}

/// A type's `refers_to_effects`: effects that move an amount, at least one.
pub(super) fn referable(list: &[EffectKind], at: &str) -> Result<KindSet, String> {
    if list.is_empty() {
        return Err(format!("{at}.refers_to_effects: empty: list the effects (like [\"credit\"]) an event referred to may have"));
    }
    let mut set = KindSet::default();
    for &kind in list {
        if !EffectKind::REFERABLE.contains(&kind) {
            return Err(format!(
                "{at}.refers_to_effects: `{}` moves no amount to refer to (use credit, debit or transfer)",
                kind.as_str()
            ));
        }
        set = set.with(kind);
    }
    Ok(set)
}
