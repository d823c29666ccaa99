//! Where a walk puts the fields it finds: straight into the envelope, or,
//! for a payload walked in passing (which may yet not be the payload), into
//! a short list. A second envelope would do, but its 64 spans would be
//! zeroed for every record, which cost more than the rest of the list.

use super::record::{Envelope, Span};

/// What a walk fills.
pub(super) trait Slots {
    /// `slot` (ignored unless below 64) holds `span`, a string with
    /// escapes or not.
    fn set(&mut self, slot: u8, span: Span, escaped: bool);
}

impl Slots for Envelope<'_> {
    #[inline(always)]
    fn set(&mut self, slot: u8, span: Span, escaped: bool) {
        if let Some(at) = self.spans.get_mut(usize::from(slot)) {
            *at = span;
            let bit = 1u64 << slot;
            self.found |= bit;
            self.escaped = self.escaped & !bit | u64::from(escaped) << slot;
        }
    }
}

/// How many fields a payload walked in passing keeps; one with more is
/// walked again at the end, into the envelope.
const KEPT: usize = 8;

/// The fields of a payload walked in passing.
#[derive(Debug, Default)]
pub(super) struct Passing {
    /// Which slots are set (bit i: some `slots[j] == i`).
    pub(super) found: u64,
    /// Which of them hold a string with escapes.
    pub(super) escaped: u64,
    len: usize,
    slots: [u8; KEPT],
    spans: [Span; KEPT],
    /// Some field did not fit: the list is not the payload's fields.
    pub(super) full: bool,
}

impl Passing {
    /// Empties the list, for another payload.
    #[inline(always)]
    pub(super) fn clear(&mut self) {
        self.found = 0;
        self.escaped = 0;
        self.len = 0;
        self.full = false;
    }

    /// Moves the fields into `env` (whose payload slots are clear).
    #[inline]
    pub(super) fn fill(&self, env: &mut Envelope<'_>) {
        for (&slot, &span) in self.slots.iter().zip(&self.spans).take(self.len) {
            if let Some(at) = env.spans.get_mut(usize::from(slot)) {
                *at = span;
            }
        }
        env.found |= self.found;
        env.escaped |= self.escaped;
    }
}

impl Slots for Passing {
    #[inline(always)]
    fn set(&mut self, slot: u8, span: Span, escaped: bool) {
        if slot >= 64 {
            return;
        }
        let bit = 1u64 << slot;
        if self.found & bit != 0 {
            // A key given again: its last value wins.
            let kept = self.slots.iter().take(self.len).position(|&s| s == slot);
            if let Some(at) = kept.and_then(|i| self.spans.get_mut(i)) {
                *at = span;
            }
        } else if let (Some(s), Some(at)) =
            (self.slots.get_mut(self.len), self.spans.get_mut(self.len))
        {
            *s = slot;
            *at = span;
            self.len += 1;
        } else {
            self.full = true;
            return;
        }
        self.found |= bit;
        self.escaped = self.escaped & !bit | u64::from(escaped) << slot;
    }
}
