//! Decoding records into envelopes: aliases, payloads, escapes, errors.

use super::*;
use crate::log::scan::ScanError;
use crate::schema::Schema;

fn text(raw: Option<Raw<'_>>) -> Option<String> {
    raw.and_then(text_of).map(|c| c.into_owned())
}

#[test]
fn every_bank_alias_is_read_in_priority_order() {
    // Each alias alone is found; with all present, the first wins.
    let fields: [(&str, &[&str]); 5] = [
        ("type", &["type", "event_type", "eventType"]),
        (
            "account",
            &[
                "account",
                "account_id",
                "accountId",
                "aggregate_id",
                "aggregateId",
                "stream_id",
                "streamId",
            ],
        ),
        (
            "timestamp",
            &[
                "timestamp",
                "ts",
                "time",
                "occurred_at",
                "created",
                "created_at",
                "createdAt",
            ],
        ),
        ("id", &["id", "event_id", "eventId"]),
        (
            "seq",
            &[
                "seq",
                "sequence",
                "position",
                "event_number",
                "eventNumber",
                "global_position",
            ],
        ),
    ];
    let get = |env: &Envelope<'_>, field: &str| {
        let raw = match field {
            "type" => env.event_type(),
            "account" => env.account(),
            "timestamp" => env.timestamp(),
            "id" => env.id(),
            _ => env.seq(),
        };
        raw.map(|r| r.get().to_owned())
    };
    for (field, aliases) in fields {
        for (rank, alias) in aliases.iter().enumerate() {
            let alone = format!("{{\"{alias}\":{rank}}}");
            let env = Envelope::decode(alone.as_bytes()).unwrap();
            assert_eq!(get(&env, field), Some(rank.to_string()), "{alias}");
        }
        let all: Vec<String> = aliases
            .iter()
            .enumerate()
            .rev()
            .map(|(rank, alias)| format!("\"{alias}\":{rank}"))
            .collect();
        let record = format!("{{{}}}", all.join(","));
        let env = Envelope::decode(record.as_bytes()).unwrap();
        assert_eq!(get(&env, field), Some("0".into()), "{field}");
    }
    let env = Envelope::decode(br#"{"Type":"X"}"#).unwrap();
    assert!(env.event_type().is_none(), "names are case-sensitive");
}

