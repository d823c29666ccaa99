//! What the database reader behind a store's debugger says while it
//! follows: a lost connection (and the retries) on the status line, then
//! that it is back. The reader runs on its own thread (`log::db`); the run
//! loop looks here between frames.

use crate::log::db::spool::Shared;
use crate::tui::model::{Level, Model};
use std::sync::{Arc, Mutex};

/// The reader being watched, and what was last said of it.
static WATCHED: Mutex<Option<(Arc<Shared>, Option<String>)>> = Mutex::new(None);

/// Watches `shared` from now on.
pub fn watch(shared: Arc<Shared>) {
    if let Ok(mut w) = WATCHED.lock() {
        *w = Some((shared, None));
    }
}

/// Says on the status line what changed since the last look; whether
/// anything did (the screen is to be drawn again).
pub fn show(model: &mut Model) -> bool {
    let Ok(mut watched) = WATCHED.lock() else {
        return false;
    };
    let Some((shared, said)) = watched.as_mut() else {
        return false;
    };
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
