//! Moving the cursor: stepping through the shown rows, jumping to an exact
//! event, and the searches that end in a jump (text, diagnostics,
//! breakpoints). After every move the list and the accounts table scroll
//! so that the cursor and the accounts it touched are in sight.

use crate::tui::breakpoint::events_about;
use crate::tui::layout;
use crate::tui::message::Message;
use crate::tui::model::{Filter, Level, Model};

/// Rows a page moves: the event list's height (10 before the first layout).
pub fn page(model: &Model) -> usize {
    layout::areas(model).map_or(10, |a| a.list_height().saturating_sub(1).max(1))
}

/// Moves `delta` rows through the event list (clamped to its ends).
pub fn step(model: &mut Model, delta: i64) {
    let rows = model.rows();
    let row = rows.row_of(model.cursor) as i64;
    let last = rows.count() as i64 - 1;
    let target = row.saturating_add(delta).clamp(0, last) as usize;
    model.cursor = rows.event(target);
    moved(model);
}

/// Puts the cursor exactly on event `n`. If the account filter hides it,
/// the filter is turned off; the returned note says so (for a message).
pub fn go_to(model: &mut Model, n: u32) -> String {
    let n = n.min(model.total());
    let mut note = String::new();
    if !model.rows().contains(n) {
        if let Some(filter) = model.filter.take() {
            let name = model.index().account_name(filter.account);
            note = format!(" (showing all events again: event {n} is not about {name})");
        }
    }
    model.cursor = n;
    moved(model);
    note
}

/// `50G`: event 50, or the last event with a message when the log has
/// fewer (as `:` does).
pub fn go_to_counted(model: &mut Model, n: u32) {
    let total = model.total();
    let note = go_to(model, n);
    let text = if n > total {
        format!("event {n} is past the end: at the last event, {total}{note}")
    } else {
        format!("event {n} of {total}{note}")
    };
    model.say(Level::Info, text);
}

/// Ctrl-O and Ctrl-N: back and forward through the jump list.
pub fn retrace(model: &mut Model, message: Message) {
    let back = message == Message::JumpBack;
    let to = if back {
        model.jumps.back(model.cursor)
    } else {
        model.jumps.forward(model.cursor)
    };
    match to {
        Some(n) => {
            let note = go_to(model, n);
            let (way, other) = if back {
                ("back", "Ctrl-N forward again")
            } else {
                ("forward", "Ctrl-O back")
            };
            model.say(Level::Info, format!("{way} to event {n} ({other}){note}"));
        }
        None if back => model.say(Level::Info, "no earlier jump to go back to"),
        None => model.say(Level::Info, "no later jump: Ctrl-N retraces Ctrl-O"),
    }
}

/// `r`: to the earlier event the cursor's event refers to (a dispute's
/// deposit).
pub fn referred(model: &mut Model) {
    let n = model.cursor;
    match model.referred_by(n) {
        Some(m) => {
            let note = go_to(model, m);
            model.say(
                Level::Info,
                format!("event {m}, which event {n} refers to (Ctrl-O back){note}"),
            );
        }
        None => model.say(
            Level::Info,
            "this event refers to no earlier event (r follows a dispute, resolve or chargeback)",
        ),
    }
}

/// Scrolls the detail pane, no further than its last line at the top
/// of its last page.
pub fn scroll_detail(model: &mut Model, delta: i64) {
    let most = detail_scroll_max(model);
    model.detail_scroll = (model.detail_scroll as i64)
        .saturating_add(delta)
        .clamp(0, most as i64) as usize;
}

/// How far the detail pane can scroll: its wrapped lines less its height.
pub fn detail_scroll_max(model: &Model) -> usize {
    let Some(areas) = layout::areas(model) else {
        return 0;
    };
    let width = areas.detail.width.saturating_sub(2);
    crate::tui::view::detail_lines(model, width).saturating_sub(areas.detail_height())
}

/// Reads what the screen needs about the event under the cursor (once: see
/// [`Model::look`]) and keeps it in sight, after a move or a resize.
pub fn moved(model: &mut Model) {
    model.look();
    model.detail_scroll = 0;
    let Some(areas) = layout::areas(model) else {
        return;
    };
    let rows = model.rows();
    model.list_offset = keep_visible(
        model.list_offset,
        rows.row_of(model.cursor),
        areas.list_height(),
        rows.count(),
        2,
    );
    let accounts = model.index().accounts_at(model.cursor);
    let height = areas.state_height();
    // The touched accounts come last, so they win over the pinned one.
    let mut wanted: Vec<u32> = model.pinned.into_iter().collect();
    wanted.extend(model.snapshot.touched.iter().rev());
    for ix in wanted {
        model.state_offset = keep_visible(model.state_offset, ix as usize, height, accounts, 0);
    }
    model.state_offset = model.state_offset.min(accounts.saturating_sub(height));
    in_sight(model);
}

