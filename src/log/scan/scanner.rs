//! What the scanner's parts share: its position in a record, and how it
//! says what is wrong.

/// Why a record is not a JSON object.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what}")]
pub struct ScanError {
    /// Byte offset within the record where the problem is.
    pub at: usize,
    pub what: &'static str,
    /// The record is valid JSON, just not an object.
    pub not_object: bool,
    /// The record ended in the middle of a value.
    pub eof: bool,
}

/// The scanner stopped at a problem; what it is waits in
/// [`Scanner::error`]. A unit error keeps every result of the hot path
/// in registers (a full [`ScanError`] is built only on the error path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fail;

/// A result inside the scanner.
pub(crate) type Res<T> = std::result::Result<T, Fail>;

/// A position in a record being scanned. The envelope drives it member
/// by member (see [`Scanner::members`]) so that it can walk into the
/// objects it needs while they are validated, instead of again afterwards.
///
/// It reads bytes, not a `&str`: validating UTF-8 is folded into the scan
/// (outside strings only ASCII is accepted anyway, and inside them only
/// runs with a byte of 0x80 or more need checking), so a record is not
/// read once more just for that.
pub(crate) struct Scanner<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
    /// What is wrong, once something is ([`Fail`] says that it is).
    pub(super) error: Option<ScanError>,
}

pub(super) fn err(at: usize, what: &'static str) -> ScanError {
    ScanError {
        at,
        what,
        not_object: false,
        eof: false,
    }
}
