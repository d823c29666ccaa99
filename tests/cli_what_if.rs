//! `--skip` and `--session` on the headless commands: `rewind state LOG
//! --skip K` answers exactly as `rewind state` on the log with event K's
//! record deleted, on every sample log; out of range is exit 2, one line.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod binary;

use binary::{rewind, stderr, stdout};
use rewind::log::Source;
use rewind::replay::LoadOptions;
use std::sync::Arc;

/// Every sample log in JSON Lines, with the schema that reads it.
const SAMPLES: &[(&str, &str)] = &[
    ("sample-logs/bank.jsonl", "bank"),
    ("sample-logs/classic.jsonl", "bank"),
    ("sample-logs/every-diagnostic.jsonl", "bank"),
    ("sample-logs/tenths.jsonl", "bank"),
    ("sample-logs/cqrs-es.jsonl", "cqrs-es"),
    ("sample-logs/marten.jsonl", "marten"),
    ("sample-logs/message-db.jsonl", "message-db"),
    ("sample-logs/accounts.jsonl", "sample-logs/accounts.toml"),
    ("sample-logs/payments.jsonl", "sample-logs/payments.toml"),
];

/// The table's rows, without the heading that names event numbers.
fn rows(text: &str) -> Vec<String> {
    text.lines()
        .skip(1)
        .filter(|l| !l.starts_with("(what-if"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn state_with_skip_is_state_of_the_log_without_those_records() {
    let dir = tempfile::tempdir().unwrap();
    for &(log, schema) in SAMPLES {
        let text = std::fs::read_to_string(log).unwrap();
        let source = Arc::new(Source::memory(text.clone().into_bytes()));
        let options = LoadOptions {
            schema: rewind::schema::Schema::load(schema).unwrap(),
            ..LoadOptions::default()
        };
        let index = rewind::replay::load(&source, &options).unwrap();
        let lines: Vec<&str> = text.split('\n').collect();
        // Each event alone, and the first with the last.
        let mut sets: Vec<Vec<u32>> = (1..=index.len()).map(|n| vec![n]).collect();
        sets.push(vec![1, index.len()]);
        for set in sets {
            let gone: Vec<usize> = set
                .iter()
                .map(|&n| index.line_of(&source, n).unwrap() as usize)
                .collect();
            let kept: Vec<&str> = lines
                .iter()
                .enumerate()
                .filter(|(i, _)| !gone.contains(&(i + 1)))
                .map(|(_, l)| *l)
                .collect();
            let deleted = dir.path().join("deleted.jsonl");
            std::fs::write(&deleted, kept.join("\n")).unwrap();
            let skip = set.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
            for command in ["state", "check"] {
                let what_if = rewind(&[command, log, "--schema", schema, "--skip", &skip]);
                let truth = rewind(&[command, deleted.to_str().unwrap(), "--schema", schema]);
                assert_eq!(
                    what_if.status.code(),
                    truth.status.code(),
                    "{command} {log} --skip {skip}"
                );
                if command == "state" {
                    assert_eq!(
                        rows(&stdout(&what_if)),
                        rows(&stdout(&truth)),
                        "{log} --skip {skip}"
                    );
                    assert!(stdout(&what_if).contains("what-if"), "{log} --skip {skip}");
                } else {
                    // The same findings (their event numbers and lines are the log's as written).
                    let codes = |s: String| -> Vec<String> {
                        s.lines()
                            .filter(|l| l.contains('['))
                            .filter_map(|l| {
                                l.split_once(": ").map(|(_, rest)| {
                                    rest.split(' ').next().unwrap_or("").to_owned()
                                })
                            })
                            .collect()
                    };
                    assert_eq!(
                        codes(stdout(&what_if)),
                        codes(stdout(&truth)),
                        "{log} --skip {skip}"
                    );
                }
            }
        }
    }
}

#[test]
fn skipping_the_overdraft_takes_the_warning_away_and_the_balance_up() {
    let out = rewind(&["check", "sample-logs/bank.jsonl", "--skip", "14"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("0 warnings"), "{}", stdout(&out));
    let out = rewind(&[
        "state",
        "sample-logs/bank.jsonl",
        "--skip",
        "14",
        "--account",
        "acc-alice",
    ]);
    assert!(stdout(&out).contains("1774.50"), "{}", stdout(&out));
    assert!(stdout(&out).contains("(what-if: 1 event skipped)"));
}

#[test]
fn a_skip_out_of_range_or_unreadable_is_exit_2_with_one_line() {
    for args in [
        vec!["state", "sample-logs/bank.jsonl", "--skip", "21"],
        vec!["check", "sample-logs/bank.jsonl", "--skip", "3,19-40"],
        vec!["state", "sample-logs/bank.jsonl", "--skip", "x"],
        vec![
            "check",
            "sample-logs/bank.jsonl",
            "--session",
            "no/such/session.json",
        ],
    ] {
        let out = rewind(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stdout(&out).is_empty());
        assert!(
            stderr(&out)
                .lines()
                .next()
                .is_some_and(|l| l.starts_with("rewind: ") || l.starts_with("error: ")),
            "{args:?}"
        );
    }
    let out = rewind(&["state", "sample-logs/bank.jsonl", "--skip", "21"]);
    assert_eq!(stderr(&out), "rewind: --skip 21: the log has 20 events\n");
    // A session file that is not one stops a headless command: it is not
    // "ignored", as the debugger says of its own saved session.
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.json");
    std::fs::write(&garbage, "garbage{").unwrap();
    let out = rewind(&[
        "state",
        "sample-logs/bank.jsonl",
        "--session",
        garbage.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let said = stderr(&out);
    assert!(
        said.contains("is not JSON") && !said.contains("ignored"),
        "{said}"
    );
}

#[test]
fn a_session_file_gives_its_skips_to_state_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let session = dir.path().join("bug-123.json");
    std::fs::write(&session, r#"{"version": 1, "skipped": [14], "cursor": 3}"#).unwrap();
    let session = session.to_str().unwrap();
    let out = rewind(&["check", "sample-logs/bank.jsonl", "--session", session]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("0 warnings"));
    let skip = rewind(&["state", "sample-logs/bank.jsonl", "--skip", "14"]);
    let saved = rewind(&["state", "sample-logs/bank.jsonl", "--session", session]);
    assert_eq!(stdout(&skip), stdout(&saved));
}
