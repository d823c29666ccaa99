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

use super::account_keys::AccountKeys;
use super::csv_range::{read_rows, CsvStart, Row, Rows};
use super::decode_record::decode_record_with;
use super::detached::{DetachedEvent, Side};
use super::malformation::Malformation;
use super::options::History;
use crate::domain::event::Event;
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
    /// Where the batch's first line starts in the log.
    pub begin: u64,
    /// The decoder that made it (whose [`AccountKeys`] its events carry).
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

/// The running decoders; batches come out in log order.
pub struct Decoders {
    pool: Pool,
    rx: Receiver<io::Result<Batch>>,
    pending: BTreeMap<u64, Batch>,
    next: u64,
    ranges: u64,
    /// A CSV log's header, and what decoding a range again on the fold's
    /// thread needs: the log, its schema, the range size and where the
    /// last batch taken ended.
    csv: Option<Redo>,
}

struct Redo {
    start: Arc<CsvStart>,
    source: Arc<Source>,
    schema: Arc<Schema>,
    range: u64,
    total: u64,
    expected: u64,
}

impl Decoders {
    /// Starts one decoder per core on the first `total` bytes of `source`,
    /// each reading records with `schema`, for a fold that keeps `history`
    /// or not.
    ///
    /// How the decoders share the cores with the one thread that folds
    /// depends on it. With history kept, folding costs about as much as
    /// decoding, and being in order it is the load's critical path. Shared
    /// equally, three threads on two cores leave it two thirds of one, and
    /// the load waits on it at the end; the decoders give way to it
    /// instead (about 5% sooner at 7M events). With history dropped,
    /// folding is light, the decoders are the critical path, and giving
    /// way would only slow them.
    #[cfg(test)]
    pub fn spawn(
        source: Arc<Source>,
        total: u64,
        schema: Arc<Schema>,
        history: History,
    ) -> Decoders {
        Decoders::spawn_for(source, total, schema, history, None)
    }

