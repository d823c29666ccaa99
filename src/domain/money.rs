//! Exact decimal amounts parsed straight from JSON text.
//!
//! A JSON number such as `0.1` or `1e-1` is taken as the characters it is
//! written with and turned into a [`Decimal`] by integer arithmetic alone, so
//! it never passes through a binary float. A value that `Decimal` cannot hold
//! exactly (more than 28 decimal places, or more than 96 bits of mantissa) is
//! rejected rather than rounded: an auditor must never see a balance that was
//! silently approximated.

use rust_decimal::Decimal;

/// Why a piece of text is not an exact decimal amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Not a number at all (`"ten"`, `""`, `true`).
    #[error("not a decimal number")]
    NotANumber,
    /// A number, but not exactly representable as a `Decimal`.
    #[error("outside the exact decimal range (28 decimal places, 96-bit mantissa)")]
    OutOfRange,
}

/// The largest mantissa a `Decimal` holds: 2^96 - 1.
const MAX_MANTISSA: u128 = (1u128 << 96) - 1;
/// The largest scale a `Decimal` holds.
const MAX_SCALE: i64 = 28;

/// Parses `[+-]digits[.digits][(e|E)[+-]digits]` exactly. A leading or
/// trailing dot (`.5`, `5.`) is accepted, as people write amounts in strings
/// that way; surrounding whitespace is not.
pub fn parse_decimal(text: &str) -> Result<Decimal, AmountError> {
    match plain_decimal(text.as_bytes()) {
        Some(value) => Ok(value),
        None => parse_any(text),
    }
}

/// `[-]digits[.digits]` with at most 18 digits, the way amounts are nearly
/// always written: one pass, in a `u64`. `None` for anything else, which
/// [`parse_any`] decides (with the same result for what both take).
#[inline]
fn plain_decimal(bytes: &[u8]) -> Option<Decimal> {
    let (negative, body) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    if body.len() > 19 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut point = None;
    for (i, &b) in body.iter().enumerate() {
        let d = b.wrapping_sub(b'0');
        if d <= 9 {
            mantissa = mantissa * 10 + u64::from(d);
        } else if b == b'.' && point.is_none() {
            point = Some(i);
        } else {
            return None;
        }
    }
    let digits = body.len() - usize::from(point.is_some());
    if digits == 0 || digits > 18 {
        return None;
    }
    let scale = point.map_or(0, |p| body.len() - 1 - p) as u32;
    if mantissa == 0 {
        // Zero keeps its written scale (`0.00`, as other amounts do), and
        // no sign: `-0.00` is shown as `0.00`.
        return Some(Decimal::new(0, scale));
    }
    // At most 18 digits: below 10^18, so the low and middle words hold it
    // (as Decimal::new would build it, without its checks).
    Some(Decimal::from_parts(
        mantissa as u32,
        (mantissa >> 32) as u32,
        0,
        negative,
        scale,
    ))
}

