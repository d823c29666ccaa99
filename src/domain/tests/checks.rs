//! The checks every applied event gets after its effect (recorded
//! balance, timestamp, sequence and time order, stream version), and the
//! exact decimal range.

use crate::domain::scenario::{
    close, credit, debit, given, ignored, open, rejected, set_balance, transfer,
};
use crate::domain::time::TimeFormat;
use crate::domain::Code::*;
use crate::domain::Status;

// Recorded balances.

#[test]
fn a_recorded_balance_is_checked_against_the_replay() {
    given([
        open("a", "100.00").recorded("100.00"),
        credit("a", "25.50").recorded("125.5"),
        debit("a", "1.25"),
    ])
    // The writer forgot the withdrawal: it records 135.50, replay says 134.25.
    .when(credit("a", "10.00").recorded("135.50"))
    .then_applied()
    .then_findings(&[(
        BalanceMismatch,
        "the event records balance 135.50 for account `a`; replaying the log gives 134.25",
    )])
    .then_balance("a", "134.25")
    .when(set_balance("a", "130.00").recorded("130"))
    .then_no_findings();
}

#[test]
fn a_recorded_balance_that_is_not_a_number_is_a_mismatch() {
    given([credit("default", "1")])
        .when(credit("default", "1").recorded_invalid("\"two\""))
        .then_applied()
        .then_findings(&[
            (
                AccountNotOpen,
                "deposit of 1 to account `default`, which was never opened",
            ),
            (
                BalanceMismatch,
                "the event records balance \"two\", which is not a decimal number; replaying the log gives 2",
            ),
        ])
        .then_balance("default", "2");
}

#[test]
fn an_ignored_event_records_the_balance_it_leaves_alone() {
    given([open("a", "100"), set_balance("a", "130.00")])
        .when(ignored("a").recorded("130.00"))
        .then_no_findings()
        .when(ignored("a").recorded("1"))
        .then_findings(&[(
            BalanceMismatch,
            "the event records balance 1 for account `a`; replaying the log gives 130.00",
        )])
        .when(ignored("nobody").recorded("1"))
        .then_findings(&[(
            BalanceMismatch,
            "the event records balance 1 for account `nobody`; replaying the log gives 0",
        )])
        .then_accounts(&["a"]);
}

#[test]
fn a_transfer_records_the_balance_of_the_account_it_is_from() {
    given([open("a", "100"), open("b", "0")])
        .when(transfer("a", "b", "40").recorded("60"))
        .then_no_findings();
}

// Timestamps, sequences and their order.

#[test]
fn an_unparseable_timestamp_warns_but_the_event_applies_untimed() {
    given([open("a", "0").at("2024-01-01T10:00:00Z")])
        .when(credit("a", "5").invalid_time("\"soon\"", TimeFormat::NaiveUtc))
        .then_applied()
        .then_findings(&[(
            InvalidTimestamp,
            "timestamp \"soon\" is not a date and time (RFC 3339, the offset optional); the event is treated as untimed",
        )])
        .then_balance("a", "5")
        // Untimed, it leaves the last time as it was.
        .when(credit("a", "1").at("2024-01-01T09:00:00Z"))
        .then_codes(&[TimestampBackwards]);
}

#[test]
fn an_invalid_timestamp_says_which_format_was_expected() {
    given([])
        .when(ignored("a").invalid_time("\"noon\"", TimeFormat::EpochMillis))
        .then_findings(&[(
            InvalidTimestamp,
            "timestamp \"noon\" is not a number of milliseconds since the Unix epoch; the event is treated as untimed",
        )]);
}

#[test]
fn sequences_must_increase_among_applied_events() {
    given([
        open("a", "0").seq(5),
        rejected(
            "a",
            UnknownEventType,
            "unknown event type `Unknown`; not applied",
        )
        .seq(9),
        credit("a", "1"),
    ])
    .when(close("a").seq(6))
    .then_codes(&[ClosedWithBalance])
    .when(close("a").seq(6))
    .then_applied()
    .then_findings(&[
        (AccountClosed, "closing account `a`, which is closed"),
        (ClosedWithBalance, "account `a` closed with balance 1"),
        (
            SeqNotIncreasing,
            "sequence 6 is not above 6, the sequence of event 4",
        ),
    ]);
}

#[test]
fn timestamps_must_not_go_backwards_among_applied_events() {
    given([open("a", "0").at("2024-01-01T10:00:00Z")])
        .when(credit("a", "1").at("2024-01-01T11:00:00+02:00"))
        .then_applied()
        .then_findings(&[(
            TimestampBackwards,
            "time 2024-01-01T09:00:00Z is earlier than 2024-01-01T10:00:00Z, the time of event 1",
        )])
        // The time it went back to is the one the next is held to.
        .when(ignored("a").at("2024-01-01T09:30:00Z"))
        .then_no_findings()
        .when(credit("a", "1").at("2024-01-01T09:30:00Z"))
        .then_no_findings()
        .when(debit("a", "1"))
        .then_no_findings()
        .when(rejected("a", MissingField, "MoneyDeposited has no `amount`").at("2000-01-01T00:00:00Z"))
        .then_codes(&[MissingField])
        .when(credit("a", "1").at("2024-01-01T09:29:59.5Z"))
        .then_findings(&[(
            TimestampBackwards,
            "time 2024-01-01T09:29:59.500Z is earlier than 2024-01-01T09:30:00Z, the time of event 4",
        )]);
}

