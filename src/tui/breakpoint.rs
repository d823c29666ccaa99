//! Breakpoints: conditions on events, and finding the next event where one
//! holds. Each condition searches the index's own sorted columns where it
//! can (an account's timeline, the events with diagnostics), so running to
//! a breakpoint in a long log does not replay it.

use super::record;
use super::search::contains_ignore_case;
use crate::domain::ledger::AccountIx;
use crate::log::envelope::string_of;
use crate::log::Source;
use crate::replay::search::find_text_where;
use crate::replay::{flags, Index};
use rust_decimal::Decimal;

pub mod parse;

/// The syntax the `b` prompt accepts, for its hint.
pub const SYNTAX: &str =
    "balance < 0 · balance acc-bob >= 100 · amount > 1000 · account acc-bob · type MoneyWithdrawn · diagnostic · error";

/// A comparison, as typed: `<`, `<=`, `>`, `>=`, `=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
}

impl Op {
    pub const ALL: [(Op, &'static str); 5] = [
        (Op::Le, "<="),
        (Op::Ge, ">="),
        (Op::Lt, "<"),
        (Op::Gt, ">"),
        (Op::Eq, "="),
    ];

    pub fn holds(self, value: Decimal, limit: Decimal) -> bool {
        match self {
            Op::Lt => value < limit,
            Op::Le => value <= limit,
            Op::Gt => value > limit,
            Op::Ge => value >= limit,
            Op::Eq => value == limit,
        }
    }

    pub fn symbol(self) -> &'static str {
        Op::ALL
            .iter()
            .find(|(op, _)| *op == self)
            .map_or("?", |(_, s)| s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// The account's balance comes to satisfy `op limit` (it did not after
    /// its change before, or the account is opened satisfying it).
    Balance {
        account: AccountIx,
        op: Op,
        limit: Decimal,
    },
    /// An event whose amount (the change it made to a balance, without its
    /// sign) satisfies `op limit`; `events` are those events, ascending.
    Amount {
        op: Op,
        limit: Decimal,
        events: Vec<u32>,
    },
    /// An event about the account: the events that changed it, and those
    /// whose diagnostics name it. Ascending.
    Touches {
        account: AccountIx,
        events: Vec<u32>,
    },
    /// An event of this type (compared without regard to case).
    Type(String),
    /// Any diagnostic.
    Diagnostic,
    /// An error diagnostic.
    Error,
}

/// What a condition is checked against: the log, its index, and the events
/// that have diagnostics (ascending).
#[derive(Debug, Clone, Copy)]
pub struct Events<'a> {
    pub index: &'a Index,
    pub source: &'a Source,
    pub diagnosed: &'a [u32],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakpoint {
    /// Its number for the session, as in gdb: never reused or renumbered.
    pub number: u32,
    pub condition: Condition,
    pub enabled: bool,
    /// How many times running (`c`, `C`) stopped at it.
    pub hits: u32,
}

impl Condition {
    /// In words, for the list and the status line.
    pub fn describe(&self, index: &Index) -> String {
        match self {
            Condition::Balance { account, op, limit } => {
                let name = index.account_name(*account);
                match op {
                    Op::Lt => format!("balance of {name} drops below {limit}"),
                    Op::Gt => format!("balance of {name} rises above {limit}"),
                    _ => format!("balance of {name} becomes {} {limit}", op.symbol()),
                }
            }
            Condition::Amount { op, limit, .. } => {
                format!("an event with amount {} {limit}", op.symbol())
            }
            Condition::Touches { account, .. } => {
                format!("an event touches {}", index.account_name(*account))
            }
            Condition::Type(t) => format!("an event of type {t}"),
            Condition::Diagnostic => "any diagnostic".into(),
            Condition::Error => "an error diagnostic".into(),
        }
    }

