//! Fuzzing the reader (bytes → events and diagnostics) with proptest, since
//! `cargo fuzz` needs a nightly toolchain. Inputs are arbitrary bytes and
//! mutations of the sample logs' lines (bytes flipped, inserted, deleted,
//! lines spliced, cut short). The number of cases is bounded so `cargo
//! test` stays fast; CI runs more with `REWIND_FUZZ_CASES`. A failure is
//! shrunk and its seed saved in `fuzz_reader.proptest-regressions`, which is
//! committed, so every crash found stays a regression test.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use rewind::log::{records, Envelope, Format, Source};
use rewind::replay::{Index, IndexBuilder, LoadOptions};
use std::sync::Arc;

fn cases() -> u32 {
    std::env::var("REWIND_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

const SAMPLES: [&[u8]; 6] = [
    include_bytes!("../sample-logs/bank.jsonl"),
    include_bytes!("../sample-logs/every-diagnostic.jsonl"),
    include_bytes!("../sample-logs/bank-array.json"),
    include_bytes!("../sample-logs/classic.jsonl"),
    include_bytes!("../sample-logs/tenths.jsonl"),
    include_bytes!("../sample-logs/mixed-stdout.txt"),
];

/// Bytes that matter to JSON and to line splitting.
const SPECIAL: &[u8] = b"\n\r\t {}[],:\"\\0123456789.eE+-tfn\xef\xbb\xbf\x00\xff";

#[derive(Debug, Clone)]
enum Mutation {
    Flip {
        at: prop::sample::Index,
        bit: u8,
    },
    Insert {
        at: prop::sample::Index,
        byte: u8,
    },
    Special {
        at: prop::sample::Index,
        which: prop::sample::Index,
    },
    Delete {
        at: prop::sample::Index,
        len: usize,
    },
    Duplicate {
        at: prop::sample::Index,
        len: usize,
    },
    Truncate {
        at: prop::sample::Index,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<prop::sample::Index>();
    prop_oneof![
        (at.clone(), 0u8..8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        (at.clone(), any::<u8>()).prop_map(|(at, byte)| Mutation::Insert { at, byte }),
        (at.clone(), any::<prop::sample::Index>())
            .prop_map(|(at, which)| Mutation::Special { at, which }),
        (at.clone(), 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (at.clone(), 1usize..200).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        at.prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn apply(log: &mut Vec<u8>, m: &Mutation) {
    if log.is_empty() {
        log.push(b'{');
    }
    let n = log.len();
    match m {
        Mutation::Flip { at, bit } => log[at.index(n)] ^= 1 << bit,
        Mutation::Insert { at, byte } => log.insert(at.index(n + 1), *byte),
        Mutation::Special { at, which } => {
            log.insert(at.index(n + 1), SPECIAL[which.index(SPECIAL.len())])
        }
        Mutation::Delete { at, len } => {
            let from = at.index(n);
            log.drain(from..(from + len).min(n));
        }
        Mutation::Duplicate { at, len } => {
            let from = at.index(n);
            let piece = log[from..(from + len).min(n)].to_vec();
            log.splice(from..from, piece);
        }
        Mutation::Truncate { at } => log.truncate(at.index(n + 1)),
    }
}

/// Lines of the samples, spliced in any order, then mutated.
fn mutated_log() -> impl Strategy<Value = Vec<u8>> {
    let lines: Vec<Vec<u8>> = SAMPLES
        .iter()
        .flat_map(|s| s.split(|&b| b == b'\n').map(<[u8]>::to_vec))
        .collect();
    let picked = prop::collection::vec(prop::sample::select(lines), 0..30);
    let whole = prop::sample::select(SAMPLES.to_vec()).prop_map(<[u8]>::to_vec);
    let base = prop_oneof![
        3 => picked.prop_map(|lines| lines.join(&b"\n"[..])),
        1 => whole,
    ];
    let bom = prop::bool::weighted(0.2);
    (base, bom, prop::collection::vec(mutation(), 0..12)).prop_map(|(mut log, bom, ms)| {
        for m in &ms {
            apply(&mut log, m);
        }
        if bom {
            log.splice(0..0, *b"\xef\xbb\xbf");
        }
        log
    })
}

/// The reference: the whole log split at once and folded in one pass.
fn one_pass(log: &[u8], source: &Source) -> Index {
    let mut builder = IndexBuilder::new(records::detect(log), &LoadOptions::default());
    builder.push(log, &records::split(log), source);
    builder.finish()
}

/// Everything the reader promises about any input.
fn check(log: &[u8]) -> Result<(), TestCaseError> {
    let source = Arc::new(Source::memory(log.to_vec()));
    let index = rewind::replay::load(&source, &LoadOptions::default())
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let reference = one_pass(log, &source);
    // The parallel loader agrees with a single pass.
    prop_assert_eq!(index.len(), reference.len());
    prop_assert_eq!(index.diagnostics(), reference.diagnostics());
    let lines = 1 + memchr::memchr_iter(b'\n', log).count() as u64;
    for d in index.diagnostics() {
        prop_assert!(
            d.line >= 1 && d.line <= lines,
            "line {} of {}",
            d.line,
            lines
        );
        prop_assert!(d.event.is_none_or(|n| n >= 1 && n <= index.len()));
        prop_assert!(!d.message.is_empty());
    }
    let records: Vec<_> = records::split(log)
        .into_iter()
        .filter(|r| r.junk.is_none())
        .filter(|r| Envelope::decode(r.bytes(log)).is_ok())
        .collect();
    prop_assert_eq!(records.len(), index.len() as usize);
    for (k, record) in records.iter().enumerate() {
        let n = k as u32 + 1;
        // Each event is found again by its offset, whole, on its line.
        prop_assert_eq!(index.offset(n), Some(record.offset));
        let bytes = index.record_bytes(&source, n);
        prop_assert_eq!(bytes.as_deref(), Some(record.bytes(log)), "event {}", n);
        prop_assert_eq!(index.line_of(&source, n), Some(record.line));
        prop_assert_eq!(index.state_at(n), reference.state_at(n));
    }
    prop_assert!(index.flags(0) == 0 && index.flags(index.len() + 1) == 0);
    if index.format() == Format::JsonArray {
        prop_assert_eq!(records::detect(log), Format::JsonArray);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn any_bytes(log in prop::collection::vec(any::<u8>(), 0..2000)) {
        check(&log)?;
    }

    #[test]
    fn bytes_from_the_json_alphabet(
        log in prop::collection::vec(prop::sample::select(SPECIAL.to_vec()), 0..600)
    ) {
        check(&log)?;
    }

    #[test]
    fn mutated_sample_logs(log in mutated_log()) {
        check(&log)?;
    }
}

/// Inputs the fuzzer (or a review) found, kept as plain regression tests.
#[test]
fn regressions() {
    for log in [
        &b""[..],
        b"\xef\xbb\xbf",
        b"[",
        b"]",
        b"[,]",
        b"[\"\\\"]",
        b"{\"type\":\"AccountOpened\"}\r",
        b"\n\n\r\n",
        b"[{\"type\":\"AccountOpened\",\"x\":\"],\"},\n{\"type\":\"MoneyDeposited\",\"amount\":1}]",
        b"{\"type\":\"AccountOpened\",\"account\":\"\\u0000\"}\n{\"id\":1,\"id\":2,\"type\":\"X\"}",
    ] {
        check(log).unwrap();
    }
}
