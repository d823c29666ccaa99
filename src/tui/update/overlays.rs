//! Messages while an overlay is open: prompts, the account picker, the
//! diagnostics, breakpoint and compare lists, the help.

use super::input::{delta, edit, moved_by, select};
use super::nav;
use crate::domain::time::{format_time, parse_moment};
use crate::tui::layout;
use crate::tui::message::Message;
use crate::tui::model::{Level, Model, Overlay, Prompt, PromptKind};
use crate::tui::query;

pub fn handle(model: &mut Model, message: Message) {
    let Some(overlay) = model.overlay.take() else {
        return;
    };
    if message == Message::Cancel && !matches!(overlay, Overlay::Help(_)) {
        return; // closed
    }
    let kept = match overlay {
        Overlay::Help(view) => super::help::handle(model, view, message),
        Overlay::Prompt(prompt) => self::prompt(model, prompt, message),
        Overlay::Output(output) => super::copy::scroll(output, message),
        Overlay::Skipped(list) => super::what_if::list(model, list, message),
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
            if super::waiting::search(model, &text, true) {
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

/// Every form the `:` prompt takes, for its error messages.
const GOTO_FORMS: &str = "an event number, +k or -k from the cursor, or a time: 2024-03-02, 2024-03-02 09:30, 2024-03-02 09:30:00, 2024-03-02T09:30:00Z";

/// `:` — an event number, `+k` / `-k` from the cursor, or a time as
/// `rewind state --as-of` takes it (seconds may be left out). A number
/// past either end goes to that end and says so, like `50G`.
fn goto(model: &mut Model, text: &str) -> Result<(), String> {
    let total = model.total();
    if text.is_empty() {
        return Err(format!("type {GOTO_FORMS} (events 0 to {total})"));
    }
    let relative = text
        .strip_prefix('+')
        .map(|k| (k, true))
        .or_else(|| text.strip_prefix('-').map(|k| (k, false)));
    let (n, how) = if text.bytes().all(|b| b.is_ascii_digit()) {
        let parsed: Option<u32> = text.parse().ok();
        let n = parsed.unwrap_or(u32::MAX);
        if parsed.is_some() && n > total && super::waiting::goto_later(model, n) {
            return Ok(());
        }
        if n > total {
            return Err(format!(
                "event {text} is out of range: the log has {total} events (use 0 to {total})"
            ));
        }
        (n, String::new())
    } else if let Some((k, forward)) =
        relative.filter(|(k, _)| k.bytes().all(|b| b.is_ascii_digit()) && !k.is_empty())
    {
        // Past either end is refused, as a number past the end is.
        let k: u32 = k.parse().unwrap_or(u32::MAX);
        let cursor = model.cursor;
        let n = if forward {
            cursor.checked_add(k).filter(|&n| n <= total)
        } else {
            cursor.checked_sub(k)
        };
        let Some(n) = n else {
            return Err(format!(
                "{text} from event {cursor} is out of range: the log has {total} events (from here, -{cursor} to +{})",
                total - cursor
            ));
        };
        (n, String::new())
    } else {
        let ns = parse_moment(text)
            .or_else(|_| parse_moment(&text.replacen(' ', "T", 1)))
            .map_err(|_| format!("`{text}` is not {GOTO_FORMS}"))?;
        let n = model.position_as_of(ns);
        (n, format!("as of {}: ", format_time(ns)))
    };
    model.awaiting = None;
    let note = nav::go_to(model, n);
    model.say_of_total(Level::Info, format!("{how}event {n}"), &note);
    Ok(())
}
