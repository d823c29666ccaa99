//! The `:`, `/` and `b` prompts: a small box near the bottom with the input,
//! what can be typed, and why the last Enter was refused.

use super::style::{overlay_block, theme, BOLD};
use crate::tui::breakpoint;
use crate::tui::model::{Model, Prompt, PromptKind};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

pub fn render(model: &Model, prompt: &Prompt, frame: &mut Frame, area: Rect) {
    let total = model.total();
    let (title, sigil, hint) = match prompt.kind {
        PromptKind::Goto => (
            " Go to ",
            ":",
            format!("an event number (0 to {total}), +k / -k from here, or a time: 2024-03-01 or 2024-03-01T10:00:00Z"),
        ),
        PromptKind::Search => (
            " Search ",
            "/",
            "text as shown or written: a type, an account, an amount (− or -), \"seq\": 14, a diagnostic (n / N: next / previous)".to_owned(),
        ),
        PromptKind::Breakpoint => (
            " Add a breakpoint ",
            "b ",
            format!("{} (balance < X uses the focused account)", breakpoint::SYNTAX),
        ),
        PromptKind::Pipe => (
            " Pipe the event to a command ",
            "| ",
            "a shell command; the event's JSON is its input (jq .data) · it may run 3 s".to_owned(),
        ),
        PromptKind::Filter => (
            " Filter ",
            "& ",
            match &model.shown {
                Some(shown) => format!("now: {} · Enter on nothing clears them", shown.describe()),
                None => "keep: a type, an account, a diagnostic code, amount > 1000, or text; !… hides".to_owned(),
            },
        ),
    };
    let width = area.width.saturating_sub(4).min(100);
    let height = 5;
    let rect = Rect::new(
        area.x + (area.width - width) / 2,
        area.bottom().saturating_sub(height + 2),
        width,
        height.min(area.height),
    );
    frame.render_widget(Clear, rect);
    let mut lines = vec![Line::from(vec![
        Span::styled(sigil, BOLD.fg(theme().accent)),
        Span::styled(prompt.input.clone(), BOLD),
    ])];
    match &prompt.error {
        Some(error) => lines.push(Line::from(Span::styled(
            error.clone(),
            Style::new().fg(theme().error),
        ))),
        None => lines.push(Line::from(Span::styled(hint, theme().dim()))),
    }
    let block = overlay_block(title).title_bottom(
        super::style::footer(
            crate::tui::keymap::Context::Text,
            &[
                (crate::tui::message::Message::Submit, "accept"),
                (crate::tui::message::Message::Cancel, "cancel"),
            ],
        )
        .right_aligned(),
    );
    let inner = block.inner(rect);
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        rect,
    );
    let typed = (sigil.chars().count() + prompt.input.chars().count()) as u16;
    frame.set_cursor_position(Position::new(
        (inner.x + typed).min(inner.right().saturating_sub(1)),
        inner.y,
    ));
}
