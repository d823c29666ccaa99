use super::parse::parse;
use super::*;
use crate::tui::model::Model;

#[test]
fn events_about_an_account_extend_as_the_log_grows() {
    let log = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-logs/every-diagnostic.jsonl"
    ))
    .unwrap();
    let index = |log: &[u8]| {
        let source = std::sync::Arc::new(crate::log::Source::memory(log.to_vec()));
        crate::replay::load(&source, &crate::replay::LoadOptions::default()).unwrap()
    };
    let whole = index(&log);
    for cut in 0..log.len() {
        if cut > 0 && log[cut - 1] != b'\n' {
            continue;
        }
        let head = index(&log[..cut]);
        let before = head.len();
        for name in ["acc-1", "acc-2", "ghost", "whale"] {
            let (Some(old), Some(new)) = (head.lookup(name), whole.lookup(name)) else {
                continue;
            };
            assert_eq!(old, new);
            let mut events = events_about(&head, old);
            extend_events_about(&whole, new, &mut events, before);
            assert_eq!(events, events_about(&whole, new), "{name} cut at {cut}");
        }
    }
}

fn bank() -> Model {
    let log = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-logs/bank.jsonl"
    ))
    .unwrap();
    Model::from_log(&log, "bank.jsonl".into(), 0)
}

#[test]
fn balance_below_stops_where_the_balance_crosses() {
    let m = bank();
    let alice = m.index().lookup("acc-alice").unwrap();
    let c = parse("balance < 0", m.events(), Some(alice), false).unwrap();
    assert_eq!(c.next(m.events(), 0, true), Some(14));
    assert_eq!(c.next(m.events(), 14, true), None);
    assert_eq!(c.next(m.events(), 20, false), Some(14));
    assert!(c.holds(m.events(), 14));
    assert!(!c.holds(m.events(), 15));
}

#[test]
fn types_accounts_and_diagnostics() {
    let m = bank();
    let t = parse("type moneytransferred", m.events(), None, false).unwrap();
    assert_eq!(t.next(m.events(), 0, true), Some(6));
    assert_eq!(t.next(m.events(), 6, true), Some(10));
    assert_eq!(t.next(m.events(), 6, false), None);
    let dave = parse("acc-dave", m.events(), None, false).unwrap();
    assert_eq!(dave.next(m.events(), 0, true), Some(9));
    assert_eq!(dave.next(m.events(), 9, true), Some(10));
    let d = parse("diagnostic", m.events(), None, false).unwrap();
    assert_eq!(d.next(m.events(), 0, true), m.diag_events.first().copied());
    assert!(parse("balance < 0", m.events(), None, false).is_err());
    assert!(parse("balance nobody < 0", m.events(), None, false).is_err());
    assert!(parse("", m.events(), None, false).is_err());
    assert!(parse("balance < ten", m.events(), Some(0), false).is_err());
}

#[test]
fn a_type_no_event_has_is_refused_unless_the_schema_knows_it_while_loading() {
    let m = bank();
    let e = parse("type Nope", m.events(), None, false).unwrap_err();
    assert_eq!(e, "no event has type Nope");
    assert_eq!(
        parse("Nope", m.events(), None, false).unwrap_err(),
        "no event has type Nope"
    );
    assert!(parse("type MoneyWithdrawn", m.events(), None, false).is_ok());
    let opened =
        b"{\"type\":\"AccountOpened\",\"account\":\"a\",\"data\":{\"initial_balance\":1}}\n";
    let m = Model::from_log(opened, "t".into(), 0);
    assert!(parse("type MoneyWithdrawn", m.events(), None, false).is_err());
    assert!(parse("type MoneyWithdrawn", m.events(), None, true).is_ok());
    assert!(parse("type Nope", m.events(), None, true).is_err());
}

#[test]
fn every_comparison_with_or_without_spaces() {
    let m = bank();
    let bob = m.index().lookup("acc-bob").unwrap();
    for (text, op) in [
        ("balance acc-bob<100", Op::Lt),
        ("balance acc-bob <= 100", Op::Le),
        ("balance acc-bob>100", Op::Gt),
        ("bal acc-bob >=100", Op::Ge),
        ("balance acc-bob=100", Op::Eq),
    ] {
        let c = parse(text, m.events(), None, false).unwrap();
        assert_eq!(
            c,
            Condition::Balance {
                account: bob,
                op,
                limit: 100.into()
            },
            "{text}"
        );
    }
    let c = parse(">=−5", m.events(), Some(bob), false).unwrap();
    assert!(matches!(c, Condition::Balance { op: Op::Ge, .. }));
    assert!(parse("balance acc-bob => 1", m.events(), None, false).is_err());
}

/// Where the condition typed holds next (forward) after each of `from`.
fn stops(m: &Model, text: &str, from: &[u32]) -> Vec<Option<u32>> {
    let c = parse(text, m.events(), None, false).unwrap();
    from.iter().map(|&n| c.next(m.events(), n, true)).collect()
}

#[test]
fn balance_rising_above_stops_where_it_crosses() {
    let m = bank();
    // acc-alice: 0 (event 1), 1200 (event 3), 900, 1300 (event 13), −350 (14), 250, …
    let above = stops(&m, "balance acc-alice > 1000", &[0, 3, 13]);
    assert_eq!(above, [Some(3), Some(13), None]);
    let at_most = stops(&m, "balance acc-alice<=250", &[0, 1]);
    assert_eq!(
        at_most,
        [Some(1), Some(14)],
        "opened at 0, then the overdraft"
    );
}

#[test]
fn amount_compares_the_change_an_event_made() {
    let m = bank();
    let c = parse("amount > 1000", m.events(), None, false).unwrap();
    let Condition::Amount { events, .. } = &c else {
        panic!("{c:?}")
    };
    for n in [3, 7, 14] {
        assert!(events.contains(&n), "{n} in {events:?}");
    }
    for n in [5, 6, 8, 10] {
        assert!(!events.contains(&n), "{n} in {events:?}");
    }
    assert_eq!(
        c.next(m.events(), 3, true),
        events.iter().copied().find(|&e| e > 3)
    );
    let eq = parse("amount = 40", m.events(), None, false).unwrap();
    assert_eq!(eq.next(m.events(), 0, true), Some(5));
    assert_eq!(c.describe(m.index()), "an event with amount > 1000");
}
