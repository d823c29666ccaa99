//! Messages while an overlay is open: prompts, the account picker, the
//! diagnostics, breakpoint and compare lists, the help.

use super::nav;
use crate::domain::time::{format_time, parse_moment};
use crate::tui::layout;
use crate::tui::message::Message;
use crate::tui::model::{Level, ListState, Model, Overlay, Prompt, PromptKind};
use crate::tui::query;

/// Rows a page moves in an overlay list.
const PAGE: i64 = 10;

pub fn handle(model: &mut Model, message: Message) {
    let Some(overlay) = model.overlay.take() else {
        return;
    };
    if message == Message::Cancel {
        return; // closed
    }
    let kept = match overlay {
        Overlay::Help { scroll } => match message {
            Message::Help => None,
            _ => Some(Overlay::Help {
                scroll: moved_by(scroll, delta(message), layout::help_scroll_max(model) + 1),
            }),
        },
        Overlay::Prompt(prompt) => self::prompt(model, prompt, message),
        Overlay::Output(output) => super::copy::scroll(output, message),
        Overlay::Picker(mut picker) => {
            let matches = query::picker_matches(model, &picker.filter);
            match message {
                Message::Submit => {
                    let chosen = picker
                        .list
                        .selected
                        .checked_sub(1)
                        .and_then(|i| matches.get(i).copied());
                    nav::focus_account(model, chosen);
                    let text = match chosen {
                        Some(ix) => format!("focused on {}", model.index().account_name(ix)),
                        None => "following the cursor's account".to_owned(),
                    };
                    if model.notice.is_none() {
                        model.say(Level::Info, text);
                    }
                    None
                }
                _ => {
                    if edit(&mut picker.filter, message) {
                        picker.list.selected = usize::from(!picker.filter.is_empty());
                    }
                    picker.list = select(picker.list, delta(message), matches.len() + 1);
                    Some(Overlay::Picker(picker))
                }
            }
        }
        Overlay::Diagnostics(list) => {
            let listed: Vec<_> = query::listed_diagnostics(model)
                .iter()
                .map(|d| (d.event, d.line))
                .collect();
            match message {
                Message::Submit => match listed.get(list.selected) {
                    Some(&(Some(n), _)) => {
                        let note = nav::go_to(model, n);
                        if !note.is_empty() {
                            model.say(Level::Info, note.trim());
                        }
                        None
                    }
                    Some(&(None, line)) => {
                        let text = format!("line {line} is not an event: nothing to go to");
                        model.say(Level::Warning, text);
                        Some(Overlay::Diagnostics(list))
                    }
                    None => Some(Overlay::Diagnostics(list)),
                },
                _ => Some(Overlay::Diagnostics(select(
                    list,
                    delta(message),
                    listed.len(),
                ))),
            }
        }
        Overlay::Breakpoints(mut list) => {
            let count = model.breakpoints.len();
            match message {
                Message::Remove if list.selected < count => {
                    let removed = model.breakpoints.remove(list.selected);
                    model.say(
                        Level::Info,
                        format!("breakpoint {} removed", removed.number),
                    );
                    list = select(list, 0, count - 1);
                }
                Message::Toggle if list.selected < count => {
                    let b = &mut model.breakpoints[list.selected];
                    b.enabled = !b.enabled;
                }
                Message::Submit if list.selected < count => {
                    let b = &model.breakpoints[list.selected].condition;
                    let next = b.next(model.events(), model.cursor, true);
                    match next {
                        Some(n) => {
                            let note = nav::go_to(model, n);
                            model.say(Level::Info, format!("at event {n}{note}"));
                            return;
                        }
                        None => model.say(Level::Info, "it holds nowhere after the cursor"),
                    }
                }
                _ => list = select(list, delta(message), count),
            }
            Some(Overlay::Breakpoints(list))
        }
        Overlay::Compare(mut compare) => match message {
            Message::Submit => {
                let (mark, at) = (compare.mark, compare.at);
                let note = nav::go_to(model, at);
                model.say(Level::Info, format!("at mark '{mark}', event {at}{note}"));
                None
            }
            _ => {
                let rows = query::compare_rows(model, compare.at).len();
                let most = layout::compare_scroll_max(model, rows);
                compare.scroll = moved_by(compare.scroll, delta(message), most + 1);
                Some(Overlay::Compare(compare))
            }
        },
    };
    if model.overlay.is_none() {
        model.overlay = kept;
    }
}

