//! The `|` overlay: what the command the event was piped to printed.

use super::style::{footer, overlay_block, popup, theme};
use crate::tui::keymap::Context;
use crate::tui::message::Message;
use crate::tui::model::Output;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

pub fn render(output: &Output, frame: &mut Frame, area: Rect) {
    let rect = popup(frame, area, 100, area.height.saturating_sub(4).max(6));
    let block = overlay_block(format!(" | {} · {} ", output.command, output.ended))
        .title_bottom(footer(Context::List, &[(Message::Cancel, "close")]).right_aligned());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let height = usize::from(inner.height);
    let mut lines: Vec<Line> = output
        .text
        .lines()
        .skip(output.scroll)
        .take(height)
        .map(|l| Line::from(printable(l)))
        .collect();
    if output.text.is_empty() {
        lines.push(Line::from(Span::styled("(no output)", theme().dim())));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// A line of output made safe to draw: tabs as spaces, other control
/// characters (an escape sequence) as `␛`-like escapes, so the command
/// cannot drive the terminal.
fn printable(line: &str) -> String {
    line.chars()
        .map(|c| match c {
            '\t' => "    ".to_owned(),
            c if c.is_control() => c.escape_default().to_string(),
            c => c.to_string(),
        })
        .collect()
}
