//! Events survive detaching and attaching.

use super::*;
use crate::log::Envelope;

/// Decodes `chunk`, detaches its event and hands both to `check`.
fn round_trip(chunk: &[u8], check: impl FnOnce(&Event<'_>, DetachedEvent, Side)) {
    let env = Envelope::decode(chunk).unwrap();
    let event = crate::log::event_of(&env);
    let mut side = Side::default();
    let detached = DetachedEvent::detach(&event, chunk, &mut side, &mut AccountKeys::default());
    check(&event, detached, side);
}

#[test]
fn an_event_survives_detaching_and_attaching() {
    let chunk = br#"{"id":"e\u0031","type":"MoneyTransferred","account":"a","data":{"amount":"5","to_account":"b"}}"#;
    round_trip(chunk, |event, detached, side| {
        assert_eq!(side.strings.len(), 1, "only the escaped id is owned");
        assert!(side.extras.is_empty(), "a plain transfer has no extras");
        assert_eq!(
            &detached.attach(Chunk::new(chunk), Schema::builtin(), &side),
            event
        );
    });
    let others: [&[u8]; 5] = [
        br#"{"type":"AccountOpened"}"#,
        br#"{"type":"AccountOpened","account":"x","data":{"owner":"Ann \"A\"","currency":"EUR","initial_balance":"1.50"}}"#,
        br#"{"seq":7,"ts":"yesterday","type":"MoneyWithdrawn","account":"x","data":{"amount":"nope"}}"#,
        br#"{"seq":-1,"ts":"2024-01-01T00:00:00Z","type":"Unknown","account":"x"}"#,
        br#"{"type":"AccountClosed","account":"q\n"}"#,
    ];
    for chunk in others {
        round_trip(chunk, |event, detached, side| {
            assert_eq!(
                &detached.attach(Chunk::new(chunk), Schema::builtin(), &side),
                event
            );
            let bytes = Chunk {
                bytes: chunk,
                text: None,
            };
            assert_eq!(&detached.attach(bytes, Schema::builtin(), &side), event);
        });
    }
}

#[test]
fn an_openings_own_limits_survive_detaching_and_attaching() {
    let schema = Schema::parse(
        "[envelope]\ntype = \"kind\"\n[types.created]\neffect = \"open\"\nmin_balance = \"min\"\nmax_balance = \"max\"\n",
        crate::schema::Syntax::Toml,
        "t.toml",
        "t",
    )
    .unwrap();
    for chunk in [
        &br#"{"kind":"created","max":"100.5"}"#[..],
        br#"{"kind":"created","min":"-5","max":"7"}"#,
        br#"{"kind":"created"}"#,
    ] {
        let env = Envelope::decode_with(chunk, &schema).unwrap();
        let event = crate::log::event_of(&env);
        let mut side = Side::default();
        let detached = DetachedEvent::detach(&event, chunk, &mut side, &mut AccountKeys::default());
        assert_eq!(
            detached.attach(Chunk::new(chunk), &schema, &side),
            event,
            "{}",
            String::from_utf8_lossy(chunk)
        );
    }
}

#[test]
fn a_referring_event_survives_detaching_and_attaching() {
    let schema = Schema::preset("payments").unwrap().unwrap();
    for chunk in [
        &br#"{"type":"dispute","client":"1","tx":"7"}"#[..],
        br#"{"type":"resolve","client":"1","tx":"7"}"#,
        br#"{"type":"chargeback","client":"2","tx":"8"}"#,
        br#"{"type":"chargeback","client":"2"}"#,
    ] {
        let env = Envelope::decode_with(chunk, &schema).unwrap();
        let event = crate::log::event_of(&env);
        assert_eq!(event.meta.id, None, "a reference is not the event's own id");
        let mut side = Side::default();
        let detached = DetachedEvent::detach(&event, chunk, &mut side, &mut AccountKeys::default());
        assert!(side.extras.is_empty() == event.effect.is_ok());
        assert_eq!(detached.attach(Chunk::new(chunk), &schema, &side), event);
    }
}

#[test]
fn a_detached_event_is_small_and_plain() {
    assert!(std::mem::size_of::<DetachedEvent>() <= 88);
    assert!(!std::mem::needs_drop::<DetachedEvent>());
}
