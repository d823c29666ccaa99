//! The index: everything needed to show any moment of the log without
//! replaying it, built by one fold over the log.
//!
//! Per event it keeps where the record is and one byte of flags; per block
//! of events the earliest time and the line number; per account a timeline
//! of the events that changed it and its balance after each. The state of an
//! account after event N is one binary search in its timeline, and the
//! accounts that exist after N are a prefix of the accounts (they are
//! numbered in order of first appearance). Seeking costs O(log) per shown
//! account, whatever N is, and reads nothing from the log.

use super::offsets::{Offsets, BLOCK};
use super::timeline::Timeline;
use crate::domain::diagnostic::Diagnostic;
use crate::domain::event::When;
use crate::domain::ledger::{AccountIx, Ledger};
use crate::domain::Status;
use crate::log::csv::Header;
use crate::log::envelope::Envelope;
use crate::log::records::Format;
use crate::log::Source;
use crate::schema::Schema;
use rust_decimal::Decimal;
use std::sync::Arc;

mod append;

/// Per-event flag bits.
pub mod flags {
    pub const APPLIED: u8 = 1;
    pub const WARNING: u8 = 2;
    pub const ERROR: u8 = 4;
    /// Taken out of history (a what-if replay): not folded at all.
    pub const SKIPPED: u8 = 8;
}

/// The time of an event without one (and of a block without any).
const UNTIMED: i64 = i64::MAX;

/// One account as it was after some event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountView<'a> {
    pub ix: AccountIx,
    pub name: &'a str,
    /// The total: available plus held.
    pub balance: Decimal,
    /// Funds held by `hold` events (0 unless the schema has them).
    pub held: Decimal,
    pub status: Status,
    pub owner: Option<&'a str>,
    pub currency: Option<&'a str>,
    /// Applied events that touched the account up to then.
    pub events: u32,
}

impl AccountView<'_> {
    /// Its held funds as they are shown: none held is written at the
    /// total's scale (`0.0` beside `4.0`, not `0`).
    pub fn held_shown(&self) -> Decimal {
        let mut held = self.held;
        if held.is_zero() {
            held.rescale(self.balance.scale());
        }
        held
    }

    /// What the account can spend: its total less its held funds (the
    /// total if that would overflow).
    pub fn available(&self) -> Decimal {
        self.balance.checked_sub(self.held).unwrap_or(self.balance)
    }
}

/// The index of one log (complete, or as far as it has been built).
#[derive(Debug, Clone)]
pub struct Index {
    format: Format,
    /// The vocabulary the log was read with.
    schema: Arc<Schema>,
    /// The fold's state after the last indexed event (names, final state).
    ledger: Ledger,
    offsets: Offsets,
    flags: Vec<u8>,
    /// The earliest time among the events of each block (UNTIMED if none).
    block_time: Vec<i64>,
    /// The line of the first event of each block.
    block_line: Vec<u64>,
    timelines: Vec<Timeline>,
    /// Whether timelines are kept. Without them (a headless command that
    /// wants only the end) only the state after the last event is known.
    history: bool,
    diagnostics: Vec<Diagnostic>,
    /// (event number, index of its first diagnostic), for events that have any.
    event_diags: Vec<(u32, u32)>,
    /// (event number, the event it refers to), for the `hold`, `release`
    /// and `reverse` events whose earlier event was found.
    referred: Vec<(u32, u32)>,
    /// A CSV log's header (its rows are read back through it).
    csv_header: Option<Arc<Header>>,
}

impl Index {
    pub fn format(&self) -> Format {
        self.format
    }

    /// The vocabulary the log is read with.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The vocabulary, shared.
    pub fn schema_arc(&self) -> &Arc<Schema> {
        &self.schema
    }

    /// T: the number of events (records that are JSON objects).
    pub fn len(&self) -> u32 {
        self.flags.len() as u32
    }

    pub fn is_empty(&self) -> bool {
        self.flags.is_empty()
    }

    /// Byte offset in the log of event `n` (1-based).
    pub fn offset(&self, n: u32) -> Option<u64> {
        self.offsets.get(n.checked_sub(1)? as usize)
    }

