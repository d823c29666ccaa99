//! Where each pane goes, as a pure function of the terminal size and the
//! model. The view draws into these rectangles and `update` uses the same
//! ones for page sizes and mouse clicks, so the two always agree.

use super::model::Model;
use ratatui::layout::{Constraint, Layout, Rect};

/// The smallest terminal the layout works in.
pub const MIN_WIDTH: u16 = 70;
pub const MIN_HEIGHT: u16 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub events: Rect,
    pub state: Rect,
    pub detail: Rect,
    pub timeline: Rect,
    pub status: Rect,
}

impl Areas {
    /// Rows of events the list shows at once (inside the border, under the header).
    pub fn list_height(&self) -> usize {
        usize::from(self.events.height.saturating_sub(3)).max(1)
    }

    /// Rows of accounts the state table shows at once.
    pub fn state_height(&self) -> usize {
        usize::from(self.state.height.saturating_sub(3)).max(1)
    }

    /// Lines the detail pane shows at once.
    pub fn detail_height(&self) -> usize {
        usize::from(self.detail.height.saturating_sub(2)).max(1)
    }
}

/// The panes for the model's terminal size, or `None` when it is too small.
pub fn areas(model: &Model) -> Option<Areas> {
    areas_for(model, model.width, model.height)
}

/// The panes for a terminal of `width` × `height`, or `None` when it is too
/// small for them.
pub fn areas_for(model: &Model, width: u16, height: u16) -> Option<Areas> {
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return None;
    }
    let whole = Rect::new(0, 0, width, height);
    let timeline_height = (height / 4).clamp(7, 10);
    let [main, timeline, status] = Layout::vertical([
        Constraint::Min(8),
        Constraint::Length(timeline_height),
        Constraint::Length(1),
    ])
    .areas(whole);
    // A narrow terminal gives the list more of its width, so that a
    // transfer's target fits beside its amount, and leaves the accounts
    // the 32 columns a name, a balance and its change take.
    let list = if width < 100 {
        Constraint::Length(width.saturating_sub(32))
    } else {
        Constraint::Percentage(56)
    };
    let [events, right] = Layout::horizontal([list, Constraint::Min(0)]).areas(main);
    // The accounts table takes what it needs, up to half the column.
    let wanted = model.index().account_count().max(1) as u16 + 3;
    let state_height = wanted.clamp(5, (right.height / 2).max(5));
    let [state, detail] =
        Layout::vertical([Constraint::Length(state_height), Constraint::Min(3)]).areas(right);
    Some(Areas {
        events,
        state,
        detail,
        timeline,
        status,
    })
}

/// The help overlay's box: as tall as the help, at most the screen's
/// height less two rows.
pub fn help_height(model: &Model) -> u16 {
    let wanted = super::keymap::help_len()
        .saturating_add(2)
        .min(usize::from(u16::MAX)) as u16;
    wanted.min(model.height.saturating_sub(2))
}

/// How far the help can scroll.
pub fn help_scroll_max(model: &Model) -> usize {
    let inner = usize::from(help_height(model).saturating_sub(2));
    super::keymap::help_len().saturating_sub(inner)
}

/// The compare overlay's box height for `rows` accounts.
pub fn compare_height(model: &Model, rows: usize) -> u16 {
    (rows.min(usize::from(u16::MAX)) as u16)
        .saturating_add(6)
        .clamp(8, model.height.saturating_sub(2).max(8))
}

/// How far the compare overlay can scroll (a summary, a blank line and a
/// header sit above the rows).
pub fn compare_scroll_max(model: &Model, rows: usize) -> usize {
    let inner = usize::from(compare_height(model, rows).saturating_sub(5));
    rows.saturating_sub(inner)
}

/// The screen row of the timeline's scrub bar.
pub fn scrub_row(timeline: Rect) -> u16 {
    timeline.y + 2
}

/// Where the scrub bar starts and how wide it is.
pub fn scrub_span(timeline: Rect) -> (u16, u16) {
    (timeline.x + 2, timeline.width.saturating_sub(4))
}

/// The event a column of the scrub bar stands for.
pub fn position_at(column: u16, width: u16, total: u32) -> u32 {
    if width <= 1 {
        return total;
    }
    let n =
        (u64::from(column) * u64::from(total) + u64::from(width - 1) / 2) / u64::from(width - 1);
    n.min(u64::from(total)) as u32
}

/// The column of the scrub bar that stands for event `n`.
pub fn column_of(n: u32, width: u16, total: u32) -> u16 {
    if total == 0 || width <= 1 {
        return 0;
    }
    ((u64::from(n) * u64::from(width - 1) + u64::from(total) / 2) / u64::from(total)) as u16
}
