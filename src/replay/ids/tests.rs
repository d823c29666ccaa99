//! The id table: exact through tag collisions, growth and compaction.

use super::*;

/// The inverse of MIX modulo 2^64, by Newton's iteration.
fn inverse_of_mix() -> u64 {
    let mut inverse = MIX;
    for _ in 0..6 {
        inverse = inverse.wrapping_mul(2u64.wrapping_sub(MIX.wrapping_mul(inverse)));
    }
    inverse
}

/// A fingerprint other than `fp` with the same tag.
fn twin_of(fp: u64) -> u64 {
    let twin = (fp.wrapping_mul(MIX) ^ 0x1234).wrapping_mul(inverse_of_mix());
    assert_eq!(tag_of(twin), tag_of(fp));
    twin
}

/// Different ids with one tag (and so one probe start), through growth:
/// each is found, and only by its own id.
#[test]
fn ids_sharing_a_tag_are_told_apart_through_growth() {
    let mut reg = IdRegistry::default();
    let a = 0x0123_4567_89AB_CDEF;
    let b = twin_of(a);
    reg.insert(a, 1);
    reg.insert(b, 2);
    for n in 3..5000u32 {
        reg.insert(u64::from(n).wrapping_mul(0x2545_F491_4F6C_DD1D), n);
    }
    assert!(reg.slots() > 1024, "the table grew");
    assert_eq!(reg.find(a, |k| k == 1), Some(1));
    assert_eq!(reg.find(b, |k| k == 2), Some(2));
    let c = twin_of(b);
    assert_eq!(reg.find(c, |_| false), None, "a third id with that tag");
    reg.compact();
    assert_eq!(reg.find(a, |k| k == 1), Some(1));
    assert_eq!(reg.find(b, |k| k == 2), Some(2));
}

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
    // Same tag, different id: looked at, and refused.
    let twin = twin_of(fp(5));
    assert_ne!(twin, fp(5));
    assert_eq!(reg.find(twin, |k| k == 999_999), None);
    reg.compact();
    assert_eq!(reg.len(), 3100);
    assert_eq!(reg.find(fp(3050), |k| k == 3050), Some(3050));
}

/// Compacting gives every slot, in order: with ids crowded at the top
/// of the tags (so that probes wrap around the table's end), at the
/// bottom, and sharing tags; then again, with more, merged in.
#[test]
fn compacting_sorts_every_id_in_place() {
    let mut reg = IdRegistry::default();
    let mut slots = Vec::new();
    let add = |reg: &mut IdRegistry, slots: &mut Vec<Slot>, fp: u64, n: u32| {
        reg.insert(fp, n);
        slots.push(slot_of(fp, n));
    };
    // Tags at the very top (their probes wrap around the table's end)
    // and the very bottom, many shared, among ordinary ones.
    let mut n = 0;
    for i in 0..1000u64 {
        n += 1;
        add(
            &mut reg,
            &mut slots,
            fp_with_tag(u32::MAX - (i as u32 % 40)),
            n,
        );
        n += 1;
        add(&mut reg, &mut slots, fp_with_tag(i as u32 % 30), n);
        n += 1;
        add(
            &mut reg,
            &mut slots,
            i.wrapping_mul(0x2545_F491_4F6C_DD1D),
            n,
        );
    }
    assert!(reg.slots() > 1024, "the table grew");
    assert!(!reg.collided.is_empty(), "equal tags, ids told apart");
    reg.compact();
    let mut want = slots.clone();
    want.sort_unstable();
    assert_eq!(reg.aside, want);
    for i in 0..500u64 {
        n += 1;
        add(
            &mut reg,
            &mut slots,
            (i + 7).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            n,
        );
    }
    reg.compact();
    let mut want = slots.clone();
    want.sort_unstable();
    assert_eq!(reg.aside, want);
}

/// A fingerprint with the tag `tag`.
fn fp_with_tag(tag: u32) -> u64 {
    let fp = (u64::from(tag) << 32 | 0x5555).wrapping_mul(inverse_of_mix());
    assert_eq!(tag_of(fp), tag);
    fp
}

#[test]
fn sorting_sorts_whatever_the_order() {
    let nearly: Vec<Slot> = (0..50_000u64).map(|i| (i + (i * 7919) % 5) << 8).collect();
    let far: Vec<Slot> = (0..50_000u64)
        .map(|i| i.wrapping_mul(0x2545_F491_4F6C_DD1D))
        .collect();
    for mut slots in [nearly, far, vec![], vec![3, 1, 2]] {
        let mut want = slots.clone();
        want.sort_unstable();
        sort_nearly_sorted(&mut slots);
        assert_eq!(slots, want);
    }
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
    // Event k's id is the one looked up when its fingerprint is.
    let ids = &fps;
    let same = |fp: u64| move |k: u32| ids[k as usize - 1] == fp;
    for (n, &fp) in fps.iter().enumerate() {
        assert_eq!(reg.find(fp, same(fp)), None);
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
