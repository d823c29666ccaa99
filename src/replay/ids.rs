//! Remembering event ids, exactly, in little memory.
//!
//! Each id is kept as a 64-bit fingerprint and the number of the event that
//! first had it. A fingerprint match is confirmed by comparing the actual ids
//! (the caller reads the earlier one back from the log), so two different
//! ids that happen to share a fingerprint are never taken for a duplicate.
//!
//! The table is open addressing with linear probing over one array, so that
//! the fold can ask for an id's slot to be fetched into the cache a few
//! events ahead ([`IdRegistry::prefetch`]): with millions of ids every
//! lookup is otherwise a miss all the way to memory, paid in the one thread
//! that folds the log in order.

/// One slot: a fingerprint and the number of the event that first had it
/// (0: empty, as events are numbered from 1).
type Slot = [u64; 2];

fn first_of(slot: Slot) -> u32 {
    slot[1] as u32
}

/// Where an id not seen yet goes: the slot its probe stopped at (empty, or
/// taken by a different id with the same fingerprint).
#[derive(Debug, Clone, Copy)]
pub struct Vacancy {
    at: usize,
}

/// Ids of events seen so far, with the event that first had each.
#[derive(Debug, Clone)]
pub struct IdRegistry {
    slots: Vec<Slot>,
    /// log2 of the number of slots.
    bits: u32,
    len: usize,
    /// Different ids whose fingerprint was already taken (vanishingly rare).
    collided: Vec<(u64, u32)>,
    /// Ids set aside by [`IdRegistry::compact`]: the top half of each
    /// fingerprint beside its event, sorted; 8 bytes an id.
    aside: Vec<(u32, u32)>,
}

impl Default for IdRegistry {
    fn default() -> IdRegistry {
        IdRegistry::with_bits(10)
    }
}

impl IdRegistry {
    fn with_bits(bits: u32) -> IdRegistry {
        IdRegistry {
            slots: super::memory::filled_huge(1 << bits, [0; 2]),
            bits,
            len: 0,
            collided: Vec::new(),
            aside: Vec::new(),
        }
    }

    /// Makes room for `ids` ids in all without growing again: one rehash
    /// now instead of several on the way.
    pub fn reserve(&mut self, ids: usize) {
        let slots = (ids.saturating_mul(4) / 3 + 1).next_power_of_two();
        let bits = slots.trailing_zeros();
        if bits > self.bits {
            self.rehash(bits);
        }
    }

