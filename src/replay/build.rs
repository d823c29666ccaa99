//! Building the index: records decoded (on the decoders' threads, or
//! here) and folded in order, one event at a time, into the columns and
//! timelines that [`Index`] answers from.

use super::decode_record::decode_record_with;
use super::detached::Chunk;
use super::ids::IdRegistry;
use super::index::{flags, Index};
use super::malformation::Malformation;
use super::options::LoadOptions;
use super::pipeline::{Batch, Item};
use super::skips::Skips;
use crate::domain::event::Event;
use crate::domain::ledger::{AccountIx, Known};
use crate::domain::Effect;
use crate::log::envelope::Decoder;
use crate::log::records::{Format, Record};
use crate::log::Source;
use std::sync::Arc;

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
    /// Events folded as if never written (a what-if replay).
    skips: Skips,
}

const UNKNOWN: AccountIx = AccountIx::MAX;

impl IndexBuilder {
    /// A builder for a log in `format`, read with the options' schema and
    /// keeping the history they say. (Which part of the log to read is the
    /// loader's to decide: see [`Feed`](super::Feed).)
    pub fn new(format: Format, options: &LoadOptions) -> IndexBuilder {
        IndexBuilder {
            index: Index::new(format, Arc::clone(&options.schema), options.history),
            ids: IdRegistry::default(),
            known: Vec::new(),
            skips: options.skips.clone(),
        }
    }

    /// A CSV log's header, that its rows are read back with.
    pub(super) fn set_csv_header(&mut self, header: Arc<crate::log::csv::Header>) {
        self.index.set_csv_header(header);
    }

    /// Prepares the columns for about `events` events.
    pub fn reserve(&mut self, events: usize) {
        self.index.reserve(events);
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
        let schema = Arc::clone(self.index.schema_arc());
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
    // Kept out of the caller: the fold inlines into it (as measured).
    #[inline(never)]
    pub(crate) fn push_batch(&mut self, batch: &Batch, base_line: u64, source: &Source) {
        let schema = Arc::clone(self.index.schema_arc());
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
                    // Dropping an event is its drop glue's walk over every
                    // field: about 50 instructions in the one thread that
                    // folds. An event with no extras owns nothing (all its
                    // strings are borrowed), so it is not dropped at all.
                    let event =
                        std::mem::ManuallyDrop::new(detached.attach(chunk, &schema, &batch.side));
                    debug_assert!(
                        !detached.attaches_borrowed() || super::detached::owns_nothing(&event),
                        "an event with no extras owns nothing"
                    );
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
                    if !detached.attaches_borrowed() {
                        drop(std::mem::ManuallyDrop::into_inner(event));
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
        let (Some(key), Some(ix)) = (key, self.index.lookup(name)) else {
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
                    self.index.prefetch_account(ix);
                }
            }
        }
        // Half as far ahead, the timeline's header is in: fetch its tail.
        if !self.index.keeps_history() {
            return;
        }
        if let Some(Item::Event { event, .. }) = batch.items.get(i + PREFETCH / 2) {
            for key in <[_; 2]>::from(event.keys()) {
                if let Some(ix) = self.known_account(batch.worker, key) {
                    self.index.prefetch_timeline_tail(ix);
                }
            }
        }
    }

    fn malformed(&mut self, line: u64, malformation: Malformation) {
        self.index.append_malformed(line, malformation);
    }

    /// The next event is taken out of history (what-if): counted, not
    /// folded.
    #[cold]
    #[inline(never)]
    fn skip(&mut self, offset: u64, line: u64) {
        self.index.append_skipped(offset, line);
    }

    // Inlined into `push_batch`, as it was before what-if gave the fold
    // a second way out (measured: the call costs 1% of a load).
    #[inline(always)]
    fn fold(&mut self, event: &Event<'_>, offset: u64, line: u64, source: &Source, known: Known) {
        if self.skips.contains(self.index.len() + 1) {
            return self.skip(offset, line);
        }
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
        let n = self.index.append(event, duplicate_of, known, offset, line);
        if let (Some(Err(vacancy)), Some(fp)) = (looked_up, event.meta.id_fingerprint) {
            // Unless it was not applied for an error.
            let flag = self.index.flags(n);
            if flag & flags::ERROR == 0 || flag & flags::APPLIED != 0 {
                self.ids.remember(vacancy, fp, n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::diagnostic::Code;

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
        let (mut feed, mut builder) = crate::replay::Feed::start(
            Arc::new(Source::memory(head.into_bytes())),
            &LoadOptions::default(),
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
        let mut one = IndexBuilder::new(Format::JsonLines, &LoadOptions::default());
        one.push(
            log.as_bytes(),
            &crate::log::records::split(log.as_bytes()),
            &source,
        );
        let loaded = crate::replay::load(&source, &LoadOptions::default()).unwrap();
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
