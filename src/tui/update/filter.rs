//! `&`: adding filters (an empty `&` clears them), and working out the
//! events they show a chunk at a time between frames.

use super::nav::moved;
use crate::tui::filter::{Expr, Shown};
use crate::tui::model::{Level, Model};
use std::time::{Duration, Instant};

/// Events looked at between two checks of the clock.
const CHUNK: u32 = 4096;

/// The `&` prompt's Enter: adds a filter, or clears them all when empty.
pub fn submit(model: &mut Model, text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        if model.shown.take().is_some() {
            model.say(Level::Info, "filters cleared: showing all events");
            moved(model);
        }
        return Ok(());
    }
    let expr = Expr::parse(text, model.events())?;
    let mut filters = model.shown.take().map(|s| s.filters).unwrap_or_default();
    if filters.contains(&expr) {
        return Err(format!("already filtering on {}", expr.text));
    }
    filters.push(expr);
    let shown = Shown::new(filters, model.filter.as_ref().map(|f| f.account));
    let text = format!(
        "filtering: {} (& then Enter on nothing clears)",
        shown.describe()
    );
    model.shown = Some(shown);
    step(model, Duration::from_millis(50));
    model.say(Level::Info, text);
    Ok(())
}

/// Works out more of the shown events, for about `budget`; returns whether
/// the rows changed. When the account focus changed, starts again.
pub fn step(model: &mut Model, budget: Duration) -> bool {
    let total = model.total();
    let account = model.filter.as_ref().map(|f| f.account);
    let Some(shown) = model.shown.as_mut() else {
        return false;
    };
    if shown.account != account {
        *shown = Shown::new(std::mem::take(&mut shown.filters), account);
    }
    if shown.scanned >= total {
        return false;
    }
    let started = Instant::now();
    let events = crate::tui::breakpoint::Events {
        index: model.builder.index(),
        source: &model.source,
        diagnosed: &model.diag_events,
    };
    let base = model.filter.as_ref().map(|f| f.events.as_slice());
    let Some(shown) = model.shown.as_mut() else {
        return false;
    };
    while shown.scanned < total && started.elapsed() < budget {
        let (lo, hi) = (
            shown.scanned + 1,
            shown.scanned.saturating_add(CHUNK).min(total),
        );
        for n in lo..=hi {
            if base.is_none_or(|b| b.binary_search(&n).is_ok()) && shown.keeps(events, n) {
                shown.events.push(n);
            }
        }
        shown.scanned = hi;
    }
    let done = shown.scanned >= total;
    if done {
        let rows = model.rows();
        if !rows.contains(model.cursor) {
            model.cursor = rows.event(rows.row_of(model.cursor));
        }
    }
    moved(model);
    true
}
