//! Where a database's rows go: one JSON object per line, appended to a
//! file of rewind's own (mode 0600, in a fresh directory under the
//! temporary directory, removed when rewind ends), which is then read
//! exactly like a JSON Lines log that is still being written. A row read
//! from the database is line N of this file, so records are numbered and
//! diagnosed exactly as the same rows exported to JSON Lines, and the
//! debugger re-reads an event's record from it by offset as it does any
//! log's. The cost is the row's JSON text, once, on disk (not in memory):
//! about 150–300 bytes an event for the presets' rows.

use super::request::DbError;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Bytes gathered before they are written out.
const FLUSH_AT: usize = 256 << 10;

/// What the reading thread tells the rest.
#[derive(Debug, Default)]
pub struct Shared {
    /// Rows written to the file so far (blank lines, a window's left-out
    /// records, not counted).
    pub rows: AtomicU64,
    /// The reader has ended (its error, if any, is in `error`).
    pub finished: AtomicBool,
    pub error: Mutex<Option<DbError>>,
    /// What the reader is doing when it is not just reading (reconnecting).
    pub status: Mutex<Option<String>>,
    /// Asks the reader to stop at its next row or poll.
    pub stop: AtomicBool,
}

impl Shared {
    pub fn say(&self, status: Option<String>) {
        if let Ok(mut s) = self.status.lock() {
            *s = status;
        }
    }
}

/// The rows, as lines, and the thread writing them.
pub struct Spool {
    path: PathBuf,
    dir: PathBuf,
    pub shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// Appends rows to the spool file, a batch at a time.
pub struct Writer {
    file: File,
    buf: Vec<u8>,
    pending: u64,
    shared: Arc<Shared>,
}

impl Writer {
    /// One row's JSON; written out once enough have gathered.
    pub fn row(&mut self, json: &str) -> std::io::Result<()> {
        if self.shared.stop.load(Ordering::Relaxed) {
            return Err(std::io::Error::other("stopped"));
        }
        self.buf.extend_from_slice(json.as_bytes());
        self.buf.push(b'\n');
        self.pending += u64::from(!json.is_empty());
        // The first rows go out at once, for the debugger's first screen.
        let early = self.shared.rows.load(Ordering::Relaxed) == 0 && self.pending >= 200;
        if self.buf.len() >= FLUSH_AT || early {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes out what has gathered.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.file.write_all(&self.buf)?;
        self.buf.clear();
        self.shared.rows.fetch_add(self.pending, Ordering::Release);
        self.pending = 0;
        Ok(())
    }

    pub fn shared(&self) -> &Shared {
        &self.shared
    }
}

impl Spool {
    /// Creates the file (named `label`) and starts `job` writing to it on
    /// a thread of its own.
    pub fn start<F>(label: &str, job: F) -> Result<Spool, DbError>
    where
        F: FnOnce(&mut Writer) -> Result<(), DbError> + Send + 'static,
    {
        let fail = |e: std::io::Error| {
            DbError::new("cannot create a file for the rows", &e.to_string(), None)
        };
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!("rewind-{}-{nanos}", std::process::id()));
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&dir)
            .map_err(fail)?;
        let safe: String = label
            .chars()
            .map(|c| if c == '/' || c.is_control() { '_' } else { c })
            .collect();
        let path = dir.join(safe);
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .map_err(|e| {
                let _ = std::fs::remove_dir(&dir);
                fail(e)
            })?;
        let shared = Arc::new(Shared::default());
        let mut writer = Writer {
            file,
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            pending: 0,
            shared: Arc::clone(&shared),
        };
        let thread = std::thread::Builder::new()
            .name("rewind-db".into())
            .spawn(move || {
                let result = job(&mut writer).and_then(|()| {
                    writer
                        .flush()
                        .map_err(|e| DbError::new("cannot write the rows", &e.to_string(), None))
                });
                if let (Err(e), Ok(mut slot)) = (result, writer.shared.error.lock()) {
                    *slot = Some(e);
                }
                writer.shared.finished.store(true, Ordering::Release);
            })
            .map_err(fail)?;
        Ok(Spool {
            path,
            dir,
            shared,
            thread: Some(thread),
        })
    }

    /// The file the rows are written to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn error(&self) -> Option<DbError> {
        self.shared.error.lock().ok().and_then(|e| e.clone())
    }

    /// Waits for every row (a read that does not follow); the reader's
    /// error, if it failed.
    pub fn finish(&mut self) -> Result<u64, DbError> {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        match self.error() {
            Some(e) => Err(e),
            None => Ok(self.shared.rows.load(Ordering::Acquire)),
        }
    }

    /// Waits until the first rows are in the file, the reader ended, or
    /// `limit` passed; the reader's error if it failed before any row.
    pub fn first_rows(&self, limit: Duration) -> Result<(), DbError> {
        let start = Instant::now();
        while self.shared.rows.load(Ordering::Acquire) == 0
            && !self.shared.finished.load(Ordering::Acquire)
            && start.elapsed() < limit
        {
            std::thread::sleep(Duration::from_millis(5));
        }
        match self.error() {
            Some(e) if self.shared.rows.load(Ordering::Acquire) == 0 => Err(e),
            _ => Ok(()),
        }
    }
}

impl Drop for Spool {
    /// Stops the reader and removes the file: rows are not kept.
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        let _ = std::fs::remove_file(&self.path);
        let _ = std::fs::remove_dir(&self.dir);
    }
}
