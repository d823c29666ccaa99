//! Any bytes in, a clear answer out: the real binary on inputs generated in
//! a temporary directory (nothing large is committed). No input may make it
//! panic, hang or take memory out of proportion; what cannot be read at all
//! exits 2 with one line on stderr naming the file.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod binary;

use binary::NO_CONFIG;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// Runs rewind with a virtual memory ceiling (`ulimit -v`, in MB), standard
/// input from `stdin`, and a time limit; fails on a hang.
fn rewind_limited(args: &[&str], stdin: Stdio, memory_mb: u64) -> Output {
    let binary = env!("CARGO_BIN_EXE_rewind");
    let child = Command::new("sh")
        .env("XDG_CONFIG_HOME", NO_CONFIG)
        .arg("-c")
        .arg(format!(
            "ulimit -v {}; exec \"$0\" \"$@\"",
            memory_mb * 1024
        ))
        .arg(binary)
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run rewind");
    // Output is collected on a thread (a full pipe must not stall the
    // child) while this one keeps the time.
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            Command::new("kill")
                .args(["-9", &pid.to_string()])
                .status()
                .ok();
            panic!("rewind {args:?} hung");
        }
    }
}

fn rewind(args: &[&str]) -> Output {
    rewind_limited(args, Stdio::null(), 1024)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// What is printed for the user is text: no control byte but newlines.
fn assert_printable(out: &Output) {
    for (i, &b) in out.stdout.iter().enumerate() {
        assert!(
            b == b'\n' || b >= 0x20 && b != 0x7f,
            "byte {b:#x} at {i} of the output:\n{}",
            stdout(out)
        );
    }
}

/// `check` and `state` both give an answer (exit 0 or 1, nothing on stderr).
fn assert_answers(path: &Path) -> Output {
    let p = path.to_str().unwrap();
    let check = rewind(&["check", p]);
    assert!(
        matches!(check.status.code(), Some(0 | 1)),
        "check {p}: {:?} {}",
        check.status,
        stderr(&check)
    );
    assert!(check.stderr.is_empty(), "{}", stderr(&check));
    assert_printable(&check);
    let state = rewind(&["state", p, "--json"]);
    assert_eq!(
        state.status.code(),
        Some(0),
        "state {p}: {}",
        stderr(&state)
    );
    serde_json::from_slice::<serde_json::Value>(&state.stdout).expect("state --json is JSON");
    check
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn bytes_that_are_not_text_are_reported_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Vec::new();
    log.extend_from_slice(b"\xff\xfe{\"type\":\"AccountOpened\"}\n");
    log.extend_from_slice(b"\x00\x00\x00\n");
    log.extend_from_slice(b"{\"type\":\"Money\x00Deposited\"}\n");
    log.extend_from_slice(b"\x1b[2J\x1b]0;pwned\x07\n");
    log.extend_from_slice("{\"type\":\"AccountOpened\",\"account\":\"caf\u{e9}\"}\n".as_bytes());
    log.extend_from_slice(b"{\"type\":\"AccountOpened\",\"account\":\"\xc3\x28\"}\n");
    let path = write(dir.path(), "bytes.jsonl", &log);
    let out = assert_answers(&path);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for line in 1..=4 {
        assert!(
            text.contains(&format!("bytes.jsonl:{line}: error[malformed_json]")),
            "{text}"
        );
    }
    assert!(text.contains("found `\\u{0}\\u{0}\\u{0}`"), "{text}");
    assert!(text.contains("\\u{1b}[2J"), "escaped, not sent: {text}");
    assert!(
        text.contains("bytes.jsonl:6: error[malformed_json]"),
        "invalid UTF-8 inside a string: {text}"
    );
    assert!(
        text.ends_with("bytes.jsonl: 1 event, 5 errors, 0 warnings\n"),
        "{text}"
    );
}

#[test]
fn control_characters_from_the_log_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let name = "\\u001b[31mred\\nfake.jsonl:9: error[forged]";
    let log = format!(
        "{{\"type\":\"AccountOpened\",\"account\":\"{name}\",\"data\":{{\"owner\":\"o\\u0000\"}}}}\n\
         {{\"type\":\"MoneyWithdrawn\",\"account\":\"{name}\",\"data\":{{\"amount\":1}}}}\n"
    );
    let path = write(dir.path(), "escape.jsonl", log.as_bytes());
    let check = assert_answers(&path);
    assert_eq!(stdout(&check).lines().count(), 2, "{}", stdout(&check));
    assert!(
        stdout(&check).contains("account \\u{1b}[31mred\\nfake.jsonl:9: error[forged]: withdrawal")
    );
    let state = rewind(&["state", path.to_str().unwrap()]);
    assert_printable(&state);
    assert!(stdout(&state).contains("o\\u{0}"), "{}", stdout(&state));
}

