//! The real binary with schema fields beyond the basics: payloads held as
//! JSON text.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod binary;

use binary::{diagnostic_codes, json, rewind, stderr};
use std::path::PathBuf;

/// A scratch directory of its own for test `name`, holding `files`.
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rewind-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

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
    let dir = scratch(
        "held-payloads",
        &[("axon.toml", AXON_SCHEMA), ("axon.jsonl", AXON_LOG)],
    );
    let schema = dir.join("axon.toml");
    let log = dir.join("axon.jsonl");
    let (schema, log) = (schema.to_str().unwrap(), log.to_str().unwrap());
    let out = rewind(&["state", log, "--schema", schema, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let account = &json(&out)["accounts"]["acc-1"];
    // 100 + 50 - 25.50; the last deposit's payload holds no object.
    assert_eq!(account["balance"], "124.50");
    assert_eq!(account["currency"], "EUR");
    let out = rewind(&["check", log, "--schema", schema, "--json"]);
    assert_eq!(diagnostic_codes(&out), [(4, "missing_field".to_owned())]);
    std::fs::remove_dir_all(&dir).ok();
}
