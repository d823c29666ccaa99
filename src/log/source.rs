//! Getting a log's bytes. A file is only ever opened for reading — never
//! created, written, truncated or locked — and read with positioned reads
//! (`pread`), so nothing of it is held in memory beyond what is being
//! decoded, and a file that shrinks under us gives short reads, not a crash.
//! Standard input, which cannot be re-read, is held in memory.

use super::records::Format;
use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::os::unix::fs::{FileExt, FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

/// Why a log could not be read at all.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {}: {reason}", path.display())]
pub struct LogError {
    pub path: PathBuf,
    pub reason: String,
}

pub(crate) fn describe(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::IsADirectory => "it is a directory, not a log file".into(),
        io::ErrorKind::NotADirectory => "a part of the path is not a directory".into(),
        io::ErrorKind::InvalidData => "it is not valid data".into(),
        _ => err.to_string(),
    }
}

/// Where a log's bytes come from.
#[derive(Debug)]
pub enum Source {
    /// A file, read by position.
    File { file: File, path: PathBuf },
    /// Bytes in memory (standard input, tests).
    Memory { bytes: Vec<u8>, name: String },
}

/// Reads a whole log into memory: a path, or `-` for standard input.
pub fn read_log(path: &Path) -> Result<Vec<u8>, LogError> {
    let source = Source::open(path)?;
    let len = source.len().map_err(|e| LogError {
        path: path.to_owned(),
        reason: describe(&e),
    })?;
    let mut bytes = vec![0; len as usize];
    let got = source.read_at(0, &mut bytes).map_err(|e| LogError {
        path: path.to_owned(),
        reason: describe(&e),
    })?;
    bytes.truncate(got);
    Ok(bytes)
}

impl Source {
    /// Opens a log read-only: a path, or `-` for standard input (read to
    /// its end now).
    pub fn open(path: &Path) -> Result<Source, LogError> {
        let fail = |reason: String| LogError {
            path: path.to_owned(),
            reason,
        };
        if path.as_os_str() == "-" {
            let stdin = io::stdin();
            // Standard input redirected from a device (`< /dev/zero`) would
            // be read forever; a terminal is fine (the user types, then ^D).
            if !stdin.is_terminal() {
                use std::os::fd::AsFd;
                let meta = stdin
                    .as_fd()
                    .try_clone_to_owned()
                    .map(File::from)
                    .and_then(|f| f.metadata());
                if let Ok(meta) = meta {
                    refuse_devices(&meta).map_err(|r| LogError {
                        path: "standard input".into(),
                        reason: r.into(),
                    })?;
                }
            }
            let mut bytes = Vec::new();
            stdin
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| fail(describe(&e)))?;
            return Ok(Source::Memory {
                bytes,
                name: "-".into(),
            });
        }
        let file = File::open(path).map_err(|e| fail(describe(&e)))?;
        let meta = file.metadata().map_err(|e| fail(describe(&e)))?;
        if meta.is_dir() {
            return Err(fail("it is a directory, not a log file".into()));
        }
        refuse_devices(&meta).map_err(|r| fail(r.into()))?;
        if !meta.is_file() {
            // A FIFO cannot be read by position: take it whole, to its end.
            let mut bytes = Vec::new();
            (&file)
                .read_to_end(&mut bytes)
                .map_err(|e| fail(describe(&e)))?;
            return Ok(Source::Memory {
                bytes,
                name: path.display().to_string(),
            });
        }
        Ok(Source::File {
            file,
            path: path.to_owned(),
        })
    }

    /// The (device, inode) of the open file; `None` for a log in memory.
    /// Compared with what the path names now, it tells a rotated log (same
    /// path, new file) from one that grew or shrank.
    pub fn identity(&self) -> Option<(u64, u64)> {
        match self {
            Source::File { file, .. } => file.metadata().ok().map(|m| (m.dev(), m.ino())),
            Source::Memory { .. } => None,
        }
    }

    /// Whether the log can be re-read and watched (a file, not a pipe).
    pub fn is_file(&self) -> bool {
        matches!(self, Source::File { .. })
    }

    /// A log held in memory.
    pub fn memory(bytes: Vec<u8>) -> Source {
        Source::Memory {
            bytes,
            name: "memory".into(),
        }
    }

    /// The name to show for this log.
    pub fn name(&self) -> String {
        match self {
            Source::File { path, .. } => path.display().to_string(),
            Source::Memory { name, .. } => name.clone(),
        }
    }

    /// The log's current length in bytes.
    pub fn len(&self) -> io::Result<u64> {
        match self {
            Source::File { file, .. } => Ok(file.metadata()?.len()),
            Source::Memory { bytes, .. } => Ok(bytes.len() as u64),
        }
    }

    pub fn is_empty(&self) -> io::Result<bool> {
        Ok(self.len()? == 0)
    }

    /// Fills `buf` from `offset` as far as the log goes; returns how many
    /// bytes were read (fewer than asked only at the end of the log).
    pub fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::File { file, .. } => {
                let mut done = 0;
                while done < buf.len() {
                    match file.read_at(&mut buf[done..], offset + done as u64) {
                        Ok(0) => break,
                        Ok(k) => done += k,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(e),
                    }
                }
                Ok(done)
            }
            Source::Memory { bytes, .. } => {
                let start = (offset as usize).min(bytes.len());
                let k = buf.len().min(bytes.len() - start);
                buf[..k].copy_from_slice(&bytes[start..start + k]);
                Ok(k)
            }
        }
    }

    /// The bytes of the record that starts at `offset`: up to the end of its
    /// line (JSON Lines), of its JSON value (arrays) or of its row (CSV). Reads a small window
    /// and, for long records, reads on in doubling steps, so a record costs
    /// at most about twice its own length whatever follows it.
    pub fn record_at(&self, offset: u64, format: Format) -> io::Result<Vec<u8>> {
        let mut buf = Vec::new();
        let mut step = 4096usize;
        loop {
            let have = buf.len();
            buf.resize(have + step, 0);
            let got = self.read_at(offset + have as u64, &mut buf[have..])?;
            buf.truncate(have + got);
            let at_end = got < step;
            let end = match format {
                Format::JsonLines => memchr::memchr(b'\n', &buf[have..]).map(|p| have + p),
                // Scanned the way the array was split (not parsed, so depth
                // costs nothing); rescanned from the start as it widens.
                Format::JsonArray => super::records::element_end(&buf),
                // A CSV row: its bytes as they are (a quoted field may hold
                // newlines); the index turns it into its record.
                Format::Csv => super::csv::row_at(&buf, at_end).map(<[u8]>::len),
            };
            if let Some(end) = end {
                buf.truncate(end);
                break trim_end(buf);
            }
            if at_end {
                break trim_end(buf);
            }
            step = buf.len();
        }
    }
}

