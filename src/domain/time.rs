//! Time: event timestamps (RFC 3339 with an offset) and the moments a user
//! types to seek to.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat};
use rust_decimal::Decimal;

/// How a log writes its timestamps (a schema's `timestamp_format`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeFormat {
    /// RFC 3339 with an offset: `2024-03-01T09:00:00Z`.
    #[default]
    Rfc3339,
    /// A date and time taken as UTC when it has no offset, as PostgreSQL's
    /// `timestamp` columns export: `2020-11-20T14:38:46.91322` (an offset,
    /// when present, is honoured).
    NaiveUtc,
    /// Seconds since the Unix epoch (a number or a string of one; a
    /// fraction is kept to the nanosecond).
    EpochSeconds,
    EpochMillis,
    EpochMicros,
    EpochNanos,
}

impl TimeFormat {
    /// What a timestamp in this format looks like, for messages.
    pub fn expected(self) -> &'static str {
        match self {
            TimeFormat::Rfc3339 => "RFC 3339 with an offset",
            TimeFormat::NaiveUtc => "a date and time (RFC 3339, the offset optional)",
            TimeFormat::EpochSeconds => "a number of seconds since the Unix epoch",
            TimeFormat::EpochMillis => "a number of milliseconds since the Unix epoch",
            TimeFormat::EpochMicros => "a number of microseconds since the Unix epoch",
            TimeFormat::EpochNanos => "a number of nanoseconds since the Unix epoch",
        }
    }

    /// Whether timestamps in this format are shown as written (else they
    /// are shown as RFC 3339 UTC).
    pub fn is_textual(self) -> bool {
        matches!(self, TimeFormat::Rfc3339 | TimeFormat::NaiveUtc)
    }

    /// Parses a timestamp's text (a JSON string's contents, or a number as
    /// written) into nanoseconds since the epoch.
    #[inline]
    pub fn parse(self, text: &str) -> Option<i64> {
        let per_unit: i64 = match self {
            TimeFormat::Rfc3339 => return parse_time(text),
            TimeFormat::NaiveUtc => return parse_time(text).or_else(|| parse_naive(text)),
            TimeFormat::EpochSeconds => 1_000_000_000,
            TimeFormat::EpochMillis => 1_000_000,
            TimeFormat::EpochMicros => 1_000,
            TimeFormat::EpochNanos => 1,
        };
        let value = super::money::parse_decimal(text.trim()).ok()?;
        let ns = value.checked_mul(Decimal::from(per_unit))?;
        // Whole nanoseconds only: a finer fraction is not a time we can hold.
        if !ns.fract().is_zero() {
            return None;
        }
        i64::try_from(ns.trunc()).ok()
    }
}

/// `YYYY-MM-DD[T ]HH:MM:SS[.fraction]` without an offset, taken as UTC.
fn parse_naive(text: &str) -> Option<i64> {
    let text = text.trim();
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f"))
        .ok()?
        .and_utc()
        .timestamp_nanos_opt()
}

/// Parses an event's RFC 3339 timestamp into nanoseconds since the epoch.
/// `None` for anything else, and for instants outside 1677–2262 (the range
/// of 64-bit nanoseconds).
#[inline]
pub fn parse_time(text: &str) -> Option<i64> {
    // What the fast path takes starts with a digit and ends with `Z` or a
    // digit: trimming would change nothing.
    if let Some(ns) = fast_rfc3339(text.as_bytes()) {
        return Some(ns);
    }
    let text = text.trim();
    fast_rfc3339(text.as_bytes()).or_else(|| {
        DateTime::parse_from_rfc3339(text)
            .ok()?
            .timestamp_nanos_opt()
    })
}

const ZEROS: u64 = 0x3030_3030_3030_3030;

/// The digits' values in `word` (`0` to `9` in each byte), if every byte
/// is a digit: a byte of 0x80 and up, above `9` or below `0` is not.
#[inline(always)]
fn digits(word: u64) -> Option<u64> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let not =
        (word | (word & !HIGH).wrapping_add(0x4646_4646_4646_4646) | !((word | HIGH) - ZEROS))
            & HIGH;
    (not == 0).then(|| word - ZEROS)
}

/// The two-digit number at byte `i` of a word of digit values.
#[inline(always)]
fn two(d: u64, i: u32) -> i64 {
    ((d >> (8 * i)) & 0xff) as i64 * 10 + ((d >> (8 * i + 8)) & 0xff) as i64
}

