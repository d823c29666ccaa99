//! A currency change: any effect but an opening may carry the currency its
//! account has from then on.

use crate::domain::scenario::{
    close, credit, debit, given, given_policies, ignored, open, rejected, set_balance, transfer,
};
use crate::domain::Code::*;
use crate::domain::Policy;
use crate::domain::Status;

#[test]
fn every_effect_may_change_its_accounts_currency_after_its_effect() {
    let opened = || given([open("a", "100").profile("Ada", "EUR"), open("b", "0")]);
    opened()
        .when(set_balance("a", "90").currency("USD"))
        .then_applied()
        .then_no_findings()
        .then_profile_changed(true)
        .then_balance("a", "90")
        .then_currency("a", Some("USD"));
    opened()
        .when(credit("a", "1").currency("GBP"))
        .then_balance("a", "101")
        .then_currency("a", Some("GBP"));
    opened()
        .when(debit("a", "1").currency("CHF"))
        .then_balance("a", "99")
        .then_currency("a", Some("CHF"));
    // A transfer changes its own account's currency, not the receiver's.
    opened()
        .when(transfer("a", "b", "10").currency("JPY"))
        .then_touched(&["a", "b"])
        .then_currency("a", Some("JPY"))
        .then_currency("b", None);
    opened()
        .when(close("a").currency("SEK"))
        .then_account("a", "100", Status::Closed)
        .then_currency("a", Some("SEK"));
}

#[test]
fn an_ignored_event_with_a_currency_changes_only_the_currency() {
    given([open("a", "5").profile("Ada", "EUR")])
        .when(ignored("a").currency("USD"))
        .then_applied()
        .then_no_findings()
        .then_touched(&["a"])
        .then_profile_changed(true)
        .then_account("a", "5", Status::Open)
        .then_currency("a", Some("USD"))
        .then_events("a", 2);
    // Without one it changes nothing, as before.
    given([open("a", "5").profile("Ada", "EUR")])
        .when(ignored("a"))
        .then_touched(&[])
        .then_profile_changed(false)
        .then_currency("a", Some("EUR"));
}

#[test]
fn the_findings_of_the_effect_are_kept_and_an_event_not_applied_changes_nothing() {
    given([open("a", "0").profile("Ada", "EUR")])
        .when(debit("a", "1").currency("USD"))
        .then_codes(&[Overdraft])
        .then_currency("a", Some("USD"))
        .when(rejected("a", MissingField, "no amount").currency("GBP"))
        .then_not_applied()
        .then_currency("a", Some("USD"));
    // An account never opened gets the currency with the warning.
    given([])
        .when(credit("z", "1").currency("NOK"))
        .then_codes(&[AccountNotOpen])
        .then_currency("z", Some("NOK"));
}

#[test]
fn without_a_currency_an_effect_keeps_the_accounts() {
    given([open("a", "1").profile("Ada", "EUR")])
        .when(set_balance("a", "2"))
        .then_profile_changed(false)
        .then_currency("a", Some("EUR"));
}

#[test]
fn an_event_the_schema_rejects_keeps_the_accounts_currency() {
    given_policies(
        &[(Overdraft, Policy::Reject)],
        [open("a", "0").profile("Ada", "EUR")],
    )
    .when(debit("a", "1").currency("USD"))
    .then_not_applied()
    .then_codes(&[Overdraft])
    .then_currency("a", Some("EUR"));
}
