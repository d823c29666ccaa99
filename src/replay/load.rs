//! Loading a log into an index. The headless commands run a load to the
//! end; the TUI folds whatever is ready between frames, so the first screen
//! shows at once and the rest streams in behind a progress bar.

use super::build::IndexBuilder;
use super::index::Index;
use super::pipeline::{Decoders, Fold};
use crate::log::records::{self, Format};
use crate::log::Source;
use crate::schema::Schema;
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
    /// Starts loading in the default vocabulary (see [`Feed::start_with`]).
    pub fn start(source: Arc<Source>) -> io::Result<(Feed, IndexBuilder)> {
        Feed::start_with(source, Schema::bank(), false)
    }

    /// Starts loading, reading records with `schema`: JSON Lines decoders
    /// start at once on every core. Returns the feed and the (empty)
    /// builder it feeds. With `whole_lines_only` (a log that is still being
    /// written) a JSON Lines log is loaded up to its last newline, and a
    /// last line without one is left for the follower to take once it is
    /// complete.
    pub fn start_with(
        source: Arc<Source>,
        schema: Arc<Schema>,
        whole_lines_only: bool,
    ) -> io::Result<(Feed, IndexBuilder)> {
        Feed::start_for(source, schema, whole_lines_only, Fold::Heavy)
    }

    /// [`Feed::start_with`], for a fold of weight `fold`: a light one's
    /// builder keeps no history.
    fn start_for(
        source: Arc<Source>,
        schema: Arc<Schema>,
        whole_lines_only: bool,
        fold: Fold,
    ) -> io::Result<(Feed, IndexBuilder)> {
        let format = detect(&source)?;
        let mut total = source.len()?;
        if whole_lines_only && format == Format::JsonLines {
            total = end_of_last_line(&source, total)?;
        }
        let stage = match format {
            Format::JsonArray => Stage::Array,
            Format::JsonLines => Stage::Lines(Decoders::spawn(
                Arc::clone(&source),
                total,
                Arc::clone(&schema),
                fold,
            )),
        };
        let mut builder = IndexBuilder::with_schema(format, schema);
        if fold == Fold::Light {
            builder = builder.without_history();
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

/// Loads a whole log in the default vocabulary.
pub fn load(source: &Arc<Source>) -> io::Result<Index> {
    load_with(source, Schema::bank())
}

/// Loads a whole log, reading records with `schema`.
pub fn load_with(source: &Arc<Source>, schema: Arc<Schema>) -> io::Result<Index> {
    load_whole(source, schema, Fold::Heavy)
}

/// Loads a whole log for its end alone: the index knows the state after
/// the last event, every diagnostic and every event's place and time, but
/// not the state after earlier events (see [`IndexBuilder::without_history`]).
pub fn load_final_with(source: &Arc<Source>, schema: Arc<Schema>) -> io::Result<Index> {
    load_whole(source, schema, Fold::Light)
}

fn load_whole(source: &Arc<Source>, schema: Arc<Schema>, fold: Fold) -> io::Result<Index> {
    let (mut feed, mut builder) = Feed::start_for(Arc::clone(source), schema, false, fold)?;
    builder.reserve_ids(expected_events(feed.total));
    while feed.step(&mut builder, true)? {}
    Ok(builder.finish())
}