/// Days from 1970-01-01 to the date whose text is `date` (`YYYY-MM-`)
/// and `day` (`DDT`), both as read, if it is one.
fn days(date: u64, day: u64) -> Option<i64> {
    const DATE_SEP: u64 = 0xff00_00ff_0000_0000;
    if date & DATE_SEP != 0x2d00_002d_0000_0000 || day & 0xff_0000 != 0x54_0000 {
        return None;
    }
    let date = digits(date & !DATE_SEP | ZEROS & DATE_SEP)?;
    let day = digits(day & 0xffff | ZEROS & !0xffff)?;
    let (year, month, day) = (two(date, 0) * 100 + two(date, 2), two(date, 5), two(day, 0));
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&month) || day < 1 || day > month_days[(month - 1) as usize] {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// [`days`], remembering the last date read on this thread: the events
/// of a log come in order, so nearly every timestamp is on the same day
/// as the one before.
#[inline(always)]
fn days_cached(date: u64, day: u64) -> Option<i64> {
    use std::cell::Cell;
    thread_local! {
        static LAST: Cell<Option<(u64, u64, i64)>> = const { Cell::new(None) };
    }
    LAST.with(|last| match last.get() {
        Some((d, dd, days)) if d == date && dd == day => Some(days),
        _ => {
            let days = days(date, day)?;
            last.set(Some((date, day, days)));
            Some(days)
        }
    })
}

/// The common shape `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, parsed by
/// hand (it runs for every event of a large log). Anything else, or any
/// doubt, returns `None` and chrono decides.
#[inline]
fn fast_rfc3339(b: &[u8]) -> Option<i64> {
    fn num(b: &[u8]) -> Option<i64> {
        b.iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    }
    // The date and time at fixed places, read as three words:
    // `YYYY-MM-`, `DDT` (and more) and `HH:MM:SS`.
    let h: &[u8; 20] = b.first_chunk()?;
    let word = |at: usize| h[at..].first_chunk::<8>().map(|w| u64::from_le_bytes(*w));
    let (date, day, time) = (word(0)?, word(8)? & 0xff_ffff, word(11)?);
    let days = days_cached(date, day)?;
    const TIME_SEP: u64 = 0x0000_ff00_00ff_0000;
    if time & TIME_SEP != 0x0000_3a00_003a_0000 {
        return None;
    }
    let time = digits(time & !TIME_SEP | ZEROS & TIME_SEP)?;
    let (hour, minute, second) = (two(time, 0), two(time, 3), two(time, 6));
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut i = 19;
    let mut nanos = 0i64;
    if b[i] == b'.' {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let digits = i - start;
        if digits == 0 || digits > 9 {
            return None;
        }
        nanos = num(&b[start..i])? * 10i64.pow((9 - digits) as u32);
    }
    let offset_secs = match b.get(i..)? {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (h, m) = (num(&[*h1, *h2])?, num(&[*m1, *m2])?);
            if h > 23 || m > 59 {
                return None;
            }
            let secs = h * 3600 + m * 60;
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_secs;
    secs.checked_mul(1_000_000_000)?.checked_add(nanos)
}

/// Formats nanoseconds since the epoch as RFC 3339 UTC.
pub fn format_time(ns: i64) -> String {
    DateTime::from_timestamp_nanos(ns).to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Parses a moment a user typed: RFC 3339 (`2024-03-01T10:00:00Z`), a date
/// and time without offset, taken as UTC (`2024-03-01T10:00:00` or with a
/// space), or a bare date (`2024-03-01`), taken as the end of that day in
/// UTC, so that "as of March 1" includes everything that happened on it.
pub fn parse_moment(text: &str) -> Result<i64, String> {
    let text = text.trim();
    if let Some(ns) = parse_time(text) {
        return Ok(ns);
    }
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f"))
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
        .or_else(|_| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map(|d| {
                d.and_time(NaiveTime::from_hms_nano_opt(23, 59, 59, 999_999_999).unwrap_or_default())
            })
        })
        .map_err(|_| {
            format!("`{text}` is not a time: use RFC 3339 (2024-03-01T10:00:00Z) or a date (2024-03-01)")
        })?;
    naive
        .and_utc()
        .timestamp_nanos_opt()
        .ok_or_else(|| format!("`{text}` is outside the years 1677–2262"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_with_offsets_is_exact_to_the_nanosecond() {
        let a = parse_time("2024-03-01T10:00:00+01:00").unwrap();
        let b = parse_time("2024-03-01T09:00:00Z").unwrap();
        assert_eq!(a, b);
        assert_eq!(parse_time("2024-03-01T09:00:00.000000001Z").unwrap() - b, 1);
        assert_eq!(format_time(b), "2024-03-01T09:00:00Z");
    }

    proptest::proptest! {
        #[test]
        fn the_fast_path_agrees_with_chrono(secs in -2_000_000_000i64..7_000_000_000, nanos in 0u32..1_000_000_000, digits in 0usize..10, offset_min in -1439i32..1440) {
            let offset = chrono::FixedOffset::east_opt(offset_min * 60).unwrap();
            let at = DateTime::from_timestamp(secs, nanos).unwrap().with_timezone(&offset);
            let mut text = at.format("%Y-%m-%dT%H:%M:%S").to_string();
            if digits > 0 {
                text.push_str(&format!(".{:09}", nanos)[..=digits]);
            }
            text.push_str(&if offset_min == 0 { "Z".to_owned() } else { at.format("%:z").to_string() });
            let expected = DateTime::parse_from_rfc3339(&text).unwrap().timestamp_nanos_opt();
            proptest::prop_assert_eq!(fast_rfc3339(text.as_bytes()), expected, "{}", text);
        }
    }

    #[test]
    fn the_remembered_day_is_only_used_for_that_day() {
        for text in [
            "2024-02-28T23:59:59Z",
            "2024-02-28T00:00:01Z",
            "2024-02-29T00:00:00Z",
            "2024-02-30T00:00:00Z",
            "2024-02-29T12:00:00+05:00",
            "2023-02-29T00:00:00Z",
            "2023-02-28T00:00:00Z",
            "2023-02-28T24:00:00Z",
            "2023-02-28T10:00:00Z",
        ] {
            let expected = DateTime::parse_from_rfc3339(text)
                .ok()
                .and_then(|t| t.timestamp_nanos_opt());
            assert_eq!(fast_rfc3339(text.as_bytes()), expected, "{text}");
        }
    }

    #[test]
    fn the_fast_path_rejects_what_it_does_not_know_and_chrono_decides() {
        for odd in [
            "2024-02-30T00:00:00Z",
            "2024-01-01t00:00:00z",
            "2024-01-01 00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:00:00+0100",
            "2024-01-01T00:00:00.Z",
        ] {
            assert_eq!(fast_rfc3339(odd.as_bytes()), None, "{odd}");
        }
        assert_eq!(
            parse_time("2024-01-01t00:00:00z"),
            parse_time("2024-01-01T00:00:00Z")
        );
        assert_eq!(parse_time("2024-02-29T00:00:00Z").map(|_| ()), Some(()));
        assert_eq!(parse_time("2023-02-29T00:00:00Z"), None);
    }

    #[test]
    fn timestamps_without_offset_or_out_of_range_are_not_event_times() {
        assert_eq!(parse_time("2024-03-01T09:00:00"), None);
        assert_eq!(parse_time("yesterday"), None);
        assert_eq!(parse_time("9999-01-01T00:00:00Z"), None);
    }

    #[test]
    fn every_timestamp_format_reads_its_own_shape() {
        let at = parse_time("2020-11-20T14:38:46.91322Z").unwrap();
        let naive = TimeFormat::NaiveUtc;
        assert_eq!(naive.parse("2020-11-20T14:38:46.91322"), Some(at));
        assert_eq!(naive.parse("2020-11-20 14:38:46.91322"), Some(at));
        assert_eq!(naive.parse("2020-11-20T15:38:46.91322+01:00"), Some(at));
        assert_eq!(naive.parse("20 Nov 2020"), None);
        assert_eq!(TimeFormat::Rfc3339.parse("2020-11-20T14:38:46.91322"), None);
        let secs = parse_time("2024-03-01T09:00:00Z").unwrap();
        assert_eq!(TimeFormat::EpochSeconds.parse("1709283600"), Some(secs));
        assert_eq!(
            TimeFormat::EpochSeconds.parse("1709283600.5"),
            Some(secs + 500_000_000)
        );
        assert_eq!(TimeFormat::EpochMillis.parse("1709283600000"), Some(secs));
        assert_eq!(
            TimeFormat::EpochMicros.parse("1709283600000000"),
            Some(secs)
        );
        assert_eq!(
            TimeFormat::EpochNanos.parse("1709283600000000000"),
            Some(secs)
        );
        assert_eq!(TimeFormat::EpochMillis.parse("-1000"), Some(-1_000_000_000));
        assert_eq!(TimeFormat::EpochSeconds.parse("soon"), None);
        assert_eq!(TimeFormat::EpochSeconds.parse("1e30"), None, "out of range");
        assert_eq!(
            TimeFormat::EpochNanos.parse("1.5"),
            None,
            "below a nanosecond"
        );
    }

    #[test]
    fn a_bare_date_means_the_end_of_that_day() {
        let end = parse_moment("2024-03-01").unwrap();
        assert_eq!(end + 1, parse_time("2024-03-02T00:00:00Z").unwrap());
        assert_eq!(
            parse_moment("2024-03-01 10:00:00").unwrap(),
            parse_time("2024-03-01T10:00:00Z").unwrap()
        );
        assert!(parse_moment("soon").is_err());
    }
}
