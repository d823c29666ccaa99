//! Appending, for the builder: an index grows one event (or one malformed
//! record) at a time, in log order, and only through these.

use super::{flags, Index, UNTIMED};
use crate::domain::diagnostic::{Diagnostic, Finding};
use crate::domain::event::{Event, When};
use crate::domain::ledger::{AccountIx, Known, Ledger};
use crate::domain::Severity;
use crate::log::records::Format;
use crate::replay::malformation::Malformation;
use crate::replay::memory::prefetch;
use crate::replay::offsets::{Offsets, BLOCK};
use crate::replay::options::History;
use crate::replay::timeline::{Profile, Timeline};
use crate::schema::Schema;
use std::sync::Arc;

impl Index {
    /// An empty index of a log in `format`, read with `schema`.
    pub(in crate::replay) fn new(format: Format, schema: Arc<Schema>, history: History) -> Index {
        let ledger = Ledger::with_policies(*schema.policies())
            .with_limits(*schema.limits())
            .with_rules(schema.has_holds(), schema.implicit_open());
        Index {
            format,
            schema,
            ledger,
            offsets: Offsets::default(),
            flags: Vec::new(),
            block_time: Vec::new(),
            block_line: Vec::new(),
            timelines: Vec::new(),
            history: history == History::Kept,
            diagnostics: Vec::new(),
            event_diags: Vec::new(),
            referred: Vec::new(),
            csv_header: None,
        }
    }

    /// Prepares the columns for about `events` events.
    pub(in crate::replay) fn reserve(&mut self, events: usize) {
        self.offsets.reserve(events);
        self.flags.reserve(events);
    }

    /// Every column trimmed to its length.
    pub(in crate::replay) fn trim(&mut self) {
        self.offsets.shrink_to_fit();
        self.flags.shrink_to_fit();
        self.block_time.shrink_to_fit();
        self.block_line.shrink_to_fit();
        self.diagnostics.shrink_to_fit();
        self.event_diags.shrink_to_fit();
        self.referred.shrink_to_fit();
        self.timelines.iter_mut().for_each(Timeline::shrink_to_fit);
    }

    /// Whether the state after every event is kept (see [`History`]).
    pub(in crate::replay) fn keeps_history(&self) -> bool {
        self.history
    }

    /// Folds `event` (whose record starts at byte `offset`, on `line`) in
    /// as the next event, a duplicate of event `duplicate_of` if that is
    /// given, its accounts looked up already if `known`. Returns its number.
    #[inline]
    pub(in crate::replay) fn append(
        &mut self,
        event: &Event<'_>,
        duplicate_of: Option<u32>,
        known: Known,
        offset: u64,
        line: u64,
    ) -> u32 {
        let outcome = self.ledger.apply_known(event, duplicate_of, known);
        let n = self.ledger.position();
        let time = match event.meta.when {
            When::At(ns) => ns,
            _ => UNTIMED,
        };
        let i = (n - 1) as usize;
        if i % BLOCK == 0 {
            self.block_time.push(UNTIMED);
            self.block_line.push(line);
        }
        if let Some(t) = self.block_time.last_mut() {
            *t = (*t).min(time);
        }
        self.offsets.push(offset);
        let mut flag = if outcome.applied { flags::APPLIED } else { 0 };
        if !outcome.findings.is_empty() {
            self.event_diags.push((n, self.diagnostics.len() as u32));
        }
        for finding in outcome.findings {
            flag |= match finding.severity {
                Severity::Error => flags::ERROR,
                Severity::Warning => flags::WARNING,
            };
            self.diagnostics
                .push(Diagnostic::place(finding, line, Some(n)));
        }
        self.flags.push(flag);
        let holds = self.ledger.has_holds();
        if let (true, Some(earlier)) = (holds, self.ledger.referred()) {
            self.referred.push((n, earlier));
        }
        if !self.history {
            return n;
        }
        for &acc in outcome.touched.as_slice() {
            if self.timelines.len() <= acc as usize {
                self.timelines
                    .resize_with(acc as usize + 1, Timeline::default);
            }
            let state = self.ledger.account(acc);
            let timeline = &mut self.timelines[acc as usize];
            timeline.push(n, state.balance);
            if holds {
                timeline.push_held(state.held);
            }
            if outcome.profile_changed || timeline.events().len() == 1 {
                timeline.push_profile(
                    n,
                    Profile {
                        status: state.status,
                        owner: state.owner.clone(),
                        currency: state.currency.clone(),
                    },
                );
            }
        }
        n
    }

    /// Counts the next event (at `offset`, on `line`) without folding it:
    /// taken out of history for a what-if replay. Returns its number.
    pub(in crate::replay) fn append_skipped(&mut self, offset: u64, line: u64) -> u32 {
        let n = self.ledger.pass();
        if (n - 1) as usize % BLOCK == 0 {
            self.block_time.push(UNTIMED);
            self.block_line.push(line);
        }
        self.offsets.push(offset);
        self.flags.push(flags::SKIPPED);
        n
    }

    /// Notes a record on `line` that is not an event.
    pub(in crate::replay) fn append_malformed(&mut self, line: u64, malformation: Malformation) {
        let finding = Finding::new(malformation.code(), malformation.message(line), None);
        let policies = self.schema.policies();
        let finding = if policies.is_default() {
            Some(finding)
        } else {
            policies.judge(finding).0
        };
        if let Some(finding) = finding {
            self.diagnostics
                .push(Diagnostic::place(finding, line, None));
        }
    }

    /// Starts fetching what folding an event of account `ix` reads first:
    /// its state, and where its timeline is (when kept).
    #[inline]
    pub(in crate::replay) fn prefetch_account(&self, ix: AccountIx) {
        prefetch(self.ledger.account(ix));
        if self.history {
            prefetch(self.timelines.as_ptr().wrapping_add(ix as usize));
        }
    }

    /// Starts fetching the end of account `ix`'s timeline, where folding
    /// its next event appends.
    #[inline]
    pub(in crate::replay) fn prefetch_timeline_tail(&self, ix: AccountIx) {
        if let Some(timeline) = self.timelines.get(ix as usize) {
            timeline.prefetch_tail();
        }
    }
}
