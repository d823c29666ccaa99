//! Tail latency of seeking, which criterion's means do not show: times
//! 100,000 random jumps and 100,000 single steps one by one and prints the
//! 50th, 99th and 99.9th percentiles.

// Benchmark code: a failure should stop the run where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::hint::black_box;
use std::time::Instant;

#[path = "seek_work.rs"]
mod seek_work;

fn percentiles(mut samples: Vec<u128>) -> (u128, u128, u128) {
    samples.sort_unstable();
    let at = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
    (at(0.5), at(0.99), at(0.999))
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // cargo test --benches asks for a list
    }
    println!(
        "{:<10} {:<8} {:>10} {:>10} {:>10}",
        "events", "move", "p50 ns", "p99 ns", "p99.9 ns"
    );
    for events in common::sizes() {
        let index = common::index(events);
        let total = index.len();
        let mut rng = common::Rng(0x2545_F491_4F6C_DD1D);
        let mut random = Vec::with_capacity(100_000);
        for _ in 0..100_000 {
            let n = rng.below(u64::from(total) + 1) as u32;
            let t = Instant::now();
            black_box(seek_work::show(&index, n, 50));
            random.push(t.elapsed().as_nanos());
        }
        let mut step = Vec::with_capacity(100_000);
        let mut n = total / 3;
        for _ in 0..100_000 {
            n = if n + 1 > total { 0 } else { n + 1 };
            let t = Instant::now();
            black_box(seek_work::show(&index, n, 50));
            step.push(t.elapsed().as_nanos());
        }
        for (name, samples) in [("random", random), ("step", step)] {
            let (p50, p99, p999) = percentiles(samples);
            println!(
                "{:<10} {:<8} {:>10} {:>10} {:>10}",
                common::label(events),
                name,
                p50,
                p99,
                p999
            );
        }
    }
}
