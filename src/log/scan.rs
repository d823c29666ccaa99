//! A validating JSON scanner for one record, built for the shape of events.
//!
//! It walks an object's members and hands each key and the raw text of its
//! value to a callback, validating everything it passes over (strings and
//! their escapes, numbers, literals, nesting) without building anything and
//! without recursion, so any depth is safe. It accepts exactly what a JSON
//! parser accepts for one object (a property test checks it against
//! serde_json), about three times faster than serde's generic path on the
//! canonical event shape, which is what lets a large log load in seconds.

mod scanner;
mod stack;
mod strings;

use scanner::err;
pub use scanner::ScanError;
pub(crate) use scanner::{Fail, Res, Scanner};
use stack::Stack;

type Result<T> = std::result::Result<T, ScanError>;

impl<'a> Scanner<'a> {
    fn new(bytes: &'a [u8]) -> Scanner<'a> {
        Scanner {
            bytes,
            pos: 0,
            error: None,
        }
    }

    /// Notes `what` as the problem at `pos`.
    #[cold]
    #[inline(never)]
    fn fail(&mut self, what: &'static str) -> Fail {
        self.fail_with(ScanError {
            eof: self.pos >= self.bytes.len(),
            ..err(self.pos, what)
        })
    }

    #[cold]
    #[inline(never)]
    fn fail_with(&mut self, error: ScanError) -> Fail {
        self.error = Some(error);
        Fail
    }

    /// The problem the scanner stopped at.
    #[cold]
    fn error(&mut self) -> ScanError {
        self.error
            .take()
            .unwrap_or_else(|| err(self.pos, "expected a value"))
    }

    #[inline(always)]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8, what: &'static str) -> Res<()> {
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.fail(what))
        }
    }

    #[inline(always)]
    fn digits(&mut self) -> usize {
        let start = self.pos;
        let mut pos = start;
        while self.bytes.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        self.pos = pos;
        pos - start
    }

    fn number(&mut self) -> Res<()> {
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

    fn literal(&mut self, word: &'static [u8]) -> Res<()> {
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

    /// One value of any kind starting at `pos`, which is past any
    /// whitespace (as a member's callback finds it); returns its raw text,
    /// and whether it is a string with escapes.
    #[inline(always)]
    pub(crate) fn value(&mut self) -> Res<(&'a [u8], bool)> {
        let start = self.pos;
        let escaped = match self.bytes.get(self.pos) {
            Some(b'"') => self.string()?,
            Some(b'-' | b'0'..=b'9') => {
                self.number()?;
                false
            }
            _ => {
                self.nested()?;
                false
            }
        };
        Ok((self.since(start), escaped))
    }

    /// The bytes from `start` to `pos` (`pos` only moves forward, and never
    /// past the end).
    #[inline(always)]
    fn since(&self, start: usize) -> &'a [u8] {
        &self.bytes[start..self.pos]
    }

    /// Whether the value at `pos` (past any whitespace) is an object.
    #[inline]
    pub(crate) fn at_object(&mut self) -> bool {
        self.bytes.get(self.pos) == Some(&b'{')
    }

    /// The value that starts at `start`, of any kind (containers and
    /// literals are what get here). Nesting is tracked with a stack, not
    /// recursion.
    #[inline(never)]
    fn nested(&mut self) -> Res<()> {
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
                    return Ok(());
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
    #[inline(always)]
    pub(crate) fn members(
        &mut self,
        mut member: impl FnMut(&mut Self, Key<'a>) -> Res<()>,
    ) -> Res<&'a [u8]> {
        let start = self.pos;
        self.pos += 1;
        self.skip_ws();
        if self.bytes.get(self.pos) != Some(&b'}') {
            loop {
                let key = self.member_key()?;
                member(self, key)?;
                self.skip_ws();
                match self.bytes.get(self.pos) {
                    Some(b',') => {
                        self.pos += 1;
                        self.skip_ws();
                    }
                    Some(b'}') => break,
                    _ => return Err(self.fail("expected `,` or `}`")),
                }
            }
        }
        self.pos += 1;
        Ok(self.since(start))
    }

    /// `"key" :` inside an object (`pos` past any whitespace before it),
    /// leaving `pos` at the value.
    #[inline(always)]
    fn member_key(&mut self) -> Res<Key<'a>> {
        let start = self.pos;
        if self.bytes.get(self.pos) != Some(&b'"') {
            return Err(self.fail("expected a key in quotes"));
        }
        // A short plain key (most are) is found in one step after its
        // quote; one of up to seven bytes is kept as a word for the key
        // table.
        let mut word = NO_WORD;
        let escaped = match strings::short_plain(self.bytes, start + 1) {
            Some((n, w)) => {
                if n < 8 {
                    word = w & ((1u64 << (8 * n)) - 1);
                }
                self.pos = start + n + 2;
                false
            }
            None => self.string()?,
        };
        let raw = self.since(start);
        if self.bytes.get(self.pos) == Some(&b':') {
            self.pos += 1;
        } else {
            self.expect(b':', "expected `:` after the key")?;
        }
        self.skip_ws();
        Ok(Key { raw, escaped, word })
    }
}