/// Any number [`parse_decimal`] takes.
fn parse_any(text: &str) -> Result<Decimal, AmountError> {
    let bytes = text.as_bytes();
    // An optional sign at `i`: whether it is `-`, and where the rest starts.
    let sign_at = |i: usize| match bytes.get(i) {
        Some(b'-') => (true, i + 1),
        Some(b'+') => (false, i + 1),
        _ => (false, i),
    };
    let (negative, mut i) = sign_at(0);
    let digits_at = |mut i: usize| {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        (start, i)
    };
    let (int_start, int_end) = digits_at(i);
    i = int_end;
    let (frac_start, frac_end) = if bytes.get(i) == Some(&b'.') {
        let (s, e) = digits_at(i + 1);
        i = e;
        (s, e)
    } else {
        (i, i)
    };
    if int_start == int_end && frac_start == frac_end {
        return Err(AmountError::NotANumber);
    }
    let mut exponent: i64 = 0;
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        let (exp_negative, after_sign) = sign_at(i + 1);
        let (start, end) = digits_at(after_sign);
        if start == end {
            return Err(AmountError::NotANumber);
        }
        for &b in &bytes[start..end] {
            // Saturate: any exponent this large is out of range anyway.
            exponent = exponent
                .saturating_mul(10)
                .saturating_add(i64::from(b - b'0'));
        }
        i = end;
        if exp_negative {
            exponent = -exponent;
        }
    }
    if i != bytes.len() {
        return Err(AmountError::NotANumber);
    }
    // The significant digits: integer then fraction, leading zeros dropped.
    let all = bytes[int_start..int_end]
        .iter()
        .chain(&bytes[frac_start..frac_end]);
    let leading = all.clone().take_while(|&&b| b == b'0').count();
    let total = (int_end - int_start) + (frac_end - frac_start);
    let significant = total - leading;
    if significant == 0 {
        // Zero keeps its written scale (`0.00`, `0.0e1` is `0`), within
        // what a Decimal holds, and no sign.
        let scale = ((frac_end - frac_start) as i64)
            .saturating_sub(exponent)
            .clamp(0, MAX_SCALE);
        return Ok(Decimal::new(0, scale as u32));
    }
    let trailing = all.clone().rev().take_while(|&&b| b == b'0').count();
    // value = digits * 10^(exponent - fraction length)
    let mut power = exponent.saturating_sub((frac_end - frac_start) as i64);
    // Trailing zeros carry no value; dropping them keeps `1.000…0` in range.
    // Only drop while the scale is too large or the mantissa too long, so
    // that `1.10` keeps its written scale.
    let mut keep = significant;
    let mut droppable = trailing;
    while droppable > 0 && (-power > MAX_SCALE || keep > 29) {
        keep -= 1;
        droppable -= 1;
        power = power.saturating_add(1);
    }
    if keep > 29 {
        return Err(AmountError::OutOfRange);
    }
    let mut mantissa: u128 = 0;
    for &b in all.skip(leading).take(keep) {
        mantissa = mantissa * 10 + u128::from(b - b'0');
    }
    if power > 0 {
        // A mantissa of at least 1 times 10^29 does not fit in 96 bits.
        if power > 28 {
            return Err(AmountError::OutOfRange);
        }
        mantissa = mantissa
            .checked_mul(10u128.pow(power as u32))
            .ok_or(AmountError::OutOfRange)?;
        power = 0;
    }
    let scale = -power;
    if mantissa > MAX_MANTISSA || scale > MAX_SCALE {
        return Err(AmountError::OutOfRange);
    }
    let signed = if negative {
        -(mantissa as i128)
    } else {
        mantissa as i128
    };
    Decimal::try_from_i128_with_scale(signed, scale as u32).map_err(|_| AmountError::OutOfRange)
}

/// `a + b` if `Decimal` holds the sum exactly. `checked_add` only fails on
/// overflow: when the exact sum needs more than 96 bits at the larger of the
/// two scales, it silently rounds (`1e-28 + 79228162514264337593543950335`
/// loses the `1e-28`), and a ledger must not lose or make money.
#[inline]
pub fn exact_add(a: Decimal, b: Decimal) -> Option<Decimal> {
    if let Some(sum) = small_sum(a, b, false) {
        return Some(sum);
    }
    general_add(a, b)
}

/// The sum (or with `minus`, the difference) of two amounts of everyday
/// size (mantissas under 2^63, scales up to 18), in plain integer
/// arithmetic: the general add takes several times as long, once or twice
/// for every event of a log. The result is the one `checked_add` gives, at
/// the larger scale; `None` leaves it to that.
#[inline]
fn small_sum(a: Decimal, b: Decimal, minus: bool) -> Option<Decimal> {
    const POW10: [i64; 19] = {
        let mut p = [1i64; 19];
        let mut i = 1;
        while i < 19 {
            p[i] = p[i - 1] * 10;
            i += 1;
        }
        p
    };
    let (sa, sb) = (a.scale(), b.scale());
    let scale = sa.max(sb);
    let (ma, mb) = (a.mantissa(), b.mantissa());
    let (Ok(ma), Ok(mb)) = (i64::try_from(ma), i64::try_from(mb)) else {
        return None;
    };
    if scale > 18 || ma == 0 || mb == 0 {
        return None;
    }
    // Each term is at most 2^63 × 10^18 (a 64-bit by 64-bit product), so
    // their sum or difference is below 2^124: no overflow in i128.
    let term = |m: i64, s: u32| i128::from(m) * i128::from(POW10[(scale - s) as usize]);
    let (ta, tb) = if sa == sb {
        (i128::from(ma), i128::from(mb))
    } else {
        (term(ma, sa), term(mb, sb))
    };
    let sum = if minus { ta - tb } else { ta + tb };
    if sum == 0 || sum.unsigned_abs() > MAX_MANTISSA {
        return None;
    }
    Decimal::try_from_i128_with_scale(sum, scale).ok()
}

