//! Building the index: records decoded (on the decoders' threads, or
//! here) and folded in order, one event at a time, into the columns and
//! timelines that [`Index`] answers from.

use super::detached::Chunk;
use super::ids::IdRegistry;
use super::index::{flags, Index, BLOCK, UNTIMED};
use super::malformation::json_error;
pub(crate) use super::malformation::Malformation;
use super::memory::prefetch;
use super::offsets::Offsets;
use super::pipeline::{Batch, Item};
use super::timeline::{Profile, Timeline};
use crate::domain::diagnostic::{Code, Diagnostic, Finding};
use crate::domain::event::{Event, When};
use crate::domain::ledger::{AccountIx, Known, Ledger, Outcome};
use crate::domain::Effect;
use crate::domain::Severity;
use crate::log::envelope::{Decoder, Envelope};
use crate::log::records::{Format, Record};
use crate::log::Source;
use crate::schema::Schema;
use std::sync::Arc;

/// Decodes a record and hands its event to `then` where it was built (an
/// event is large; the parallel decoders turn it into a smaller detached
/// one without moving it first). Fails with what is wrong with a record
/// that is not an event.
#[inline]
pub(crate) fn decode_record_with<'a, T>(
    buf: &'a [u8],
    text: Option<&'a str>,
    record: &Record,
    decoder: &mut Decoder<'a>,
    then: impl FnOnce(&Event<'a>) -> T,
) -> Result<T, Malformation> {
    if let Some(reason) = record.junk {
        return Err(Malformation::junk(reason));
    }
    let bytes = record.bytes(buf);
    let decode = |env: &Envelope<'a>| then(&crate::log::event_of(env));
    // `text`, when given, is `buf` known to be UTF-8.
    let decoded = match text.and_then(|t| t.get(record.start..record.start + record.len)) {
        Some(text) => decoder.decode_text_then(text, decode),
        None => decoder.decode_then(bytes, decode),
    };
    decoded.map_err(|err| json_error(bytes, &err))
}

/// How many events ahead the fold prefetches ids.
const PREFETCH: usize = 12;

/// Builds an index a batch of records at a time, so that a log can stream in
/// while it is already being looked at.
#[derive(Debug, Clone)]
pub struct IndexBuilder {
    index: Index,
    ids: IdRegistry,
    /// Per decoder, the account each of its keys stands for (`UNKNOWN`
    /// until the fold has seen it).
    known: Vec<Vec<AccountIx>>,
}

