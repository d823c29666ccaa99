//! The debugger in a real pseudo-terminal: a private tmux server per test,
//! driven by key presses and read back from the screen, with no settings
//! file of the user's and sessions kept in a state directory of the test's
//! own. tmux is required: without it a test fails rather than skipping, so
//! a CI that lacks it is noticed.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use super::binary::NO_CONFIG;
use std::path::Path;
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// A private tmux server with one session, killed on drop.
pub struct Tmux {
    pub socket: String,
    pub socket_path: String,
    /// The debugger's `XDG_STATE_HOME`, where it keeps sessions: a
    /// directory of the test's own, never the real home.
    state: tempfile::TempDir,
}

impl Tmux {
    /// A server of its own for each test (`name`), so tests run in parallel.
    pub fn start(name: &str, width: u16, height: u16, shell_command: &str) -> Tmux {
        let mut tmux = Tmux {
            socket: format!("rewind-e2e-{}-{name}", std::process::id()),
            socket_path: String::new(),
            state: tempfile::tempdir().unwrap(),
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
        let path = tmux
            .run(&["display-message", "-p", "#{socket_path}"])
            .stdout;
        tmux.socket_path = String::from_utf8_lossy(&path).trim().to_owned();
        tmux
    }

    pub fn run(&self, args: &[&str]) -> Output {
        // The server, and so the debugger, reads no settings file of the
        // user's (an absolute folder that does not exist) and no NO_COLOR;
        // nor RUST_BACKTRACE, whose backtrace would push a panic's message
        // off the screen the tests read.
        let output = Command::new("tmux")
            .env("XDG_CONFIG_HOME", NO_CONFIG)
            .env_remove("NO_COLOR")
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LIB_BACKTRACE")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .env_remove("TMUX")
            // The server, started by the first command, passes it on.
            .env("XDG_STATE_HOME", self.state.path())
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

    pub fn send(&self, key: &str) {
        self.run(&["send-keys", "-t", "e2e", key]);
    }

    /// The screen with its colours and attributes, as SGR sequences.
    pub fn screen_with_styles(&self) -> String {
        let out = self.run(&["capture-pane", "-p", "-e", "-t", "e2e"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "e2e"]).stdout).into_owned()
    }

    /// A tmux format about the pane: `alternate_on`, `cursor_flag`, …
    pub fn pane(&self, format: &str) -> String {
        let out = self.run(&[
            "display-message",
            "-p",
            "-t",
            "e2e",
            &format!("#{{{format}}}"),
        ]);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Waits until a pane format has `value` (the terminal applies mode
    /// changes a moment after the text they come with).
    pub fn wait_pane(&self, format: &str, value: &str, what: &str) {
        let start = Instant::now();
        loop {
            let got = self.pane(format);
            if got == value {
                return;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!(
                    "{what}: {format} is {got}, not {value}; the screen is:\n{}",
                    self.screen()
                );
            }
            sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the screen satisfies `ready`; fails with the screen if it
    /// never does.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
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
    /// Ends the server and removes its socket, which tmux leaves behind.
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
        if self.socket_path.ends_with(&self.socket) {
            let _ = std::fs::remove_file(&self.socket_path);
        }
    }
}

impl Tmux {
    /// The state directory the debugger keeps its sessions in.
    pub fn state_home(&self) -> &Path {
        self.state.path()
    }
}
