//! Time: event timestamps (RFC 3339 with an offset) and the moments a user
//! types to seek to.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat};

/// Parses an event's RFC 3339 timestamp into nanoseconds since the epoch.
/// `None` for anything else, and for instants outside 1677–2262 (the range
/// of 64-bit nanoseconds).
pub fn parse_time(text: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()?
        .timestamp_nanos_opt()
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

    #[test]
    fn timestamps_without_offset_or_out_of_range_are_not_event_times() {
        assert_eq!(parse_time("2024-03-01T09:00:00"), None);
        assert_eq!(parse_time("yesterday"), None);
        assert_eq!(parse_time("9999-01-01T00:00:00Z"), None);
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
