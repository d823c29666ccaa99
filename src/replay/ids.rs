//! Remembering event ids, exactly, in little memory.
//!
//! Each id is kept as a 64-bit fingerprint and the number of the event that
//! first had it. A fingerprint match is confirmed by comparing the actual ids
//! (the caller reads the earlier one back from the log), so two different
//! ids that happen to share a fingerprint are never taken for a duplicate.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hasher for keys that are already hashes.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        // Spread the bits again: the table uses the top bits for control.
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Ids of events seen so far, with the event that first had each.
#[derive(Default, Debug, Clone)]
pub struct IdRegistry {
    first: HashMap<u64, u32, BuildHasherDefault<PassThrough>>,
    /// Different ids whose fingerprint was already taken (vanishingly rare).
    collided: Vec<(u64, u32)>,
}

impl std::fmt::Debug for PassThrough {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PassThrough")
    }
}

impl IdRegistry {
    /// The earlier event with this id, if any. `same(k)` must say whether
    /// event k's id is exactly the one being looked up.
    pub fn find(&self, fp: u64, mut same: impl FnMut(u32) -> bool) -> Option<u32> {
        let first = *self.first.get(&fp)?;
        if same(first) {
            return Some(first);
        }
        self.collided
            .iter()
            .filter(|(f, _)| *f == fp)
            .map(|&(_, k)| k)
            .find(|&k| same(k))
    }

    /// Remembers event `n`'s id (call only when `find` found none).
    pub fn insert(&mut self, fp: u64, n: u32) {
        match self.first.entry(fp) {
            std::collections::hash_map::Entry::Occupied(_) => self.collided.push((fp, n)),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(n);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.first.len() + self.collided.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_fingerprint_is_not_a_duplicate_unless_the_ids_are_equal() {
        let mut reg = IdRegistry::default();
        // Force every id onto one fingerprint to exercise the collision path.
        let fp = 42;
        assert_eq!(reg.find(fp, |_| unreachable!()), None);
        reg.insert(fp, 1); // "a"
        fn same(want: &'static str) -> impl Fn(u32) -> bool {
            move |k: u32| ["a", "b", "c"][k as usize - 1] == want
        }
        assert_eq!(reg.find(fp, same("b")), None);
        reg.insert(fp, 2); // "b"
        assert_eq!(reg.find(fp, same("b")), Some(2));
        assert_eq!(reg.find(fp, same("a")), Some(1));
        assert_eq!(reg.find(fp, same("c")), None);
        assert_eq!(reg.len(), 2);
    }
}