#[test]
fn a_100_mb_line_is_read_in_memory_proportional_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = b"{\"type\":\"AccountOpened\",\"account\":\"a\"}\n".to_vec();
    log.extend_from_slice(
        b"{\"type\":\"MoneyDeposited\",\"account\":\"a\",\"amount\":5,\"pad\":\"",
    );
    log.resize(log.len() + 100_000_000, b'x');
    log.extend_from_slice(b"\"}\n{\"type\":\"MoneyDeposited\",\"account\":\"a\",\"amount\":1}\n");
    let junk = vec![b'z'; 20_000_000];
    let path = write(dir.path(), "long.jsonl", &log);
    let junk_path = write(dir.path(), "junk.jsonl", &junk);
    // A ceiling of a few times the input (threads reserve address space).
    let out = rewind_limited(
        &["state", path.to_str().unwrap(), "--json"],
        Stdio::null(),
        700,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("\"balance\": \"6\""),
        "{}",
        stdout(&out)
    );
    let out = rewind_limited(&["check", junk_path.to_str().unwrap()], Stdio::null(), 700);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains(
        "junk.jsonl:1: error[malformed_json] not JSON: expected an event object `{…}`, found `zzzz"
    ));
}

#[test]
fn deep_nesting_is_no_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let open_only = "[".repeat(100_000);
    let lines = format!(
        "{{\"type\":\"AccountOpened\",\"account\":\"a\",\"extra\":{}}}\n\
         {{\"type\":\"MoneyDeposited\",\"account\":\"a\",\"data\":{{\"amount\":{}}}}}\n\
         {}\n{open_only}\n{{\"a\":{open_only}\n",
        deep(10_000),
        deep(10_000),
        deep(10_000)
    );
    let path = write(dir.path(), "deep.jsonl", lines.as_bytes());
    let out = assert_answers(&path);
    let text = stdout(&out);
    assert!(
        text.contains("deep.jsonl:2: error[invalid_amount]"),
        "{text}"
    );
    assert!(
        text.contains("deep.jsonl:5: error[malformed_json]"),
        "{text}"
    );
    let array = format!(
        "[{{\"type\":\"AccountOpened\",\"x\":{}}},\n{}]",
        deep(10_000),
        deep(10_000)
    );
    let path = write(dir.path(), "deep.json", array.as_bytes());
    assert_answers(&path);
}

#[test]
fn huge_numbers_are_rejected_exactly_never_rounded() {
    let dir = tempfile::tempdir().unwrap();
    let digits = "9".repeat(10_000);
    let mut log = String::from("{\"type\":\"AccountOpened\",\"account\":\"a\"}\n");
    for amount in [
        digits.clone(),
        format!("\"{digits}\""),
        format!("0.{digits}"),
        "1e999999".into(),
        "-1e999999".into(),
        "1e-999999".into(),
        "\"1e999999999999999999999\"".into(),
        "1E+2".into(),
    ] {
        log.push_str(&format!(
            "{{\"type\":\"MoneyDeposited\",\"account\":\"a\",\"seq\":{digits},\"ts\":1e999999,\"amount\":{amount}}}\n"
        ));
    }
    let path = write(dir.path(), "numbers.jsonl", log.as_bytes());
    let out = assert_answers(&path);
    let text = stdout(&out);
    assert!(
        text.contains("numbers.jsonl:2: error[invalid_amount]"),
        "{text}"
    );
    assert_eq!(text.matches("error[invalid_amount]").count(), 7, "{text}");
    let state = rewind(&["state", path.to_str().unwrap(), "--json"]);
    assert!(
        stdout(&state).contains("\"balance\": \"100\""),
        "only 1E+2 applies: {}",
        stdout(&state)
    );
}

#[test]
fn a_repeated_key_takes_its_last_value() {
    let dir = tempfile::tempdir().unwrap();
    let log = "{\"type\":\"AccountOpened\",\"account\":\"a\"}\n\
               {\"type\":\"MoneyWithdrawn\",\"type\":\"MoneyDeposited\",\"account\":\"b\",\"account\":\"a\",\"amount\":1,\"amount\":2}\n";
    let path = write(dir.path(), "dup.jsonl", log.as_bytes());
    assert_answers(&path);
    let state = rewind(&["state", path.to_str().unwrap(), "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&state.stdout).unwrap();
    assert_eq!(doc["accounts"]["a"]["balance"], "2", "{doc}");
    assert!(doc["accounts"].get("b").is_none(), "{doc}");
}

#[test]
fn an_array_cut_off_mid_element_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let log = "[\n{\"type\":\"AccountOpened\",\"account\":\"a\"},\n{\"type\":\"MoneyDep";
    let path = write(dir.path(), "cut.json", log.as_bytes());
    let out = assert_answers(&path);
    assert_eq!(
        stdout(&out),
        "cut.json:3: error[malformed_json] the array is not closed: the log ends before its `]`\ncut.json: 1 event, 1 error, 0 warnings\n"
            .replace("cut.json", path.to_str().unwrap())
    );
}

#[test]
fn a_file_that_is_not_a_log_is_reported_not_choked_on() {
    let dir = tempfile::tempdir().unwrap();
    // A PNG: its signature, an IHDR chunk, then pseudo-random bytes.
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10".to_vec();
    let mut x: u32 = 12345;
    for _ in 0..200_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        png.push((x >> 16) as u8);
    }
    let path = write(dir.path(), "picture.png", &png);
    let out = assert_answers(&path);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("picture.png:1: error[malformed_json] not JSON: expected an event object `{…}`, found `\u{fffd}PNG`"), "{}", &stdout(&out)[..300]);
    let empty = write(dir.path(), "empty.jsonl", b"");
    let out = assert_answers(&empty);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).ends_with("empty.jsonl: 0 events, 0 errors, 0 warnings\n"));
}

