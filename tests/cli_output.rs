//! How the real binary's output behaves: in a pipe closed early, with wide
//! characters and huge names, with the wrong vocabulary, and with no
//! arguments.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod binary;

use binary::{json, rewind, rewind_stdin, stderr, stdout};
use std::process::{Output, Stdio};

/// Runs rewind with its standard output a pipe whose reader goes away:
/// after the first line, or (`first_line` false) before anything is
/// written, so that the write fails however small the output is.
fn with_closed_pipe(args: &[&str], first_line: bool) -> Output {
    use std::io::BufRead;
    let mut child = binary::command()
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
