//! Searching, diagnostics, breakpoints and marks.

use super::bank;
use crate::tui::action::Action;
use crate::tui::model::Overlay;
use crate::tui::tests::sample;
use crate::tui::tests::{press, type_in};

#[test]
fn search_next_and_previous_wrap() {
    let mut m = bank(0);
    press(&mut m, &[Action::SearchNext]);
    assert_eq!(m.cursor, 0, "nothing searched yet");
    press(&mut m, &[Action::OpenSearch]);
    type_in(&mut m, "acc-dave");
    assert_eq!(m.cursor, 9);
    press(&mut m, &[Action::SearchNext]);
    assert_eq!(m.cursor, 10);
    press(&mut m, &[Action::SearchPrev]);
    assert_eq!(m.cursor, 9);
    press(&mut m, &[Action::SearchPrev]);
    assert_eq!(m.cursor, 17, "wraps to the end");
    assert!(m.message.as_ref().unwrap().text.contains("wrapped"));
    press(&mut m, &[Action::OpenSearch]);
    type_in(&mut m, "moneytransferred");
    assert_eq!(m.cursor, 20, "case does not matter");
}

#[test]
fn diagnostics_next_previous_and_errors_only() {
    let mut m = sample("every-diagnostic.jsonl", Some(0), 120, 34);
    press(&mut m, &[Action::NextDiagnostic]);
    assert_eq!(m.cursor, 2);
    press(
        &mut m,
        &[
            Action::NextDiagnostic,
            Action::NextDiagnostic,
            Action::NextDiagnostic,
        ],
    );
    assert_eq!(m.cursor, 6, "the warning on event 6 counts");
    press(&mut m, &[Action::CycleDiagnostics]);
    assert!(m.errors_only);
    press(&mut m, &[Action::PrevDiagnostic]);
    assert_eq!(m.cursor, 5);
    press(&mut m, &[Action::NextDiagnostic]);
    assert_eq!(m.cursor, 5, "no error after event 5");
    press(
        &mut m,
        &[
            Action::CycleDiagnostics,
            Action::Last,
            Action::PrevDiagnostic,
        ],
    );
    assert_eq!(m.cursor, 17);
}

#[test]
fn breakpoints_run_forward_and_backward() {
    let mut m = bank(0);
    press(&mut m, &[Action::RunForward]);
    assert_eq!(m.cursor, 0, "no breakpoints yet");
    press(&mut m, &[Action::OpenBreakpointPrompt]);
    type_in(&mut m, "balance acc-alice < 0");
    press(&mut m, &[Action::OpenBreakpointPrompt]);
    type_in(&mut m, "account acc-dave");
    press(&mut m, &[Action::OpenBreakpointPrompt]);
    type_in(&mut m, "type AccountClosed");
    assert_eq!(m.breakpoints.len(), 3);
    let mut stops = Vec::new();
    for _ in 0..6 {
        press(&mut m, &[Action::RunForward]);
        stops.push(m.cursor);
    }
    assert_eq!(stops, [9, 10, 11, 14, 16, 17]);
    press(&mut m, &[Action::RunForward]);
    assert_eq!(m.cursor, 17, "nothing after: stays");
    press(&mut m, &[Action::RunBackward]);
    assert_eq!(m.cursor, 16);
    // Disable the account breakpoint, remove the balance one.
    press(
        &mut m,
        &[Action::OpenBreakpoints, Action::Down, Action::Toggle],
    );
    press(&mut m, &[Action::Up, Action::Remove, Action::Cancel]);
    assert_eq!(m.breakpoints.len(), 2);
    press(&mut m, &[Action::First, Action::RunForward]);
    assert_eq!(m.cursor, 17);
    press(&mut m, &[Action::OpenBreakpointPrompt]);
    type_in(&mut m, "balance < nothing");
    assert!(matches!(m.overlay, Some(Overlay::Prompt(_))));
}

#[test]
fn any_diagnostic_breakpoint() {
    let mut m = sample("every-diagnostic.jsonl", Some(0), 120, 34);
    press(&mut m, &[Action::OpenBreakpointPrompt]);
    type_in(&mut m, "error");
    press(&mut m, &[Action::Last, Action::RunBackward]);
    assert_eq!(m.cursor, 5);
}

#[test]
fn marks_jump_and_compare() {
    let mut m = bank(5);
    press(&mut m, &[Action::StartJump]);
    assert!(m.pending.is_none(), "no marks yet");
    press(
        &mut m,
        &[Action::StartMark, Action::Letter('a'), Action::Last],
    );
    press(&mut m, &[Action::StartJump, Action::Letter('a')]);
    assert_eq!(m.cursor, 5);
    press(
        &mut m,
        &[Action::Last, Action::StartCompare, Action::Letter('a')],
    );
    let Some(Overlay::Compare(c)) = &m.overlay else {
        panic!("compare is open");
    };
    assert_eq!((c.mark, c.at), ('a', 5));
    let rows = crate::tui::query::compare_rows(&m, 5);
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r.changed()));
    press(&mut m, &[Action::Submit]);
    assert_eq!((m.cursor, m.overlay.is_none()), (5, true));
    press(&mut m, &[Action::StartJump, Action::Letter('z')]);
    assert_eq!(m.cursor, 5);
    assert!(m.message.as_ref().unwrap().text.contains("no mark"));
    press(&mut m, &[Action::StartMark, Action::Cancel]);
    assert!(m.pending.is_none() && !m.quit);
}
