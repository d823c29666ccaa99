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
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// The account's balance goes from at least `limit` to below it (or an
    /// account is opened below it).
    BalanceBelow { account: AccountIx, limit: Decimal },
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
    pub condition: Condition,
    pub enabled: bool,
}

impl Condition {
    /// In words, for the list and the status line.
    pub fn describe(&self, index: &Index) -> String {
        match self {
            Condition::BalanceBelow { account, limit } => {
                format!(
                    "balance of {} drops below {limit}",
                    index.account_name(*account)
                )
            }
            Condition::Touches { account, .. } => {
                format!("an event touches {}", index.account_name(*account))
            }
            Condition::Type(t) => format!("an event of type {t}"),
            Condition::Diagnostic => "any diagnostic".into(),
            Condition::Error => "an error diagnostic".into(),
        }
    }

    /// Whether the condition holds at event `n`.
    pub fn holds(&self, events: Events<'_>, n: u32) -> bool {
        let index = events.index;
        if n == 0 {
            return false;
        }
        match self {
            Condition::BalanceBelow { account, limit } => {
                let at = index.account_events(*account);
                match at.binary_search(&n) {
                    Ok(k) => crossed(index, *account, at, k, limit),
                    Err(_) => false,
                }
            }
            Condition::Touches { events: about, .. } => about.binary_search(&n).is_ok(),
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
            Condition::BalanceBelow { account, limit } => {
                let at = index.account_events(*account);
                let hit = |&k: &usize| crossed(index, *account, at, k, limit);
                if forward {
                    let start = at.partition_point(|&e| e <= from);
                    (start..at.len()).find(hit).map(|k| at[k])
                } else {
                    let end = at.partition_point(|&e| e < from);
                    (0..end).rev().find(hit).map(|k| at[k])
                }
            }
            Condition::Touches { events: about, .. } => sorted(about),
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

/// Whether the `k`-th change of an account (at event `at[k]`) left it below
/// `limit` while the change before did not.
fn crossed(index: &Index, account: AccountIx, at: &[u32], k: usize, limit: &Decimal) -> bool {
    let balance = |k: usize| index.account_at(account, at[k]).map(|a| a.balance);
    balance(k).is_some_and(|b| b < *limit)
        && (k == 0 || balance(k - 1).is_some_and(|b| b >= *limit))
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

/// The syntax the `b` prompt accepts, for its hint.
pub const SYNTAX: &str =
    "balance < 0 · balance acc-bob < 100 · account acc-bob · type MoneyWithdrawn · diagnostic · error";

/// Parses what was typed at the `b` prompt. `focused` is the account that
/// `balance < X` means when none is named.
pub fn parse(text: &str, index: &Index, focused: Option<AccountIx>) -> Result<Condition, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let account = |name: &str| {
        index
            .lookup(name)
            .ok_or_else(|| format!("no account `{name}` in this log"))
    };
    let amount = |s: &str| {
        Decimal::from_str(s)
            .or_else(|_| Decimal::from_scientific(s))
            .map_err(|_| format!("`{s}` is not an amount"))
    };
    let below = |account: Option<AccountIx>, limit: &str| -> Result<Condition, String> {
        let account = account
            .ok_or("no focused account: pick one with `a`, or name it: balance ACCOUNT < 0")?;
        Ok(Condition::BalanceBelow {
            account,
            limit: amount(limit)?,
        })
    };
    match words.as_slice() {
        [] => Err(format!("type a condition: {SYNTAX}")),
        ["balance" | "bal", "<", limit] | ["<", limit] | ["below", limit] => below(focused, limit),
        ["balance" | "bal", name, "<", limit] => below(Some(account(name)?), limit),
        ["account" | "touches" | "touch", name] => Ok(touches(index, account(name)?)),
        ["type", t] => Ok(Condition::Type((*t).to_owned())),
        ["diagnostic" | "diagnostics" | "diag" | "any"] => Ok(Condition::Diagnostic),
        ["error" | "errors"] => Ok(Condition::Error),
        [name] if index.lookup(name).is_some() => Ok(touches(index, account(name)?)),
        [t] if t.chars().next().is_some_and(char::is_uppercase) => {
            Ok(Condition::Type((*t).to_owned()))
        }
        _ => Err(format!("not a condition; try: {SYNTAX}")),
    }
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
mod tests {
    use super::*;
    use crate::tui::model::Model;

    #[test]
    fn events_about_an_account_extend_as_the_log_grows() {
        let log = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample-logs/every-diagnostic.jsonl"
        ))
        .unwrap();
        let index = |log: &[u8]| {
            let source = std::sync::Arc::new(crate::log::Source::memory(log.to_vec()));
            crate::replay::load(&source, &crate::replay::LoadOptions::default()).unwrap()
        };
        let whole = index(&log);
        for cut in 0..log.len() {
            if cut > 0 && log[cut - 1] != b'\n' {
                continue;
            }
            let head = index(&log[..cut]);
            let before = head.len();
            for name in ["acc-1", "acc-2", "ghost", "whale"] {
                let (Some(old), Some(new)) = (head.lookup(name), whole.lookup(name)) else {
                    continue;
                };
                assert_eq!(old, new);
                let mut events = events_about(&head, old);
                extend_events_about(&whole, new, &mut events, before);
                assert_eq!(events, events_about(&whole, new), "{name} cut at {cut}");
            }
        }
    }

    fn bank() -> Model {
        let log = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample-logs/bank.jsonl"
        ))
        .unwrap();
        Model::from_log(&log, "bank.jsonl".into(), 0)
    }

    #[test]
    fn balance_below_stops_where_the_balance_crosses() {
        let m = bank();
        let alice = m.index().lookup("acc-alice").unwrap();
        let c = parse("balance < 0", m.index(), Some(alice)).unwrap();
        assert_eq!(c.next(m.events(), 0, true), Some(14));
        assert_eq!(c.next(m.events(), 14, true), None);
        assert_eq!(c.next(m.events(), 20, false), Some(14));
        assert!(c.holds(m.events(), 14));
        assert!(!c.holds(m.events(), 15));
    }

    #[test]
    fn types_accounts_and_diagnostics() {
        let m = bank();
        let t = parse("type moneytransferred", m.index(), None).unwrap();
        assert_eq!(t.next(m.events(), 0, true), Some(6));
        assert_eq!(t.next(m.events(), 6, true), Some(10));
        assert_eq!(t.next(m.events(), 6, false), None);
        let dave = parse("acc-dave", m.index(), None).unwrap();
        assert_eq!(dave.next(m.events(), 0, true), Some(9));
        assert_eq!(dave.next(m.events(), 9, true), Some(10));
        let d = parse("diagnostic", m.index(), None).unwrap();
        assert_eq!(d.next(m.events(), 0, true), m.diag_events.first().copied());
        assert!(parse("balance < 0", m.index(), None).is_err());
        assert!(parse("balance nobody < 0", m.index(), None).is_err());
        assert!(parse("", m.index(), None).is_err());
        assert!(parse("balance < ten", m.index(), Some(0)).is_err());
    }
}
