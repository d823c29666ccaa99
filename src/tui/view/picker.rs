//! The `a` account picker: a filter and the accounts that match it, with
//! each one's balance at the cursor.

use super::style::{list_offset, overlay_block, popup, theme, BOLD};
use crate::tui::format::{cell, fit, money};
use crate::tui::keymap::Context;
use crate::tui::message::Message;
use crate::tui::model::{Model, Picker};
use crate::tui::query;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn render(model: &Model, picker: &Picker, frame: &mut Frame, area: Rect) {
    let matches = query::picker_matches(model, &picker.filter);
    let rect = popup(
        frame,
        area,
        72,
        (matches.len() as u16 + 6).clamp(8, area.height.saturating_sub(4)),
    );
    let title = format!(
        " Focus an account · {} of {} ",
        matches.len(),
        model.index().account_count()
    );
    let block = overlay_block(title).title_bottom(
        super::style::footer(
            Context::Text,
            &[(Message::Submit, "focus"), (Message::Cancel, "close")],
        )
        .right_aligned(),
    );
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let filter = Line::from(vec![
        Span::styled("filter ", theme().dim()),
        Span::styled(picker.filter.clone(), BOLD),
    ]);
    frame.render_widget(Paragraph::new(filter), Rect { height: 1, ..inner });
    frame.set_cursor_position(Position::new(
        inner.x + 7 + picker.filter.chars().count() as u16,
        inner.y,
    ));
    let height = usize::from(inner.height.saturating_sub(2));
    let offset = list_offset(picker.list.selected, height);
    let width = usize::from(inner.width);
    let name_w = 18;
    let balance_w = 16;
    let mut lines = Vec::new();
    for row in offset..(offset + height).min(matches.len() + 1) {
        let mut line = if row == 0 {
            Line::from(vec![
                super::style::selection(row == picker.list.selected),
                Span::styled("  (follow the cursor event's account)", theme().dim()),
            ])
        } else {
            let ix = matches[row - 1];
            let name = model.index().account_name(ix);
            let now = model.index().account_at(ix, model.cursor);
            let balance = now
                .as_ref()
                .map_or("not yet".to_owned(), |a| money(a.balance));
            let owner = model
                .index()
                .account_at(ix, model.total())
                .and_then(|a| a.owner)
                .unwrap_or("");
            let pinned = model.pinned == Some(ix);
            Line::from(vec![
                super::style::selection(row == picker.list.selected),
                Span::styled(if pinned { "▸ " } else { "  " }, BOLD.fg(theme().accent)),
                Span::styled(format!("{} ", cell(name, name_w, false)), BOLD),
                Span::styled(
                    format!("{:>balance_w$}  ", balance),
                    if now.is_some() {
                        Style::new()
                    } else {
                        theme().dim()
                    },
                ),
                Span::styled(
                    fit(owner, width.saturating_sub(name_w + balance_w + 6)),
                    theme().dim(),
                ),
            ])
        };
        if row == picker.list.selected {
            line = line.style(theme().cursor);
        }
        lines.push(line);
    }
    let list = Rect::new(
        inner.x,
        inner.y + 2,
        inner.width,
        inner.height.saturating_sub(2),
    );
    frame.render_widget(Paragraph::new(lines), list);
}
