//! A schema's `[diagnostics]` policies in the fold: `error` and `warning`
//! set the severity, `off` drops the finding (the event handled as if it
//! did not hold), `reject` refuses an event that would be applied and is
//! an error for one that never is.

use crate::domain::scenario::{credit, debit, given, given_policies, open, rejected, transfer};
use crate::domain::Code::*;
use crate::domain::Policy::*;
use crate::domain::Severity;
use crate::domain::{Code, Policy, Status};

#[test]
fn by_default_findings_keep_their_code_s_severity() {
    given([open("a", "10")])
        .when(debit("a", "20"))
        .then_applied()
        .then_codes(&[Overdraft])
        .then_severities(&[Severity::Warning]);
}

#[test]
fn error_makes_an_applied_code_an_error_and_still_applies_the_event() {
    given_policies(&[(Overdraft, Error)], [open("a", "10")])
        .when(debit("a", "20"))
        .then_applied()
        .then_codes(&[Overdraft])
        .then_severities(&[Severity::Error])
        .then_balance("a", "-10");
}

#[test]
fn warning_makes_a_never_applied_code_a_warning_and_still_refuses_the_event() {
    given_policies(&[(MissingField, Warning)], [open("a", "10")])
        .when(rejected("a", MissingField, "no amount"))
        .then_not_applied()
        .then_codes(&[MissingField])
        .then_severities(&[Severity::Warning])
        .then_balance("a", "10");
}

#[test]
fn reject_leaves_the_state_as_it_was_and_is_an_error() {
    given_policies(&[(Overdraft, Reject)], [open("a", "10")])
        .when(debit("a", "20"))
        .then_not_applied()
        .then_codes(&[Overdraft])
        .then_severities(&[Severity::Error])
        .then_account("a", "10", Status::Open)
        .then_events("a", 1)
        // A transfer out too: neither side changes.
        .when(transfer("a", "b", "15"))
        .then_not_applied()
        .then_accounts(&["a"])
        .when(debit("a", "4"))
        .then_applied()
        .then_no_findings()
        .then_balance("a", "6");
}

#[test]
fn reject_refuses_an_event_on_an_account_never_opened_without_adding_it() {
    given_policies(&[(AccountNotOpen, Reject)], [open("a", "1")])
        .when(credit("b", "5"))
        .then_not_applied()
        .then_codes(&[AccountNotOpen])
        .then_accounts(&["a"]);
}

#[test]
fn a_rejected_event_does_not_move_the_order_checks_on() {
    given_policies(
        &[(TimestampBackwards, Reject)],
        [open("a", "1").at("2024-01-02T00:00:00Z")],
    )
    .when(credit("a", "1").at("2024-01-01T00:00:00Z"))
    .then_not_applied()
    .then_codes(&[TimestampBackwards])
    // Compared with the last applied event, not the refused one.
    .when(credit("a", "1").at("2024-01-01T12:00:00Z"))
    .then_not_applied()
    .when(credit("a", "1").at("2024-01-03T00:00:00Z"))
    .then_applied()
    .then_no_findings()
    .then_balance("a", "2");
}

#[test]
fn reject_of_a_never_applied_code_is_an_error() {
    given_policies(&[(UnknownEventType, Reject)], [open("a", "1")])
        .when(rejected("a", UnknownEventType, "unknown event type `x`"))
        .then_not_applied()
        .then_severities(&[Severity::Error]);
}

#[test]
fn off_drops_an_applied_code_and_applies_the_event() {
    given_policies(&[(Overdraft, Off)], [open("a", "10")])
        .when(debit("a", "20"))
        .then_applied()
        .then_no_findings()
        .then_balance("a", "-10");
}

#[test]
fn off_drops_a_never_applied_code() {
    given_policies(&[(MissingField, Off)], [open("a", "10")])
        .when(rejected("a", MissingField, "no amount"))
        .then_not_applied()
        .then_no_findings();
}

#[test]
fn off_keeps_the_other_findings_of_the_event() {
    given_policies(&[(AccountNotOpen, Off)], [])
        .when(debit("a", "1"))
        .then_applied()
        .then_codes(&[Overdraft])
        .then_balance("a", "-1");
}

#[test]
fn duplicate_event_id_off_folds_the_repeat_as_a_new_event() {
    given_policies(&[(DuplicateEventId, Off)], [open("a", "0").id("e1")])
        .when(credit("a", "5").id("e2"))
        .then_applied()
        .when(credit("a", "5").id("e2"))
        .then_applied()
        .then_no_findings()
        .then_balance("a", "10");
    given([open("a", "0").id("e1"), credit("a", "5").id("e2")])
        .when(credit("a", "5").id("e2"))
        .then_not_applied()
        .then_codes(&[DuplicateEventId]);
}

#[test]
fn an_applied_event_with_an_error_counts_its_id_as_seen() {
    given_policies(&[(Overdraft, Error)], [open("a", "0")])
        .when(debit("a", "5").id("x"))
        .then_applied()
        .when(debit("a", "5").id("x"))
        .then_not_applied()
        .then_codes(&[DuplicateEventId])
        .then_balance("a", "-5");
}

#[test]
fn codes_and_policies_read_their_own_words() {
    for (i, code) in Code::ALL.into_iter().enumerate() {
        assert_eq!(
            code as usize, i,
            "{code}: Code::ALL is in declaration order"
        );
        assert_eq!(Code::parse(code.as_str()), Some(code));
    }
    for policy in Policy::ALL {
        assert_eq!(Policy::parse(policy.as_str()), Some(policy));
    }
    assert_eq!(Code::parse("overdrafts"), None);
    assert_eq!(Policy::parse("Error"), None);
}
