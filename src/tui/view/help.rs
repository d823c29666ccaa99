//! The `?` overlay: every binding, generated from the keymap the input
//! handling uses, so it cannot list a key that does something else.

use super::style::{overlay_block, popup, ACCENT, BOLD, DIM, MARK};
use crate::tui::keymap::{self, Section};
use crate::tui::layout;
use crate::tui::model::Model;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Width of the keys column.
const KEYS: usize = 18;

/// Every line of the help, unscrolled.
pub fn lines() -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for section in Section::ALL {
        if !lines.is_empty() {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(Span::styled(
            section.title().to_owned(),
            BOLD.fg(MARK).add_modifier(Modifier::UNDERLINED),
        )));
        for binding in keymap::section(section) {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {:<KEYS$}", keymap::keys_label(binding)),
                    BOLD.fg(ACCENT),
                ),
                Span::raw(binding.help),
            ]));
        }
        if section == Section::Accounts {
            for (what, help) in keymap::MOUSE {
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("  {:<KEYS$}", format!("mouse {what}")),
                        BOLD.fg(ACCENT),
                    ),
                    Span::raw(*help),
                ]));
            }
        }
    }
    lines
}

pub fn render(model: &Model, frame: &mut Frame, area: Rect, scroll: usize) {
    let lines = lines();
    let width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 4;
    let rect = popup(frame, area, width, layout::help_height(model));
    let inner_height = usize::from(rect.height.saturating_sub(2));
    let scroll = scroll.min(lines.len().saturating_sub(inner_height));
    let more = lines.len() > inner_height + scroll;
    let mut block = overlay_block(" Keys · Esc, q or ? closes ");
    if scroll > 0 || more {
        let bottom = format!(
            " ↑↓ scroll · {}–{} of {} ",
            scroll + 1,
            (scroll + inner_height).min(lines.len()),
            lines.len()
        );
        block = block.title_bottom(Line::from(Span::styled(bottom, DIM)).right_aligned());
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll as u16, 0)),
        rect,
    );
}
