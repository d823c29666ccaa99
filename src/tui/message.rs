//! What the user means: every key, click and resize becomes one of these
//! before it reaches [`update`](super::update::update).

use ratatui::crossterm::event::KeyCode;

/// What an input means (the Elm architecture's message). The keymap turns
/// keys into these; the mouse and terminal events are translated by the run
/// loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    // Moving through history.
    /// One event back, whatever pane has focus.
    Back,
    /// One event forward, whatever pane has focus.
    Forward,
    /// Up in the focused pane: one event back in the event list, the
    /// previous account in the state pane, a line up in the detail pane.
    Up,
    /// Down in the focused pane (see [`Message::Up`]).
    Down,
    PageUp,
    PageDown,
    /// Before the first event (N = 0).
    First,
    /// The last event.
    Last,

    // Finding things.
    OpenGoto,
    OpenSearch,
    SearchNext,
    SearchPrev,
    NextDiagnostic,
    PrevDiagnostic,
    /// Errors only / all diagnostics.
    CycleDiagnostics,
    OpenDiagnostics,

    // Accounts and panes.
    OpenAccountPicker,
    ToggleAccountFilter,
    FocusNext,
    FocusPrev,

    // Breakpoints and marks.
    OpenBreakpointPrompt,
    OpenBreakpoints,
    RunForward,
    RunBackward,
    /// `m`: the next letter sets a mark.
    StartMark,
    /// `'`: the next letter jumps to a mark.
    StartJump,
    /// `d`: the next letter compares that mark with the cursor.
    StartCompare,

    // The log.
    /// `F`: follow the log as it is written, or stop.
    ToggleFollow,
    /// `Z`: the event list's times in UTC, or in the local zone.
    ToggleTimeZone,

    // Filters and copying out (issue 14).
    /// `&`: keep only the events an expression matches (`!` hides them);
    /// Enter on nothing clears the filters.
    OpenFilterPrompt,
    /// `y`: copy the event under the cursor as JSON.
    CopyEvent,
    /// `Y`: copy the state at the cursor as `rewind state --json` prints it.
    CopyState,
    /// `|`: pipe the event's JSON to a shell command, show its output.
    OpenPipePrompt,

    // Overlays and input.
    Help,
    /// Esc (and `q` in an overlay): close the open overlay or prompt;
    /// with nothing open, cancel a count, or a goto or search waiting for the load. It never quits.
    Cancel,
    Quit,
    /// Enter in a prompt or list.
    Submit,
    /// A typed character in a prompt or filter.
    Input(char),
    /// Backspace in a prompt or filter.
    Erase,
    /// Ctrl-U in a prompt or filter.
    ClearInput,
    /// Remove the selected breakpoint.
    Remove,
    /// Enable or disable the selected breakpoint.
    Toggle,
    /// The letter after `m`, `'` or `d`.
    Letter(char),

    // The terminal.
    Resize {
        width: u16,
        height: u16,
    },
    Click {
        column: u16,
        row: u16,
    },
    ScrollUp {
        column: u16,
        row: u16,
    },
    ScrollDown {
        column: u16,
        row: u16,
    },

    // Issue 14, keys: familiar motions, counts, the jump list.
    /// Ctrl-D: half a page forward.
    HalfPageDown,
    /// Ctrl-U: half a page back.
    HalfPageUp,
    /// A digit of a count for the next move (`50G`, `10j`).
    Count(u8),
    /// Ctrl-O: back to where the last jump left from.
    JumpBack,
    /// Ctrl-N: forward again after Ctrl-O.
    JumpForward,
    /// Ctrl-L: clear the terminal and draw everything again.
    Redraw,

    // Issue 17, what-if.
    /// `x`: take the event under the cursor out of history, or put it back.
    ToggleSkip,
    /// `X`: list the events taken out of history.
    OpenSkipped,
    /// `X` in a list: remove every row (the skipped events).
    RemoveAll,
    /// `r`: the earlier event a hold, release or reverse refers to.
    GoToReferred,
    /// A key that means nothing here (the status line says so).
    Unbound {
        code: KeyCode,
        ctrl: bool,
    },
}
