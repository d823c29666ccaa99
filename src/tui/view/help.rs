//! The `?` overlay: every binding, generated from the keymap the input
//! handling uses, so it cannot list a key that does something else.

use super::style::{overlay_block, popup, theme, BOLD};
use crate::tui::keymap::{self, Context, Section};
use crate::tui::layout;
use crate::tui::message::Message;
use crate::tui::model::{HelpView, Model};
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Width of the keys column.
const KEYS: usize = 14;

/// Every line of the help, unscrolled.
pub fn lines() -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for section in Section::ALL {
        if !lines.is_empty() {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(Span::styled(
            section.title().to_owned(),
            BOLD.fg(theme().mark).add_modifier(Modifier::UNDERLINED),
        )));
        for binding in keymap::section(section) {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {:<KEYS$}", keymap::keys_label(binding)),
                    BOLD.fg(theme().accent),
                ),
                Span::raw(binding.help),
            ]));
        }
        if section == Section::Accounts {
            for (what, help) in keymap::MOUSE {
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("  {:<KEYS$}", format!("mouse {what}")),
                        BOLD.fg(theme().accent),
                    ),
                    Span::raw(*help),
                ]));
            }
        }
    }
    lines
}

/// The lines that contain the searched text, highlighted (the current
/// match the most); and how many there are.
fn highlighted(mut lines: Vec<Line<'static>>, view: &HelpView) -> (Vec<Line<'static>>, usize) {
    if view.find.is_empty() {
        return (lines, 0);
    }
    let needle = view.find.to_lowercase();
    let mut found = 0;
    for (i, line) in lines.iter_mut().enumerate() {
        if line.to_string().to_lowercase().contains(&needle) {
            found += 1;
            let style = if view.hit == Some(i) {
                theme().found_here
            } else {
                Style::new().add_modifier(Modifier::REVERSED)
            };
            line.style = style;
        }
    }
    (lines, found)
}

/// ` Keys · ?, Esc or q closes · / finds `, with the keys in force.
fn title() -> String {
    let keys: Vec<String> = keymap::bindings()
        .iter()
        .filter(|b| b.context == Context::Help && b.message == Message::Cancel)
        .flat_map(|b| b.keys.iter().map(|k| k.label()))
        .collect();
    let closes = match keys.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => keymap::key_for(Context::Help, Message::Quit),
    };
    let finds = keymap::key_for(Context::Help, Message::OpenSearch);
    format!(" Keys · {closes} closes · {finds} finds ")
}

pub fn render(model: &Model, frame: &mut Frame, area: Rect, view: &HelpView) {
    let scroll = view.scroll;
    let (lines, found) = highlighted(lines(), view);
    let width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 4;
    let rect = popup(frame, area, width, layout::help_height(model));
    let inner_height = usize::from(rect.height.saturating_sub(2));
    let scroll = scroll.min(lines.len().saturating_sub(inner_height));
    let more = lines.len() > inner_height + scroll;
    let mut block = overlay_block(title());
    if !view.find.is_empty() || view.typing {
        let cursor = if view.typing { "▏" } else { "" };
        let keys = if view.typing {
            "Enter keeps it, Esc clears"
        } else {
            "n N next, Esc clears"
        };
        let bottom = format!(" /{}{cursor} · {found} lines match · {keys} ", view.find);
        block = block.title_bottom(Line::from(Span::styled(bottom, BOLD.fg(theme().accent))));
    }
    if scroll > 0 || more {
        let bottom = format!(
            " ↑↓ scroll · {}–{} of {} ",
            scroll + 1,
            (scroll + inner_height).min(lines.len()),
            lines.len()
        );
        block = block.title_bottom(Line::from(Span::styled(bottom, theme().dim())).right_aligned());
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll as u16, 0)),
        rect,
    );
}
