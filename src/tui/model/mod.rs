//! The model: everything the screen shows, as plain data. The log and its
//! index are read-only; the rest is where the user is and what is open, and
//! what the screen needs about the event under the cursor (a [`Snapshot`],
//! read from the log once per move by [`Model::look`]).

use super::breakpoint::{
    amount_events, events_about, extend_events_about, Breakpoint, Condition, Events,
};
use super::keymap::Context;
use super::rows::Rows;
use super::snapshot::{InSight, Snapshot};
use crate::domain::ledger::AccountIx;
use crate::log::Source;
use crate::replay::{flags, Feed, History, Index, IndexBuilder, LoadOptions, Progress};
use std::collections::BTreeMap;
use std::sync::Arc;

mod help;
mod jumps;
mod parts;
pub use help::HelpView;
pub use jumps::Jumps;
pub use parts::*;

#[derive(Debug, Clone)]
pub struct Model {
    /// The log, read by position.
    pub source: Arc<Source>,
    /// The index, growing while the log streams in.
    pub builder: IndexBuilder,
    /// While the log is still being indexed: how far, and how fast.
    pub loading: Option<Loading>,
    /// The log's name for the title.
    pub title: String,
    /// N: the state shown is after events 1..=N.
    pub cursor: u32,
    /// What the screen shows about event N, kept in step with the cursor
    /// by [`Model::look`].
    pub snapshot: Snapshot,
    /// The terminal size, from the last resize.
    pub width: u16,
    pub height: u16,
    pub focus: Pane,
    pub overlay: Option<Overlay>,
    pub pending: Option<Pending>,
    /// First visible row of the event list.
    pub list_offset: usize,
    /// The event list's rows in sight, decoded (see `update::in_sight`).
    pub in_sight: InSight,
    /// First visible row of the accounts table.
    pub state_offset: usize,
    pub detail_scroll: usize,
    /// The account chosen with `a` or in the State pane; `None` follows
    /// the cursor event's account.
    pub pinned: Option<AccountIx>,
    pub filter: Option<Filter>,
    pub errors_only: bool,
    /// Events that have diagnostics, ascending.
    pub diag_events: Vec<u32>,
    /// Diagnostics counted as `check` counts them (unreadable lines
    /// included), for the status line.
    pub diag_count: DiagCount,
    /// The last search.
    pub search: Option<String>,
    /// A goto or search waiting for the load.
    pub awaiting: Option<Awaiting>,
    /// Its matches, counted between frames (see `update::find`).
    pub matches: Option<super::search::Count>,
    /// The `&` filters and the events they show (see `update::filter`).
    pub shown: Option<super::filter::Shown>,
    /// Text to put on the clipboard; the run loop sends it (OSC 52).
    pub clipboard: Option<String>,
    pub breakpoints: Vec<Breakpoint>,
    /// How many breakpoints were ever added: the next one's number less one.
    pub breakpoints_added: u32,
    pub marks: BTreeMap<char, u32>,
    pub notice: Option<Notice>,
    /// `F`: new events are folded in as the log is written.
    pub following: bool,
    /// The zone of the event list's time column.
    pub zone: super::format::Zone,
    /// The log's path names no file any more; what was loaded is shown.
    pub deleted: bool,
    pub quit: bool,
    /// Where jumps left from (Ctrl-O, Ctrl-N, `''`).
    pub jumps: Jumps,
    /// A count typed before a move (`50G`, `10j`).
    pub count: Option<u32>,
    /// Ctrl-L: the run loop clears the terminal before the next frame.
    pub redraw: bool,
    /// Events taken out of history (`x`) and history without them; while
    /// any are, every pane shows that history (see [`Model::index`]).
    pub what_if: Option<WhatIf>,
    /// Events asked to be taken out of history, while history without them
    /// is folded between frames (see `update::what_if::request`).
    pub what_if_wanted: Option<crate::replay::Skips>,
    /// Whether a run loop folds history without skipped events between
    /// frames; without one (tests) it is folded at once.
    pub background: bool,
}

