//! Reading logs: finding records, decoding their envelopes, and reading
//! those through their schema into typed events ([`decode`]). Knows JSON
//! and CSV, and schemas; what the events do to accounts is the domain's.

pub mod chunks;
pub mod csv;
pub mod db;
pub mod decode;
pub mod envelope;
pub mod records;
pub mod scan;
pub mod source;
pub mod vocabulary;
pub mod window;

pub use decode::event_of;
pub use envelope::Envelope;
pub use records::{Format, Record};
pub use source::{read_log, LogError, Source};
