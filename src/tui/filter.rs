//! Filters, as lnav's filter-in and filter-out: `&` keeps only the events
//! an expression matches, `&!` hides them. An expression is an event type,
//! an account, a diagnostic code, `amount > 1000` (any comparison), or else
//! text (matched as `/` matches). The shown events are worked out a chunk
//! at a time between frames (see `update::filter_step`), so ten million
//! events never hold up a key; they combine with the account focus (`f`).

use super::breakpoint::{parse, Events, Op};
use super::format::Amount;
use super::record;
use super::search::{self, Query};
use crate::domain::ledger::AccountIx;
use crate::domain::Code;
use crate::replay::Index;
use rust_decimal::Decimal;

/// What one filter tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Test {
    Type(String),
    Account(AccountIx),
    Code(Code),
    Amount(Op, Decimal),
    Text(Query),
}

/// One filter: what was typed, whether it hides what it matches, its test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expr {
    pub text: String,
    pub hide: bool,
    pub test: Test,
}

impl Expr {
    /// Reads `&`'s text: `!` first hides, the rest is tried as a
    /// comparison on the amount, an account, a diagnostic code, a type, and
    /// else taken as text.
    pub fn parse(text: &str, events: Events<'_>) -> Result<Expr, String> {
        let (hide, rest) = match text.trim().strip_prefix('!') {
            Some(rest) => (true, rest.trim()),
            None => (false, text.trim()),
        };
        if rest.is_empty() {
            return Err("type what to keep (or !what to hide)".into());
        }
        let index = events.index;
        let test = if rest.starts_with("amount") || rest.starts_with("amt") {
            match parse::parse(rest, events, None, false)? {
                super::breakpoint::Condition::Amount { op, limit, .. } => Test::Amount(op, limit),
                _ => return Err(format!("not an amount comparison: {rest}")),
            }
        } else if let Some(ix) = index.lookup(rest) {
            Test::Account(ix)
        } else if let Some(&code) = Code::ALL.iter().find(|c| c.as_str() == rest) {
            Test::Code(code)
        } else if parse::parse(&format!("type {rest}"), events, None, false).is_ok() {
            Test::Type(rest.to_owned())
        } else {
            Test::Text(Query::new(rest))
        };
        Ok(Expr {
            text: text.trim().to_owned(),
            hide,
            test,
        })
    }
}

/// The filters in force and the events they show, worked out so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub filters: Vec<Expr>,
    /// The account focus the events were worked out under.
    pub account: Option<AccountIx>,
    /// Events 1..=`scanned` have been looked at.
    pub scanned: u32,
    /// The shown events among them, ascending.
    pub events: Vec<u32>,
}

impl Shown {
    pub fn new(filters: Vec<Expr>, account: Option<AccountIx>) -> Shown {
        Shown {
            filters,
            account,
            scanned: 0,
            events: Vec::new(),
        }
    }

    /// What the title says: `type X · !acc-bob`.
    pub fn describe(&self) -> String {
        let texts: Vec<&str> = self.filters.iter().map(|f| f.text.as_str()).collect();
        texts.join(" · ")
    }

    /// Whether event `n` passes every filter.
    pub fn keeps(&self, events: Events<'_>, n: u32) -> bool {
        let mut info = None;
        self.filters.iter().all(|f| {
            let matched = matches(events, n, &f.test, &mut info);
            matched != f.hide
        })
    }
}

/// Whether event `n` matches a test; `info` is the event decoded, once.
fn matches(
    events: Events<'_>,
    n: u32,
    test: &Test,
    info: &mut Option<Option<super::format::EventInfo>>,
) -> bool {
    let index: &Index = events.index;
    let mut decoded = || {
        info.get_or_insert_with(|| record::info(index, events.source, n))
            .clone()
    };
    match test {
        Test::Account(ix) => {
            let name = index.account_name(*ix);
            index.account_events(*ix).binary_search(&n).is_ok()
                || decoded().is_some_and(|i| i.account == name)
                || index
                    .diagnostics_of(n)
                    .iter()
                    .any(|d| d.account.as_deref() == Some(name))
        }
        Test::Code(code) => index.diagnostics_of(n).iter().any(|d| d.code == *code),
        Test::Type(t) => decoded().is_some_and(|i| i.type_name.eq_ignore_ascii_case(t)),
        Test::Amount(op, limit) => decoded().is_some_and(|i| match i.amount {
            Amount::Signed(a) | Amount::Transfer { amount: a, .. } => op.holds(a.abs(), *limit),
            Amount::Set(_) | Amount::None | Amount::Refers(_) => false,
        }),
        Test::Text(q) => search::matches(index, events.source, n, q),
    }
}

#[cfg(test)]
mod tests;
