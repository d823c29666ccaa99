//! Decoding one record into the fields rewind cares about.
//!
//! The record is walked once by the validating scanner of [`super::scan`],
//! which keeps, for each known field, the raw JSON text of its value
//! (borrowed from the log) and skips everything else without building a
//! tree. Amounts stay text until the domain turns them into exact decimals.
//!
//! Aliases: for each envelope field several names are accepted; when more
//! than one is present, the one listed first wins. A key repeated verbatim
//! keeps its last value, as JavaScript and jq do.

use super::scan::{self, ScanError};
use std::borrow::Cow;

/// The aliases, in priority order, for each envelope field.
pub const TYPE_KEYS: &[&str] = &["type", "event_type", "eventType"];
pub const ACCOUNT_KEYS: &[&str] = &[
    "account",
    "account_id",
    "accountId",
    "aggregate_id",
    "aggregateId",
    "stream_id",
    "streamId",
];
pub const TIMESTAMP_KEYS: &[&str] = &[
    "timestamp",
    "ts",
    "time",
    "occurred_at",
    "created",
    "created_at",
    "createdAt",
];
pub const ID_KEYS: &[&str] = &["id", "event_id", "eventId"];
pub const SEQ_KEYS: &[&str] = &[
    "seq",
    "sequence",
    "position",
    "event_number",
    "eventNumber",
    "global_position",
];
pub const PAYLOAD_KEYS: &[&str] = &["data", "payload"];
pub const AMOUNT_KEYS: &[&str] = &["amount"];
pub const INITIAL_BALANCE_KEYS: &[&str] = &["initial_balance", "initialBalance"];
pub const OWNER_KEYS: &[&str] = &["owner"];
pub const CURRENCY_KEYS: &[&str] = &["currency"];
pub const TO_ACCOUNT_KEYS: &[&str] = &["to_account", "toAccount"];

/// Slots for the fields we keep; the index into `FIELD_KEYS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Type,
    Account,
    Timestamp,
    Id,
    Seq,
    Amount,
    InitialBalance,
    Owner,
    Currency,
    ToAccount,
}
const SLOTS: usize = 10;
#[cfg(test)]
const FIELD_KEYS: [(&[&str], Slot); SLOTS] = [
    (TYPE_KEYS, Slot::Type),
    (ACCOUNT_KEYS, Slot::Account),
    (TIMESTAMP_KEYS, Slot::Timestamp),
    (ID_KEYS, Slot::Id),
    (SEQ_KEYS, Slot::Seq),
    (AMOUNT_KEYS, Slot::Amount),
    (INITIAL_BALANCE_KEYS, Slot::InitialBalance),
    (OWNER_KEYS, Slot::Owner),
    (CURRENCY_KEYS, Slot::Currency),
    (TO_ACCOUNT_KEYS, Slot::ToAccount),
];

/// What a key of an object means to us.
enum Key {
    Field(Slot, u8),
    Payload(u8),
    Other,
}

/// What a key means, by a `match` the compiler turns into a length switch
/// and a few comparisons (this runs for every key of every event). A test
/// checks it against the alias tables above.
fn classify(key: &str) -> Key {
    use Slot::*;
    let (slot, rank) = match key {
        "type" => (Type, 0),
        "event_type" => (Type, 1),
        "eventType" => (Type, 2),
        "account" => (Account, 0),
        "account_id" => (Account, 1),
        "accountId" => (Account, 2),
        "aggregate_id" => (Account, 3),
        "aggregateId" => (Account, 4),
        "stream_id" => (Account, 5),
        "streamId" => (Account, 6),
        "timestamp" => (Timestamp, 0),
        "ts" => (Timestamp, 1),
        "time" => (Timestamp, 2),
        "occurred_at" => (Timestamp, 3),
        "created" => (Timestamp, 4),
        "created_at" => (Timestamp, 5),
        "createdAt" => (Timestamp, 6),
        "id" => (Id, 0),
        "event_id" => (Id, 1),
        "eventId" => (Id, 2),
        "seq" => (Seq, 0),
        "sequence" => (Seq, 1),
        "position" => (Seq, 2),
        "event_number" => (Seq, 3),
        "eventNumber" => (Seq, 4),
        "global_position" => (Seq, 5),
        "amount" => (Amount, 0),
        "initial_balance" => (InitialBalance, 0),
        "initialBalance" => (InitialBalance, 1),
        "owner" => (Owner, 0),
        "currency" => (Currency, 0),
        "to_account" => (ToAccount, 0),
        "toAccount" => (ToAccount, 1),
        "data" => return Key::Payload(0),
        "payload" => return Key::Payload(1),
        _ => return Key::Other,
    };
    Key::Field(slot, rank)
}

/// The raw JSON text of a value, borrowed from the log: a string with its
/// quotes and escapes, a number as written, an object as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raw<'a>(&'a str);

impl<'a> Raw<'a> {
    pub fn get(&self) -> &'a str {
        self.0
    }
}

