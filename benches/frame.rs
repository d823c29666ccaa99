//! One frame of the debugger at 200×60, rendered into ratatui's TestBackend:
//! the cost of a redraw after a keypress, at the end of the log and after a
//! random jump, with per-frame percentiles printed as well.

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use rewind::tui::{update, view, Action, Model};
use std::time::Instant;

fn model(events: u64) -> Model {
    let mut model = Model::from_log(&common::log(events), "bench.jsonl".into(), u32::MAX);
    update(
        &mut model,
        Action::Resize {
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
                update(&mut model, Action::Back);
                terminal.draw(|f| view::render(&model, f)).expect("draw");
            })
        });
        // Tail latency of a redraw after a random jump.
        let total = model.total();
        let mut rng = common::Rng(0x9E37_79B9_7F4A_7C15);
        let mut samples = Vec::with_capacity(2_000);
        for _ in 0..2_000 {
            model.cursor = rng.below(u64::from(total) + 1) as u32;
            rewind::tui::update::moved(&mut model);
            let t = Instant::now();
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

criterion_group!(benches, frame);
criterion_main!(benches);
