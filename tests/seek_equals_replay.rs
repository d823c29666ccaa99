//! Property: seeking the index to any event N gives exactly the state that a
//! fresh replay of events 1..N gives. The index is an optimisation; this
//! test is what allows it to be one.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::seek_equals_replay_at_every_event;
use proptest::prelude::*;
use rewind::log::Source;
use rewind::replay::{History, LoadOptions, Skips};
use rewind::schema::{Schema, Syntax};
use std::sync::Arc;

/// The bank vocabulary with frozen accounts, a statement, balance limits
/// (schema-wide, and an account's own from its opening) and policies that reject, drop and raise findings.
const RULES: &str = r#"
[envelope]
type = "type"
account = "account"
timestamp = "ts"
id = "id"
sequence = "seq"
payload = "data"

[types.AccountOpened]
effect = "open"
initial_balance = "initial_balance"
owner = "owner"
min_balance = "min"
max_balance = "max"

[types.MoneyDeposited]
effect = "credit"
amount = "amount"

[types.MoneyWithdrawn]
effect = "debit"
amount = "amount"

[types.MoneyTransferred]
effect = "transfer"
amount = "amount"
to = "to_account"

[types.AccountClosed]
effect = "close"

[types.Frozen]
effect = "freeze"

[types.Thawed]
effect = "unfreeze"

[types.Statement]
effect = "set_balance"
balance = "amount"

[rules]
min_balance = "-5"
max_balance = "150"

[diagnostics]
overdraft = "reject"
account_frozen = "reject"
over_limit = "reject"
timestamp_backwards = "reject"
account_closed = "off"
duplicate_event_id = "off"
seq_not_increasing = "error"
not_frozen = "off"
"#;

/// Payments with held funds: disputes, resolves and chargebacks (that
/// lock) referring to earlier deposits and withdrawals by id.
const HOLDS: &str = r#"
[envelope]
type = "type"
account = "client"
id = "tx"

[types.deposit]
effect = "credit"
amount = "amount"

[types.withdrawal]
effect = "debit"
amount = "amount"

[types.dispute]
effect = "hold"
refers_to = "tx"
refers_to_effects = ["credit", "debit"]

[types.resolve]
effect = "release"
refers_to = "tx"

[types.chargeback]
effect = "reverse"
refers_to = "tx"
then = "freeze"

[rules]
implicit_open = true

[diagnostics]
overdraft = "reject"
account_frozen = "reject"
"#;

