//! `update(model, message)`: the only place the model changes. No terminal
//! is involved, so every behaviour is unit-tested with plain values. It is
//! not pure: when the cursor moves it reads the record under the cursor,
//! once per move (see [`Model::look`](super::model::Model::look)), and the
//! event list's rows as they come into sight ([`in_sight`]), so that the
//! views need not read the log; searches and breakpoints read it to find
//! their event.

mod breakpoints;
mod copy;
mod filter;
mod find;
pub(super) mod help;
mod input;
mod mouse;
mod nav;
mod overlays;
pub mod session;
pub mod waiting;
pub mod what_if;

use super::keymap::Context;
use super::message::Message;
use super::model::{Level, Model, Overlay, Pane, Pending, Prompt, PromptKind};
use super::query;

pub use filter::step as filter_step;
pub use find::count_step;
pub use nav::{go_to, in_sight, keep_visible, moved};

/// Applies one message to the model. A jump that moved the cursor is
/// recorded in the jump list (see [`is_jump`]).
pub fn update(model: &mut Model, message: Message) {
    let before = model.cursor;
    dispatch(model, message);
    if is_jump(message) && model.cursor != before {
        model.jumps.record(before);
    }
}

/// The messages that jump rather than step: `:`, `/` and the lists'
/// Enter, `n`/`N`, `e`/`E`, `c`/`C`, a mark, a click, `g`/`G`, `r`.
fn is_jump(message: Message) -> bool {
    matches!(
        message,
        Message::First
            | Message::Last
            | Message::Submit
            | Message::SearchNext
            | Message::SearchPrev
            | Message::NextDiagnostic
            | Message::PrevDiagnostic
            | Message::RunForward
            | Message::RunBackward
            | Message::Letter(_)
            | Message::Click { .. }
            | Message::GoToReferred
    )
}

fn dispatch(model: &mut Model, message: Message) {
    match message {
        Message::Quit => {
            model.quit = true;
            return;
        }
        Message::Resize { width, height } => {
            model.width = width;
            model.height = height;
            nav::moved(model);
            return;
        }
        Message::Redraw => {
            model.redraw = true;
            return;
        }
        _ => {}
    }
    model.notice = None;
    if let Message::Click { .. } | Message::ScrollUp { .. } | Message::ScrollDown { .. } = message {
        model.count = None;
        mouse::handle(model, message);
        return;
    }
    if let Message::Unbound { code, ctrl } = message {
        model.count = None;
        let key = super::keymap::Key { code, ctrl }.label();
        // The keys in force, which the user's settings may have changed.
        let help = super::keymap::key_for(Context::Main, Message::Help);
        let close = super::keymap::key_for(Context::List, Message::Cancel);
        let text = if model.pending.take().is_some() {
            format!("{key} is not a letter: cancelled (m, ' and d wait for a letter)")
        } else if model.overlay.is_some() {
            format!("no key {key} here; {close} closes, {help} for help")
        } else {
            format!("no key {key}; {help} for help")
        };
        model.say(Level::Warning, text);
        return;
    }
    if let Some(pending) = model.pending.take() {
        letter(model, pending, message);
        return;
    }
    if model.overlay.is_some() {
        overlays::handle(model, message);
    } else {
        main(model, message);
    }
}

