//! Decodes every line of a log single-threaded, as a decoder thread does,
//! and prints the time per event: `cargo run --release --example decode --
//! log.jsonl [rounds]`. Under `valgrind --tool=callgrind
//! --toggle-collect='*decode_lines*'` it gives instructions per event.

// Benchmark code: a failure should stop the run where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rewind::log::decode::decode_lines;
use rewind::schema::Schema;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "/tmp/dec-100k.jsonl".into());
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1);
    let log = std::fs::read(&path).expect("read the log");
    let schema = Schema::builtin();
    let mut best = f64::MAX;
    let mut out = (0, 0);
    for _ in 0..rounds {
        let start = Instant::now();
        out = decode_lines(&log, schema);
        best = best.min(start.elapsed().as_secs_f64());
    }
    let (events, sum) = out;
    println!(
        "{events} events, checksum {sum:016x}, best {:.1} ns/event, {:.0} MB/s",
        best * 1e9 / events.max(1) as f64,
        log.len() as f64 / best / 1e6
    );
}
