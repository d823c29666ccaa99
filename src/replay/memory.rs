//! How the fold's tables use memory.
//!
//! The fold runs on one thread, in log order, and touches a few scattered
//! places per event (the event id's slot in a table of millions, the
//! account's state, the tail of its timeline). Prefetched a few events
//! ahead, those reads overlap instead of each waiting for memory in turn;
//! tables looked up before they are written are written out when made; the
//! largest asks for huge pages.

/// Hints that `value` will be read soon. Changes nothing, whatever it points
/// at.
#[inline(always)]
#[allow(unsafe_code)] // the one unsafe block below, with its SAFETY comment
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

/// [`filled`], for a table looked up at random across many megabytes: its
/// memory is asked to come in huge pages where the system allows, so that
/// a lookup seldom has to walk the page tables as well as miss the cache.
pub fn filled_huge<T: Copy>(n: usize, empty: T) -> Vec<T> {
    let mut table: Vec<T> = Vec::with_capacity(n);
    advise_huge(table.spare_capacity_mut());
    table.resize(n, empty);
    table
}

/// Asks for the whole 2 MB pages inside `memory` (not yet touched) to be
/// huge pages. Only advice: nothing changes if the system says no.
#[allow(unsafe_code)] // the one unsafe block below, with its SAFETY comment
fn advise_huge<T>(memory: &mut [std::mem::MaybeUninit<T>]) {
    const HUGE: usize = 2 << 20;
    let start = memory.as_mut_ptr() as usize;
    let end = start + std::mem::size_of_val(memory);
    let (from, to) = (start.next_multiple_of(HUGE), end / HUGE * HUGE);
    if to <= from {
        return;
    }
    #[cfg(target_os = "linux")]
    // SAFETY: madvise only advises the kernel about how to back a range of
    // this process's own mapping (`from..to` lies inside `memory`, which
    // this function borrows mutably); MADV_HUGEPAGE changes no contents and
    // no permissions, and its result is only advice taken or not.
    unsafe {
        libc::madvise(from as *mut libc::c_void, to - from, libc::MADV_HUGEPAGE);
    }
}
