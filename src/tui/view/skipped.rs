//! The `X` overlay: the events taken out of history (what-if), each with
//! its type and account, struck through as in the event list.

use super::style::{footer, list_offset, overlay_block, popup, theme};
use crate::tui::keymap::Context;
use crate::tui::message::Message;
use crate::tui::model::{ListState, Model};
use crate::tui::record;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn render(model: &Model, list: ListState, frame: &mut Frame, area: Rect) {
    let skipped: &[u32] = model.skips().map_or(&[], |s| s.events());
    let count = skipped.len();
    let rect = popup(
        frame,
        area,
        72,
        (count as u16 + 4).clamp(6, area.height.saturating_sub(2)),
    );
    let block = overlay_block(format!(" Skipped events (what-if) · {count} ")).title_bottom(
        footer(
            Context::List,
            &[
                (Message::Remove, "put back"),
                (Message::RemoveAll, "all back"),
                (Message::Submit, "go to"),
                (Message::Cancel, "close"),
            ],
        )
        .right_aligned(),
    );
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines = Vec::new();
    if count == 0 {
        let x = super::style::key_for(Context::Main, Message::ToggleSkip);
        lines.push(Line::from(Span::styled(
            format!("  No event is skipped: press {x} on an event to take it out of history."),
            theme().dim(),
        )));
    }
    let height = usize::from(inner.height);
    let offset = list_offset(list.selected, height);
    let struck = theme().dim().add_modifier(Modifier::CROSSED_OUT);
    for (i, &n) in skipped.iter().enumerate().skip(offset).take(height) {
        // Read back from the log: a few rows, only while the list is open.
        let about = record::info(model.written(), &model.source, n).map_or_else(
            || "(unreadable)".to_owned(),
            |e| format!("{} {}", e.type_name, e.account),
        );
        let mut line = Line::from(vec![
            super::style::selection(i == list.selected),
            Span::styled("✕ ", theme().dim()),
            Span::styled(format!("event {n:<8}"), struck),
            Span::styled(about, struck),
        ]);
        if i == list.selected {
            line = line.style(theme().cursor);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
