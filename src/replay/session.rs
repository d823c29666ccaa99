//! Debugging sessions: what the debugger was looking at (marks,
//! breakpoints, events taken out, the account in focus, filters, the
//! cursor), kept in a small JSON file between runs. By default one file
//! per log under the XDG state directory, named from the log's canonical
//! path; `--session FILE` names one to share. The headless commands read a
//! session's skipped events. Nothing here ever writes to the log.

use crate::log::Source;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The format's version; a file with a larger one is from a newer rewind.
pub const VERSION: u32 = 1;

/// How many bytes from the start of a log its fingerprint covers.
const FINGERPRINT_BYTES: u64 = 4096;

/// The log a session was saved for: a hash of its first bytes, so that a
/// different file at the same path (its first records changed) is told
/// apart, while a log that only grew is not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// How many bytes from the start were hashed.
    pub bytes: u64,
    /// Their FNV-1a 64-bit hash, in hexadecimal.
    pub fnv1a: String,
}

/// A breakpoint as the `b` prompt takes it, with its number and whether it
/// is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedBreakpoint {
    pub number: u32,
    pub enabled: bool,
    pub condition: String,
}

/// One session, as its file holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    pub version: u32,
    /// The log's canonical path when saved (for people reading the file).
    pub log: String,
    pub fingerprint: Fingerprint,
    /// The event under the cursor.
    pub cursor: u32,
    pub marks: BTreeMap<char, u32>,
    pub breakpoints: Vec<SavedBreakpoint>,
    /// The next breakpoint's number less one.
    pub breakpoints_added: u32,
    /// Events taken out of history, as written.
    pub skipped: Vec<u32>,
    /// The account chosen with `a`.
    pub account: Option<String>,
    /// The account whose events alone are listed (`f`).
    pub focus: Option<String>,
    /// The `&` filters, as typed.
    pub filters: Vec<String>,
}

impl Session {
    /// Whether it holds nothing a fresh start would not give: no marks,
    /// breakpoints, skips, account, focus or filters, and the cursor at
    /// the last of the log's `total` events (where a log opens).
    pub fn is_blank(&self, total: u32) -> bool {
        self.marks.is_empty()
            && self.breakpoints.is_empty()
            && self.skipped.is_empty()
            && self.account.is_none()
            && self.focus.is_none()
            && self.filters.is_empty()
            && self.cursor == total
    }
}

/// The directory sessions live in: `$XDG_STATE_HOME/rewind`, else
/// `~/.local/state/rewind`.
pub fn directory() -> Option<PathBuf> {
    let absolute = |v: std::ffi::OsString| {
        let p = PathBuf::from(v);
        p.is_absolute().then_some(p)
    };
    let base = std::env::var_os("XDG_STATE_HOME")
        .and_then(absolute)
        .or_else(|| {
            std::env::var_os("HOME")
                .and_then(absolute)
                .map(|h| h.join(".local").join("state"))
        })?;
    Some(base.join("rewind"))
}

/// FNV-1a, 64 bits: stable across runs and versions (unlike std's hasher).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Where the session of the log at `log` is kept by default: named from
/// the hash of its canonical path. `None` for standard input, or without a
/// state directory.
pub fn default_path(log: &Path) -> Option<PathBuf> {
    let canonical = std::fs::canonicalize(log).ok()?;
    let key = fnv1a(canonical.to_string_lossy().as_bytes());
    Some(directory()?.join(format!("{key:016x}.json")))
}

/// The fingerprint of a log: its first few KB hashed.
pub fn fingerprint(source: &Source) -> Fingerprint {
    let len = source.len().unwrap_or(0).min(FINGERPRINT_BYTES);
    let mut buf = vec![0; len as usize];
    let got = source.read_at(0, &mut buf).unwrap_or(0);
    Fingerprint {
        bytes: got as u64,
        fnv1a: format!("{:016x}", fnv1a(&buf[..got])),
    }
}

impl Fingerprint {
    /// Whether `source` starts with the bytes this was taken of.
    pub fn matches(&self, source: &Source) -> bool {
        let mut buf = vec![0; self.bytes.min(FINGERPRINT_BYTES) as usize];
        let got = source.read_at(0, &mut buf).unwrap_or(0);
        got as u64 == self.bytes && format!("{:016x}", fnv1a(&buf[..got])) == self.fnv1a
    }
}

/// Reads a session file: `Ok(None)` when there is none, an error in words
/// (to show, not to stop for) when it is unreadable, not a session, or
/// from a newer rewind.
pub fn read(path: &Path) -> Result<Option<Session>, String> {
    let text = match std::fs::read(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("session {} not read: {e}", path.display())),
    };
    let value: serde_json::Value = serde_json::from_slice(&text)
        .map_err(|e| format!("session {} is not JSON ({e})", path.display()))?;
    let version = value.get("version").and_then(serde_json::Value::as_u64);
    match version {
        Some(v) if v > u64::from(VERSION) => {
            return Err(format!(
                "session {} is from a newer rewind (version {v})",
                path.display()
            ))
        }
        Some(v) if v >= 1 => {}
        _ => return Err(format!("session {} has no version", path.display())),
    }
    serde_json::from_value(value)
        .map(Some)
        .map_err(|e| format!("session {} is not a session ({e})", path.display()))
}

/// Writes a session file: to a new file beside it, then renamed over it,
/// so that a file is never left half written.
pub fn write(path: &Path, session: &Session) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut text = serde_json::to_vec_pretty(session).map_err(std::io::Error::from)?;
    text.push(b'\n');
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "session".into());
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&temp).and_then(|mut f| f.write_all(&text));
    match written.and_then(|()| std::fs::rename(&temp, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_newer_or_corrupt_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        assert_eq!(read(&path), Ok(None));
        let session = Session {
            version: VERSION,
            cursor: 14,
            marks: [('a', 3)].into_iter().collect(),
            skipped: vec![14, 20],
            breakpoints: vec![SavedBreakpoint {
                number: 2,
                enabled: false,
                condition: "balance < 0".into(),
            }],
            ..Session::default()
        };
        write(&path, &session).unwrap();
        assert_eq!(read(&path), Ok(Some(session)));
        std::fs::write(&path, "{\"version\": 99}").unwrap();
        assert!(read(&path).unwrap_err().contains("newer rewind"));
        std::fs::write(&path, "{\"vers").unwrap();
        assert!(read(&path).unwrap_err().contains("not JSON"));
        std::fs::write(&path, "{\"version\": 1, \"cursor\": \"x\"}").unwrap();
        assert!(read(&path).unwrap_err().contains("not a session"));
    }

    #[test]
    fn a_fingerprint_tells_a_changed_log_from_a_grown_one() {
        let log = Source::memory(b"{\"a\":1}\n".to_vec());
        let print = fingerprint(&log);
        assert!(print.matches(&Source::memory(b"{\"a\":1}\n{\"b\":2}\n".to_vec())));
        assert!(!print.matches(&Source::memory(b"{\"a\":2}\n".to_vec())));
        assert!(!print.matches(&Source::memory(Vec::new())));
    }
}