fn main(model: &mut Model, message: Message) {
    let page = nav::page(model) as i64;
    let count = model.count.take();
    let times = i64::from(count.unwrap_or(1).max(1));
    match message {
        Message::Count(digit) => {
            let n = count
                .unwrap_or(0)
                .saturating_mul(10)
                .saturating_add(u32::from(digit));
            model.count = Some(n);
            // In the keys in force (a settings file may bind others).
            let last = super::keymap::keys_for(Context::Main, Message::Last);
            let down = super::keymap::keys_for(Context::Main, Message::Down);
            let text =
                format!("count {n}: {last} goes to event {n}, {down} moves {n} (Esc cancels)");
            model.say(Level::Info, text);
        }
        Message::Back => nav::step(model, -times),
        Message::Forward => nav::step(model, times),
        Message::Up
        | Message::Down
        | Message::PageUp
        | Message::PageDown
        | Message::HalfPageUp
        | Message::HalfPageDown => {
            let half = (page / 2).max(1);
            let delta = match message {
                Message::Up => -1,
                Message::Down => 1,
                Message::PageUp => -page,
                Message::HalfPageUp => -half,
                Message::HalfPageDown => half,
                _ => page,
            }
            .saturating_mul(times);
            match model.focus {
                Pane::Events => nav::step(model, delta),
                Pane::Accounts => nav::move_account(model, delta),
                Pane::Detail => nav::scroll_detail(model, delta),
            }
        }
        Message::First | Message::Last if count.is_some() => {
            nav::go_to_counted(model, count.unwrap_or(0));
        }
        Message::First => nav::step(model, i64::MIN / 2),
        Message::Last => nav::step(model, i64::MAX / 2),
        Message::JumpBack | Message::JumpForward => nav::retrace(model, message),
        Message::GoToReferred => nav::referred(model),
        Message::OpenGoto => open_prompt(model, PromptKind::Goto),
        Message::OpenSearch => open_prompt(model, PromptKind::Search),
        Message::OpenBreakpointPrompt => open_prompt(model, PromptKind::Breakpoint),
        Message::OpenFilterPrompt => open_prompt(model, PromptKind::Filter),
        Message::CopyEvent => copy::event(model),
        Message::CopyState => copy::state(model),
        Message::OpenPipePrompt if model.cursor == 0 => {
            model.say(Level::Warning, "no event to pipe at N = 0");
        }
        Message::OpenPipePrompt => open_prompt(model, PromptKind::Pipe),
        Message::SearchNext | Message::SearchPrev => match model.search.clone() {
            Some(query) => {
                waiting::search(model, &query, message == Message::SearchNext);
            }
            None => model.say(Level::Warning, "no search yet: press / to search"),
        },
        Message::NextDiagnostic => nav::next_diagnostic(model, true),
        Message::PrevDiagnostic => nav::next_diagnostic(model, false),
        Message::CycleDiagnostics => {
            model.errors_only = !model.errors_only;
            let text = if model.errors_only {
                "diagnostics: errors only (w: show warnings too)"
            } else {
                "diagnostics: errors and warnings (w: errors only)"
            };
            model.say(Level::Info, text);
        }
        Message::OpenDiagnostics => {
            let listed = query::listed_diagnostics(model);
            let selected = listed
                .iter()
                .position(|d| d.event.is_some_and(|e| e >= model.cursor))
                .unwrap_or(0);
            model.overlay = Some(Overlay::Diagnostics(selected.into()));
        }
        Message::OpenAccountPicker => {
            let selected = model.pinned.map_or(0, |ix| ix as usize + 1);
            model.overlay = Some(Overlay::Picker(super::model::Picker {
                filter: String::new(),
                list: selected.into(),
            }));
        }
        Message::ToggleAccountFilter => nav::toggle_filter(model),
        Message::FocusNext | Message::FocusPrev => {
            let at = Pane::ALL
                .iter()
                .position(|&p| p == model.focus)
                .unwrap_or(0);
            let n = Pane::ALL.len();
            let next = if message == Message::FocusNext {
                (at + 1) % n
            } else {
                (at + n - 1) % n
            };
            model.focus = Pane::ALL[next];
        }
        Message::OpenBreakpoints => model.overlay = Some(Overlay::Breakpoints(0.into())),
        Message::ToggleSkip => what_if::toggle(model),
        Message::OpenSkipped => {
            let selected = model
                .skips()
                .map_or(0, |s| s.events().partition_point(|&n| n < model.cursor));
            model.overlay = Some(Overlay::Skipped(selected.into()));
        }
        Message::RunForward => breakpoints::run(model, true),
        Message::RunBackward => breakpoints::run(model, false),
        Message::StartMark => {
            model.pending = Some(Pending::Mark);
            model.say(Level::Info, "mark: press a letter to mark this event");
        }
        Message::StartJump | Message::StartCompare => {
            let (pending, verb) = if message == Message::StartJump {
                (Pending::Jump, "jump to")
            } else {
                (Pending::Compare, "compare with")
            };
            model.pending = Some(pending);
            let marks: Vec<String> = model
                .marks
                .iter()
                .map(|(c, n)| format!("{c}={n}"))
                .collect();
            let marks = if marks.is_empty() {
                "no marks set yet".to_owned()
            } else {
                marks.join(" ")
            };
            let back = if pending == Pending::Jump {
                "; ' goes back to before the last jump"
            } else {
                ""
            };
            model.say(
                Level::Info,
                format!("{verb} mark: press its letter ({marks}){back}"),
            );
        }
        Message::ToggleFollow => toggle_follow(model),
        Message::ToggleTimeZone => {
            model.zone = model.zone.other();
            let zone = model.zone.name();
            model.say(
                Level::Info,
                format!("times in the list: {zone} (Z switches)"),
            );
        }
        Message::Help => model.overlay = Some(Overlay::Help(Default::default())),
        Message::Cancel if count.is_some() => model.say(Level::Info, "count cancelled"),
        Message::Cancel if model.awaiting.is_some() => {
            model.awaiting = None;
            model.say(Level::Info, "stopped waiting for the load");
        }
        _ => {}
    }
}

