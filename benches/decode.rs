//! Decoding alone: every line of a generated log split, scanned into an
//! envelope and read into an event on one thread, the way each decoder
//! thread of a load does (short of detaching), without threads or the fold.
//! Throughput is per event.

// Benchmark code: a failure should stop the run where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rewind::log::decode::decode_lines;
use rewind::schema::Schema;
use std::time::Duration;

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    let events = 100_000;
    let log = common::log(events);
    group.throughput(Throughput::Elements(events));
    group.bench_with_input(
        BenchmarkId::from_parameter(common::label(events)),
        &log,
        |b, log| b.iter(|| decode_lines(log, Schema::builtin())),
    );
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
