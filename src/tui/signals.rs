//! Signals that end the debugger. In raw mode Ctrl-C is a key, but `kill`,
//! a closed terminal (SIGHUP) or a service manager (SIGTERM) would end the
//! process without putting the terminal back. Each of these only sets a
//! flag here; the run loop, which wakes at least every 250 ms, sees it,
//! restores the terminal and exits with 128 + the signal's number, as a
//! shell reports a process killed by that signal.

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::SigId;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The signals caught while the debugger runs.
pub const CAUGHT: [i32; 4] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT];

/// The handlers, removed again on drop.
pub struct Signals {
    caught: Arc<AtomicUsize>,
    ids: Vec<SigId>,
}

impl Signals {
    pub fn install() -> io::Result<Signals> {
        let caught = Arc::new(AtomicUsize::new(0));
        let mut ids = Vec::new();
        for signal in CAUGHT {
            ids.push(signal_hook::flag::register_usize(
                signal,
                Arc::clone(&caught),
                signal as usize,
            )?);
        }
        Ok(Signals { caught, ids })
    }

    /// The last signal caught, if any.
    pub fn caught(&self) -> Option<i32> {
        match self.caught.load(Ordering::Relaxed) {
            0 => None,
            signal => i32::try_from(signal).ok(),
        }
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}
