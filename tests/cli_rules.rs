//! The real binary with a schema's domain rules: `[diagnostics]` policies
//! (severity in `check`'s text and JSON and its exit code, `off`, `reject`),
//! frozen accounts, balance limits (schema-wide and an account's own).

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod binary;

use binary::{json, rewind, stdout};
use std::path::{Path, PathBuf};

/// A directory of its own for one test's files.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rewind-rules-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The bank preset's text with a `[diagnostics]` table, and a log, written
/// in `dir`: their paths.
fn bank_with(dir: &Path, diagnostics: &str, log: &str) -> (String, String) {
    let bank = std::fs::read_to_string("schemas/bank.toml").unwrap();
    let schema = dir.join("rules.toml");
    std::fs::write(&schema, format!("{bank}\n[diagnostics]\n{diagnostics}")).unwrap();
    let path = dir.join("log.jsonl");
    std::fs::write(&path, log).unwrap();
    (
        schema.to_str().unwrap().to_owned(),
        path.to_str().unwrap().to_owned(),
    )
}

const LOG: &str = r#"{"type":"AccountOpened","account":"a","data":{"initial_balance":10}}
{"type":"MoneyWithdrawn","account":"a","data":{"amount":25}}
{"type":"MoneyDeposited","account":"a","data":{}}
not json
{"type":"AccountClosed","account":"a"}
"#;

