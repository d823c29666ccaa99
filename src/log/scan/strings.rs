//! Strings inside a record. Nearly every byte of an event is inside a
//! string, so the runs of plain characters between a quote and the next
//! quote, backslash or control character are found many bytes at a time
//! instead of one byte at a time: sixteen with SSE2 on x86_64 (see
//! `sse2`), else eight (a `u64` read and a few bit tricks, in safe Rust);
//! escapes are then checked one by one as before, and so is UTF-8 where a
//! byte of 0x80 or more shows that the text is not plain ASCII.

use super::scanner::{err, Res, ScanError, Scanner};

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of every byte of `word` that is a quote, a backslash, a
/// control character or not ASCII. Bits above the first such byte may be
/// wrong (a borrow carries into them); the lowest set bit is always right,
/// and only it is used.
#[inline(always)]
pub(super) fn stops(word: u64) -> u64 {
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    // A byte below 0x20 (or from 0x80 up, which stops anyway).
    let control = word.wrapping_sub(ONES * 0x20);
    let zero = |x: u64| x.wrapping_sub(ONES) & !x;
    (zero(quote) | zero(backslash) | control | word) & HIGH
}

/// Whether `b` stops a plain run.
#[inline(always)]
fn is_stop(b: u8) -> bool {
    b == b'"' || b == b'\\' || !(0x20..0x80).contains(&b)
}

/// Where the run of plain string characters that starts at `at` ends: the
/// position of the first quote, backslash, control character or byte that
/// is not ASCII, or the end of `bytes`.
#[inline(always)]
pub(super) fn plain_end(bytes: &[u8], at: usize) -> usize {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    if let Some(end) = sse2::plain_end(bytes, at) {
        return end;
    }
    plain_end_by_words(bytes, at)
}

/// A string from `at` (just past its opening quote) that is plain and
/// closed within the next few bytes (sixteen on x86_64, else eight): its
/// length, and its first eight bytes as a word, the first in the low byte
/// (bytes past the string's end included). `None` for any other string,
/// which is left to [`Scanner::string`].
#[inline(always)]
pub(super) fn short_plain(bytes: &[u8], at: usize) -> Option<(usize, u64)> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    if bytes.len().saturating_sub(at) >= 16 {
        return sse2::short_plain(bytes, at);
    }
    let chunk = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>)?;
    let word = u64::from_le_bytes(*chunk);
    let n = (stops(word).trailing_zeros() / 8) as usize;
    (chunk.get(n) == Some(&b'"')).then_some((n, word))
}

/// [`plain_end`] eight bytes at a time.
#[inline(always)]
fn plain_end_by_words(bytes: &[u8], mut at: usize) -> usize {
    while let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let found = stops(u64::from_le_bytes(*chunk));
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    // Fewer than eight bytes left: the last eight of the record, with the
    // ones before `at` shifted out.
    let left = bytes.len().saturating_sub(at);
    if left == 0 {
        return bytes.len();
    }
    if let Some(last) = bytes.last_chunk::<8>() {
        let word = u64::from_le_bytes(*last) >> (8 * (8 - left));
        let found = stops(word) & (HIGH >> (8 * (8 - left)));
        return if found == 0 {
            bytes.len()
        } else {
            at + (found.trailing_zeros() / 8) as usize
        };
    }
    // A record of fewer than eight bytes.
    bytes[at..]
        .iter()
        .position(|&b| is_stop(b))
        .map_or(bytes.len(), |n| at + n)
}

impl<'a> Scanner<'a> {
    /// A string starting at `pos` (on its quote), leaving `pos` after it.
    /// Returns whether it has escapes.
    #[inline(always)]
    pub(super) fn string(&mut self) -> Res<bool> {
        self.pos = plain_end(self.bytes, self.pos + 1);
        if self.bytes.get(self.pos) == Some(&b'"') {
            self.pos += 1;
            return Ok(false);
        }
        self.string_rest()
    }

