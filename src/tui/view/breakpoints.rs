//! The `B` overlay: the breakpoints, whether each is on, and where each
//! next holds after the cursor.

use super::style::{footer, list_offset, overlay_block, popup, BOLD, CURSOR_BG, DIM, ERROR};
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
            DIM,
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
            ("●", Style::new().fg(ERROR))
        } else {
            ("○", DIM)
        };
        let mut line = Line::from(vec![
            super::style::selection(i == list.selected),
            Span::styled(format!("{:>2} ", b.number), DIM),
            Span::styled(format!("{dot} "), style),
            Span::styled(
                b.condition.describe(model.index()),
                if b.enabled { BOLD } else { DIM },
            ),
            Span::styled(hits(b.hits), Style::new().fg(ERROR)),
            Span::styled(format!("  · {next}"), DIM),
        ]);
        if i == list.selected {
            line = line.style(Style::new().bg(CURSOR_BG));
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
