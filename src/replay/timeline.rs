//! One account's history, compactly: the events that changed it and its
//! balance after each. Balances are stored as a 64-bit mantissa and a scale
//! (13 bytes a change instead of 20), falling back to a full `Decimal` for
//! the rare balance that does not fit.

use crate::domain::Status;
use rust_decimal::Decimal;

/// Status, owner and currency: they change only on open and close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub status: Status,
    pub owner: Option<Box<str>>,
    pub currency: Option<Box<str>>,
}

/// A mantissa that marks a balance kept in `big`.
const BIG: i64 = i64::MIN;

#[derive(Debug, Default, Clone)]
pub struct Timeline {
    /// Event numbers of the applied events that touched the account.
    at: Vec<u32>,
    mantissa: Vec<i64>,
    scale: Vec<u8>,
    /// Balances that do not fit an i64 mantissa, by their position in `at`.
    big: Vec<(u32, Decimal)>,
    /// Event numbers at which status, owner or currency changed, and to what.
    profile: Vec<(u32, Profile)>,
}

impl Timeline {
    pub fn push(&mut self, n: u32, balance: Decimal) {
        let k = self.at.len() as u32;
        self.at.push(n);
        match i64::try_from(balance.mantissa()) {
            Ok(m) if m != BIG => {
                self.mantissa.push(m);
                self.scale.push(balance.scale() as u8);
            }
            _ => {
                self.mantissa.push(BIG);
                self.scale.push(0);
                self.big.push((k, balance));
            }
        }
    }

    pub fn push_profile(&mut self, n: u32, profile: Profile) {
        if self.profile.last().is_none_or(|(_, p)| *p != profile) {
            self.profile.push((n, profile));
        }
    }

    /// Event numbers that changed the account.
    pub fn events(&self) -> &[u32] {
        &self.at
    }

    /// The balance after the k-th change.
    pub fn balance(&self, k: usize) -> Decimal {
        match self.mantissa[k] {
            BIG => {
                let i = self.big.partition_point(|(j, _)| (*j as usize) < k);
                self.big[i].1
            }
            m => Decimal::from_i128_with_scale(i128::from(m), u32::from(self.scale[k])),
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
        self.mantissa.shrink_to_fit();
        self.scale.shrink_to_fit();
        self.big.shrink_to_fit();
        self.profile.shrink_to_fit();
    }

    /// Bytes of heap this timeline holds (for memory accounting).
    pub fn heap_bytes(&self) -> usize {
        self.at.capacity() * 4
            + self.mantissa.capacity() * 8
            + self.scale.capacity()
            + self.big.capacity() * std::mem::size_of::<(u32, Decimal)>()
            + self.profile.capacity() * std::mem::size_of::<(u32, Profile)>()
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
