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

use super::ids::IdRegistry;
use super::pipeline::{Batch, Item};
use super::timeline::{Profile, Timeline};
use crate::domain::diagnostic::{Code, Diagnostic, Finding};
use crate::domain::event::{Event, When};
use crate::domain::ledger::{AccountIx, Ledger, Outcome};
use crate::domain::{Severity, Status};
use crate::log::envelope::Envelope;
use crate::log::records::{Format, Record};
use crate::log::scan::ScanError;
use crate::log::Source;
use crate::schema::Schema;
use rust_decimal::Decimal;
use std::sync::Arc;

/// Per-event flag bits.
pub mod flags {
    pub const APPLIED: u8 = 1;
    pub const WARNING: u8 = 2;
    pub const ERROR: u8 = 4;
}

/// Events per block for times and line numbers.
const BLOCK: usize = 64;
const UNTIMED: i64 = i64::MAX;

/// One account as it was after some event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountView<'a> {
    pub ix: AccountIx,
    pub name: &'a str,
    pub balance: Decimal,
    pub status: Status,
    pub owner: Option<&'a str>,
    pub currency: Option<&'a str>,
    /// Applied events that touched the account up to then.
    pub events: u32,
}

/// The index of one log (complete, or as far as it has been built).
#[derive(Debug, Clone)]
pub struct Index {
    format: Format,
    /// The vocabulary the log was read with.
    schema: Arc<Schema>,
    /// The fold's state after the last indexed event (names, final state).
    ledger: Ledger,
    offsets: Vec<u64>,
    flags: Vec<u8>,
    /// The earliest time among the events of each block (UNTIMED if none).
    block_time: Vec<i64>,
    /// The line of the first event of each block.
    block_line: Vec<u64>,
    timelines: Vec<Timeline>,
    diagnostics: Vec<Diagnostic>,
    /// (event number, index of its first diagnostic), for events that have any.
    event_diags: Vec<(u32, u32)>,
}

/// A record decoded (in parallel) and ready to fold (in order).
// Nearly every record is an event: boxing it to shrink the rare malformed
// variant would cost an allocation per event.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Decoded<'a> {
    Malformed {
        line: u64,
        message: Malformation,
    },
    Event {
        event: Event<'a>,
        offset: u64,
        line: u64,
    },
}

pub(crate) fn decode_record<'a>(buf: &'a [u8], record: &Record, schema: &'a Schema) -> Decoded<'a> {
    if let Some(reason) = record.junk {
        return Decoded::Malformed {
            line: record.line,
            message: Malformation::junk(reason),
        };
    }
    let bytes = record.bytes(buf);
    match Envelope::decode_then(bytes, schema, Event::from_envelope) {
        Ok(event) => Decoded::Event {
            event,
            offset: record.offset,
            line: record.line,
        },
        Err(err) => Decoded::Malformed {
            line: record.line,
            message: json_error(bytes, &err),
        },
    }
}

/// Decodes a record and hands its event to `then` where it was built (an
/// event is large; the parallel decoders turn it into a smaller detached
/// one without moving it first). Fails with what is wrong with a record
/// that is not an event.
#[inline]
pub(crate) fn decode_record_with<'a, T>(
    buf: &'a [u8],
    record: &Record,
    schema: &'a Schema,
    then: impl FnOnce(&Event<'a>) -> T,
) -> Result<T, Malformation> {
    if let Some(reason) = record.junk {
        return Err(Malformation::junk(reason));
    }
    let bytes = record.bytes(buf);
    Envelope::decode_then(bytes, schema, |env| then(&Event::from_envelope(env)))
        .map_err(|err| json_error(bytes, &err))
}

/// Builds an index a batch of records at a time, so that a log can stream in
/// while it is already being looked at.
#[derive(Debug, Clone)]
pub struct IndexBuilder {
    index: Index,
    ids: IdRegistry,
}

impl IndexBuilder {
    /// A builder for a log in the default vocabulary (`bank`).
    pub fn new(format: Format) -> IndexBuilder {
        IndexBuilder::with_schema(format, Schema::bank())
    }

    /// A builder for a log read with `schema`.
    pub fn with_schema(format: Format, schema: Arc<Schema>) -> IndexBuilder {
        IndexBuilder {
            index: Index {
                format,
                schema,
                ledger: Ledger::new(),
                offsets: Vec::new(),
                flags: Vec::new(),
                block_time: Vec::new(),
                block_line: Vec::new(),
                timelines: Vec::new(),
                diagnostics: Vec::new(),
                event_diags: Vec::new(),
            },
            ids: IdRegistry::default(),
        }
    }

