//! The effects, events the fold does not apply, accounts in the wrong
//! status, overdrafts.

use crate::domain::scenario::{
    close, credit, debit, given, ignored, open, rejected, set_balance, transfer,
};
use crate::domain::time::TimeFormat;
use crate::domain::Code::*;
use crate::domain::{Status, DEFAULT_ACCOUNT};

// The effects.

#[test]
fn the_classic_three_events_end_at_1300() {
    let d = DEFAULT_ACCOUNT;
    given([])
        .when(open(d, "1000"))
        .then_account(d, "1000", Status::Open)
        .when(credit(d, "500"))
        .then_account(d, "1500", Status::Open)
        .when(debit(d, "200"))
        .then_applied()
        .then_no_findings()
        .then_account(d, "1300", Status::Open)
        .then_events(d, 3);
}

#[test]
fn opening_sets_balance_owner_and_currency() {
    let then = given([])
        .when(open("a", "100.00").profile("Ada", "EUR"))
        .then_applied()
        .then_no_findings()
        .then_touched(&["a"])
        .then_profile_changed(true)
        .then_account("a", "100.00", Status::Open);
    let a = then.ledger().account(0);
    assert_eq!(
        (a.owner.as_deref(), a.currency.as_deref()),
        (Some("Ada"), Some("EUR"))
    );
}

#[test]
fn deposits_and_withdrawals_move_the_balance_but_not_the_profile() {
    given([open("a", "100")])
        .when(credit("a", "2.50"))
        .then_touched(&["a"])
        .then_profile_changed(false)
        .then_balance("a", "102.50")
        .when(debit("a", "0.50"))
        .then_no_findings()
        .then_profile_changed(false)
        .then_balance("a", "102.00");
}

#[test]
fn ten_deposits_of_a_tenth_are_exactly_one() {
    given(std::iter::once(open("b", "0")).chain((0..9).map(|_| credit("b", "0.1"))))
        .when(credit("b", "0.1"))
        .then_balance("b", "1.0");
}

#[test]
fn transfers_conserve_money() {
    given([open("a", "100"), open("b", "0")])
        .when(transfer("a", "b", "33.33"))
        .then_no_findings()
        .then_touched(&["a", "b"])
        .then_profile_changed(false)
        .when(transfer("b", "a", "0.01"))
        .then_balance("a", "66.68")
        .then_balance("b", "33.32")
        .then_events("a", 3)
        .then_events("b", 3);
}

#[test]
fn a_transfer_to_oneself_changes_nothing_and_is_no_overdraft() {
    given([open("a", "100")])
        .when(transfer("a", "a", "150"))
        .then_applied()
        .then_no_findings()
        .then_touched(&["a"])
        .then_events("a", 2)
        .then_account("a", "100", Status::Open);
}

#[test]
fn a_statement_sets_the_balance() {
    given([open("a", "100"), credit("a", "25.50")])
        .when(set_balance("a", "130.00"))
        .then_applied()
        .then_no_findings()
        .then_profile_changed(false)
        .then_account("a", "130.00", Status::Open);
}

#[test]
fn closing_at_zero_closes_quietly_and_keeps_the_account() {
    given([open("a", "10"), debit("a", "10")])
        .when(close("a"))
        .then_applied()
        .then_no_findings()
        .then_profile_changed(true)
        .then_account("a", "0", Status::Closed);
}

#[test]
fn an_ignored_event_applies_and_changes_nothing_not_even_the_accounts() {
    given([open("a", "100")])
        .when(ignored("a"))
        .then_applied()
        .then_no_findings()
        .then_touched(&[])
        .then_profile_changed(false)
        .then_events("a", 1)
        .when(ignored("nobody"))
        .then_applied()
        .then_accounts(&["a"]);
}

#[test]
fn accounts_are_numbered_in_order_of_first_appearance() {
    given([credit("c", "1"), open("a", "0")])
        .when(transfer("a", "b", "1"))
        .then_accounts(&["c", "a", "b"]);
}

// Events the fold does not apply.

#[test]
fn a_rejected_event_is_not_applied_and_says_only_why() {
    let then = given([open("a", "100").seq(5)])
        .when(
            rejected(
                "a",
                InvalidAmount,
                "`amount` \"ten\" is not a decimal number",
            )
            .seq(1)
            .recorded("7")
            .invalid_time("\"soon\"", TimeFormat::Rfc3339),
        )
        .then_not_applied()
        .then_findings(&[(InvalidAmount, "`amount` \"ten\" is not a decimal number")])
        .then_account("a", "100", Status::Open)
        .then_events("a", 1);
    assert!(then.outcome().has_error());
    assert_eq!(then.ledger().position(), 2, "it counts as an event");
}

#[test]
fn a_rejected_event_makes_no_account() {
    given([])
        .when(rejected(
            "c",
            InvalidAmount,
            "`initial_balance` must not be negative, got -1",
        ))
        .then_not_applied()
        .then_accounts(&[]);
}

#[test]
fn an_unknown_type_is_a_warning_not_an_error() {
    let then = given([open("a", "100")])
        .when(rejected(
            "a",
            UnknownEventType,
            "unknown event type `InterestAccrued`; not applied",
        ))
        .then_not_applied()
        .then_codes(&[UnknownEventType]);
    assert!(!then.outcome().has_error());
}

#[test]
fn a_repeated_event_id_is_skipped_as_idempotent_replay() {
    let then = given([open("a", "100"), credit("a", "10").id("x1")])
        .when(credit("a", "10").id("x1"))
        .then_not_applied()
        .then_findings(&[(
            DuplicateEventId,
            "event id `x1` was already seen at event 2; skipped (idempotent replay)",
        )])
        .then_balance("a", "110")
        .then_events("a", 2);
    assert!(!then.outcome().has_error());
}

