//! The look shared by every pane and overlay: the palette, pane and
//! overlay frames, key footers, scrollbars and list selection.

use crate::tui::keymap::{self, Context};
use crate::tui::message::Message;
use crate::tui::model::{Model, Pane};
use ratatui::layout::{Constraint, Margin, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Scrollbar, ScrollbarOrientation, ScrollbarState};
use ratatui::Frame;

// The palette. 16 ANSI colours plus a few 256-colour greys for backgrounds.
pub const ERROR: Color = Color::Red;
pub const WARNING: Color = Color::Yellow;
pub const ACCENT: Color = Color::Cyan;
pub const MUTED: Color = Color::DarkGray;
pub const PLUS: Color = Color::Green;
pub const MINUS: Color = Color::LightRed;
pub const MARK: Color = Color::Magenta;
/// Background of the cursor row.
pub const CURSOR_BG: Color = Color::Indexed(238);
/// Background of rows the cursor event touched.
pub const TOUCHED_BG: Color = Color::Indexed(236);
pub const BOLD: Style = Style::new().add_modifier(Modifier::BOLD);
pub const DIM: Style = Style::new().fg(MUTED);

/// A pane's frame: rounded, brighter when the pane has focus.
pub fn pane<'a>(title: impl Into<Line<'a>>, focused: bool) -> Block<'a> {
    let (border, title_style) = if focused {
        (Style::new().fg(ACCENT), BOLD.fg(ACCENT))
    } else {
        (Style::new().fg(MUTED), BOLD)
    };
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(border)
        .title(title.into().style(title_style))
}

pub fn has_focus(model: &Model, pane: Pane) -> bool {
    model.overlay.is_none() && model.focus == pane
}

/// A box in the middle of `area`, cleared, for an overlay.
pub fn popup(frame: &mut Frame, area: Rect, width: u16, height: u16) -> Rect {
    let rect = area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    );
    frame.render_widget(Clear, rect);
    rect
}

/// An overlay's frame.
pub fn overlay_block<'a>(title: impl Into<Line<'a>>) -> Block<'a> {
    Block::bordered()
        .border_type(BorderType::Double)
        .border_style(Style::new().fg(ACCENT))
        .title(title.into().style(BOLD.fg(ACCENT)))
}

/// The first key bound to `message` in `context`, as the help writes it.
pub fn key_for(context: Context, message: Message) -> String {
    keymap::BINDINGS
        .iter()
        .find(|b| b.context == context && b.message == message)
        .map_or_else(String::new, |b| b.keys[0].label())
}

/// A footer of `key word` pairs for an overlay, from the keymap.
pub fn footer(context: Context, items: &[(Message, &str)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (message, word) in items {
        if !spans.is_empty() {
            spans.push(Span::styled("  ", DIM));
        }
        spans.push(Span::styled(key_for(context, *message), BOLD.fg(ACCENT)));
        spans.push(Span::styled(format!(" {word}"), DIM));
    }
    Line::from(spans)
}

/// A pane's scrollbar, drawn over its right border.
pub fn scrollbar() -> Scrollbar<'static> {
    Scrollbar::new(ScrollbarOrientation::VerticalRight)
        .begin_symbol(None)
        .end_symbol(None)
        .track_symbol(Some("│"))
        .track_style(DIM)
        .thumb_symbol("┃")
        .thumb_style(Style::new().fg(ACCENT))
}

/// A scrollbar on the right edge of a pane's `area` when its `count` rows
/// do not fit the `height` shown from `offset`.
pub fn scrollbar_if_needed(
    frame: &mut Frame,
    area: Rect,
    count: usize,
    height: usize,
    offset: usize,
) {
    if count > height {
        let mut state = ScrollbarState::new(count.saturating_sub(height))
            .position(offset)
            .viewport_content_length(height);
        frame.render_stateful_widget(scrollbar(), area.inner(Margin::new(0, 1)), &mut state);
    }
}

/// The selection marker of list overlays.
pub fn selection(selected: bool) -> Span<'static> {
    if selected {
        Span::styled("▶", BOLD.fg(ACCENT))
    } else {
        Span::raw(" ")
    }
}

/// The first row of a scrolled list that keeps `selected` in sight.
pub fn list_offset(selected: usize, height: usize) -> usize {
    (selected + 1).saturating_sub(height.max(1))
}
