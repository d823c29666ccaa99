//! Decoding record after record into one envelope, for the loops that
//! decode many (the loader's decoders). An envelope has a span for each of
//! 64 slots, and a payload is walked into a list of its own in passing
//! (see `Passing`); making both afresh zeroed some 600 bytes per record,
//! and those stores were about a third of the scan's time. Only the masks
//! that say which slots hold something need clearing: nothing is read from
//! a slot they do not name.

use super::passing::Passing;
use super::record::Envelope;
use crate::log::scan::ScanError;
use crate::schema::Schema;

/// An envelope and a payload list kept from one record to the next.
#[derive(Debug)]
pub struct Decoder<'a> {
    env: Envelope<'a>,
    inner: Passing,
}

impl<'a> Decoder<'a> {
    /// A decoder for records in `schema`'s vocabulary.
    pub fn new(schema: &'a Schema) -> Decoder<'a> {
        Decoder {
            env: Envelope::empty(schema),
            inner: Passing::default(),
        }
    }

    /// Decodes one record and hands its envelope to `then`, without moving
    /// the envelope (it is large: a slot for every field the schema names).
    #[inline]
    pub fn decode_then<T>(
        &mut self,
        bytes: &'a [u8],
        then: impl FnOnce(&Envelope<'a>) -> T,
    ) -> Result<T, ScanError> {
        self.clear();
        self.env.fill(bytes, None, &mut self.inner)?;
        Ok(then(&self.env))
    }

    /// [`Decoder::decode_then`] for a record already known to be text (its
    /// batch was checked as UTF-8 whole): no second check.
    #[inline]
    pub fn decode_text_then<T>(
        &mut self,
        text: &'a str,
        then: impl FnOnce(&Envelope<'a>) -> T,
    ) -> Result<T, ScanError> {
        self.clear();
        self.env
            .fill(text.as_bytes(), Some(text), &mut self.inner)?;
        Ok(then(&self.env))
    }

    /// Forgets the last record: no slot holds anything.
    #[inline(always)]
    fn clear(&mut self) {
        self.env.found = 0;
        self.env.escaped = 0;
        self.env.tag = None;
        self.env.owned.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::envelope::{text_of, Raw};
    use proptest::prelude::*;

    /// Everything an envelope answers, as text.
    fn summary(env: &Envelope<'_>) -> Vec<Option<(String, Option<String>)>> {
        let show = |raw: Option<Raw<'_>>| {
            raw.map(|r| (r.get().to_owned(), text_of(r).map(|t| t.into_owned())))
        };
        let mut out = vec![
            show(env.event_type()),
            show(env.account()),
            show(env.timestamp()),
            show(env.id()),
            show(env.seq()),
            show(env.version()),
        ];
        for path in [
            "amount",
            "to_account",
            "account",
            "initial_balance",
            "owner",
            "currency",
            "accountId",
            "openingBalance",
            "balance",
            "account_id",
        ] {
            out.push(show(env.payload_field(path)));
        }
        out
    }

    /// Decodes `records` one after another with one decoder, and each
    /// afresh: the answers are the same (nothing of a record is left over
    /// for the next), and so are the errors.
    fn same_as_afresh(schema: &Schema, records: &[&str]) -> std::result::Result<(), String> {
        let mut decoder = Decoder::new(schema);
        for (i, record) in records.iter().enumerate() {
            let afresh = Envelope::decode_with(record.as_bytes(), schema).map(|e| summary(&e));
            let reused = if i % 2 == 0 {
                decoder.decode_text_then(record, summary)
            } else {
                decoder.decode_then(record.as_bytes(), summary)
            };
            if afresh != reused {
                return Err(format!("{record}: afresh {afresh:?}, reused {reused:?}"));
            }
        }
        Ok(())
    }

    #[test]
    fn every_preset_decodes_its_sample_log_as_afresh() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/sample-logs");
        let mut lines = vec![
            r#"{"seq":1,"id":"evt-1","ts":"2024-01-01T00:00:00Z","type":"MoneyDeposited","account":"acc-1","data":{"amount":"1.5"}}"#.to_owned(),
            r#"{"seq":2,"type":"MoneyTransferred","data":{"amount":"2","to_account":"acc-2"}}"#.to_owned(),
            r#"{"type":"MoneyDeposited","amount":"3","account":"acc-\u0031"}"#.to_owned(),
            r#"{"type":"x","data":"not an object","payload":{"amount":4}}"#.to_owned(),
            r#"{"seq":3,"data":{"amount":"1"#.to_owned(),
            "[]".to_owned(),
        ];
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            lines.extend(
                text.lines()
                    .filter(|l| l.starts_with('{'))
                    .map(str::to_owned),
            );
        }
        let mut records: Vec<&str> = lines.iter().map(String::as_str).collect();
        for name in ["bank", "cqrs-es", "kurrentdb", "marten", "message-db"] {
            let schema = Schema::preset(name).unwrap().unwrap();
            same_as_afresh(&schema, &records).unwrap();
            records.reverse();
            same_as_afresh(&schema, &records).unwrap();
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Records with and without payloads, flat or not, with escapes
        /// or broken, in any order.
        #[test]
        fn any_sequence_of_records_decodes_as_afresh(
            records in prop::collection::vec(
                prop::collection::vec(
                    (
                        prop::sample::select(vec!["data", "payload", "amount", "account", "type", "to_account"]),
                        prop::sample::select(vec![
                            r#"{"amount":"1.5","account":"p"}"#,
                            r#"{"amount":2,"to_account":"t\"o"}"#,
                            r#"{"account":"q","x":{"amount":9}}"#,
                            r#"{}"#,
                            r#""s""#,
                            r#""a\"b""#,
                            "3",
                            "null",
                            "[1,{}]",
                            r#"{"amount":"#,
                            r#""{\"amount\":7,\"account\":\"h\"}""#,
                            r#""\\x7b7d""#,
                        ]),
                    ),
                    0..6,
                ),
                1..6,
            )
        ) {
            let records: Vec<String> = records
                .iter()
                .map(|members| {
                    let body: Vec<String> = members.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                    format!("{{{}}}", body.join(","))
                })
                .collect();
            let records: Vec<&str> = records.iter().map(String::as_str).collect();
            if let Err(e) = same_as_afresh(Schema::builtin(), &records) {
                prop_assert!(false, "{}", e);
            }
        }
    }
}