    /// Prepares for about `events` events.
    /// The id table is left to grow: reserving it whole up front costs more
    /// at the first frame (a fresh table of tens of megabytes) than its
    /// rehashes cost over the whole load.
    pub fn reserve(&mut self, events: usize) {
        self.index.offsets.reserve(events);
        self.index.flags.reserve(events);
    }

    /// The index so far.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The finished index, its columns trimmed to their length.
    pub fn finish(self) -> Index {
        let mut index = self.index;
        index.offsets.shrink_to_fit();
        index.flags.shrink_to_fit();
        index.block_time.shrink_to_fit();
        index.block_line.shrink_to_fit();
        index.diagnostics.shrink_to_fit();
        index.event_diags.shrink_to_fit();
        index.timelines.iter_mut().for_each(Timeline::shrink_to_fit);
        index
    }

    /// Decodes `records` (split from `buf`) and folds them in, in order.
    /// `source` is the whole log, to read back an earlier event's id when a
    /// fingerprint matches.
    pub fn push(&mut self, buf: &[u8], records: &[Record], source: &Source) {
        let schema = Arc::clone(&self.index.schema);
        for record in records {
            match decode_record(buf, record, &schema) {
                Decoded::Malformed { line, message } => self.malformed(line, message),
                Decoded::Event {
                    event,
                    offset,
                    line,
                } => self.fold(&event, offset, line, source),
            }
        }
    }

    /// Folds in a batch decoded by the pipeline; its lines count from
    /// `base_line`.
    pub(crate) fn push_batch(&mut self, batch: &Batch, base_line: u64, source: &Source) {
        let schema = Arc::clone(&self.index.schema);
        for item in &batch.items {
            match item {
                Item::Malformed { line, message } => {
                    self.malformed(base_line + line, message.clone())
                }
                Item::Event {
                    event,
                    offset,
                    line,
                } => {
                    let event = event.attach(&batch.chunk, &schema, &batch.extras);
                    self.fold(&event, *offset, base_line + line, source);
                }
            }
        }
    }

    fn malformed(&mut self, line: u64, malformation: Malformation) {
        let finding = Finding::new(Code::MalformedJson, malformation.message(line), None);
        self.index
            .diagnostics
            .push(Diagnostic::place(finding, line, None));
    }

    fn fold(&mut self, event: &Event<'_>, offset: u64, line: u64, source: &Source) {
        let duplicate_of = match (&event.meta.id, event.meta.id_fingerprint, &event.action) {
            (Some(id), Some(fp), Ok(_)) => {
                let index = &self.index;
                self.ids
                    .find(fp, |k| index.id_of(source, k).as_deref() == Some(&**id))
            }
            _ => None,
        };
        let outcome = self.index.ledger.apply(event, duplicate_of);
        let n = self.index.ledger.position();
        if !outcome.has_error() && duplicate_of.is_none() {
            if let Some(fp) = event.meta.id_fingerprint {
                self.ids.insert(fp, n);
            }
        }
        let time = match event.meta.when {
            When::At(ns) => ns,
            _ => UNTIMED,
        };
        self.index.record_event(n, offset, line, time, outcome);
    }
}

impl Index {
    fn record_event(&mut self, n: u32, offset: u64, line: u64, time: i64, outcome: Outcome) {
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
            flag |= match finding.code.severity() {
                Severity::Error => flags::ERROR,
                Severity::Warning => flags::WARNING,
            };
            self.diagnostics
                .push(Diagnostic::place(finding, line, Some(n)));
        }
        self.flags.push(flag);
        for &acc in outcome.touched.as_slice() {
            if self.timelines.len() <= acc as usize {
                self.timelines
                    .resize_with(acc as usize + 1, Timeline::default);
            }
            let state = self.ledger.account(acc);
            let timeline = &mut self.timelines[acc as usize];
            timeline.push(n, state.balance);
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
    }

    /// Indexes a whole log held in memory, in the default vocabulary.
    pub fn build(log: &[u8]) -> Index {
        Index::build_with(log, Schema::bank())
    }

