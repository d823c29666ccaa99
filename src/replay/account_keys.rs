//! Numbering account names where records are decoded, so that the fold
//! need not hash them.
//!
//! One decoder's numbering of the account names it has seen: equal names,
//! equal keys. The folding thread learns once which account each key of
//! each decoder is, and from then on finds an event's accounts by key
//! rather than hashing and comparing names in the one thread that folds.
//!
//! With thousands of accounts every lookup is a cache miss, so names are
//! numbered a range at a time: decoding queues each event's short names
//! ([`AccountKeys::ask`]) and [`AccountKeys::resolve`] then looks them all up in order,
//! asking for each one's slot a few names ahead.

use super::memory::{filled, prefetch};

/// No key: what [`AccountKeys::ask`] answers when it can number no more names.
pub const NO_KEY: u32 = u32::MAX;

/// What [`AccountKeys::ask`] answers for a name queued for
/// [`AccountKeys::resolve`].
pub const PENDING: u32 = NO_KEY - 1;

/// How many names ahead [`AccountKeys::resolve`] prefetches.
const AHEAD: usize = 8;

/// A name of up to 23 bytes, its length in the last byte: compared as
/// three words, with no pointer to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ShortName([u64; 3]);

/// Stands in `names` for a key given to a long name (its length byte, 255,
/// is no short name's).
const LONG: ShortName = ShortName([u64::MAX; 3]);

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

    fn hash(&self) -> u64 {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let [a, b, c] = self.0;
        let h = (a.wrapping_mul(K) ^ b).wrapping_mul(K) ^ c;
        h.wrapping_mul(K) ^ (h >> 29)
    }
}

#[derive(Debug)]
pub struct AccountKeys {
    /// Open addressing: a slot is the name's hash's low 32 bits over its
    /// key + 1 (0: empty).
    slots: Vec<u64>,
    bits: u32,
    /// Each key's name.
    names: Vec<ShortName>,
    long: rustc_hash::FxHashMap<Box<str>, u32>,
    /// Names asked for and not yet resolved, with their hashes.
    pending: Vec<(ShortName, u64)>,
}

impl Default for AccountKeys {
    fn default() -> AccountKeys {
        AccountKeys {
            slots: filled(1 << 10, 0),
            bits: 10,
            names: Vec::new(),
            long: Default::default(),
            pending: Vec::new(),
        }
    }
}

impl AccountKeys {
    /// `name`'s key, or `PENDING` with the name queued for
    /// [`AccountKeys::resolve`]; `NO_KEY` past four billion names (the fold then
    /// finds the account by name).
    pub(super) fn ask(&mut self, name: &str) -> u32 {
        match ShortName::new(name) {
            Some(short) => {
                self.pending.push((short, short.hash()));
                PENDING
            }
            None => {
                if let Some(&key) = self.long.get(name) {
                    return key;
                }
                let Some(key) = self.next_key() else {
                    return NO_KEY;
                };
                self.names.push(LONG);
                self.long.insert(name.into(), key);
                key
            }
        }
    }

    /// The keys of the names queued by [`AccountKeys::ask`], in the order asked,
    /// into `out`.
    pub(super) fn resolve(&mut self, out: &mut Vec<u32>) {
        out.clear();
        let pending = std::mem::take(&mut self.pending);
        for (i, &(name, hash)) in pending.iter().enumerate() {
            if let Some(&(_, ahead)) = pending.get(i + AHEAD) {
                prefetch(self.slots.as_ptr().wrapping_add(self.home(ahead)));
            }
            // Half as far ahead, that name's slot is in: fetch the name it
            // holds, to be compared.
            if let Some(&(_, ahead)) = pending.get(i + AHEAD / 2) {
                let slot = self.slots[self.home(ahead)];
                if slot != 0 {
                    prefetch(self.names.as_ptr().wrapping_add(key_of(slot) as usize));
                }
            }
            out.push(self.key(name, hash));
        }
        self.pending = pending;
        self.pending.clear();
    }

    fn key(&mut self, name: ShortName, hash: u64) -> u32 {
        let tag = hash as u32;
        let mut i = self.home(hash);
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                break;
            }
            if (slot >> 32) as u32 == tag && self.names[key_of(slot) as usize] == name {
                return key_of(slot);
            }
            i = (i + 1) & (self.slots.len() - 1);
        }
        let Some(key) = self.next_key() else {
            return NO_KEY;
        };
        self.names.push(name);
        self.slots[i] = slot_of(tag, key);
        self.short_len_grew();
        key
    }

    fn next_key(&self) -> Option<u32> {
        u32::try_from(self.names.len())
            .ok()
            .filter(|&k| k < PENDING)
    }

    #[inline]
    fn home(&self, hash: u64) -> usize {
        (hash >> (64 - self.bits)) as usize
    }

    /// Keeps the table at most three quarters full.
    fn short_len_grew(&mut self) {
        let short = self.names.len() - self.long.len();
        if short * 4 <= self.slots.len() * 3 {
            return;
        }
        self.bits += 1;
        self.slots = filled(1 << self.bits, 0);
        for (key, name) in self.names.iter().enumerate() {
            if *name == LONG {
                continue;
            }
            let hash = name.hash();
            let mut i = self.home(hash);
            while self.slots[i] != 0 {
                i = (i + 1) & (self.slots.len() - 1);
            }
            self.slots[i] = slot_of(hash as u32, key as u32);
        }
    }
}

fn slot_of(tag: u32, key: u32) -> u64 {
    (u64::from(tag) << 32) | u64::from(key + 1)
}

fn key_of(slot: u64) -> u32 {
    (slot as u32).wrapping_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_of(keys: &mut AccountKeys, names: &[&str]) -> Vec<u32> {
        let asked: Vec<u32> = names.iter().map(|n| keys.ask(n)).collect();
        let mut resolved = Vec::new();
        keys.resolve(&mut resolved);
        let mut resolved = resolved.into_iter();
        asked
            .into_iter()
            .map(|k| match k {
                PENDING => resolved.next().unwrap(),
                k => k,
            })
            .collect()
    }

    #[test]
    fn equal_names_get_equal_keys_and_different_names_different_ones() {
        let mut keys = AccountKeys::default();
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
        let first = keys_of(&mut keys, &names);
        let again = keys_of(&mut keys, &names);
        assert_eq!(first, again);
        let mut distinct = first.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), names.len(), "{first:?}");
    }

    /// Thousands of names, asked in batches, repeated and through several
    /// doublings of the table: a name keeps its key.
    #[test]
    fn keys_hold_through_growth() {
        let mut keys = AccountKeys::default();
        let names: Vec<String> = (0..5000)
            .map(|i| format!("acc-{:05}", i * 7919 % 5000))
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut first = Vec::new();
        for batch in refs.chunks(333) {
            first.extend(keys_of(&mut keys, batch));
        }
        let again = keys_of(&mut keys, &refs);
        assert_eq!(first, again);
        let mut distinct = first.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 5000);
    }
}
