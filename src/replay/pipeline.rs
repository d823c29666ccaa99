//! Decoding a JSON Lines log on every core while one thread folds it in
//! order.
//!
//! The log is cut into fixed byte ranges. Worker `w` takes ranges w, w+N,
//! w+2N…; a range owns the lines that *start* in it, so each worker finds
//! its first line start and reads on to the end of its last line without
//! knowing anything about the other ranges. It decodes its lines into
//! [`DetachedEvent`]s and sends them with the bytes they point into. The
//! folding thread takes batches in range order and counts newlines to turn
//! each batch's relative line numbers into absolute ones.

use super::build::{decode_record_with, Malformation};
use super::detached::{DetachedEvent, Side};
use super::keys::Keys;
use crate::log::envelope::Decoder;
use crate::log::records;
use crate::log::Source;
use crate::schema::Schema;
use std::collections::BTreeMap;
use std::io;
use std::sync::mpsc::{self, Receiver, SyncSender, TryRecvError};
use std::sync::{Arc, Mutex};

/// Bytes per range: small enough that a range read from the page cache is
/// still in the core's own cache when it is decoded.
pub const RANGE: u64 = 256 << 10;

thread_local! {
    /// Tests shrink the range to cut small logs into many pieces.
    static TEST_RANGE: std::cell::Cell<Option<u64>> = const { std::cell::Cell::new(None) };
}

fn range_size() -> u64 {
    TEST_RANGE.with(|r| r.get()).unwrap_or(RANGE)
}

/// One decoded record of a batch; lines are relative to the batch's first.
pub enum Item {
    Malformed {
        line: u64,
        message: Malformation,
    },
    Event {
        event: DetachedEvent,
        offset: u64,
        line: u64,
    },
}

/// The lines that start in one range, decoded.
pub struct Batch {
    pub seq: u64,
    /// The decoder that made it (whose [`Keys`] its events carry).
    pub worker: usize,
    /// Where the batch's bytes end in the log.
    pub end: u64,
    /// Newlines in the batch's bytes.
    pub newlines: u64,
    /// The bytes read; the batch's lines are those from `start` on. Once
    /// decoded, they move to `text` if they are all UTF-8 (nearly always),
    /// checked here on a decoder's thread rather than by the fold.
    chunk: Vec<u8>,
    text: Option<String>,
    start: usize,
    pub items: Vec<Item>,
    /// What the items' events keep beside them (see [`Side`]).
    pub side: Side,
}

/// Batches the fold is done with, for the decoders to fill again: reusing
/// their memory spares fresh pages (each faulted in and zeroed by
/// the kernel) per range, and moves dropping the old items off the thread
/// that folds.
type Pool = Arc<Mutex<Vec<Batch>>>;

impl Batch {
    /// The bytes of the batch's lines (its events point into these).
    pub fn bytes(&self) -> &[u8] {
        match &self.text {
            Some(text) => &text.as_bytes()[self.start..],
            None => &self.chunk[self.start..],
        }
    }

    /// The same as text, when it is all UTF-8.
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()?.get(self.start..)
    }
}

/// How much work folding an event is, beside decoding it: how the decoders
/// share the cores with the one thread that folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// The state after every event is kept (the debugger): folding costs
    /// about as much as decoding, and being in order it is the load's
    /// critical path. Shared equally, three threads on two cores leave it
    /// two thirds of one, and the load waits on it at the end; the
    /// decoders give way to it instead (about 5% sooner at 7M events).
    Heavy,
    /// Only the end state is kept: folding is light, the decoders are the
    /// critical path, and giving way would only slow them.
    Light,
}

/// The running decoders; batches come out in log order.
pub struct Decoders {
    pool: Pool,
    rx: Receiver<io::Result<Batch>>,
    pending: BTreeMap<u64, Batch>,
    next: u64,
    ranges: u64,
}

