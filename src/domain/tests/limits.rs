//! Balance limits: `overdraft` below the minimum (0 by default; a negative
//! one is an overdraft facility), `over_limit` above the maximum; an
//! account's own limits, from its open event, over the schema's.

use crate::domain::scenario::{credit, debit, given, given_limits, open, set_balance, transfer};
use crate::domain::Code::*;

#[test]
fn a_negative_minimum_is_an_overdraft_facility() {
    given_limits("-100", None, [open("a", "0")])
        .when(debit("a", "100"))
        .then_applied()
        .then_no_findings()
        .when(debit("a", "0.01"))
        .then_findings(&[(
            Overdraft,
            "withdrawal of 0.01 leaves account `a` at -100.01, below its minimum -100",
        )])
        .then_balance("a", "-100.01");
}

#[test]
fn a_positive_minimum_makes_a_transfer_below_it_an_overdraft() {
    given_limits("10", None, [open("a", "20"), open("b", "0")])
        .when(transfer("a", "b", "15"))
        .then_findings(&[(
            Overdraft,
            "transfer of 15 to `b` leaves account `a` at 5, below its minimum 10",
        )])
        .then_balance("b", "15");
}

#[test]
fn the_default_minimum_is_zero_and_there_is_no_maximum() {
    given([open("a", "1000000000")])
        .when(credit("a", "1000000000"))
        .then_no_findings()
        .when(debit("a", "2000000000.01"))
        .then_findings(&[(
            Overdraft,
            "withdrawal of 2000000000.01 leaves account `a` at -0.01",
        )]);
}

#[test]
fn a_credit_open_transfer_in_or_set_balance_above_the_maximum_is_over_limit() {
    given_limits("0", Some("100"), [open("a", "90"), open("b", "50")])
        .when(credit("a", "10"))
        .then_no_findings()
        .when(credit("a", "5"))
        .then_applied()
        .then_findings(&[(
            OverLimit,
            "deposit of 5 leaves account `a` at 105, above its maximum 100",
        )])
        .then_balance("a", "105")
        .when(transfer("b", "a", "1"))
        .then_findings(&[(
            OverLimit,
            "transfer of 1 from `b` leaves account `a` at 106, above its maximum 100",
        )])
        .then_findings_about(&["a"])
        .when(set_balance("b", "101"))
        .then_codes(&[OverLimit])
        .when(open("c", "200"))
        .then_findings(&[(
            OverLimit,
            "opening with 200 leaves account `c` at 200, above its maximum 100",
        )])
        // A withdrawal that leaves it above is not over_limit.
        .when(debit("a", "1"))
        .then_no_findings();
}

#[test]
fn an_accounts_own_maximum_from_its_opening_is_its_alone() {
    given([
        open("a", "90").own_limits(None, Some("100")),
        open("b", "90"),
    ])
    .when(credit("a", "20"))
    .then_applied()
    .then_findings(&[(
        OverLimit,
        "deposit of 20 leaves account `a` at 110, above its maximum 100",
    )])
    .then_balance("a", "110")
    // The other account has the schema's limits: no maximum.
    .when(credit("b", "1000"))
    .then_no_findings()
    .when(transfer("b", "a", "1"))
    .then_findings(&[(
        OverLimit,
        "transfer of 1 from `b` leaves account `a` at 111, above its maximum 100",
    )])
    .then_findings_about(&["a"])
    .when(set_balance("a", "100"))
    .then_no_findings()
    .when(open("c", "101").own_limits(None, Some("100.00")))
    .then_findings(&[(
        OverLimit,
        "opening with 101 leaves account `c` at 101, above its maximum 100.00",
    )]);
}

#[test]
fn an_accounts_own_minimum_overrides_the_schemas_and_keeps_its_maximum() {
    given_limits(
        "0",
        Some("1000"),
        [
            open("a", "0").own_limits(Some("-50"), None),
            open("b", "10"),
        ],
    )
    .when(debit("a", "50"))
    .then_no_findings()
    .when(transfer("a", "b", "0.01"))
    .then_findings(&[(
        Overdraft,
        "transfer of 0.01 to `b` leaves account `a` at -50.01, below its minimum -50",
    )])
    .when(debit("b", "10.02"))
    .then_findings(&[(Overdraft, "withdrawal of 10.02 leaves account `b` at -0.01")])
    // The schema's maximum still holds where the opening gave none.
    .when(credit("a", "1051"))
    .then_findings(&[(
        OverLimit,
        "deposit of 1051 leaves account `a` at 1000.99, above its maximum 1000",
    )]);
}

#[test]
fn opened_again_without_its_own_limits_an_account_has_the_schemas() {
    given([
        open("a", "0").own_limits(Some("-10"), Some("10")),
        debit("a", "5"),
    ])
    .when(open("a", "0"))
    .then_codes(&[DuplicateOpen])
    .when(credit("a", "20"))
    .then_no_findings()
    .when(debit("a", "20.5"))
    .then_findings(&[(Overdraft, "withdrawal of 20.5 leaves account `a` at -0.5")]);
}
