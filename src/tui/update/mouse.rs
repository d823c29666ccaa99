//! Clicks and the wheel, hit-tested against the same layout the view draws.

use super::nav;
use crate::tui::layout::{self, Areas};
use crate::tui::message::Message;
use crate::tui::model::{Model, Overlay, Pane};
use ratatui::layout::{Position, Rect};

/// Lines one notch of the wheel scrolls.
const WHEEL: i64 = 3;

pub fn handle(model: &mut Model, message: Message) {
    let (column, row, wheel) = match message {
        Message::Click { column, row } => (column, row, 0),
        Message::ScrollUp { column, row } => (column, row, -1),
        Message::ScrollDown { column, row } => (column, row, 1),
        _ => return,
    };
    if model.overlay.is_some() {
        if wheel != 0 {
            scroll_overlay(model, wheel);
        }
        return;
    }
    let Some(areas) = layout::areas(model) else {
        return;
    };
    let at = Position::new(column, row);
    if wheel != 0 {
        scroll(model, &areas, at, wheel);
    } else {
        click(model, &areas, at);
    }
}

/// The row of a table body (border and header above it) under `at`.
fn body_row(area: Rect, at: Position) -> Option<usize> {
    let top = area.y + 2;
    (at.y >= top && at.y < area.bottom().saturating_sub(1)).then(|| usize::from(at.y - top))
}

fn click(model: &mut Model, areas: &Areas, at: Position) {
    if areas.events.contains(at) {
        model.focus = Pane::Events;
        if let Some(r) = body_row(areas.events, at) {
            let rows = model.rows();
            let row = model.list_offset + r;
            if row < rows.count() {
                nav::go_to(model, rows.event(row));
            }
        }
    } else if areas.state.contains(at) {
        model.focus = Pane::Accounts;
        if let Some(r) = body_row(areas.state, at) {
            let ix = model.state_offset + r;
            if ix < model.index().accounts_at(model.cursor) {
                nav::focus_account(model, Some(ix as u32));
            }
        }
    } else if areas.detail.contains(at) {
        model.focus = Pane::Detail;
    } else if areas.timeline.contains(at) && at.y == layout::scrub_row(areas.timeline) {
        let (x, width) = layout::scrub_span(areas.timeline);
        if at.x >= x && at.x < x + width {
            let n = layout::position_at(at.x - x, width, model.total());
            nav::go_to(model, n);
        }
    }
}

fn scroll(model: &mut Model, areas: &Areas, at: Position, wheel: i64) {
    let by = |value: usize, delta: i64, max: usize| -> usize {
        (value as i64 + delta).clamp(0, max as i64) as usize
    };
    if areas.events.contains(at) {
        let max = model.rows().count().saturating_sub(areas.list_height());
        model.list_offset = by(model.list_offset, wheel * WHEEL, max);
        nav::in_sight(model);
    } else if areas.state.contains(at) {
        let max = model
            .index()
            .accounts_at(model.cursor)
            .saturating_sub(areas.state_height());
        model.state_offset = by(model.state_offset, wheel, max);
    } else if areas.detail.contains(at) {
        nav::scroll_detail(model, wheel * WHEEL);
    } else if areas.timeline.contains(at) {
        nav::step(model, wheel);
    }
}

fn scroll_overlay(model: &mut Model, wheel: i64) {
    let message = if wheel < 0 {
        Message::Up
    } else {
        Message::Down
    };
    if let Some(Overlay::Help { .. } | Overlay::Compare(_)) = model.overlay {
        for _ in 0..WHEEL {
            super::overlays::handle(model, message);
        }
    } else {
        super::overlays::handle(model, message);
    }
}
