//! Plain runs sixteen bytes at a time, with SSE2 (part of every x86_64).
//! Most strings of an event are 9 to 20 bytes long, so one step usually
//! reaches the closing quote, where eight bytes at a time took two or three.
//!
//! The sixteen bytes are read as two `u64` halves (safe slice reads) that
//! LLVM merges into one unaligned vector load. Rust does not yet count a
//! feature of the target's baseline as enabled in ordinary functions, so
//! calling the SSE2 intrinsics still takes `unsafe`: one block, in
//! [`stops_and_quotes`]. Functions compiled for SSE2 instead would be safe
//! to call only with `unsafe` too, and LLVM then did not inline them into
//! the scanner.

use core::arch::x86_64::{
    _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x,
};

/// The first eight bytes of `chunk` as a word, the first in the low byte
/// (what the key table wants for a short key); and for all sixteen, bit i
/// set when byte i stops a plain run (a quote, a backslash, a control
/// character or a byte that is not ASCII), and bit i set when it is a
/// quote.
#[inline(always)]
#[allow(unsafe_code)] // the one unsafe block below, with its SAFETY comment
fn stops_and_quotes(chunk: &[u8; 16]) -> (u64, u32, u32) {
    let (low, high) = chunk.split_at(8);
    let low = low.first_chunk::<8>().map_or(0, |b| u64::from_le_bytes(*b));
    let high = high
        .first_chunk::<8>()
        .map_or(0, |b| u64::from_le_bytes(*b));
    // SAFETY: these intrinsics only need SSE2, which this module is only
    // compiled with (see its `cfg`; every x86_64 processor has it). None of
    // them reads or writes memory.
    let (stops, quotes) = unsafe {
        let v = _mm_set_epi64x(high as i64, low as i64);
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        // Compared as signed bytes, those from 0x80 up are negative, so
        // one comparison finds both control characters and bytes that are
        // not ASCII.
        let control = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
        let stops = _mm_or_si128(_mm_or_si128(quote, backslash), control);
        (_mm_movemask_epi8(stops), _mm_movemask_epi8(quote))
    };
    (low, stops as u32, quotes as u32)
}

/// Where the plain run from `at` ends (see `strings::plain_end`), for a
/// record of at least sixteen bytes; `None` for a shorter one.
#[inline(always)]
pub(super) fn plain_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    while let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<16>) {
        let (_, stops, _) = stops_and_quotes(chunk);
        if stops != 0 {
            return Some(at + stops.trailing_zeros() as usize);
        }
        at += 16;
    }
    // Fewer than sixteen bytes left: the last sixteen of the record, with
    // the ones before `at` shifted out of the mask.
    let left = bytes.len().saturating_sub(at);
    if left == 0 {
        return Some(bytes.len());
    }
    let last = bytes.last_chunk::<16>()?;
    let (_, stops, _) = stops_and_quotes(last);
    let stops = stops >> (16 - left);
    Some(if stops == 0 {
        bytes.len()
    } else {
        at + stops.trailing_zeros() as usize
    })
}

/// A string from `at` (just past its opening quote) that is plain and
/// closed within sixteen bytes: its length, and its first eight bytes as a
/// word. `None` for any other string, or fewer than sixteen bytes left.
#[inline(always)]
pub(super) fn short_plain(bytes: &[u8], at: usize) -> Option<(usize, u64)> {
    let chunk = bytes.get(at..).and_then(<[u8]>::first_chunk::<16>)?;
    let (word, stops, quotes) = stops_and_quotes(chunk);
    // The first stop, if it is a quote.
    let first = stops & stops.wrapping_neg();
    (first & quotes != 0).then(|| (first.trailing_zeros() as usize, word))
}
