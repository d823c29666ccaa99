//! The real binary on the sample logs: what a user sees and what scripts rely
//! on (JSON shapes and exit codes). The presets' samples are in
//! `cli_schemas.rs`, how output behaves in a pipe or a narrow column in
//! `cli_output.rs`.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod binary;

use binary::{json, rewind, rewind_stdin, stderr, stdout};
use serde_json::Value;

#[test]
fn state_of_the_classic_log_is_1300_at_the_end_and_1500_at_event_2() {
    let end = rewind(&["state", "sample-logs/classic.jsonl", "--json"]);
    assert_eq!(end.status.code(), Some(0));
    let doc = json(&end);
    assert_eq!(doc["position"], 3);
    assert_eq!(doc["total"], 3);
    assert_eq!(doc["as_of"], Value::Null);
    assert_eq!(doc["accounts"]["default"]["balance"], "1300");
    assert_eq!(doc["accounts"]["default"]["status"], "open");
    assert_eq!(doc["accounts"]["default"]["events"], 3);
    let at2 = json(&rewind(&[
        "state",
        "sample-logs/classic.jsonl",
        "--at",
        "2",
        "--json",
    ]));
    assert_eq!(at2["accounts"]["default"]["balance"], "1500");
    let at0 = json(&rewind(&[
        "state",
        "sample-logs/classic.jsonl",
        "--at",
        "0",
        "--json",
    ]));
    assert_eq!(at0["accounts"], serde_json::json!({}));
}

#[test]
fn state_prints_a_readable_table() {
    let out = rewind(&["state", "sample-logs/bank.jsonl"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with("State after event 20 of 20 (2024-03-07T15:20:00Z)\n"),
        "{text}"
    );
    assert!(
        text.contains("ACCOUNT    BALANCE  STATUS  OWNER         CURRENCY  EVENTS"),
        "{text}"
    );
    assert!(
        text.contains("acc-dave      0.00  closed  Dave Okafor   EUR            5"),
        "{text}"
    );
}

#[test]
fn state_as_of_a_time_and_for_one_account() {
    let out = rewind(&[
        "state",
        "sample-logs/bank.jsonl",
        "--as-of",
        "2024-03-02T09:30:00+01:00",
        "--account",
        "acc-alice",
        "--json",
    ]);
    let doc = json(&out);
    assert_eq!(doc["position"], 6);
    assert_eq!(doc["as_of"], "2024-03-02T08:15:30Z");
    assert_eq!(doc["accounts"].as_object().unwrap().len(), 1);
    assert_eq!(doc["accounts"]["acc-alice"]["balance"], "900.00");
    assert_eq!(doc["accounts"]["acc-alice"]["owner"], "Alice Martin");
    assert_eq!(doc["accounts"]["acc-alice"]["currency"], "EUR");
    let by_date = json(&rewind(&[
        "state",
        "sample-logs/bank.jsonl",
        "--as-of",
        "2024-03-01",
        "--json",
    ]));
    assert_eq!(by_date["position"], 5, "a date means the end of that day");
    let before = json(&rewind(&[
        "state",
        "sample-logs/bank.jsonl",
        "--as-of",
        "2020-01-01T00:00:00Z",
        "--json",
    ]));
    assert_eq!(before["position"], 0);
    assert_eq!(before["as_of"], Value::Null);
}

#[test]
fn ten_tenths_are_exactly_one() {
    let doc = json(&rewind(&["state", "sample-logs/tenths.jsonl", "--json"]));
    assert_eq!(doc["accounts"]["piggy"]["balance"], "1.0");
}

#[test]
fn the_json_array_sample_loads_like_json_lines() {
    let doc = json(&rewind(&["state", "sample-logs/bank-array.json", "--json"]));
    assert_eq!(doc["total"], 8);
    assert_eq!(doc["accounts"]["acc-bob"]["balance"], "2060.75");
    let check = rewind(&["check", "sample-logs/bank-array.json"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
}

#[test]
fn program_output_mixed_with_events_still_replays() {
    let doc = json(&rewind(&[
        "state",
        "sample-logs/mixed-stdout.txt",
        "--json",
    ]));
    assert_eq!(doc["total"], 3);
    assert_eq!(doc["accounts"]["default"]["balance"], "1300");
    let check = rewind(&["check", "sample-logs/mixed-stdout.txt", "--json"]);
    assert_eq!(check.status.code(), Some(1));
    let doc = json(&check);
    assert_eq!(doc["errors"], 5);
    assert!(doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["code"] == "malformed_json" && d["event"].is_null()));
}

#[test]
fn check_reports_every_code_on_the_every_diagnostic_sample() {
    let out = rewind(&["check", "sample-logs/every-diagnostic.jsonl", "--json"]);
    assert_eq!(out.status.code(), Some(1), "errors make check exit 1");
    let doc = json(&out);
    assert_eq!(doc["events"], 18);
    assert_eq!(doc["errors"], 4);
    assert_eq!(doc["warnings"], 12);
    let diags = doc["diagnostics"].as_array().unwrap();
    for code in rewind::domain::Code::ALL {
        if code.needs_schema_field() {
            continue; // not in the bank vocabulary: see the preset samples
        }
        assert!(
            diags.iter().any(|d| d["code"] == code.as_str()),
            "no {code} in {diags:#?}"
        );
    }
    let first = &diags[0];
    assert_eq!(first["line"], 2);
    assert_eq!(first["event"], Value::Null);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["account"], Value::Null);
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["account", "code", "event", "line", "message", "severity"]
    );
    let overdraft = diags.iter().find(|d| d["code"] == "overdraft").unwrap();
    assert_eq!(overdraft["line"], 16);
    assert_eq!(overdraft["event"], 15);
    assert_eq!(overdraft["account"], "acc-1");
    assert_eq!(overdraft["severity"], "warning");
}

