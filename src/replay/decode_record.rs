//! Decoding one record of the log into an event, for the builder (a record
//! at a time) and the pipeline's decoders (a range at a time) alike.

use super::malformation::{json_error, Malformation};
use crate::domain::event::Event;
use crate::log::envelope::{Decoder, Envelope};
use crate::log::records::Record;

/// Decodes a record and hands its event to `then` where it was built (an
/// event is large; the parallel decoders turn it into a smaller detached
/// one without moving it first). Fails with what is wrong with a record
/// that is not an event.
#[inline]
pub(super) fn decode_record_with<'a, T>(
    buf: &'a [u8],
    text: Option<&'a str>,
    record: &Record,
    decoder: &mut Decoder<'a>,
    then: impl FnOnce(&Event<'_>) -> T,
) -> Result<T, Malformation> {
    if let Some(reason) = record.junk {
        return Err(Malformation::junk(reason));
    }
    let bytes = record.bytes(buf);
    let decode = |env: &Envelope<'a>| then(&crate::log::event_of(env));
    // `text`, when given, is `buf` known to be UTF-8.
    let decoded = match text.and_then(|t| t.get(record.start..record.start + record.len)) {
        Some(text) => decoder.decode_text_then(text, decode),
        None => decoder.decode_then(bytes, decode),
    };
    decoded.map_err(|err| json_error(bytes, &err))
}
