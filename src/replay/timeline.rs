//! One account's history, compactly: the events that changed it and its
//! balance after each. A balance is stored as one 64-bit word, its mantissa
//! shifted over its scale (12 bytes a change with the event number, instead
//! of 20; and two appends per change, not three), falling back to a full
//! `Decimal` for the rare balance whose mantissa needs more than 59 bits.

use crate::domain::Status;
use rust_decimal::Decimal;

/// Status, owner and currency: they change only on open and close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub status: Status,
    pub owner: Option<Box<str>>,
    pub currency: Option<Box<str>>,
}

/// A packed word that marks a balance kept in `big`.
const BIG: i64 = i64::MIN;
/// Bits of a packed word that hold the scale (0 to 28).
const SCALE_BITS: u32 = 5;
const SCALE_MASK: i64 = (1 << SCALE_BITS) - 1;
/// The largest mantissa magnitude a packed word holds.
const MAX_PACKED: i128 = (1 << (63 - SCALE_BITS)) - 1;

/// `mantissa << 5 | scale`, when the mantissa fits.
fn pack(balance: Decimal) -> Option<i64> {
    let m = balance.mantissa();
    if (-MAX_PACKED..=MAX_PACKED).contains(&m) {
        // In range: 59 bits of mantissa and its sign fit beside the scale.
        Some(((m as i64) << SCALE_BITS) | i64::from(balance.scale() as u8))
    } else {
        None
    }
}

fn unpack(word: i64) -> Decimal {
    Decimal::from_i128_with_scale(i128::from(word >> SCALE_BITS), (word & SCALE_MASK) as u32)
}

#[derive(Debug, Default, Clone)]
pub struct Timeline {
    /// Event numbers of the applied events that touched the account.
    at: Vec<u32>,
    /// The balance after each, packed (see [`pack`]).
    packed: Vec<i64>,
    /// Balances that do not pack, by their position in `at`.
    big: Vec<(u32, Decimal)>,
    /// Event numbers at which status, owner or currency changed, and to what.
    profile: Vec<(u32, Profile)>,
    /// The held funds from each change on that changed them, by position
    /// in `at` (none for a log without holds: 0 throughout; boxed, so that
    /// an account of such a log pays one word for it, not a `Vec`'s three).
    #[allow(clippy::box_collection)] // the box is the point: see above
    held: Option<Box<Vec<(u32, Decimal)>>>,
}

impl Timeline {
    pub fn push(&mut self, n: u32, balance: Decimal) {
        let k = self.at.len() as u32;
        self.at.push(n);
        match pack(balance) {
            Some(word) => self.packed.push(word),
            None => {
                self.packed.push(BIG);
                self.big.push((k, balance));
            }
        }
    }

    /// Asks for the places the next [`Timeline::push`] writes to be
    /// fetched into the cache (see `replay::prefetch`).
    #[inline]
    pub fn prefetch_tail(&self) {
        super::memory::prefetch(self.at.as_ptr().wrapping_add(self.at.len()));
        super::memory::prefetch(self.packed.as_ptr().wrapping_add(self.packed.len()));
    }

    pub fn push_profile(&mut self, n: u32, profile: Profile) {
        if self.profile.last().is_none_or(|(_, p)| *p != profile) {
            self.profile.push((n, profile));
        }
    }

    /// Notes the account's held funds after its last change, when they
    /// differ from before it.
    pub fn push_held(&mut self, held: Decimal) {
        let column = self.held.get_or_insert_with(Box::default);
        let last = column.last().map_or(Decimal::ZERO, |&(_, h)| h);
        if held != last {
            let k = self.at.len().saturating_sub(1) as u32;
            column.push((k, held));
        }
    }

    /// The held funds after the k-th change.
    pub fn held(&self, k: usize) -> Decimal {
        let Some(column) = &self.held else {
            return Decimal::ZERO;
        };
        let p = column.partition_point(|&(j, _)| j as usize <= k);
        p.checked_sub(1).map_or(Decimal::ZERO, |p| column[p].1)
    }

    /// Event numbers that changed the account.
    pub fn events(&self) -> &[u32] {
        &self.at
    }

    /// The balance after the k-th change.
    pub fn balance(&self, k: usize) -> Decimal {
        match self.packed[k] {
            BIG => {
                let i = self.big.partition_point(|(j, _)| (*j as usize) < k);
                self.big[i].1
            }
            word => unpack(word),
        }
    }

    /// How many changes happened at or before event `n`.
    pub fn count_at(&self, n: u32) -> usize {
        self.at.partition_point(|&at| at <= n)
    }

    /// The profile in force after event `n`.
    pub fn profile_at(&self, n: u32) -> Option<&Profile> {
        let p = self.profile.partition_point(|(at, _)| *at <= n);
        Some(&self.profile[p.checked_sub(1)?].1)
    }

    pub fn shrink_to_fit(&mut self) {
        self.at.shrink_to_fit();
        self.packed.shrink_to_fit();
        self.big.shrink_to_fit();
        self.profile.shrink_to_fit();
        if let Some(column) = &mut self.held {
            column.shrink_to_fit();
        }
    }

    /// Bytes of heap this timeline holds (for memory accounting).
    pub fn heap_bytes(&self) -> usize {
        self.at.capacity() * 4
            + self.packed.capacity() * 8
            + self.big.capacity() * std::mem::size_of::<(u32, Decimal)>()
            + self.profile.capacity() * std::mem::size_of::<(u32, Profile)>()
            + self.held.as_ref().map_or(0, |c| {
                std::mem::size_of::<Vec<(u32, Decimal)>>()
                    + c.capacity() * std::mem::size_of::<(u32, Decimal)>()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn balances_round_trip_exactly_small_and_huge() {
        let values = [
            "0",
            "-12.34",
            "1300",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
            "-9223372036854775808",
            "288230376151711743",
            "-288230376151711743",
            "288230376151711744",
            "-288230376151711744",
            "-2882303761517117.43",
            "0.00",
        ];
        let mut t = Timeline::default();
        for (i, v) in values.iter().enumerate() {
            t.push(i as u32 + 1, Decimal::from_str(v).unwrap());
        }
        for (i, v) in values.iter().enumerate() {
            assert_eq!(t.balance(i).to_string(), *v);
        }
        assert_eq!(t.count_at(0), 0);
        assert_eq!(t.count_at(3), 3);
    }
}
