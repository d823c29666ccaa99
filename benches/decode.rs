//! Decoding alone: every line of a generated log split, scanned into an
//! envelope and read into an event on one thread, the way each decoder
//! thread of a load does (short of detaching), without threads or the fold.
//! Throughput is per event.
//!
//! Beside it, as arms: the same lines read by serde_json, simd-json and
//! sonic-rs into one typed record of the fields the bank schema reads
//! (strings borrowed where the parser can, amounts left as their text).
//! They do less than rewind's arm, which also parses amounts and times
//! exactly and checks what the schema asks: they are the floor a JSON
//! parser alone would give, so that the choice of the hand-written scanner
//! can be re-checked (`cargo bench --bench decode`).

// Benchmark code: a failure should stop the run where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rewind::log::decode::decode_lines;
use rewind::schema::Schema;
use serde::Deserialize;
use std::borrow::Cow;
use std::hint::black_box;
use std::time::Duration;

/// What the bank schema reads of a generated event.
#[derive(Deserialize)]
#[allow(dead_code)] // read to be parsed, not looked at
struct Record<'a> {
    seq: Option<i64>,
    #[serde(borrow)]
    id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    ts: Option<Cow<'a, str>>,
    #[serde(borrow, rename = "type")]
    kind: Cow<'a, str>,
    #[serde(borrow)]
    account: Option<Cow<'a, str>>,
    #[serde(borrow)]
    data: Option<Data<'a>>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Data<'a> {
    #[serde(borrow)]
    amount: Option<Cow<'a, str>>,
    #[serde(borrow)]
    initial_balance: Option<Cow<'a, str>>,
    #[serde(borrow)]
    to_account: Option<Cow<'a, str>>,
    #[serde(borrow)]
    owner: Option<Cow<'a, str>>,
    #[serde(borrow)]
    currency: Option<Cow<'a, str>>,
}

fn lines(log: &[u8]) -> impl Iterator<Item = &[u8]> {
    log.split(|&b| b == b'\n').filter(|l| !l.is_empty())
}

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    let events = 100_000;
    let log = common::log(events);
    let label = common::label(events);
    group.throughput(Throughput::Elements(events));
    group.bench_with_input(BenchmarkId::new("rewind", &label), &log, |b, log| {
        b.iter(|| decode_lines(log, Schema::builtin()))
    });
    group.bench_with_input(BenchmarkId::new("serde_json", &label), &log, |b, log| {
        b.iter(|| {
            for line in lines(log) {
                black_box(serde_json::from_slice::<Record>(line).unwrap());
            }
        })
    });
    group.bench_with_input(BenchmarkId::new("sonic-rs", &label), &log, |b, log| {
        b.iter(|| {
            for line in lines(log) {
                black_box(sonic_rs::from_slice::<Record>(line).unwrap());
            }
        })
    });
    // simd-json parses in place: each line is copied into a buffer first
    // (a memcpy of the line, counted in its time).
    group.bench_with_input(BenchmarkId::new("simd-json", &label), &log, |b, log| {
        let mut buffer = Vec::new();
        b.iter(|| {
            for line in lines(log) {
                buffer.clear();
                buffer.extend_from_slice(line);
                let record: Record = simd_json::serde::from_slice(&mut buffer).unwrap();
                black_box(record);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
