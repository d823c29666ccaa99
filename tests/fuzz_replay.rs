//! Fuzzing replay (events → state) with proptest: arbitrary sequences of
//! every event type, on a few accounts, with amounts at and past the edges
//! of `Decimal`, repeated ids, sequences and times out of order. For every
//! N: seeking the index to N equals a fresh replay of events 1..N; an event
//! that is not applied changes nothing; an applied transfer neither creates
//! nor destroys money; a deposit or withdrawal moves the total by exactly
//! its amount. Bounded like `fuzz_reader` (`REWIND_FUZZ_CASES`); seeds of
//! failures are kept in `fuzz_replay.proptest-regressions`.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::seek_equals_replay_at_every_event;
use proptest::prelude::*;
use rewind::domain::money::{exact_add, exact_sub};
use rewind::replay::{flags, Index};
use rust_decimal::Decimal;
use std::str::FromStr;

fn cases() -> u32 {
    std::env::var("REWIND_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(96)
}

const AMOUNTS: &[&str] = &[
    "1",
    "0.1",
    "\"2.50\"",
    "\"1e2\"",
    "1E-2",
    "0",
    "-3",
    "\"x\"",
    "null",
    "true",
    "{}",
    "79228162514264337593543950335",
    "\"79228162514264337593543950335\"",
    "7922816251426433759354395033.5",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000001",
    "1e28",
    "1e29",
    "1e999999",
    "-0",
    "\"  5 \"",
];

/// One event, as a line of JSON Lines.
#[derive(Debug, Clone)]
struct Line {
    kind: &'static str,
    account: &'static str,
    to: &'static str,
    amount: &'static str,
    id: Option<u8>,
    seq: Option<i16>,
    minute: Option<u8>,
}

impl Line {
    fn json(&self) -> String {
        let mut fields = vec![format!("\"type\":\"{}\"", self.kind)];
        if !self.account.is_empty() {
            fields.push(format!("\"account\":\"{}\"", self.account));
        }
        if let Some(id) = self.id {
            fields.push(format!("\"id\":\"e{id}\""));
        }
        if let Some(seq) = self.seq {
            fields.push(format!("\"seq\":{seq}"));
        }
        match self.minute {
            Some(m) if m < 60 => fields.push(format!("\"ts\":\"2024-01-01T10:{m:02}:00Z\"")),
            Some(_) => fields.push("\"ts\":\"yesterday\"".into()),
            None => {}
        }
        fields.push(format!(
            "\"data\":{{\"amount\":{a},\"initial_balance\":{a},\"to_account\":\"{}\",\"owner\":\"o-{}\"}}",
            self.to,
            self.account,
            a = self.amount
        ));
        format!("{{{}}}", fields.join(","))
    }
}

fn line() -> impl Strategy<Value = Line> {
    let account = prop::sample::select(vec!["a", "b", "c", ""]);
    let kind = prop::sample::select(vec![
        "AccountOpened",
        "MoneyDeposited",
        "MoneyWithdrawn",
        "MoneyTransferred",
        "MoneyTransferred",
        "AccountClosed",
        "Mystery",
    ]);
    (
        kind,
        account.clone(),
        account,
        prop::sample::select(AMOUNTS),
        prop::option::weighted(0.5, 0u8..8),
        prop::option::weighted(0.5, -2i16..30),
        prop::option::weighted(0.7, 0u8..64),
    )
        .prop_map(|(kind, account, to, amount, id, seq, minute)| Line {
            kind,
            account,
            to,
            amount,
            id,
            seq,
            minute,
        })
}

/// The amount a line's event moves, as `Decimal` reads it.
fn amount(line: &Line) -> Option<Decimal> {
    let text = line.amount.trim_matches('"').trim();
    Decimal::from_str(text)
        .or_else(|_| Decimal::from_scientific(text))
        .ok()
}

/// The money in all accounts after event `n`; `None` if `Decimal` cannot
/// hold the sum exactly (each balance is within its range, not their sum).
fn total(index: &Index, n: u32) -> Option<Decimal> {
    index
        .state_at(n)
        .iter()
        .try_fold(Decimal::ZERO, |sum, a| exact_add(sum, a.balance))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn seek_equals_replay_and_money_is_conserved(
        lines in prop::collection::vec(line(), 0..60),
        noise in prop::collection::vec(any::<prop::sample::Index>(), 0..4),
    ) {
        let mut text: Vec<String> = lines.iter().map(Line::json).collect();
        // A few non-events in between, which take no event number.
        for (k, at) in noise.iter().enumerate() {
            let i = at.index(text.len() + 1);
            text.insert(i, ["not json", "42", "", "{\"type\":"][k % 4].to_owned());
        }
        let log = text.join("\n");
        let index = common::index(log.as_bytes());
        prop_assert_eq!(index.len() as usize, lines.len(), "the noise takes no event number");
        seek_equals_replay_at_every_event(&index, log.as_bytes())?;
        for n in 1..=index.len() {
            let line = &lines[n as usize - 1];
            let (Some(before), Some(after)) = (total(&index, n - 1), total(&index, n)) else {
                continue;
            };
            if index.flags(n) & flags::APPLIED == 0 {
                let unchanged: Vec<_> = index.state_at(n - 1).iter().map(|a| (a.balance, a.status)).collect();
                let now: Vec<_> = index.state_at(n).iter().take(unchanged.len()).map(|a| (a.balance, a.status)).collect();
                prop_assert_eq!(unchanged, now, "event {} was not applied but changed state", n);
                continue;
            }
            match line.kind {
                "MoneyTransferred" => prop_assert_eq!(before, after, "transfer {} made or lost money", n),
                "MoneyDeposited" => prop_assert_eq!(exact_sub(after, before), amount(line), "deposit {}", n),
                "MoneyWithdrawn" => prop_assert_eq!(exact_sub(before, after), amount(line), "withdrawal {}", n),
                "AccountClosed" | "Mystery" => prop_assert_eq!(before, after, "event {}", n),
                _ => {}
            }
        }
    }
}