/// `F`: follow the log, or stop. The run loop does the reading; a log read
/// from a pipe was read to its end and has nothing more to give.
fn toggle_follow(model: &mut Model) {
    if !model.source.is_file() {
        model.say(
            Level::Warning,
            "cannot follow standard input or a pipe: it was read to its end",
        );
        return;
    }
    model.following = !model.following;
    let text = if model.following {
        format!(
            "following {}: new events appear as they are written (F stops)",
            model.title
        )
    } else {
        format!("stopped following {} (F follows again)", model.title)
    };
    model.say(Level::Info, text);
}

fn open_prompt(model: &mut Model, kind: PromptKind) {
    model.overlay = Some(Overlay::Prompt(Prompt {
        kind,
        input: String::new(),
        error: None,
    }));
}

/// The letter after `m`, `'` or `d`.
fn letter(model: &mut Model, pending: Pending, message: Message) {
    let Message::Letter(c) = message else {
        return;
    };
    if pending == Pending::Jump && c == '\'' {
        match model.jumps.last() {
            Some(at) => {
                let note = go_to(model, at);
                let text = format!(
                    "back to event {at}, where the last jump left ('' again returns){note}"
                );
                model.say(Level::Info, text);
            }
            None => model.say(
                Level::Info,
                "no jump yet: '' returns to where the last jump left",
            ),
        }
        return;
    }
    if !c.is_ascii_alphabetic() {
        model.say(
            Level::Warning,
            format!("`{c}` cannot name a mark: marks are letters (a–z, A–Z)"),
        );
        return;
    }
    match pending {
        Pending::Mark => {
            model.marks.insert(c, model.cursor);
            let text = format!("mark '{c}' set at event {}", model.cursor);
            model.say(Level::Info, text);
        }
        Pending::Jump | Pending::Compare => {
            let Some(&at) = model.marks.get(&c) else {
                model.say(Level::Warning, format!("no mark {c}: set one with m{c}"));
                return;
            };
            if pending == Pending::Jump {
                let note = go_to(model, at);
                model.say(Level::Info, format!("at mark '{c}', event {at}{note}"));
            } else {
                model.overlay = Some(Overlay::Compare(super::model::Compare {
                    mark: c,
                    at,
                    scroll: 0,
                }));
            }
        }
    }
}

#[cfg(test)]
mod tests;
