//! Following a live log: a writer appends to, truncates, rotates and
//! deletes a file in a temporary directory while a [`Tail`] watches it.
//! However the bytes arrive, the index must end up exactly as if the final
//! log had been loaded in one go.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use rewind::log::Source;
use rewind::replay::follow::{Change, Tail, Why};
use rewind::replay::{Feed, Index, IndexBuilder, LoadOptions};
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

const OPEN: &str =
    r#"{"id":"o","type":"AccountOpened","account":"a","data":{"initial_balance":100}}"#;

fn deposit(i: u32) -> String {
    format!(r#"{{"id":"d{i}","type":"MoneyDeposited","account":"a","data":{{"amount":"{i}.5"}}}}"#)
}

fn append(path: &Path, bytes: &[u8]) {
    let mut file = OpenOptions::new().append(true).open(path).unwrap();
    file.write_all(bytes).unwrap();
}

/// What a follower sees: the log loaded as the TUI does with `--follow`.
struct Follower {
    source: Arc<Source>,
    builder: IndexBuilder,
    tail: Tail,
}

impl Follower {
    fn open(path: &Path) -> Follower {
        let source = Arc::new(Source::open(path).unwrap());
        let (mut feed, mut builder) = Feed::start(
            Arc::clone(&source),
            &LoadOptions {
                whole_lines_only: true,
                ..LoadOptions::default()
            },
        )
        .unwrap();
        while feed.step(&mut builder, true).unwrap() {}
        let tail = Tail::new(
            path,
            &source,
            builder.index().format(),
            feed.progress().done,
            feed.next_line(),
        );
        Follower {
            source,
            builder,
            tail,
        }
    }

    fn poll(&mut self) -> Change {
        self.tail.poll(&self.source, &mut self.builder).unwrap()
    }

    /// Polls until nothing more comes in; reloads when told to, as the
    /// debugger does.
    fn drain(&mut self, path: &Path) {
        loop {
            match self.poll() {
                Change::Grew { .. } => {}
                Change::Reload(_) => *self = Follower::open(path),
                _ => return,
            }
        }
    }

    fn index(&self) -> &Index {
        self.builder.index()
    }
}

/// Two indexes agree on everything the debugger shows.
fn assert_same(got: &Index, log: &[u8]) {
    let source = Arc::new(Source::memory(log.to_vec()));
    let want = rewind::replay::load(&source, &LoadOptions::default()).unwrap();
    assert_eq!(got.len(), want.len(), "events");
    assert_eq!(got.diagnostics(), want.diagnostics());
    for n in 0..=want.len() {
        assert_eq!(got.offset(n), want.offset(n), "offset of {n}");
        assert_eq!(got.state_at(n), want.state_at(n), "state at {n}");
    }
}

#[test]
fn appended_lines_are_folded_in_and_a_partial_line_waits_for_its_newline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.jsonl");
    let half = &deposit(3)[..20];
    fs::write(&path, format!("{OPEN}\n{}\n{half}", deposit(1))).unwrap();
    let mut f = Follower::open(&path);
    assert_eq!(f.index().len(), 2, "the partial last line is not loaded");
    assert!(f.index().diagnostics().is_empty(), "nor reported");
    assert_eq!(f.poll(), Change::Waiting);

    append(
        &path,
        format!("{}\n{}\n", &deposit(3)[20..], deposit(4)).as_bytes(),
    );
    assert_eq!(f.poll(), Change::Grew { more: false });
    assert_eq!(f.poll(), Change::Same);
    assert_eq!(f.index().len(), 4);
    assert_same(f.index(), &fs::read(&path).unwrap());
}

#[test]
fn a_partial_line_is_folded_once_the_log_stops_growing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.jsonl");
    fs::write(&path, format!("{OPEN}\n{{\"type\":\"Money")).unwrap();
    let mut f = Follower::open(&path);
    f.tail = Tail::new(&path, &f.source, f.index().format(), f.tail.end(), 2)
        .with_settle(Duration::from_millis(50));
    let start = Instant::now();
    assert_eq!(f.poll(), Change::Waiting);
    // Still growing: still waiting.
    append(&path, b"Dep");
    std::thread::sleep(Duration::from_millis(30));
    assert_eq!(f.poll(), Change::Waiting);
    std::thread::sleep(Duration::from_millis(60));
    assert_eq!(f.poll(), Change::Grew { more: false });
    assert!(start.elapsed() >= Duration::from_millis(50));
    let diagnostics = f.index().diagnostics();
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].line, 2);
    assert!(
        diagnostics[0].message.contains("ends too early"),
        "{diagnostics:?}"
    );
    assert_eq!(f.poll(), Change::Same);
}

#[test]
fn truncation_is_noticed_even_when_the_log_grows_back_past_its_old_length() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.jsonl");
    fs::write(&path, format!("{OPEN}\n{}\n", deposit(1))).unwrap();
    let mut f = Follower::open(&path);
    fs::write(&path, format!("{OPEN}\n")).unwrap();
    assert_eq!(f.poll(), Change::Reload(Why::Truncated));

    let mut f = Follower::open(&path);
    // Truncated and written again, longer, between two polls (what
    // `copytruncate` and a busy writer can do).
    let mut file = OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(0).unwrap();
    file.write_all(format!("{}\n{}\n", deposit(7), deposit(8)).as_bytes())
        .unwrap();
    assert_eq!(f.poll(), Change::Reload(Why::Truncated));
}