    /// Where `fp`'s probe starts. Fingerprints are hashes already, but
    /// their low bits are the weak ones: take the top bits of a multiply.
    #[inline]
    fn home(&self, fp: u64) -> usize {
        (fp.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - self.bits)) as usize
    }

    #[inline]
    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// Asks for `fp`'s slot to be brought into the cache, to be looked up a
    /// little later. Changes nothing.
    #[inline]
    pub fn prefetch(&self, fp: u64) {
        super::memory::prefetch(self.slots.as_ptr().wrapping_add(self.home(fp)));
    }

    /// Where `fp`'s probe stops: its slot, or the empty slot where it
    /// would go.
    #[inline]
    fn probe(&self, fp: u64) -> usize {
        let mut i = self.home(fp);
        while first_of(self.slots[i]) != 0 && self.slots[i][0] != fp {
            i = (i + 1) & self.mask();
        }
        i
    }

    /// The earlier event with this id, if any. `same(k)` must say whether
    /// event k's id is exactly the one being looked up. (The fold uses
    /// [`IdRegistry::look_up`], which also says where a new id goes.)
    #[cfg(test)]
    pub fn find(&self, fp: u64, same: impl FnMut(u32) -> bool) -> Option<u32> {
        self.matching(self.probe(fp), fp, same)
    }

    /// The earlier event with this id, given the slot its probe stopped at.
    #[inline]
    fn matching(&self, at: usize, fp: u64, mut same: impl FnMut(u32) -> bool) -> Option<u32> {
        let first = first_of(self.slots[at]);
        if first == 0 {
            return self.aside_match(fp, same);
        }
        if same(first) {
            return Some(first);
        }
        if let Some(first) = self.aside_match(fp, &mut same) {
            return Some(first);
        }
        self.collided
            .iter()
            .filter(|(f, _)| *f == fp)
            .map(|&(_, k)| k)
            .find(|&k| same(k))
    }

    /// [`IdRegistry::find`], and where the id goes if it is to be
    /// remembered ([`IdRegistry::remember`]): one probe for both.
    pub fn look_up(&mut self, fp: u64, same: impl FnMut(u32) -> bool) -> Result<u32, Vacancy> {
        // At most three quarters full, so that probes stay short.
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let at = self.probe(fp);
        self.matching(at, fp, same).ok_or(Vacancy { at })
    }

    /// Remembers event `n`'s id where [`IdRegistry::look_up`] said.
    pub fn remember(&mut self, vacancy: Vacancy, fp: u64, n: u32) {
        debug_assert!(n > 0, "events are numbered from 1");
        let slot = &mut self.slots[vacancy.at];
        if first_of(*slot) == 0 {
            *slot = [fp, u64::from(n)];
            self.len += 1;
        } else {
            self.collided.push((fp, n));
        }
    }

    /// Remembers event `n`'s id (call only when `find` found none).
    #[cfg(test)]
    pub fn insert(&mut self, fp: u64, n: u32) {
        if let Err(vacancy) = self.look_up(fp, |_| false) {
            self.remember(vacancy, fp, n);
        }
    }

    /// The event set aside with this id, if any.
    fn aside_match(&self, fp: u64, mut same: impl FnMut(u32) -> bool) -> Option<u32> {
        if self.aside.is_empty() {
            return None;
        }
        let top = (fp >> 32) as u32;
        let from = self.aside.partition_point(|&(t, _)| t < top);
        self.aside[from..]
            .iter()
            .take_while(|&&(t, _)| t == top)
            .map(|&(_, n)| n)
            .find(|&n| same(n))
    }

    /// Sets every id remembered so far aside in a compact sorted form (8
    /// bytes an id instead of about 28), for when the log is in and only
    /// the events still to be appended need quick lookups. Ids remain
    /// exact: a match on half a fingerprint is confirmed like any other.
    pub fn compact(&mut self) {
        let mut aside = std::mem::take(&mut self.aside);
        aside.reserve_exact(self.len + self.collided.len());
        let table = std::mem::take(self);
        let entries = table.slots.iter().filter(|s| first_of(**s) != 0);
        aside.extend(entries.map(|s| ((s[0] >> 32) as u32, first_of(*s))));
        aside.extend(table.collided.iter().map(|&(fp, n)| ((fp >> 32) as u32, n)));
        drop(table);
        sort_by_tag(&mut aside);
        self.aside = aside;
    }

    fn grow(&mut self) {
        self.rehash(self.bits + 1);
    }

    fn rehash(&mut self, bits: u32) {
        let old = std::mem::replace(self, IdRegistry::with_bits(bits));
        self.collided = old.collided;
        self.aside = old.aside;
        for slot in old.slots.into_iter().filter(|&s| first_of(s) != 0) {
            let mut i = self.home(slot[0]);
            while first_of(self.slots[i]) != 0 {
                i = (i + 1) & self.mask();
            }
            self.slots[i] = slot;
        }
        self.len = old.len;
    }

    /// Slots in the table (ids it holds before it grows: three quarters).
    pub fn slots(&self) -> usize {
        self.slots.len()
    }

    pub fn len(&self) -> usize {
        self.len + self.collided.len() + self.aside.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Sorts by tag, in three passes of eleven bits (a radix sort): millions of
/// ids settle in tens of milliseconds, where a comparison sort takes
/// several hundred, at the moment the debugger says the log is in.
fn sort_by_tag(entries: &mut Vec<(u32, u32)>) {
    const BITS: u32 = 11;
    let mut other = super::memory::filled(entries.len(), (0, 0));
    for pass in 0..3 {
        let digit = |tag: u32| ((tag >> (pass * BITS)) & ((1 << BITS) - 1)) as usize;
        let mut at = [0usize; 1 << BITS];
        for &(tag, _) in entries.iter() {
            at[digit(tag)] += 1;
        }
        let mut sum = 0;
        for slot in at.iter_mut() {
            (*slot, sum) = (sum, sum + *slot);
        }
        for &entry in entries.iter() {
            let d = digit(entry.0);
            other[at[d]] = entry;
            at[d] += 1;
        }
        std::mem::swap(entries, &mut other);
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

    /// Ids set aside are found exactly as before, new ones beside them, and
    /// a shared half fingerprint is never taken for a match.
    #[test]
    fn compacted_ids_are_still_found() {
        let mut reg = IdRegistry::default();
        let fp = |i: u64| i.wrapping_mul(0x2545_F491_4F6C_DD1D) | (7 << 32);
        for n in 1..=3000u32 {
            reg.insert(fp(u64::from(n)), n);
        }
        reg.compact();
        assert_eq!(reg.len(), 3000);
        for n in 3001..=3100u32 {
            assert_eq!(reg.find(fp(u64::from(n)), |_| true), None);
            reg.insert(fp(u64::from(n)), n);
        }
        for n in 1..=3100u32 {
            let found = reg.find(fp(u64::from(n)), |k| k == n);
            assert_eq!(found, Some(n), "{n}");
        }
        // Same top half, different id: looked at, and refused.
        let twin = (fp(5) & !0xFFFF_FFFF) | 0x1234;
        assert_eq!(reg.find(twin, |k| k == 999_999), None);
        reg.compact();
        assert_eq!(reg.len(), 3100);
        assert_eq!(reg.find(fp(3050), |k| k == 3050), Some(3050));
    }

    #[test]
    fn the_radix_sort_sorts_by_tag() {
        let mut entries: Vec<(u32, u32)> = (0..20_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) ^ (i >> 3), i))
            .chain([(u32::MAX, 1), (0, 2), (1 << 31, 3)])
            .collect();
        let mut want = entries.clone();
        want.sort_unstable_by_key(|&(tag, _)| tag);
        sort_by_tag(&mut entries);
        let tags = |v: &[(u32, u32)]| v.iter().map(|&(t, _)| t).collect::<Vec<_>>();
        assert_eq!(tags(&entries), tags(&want));
        let mut got = entries.clone();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want, "the same entries");
    }

    /// Many ids, through several doublings, with neighbouring and equal
    /// probe starts: every one is found again, and nothing else is.
    #[test]
    fn every_id_survives_growth() {
        let mut reg = IdRegistry::default();
        let fps: Vec<u64> = (0..50_000u64)
            .map(|i| {
                if i % 3 == 0 {
                    i
                } else {
                    i.wrapping_mul(0x2545_F491_4F6C_DD1D)
                }
            })
            .collect();
        for (n, &fp) in fps.iter().enumerate() {
            assert_eq!(reg.find(fp, |_| true), None);
            reg.insert(fp, n as u32 + 1);
        }
        assert_eq!(reg.len(), fps.len());
        reg.reserve(200_000);
        for (n, &fp) in fps.iter().enumerate() {
            reg.prefetch(fp);
            assert_eq!(reg.find(fp, |k| k == n as u32 + 1), Some(n as u32 + 1));
        }
        assert_eq!(reg.find(u64::MAX - 7, |_| true), None);
    }
}
