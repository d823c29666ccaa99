//! A read-only map from key names to small values, built once per schema
//! and looked up for every key of every record (and every event's type), so
//! it is built for that, the way a `match` on strings compiles: keys are
//! grouped by length, and a key of up to 16 bytes is read as two machine
//! words that are compared with the few keys of its length, without
//! hashing and without a call to `memcmp`. Longer keys go to a hash map.

use by_word::ByWord;
use rustc_hash::FxHashMap;

mod by_word;

/// The longest key kept as words.
const SHORT: usize = 16;

/// Two words that, with the length, hold every byte of a key of up to 16
/// bytes: two overlapping 8-byte loads for 8 bytes or more; below that,
/// the key's bytes in one word, the first in the low byte and zeros above
/// (what the scanner has at hand for a short key: see [`KeyMap::get_word`]),
/// and zero (keys are only compared with keys of the same length).
#[inline(always)]
fn words(key: &[u8]) -> (u64, u64) {
    let n = key.len();
    match (key.first_chunk::<8>(), key.last_chunk::<8>()) {
        (Some(f), Some(l)) => (u64::from_le_bytes(*f), u64::from_le_bytes(*l)),
        // Two 4-byte loads that overlap, each byte in its place.
        _ => match (key.first_chunk::<4>(), key.last_chunk::<4>()) {
            (Some(f), Some(l)) => (
                u64::from(u32::from_le_bytes(*f))
                    | u64::from(u32::from_le_bytes(*l)) << (8 * (n - 4)),
                0,
            ),
            // Up to three bytes: the first, middle and last are all of them.
            _ => match (key.first(), key.get(n / 2), key.last()) {
                (Some(&first), Some(&middle), Some(&last)) => (
                    u64::from(first)
                        | u64::from(middle) << (8 * (n / 2))
                        | u64::from(last) << (8 * (n - 1)),
                    0,
                ),
                _ => (0, 0),
            },
        },
    }
}

/// Keys to values.
#[derive(Debug, Clone)]
pub struct KeyMap<V> {
    /// `short[starts[n]..starts[n + 1]]`: the keys of length n.
    starts: [u16; SHORT + 2],
    short: Vec<(u64, u64, V)>,
    long: FxHashMap<Box<str>, V>,
    /// The keys of up to seven bytes by their word (see [`ByWord`]).
    by_word: ByWord<V>,
    /// Every key, for listing.
    keys: Vec<(Box<str>, V)>,
}

impl<V: Copy> KeyMap<V> {
    /// A map of `entries`; a key given twice keeps its last value.
    pub fn new(entries: impl IntoIterator<Item = (String, V)>) -> KeyMap<V> {
        let mut keys: Vec<(Box<str>, V)> = Vec::new();
        for (key, value) in entries {
            match keys.iter_mut().find(|(k, _)| **k == *key) {
                Some(entry) => entry.1 = value,
                None => keys.push((key.into(), value)),
            }
        }
        let mut by_len: Vec<&(Box<str>, V)> =
            keys.iter().filter(|(k, _)| k.len() <= SHORT).collect();
        by_len.sort_by_key(|(k, _)| k.len());
        let mut starts = [0u16; SHORT + 2];
        for (n, start) in starts.iter_mut().enumerate() {
            *start = by_len.iter().filter(|(k, _)| k.len() < n).count() as u16;
        }
        let short = by_len
            .iter()
            .map(|(k, v)| {
                let (a, b) = words(k.as_bytes());
                (a, b, *v)
            })
            .collect();
        let long = keys
            .iter()
            .filter(|(k, _)| k.len() > SHORT)
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        // A key with a zero byte is never looked up by word: in a record
        // it is written with an escape.
        let words: Vec<(u64, V)> = keys
            .iter()
            .filter(|(k, _)| k.len() < 8 && !k.as_bytes().contains(&0))
            .map(|(k, v)| (words(k.as_bytes()).0, *v))
            .collect();
        KeyMap {
            starts,
            short,
            long,
            by_word: ByWord::new(&words),
            keys,
        }
    }

    /// The value of `key`, if it is in the map.
    #[inline(always)]
    pub fn get(&self, key: &str) -> Option<V> {
        self.get_bytes(key.as_bytes())
    }

    /// The value of the key whose UTF-8 is `bytes`, if it is in the map.
    #[inline(always)]
    pub fn get_bytes(&self, bytes: &[u8]) -> Option<V> {
        let n = bytes.len();
        if n > SHORT {
            let key = std::str::from_utf8(bytes).ok()?;
            return self.long.get(key).copied();
        }
        let (a, b) = words(bytes);
        let from = usize::from(self.starts[n]);
        let to = usize::from(self.starts[n + 1]);
        self.short
            .get(from..to)?
            .iter()
            .find(|(x, y, _)| *x == a && *y == b)
            .map(|&(_, _, v)| v)
    }

    /// The value of the key of `n` bytes (below 8) that `word` holds, the
    /// first byte in the low byte and zeros above, if it is in the map. The
    /// key has no zero byte (a record's key that has one is written with an
    /// escape, so the scanner gives no word for it).
    #[inline(always)]
    pub fn get_word(&self, n: usize, word: u64) -> Option<V> {
        if let Some(found) = self.by_word.get(word) {
            return found;
        }
        let from = usize::from(*self.starts.get(n)?);
        let to = usize::from(*self.starts.get(n + 1)?);
        self.short
            .get(from..to)?
            .iter()
            .find(|(x, _, _)| *x == word)
            .map(|&(_, _, v)| v)
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Every key and its value, in the order given.
    pub fn iter(&self) -> impl Iterator<Item = (&str, V)> {
        self.keys.iter().map(|(k, v)| (&**k, *v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_put_in_and_nothing_else() {
        let names: Vec<String> = (0..200).map(|i| format!("key{i}")).collect();
        let map = KeyMap::new(names.iter().cloned().zip(0u16..));
        assert_eq!(map.len(), 200);
        for (i, name) in names.iter().enumerate() {
            assert_eq!(map.get(name), Some(i as u16), "{name}");
        }
        for miss in ["", "key", "key200", "KEY1", "key1 "] {
            assert_eq!(map.get(miss), None, "{miss:?}");
        }
        // Keys of every length up to past 16 bytes, differing in one byte
        // anywhere, are told apart.
        let long: Vec<String> = (0..40).map(|n| "k".repeat(n)).collect();
        let map = KeyMap::new(long.iter().cloned().zip(0u16..));
        for (n, key) in long.iter().enumerate() {
            assert_eq!(map.get(key), Some(n as u16));
            for at in 0..n {
                let mut other = key.clone().into_bytes();
                other[at] = b'x';
                let other = String::from_utf8(other).unwrap();
                assert_eq!(map.get(&other), None, "{other}");
            }
        }
        // A short key's word is its bytes, first byte lowest.
        for n in 0..8 {
            let key = &long[n];
            let mut word = [0u8; 8];
            word[..n].copy_from_slice(key.as_bytes());
            assert_eq!(map.get_word(n, u64::from_le_bytes(word)), Some(n as u16));
            assert_eq!(map.get_word(n, u64::from_le_bytes(word) ^ 1), None);
        }
        let twice = KeyMap::new([("a".to_owned(), 1), ("a".to_owned(), 2)]);
        assert_eq!((twice.get("a"), twice.len()), (Some(2), 1));
        let empty: KeyMap<u8> = KeyMap::new([]);
        assert!(empty.is_empty() && empty.get("x").is_none());
    }
}
