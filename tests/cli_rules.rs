//! The real binary with a schema's domain rules: `[diagnostics]` policies
//! (severity in `check`'s text and JSON and its exit code, `off`, `reject`).

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
