//! The stores whose tables rewind reads, for the database tests: each
//! preset's table with its real column names and types (PostgreSQL's, and
//! the nearest SQLite has), filled with the preset's sample log; and the
//! check that a database read equals the same rows read from a JSON Lines
//! file, in every diagnostic and at every position.

#![allow(dead_code)]

pub mod postgres;

use super::binary::{json, rewind};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A store's table, and the sample log that fills it.
pub struct Store {
    pub preset: &'static str,
    pub sample: &'static str,
    pub table: &'static str,
    /// The table as the store creates it in PostgreSQL.
    pub postgres: &'static str,
    /// The same columns in SQLite (JSON kept as TEXT).
    pub sqlite: &'static str,
    /// The columns, in the order of the definitions.
    pub columns: &'static [&'static str],
    /// The preset's `order_by`, as sort keys of a row.
    pub order: &'static [&'static str],
}

/// cqrs-es (postgres-es's `events`), Marten's `mt_events`, Message DB's
/// `messages`.
pub fn stores() -> Vec<Store> {
    vec![
        Store {
            preset: "cqrs-es",
            sample: "sample-logs/cqrs-es.jsonl",
            table: "events",
            postgres: "CREATE TABLE events (aggregate_type text NOT NULL, aggregate_id text NOT NULL, sequence bigint CHECK (sequence >= 0) NOT NULL, event_type text NOT NULL, event_version text NOT NULL, payload json NOT NULL, metadata json NOT NULL, PRIMARY KEY (aggregate_type, aggregate_id, sequence))",
            sqlite: "CREATE TABLE events (aggregate_type TEXT NOT NULL, aggregate_id TEXT NOT NULL, sequence INTEGER NOT NULL, event_type TEXT NOT NULL, event_version TEXT NOT NULL, payload TEXT NOT NULL, metadata TEXT NOT NULL, PRIMARY KEY (aggregate_type, aggregate_id, sequence))",
            columns: &["aggregate_type", "aggregate_id", "sequence", "event_type", "event_version", "payload", "metadata"],
            order: &["aggregate_type", "aggregate_id", "sequence"],
        },
        Store {
            preset: "marten",
            sample: "sample-logs/marten.jsonl",
            table: "mt_events",
            postgres: "CREATE TABLE mt_events (seq_id bigint NOT NULL PRIMARY KEY, id uuid NOT NULL, stream_id uuid, version integer NOT NULL, data jsonb NOT NULL, type varchar(500) NOT NULL, timestamp timestamp with time zone NOT NULL DEFAULT now(), tenant_id varchar DEFAULT '*DEFAULT*', mt_dotnet_type varchar, is_archived bool DEFAULT FALSE)",
            sqlite: "CREATE TABLE mt_events (seq_id INTEGER NOT NULL PRIMARY KEY, id TEXT NOT NULL, stream_id TEXT, version INTEGER NOT NULL, data TEXT NOT NULL, type TEXT NOT NULL, timestamp TEXT NOT NULL, tenant_id TEXT, mt_dotnet_type TEXT, is_archived INTEGER)",
            columns: &["seq_id", "id", "stream_id", "version", "data", "type", "timestamp", "tenant_id", "mt_dotnet_type", "is_archived"],
            order: &["seq_id"],
        },
        Store {
            preset: "message-db",
            sample: "sample-logs/message-db.jsonl",
            table: "messages",
            postgres: "CREATE TABLE messages (global_position bigserial NOT NULL PRIMARY KEY, position bigint NOT NULL, time TIMESTAMP WITHOUT TIME ZONE DEFAULT (now() AT TIME ZONE 'utc') NOT NULL, stream_name text NOT NULL, type text NOT NULL, data jsonb, metadata jsonb, id UUID NOT NULL DEFAULT gen_random_uuid())",
            sqlite: "CREATE TABLE messages (global_position INTEGER NOT NULL PRIMARY KEY, position INTEGER NOT NULL, time TEXT NOT NULL, stream_name TEXT NOT NULL, type TEXT NOT NULL, data TEXT, metadata TEXT, id TEXT NOT NULL)",
            columns: &["global_position", "position", "time", "stream_name", "type", "data", "metadata", "id"],
            order: &["global_position"],
        },
    ]
}

