//! Finding text in events fast: instead of reading events one by one, read
//! the log in large blocks, look for the text with a SIMD substring search
//! (letters compared without regard to case), and map each hit back to the
//! event whose record holds it. A search through ten million events then
//! costs a pass over the file at memory speed, not ten million reads.

use super::index::Index;
use crate::log::Source;
use memchr::memmem;

/// Bytes read per block.
const BLOCK: usize = 4 << 20;

/// The first event in `from..=to` (ascending) or the last (descending, when
/// `forward` is false) whose record contains `needle`, letters compared
/// without regard to case. An empty needle matches every event.
pub fn find_text(
    index: &Index,
    source: &Source,
    from: u32,
    to: u32,
    needle: &str,
    forward: bool,
) -> Option<u32> {
    let lower = needle.to_ascii_lowercase();
    find_text_where(index, source, from, to, needle, forward, |n| {
        record_contains(index, source, n, &lower)
    })
}

/// Like [`find_text`], but an event whose bytes contain `needle` is taken
/// only if `accept(n)` says so (the text is then a quick filter for a
/// finer condition, such as "the event's type is …"). `accept` is asked at
/// most once per event, in search order.
pub fn find_text_where(
    index: &Index,
    source: &Source,
    from: u32,
    to: u32,
    needle: &str,
    forward: bool,
    mut accept: impl FnMut(u32) -> bool,
) -> Option<u32> {
    let (from, to) = (from.max(1), to.min(index.len()));
    if from > to {
        return None;
    }
    if needle.is_empty() {
        let mut all = from..=to;
        return if forward {
            all.find(|&n| accept(n))
        } else {
            all.rev().find(|&n| accept(n))
        };
    }
    let needle = needle.to_ascii_lowercase();
    let finder = memmem::Finder::new(needle.as_bytes());
    let start = index.offset(from)?;
    let end = match index.offset(to + 1) {
        Some(next) => next,
        None => source.len().ok()?,
    };
    let overlap = needle.len() as u64 - 1;
    let mut buf = vec![0u8; BLOCK];
    let mut asked = None;
    // Blocks over start..end, in search order, overlapping by one needle
    // so that no hit is cut in two.
    let mut lo = if forward {
        start
    } else {
        end.saturating_sub(BLOCK as u64).max(start)
    };
    loop {
        let hi = (lo + BLOCK as u64).min(end);
        let len = (hi - lo) as usize;
        let got = source.read_at(lo, &mut buf[..len]).ok()?;
        let block = &mut buf[..got];
        block.make_ascii_lowercase();
        let hits: Vec<usize> = if forward {
            finder.find_iter(block).collect()
        } else {
            memmem::rfind_iter(block, needle.as_bytes()).collect()
        };
        for at in hits {
            let n = event_at(index, lo + at as u64);
            // A hit in a line that is not an event (or spanning two
            // records) is not a hit in that event: `accept` checks.
            if (from..=to).contains(&n) && asked != Some(n) {
                asked = Some(n);
                if accept(n) {
                    return Some(n);
                }
            }
        }
        if forward {
            if hi >= end {
                return None;
            }
            lo = hi - overlap.min(hi - lo);
        } else {
            if lo <= start {
                return None;
            }
            let next_hi = (lo + overlap).min(end);
            lo = next_hi.saturating_sub(BLOCK as u64).max(start);
        }
    }
}

/// The event whose record starts at or before byte `at`.
fn event_at(index: &Index, at: u64) -> u32 {
    let (mut lo, mut hi) = (1u32, index.len());
    // The last n with offset(n) <= at.
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if index.offset(mid).is_some_and(|o| o <= at) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo
}

fn record_contains(index: &Index, source: &Source, n: u32, lower_needle: &str) -> bool {
    index.record_bytes(source, n).is_some_and(|mut bytes| {
        bytes.make_ascii_lowercase();
        memmem::find(&bytes, lower_needle.as_bytes()).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn setup(log: &str) -> (Arc<Source>, Index) {
        let source = Arc::new(Source::memory(log.as_bytes().to_vec()));
        let index = crate::replay::load(&source, &crate::replay::LoadOptions::default()).unwrap();
        (source, index)
    }

    #[test]
    fn finds_the_first_and_last_hit_ignoring_case() {
        let (s, i) = setup(concat!(
            "{\"type\":\"AccountOpened\",\"account\":\"alice\"}\n",
            "not json ALICE\n",
            "{\"type\":\"MoneyDeposited\",\"account\":\"bob\",\"amount\":1}\n",
            "{\"type\":\"MoneyDeposited\",\"account\":\"Alice\",\"amount\":2}\n",
        ));
        assert_eq!(find_text(&i, &s, 1, 3, "ALICE", true), Some(1));
        assert_eq!(
            find_text(&i, &s, 2, 3, "alice", true),
            Some(3),
            "the malformed line is no event"
        );
        assert_eq!(find_text(&i, &s, 1, 3, "alice", false), Some(3));
        assert_eq!(find_text(&i, &s, 1, 2, "alice", false), Some(1));
        assert_eq!(find_text(&i, &s, 1, 3, "carol", true), None);
        assert_eq!(find_text(&i, &s, 3, 2, "alice", true), None);
    }

    #[test]
    fn a_finer_condition_is_asked_once_per_event_with_the_text() {
        let (s, i) = setup(concat!(
            "{\"type\":\"MoneyDeposited\",\"account\":\"MoneyDeposited\",\"amount\":1}\n",
            "{\"type\":\"MoneyWithdrawn\",\"account\":\"a\",\"amount\":1}\n",
            "{\"type\":\"MoneyDeposited\",\"account\":\"b\",\"amount\":1}\n",
        ));
        let mut asked = Vec::new();
        let found = find_text_where(&i, &s, 1, 3, "deposited", true, |n| {
            asked.push(n);
            n == 3
        });
        assert_eq!(found, Some(3));
        assert_eq!(
            asked,
            [1, 3],
            "event 1 has the text twice but is asked once; 2 lacks it"
        );
        assert_eq!(find_text_where(&i, &s, 1, 3, "", false, |n| n < 3), Some(2));
    }

    #[test]
    fn hits_across_block_boundaries_are_found_both_ways() {
        // Enough events to span several blocks, with the needle placed at
        // many offsets relative to the block edges.
        let mut log = String::new();
        let filler = "x".repeat(1000);
        for k in 0..12_000 {
            let tag = if k % 997 == 0 { "needle" } else { "hay" };
            log.push_str(&format!(
                "{{\"type\":\"T\",\"k\":{k},\"f\":\"{filler}\",\"t\":\"{tag}\"}}\n"
            ));
        }
        let (s, i) = setup(&log);
        let hits: Vec<u32> = (0..12_000)
            .filter(|k| k % 997 == 0)
            .map(|k| k + 1)
            .collect();
        let mut n = 0;
        let mut found = Vec::new();
        while let Some(hit) = find_text(&i, &s, n + 1, i.len(), "NEEDLE", true) {
            found.push(hit);
            n = hit;
        }
        assert_eq!(found, hits);
        let mut n = i.len() + 1;
        let mut back = Vec::new();
        while let Some(hit) = find_text(&i, &s, 1, n - 1, "needle", false) {
            back.push(hit);
            n = hit;
        }
        back.reverse();
        assert_eq!(back, hits);
    }
}
