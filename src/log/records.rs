//! Splitting a log into records: one per JSON Lines line, or one per element
//! of a top-level JSON array. Splitting never decodes JSON; it only finds
//! where each record starts and ends, so it runs at memory speed and the
//! decoding of each record can happen independently (and in parallel).

/// Which of the two layouts a log has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON value per line.
    JsonLines,
    /// One JSON array whose elements are the events.
    JsonArray,
    /// A header row, then one event per row (see [`super::csv`]).
    Csv,
}

/// One record of a log: a byte range and the physical line it starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    /// Byte offset of the record's first byte in the log.
    pub offset: u64,
    /// Where the record starts in the buffer it was split from.
    pub start: usize,
    /// Length in bytes (without the line ending).
    pub len: usize,
    /// 1-based physical line where the record starts.
    pub line: u64,
    /// Set when the layout itself is broken here (an array that is not
    /// closed, text after the array). Such a record is reported as
    /// malformed with this reason.
    pub junk: Option<&'static str>,
}

impl Record {
    /// The record's bytes within the buffer it was split from.
    pub fn bytes<'a>(&self, buf: &'a [u8]) -> &'a [u8] {
        &buf[self.start..self.start + self.len]
    }
}

/// The UTF-8 byte order mark a log may start with.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decides the layout from the first non-blank byte (after a BOM).
pub fn detect(log: &[u8]) -> Format {
    let body = log.strip_prefix(BOM).unwrap_or(log);
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[') => Format::JsonArray,
        _ => Format::JsonLines,
    }
}

/// Splits a whole log into records.
pub fn split(log: &[u8]) -> Vec<Record> {
    let mut out = Vec::new();
    match detect(log) {
        Format::JsonLines => {
            split_lines(log, 0, 1, &mut out);
        }
        Format::JsonArray => split_array(log, &mut out),
        // Never detected from the bytes: a schema or a file name says CSV,
        // and CSV logs are split by `csv::split_rows`.
        Format::Csv => {
            split_lines(log, 0, 1, &mut out);
        }
    }
    out
}

fn start_after_bom(log: &[u8]) -> usize {
    if log.starts_with(BOM) {
        BOM.len()
    } else {
        0
    }
}

/// JSON Lines: every non-blank line of `buf` is a record; `\r\n` and `\n`
/// both end a line; a last line without a newline is still a record. `buf`
/// starts at byte `base` of the log, on line `first_line`; a BOM is skipped
/// at the log's start. Returns the line number after the last line.
pub fn split_lines(buf: &[u8], base: u64, first_line: u64, out: &mut Vec<Record>) -> u64 {
    let mut start = if base == 0 { start_after_bom(buf) } else { 0 };
    let mut line = first_line;
    let mut ends = memchr::memchr_iter(b'\n', buf);
    while start < buf.len() {
        let end = ends.next().unwrap_or(buf.len());
        push_trimmed(buf, base, start, end, line, None, out);
        line += 1;
        start = end + 1;
    }
    line
}

/// Pushes `buf[start..end]` without surrounding whitespace, unless blank.
fn push_trimmed(
    buf: &[u8],
    base: u64,
    start: usize,
    end: usize,
    line: u64,
    junk: Option<&'static str>,
    out: &mut Vec<Record>,
) {
    let slice = &buf[start..end];
    let Some(first) = slice.iter().position(|b| !b.is_ascii_whitespace()) else {
        return;
    };
    let last = slice
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .unwrap_or(first);
    let lead_lines = memchr::memchr_iter(b'\n', &slice[..first]).count() as u64;
    out.push(Record {
        offset: base + (start + first) as u64,
        start: start + first,
        len: last + 1 - first,
        line: line + lead_lines,
        junk,
    });
}

