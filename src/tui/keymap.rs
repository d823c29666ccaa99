//! The one keymap: every key binding, in every context, with the words the
//! help overlay and the status line show for it. Input handling looks keys
//! up here and nowhere else, so the help can never drift from the behaviour.
//! The bindings in force are these, or the user's (`bindings()`; the config
//! file's `[keys]`, read by `config.rs`, puts its own in force).

use super::message::Message;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::cell::Cell;

mod key;

use key::{ch, ctrl, key, DOWN, ENTER, ESC, PGDN, PGUP, UP};
pub use key::{Key, CTRL_C};

/// Which set of bindings is active: the main screen or an overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Main,
    Help,
    /// A list overlay: diagnostics, breakpoints, compare.
    List,
    /// A text prompt or the account picker's filter.
    Text,
    /// Waiting for the letter after `m`, `'` or `d`.
    Letter,
}

impl Context {
    pub const ALL: [Context; 5] = [X::Main, X::Help, X::List, X::Text, X::Letter];

    /// Its table's name in the config file (`[keys.main]`).
    pub fn name(self) -> &'static str {
        match self {
            X::Main => "main",
            X::Help => "help",
            X::List => "list",
            X::Text => "prompt",
            X::Letter => "letter",
        }
    }
}

/// Where a binding is listed in the help overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Move,
    Find,
    Accounts,
    Breakpoints,
    General,
    Lists,
    Prompts,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Move,
        Section::Find,
        Section::Accounts,
        Section::Breakpoints,
        Section::General,
        Section::Lists,
        Section::Prompts,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Move => "Move through history",
            Section::Find => "Find",
            Section::Accounts => "Accounts and panes",
            Section::Breakpoints => "Breakpoints and marks",
            Section::General => "General",
            Section::Lists => "In lists (diagnostics, breakpoints, compare, help)",
            Section::Prompts => "In prompts and the account picker",
        }
    }
}

/// One binding: keys, what they mean, and how the help describes it.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub context: Context,
    pub section: Section,
    pub keys: &'static [Key],
    pub message: Message,
    pub help: &'static str,
    /// A short word for the status line, for the bindings shown there.
    pub hint: Option<&'static str>,
}

const fn bind(
    context: Context,
    section: Section,
    keys: &'static [Key],
    message: Message,
    help: &'static str,
) -> Binding {
    Binding {
        context,
        section,
        keys,
        message,
        help,
        hint: None,
    }
}

const fn hinted(b: Binding, hint: &'static str) -> Binding {
    Binding {
        hint: Some(hint),
        ..b
    }
}

use Context as X;
use Section as S;