/// Decodes the event list's rows in sight that are not yet (after a move,
/// a scroll, or new events), for the view to draw without reading the log.
pub fn in_sight(model: &mut Model) {
    let Some(areas) = layout::areas(model) else {
        return;
    };
    let rows = model.rows();
    let offset = model.list_offset.min(rows.count().saturating_sub(1));
    let end = (offset + areas.list_height()).min(rows.count());
    let events: Vec<u32> = (offset..end).map(|row| rows.event(row)).collect();
    let index = model.builder.index();
    model
        .in_sight
        .refresh(index, &model.source, events.into_iter(), model.cursor);
}

/// The first row to show so that `row` is in sight with `margin` rows
/// around it (fewer near the ends), moving the view as little as possible.
pub fn keep_visible(offset: usize, row: usize, height: usize, len: usize, margin: usize) -> usize {
    let margin = margin.min(height.saturating_sub(1) / 2);
    let mut offset = offset;
    if row < offset + margin {
        offset = row.saturating_sub(margin);
    }
    if row + margin >= offset + height {
        offset = row + margin + 1 - height;
    }
    offset.min(len.saturating_sub(height))
}

/// Moves the focused account up or down the accounts table.
pub fn move_account(model: &mut Model, delta: i64) {
    let count = model.index().accounts_at(model.cursor);
    if count == 0 {
        model.say(Level::Warning, "no accounts yet at this event");
        return;
    }
    let current = model
        .pinned
        .or_else(|| model.focused_account())
        .map_or(0, |ix| ix as i64);
    let target = current.saturating_add(delta).clamp(0, count as i64 - 1) as u32;
    focus_account(model, Some(target));
}

/// Pins the focused account (or follows the cursor with `None`); an active
/// filter follows it.
pub fn focus_account(model: &mut Model, account: Option<u32>) {
    model.pinned = account;
    if model.filter.is_some() {
        model.filter = None;
        match account {
            Some(_) => toggle_filter(model),
            None => model.say(Level::Info, "showing all events"),
        }
    }
    moved(model);
}

/// `f`: only the focused account's events, or all again.
pub fn toggle_filter(model: &mut Model) {
    if model.filter.take().is_some() {
        model.say(Level::Info, "showing all events");
        moved(model);
        return;
    }
    let Some(account) = model.focused_account() else {
        model.say(Level::Warning, "no account to filter on");
        return;
    };
    model.pinned = Some(account);
    let events = events_about(model.index(), account);
    let count = events.len();
    model.filter = Some(Filter { account, events });
    let rows = model.rows();
    model.cursor = rows.event(rows.row_of(model.cursor));
    let name = model.index().account_name(account);
    let text = format!("showing the {count} events about {name} (f: all events)");
    model.say(Level::Info, text);
    moved(model);
}

/// `e` / `E`: the next shown event with a diagnostic that `w` lets through.
pub fn next_diagnostic(model: &mut Model, forward: bool) {
    let rows = model.rows();
    let list = &model.diag_events;
    let cursor = model.cursor;
    let ok = |&&n: &&u32| model.shows_diagnostic(n) && rows.contains(n);
    // Past the end it wraps around, as `n` and `N` do.
    let (found, wrapped) = if forward {
        let after = list[list.partition_point(|&e| e <= cursor)..]
            .iter()
            .find(ok);
        match after {
            Some(n) => (Some(n), false),
            None => (list.iter().find(ok), true),
        }
    } else {
        let before = list[..list.partition_point(|&e| e < cursor)]
            .iter()
            .rev()
            .find(ok);
        match before {
            Some(n) => (Some(n), false),
            None => (list.iter().rev().find(ok), true),
        }
    };
    let found = found.copied();
    let what = if model.errors_only {
        "error"
    } else {
        "diagnostic"
    };
    match found {
        Some(n) => {
            model.cursor = n;
            moved(model);
            let wrap = match (wrapped, forward) {
                (false, _) => "",
                (true, true) => "wrapped to the start · ",
                (true, false) => "wrapped to the end · ",
            };
            let first = model.index().diagnostics_of(n).first();
            if let Some(d) = first {
                let text = format!(
                    "{wrap}event {n}: {} {}: {}",
                    d.severity.as_str(),
                    d.code,
                    d.message
                );
                let level = match d.severity {
                    crate::domain::Severity::Error => Level::Error,
                    crate::domain::Severity::Warning => Level::Warning,
                };
                model.say(level, text);
            }
        }
        None => {
            let shown = if model.filter.is_some() { " shown" } else { "" };
            let article = if model.errors_only { "an" } else { "a" };
            model.say(Level::Info, format!("no{shown} event has {article} {what}"));
        }
    }
}