    /// The condition on `index`, another fold of the log (reloaded, or
    /// with events skipped), where its account, found there by name, is
    /// `account`: what it keeps of the events is worked out again.
    /// `false` when it is about an account `index` does not have.
    pub fn rebind(&mut self, index: &Index, account: Option<AccountIx>) -> bool {
        match (self, account) {
            (Condition::Balance { account, .. }, Some(ix)) => *account = ix,
            (Condition::Touches { account, events }, Some(ix)) => {
                *account = ix;
                *events = events_about(index, ix);
            }
            (Condition::Balance { .. } | Condition::Touches { .. }, None) => return false,
            (Condition::Amount { op, limit, events }, _) => {
                *events = amount_events(index, *op, *limit, 0);
            }
            _ => {}
        }
        true
    }

    /// As the `b` prompt takes it (what a session file keeps).
    pub fn spec(&self, index: &Index) -> String {
        match self {
            Condition::Balance { account, op, limit } => format!(
                "balance {} {} {limit}",
                index.account_name(*account),
                op.symbol()
            ),
            Condition::Amount { op, limit, .. } => format!("amount {} {limit}", op.symbol()),
            Condition::Touches { account, .. } => {
                format!("account {}", index.account_name(*account))
            }
            Condition::Type(t) => format!("type {t}"),
            Condition::Diagnostic => "diagnostic".into(),
            Condition::Error => "error".into(),
        }
    }

    /// Whether the condition holds at event `n`.
    pub fn holds(&self, events: Events<'_>, n: u32) -> bool {
        let index = events.index;
        if n == 0 {
            return false;
        }
        match self {
            Condition::Balance { account, op, limit } => {
                let at = index.account_events(*account);
                match at.binary_search(&n) {
                    Ok(k) => crossed(index, *account, at, k, *op, limit),
                    Err(_) => false,
                }
            }
            Condition::Touches { events: about, .. } | Condition::Amount { events: about, .. } => {
                about.binary_search(&n).is_ok()
            }
            Condition::Type(t) => type_is(events, n, t),
            Condition::Diagnostic => events.diagnosed.binary_search(&n).is_ok(),
            Condition::Error => index.flags(n) & flags::ERROR != 0,
        }
    }

