//! Loading a log into an index, the two ways in: [`load`] runs a load to
//! the end (the headless commands); a [`Feed`] is a load the TUI steps
//! through, folding whatever is ready between frames, so the first screen
//! shows at once and the rest streams in behind a progress bar. Both take
//! [`LoadOptions`]. (Following a log as it grows is the third way in:
//! [`Tail`](super::follow::Tail).)

use super::build::IndexBuilder;
use super::csv_range::CsvStart;
use super::index::Index;
use super::options::LoadOptions;
use super::pipeline::Decoders;
use crate::log::records::{self, Format};
use crate::log::Source;
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Progress of a load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes of the log indexed so far.
    pub done: u64,
    /// The log's length when the load started.
    pub total: u64,
}

enum Stage {
    /// A JSON array, read and split whole at the first step.
    Array,
    Lines(Decoders),
    Done,
}

/// The part of a load that feeds an [`IndexBuilder`]: the decoders and
/// where they are. Kept apart from the builder so that the TUI's model can
/// own the (growing) index while its run loop owns the feed.
pub struct Feed {
    source: Arc<Source>,
    stage: Stage,
    total: u64,
    done: u64,
    next_line: u64,
}

/// Reads up to the first non-blank byte to tell the layout.
fn detect(source: &Source) -> io::Result<Format> {
    let mut offset = 0u64;
    let mut buf = vec![0; 64 * 1024];
    loop {
        let got = source.read_at(offset, &mut buf)?;
        if got == 0 {
            return Ok(Format::JsonLines);
        }
        let slice = if offset == 0 {
            buf[..got].strip_prefix(records::BOM).unwrap_or(&buf[..got])
        } else {
            &buf[..got]
        };
        if let Some(&b) = slice.iter().find(|b| !b.is_ascii_whitespace()) {
            return Ok(records::detect(&[b]));
        }
        offset += got as u64;
    }
}

impl Feed {
    /// Starts loading `source` as `options` say: JSON Lines decoders start
    /// at once on every core. Returns the feed and the (empty) builder it
    /// feeds.
    pub fn start(source: Arc<Source>, options: &LoadOptions) -> io::Result<(Feed, IndexBuilder)> {
        // CSV when the schema says so or the file is named so.
        let csv = options.schema.is_csv() || source.name().to_ascii_lowercase().ends_with(".csv");
        let format = if csv { Format::Csv } else { detect(&source)? };
        let mut total = source.len()?;
        if options.whole_lines_only && format != Format::JsonArray {
            total = end_of_last_line(&source, total)?;
        }
        let start = if csv {
            CsvStart::read(&source)?.map(Arc::new)
        } else {
            None
        };
        let stage = match format {
            Format::JsonArray => Stage::Array,
            // A CSV log without even a header has no events.
            Format::Csv if start.is_none() => Stage::Done,
            Format::JsonLines | Format::Csv => Stage::Lines(Decoders::spawn_for(
                Arc::clone(&source),
                total,
                Arc::clone(&options.schema),
                options.history,
                start.clone(),
            )),
        };
        let mut builder = IndexBuilder::new(format, options);
        if let Some(start) = start {
            builder.set_csv_header(Arc::clone(&start.header));
        }
        builder.reserve(expected_events(total));
        let feed = Feed {
            source,
            stage,
            total,
            done: 0,
            next_line: 1,
        };
        Ok((feed, builder))
    }

    /// Folds the next part of the log into `builder`, waiting for it if
    /// `wait`. Returns `false` once the whole log is in.
    pub fn step(&mut self, builder: &mut IndexBuilder, wait: bool) -> io::Result<bool> {
        match &mut self.stage {
            Stage::Done => Ok(false),
            Stage::Array => {
                let mut log = vec![0; self.total as usize];
                let got = self.source.read_at(0, &mut log)?;
                log.truncate(got);
                let records = records::split(&log);
                builder.push(&log, &records, &self.source);
                self.done = got as u64;
                self.stage = Stage::Done;
                Ok(false)
            }
            Stage::Lines(decoders) => match decoders.next_batch(wait)? {
                Some(batch) => {
                    builder.push_batch(&batch, self.next_line, &self.source);
                    self.next_line += batch.newlines;
                    self.done = batch.end;
                    decoders.recycle(batch);
                    Ok(true)
                }
                None if decoders.is_done() => {
                    self.stage = Stage::Done;
                    self.done = self.total;
                    Ok(false)
                }
                None => Ok(true),
            },
        }
    }

    /// Folds in what is ready, for at most `budget`; never waits for the
    /// decoders. Returns `false` once the whole log is in.
    pub fn step_for(&mut self, builder: &mut IndexBuilder, budget: Duration) -> io::Result<bool> {
        let start = Instant::now();
        loop {
            let before = self.done;
            if !self.step(builder, false)? {
                return Ok(false);
            }
            if self.done == before || start.elapsed() >= budget {
                return Ok(true);
            }
        }
    }

    pub fn progress(&self) -> Progress {
        Progress {
            done: self.done,
            total: self.total,
        }
    }

    pub fn is_finished(&self) -> bool {
        matches!(self.stage, Stage::Done)
    }

    /// The physical line that follows the part of the log loaded so far.
    pub fn next_line(&self) -> u64 {
        self.next_line
    }

    /// The source being loaded.
    pub fn source(&self) -> &Arc<Source> {
        &self.source
    }
}

/// Just after the last newline in the first `len` bytes (0 if none).
fn end_of_last_line(source: &Source, len: u64) -> io::Result<u64> {
    let mut end = len;
    let mut buf = vec![0; 64 * 1024];
    while end > 0 {
        let from = end.saturating_sub(buf.len() as u64);
        let want = (end - from) as usize;
        let got = source.read_at(from, &mut buf[..want])?;
        if let Some(nl) = memchr::memrchr(b'\n', &buf[..got]) {
            return Ok(from + nl as u64 + 1);
        }
        end = from;
    }
    Ok(0)
}

/// About how many events a log of `bytes` holds (events of the canonical
/// shape are about 140 bytes), to make room for them up front.
pub fn expected_events(bytes: u64) -> usize {
    (bytes / 160) as usize
}

/// Loads a whole log, as `options` say, to the end.
pub fn load(source: &Arc<Source>, options: &LoadOptions) -> io::Result<Index> {
    let (mut feed, mut builder) = Feed::start(Arc::clone(source), options)?;
    builder.reserve_ids(expected_events(feed.total));
    while feed.step(&mut builder, true)? {}
    Ok(builder.finish())
}
