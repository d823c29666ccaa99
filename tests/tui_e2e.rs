//! End to end: the real binary in a real pseudo-terminal (tmux), driven by
//! key presses, read back from the screen. tmux is required: without it
//! this test fails rather than skipping, so a CI that lacks it is noticed.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tmux;

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};
use tmux::Tmux;

/// The State pane's row for `account`: the text right of the pane's left
/// border, on the line where the account is named.
fn state_row(screen: &str, account: &str) -> Option<String> {
    let mut lines = screen.lines();
    let title = lines.next()?;
    let column = title.chars().position(|c| c == 'S')?;
    screen.lines().skip(1).find_map(|line| {
        let right: String = line.chars().skip(column).collect();
        right.contains(account).then_some(right)
    })
}

#[test]
fn step_through_the_classic_log_and_quit_cleanly() {
    let binary = env!("CARGO_BIN_EXE_rewind");
    let log = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-logs/classic.jsonl");
    // After the debugger exits, print its exit code and the terminal's line
    // discipline, then keep the pane alive so it can be read.
    let command = format!(
        "'{binary}' '{}'; echo \"rewind exited $?\"; \
         stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo; \
         exec sleep 600",
        log.display()
    );
    let tmux = Tmux::start("classic", 100, 30, &command);

    tmux.wait_for("the debugger at the last event", |s| {
        s.contains("State after event 3 of 3")
    });
    assert_running(&tmux);

    tmux.send("Home");
    tmux.wait_for("N = 0", |s| s.contains("State after event 0 of 3"));

    tmux.send("Down");
    let screen = tmux.wait_for("event 1", |s| s.contains("State after event 1 of 3"));
    let row = state_row(&screen, "default").expect("the account is shown");
    assert!(
        row.contains("1000") && !row.contains("1500"),
        "balance 1000: {row}"
    );

    tmux.send("Down");
    let screen = tmux.wait_for("event 2", |s| s.contains("State after event 2 of 3"));
    let row = state_row(&screen, "default").unwrap();
    assert!(row.contains("1000 → 1500"), "balance 1500: {row}");

    tmux.send("End");
    let screen = tmux.wait_for("event 3", |s| s.contains("State after event 3 of 3"));
    let row = state_row(&screen, "default").unwrap();
    assert!(row.contains("1500 → 1300"), "balance 1300: {row}");

    tmux.send("q");
    assert_restored(&tmux, 0);
}

/// While it runs: the alternate screen, mouse reporting on, cursor hidden
/// (so the checks after it exits can tell the difference).
fn assert_running(tmux: &Tmux) {
    tmux.wait_pane("alternate_on", "1", "runs in the alternate screen");
    tmux.wait_pane("mouse_any_flag", "1", "mouse reporting is on");
    tmux.wait_pane("cursor_flag", "0", "the cursor is hidden");
}

/// After the debugger exited with `code` (printed by the shell that ran
/// it): raw mode off, the main screen back, the cursor shown, the mouse
/// off, the debugger's screen gone. Returns the screen.
fn assert_restored(tmux: &Tmux, code: i32) -> String {
    let screen = tmux.wait_for("the exit", |s| s.contains("rewind exited"));
    assert!(
        screen.contains(&format!("rewind exited {code}\n")),
        "exit code {code}:\n{screen}"
    );
    let modes = tmux.wait_for("the terminal modes", |s| s.contains("icanon"));
    assert!(
        modes.contains(" icanon") || modes.contains("\nicanon"),
        "raw mode is off again (canonical input):\n{modes}"
    );
    assert!(
        !modes.contains("-icanon") && !modes.contains("-echo"),
        "{modes}"
    );
    assert_eq!(
        tmux.pane("alternate_on"),
        "0",
        "the alternate screen is left:\n{screen}"
    );
    assert_eq!(tmux.pane("cursor_flag"), "1", "the cursor is shown");
    assert_eq!(tmux.pane("mouse_any_flag"), "0", "mouse reporting is off");
    assert_eq!(tmux.pane("mouse_sgr_flag"), "0", "mouse reporting is off");
    assert!(
        !screen.contains("State after"),
        "the debugger's screen is gone:\n{screen}"
    );
    screen
}

