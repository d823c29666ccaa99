//! A saved session put back once the log is in: skipped events first (they
//! change what the rest is checked against), then breakpoints with their
//! numbers and state, marks, the account in focus, filters and the cursor.

use super::{filter, moved, nav, what_if};
use crate::replay::session::Session;
use crate::replay::Skips;
use crate::tui::breakpoint::{self, events_about, Breakpoint};
use crate::tui::filter::{Expr, Shown};
use crate::tui::model::{Filter, Level, Model};

/// Puts `saved` back; `cursor` says whether its cursor is (not when the
/// command line said where to start). Says what was restored on the status
/// line, and what could not be.
pub fn restore(model: &mut Model, saved: Session, cursor: bool) {
    let total = model.total();
    let mut lost = Vec::new();
    let skips = Skips::of(saved.skipped.iter().copied().filter(|&n| n <= total));
    if skips.len() < saved.skipped.len() {
        lost.push(format!(
            "{} skipped event(s) beyond the log",
            saved.skipped.len() - skips.len()
        ));
    }
    let skipped = skips.len();
    if !skips.is_empty() {
        if let Err(e) = what_if::request(model, skips) {
            lost.push(e);
        }
    }
    model.breakpoints_added = model.breakpoints_added.max(saved.breakpoints_added);
    let mut breakpoints = 0;
    for b in &saved.breakpoints {
        match breakpoint::parse::parse(&b.condition, model.events(), None, false) {
            Ok(condition) => {
                model.breakpoints.retain(|old| old.number != b.number);
                model.breakpoints.push(Breakpoint {
                    number: b.number,
                    condition,
                    enabled: b.enabled,
                    hits: 0,
                });
                model.breakpoints_added = model.breakpoints_added.max(b.number);
                breakpoints += 1;
            }
            Err(e) => lost.push(format!("breakpoint {} ({}): {e}", b.number, b.condition)),
        }
    }
    model.breakpoints.sort_by_key(|b| b.number);
    let marks = saved.marks.len();
    for (c, n) in saved.marks {
        if c.is_ascii_alphabetic() {
            model.marks.insert(c, n.min(total));
        }
    }
    let index = model.index();
    let lookup = |name: &Option<String>| name.as_deref().and_then(|n| index.lookup(n));
    let pinned = lookup(&saved.account);
    let focus = lookup(&saved.focus).map(|account| Filter {
        account,
        events: events_about(index, account),
    });
    if pinned.is_some() {
        model.pinned = pinned;
    }
    if let Some(focus) = focus {
        model.pinned = Some(focus.account);
        model.filter = Some(focus);
    }
    let filters: Vec<Expr> = saved
        .filters
        .iter()
        .filter_map(|t| Expr::parse(t, model.events()).ok())
        .collect();
    if !filters.is_empty() {
        let account = model.filter.as_ref().map(|f| f.account);
        model.shown = Some(Shown::new(filters, account));
        filter::step(model, std::time::Duration::from_millis(50));
    }
    if cursor {
        nav::go_to(model, saved.cursor.min(model.total()));
    }
    moved(model);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut text = if marks + breakpoints + skipped == 0 {
        format!("session restored: at event {}", model.cursor)
    } else {
        format!(
            "session restored: {}, {}, {skipped} skipped",
            plural(marks, "mark"),
            plural(breakpoints, "breakpoint"),
        )
    };
    if lost.is_empty() {
        model.say(Level::Info, text);
    } else {
        text.push_str(" · not restored: ");
        text.push_str(&lost.join("; "));
        model.say(Level::Warning, text);
    }
}