/// Every binding. Order matters only for the help and the status line.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    // The main screen.
    bind(X::Main, S::Move, &[UP, ch('k')], Message::Up, "one event back (State pane: previous account; Detail: scroll)"),
    bind(X::Main, S::Move, &[DOWN, ch('j')], Message::Down, "one event forward (State pane: next account; Detail: scroll)"),
    bind(X::Main, S::Move, &[key(KeyCode::Left), ch('h')], Message::Back, "one event back"),
    bind(X::Main, S::Move, &[key(KeyCode::Right), ch('l')], Message::Forward, "one event forward"),
    bind(X::Main, S::Move, &[PGUP], Message::PageUp, "a page back"),
    bind(X::Main, S::Move, &[PGDN], Message::PageDown, "a page forward"),
    bind(X::Main, S::Move, &[key(KeyCode::Home), ch('g')], Message::First, "before the first event (N = 0); with a count, that event"),
    bind(X::Main, S::Move, &[key(KeyCode::End), ch('G')], Message::Last, "the last event; with a count, that event"),
    hinted(bind(X::Main, S::Move, &[ch(':')], Message::OpenGoto, "go to an event number, +k, -k or a time (2024-03-02 09:30)"), "go to"),
    hinted(bind(X::Main, S::Find, &[ch('/')], Message::OpenSearch, "search: event type, account, any text in the event"), "search"),
    bind(X::Main, S::Find, &[ch('n')], Message::SearchNext, "next match"),
    bind(X::Main, S::Find, &[ch('N')], Message::SearchPrev, "previous match"),
    hinted(bind(X::Main, S::Find, &[ch('e')], Message::NextDiagnostic, "next event with a diagnostic"), "next diagnostic"),
    bind(X::Main, S::Find, &[ch('E')], Message::PrevDiagnostic, "previous event with a diagnostic"),
    bind(X::Main, S::Find, &[ch('w')], Message::CycleDiagnostics, "show errors only / all diagnostics"),
    bind(X::Main, S::Find, &[ch('D')], Message::OpenDiagnostics, "list every diagnostic, unreadable lines included"),
    bind(X::Main, S::Find, &[ch('&')], Message::OpenFilterPrompt, "filter: a type, account, code, amount > X, text; !… hides"),
    bind(X::Main, S::General, &[ch('y')], Message::CopyEvent, "copy the event as JSON (to the clipboard, OSC 52)"),
    bind(X::Main, S::General, &[ch('Y')], Message::CopyState, "copy the state here as `rewind state --json` prints it"),
    bind(X::Main, S::General, &[ch('|')], Message::OpenPipePrompt, "pipe the event's JSON to a command (jq …), show its output"),
    hinted(bind(X::Main, S::Accounts, &[ch('a')], Message::OpenAccountPicker, "pick the focused account (list with filter)"), "account"),
    bind(X::Main, S::Accounts, &[ch('f')], Message::ToggleAccountFilter, "show only the focused account's events / all"),
    bind(X::Main, S::Accounts, &[key(KeyCode::Tab)], Message::FocusNext, "focus the next pane"),
    bind(X::Main, S::Accounts, &[key(KeyCode::BackTab)], Message::FocusPrev, "focus the previous pane"),
    hinted(bind(X::Main, S::Breakpoints, &[ch('b')], Message::OpenBreakpointPrompt, "add a breakpoint (balance below, account, type, diagnostic)"), "break"),
    bind(X::Main, S::Breakpoints, &[ch('B')], Message::OpenBreakpoints, "list breakpoints (remove, disable)"),
    hinted(bind(X::Main, S::Breakpoints, &[ch('c')], Message::RunForward, "run forward to the next breakpoint"), "run"),
    bind(X::Main, S::Breakpoints, &[ch('C')], Message::RunBackward, "run backward to the previous breakpoint"),
    bind(X::Main, S::Breakpoints, &[ch('m')], Message::StartMark, "m then a letter: set a mark at the cursor"),
    bind(X::Main, S::Breakpoints, &[ch('\'')], Message::StartJump, "' then a letter: go to that mark; '' undoes the last jump"),
    bind(X::Main, S::Breakpoints, &[ch('d')], Message::StartCompare, "d then a letter: compare that mark's state with the cursor's"),
    bind(X::Main, S::General, &[ch('F')], Message::ToggleFollow, "follow the log as it is written / stop following"),
    bind(X::Main, S::General, &[ch('Z')], Message::ToggleTimeZone, "event list times in UTC / in the local zone"),
    hinted(bind(X::Main, S::General, &[ch('?')], Message::Help, "this help"), "help"),
    hinted(bind(X::Main, S::General, &[ch('q')], Message::Quit, "quit (q and Esc close an open overlay first)"), "quit"),
    bind(X::Main, S::General, &[CTRL_C], Message::Quit, "quit, from anywhere"),
    // The help overlay (not listed: the same keys as in lists).
    bind(X::Help, S::Lists, &[UP, ch('k')], Message::Up, "scroll up"),
    bind(X::Help, S::Lists, &[DOWN, ch('j')], Message::Down, "scroll down"),
    bind(X::Help, S::Lists, &[PGUP], Message::PageUp, "a page up"),
    bind(X::Help, S::Lists, &[PGDN], Message::PageDown, "a page down"),
    bind(X::Help, S::Lists, &[ch('?'), ESC, ch('q')], Message::Cancel, "close the help (Esc clears a search first)"),
    bind(X::Help, S::Lists, &[CTRL_C], Message::Quit, "quit"),
    // List overlays.
    bind(X::List, S::Lists, &[UP, ch('k')], Message::Up, "previous row"),
    bind(X::List, S::Lists, &[DOWN, ch('j')], Message::Down, "next row"),
    bind(X::List, S::Lists, &[PGUP], Message::PageUp, "a page up"),
    bind(X::List, S::Lists, &[PGDN], Message::PageDown, "a page down"),
    bind(X::List, S::Lists, &[ENTER], Message::Submit, "go to the selected event"),
    bind(X::List, S::Lists, &[ch('x'), key(KeyCode::Delete)], Message::Remove, "remove the selected breakpoint"),
    bind(X::List, S::Lists, &[ch(' ')], Message::Toggle, "disable / enable the selected breakpoint"),
    bind(X::List, S::Lists, &[ESC, ch('q')], Message::Cancel, "close"),
    bind(X::List, S::Lists, &[CTRL_C], Message::Quit, "quit"),
    // Prompts and the account picker.
    bind(X::Text, S::Prompts, &[ENTER], Message::Submit, "accept"),
    bind(X::Text, S::Prompts, &[ESC], Message::Cancel, "cancel"),
    bind(X::Text, S::Prompts, &[key(KeyCode::Backspace)], Message::Erase, "erase a character"),
    bind(X::Text, S::Prompts, &[ctrl('u')], Message::ClearInput, "erase everything typed"),
    bind(X::Text, S::Prompts, &[UP], Message::Up, "previous account (picker)"),
    bind(X::Text, S::Prompts, &[DOWN], Message::Down, "next account (picker)"),
    bind(X::Text, S::Prompts, &[CTRL_C], Message::Quit, "quit"),
    // After m, ' or d.
    bind(X::Letter, S::Prompts, &[ESC], Message::Cancel, "cancel a pending m, ' or d"),
    bind(X::Letter, S::Prompts, &[CTRL_C], Message::Quit, "quit"),
    // Issue 14, keys: Esc never quits, a way back, counts, familiar motions.
    bind(X::Main, S::General, &[ESC], Message::Cancel, "cancel a count or a wait; never quits"),
    bind(X::Main, S::Move, &[ctrl('f'), ch(' ')], Message::PageDown, "a page forward, as PgDn"),
    bind(X::Main, S::Move, &[ctrl('b')], Message::PageUp, "a page back, as PgUp"),
    bind(X::Main, S::Move, &[ctrl('d')], Message::HalfPageDown, "half a page forward"),
    bind(X::Main, S::Move, &[ctrl('u')], Message::HalfPageUp, "half a page back"),
    bind(X::Main, S::Move, DIGITS, Message::Count(0), "a count: 10j moves ten, 50G goes to event 50"),
    bind(X::Main, S::Move, &[ctrl('o')], Message::JumpBack, "back along the jump list (Older)"),
    bind(X::Main, S::Move, &[ctrl('n')], Message::JumpForward, "forward along the jump list (Newer)"),
    bind(X::Main, S::General, &[ctrl('l')], Message::Redraw, "clear and redraw the screen"),
    bind(X::Main, S::Move, &[ch('r')], Message::GoToReferred, "the event a dispute, resolve or chargeback refers to (Ctrl-O back)"),
    bind(X::Help, S::Lists, &[key(KeyCode::Home), ch('g')], Message::First, "the top"),
    bind(X::Help, S::Lists, &[key(KeyCode::End), ch('G')], Message::Last, "the end"),
    bind(X::Help, S::Lists, &[ch('/')], Message::OpenSearch, "in the help: find the lines about a word"),
    bind(X::Help, S::Lists, &[ch('n')], Message::SearchNext, "in the help: the next line found"),
    bind(X::Help, S::Lists, &[ch('N')], Message::SearchPrev, "in the help: the previous line found"),
    bind(X::Help, S::Lists, &[ctrl('l')], Message::Redraw, "redraw"),
    bind(X::List, S::Lists, &[key(KeyCode::Home), ch('g')], Message::First, "the first row (help: the top)"),
    bind(X::List, S::Lists, &[key(KeyCode::End), ch('G')], Message::Last, "the last row (help: the end)"),
    bind(X::List, S::General, &[ctrl('l')], Message::Redraw, "clear and redraw the screen"),
    bind(X::Text, S::General, &[ctrl('l')], Message::Redraw, "clear and redraw the screen"),
    // Issue 17, what-if.
    bind(X::Main, S::Breakpoints, &[ch('x')], Message::ToggleSkip, "what-if: take the event out of history / put it back"),
    bind(X::Main, S::Breakpoints, &[ch('X')], Message::OpenSkipped, "list the skipped events (put one or all back)"),
    bind(X::List, S::Lists, &[ch('X')], Message::RemoveAll, "put every skipped event back (skipped list)"),
];

