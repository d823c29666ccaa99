//! Held funds: `hold`, `release` and `reverse` refer to an earlier event of
//! the account by its id; each referenced event goes none → held →
//! released or reversed; `unknown_reference` and `invalid_transition`;
//! available funds for debits; `[rules] implicit_open`.

use crate::domain::scenario::{credit, debit, given_holds, open, refer, transfer, Ev};
use crate::domain::Code::*;
use crate::domain::EffectKind::{self, Credit, Debit, Freeze, Hold, Release, Reverse};
use crate::domain::Policy::Reject;
use crate::domain::Status;

fn dispute(account: &str, id: &str) -> Ev {
    refer(Hold, account, id, &[Credit])
}
fn resolve(account: &str, id: &str) -> Ev {
    refer(Release, account, id, &[Credit])
}
fn chargeback(account: &str, id: &str) -> Ev {
    refer(Freeze, account, id, &[Credit])
}

fn deposits() -> [Ev; 3] {
    [
        credit("a", "10.0").id("1"),
        credit("a", "2.5").id("2"),
        credit("b", "7").id("3"),
    ]
}

#[test]
fn a_dispute_holds_the_amount_and_a_resolve_releases_it() {
    given_holds(&[], true, deposits())
        .when(dispute("a", "1"))
        .then_applied()
        .then_no_findings()
        .then_held("a", "10.0", "12.5")
        .then_touched(&["a"])
        .when(resolve("a", "1"))
        .then_applied()
        .then_held("a", "0.0", "12.5")
        .then_account("a", "12.5", Status::Open);
}

#[test]
fn a_chargeback_takes_the_held_amount_out_and_locks_the_account() {
    let then = given_holds(&[], true, deposits())
        .when(dispute("a", "2"))
        .when(chargeback("a", "2"))
        .then_applied()
        .then_no_findings()
        .then_held("a", "0.0", "10.0")
        .then_account("a", "10.0", Status::Frozen)
        .then_profile_changed(true);
    assert_eq!(then.ledger().referred(), Some(2));
    // A reverse without `then = "freeze"` leaves the account open.
    given_holds(&[], true, deposits())
        .when(dispute("a", "2"))
        .when(refer(Reverse, "a", "2", &[Credit]))
        .then_account("a", "10.0", Status::Open);
}

#[test]
fn a_chargeback_may_take_available_funds_negative() {
    // 10 in, 8 out, then the 10 disputed and charged back: the money was
    // already spent, so available goes to -8 and that is no overdraft.
    given_holds(
        &[],
        true,
        [credit("a", "10").id("1"), debit("a", "8").id("2")],
    )
    .when(dispute("a", "1"))
    .then_no_findings()
    .then_held("a", "10", "2")
    .when(chargeback("a", "1"))
    .then_applied()
    .then_no_findings()
    .then_held("a", "0", "-8")
    .then_account("a", "-8", Status::Frozen);
}

#[test]
fn held_twice_is_an_invalid_transition_and_not_applied() {
    given_holds(&[], true, deposits())
        .when(dispute("a", "1"))
        .when(dispute("a", "1"))
        .then_not_applied()
        .then_findings(&[(
            InvalidTransition,
            "hold of `1` (event 1), which is held (since event 4): only unheld funds can be held; not applied",
        )])
        .then_held("a", "10.0", "12.5");
}

#[test]
fn a_release_or_reverse_without_a_hold_is_an_invalid_transition() {
    given_holds(&[], true, deposits())
        .when(resolve("a", "1"))
        .then_not_applied()
        .then_codes(&[InvalidTransition])
        .when(chargeback("a", "1"))
        .then_not_applied()
        .then_codes(&[InvalidTransition])
        .then_account("a", "12.5", Status::Open);
}

