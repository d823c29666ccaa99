//! What is wrong with a record that is not an event, said so that a user
//! can find it: the scanner's complaint with its line and column, or what
//! was found instead of an event object.

use crate::domain::Code;
use crate::log::scan::ScanError;

/// What is wrong with a record that is not an event object, and where
/// within it: (lines into the record, 1-based byte column). The record's
/// own line is added when the record is placed in the log, since decoders
/// working on a part of the log know lines only relative to that part.
#[derive(Debug, Clone)]
pub(crate) struct Malformation {
    what: String,
    at: Option<(u64, usize)>,
    /// A CSV row that is not a record (`malformed_record`), rather than a
    /// record that is not JSON.
    csv: bool,
}

impl Malformation {
    pub(super) fn junk(reason: &str) -> Malformation {
        Malformation {
            what: reason.to_owned(),
            at: None,
            csv: false,
        }
    }

    /// A CSV row that cannot be read, and why.
    pub(super) fn row(reason: String) -> Malformation {
        Malformation {
            what: reason,
            at: None,
            csv: true,
        }
    }

    /// The code it is reported with.
    pub(super) fn code(&self) -> Code {
        if self.csv {
            Code::MalformedRecord
        } else {
            Code::MalformedJson
        }
    }

    /// The message, for a record that starts on `line` (which the
    /// diagnostic carries): the column on that line, or the line and column
    /// further down a record that spans lines (an array element).
    pub(super) fn message(self, line: u64) -> String {
        match self.at {
            Some((0, column)) => format!("{} (column {column})", self.what),
            Some((lines, column)) => {
                format!("{} (line {}, column {column})", self.what, line + lines)
            }
            None => self.what,
        }
    }
}

trait EscapeControl {
    fn escape_default_if_control(self) -> Vec<char>;
}

impl EscapeControl for char {
    fn escape_default_if_control(self) -> Vec<char> {
        if self.is_control() {
            self.escape_default().collect()
        } else {
            vec![self]
        }
    }
}

/// The scanner's complaint, with its position; for a record that does not
/// even start like an object (a program's other output mixed into the log),
/// say what was found instead.
pub(super) fn json_error(bytes: &[u8], err: &ScanError) -> Malformation {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if !matches!(first, Some(b'{')) && !err.not_object {
        let shown: String = String::from_utf8_lossy(bytes).chars().take(40).collect();
        let more = if shown.len() < bytes.len() { "…" } else { "" };
        // Control characters escaped: no byte of the log reaches a terminal raw.
        let shown: String = shown
            .chars()
            .flat_map(char::escape_default_if_control)
            .collect();
        return Malformation {
            what: format!("not JSON: expected an event object `{{…}}`, found `{shown}{more}`"),
            at: None,
            csv: false,
        };
    }
    let at = err.at.min(bytes.len());
    let before = &bytes[..at];
    let lines = memchr::memchr_iter(b'\n', before).count() as u64;
    let column = at
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    let what = err.what;
    let what = if err.not_object {
        "not an event object: expected a JSON object, found another JSON value".to_owned()
    } else if err.eof {
        format!("not JSON: the record ends too early: {what}")
    } else {
        format!("not JSON: {what}")
    };
    Malformation {
        what,
        // Where a whole value is not an object, a position adds nothing.
        at: (!err.not_object).then_some((lines, column)),
        csv: false,
    }
}