thread_local! {
    /// The bindings in force on the thread that reads keys and draws.
    static ACTIVE: Cell<&'static [Binding]> = const { Cell::new(BINDINGS) };
}

/// The bindings in force: `BINDINGS`, or a user's in their place.
pub fn bindings() -> &'static [Binding] {
    ACTIVE.with(Cell::get)
}

/// Puts `table` in force on this thread until the guard is dropped.
pub fn use_bindings(table: &'static [Binding]) -> BindingsGuard {
    BindingsGuard(ACTIVE.with(|a| a.replace(table)))
}

/// Restores the bindings that were in force before `use_bindings`.
#[must_use = "the bindings are in force only while the guard lives"]
pub struct BindingsGuard(&'static [Binding]);

impl Drop for BindingsGuard {
    fn drop(&mut self) {
        ACTIVE.with(|a| a.set(self.0));
    }
}

/// An action's name in the config file: its message's, in snake case
/// (`OpenGoto` is `open_goto`); none for the digits of a count.
pub fn action_name(message: Message) -> Option<String> {
    let debug = format!("{message:?}");
    if debug.contains(['(', '{', ' ']) {
        return None;
    }
    let mut name = String::new();
    for c in debug.chars() {
        if c.is_ascii_uppercase() && !name.is_empty() {
            name.push('_');
        }
        name.push(c.to_ascii_lowercase());
    }
    Some(name)
}

/// The digits that make a count (`50G`).
const DIGITS: &[Key] = &[
    ch('0'),
    ch('1'),
    ch('2'),
    ch('3'),
    ch('4'),
    ch('5'),
    ch('6'),
    ch('7'),
    ch('8'),
    ch('9'),
];

/// The mouse, for the help overlay (the run loop translates it).
pub const MOUSE: &[(&str, &str)] = &[
    (
        "click",
        "an event: go there; an account: focus it; the scrub bar: jump",
    ),
    ("wheel", "scroll the pane under the pointer"),
];

/// The message a key press means in a context, if any.
pub fn message_for(context: Context, event: KeyEvent) -> Option<Message> {
    if event.modifiers.contains(KeyModifiers::ALT) {
        return None;
    }
    let ctrl_held = event.modifiers.contains(KeyModifiers::CONTROL);
    let found = bindings().iter().find(|b| {
        b.context == context
            && b.keys
                .iter()
                .any(|k| k.code == event.code && k.ctrl == ctrl_held)
    });
    if let Some(binding) = found {
        return Some(match (binding.message, event.code) {
            (Message::Count(_), KeyCode::Char(c)) => Message::Count(c as u8 - b'0'),
            (message, _) => message,
        });
    }
    match (context, event.code) {
        (Context::Text, KeyCode::Char(c)) if !ctrl_held => Some(Message::Input(c)),
        (Context::Letter, KeyCode::Char(c)) if !ctrl_held => Some(Message::Letter(c)),
        (Context::Text, _) => None,
        (_, code) => Some(Message::Unbound {
            code,
            ctrl: ctrl_held,
        }),
    }
}

/// The bindings of one help section, each (keys, words) once. The help
/// overlay's own are listed where lists do not have the same keys.
pub fn section(section: Section) -> impl Iterator<Item = &'static Binding> {
    let table = bindings();
    table.iter().enumerate().filter_map(move |(i, b)| {
        let repeated = table[..i].iter().any(|a| {
            a.context != Context::Help
                && a.section == b.section
                && a.keys == b.keys
                && a.help == b.help
        });
        let as_in_lists = b.context == Context::Help
            && table
                .iter()
                .any(|a| a.context == Context::List && a.keys == b.keys);
        let unbound = b.keys.is_empty();
        (b.section == section && !as_in_lists && !repeated && !unbound).then_some(b)
    })
}