#[cold]
fn general_add(a: Decimal, b: Decimal) -> Option<Decimal> {
    let sum = a.checked_add(b)?;
    let exact = sum.scale() >= a.scale().max(b.scale())
        || (sum.checked_sub(b) == Some(a) && sum.checked_sub(a) == Some(b));
    exact.then_some(sum)
}

/// `a - b` if `Decimal` holds the difference exactly (see [`exact_add`]).
#[inline]
pub fn exact_sub(a: Decimal, b: Decimal) -> Option<Decimal> {
    if let Some(difference) = small_sum(a, b, true) {
        return Some(difference);
    }
    general_add(a, -b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_that_decimal_would_round_are_refused() {
        let tiny = d("0.0000000000000000000000000001");
        let max = Decimal::MAX;
        assert_eq!(
            tiny.checked_sub(max),
            Some(-max),
            "Decimal rounds away the 1e-28"
        );
        assert_eq!(exact_sub(tiny, max), None);
        assert_eq!(exact_add(max, tiny), None);
        assert_eq!(exact_add(max, Decimal::ONE), None, "overflow");
        assert_eq!(exact_add(d("1.5"), d("2.25")), Some(d("3.75")));
        // The quick path's edges: the most negative 64-bit mantissa.
        let min = Decimal::from_i128_with_scale(i128::from(i64::MIN), 2);
        for b in [min, Decimal::ONE, -Decimal::ONE, d("0.001")] {
            assert_eq!(exact_sub(min, b), general_add(min, -b), "{min} - {b}");
            assert_eq!(exact_sub(b, min), general_add(b, -min), "{b} - {min}");
            assert_eq!(exact_add(min, b), general_add(min, b), "{min} + {b}");
        }
        assert_eq!(exact_sub(max, Decimal::ONE), Some(max - Decimal::ONE));
        // Exact though the scale shrinks: the dropped digit is a zero.
        assert_eq!(exact_add(max - Decimal::ONE, d("1.0")), Some(max));
    }
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn plain_and_fractional_numbers_are_exact() {
        assert_eq!(parse_decimal("1000"), Ok(d("1000")));
        assert_eq!(parse_decimal("0.1"), Ok(d("0.1")));
        assert_eq!(parse_decimal("-12.34"), Ok(d("-12.34")));
        assert_eq!(parse_decimal("+5"), Ok(d("5")));
        assert_eq!(parse_decimal("1.10").unwrap().to_string(), "1.10");
    }

    #[test]
    fn zero_keeps_its_written_scale() {
        for (text, shown) in [
            ("0.00", "0.00"),
            ("-0.00", "0.00"),
            ("0", "0"),
            ("0.", "0"),
            (".000", "0.000"),
            ("0.00e1", "0.0"),
            ("0e-3", "0.000"),
            ("0e999999", "0"),
            ("+0.00", "0.00"),
        ] {
            assert_eq!(parse_decimal(text).unwrap().to_string(), shown, "{text}");
        }
    }

    #[test]
    fn exponents_are_applied_without_floats() {
        assert_eq!(parse_decimal("1e-1"), Ok(d("0.1")));
        assert_eq!(parse_decimal("1E2"), Ok(d("100")));
        assert_eq!(parse_decimal("2.5e+3"), Ok(d("2500")));
        assert_eq!(parse_decimal("0e999999"), Ok(Decimal::ZERO));
    }

    #[test]
    fn unrepresentable_values_are_rejected_not_rounded() {
        assert_eq!(parse_decimal("1e999999"), Err(AmountError::OutOfRange));
        assert_eq!(parse_decimal("1e-29"), Err(AmountError::OutOfRange));
        assert_eq!(
            parse_decimal("79228162514264337593543950336"),
            Err(AmountError::OutOfRange)
        );
        assert_eq!(
            parse_decimal("79228162514264337593543950335"),
            Ok(Decimal::MAX)
        );
        let long_zeros = format!("1.{}", "0".repeat(10_000));
        assert_eq!(parse_decimal(&long_zeros), Ok(d("1")));
        let long_digits = "9".repeat(10_000);
        assert_eq!(parse_decimal(&long_digits), Err(AmountError::OutOfRange));
    }

    #[test]
    fn text_that_is_not_a_number_is_rejected() {
        for bad in [
            "", "-", "ten", "1.2.3", "1e", "1e+", " 1", "1 ", "0x10", "NaN",
        ] {
            assert_eq!(parse_decimal(bad), Err(AmountError::NotANumber), "{bad:?}");
        }
    }

    #[test]
    fn ten_tenths_make_exactly_one() {
        let tenth = parse_decimal("0.1").unwrap();
        let sum = (0..10).fold(Decimal::ZERO, |acc, _| acc + tenth);
        assert_eq!(sum.to_string(), "1.0");
    }

    /// A decimal from any mantissa and scale, small or not, zero (of either
    /// sign) included.
    fn any_decimal() -> impl Strategy<Value = Decimal> {
        let mantissa = prop_oneof![
            any::<i64>().prop_map(i128::from),
            (-(MAX_MANTISSA as i128)..=MAX_MANTISSA as i128),
            Just(0i128),
        ];
        (mantissa, 0u32..=28, any::<bool>()).prop_map(|(m, scale, negative)| {
            let mut d = Decimal::from_i128_with_scale(m, scale);
            if m == 0 && negative {
                d.set_sign_negative(true);
            }
            d
        })
    }

    proptest! {
        /// The quick sum is the general one, to the scale and sign.
        #[test]
        fn small_sums_are_what_the_general_sum_gives(a in any_decimal(), b in any_decimal()) {
            for (minus, general) in [(false, general_add(a, b)), (true, general_add(a, -b))] {
                if let Some(sum) = small_sum(a, b, minus) {
                    let general = general.unwrap();
                    prop_assert_eq!(sum.serialize(), general.serialize(), "{} ± {}", a, b);
                }
            }
            let serialized = |d: Option<Decimal>| d.map(|d| d.serialize());
            prop_assert_eq!(serialized(exact_add(a, b)), serialized(general_add(a, b)));
            prop_assert_eq!(serialized(exact_sub(a, b)), serialized(general_add(a, -b)));
        }

        #[test]
        fn agrees_with_decimal_display(m in any::<i64>(), scale in 0u32..=18) {
            let value = Decimal::new(m, scale);
            prop_assert_eq!(parse_decimal(&value.to_string()), Ok(value));
        }

        #[test]
        fn scientific_form_equals_plain_form(m in 1i64..1_000_000_000, e in -10i64..10) {
            let text = format!("{m}e{e}");
            prop_assert_eq!(parse_decimal(&text), Ok(Decimal::from_scientific(&text).unwrap()));
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = parse_decimal(&s);
        }

        /// The fast path gives what the general one does, scale included.
        #[test]
        fn plain_decimals_agree_with_the_general_path(s in "[-+]?[0-9]{0,20}(\\.[0-9]{0,20})?(\\.)?") {
            if let Some(fast) = plain_decimal(s.as_bytes()) {
                let any = parse_any(&s).unwrap();
                prop_assert_eq!((fast.mantissa(), fast.scale()), (any.mantissa(), any.scale()), "{}", s);
            }
        }
    }
}
