//! Telling a database from a file, and naming it without its password.
//!
//! `postgres://` and `postgresql://` URLs (and libpq's `key=value` strings
//! starting with `host=` or `dbname=`) are PostgreSQL; `sqlite:PATH`, or a
//! path to a file that starts with SQLite's magic header, is SQLite.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Where a database log is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A PostgreSQL connection string, as given.
    Postgres(String),
    /// An SQLite file.
    Sqlite(PathBuf),
}

/// The first 16 bytes of every SQLite 3 database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The database `arg` names, or `None` for a log file (or `-`).
pub fn locate(arg: &Path) -> Option<Location> {
    let text = arg.to_str()?;
    if text.starts_with("postgres://") || text.starts_with("postgresql://") {
        return Some(Location::Postgres(text.to_owned()));
    }
    if let Some(path) = text.strip_prefix("sqlite:") {
        let path = path.strip_prefix("//").unwrap_or(path);
        return Some(Location::Sqlite(PathBuf::from(path)));
    }
    // Only a regular file is looked into: a pipe's bytes, once read, are
    // gone for the log reader.
    if !std::fs::metadata(arg).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let mut head = [0u8; 16];
    let magic = std::fs::File::open(arg)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == SQLITE_MAGIC);
    magic.then(|| Location::Sqlite(arg.to_owned()))
}

/// The password a PostgreSQL URL holds (`postgres://user:PASSWORD@host`),
/// percent-decoded as the driver reads it, and as written.
pub fn password_of(url: &str) -> Vec<String> {
    let Some(rest) = url.split_once("://").map(|(_, r)| r) else {
        return Vec::new();
    };
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let Some((userinfo, _)) = authority.rsplit_once('@') else {
        return Vec::new();
    };
    match userinfo.split_once(':') {
        Some((_, pw)) if !pw.is_empty() => vec![pw.to_owned(), percent_decode(pw)],
        _ => Vec::new(),
    }
}

/// The URL with its password (in the user part or a `password=` query
/// parameter) replaced by `***`: what every message and title shows.
pub fn redact(url: &str) -> String {
    let mut out = url.to_owned();
    for pw in password_of(url) {
        if let Some((scheme, rest)) = out.split_once("://") {
            if let Some((userinfo, tail)) = rest.split_once('@') {
                if let Some((user, _)) = userinfo.split_once(':') {
                    out = format!("{scheme}://{user}:***@{tail}");
                }
            }
        }
        let _ = pw;
    }
    if let Some((head, query)) = out.split_once('?') {
        let params: Vec<String> = query
            .split('&')
            .map(|p| match p.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => p.to_owned(),
            })
            .collect();
        out = format!("{head}?{}", params.join("&"));
    }
    out
}

/// `%41` → `A`; anything not a valid escape is kept as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted_wherever_a_url_holds_them() {
        assert_eq!(
            redact("postgres://ann:s3cr%21t@db:5432/bank?sslmode=require"),
            "postgres://ann:***@db:5432/bank?sslmode=require"
        );
        assert_eq!(
            redact("postgresql://db/bank?user=ann&password=hush"),
            "postgresql://db/bank?user=ann&password=***"
        );
        assert_eq!(redact("postgres://ann@db/bank"), "postgres://ann@db/bank");
        assert_eq!(password_of("postgres://a:p%40ss@h/d"), ["p%40ss", "p@ss"]);
    }

    #[test]
    fn databases_are_told_from_files() {
        assert_eq!(
            locate(Path::new("sqlite:/tmp/x.db")),
            Some(Location::Sqlite("/tmp/x.db".into()))
        );
        assert!(matches!(
            locate(Path::new("postgresql://h/d")),
            Some(Location::Postgres(_))
        ));
        let log = concat!(env!("CARGO_MANIFEST_DIR"), "/sample-logs/cqrs-es.jsonl");
        assert_eq!(locate(Path::new(log)), None);
        assert_eq!(locate(Path::new("-")), None);
    }
}
