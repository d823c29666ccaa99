//! The keys of up to seven bytes, found by their word in one step.
//!
//! A record's keys are mostly this short, and the scanner hands each over
//! as a word (its bytes, zeros above). Looking one up among the keys of its
//! length took two loads and a loop of comparisons whose length changed
//! from key to key (which the processor mispredicts); here the word is
//! hashed (a multiply and a shift) into a table where no two of the map's
//! keys share a bucket, so one comparison says whether it is there.

/// The table. Empty (and not used) if no multiplier in the few tried
/// spreads the keys out, which does not happen for the sizes schemas have.
#[derive(Debug, Clone)]
pub(super) struct ByWord<V> {
    buckets: Vec<(u64, Option<V>)>,
    multiplier: u64,
    shift: u32,
}

/// How many multipliers are tried for each table size.
const TRIES: usize = 64;

impl<V: Copy> ByWord<V> {
    /// A table of `keys` (words of keys of up to seven bytes, none holding
    /// a zero byte: with zeros above, a word then says its length too).
    pub(super) fn new(keys: &[(u64, V)]) -> ByWord<V> {
        // A fixed sequence of odd multipliers (splitmix64), so that a
        // schema always compiles to the same table.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) | 1
        };
        let least = (keys.len() * 2).max(8).next_power_of_two();
        for bits in least.trailing_zeros()..=least.trailing_zeros() + 4 {
            let shift = 64 - bits;
            for _ in 0..TRIES {
                let multiplier = next();
                let mut buckets = vec![(u64::MAX, None); 1 << bits];
                let spread = keys.iter().all(|&(word, value)| {
                    let bucket = &mut buckets[(word.wrapping_mul(multiplier) >> shift) as usize];
                    let free = bucket.1.is_none();
                    *bucket = (word, Some(value));
                    free
                });
                if spread {
                    return ByWord {
                        buckets,
                        multiplier,
                        shift,
                    };
                }
            }
        }
        ByWord {
            buckets: Vec::new(),
            multiplier: 0,
            shift: 0,
        }
    }

    /// The value of the key whose word is `word`, or `None` when the
    /// table is not used (see [`ByWord`]).
    #[inline(always)]
    pub(super) fn get(&self, word: u64) -> Option<Option<V>> {
        let at = (word.wrapping_mul(self.multiplier) >> self.shift) as usize;
        let (key, value) = self.buckets.get(at)?;
        Some(if *key == word { *value } else { None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(key: &str) -> u64 {
        let mut bytes = [0u8; 8];
        bytes[..key.len()].copy_from_slice(key.as_bytes());
        u64::from_le_bytes(bytes)
    }

    /// Every key is found, and nothing else, for tables of every size up
    /// to far more keys than a schema has.
    #[test]
    fn finds_every_key_and_nothing_else() {
        for count in [0, 1, 2, 7, 30, 200, 1000] {
            let keys: Vec<(u64, usize)> = (0..count).map(|i| (word(&format!("k{i}")), i)).collect();
            let table = ByWord::new(&keys);
            for &(w, i) in &keys {
                assert_eq!(table.get(w), Some(Some(i)), "{count} keys, k{i}");
            }
            for miss in ["", "k", "K0", "k0 ", "x1234", "kkkkkkk"] {
                let expected = keys.iter().find(|k| k.0 == word(miss)).map(|k| k.1);
                assert_eq!(
                    table.get(word(miss)),
                    Some(expected),
                    "{count} keys, {miss:?}"
                );
            }
            assert_eq!(table.get(u64::MAX), Some(None));
        }
    }

    /// Keys that cannot be spread out (here: the same word twice) leave
    /// the table unused, and the caller looks elsewhere.
    #[test]
    fn a_table_that_cannot_be_built_is_not_used() {
        let table = ByWord::new(&[(word("a"), 1), (word("a"), 2)]);
        assert_eq!(table.get(word("a")), None);
        assert_eq!(table.get(word("b")), None);
    }
}
