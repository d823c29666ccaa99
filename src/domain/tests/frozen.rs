//! Frozen accounts: `freeze` and `unfreeze`, and `account_frozen` on the
//! events a frozen account does not allow.

use crate::domain::scenario::{
    close, credit, debit, freeze, given, given_policies, open, set_balance, transfer, unfreeze,
};
use crate::domain::Code::*;
use crate::domain::Policy::Reject;
use crate::domain::Status;

#[test]
fn freeze_and_unfreeze_change_the_status_and_nothing_else() {
    given([open("a", "10")])
        .when(freeze("a"))
        .then_applied()
        .then_no_findings()
        .then_account("a", "10", Status::Frozen)
        .then_events("a", 2)
        .when(unfreeze("a"))
        .then_applied()
        .then_no_findings()
        .then_account("a", "10", Status::Open);
}

#[test]
fn credit_debit_open_and_transfers_on_a_frozen_account_are_applied_with_a_warning() {
    given([open("a", "10"), open("b", "0"), freeze("a")])
        .when(credit("a", "5"))
        .then_applied()
        .then_findings(&[(
            AccountFrozen,
            "deposit of 5 to account `a`, which is frozen",
        )])
        .then_balance("a", "15")
        .when(debit("a", "1"))
        .then_findings(&[(
            AccountFrozen,
            "withdrawal of 1 from account `a`, which is frozen",
        )])
        .when(transfer("a", "b", "2"))
        .then_findings(&[(
            AccountFrozen,
            "transfer of 2 from account `a`, which is frozen",
        )])
        .when(transfer("b", "a", "1"))
        .then_findings(&[(
            AccountFrozen,
            "transfer of 1 to account `a`, which is frozen",
        )])
        .then_findings_about(&["a"])
        .then_balance("a", "13")
        .when(open("a", "3"))
        .then_applied()
        .then_codes(&[DuplicateOpen, AccountFrozen]);
}

#[test]
fn close_and_set_balance_are_allowed_on_a_frozen_account() {
    given([open("a", "0"), freeze("a")])
        .when(set_balance("a", "0"))
        .then_no_findings()
        .when(close("a"))
        .then_applied()
        .then_no_findings()
        .then_account("a", "0", Status::Closed);
}

#[test]
fn unfreeze_on_an_account_not_frozen_is_not_frozen_and_changes_nothing() {
    given([open("a", "1")])
        .when(unfreeze("a"))
        .then_applied()
        .then_findings(&[(
            NotFrozen,
            "unfreezing account `a`, which is open, not frozen",
        )])
        .then_account("a", "1", Status::Open)
        .when(close("a"))
        .when(unfreeze("a"))
        .then_codes(&[NotFrozen])
        .then_account("a", "1", Status::Closed);
}

#[test]
fn freezing_an_account_never_opened_or_closed_says_so() {
    given([])
        .when(freeze("a"))
        .then_applied()
        .then_codes(&[AccountNotOpen])
        .then_account("a", "0", Status::Frozen);
}

#[test]
fn reject_refuses_a_deposit_to_a_frozen_account() {
    given_policies(&[(AccountFrozen, Reject)], [open("a", "10"), freeze("a")])
        .when(credit("a", "5"))
        .then_not_applied()
        .then_codes(&[AccountFrozen])
        .then_account("a", "10", Status::Frozen)
        .when(unfreeze("a"))
        .when(credit("a", "5"))
        .then_applied()
        .then_balance("a", "15");
}