impl Decoders {
    /// Starts one decoder per core on the first `total` bytes of `source`,
    /// each reading records with `schema`, for a fold of weight `fold`.
    pub fn spawn(source: Arc<Source>, total: u64, schema: Arc<Schema>, fold: Fold) -> Decoders {
        let range = range_size();
        let ranges = total.div_ceil(range);
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 16) as u64;
        // Room for a few megabytes decoded ahead of the fold, so that a pause
        // in folding (a frame drawn) does not stop the decoders.
        let (tx, rx) = mpsc::sync_channel(8 * workers as usize);
        let pool = Pool::default();
        for w in 0..workers.min(ranges) {
            let tx = tx.clone();
            let source = Arc::clone(&source);
            let schema = Arc::clone(&schema);
            let pool = Arc::clone(&pool);
            std::thread::spawn(move || {
                if fold == Fold::Heavy {
                    give_way();
                }
                let at = Ranges {
                    first: w,
                    step: workers,
                    count: ranges,
                    size: range,
                    total,
                };
                work(&source, &schema, at, &pool, &tx)
            });
        }
        Decoders {
            pool,
            rx,
            pending: BTreeMap::new(),
            next: 0,
            ranges,
        }
    }

    /// The next batch in order: waits for it when `wait`, else `None` if it
    /// is not ready yet. `Some(Ok(None))`… is flattened: `Ok(None)` means
    /// not ready; the end is signalled by `is_done`.
    pub fn next_batch(&mut self, wait: bool) -> io::Result<Option<Batch>> {
        loop {
            if let Some(batch) = self.pending.remove(&self.next) {
                self.next += 1;
                return Ok(Some(batch));
            }
            if self.is_done() {
                return Ok(None);
            }
            let got = if wait {
                self.rx.recv().map_err(|_| TryRecvError::Disconnected)
            } else {
                self.rx.try_recv()
            };
            match got {
                Ok(Ok(batch)) => {
                    self.pending.insert(batch.seq, batch);
                }
                Ok(Err(e)) => return Err(e),
                Err(TryRecvError::Empty) => return Ok(None),
                Err(TryRecvError::Disconnected) => {
                    return Err(io::Error::other("the log decoders stopped unexpectedly"))
                }
            }
        }
    }

    pub fn is_done(&self) -> bool {
        self.next >= self.ranges
    }

    /// Gives a folded batch back, for its memory to be used again.
    pub fn recycle(&self, batch: Batch) {
        if let Ok(mut pool) = self.pool.lock() {
            // A few are enough: as many as can be in flight.
            if pool.len() < 32 {
                pool.push(batch);
            }
        }
    }
}

/// Lowers the calling thread's priority a little (nice 3): when it and
/// the folding thread both want a core, the fold gets it about twice as
/// often. Only the relative priority of this process's threads is meant;
/// nothing else changes, and where the system says no, nothing at all.
fn give_way() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority takes plain integers and touches no memory of
    // this process; on Linux, PRIO_PROCESS with `who` 0 names the calling
    // thread alone (nice values are per thread), and raising one's own nice
    // value needs no privilege. Its result is only whether it was done.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 3);
    }
}

/// The ranges one decoder takes: `first`, `first + step`, … below `count`.
struct Ranges {
    first: u64,
    step: u64,
    count: u64,
    size: u64,
    total: u64,
}

/// An emptied batch from the pool, or a new one.
fn reuse(pool: &Pool) -> Batch {
    let batch = pool.lock().ok().and_then(|mut pool| pool.pop());
    let mut batch = batch.unwrap_or_else(|| Batch {
        seq: 0,
        worker: 0,
        end: 0,
        newlines: 0,
        chunk: Vec::new(),
        text: None,
        start: 0,
        items: Vec::new(),
        side: Side::default(),
    });
    // The chunk keeps its length: the next read overwrites it, and
    // zeroing a range's worth of bytes first would be wasted.
    if let Some(text) = batch.text.take() {
        batch.chunk = text.into_bytes();
    }
    batch.items.clear();
    batch.side.clear();
    batch
}

fn work(
    source: &Source,
    schema: &Schema,
    at: Ranges,
    pool: &Pool,
    tx: &SyncSender<io::Result<Batch>>,
) {
    let mut i = at.first;
    let mut scratch = Scratch::default();
    while i < at.count {
        let mut batch = reuse(pool);
        batch.seq = i;
        batch.worker = at.first as usize;
        let decoded = decode_range(
            source,
            schema,
            i,
            at.size,
            at.total,
            &mut scratch,
            &mut batch,
        );
        if tx.send(decoded.map(|()| batch)).is_err() {
            return; // The load was dropped (the user quit): stop quietly.
        }
        i += at.step;
    }
}

