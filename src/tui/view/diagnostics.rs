//! The `D` overlay: every diagnostic in log order, unreadable lines (which
//! have no event number) included; Enter goes to the selected one's event.

use super::style::{footer, list_offset, overlay_block, popup, theme, BOLD};
use crate::domain::Severity;
use crate::tui::format::fit;
use crate::tui::keymap::Context;
use crate::tui::message::Message;
use crate::tui::model::{ListState, Model};
use crate::tui::query;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn render(model: &Model, list: ListState, frame: &mut Frame, area: Rect) {
    let listed = query::listed_diagnostics(model);
    let rect = popup(
        frame,
        area,
        area.width.saturating_sub(6).min(130),
        (listed.len() as u16 + 4).clamp(7, area.height.saturating_sub(2)),
    );
    let which = if model.errors_only {
        "errors only"
    } else {
        "errors and warnings"
    };
    let title = format!(" Diagnostics · {} ({which}) ", listed.len());
    let block = overlay_block(title).title_bottom(
        footer(
            Context::List,
            &[(Message::Submit, "go to event"), (Message::Cancel, "close")],
        )
        .right_aligned(),
    );
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let lines_w = listed
        .iter()
        .map(|d| d.line.to_string().len())
        .max()
        .unwrap_or(1)
        .max(4);
    let event_w = model.total().to_string().len().max(5);
    let code_w = listed
        .iter()
        .map(|d| d.code.as_str().len())
        .max()
        .unwrap_or(4);
    let header = format!(
        "   {:>lines_w$} {:>event_w$}  {:<code_w$}  message",
        "line", "event", "code"
    );
    let mut lines = vec![Line::from(Span::styled(
        header,
        theme().dim().add_modifier(ratatui::style::Modifier::BOLD),
    ))];
    if listed.is_empty() {
        lines.push(Line::from(Span::styled(
            "  No diagnostics: the log is clean.",
            theme().dim(),
        )));
    }
    let height = usize::from(inner.height.saturating_sub(1));
    let offset = list_offset(list.selected, height);
    let room = usize::from(inner.width).saturating_sub(lines_w + event_w + code_w + 9);
    for (i, d) in listed.iter().enumerate().skip(offset).take(height) {
        let (mark, color) = match d.severity {
            Severity::Error => ("✖", theme().error),
            Severity::Warning => ("▲", theme().warning),
        };
        let event = d.event.map_or("—".to_owned(), |n| n.to_string());
        let mut line = Line::from(vec![
            super::style::selection(i == list.selected),
            Span::styled(format!("{mark} "), BOLD.fg(color)),
            Span::styled(
                format!("{:>lines_w$} {:>event_w$}  ", d.line, event),
                theme().dim(),
            ),
            Span::styled(format!("{:<code_w$}  ", d.code.as_str()), BOLD.fg(color)),
            Span::raw(fit(&d.message, room)),
        ]);
        if i == list.selected {
            line = line.style(theme().cursor);
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
