//! One frame of the debugger at 200×60, rendered into ratatui's TestBackend:
//! the cost of a redraw after a keypress, at the end of the log and after a
//! random jump, with per-frame percentiles printed as well.

// Benchmark code: a failure should stop the run where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use rewind::log::Source;
use rewind::replay::{Feed, LoadOptions};
use rewind::tui::{update, view, Message, Model};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn model(events: u64) -> Model {
    let mut model = Model::from_log(&common::log(events), "bench.jsonl".into(), u32::MAX);
    update(
        &mut model,
        Message::Resize {
            width: 200,
            height: 60,
        },
    );
    model
}

fn frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame_200x60");
    for events in common::sizes() {
        let mut model = model(events);
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
        group.bench_function(BenchmarkId::new("step", common::label(events)), |b| {
            b.iter(|| {
                update(&mut model, Message::Back);
                terminal.draw(|f| view::render(&model, f)).expect("draw");
            })
        });
        // Tail latency of a redraw after a random jump: the move (which
        // reads the record under the cursor) and the frame.
        let total = model.total();
        let mut rng = common::Rng(0x9E37_79B9_7F4A_7C15);
        let mut samples = Vec::with_capacity(2_000);
        for _ in 0..2_000 {
            model.cursor = rng.below(u64::from(total) + 1) as u32;
            let t = Instant::now();
            rewind::tui::update::moved(&mut model);
            terminal.draw(|f| view::render(&model, f)).expect("draw");
            samples.push(t.elapsed().as_micros());
        }
        samples.sort_unstable();
        println!(
            "frame_200x60/jump/{}: p50 {} µs, p99 {} µs",
            common::label(events),
            samples[samples.len() / 2],
            samples[samples.len() * 99 / 100]
        );
    }
    group.finish();
}

/// Opening a log in the debugger until its first frame is drawn: open the
/// file, start the decoders, fold the first part, build the model, draw.
/// The rest of the log goes on loading behind it (and is dropped here).
fn first_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("first_frame_200x60");
    group.sample_size(20);
    for events in common::sizes() {
        let path = common::log_file(events);
        group.bench_function(BenchmarkId::from_parameter(common::label(events)), |b| {
            b.iter_custom(|iterations| {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    let start = Instant::now();
                    let source = Arc::new(Source::open(&path).expect("open"));
                    let (mut feed, mut builder) =
                        Feed::start(Arc::clone(&source), &LoadOptions::default()).expect("start");
                    feed.step(&mut builder, true).expect("first part");
                    let mut model = Model::new(source, builder, "bench.jsonl".into(), u32::MAX);
                    update(
                        &mut model,
                        Message::Resize {
                            width: 200,
                            height: 60,
                        },
                    );
                    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
                    terminal.draw(|f| view::render(&model, f)).expect("draw");
                    total += start.elapsed();
                    // Quitting drops the load; its decoders finish the range
                    // in hand and stop. Let them, untimed, so that they do
                    // not slow the next open down (a user opens a log once).
                    drop((feed, model));
                    std::thread::sleep(Duration::from_millis(150));
                }
                total
            })
        });
    }
    group.finish();
}

criterion_group!(benches, frame, first_frame);
criterion_main!(benches);
