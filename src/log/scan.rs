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

mod strings;

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

/// A position in a record being scanned. The envelope drives it member
/// by member (see [`Scanner::members`]) so that it can walk into the
/// objects it needs while they are validated, instead of again afterwards.
pub(crate) struct Scanner<'a> {
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
    fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            text,
            bytes: text.as_bytes(),
            pos: 0,
        }
    }

    fn fail(&self, what: &'static str) -> ScanError {
        ScanError {
            eof: self.pos >= self.bytes.len(),
            ..err(self.pos, what)
        }
    }

    #[inline(always)]
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
    /// its raw text, and whether it is a string with escapes.
    #[inline]
    pub(crate) fn value(&mut self) -> Result<(&'a str, bool)> {
        self.skip_ws();
        let start = self.pos;
        match self.bytes.get(self.pos) {
            Some(b'"') => self.string(),
            Some(b'-' | b'0'..=b'9') => {
                self.number()?;
                Ok((&self.text[start..self.pos], false))
            }
            _ => self.nested(start).map(|raw| (raw, false)),
        }
    }

    /// Whether the value at `pos` (after whitespace) is an object.
    #[inline]
    pub(crate) fn at_object(&mut self) -> bool {
        self.skip_ws();
        self.bytes.get(self.pos) == Some(&b'{')
    }

    /// The value that starts at `start`, of any kind (containers and
    /// literals are what get here). Nesting is tracked with a stack, not
    /// recursion.
    fn nested(&mut self, start: usize) -> Result<&'a str> {
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

    /// Walks the object at `pos` (on its `{`): for each member, calls
    /// `member(self, key)` with `pos` at the value, which the callback
    /// must consume (with [`Scanner::value`], or by walking into it).
    /// Returns the object's raw text.
    #[inline]
    pub(crate) fn members(
        &mut self,
        mut member: impl FnMut(&mut Self, Key<'a>) -> Result<()>,
    ) -> Result<&'a str> {
        let start = self.pos;
        self.pos += 1;
        self.skip_ws();
        if self.bytes.get(self.pos) != Some(&b'}') {
            loop {
                let (raw, escaped) = self.member_key()?;
                member(self, Key { raw, escaped })?;
                self.skip_ws();
                match self.bytes.get(self.pos) {
                    Some(b',') => self.pos += 1,
                    Some(b'}') => break,
                    _ => return Err(self.fail("expected `,` or `}`")),
                }
            }
        }
        self.pos += 1;
        Ok(&self.text[start..self.pos])
    }

    /// `"key" :` inside an object, leaving `pos` at the value.
    #[inline]
    fn member_key(&mut self) -> Result<(&'a str, bool)> {
        self.skip_ws();
        if self.bytes.get(self.pos) != Some(&b'"') {
            return Err(self.fail("expected a key in quotes"));
        }
        let key = self.string()?;
        if self.bytes.get(self.pos) == Some(&b':') {
            self.pos += 1;
        } else {
            self.expect(b':', "expected `:` after the key")?;
        }
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
    object_with(text, |s, key| {
        let (value, _) = s.value()?;
        member(key, value);
        Ok(())
    })
}

/// Walks the object that `text` holds (with optional surrounding white
/// space), calling `member(scanner, key)` for each member in order, which
/// must consume the value (see [`Scanner::members`]).
#[inline]
pub(crate) fn object_with<'a>(
    text: &'a str,
    member: impl FnMut(&mut Scanner<'a>, Key<'a>) -> Result<()>,
) -> Result<()> {
    let mut s = Scanner::new(text);
    s.skip_ws();
    match s.bytes.get(s.pos) {
        Some(b'{') => {}
        None => return Err(s.fail("empty record")),
        Some(_) => return Err(s.not_an_object()),
    }
    s.members(member)?;
    s.skip_ws();
    if s.pos != s.bytes.len() {
        return Err(s.fail("trailing characters"));
    }
    Ok(())
}

impl Scanner<'_> {
    /// Why a record that does not start with `{` is not an object: valid
    /// JSON of another kind is a different complaint.
    #[cold]
    fn not_an_object(&mut self) -> ScanError {
        let start = self.pos;
        match self.value() {
            Ok(_) => {
                self.skip_ws();
                if self.pos == self.bytes.len() {
                    ScanError {
                        not_object: true,
                        ..err(start, "expected a JSON object (one event)")
                    }
                } else {
                    self.fail("trailing characters")
                }
            }
            Err(e) => e,
        }
    }
}

/// Checks that `bytes` is UTF-8, for [`object`].
pub fn utf8(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|e| err(e.valid_up_to(), "invalid UTF-8"))
}

#[cfg(test)]
mod tests;
