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
use std::cell::Cell;

/// Every colour the screen uses, by what it means: the one table the
/// views take colours from (`theme()`), so that a light terminal, or one
/// that wants none (`NO_COLOR`), gets a screen that reads well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub error: Color,
    pub warning: Color,
    /// Focus, keys, titles of overlays.
    pub accent: Color,
    /// Secondary text: numbers, times, hints, frames without focus.
    pub muted: Color,
    /// Money in.
    pub plus: Color,
    /// Money out.
    pub minus: Color,
    /// Marks, filters, the schema's name.
    pub mark: Color,
    /// The cursor row, and the selected row of a list.
    pub cursor: Style,
    /// Rows the cursor's event touched (the state pane).
    pub touched: Style,
    /// A search match in the text.
    pub found: Style,
    /// The help line the help's search is on.
    pub found_here: Style,
    /// The detail pane's JSON.
    pub json_string: Color,
    pub json_number: Color,
    pub json_literal: Color,
}

impl Theme {
    /// For a dark background: 16 ANSI colours plus a few 256-colour greys
    /// for backgrounds.
    pub const DARK: Theme = Theme {
        error: Color::Red,
        warning: Color::Yellow,
        accent: Color::Cyan,
        muted: Color::DarkGray,
        plus: Color::Green,
        minus: Color::LightRed,
        mark: Color::Magenta,
        cursor: Style::new().bg(Color::Indexed(238)),
        touched: Style::new().bg(Color::Indexed(236)),
        found: Style::new().bg(Color::Yellow).fg(Color::Black),
        found_here: Style::new().bg(Color::Magenta).add_modifier(Modifier::BOLD),
        json_string: Color::Green,
        json_number: Color::Yellow,
        json_literal: Color::Magenta,
    };

    /// For a light background: no yellow or cyan text (unreadable on
    /// white), darker greens and greys, light backgrounds for the cursor.
    pub const LIGHT: Theme = Theme {
        error: Color::Red,
        warning: Color::Indexed(130),
        accent: Color::Blue,
        muted: Color::Indexed(243),
        plus: Color::Indexed(28),
        minus: Color::Indexed(160),
        mark: Color::Magenta,
        cursor: Style::new().bg(Color::Indexed(252)),
        touched: Style::new().bg(Color::Indexed(255)),
        found: Style::new().bg(Color::Indexed(228)).fg(Color::Black),
        found_here: Style::new()
            .bg(Color::Indexed(219))
            .add_modifier(Modifier::BOLD),
        json_string: Color::Indexed(28),
        json_number: Color::Indexed(130),
        json_literal: Color::Magenta,
    };

    /// No colour at all (`NO_COLOR`, `--color never`): the terminal's own
    /// colours everywhere; the cursor is reversed, matches underlined, and
    /// bold stays, so what colour told is still seen.
    pub const PLAIN: Theme = Theme {
        error: Color::Reset,
        warning: Color::Reset,
        accent: Color::Reset,
        muted: Color::Reset,
        plus: Color::Reset,
        minus: Color::Reset,
        mark: Color::Reset,
        cursor: Style::new().add_modifier(Modifier::REVERSED),
        touched: Style::new(),
        found: Style::new().add_modifier(Modifier::UNDERLINED),
        found_here: Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
        json_string: Color::Reset,
        json_number: Color::Reset,
        json_literal: Color::Reset,
    };

    /// Secondary text.
    pub const fn dim(&self) -> Style {
        Style::new().fg(self.muted)
    }
}

thread_local! {
    /// The theme in force on the thread that draws (see `use_theme`).
    static THEME: Cell<&'static Theme> = const { Cell::new(&Theme::DARK) };
}

/// The theme in force.
pub fn theme() -> &'static Theme {
    THEME.with(Cell::get)
}

/// Puts `theme` in force on this thread, the one that draws, until the
/// guard is dropped (tests draw with several themes side by side).
pub fn use_theme(theme: &'static Theme) -> ThemeGuard {
    ThemeGuard(THEME.with(|t| t.replace(theme)))
}

/// Restores the theme that was in force before `use_theme`.
#[must_use = "the theme is in force only while the guard lives"]
pub struct ThemeGuard(&'static Theme);

impl Drop for ThemeGuard {
    fn drop(&mut self) {
        THEME.with(|t| t.set(self.0));
    }
}

pub const BOLD: Style = Style::new().add_modifier(Modifier::BOLD);

/// A pane's frame: rounded, brighter when the pane has focus.
pub fn pane<'a>(title: impl Into<Line<'a>>, focused: bool) -> Block<'a> {
    let (border, title_style) = if focused {
        (Style::new().fg(theme().accent), BOLD.fg(theme().accent))
    } else {
        (Style::new().fg(theme().muted), BOLD)
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
        .border_style(Style::new().fg(theme().accent))
        .title(title.into().style(BOLD.fg(theme().accent)))
}

/// The first key bound to `message` in `context`, as the help writes it.
pub fn key_for(context: Context, message: Message) -> String {
    keymap::key_for(context, message)
}

/// A footer of `key word` pairs for an overlay, from the keymap.
pub fn footer(context: Context, items: &[(Message, &str)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (message, word) in items {
        if !spans.is_empty() {
            spans.push(Span::styled("  ", theme().dim()));
        }
        spans.push(Span::styled(
            key_for(context, *message),
            BOLD.fg(theme().accent),
        ));
        spans.push(Span::styled(format!(" {word}"), theme().dim()));
    }
    Line::from(spans)
}

/// A pane's scrollbar, drawn over its right border.
pub fn scrollbar() -> Scrollbar<'static> {
    Scrollbar::new(ScrollbarOrientation::VerticalRight)
        .begin_symbol(None)
        .end_symbol(None)
        .track_symbol(Some("│"))
        .track_style(theme().dim())
        .thumb_symbol("┃")
        .thumb_style(Style::new().fg(theme().accent))
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
        Span::styled("▶", BOLD.fg(theme().accent))
    } else {
        Span::raw(" ")
    }
}

/// The first row of a scrolled list that keeps `selected` in sight.
pub fn list_offset(selected: usize, height: usize) -> usize {
    (selected + 1).saturating_sub(height.max(1))
}
