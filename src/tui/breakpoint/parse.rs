//! What the `b` prompt accepts: `balance acc-bob<100` with or without
//! spaces, the comparisons `< <= > >= =`, and names checked against the log.

use super::{amount_events, touches, type_is, Condition, Events, Op, SYNTAX};
use crate::domain::ledger::AccountIx;
use crate::replay::search::find_text_where;
use crate::replay::Index;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The words typed, with each comparison a word of its own
/// (`acc-bob<100` is `acc-bob`, `<`, `100`).
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let mut rest = word;
        while !rest.is_empty() {
            let at = rest.find(['<', '>', '=']).unwrap_or(rest.len());
            if at > 0 {
                out.push(rest[..at].to_owned());
                rest = &rest[at..];
                continue;
            }
            let len = if rest[1..].starts_with('=') { 2 } else { 1 };
            out.push(rest[..len].to_owned());
            rest = &rest[len..];
        }
    }
    out
}

fn op(word: &str) -> Option<Op> {
    Op::ALL.iter().find(|(_, s)| *s == word).map(|(op, _)| *op)
}

fn amount(s: &str) -> Result<Decimal, String> {
    let s = s.replace(crate::tui::format::MINUS, "-");
    Decimal::from_str(&s)
        .or_else(|_| Decimal::from_scientific(&s))
        .map_err(|_| format!("`{s}` is not an amount"))
}

/// Parses what was typed at the `b` prompt. `focused` is the account that
/// `balance < X` means when none is named; `loading` says the log is still
/// coming in, so that a type the schema knows is taken before any event of
/// it has arrived.
pub fn parse(
    text: &str,
    events: Events<'_>,
    focused: Option<AccountIx>,
    loading: bool,
) -> Result<Condition, String> {
    let index = events.index;
    let words = words(text);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let account = |name: &str| {
        index
            .lookup(name)
            .ok_or_else(|| format!("no account `{name}` in this log"))
    };
    let balance = |account: Option<AccountIx>, op: &str, limit: &str| {
        let account = account
            .ok_or("no focused account: pick one with `a`, or name it: balance ACCOUNT < 0")?;
        Ok(Condition::Balance {
            account,
            op: comparison(op)?,
            limit: amount(limit)?,
        })
    };
    let a_type = |t: &str| {
        if has_type(events, t, loading) {
            Ok(Condition::Type(t.to_owned()))
        } else {
            Err(format!("no event has type {t}"))
        }
    };
    match words.as_slice() {
        [] => Err(format!("type a condition: {SYNTAX}")),
        ["balance" | "bal", o, limit] if op(o).is_some() => balance(focused, o, limit),
        [o, limit] if op(o).is_some() => balance(focused, o, limit),
        ["below", limit] => balance(focused, "<", limit),
        ["balance" | "bal", name, o, limit] => balance(Some(account(name)?), o, limit),
        ["amount" | "amt", o, limit] => {
            let (op, limit) = (comparison(o)?, amount(limit)?);
            let events = amount_events(index, op, limit, 0);
            Ok(Condition::Amount { op, limit, events })
        }
        ["account" | "touches" | "touch", name] => Ok(touches(index, account(name)?)),
        ["type", t] => a_type(t),
        ["diagnostic" | "diagnostics" | "diag" | "any"] => Ok(Condition::Diagnostic),
        ["error" | "errors"] => Ok(Condition::Error),
        [name] if index.lookup(name).is_some() => Ok(touches(index, account(name)?)),
        [t] if t.chars().next().is_some_and(char::is_uppercase) => a_type(t),
        _ => Err(format!("not a condition; try: {SYNTAX}")),
    }
}

fn comparison(word: &str) -> Result<Op, String> {
    op(word).ok_or_else(|| format!("`{word}` is not a comparison; the comparisons are < <= > >= ="))
}

/// Whether an event of type `t` was loaded, or (while loading) the schema
/// knows the type.
fn has_type(events: Events<'_>, t: &str, loading: bool) -> bool {
    let index: &Index = events.index;
    let known = || {
        index
            .schema()
            .rules()
            .iter()
            .any(|r| r.name.eq_ignore_ascii_case(t))
    };
    (loading && known())
        || find_text_where(index, events.source, 1, index.len(), t, true, |n| {
            type_is(events, n, t)
        })
        .is_some()
}

#[cfg(test)]
mod tests {
    #[test]
    fn comparisons_are_words_of_their_own() {
        assert_eq!(
            super::words("balance acc-bob<100"),
            ["balance", "acc-bob", "<", "100"]
        );
        assert_eq!(super::words("amount>=1000"), ["amount", ">=", "1000"]);
        assert_eq!(super::words(" < = 5"), ["<", "=", "5"]);
    }
}