fn holds_line() -> impl Strategy<Value = String> {
    let kind = prop::sample::select(vec![
        "deposit",
        "deposit",
        "withdrawal",
        "dispute",
        "dispute",
        "resolve",
        "chargeback",
        "mystery",
    ]);
    let amount = prop::sample::select(vec!["1", "2.5", "10", "x", "-1"]);
    (kind, prop::sample::select(vec!["1", "2"]), 0u8..6, amount).prop_map(
        |(kind, client, tx, amount)| {
            format!(r#"{{"type":"{kind}","client":"{client}","tx":"{tx}","amount":"{amount}"}}"#)
        },
    )
}

fn rules_line() -> impl Strategy<Value = String> {
    let kind = prop::sample::select(vec!["Frozen", "Thawed", "Statement"]);
    let own = prop::sample::select(vec![
        r#""max":"20""#,
        r#""min":"-200","max":"500""#,
        r#""min":"1""#,
        r#""max":"x""#,
    ]);
    (line(), kind, prop::sample::select(vec!["a", "b"]), own, 0u8..4).prop_map(
        |(line, kind, acc, own, shape)| match shape {
            0 => format!(r#"{{"type":"{kind}","account":"{acc}","data":{{"amount":"120"}}}}"#),
            1 => format!(
                r#"{{"type":"AccountOpened","account":"{acc}","data":{{"initial_balance":"10",{own}}}}}"#
            ),
            _ => line,
        },
    )
}

fn line() -> impl Strategy<Value = String> {
    let account = prop::sample::select(vec!["a", "b", "c", "d"]);
    let amount = prop::sample::select(vec![
        "1",
        "0.1",
        "\"2.50\"",
        "100",
        "\"1e2\"",
        "0",
        "-3",
        "\"x\"",
        "79228162514264337593543950335",
    ]);
    let kind = prop::sample::select(vec![
        "AccountOpened",
        "MoneyDeposited",
        "MoneyWithdrawn",
        "MoneyTransferred",
        "AccountClosed",
        "Mystery",
    ]);
    (kind, account.clone(), account, amount, 0u32..6, 0u32..40, 0u8..20).prop_map(
        |(kind, acc, to, amount, id, seq, shape)| match shape {
            0 => "not json".to_owned(),
            1 => format!(r#"{{"type":"{kind}"}}"#),
            _ => format!(
                r#"{{"id":"e{id}","seq":{seq},"ts":"2024-01-01T00:00:{:02}Z","type":"{kind}","account":"{acc}","data":{{"amount":{amount},"initial_balance":{amount},"to_account":"{to}","owner":"o-{acc}"}}}}"#,
                seq % 60
            ),
        },
    )
}

/// What-if replay is exact: the log loaded with events taken out is, at
/// every event, the log with those records deleted (its events numbered as
/// written, so event N of the one is event N less the skipped before it of
/// the other): the same accounts, balances and statuses, the same events
/// applied, the same diagnostics on the same events.
fn what_if_equals_deletion(
    lines: &[String],
    picks: &[prop::sample::Index],
    schema: &Arc<Schema>,
) -> Result<(), TestCaseError> {
    let log = lines.join("\n");
    let source = Arc::new(Source::memory(log.clone().into_bytes()));
    let options = LoadOptions {
        schema: Arc::clone(schema),
        ..LoadOptions::default()
    };
    let written = rewind::replay::load(&source, &options).unwrap();
    if written.is_empty() {
        return Ok(());
    }
    let skips = Skips::of(
        picks
            .iter()
            .map(|p| p.index(written.len() as usize) as u32 + 1),
    );
    let what_if = rewind::replay::load(
        &source,
        &LoadOptions {
            skips: skips.clone(),
            ..options.clone()
        },
    )
    .unwrap();
    let gone: Vec<u64> = skips
        .events()
        .iter()
        .map(|&n| written.line_of(&source, n).unwrap())
        .collect();
    let kept: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !gone.contains(&(*i as u64 + 1)))
        .map(|(_, l)| l.as_str())
        .collect();
    let deleted_log = kept.join("\n");
    let deleted = rewind::replay::load(
        &Arc::new(Source::memory(deleted_log.into_bytes())),
        &options,
    )
    .unwrap();
    prop_assert_eq!(what_if.len(), written.len());
    prop_assert_eq!(deleted.len() as usize, written.len() as usize - skips.len());
    // Event n as written is event `to_deleted(n)` of the log without them.
    let to_deleted = |n: u32| n - skips.events().iter().filter(|&&k| k <= n).count() as u32;
    let view = |v: &rewind::replay::AccountView<'_>| {
        (
            v.name.to_owned(),
            v.balance,
            v.status,
            v.owner.map(str::to_owned),
            v.currency.map(str::to_owned),
            v.events,
        )
    };
    for n in 0..=what_if.len() {
        let a: Vec<_> = what_if.state_at(n).iter().map(view).collect();
        let b: Vec<_> = deleted.state_at(to_deleted(n)).iter().map(view).collect();
        prop_assert_eq!(a, b, "state after event {} (skipping {})", n, skips);
        let flag = what_if.flags(n);
        if skips.contains(n) {
            prop_assert_eq!(flag, rewind::replay::flags::SKIPPED);
            prop_assert!(what_if.diagnostics_of(n).is_empty());
        } else if n > 0 {
            prop_assert_eq!(flag, deleted.flags(to_deleted(n)), "flags of event {}", n);
        }
    }
    let findings = |index: &rewind::replay::Index, map: &dyn Fn(u32) -> u32| {
        index
            .diagnostics()
            .iter()
            .map(|d| (d.event.map(map), d.code, d.severity, d.account.clone()))
            .collect::<Vec<_>>()
    };
    prop_assert_eq!(
        findings(&what_if, &to_deleted),
        findings(&deleted, &|n| n),
        "skipping {}",
        skips
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn what_if_is_the_log_without_those_records(
        lines in prop::collection::vec(line(), 0..40),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..5),
    ) {
        what_if_equals_deletion(&lines, &picks, &Schema::bank())?;
    }

    /// The same with a schema's policies (rejecting, dropping, raising),
    /// limits, frozen accounts and statements.
    #[test]
    fn what_if_is_the_log_without_those_records_with_rules(
        lines in prop::collection::vec(rules_line(), 0..40),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..5),
    ) {
        let schema = Arc::new(Schema::parse(RULES, Syntax::Toml, "rules.toml", "rules").unwrap());
        what_if_equals_deletion(&lines, &picks, &schema)?;
    }

    #[test]
    fn seek_equals_replay(lines in prop::collection::vec(line(), 0..40)) {
        let log = lines.join("\n");
        let index = common::index(log.as_bytes());
        seek_equals_replay_at_every_event(&index, log.as_bytes())?;
    }

    /// The same with a schema's policies, frozen accounts and limits:
    /// a rejected event changes nothing, seeking or replaying.
    #[test]
    fn seek_equals_replay_with_rules(lines in prop::collection::vec(rules_line(), 0..40)) {
        let log = lines.join("\n");
        let schema = Arc::new(Schema::parse(RULES, Syntax::Toml, "rules.toml", "rules").unwrap());
        let source = Arc::new(Source::memory(log.clone().into_bytes()));
        let options = LoadOptions { schema, ..LoadOptions::default() };
        let index = rewind::replay::load(&source, &options).unwrap();
        seek_equals_replay_at_every_event(&index, log.as_bytes())?;
    }

    /// The same with held funds: the held column seeks like the balance.
    #[test]
    fn seek_equals_replay_with_holds(lines in prop::collection::vec(holds_line(), 0..40)) {
        let log = lines.join("\n");
        let schema = Arc::new(Schema::parse(HOLDS, Syntax::Toml, "holds.toml", "holds").unwrap());
        let source = Arc::new(Source::memory(log.clone().into_bytes()));
        let options = LoadOptions { schema, ..LoadOptions::default() };
        let index = rewind::replay::load(&source, &options).unwrap();
        seek_equals_replay_at_every_event(&index, log.as_bytes())?;
    }

    /// A headless command that wants only the end loads without history:
    /// it must end in the same state, with the same diagnostics.
    #[test]
    fn the_end_without_history_is_the_end_with_it(lines in prop::collection::vec(line(), 0..40)) {
        let log = lines.join("\n");
        let source = Arc::new(Source::memory(log.clone().into_bytes()));
        let full = rewind::replay::load(&source, &LoadOptions::default()).unwrap();
        let dropped = LoadOptions { history: History::Dropped, ..LoadOptions::default() };
        let end = rewind::replay::load(&source, &dropped).unwrap();
        prop_assert_eq!(end.len(), full.len());
        prop_assert_eq!(end.state_at(end.len()), full.state_at(full.len()));
        prop_assert_eq!(end.diagnostics(), full.diagnostics());
        let replayed = common::replay(log.as_bytes(), end.len());
        let names: Vec<&str> = replayed.accounts().map(|(name, _)| name).collect();
        let ended: Vec<&str> = end.state_at(end.len()).iter().map(|v| v.name).collect();
        prop_assert_eq!(ended, names);
    }

    #[test]
    fn transfers_conserve_money(moves in prop::collection::vec((0usize..4, 0usize..4, 1u32..10_000), 0..60)) {
        let names = ["a", "b", "c", "d"];
        let mut log: Vec<String> = names
            .iter()
            .map(|a| format!(r#"{{"type":"AccountOpened","account":"{a}"}}"#))
            .collect();
        for (from, to, cents) in moves {
            log.push(format!(
                r#"{{"type":"MoneyTransferred","account":"{}","data":{{"amount":"{}.{:02}","to_account":"{}"}}}}"#,
                names[from], cents / 100, cents % 100, names[to]
            ));
        }
        let index = common::index(log.join("\n").as_bytes());
        for n in 0..=index.len() {
            let total: rust_decimal::Decimal = index.state_at(n).iter().map(|a| a.balance).sum();
            prop_assert!(total.is_zero(), "money appeared or vanished at {}: {}", n, total);
        }
    }

    #[test]
    fn any_bytes_index_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let index = common::index(&bytes);
        let _ = index.state_at(index.len());
    }
}