/// How many lines the help has (see `view::help::lines`).
pub fn help_len() -> usize {
    Section::ALL
        .iter()
        .map(|&s| {
            1 + section(s).count()
                + if s == Section::Accounts {
                    MOUSE.len()
                } else {
                    0
                }
        })
        .sum::<usize>()
        + Section::ALL.len()
        - 1
}

/// The status line's hints: (keys, word).
pub fn hints() -> impl Iterator<Item = (String, &'static str)> {
    bindings()
        .iter()
        .filter_map(|b| Some((b.keys.first()?.label(), b.hint?)))
}

/// The first key bound to `message` in `context`, as the help writes it.
pub fn key_for(context: Context, message: Message) -> String {
    bindings()
        .iter()
        .filter(|b| b.context == context && b.message == message)
        .find_map(|b| b.keys.first())
        .map_or_else(String::new, |k| k.label())
}

/// Every key of `message` in `context` in force, as the help writes them,
/// joined with "or" ("End or G"): for the status line's words.
pub fn keys_for(context: Context, message: Message) -> String {
    let keys: Vec<String> = bindings()
        .iter()
        .filter(|b| b.context == context && b.message == message)
        .flat_map(|b| b.keys.iter().map(|k| k.label()))
        .collect();
    keys.join(" or ")
}