#[test]
fn an_id_first_seen_on_an_erroneous_event_does_not_make_a_duplicate() {
    given([
        open("a", "100"),
        rejected("a", InvalidAmount, "`amount` \"?\" is not a decimal number").id("x1"),
    ])
    .when(credit("a", "10").id("x1"))
    .then_applied()
    .then_no_findings()
    .then_balance("a", "110")
    .when(credit("a", "10").id("x1"))
    .then_codes(&[DuplicateEventId]);
}

#[test]
fn an_id_first_seen_on_an_unknown_type_makes_a_duplicate() {
    given([rejected(
        "a",
        UnknownEventType,
        "unknown event type `Renamed`; not applied",
    )
    .id("7")])
    .when(open("a", "1").id("7"))
    .then_findings(&[(
        DuplicateEventId,
        "event id `7` was already seen at event 1; skipped (idempotent replay)",
    )])
    .then_accounts(&[]);
}

// Accounts in the wrong status: warned about, applied.

#[test]
fn events_on_an_account_never_opened_create_it_as_not_opened() {
    given([])
        .when(credit("ghost", "5"))
        .then_applied()
        .then_findings(&[(
            AccountNotOpen,
            "deposit of 5 to account `ghost`, which was never opened",
        )])
        .then_account("ghost", "5", Status::NotOpened)
        .when(transfer("ghost", "phantom", "2"))
        .then_findings(&[
            (
                AccountNotOpen,
                "transfer of 2 from account `ghost`, which was never opened",
            ),
            (
                AccountNotOpen,
                "transfer of 2 to account `phantom`, which was never opened",
            ),
        ])
        .then_findings_about(&["ghost", "phantom"])
        .then_account("ghost", "3", Status::NotOpened)
        .then_account("phantom", "2", Status::NotOpened);
}

#[test]
fn every_effect_on_an_account_never_opened_says_what_it_did() {
    let not_open = |ev, message: &str| {
        given([])
            .when(ev)
            .then_applied()
            .then_findings(&[(AccountNotOpen, message)]);
    };
    not_open(
        set_balance("g", "7"),
        "setting the balance to 7 of account `g`, which was never opened",
    );
    not_open(close("g"), "closing account `g`, which was never opened");
    given([])
        .when(debit("g", "1"))
        .then_applied()
        .then_findings(&[
            (
                AccountNotOpen,
                "withdrawal of 1 from account `g`, which was never opened",
            ),
            (Overdraft, "withdrawal of 1 leaves account `g` at -1"),
        ]);
}

#[test]
fn events_on_or_transfers_to_a_closed_account_warn_and_apply() {
    given([open("a", "100"), open("b", "0"), close("b")])
        .when(credit("b", "5"))
        .then_applied()
        .then_findings(&[(
            AccountClosed,
            "deposit of 5 to account `b`, which is closed",
        )])
        .when(transfer("a", "b", "1"))
        .then_findings(&[(
            AccountClosed,
            "transfer of 1 to account `b`, which is closed",
        )])
        .then_findings_about(&["b"])
        .when(set_balance("b", "6"))
        .then_findings(&[(
            AccountClosed,
            "setting the balance to 6 of account `b`, which is closed",
        )])
        .when(close("b"))
        .then_findings(&[
            (AccountClosed, "closing account `b`, which is closed"),
            (ClosedWithBalance, "account `b` closed with balance 6"),
        ])
        .then_account("b", "6", Status::Closed);
}

#[test]
fn closing_with_money_left_warns_and_closes() {
    given([open("a", "100")])
        .when(close("a"))
        .then_applied()
        .then_findings(&[(ClosedWithBalance, "account `a` closed with balance 100")])
        .then_account("a", "100", Status::Closed);
}

#[test]
fn opening_twice_warns_and_resets_the_balance() {
    given([open("a", "100"), credit("a", "5")])
        .when(open("a", "100"))
        .then_findings(&[(
            DuplicateOpen,
            "account `a` is already open; opened again with balance 100",
        )])
        .then_account("a", "100", Status::Open)
        .when(close("a"))
        .then_codes(&[ClosedWithBalance])
        .when(open("a", "100"))
        .then_findings(&[(
            DuplicateOpen,
            "account `a` is already closed; opened again with balance 100",
        )])
        .then_account("a", "100", Status::Open);
}

#[test]
fn opening_an_account_only_touched_before_is_no_duplicate() {
    given([credit("a", "5")])
        .when(open("a", "1"))
        .then_no_findings()
        .then_account("a", "1", Status::Open)
        .then_events("a", 2);
}

// Overdrafts.

#[test]
fn withdrawals_and_transfers_below_zero_are_overdrafts() {
    given([open("a", "100"), open("b", "0")])
        .when(debit("a", "150"))
        .then_applied()
        .then_findings(&[(Overdraft, "withdrawal of 150 leaves account `a` at -50")])
        .when(transfer("b", "a", "10"))
        .then_findings(&[(Overdraft, "transfer of 10 to `a` leaves account `b` at -10")])
        .then_balance("a", "-40")
        .then_balance("b", "-10");
}

#[test]
fn a_transfer_can_be_both_an_overdraft_and_to_an_unopened_account() {
    given([open("b", "0")])
        .when(transfer("b", "nobody", "1"))
        .then_codes(&[AccountNotOpen, Overdraft])
        .then_account("nobody", "1", Status::NotOpened);
}
