//! Numbering account names where records are decoded, so that the fold
//! need not hash them.

use super::detached::NONE;

/// One decoder's numbering of the account names it has seen: equal names,
/// equal keys. The folding thread learns once which account each key of
/// each decoder is, and from then on finds an event's accounts by key
/// rather than hashing and comparing names in the one thread that folds.
#[derive(Debug, Default)]
pub struct Keys {
    /// Names short enough to be held in the table itself (most are): a
    /// lookup compares three words, with no pointer to follow.
    short: rustc_hash::FxHashMap<ShortName, u32>,
    long: rustc_hash::FxHashMap<Box<str>, u32>,
}

/// A name of up to 23 bytes, its length in the last byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ShortName([u64; 3]);

impl ShortName {
    fn new(name: &str) -> Option<ShortName> {
        let bytes = name.as_bytes();
        if bytes.len() > 23 {
            return None;
        }
        let mut buf = [0u8; 24];
        buf[..bytes.len()].copy_from_slice(bytes);
        buf[23] = bytes.len() as u8;
        let word = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&buf[i * 8..i * 8 + 8]);
            u64::from_le_bytes(w)
        };
        Some(ShortName([word(0), word(1), word(2)]))
    }
}

impl Keys {
    pub(super) fn key(&mut self, name: &str) -> u32 {
        let next = u32::try_from(self.short.len() + self.long.len()).unwrap_or(NONE);
        let key = match ShortName::new(name) {
            Some(short) => *self.short.entry(short).or_insert(next),
            None => match self.long.get(name) {
                Some(&key) => key,
                None => *self.long.entry(name.into()).or_insert(next),
            },
        };
        // Past four billion names, the rest go unnumbered (found by name).
        if key == NONE {
            self.short.retain(|_, k| *k != NONE);
            self.long.retain(|_, k| *k != NONE);
        }
        key
    }
}

#[cfg(test)]
#[test]
fn equal_names_get_equal_keys_and_different_names_different_ones() {
    let mut keys = Keys::default();
    let long = "an account name well over twenty-three bytes";
    let names = [
        "a",
        "b",
        "",
        "a\u{0}",
        long,
        "exactly-23-bytes-long!!",
        "exactly-24-bytes-long!!!",
    ];
    let first: Vec<u32> = names.iter().map(|n| keys.key(n)).collect();
    let again: Vec<u32> = names.iter().map(|n| keys.key(n)).collect();
    assert_eq!(first, again);
    let mut distinct = first.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), names.len(), "{first:?}");
}