/// What a decoder keeps from one range to the next.
#[derive(Default)]
struct Scratch {
    keys: Keys,
    records: Vec<records::Record>,
    resolved: Vec<u32>,
}

/// Reads and decodes the lines that start in range `i` into `batch`
/// (emptied, its `seq` and `worker` set).
fn decode_range(
    source: &Source,
    schema: &Schema,
    i: u64,
    range: u64,
    total: u64,
    scratch: &mut Scratch,
    batch: &mut Batch,
) -> io::Result<()> {
    let start = i * range;
    let nominal_end = ((i + 1) * range).min(total);
    // Read from the byte before the range, to see whether a line starts at
    // its first byte.
    let from = start.saturating_sub(1);
    let buf = &mut batch.chunk;
    let want = (nominal_end - from) as usize;
    if buf.len() < want {
        buf.resize(want, 0);
    }
    buf.truncate(want);
    let got = source.read_at(from, buf)?;
    buf.truncate(got);
    let first = if i == 0 {
        Some(0)
    } else {
        memchr::memchr(b'\n', buf).map(|q| q + 1)
    };
    batch.end = nominal_end;
    batch.newlines = 0;
    batch.start = 0;
    let Some(first) = first.filter(|&f| (from + f as u64) < nominal_end) else {
        buf.clear();
        return Ok(());
    };
    // Read on to the end of the last line that starts in the range.
    let mut end = from + buf.len() as u64;
    if end < total && buf.last() != Some(&b'\n') {
        // Lines are short: read a little at a time.
        let mut more = vec![0; 4096];
        loop {
            let got = source.read_at(end, &mut more)?;
            if got == 0 {
                break;
            }
            match memchr::memchr(b'\n', &more[..got]) {
                Some(q) => {
                    buf.extend_from_slice(&more[..=q]);
                    break;
                }
                None => {
                    buf.extend_from_slice(&more[..got]);
                    end += got as u64;
                }
            }
        }
    }
    // The range's own lines, without moving them to the front of the chunk.
    batch.start = first;
    // As text if it is all UTF-8 (nearly always): checked once here, for
    // the decoding and the fold both. What precedes the first line belongs
    // to the range before (and may end in part of a character): blanked,
    // it cannot spoil the check.
    batch.chunk[..first].fill(b' ');
    match String::from_utf8(std::mem::take(&mut batch.chunk)) {
        Ok(text) => batch.text = Some(text),
        Err(e) => batch.chunk = e.into_bytes(),
    }
    let (buf, text) = match &batch.text {
        Some(text) => (&text.as_bytes()[first..], text.get(first..)),
        None => (&batch.chunk[first..], None),
    };
    let offset = from + first as u64;
    let records = &mut scratch.records;
    records.clear();
    let newlines = records::split_lines(buf, offset, 0, records);
    // Saturating: a range holding only the log's BOM has no line at all.
    batch.newlines = newlines.saturating_sub(u64::from(buf.last().is_some_and(|&b| b != b'\n')));
    batch.end = offset + buf.len() as u64;
    let (side, keys) = (&mut batch.side, &mut scratch.keys);
    let mut decoder = Decoder::new(schema);
    batch.items.extend(records.iter().map(|r| {
        let detach = |event: &_| DetachedEvent::detach(event, buf, side, keys);
        match decode_record_with(buf, text, r, &mut decoder, detach) {
            Ok(event) => Item::Event {
                event,
                offset: r.offset,
                line: r.line,
            },
            Err(message) => Item::Malformed {
                line: r.line,
                message,
            },
        }
    }));
    // The accounts' names, numbered all at once (see `keys`).
    keys.resolve(&mut scratch.resolved);
    let mut resolved = scratch.resolved.iter().copied();
    for item in &mut batch.items {
        if let Item::Event { event, .. } = item {
            event.fill_keys(|| resolved.next().unwrap_or(super::detached::NONE));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::records::split;
    use crate::replay::IndexBuilder;

    /// The log cut into many small ranges must index exactly as one pass.
    #[test]
    fn many_small_ranges_index_exactly_like_one_pass() {
        let mut log = String::from("\u{feff}");
        for i in 0..400 {
            let acc = i % 7;
            match i % 13 {
                0 => log.push_str(&format!("{{\"type\":\"AccountOpened\",\"id\":\"o{acc}\",\"account\":\"a{acc}\"}}\n")),
                1 => log.push_str("not json at all\n{\"broken\":\n   \r\n"),
                2 => log.push_str(&format!("{{\"type\":\"MoneyDeposited\",\"account\":\"a{acc}\",\"data\":{{\"amount\":\"{}\",\"pad\":\"{}\"}}}}\r\n", i, "x".repeat(i * 7))),
                3 => log.push_str(&format!("{{\"id\":\"o{acc}\",\"type\":\"MoneyDeposited\",\"account\":\"a{acc}\",\"amount\":1}}\n")),
                // A transfer to the same account, and an account whose
                // first event is refused (so its key is learned later).
                4 => log.push_str(&format!("{{\"type\":\"MoneyTransferred\",\"account\":\"a{acc}\",\"data\":{{\"amount\":2,\"to_account\":\"a{acc}\"}}}}\n")),
                5 => log.push_str(&format!("{{\"type\":\"MoneyWithdrawn\",\"account\":\"late{i}\",\"data\":{{\"amount\":\"x\"}}}}\n{{\"type\":\"MoneyDeposited\",\"account\":\"late{i}\",\"data\":{{\"amount\":3}}}}\n")),
                6 => log.push_str(&format!("{{\"type\":\"MoneyTransferred\",\"account\":\"late{}\",\"data\":{{\"amount\":1,\"to_account\":\"a{acc}\"}}}}\n", i - 1)),
                _ => log.push_str(&format!("{{\"type\":\"MoneyTransferred\",\"account\":\"a{acc}\",\"data\":{{\"amount\":0.5,\"to_account\":\"a{}\"}}}}\n", (acc + 1) % 7)),
            }
        }
        log.push_str("{\"type\":\"AccountClosed\",\"account\":\"a1\"}");
        // Characters of several bytes, wherever the ranges cut them, and
        // one line that is not UTF-8 at all (its range is not text).
        let mut bytes = log.replace("a3", "ä€😀3").into_bytes();
        bytes.extend_from_slice(b"\n{\"type\":\"AccountOpened\",\"account\":\"\xff\"}\n");
        bytes.extend_from_slice("{\"type\":\"AccountOpened\",\"account\":\"ü\"}\n".as_bytes());
        let source = Arc::new(Source::memory(bytes.clone()));
        let mut one = IndexBuilder::new(crate::log::Format::JsonLines);
        one.push(&bytes, &split(&bytes), &source);
        let one = one.finish();
        for range in [1, 2, 7, 64, 333, 1000, 5000] {
            TEST_RANGE.with(|r| r.set(Some(range)));
            let many = crate::replay::load(&source).unwrap();
            TEST_RANGE.with(|r| r.set(None));
            assert_eq!(many.len(), one.len(), "range {range}");
            assert_eq!(many.diagnostics(), one.diagnostics(), "range {range}");
            let cut_off: Vec<_> = many
                .diagnostics()
                .iter()
                .filter(|d| d.message.contains("ends too early"))
                .collect();
            assert!(!cut_off.is_empty());
            for d in cut_off {
                // On the record's own line (the diagnostic's), only the column.
                assert!(d.message.ends_with(" (column 11)"), "{d:?}");
            }
            for n in [0, 1, 57, 200, one.len()] {
                assert_eq!(many.state_at(n), one.state_at(n), "range {range} at {n}");
                assert_eq!(many.offset(n), one.offset(n));
                assert_eq!(many.line_of(&source, n), one.line_of(&source, n));
            }
        }
    }

    /// Quitting while a log loads drops the load: every decoder must stop
    /// (and let go of the log) instead of decoding the rest of it.
    #[test]
    fn dropping_the_decoders_stops_them() {
        let line = "{\"type\":\"MoneyDeposited\",\"account\":\"a\",\"amount\":1}\n";
        let source = Arc::new(Source::memory(line.repeat(20_000).into_bytes()));
        TEST_RANGE.with(|r| r.set(Some(1024)));
        let mut decoders = Decoders::spawn(
            Arc::clone(&source),
            source.len().unwrap(),
            crate::schema::Schema::bank(),
            Fold::Light,
        );
        TEST_RANGE.with(|r| r.set(None));
        assert!(decoders.next_batch(true).unwrap().is_some());
        assert!(!decoders.is_done(), "hundreds of ranges are left");
        drop(decoders);
        let dropped = std::time::Instant::now();
        while Arc::strong_count(&source) > 1 {
            assert!(
                dropped.elapsed() < std::time::Duration::from_secs(5),
                "the decoders kept running"
            );
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// Decoders for a heavy fold give way to it (nice 3); for a light one
    /// they do not. (They wait, alive, with the channel full.)
    #[cfg(target_os = "linux")]
    #[test]
    fn decoders_give_way_to_a_heavy_fold_only() {
        let line = "{\"type\":\"MoneyDeposited\",\"account\":\"a\",\"amount\":1}\n";
        let source = Arc::new(Source::memory(line.repeat(20_000).into_bytes()));
        // This process's threads, with their nice values (field 19 of
        // their stat, after the parenthesised name).
        let niced = || {
            std::fs::read_dir("/proc/self/task")
                .unwrap()
                .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("stat")).ok())
                .filter(|stat| {
                    let fields: Vec<&str> = stat.rsplit(')').next().unwrap().split(' ').collect();
                    fields.get(17) == Some(&"3")
                })
                .count()
        };
        let before = niced();
        for (fold, want) in [(Fold::Light, 0), (Fold::Heavy, 1)] {
            TEST_RANGE.with(|r| r.set(Some(1024)));
            let mut decoders = Decoders::spawn(
                Arc::clone(&source),
                source.len().unwrap(),
                crate::schema::Schema::bank(),
                fold,
            );
            TEST_RANGE.with(|r| r.set(None));
            assert!(decoders.next_batch(true).unwrap().is_some());
            let now = niced() - before;
            assert_eq!(now.min(1), want, "{fold:?}: {now} decoders niced");
            drop(decoders);
            while Arc::strong_count(&source) > 1 {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        }
    }

    /// The same with a schema whose events carry versions and recorded
    /// balances, which travel beside the events of a batch.
    #[test]
    fn extras_survive_being_cut_into_ranges() {
        let schema = crate::schema::Schema::parse(
            r#"
            [envelope]
            type = "t"
            account = "a"
            version = "v"
            [types.in]
            effect = "credit"
            amount = "n"
            recorded_balance = "b"
            "#,
            crate::schema::Syntax::Toml,
            "t",
            "t",
        )
        .unwrap();
        let schema = Arc::new(schema);
        let mut log = String::new();
        let mut balances = [0u32; 3];
        for i in 0..300u32 {
            let acc = (i % 3) as usize;
            balances[acc] += 1;
            // Every seventh recorded balance is off by one; every eleventh
            // event skips a version.
            let recorded = balances[acc] + u32::from(i % 7 == 0);
            let version = i / 3 + i / 11;
            log.push_str(&format!(
                "{{\"t\":\"in\",\"a\":\"a{acc}\",\"v\":{version},\"n\":1,\"b\":{recorded}}}\n"
            ));
        }
        let bytes = log.into_bytes();
        let source = Arc::new(Source::memory(bytes.clone()));
        let mut one = IndexBuilder::with_schema(crate::log::Format::JsonLines, Arc::clone(&schema));
        one.push(&bytes, &split(&bytes), &source);
        let one = one.finish();
        let codes = |index: &crate::replay::Index, code: &str| {
            index
                .diagnostics()
                .iter()
                .filter(|d| d.code.as_str() == code)
                .count()
        };
        assert!(codes(&one, "balance_mismatch") > 0 && codes(&one, "version_gap") > 0);
        for range in [1, 50, 333, 4096] {
            TEST_RANGE.with(|r| r.set(Some(range)));
            let many = crate::replay::load_with(&source, Arc::clone(&schema)).unwrap();
            TEST_RANGE.with(|r| r.set(None));
            assert_eq!(many.diagnostics(), one.diagnostics(), "range {range}");
        }
    }
}