/// A JSON array: each top-level element is a record. Strings and nesting are
/// tracked so that commas inside them do not split. A missing `]` or text
/// after it becomes a junk record, so the problem is reported at its line.
pub fn split_array(log: &[u8], out: &mut Vec<Record>) {
    let mut i = start_after_bom(log);
    let mut line = 1u64;
    // Skip to the opening bracket.
    while i < log.len() && log[i] != b'[' {
        if log[i] == b'\n' {
            line += 1;
        }
        i += 1;
    }
    i += 1;
    let mut elem_start = i;
    let mut elem_line = line;
    let mut structure = Structure::default();
    let mut closed = false;
    while i < log.len() {
        let b = log[i];
        if b == b'\n' {
            line += 1;
        }
        if structure.ends_element(b) {
            push_trimmed(log, 0, elem_start, i, elem_line, None, out);
            elem_start = i + 1;
            elem_line = line;
            if b == b']' {
                closed = true;
                i += 1;
                break;
            }
        }
        i += 1;
    }
    if closed {
        push_trimmed(
            log,
            0,
            i,
            log.len(),
            line,
            Some("unexpected text after the closing `]` of the array"),
            out,
        );
    } else {
        let before = out.len();
        push_trimmed(log, 0, elem_start, log.len(), elem_line, None, out);
        let reason = "the array is not closed: the log ends before its `]`";
        match out.get_mut(before) {
            // The cut-off element itself is the broken record.
            Some(last)
                if serde_json::from_slice::<serde::de::IgnoredAny>(last.bytes(log)).is_err() =>
            {
                last.junk = Some(reason);
            }
            _ => out.push(Record {
                offset: log.len() as u64,
                start: log.len(),
                len: 0,
                line,
                junk: Some(reason),
            }),
        }
    }
}

/// Where the array element that starts `buf` ends: at the first `,` or `]`
/// outside strings and nesting, as [`split_array`] cuts elements. `None` if
/// `buf` ends first.
pub fn element_end(buf: &[u8]) -> Option<usize> {
    let mut structure = Structure::default();
    buf.iter().position(|&b| structure.ends_element(b))
}

/// Where a byte stands in an array's text: inside a string (and after a
/// backslash there), and how deeply nested. Enough to find where each
/// element ends without decoding anything.
#[derive(Default)]
struct Structure {
    depth: usize,
    in_string: bool,
    escaped: bool,
}

impl Structure {
    /// Takes the next byte; true when it is a `,` or `]` that ends an
    /// element of the array (outside strings and nesting).
    fn ends_element(&mut self, b: u8) -> bool {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
            }
            return false;
        }
        match b {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' if self.depth > 0 => self.depth -= 1,
            b',' | b']' if self.depth == 0 => return true,
            _ => {}
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(log: &str) -> Vec<(u64, &str)> {
        split(log.as_bytes())
            .into_iter()
            .map(|r| {
                (
                    r.line,
                    std::str::from_utf8(r.bytes(log.as_bytes())).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn lines_skip_blank_and_strip_crlf_and_bom() {
        let log = "\u{feff}{\"a\":1}\r\n\r\n   \n{\"b\":2}\n{\"c\":3}";
        assert_eq!(
            texts(log),
            vec![(1, "{\"a\":1}"), (4, "{\"b\":2}"), (5, "{\"c\":3}")]
        );
    }

    #[test]
    fn array_elements_keep_their_starting_line() {
        let log = "[\n  {\"a\": \"x,]\"},\n  {\"b\": [1, 2]}\n]\n";
        assert_eq!(detect(log.as_bytes()), Format::JsonArray);
        assert_eq!(
            texts(log),
            vec![(2, "{\"a\": \"x,]\"}"), (3, "{\"b\": [1, 2]}")]
        );
    }

    #[test]
    fn empty_array_has_no_records() {
        assert!(split(b" [ ] ").is_empty());
        assert!(split(b"").is_empty());
    }

    #[test]
    fn a_cut_off_array_marks_the_broken_element() {
        let log = b"[{\"a\":1},\n{\"b\":";
        let records = split(log);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].junk, None);
        assert_eq!(records[1].line, 2);
        assert!(records[1].junk.is_some());
    }

    #[test]
    fn an_array_closed_only_by_eof_after_a_whole_element_is_reported() {
        let records = split(b"[{\"a\":1}\n");
        assert_eq!(records.len(), 2);
        assert!(records[1].junk.is_some());
    }

    #[test]
    fn an_element_ends_where_the_split_cuts_it() {
        assert_eq!(element_end(b"{\"a\":\"x,]\"}, 2]"), Some(11));
        assert_eq!(element_end(b"[[[1]]]]"), Some(7));
        assert_eq!(element_end(b"{\"a\":1"), None);
        let deep = format!("{}{}]", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(element_end(deep.as_bytes()), Some(20_000));
    }

    #[test]
    fn text_after_the_array_is_reported() {
        let records = split(b"[{\"a\":1}]\nextra");
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].line, 2);
        assert!(records[1].junk.is_some());
    }
}
