//! Memory: the heap the index holds after loading a log, and the peak while
//! loading, counted by a global allocator that tracks every byte. The log
//! itself is read by position from a file, so none of its bytes are held;
//! RSS would also count the page cache's mapped pages and the allocator's
//! free lists, which is why this counts allocations instead.

// Benchmark code: a failure should stop the run where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use rewind::log::Source;
use rewind::replay::LoadOptions;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

#[allow(unsafe_code)] // a counting allocator must implement the unsafe trait
                      // SAFETY: each method forwards its arguments unchanged to the system
                      // allocator, which upholds GlobalAlloc's contract; the counting beside it
                      // touches only two atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) };
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    println!(
        "{:<8} {:>12} {:>11} {:>12} {:>11} {:>12} {:>11}",
        "events", "index", "B/event", "debugger", "B/event", "peak", "B/event"
    );
    for events in common::sizes() {
        let path = common::log_file(events);
        let source = Arc::new(Source::open(&path).expect("open"));
        // What a headless command holds: the finished index.
        let before = NOW.load(Ordering::Relaxed);
        let index = rewind::replay::load(&source, &LoadOptions::default()).expect("load");
        let held = NOW.load(Ordering::Relaxed) - before;
        assert_eq!(u64::from(index.len()), events);
        drop(index);
        // What the debugger holds once the log is in: the index as it was
        // built, compacted, with the ids kept for following the log.
        let before = NOW.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let (mut feed, mut builder) =
            rewind::replay::Feed::start(Arc::clone(&source), &LoadOptions::default())
                .expect("start");
        while feed.step(&mut builder, true).expect("step") {}
        drop(feed);
        builder.compact();
        let debugger = NOW.load(Ordering::Relaxed) - before;
        let peak = PEAK.load(Ordering::Relaxed) - before;
        let per = |bytes: usize| bytes as f64 / events as f64;
        println!(
            "{:<8} {:>12} {:>11.1} {:>12} {:>11.1} {:>12} {:>11.1}",
            common::label(events),
            held,
            per(held),
            debugger,
            per(debugger),
            peak,
            per(peak)
        );
        assert_eq!(u64::from(builder.index().len()), events);
    }
}