    /// The physical line event `n` starts on: the line of its block's first
    /// event plus the newlines between the two (read from the log).
    pub fn line_of(&self, source: &Source, n: u32) -> Option<u64> {
        let i = n.checked_sub(1)? as usize;
        let block = i / BLOCK;
        let first = self.offsets.get(block * BLOCK)?;
        let here = self.offsets.get(i)?;
        let mut buf = vec![0; (here - first) as usize];
        let got = source.read_at(first, &mut buf).ok()?;
        Some(self.block_line[block] + memchr::memchr_iter(b'\n', &buf[..got]).count() as u64)
    }

    /// The bytes of event `n`, read back from the log (a CSV row as the
    /// JSON object it stands for).
    pub fn record_bytes(&self, source: &Source, n: u32) -> Option<Vec<u8>> {
        let bytes = source.record_at(self.offset(n)?, self.format).ok()?;
        match &self.csv_header {
            None => Some(bytes),
            Some(header) => {
                let mut json = Vec::with_capacity(bytes.len() * 2);
                let mut reader = crate::log::csv::RowReader::default();
                header.to_json(&mut reader, &bytes, &mut json).ok()?;
                Some(json)
            }
        }
    }

    /// A CSV log's header, that its rows are read with.
    pub(super) fn set_csv_header(&mut self, header: Arc<Header>) {
        self.csv_header = Some(header);
    }

    /// Event `k`'s id, read back from the log.
    pub(super) fn id_of(&self, source: &Source, k: u32) -> Option<String> {
        let bytes = self.record_bytes(source, k)?;
        let env = Envelope::decode_with(&bytes, &self.schema).ok()?;
        env.id()
            .and_then(crate::log::envelope::text_of)
            .map(|c| c.into_owned())
    }

    /// Flag bits of event `n` (see [`flags`]); 0 when out of range.
    pub fn flags(&self, n: u32) -> u8 {
        n.checked_sub(1)
            .and_then(|i| self.flags.get(i as usize))
            .copied()
            .unwrap_or(0)
    }

    /// Every diagnostic, in log order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The diagnostics of event `n`.
    pub fn diagnostics_of(&self, n: u32) -> &[Diagnostic] {
        match self.event_diags.binary_search_by_key(&n, |&(e, _)| e) {
            Ok(i) => {
                let start = self.event_diags[i].1 as usize;
                let end = self.diagnostics[start..]
                    .iter()
                    .position(|d| d.event != Some(n))
                    .map_or(self.diagnostics.len(), |p| start + p);
                &self.diagnostics[start..end]
            }
            Err(_) => &[],
        }
    }