/// Character and block devices, and sockets, are not logs: `/dev/zero`
/// never ends, and a terminal would wait for typing. `/dev/null` is let
/// through: it is the empty log.
fn refuse_devices(meta: &std::fs::Metadata) -> Result<(), &'static str> {
    let kind = meta.file_type();
    let null = || std::fs::metadata("/dev/null").is_ok_and(|n| n.rdev() == meta.rdev());
    if (kind.is_char_device() && !null()) || kind.is_block_device() || kind.is_socket() {
        Err("not a regular file or pipe")
    } else {
        Ok(())
    }
}

fn trim_end(mut buf: Vec<u8>) -> io::Result<Vec<u8>> {
    while buf.last().is_some_and(|b| b.is_ascii_whitespace()) {
        buf.pop();
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_fetched_by_offset_whatever_their_length() {
        let long = format!("{{\"x\":\"{}\"}}", "y".repeat(100_000));
        let log = format!("{{\"a\":1}}\r\n{long}\n{{\"b\":2}}");
        let src = Source::memory(log.clone().into_bytes());
        assert_eq!(src.record_at(0, Format::JsonLines).unwrap(), b"{\"a\":1}");
        assert_eq!(
            src.record_at(9, Format::JsonLines).unwrap(),
            long.as_bytes()
        );
        let last = log.rfind('{').unwrap() as u64;
        assert_eq!(
            src.record_at(last, Format::JsonLines).unwrap(),
            b"{\"b\":2}"
        );
        let arr = Source::memory(b"[{\"a\":[1,2]},\n {\"b\":2}]".to_vec());
        assert_eq!(
            arr.record_at(1, Format::JsonArray).unwrap(),
            b"{\"a\":[1,2]}"
        );
        assert_eq!(arr.record_at(15, Format::JsonArray).unwrap(), b"{\"b\":2}");
    }

    #[test]
    fn a_long_record_costs_about_its_own_length_whatever_follows() {
        // Reading a 1 MB record must not read (or allocate) the 8 MB after it.
        let mut log = vec![b'x'; 1 << 20];
        log.push(b'\n');
        log.resize(9 << 20, b'y');
        let src = Source::memory(log);
        assert_eq!(src.record_at(0, Format::JsonLines).unwrap().len(), 1 << 20);
    }

    #[test]
    fn devices_are_refused_and_dev_null_is_the_empty_log() {
        let err = Source::open(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot read /dev/zero: not a regular file or pipe"
        );
        let null = Source::open(Path::new("/dev/null")).unwrap();
        assert!(null.is_empty().unwrap());
        let err = Source::open(Path::new("/")).unwrap_err();
        assert_eq!(err.reason, "it is a directory, not a log file");
        let under_a_file = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml/x");
        let err = Source::open(Path::new(under_a_file)).unwrap_err();
        assert_eq!(err.reason, "a part of the path is not a directory");
    }
}