/// What a reload from the start must carry over by account name, since
/// accounts are numbered anew: the pinned account, the filter, breakpoints.
#[derive(Debug, Clone, Default)]
pub struct Stash {
    pinned: Option<String>,
    filter: Option<String>,
    breakpoints: Vec<(Breakpoint, Option<String>)>,
}

/// Progress of a log that is still streaming in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Loading {
    pub progress: Progress,
    /// Events indexed per second so far.
    pub rate: f64,
}

impl Model {
    /// A model of a fully indexed log held in memory (tests, small logs).
    pub fn from_log(log: &[u8], title: String, cursor: u32) -> Model {
        Model::from_log_with(log, crate::schema::Schema::bank(), title, cursor)
    }

    /// The same, the log read with `schema`.
    pub fn from_log_with(
        log: &[u8],
        schema: Arc<crate::schema::Schema>,
        title: String,
        cursor: u32,
    ) -> Model {
        let source = Arc::new(Source::memory(log.to_vec()));
        let options = LoadOptions {
            schema,
            history: History::Kept,
            whole_lines_only: false,
            skips: Default::default(),
        };
        let (mut feed, mut builder) = match Feed::start(Arc::clone(&source), &options) {
            Ok(started) => started,
            Err(_) => unreachable!("reading memory cannot fail"),
        };
        while matches!(feed.step(&mut builder, true), Ok(true)) {}
        Model::new(source, builder, title, cursor)
    }

    /// A model at event `cursor` (clamped to the log), whose record is read
    /// (see [`Model::look`]). Its size is 0 × 0 until the first
    /// [`Message::Resize`](super::message::Message::Resize).
    pub fn new(source: Arc<Source>, builder: IndexBuilder, title: String, cursor: u32) -> Model {
        let mut model = Model {
            cursor: cursor.min(builder.index().len()),
            snapshot: Snapshot::default(),
            source,
            builder,
            loading: None,
            title,
            width: 0,
            height: 0,
            focus: Pane::Events,
            overlay: None,
            pending: None,
            list_offset: 0,
            in_sight: InSight::default(),
            state_offset: 0,
            detail_scroll: 0,
            pinned: None,
            filter: None,
            errors_only: false,
            diag_events: Vec::new(),
            diag_count: DiagCount::default(),
            search: None,
            awaiting: None,
            matches: None,
            shown: None,
            clipboard: None,
            breakpoints: Vec::new(),
            breakpoints_added: 0,
            marks: BTreeMap::new(),
            notice: None,
            following: false,
            zone: super::format::Zone::Utc,
            deleted: false,
            quit: false,
            jumps: Jumps::default(),
            count: None,
            redraw: false,
            what_if: None,
            what_if_wanted: None,
            background: false,
        };
        model.look();
        model.absorb_diagnostics();
        if model.index().is_empty() && !model.index().diagnostics().is_empty() {
            let lines = model.index().diagnostics().len();
            model.notice = Some(Notice {
                level: Level::Error,
                text: format!("no events: {lines} unreadable line(s); press D to see why"),
                of_total: None,
            });
        }
        model
    }

    /// The index the screen shows: history without the skipped events
    /// while any are (`x`), else as written (as far as it is built).
    pub fn index(&self) -> &Index {
        match &self.what_if {
            Some(what_if) => &what_if.index,
            None => self.builder.index(),
        }
    }

    /// The index of the log as written, whatever is skipped.
    pub fn written(&self) -> &Index {
        self.builder.index()
    }

    /// The earlier event that event `n` (a hold, release or reverse) refers
    /// to: in history as shown, or, for an event skipped (what-if), in
    /// history as written, where it was folded.
    pub fn referred_by(&self, n: u32) -> Option<u32> {
        let index = self.index();
        if index.flags(n) & flags::SKIPPED != 0 {
            return self.written().referred_by(n);
        }
        index.referred_by(n)
    }