#[test]
fn a_policy_sets_the_severity_check_prints_and_its_exit_code() {
    let dir = scratch("severity");
    // By default: an overdraft is a warning, a missing field an error.
    let (schema, log) = bank_with(&dir, "", LOG);
    let out = rewind(&["check", &log, "--schema", &schema]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains(":2: warning[overdraft] "), "{text}");
    assert!(text.contains(":3: error[missing_field] "), "{text}");
    // Overdraft an error, the missing field and the malformed line
    // warnings: still exit 1, for the overdraft.
    let (schema, log) = bank_with(
        &dir,
        "overdraft = \"error\"\nmissing_field = \"warning\"\nmalformed_json = \"warning\"\n",
        LOG,
    );
    let out = rewind(&["check", &log, "--schema", &schema]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains(":2: error[overdraft] "), "{text}");
    assert!(text.contains(":3: warning[missing_field] "), "{text}");
    assert!(text.contains(":4: warning[malformed_json] "), "{text}");
    assert!(text.ends_with("4 events, 1 error, 3 warnings\n"), "{text}");
    let doc = json(&rewind(&["check", &log, "--schema", &schema, "--json"]));
    let severities: Vec<(&str, &str)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(
        severities,
        [
            ("overdraft", "error"),
            ("missing_field", "warning"),
            ("malformed_json", "warning"),
            ("closed_with_balance", "warning"),
        ]
    );
    // Every error a warning: exit 0.
    let (schema, log) = bank_with(
        &dir,
        "missing_field = \"warning\"\nmalformed_json = \"warning\"\n",
        LOG,
    );
    let out = rewind(&["check", &log, "--schema", &schema]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn off_removes_the_finding_and_reject_leaves_the_balance() {
    let dir = scratch("off-reject");
    let (schema, log) = bank_with(
        &dir,
        "missing_field = \"off\"\nmalformed_json = \"off\"\nclosed_with_balance = \"off\"\noverdraft = \"reject\"\n",
        LOG,
    );
    let out = rewind(&["check", &log, "--schema", &schema]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert_eq!(
        text,
        format!("{log}:2: error[overdraft] event 2, account a: withdrawal of 25 leaves account `a` at -15\n{log}: 4 events, 1 error, 0 warnings\n")
    );
    let doc = json(&rewind(&["state", &log, "--schema", &schema, "--json"]));
    assert_eq!(doc["accounts"]["a"]["balance"], "10");
    assert_eq!(doc["accounts"]["a"]["status"], "closed");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_unknown_code_or_policy_exits_2_naming_the_key() {
    let dir = scratch("unknown");
    for (table, key) in [
        (
            "overdrawn = \"off\"\n",
            "diagnostics.overdrawn: unknown diagnostic code",
        ),
        (
            "overdraft = \"refuse\"\n",
            "diagnostics.overdraft: unknown policy",
        ),
    ] {
        let (schema, log) = bank_with(&dir, table, LOG);
        let out = rewind(&["check", &log, "--schema", &schema]);
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
        let err = binary::stderr(&out);
        assert!(
            err.starts_with(&format!("rewind: schema {schema}: {key}")),
            "{err}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_accounts_sample_freezes_and_unfreezes() {
    let args = |more: &[&'static str]| {
        let mut v = vec![
            "sample-logs/accounts.jsonl",
            "--schema",
            "sample-logs/accounts.toml",
        ];
        v.extend_from_slice(more);
        v
    };
    let out = rewind(&[&["check"][..], &args(&[])].concat());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "sample-logs/accounts.jsonl:5: warning[account_frozen] event 5, account acc-1: deposit of 10 to account `acc-1`, which is frozen\n\
         sample-logs/accounts.jsonl:6: warning[not_frozen] event 6, account acc-2: unfreezing account `acc-2`, which is open, not frozen\n\
         sample-logs/accounts.jsonl:10: warning[over_limit] event 10, account acc-2: deposit of 1200 leaves account `acc-2` at 1200, above its maximum 1000\n\
         sample-logs/accounts.jsonl: 12 events, 0 errors, 3 warnings\n"
    );
    let at5 = rewind(&[&["state"][..], &args(&["--at", "5"])].concat());
    let text = stdout(&at5);
    assert!(
        text.lines()
            .any(|l| l.starts_with("acc-1") && l.contains(" 160  frozen ")),
        "{text}"
    );
    let doc = json(&rewind(
        &[&["state"][..], &args(&["--at", "5", "--json"])].concat(),
    ));
    assert_eq!(doc["accounts"]["acc-1"]["status"], "frozen");
    let end = json(&rewind(&[&["state"][..], &args(&["--json"])].concat()));
    assert_eq!(end["accounts"]["acc-1"]["balance"], "130");
    assert_eq!(end["accounts"]["acc-1"]["status"], "closed");
    assert_eq!(end["accounts"]["acc-2"]["status"], "closed");
    // The currency change restates the balance in the new currency.
    assert_eq!(end["accounts"]["acc-2"]["balance"], "960.00");
    assert_eq!(end["accounts"]["acc-2"]["currency"], "USD");
    assert_eq!(end["accounts"]["acc-1"]["currency"], "EUR");
}

#[test]
fn reject_refuses_a_deposit_to_a_deactivated_account() {
    let dir = scratch("frozen-reject");
    let sample = std::fs::read_to_string("sample-logs/accounts.toml").unwrap();
    let schema = dir.join("accounts.toml");
    std::fs::write(
        &schema,
        sample.replace(
            "[diagnostics]\n",
            "[diagnostics]\naccount_frozen = \"reject\"\n",
        ),
    )
    .unwrap();
    let schema = schema.to_str().unwrap();
    let log = "sample-logs/accounts.jsonl";
    let out = rewind(&["check", log, "--schema", schema]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains(":5: error[account_frozen] "));
    let end = json(&rewind(&["state", log, "--schema", schema, "--json"]));
    assert_eq!(end["accounts"]["acc-1"]["balance"], "120");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn limits_from_the_rules_table_with_over_limit_rejected() {
    let dir = scratch("limits");
    let (schema, log) = bank_with(
        &dir,
        "over_limit = \"reject\"\n\n[rules]\nmin_balance = \"-50\"\nmax_balance = \"100\"\n",
        r#"{"type":"AccountOpened","account":"a","data":{"initial_balance":90}}
{"type":"MoneyDeposited","account":"a","data":{"amount":20}}
{"type":"MoneyWithdrawn","account":"a","data":{"amount":130}}
{"type":"MoneyWithdrawn","account":"a","data":{"amount":20}}
"#,
    );
    let out = rewind(&["check", &log, "--schema", &schema]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        format!(
            "{log}:2: error[over_limit] event 2, account a: deposit of 20 leaves account `a` at 110, above its maximum 100\n\
             {log}:4: warning[overdraft] event 4, account a: withdrawal of 20 leaves account `a` at -60, below its minimum -50\n\
             {log}: 4 events, 1 error, 1 warning\n"
        )
    );
    let doc = json(&rewind(&["state", &log, "--schema", &schema, "--json"]));
    assert_eq!(doc["accounts"]["a"]["balance"], "-60");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_accounts_own_maximum_from_its_created_event() {
    let dir = scratch("own-limits");
    let schema = dir.join("own.toml");
    std::fs::write(
        &schema,
        r#"[envelope]
type = "type"
account = "stream"
payload = "payload"

[diagnostics]
over_limit = "error"

[types.created]
effect = "open"
initial_balance = "balance"
max_balance = "maxBalance"

[types.deposit]
effect = "credit"
amount = "amount"
"#,
    )
    .unwrap();
    let log = dir.join("log.jsonl");
    std::fs::write(
        &log,
        r#"{"stream":"acc-1","type":"created","payload":{"balance":50,"maxBalance":100}}
{"stream":"acc-2","type":"created","payload":{"balance":50}}
{"stream":"acc-1","type":"deposit","payload":{"amount":60}}
{"stream":"acc-2","type":"deposit","payload":{"amount":6000}}
{"stream":"acc-3","type":"created","payload":{"balance":1,"maxBalance":"lots"}}
"#,
    )
    .unwrap();
    let (schema, log) = (schema.to_str().unwrap(), log.to_str().unwrap());
    let out = rewind(&["check", log, "--schema", schema]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        format!(
            "{log}:3: error[over_limit] event 3, account acc-1: deposit of 60 leaves account `acc-1` at 110, above its maximum 100\n\
             {log}:5: error[invalid_amount] event 5, account acc-3: `maxBalance` \"lots\" is not a decimal number\n\
             {log}: 5 events, 2 errors, 0 warnings\n"
        )
    );
    let doc = json(&rewind(&["state", log, "--schema", schema, "--json"]));
    assert_eq!(doc["accounts"]["acc-1"]["balance"], "110");
    assert_eq!(doc["accounts"]["acc-2"]["balance"], "6050");
    std::fs::remove_dir_all(&dir).ok();
}
