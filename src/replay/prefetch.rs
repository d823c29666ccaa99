//! Asking the processor to fetch memory that the fold will read a few events
//! later. The fold runs on one thread, in log order, and touches a few
//! scattered places per event (the event id's slot in a table of millions,
//! the account's state, the tail of its timeline); fetched ahead, those
//! reads overlap instead of each waiting for memory in turn.

/// Hints that `value` will be read soon. Changes nothing, whatever it points
/// at.
#[inline(always)]
pub fn prefetch<T>(value: *const T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch is only a hint: it never faults and reads
        // nothing into the program, whatever the address (even a dangling
        // or null one); SSE is part of every x86_64 target.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(value.cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

/// `n` copies of `empty`, written out now. A table that is looked up
/// before it is written must not be zeroed memory the system hands over
/// lazily (`vec![0; n]`): the first read of each page maps a shared page
/// of zeros, and the first write then replaces it, which interrupts every
/// other core to flush its address cache: thousands of times in a load.
pub fn filled<T: Copy>(n: usize, empty: T) -> Vec<T> {
    let mut table = Vec::with_capacity(n);
    table.resize(n, empty);
    table
}