#[test]
fn rotation_and_deletion_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.jsonl");
    fs::write(&path, format!("{OPEN}\n")).unwrap();
    let mut f = Follower::open(&path);
    fs::rename(&path, dir.path().join("live.jsonl.1")).unwrap();
    assert_eq!(f.poll(), Change::Deleted);
    // What was loaded stays readable through the open file.
    assert_eq!(
        f.index().record_bytes(&f.source, 1).unwrap(),
        OPEN.as_bytes()
    );
    fs::write(&path, format!("{}\n", deposit(1))).unwrap();
    assert_eq!(f.poll(), Change::Reload(Why::Replaced));
    fs::remove_file(&path).unwrap();
    assert_eq!(f.poll(), Change::Deleted);
}

#[test]
fn a_json_array_that_changes_is_read_again_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.json");
    fs::write(&path, format!("[{OPEN}]")).unwrap();
    let mut f = Follower::open(&path);
    assert_eq!(f.index().len(), 1);
    assert_eq!(f.poll(), Change::Same);
    fs::write(&path, format!("[{OPEN},\n{}]", deposit(1))).unwrap();
    assert_eq!(f.poll(), Change::Reload(Why::Rewritten));
}

#[test]
fn a_burst_of_appends_is_folded_a_bounded_slice_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.jsonl");
    fs::write(&path, format!("{OPEN}\n")).unwrap();
    let mut f = Follower::open(&path);
    f.tail = Tail::new(&path, &f.source, f.index().format(), f.tail.end(), 2).with_budget(64 << 10);
    let mut burst = String::new();
    let mut i = 0;
    while burst.len() < 300 << 10 {
        burst.push_str(&deposit(i % 1000));
        burst.push('\n');
        i += 1;
    }
    append(&path, burst.as_bytes());
    let mut polls = 0;
    loop {
        polls += 1;
        match f.poll() {
            Change::Grew { more: true } => {}
            Change::Grew { more: false } => break,
            other => panic!("{other:?}"),
        }
    }
    assert!(polls >= 4, "folded in slices, not at once: {polls} polls");
    assert_eq!(f.index().len(), i + 1);
}

#[test]
fn standard_input_has_nothing_to_follow() {
    let source = Source::memory(format!("{OPEN}\n").into_bytes());
    let mut builder = IndexBuilder::new(rewind::log::Format::JsonLines, &LoadOptions::default());
    let mut tail = Tail::new(
        Path::new("-"),
        &source,
        rewind::log::Format::JsonLines,
        0,
        1,
    );
    assert_eq!(tail.poll(&source, &mut builder).unwrap(), Change::Same);
}

/// A writer thread appends the log in pieces cut at arbitrary bytes while
/// the follower polls as fast as it can.
#[test]
fn a_concurrent_writer_is_followed_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.jsonl");
    let mut log = String::new();
    for i in 0..3000 {
        let line = match i % 97 {
            0 => OPEN.to_owned(),
            13 => "noise from the program".to_owned(),
            _ => deposit(i),
        };
        log.push_str(&line);
        log.push_str(if i % 5 == 0 { "\r\n" } else { "\n" });
    }
    fs::write(&path, "").unwrap();
    let mut f = Follower::open(&path);
    let writer = {
        let (path, log) = (path.clone(), log.clone());
        std::thread::spawn(move || {
            let mut file = OpenOptions::new().append(true).open(path).unwrap();
            let bytes = log.as_bytes();
            let mut at = 0;
            let mut step = 1;
            while at < bytes.len() {
                let end = (at + step).min(bytes.len());
                file.write_all(&bytes[at..end]).unwrap();
                at = end;
                step = step * 7 % 1013 + 1;
            }
        })
    };
    while !writer.is_finished() {
        let change = f.poll();
        assert!(
            matches!(change, Change::Same | Change::Waiting | Change::Grew { .. }),
            "{change:?}"
        );
    }
    writer.join().unwrap();
    f.drain(&path);
    assert_same(f.index(), log.as_bytes());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Appending a log in any pieces, with a poll after each, indexes it
    /// exactly as loading it whole.
    #[test]
    fn any_appending_indexes_like_a_whole_load(
        lines in prop::collection::vec(0u32..6, 1..40),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
    ) {
        let mut log = String::from("\u{feff}");
        for (i, kind) in lines.iter().enumerate() {
            match kind {
                0 => log.push_str(OPEN),
                1 => log.push_str("{\"type\":\"MoneyWithdrawn\",\"account\":\"a\",\"amount\":1e2}"),
                2 => log.push_str("[not, an, event"),
                3 => log.push_str("   "),
                _ => log.push_str(&deposit(i as u32)),
            }
            log.push_str(if i % 3 == 0 { "\r\n" } else { "\n" });
        }
        let bytes = log.as_bytes();
        let mut points: Vec<usize> = cuts.iter().map(|c| c.index(bytes.len())).collect();
        points.push(bytes.len());
        points.sort_unstable();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("live.jsonl");
        fs::write(&path, &bytes[..points[0]]).unwrap();
        let mut f = Follower::open(&path);
        for pair in points.windows(2) {
            append(&path, &bytes[pair[0]..pair[1]]);
            f.drain(&path);
        }
        assert_same(f.index(), bytes);
    }
}
