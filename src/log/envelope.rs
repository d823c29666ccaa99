//! Decoding one record into the fields rewind cares about.
//!
//! The record is walked once by a serde visitor that keeps, for each known
//! field, the raw JSON text of its value (`&RawValue`, borrowed from the log)
//! and skips everything else without building a tree. Amounts stay text until
//! the domain turns them into exact decimals.
//!
//! Aliases: for each envelope field several names are accepted; when more
//! than one is present, the one listed first wins. A key repeated verbatim
//! keeps its last value, as JavaScript and jq do.

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

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

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(classify(v))
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

/// The known fields found in one JSON object, as raw JSON text.
#[derive(Default, Clone)]
pub struct Fields<'a> {
    slots: [Option<(u8, &'a RawValue)>; SLOTS],
}

impl<'a> Fields<'a> {
    fn set(&mut self, slot: Slot, rank: u8, value: &'a RawValue) {
        let entry = &mut self.slots[slot as usize];
        if entry.is_none_or(|(r, _)| rank <= r) {
            *entry = Some((rank, value));
        }
    }
    fn get(&self, slot: Slot) -> Option<&'a RawValue> {
        self.slots[slot as usize].map(|(_, v)| v)
    }
}

/// One decoded record: the envelope and the payload's fields, all raw.
#[derive(Default, Clone)]
pub struct Envelope<'a> {
    top: Fields<'a>,
    payload: Option<(u8, Fields<'a>)>,
}

/// A JSON value read as text for an identifier: strings as they are, numbers
/// as written. `None` for `null`, booleans, arrays and objects.
pub fn text_of<'a>(raw: &'a RawValue) -> Option<Cow<'a, str>> {
    let text = raw.get();
    match text.as_bytes().first()? {
        b'"' => string_of(raw),
        b'-' | b'0'..=b'9' => Some(Cow::Borrowed(text)),
        _ => None,
    }
}

/// A JSON string's contents, borrowed when it has no escapes.
pub fn string_of<'a>(raw: &'a RawValue) -> Option<Cow<'a, str>> {
    let text = raw.get();
    if !text.starts_with('"') {
        return None;
    }
    let inner = &text[1..text.len() - 1];
    if inner.contains('\\') {
        serde_json::from_str::<String>(text).ok().map(Cow::Owned)
    } else {
        Some(Cow::Borrowed(inner))
    }
}

impl<'a> Envelope<'a> {
    /// Decodes one record. Fails when it is not JSON or not an object.
    pub fn decode(bytes: &'a [u8]) -> Result<Envelope<'a>, serde_json::Error> {
        serde_json::from_slice(bytes)
    }

    /// The payload's fields: the `data`/`payload` object, else the top level.
    fn payload(&self) -> &Fields<'a> {
        self.payload.as_ref().map_or(&self.top, |(_, p)| p)
    }

    pub fn event_type(&self) -> Option<&'a RawValue> {
        self.top.get(Slot::Type)
    }
    /// Account id: top level first, then the payload.
    pub fn account(&self) -> Option<&'a RawValue> {
        self.top.get(Slot::Account).or_else(|| {
            self.payload
                .as_ref()
                .and_then(|(_, p)| p.get(Slot::Account))
        })
    }
    pub fn timestamp(&self) -> Option<&'a RawValue> {
        self.top.get(Slot::Timestamp)
    }
    pub fn id(&self) -> Option<&'a RawValue> {
        self.top.get(Slot::Id)
    }
    pub fn seq(&self) -> Option<&'a RawValue> {
        self.top.get(Slot::Seq)
    }
    pub fn amount(&self) -> Option<&'a RawValue> {
        self.payload().get(Slot::Amount)
    }
    pub fn initial_balance(&self) -> Option<&'a RawValue> {
        self.payload().get(Slot::InitialBalance)
    }
    pub fn owner(&self) -> Option<&'a RawValue> {
        self.payload().get(Slot::Owner)
    }
    pub fn currency(&self) -> Option<&'a RawValue> {
        self.payload().get(Slot::Currency)
    }
    pub fn to_account(&self) -> Option<&'a RawValue> {
        self.payload().get(Slot::ToAccount)
    }
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Envelope<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object (one event)")
    }
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Envelope<'de>, M::Error> {
        let mut env = Envelope::default();
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Field(slot, rank) => env.top.set(slot, rank, map.next_value()?),
                Key::Payload(rank) => {
                    if let Some(fields) = map.next_value::<Payload>()?.0 {
                        if env.payload.as_ref().is_none_or(|(r, _)| rank <= *r) {
                            env.payload = Some((rank, fields));
                        }
                    }
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(env)
    }
}

impl<'de> Deserialize<'de> for Envelope<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(FieldsVisitor)
    }
}

/// The value under `data`/`payload`: its fields when it is an object, and
/// nothing otherwise (a string or `null` payload is as good as none).
struct Payload<'a>(Option<Fields<'a>>);

impl<'de> Deserialize<'de> for Payload<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PayloadVisitor;
        impl<'de> Visitor<'de> for PayloadVisitor {
            type Value = Payload<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Payload<'de>, M::Error> {
                let mut fields = Fields::default();
                while let Some(key) = map.next_key::<Key>()? {
                    match key {
                        Key::Field(slot, rank) => fields.set(slot, rank, map.next_value()?),
                        Key::Payload(_) | Key::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(Payload(Some(fields)))
            }
            fn visit_seq<S: de::SeqAccess<'de>>(
                self,
                mut seq: S,
            ) -> Result<Payload<'de>, S::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Payload(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Payload<'de>, E> {
                Ok(Payload(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Payload<'de>, E> {
                Ok(Payload(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Payload<'de>, E> {
                Ok(Payload(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Payload<'de>, E> {
                Ok(Payload(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<Payload<'de>, E> {
                Ok(Payload(None))
            }
            fn visit_unit<E>(self) -> Result<Payload<'de>, E> {
                Ok(Payload(None))
            }
        }
        d.deserialize_any(PayloadVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(raw: Option<&RawValue>) -> Option<String> {
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