    /// Indexes a whole log held in memory, read with `schema`.
    pub fn build_with(log: &[u8], schema: Arc<Schema>) -> Index {
        let source = Arc::new(Source::memory(log.to_vec()));
        // Reading from memory cannot fail.
        super::load::load_with(&source, Arc::clone(&schema))
            .unwrap_or_else(|_| IndexBuilder::with_schema(Format::JsonLines, schema).finish())
    }

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
        self.offsets.get(n.checked_sub(1)? as usize).copied()
    }

    /// The physical line event `n` starts on: the line of its block's first
    /// event plus the newlines between the two (read from the log).
    pub fn line_of(&self, source: &Source, n: u32) -> Option<u64> {
        let i = n.checked_sub(1)? as usize;
        let block = i / BLOCK;
        let first = *self.offsets.get(block * BLOCK)?;
        let here = *self.offsets.get(i)?;
        let mut buf = vec![0; (here - first) as usize];
        let got = source.read_at(first, &mut buf).ok()?;
        Some(self.block_line[block] + memchr::memchr_iter(b'\n', &buf[..got]).count() as u64)
    }

    /// The bytes of event `n`, read back from the log.
    pub fn record_bytes(&self, source: &Source, n: u32) -> Option<Vec<u8>> {
        source.record_at(self.offset(n)?, self.format).ok()
    }

    /// Event `k`'s id, read back from the log.
    fn id_of(&self, source: &Source, k: u32) -> Option<String> {
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
        self.timelines
            .partition_point(|t| t.events().first().is_some_and(|&first| first <= n))
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
            status: profile.status,
            owner: profile.owner.as_deref(),
            currency: profile.currency.as_deref(),
            events: k as u32,
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
        match Event::from_envelope(&env).meta.when {
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
        self.offsets.capacity() * 8
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
    }
}

/// What is wrong with a record that is not an event object, and where
/// within it: (lines into the record, 1-based byte column). The record's
/// own line is added when the record is placed in the log, since decoders
/// working on a part of the log know lines only relative to that part.
#[derive(Debug, Clone)]
pub(crate) struct Malformation {
    what: String,
    at: Option<(u64, usize)>,
}

impl Malformation {
    fn junk(reason: &str) -> Malformation {
        Malformation {
            what: reason.to_owned(),
            at: None,
        }
    }

    /// The message, for a record that starts on `line` (which the
    /// diagnostic carries): the column on that line, or the line and column
    /// further down a record that spans lines (an array element).
    fn message(self, line: u64) -> String {
        match self.at {
            Some((0, column)) => format!("{} (column {column})", self.what),
            Some((lines, column)) => {
                format!("{} (line {}, column {column})", self.what, line + lines)
            }
            None => self.what,
        }
    }
}

trait EscapeControl {
    fn escape_default_if_control(self) -> Vec<char>;
}

impl EscapeControl for char {
    fn escape_default_if_control(self) -> Vec<char> {
        if self.is_control() {
            self.escape_default().collect()
        } else {
            vec![self]
        }
    }
}

/// The scanner's complaint, with its position; for a record that does not
/// even start like an object (a program's other output mixed into the log),
/// say what was found instead.
fn json_error(bytes: &[u8], err: &ScanError) -> Malformation {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if !matches!(first, Some(b'{')) && !err.not_object {
        let shown: String = String::from_utf8_lossy(bytes).chars().take(40).collect();
        let more = if shown.len() < bytes.len() { "…" } else { "" };
        // Control characters escaped: no byte of the log reaches a terminal raw.
        let shown: String = shown
            .chars()
            .flat_map(char::escape_default_if_control)
            .collect();
        return Malformation {
            what: format!("not JSON: expected an event object `{{…}}`, found `{shown}{more}`"),
            at: None,
        };
    }
    let at = err.at.min(bytes.len());
    let before = &bytes[..at];
    let lines = memchr::memchr_iter(b'\n', before).count() as u64;
    let column = at
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    let what = err.what;
    let what = if err.not_object {
        "not an event object: expected a JSON object, found another JSON value".to_owned()
    } else if err.eof {
        format!("not JSON: the record ends too early: {what}")
    } else {
        format!("not JSON: {what}")
    };
    Malformation {
        what,
        // Where a whole value is not an object, a position adds nothing.
        at: (!err.not_object).then_some((lines, column)),
    }
}

/// Decodes a record's bytes for showing it.
pub fn decode<'a>(bytes: &'a [u8], schema: &'a Schema) -> Option<(Envelope<'a>, Event<'a>)> {
    let env = Envelope::decode_with(bytes, schema).ok()?;
    let event = Event::from_envelope(&env);
    Some((env, event))
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
    let (env, event) = decode(&bytes, index.schema())?;
    time_text(&env, &event.meta.when)
}
