//! The `d` overlay: the state at a mark against the state at the cursor,
//! account by account, the changed ones first in weight.

use super::style::{footer, overlay_block, popup, theme, BOLD};
use crate::tui::format::{cell, columns, money, signed};
use crate::tui::keymap::Context;
use crate::tui::message::Message;
use crate::tui::model::{Compare, Model};
use crate::tui::query;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn render(model: &Model, compare: &Compare, frame: &mut Frame, area: Rect) {
    let rows = query::compare_rows(model, compare.at);
    let changed = rows.iter().filter(|r| r.changed()).count();
    let rect = popup(
        frame,
        area,
        96,
        crate::tui::layout::compare_height(model, rows.len()),
    );
    let title = format!(
        " Compare · mark '{}' (event {}) → cursor (event {}) ",
        compare.mark, compare.at, model.cursor
    );
    let block = overlay_block(title).title_bottom(
        footer(
            Context::List,
            &[
                (Message::Submit, "go to the mark"),
                (Message::Cancel, "close"),
            ],
        )
        .right_aligned(),
    );
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let name_w = rows
        .iter()
        .map(|r| columns(model.index().account_name(r.account)))
        .max()
        .unwrap_or(7)
        .clamp(7, 18);
    let value = |v: Option<rust_decimal::Decimal>| v.map_or("—".to_owned(), money);
    let header = format!(
        "  {:<name_w$}  {:>14}  {:>14}  {:>14}  status",
        "account",
        format!("at '{}'", compare.mark),
        "at cursor",
        "change",
    );
    let summary = format!(
        "  {changed} of {} accounts differ between event {} and event {}",
        rows.len(),
        compare.at,
        model.cursor
    );
    let mut lines = vec![
        Line::from(Span::styled(summary, BOLD)),
        Line::from(""),
        Line::from(Span::styled(
            header,
            theme().dim().add_modifier(Modifier::BOLD),
        )),
    ];
    let height = usize::from(inner.height.saturating_sub(3));
    let scroll = compare
        .scroll
        .min(crate::tui::layout::compare_scroll_max(model, rows.len()));
    for row in rows.iter().skip(scroll).take(height) {
        let name = model.index().account_name(row.account);
        let delta = match (row.before, row.after) {
            (Some(b), Some(a)) if a != b => Some(a - b),
            (None, Some(a)) => Some(a),
            _ => None,
        };
        let (delta_text, delta_style) = match delta {
            Some(d) if d.is_sign_negative() => (signed(d), Style::new().fg(theme().minus)),
            Some(d) => (signed(d), Style::new().fg(theme().plus)),
            None => ("".to_owned(), Style::new()),
        };
        let status = match (row.status_before, row.status_after) {
            (a, b) if a == b => b.unwrap_or("").replace('_', " "),
            (a, b) => format!(
                "{} → {}",
                a.unwrap_or("—").replace('_', " "),
                b.unwrap_or("—").replace('_', " ")
            ),
        };
        let base = if row.changed() {
            Style::new()
        } else {
            theme().dim()
        };
        lines.push(Line::from(vec![
            Span::styled(
                if row.changed() { "≠ " } else { "  " },
                BOLD.fg(theme().warning),
            ),
            Span::styled(
                format!("{}  ", cell(name, name_w, false)),
                base.add_modifier(if row.changed() {
                    Modifier::BOLD
                } else {
                    Modifier::empty()
                }),
            ),
            Span::styled(format!("{:>14}  ", value(row.before)), base),
            Span::styled(format!("{:>14}  ", value(row.after)), base),
            Span::styled(format!("{delta_text:>14}  "), delta_style),
            Span::styled(
                status,
                if row.status_before != row.status_after {
                    BOLD.fg(theme().warning)
                } else {
                    base
                },
            ),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
