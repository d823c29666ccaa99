//! Reading logs: finding records and decoding their envelopes. Knows JSON,
//! not banking.

pub mod chunks;
pub mod envelope;
pub mod records;
pub mod scan;
pub mod source;

pub use envelope::Envelope;
pub use records::{Format, Record};
pub use source::{read_log, LogError, Source};
