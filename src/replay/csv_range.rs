//! One range of a CSV log for a decoder: its rows found (a row may span
//! lines, see [`crate::log::csv`]) and each turned into the JSON object it
//! stands for, which is then decoded like a JSON Lines record.
//!
//! A range owns the rows that start in it. A decoder cannot know whether
//! its range starts inside a quoted field that holds a newline, so it
//! assumes not and starts at the range's first line; the fold takes
//! batches in order and knows where the row before ended, and decodes a
//! range again from there in the rare case the two differ (see
//! `Decoders::next_batch`).

use crate::log::csv::{split_rows, Header, RowReader};
use crate::log::records::Record;
use crate::log::Source;
use std::io;
use std::sync::Arc;

/// What reading a CSV log's rows needs: its header, and where the rows
/// after the header start.
#[derive(Debug, Clone)]
pub struct CsvStart {
    pub header: Arc<Header>,
    pub body: u64,
}

impl CsvStart {
    /// Reads the header at the start of `source` (`None`: the log has no
    /// row at all).
    pub fn read(source: &Source) -> io::Result<Option<CsvStart>> {
        let mut head = vec![0; 64 * 1024];
        loop {
            let got = source.read_at(0, &mut head)?;
            let at_eof = got < head.len();
            head.truncate(got);
            let whole = at_eof || memchr::memchr(b'\n', &head).is_some();
            if whole {
                if let Some((header, body)) = Header::read(&head, at_eof) {
                    return Ok(Some(CsvStart {
                        header: Arc::new(header),
                        body: body as u64,
                    }));
                }
            }
            if at_eof || head.len() >= 64 << 20 {
                return Ok(None);
            }
            head.resize(head.len() * 2, 0);
        }
    }
}

/// One row of a range: a JSON record in [`Rows::json`] (its `offset` the
/// row's in the log, its `line` relative to the range's), or a row that is
/// not a record, and why.
pub enum Row {
    Record(Record),
    Bad { line: u64, reason: String },
}

/// A range's rows.
#[derive(Default)]
pub struct Rows {
    /// The JSON objects the rows stand for, one per line.
    pub json: Vec<u8>,
    pub rows: Vec<Row>,
    /// Where the range's first row starts in the log.
    pub begin: u64,
    /// Where the row after its last one starts.
    pub end: u64,
    /// Newlines between the two.
    pub newlines: u64,
    /// Reads the rows' fields.
    reader: RowReader,
}

/// Range `i` (of `range` bytes, of a log of `total`) read into `raw` and
/// its rows into `out`, starting at byte `begin` when given (the fold
/// knows where a row starts) instead of the range's first line.
pub fn read_rows(
    source: &Source,
    csv: &CsvStart,
    begin: Option<u64>,
    (i, range, total): (u64, u64, u64),
    raw: &mut Vec<u8>,
    records: &mut Vec<Record>,
    out: &mut Rows,
) -> io::Result<()> {
    let nominal_end = ((i + 1) * range).min(total);
    out.json.clear();
    out.rows.clear();
    // From where to read, and where in that the first row starts.
    let from = match begin {
        Some(b) => b,
        None if i == 0 => 0,
        None => (i * range).saturating_sub(1),
    };
    let mut want = nominal_end.saturating_sub(from).max(1) as usize;
    loop {
        raw.resize(want, 0);
        let got = source.read_at(from, raw)?;
        raw.truncate(got);
        extend_to_newline(source, from, total, raw)?;
        let at_eof = from + raw.len() as u64 >= total;
        let first = match begin {
            Some(_) => 0,
            None if i == 0 => (csv.body as usize).min(raw.len()),
            None => match memchr::memchr(b'\n', raw) {
                Some(q) => q + 1,
                None => raw.len(),
            },
        };
        // Lines are counted from the range's start (the header's lines too).
        let base_begin = if i == 0 && begin.is_none() { 0 } else { first };
        let first_line = memchr::memchr_iter(b'\n', &raw[base_begin..first]).count() as u64;
        let stop = nominal_end.saturating_sub(from).min(raw.len() as u64) as usize;
        records.clear();
        let body = &raw[first..];
        let split = split_rows(
            body,
            from + first as u64,
            first_line,
            stop.saturating_sub(first),
            at_eof,
            records,
        );
        if split.open && !at_eof {
            want = raw.len() * 2;
            continue;
        }
        let end = first + split.end;
        out.begin = from + base_begin as u64;
        out.end = from + end as u64;
        out.newlines = memchr::memchr_iter(b'\n', &raw[base_begin..end]).count() as u64;
        for r in records.iter() {
            rows_of(&csv.header, r, body, out);
        }
        return Ok(());
    }
}

/// One row into `out`: as JSON, or why not.
fn rows_of(header: &Header, r: &Record, body: &[u8], out: &mut Rows) {
    if let Some(junk) = r.junk {
        out.rows.push(Row::Bad {
            line: r.line,
            reason: junk.to_owned(),
        });
        return;
    }
    let start = out.json.len();
    match header.to_json(&mut out.reader, r.bytes(body), &mut out.json) {
        Ok(true) => {
            let len = out.json.len() - start;
            out.json.push(b'\n');
            out.rows.push(Row::Record(Record {
                offset: r.offset,
                start,
                len,
                line: r.line,
                junk: None,
            }));
        }
        Ok(false) => out.json.truncate(start),
        Err(reason) => {
            out.json.truncate(start);
            out.rows.push(Row::Bad {
                line: r.line,
                reason,
            });
        }
    }
}

/// Reads on to the end of the line `raw` (read from `from`) ends in.
fn extend_to_newline(source: &Source, from: u64, total: u64, raw: &mut Vec<u8>) -> io::Result<()> {
    let mut end = from + raw.len() as u64;
    if end >= total || raw.last() == Some(&b'\n') {
        return Ok(());
    }
    let mut more = vec![0; 4096];
    loop {
        let got = source.read_at(end, &mut more)?;
        if got == 0 {
            return Ok(());
        }
        match memchr::memchr(b'\n', &more[..got]) {
            Some(q) => {
                raw.extend_from_slice(&more[..=q]);
                return Ok(());
            }
            None => {
                raw.extend_from_slice(&more[..got]);
                end += got as u64;
            }
        }
    }
}
