//! End to end: the real binary in a real pseudo-terminal (tmux), driven by
//! key presses, read back from the screen. tmux is required: without it
//! this test fails rather than skipping, so a CI that lacks it is noticed.

use std::path::Path;
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// A private tmux server with one session, killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(width: u16, height: u16, shell_command: &str) -> Tmux {
        let tmux = Tmux {
            socket: format!("rewind-e2e-{}", std::process::id()),
        };
        let width = width.to_string();
        let height = height.to_string();
        tmux.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            &width,
            "-y",
            &height,
            "-s",
            "e2e",
            shell_command,
        ]);
        tmux
    }

    fn run(&self, args: &[&str]) -> Output {
        let output = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .env_remove("TMUX")
            .output()
            .unwrap_or_else(|e| {
                panic!("this test drives the debugger in tmux, which must be installed: {e}")
            });
        assert!(
            output.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    fn send(&self, key: &str) {
        self.run(&["send-keys", "-t", "e2e", key]);
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "e2e"]).stdout).into_owned()
    }

    /// A tmux format about the pane: `alternate_on`, `cursor_flag`, …
    fn pane(&self, format: &str) -> String {
        let out = self.run(&[
            "display-message",
            "-p",
            "-t",
            "e2e",
            &format!("#{{{format}}}"),
        ]);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Waits until the screen satisfies `ready`; fails with the screen if it
    /// never does.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!("timed out waiting for {what}; the screen is:\n{screen}");
            }
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

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
    let tmux = Tmux::start(100, 30, &command);

    let screen = tmux.wait_for("the debugger at the last event", |s| {
        s.contains("State after event 3 of 3")
    });
    // While it runs: the alternate screen, mouse reporting on, cursor hidden
    // (so the checks after quitting can tell the difference).
    assert_eq!(
        tmux.pane("alternate_on"),
        "1",
        "runs in the alternate screen:\n{screen}"
    );
    assert_eq!(tmux.pane("mouse_any_flag"), "1", "mouse reporting is on");
    assert_eq!(tmux.pane("cursor_flag"), "0", "the cursor is hidden");

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
    let screen = tmux.wait_for("the exit", |s| s.contains("rewind exited"));
    assert!(screen.contains("rewind exited 0"), "exit code 0:\n{screen}");
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
        "the alternate screen is left"
    );
    assert_eq!(tmux.pane("cursor_flag"), "1", "the cursor is shown");
    assert_eq!(tmux.pane("mouse_any_flag"), "0", "mouse reporting is off");
    assert_eq!(tmux.pane("mouse_sgr_flag"), "0", "mouse reporting is off");
    assert!(
        !screen.contains("State after"),
        "the debugger's screen is gone:\n{screen}"
    );
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
