//! CSV logs (`format = "csv"`, or a file ending in `.csv`): the first row is
//! the header and names the columns; every later row is one flat record
//! `{column: text}`, which is turned into the same JSON object a JSON Lines
//! log would hold, so that the schema reads it as any other (`amount =
//! "amount"`, `account = "client"`).
//!
//! Rows are found line by line: a row is a line, or several when a quoted
//! field holds a newline. Only whether a line ends inside a quoted field is
//! worked out here (a quote opens a field only as its first byte, as the
//! `csv` crate reads it); the fields themselves are read by the `csv` crate
//! (RFC 4180 quoting, whitespace around fields trimmed, `\r\n` or `\n`). A
//! quote still open after [`MAX_ROW_LINES`] lines, or at the end of the
//! log, is an unterminated quote: that row's first line alone is reported,
//! and the rows after it are read again from the next line.

use super::records::{Record, BOM};

/// The most lines one row may span (a quoted field with newlines in it).
pub const MAX_ROW_LINES: u64 = 1000;

/// What a row that is not a record is reported as.
pub const UNTERMINATED: &str = "not CSV: a quoted field is not closed (unterminated quote)";

/// Whether a line that starts inside a quoted field (`inside`) ends inside
/// one.
fn ends_inside(line: &[u8], mut inside: bool) -> bool {
    let mut field_start = !inside;
    let mut i = 0;
    while i < line.len() {
        let b = line[i];
        if inside {
            if b == b'"' {
                if line.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                inside = false;
            }
        } else if b == b'"' && field_start {
            inside = true;
            field_start = false;
        } else {
            field_start = b == b',';
        }
        i += 1;
    }
    inside
}

/// Where splitting stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// The line number after the last line split.
    pub next_line: u64,
    /// Where in the buffer the rows split end: its end, or the start of a
    /// row still open at its end (when not `at_eof`: read more and split
    /// again).
    pub end: usize,
    /// Whether a row was still open at the end of the buffer.
    pub open: bool,
}

/// Splits `buf` (which starts at byte `base` of the log, on line
/// `first_line`, at the start of a row) into rows, skipping blank lines.
/// Rows that start at or after `stop` (a position in `buf`) are left for
/// the next range. A row whose quote is still open at the buffer's end is
/// left out, and `open` set, unless `at_eof` (the buffer ends the log): then
/// its first line is a junk record, and splitting goes on after it.
pub fn split_rows(
    buf: &[u8],
    base: u64,
    first_line: u64,
    stop: usize,
    at_eof: bool,
    out: &mut Vec<Record>,
) -> Split {
    let mut start = if base == 0 && buf.starts_with(BOM) {
        BOM.len()
    } else {
        0
    };
    let mut line = first_line;
    while start < buf.len() && start < stop {
        // One row: lines while a quoted field is open.
        let mut end = line_end(buf, start);
        let mut inside = ends_inside(&buf[start..end], false);
        let mut lines = 1;
        while inside && end < buf.len() && lines < MAX_ROW_LINES {
            let next = line_end(buf, end + 1);
            inside = ends_inside(&buf[end + 1..next], true);
            end = next;
            lines += 1;
        }
        if inside && end >= buf.len() && lines < MAX_ROW_LINES && !at_eof {
            return Split {
                next_line: line,
                end: start,
                open: true,
            };
        }
        if inside {
            // Unterminated: the first line alone, reported.
            let first_end = line_end(buf, start);
            push_row(buf, base, start, first_end, line, Some(UNTERMINATED), out);
            line += 1;
            start = first_end + 1;
            continue;
        }
        push_row(buf, base, start, end, line, None, out);
        line += lines;
        start = end + 1;
    }
    Split {
        next_line: line,
        end: start.min(buf.len()),
        open: false,
    }
}

/// The position of the newline ending the line at `start` (or the
/// buffer's end).
fn line_end(buf: &[u8], start: usize) -> usize {
    memchr::memchr(b'\n', &buf[start.min(buf.len())..]).map_or(buf.len(), |p| start + p)
}

