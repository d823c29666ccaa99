//! `rewind check` as a gate on another domain's streams: a classroom
//! bank-account vocabulary (created with a maximum balance, deposit,
//! withdrawal, deactivate, activate, currency change, closure), read with a
//! schema written from the README's Schemas and Domain rules sections
//! alone. Each stream its reducer would refuse makes `check` exit 1 with
//! the right code; the others exit 0 with the right balance, status and
//! currency.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod binary;

use binary::{json, rewind, stdout, with_files};

/// The vocabulary, with the rules its reducer enforces: every breach an
/// error, and closing an account with money in it allowed.
const SCHEMA: &str = r#"
name = "classroom"

[envelope]
type = "type"
account = "streamId"
version = "number"
payload = "data"

[diagnostics]
account_not_open = "reject"
account_closed = "reject"
account_frozen = "reject"
overdraft = "reject"
over_limit = "reject"
duplicate_open = "reject"
unknown_event_type = "error"
version_gap = "error"
closed_with_balance = "off"

[types.account-created]
effect = "open"
initial_balance = "balance"
currency = "currency"
max_balance = "maxBalance"

[types.deposit]
effect = "credit"
amount = "amount"

[types.withdrawal]
effect = "debit"
amount = "amount"

[types.deactivate]
effect = "freeze"

[types.activate]
effect = "unfreeze"

[types.currency-change]
effect = "set_balance"
balance = "newBalance"
currency = "newCurrency"

[types.closure]
effect = "close"
"#;

/// One event of stream `s`: its number, type and payload.
fn line(s: &str, number: u32, kind: &str, data: &str) -> String {
    format!(r#"{{"streamId":"{s}","number":{number},"type":"{kind}","data":{data}}}"#)
}

const CREATED: &str = r#"{"balance":0,"currency":"EUR","maxBalance":1000}"#;

/// Writes the schema and a stream of `events`, runs `check` and `state
/// --json` on it: the exit code, `check`'s text and the state.
fn gate(name: &str, events: &[String]) -> (Option<i32>, String, serde_json::Value) {
    let mut answer = None;
    with_files(name, SCHEMA, &(events.join("\n") + "\n"), |schema, log| {
        let out = rewind(&["check", log, "--schema", schema]);
        let state = json(&rewind(&["state", log, "--schema", schema, "--json"]));
        answer = Some((out.status.code(), stdout(&out), state));
    });
    answer.unwrap()
}

#[test]
fn each_stream_the_reducer_refuses_fails_the_gate_with_its_code() {
    let created = line("s", 1, "account-created", CREATED);
    let refused: Vec<(&str, Vec<String>, &str)> = vec![
        (
            "deposit-before-created",
            vec![line("s", 1, "deposit", r#"{"amount":5}"#)],
            "account_not_open",
        ),
        (
            "above-max-balance",
            vec![
                created.clone(),
                line("s", 2, "deposit", r#"{"amount":1001}"#),
            ],
            "over_limit",
        ),
        (
            "below-zero",
            vec![
                created.clone(),
                line("s", 2, "withdrawal", r#"{"amount":1}"#),
            ],
            "overdraft",
        ),
        (
            "deposit-after-deactivate",
            vec![
                created.clone(),
                line("s", 2, "deactivate", "{}"),
                line("s", 3, "deposit", r#"{"amount":5}"#),
            ],
            "account_frozen",
        ),
        (
            "event-after-closure",
            vec![
                created.clone(),
                line("s", 2, "closure", "{}"),
                line("s", 3, "deposit", r#"{"amount":5}"#),
            ],
            "account_closed",
        ),
        (
            "unsupported-event",
            vec![
                created.clone(),
                line("s", 2, "interest-paid", r#"{"amount":5}"#),
            ],
            "unknown_event_type",
        ),
        (
            "gap-in-numbers",
            vec![created.clone(), line("s", 3, "deposit", r#"{"amount":5}"#)],
            "version_gap",
        ),
        (
            "created-twice",
            vec![created.clone(), line("s", 2, "account-created", CREATED)],
            "duplicate_open",
        ),
        (
            "currency-change-above-max",
            vec![
                created.clone(),
                line(
                    "s",
                    2,
                    "currency-change",
                    r#"{"newBalance":2000,"newCurrency":"USD"}"#,
                ),
            ],
            "over_limit",
        ),
    ];
    for (name, events, code) in refused {
        let (exit, text, _) = gate(name, &events);
        assert_eq!(exit, Some(1), "{name}: {text}");
        assert!(text.contains(&format!("error[{code}]")), "{name}: {text}");
    }
}

#[test]
fn streams_within_the_rules_pass_the_gate_with_their_state() {
    let (exit, text, state) = gate(
        "lifecycle",
        &[
            line("s", 1, "account-created", CREATED),
            line("s", 2, "deposit", r#"{"amount":"100.50"}"#),
            line("s", 3, "withdrawal", r#"{"amount":"0.50"}"#),
            line("s", 4, "deactivate", "{}"),
            line("s", 5, "activate", "{}"),
            line("s", 6, "deposit", r#"{"amount":900}"#),
            line("s", 7, "closure", "{}"),
        ],
    );
    assert_eq!(exit, Some(0), "{text}");
    let account = &state["accounts"]["s"];
    assert_eq!(account["balance"], "1000.00");
    assert_eq!(account["status"], "closed");
    assert_eq!(account["currency"], "EUR");

    let (exit, text, state) = gate(
        "currency-change",
        &[
            line("s", 1, "account-created", CREATED),
            line("s", 2, "deposit", r#"{"amount":500}"#),
            line(
                "s",
                3,
                "currency-change",
                r#"{"newBalance":"540.00","newCurrency":"USD"}"#,
            ),
        ],
    );
    assert_eq!(exit, Some(0), "{text}");
    let account = &state["accounts"]["s"];
    assert_eq!(account["balance"], "540.00");
    assert_eq!(account["status"], "open");
    assert_eq!(account["currency"], "USD");
}
