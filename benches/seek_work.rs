//! The work of one cursor move, shared by the seek benchmarks.

// Benchmark code: a failure should stop the run where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rewind::replay::Index;

/// The work of one cursor move: the first `rows` accounts as of `n`.
pub fn show(index: &Index, n: u32, rows: usize) -> usize {
    let count = index.accounts_at(n);
    let mut shown = 0;
    for ix in 0..count.min(rows) as u32 {
        if let Some(view) = index.account_at(ix, n) {
            shown += view.events as usize;
        }
    }
    shown + index.diagnostics_of(n).len() + usize::from(index.flags(n))
}
