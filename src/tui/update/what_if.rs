//! What-if (`x`, `X`): events taken out of history, and everything after
//! them shown as if they had never been written. History without them is
//! the log folded again with those records passed over (exact by
//! construction: the same fold, the same checks); the index of the log as
//! written is kept beside it, for the state pane's and the chart's "as
//! written" and for putting events back.

use super::input::{delta, select};
use super::nav::moved;
use crate::domain::ledger::AccountIx;
use crate::replay::{History, LoadOptions, Skips};
use crate::tui::breakpoint::{events_about, Condition};
use crate::tui::filter::{Expr, Shown};
use crate::tui::message::Message;
use crate::tui::model::{DiagCount, Filter, Level, Model, WhatIf};
use crate::tui::model::{ListState, Overlay};
use crate::tui::snapshot::Snapshot;
use std::sync::Arc;

/// `x`: takes the event under the cursor out of history, or puts it back.
pub fn toggle(model: &mut Model) {
    if model.loading.is_some() {
        model.say(
            Level::Warning,
            "events can be skipped once the whole log is in: wait for the load",
        );
        return;
    }
    let n = model.cursor;
    if n == 0 {
        model.say(Level::Warning, "no event to skip at N = 0");
        return;
    }
    let mut skips = current(model);
    let out = skips.toggle(n);
    let what = describe(&skips);
    if let Err(e) = request(model, skips) {
        model.say(Level::Error, e);
        return;
    }
    let text = if out {
        // Short: the status line says "what-if: N events skipped" beside it.
        format!("event {n} skipped (x puts it back)")
    } else {
        format!("event {n} put back · {what}")
    };
    model.say(Level::Info, text);
}

/// The events taken out, or asked to be.
pub fn current(model: &Model) -> Skips {
    model.skips().cloned().unwrap_or_default()
}

fn describe(skips: &Skips) -> String {
    match skips.len() {
        0 => "history as written".to_owned(),
        1 => "what-if: 1 event skipped".to_owned(),
        n => format!("what-if: {n} events skipped"),
    }
}

/// Asks for exactly `skips` to be taken out of history. With a run loop
/// (`model.background`), history without them is folded there, between
/// frames, so that the screen never waits for it (see
/// `live::Load::advance`); else (tests) here and now. Putting every event
/// back is immediate either way.
pub fn request(model: &mut Model, skips: Skips) -> Result<(), String> {
    if model.background && !skips.is_empty() {
        model.what_if_wanted = Some(skips);
        Ok(())
    } else {
        model.what_if_wanted = None;
        set(model, skips)
    }
}

/// What a load of history without `skips` reads the log with.
pub fn options(model: &Model, skips: Skips) -> LoadOptions {
    LoadOptions {
        schema: Arc::clone(model.written().schema_arc()),
        history: History::Kept,
        whole_lines_only: model.following,
        skips,
    }
}

/// Takes exactly `skips` out of history (none: history as written), here
/// and now.
pub fn set(model: &mut Model, skips: Skips) -> Result<(), String> {
    let index = if skips.is_empty() {
        None
    } else {
        let options = options(model, skips.clone());
        Some(
            crate::replay::load(&model.source, &options)
                .map_err(|e| format!("cannot read {}: {e}", model.title))?,
        )
    };
    install(model, skips, index);
    Ok(())
}

/// Shows history without `skips`, whose index is `index` (`None` for
/// history as written), and brings every list that names events or
/// accounts in line with it.
pub fn install(model: &mut Model, skips: Skips, index: Option<crate::replay::Index>) {
    let names = Names::of(model);
    // A followed log's cursor on the last event stays on the last event.
    let was_last = model.cursor == model.total();
    model.what_if = index.map(|index| WhatIf { skips, index });
    names.put_back(model);
    model.diag_events.clear();
    model.diag_count = DiagCount::default();
    model.absorb_diagnostics();
    if let Some(count) = model.matches.take() {
        model.matches = Some(crate::tui::search::Count::new(count.query));
    }
    model.cursor = match was_last && model.following {
        true => model.total(),
        false => model.cursor.min(model.total()),
    };
    model.snapshot = Snapshot::default();
    moved(model);
}

