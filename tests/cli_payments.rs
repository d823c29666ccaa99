//! The real binary on payments-engine CSV logs: the `payments` preset's
//! sample against hand-computed balances and diagnostics, and CSV's edge
//! cases (quoted commas, whitespace, a missing trailing column, a header
//! alone, CRLF, a BOM, rows that are not records).

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod binary;

use binary::{json, rewind, stdout};
use serde_json::{json as j, Value};

/// `rewind ARGS` on a CSV log written to a scratch file `NAME.csv`.
fn on_csv(name: &str, log: &[u8], args: &[&str]) -> std::process::Output {
    let dir = std::env::temp_dir().join(format!("rewind-csv-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.csv"));
    std::fs::write(&path, log).unwrap();
    let path = path.to_str().unwrap().to_owned();
    let mut all: Vec<&str> = vec![args[0], &path];
    all.extend_from_slice(&args[1..]);
    let out = rewind(&all);
    std::fs::remove_dir_all(&dir).ok();
    out
}

/// Each client's (available, held, total, status) from `state --json`.
fn clients(doc: &Value) -> Vec<(String, String, String, String, String)> {
    doc["accounts"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, a)| {
            let text = |k: &str| a[k].as_str().unwrap_or("-").to_owned();
            (
                name.clone(),
                text("available"),
                text("held"),
                text("balance"),
                text("status"),
            )
        })
        .collect()
}

fn row(
    name: &str,
    available: &str,
    held: &str,
    total: &str,
    status: &str,
) -> (String, String, String, String, String) {
    (
        name.into(),
        available.into(),
        held.into(),
        total.into(),
        status.into(),
    )
}

