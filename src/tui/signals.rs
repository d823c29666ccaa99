//! Signals that end the debugger. In raw mode Ctrl-C is a key, but `kill`,
//! a closed terminal (SIGHUP) or a service manager (SIGTERM) would end the
//! process without putting the terminal back.
//!
//! A thread waits for these signals (signal-hook's self-pipe, so nothing
//! unsafe runs in the handler) and records the signal; the run loop, which
//! wakes at least every 250 ms, sees it, restores the terminal and exits
//! with 128 + the signal's number, as a shell reports a process killed by
//! that signal. If the run loop has not finished within [`GRACE`] the thread
//! restores the terminal and exits itself: when the terminal hangs up,
//! crossterm's event reader can spin on end-of-file and never return to the
//! loop, and a debugger left spinning after its terminal closed would burn a
//! core forever.

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::backend::Handle;
use std::io;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The signals caught while the debugger runs.
pub const CAUGHT: [i32; 4] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT];

/// How long the run loop has to exit on its own after a signal.
pub const GRACE: Duration = Duration::from_millis(1500);

/// The handlers, removed again on drop.
pub struct Signals {
    caught: Arc<AtomicI32>,
    handle: Handle,
}

impl Signals {
    /// Starts waiting for the signals; `restore` puts the terminal back if
    /// the run loop does not exit in time.
    pub fn install(restore: fn()) -> io::Result<Signals> {
        let caught = Arc::new(AtomicI32::new(0));
        let mut signals = signal_hook::iterator::Signals::new(CAUGHT)?;
        let handle = signals.handle();
        let seen = Arc::clone(&caught);
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    seen.store(signal, Ordering::SeqCst);
                    std::thread::sleep(GRACE);
                    // Still here: the run loop is stuck.
                    restore();
                    std::process::exit(128 + signal);
                }
            })?;
        Ok(Signals { caught, handle })
    }

    /// The signal caught, if any.
    pub fn caught(&self) -> Option<i32> {
        match self.caught.load(Ordering::SeqCst) {
            0 => None,
            signal => Some(signal),
        }
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        self.handle.close();
    }
}
