//! Answers that wait for the load. A goto past the loaded part, or a
//! search that finds nothing in it, is not answered "out of range" or "no
//! match" while the log is still loading: it waits ([`Awaiting`]), the
//! status line says so, and [`resume`] answers it as events arrive, as
//! `--at` does.

use super::nav;
use crate::tui::format::grouped;
use crate::tui::model::{Awaiting, Level, Model};
use crate::tui::search;

/// How many new events a waiting search lets come in before it looks at
/// them (and at the end of the load, whatever came in).
const SEARCH_STRETCH: u32 = 100_000;

/// Whether the log is still loading (so an answer may yet change).
fn loading(model: &Model) -> bool {
    model.loading.is_some()
}

/// `:N` past the end: waits while loading; `false` when loaded (the
/// caller refuses it).
pub fn goto_later(model: &mut Model, n: u32) -> bool {
    if !loading(model) {
        return false;
    }
    model.awaiting = Some(Awaiting::Goto(n));
    true
}

/// A search forward or backward; one that finds nothing while the log
/// loads waits for the events to come, looking only at the new ones.
/// Returns whether it found or waits.
pub fn search(model: &mut Model, query: &str, forward: bool) -> bool {
    model.awaiting = None;
    if super::find::search(model, query, forward) {
        return true;
    }
    if !loading(model) {
        return false;
    }
    model.notice = None;
    model.awaiting = Some(Awaiting::Search {
        query: query.to_owned(),
        searched: model.total(),
    });
    true
}

/// More of the log is in (`finished`: all of it): answers what waits if it
/// can now be answered.
pub fn resume(model: &mut Model, finished: bool) {
    let total = model.total();
    match model.awaiting.take() {
        None => {}
        // An event is in for good once a later one is, or the load is done.
        Some(Awaiting::Goto(n)) if n < total || (n == total && finished) => {
            let note = nav::go_to(model, n);
            model.say_of_total(Level::Info, format!("event {n}"), &note);
        }
        Some(Awaiting::Goto(n)) if finished => model.say(
            Level::Error,
            format!(
                "event {} is out of range: the log has {} events",
                grouped(n),
                grouped(total)
            ),
        ),
        // The new events are searched in stretches, not after every fold:
        // each search has a cost of its own (a block read into a buffer).
        Some(Awaiting::Search { query, searched })
            if !finished && total.saturating_sub(searched) < SEARCH_STRETCH =>
        {
            model.awaiting = Some(Awaiting::Search { query, searched });
        }
        Some(Awaiting::Search { query, searched }) => {
            let found = search::find_after(
                model.index(),
                &model.source,
                &model.diag_events,
                model.rows(),
                searched,
                &search::Query::new(&query),
            );
            match found {
                Some(n) => {
                    nav::go_to(model, n);
                    model.say(Level::Info, format!("/{query}: event {n}"));
                }
                None if finished => {
                    model.say(Level::Warning, format!("no event matches `{query}`"));
                }
                None => {
                    model.awaiting = Some(Awaiting::Search {
                        query,
                        searched: total,
                    })
                }
            }
        }
        waiting => model.awaiting = waiting,
    }
}