/// All keys of a binding, as the help writes them.
pub fn keys_label(binding: &Binding) -> String {
    if binding.keys == DIGITS {
        return "0–9".to_owned();
    }
    binding
        .keys
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventKind;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new_with_kind(code, modifiers, KeyEventKind::Press)
    }

    #[test]
    fn arrows_and_vim_keys_mean_the_same() {
        let none = KeyModifiers::NONE;
        for (a, b) in [
            (KeyCode::Up, KeyCode::Char('k')),
            (KeyCode::Down, KeyCode::Char('j')),
            (KeyCode::Left, KeyCode::Char('h')),
            (KeyCode::Right, KeyCode::Char('l')),
            (KeyCode::Home, KeyCode::Char('g')),
            (KeyCode::End, KeyCode::Char('G')),
        ] {
            let x = message_for(Context::Main, press(a, none));
            assert!(x.is_some());
            assert_eq!(x, message_for(Context::Main, press(b, none)));
        }
        // Shift is part of the character, not a modifier to match.
        assert_eq!(
            message_for(
                Context::Main,
                press(KeyCode::Char('G'), KeyModifiers::SHIFT)
            ),
            Some(Message::Last)
        );
    }

    #[test]
    fn ctrl_c_quits_everywhere_and_text_goes_to_prompts() {
        for context in [
            Context::Main,
            Context::Help,
            Context::List,
            Context::Text,
            Context::Letter,
        ] {
            assert_eq!(
                message_for(context, press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
                Some(Message::Quit),
                "{context:?}"
            );
        }
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(message_for(Context::Text, q), Some(Message::Input('q')));
        assert_eq!(message_for(Context::Letter, q), Some(Message::Letter('q')));
        assert_eq!(message_for(Context::Main, q), Some(Message::Quit));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                if a.context == b.context {
                    for k in a.keys {
                        assert!(!b.keys.contains(k), "{k:?} bound twice");
                    }
                }
            }
        }
    }
}
