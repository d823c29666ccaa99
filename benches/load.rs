//! Index throughput: a whole log (read by position from a file in the page
//! cache) decoded on every core, folded, indexed.

// Benchmark code: a failure should stop the run where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rewind::log::Source;
use rewind::replay::LoadOptions;
use std::sync::Arc;
use std::time::Duration;

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for events in common::sizes() {
        let path = common::log_file(events);
        let bytes = std::fs::metadata(&path).expect("bench log").len();
        group.throughput(Throughput::Bytes(bytes));
        group.bench_with_input(
            BenchmarkId::from_parameter(common::label(events)),
            &path,
            |b, path| {
                b.iter(|| {
                    let source = Arc::new(Source::open(path).expect("open"));
                    rewind::replay::load(&source, &LoadOptions::default()).expect("load")
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
