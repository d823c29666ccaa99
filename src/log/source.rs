//! Getting a log's bytes. The log is only ever opened for reading: never
//! created, written, truncated or locked.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Why a log could not be read at all.
#[derive(Debug)]
pub struct LogError {
    pub path: PathBuf,
    pub reason: String,
}

impl fmt::Display for LogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read {}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for LogError {}

fn describe(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::IsADirectory => "it is a directory, not a log file".into(),
        _ => err.to_string(),
    }
}

/// Reads a whole log: a path, or `-` for standard input.
pub fn read_log(path: &Path) -> Result<Vec<u8>, LogError> {
    let fail = |reason: String| LogError {
        path: path.to_owned(),
        reason,
    };
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| fail(describe(&e)))?;
        return Ok(bytes);
    }
    let mut file = File::open(path).map_err(|e| fail(describe(&e)))?;
    let meta = file.metadata().map_err(|e| fail(describe(&e)))?;
    if meta.is_dir() {
        return Err(fail("it is a directory, not a log file".into()));
    }
    file.read_to_end(&mut bytes)
        .map_err(|e| fail(describe(&e)))?;
    Ok(bytes)
}