/// Where a known field's raw value is in the record (rank 255: absent).
/// Kept as offsets so that an envelope is small and cheap to move.
#[derive(Debug, Clone, Copy)]
struct Span {
    rank: u8,
    start: u32,
    len: u32,
}

const ABSENT: Span = Span {
    rank: u8::MAX,
    start: 0,
    len: 0,
};

/// The known fields found in one JSON object.
#[derive(Debug, Clone)]
struct Fields {
    slots: [Span; SLOTS],
}

impl Default for Fields {
    fn default() -> Fields {
        Fields {
            slots: [ABSENT; SLOTS],
        }
    }
}

impl Fields {
    /// Keeps `value` (a slice of `text`) unless a better alias has been seen.
    fn set(&mut self, slot: Slot, rank: u8, text: &str, value: &str) {
        let entry = &mut self.slots[slot as usize];
        if rank <= entry.rank {
            let start = value.as_ptr() as usize - text.as_ptr() as usize;
            *entry = Span {
                rank,
                start: start as u32,
                len: value.len() as u32,
            };
        }
    }
    fn get<'a>(&self, slot: Slot, text: &'a str) -> Option<Raw<'a>> {
        let span = self.slots[slot as usize];
        (span.rank != u8::MAX).then(|| {
            let start = span.start as usize;
            Raw(&text[start..start + span.len as usize])
        })
    }
}

/// One decoded record: the envelope and the payload's fields, all raw.
#[derive(Debug, Clone, Default)]
pub struct Envelope<'a> {
    text: &'a str,
    top: Fields,
    payload: Option<(u8, Fields)>,
}