#[test]
fn the_minimal_classic_form_decodes() {
    let env =
        Envelope::decode(br#"{"type":"AccountOpened","data":{"initial_balance":1000}}"#).unwrap();
    assert_eq!(text(env.event_type()).as_deref(), Some("AccountOpened"));
    assert_eq!(env.payload_field("initial_balance").unwrap().get(), "1000");
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
    assert_eq!(env.payload_field("amount").unwrap().get(), "\"1e2\"");
}

#[test]
fn flat_events_use_the_top_level_as_payload() {
    let env = Envelope::decode(br#"{"type":"MoneyDeposited","amount":0.1}"#).unwrap();
    assert_eq!(env.payload_field("amount").unwrap().get(), "0.1");
}

#[test]
fn data_wins_over_payload_and_non_objects_are_ignored() {
    let env =
        Envelope::decode(br#"{"type":"X","payload":{"amount":2},"data":{"amount":1}}"#).unwrap();
    assert_eq!(env.payload_field("amount").unwrap().get(), "1");
    let env = Envelope::decode(br#"{"type":"X","data":"nope","amount":3}"#).unwrap();
    assert_eq!(env.payload_field("amount").unwrap().get(), "3");
}

#[test]
fn escaped_strings_are_unescaped() {
    let env = Envelope::decode(br#"{"type":"Money\u0044eposited","account":"a\"b"}"#).unwrap();
    assert_eq!(text(env.event_type()).as_deref(), Some("MoneyDeposited"));
    assert_eq!(text(env.account()).as_deref(), Some("a\"b"));
}

#[test]
fn keys_are_found_however_they_are_written() {
    // Short and plain (kept as a word), long, with escapes, with spaces.
    for record in [
        &br#"{"type":"T","account":"a","ts":"x"}"#[..],
        br#"{ "type" : "T" , "aggregate_id" : "a" , "timestamp" : "x" }"#,
        br#"{"typ\u0065":"T","accoun\u0074":"a","t\u0073":"x"}"#,
        br#"{"type":"T","account_id":"a","ts":"x","ty":1,"tsx":2,"accoun":3}"#,
    ] {
        let env = Envelope::decode(record).unwrap();
        let got = (
            text(env.event_type()),
            text(env.account()),
            text(env.timestamp()),
        );
        let want = (Some("T".into()), Some("a".into()), Some("x".into()));
        assert_eq!(got, want, "{}", String::from_utf8_lossy(record));
    }
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
    assert_eq!(env.payload_field("amount").unwrap().get(), "1e999999");
}

/// A record's fields as a map would see them (a repeated key keeps its
/// last value), for the property test below.
fn reference(record: &str) -> (Option<String>, Option<String>) {
    let top: serde_json::Map<String, serde_json::Value> = serde_json::from_str(record).unwrap();
    let payload = top.get("data").or_else(|| top.get("payload"));
    let inner = payload.and_then(|p| p.as_object());
    let amount = match inner {
        Some(object) => object.get("amount"),
        None => top.get("amount"),
    };
    let account = top
        .get("account")
        .or_else(|| inner.and_then(|o| o.get("account")))
        .or_else(|| inner.is_none().then(|| top.get("account")).flatten());
    let text = |v: Option<&serde_json::Value>| v.map(|v| v.to_string());
    (text(amount), text(account))
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
    /// The payload object is walked while it is validated; what it gives
    /// is what the rules say: `data` before `payload`, the last of a
    /// repeated key, a payload that is not an object counting as none,
    /// and a record without one being its own payload.
    #[test]
    fn the_payload_walked_in_passing_follows_the_rules(
        members in proptest::collection::vec(
            (
                proptest::sample::select(vec!["data", "payload", "amount", "account", "type", "x"]),
                proptest::sample::select(vec![
                    r#"{"amount":"1.5","account":"p"}"#,
                    r#"{"amount":2}"#,
                    r#"{"account":"q","x":{"amount":9}}"#,
                    r#"{}"#,
                    r#""s""#,
                    r#""a\"b""#,
                    "3",
                    "null",
                    "[1,{}]",
                ]),
            ),
            0..7,
        )
    ) {
        let body: Vec<String> = members.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
        let record = format!("{{{}}}", body.join(","));
        let env = Envelope::decode(record.as_bytes()).unwrap();
        let value = |raw: Option<Raw<'_>>| {
            raw.map(|r| serde_json::from_str::<serde_json::Value>(r.get()).unwrap().to_string())
        };
        let got = (value(env.payload_field("amount")), value(env.account()));
        proptest::prop_assert_eq!(got, reference(&record), "{}", record);
        // Escapes are known without looking again.
        if let Some(account) = env.account() {
            proptest::prop_assert_eq!(
                text_of(account).map(|t| t.into_owned()),
                serde_json::from_str::<serde_json::Value>(account.get())
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned).or_else(|| v.is_number().then(|| v.to_string())))
            );
        }
    }
}

/// Pieces of records, some of them not UTF-8, for the property test below.
fn bytes_like() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
    use proptest::prelude::*;
    let piece = prop::sample::select(vec![
        &b"{"[..],
        b"}",
        b"[",
        b"]",
        b",",
        b":",
        b" ",
        b"\"",
        b"\"k\":",
        b"\"type\":",
        b"\"data\":{",
        b"\"amount\":",
        b"1",
        b"null",
        b"\\n",
        b"\\u00e9",
        b"abc",
        "é".as_bytes(),
        "€".as_bytes(),
        "😀".as_bytes(),
        b"\xff",
        b"\xc3",
        b"\x80",
        b"\xe2\x82",
        b"\xed\xa0\x80",
        b"\xf4\x90\x80\x80",
        b"\xc0\xaf",
        b"\x01",
    ]);
    prop::collection::vec(piece, 0..20).prop_map(|v| v.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6000))]
    /// UTF-8 is checked during the scan, not before it; a record is still
    /// accepted exactly when it is UTF-8 and a JSON object, and what is
    /// wrong with it is still its UTF-8 first (at the first bad byte),
    /// then what the scanner says of the text.
    #[test]
    fn utf8_is_checked_in_passing_with_the_same_verdicts(
        body in bytes_like(),
        wrap in 0..3usize,
    ) {
        let record = match wrap {
            0 => body,
            1 => [&b"{\"k\":\""[..], &body, b"\"}"].concat(),
            _ => [&b"{\"type\":\"X\",\"data\":{\"amount\":\""[..], &body, b"\"}}"].concat(),
        };
        let ours = Envelope::decode(&record).err();
        let expected = match std::str::from_utf8(&record) {
            Err(e) => Some(ScanError {
                at: e.valid_up_to(),
                what: "invalid UTF-8",
                not_object: false,
                eof: false,
            }),
            Ok(text) => crate::log::scan::object(text, |_, _| {}).err(),
        };
        proptest::prop_assert_eq!(&ours, &expected, "{:?}", String::from_utf8_lossy(&record));
        let serde = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&record);
        if !serde.as_ref().is_err_and(|e| e.to_string().starts_with("number out of range")) {
            proptest::prop_assert_eq!(serde.is_ok(), ours.is_none(), "{:?}", String::from_utf8_lossy(&record));
        }
    }
}