    /// Event numbers that have diagnostics, ascending.
    pub fn events_with_diagnostics(&self) -> impl DoubleEndedIterator<Item = u32> + '_ {
        self.event_diags.iter().map(|&(n, _)| n)
    }

    /// All accounts ever seen, in order of first appearance.
    pub fn account_count(&self) -> usize {
        self.ledger.account_count()
    }

    pub fn account_name(&self, ix: AccountIx) -> &str {
        self.ledger.name(ix)
    }

    pub fn lookup(&self, name: &str) -> Option<AccountIx> {
        self.ledger.lookup(name)
    }

    /// How many accounts exist after event `n`.
    pub fn accounts_at(&self, n: u32) -> usize {
        if n >= self.len() {
            return self.ledger.account_count();
        }
        self.timelines
            .partition_point(|t| t.events().first().is_some_and(|&first| first <= n))
    }

    /// Whether accounts have held funds (the schema has `hold`).
    pub fn has_holds(&self) -> bool {
        self.ledger.has_holds()
    }

    /// The earlier event that event `n` (a `hold`, `release` or `reverse`)
    /// refers to, when it was found.
    pub fn referred_by(&self, n: u32) -> Option<u32> {
        let i = self.referred.binary_search_by_key(&n, |&(e, _)| e).ok()?;
        Some(self.referred[i].1)
    }

    /// The event numbers that changed account `ix`, ascending.
    pub fn account_events(&self, ix: AccountIx) -> &[u32] {
        self.timelines.get(ix as usize).map_or(&[], |t| t.events())
    }

    /// Account `ix`'s balance after each event that changed it, in order.
    pub fn balance_history(&self, ix: AccountIx) -> impl Iterator<Item = (u32, Decimal)> + '_ {
        let timeline = self.timelines.get(ix as usize);
        let events = timeline.map_or(&[][..], |t| t.events());
        events
            .iter()
            .enumerate()
            .filter_map(move |(k, &n)| Some((n, timeline?.balance(k))))
    }

    /// Account `ix` as it was after event `n`, or `None` if it did not exist yet.
    pub fn account_at(&self, ix: AccountIx, n: u32) -> Option<AccountView<'_>> {
        if n >= self.len() {
            // After the last event: the fold's own state says it.
            return self.final_account(ix);
        }
        let timeline = self.timelines.get(ix as usize)?;
        let k = timeline.count_at(n);
        if k == 0 {
            return None;
        }
        let profile = timeline.profile_at(n)?;
        Some(AccountView {
            ix,
            name: self.ledger.name(ix),
            balance: timeline.balance(k - 1),
            held: timeline.held(k - 1),
            status: profile.status,
            owner: profile.owner.as_deref(),
            currency: profile.currency.as_deref(),
            events: k as u32,
        })
    }

    /// Account `ix` after the last event indexed.
    fn final_account(&self, ix: AccountIx) -> Option<AccountView<'_>> {
        if ix as usize >= self.ledger.account_count() {
            return None;
        }
        let account = self.ledger.account(ix);
        Some(AccountView {
            ix,
            name: self.ledger.name(ix),
            balance: account.balance,
            held: account.held,
            status: account.status,
            owner: account.owner.as_deref(),
            currency: account.currency.as_deref(),
            events: account.events,
        })
    }

    /// Every account that exists after event `n`, in order of first appearance.
    pub fn state_at(&self, n: u32) -> Vec<AccountView<'_>> {
        (0..self.accounts_at(n) as AccountIx)
            .filter_map(|ix| self.account_at(ix, n))
            .collect()
    }

    /// The largest N whose event has a time ≤ `ns` (0 if none). Finds the
    /// last block with such an event from its earliest time, then reads that
    /// block's events back (at most 64) to find the exact one.
    pub fn position_as_of(&self, source: &Source, ns: i64) -> u32 {
        let Some(block) = self.block_time.iter().rposition(|&t| t <= ns) else {
            return 0;
        };
        let first = block * BLOCK + 1;
        let last = ((block + 1) * BLOCK).min(self.offsets.len());
        (first..=last)
            .rev()
            .map(|n| n as u32)
            .find(|&n| self.time_of(source, n).is_some_and(|t| t <= ns))
            .unwrap_or(0)
    }

    /// Event `n`'s time, read back from the log.
    pub fn time_of(&self, source: &Source, n: u32) -> Option<i64> {
        let bytes = self.record_bytes(source, n)?;
        let env = Envelope::decode_with(&bytes, &self.schema).ok()?;
        match crate::log::event_of(&env).meta.when {
            When::At(ns) => Some(ns),
            _ => None,
        }
    }

    /// Bytes of heap the index holds, counted from its parts' capacities.
    pub fn heap_bytes(&self) -> usize {
        let diags: usize = self
            .diagnostics
            .iter()
            .map(|d| {
                std::mem::size_of::<Diagnostic>()
                    + d.message.capacity()
                    + d.account.as_ref().map_or(0, String::capacity)
            })
            .sum();
        self.offsets.heap_bytes()
            + self.flags.capacity()
            + self.block_time.capacity() * 8
            + self.block_line.capacity() * 8
            + self.timelines.capacity() * std::mem::size_of::<Timeline>()
            + self
                .timelines
                .iter()
                .map(Timeline::heap_bytes)
                .sum::<usize>()
            + diags
            + self.event_diags.capacity() * 8
            + self.referred.capacity() * 8
    }
}

/// An event's time for showing: as written in the log when the schema's
/// format is text (RFC 3339, naive UTC), else as RFC 3339 UTC; `None` when
/// it has no valid time.
pub fn time_text(env: &Envelope<'_>, when: &When) -> Option<String> {
    let When::At(ns) = when else {
        return None;
    };
    if env.schema().time_format().is_textual() {
        env.timestamp()
            .and_then(crate::log::envelope::string_of)
            .map(|t| t.trim().to_owned())
    } else {
        Some(crate::domain::time::format_time(*ns))
    }
}

/// The timestamp of event `n` as written in the log, if it has a valid one
/// (see [`time_text`]).
pub fn event_time_text(source: &Source, index: &Index, n: u32) -> Option<String> {
    let bytes = index.record_bytes(source, n)?;
    let env = Envelope::decode_with(&bytes, index.schema()).ok()?;
    let event = crate::log::event_of(&env);
    time_text(&env, &event.meta.when)
}
