//! Remembering event ids, exactly, in little memory.
//!
//! Each id is kept as 32 bits mixed from its 64-bit fingerprint (its
//! *tag*) and the number of the event that first had it: 8 bytes a slot.
//! A tag match is confirmed by comparing the actual ids (the caller reads
//! the earlier one back from the log), so two different ids that happen to
//! share a tag are never taken for a duplicate.
//!
//! The table is open addressing with linear probing over one array, so that
//! the fold can ask for an id's slot to be fetched into the cache a few
//! events ahead ([`IdRegistry::prefetch`]): with millions of ids every
//! lookup is otherwise a miss all the way to memory, paid in the one thread
//! that folds the log in order. Its length need not be a power of two, so
//! that room made up front for a log's ids is no more than it needs.
//!
//! Slots are only ever filled, never emptied or moved (until the whole
//! table is rebuilt), so the slots between an id's probe start and its slot
//! stay taken: a later probe for it walks the same way and stops at the
//! first slot with its tag. An id whose probe stops at a slot with its tag
//! but another id is kept beside the table, by fingerprint.

use rustc_hash::FxHashMap;

/// One slot: a tag in the high half and, in the low half, the number of the
/// event that first had it (0: empty, as events are numbered from 1).
type Slot = u64;

fn first_of(slot: Slot) -> u32 {
    slot as u32
}

/// The top half of a multiply, which every bit of `fp` goes into
/// (fingerprints are hashes already, but their low bits are the weak ones).
fn tag_of(fp: u64) -> u32 {
    (fp.wrapping_mul(MIX) >> 32) as u32
}

const MIX: u64 = 0x9E37_79B9_7F4A_7C15;

/// Where the probe for `tag` starts in a table of `size` slots.
#[inline]
fn home_in(size: usize, tag: u32) -> usize {
    ((u64::from(tag) * size as u64) >> 32) as usize
}

/// The slot for event `n`'s id.
fn slot_of(fp: u64, n: u32) -> Slot {
    u64::from(tag_of(fp)) << 32 | u64::from(n)
}

fn slot_tag(slot: Slot) -> u32 {
    (slot >> 32) as u32
}

/// Where an id not seen yet goes: the slot its probe stopped at (empty, or
/// taken by a different id with the same tag).
#[derive(Debug, Clone, Copy)]
pub struct Vacancy {
    at: usize,
}

/// Ids of events seen so far, with the event that first had each.
#[derive(Debug, Clone)]
pub struct IdRegistry {
    slots: Vec<Slot>,
    len: usize,
    /// Ids whose probe stopped at a slot with their tag but another id, by
    /// fingerprint: events that share a tag are few, but not none (about
    /// 5,700 pairs among 7M ids, as two of n ids share 32 bits about n²/2³³
    /// times).
    collided: FxHashMap<u64, Vec<u32>>,
    /// How many events `collided` holds.
    collisions: usize,
    /// Ids set aside by [`IdRegistry::compact`]: slots, sorted (by tag,
    /// then event); 8 bytes an id.
    aside: Vec<Slot>,
}

impl Default for IdRegistry {
    fn default() -> IdRegistry {
        IdRegistry::with_slots(1024)
    }
}

impl IdRegistry {
    fn with_slots(slots: usize) -> IdRegistry {
        IdRegistry {
            slots: super::memory::filled_huge(slots.max(1), 0),
            len: 0,
            collided: FxHashMap::default(),
            collisions: 0,
            aside: Vec::new(),
        }
    }

    /// Makes room for `ids` ids in all without growing again: one rehash
    /// now instead of several on the way. The table is then at most half
    /// full (16 bytes an id), where probes are short.
    pub fn reserve(&mut self, ids: usize) {
        let slots = ids.saturating_mul(2).max(1024);
        if slots > self.slots.len() {
            self.rehash(slots);
        }
    }

    /// How many ids `slots` slots hold before the table grows: three
    /// quarters of them, so that probes stay short.
    fn full_at(&self, slots: usize) -> usize {
        slots / 4 * 3
    }

    /// Where the probe for an id with this tag starts: the tag scaled to the
    /// table's length. It depends on the tag alone, which is all a slot
    /// keeps, so that a rebuilt table puts each slot where its id's probe
    /// will look.
    #[inline]
    fn home(&self, tag: u32) -> usize {
        home_in(self.slots.len(), tag)
    }

    #[inline]
    fn next(&self, i: usize) -> usize {
        if i + 1 == self.slots.len() {
            0
        } else {
            i + 1
        }
    }

    /// Asks for `fp`'s slot to be brought into the cache, to be looked up a
    /// little later. Changes nothing.
    #[inline]
    pub fn prefetch(&self, fp: u64) {
        super::memory::prefetch(self.slots.as_ptr().wrapping_add(self.home(tag_of(fp))));
    }