/// A schema with twelve payload fields, `k0` to `k11`.
fn many_fields() -> Schema {
    let names: Vec<String> = (0..12).map(|i| format!("\"k{i}\"")).collect();
    let text = format!(
        "[envelope]\ntype = \"type\"\npayload = \"data\"\n[types.X]\neffect = \"open\"\ninitial_balance = [{}]\n",
        names.join(", ")
    );
    Schema::parse(&text, crate::schema::Syntax::Toml, "many.toml", "many").unwrap()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
    /// A payload walked in passing keeps what it finds in a short list;
    /// with more fields than it holds (or keys given again) every field
    /// is still the payload's last value for it.
    #[test]
    fn a_payload_with_many_fields_keeps_them_all(
        keys in proptest::collection::vec(0..13usize, 0..20),
        flat in proptest::bool::ANY,
    ) {
        let schema = many_fields();
        let body: Vec<String> = keys.iter().enumerate().map(|(i, k)| format!("\"k{k}\":{i}")).collect();
        let top = if flat { r#""k3":"top","# } else { "" };
        let record = format!("{{{top}\"type\":\"X\",\"data\":{{{}}}}}", body.join(","));
        let env = Envelope::decode_with(record.as_bytes(), &schema).unwrap();
        let data = serde_json::from_str::<serde_json::Value>(&record).unwrap()["data"].clone();
        for k in 0..12 {
            let key = format!("k{k}");
            let got = env.payload_field(&key).map(|r| r.get().to_owned());
            let want = data.get(&key).map(|v| v.to_string());
            proptest::prop_assert_eq!(got, want, "{} in {}", key, record);
        }
    }
}

#[test]
fn a_payload_held_as_a_json_string_is_read_as_its_object() {
    let record = br#"{"type":"MoneyDeposited","account":"a","payload":"{\"amount\": 50, \"to_account\": \"b\\\"c\"}","amount":9}"#;
    let env = Envelope::decode(record).unwrap();
    assert_eq!(env.payload_field("amount").unwrap().get(), "50");
    assert_eq!(
        text(env.payload_field("to_account")).as_deref(),
        Some("b\"c")
    );
    // The envelope's own fields are still read from the record.
    assert_eq!(text(env.event_type()).as_deref(), Some("MoneyDeposited"));
    assert_eq!(text(env.account()).as_deref(), Some("a"));
    // PostgreSQL's hex form of a bytea column: {"amount":"7.5"}
    let hex = br#"{"type":"MoneyDeposited","data":"\\x7b22616d6f756e74223a22372e35227d"}"#;
    let env = Envelope::decode(hex).unwrap();
    assert_eq!(text(env.payload_field("amount")).as_deref(), Some("7.5"));
}

#[test]
fn a_string_payload_holding_no_object_is_as_good_as_none() {
    for record in [
        br#"{"type":"X","data":"nope","amount":3}"#.as_slice(),
        br#"{"type":"X","data":"{\"amount\": 1","amount":3}"#,
        br#"{"type":"X","data":"[1]","amount":3}"#,
        br#"{"type":"X","data":"\\x7b","amount":3}"#,
    ] {
        let env = Envelope::decode(record).unwrap();
        assert_eq!(env.payload_field("amount").unwrap().get(), "3");
    }
    // A held object without the field: the field is missing, as with an
    // object payload (the top level no longer stands in for it).
    let env = Envelope::decode(br#"{"type":"X","data":"{}","amount":3}"#).unwrap();
    assert!(env.payload_field("amount").is_none());
}

#[test]
fn a_held_payload_is_not_left_over_for_the_next_record() {
    let mut decoder = Decoder::new(Schema::builtin());
    let held = r#"{"type":"X","data":"{\"amount\":5}"}"#;
    let plain = r#"{"type":"X","data":{"owner":"o"}}"#;
    let amount = |env: &Envelope<'_>| text(env.payload_field("amount"));
    assert_eq!(
        decoder.decode_text_then(held, amount).unwrap().as_deref(),
        Some("5")
    );
    assert_eq!(decoder.decode_text_then(plain, amount).unwrap(), None);
    let owner = |env: &Envelope<'_>| text(env.payload_field("owner"));
    assert_eq!(
        decoder
            .decode_then(plain.as_bytes(), owner)
            .unwrap()
            .as_deref(),
        Some("o")
    );
}

#[test]
fn an_externally_tagged_payload_may_be_held_as_a_string() {
    let schema = Schema::preset("cqrs-es").unwrap().unwrap();
    let record =
        br#"{"aggregate_id":"A","payload":"{\"CustomerDepositedMoney\":{\"amount\":200.0}}"}"#;
    let env = Envelope::decode_with(record, &schema).unwrap();
    assert_eq!(
        text(env.event_type()).as_deref(),
        Some("CustomerDepositedMoney")
    );
    assert_eq!(text(env.payload_field("amount")).as_deref(), Some("200.0"));
    let unit = br#"{"aggregate_id":"A","payload":"AccountOpened"}"#;
    let env = Envelope::decode_with(unit, &schema).unwrap();
    assert_eq!(text(env.event_type()).as_deref(), Some("AccountOpened"));
}
