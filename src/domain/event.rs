//! A typed event: its envelope ([`Meta`]), what it does ([`Effect`]) or
//! the finding that keeps it from doing anything, and the balance its
//! writer recorded. Records become events where logs are read (the
//! decoding knows the schema; this module does not).

use super::diagnostic::Finding;
use super::effect::Effect;
use super::time::TimeFormat;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// The account that events without an account id belong to.
pub const DEFAULT_ACCOUNT: &str = "default";

/// When an event happened, as far as the log says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// No timestamp field.
    Untimed,
    /// Nanoseconds since the Unix epoch (UTC).
    At(i64),
    /// A timestamp field that is not in the schema's format: its text, and
    /// the format (both for the message).
    Invalid { text: String, format: TimeFormat },
}

/// The envelope of an event: what every event has, whatever its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta<'a> {
    pub account: Cow<'a, str>,
    pub id: Option<Cow<'a, str>>,
    /// A 64-bit fingerprint of the id, computed where events are decoded
    /// (in parallel) rather than in the sequential fold.
    pub id_fingerprint: Option<u64>,
    pub seq: Option<i64>,
    pub when: When,
    /// The event's position in its own stream (account), when the schema
    /// names a version field.
    pub version: Option<i64>,
    /// The event's type as the schema names it, when the schema knows it
    /// (borrowed from the schema: the type as the log writes it).
    pub type_name: Option<&'a str>,
    /// The index of the type's rule in the schema, when the schema knows it.
    pub rule: Option<u16>,
}

/// The balance the writer recorded in an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    Balance(Decimal),
    /// Not an amount: the value as written.
    Invalid(Box<str>),
}

/// A record that is an event: its envelope and either its effect or the
/// finding that keeps it from having one (missing field, bad amount,
/// unknown type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<'a> {
    pub meta: Meta<'a>,
    pub effect: Result<Effect<'a>, Finding>,
    /// The balance after the event as the writer recorded it, when the
    /// schema says where.
    pub recorded_balance: Option<Recorded>,
    /// The currency the event's account has from this event on, when the
    /// schema says where (an opening's is in its effect instead).
    pub currency: Option<Cow<'a, str>>,
}

/// A 64-bit fingerprint of an event id, for remembering ids compactly
/// (matches are confirmed against the ids themselves).
pub fn id_fingerprint(id: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(id.as_bytes());
    h.write_u8(0xff);
    h.finish()
}