    /// Where `fp`'s probe stops: the first slot with its tag, or the empty
    /// slot where it would go.
    #[inline]
    fn probe(&self, fp: u64) -> usize {
        let tag = tag_of(fp);
        let mut i = self.home(tag);
        while first_of(self.slots[i]) != 0 && slot_tag(self.slots[i]) != tag {
            i = self.next(i);
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
    #[inline(always)]
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
        self.collided.get(&fp)?.iter().copied().find(|&k| same(k))
    }

    /// The earlier event with this id, if any (`same(k)` must say whether
    /// event k's id is exactly the one looked up), or else where the id
    /// goes if it is to be remembered ([`IdRegistry::remember`]): one probe
    /// for both.
    #[inline(always)]
    pub fn look_up(&mut self, fp: u64, same: impl FnMut(u32) -> bool) -> Result<u32, Vacancy> {
        if self.len + 1 > self.full_at(self.slots.len()) {
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
            *slot = slot_of(fp, n);
            self.len += 1;
        } else {
            self.collided.entry(fp).or_default().push(n);
            self.collisions += 1;
        }
    }

    /// Remembers event `n`'s id (call only when `find` found none).
    #[cfg(test)]
    pub fn insert(&mut self, fp: u64, n: u32) {
        if let Err(vacancy) = self.look_up(fp, |_| false) {
            self.remember(vacancy, fp, n);
        }
    }

    /// The event set aside with this id, if any. Asked on every lookup,
    /// and nearly always answered by the first line: kept inline, its
    /// search out of line (measured: out of line, the call alone cost the
    /// fold 18 instructions an event).
    #[inline(always)]
    fn aside_match(&self, fp: u64, same: impl FnMut(u32) -> bool) -> Option<u32> {
        if self.aside.is_empty() {
            return None;
        }
        self.aside_search(fp, same)
    }

    #[cold]
    #[inline(never)]
    fn aside_search(&self, fp: u64, mut same: impl FnMut(u32) -> bool) -> Option<u32> {
        let top = tag_of(fp);
        let from = self.aside.partition_point(|&s| slot_tag(s) < top);
        self.aside[from..]
            .iter()
            .take_while(|&&s| slot_tag(s) == top)
            .map(|&s| first_of(s))
            .find(|&n| same(n))
    }

    /// Sets every id remembered so far aside in a compact sorted form (8
    /// bytes an id instead of 11 to 21 in the table), for when the log is in
    /// and only the events still to be appended need quick lookups. Ids
    /// remain exact: a match on a tag is confirmed like any other.
    ///
    /// The table is its own sorted form, nearly: probes start at the tag
    /// scaled to the table (in tag order), and an id is only ever a short
    /// way past its start. So the slots are gathered in place and put in
    /// order by insertion, in time and memory that grow with the ids
    /// alone, not with their logarithm or a second copy of them.
    pub fn compact(&mut self) {
        let table = std::mem::take(self);
        let mut slots = table.slots;
        let size = slots.len();
        let home = |slot: Slot| home_in(size, slot_tag(slot));
        // From the first empty slot on, wrapping around, the ids come in the
        // order of their probe starts. The few before it that wrapped around
        // from the end go last; the others, which start there, first.
        let empty = slots.iter().position(|&s| first_of(s) == 0).unwrap_or(size);
        let (wrapped, first): (Vec<Slot>, Vec<Slot>) = slots[..empty]
            .iter()
            .copied()
            .filter(|&s| first_of(s) != 0)
            .partition(|&s| home(s) >= empty);
        // Gathered to the front: `kept` never passes the slot being read.
        slots[..first.len()].copy_from_slice(&first);
        let mut kept = first.len();
        for at in empty..size {
            let slot = slots[at];
            if first_of(slot) != 0 {
                slots[kept] = slot;
                kept += 1;
            }
        }
        slots.truncate(kept);
        slots.extend(wrapped);
        sort_nearly_sorted(&mut slots);
        // The collided ids are far from in order among the others: sorted
        // apart, and merged in.
        let mut collided: Vec<Slot> = (table.collided.iter())
            .flat_map(|(&fp, events)| events.iter().map(move |&n| slot_of(fp, n)))
            .collect();
        collided.sort_unstable();
        merge_into(&mut slots, &collided);
        self.aside = if table.aside.is_empty() {
            slots
        } else {
            let mut aside = table.aside;
            merge_into(&mut aside, &slots);
            aside
        };
        self.aside.shrink_to_fit();
    }

    fn grow(&mut self) {
        self.rehash(self.slots.len() * 2);
    }

    /// The table rebuilt with `slots` slots.
    fn rehash(&mut self, slots: usize) {
        let old = std::mem::replace(self, IdRegistry::with_slots(slots));
        self.collided = old.collided;
        self.collisions = old.collisions;
        self.aside = old.aside;
        for slot in old.slots.into_iter().filter(|&s| first_of(s) != 0) {
            let mut i = self.home(slot_tag(slot));
            while first_of(self.slots[i]) != 0 {
                i = self.next(i);
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
        self.len + self.collisions + self.aside.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Sorts `slots`, which are expected to be nearly in order, by insertion:
/// each is moved back past the few greater ones before it. Should they be
/// far from in order after all (fingerprints made to collide), a general
/// sort takes over once the moves pass a few per slot.
fn sort_nearly_sorted(slots: &mut [Slot]) {
    let mut budget = slots.len().saturating_mul(8).max(1 << 16);
    for i in 1..slots.len() {
        let slot = slots[i];
        let mut j = i;
        while j > 0 && slots[j - 1] > slot {
            slots[j] = slots[j - 1];
            j -= 1;
        }
        slots[j] = slot;
        budget = budget.saturating_sub(i - j);
        if budget == 0 {
            slots.sort_unstable();
            return;
        }
    }
}

/// Merges the sorted `other` into the sorted `slots`, in place (from the
/// back, so nothing is overwritten before it is moved; no second copy of
/// `slots` when its spare room holds `other`).
fn merge_into(slots: &mut Vec<Slot>, other: &[Slot]) {
    let (mut i, mut j) = (slots.len(), other.len());
    slots.resize(i + j, 0);
    let mut k = slots.len();
    while j > 0 {
        k -= 1;
        if i > 0 && slots[i - 1] > other[j - 1] {
            slots[k] = slots[i - 1];
            i -= 1;
        } else {
            slots[k] = other[j - 1];
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests;
