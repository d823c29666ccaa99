//! The `B` overlay: the breakpoints, whether each is on, and where each
//! next holds after the cursor.

use super::style::{footer, list_offset, overlay_block, popup, theme, BOLD};
use crate::tui::keymap::Context;
use crate::tui::message::Message;
use crate::tui::model::{ListState, Model};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn render(model: &Model, list: ListState, frame: &mut Frame, area: Rect) {
    let count = model.breakpoints.len();
    let rect = popup(
        frame,
        area,
        80,
        (count as u16 + 4).clamp(6, area.height.saturating_sub(2)),
    );
    let block = overlay_block(format!(" Breakpoints · {count} ")).title_bottom(
        footer(
            Context::List,
            &[
                (Message::Remove, "remove"),
                (Message::Toggle, "on/off"),
                (Message::Submit, "go to next hit"),
                (Message::Cancel, "close"),
            ],
        )
        .right_aligned(),
    );
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines = Vec::new();
    if count == 0 {
        let b = super::style::key_for(Context::Main, Message::OpenBreakpointPrompt);
        lines.push(Line::from(Span::styled(
            format!("  No breakpoints yet: press {b} on the main screen to add one."),
            theme().dim(),
        )));
    }
    let height = usize::from(inner.height);
    let offset = list_offset(list.selected, height);
    for (i, b) in model
        .breakpoints
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
    {
        let next = b
            .condition
            .next(model.events(), model.cursor, true)
            .map_or("none after the cursor".to_owned(), |n| {
                format!("next at event {n}")
            });
        let (dot, style) = if b.enabled {
            ("●", Style::new().fg(theme().error))
        } else {
            ("○", theme().dim())
        };
        let mut line = Line::from(vec![
            super::style::selection(i == list.selected),
            Span::styled(format!("{:>2} ", b.number), theme().dim()),
            Span::styled(format!("{dot} "), style),
            Span::styled(
                b.condition.describe(model.index()),
                if b.enabled { BOLD } else { theme().dim() },
            ),
            Span::styled(hits(b.hits), Style::new().fg(theme().error)),
            Span::styled(format!("  · {next}"), theme().dim()),
        ]);
        if i == list.selected {
            line = line.style(theme().cursor);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// How often running stopped at a breakpoint, once it has.
fn hits(count: u32) -> String {
    match count {
        0 => String::new(),
        n => format!("  · hit {n}×"),
    }
}
