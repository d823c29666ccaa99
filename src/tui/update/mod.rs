//! `update(model, action)`: the only place the model changes. Pure: no
//! terminal, no I/O, so every behaviour is unit-tested with plain values.

mod mouse;
mod nav;
mod overlays;

use super::action::Action;
use super::model::{Level, Model, Overlay, Pane, Pending, Prompt, PromptKind};
use super::{breakpoint, query};

pub use nav::{go_to, keep_visible, moved};

/// Applies one action to the model.
pub fn update(model: &mut Model, action: Action) {
    match action {
        Action::Quit => {
            model.quit = true;
            return;
        }
        Action::Resize { width, height } => {
            model.width = width;
            model.height = height;
            nav::moved(model);
            return;
        }
        _ => {}
    }
    model.message = None;
    if let Action::Click { .. } | Action::ScrollUp { .. } | Action::ScrollDown { .. } = action {
        mouse::handle(model, action);
        return;
    }
    if let Some(pending) = model.pending.take() {
        letter(model, pending, action);
        return;
    }
    if model.overlay.is_some() {
        overlays::handle(model, action);
    } else {
        main(model, action);
    }
}

fn main(model: &mut Model, action: Action) {
    let page = nav::page(model) as i64;
    match action {
        Action::Back => nav::step(model, -1),
        Action::Forward => nav::step(model, 1),
        Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
            let delta = match action {
                Action::Up => -1,
                Action::Down => 1,
                Action::PageUp => -page,
                _ => page,
            };
            match model.focus {
                Pane::Events => nav::step(model, delta),
                Pane::Accounts => nav::move_account(model, delta),
                Pane::Detail => {
                    model.detail_scroll = (model.detail_scroll as i64 + delta).max(0) as usize;
                }
            }
        }
        Action::First => nav::step(model, i64::MIN / 2),
        Action::Last => nav::step(model, i64::MAX / 2),
        Action::OpenGoto => open_prompt(model, PromptKind::Goto),
        Action::OpenSearch => open_prompt(model, PromptKind::Search),
        Action::OpenBreakpointPrompt => open_prompt(model, PromptKind::Breakpoint),
        Action::SearchNext | Action::SearchPrev => match model.search.clone() {
            Some(query) => {
                nav::search(model, &query, action == Action::SearchNext);
            }
            None => model.say(Level::Warning, "no search yet: press / to search"),
        },
        Action::NextDiagnostic => nav::next_diagnostic(model, true),
        Action::PrevDiagnostic => nav::next_diagnostic(model, false),
        Action::CycleDiagnostics => {
            model.errors_only = !model.errors_only;
            let text = if model.errors_only {
                "diagnostics: errors only (w: show warnings too)"
            } else {
                "diagnostics: errors and warnings (w: errors only)"
            };
            model.say(Level::Info, text);
        }
        Action::OpenDiagnostics => {
            let listed = query::listed_diagnostics(model);
            let selected = listed
                .iter()
                .position(|d| d.event.is_some_and(|e| e >= model.cursor))
                .unwrap_or(0);
            model.overlay = Some(Overlay::Diagnostics(selected.into()));
        }
        Action::OpenAccountPicker => {
            let selected = model.pinned.map_or(0, |ix| ix as usize + 1);
            model.overlay = Some(Overlay::Picker(super::model::Picker {
                filter: String::new(),
                list: selected.into(),
            }));
        }
        Action::ToggleAccountFilter => nav::toggle_filter(model),
        Action::FocusNext | Action::FocusPrev => {
            let at = Pane::ALL
                .iter()
                .position(|&p| p == model.focus)
                .unwrap_or(0);
            let n = Pane::ALL.len();
            let next = if action == Action::FocusNext {
                (at + 1) % n
            } else {
                (at + n - 1) % n
            };
            model.focus = Pane::ALL[next];
        }
        Action::OpenBreakpoints => model.overlay = Some(Overlay::Breakpoints(0.into())),
        Action::RunForward => nav::run(model, true),
        Action::RunBackward => nav::run(model, false),
        Action::StartMark => {
            model.pending = Some(Pending::Mark);
            model.say(Level::Info, "mark: press a letter to mark this event");
        }
        Action::StartJump | Action::StartCompare if model.marks.is_empty() => {
            model.say(
                Level::Warning,
                "no marks yet: press m then a letter to set one",
            );
        }
        Action::StartJump | Action::StartCompare => {
            let (pending, verb) = if action == Action::StartJump {
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
            model.say(
                Level::Info,
                format!("{verb} mark: press its letter ({})", marks.join(" ")),
            );
        }
        Action::ToggleFollow => toggle_follow(model),
        Action::Help => model.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Cancel => model.quit = true,
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
fn letter(model: &mut Model, pending: Pending, action: Action) {
    let Action::Letter(c) = action else {
        return;
    };
    if !c.is_ascii_alphanumeric() {
        model.say(
            Level::Warning,
            format!("`{c}` cannot name a mark: use a letter"),
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
                model.say(Level::Warning, format!("no mark '{c}'"));
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

/// Adds a breakpoint from the `b` prompt's text.
fn add_breakpoint(model: &mut Model, text: &str) -> Result<(), String> {
    let condition = breakpoint::parse(text, model.index(), model.focused_account())?;
    let words = condition.describe(model.index());
    model.breakpoints.push(breakpoint::Breakpoint {
        condition,
        enabled: true,
    });
    let n = model.breakpoints.len();
    model.say(
        Level::Info,
        format!("breakpoint {n}: {words} (c runs forward to it, C backward)"),
    );
    Ok(())
}

#[cfg(test)]
mod tests;