fn push_row(
    buf: &[u8],
    base: u64,
    start: usize,
    end: usize,
    line: u64,
    junk: Option<&'static str>,
    out: &mut Vec<Record>,
) {
    let row = &buf[start..end];
    let len = row.strip_suffix(b"\r").unwrap_or(row).len();
    if row.iter().all(u8::is_ascii_whitespace) {
        return;
    }
    out.push(Record {
        offset: base + start as u64,
        start,
        len,
        line,
        junk,
    });
}

/// A CSV log's header: its columns, as the keys of the JSON object each
/// row becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Each column's name as a JSON string (quoted and escaped).
    keys: Vec<String>,
}

impl Header {
    /// The header in `head` (the start of the log): the first row that is
    /// not blank. Returns it and where the rows after it start, or `None`
    /// when `head` holds no whole row (`at_eof`: `head` is the whole log).
    pub fn read(head: &[u8], at_eof: bool) -> Option<(Header, usize)> {
        let mut rows = Vec::new();
        split_rows(head, 0, 1, head.len(), at_eof, &mut rows);
        let first = rows.first()?;
        let fields = RowReader::default().fields(first.bytes(head)).ok()?;
        let keys = fields
            .iter()
            .map(|f| serde_json::to_string(f).unwrap_or_default())
            .collect();
        let end = (first.start + first.len..head.len())
            .find(|&i| head[i] == b'\n')
            .map_or(head.len(), |i| i + 1);
        Some((Header { keys }, end))
    }

