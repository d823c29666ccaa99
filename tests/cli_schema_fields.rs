//! The real binary with schema fields beyond the basics: payloads held as
//! JSON text, a currency change on any effect, a required opening balance.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod binary;

use binary::{diagnostic_codes, json, rewind, stderr, with_files};

/// An Axon-like store's events: the payload is JSON text (Jackson), or
/// PostgreSQL's hex form of it (`row_to_json` of a `bytea` column).
const AXON_SCHEMA: &str = r#"
[envelope]
type = "payloadType"
account = "aggregateIdentifier"
sequence = "globalIndex"
payload = "payload"

[types.AccountCreated]
effect = "open"
initial_balance = "initialBalance"
currency = "currency"

[types.MoneyDeposited]
effect = "credit"
amount = "amount"

[types.MoneyWithdrawn]
effect = "debit"
amount = "amount"
"#;

const AXON_LOG: &str = r#"{"globalIndex":1,"aggregateIdentifier":"acc-1","payloadType":"AccountCreated","payload":"{\"initialBalance\":100,\"currency\":\"EUR\"}"}
{"globalIndex":2,"aggregateIdentifier":"acc-1","payloadType":"MoneyDeposited","payload":"{\"amount\": 50}"}
{"globalIndex":3,"aggregateIdentifier":"acc-1","payloadType":"MoneyWithdrawn","payload":"\\x7b22616d6f756e74223a2232352e3530227d"}
{"globalIndex":4,"aggregateIdentifier":"acc-1","payloadType":"MoneyDeposited","payload":"fifty"}
"#;

#[test]
fn payloads_held_as_json_text_or_postgres_hex_are_read_as_their_objects() {
    with_files("held-payloads", AXON_SCHEMA, AXON_LOG, |schema, log| {
        let out = rewind(&["state", log, "--schema", schema, "--json"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let account = &json(&out)["accounts"]["acc-1"];
        // 100 + 50 - 25.50; the last deposit's payload holds no object.
        assert_eq!(account["balance"], "124.50");
        assert_eq!(account["currency"], "EUR");
        let out = rewind(&["check", log, "--schema", schema, "--json"]);
        assert_eq!(diagnostic_codes(&out), [(4, "missing_field".to_owned())]);
    });
}

/// A classroom bank: a currency change sets the balance and the currency.
const BANK_SCHEMA: &str = r#"
[envelope]
type = "type"
account = "stream"
payload = "data"

[types.account-created]
effect = "open"
initial_balance = "balance"
currency = "currency"

[types.deposit]
effect = "credit"
amount = "amount"

[types.currency-change]
effect = "set_balance"
balance = "newBalance"
currency = "newCurrency"
"#;

const BANK_LOG: &str = r#"{"type":"account-created","stream":"s1","data":{"balance":10,"currency":"USD"}}
{"type":"deposit","stream":"s1","data":{"amount":5}}
{"type":"currency-change","stream":"s1","data":{"newBalance":"13.50","newCurrency":"EUR"}}
{"type":"deposit","stream":"s1","data":{"amount":1}}
"#;

#[test]
fn a_currency_change_shows_in_state_from_its_event_on() {
    with_files("currency-change", BANK_SCHEMA, BANK_LOG, |schema, log| {
        let state = |at: &str| {
            let out = rewind(&["state", log, "--schema", schema, "--at", at, "--json"]);
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            let account = &json(&out)["accounts"]["s1"];
            (
                account["balance"].as_str().unwrap().to_owned(),
                account["currency"].as_str().unwrap().to_owned(),
            )
        };
        assert_eq!(state("2"), ("15".to_owned(), "USD".to_owned()));
        assert_eq!(state("3"), ("13.50".to_owned(), "EUR".to_owned()));
        assert_eq!(state("4"), ("14.50".to_owned(), "EUR".to_owned()));
        let out = rewind(&["state", log, "--schema", schema]);
        let text = String::from_utf8_lossy(&out.stdout);
        let row = text.lines().find(|l| l.starts_with("s1")).unwrap();
        assert!(row.contains(" EUR "), "{text}");
        let out = rewind(&["check", log, "--schema", schema]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    });
}

#[test]
fn an_opening_without_a_required_balance_is_missing_field_not_an_opening_at_0() {
    let log = r#"{"type":"account-created","stream":"s1","data":{"currency":"USD"}}
{"type":"account-created","stream":"s2","data":{"balance":"3","currency":"USD"}}
"#;
    let required = BANK_SCHEMA.replace(
        "initial_balance = \"balance\"",
        "initial_balance = { field = \"balance\", required = true }",
    );
    assert_ne!(required, BANK_SCHEMA);
    with_files("required-opening", &required, log, |schema, log| {
        let out = rewind(&["check", log, "--schema", schema, "--json"]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert_eq!(diagnostic_codes(&out), [(1, "missing_field".to_owned())]);
        let out = rewind(&["state", log, "--schema", schema, "--json"]);
        let accounts = &json(&out)["accounts"];
        assert_eq!(accounts["s1"], serde_json::Value::Null);
        assert_eq!(accounts["s2"]["balance"], "3");
    });
    // Without `required`, the same log opens s1 at 0, as before.
    with_files("optional-opening", BANK_SCHEMA, log, |schema, log| {
        let out = rewind(&["check", log, "--schema", schema, "--json"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let out = rewind(&["state", log, "--schema", schema, "--json"]);
        assert_eq!(json(&out)["accounts"]["s1"]["balance"], "0");
    });
}
