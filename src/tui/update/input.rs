//! What the keys of lists and text fields do, shared by the overlays and
//! the help: moving a selection or a scroll, and typing.

use crate::tui::message::Message;
use crate::tui::model::ListState;

/// Rows a page moves in an overlay list.
const PAGE: i64 = 10;

/// How far a list message moves the selection.
pub fn delta(message: Message) -> i64 {
    match message {
        Message::Up => -1,
        Message::Down => 1,
        Message::PageUp => -PAGE,
        Message::PageDown => PAGE,
        Message::HalfPageUp => -PAGE / 2,
        Message::HalfPageDown => PAGE / 2,
        Message::First => i64::MIN / 2,
        Message::Last => i64::MAX / 2,
        _ => 0,
    }
}

pub fn moved_by(at: usize, delta: i64, len: usize) -> usize {
    (at as i64)
        .saturating_add(delta)
        .clamp(0, len.saturating_sub(1).min(i64::MAX as usize) as i64) as usize
}

pub fn select(list: ListState, delta: i64, len: usize) -> ListState {
    ListState {
        selected: moved_by(list.selected, delta, len),
    }
}

/// Typing into a text field; says whether the text changed.
pub fn edit(text: &mut String, message: Message) -> bool {
    match message {
        Message::Input(c) => text.push(c),
        Message::Erase => return text.pop().is_some(),
        Message::ClearInput => text.clear(),
        _ => return false,
    }
    true
}
