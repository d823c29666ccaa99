//! Shared by the benchmarks: generated logs at the sizes BENCHMARKS.md
//! reports. 10M events are opt-in (`REWIND_BENCH_10M=1`): generating and
//! indexing them takes a while.

#![allow(dead_code)]
// Benchmark set-up: a failure here should stop the run where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rewind::generate::{generate_vec, Spec};
use rewind::log::Source;
use rewind::replay::{Index, LoadOptions};
use std::path::PathBuf;
use std::sync::Arc;

pub fn sizes() -> Vec<u64> {
    let mut sizes = vec![100_000, 1_000_000];
    if std::env::var_os("REWIND_BENCH_10M").is_some() {
        sizes.push(10_000_000);
    }
    sizes
}

pub fn spec(events: u64) -> Spec {
    Spec {
        events,
        accounts: 10_000,
        seed: 1,
    }
}

pub fn log(events: u64) -> Vec<u8> {
    generate_vec(spec(events))
}

/// The index of a generated log, loaded in memory as the debugger loads
/// one.
pub fn index(events: u64) -> Index {
    let source = Arc::new(Source::memory(log(events)));
    rewind::replay::load(&source, &LoadOptions::default()).expect("load")
}

/// A generated log written to a file in the temp dir (kept between runs).
pub fn log_file(events: u64) -> PathBuf {
    let path = std::env::temp_dir().join(format!("rewind-bench-{events}.jsonl"));
    if !path.exists() {
        let tmp = path.with_extension("partial");
        let mut file =
            std::io::BufWriter::new(std::fs::File::create(&tmp).expect("create bench log"));
        rewind::generate::generate(spec(events), &mut file).expect("write bench log");
        drop(file);
        std::fs::rename(&tmp, &path).expect("rename bench log");
    }
    path
}

pub fn label(events: u64) -> String {
    match events {
        n if n >= 1_000_000 => format!("{}M", n / 1_000_000),
        n => format!("{}k", n / 1_000),
    }
}

/// Xorshift: reproducible "random" event numbers for seeks.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}