#[test]
fn the_sample_ends_with_the_hand_computed_funds() {
    let out = rewind(&[
        "state",
        "sample-logs/payments-engine.csv",
        "--schema",
        "payments",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let doc = json(&out);
    assert_eq!(doc["total"], 13);
    // Client 1: 10.0 + 2.5 − 1.5 = 11.0; disputed 10.0 and resolved.
    // Client 2: 5.0; the withdrawal of 8.0 refused; 5.0 disputed and
    // charged back (locked); the deposit after refused.
    // Client 3: the unterminated row and the long row skipped; 4.0.
    assert_eq!(
        clients(&doc),
        [
            row("1", "11.0", "0.0", "11.0", "open"),
            row("2", "0.0", "0.0", "0.0", "frozen"),
            row("3", "4.0", "0.0", "4.0", "open"),
        ]
    );
    assert_eq!(doc["accounts"]["1"]["events"], 5);
    // In the middle: client 1's 10.0 held after the dispute (event 5).
    let at = |n: &str| {
        json(&rewind(&[
            "state",
            "sample-logs/payments-engine.csv",
            "--schema",
            "payments",
            "--at",
            n,
            "--json",
        ]))
    };
    assert_eq!(
        clients(&at("5"))[0],
        row("1", "1.0", "10.0", "11.0", "open")
    );
    assert_eq!(
        clients(&at("10"))[1],
        row("2", "0.0", "5.0", "5.0", "open"),
        "the dispute on tx 99 held nothing"
    );
}

#[test]
fn check_reports_each_broken_case_with_its_code_and_line() {
    let out = rewind(&[
        "check",
        "sample-logs/payments-engine.csv",
        "--schema",
        "payments",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    let found: Vec<(u64, Value, String)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["event"].clone(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        (8, j!(7), "invalid_transition"),
        (9, j!(8), "overdraft"),
        (11, j!(10), "unknown_reference"),
        (13, j!(12), "account_frozen"),
        (14, Value::Null, "malformed_record"),
        (15, Value::Null, "malformed_record"),
    ];
    let expected: Vec<(u64, Value, String)> = expected
        .into_iter()
        .map(|(l, e, c)| (l, e, c.to_owned()))
        .collect();
    assert_eq!(found, expected);
    let text = stdout(&rewind(&[
        "check",
        "sample-logs/payments-engine.csv",
        "--schema",
        "payments",
    ]));
    assert!(text.contains("payments-engine.csv:14: error[malformed_record] not CSV: a quoted field is not closed (unterminated quote)\n"), "{text}");
    assert!(text.contains("payments-engine.csv:15: error[malformed_record] not a CSV record: the row has 5 fields; the header names 4\n"), "{text}");
    assert!(text.contains("payments-engine.csv:11: warning[unknown_reference] event 10, account 2: dispute refers to `99`, which is no earlier event of account `2`; not applied\n"), "{text}");
}

#[test]
fn the_text_table_shows_available_held_and_total() {
    let out = stdout(&rewind(&[
        "state",
        "sample-logs/payments-engine.csv",
        "--schema",
        "payments",
        "--at",
        "5",
    ]));
    assert_eq!(
        out,
        "State after event 5 of 13\n\
         ACCOUNT  AVAILABLE  HELD  TOTAL  STATUS  OWNER  CURRENCY  EVENTS\n\
         1              1.0  10.0   11.0  open    -      -              4\n\
         2              5.0   0.0    5.0  open    -      -              1\n"
    );
}

#[test]
fn csv_quoting_whitespace_and_missing_trailing_columns() {
    let log = b"\xEF\xBB\xBFtype, client, tx, amount\r\n\
        deposit,1,1,\"1,5\"\r\n\
        deposit,\" 2 \",2,  3.25  \r\n\
        \r\n\
        deposit , 1 , 3 , 1.5\r\n\
        dispute, 1, 3,\r\n\
        dispute,2,2\r\n";
    let doc = json(&on_csv(
        "quoting",
        log,
        &["state", "--schema", "payments", "--json"],
    ));
    // "1,5" is one field, and not a decimal: invalid_amount, not applied.
    // (A quote opens a field only as its first byte, as the csv crate
    // reads it: `, "1,5"` would be two fields.)
    assert_eq!(
        clients(&doc),
        [
            row("1", "0.0", "1.5", "1.5", "open"),
            row("2", "0.00", "3.25", "3.25", "open"),
        ]
    );
    let check = on_csv(
        "quoting-check",
        log,
        &["check", "--schema", "payments", "--json"],
    );
    let doc = json(&check);
    let codes: Vec<(u64, &str)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["code"].as_str().unwrap()))
        .collect();
    assert_eq!(codes, [(2, "invalid_amount")]);
}

#[test]
fn a_header_alone_or_an_empty_file_has_no_events() {
    for (name, log) in [("header", &b"type,client,tx,amount\n"[..]), ("empty", b"")] {
        let out = on_csv(name, log, &["state", "--schema", "payments", "--json"]);
        assert_eq!(out.status.code(), Some(0), "{name}");
        let doc = json(&out);
        assert_eq!(doc["total"], 0, "{name}");
        let check = on_csv(name, log, &["check", "--schema", "payments"]);
        assert_eq!(check.status.code(), Some(0), "{name}");
    }
}

#[test]
fn a_csv_file_is_read_as_csv_by_its_name_with_any_schema() {
    // The bank preset's words in a CSV: read by the file's extension.
    let log = b"type,account,amount,to_account\n\
        AccountOpened,a,,\n\
        MoneyDeposited,a,5.50,\n\
        MoneyTransferred,a,\"2\",b\n";
    let doc = json(&on_csv("bank", log, &["state", "--json"]));
    assert_eq!(doc["accounts"]["a"]["balance"], "3.50");
    assert_eq!(doc["accounts"]["b"]["balance"], "2");
    assert!(
        doc["accounts"]["a"].get("held").is_none(),
        "no held funds without a hold effect"
    );
}

#[test]
fn a_quoted_field_may_hold_a_newline_and_an_open_quote_spoils_one_line() {
    let log = b"type,client,tx,amount,note\n\
        deposit,1,1,2.0,\"two\nlines\"\n\
        deposit,1,2,\"3.0\n\
        deposit,1,3,4.0,ok\n";
    let out = on_csv("newline", log, &["check", "--schema", "payments", "--json"]);
    let doc = json(&out);
    assert_eq!(doc["events"], 2);
    let diags = doc["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["line"], 4);
    assert_eq!(diags[0]["code"], "malformed_record");
    let doc = json(&on_csv(
        "newline-state",
        log,
        &["state", "--schema", "payments", "--json"],
    ));
    assert_eq!(doc["accounts"]["1"]["balance"], "6.0");
}