/// The rows of a JSON Lines log.
pub fn rows_of(text: &str) -> Vec<Value> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The rows in the order the store's query reads them.
pub fn ordered(store: &Store, mut rows: Vec<Value>) -> Vec<Value> {
    rows.sort_by(|a, b| {
        let key = |r: &Value| {
            store
                .order
                .iter()
                .map(|k| match &r[*k] {
                    Value::Number(n) => format!("{:020}", n.as_u64().unwrap_or(0)),
                    v => v.as_str().unwrap_or("").to_owned(),
                })
                .collect::<Vec<_>>()
        };
        key(a).cmp(&key(b))
    });
    rows
}

/// A scratch directory, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("rewind-db-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
    pub fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// Writes `rows` as a JSON Lines file: what an export of them holds.
pub fn export(rows: &[Value], path: &Path) {
    let text: String = rows.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(path, text).unwrap();
}

/// `check --json` and `state --json` at every position read from `db`
/// (with the flags `extra`) equal those read from `file`, both with
/// `--schema preset`.
pub fn assert_same_as_file(db: &str, file: &str, preset: &str, extra: &[&str]) {
    let run = |log: &str, args: &[&str]| {
        let mut all = vec![args[0], log, "--schema", preset];
        all.extend_from_slice(&args[1..]);
        // `check` takes --account from a database only; `state` shows the
        // one account whatever it reads.
        if log == db || args[0] == "state" {
            all.extend_from_slice(extra);
        }
        let out = rewind(&all);
        assert!(
            out.status.code() == Some(0) || out.status.code() == Some(1),
            "{all:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut doc = json(&out);
        if let Some(Value::String(t)) = doc.get_mut("as_of") {
            *t = same_instant(t);
        }
        doc
    };
    let check = run(db, &["check", "--json"]);
    assert_eq!(check, run(file, &["check", "--json"]), "check of {db}");
    let events = check["events"].as_u64().unwrap();
    assert!(events > 0, "{db} read no events");
    for n in 0..=events {
        let at = n.to_string();
        assert_eq!(
            run(db, &["state", "--json", "--at", &at]),
            run(file, &["state", "--json", "--at", &at]),
            "state at {n} of {db}"
        );
    }
}

/// A time as PostgreSQL writes it: trailing zeros of the fraction dropped
/// (`…25.359140+00:00` is `…25.35914+00:00`), so that the time a sample log
/// wrote and the one the server exports compare equal.
fn same_instant(text: &str) -> String {
    let Some(dot) = text.find('.') else {
        return text.to_owned();
    };
    let digits = text[dot + 1..]
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    let fraction = text[dot + 1..dot + 1 + digits].trim_end_matches('0');
    let dot_part = if fraction.is_empty() {
        String::new()
    } else {
        format!(".{fraction}")
    };
    format!("{}{dot_part}{}", &text[..dot], &text[dot + 1 + digits..])
}

/// The debugger in a terminal of its own (a private tmux server), for as
/// long as the value lives.
pub struct Screen(String);

impl Screen {
    pub fn open(command: &str) -> Screen {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let socket = format!("rewind-db-{}-{n}", std::process::id());
        let tmux = |args: &[&str]| {
            std::process::Command::new("tmux")
                .arg("-L")
                .arg(&socket)
                .args(args)
                .env_remove("TMUX")
                .output()
        };
        let made = tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            "80",
            "-y",
            "24",
            command,
        ])
        .expect("the debugger's follow test needs tmux");
        assert!(made.status.success());
        Screen(socket)
    }

    pub fn text(&self) -> String {
        let out = std::process::Command::new("tmux")
            .args(["-L", &self.0, "capture-pane", "-p"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Screen {
    /// Waits until the screen shows `needle`; fails showing the screen.
    pub fn wait(&self, what: &str, needle: &str) {
        let start = std::time::Instant::now();
        while !self.text().contains(needle) {
            assert!(
                start.elapsed().as_secs() < 20,
                "timed out waiting for {what}:\n{}",
                self.text()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = std::process::Command::new("tmux")
            .args(["-L", &self.0, "kill-server"])
            .output();
    }
}
