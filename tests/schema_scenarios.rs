//! Scenarios under a schema of one's own: the same rules as
//! `replay_scenarios.rs`, another vocabulary (fields renamed, amounts in
//! minor units, other timestamp formats, recorded balances, versions), end
//! to end from the JSON text to the index.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod given_log;

use given_log::given_with;

/// Flat events, cents, naive UTC times, a statement that sets the balance,
/// an audit event that changes nothing, recorded balances, versions.
const CENTS: &str = r#"
name = "cents"

[envelope]
type = "kind"
account = "acct"
timestamp = "at"
timestamp_format = "naive_utc"
version = "v"

[types.opened]
effect = "open"
initial_balance = { field = "opening_cents", minor_units = 2 }
recorded_balance = { field = "balance_cents", minor_units = 2 }

[types.deposit]
effect = "credit"
amount = { field = "amount_cents", minor_units = 2 }
recorded_balance = { field = "balance_cents", minor_units = 2 }

[types.fee]
effect = "debit"
amount = { field = "amount_cents", minor_units = 2 }

[types.statement]
effect = "set_balance"
balance = { field = "balance_cents", minor_units = 2 }

[types.audit]
effect = "ignore"
recorded_balance = { field = "balance_cents", minor_units = 2 }
"#;

#[test]
fn a_schema_of_ones_own_replays_cents_naive_times_and_statements() {
    let g = given_with(
        CENTS,
        &[
            r#"{"kind":"opened","acct":"a","at":"2024-01-02T10:00:00","v":1,"opening_cents":10000,"balance_cents":10000}"#,
            r#"{"kind":"deposit","acct":"a","at":"2024-01-02T10:01:00.5","v":2,"amount_cents":2550,"balance_cents":12550}"#,
            r#"{"kind":"fee","acct":"a","at":"2024-01-02 10:02:00","v":3,"amount_cents":"125"}"#,
            // The writer forgot the fee: it records 135.50, replay says 134.25.
            r#"{"kind":"deposit","acct":"a","at":"2024-01-02T10:03:00","v":4,"amount_cents":1000,"balance_cents":13550}"#,
            r#"{"kind":"statement","acct":"a","at":"2024-01-02T10:04:00","v":5,"balance_cents":13000}"#,
            r#"{"kind":"audit","acct":"a","at":"2024-01-02T10:05:00","v":6,"balance_cents":13000}"#,
            r#"{"kind":"deposit","acct":"a","at":"2024-01-02T10:06:00","v":8,"amount_cents":500}"#,
            r#"{"kind":"deposit","acct":"a","at":"2024-01-02T10:07:00","v":9,"amount_cents":12.5}"#,
            r#"{"kind":"fee","acct":"a","at":"soon","v":10,"amount_cents":1}"#,
            r#"{"kind":"audit","acct":"nobody","v":1}"#,
        ],
    );
    assert_eq!(g.index.len(), 10);
    assert_eq!(g.at(2, "a").0.to_string(), "125.50");
    assert_eq!(g.at(3, "a").0.to_string(), "124.25");
    assert_eq!(g.at(4, "a").0.to_string(), "134.25");
    assert_eq!(
        g.at(5, "a").0.to_string(),
        "130.00",
        "the statement sets it"
    );
    assert_eq!(
        g.at(6, "a").0.to_string(),
        "130.00",
        "an audit changes nothing"
    );
    assert_eq!(g.balance("a"), "134.99");
    assert!(g.applied(6) && g.applied(10));
    assert_eq!(g.index.lookup("nobody"), None, "ignored: no account made");
    assert_eq!(
        g.messages(),
        vec![
            (
                Some(4),
                "balance_mismatch",
                "the event records balance 135.50 for account `a`; replaying the log gives 134.25"
                    .into()
            ),
            (
                Some(7),
                "version_gap",
                "expected version 7 of account `a` after event 6 (version 6), found 8".into()
            ),
            (
                Some(8),
                "invalid_amount",
                "`amount_cents` 12.5 is not a whole number of minor units".into()
            ),
            (
                Some(9),
                "invalid_timestamp",
                "timestamp \"soon\" is not a date and time (RFC 3339, the offset optional); the event is treated as untimed".into()
            ),
        ]
    );
    // Naive times are UTC.
    let t = |s| rewind::domain::time::parse_moment(s).unwrap();
    assert_eq!(
        g.index.position_as_of(&g.source, t("2024-01-02T10:02:30Z")),
        3
    );
    assert_eq!(
        rewind::replay::event_time_text(&g.source, &g.index, 2).as_deref(),
        Some("2024-01-02T10:01:00.5"),
        "shown as written"
    );
}

#[test]
fn versions_count_every_event_of_a_stream_but_not_a_duplicate() {
    let schema = r#"
        [envelope]
        type = "type"
        account = "stream"
        id = "id"
        version = "version"
        [types.Opened]
        effect = "open"
        [types.Deposited]
        effect = "credit"
        amount = "amount"
    "#;
    let g = given_with(
        schema,
        &[
            r#"{"id":"1","type":"Opened","stream":"s","version":0}"#,
            r#"{"id":"2","type":"Deposited","stream":"s","version":1,"amount":1}"#,
            // Not applied, but it is the stream's version 2 all the same.
            r#"{"id":"3","type":"Deposited","stream":"s","version":2,"amount":"x"}"#,
            r#"{"id":"4","type":"Renamed","stream":"s","version":3}"#,
            r#"{"id":"2","type":"Deposited","stream":"s","version":1,"amount":1}"#,
            r#"{"id":"5","type":"Deposited","stream":"s","version":4,"amount":1}"#,
            r#"{"id":"6","type":"Opened","stream":"t","version":7}"#,
            r#"{"id":"7","type":"Deposited","stream":"s","version":4,"amount":1}"#,
        ],
    );
    assert_eq!(
        g.codes(),
        vec![
            (Some(3), "invalid_amount"),
            (Some(4), "unknown_event_type"),
            (Some(5), "duplicate_event_id"),
            (Some(8), "version_gap"),
        ],
        "a stream may start at any version; a repeated one is a gap too"
    );
}

#[test]
fn epoch_timestamps_and_a_recorded_balance_that_is_not_a_number() {
    let schema = r#"
        [envelope]
        type = "t"
        timestamp = "ms"
        timestamp_format = "epoch_millis"
        [types.in]
        effect = "credit"
        amount = "n"
        recorded_balance = "after"
    "#;
    let g = given_with(
        schema,
        &[
            r#"{"t":"in","ms":1709283600000,"n":1,"after":1}"#,
            r#"{"t":"in","ms":"1709283660000","n":1,"after":"two"}"#,
            r#"{"t":"in","ms":"noon","n":1}"#,
        ],
    );
    assert_eq!(
        rewind::replay::event_time_text(&g.source, &g.index, 2).as_deref(),
        Some("2024-03-01T09:01:00Z"),
        "epoch times are shown as RFC 3339"
    );
    let messages: Vec<_> = g
        .messages()
        .into_iter()
        .filter(|(_, code, _)| *code != "account_not_open")
        .collect();
    assert_eq!(
        messages,
        vec![
            (
                Some(2),
                "balance_mismatch",
                "the event records balance \"two\", which is not a decimal number; replaying the log gives 2"
                    .into()
            ),
            (
                Some(3),
                "invalid_timestamp",
                "timestamp \"noon\" is not a number of milliseconds since the Unix epoch; the event is treated as untimed".into()
            ),
        ]
    );
    assert_eq!(g.balance("default"), "3");
}