/// [`Key::word`] of a key that is not short and plain.
pub(crate) const NO_WORD: u64 = u64::MAX;

/// A key as written with its quotes (valid UTF-8, as everything the
/// scanner passed over), and whether it has escapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key<'a> {
    pub raw: &'a [u8],
    pub escaped: bool,
    /// A key of up to seven bytes without escapes: its bytes, the first
    /// in the low byte, zero above (see `KeyMap::get_word`); else
    /// [`NO_WORD`] (which no such key gives: its top byte is zero).
    pub(crate) word: u64,
}

impl Key<'_> {
    /// The key's text (escapes resolved).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        unescape(
            std::str::from_utf8(self.raw).unwrap_or_default(),
            self.escaped,
        )
    }
}

/// A string's contents from its raw text with quotes.
#[inline(always)]
pub fn unescape(raw: &str, escaped: bool) -> std::borrow::Cow<'_, str> {
    if escaped {
        std::borrow::Cow::Owned(unescaped(raw))
    } else {
        std::borrow::Cow::Borrowed(&raw[1..raw.len() - 1])
    }
}

/// A string with escapes, unescaped.
#[inline(never)]
fn unescaped(raw: &str) -> String {
    serde_json::from_str::<String>(raw).unwrap_or_default()
}

/// Walks the object that `text` holds (with optional surrounding white
/// space), calling `member(key, raw value)` for each member in order.
pub fn object<'a>(text: &'a str, mut member: impl FnMut(Key<'a>, &'a str)) -> Result<()> {
    object_with(text.as_bytes(), |s, key| {
        let (value, _) = s.value()?;
        // A value of a `&str` between ASCII delimiters is one.
        member(key, std::str::from_utf8(value).unwrap_or_default());
        Ok(())
    })
}

/// Walks the object that `text` holds (with optional surrounding white
/// space), calling `member(scanner, key)` for each member in order, which
/// must consume the value (see [`Scanner::members`]).
///
/// Whatever it accepts is valid UTF-8 (see [`Scanner`]); when it fails,
/// `bytes` that are not UTF-8 are the complaint, wherever the JSON goes
/// wrong, as when UTF-8 was checked first.
#[inline(always)]
pub(crate) fn object_with<'a>(
    bytes: &'a [u8],
    member: impl FnMut(&mut Scanner<'a>, Key<'a>) -> Res<()>,
) -> Result<()> {
    let mut s = Scanner::new(bytes);
    match s.object_with(member) {
        Ok(()) => Ok(()),
        Err(Fail) => Err(s.failed()),
    }
}

impl<'a> Scanner<'a> {
    #[inline(always)]
    fn object_with(&mut self, member: impl FnMut(&mut Scanner<'a>, Key<'a>) -> Res<()>) -> Res<()> {
        self.skip_ws();
        match self.bytes.get(self.pos) {
            Some(b'{') => {}
            None => return Err(self.fail("empty record")),
            Some(_) => return Err(self.not_an_object()),
        }
        self.members(member)?;
        self.skip_ws();
        if self.pos != self.bytes.len() {
            return Err(self.fail("trailing characters"));
        }
        Ok(())
    }

    /// What is wrong with a record the scan stopped in: its UTF-8 first.
    #[cold]
    #[inline(never)]
    fn failed(&mut self) -> ScanError {
        match std::str::from_utf8(self.bytes) {
            Err(e) => err(e.valid_up_to(), "invalid UTF-8"),
            Ok(_) => self.error(),
        }
    }
}

impl Scanner<'_> {
    /// Why a record that does not start with `{` is not an object: valid
    /// JSON of another kind is a different complaint.
    #[cold]
    fn not_an_object(&mut self) -> Fail {
        let start = self.pos;
        match self.value() {
            Ok(_) => {
                self.skip_ws();
                if self.pos == self.bytes.len() {
                    self.fail_with(ScanError {
                        not_object: true,
                        ..err(start, "expected a JSON object (one event)")
                    })
                } else {
                    self.fail("trailing characters")
                }
            }
            Err(e) => e,
        }
    }
}

#[cfg(test)]
mod tests;