/// The shell command that runs the debugger on `args` (with `env`, e.g.
/// `REWIND_TEST_FAULT=panic`), writes its pid to `pid_file`, then prints
/// its exit code and the terminal's line discipline and keeps the pane.
fn debugger_command(env: &str, args: &str, pid_file: &Path) -> String {
    let binary = env!("CARGO_BIN_EXE_rewind");
    format!(
        "sh -c 'echo $$ > {pid}; exec env {env} {binary} {args}'; echo \"rewind exited $?\"; \
         stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo; \
         exec sleep 600",
        pid = pid_file.display(),
    )
}

fn classic_log() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-logs/classic.jsonl")
        .display()
        .to_string()
}

/// Sends a signal to the debugger whose pid is in `pid_file`.
fn kill(signal: &str, pid_file: &Path) {
    let pid = std::fs::read_to_string(pid_file).unwrap();
    // The shell's own `kill`, so no procps package is needed.
    let status = Command::new("sh")
        .args(["-c", &format!("kill {signal} {}", pid.trim())])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Runs the debugger on the classic log, ends it one way, and checks the
/// terminal is restored and the exit code is the one documented.
fn exit_path(name: &str, env: &str, end: impl FnOnce(&Tmux, &Path), code: i32) -> String {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("pid");
    let tmux = Tmux::start(
        name,
        100,
        30,
        &debugger_command(env, &classic_log(), &pid_file),
    );
    if env.is_empty() {
        tmux.wait_for("the debugger", |s| s.contains("State after event 3 of 3"));
        assert_running(&tmux);
    }
    end(&tmux, &pid_file);
    assert_restored(&tmux, code)
}

#[test]
fn ctrl_c_restores_the_terminal() {
    exit_path("ctrl-c", "", |t, _| t.send("C-c"), 0);
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    exit_path("term", "", |_, pid| kill("-TERM", pid), 128 + 15);
}

#[test]
fn sighup_restores_the_terminal_and_exits_129() {
    exit_path("hup", "", |_, pid| kill("-HUP", pid), 128 + 1);
}

#[test]
fn sigint_from_kill_restores_the_terminal_and_exits_130() {
    exit_path("int", "", |_, pid| kill("-INT", pid), 128 + 2);
}

#[test]
fn an_error_restores_the_terminal_then_says_what_happened() {
    let screen = exit_path("error", "REWIND_TEST_FAULT=error", |_, _| {}, 2);
    assert!(
        screen.contains("rewind: terminal error: REWIND_TEST_FAULT=error"),
        "{screen}"
    );
}

#[test]
fn a_panic_restores_the_terminal_then_prints_the_panic() {
    let screen = exit_path("panic", "REWIND_TEST_FAULT=panic", |_, _| {}, 101);
    assert!(screen.contains("a deliberate panic"), "{screen}");
}

/// `q` and `Esc` close what is open before anything quits; `Esc` with
/// nothing open does nothing; `d` waits for its letter even with no marks;
/// then `q` quits (issue 14, defect 1).
#[test]
fn q_closes_the_help_and_esc_never_quits() {
    exit_path(
        "close-first",
        "",
        |t, _| {
            t.send("?");
            t.wait_for("the help", |s| s.contains("Keys · Esc, q or ? closes"));
            t.send("q");
            t.wait_for("the help closed", |s| !s.contains("Keys · Esc"));
            t.send("D");
            t.wait_for("the diagnostics list", |s| s.contains("Enter go to event"));
            t.send("Escape");
            t.wait_for("the list closed", |s| !s.contains("Enter go to event"));
            t.send("Escape");
            // A key straight after Esc would read as Alt and that key.
            sleep(Duration::from_millis(300));
            t.send("d");
            t.send("q");
            t.wait_for("no mark q", |s| s.contains("no mark q"));
            assert_running(t);
            let screen = t.screen();
            assert!(screen.contains("State after event 3 of 3"), "{screen}");
            t.send("q");
        },
        0,
    );
}

#[test]
fn quitting_while_a_large_log_loads_is_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("big.jsonl");
    let generated = Command::new(env!("CARGO_BIN_EXE_rewind"))
        .args(["generate", "--events", "250000", "--accounts", "1000"])
        .output()
        .unwrap();
    std::fs::write(&log, &generated.stdout).unwrap();
    let pid_file = dir.path().join("pid");
    let tmux = Tmux::start(
        "cancel",
        100,
        30,
        &debugger_command("", &log.display().to_string(), &pid_file),
    );
    tmux.wait_for("the load under way", |s| s.contains("indexing"));
    let asked = Instant::now();
    tmux.send("q");
    assert_restored(&tmux, 0);
    assert!(
        asked.elapsed() < Duration::from_secs(3),
        "quit took {:?}",
        asked.elapsed()
    );
}