    /// [`Decoders::spawn`], for a CSV log when `csv` is given (its rows
    /// are the records).
    pub fn spawn_for(
        source: Arc<Source>,
        total: u64,
        schema: Arc<Schema>,
        history: History,
        csv: Option<Arc<CsvStart>>,
    ) -> Decoders {
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
            let csv = csv.clone();
            std::thread::spawn(move || {
                if history == History::Kept {
                    give_way();
                }
                let at = Ranges {
                    first: w,
                    step: workers,
                    count: ranges,
                    size: range,
                    total,
                };
                work(&source, &schema, csv.as_deref(), at, &pool, &tx)
            });
        }
        Decoders {
            pool,
            rx,
            pending: BTreeMap::new(),
            next: 0,
            ranges,
            csv: csv.map(|start| Redo {
                start,
                source,
                schema,
                range,
                total,
                expected: 0,
            }),
        }
    }

    /// The next batch in order: waits for it when `wait`, else `None` if it
    /// is not ready yet. `Some(Ok(None))`… is flattened: `Ok(None)` means
    /// not ready; the end is signalled by `is_done`.
    pub fn next_batch(&mut self, wait: bool) -> io::Result<Option<Batch>> {
        loop {
            if let Some(mut batch) = self.pending.remove(&self.next) {
                self.next += 1;
                if let Some(redo) = &mut self.csv {
                    if batch.begin != redo.expected {
                        // A quoted field with a newline crossed into the
                        // range: its rows start where the last row ended.
                        redo.decode_again(&mut batch)?;
                    }
                    redo.expected = batch.end;
                }
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

impl Redo {
    /// Decodes `batch`'s range again, from where the batch before ended.
    #[cold]
    fn decode_again(&self, batch: &mut Batch) -> io::Result<()> {
        let mut scratch = Scratch::default();
        let at = (batch.seq, self.range, self.total);
        let csv = (&*self.start, Some(self.expected));
        decode_csv_range(&self.source, &self.schema, csv, at, &mut scratch, batch)?;
        for item in &mut batch.items {
            if let Item::Event { event, .. } = item {
                event.forget_keys();
            }
        }
        Ok(())
    }
}

/// Lowers the calling thread's priority a little (nice 3): when it and
/// the folding thread both want a core, the fold gets it about twice as
/// often. Only the relative priority of this process's threads is meant;
/// nothing else changes, and where the system says no, nothing at all.
#[allow(unsafe_code)] // the one unsafe block below, with its SAFETY comment
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
        begin: 0,
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
    csv: Option<&CsvStart>,
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
        let decoded = match csv {
            Some(csv) => decode_csv_range(
                source,
                schema,
                (csv, None),
                (i, at.size, at.total),
                &mut scratch,
                &mut batch,
            ),
            None => decode_range(
                source,
                schema,
                i,
                at.size,
                at.total,
                &mut scratch,
                &mut batch,
            ),
        };
        if tx.send(decoded.map(|()| batch)).is_err() {
            return; // The load was dropped (the user quit): stop quietly.
        }
        i += at.step;
    }
}

/// What a decoder keeps from one range to the next.
#[derive(Default)]
struct Scratch {
    keys: AccountKeys,
    records: Vec<records::Record>,
    resolved: Vec<u32>,
    /// A CSV range's rows, as JSON.
    rows: Rows,
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
    batch.begin = offset;
    let records = &mut scratch.records;
    records.clear();
    let newlines = records::split_lines(buf, offset, 0, records);
    // Saturating: a range holding only the log's BOM has no line at all.
    batch.newlines = newlines.saturating_sub(u64::from(buf.last().is_some_and(|&b| b != b'\n')));
    batch.end = offset + buf.len() as u64;
    let (side, keys) = (&mut batch.side, &mut scratch.keys);
    let mut decoder = Decoder::new(schema);
    batch.items.extend(records.iter().map(|r| {
        let detach = |event: &Event<'_>| DetachedEvent::detach(event, buf, side, keys);
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
    number_accounts(scratch, batch);
    Ok(())
}

/// Reads range `i` of a CSV log (from `begin` when given: see
/// [`read_rows`]) into `batch` (emptied, its `seq` and `worker` set): its
/// rows are turned into JSON objects, which the batch's events point into.
fn decode_csv_range(
    source: &Source,
    schema: &Schema,
    (csv, begin): (&CsvStart, Option<u64>),
    at: (u64, u64, u64),
    scratch: &mut Scratch,
    batch: &mut Batch,
) -> io::Result<()> {
    if let Some(text) = batch.text.take() {
        batch.chunk = text.into_bytes();
    }
    batch.items.clear();
    batch.side.clear();
    let rows = &mut scratch.rows;
    read_rows(
        source,
        csv,
        begin,
        at,
        &mut batch.chunk,
        &mut scratch.records,
        rows,
    )?;
    batch.begin = rows.begin;
    batch.end = rows.end;
    batch.newlines = rows.newlines;
    batch.start = 0;
    // Every value went through a JSON writer: the text is UTF-8. Taken
    // (checked, not copied) for the batch, which its events point into; the
    // scratch gets a buffer as large for the next range.
    let room = rows.json.len();
    let json = match String::from_utf8(std::mem::replace(&mut rows.json, Vec::with_capacity(room)))
    {
        Ok(json) => json,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    let (side, keys) = (&mut batch.side, &mut scratch.keys);
    let mut decoder = Decoder::new(schema);
    let buf = json.as_bytes();
    batch.items.extend(rows.rows.iter().map(|row| match row {
        Row::Record(r) => {
            let detach = |event: &Event<'_>| DetachedEvent::detach(event, buf, side, keys);
            match decode_record_with(buf, Some(&json), r, &mut decoder, detach) {
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
        }
        Row::Bad { line, reason } => Item::Malformed {
            line: *line,
            message: Malformation::row(reason.clone()),
        },
    }));
    batch.text = Some(json);
    number_accounts(scratch, batch);
    Ok(())
}

/// The accounts' names of a batch's events, numbered all at once (see
/// [`AccountKeys`]).
fn number_accounts(scratch: &mut Scratch, batch: &mut Batch) {
    let keys = &mut scratch.keys;
    keys.resolve(&mut scratch.resolved);
    let mut resolved = scratch.resolved.iter().copied();
    for item in &mut batch.items {
        if let Item::Event { event, .. } = item {
            event.fill_keys(|| resolved.next().unwrap_or(super::account_keys::NO_KEY));
        }
    }
}

#[cfg(test)]
mod tests;
