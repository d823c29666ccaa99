//! Seeking: what the debugger does when the cursor moves — the state of the
//! accounts on screen after event N, its flags and diagnostics — for random
//! jumps and single steps.

// Benchmark code: a failure should stop the run where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::hint::black_box;

#[path = "seek_work.rs"]
mod seek_work;
use seek_work::show;

fn seek(c: &mut Criterion) {
    let mut group = c.benchmark_group("seek");
    for events in common::sizes() {
        let index = common::index(events);
        let total = index.len();
        let mut rng = common::Rng(0x9E37_79B9);
        group.bench_function(BenchmarkId::new("random", common::label(events)), |b| {
            b.iter(|| black_box(show(&index, rng.below(u64::from(total) + 1) as u32, 50)))
        });
        let mut n = total / 2;
        group.bench_function(BenchmarkId::new("step", common::label(events)), |b| {
            b.iter(|| {
                n = if n + 1 > total { 0 } else { n + 1 };
                black_box(show(&index, n, 50))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, seek);
criterion_main!(benches);