/// How far a list message moves the selection.
fn delta(message: Message) -> i64 {
    match message {
        Message::Up => -1,
        Message::Down => 1,
        Message::PageUp => -PAGE,
        Message::PageDown => PAGE,
        _ => 0,
    }
}

fn moved_by(at: usize, delta: i64, len: usize) -> usize {
    (at as i64)
        .saturating_add(delta)
        .clamp(0, len.saturating_sub(1).min(i64::MAX as usize) as i64) as usize
}

fn select(list: ListState, delta: i64, len: usize) -> ListState {
    ListState {
        selected: moved_by(list.selected, delta, len),
    }
}

/// Typing into a text field; says whether the text changed.
fn edit(text: &mut String, message: Message) -> bool {
    match message {
        Message::Input(c) => text.push(c),
        Message::Erase => return text.pop().is_some(),
        Message::ClearInput => text.clear(),
        _ => return false,
    }
    true
}

/// The `:`, `/` and `b` prompts. Enter that fails keeps the prompt open
/// with the reason under it.
fn prompt(model: &mut Model, mut prompt: Prompt, message: Message) -> Option<Overlay> {
    if message != Message::Submit {
        if edit(&mut prompt.input, message) {
            prompt.error = None;
        }
        return Some(Overlay::Prompt(prompt));
    }
    let text = prompt.input.trim().to_owned();
    let result = match prompt.kind {
        PromptKind::Goto => goto(model, &text),
        PromptKind::Search if text.is_empty() => Ok(()),
        PromptKind::Search => {
            model.search = Some(text.clone());
            if super::find::search(model, &text, true) {
                Ok(())
            } else {
                Err(format!("no event matches `{text}`"))
            }
        }
        PromptKind::Breakpoint => super::breakpoints::add(model, &text),
        PromptKind::Filter => super::filter::submit(model, &text),
        PromptKind::Pipe => super::copy::pipe(model, &text),
    };
    match result {
        Ok(()) => None,
        Err(error) => {
            model.notice = None;
            prompt.error = Some(error);
            Some(Overlay::Prompt(prompt))
        }
    }
}

/// `:` — an event number, `+k` / `-k` from the cursor, or a time as
/// `rewind state --as-of` takes it.
fn goto(model: &mut Model, text: &str) -> Result<(), String> {
    let total = model.total();
    if text.is_empty() {
        return Err(format!("type an event number (0 to {total}) or a time"));
    }
    let relative = text
        .strip_prefix('+')
        .map(|k| (k, true))
        .or_else(|| text.strip_prefix('-').map(|k| (k, false)));
    let (n, how) = if text.bytes().all(|b| b.is_ascii_digit()) {
        let n: u32 = text
            .parse()
            .map_err(|_| format!("{text} is not an event number"))?;
        if n > total {
            return Err(format!(
                "event {n} is out of range: the log has {total} events (use 0 to {total})"
            ));
        }
        (n, String::new())
    } else if let Some((k, forward)) =
        relative.filter(|(k, _)| k.bytes().all(|b| b.is_ascii_digit()) && !k.is_empty())
    {
        let k: u32 = k.parse().unwrap_or(u32::MAX);
        let n = if forward {
            model.cursor.saturating_add(k).min(total)
        } else {
            model.cursor.saturating_sub(k)
        };
        (n, String::new())
    } else {
        let ns = parse_moment(text)?;
        let n = model.position_as_of(ns);
        (n, format!("as of {}: ", format_time(ns)))
    };
    let note = nav::go_to(model, n);
    model.say(Level::Info, format!("{how}event {n} of {total}{note}"));
    Ok(())
}