/// The log grew (followed): history without the skipped events is folded
/// again to take the new events in.
pub fn grew(model: &mut Model) {
    if let Some(skips) = model.what_if.as_ref().map(|w| w.skips.clone()) {
        if let Err(e) = request(model, skips) {
            model.say(Level::Error, e);
        }
    }
}

/// A key in the `X` list: `x` puts the selected event back, `X` all of
/// them, Enter goes to it.
pub fn list(model: &mut Model, list: ListState, message: Message) -> Option<Overlay> {
    let skips = current(model);
    let count = skips.len();
    let chosen = skips.events().get(list.selected).copied();
    match (message, chosen) {
        (Message::Remove, Some(n)) => {
            let mut fewer = skips;
            fewer.toggle(n);
            match request(model, fewer) {
                Ok(()) => model.say(Level::Info, format!("event {n} put back")),
                Err(e) => model.say(Level::Error, e),
            }
            Some(Overlay::Skipped(select(list, 0, count - 1)))
        }
        (Message::RemoveAll, _) if count > 0 => {
            match request(model, Skips::default()) {
                Ok(()) => model.say(
                    Level::Info,
                    format!("{count} skipped event(s) put back: history as written"),
                ),
                Err(e) => model.say(Level::Error, e),
            }
            Some(Overlay::Skipped(0.into()))
        }
        (Message::Submit, Some(n)) => {
            let note = super::nav::go_to(model, n);
            model.say(Level::Info, format!("at event {n}{note}"));
            None
        }
        _ => Some(Overlay::Skipped(select(list, delta(message), count))),
    }
}

/// What names an account, by name: accounts are numbered in the order
/// they first appear, which taking an event out can change.
struct Names {
    pinned: Option<String>,
    filter: Option<String>,
    breakpoints: Vec<Option<String>>,
    filters: Option<(Vec<String>, Option<String>)>,
}

impl Names {
    fn of(model: &Model) -> Names {
        let index = model.index();
        let name = |ix: AccountIx| index.account_name(ix).to_owned();
        Names {
            pinned: model.pinned.map(name),
            filter: model.filter.as_ref().map(|f| name(f.account)),
            breakpoints: model
                .breakpoints
                .iter()
                .map(|b| match &b.condition {
                    Condition::Balance { account, .. } | Condition::Touches { account, .. } => {
                        Some(name(*account))
                    }
                    _ => None,
                })
                .collect(),
            filters: model.shown.as_ref().map(|s| {
                (
                    s.filters.iter().map(|f| f.text.clone()).collect(),
                    s.account.map(name),
                )
            }),
        }
    }

    /// The same accounts in the index now shown; a breakpoint or filter
    /// whose account does not exist there goes, said so.
    fn put_back(self, model: &mut Model) {
        let breakpoints = std::mem::take(&mut model.breakpoints);
        let index = model.index();
        let lookup = |name: &Option<String>| name.as_deref().and_then(|n| index.lookup(n));
        let pinned = lookup(&self.pinned);
        let filter = lookup(&self.filter).map(|account| Filter {
            account,
            events: events_about(index, account),
        });
        let mut lost = 0;
        let mut kept = Vec::with_capacity(breakpoints.len());
        for (mut b, name) in breakpoints.into_iter().zip(self.breakpoints) {
            if b.condition.rebind(index, lookup(&name)) {
                kept.push(b);
            } else {
                lost += 1;
            }
        }
        let shown = self.filters.map(|(texts, account)| {
            let events = model.events();
            let filters = texts
                .iter()
                .filter_map(|t| Expr::parse(t, events).ok())
                .collect();
            Shown::new(filters, lookup(&account))
        });
        model.pinned = pinned;
        model.filter = filter;
        model.breakpoints = kept;
        model.shown = shown;
        if lost > 0 {
            let s = if lost == 1 { "" } else { "s" };
            model.say(
                Level::Warning,
                format!(
                    "{lost} breakpoint{s} removed: their account does not exist in this history"
                ),
            );
        }
    }
}