    /// The events taken out of history, or asked to be (while history
    /// without them is folded).
    pub fn skips(&self) -> Option<&crate::replay::Skips> {
        self.what_if_wanted
            .as_ref()
            .or(self.what_if.as_ref().map(|w| &w.skips))
    }

    /// How many events are taken out of history (0 without what-if).
    pub fn skipped(&self) -> usize {
        self.what_if.as_ref().map_or(0, |w| w.skips.len())
    }

    /// Brings the [`Snapshot`] up to the cursor: reads and decodes the
    /// record under it, unless the snapshot is already of that record. The
    /// only read of the cursor's record, called on every move (by
    /// `update::moved`) and when the model is made.
    pub fn look(&mut self) {
        if !self.snapshot.is_of(self.index(), self.cursor) {
            self.snapshot = Snapshot::of(self.index(), &self.source, self.cursor);
        }
    }

    /// Takes note of diagnostics indexed since the last call.
    pub fn absorb_diagnostics(&mut self) {
        let index = match &self.what_if {
            Some(what_if) => &what_if.index,
            None => self.builder.index(),
        };
        let known = self.diag_events.len();
        self.diag_events
            .extend(index.events_with_diagnostics().skip(known));
        self.diag_count.absorb(index.diagnostics());
    }

    /// More of the log was indexed: keep the lists in step, and keep the
    /// cursor on the last event if it was there (the log "follows"); with
    /// the account filter on, on the last shown event.
    pub fn grew(&mut self, before: u32) {
        self.absorb_diagnostics();
        self.snapshot.resolve(self.builder.index());
        if self.total() == before {
            return;
        }
        let was_last = match &self.filter {
            None => self.cursor == before,
            Some(filter) => filter.events.last().is_none_or(|&last| last == self.cursor),
        };
        let index = self.builder.index();
        if let Some(filter) = &mut self.filter {
            extend_events_about(index, filter.account, &mut filter.events, before);
        }
        for breakpoint in &mut self.breakpoints {
            match &mut breakpoint.condition {
                Condition::Touches { account, events } => {
                    extend_events_about(index, *account, events, before);
                }
                Condition::Amount { op, limit, events } => {
                    events.extend(amount_events(index, *op, *limit, before));
                }
                _ => {}
            }
        }
        if was_last {
            self.cursor = match &self.filter {
                None => self.total(),
                Some(filter) => filter.events.last().copied().unwrap_or(self.cursor),
            };
        }
    }

    /// The log is loaded again from the start into `builder`: what named
    /// events or accounts of the old index is set aside (see [`Stash`]) and
    /// the cursor goes to 0 until the caller puts it back.
    pub fn restart(&mut self, source: Arc<Source>, builder: IndexBuilder) -> Stash {
        let index = self.builder.index();
        let name = |ix: AccountIx| index.account_name(ix).to_owned();
        let stash = Stash {
            pinned: self.pinned.map(name),
            filter: self.filter.as_ref().map(|f| name(f.account)),
            breakpoints: std::mem::take(&mut self.breakpoints)
                .into_iter()
                .map(|b| {
                    let account = match &b.condition {
                        Condition::Balance { account, .. } | Condition::Touches { account, .. } => {
                            Some(name(*account))
                        }
                        _ => None,
                    };
                    (b, account)
                })
                .collect(),
        };
        self.source = source;
        self.builder = builder;
        self.cursor = 0;
        self.snapshot = Snapshot::default();
        self.pinned = None;
        self.filter = None;
        self.diag_events.clear();
        self.diag_count = DiagCount::default();
        self.list_offset = 0;
        self.in_sight = InSight::default();
        self.state_offset = 0;
        self.detail_scroll = 0;
        self.deleted = false;
        if let Some(Awaiting::Search { searched, .. }) = &mut self.awaiting {
            *searched = 0;
        }
        if let Some(shown) = &mut self.shown {
            shown.scanned = 0;
            shown.events.clear();
        }
        if let Some(count) = self.matches.take() {
            self.matches = Some(super::search::Count::new(count.query));
        }
        // Lists of the old index's rows are closed; help and prompts stay.
        if !matches!(
            self.overlay,
            None | Some(Overlay::Help { .. } | Overlay::Prompt(_))
        ) {
            self.overlay = None;
        }
        self.absorb_diagnostics();
        stash
    }

