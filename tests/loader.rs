//! The background indexer and the screen: the decoders run on their own
//! threads and hand whole batches over a channel, so the UI thread never
//! waits on a lock, and folding between frames keeps to its time budget.
//! (That dropping a load stops the decoders is tested in `pipeline.rs`,
//! where ranges can be made small, and end to end in `tui_e2e.rs`.)

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rewind::generate::{generate, Spec};
use rewind::log::Source;
use rewind::replay::{Feed, LoadOptions};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A log of `events` generated events, in a temp file (read by position).
fn generated(events: u64) -> (tempfile::TempDir, Arc<Source>) {
    let mut log = Vec::new();
    let spec = Spec {
        events,
        accounts: 500,
        seed: 7,
    };
    generate(spec, &mut log).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jsonl");
    std::fs::write(&path, log).unwrap();
    let source = Arc::new(Source::open(&path).unwrap());
    (dir, source)
}

#[test]
fn folding_between_frames_keeps_to_its_budget_and_loads_everything() {
    let (_dir, source) = generated(40_000);
    let (mut feed, mut builder) =
        Feed::start(Arc::clone(&source), &LoadOptions::default()).unwrap();
    let budget = Duration::from_millis(30);
    let mut slowest = Duration::ZERO;
    let mut frames = 0;
    loop {
        let start = Instant::now();
        let more = feed.step_for(&mut builder, budget).unwrap();
        slowest = slowest.max(start.elapsed());
        frames += 1;
        // What the screen reads between folds is always consistent.
        let index = builder.index();
        let n = index.len();
        assert_eq!(index.state_at(n).len(), index.accounts_at(n));
        if !more {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(frames > 1, "the load streamed in over several frames");
    // One batch folded past the budget at most (a debug build is slow).
    assert!(slowest < Duration::from_secs(2), "a frame took {slowest:?}");
    let whole = std::fs::read(match &*source {
        Source::File { path, .. } => path.clone(),
        Source::Memory { .. } => unreachable!(),
    })
    .unwrap();
    let whole =
        rewind::replay::load(&Arc::new(Source::memory(whole)), &LoadOptions::default()).unwrap();
    let streamed = builder.finish();
    assert_eq!(streamed.len(), whole.len());
    assert_eq!(streamed.diagnostics(), whole.diagnostics());
    assert_eq!(
        streamed.state_at(streamed.len()),
        whole.state_at(whole.len())
    );
}
