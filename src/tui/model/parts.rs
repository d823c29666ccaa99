//! The plain parts of the model: which pane has focus, the overlays'
//! states (prompt, lists, picker, compare), the status notice and the account filter.

use crate::domain::ledger::AccountIx;

/// The panes that can have focus (Tab cycles them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Events,
    Accounts,
    Detail,
}

impl Pane {
    pub const ALL: [Pane; 3] = [Pane::Events, Pane::Accounts, Pane::Detail];
}

/// What the text prompt is asking for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Goto,
    Search,
    Breakpoint,
    Filter,
    Pipe,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
    /// Why the last Enter was refused; the prompt stays open.
    pub error: Option<String>,
}

/// A list overlay's selected row (the view scrolls to keep it in sight).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListState {
    pub selected: usize,
}

impl From<usize> for ListState {
    fn from(selected: usize) -> ListState {
        ListState { selected }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub filter: String,
    /// Row 0 is "follow the cursor"; row i + 1 is the i-th match.
    pub list: ListState,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compare {
    pub mark: char,
    pub at: u32,
    pub scroll: usize,
}

/// What is open over the main screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Prompt(Prompt),
    Picker(Picker),
    Diagnostics(ListState),
    Breakpoints(ListState),
    Compare(Compare),
    /// A piped command's output (`|`).
    Output(Output),
}

/// What a command the event was piped to printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub command: String,
    pub ended: String,
    pub text: String,
    pub scroll: usize,
}

/// A key that waits for a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    Mark,
    Jump,
    Compare,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// A one-line notice in the status line, until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: Level,
    pub text: String,
}

/// "Only the focused account's events": the account and its event numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub account: AccountIx,
    pub events: Vec<u32>,
}