#[test]
fn check_text_names_file_line_and_code_and_exits_0_on_a_clean_log() {
    let out = rewind(&["check", "sample-logs/bank.jsonl"]);
    assert_eq!(out.status.code(), Some(0), "warnings alone do not fail");
    let text = stdout(&out);
    assert!(text.contains("sample-logs/bank.jsonl:14: warning[overdraft] event 14, account acc-alice: withdrawal of 1650.00 leaves account `acc-alice` at -350.00"), "{text}");
    assert!(
        text.ends_with("sample-logs/bank.jsonl: 20 events, 0 errors, 1 warning\n"),
        "{text}"
    );
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let log = std::fs::read("sample-logs/classic.jsonl").unwrap();
    let out = rewind_stdin(&["state", "-", "--json"], &log);
    assert_eq!(json(&out)["accounts"]["default"]["balance"], "1300");
    let out = rewind_stdin(&["check", "-"], b"{\"type\":\"MoneyDeposited\"}\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("-:1: error[missing_field]"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn crlf_bom_and_blank_lines_are_fine() {
    let log = b"\xEF\xBB\xBF{\"type\":\"AccountOpened\",\"data\":{\"initial_balance\":1}}\r\n\r\n  \r\n{\"type\":\"MoneyDeposited\",\"data\":{\"amount\":1}}\r\n";
    let out = rewind_stdin(&["check", "-", "--json"], log);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["events"], 2);
}

#[test]
fn unusable_input_exits_2_with_one_line_on_stderr() {
    let cases: [&[&str]; 7] = [
        &["state", "sample-logs/classic.jsonl", "--at", "4"],
        &["state", "sample-logs/classic.jsonl", "--as-of", "tomorrow"],
        &["state", "sample-logs/does-not-exist.jsonl"],
        &["check", "sample-logs"],
        &["state", "sample-logs/classic.jsonl", "--account", "nobody"],
        &["state", "sample-logs/classic.jsonl", "--at", "-1"],
        &["check"],
    ];
    for args in cases {
        let out = rewind(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = stderr(&out);
        assert!(!err.trim().is_empty(), "{args:?}");
    }
    let err = stderr(&rewind(&[
        "state",
        "sample-logs/classic.jsonl",
        "--at",
        "4",
    ]));
    assert_eq!(
        err,
        "rewind: --at 4 is out of range: the log has 3 events (use 0 to 3)\n"
    );
    let err = stderr(&rewind(&["state", "sample-logs/does-not-exist.jsonl"]));
    assert_eq!(
        err,
        "rewind: cannot read sample-logs/does-not-exist.jsonl: no such file\n"
    );
    let err = stderr(&rewind(&["check", "sample-logs"]));
    assert_eq!(
        err,
        "rewind: cannot read sample-logs: it is a directory, not a log file\n"
    );
}

#[test]
fn the_log_is_never_written() {
    let dir = std::env::temp_dir().join(format!("rewind-ro-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("log.jsonl");
    std::fs::copy("sample-logs/every-diagnostic.jsonl", &path).unwrap();
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).unwrap();
    let before = std::fs::read(&path).unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let p = path.to_str().unwrap();
    rewind(&["check", p]);
    rewind(&["state", p, "--json"]);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "nothing created beside the log"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_json_error_is_placed_on_its_own_line_and_column() {
    // The column is on the diagnostic's own line; a multi-line array
    // element gives the absolute line too. (Batches once put their own,
    // relative, line numbers into these messages.)
    let out = rewind_stdin(
        &["check", "-"],
        b"{\"type\":\"AccountOpened\"}\n\n[1,2]\n{\"type\": x}\n",
    );
    let text = stdout(&out);
    assert!(text.contains("-:3: error[malformed_json] not an event object: expected a JSON object, found another JSON value\n"), "{text}");
    assert!(
        text.contains("-:4: error[malformed_json] not JSON: expected a value (column 10)\n"),
        "{text}"
    );
    let out = rewind_stdin(
        &["check", "-"],
        b"[\n{\"type\":\"AccountOpened\"},\n{\"type\":\n\n x}]",
    );
    let text = stdout(&out);
    assert!(
        text.contains("-:3: error[malformed_json] not JSON: expected a value (line 5, column 2)\n"),
        "{text}"
    );
}