#[test]
fn a_reverse_after_a_release_or_a_second_reverse_is_an_invalid_transition() {
    given_holds(&[], true, deposits())
        .when(dispute("a", "1"))
        .when(resolve("a", "1"))
        .when(chargeback("a", "1"))
        .then_not_applied()
        .then_findings(&[(
            InvalidTransition,
            "reverse of `1` (event 1), which is released (since event 5): only held funds can be reversed; not applied",
        )])
        .then_held("a", "0.0", "12.5")
        // Released funds cannot be held again either.
        .when(dispute("a", "1"))
        .then_codes(&[InvalidTransition]);
    given_holds(&[], true, deposits())
        .when(dispute("a", "1"))
        .when(chargeback("a", "1"))
        .when(chargeback("a", "1"))
        .then_codes(&[InvalidTransition])
        .then_held("a", "0.0", "2.5");
}

#[test]
fn a_reference_to_another_accounts_event_or_none_is_unknown() {
    given_holds(&[], true, deposits())
        .when(dispute("a", "3"))
        .then_not_applied()
        .then_findings(&[(
            UnknownReference,
            "hold refers to `3`, which is no earlier event of account `a`; not applied",
        )])
        .when(dispute("a", "99"))
        .then_codes(&[UnknownReference])
        // An account that does not exist has no events to refer to.
        .when(dispute("nobody", "1"))
        .then_codes(&[UnknownReference])
        .then_accounts(&["a", "b"])
        .then_held("a", "0", "12.5");
}

#[test]
fn a_reference_to_an_event_of_an_effect_not_allowed_is_unknown() {
    let deposits_only: &[EffectKind] = &[Credit];
    given_holds(&[], true, [credit("a", "10").id("1"), debit("a", "3").id("2")])
        .when(refer(Hold, "a", "2", deposits_only))
        .then_not_applied()
        .then_findings(&[(
            UnknownReference,
            "hold refers to `2` (event 2), a debit event; it may refer to credit events only; not applied",
        )])
        // A type that allows debits may hold one.
        .when(refer(Hold, "a", "2", &[Credit, Debit]))
        .then_applied()
        .then_held("a", "3", "7");
}

#[test]
fn debits_and_transfers_compare_available_funds_with_the_minimum() {
    given_holds(&[(Overdraft, Reject)], true, deposits())
        .when(dispute("a", "1"))
        .when(debit("a", "3"))
        .then_not_applied()
        .then_findings(&[(Overdraft, "withdrawal of 3 leaves account `a` at -0.5")])
        .when(transfer("a", "b", "3"))
        .then_not_applied()
        .then_codes(&[Overdraft])
        .when(debit("a", "2.5"))
        .then_applied()
        .then_held("a", "10.0", "10.0");
}

#[test]
fn a_locked_account_refuses_deposits_but_takes_disputes_and_resolves() {
    given_holds(
        &[(AccountFrozen, Reject)],
        true,
        [
            credit("a", "5").id("1"),
            credit("a", "6").id("2"),
            refer(Hold, "a", "1", &[Credit]),
            chargeback("a", "1"),
        ],
    )
    .when(credit("a", "1").id("3"))
    .then_not_applied()
    .then_codes(&[AccountFrozen])
    .when(dispute("a", "2"))
    .then_applied()
    .then_no_findings()
    .when(resolve("a", "2"))
    .then_applied()
    .then_held("a", "0", "6")
    .then_account("a", "6", Status::Frozen);
}

#[test]
fn with_implicit_open_an_account_is_open_from_its_first_event() {
    given_holds(&[], true, [])
        .when(credit("a", "1"))
        .then_no_findings()
        .then_account("a", "1", Status::Open)
        .then_profile_changed(true)
        .when(transfer("a", "b", "1"))
        .then_no_findings()
        .then_account("b", "1", Status::Open);
    // Without it, the same deposit is on an account never opened; an open
    // on a fresh account is no duplicate either way.
    given_holds(&[], false, [])
        .when(credit("a", "1"))
        .then_codes(&[AccountNotOpen])
        .then_account("a", "1", Status::NotOpened);
    given_holds(&[], true, [])
        .when(open("a", "1"))
        .then_no_findings();
}