// Versions of a stream.

#[test]
fn a_gap_in_a_streams_versions_is_a_warning() {
    given([open("a", "0").version(6)])
        .when(credit("a", "1").version(8))
        .then_applied()
        .then_findings(&[(
            VersionGap,
            "expected version 7 of account `a` after event 1 (version 6), found 8",
        )])
        .when(ignored("a").version(10))
        .then_codes(&[VersionGap])
        .when(ignored("b").version(3))
        .then_no_findings();
}

#[test]
fn versions_count_every_event_of_a_stream_but_not_a_duplicate() {
    given([
        open("s", "0").id("1").version(0),
        credit("s", "1").id("2").version(1),
        // Not applied, but it is the stream's version 2 all the same.
        rejected("s", InvalidAmount, "`amount` \"x\" is not a decimal number")
            .id("3")
            .version(2),
        rejected(
            "s",
            UnknownEventType,
            "unknown event type `Renamed`; not applied",
        )
        .id("4")
        .version(3),
    ])
    .when(credit("s", "1").id("2").version(9))
    .then_codes(&[DuplicateEventId])
    .when(credit("s", "1").id("5").version(4))
    .then_no_findings()
    .when(open("t", "0").id("6").version(7))
    .then_no_findings()
    .when(credit("s", "1").id("7").version(4))
    .then_findings(&[(
        VersionGap,
        "expected version 5 of account `s` after event 6 (version 4), found 4",
    )]);
}

#[test]
fn a_rejected_events_version_counts_but_its_gap_is_not_reported() {
    given([open("a", "0").version(1)])
        .when(rejected("a", InvalidAmount, "`amount` \"x\" is not a decimal number").version(5))
        .then_codes(&[InvalidAmount])
        .when(credit("a", "1").version(6))
        .then_no_findings();
}

#[test]
fn a_version_with_no_successor_says_so() {
    given([open("a", "0").version(i64::MAX)])
        .when(credit("a", "1").version(i64::MAX))
        .then_findings(&[(
            VersionGap,
            "expected version beyond the 64-bit range of account `a` after event 1 (version 9223372036854775807), found 9223372036854775807",
        )]);
}

// The exact decimal range.

const MAX: &str = "79228162514264337593543950335";

#[test]
fn overflowing_the_decimal_range_is_an_error_and_leaves_state_untouched() {
    let then = given([open("w", MAX).seq(1)])
        .when(credit("w", "1").seq(5).at("2024-01-01T00:00:00Z"))
        .then_not_applied()
        .then_findings(&[(
            DecimalOverflow,
            "MoneyDeposited would take a balance outside the exact decimal range; not applied",
        )])
        .then_account("w", MAX, Status::Open)
        .then_events("w", 1);
    assert!(then.outcome().has_error());
    then.when(transfer("b", "w", "1"))
        .then_not_applied()
        .then_findings(&[(
            DecimalOverflow,
            "MoneyTransferred would take a balance outside the exact decimal range; not applied",
        )])
        .then_accounts(&["w"])
        // Neither the sequence nor the time of a refused event counts.
        .when(close("w").seq(2).at("2023-01-01T00:00:00Z"))
        .then_codes(&[ClosedWithBalance]);
}

#[test]
fn a_debit_past_the_range_and_a_transfer_into_a_full_account_are_refused() {
    given([open("x", "0"), debit("x", MAX)])
        .when(debit("x", "1"))
        .then_not_applied()
        .then_findings(&[(
            DecimalOverflow,
            "MoneyWithdrawn would take a balance outside the exact decimal range; not applied",
        )])
        .then_balance("x", &format!("-{MAX}"))
        .when(open("a", "100"))
        .when(open("w", MAX))
        .when(transfer("a", "w", "1"))
        .then_not_applied()
        .then_codes(&[DecimalOverflow])
        .then_balance("a", "100")
        .then_events("a", 1);
}

/// Found by tests/fuzz_replay.rs: `Decimal` rounds a sum that needs more
/// than 96 bits instead of failing, so a transfer from an account to itself
/// lost 1e-28, and a deposit could be rounded into the balance.
#[test]
fn a_balance_decimal_would_round_is_refused_not_rounded() {
    let tiny = "0.0000000000000000000000000001";
    given([open("a", tiny)])
        .when(transfer("a", "a", MAX))
        .then_not_applied()
        .then_codes(&[DecimalOverflow])
        .then_balance("a", tiny)
        .when(open("b", "10000000000000000000000000000"))
        .when(credit("b", tiny))
        .then_not_applied()
        .then_codes(&[DecimalOverflow])
        .when(debit("b", "1"))
        .then_applied()
        .then_balance("b", "9999999999999999999999999999");
}
