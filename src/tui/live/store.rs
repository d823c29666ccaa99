//! What the database reader behind a store's debugger says while it
//! follows: a lost connection (and the retries) on the status line, then
//! that it is back. The reader runs on its own thread (`log::db`); the run
//! loop looks here between frames.

use crate::log::db::spool::Shared;
use crate::tui::model::{Level, Model};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

/// The reader being watched, and what was last said of it.
struct Watched {
    shared: Arc<Shared>,
    said: Option<String>,
    /// Rows are still to come: the debugger follows the spool until the
    /// reader has ended and every row it wrote is on screen (for good,
    /// with `--follow`).
    streaming: bool,
    follow: bool,
}

static WATCHED: Mutex<Option<Watched>> = Mutex::new(None);

/// Watches `shared` from now on; `follow` if the reader polls for good.
pub fn watch(shared: Arc<Shared>, follow: bool) {
    if let Ok(mut w) = WATCHED.lock() {
        *w = Some(Watched {
            shared,
            said: None,
            streaming: true,
            follow,
        });
    }
}

/// Says on the status line what changed since the last look; whether
/// anything did (the screen is to be drawn again).
pub fn show(model: &mut Model) -> bool {
    let Ok(mut watched) = WATCHED.lock() else {
        return false;
    };
    let Some(Watched {
        shared,
        said,
        streaming,
        follow,
    }) = watched.as_mut()
    else {
        return false;
    };
    // A read that does not follow: once its last row is on screen, the
    // debugger stops following (and the status line says so no more).
    if *streaming && !*follow && shared.finished.load(Ordering::Acquire) {
        let rows = shared.rows.load(Ordering::Acquire);
        if u64::from(model.total()) >= rows {
            *streaming = false;
            model.following = false;
            return true;
        }
    }
    let now = shared.status.lock().ok().and_then(|s| s.clone());
    if now == *said {
        return false;
    }
    match &now {
        Some(text) => model.say(Level::Warning, text.clone()),
        None => model.say(
            Level::Info,
            "reconnected; reading on from the last row read",
        ),
    }
    *said = now;
    true
}
