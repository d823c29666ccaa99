//! Reading a JSON Lines log in large chunks of whole lines, so that a log of
//! any size is indexed with a bounded buffer and each chunk's records can be
//! decoded in parallel.

use super::source::Source;
use std::io;

/// Bytes per read: large enough that per-chunk costs vanish, small enough
/// that the first chunk of a huge log is on screen at once.
pub const CHUNK: usize = 4 << 20;

/// A run of whole lines of the log.
#[derive(Debug, Default)]
pub struct Chunk {
    /// Byte offset of `bytes[0]` in the log.
    pub offset: u64,
    pub bytes: Vec<u8>,
}

/// Successive chunks of a log, each ending at a newline (the last one at the
/// end of the log).
#[derive(Debug)]
pub struct Chunks {
    pos: u64,
    /// A line longer than one chunk grows the next read.
    want: usize,
}

impl Chunks {
    pub fn new(start: u64) -> Chunks {
        Chunks {
            pos: start,
            want: CHUNK,
        }
    }

    /// Where the next chunk starts.
    pub fn position(&self) -> u64 {
        self.pos
    }

    /// The next chunk, or `None` at the end of the log. With `whole_lines_only`
    /// a last line that has no newline yet is left for later (a log that is
    /// still being written); otherwise it is returned too.
    pub fn next(&mut self, source: &Source, whole_lines_only: bool) -> io::Result<Option<Chunk>> {
        loop {
            let mut bytes = vec![0; self.want];
            let got = source.read_at(self.pos, &mut bytes)?;
            bytes.truncate(got);
            if got == 0 {
                return Ok(None);
            }
            let at_end = got < self.want;
            let cut = match memchr::memrchr(b'\n', &bytes) {
                Some(nl) => nl + 1,
                None if at_end && !whole_lines_only => got,
                None if at_end => return Ok(None),
                None => {
                    // One line longer than the buffer: read more of it.
                    self.want = self.want.saturating_mul(2);
                    continue;
                }
            };
            let cut = if at_end && !whole_lines_only {
                got
            } else {
                cut
            };
            bytes.truncate(cut);
            let chunk = Chunk {
                offset: self.pos,
                bytes,
            };
            self.pos += cut as u64;
            self.want = CHUNK;
            return Ok(Some(chunk));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_end_on_newlines_and_cover_the_log() {
        let mut log = Vec::new();
        for i in 0..200_000 {
            log.extend_from_slice(format!("{{\"n\":{i}}}\n").as_bytes());
        }
        log.extend_from_slice(b"{\"tail\":true}");
        let src = Source::memory(log.clone());
        let mut chunks = Chunks::new(0);
        let mut joined = Vec::new();
        while let Some(c) = chunks.next(&src, false).unwrap() {
            assert_eq!(c.offset as usize, joined.len());
            joined.extend_from_slice(&c.bytes);
        }
        assert_eq!(joined, log);
        // Waiting for whole lines leaves the unterminated tail.
        let mut chunks = Chunks::new(0);
        while chunks.next(&src, true).unwrap().is_some() {}
        assert_eq!(
            chunks.position() as usize,
            log.len() - b"{\"tail\":true}".len()
        );
    }
}