    /// The rest of a string that is not one plain run: escapes, text that
    /// is not ASCII, control characters, or no closing quote.
    #[inline(never)]
    fn string_rest(&mut self) -> Res<bool> {
        let mut escaped = false;
        loop {
            let Some(&b) = self.bytes.get(self.pos) else {
                return Err(self.fail("the string is not closed"));
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    return Ok(escaped);
                }
                b'\\' => {
                    escaped = true;
                    self.pos += 1;
                    self.escape()?;
                }
                0x80.. => self.utf8()?,
                _ => return Err(self.fail("control character in a string")),
            }
            self.pos = plain_end(self.bytes, self.pos);
        }
    }

    /// The characters that are not ASCII from `pos` on, up to the next
    /// ASCII byte, which must be UTF-8. (What is wrong with bytes that are
    /// not is found again for the message: see `Scanner::failed`.)
    fn utf8(&mut self) -> Res<()> {
        let end = self.bytes[self.pos..]
            .iter()
            .position(u8::is_ascii)
            .map_or(self.bytes.len(), |n| self.pos + n);
        if std::str::from_utf8(&self.bytes[self.pos..end]).is_err() {
            return Err(self.fail("invalid UTF-8"));
        }
        self.pos = end;
        Ok(())
    }

    /// The escape after a backslash (`pos` just past it).
    fn escape(&mut self) -> Res<()> {
        match self.bytes.get(self.pos) {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.pos += 1,
            Some(b'u') => {
                let unit = self.hex4(self.pos + 1)?;
                self.pos += 5;
                // UTF-16 surrogates must come in pairs, as serde_json (and
                // Unicode) require.
                if (0xDC00..0xE000).contains(&unit) {
                    return Err(self.fail("lone trailing surrogate in a \\u escape"));
                }
                if (0xD800..0xDC00).contains(&unit) {
                    let low = match self.bytes.get(self.pos..self.pos + 2) {
                        Some(b"\\u") => self.hex4(self.pos + 2)?,
                        _ => return Err(self.fail("lone leading surrogate in a \\u escape")),
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
        Ok(())
    }

    /// Four hex digits at `at`, as a UTF-16 code unit.
    fn hex4(&mut self, at: usize) -> Res<u32> {
        let hex = self
            .bytes
            .get(at..at + 4)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit));
        let Some(hex) = hex else {
            let eof = at + 4 > self.bytes.len();
            return Err(self.fail_with(ScanError {
                eof,
                ..err(at, "invalid \\u escape")
            }));
        };
        Ok(hex.iter().fold(0, |acc, &h| {
            acc * 16 + char::from(h).to_digit(16).unwrap_or(0)
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slow(bytes: &[u8], at: usize) -> usize {
        bytes[at..]
            .iter()
            .position(|&b| is_stop(b))
            .map_or(bytes.len(), |n| at + n)
    }

    /// Bytes that stop a plain run, one of each kind.
    const STOPS: [u8; 6] = [b'"', b'\\', 0x00, 0x1f, 0x80, 0xff];

    /// Every run of up to 48 bytes with one stop (of each kind) at every
    /// position, or none, from every start: the sixteen-byte steps, the
    /// step over the last bytes of a record and records under sixteen
    /// bytes all find the stop a byte loop finds.
    #[test]
    fn a_stop_anywhere_is_found() {
        for len in 0..=48 {
            for stop_at in (0..len).map(Some).chain([None]) {
                for stop in STOPS {
                    let mut bytes = vec![b'a'; len];
                    if let Some(i) = stop_at {
                        bytes[i] = stop;
                    }
                    for at in 0..=len {
                        assert_eq!(
                            plain_end(&bytes, at),
                            slow(&bytes, at),
                            "{bytes:?} from {at}"
                        );
                        check_short_plain(&bytes, at);
                    }
                }
            }
        }
    }

    /// What `short_plain` says of the string from `at` is what a byte
    /// loop says; and a string of up to seven plain bytes with eight bytes
    /// after its opening quote is always found by it (keys are looked up by
    /// word only then).
    fn check_short_plain(bytes: &[u8], at: usize) {
        let end = slow(bytes, at);
        let closed = bytes.get(end) == Some(&b'"');
        match short_plain(bytes, at) {
            Some((n, word)) => {
                assert!(closed && end == at + n, "{bytes:?} from {at}");
                let shown = &word.to_le_bytes()[..n.min(8)];
                assert_eq!(shown, &bytes[at..at + n.min(8)], "{bytes:?} from {at}");
            }
            None => assert!(
                !closed || end - at >= 8 || bytes.len() - at < 8,
                "{bytes:?} from {at}"
            ),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20000))]
        /// Many bytes at a time finds the same stop as one at a time.
        #[test]
        fn runs_end_where_a_byte_loop_says(
            bytes in prop::collection::vec(
                prop_oneof![
                    24 => 0x20u8..0x7f,
                    1 => Just(b'"'),
                    1 => Just(b'\\'),
                    1 => 0u8..0x20,
                    3 => 0x80u8..=0xff,
                ],
                0..80,
            ),
            at in 0usize..80,
        ) {
            let at = at.min(bytes.len());
            prop_assert_eq!(plain_end(&bytes, at), slow(&bytes, at));
            check_short_plain(&bytes, at);
        }
    }
}
