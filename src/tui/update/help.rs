//! The help overlay: scrolling, and `/` to find the lines about a word
//! (highlighted; `n` and `N` go from one to the next). Esc clears a search
//! before it closes the help.

use super::input::{delta, edit, moved_by};
use crate::tui::layout;
use crate::tui::message::Message;
use crate::tui::model::{HelpView, Model, Overlay};

pub fn handle(model: &Model, mut view: HelpView, message: Message) -> Option<Overlay> {
    let most = layout::help_scroll_max(model);
    if view.typing {
        match message {
            Message::Cancel => {
                view.find.clear();
                view.typing = false;
            }
            Message::Submit => view.typing = false,
            _ => {
                if edit(&mut view.find, message) {
                    let from = view.hit.unwrap_or(view.scroll);
                    view.hit = next_match(&view.find, from, true, true);
                }
            }
        }
    } else {
        match message {
            Message::Cancel if !view.find.is_empty() => {
                view.find.clear();
                view.hit = None;
            }
            Message::Cancel | Message::Help => return None,
            Message::OpenSearch => {
                view.find.clear();
                view.hit = None;
                view.typing = true;
            }
            Message::SearchNext | Message::SearchPrev => {
                let forward = message == Message::SearchNext;
                let from = view.hit.unwrap_or(view.scroll);
                view.hit = next_match(&view.find, from, forward, false);
            }
            _ => view.scroll = moved_by(view.scroll, delta(message), most + 1),
        }
    }
    if let Some(hit) = view.hit.filter(|_| {
        matches!(
            message,
            Message::Input(_) | Message::Erase | Message::SearchNext | Message::SearchPrev
        )
    }) {
        // The match on the second line shown, a line above it for context.
        view.scroll = hit.saturating_sub(1).min(most);
    }
    if view.find.is_empty() {
        view.hit = None;
    }
    Some(Overlay::Help(view))
}

/// The help lines that contain `find`, without regard to case.
pub fn matching_lines(find: &str) -> Vec<usize> {
    if find.is_empty() {
        return Vec::new();
    }
    let needle = find.to_lowercase();
    crate::tui::view::help_lines()
        .iter()
        .enumerate()
        .filter(|(_, line)| line.to_string().to_lowercase().contains(&needle))
        .map(|(i, _)| i)
        .collect()
}

/// The next matching line after `from` (or at it, when `here`), going
/// round the end; `None` when no line matches.
fn next_match(find: &str, from: usize, forward: bool, here: bool) -> Option<usize> {
    let lines = matching_lines(find);
    let found = if forward {
        lines
            .iter()
            .find(|&&i| i > from || (here && i == from))
            .or(lines.first())
    } else {
        lines.iter().rev().find(|&&i| i < from).or(lines.last())
    };
    found.copied()
}