const UNKNOWN: AccountIx = AccountIx::MAX;

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
                offsets: Offsets::default(),
                flags: Vec::new(),
                block_time: Vec::new(),
                block_line: Vec::new(),
                timelines: Vec::new(),
                history: true,
                diagnostics: Vec::new(),
                event_diags: Vec::new(),
            },
            ids: IdRegistry::default(),
            known: Vec::new(),
        }
    }

    /// A builder that keeps no history: the index it builds knows the
    /// state after the last event only (and every diagnostic, offset and
    /// time), for a headless command that needs nothing else. Keeping
    /// timelines is a good part of the fold's work.
    pub fn without_history(mut self) -> IndexBuilder {
        self.index.history = false;
        self
    }

    /// Prepares the columns for about `events` events.
    pub fn reserve(&mut self, events: usize) {
        self.index.offsets.reserve(events);
        self.index.flags.reserve(events);
    }

    /// Sizes the id table for about `ids` ids at once: growing it to
    /// millions rehashes every id a few times over, each a random write.
    /// (The debugger does this after its first frame: a table of a hundred
    /// megabytes takes a moment to write out.)
    pub fn reserve_ids(&mut self, ids: usize) {
        self.ids.reserve(ids);
    }

    /// The event-id table (for tests and accounting).
    pub fn ids(&self) -> &IdRegistry {
        &self.ids
    }

    /// The index so far.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Once a log is in (and, say, followed from here on): the index's
    /// columns trimmed to their length and the ids seen set aside compactly
    /// (see [`IdRegistry::compact`]), to hold as little as it can while it
    /// can still take appended events. (Not the debugger's `Load::settle`,
    /// which shows the load's progress.)
    pub fn compact(&mut self) {
        self.ids.compact();
        self.index.trim();
    }

    /// The finished index, its columns trimmed to their length.
    pub fn finish(mut self) -> Index {
        self.index.trim();
        self.index
    }

    /// Decodes `records` (split from `buf`) and folds them in, in order.
    /// `source` is the whole log, to read back an earlier event's id when a
    /// fingerprint matches.
    pub fn push(&mut self, buf: &[u8], records: &[Record], source: &Source) {
        let schema = Arc::clone(&self.index.schema);
        let mut decoder = Decoder::new(&schema);
        for record in records {
            let folded = decode_record_with(buf, None, record, &mut decoder, |event| {
                self.fold(event, record.offset, record.line, source, Known::default())
            });
            if let Err(message) = folded {
                self.malformed(record.line, message);
            }
        }
    }

    /// Folds in a batch decoded by the pipeline; its lines count from
    /// `base_line`.
    pub(crate) fn push_batch(&mut self, batch: &Batch, base_line: u64, source: &Source) {
        let schema = Arc::clone(&self.index.schema);
        if self.known.len() <= batch.worker {
            self.known.resize_with(batch.worker + 1, Vec::new);
        }
        let chunk = Chunk::with_text(batch.bytes(), batch.text());
        for (i, item) in batch.items.iter().enumerate() {
            self.prefetch(batch, i);
            match item {
                Item::Malformed { line, message } => {
                    self.malformed(base_line + line, message.clone())
                }
                Item::Event {
                    event: detached,
                    offset,
                    line,
                } => {
                    let event = detached.attach(chunk, &schema, &batch.side);
                    let (account_key, to_key) = detached.keys();
                    let known = Known {
                        account: self.known_account(batch.worker, account_key),
                        to: self.known_account(batch.worker, to_key),
                    };
                    self.fold(&event, *offset, base_line + line, source, known);
                    if known.account.is_none() {
                        self.learn(batch.worker, account_key, &event.meta.account);
                    }
                    if let (None, Ok(Effect::Transfer { to, .. })) = (known.to, &event.effect) {
                        self.learn(batch.worker, to_key, to);
                    }
                }
            }
        }
    }

    /// The account a decoder's key stands for, once the fold has learned it.
    #[inline]
    fn known_account(&self, worker: usize, key: Option<u32>) -> Option<AccountIx> {
        let ix = *self.known.get(worker)?.get(key? as usize)?;
        (ix != UNKNOWN).then_some(ix)
    }

    /// Remembers which account a decoder's key stands for, if the ledger
    /// has it yet.
    #[cold]
    fn learn(&mut self, worker: usize, key: Option<u32>, name: &str) {
        let (Some(key), Some(ix)) = (key, self.index.ledger.lookup(name)) else {
            return;
        };
        let Some(known) = self.known.get_mut(worker) else {
            return;
        };
        let key = key as usize;
        if known.len() <= key {
            known.resize(key + 1, UNKNOWN);
        }
        known[key] = ix;
    }

    /// Starts fetching what folding the events a little ahead of event `i`
    /// of `batch` will read: with millions of ids and thousands of accounts
    /// each is otherwise a wait for memory in the one thread that folds.
    #[inline]
    fn prefetch(&self, batch: &Batch, i: usize) {
        if let Some(Item::Event { event, .. }) = batch.items.get(i + PREFETCH) {
            if let Some(fp) = event.id_fingerprint() {
                self.ids.prefetch(fp);
            }
            for key in <[_; 2]>::from(event.keys()) {
                if let Some(ix) = self.known_account(batch.worker, key) {
                    prefetch(self.index.ledger.account(ix));
                    if self.index.history {
                        prefetch(self.index.timelines.as_ptr().wrapping_add(ix as usize));
                    }
                }
            }
        }
        // Half as far ahead, the timeline's header is in: fetch its tail.
        if !self.index.history {
            return;
        }
        if let Some(Item::Event { event, .. }) = batch.items.get(i + PREFETCH / 2) {
            for key in <[_; 2]>::from(event.keys()) {
                if let Some(ix) = self.known_account(batch.worker, key) {
                    if let Some(timeline) = self.index.timelines.get(ix as usize) {
                        timeline.prefetch_tail();
                    }
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

    fn fold(&mut self, event: &Event<'_>, offset: u64, line: u64, source: &Source, known: Known) {
        let looked_up = match (&event.meta.id, event.meta.id_fingerprint) {
            (Some(id), Some(fp)) => {
                let index = &self.index;
                Some(
                    self.ids
                        .look_up(fp, |k| index.id_of(source, k).as_deref() == Some(&**id)),
                )
            }
            _ => None,
        };
        // Only an event that has an action can be a duplicate; one without
        // (an unknown type, say) still makes its id seen, unless in error.
        let duplicate_of = looked_up
            .and_then(Result::ok)
            .filter(|_| event.effect.is_ok());
        let outcome = self.index.ledger.apply_known(event, duplicate_of, known);
        let n = self.index.ledger.position();
        if let (Some(Err(vacancy)), Some(fp)) = (looked_up, event.meta.id_fingerprint) {
            if !outcome.has_error() {
                self.ids.remember(vacancy, fp, n);
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
    /// Every column trimmed to its length.
    fn trim(&mut self) {
        self.offsets.shrink_to_fit();
        self.flags.shrink_to_fit();
        self.block_time.shrink_to_fit();
        self.block_line.shrink_to_fit();
        self.diagnostics.shrink_to_fit();
        self.event_diags.shrink_to_fit();
        self.timelines.iter_mut().for_each(Timeline::shrink_to_fit);
    }

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
        if !self.history {
            return;
        }
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
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Once compacted, ids seen before are still recognised in events
    /// appended after, and new ones are remembered beside them.
    #[test]
    fn compacted_ids_still_catch_duplicates_appended_later() {
        let event = |id: u32| {
            format!(
                r#"{{"id":"e{id}","type":"MoneyDeposited","account":"a","data":{{"amount":1}}}}"#
            )
        };
        let head: String = (1..=500).map(|i| event(i) + "\n").collect();
        let tail = [event(7), event(501), event(501), event(499)].join("\n") + "\n";
        let log = head.clone() + &tail;
        let source = Arc::new(Source::memory(log.as_bytes().to_vec()));
        let (mut feed, mut builder) = crate::replay::Feed::start_with(
            Arc::new(Source::memory(head.into_bytes())),
            Schema::bank(),
            false,
        )
        .unwrap();
        while feed.step(&mut builder, true).unwrap() {}
        builder.compact();
        let records = crate::log::records::split(tail.as_bytes());
        // The appended records, placed where they are in the whole log.
        let records: Vec<Record> = records
            .into_iter()
            .map(|mut r| {
                r.offset += (log.len() - tail.len()) as u64;
                r
            })
            .collect();
        builder.push(tail.as_bytes(), &records, &source);
        let duplicates: Vec<Option<u32>> = builder
            .index()
            .diagnostics()
            .iter()
            .filter(|d| d.code == Code::DuplicateEventId)
            .map(|d| d.event)
            .collect();
        assert_eq!(duplicates, [Some(501), Some(503), Some(504)]);
    }

    /// An event without an action (an unknown type: a warning) still makes
    /// its id seen; an event in error does not. Both ways of loading agree.
    #[test]
    fn which_events_make_their_id_seen() {
        let log = concat!(
            r#"{"id":"x","type":"Mystery","account":"a"}"#,
            "\n",
            r#"{"id":"x","type":"AccountOpened","account":"a"}"#,
            "\n",
            r#"{"id":"y","type":"MoneyDeposited","account":"a","data":{"amount":"oops"}}"#,
            "\n",
            r#"{"id":"y","type":"AccountOpened","account":"b"}"#,
            "\n",
        );
        let source = Arc::new(Source::memory(log.as_bytes().to_vec()));
        let mut one = IndexBuilder::new(Format::JsonLines);
        one.push(
            log.as_bytes(),
            &crate::log::records::split(log.as_bytes()),
            &source,
        );
        let loaded = crate::replay::load(&source).unwrap();
        for index in [one.index(), &loaded] {
            let names: Vec<&str> = index.state_at(4).iter().map(|a| a.name).collect();
            assert_eq!(
                names,
                ["b"],
                "event 2 is a duplicate of 1; event 4 is not one of 3"
            );
            let duplicates = index
                .diagnostics()
                .iter()
                .filter(|d| d.code == Code::DuplicateEventId)
                .count();
            assert_eq!(duplicates, 1);
        }
    }
}