/// A JSON value read as text for an identifier: strings as they are, numbers
/// as written. `None` for `null`, booleans, arrays and objects.
pub fn text_of(raw: Raw<'_>) -> Option<Cow<'_, str>> {
    let text = raw.get();
    match text.as_bytes().first()? {
        b'"' => string_of(raw),
        b'-' | b'0'..=b'9' => Some(Cow::Borrowed(text)),
        _ => None,
    }
}

/// A JSON string's contents, borrowed when it has no escapes.
pub fn string_of(raw: Raw<'_>) -> Option<Cow<'_, str>> {
    let text = raw.get();
    if !text.starts_with('"') {
        return None;
    }
    let inner = &text[1..text.len() - 1];
    Some(scan::unescape(text, inner.contains('\\')))
}

impl<'a> Envelope<'a> {
    /// Decodes one record. Fails when it is not JSON or not an object.
    pub fn decode(bytes: &'a [u8]) -> Result<Envelope<'a>, ScanError> {
        let text = scan::utf8(bytes)?;
        if text.len() > u32::MAX as usize {
            return Err(ScanError {
                at: 0,
                what: "a record over 4 GiB",
                not_object: false,
                eof: false,
            });
        }
        let mut env = Envelope {
            text,
            ..Envelope::default()
        };
        // `data`/`payload` objects are scanned after the top level: their
        // raw text is kept until then.
        let mut payload: Option<(u8, &'a str)> = None;
        scan::object(text, |key, value| {
            let key_text;
            let name = if key.escaped {
                key_text = key.text().into_owned();
                key_text.as_str()
            } else {
                &key.raw[1..key.raw.len() - 1]
            };
            match classify(name) {
                Key::Field(slot, rank) => env.top.set(slot, rank, text, value),
                Key::Payload(rank) => {
                    if payload.is_none_or(|(r, _)| rank <= r) {
                        payload = Some((rank, value));
                    }
                }
                Key::Other => {}
            }
        })?;
        // A payload that is not an object is as good as none.
        if let Some((rank, payload_text)) = payload.filter(|(_, t)| t.starts_with('{')) {
            let mut fields = Fields::default();
            scan::object(payload_text, |key, value| {
                if let Key::Field(slot, rank) = classify(&key.text()) {
                    fields.set(slot, rank, text, value);
                }
            })?;
            env.payload = Some((rank, fields));
        }
        Ok(env)
    }

    /// The payload's fields: the `data`/`payload` object, else the top level.
    fn payload(&self) -> &Fields {
        self.payload.as_ref().map_or(&self.top, |(_, p)| p)
    }

    pub fn event_type(&self) -> Option<Raw<'a>> {
        self.top.get(Slot::Type, self.text)
    }
    /// Account id: top level first, then the payload.
    pub fn account(&self) -> Option<Raw<'a>> {
        self.top.get(Slot::Account, self.text).or_else(|| {
            self.payload
                .as_ref()
                .and_then(|(_, p)| p.get(Slot::Account, self.text))
        })
    }
    pub fn timestamp(&self) -> Option<Raw<'a>> {
        self.top.get(Slot::Timestamp, self.text)
    }
    pub fn id(&self) -> Option<Raw<'a>> {
        self.top.get(Slot::Id, self.text)
    }
    pub fn seq(&self) -> Option<Raw<'a>> {
        self.top.get(Slot::Seq, self.text)
    }
    pub fn amount(&self) -> Option<Raw<'a>> {
        self.payload().get(Slot::Amount, self.text)
    }
    pub fn initial_balance(&self) -> Option<Raw<'a>> {
        self.payload().get(Slot::InitialBalance, self.text)
    }
    pub fn owner(&self) -> Option<Raw<'a>> {
        self.payload().get(Slot::Owner, self.text)
    }
    pub fn currency(&self) -> Option<Raw<'a>> {
        self.payload().get(Slot::Currency, self.text)
    }
    pub fn to_account(&self) -> Option<Raw<'a>> {
        self.payload().get(Slot::ToAccount, self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(raw: Option<Raw<'_>>) -> Option<String> {
        raw.and_then(text_of).map(|c| c.into_owned())
    }

    #[test]
    fn classify_agrees_with_the_alias_tables() {
        for (keys, slot) in FIELD_KEYS {
            for (rank, key) in keys.iter().enumerate() {
                match classify(key) {
                    Key::Field(s, r) => {
                        assert_eq!((s as usize, r as usize), (slot as usize, rank), "{key}")
                    }
                    _ => panic!("{key} not classified"),
                }
            }
        }
        for (rank, key) in PAYLOAD_KEYS.iter().enumerate() {
            assert!(matches!(classify(key), Key::Payload(r) if r as usize == rank));
        }
        assert!(matches!(classify("Type"), Key::Other));
        let count: usize = FIELD_KEYS.iter().map(|(k, _)| k.len()).sum();
        assert_eq!(count, 33, "a new alias needs a line in classify()");
    }

    #[test]
    fn the_minimal_classic_form_decodes() {
        let env = Envelope::decode(br#"{"type":"AccountOpened","data":{"initial_balance":1000}}"#)
            .unwrap();
        assert_eq!(text(env.event_type()).as_deref(), Some("AccountOpened"));
        assert_eq!(env.initial_balance().unwrap().get(), "1000");
        assert!(env.account().is_none());
    }

    #[test]
    fn the_first_alias_in_priority_order_wins() {
        let env = Envelope::decode(
            br#"{"eventType":"B","type":"A","streamId":"s","account_id":"a","ts":"t2","timestamp":"t1"}"#,
        )
        .unwrap();
        assert_eq!(text(env.event_type()).as_deref(), Some("A"));
        assert_eq!(text(env.account()).as_deref(), Some("a"));
        assert_eq!(text(env.timestamp()).as_deref(), Some("t1"));
    }

    #[test]
    fn account_falls_back_to_the_payload_and_numbers_become_text() {
        let env =
            Envelope::decode(br#"{"type":"X","payload":{"accountId":42,"amount":"1e2"}}"#).unwrap();
        assert_eq!(text(env.account()).as_deref(), Some("42"));
        assert_eq!(env.amount().unwrap().get(), "\"1e2\"");
    }

    #[test]
    fn flat_events_use_the_top_level_as_payload() {
        let env = Envelope::decode(br#"{"type":"MoneyDeposited","amount":0.1}"#).unwrap();
        assert_eq!(env.amount().unwrap().get(), "0.1");
    }

    #[test]
    fn data_wins_over_payload_and_non_objects_are_ignored() {
        let env = Envelope::decode(br#"{"type":"X","payload":{"amount":2},"data":{"amount":1}}"#)
            .unwrap();
        assert_eq!(env.amount().unwrap().get(), "1");
        let env = Envelope::decode(br#"{"type":"X","data":"nope","amount":3}"#).unwrap();
        assert_eq!(env.amount().unwrap().get(), "3");
    }

    #[test]
    fn escaped_strings_are_unescaped() {
        let env = Envelope::decode(br#"{"type":"Money\u0044eposited","account":"a\"b"}"#).unwrap();
        assert_eq!(text(env.event_type()).as_deref(), Some("MoneyDeposited"));
        assert_eq!(text(env.account()).as_deref(), Some("a\"b"));
    }

    #[test]
    fn non_objects_and_broken_json_fail() {
        for bad in [
            &b"[1,2]"[..],
            b"42",
            b"\"s\"",
            b"null",
            b"{\"type\":",
            b"not json",
            b"{} x",
        ] {
            assert!(
                Envelope::decode(bad).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn deep_nesting_and_huge_numbers_in_other_fields_are_skipped_safely() {
        // serde_json skips ignored values without recursing, so any depth is
        // safe to skip, in unknown fields and in the payload alike.
        for field in ["x", "data"] {
            let deep = format!(
                "{{\"type\":\"X\",\"{field}\":{}{}}}",
                "[".repeat(100_000),
                "]".repeat(100_000)
            );
            assert!(Envelope::decode(deep.as_bytes()).is_ok());
        }
        let unclosed = format!("{{\"type\":\"X\",\"x\":{}", "[".repeat(100_000));
        assert!(Envelope::decode(unclosed.as_bytes()).is_err());
        let env = Envelope::decode(br#"{"type":"X","x":1e999999,"amount":1e999999}"#).unwrap();
        assert_eq!(env.amount().unwrap().get(), "1e999999");
    }
}
