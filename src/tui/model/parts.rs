//! The plain parts of the model: which pane has focus, the overlays'
//! states (prompt, lists, picker, compare), the status notice and the account filter.

use crate::domain::ledger::AccountIx;
use crate::domain::{Diagnostic, Severity};

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
    Help(super::help::HelpView),
    Prompt(Prompt),
    Picker(Picker),
    Diagnostics(ListState),
    Breakpoints(ListState),
    /// `X`: the events taken out of history.
    Skipped(ListState),
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
    /// Where " of T", the log's length, goes in `text`: filled in as each
    /// frame is drawn, from the same index as the rest of the screen, so a
    /// count said while the log grows never goes stale.
    pub of_total: Option<usize>,
}

impl Notice {
    /// The text as shown when the log has `total` events.
    pub fn shown(&self, total: u32) -> std::borrow::Cow<'_, str> {
        match self.of_total.filter(|&at| self.text.is_char_boundary(at)) {
            Some(at) => {
                let (before, after) = self.text.split_at(at);
                format!("{before} of {total}{after}").into()
            }
            None => self.text.as_str().into(),
        }
    }
}

/// "Only the focused account's events": the account and its event numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub account: AccountIx,
    pub events: Vec<u32>,
}

/// The log's diagnostics by severity, counted as `rewind check` counts
/// them: every diagnostic, unreadable lines included (not events with
/// diagnostics). Kept up as the log loads, looking only at the new ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiagCount {
    /// How many of the index's diagnostics are counted.
    pub seen: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl DiagCount {
    /// Counts the diagnostics of `all` not counted yet.
    pub fn absorb(&mut self, all: &[Diagnostic]) {
        for d in all.get(self.seen..).unwrap_or_default() {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
            }
        }
        self.seen = all.len().max(self.seen);
    }
}

/// What was asked of a log still loading, answered once the events it
/// needs are in (as `--at` is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Awaiting {
    /// `:N` past the loaded part.
    Goto(u32),
    /// `/text` (or `n`) that found nothing yet; `searched` events of the log are looked at.
    Search { query: String, searched: u32 },
}

/// What-if: events taken out of history, and the index of history without
/// them (numbered as written; see `replay::Skips`).
#[derive(Debug, Clone)]
pub struct WhatIf {
    pub skips: crate::replay::Skips,
    pub index: crate::replay::Index,
}

impl WhatIf {
    /// "what-if: 2 events skipped", for the title and the status line.
    pub fn describe(&self) -> String {
        let n = self.skips.len();
        format!(
            "what-if: {n} event{} skipped",
            if n == 1 { "" } else { "s" }
        )
    }
}
