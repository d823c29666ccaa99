//! What-if: how long `x` takes, from the key to a model ready to draw
//! (history without the event folded, every list brought in line), on the
//! debugger's model of a generated log, with the cursor in the middle.

// Benchmark code: a failure should stop the run where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use rewind::replay::Skips;
use rewind::tui::model::Model;
use rewind::tui::update::what_if;
use std::time::{Duration, Instant};

fn toggle(c: &mut Criterion) {
    let mut group = c.benchmark_group("what_if");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for events in common::sizes().into_iter().filter(|&n| n >= 1_000_000) {
        let log = common::log(events);
        let middle = events as u32 / 2;
        let mut model = Model::from_log(&log, "bench".into(), middle);
        drop(log);
        group.bench_function(BenchmarkId::new("toggle", common::label(events)), |b| {
            b.iter_custom(|iterations| {
                let mut took = Duration::ZERO;
                for _ in 0..iterations {
                    let start = Instant::now();
                    what_if::set(&mut model, Skips::of([middle])).unwrap();
                    took += start.elapsed();
                    assert_eq!(model.skipped(), 1);
                    what_if::set(&mut model, Skips::default()).unwrap();
                }
                took
            })
        });
    }
    group.finish();
}

criterion_group!(benches, toggle);
criterion_main!(benches);