/// A writer appends to, truncates, rotates and deletes the followed log;
/// the screen keeps up and says what happened.
#[test]
fn follow_mode_keeps_up_with_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.jsonl");
    let classic = std::fs::read_to_string(classic_log()).unwrap();
    std::fs::write(&path, &classic).unwrap();
    let pid_file = dir.path().join("pid");
    let args = format!("--follow {}", path.display());
    let tmux = Tmux::start("follow", 110, 30, &debugger_command("", &args, &pid_file));
    // The first frame may be drawn while the load is still finishing; the
    // next says "following".
    tmux.wait_for("the log, followed", |s| {
        s.contains("State after event 3 of 3") && s.contains("following")
    });

    let deposit = "{\"type\":\"MoneyDeposited\",\"data\":{\"amount\":7}}\n";
    let append = |text: &str| {
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        std::io::Write::write_all(&mut file, text.as_bytes()).unwrap();
    };
    let written = Instant::now();
    append(deposit);
    let screen = tmux.wait_for("the appended event", |s| {
        s.contains("State after event 4 of 4")
    });
    let latency = written.elapsed();
    assert!(latency < Duration::from_secs(1), "took {latency:?}");
    let row = state_row(&screen, "default").unwrap();
    assert!(row.contains("1300 → 1307"), "{row}");

    // Half a line waits for the rest.
    append(&deposit[..20]);
    sleep(Duration::from_millis(400));
    assert!(tmux.screen().contains("State after event 4 of 4"));
    assert!(!tmux.screen().contains("malformed"));
    append(&deposit[20..]);
    tmux.wait_for("the completed line", |s| {
        s.contains("State after event 5 of 5")
    });

    // Truncated.
    std::fs::write(&path, classic.lines().next().unwrap().to_owned() + "\n").unwrap();
    tmux.wait_for("the truncation", |s| {
        s.contains("was truncated") && s.contains("State after event 1 of 1")
    });

    // Rotated: moved away (the debugger says so), then a new file.
    std::fs::rename(&path, dir.path().join("live.jsonl.1")).unwrap();
    tmux.wait_for("the move", |s| s.contains("log gone"));
    std::fs::write(&path, &classic).unwrap();
    tmux.wait_for("the new file", |s| {
        s.contains("replaced by a new file") && s.contains("State after event 3 of 3")
    });

    // Deleted: what was loaded stays.
    std::fs::remove_file(&path).unwrap();
    tmux.wait_for("the deletion", |s| {
        s.contains("log gone") && s.contains("State after event 3 of 3")
    });

    tmux.send("F");
    tmux.wait_for("following off", |s| s.contains("stopped following"));
    tmux.send("q");
    assert_restored(&tmux, 0);
}

