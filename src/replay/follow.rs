//! Following a log that is still being written: after the initial load, a
//! [`Tail`] is polled now and then. It folds in the whole lines appended
//! since, holds back a last line until it has its newline, and notices a
//! log that was truncated, replaced (rotated) or deleted, so the caller can
//! say so and load it again from the start.
//!
//! It only ever reads the open file by position and looks at the path's
//! metadata; nothing is mapped, locked or written.

use super::build::IndexBuilder;
use crate::log::records::{self, Format};
use crate::log::Source;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a last line without a newline waits, while the log does not
/// grow, before it is folded in (and reported if it is not an event).
pub const SETTLE: Duration = Duration::from_secs(2);

/// At most this many bytes are folded per poll, so that a burst of appends
/// never freezes the screen; the rest comes on the next polls.
const BUDGET: usize = 4 << 20;

/// How many bytes before the indexed end are kept to notice a log that was
/// truncated and written again past its old length between two polls.
const GUARD: usize = 64;

/// What a poll found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Nothing new.
    Same,
    /// New records were folded in; `more` if some were left for the next
    /// poll (poll again soon).
    Grew { more: bool },
    /// A last line is still waiting for its newline.
    Waiting,
    /// The log must be loaded again from the start.
    Reload(Why),
    /// The path no longer names a file; what was loaded stays readable
    /// through the open file.
    Deleted,
    /// The log grew (from [`Tail::look`], which folds nothing in).
    Appended,
}

/// Why a log must be loaded again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The file is shorter than what was indexed, or its indexed part was
    /// rewritten.
    Truncated,
    /// The path names another file now (log rotation).
    Replaced,
    /// A JSON array log changed: an array cannot be appended to, so it is
    /// read again whole.
    Rewritten,
}

impl Why {
    /// In words, after the log's name.
    pub fn describe(self) -> &'static str {
        match self {
            Why::Truncated => "was truncated",
            Why::Replaced => "was replaced by a new file",
            Why::Rewritten => "changed",
        }
    }
}

/// Where a followed log stands.
#[derive(Debug)]
pub struct Tail {
    path: PathBuf,
    format: Format,
    /// Bytes of the log indexed so far.
    end: u64,
    /// The physical line at `end` (1-based).
    line: u64,
    /// The last bytes before `end`, as they were when indexed.
    guard: Vec<u8>,
    /// `[end, clean)` is known to hold no newline.
    clean: u64,
    /// The length last seen, and when it last changed.
    seen: u64,
    since: Instant,
    /// How long a partial last line waits (see [`SETTLE`]).
    settle: Duration,
    /// Whether the layout was decided from a non-blank byte.
    decided: bool,
    /// Bytes folded per poll (see [`BUDGET`]).
    budget: usize,
}

impl Tail {
    /// A tail of `source` (opened from `path`), indexed up to byte `end`,
    /// where physical line `line` starts.
    pub fn new(path: &Path, source: &Source, format: Format, end: u64, line: u64) -> Tail {
        let mut tail = Tail {
            path: path.to_owned(),
            format,
            end,
            line,
            guard: Vec::new(),
            clean: end,
            seen: end,
            since: Instant::now(),
            settle: SETTLE,
            decided: format != Format::JsonLines,
            budget: BUDGET,
        };
        tail.guard = tail.read_guard(source).unwrap_or_default();
        tail
    }

    /// Changes how long a partial last line waits (tests).
    pub fn with_settle(mut self, settle: Duration) -> Tail {
        self.settle = settle;
        self
    }

    /// Changes how many bytes a poll folds at most (tests).
    pub fn with_budget(mut self, budget: usize) -> Tail {
        self.budget = budget.max(1);
        self
    }

    /// Bytes of the log indexed so far.
    pub fn end(&self) -> u64 {
        self.end
    }