    /// The reload is complete: puts back what was set aside, by account
    /// name; returns how many breakpoints named an account that is gone.
    pub fn unstash(&mut self, stash: Stash) -> usize {
        let total = self.total();
        for n in self.marks.values_mut() {
            *n = (*n).min(total);
        }
        let index = self.builder.index();
        let lookup = |name: &Option<String>| name.as_deref().and_then(|n| index.lookup(n));
        self.pinned = lookup(&stash.pinned);
        if let Some(account) = lookup(&stash.filter) {
            let events = events_about(index, account);
            self.filter = Some(Filter { account, events });
        }
        let mut lost = 0;
        for (mut breakpoint, account) in stash.breakpoints {
            if breakpoint.condition.rebind(index, lookup(&account)) {
                self.breakpoints.push(breakpoint);
            } else {
                lost += 1;
            }
        }
        if let Some(filter) = &self.filter {
            if !filter.events.contains(&self.cursor) {
                let rows = self.rows();
                self.cursor = rows.event(rows.row_of(self.cursor));
            }
        }
        lost
    }

    /// T: the number of events.
    pub fn total(&self) -> u32 {
        self.index().len()
    }

    /// Which bindings apply now.
    pub fn context(&self) -> Context {
        if self.pending.is_some() {
            return Context::Letter;
        }
        match &self.overlay {
            None => Context::Main,
            Some(Overlay::Help(help)) if help.typing => Context::Text,
            Some(Overlay::Help { .. }) => Context::Help,
            Some(Overlay::Prompt(_) | Overlay::Picker(_)) => Context::Text,
            Some(
                Overlay::Diagnostics(_)
                | Overlay::Breakpoints(_)
                | Overlay::Skipped(_)
                | Overlay::Compare(_)
                | Overlay::Output(_),
            ) => Context::List,
        }
    }

    /// The rows of the event list: every event, or the filtered ones.
    pub fn rows(&self) -> Rows<'_> {
        if let Some(shown) = &self.shown {
            return Rows::Only(&shown.events);
        }
        match &self.filter {
            Some(filter) => Rows::Only(&filter.events),
            None => Rows::All(self.total()),
        }
    }

    /// What breakpoint conditions are checked against.
    pub fn events(&self) -> Events<'_> {
        Events {
            index: self.index(),
            source: &self.source,
            diagnosed: &self.diag_events,
        }
    }

    /// The last event at or before a moment (nanoseconds since the epoch).
    pub fn position_as_of(&self, ns: i64) -> u32 {
        self.index().position_as_of(&self.source, ns)
    }

    /// The account the chart and `f` are about: the pinned one, else the
    /// cursor event's account, else the first account.
    pub fn focused_account(&self) -> Option<AccountIx> {
        self.pinned
            .or(self.snapshot.about)
            .or((self.index().account_count() > 0).then_some(0))
    }

    /// Whether a diagnostic flag counts under the current `w` setting.
    pub fn shows_diagnostic(&self, n: u32) -> bool {
        let f = self.index().flags(n);
        if self.errors_only {
            f & flags::ERROR != 0
        } else {
            f & (flags::ERROR | flags::WARNING) != 0
        }
    }

    pub fn say(&mut self, level: Level, text: impl Into<String>) {
        self.notice = Some(Notice {
            level,
            text: text.into(),
            of_total: None,
        });
    }

    /// Says `before` " of T" `after`, T the log's length when shown.
    pub fn say_of_total(&mut self, level: Level, before: String, after: &str) {
        let of_total = Some(before.len());
        self.notice = Some(Notice {
            level,
            text: before + after,
            of_total,
        });
    }
}