#[test]
fn not_a_terminal_points_to_rewind_state() {
    let log = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-logs/classic.jsonl");
    let output = Command::new(env!("CARGO_BIN_EXE_rewind"))
        .arg(&log)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains("not a terminal") && stderr.contains("rewind state"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

/// Hostile bytes in the debugger: escape sequences and NULs in names, bytes
/// that are not UTF-8, deep nesting, a 5 MB line, a PNG's header. It shows
/// them, moves through them, lists their diagnostics and quits cleanly.
#[test]
fn hostile_bytes_in_the_debugger() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.jsonl");
    let mut log = Vec::new();
    log.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    log.extend_from_slice(
        b"{\"type\":\"AccountOpened\",\"account\":\"\\u001b]0;pwned\\u0007\\u001b[2J\",\"data\":{\"owner\":\"\\u0000\"}}\n",
    );
    log.extend_from_slice(b"\xff\xfe\x00\x1b[31m\n");
    log.extend_from_slice(
        format!(
            "{{\"type\":\"MoneyDeposited\",\"x\":{}{},\"amount\":1}}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        )
        .as_bytes(),
    );
    log.extend_from_slice(
        format!(
            "{{\"type\":\"MoneyDeposited\",\"amount\":2,\"pad\":\"{}\"}}\n",
            "p".repeat(5 << 20)
        )
        .as_bytes(),
    );
    log.extend_from_slice(b"{\"type\":\"MoneyDeposited\",\"amount\":1e999999}\n");
    std::fs::write(&path, &log).unwrap();
    let pid_file = dir.path().join("pid");
    let tmux = Tmux::start(
        "hostile",
        110,
        32,
        &debugger_command("", &path.display().to_string(), &pid_file),
    );
    tmux.wait_for("the log", |s| s.contains("State after event 4 of 4"));
    tmux.send("Home");
    tmux.wait_for("N = 0", |s| s.contains("State after event 0 of 4"));
    for _ in 0..3 {
        tmux.send("Down");
    }
    let screen = tmux.wait_for("the 5 MB event", |s| s.contains("State after event 3 of 4"));
    assert!(screen.contains("the record is 5242"), "{screen}");
    tmux.send("End");
    tmux.wait_for("the last event", |s| s.contains("State after event 4 of 4"));
    tmux.send("D");
    // The list and its rows come in one frame, but a busy machine may
    // show a frame of the screen before it: wait for the row itself (a
    // NUL never shown escaped fails here, after the wait).
    let screen = tmux.wait_for("the diagnostics, a NUL shown escaped", |s| {
        s.contains("malformed_json") && s.contains("\\u{0}")
    });
    assert!(!screen.contains('\0'), "no raw NUL on screen:\n{screen}");
    tmux.send("Escape");
    tmux.wait_for("the list closed", |s| !s.contains("malformed_json"));
    tmux.send("q");
    assert_restored(&tmux, 0);
    assert!(
        !tmux.pane("pane_title").contains("pwned"),
        "the log did not set the terminal's title"
    );
}

/// The terminal itself goes away (the window is closed, ssh drops): the
/// debugger gets SIGHUP with its terminal at end-of-file, and must exit
/// rather than spin.
#[test]
fn a_terminal_that_hangs_up_ends_the_debugger() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("pid");
    let binary = env!("CARGO_BIN_EXE_rewind");
    let command = format!(
        "sh -c 'echo $$ > {}; exec {binary} {}'",
        pid_file.display(),
        classic_log()
    );
    let tmux = Tmux::start("hangup", 100, 30, &command);
    tmux.wait_for("the debugger", |s| s.contains("State after event 3 of 3"));
    let pid = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .to_owned();
    let alive = || {
        Command::new("sh")
            .args(["-c", &format!("kill -0 {pid} 2>/dev/null")])
            .status()
            .unwrap()
            .success()
    };
    assert!(alive());
    // Closing the server closes the pseudo-terminal's master side.
    let _ = Command::new("tmux")
        .args(["-L", &tmux.socket, "kill-server"])
        .output();
    let closed = Instant::now();
    while alive() {
        if closed.elapsed() > Duration::from_secs(5) {
            let _ = Command::new("sh")
                .args(["-c", &format!("kill -9 {pid}")])
                .status();
            panic!("the debugger outlived its terminal by 5 s");
        }
        sleep(Duration::from_millis(50));
    }
}
