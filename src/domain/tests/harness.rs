//! The harness's assertions fail when they should: a scenario that passes
//! says something.

use crate::domain::scenario::{credit, given, open};
use crate::domain::Code::*;
use crate::domain::Status;

#[test]
#[should_panic(expected = "balance of `b`")]
fn a_balance_is_compared_with_its_scale() {
    given([open("b", "0.5")])
        .when(credit("b", "0.5"))
        .then_balance("b", "1");
}

#[test]
#[should_panic(expected = "account `a`")]
fn a_status_is_compared() {
    given([])
        .when(credit("a", "1"))
        .then_account("a", "1", Status::Open);
}

#[test]
#[should_panic(expected = "findings")]
fn findings_are_compared_in_full() {
    given([])
        .when(credit("a", "1"))
        .then_codes(&[AccountNotOpen, Overdraft]);
}

#[test]
#[should_panic(expected = "applied")]
fn an_applied_event_is_not_taken_for_a_refused_one() {
    given([open("a", "1")])
        .when(credit("a", "1"))
        .then_not_applied();
}

#[test]
#[should_panic(expected = "no account `nobody`")]
fn an_account_that_does_not_exist_is_not_taken_for_an_empty_one() {
    given([]).when(credit("a", "1")).then_balance("nobody", "0");
}
