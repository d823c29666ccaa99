//! Where each event's record starts in the log, in about four bytes an
//! event: per block of events the first one's byte offset in full, and for
//! each event its distance from there. A distance that does not fit 32 bits
//! (a block holding a record of gigabytes) is kept in full beside.

/// Events per block: here for offsets, and in the index for times and
/// line numbers.
pub const BLOCK: usize = 64;

/// Marks a distance kept in `far`.
const FAR: u32 = u32::MAX;

#[derive(Debug, Clone, Default)]
pub struct Offsets {
    /// The offset of each block's first event.
    base: Vec<u64>,
    /// Each event's distance from its block's first event.
    rel: Vec<u32>,
    /// (event index, offset) of the events whose distance is `FAR`.
    far: Vec<(u32, u64)>,
}

impl Offsets {
    /// Appends the next event's offset (offsets only grow along a log).
    #[inline(always)]
    pub fn push(&mut self, offset: u64) {
        let i = self.rel.len();
        if i % BLOCK == 0 {
            self.base.push(offset);
        }
        let base = self.base.last().copied().unwrap_or(offset);
        match u32::try_from(offset.wrapping_sub(base)) {
            Ok(d) if d != FAR && offset >= base => self.rel.push(d),
            _ => {
                self.rel.push(FAR);
                self.far.push((i as u32, offset));
            }
        }
    }

    /// The offset of the event at index `i` (0-based).
    pub fn get(&self, i: usize) -> Option<u64> {
        match *self.rel.get(i)? {
            FAR => {
                let k = self.far.partition_point(|&(j, _)| (j as usize) < i);
                self.far.get(k).map(|&(_, offset)| offset)
            }
            d => Some(self.base[i / BLOCK] + u64::from(d)),
        }
    }

    pub fn len(&self) -> usize {
        self.rel.len()
    }

    pub fn reserve(&mut self, events: usize) {
        self.rel.reserve(events);
        self.base.reserve(events / BLOCK + 1);
    }

    pub fn shrink_to_fit(&mut self) {
        self.base.shrink_to_fit();
        self.rel.shrink_to_fit();
        self.far.shrink_to_fit();
    }

    /// Bytes of heap held (for memory accounting).
    pub fn heap_bytes(&self) -> usize {
        self.base.capacity() * 8 + self.rel.capacity() * 4 + self.far.capacity() * 16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_near_and_far_come_back_exactly() {
        let mut offsets = Offsets::default();
        let mut want = Vec::new();
        let mut at = 0u64;
        for i in 0..1000u64 {
            // Mostly short records; now and then one of gigabytes.
            at += if i % 97 == 13 { 5 << 30 } else { 150 + i % 7 };
            offsets.push(at);
            want.push(at);
        }
        assert!(!offsets.far.is_empty(), "some distances do not fit 32 bits");
        for (i, &w) in want.iter().enumerate() {
            assert_eq!(offsets.get(i), Some(w), "{i}");
        }
        assert_eq!(offsets.get(want.len()), None);
        assert_eq!(offsets.len(), 1000);
    }
}
