//! Payloads held as JSON text. Some stores keep an event's payload as a
//! string that holds the JSON object (Axon with Jackson, JDBC exports:
//! `"payload": "{\"amount\": 50}"`), or PostgreSQL's hex form of one (what
//! `row_to_json` gives for a `bytea` column: `"\\x7b22616d..."`). Such a
//! payload is read as the object it holds. Only a payload that is a string
//! comes here: an object payload (the common case) never does.

use crate::log::scan;

/// The text of the JSON object that `raw`, a JSON string with its quotes
/// (a slice of a record the scanner accepted), holds directly or in hex;
/// `None` when it holds anything else.
#[cold]
#[inline(never)]
pub(super) fn object_in(raw: &[u8]) -> Option<String> {
    let raw = std::str::from_utf8(raw).ok()?;
    let contents = scan::unescape(raw, raw.contains('\\'));
    let trimmed = contents.trim_matches([' ', '\t', '\n', '\r']);
    let text = match trimmed.strip_prefix("\\x") {
        Some(hex) => String::from_utf8(unhex(hex)?).ok()?,
        None if trimmed.starts_with('{') => contents.into_owned(),
        None => return None,
    };
    // A whole, valid object, or nothing: its fields are read only then.
    scan::object_with(text.as_bytes(), |s, _| s.value().map(|_| ())).ok()?;
    Some(text)
}

/// The bytes that pairs of hex digits stand for.
fn unhex(hex: &str) -> Option<Vec<u8>> {
    let digit = |b: u8| (b as char).to_digit(16);
    let bytes = hex.as_bytes();
    if bytes.len() % 2 != 0 {
        return None;
    }
    bytes
        .chunks_exact(2)
        .map(|pair| Some((digit(pair[0])? * 16 + digit(pair[1])?) as u8))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(raw: &str) -> Option<String> {
        object_in(raw.as_bytes())
    }

    #[test]
    fn a_string_holding_an_object_is_that_object() {
        assert_eq!(
            held(r#""{\"amount\": 50}""#).as_deref(),
            Some(r#"{"amount": 50}"#)
        );
        assert_eq!(held(r#"" {} ""#).as_deref(), Some(" {} "));
    }

    #[test]
    fn postgres_hex_of_an_object_is_that_object() {
        // {"amount":5}
        let hex = r#""\\x7b22616d6f756e74223a357d""#;
        assert_eq!(held(hex).as_deref(), Some(r#"{"amount":5}"#));
        assert_eq!(
            held(r#""\\x7B22616D6F756E74223A357D""#).as_deref(),
            Some(r#"{"amount":5}"#)
        );
    }

    #[test]
    fn anything_else_is_not_an_object() {
        for raw in [
            r#""deposit""#,
            r#""""#,
            r#""[1,2]""#,
            r#""{\"amount\": 50""#,
            r#""{} x""#,
            r#""\\x7b7""#,
            r#""\\x7g""#,
            r#""\\x5b5d""#,
            r#""\\xff""#,
            "50",
        ] {
            assert_eq!(held(raw), None, "{raw}");
        }
    }
}
