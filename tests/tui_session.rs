//! What-if and sessions in a real terminal: skip the withdrawal that
//! overdrew an account and see the overdraft go and the balance after it
//! change; quit; open the log again and find the skip, the mark and the
//! breakpoint restored; `--no-session` finds none and saves nothing. The
//! debugger's state directory is the test's own (see `tmux/mod.rs`).

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod binary;
mod tmux;

use std::path::Path;
use tmux::Tmux;

/// The State pane's text on the line naming `account`.
fn state_row(screen: &str, account: &str) -> String {
    let column = screen
        .lines()
        .next()
        .and_then(|title| title.find("State"))
        .map_or(0, |byte| {
            screen.lines().next().unwrap()[..byte].chars().count()
        });
    screen
        .lines()
        .skip(1)
        .map(|line| line.chars().skip(column).collect::<String>())
        .find(|right| right.contains(account))
        .unwrap_or_default()
}

#[test]
fn skip_the_overdraft_quit_and_find_the_session_again() {
    let binary = env!("CARGO_BIN_EXE_rewind");
    let log = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-logs/bank.jsonl");
    let log = log.display();
    // Three runs in the same terminal, each after an Enter.
    let command = format!(
        "{binary} {log} --at 14; echo \"first exited $?\"; read _; \
         {binary} {log}; echo \"second exited $?\"; read _; \
         {binary} {log} --no-session; echo \"third exited $?\"; exec sleep 600"
    );
    let tmux = Tmux::start("session", 110, 30, &command);
    let screen = tmux.wait_for("the debugger at event 14", |s| {
        s.contains("State after event 14 of 20")
    });
    assert!(
        state_row(&screen, "acc-alice").contains("−350.00"),
        "{screen}"
    );
    assert!(
        screen.contains("▲ 1"),
        "the overdraft is counted:\n{screen}"
    );

    tmux.send("x");
    let screen = tmux.wait_for("history without event 14", |s| {
        s.contains("what-if: 1 event skipped")
    });
    let row = state_row(&screen, "acc-alice");
    assert!(row.contains("−350.00 → what-if 1300.00"), "{row}\n{screen}");
    assert!(!screen.contains("▲ 1"), "the overdraft is gone:\n{screen}");
    // After it, the balance as written and without it.
    tmux.send("l");
    let screen = tmux.wait_for("event 15", |s| s.contains("State after event 15 of 20"));
    let row = state_row(&screen, "acc-alice");
    assert!(row.contains("250.00 → what-if 1900.00"), "{row}\n{screen}");

    tmux.send("m");
    tmux.send("a");
    tmux.send("b");
    tmux.send("balance < 0");
    tmux.send("Enter");
    tmux.wait_for("the breakpoint", |s| s.contains("● 1 breakpoint"));
    tmux.send("q");
    tmux.wait_for("the first run to end", |s| s.contains("first exited 0"));
    let sessions: Vec<_> = std::fs::read_dir(tmux.state_home().join("rewind"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    let saved = std::fs::read_to_string(&sessions[0]).unwrap();
    let json: serde_json::Value = serde_json::from_str(&saved).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["skipped"], serde_json::json!([14]));
    assert_eq!(json["cursor"], 15);
    tmux.send("Enter");

    let screen = tmux.wait_for("the session restored", |s| {
        s.contains("session restored: 1 mark, 1 breakpoint, 1 skipped")
    });
    assert!(screen.contains("State after event 15 of 20"), "{screen}");
    assert!(screen.contains("what-if: 1 event skipped"), "{screen}");
    assert!(screen.contains("● 1 breakpoint"), "{screen}");
    assert!(screen.contains("marks a"), "{screen}");
    assert!(state_row(&screen, "acc-alice").contains("what-if 1900.00"));
    tmux.send("q");
    tmux.wait_for("the second run to end", |s| s.contains("second exited 0"));
    tmux.send("Enter");

    let screen = tmux.wait_for("a clean start", |s| {
        s.contains("State after event 20 of 20")
    });
    assert!(!screen.contains("what-if"), "{screen}");
    assert!(!screen.contains("session restored"), "{screen}");
    assert!(!screen.contains("breakpoint"), "{screen}");
    tmux.send("m");
    tmux.send("z");
    tmux.send("q");
    tmux.wait_for("the third run to end", |s| s.contains("third exited 0"));
    assert_eq!(
        std::fs::read_to_string(&sessions[0]).unwrap(),
        saved.replace("\"cursor\": 14", "\"cursor\": 15"),
        "--no-session saves nothing"
    );
}

/// A signal ends the debugger with its session saved, as quitting does.
#[test]
fn a_signal_saves_the_session_too() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("pid");
    let binary = env!("CARGO_BIN_EXE_rewind");
    let log = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-logs/bank.jsonl");
    let command = format!(
        "sh -c 'echo $$ > {}; exec {binary} {} --at 14'; echo \"exited $?\"; exec sleep 600",
        pid_file.display(),
        log.display()
    );
    let tmux = Tmux::start("session-signal", 110, 30, &command);
    tmux.wait_for("the debugger", |s| s.contains("State after event 14 of 20"));
    tmux.send("x");
    tmux.wait_for("the skip", |s| s.contains("what-if: 1 event skipped"));
    let pid = std::fs::read_to_string(&pid_file).unwrap();
    let killed = std::process::Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", pid.trim())])
        .status()
        .unwrap();
    assert!(killed.success());
    tmux.wait_for("the debugger to end", |s| s.contains("exited 143"));
    let saved: Vec<_> = std::fs::read_dir(tmux.state_home().join("rewind"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(saved.len(), 1);
    let json: serde_json::Value = serde_json::from_str(&saved[0]).unwrap();
    assert_eq!(json["skipped"], serde_json::json!([14]));
}

/// A session file that is not one, or is from a newer rewind, is set
/// aside with a message; the debugger starts clean.
#[test]
fn a_corrupt_or_newer_session_is_ignored_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let binary = env!("CARGO_BIN_EXE_rewind");
    let log = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-logs/bank.jsonl");
    for (name, text, said) in [
        ("corrupt", "{\"version\": 1, \"skipped\": ", "is not JSON"),
        ("newer", "{\"version\": 7}", "from a newer rewind"),
    ] {
        let file = dir.path().join(format!("{name}.json"));
        std::fs::write(&file, text).unwrap();
        let command = format!(
            "{binary} {} --session {}; echo \"exited $?\"; exec sleep 600",
            log.display(),
            file.display()
        );
        let tmux = Tmux::start(&format!("session-{name}"), 160, 30, &command);
        let screen = tmux.wait_for("the message", |s| s.contains(said));
        assert!(screen.contains("State after event 20 of 20"), "{screen}");
        tmux.send("q");
        tmux.wait_for("the debugger to end", |s| s.contains("exited 0"));
    }
}

/// Opening a log and quitting where it opened, with nothing marked, leaves
/// no session behind (and the next start says nothing about one); a mark
/// is kept, and taking it away again removes the file.
#[test]
fn a_blank_session_leaves_no_file() {
    let binary = env!("CARGO_BIN_EXE_rewind");
    let log = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-logs/bank.jsonl");
    let log = log.display();
    let command = format!(
        "{binary} {log}; echo \"first exited $?\"; read _; \
         {binary} {log}; echo \"second exited $?\"; exec sleep 600"
    );
    let tmux = Tmux::start("blank-session", 110, 30, &command);
    tmux.wait_for("the debugger", |s| s.contains("State after event 20 of 20"));
    tmux.send("q");
    tmux.wait_for("the first run to end", |s| s.contains("first exited 0"));
    let dir = tmux.state_home().join("rewind");
    let files = || std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
    assert_eq!(files(), 0, "a blank session is not saved");
    tmux.send("Enter");
    let screen = tmux.wait_for("the second run", |s| {
        s.contains("State after event 20 of 20")
    });
    assert!(!screen.contains("session restored"), "{screen}");
    tmux.send("m");
    tmux.send("a");
    tmux.send("q");
    tmux.wait_for("the second run to end", |s| s.contains("second exited 0"));
    assert_eq!(files(), 1, "a mark is kept");
}