    /// The path being followed.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read_guard(&self, source: &Source) -> io::Result<Vec<u8>> {
        let from = self.end.saturating_sub(GUARD as u64);
        let mut buf = vec![0; (self.end - from) as usize];
        let got = source.read_at(from, &mut buf)?;
        buf.truncate(got);
        Ok(buf)
    }

    /// Looks at the log once: folds in what was appended (whole lines, at
    /// most `BUDGET`, 4 MB), or tells why the log must be reloaded.
    pub fn poll(&mut self, source: &Source, builder: &mut IndexBuilder) -> io::Result<Change> {
        self.poll_at(source, builder, Instant::now())
    }

    /// [`Tail::poll`] at a given moment.
    pub fn poll_at(
        &mut self,
        source: &Source,
        builder: &mut IndexBuilder,
        now: Instant,
    ) -> io::Result<Change> {
        let len = match self.examine(source, now)? {
            Ok(len) => len,
            Err(change) => return Ok(change),
        };
        // An array, or a CSV log (whose rows need its header), is read
        // again whole.
        if self.format != Format::JsonLines || self.became_an_array(source)? {
            return Ok(Change::Reload(Why::Rewritten));
        }
        if self.has_newline(source, len)? {
            return self.fold(source, builder, len, true);
        }
        if now.duration_since(self.since) >= self.settle {
            // The writer stopped mid-line: take the line as it is.
            return self.fold(source, builder, len, false);
        }
        Ok(Change::Waiting)
    }

    /// Looks at the log without folding anything in: whether it grew, or
    /// must be reloaded.
    pub fn look(&mut self, source: &Source) -> io::Result<Change> {
        Ok(match self.examine(source, Instant::now())? {
            Ok(_) => Change::Appended,
            Err(change) => change,
        })
    }

    /// The log's length if it grew past what is indexed; otherwise what
    /// became of it.
    fn examine(&mut self, source: &Source, now: Instant) -> io::Result<Result<u64, Change>> {
        let Some(open) = source.identity() else {
            return Ok(Err(Change::Same)); // Standard input: read once, whole.
        };
        let named = match std::fs::metadata(&self.path) {
            Ok(meta) => (meta.dev(), meta.ino()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Err(Change::Deleted)),
            Err(e) => return Err(e),
        };
        if named != open {
            return Ok(Err(Change::Reload(Why::Replaced)));
        }
        let len = source.len()?;
        if len < self.end || self.read_guard(source)? != self.guard {
            let why = match self.format {
                Format::JsonArray => Why::Rewritten,
                Format::JsonLines | Format::Csv => Why::Truncated,
            };
            return Ok(Err(Change::Reload(why)));
        }
        if len != self.seen {
            self.seen = len;
            self.since = now;
        }
        if len == self.end {
            return Ok(Err(Change::Same));
        }
        Ok(Ok(len))
    }

    /// Whether a log that was blank when its layout was decided (JSON Lines,
    /// by default) now starts with `[`: it is a JSON array after all.
    fn became_an_array(&mut self, source: &Source) -> io::Result<bool> {
        if self.decided {
            return Ok(false);
        }
        let mut head = vec![0; 64 * 1024];
        let got = source.read_at(0, &mut head)?;
        head.truncate(got);
        if head.len() < records::BOM.len() && records::BOM.starts_with(&head) {
            // Only part of a byte order mark so far: nothing is said yet.
            return Ok(false);
        }
        let body = head.strip_prefix(records::BOM).unwrap_or(&head);
        self.decided = body.iter().any(|b| !b.is_ascii_whitespace());
        Ok(self.decided && records::detect(&head) == Format::JsonArray)
    }

    /// Whether a newline was appended since the last look; reads only the
    /// bytes not yet looked at, so a long line written slowly is scanned
    /// once, not once per poll.
    fn has_newline(&mut self, source: &Source, len: u64) -> io::Result<bool> {
        let mut buf = vec![0; 64 * 1024];
        while self.clean < len {
            let want = buf.len().min((len - self.clean) as usize);
            let got = source.read_at(self.clean, &mut buf[..want])?;
            if got == 0 {
                break;
            }
            if memchr::memchr(b'\n', &buf[..got]).is_some() {
                return Ok(true);
            }
            self.clean += got as u64;
        }
        Ok(false)
    }

    /// Folds in records from `end`, about [`BUDGET`] bytes at most (more
    /// only for a single line longer than that): whole lines only, or
    /// everything to the end of the log.
    fn fold(
        &mut self,
        source: &Source,
        builder: &mut IndexBuilder,
        len: u64,
        whole_lines_only: bool,
    ) -> io::Result<Change> {
        let mut want = (len - self.end).min(self.budget as u64) as usize;
        let buf = loop {
            let mut buf = vec![0; want];
            let got = source.read_at(self.end, &mut buf)?;
            buf.truncate(got);
            let cut = match memchr::memrchr(b'\n', &buf) {
                _ if !whole_lines_only => Some(got),
                Some(nl) => Some(nl + 1),
                None if got < want => None,
                None => {
                    // One line longer than the budget: read on to its end.
                    want = want.saturating_mul(2);
                    continue;
                }
            };
            match cut {
                Some(cut) => {
                    buf.truncate(cut);
                    break buf;
                }
                None => return Ok(Change::Same),
            }
        };
        if buf.is_empty() {
            return Ok(Change::Same);
        }
        let mut records = Vec::new();
        records::split_lines(&buf, self.end, self.line, &mut records);
        builder.push(&buf, &records, source);
        self.line += memchr::memchr_iter(b'\n', &buf).count() as u64;
        self.end += buf.len() as u64;
        self.clean = self.clean.max(self.end);
        self.guard = self.read_guard(source)?;
        Ok(Change::Grew {
            more: self.end < len,
        })
    }
}
