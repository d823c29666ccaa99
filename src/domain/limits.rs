//! The balances an account may have: a schema's `[rules] min_balance` (by
//! default 0: below it is an `overdraft`) and `max_balance` (by default
//! none: above it is `over_limit`), and an account's own, from its open
//! event (`min_balance = FIELD`, `max_balance = FIELD` on an `open` type).

use super::diagnostic::{Code, Finding};
use rust_decimal::Decimal;

/// The lowest and highest balance allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub min: Decimal,
    pub max: Option<Decimal>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            min: Decimal::ZERO,
            max: None,
        }
    }
}

/// An account's own limits, read from its open event: each one given
/// overrides the schema-wide one for that account.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OwnLimits {
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
}

impl OwnLimits {
    /// The account's limits: its own where given, else the schema's.
    #[inline]
    pub fn over(&self, schema: Limits) -> Limits {
        Limits {
            min: self.min.unwrap_or(schema.min),
            max: self.max.or(schema.max),
        }
    }
}

impl Limits {
    /// Whether `balance` is below the minimum (`overdraft`). The usual
    /// minimum, 0, is a sign test rather than a decimal comparison: this
    /// runs for every debit of the log.
    #[inline(always)]
    pub fn below(&self, balance: Decimal) -> bool {
        if self.min.is_zero() {
            balance.is_sign_negative() && !balance.is_zero()
        } else {
            balance < self.min
        }
    }

    /// Whether `balance` is above the maximum.
    #[inline(always)]
    pub fn above(&self, balance: Decimal) -> bool {
        matches!(self.max, Some(max) if balance > max)
    }

    /// `overdraft`: `what` (a withdrawal, a transfer) leaves `account` at
    /// `balance`, below the minimum.
    #[cold]
    pub fn overdraft(&self, what: String, account: &str, balance: Decimal) -> Finding {
        let below = if self.min.is_zero() {
            String::new()
        } else {
            format!(", below its minimum {}", self.min)
        };
        Finding::new(
            Code::Overdraft,
            format!("{what} leaves account `{account}` at {balance}{below}"),
            Some(account),
        )
    }

    /// `over_limit`: `what` leaves `account` at `balance`, above the
    /// maximum.
    #[cold]
    pub fn over_limit(&self, what: String, account: &str, balance: Decimal) -> Finding {
        let max = self.max.unwrap_or_default();
        Finding::new(
            Code::OverLimit,
            format!("{what} leaves account `{account}` at {balance}, above its maximum {max}"),
            Some(account),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn below_the_default_minimum_is_below_zero_and_a_negative_zero_is_not() {
        let limits = Limits::default();
        assert!(limits.below(d("-0.01")));
        assert!(!limits.below(d("0")));
        assert!(!limits.below(d("-0.00")), "a negative zero is zero");
        assert!(!limits.below(d("0.01")));
    }

    #[test]
    fn below_any_other_minimum_is_a_decimal_comparison() {
        let limits = Limits {
            min: d("-100"),
            max: None,
        };
        assert!(!limits.below(d("-100.00")));
        assert!(limits.below(d("-100.001")));
        let limits = Limits {
            min: d("10"),
            max: None,
        };
        assert!(limits.below(d("9.99")));
        assert!(!limits.below(d("10")));
    }
}