    /// How many columns the header names.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Row `row` as a JSON object of its non-empty fields, appended to
    /// `out`; or why it is not a record. `Ok(false)`: every field is empty
    /// (a blank row, skipped).
    pub fn to_json(
        &self,
        reader: &mut RowReader,
        row: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<bool, String> {
        let fields = reader.fields(row)?;
        if fields.len() > self.keys.len() {
            return Err(format!(
                "not a CSV record: the row has {} fields; the header names {}",
                fields.len(),
                self.keys.len()
            ));
        }
        if fields.iter().all(String::is_empty) {
            return Ok(false);
        }
        out.push(b'{');
        let mut first = true;
        for (key, value) in self.keys.iter().zip(&fields) {
            if value.is_empty() {
                continue;
            }
            if !first {
                out.push(b',');
            }
            first = false;
            out.extend_from_slice(key.as_bytes());
            out.push(b':');
            serde_json::to_writer(&mut *out, value).map_err(|e| e.to_string())?;
        }
        out.push(b'}');
        Ok(true)
    }
}

/// Reads the fields of rows with one `csv` reader, reused from row to row:
/// building a reader builds its parser's tables, which costs far more than
/// reading a short row.
pub struct RowReader {
    reader: csv::Reader<std::io::Cursor<Vec<u8>>>,
    record: csv::ByteRecord,
}

impl Default for RowReader {
    fn default() -> RowReader {
        RowReader {
            reader: csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .trim(csv::Trim::All)
                .from_reader(std::io::Cursor::new(Vec::new())),
            record: csv::ByteRecord::new(),
        }
    }
}

impl RowReader {
    /// The fields of one row, trimmed (bytes that are not UTF-8 replaced).
    fn fields(&mut self, row: &[u8]) -> Result<Vec<String>, String> {
        let text = self.reader.get_mut().get_mut();
        text.clear();
        text.extend_from_slice(row);
        let start = std::io::SeekFrom::Start(0);
        let read = self
            .reader
            .seek_raw(start, csv::Position::new())
            .and_then(|()| self.reader.read_byte_record(&mut self.record));
        match read {
            Ok(true) => {}
            Ok(false) => return Ok(Vec::new()),
            Err(e) => return Err(format!("not CSV: {e}")),
        }
        Ok(self
            .record
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect())
    }
}

/// The rows of the start of a CSV log as JSON Lines, one object per row
/// that is a record (for looking at a log's first records).
pub fn as_json_lines(head: &[u8]) -> Option<Vec<u8>> {
    let (header, body) = Header::read(head, true)?;
    let mut rows = Vec::new();
    let rest = &head[body..];
    split_rows(rest, body as u64, 2, rest.len(), true, &mut rows);
    let mut out = Vec::new();
    let mut reader = RowReader::default();
    for row in rows.iter().filter(|r| r.junk.is_none()) {
        if header.to_json(&mut reader, row.bytes(rest), &mut out) == Ok(true) {
            out.push(b'\n');
        }
    }
    Some(out)
}

/// The row at the start of `buf` (which starts a row), without its line
/// ending, when it ends within `buf` or `at_eof`.
pub fn row_at(buf: &[u8], at_eof: bool) -> Option<&[u8]> {
    let mut rows = Vec::new();
    let split = split_rows(buf, 1, 1, 1, at_eof, &mut rows);
    if split.open {
        return None;
    }
    rows.first().map(|r| r.bytes(buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(log: &str) -> Vec<(String, u64, Option<&'static str>)> {
        let mut out = Vec::new();
        split_rows(log.as_bytes(), 0, 1, log.len(), true, &mut out);
        out.iter()
            .map(|r| {
                let text = String::from_utf8_lossy(r.bytes(log.as_bytes())).into_owned();
                (text, r.line, r.junk)
            })
            .collect()
    }

    fn json(header: &str, row: &str) -> Result<String, String> {
        let (header, _) = Header::read(header.as_bytes(), true).unwrap();
        let mut out = Vec::new();
        let mut reader = RowReader::default();
        header.to_json(&mut reader, row.as_bytes(), &mut out)?;
        // The reader, used again, reads the next row afresh.
        let mut again = Vec::new();
        header.to_json(&mut reader, row.as_bytes(), &mut again)?;
        assert_eq!(again, out);
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn rows_are_lines_unless_a_quoted_field_holds_a_newline() {
        let log = "type,note\r\n\r\na,\"x\ny\"\n  \nb,\"q\"\"\"\nc,say \"hi\"\n";
        assert_eq!(
            rows(log),
            [
                ("type,note".to_owned(), 1, None),
                ("a,\"x\ny\"".to_owned(), 3, None),
                ("b,\"q\"\"\"".to_owned(), 6, None),
                ("c,say \"hi\"".to_owned(), 7, None),
            ]
        );
    }

    #[test]
    fn an_unterminated_quote_is_its_line_alone_and_the_rest_is_read() {
        let log = "type,note\na,\"open\nb,1\nc,2";
        assert_eq!(
            rows(log),
            [
                ("type,note".to_owned(), 1, None),
                ("a,\"open".to_owned(), 2, Some(UNTERMINATED)),
                ("b,1".to_owned(), 3, None),
                ("c,2".to_owned(), 4, None),
            ]
        );
    }

    #[test]
    fn an_open_quote_at_the_buffers_end_asks_for_more() {
        let log = b"a,1\nb,\"x\ny";
        let mut out = Vec::new();
        let split = split_rows(log, 0, 1, log.len(), false, &mut out);
        assert!(split.open);
        assert_eq!(split.end, 4);
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn rows_become_flat_records() {
        let header = "\u{feff}type, client ,tx,amount\r\n";
        assert_eq!(
            json(header, "deposit, 1, 1, 1.0").unwrap(),
            r#"{"type":"deposit","client":"1","tx":"1","amount":"1.0"}"#
        );
        assert_eq!(
            json(header, "deposit,\"a, b\",1,\"2\"").unwrap(),
            r#"{"type":"deposit","client":"a, b","tx":"1","amount":"2"}"#
        );
        assert_eq!(
            json(header, "dispute,1,1,").unwrap(),
            r#"{"type":"dispute","client":"1","tx":"1"}"#
        );
        assert_eq!(
            json(header, "dispute,1,1").unwrap(),
            r#"{"type":"dispute","client":"1","tx":"1"}"#
        );
        assert_eq!(
            json(header, "a,\"q\"\"\\\"").unwrap(),
            r#"{"type":"a","client":"q\"\\"}"#
        );
        let err = json(header, "deposit,1,2,3,4").unwrap_err();
        assert!(err.contains("5 fields; the header names 4"), "{err}");
    }

    #[test]
    fn a_row_is_read_back_from_its_offset() {
        assert_eq!(row_at(b"a,\"x\ny\"\nb", false), Some(&b"a,\"x\ny\""[..]));
        assert_eq!(row_at(b"a,1\r\nb", false), Some(&b"a,1"[..]));
        assert_eq!(row_at(b"a,\"x\ny", false), None);
        assert_eq!(row_at(b"a,\"x\ny", true), Some(&b"a,\"x"[..]));
    }
}