    /// The first event strictly after `from` (forward) or strictly before it
    /// (backward) where the condition holds.
    pub fn next(&self, events: Events<'_>, from: u32, forward: bool) -> Option<u32> {
        let index = events.index;
        let diag_events = events.diagnosed;
        let sorted = |events: &[u32]| -> Option<u32> {
            if forward {
                events.get(events.partition_point(|&e| e <= from)).copied()
            } else {
                let k = events.partition_point(|&e| e < from);
                k.checked_sub(1).map(|k| events[k])
            }
        };
        match self {
            Condition::Balance { account, op, limit } => {
                let at = index.account_events(*account);
                let hit = |&k: &usize| crossed(index, *account, at, k, *op, limit);
                if forward {
                    let start = at.partition_point(|&e| e <= from);
                    (start..at.len()).find(hit).map(|k| at[k])
                } else {
                    let end = at.partition_point(|&e| e < from);
                    (0..end).rev().find(hit).map(|k| at[k])
                }
            }
            Condition::Touches { events: about, .. } | Condition::Amount { events: about, .. } => {
                sorted(about)
            }
            Condition::Diagnostic => sorted(diag_events),
            Condition::Error => {
                let mut candidates: Box<dyn Iterator<Item = &u32>> = if forward {
                    Box::new(diag_events[diag_events.partition_point(|&e| e <= from)..].iter())
                } else {
                    Box::new(
                        diag_events[..diag_events.partition_point(|&e| e < from)]
                            .iter()
                            .rev(),
                    )
                };
                candidates
                    .find(|&&e| index.flags(e) & flags::ERROR != 0)
                    .copied()
            }
            Condition::Type(t) => {
                // The type's name is a quick text filter over the raw log.
                let (lo, hi) = if forward {
                    (from.saturating_add(1), index.len())
                } else {
                    (1, from.saturating_sub(1))
                };
                find_text_where(index, events.source, lo, hi, t, forward, |n| {
                    type_is(events, n, t)
                })
            }
        }
    }
}

/// Whether the `k`-th change of an account (at event `at[k]`) left its
/// balance satisfying `op limit` while the change before did not.
fn crossed(
    index: &Index,
    account: AccountIx,
    at: &[u32],
    k: usize,
    op: Op,
    limit: &Decimal,
) -> bool {
    let holds = |k: usize| {
        index
            .account_at(account, at[k])
            .is_some_and(|a| op.holds(a.balance, *limit))
    };
    holds(k) && (k == 0 || !holds(k - 1))
}

/// The events after `after` whose amount satisfies `op limit`: the size of
/// the change each made to a balance (an opening: the initial balance),
/// read from the accounts' balance histories, so no record is decoded.
pub fn amount_events(index: &Index, op: Op, limit: Decimal, after: u32) -> Vec<u32> {
    let mut events = Vec::new();
    for ix in 0..index.account_count() as AccountIx {
        let at = index.account_events(ix);
        let first = at.partition_point(|&e| e <= after);
        let mut before = first
            .checked_sub(1)
            .and_then(|k| index.account_at(ix, at[k]))
            .map(|a| a.balance);
        for &n in &at[first..] {
            let Some(balance) = index.account_at(ix, n).map(|a| a.balance) else {
                continue;
            };
            let change = (balance - before.unwrap_or_default()).abs();
            if !change.is_zero() && op.holds(change, limit) {
                events.push(n);
            }
            before = Some(balance);
        }
    }
    events.sort_unstable();
    events.dedup();
    events
}

/// Whether event `n` has type `t`; the raw bytes are checked first so that
/// most events are never decoded.
fn type_is(events: Events<'_>, n: u32, t: &str) -> bool {
    let Some(bytes) = record::bytes(events.index, events.source, n) else {
        return false;
    };
    if !contains_ignore_case(&bytes, t.as_bytes()) {
        return false;
    }
    crate::log::Envelope::decode_with(&bytes, events.index.schema())
        .ok()
        .and_then(|env| {
            env.event_type()
                .and_then(string_of)
                .map(|s| s.eq_ignore_ascii_case(t))
        })
        .unwrap_or(false)
}

/// `Touches` with its events worked out.
pub fn touches(index: &Index, account: AccountIx) -> Condition {
    Condition::Touches {
        account,
        events: events_about(index, account),
    }
}

/// The events about an account: those that changed it and those whose
/// diagnostics name it (a withdrawal from a closed account, say), ascending.
pub fn events_about(index: &Index, account: AccountIx) -> Vec<u32> {
    let name = index.account_name(account);
    let mut events: Vec<u32> = index.account_events(account).to_vec();
    events.extend(
        index
            .diagnostics()
            .iter()
            .filter(|d| d.account.as_deref() == Some(name))
            .filter_map(|d| d.event),
    );
    events.sort_unstable();
    events.dedup();
    events
}

/// Extends `events` (the [`events_about`] of an index of `before` events)
/// with the events indexed since, reading only the new part of the index.
pub fn extend_events_about(index: &Index, account: AccountIx, events: &mut Vec<u32>, before: u32) {
    let name = index.account_name(account);
    let changed = index.account_events(account);
    let mut new: Vec<u32> = changed[changed.partition_point(|&e| e <= before)..].to_vec();
    // Diagnostics are in log order: the new ones are those after the last
    // one about an old event.
    let diagnostics = index.diagnostics();
    let first_new = diagnostics
        .iter()
        .rposition(|d| d.event.is_some_and(|e| e <= before))
        .map_or(0, |k| k + 1);
    new.extend(
        diagnostics[first_new..]
            .iter()
            .filter(|d| d.account.as_deref() == Some(name))
            .filter_map(|d| d.event),
    );
    new.sort_unstable();
    new.dedup();
    events.extend(new.into_iter().filter(|&e| e > before));
}

#[cfg(test)]
mod tests;