#[test]
fn devices_are_refused_at_once() {
    let out = rewind(&["check", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "rewind: cannot read /dev/zero: not a regular file or pipe\n"
    );
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let out = rewind_limited(&["check", "-"], Stdio::from(zero), 1024);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "rewind: cannot read standard input: not a regular file or pipe\n"
    );
    let out = rewind(&["check", "/dev/null"]);
    assert_eq!(out.status.code(), Some(0), "/dev/null is the empty log");
}

#[test]
fn a_fifo_is_read_to_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("events.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut w = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
            for i in 0..3 {
                writeln!(w, "{{\"type\":\"MoneyDeposited\",\"amount\":{}}}", i + 1).unwrap();
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };
    let out = rewind(&["state", fifo.to_str().unwrap(), "--json"]);
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("\"balance\": \"6\""),
        "{}",
        stdout(&out)
    );
}

#[test]
fn tail_f_into_check_reads_until_the_pipe_closes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.jsonl");
    std::fs::write(
        &path,
        "{\"type\":\"AccountOpened\",\"data\":{\"initial_balance\":1}}\n",
    )
    .unwrap();
    let mut tail = Command::new("tail")
        .args(["-f", "-s", "0.1", "-n", "+1"])
        .arg(&path)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let pipe = tail.stdout.take().unwrap();
    let check = Command::new(env!("CARGO_BIN_EXE_rewind"))
        .env("XDG_CONFIG_HOME", NO_CONFIG)
        .args(["check", "-"])
        .stdin(Stdio::from(pipe))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    file.write_all(b"{\"type\":\"MoneyDeposited\",\"data\":{\"amount\":2}}\n{\"type\":\"Money")
        .unwrap();
    std::thread::sleep(Duration::from_millis(600));
    tail.kill().unwrap();
    tail.wait().unwrap();
    let out = check.wait_with_output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.starts_with("-:3: error[malformed_json] not JSON: the record ends too early"),
        "the unfinished last line is reported at the end: {text}"
    );
    assert!(
        text.ends_with("-: 2 events, 1 error, 0 warnings\n"),
        "{text}"
    );
}

#[test]
fn unreadable_paths_exit_2_with_one_line_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let locked = write(dir.path(), "locked.jsonl", b"{}\n");
    let file = write(dir.path(), "file", b"");
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    let root_reads_anyway = std::fs::read(&locked).is_ok();
    let cases = [
        (dir.path().join("missing.jsonl"), "no such file"),
        (dir.path().to_owned(), "it is a directory, not a log file"),
        (file.join("x"), "a part of the path is not a directory"),
        (locked, "permission denied"),
    ];
    for (path, reason) in cases {
        if reason == "permission denied" && root_reads_anyway {
            continue; // root reads any file: nothing to deny here.
        }
        for command in ["check", "state"] {
            let out = rewind(&[command, path.to_str().unwrap()]);
            assert_eq!(out.status.code(), Some(2), "{path:?}");
            assert_eq!(
                stderr(&out),
                format!("rewind: cannot read {}: {reason}\n", path.display())
            );
            assert!(out.stdout.is_empty());
        }
    }
}

#[test]
fn a_2_mb_account_name_is_cut_in_the_table_and_whole_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let name = "n".repeat(2 << 20);
    let log = format!(
        "{{\"type\":\"AccountOpened\",\"account\":\"{name}\",\"data\":{{\"initial_balance\":\"1.00\"}}}}\n\
         {{\"type\":\"AccountOpened\",\"account\":\"acc-b\",\"data\":{{\"initial_balance\":\"2.00\"}}}}\n"
    );
    let path = write(dir.path(), "long-name.jsonl", log.as_bytes());
    let p = path.to_str().unwrap();
    let table = rewind(&["state", p]);
    assert_eq!(table.status.code(), Some(0), "{}", stderr(&table));
    let text = stdout(&table);
    assert!(text.len() < 1_000, "the table is {} bytes", text.len());
    assert!(text.contains("nnnn…"), "{text}");
    let json = rewind(&["state", p, "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["accounts"][&name]["balance"], "1.00");
}
