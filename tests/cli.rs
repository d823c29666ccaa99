//! The real binary on the sample logs: what a user sees and what scripts rely
//! on (JSON shapes and exit codes).

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn rewind(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rewind"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .expect("run rewind")
}

fn rewind_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rewind"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn rewind");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

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
// Schemas: each preset on the sample log shaped like its store's export.

/// `rewind state SAMPLE --schema PRESET --json`: balance and status by account.
fn preset_state(preset: &str, sample: &str) -> Vec<(String, String, String)> {
    let out = rewind(&[
        "state",
        &format!("sample-logs/{sample}"),
        "--schema",
        preset,
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = json(&out);
    doc["accounts"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, a)| {
            (
                name.clone(),
                a["balance"].as_str().unwrap().to_owned(),
                a["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn row(name: &str, balance: &str, status: &str) -> (String, String, String) {
    (name.into(), balance.into(), status.into())
}

/// `rewind check SAMPLE --schema PRESET --json`: (event, code) of each diagnostic.
fn preset_check(preset: &str, sample: &str) -> Vec<(u64, String)> {
    let out = rewind(&[
        "check",
        &format!("sample-logs/{sample}"),
        "--schema",
        preset,
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    json(&out)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["event"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_cqrs_es_sample_replays_and_its_recorded_balances_go_wrong_where_expected() {
    assert_eq!(
        preset_state("cqrs-es", "cqrs-es.jsonl"),
        [
            row("ACCT-1001", "500.00", "open"),
            row("ACCT-1002", "75.00", "open"),
            row("ACCT-1003", "72.34", "open"),
        ]
    );
    // 0.1 + 0.2 in f64, then a check that the writer never subtracted
    // (and every balance it recorded after that).
    let mismatch = |n| (n, "balance_mismatch".to_owned());
    assert_eq!(
        preset_check("cqrs-es", "cqrs-es.jsonl"),
        [mismatch(9), mismatch(14), mismatch(15), mismatch(19)]
    );
    let text = stdout(&rewind(&[
        "check",
        "sample-logs/cqrs-es.jsonl",
        "--schema",
        "cqrs-es",
    ]));
    assert!(text.contains("sample-logs/cqrs-es.jsonl:9: warning[balance_mismatch] event 9, account ACCT-1003: the event records balance 0.30000000000000004 for account `ACCT-1003`; replaying the log gives 0.3\n"), "{text}");
    // No timestamp column: the time is the metadata's.
    let doc = json(&rewind(&[
        "state",
        "sample-logs/cqrs-es.jsonl",
        "--schema",
        "cqrs-es",
        "--as-of",
        "2024-03-11",
        "--json",
    ]));
    assert_eq!(doc["position"], 7);
    assert_eq!(doc["as_of"], "2024-03-11T16:49:31.733103+00:00");
}

#[test]
fn the_kurrentdb_sample_replays_and_shows_a_missing_event_number() {
    assert_eq!(
        preset_state("kurrentdb", "kurrentdb.json"),
        [
            row("account-4471", "300.00", "open"),
            row("account-4472", "185.5", "open"),
            row("account-4473", "0.0", "closed"),
        ]
    );
    assert_eq!(
        preset_check("kurrentdb", "kurrentdb.json"),
        [(9, "version_gap".to_owned())]
    );
}

#[test]
fn the_marten_sample_replays_and_shows_a_missing_version() {
    assert_eq!(
        preset_state("marten", "marten.jsonl"),
        [
            row("29bc6792-a8c4-48df-9dd1-702a52c9b40d", "364.2", "open"),
            row("779e6e65-ce03-4150-a26c-89324e409ece", "210.1", "open"),
            row("9e93cd33-ec4e-4d58-a9c0-cef4f884203f", "0.0", "closed"),
        ]
    );
    assert_eq!(
        preset_check("marten", "marten.jsonl"),
        [(9, "version_gap".to_owned())]
    );
}

#[test]
fn the_message_db_sample_replays_with_commands_ignored() {
    assert_eq!(
        preset_state("message-db", "message-db.jsonl"),
        [
            row("account-123", "75.0", "open"),
            row("account-456", "0.00", "closed"),
        ]
    );
    assert_eq!(preset_check("message-db", "message-db.jsonl"), []);
    // `time` has no offset: it is UTC, and shown as written.
    let doc = json(&rewind(&[
        "state",
        "sample-logs/message-db.jsonl",
        "--schema",
        "message-db",
        "--at",
        "2",
        "--json",
    ]));
    assert_eq!(doc["as_of"], "2024-06-03T14:14:38.82644");
}

#[test]
fn every_diagnostic_code_shows_on_some_sample() {
    let mut seen: Vec<String> = preset_check("cqrs-es", "cqrs-es.jsonl")
        .into_iter()
        .chain(preset_check("kurrentdb", "kurrentdb.json"))
        .map(|(_, code)| code)
        .collect();
    let bank = json(&rewind(&[
        "check",
        "sample-logs/every-diagnostic.jsonl",
        "--json",
    ]));
    for d in bank["diagnostics"].as_array().unwrap() {
        seen.push(d["code"].as_str().unwrap().to_owned());
    }
    for code in rewind::domain::Code::ALL {
        assert!(seen.iter().any(|c| c == code.as_str()), "{code}");
    }
}

#[test]
fn the_bank_preset_by_name_or_file_is_the_default() {
    let default = rewind(&["check", "sample-logs/every-diagnostic.jsonl", "--json"]);
    let named = rewind(&[
        "check",
        "sample-logs/every-diagnostic.jsonl",
        "--schema",
        "bank",
        "--json",
    ]);
    let file = rewind(&[
        "check",
        "sample-logs/every-diagnostic.jsonl",
        "--schema",
        "schemas/bank.toml",
        "--json",
    ]);
    assert_eq!(default.stdout, named.stdout);
    assert_eq!(default.stdout, file.stdout);
}

#[test]
fn schemas_lists_the_presets_and_prints_one_to_start_from() {
    let out = rewind(&["schemas"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for name in ["bank", "cqrs-es", "kurrentdb", "marten", "message-db"] {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{name} "))),
            "{name}: {text}"
        );
    }
    assert!(text.contains("(default)"), "{text}");
    let out = rewind(&["schemas", "marten"]);
    assert_eq!(
        stdout(&out),
        std::fs::read_to_string("schemas/marten.toml").unwrap()
    );
    let out = rewind(&["schemas", "eventide"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "rewind: no preset `eventide` (presets: bank, cqrs-es, kurrentdb, marten, message-db)\n"
    );
}

#[test]
fn a_broken_schema_file_exits_2_naming_the_key() {
    let dir = std::env::temp_dir().join(format!("rewind-schema-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("my.toml");
    std::fs::write(
        &path,
        "[envelope]\ntype = \"kind\"\n\n[types.deposit]\neffect = \"credit\"\namout = \"amount\"\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    for args in [
        vec!["check", "sample-logs/classic.jsonl", "--schema", p],
        vec!["state", "sample-logs/classic.jsonl", "--schema", p],
        vec!["sample-logs/classic.jsonl", "--schema", p],
    ] {
        let out = rewind(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        assert_eq!(
            stderr(&out),
            format!("rewind: schema {p}: unknown field `amout` in types.deposit, expected one of `effect`, `amount`, `to`, `initial_balance`, `owner`, `currency`, `balance`, `recorded_balance` (line 6)\n")
        );
    }
    let out = rewind(&["check", "sample-logs/classic.jsonl", "--schema", "kurrent"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "rewind: schema kurrent: no such file, and no preset of that name (presets: bank, cqrs-es, kurrentdb, marten, message-db)\n"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_readme_schema_example_is_the_payments_sample_and_replays() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let marker = "<!-- schema-example: sample-logs/payments.toml -->\n```toml\n";
    let start = readme.find(marker).expect("the example's marker") + marker.len();
    let end = start + readme[start..].find("```\n").unwrap();
    assert_eq!(
        &readme[start..end],
        std::fs::read_to_string("sample-logs/payments.toml").unwrap()
    );
    let doc = json(&rewind(&[
        "state",
        "sample-logs/payments.jsonl",
        "--schema",
        "sample-logs/payments.toml",
        "--json",
    ]));
    assert_eq!(doc["accounts"]["acc_lena"]["balance"], "2220.00");
    assert_eq!(doc["accounts"]["acc_lena"]["owner"], "Lena Fischer");
    assert_eq!(doc["accounts"]["acc_omar"]["balance"], "1161.00");
    assert_eq!(doc["accounts"]["acc_omar"]["status"], "closed");
    assert_eq!(doc["as_of"], "2024-08-02 10:00:00");
    let out = rewind(&[
        "check",
        "sample-logs/payments.jsonl",
        "--schema",
        "sample-logs/payments.toml",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("sample-logs/payments.jsonl:7: warning[balance_mismatch] event 7, account acc_lena: the event records balance 2441.51 for account `acc_lena`; replaying the log gives 2241.51\n"), "{}", stdout(&out));
}

#[test]
fn the_readme_lists_every_diagnostic_code_in_order() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let section = &readme[readme.find("## Replay and diagnostics").unwrap()..];
    let section = &section[..section.find("\n## ").unwrap()];
    let listed: Vec<&str> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
        .collect();
    let codes: Vec<&str> = rewind::domain::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(listed, codes);
}

/// Runs rewind with its standard output a pipe whose reader goes away:
/// after the first line, or (`first_line` false) before anything is
/// written, so that the write fails however small the output is.
fn with_closed_pipe(args: &[&str], first_line: bool) -> Output {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_rewind"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn rewind");
    let reader = child.stdout.take().unwrap();
    if first_line {
        let mut line = String::new();
        std::io::BufReader::new(reader)
            .read_line(&mut line)
            .unwrap();
        assert!(!line.is_empty(), "{args:?} wrote nothing");
    } else {
        drop(reader);
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_ends_every_command_quietly_and_check_keeps_its_verdict() {
    let dir = tempfile::tempdir().unwrap();
    // Big enough outputs (a table of 20,000 accounts, thousands of
    // diagnostics) that the writer is still writing when the reader leaves.
    let log = dir.path().join("many.jsonl");
    let generated = rewind(&["generate", "--events", "40000", "--accounts", "20000"]);
    std::fs::write(&log, &generated.stdout).unwrap();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "not json\n".repeat(20_000)).unwrap();
    let (log, bad) = (log.to_str().unwrap(), bad.to_str().unwrap());
    let commands: [&[&str]; 6] = [
        &["state", log],
        &["state", log, "--json"],
        &["check", bad],
        &["generate"],
        &["schemas"],
        &["schemas", "bank"],
    ];
    for args in commands {
        for first_line in [true, false] {
            let out = with_closed_pipe(args, first_line);
            // check's verdict (1: it found errors) stands, for a CI gate
            // that pipes it into head.
            let code = if args[0] == "check" { 1 } else { 0 };
            assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
            assert_eq!(stderr(&out), "", "{args:?}");
        }
    }
}

#[test]
fn generate_with_no_accounts_is_an_error() {
    let out = rewind(&["generate", "--events", "10", "--accounts", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
}

#[test]
fn no_arguments_suggests_a_command_that_works_anywhere() {
    let out = rewind(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("rewind generate --events 1000 > demo.jsonl"),
        "{err}"
    );
    assert!(!err.contains("sample-logs"), "{err}");
}

#[test]
fn wide_characters_keep_the_state_table_in_line_and_zero_keeps_its_scale() {
    let log = concat!(
        r#"{"type":"AccountOpened","account":"café-☕-账户","data":{"initial_balance":"0.00","owner":"Zoë 王","currency":"EUR"}}"#,
        "\n",
        r#"{"type":"AccountOpened","account":"acc-b","data":{"initial_balance":"12.50","owner":"Bo","currency":"EUR"}}"#,
        "\n",
        r#"{"type":"MoneyDeposited","account":"acc-b","data":{"amount":"1000.00"}}"#,
        "\n",
    );
    let out = rewind_stdin(&["state", "-"], log.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().skip(1).collect();
    // Each column starts in the same terminal column on every line: the
    // balance ends, and the status begins, at the same display width.
    let column = |line: &str, word: &str| {
        let at = line
            .find(word)
            .unwrap_or_else(|| panic!("no {word} in {line:?}"));
        unicode_width::UnicodeWidthStr::width(&line[..at])
    };
    let ends = |line: &str, word: &str| column(line, word) + word.len();
    assert_eq!(
        ends(lines[0], "BALANCE"),
        ends(lines[1], "1012.50"),
        "{text}"
    );
    assert_eq!(ends(lines[0], "BALANCE"), ends(lines[2], "0.00"), "{text}");
    assert_eq!(
        column(lines[0], "STATUS"),
        column(lines[2], "open"),
        "{text}"
    );
    assert_eq!(
        column(lines[0], "CURRENCY"),
        column(lines[2], "EUR"),
        "{text}"
    );
    assert_eq!(
        column(lines[0], "EVENTS") + 5,
        column(lines[2], "1"),
        "{text}"
    );
    // `"0.00"` as written, not `0`, in the table and in JSON.
    assert!(lines[2].contains(" 0.00 "), "{text}");
    let doc = json(&rewind_stdin(&["state", "-", "--json"], log.as_bytes()));
    assert_eq!(doc["accounts"]["café-☕-账户"]["balance"], "0.00");
}

#[test]
fn a_log_read_with_the_wrong_vocabulary_is_said_once_on_stderr() {
    let hint = "rewind: most events have types the bank schema does not know; --schema cqrs-es reads them all\n";
    for command in ["check", "state"] {
        let out = rewind(&[command, "sample-logs/cqrs-es.jsonl"]);
        assert_eq!(out.status.code(), Some(0), "{command}");
        assert_eq!(stderr(&out), hint, "{command}");
        assert!(
            !stdout(&out).contains("--schema"),
            "{command}: stdout is for scripts"
        );
        let right = rewind(&[command, "sample-logs/cqrs-es.jsonl", "--schema", "cqrs-es"]);
        assert_eq!(stderr(&right), "", "{command} --schema cqrs-es");
        let bank = rewind(&[command, "sample-logs/bank.jsonl"]);
        assert_eq!(stderr(&bank), "", "{command} on the bank sample");
    }
}
