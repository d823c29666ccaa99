//! Decoding one record into the fields rewind cares about.
//!
//! The record is walked once by the validating scanner of [`super::scan`],
//! which keeps, for each field the [`Schema`](crate::schema::Schema) names, the raw JSON text of
//! its value (borrowed from the log) and skips everything else without
//! building a tree. Amounts stay text until the domain turns them into
//! exact decimals.
//!
//! Which keys matter comes from the schema, compiled into one key table per
//! object level: a key's table entry says which slots its value fills
//! (a field may have several names, in priority order: the first present
//! wins), whether it is where the payload may be, and whether a dotted path
//! goes on inside it. A key repeated verbatim keeps its last value, as
//! JavaScript and jq do.

mod decoder;
mod passing;
mod record;
mod text_payload;
mod walk;

pub use decoder::Decoder;
pub use record::{string_of, text_of, Envelope, Raw};

#[cfg(test)]
mod tests;
