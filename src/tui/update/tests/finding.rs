//! Searching, diagnostics, breakpoints and marks.

use super::bank;
use crate::tui::message::Message;
use crate::tui::model::Overlay;
use crate::tui::tests::sample;
use crate::tui::tests::{press, type_in};

#[test]
fn search_next_and_previous_wrap() {
    let mut m = bank(0);
    press(&mut m, &[Message::SearchNext]);
    assert_eq!(m.cursor, 0, "nothing searched yet");
    press(&mut m, &[Message::OpenSearch]);
    type_in(&mut m, "acc-dave");
    assert_eq!(m.cursor, 9);
    press(&mut m, &[Message::SearchNext]);
    assert_eq!(m.cursor, 10);
    press(&mut m, &[Message::SearchPrev]);
    assert_eq!(m.cursor, 9);
    press(&mut m, &[Message::SearchPrev]);
    assert_eq!(m.cursor, 17, "wraps to the end");
    assert!(m.notice.as_ref().unwrap().text.contains("wrapped"));
    press(&mut m, &[Message::OpenSearch]);
    type_in(&mut m, "moneytransferred");
    assert_eq!(m.cursor, 20, "case does not matter");
}

#[test]
fn diagnostics_next_previous_and_errors_only() {
    let mut m = sample("every-diagnostic.jsonl", Some(0), 120, 34);
    press(&mut m, &[Message::NextDiagnostic]);
    assert_eq!(m.cursor, 2);
    press(
        &mut m,
        &[
            Message::NextDiagnostic,
            Message::NextDiagnostic,
            Message::NextDiagnostic,
        ],
    );
    assert_eq!(m.cursor, 6, "the warning on event 6 counts");
    press(&mut m, &[Message::CycleDiagnostics]);
    assert!(m.errors_only);
    press(&mut m, &[Message::PrevDiagnostic]);
    assert_eq!(m.cursor, 5);
    press(&mut m, &[Message::NextDiagnostic]);
    assert_eq!(m.cursor, 2, "no error after event 5: wraps to the first");
    assert!(m.notice.as_ref().unwrap().text.contains("wrapped"));
    press(&mut m, &[Message::PrevDiagnostic]);
    assert_eq!(m.cursor, 5, "and back round to the last");
    press(
        &mut m,
        &[
            Message::CycleDiagnostics,
            Message::Last,
            Message::PrevDiagnostic,
        ],
    );
    assert_eq!(m.cursor, 17);
}

#[test]
fn breakpoints_run_forward_and_backward() {
    let mut m = bank(0);
    press(&mut m, &[Message::RunForward]);
    assert_eq!(m.cursor, 0, "no breakpoints yet");
    press(&mut m, &[Message::OpenBreakpointPrompt]);
    type_in(&mut m, "balance acc-alice < 0");
    press(&mut m, &[Message::OpenBreakpointPrompt]);
    type_in(&mut m, "account acc-dave");
    press(&mut m, &[Message::OpenBreakpointPrompt]);
    type_in(&mut m, "type AccountClosed");
    assert_eq!(m.breakpoints.len(), 3);
    let mut stops = Vec::new();
    for _ in 0..6 {
        press(&mut m, &[Message::RunForward]);
        stops.push(m.cursor);
    }
    assert_eq!(stops, [9, 10, 11, 14, 16, 17]);
    press(&mut m, &[Message::RunForward]);
    assert_eq!(m.cursor, 17, "nothing after: stays");
    press(&mut m, &[Message::RunBackward]);
    assert_eq!(m.cursor, 16);
    // Disable the account breakpoint, remove the balance one.
    press(
        &mut m,
        &[Message::OpenBreakpoints, Message::Down, Message::Toggle],
    );
    press(&mut m, &[Message::Up, Message::Remove, Message::Cancel]);
    assert_eq!(m.breakpoints.len(), 2);
    press(&mut m, &[Message::First, Message::RunForward]);
    assert_eq!(m.cursor, 17);
    press(&mut m, &[Message::OpenBreakpointPrompt]);
    type_in(&mut m, "balance < nothing");
    assert!(matches!(m.overlay, Some(Overlay::Prompt(_))));
}

#[test]
fn any_diagnostic_breakpoint() {
    let mut m = sample("every-diagnostic.jsonl", Some(0), 120, 34);
    press(&mut m, &[Message::OpenBreakpointPrompt]);
    type_in(&mut m, "error");
    press(&mut m, &[Message::Last, Message::RunBackward]);
    assert_eq!(m.cursor, 5);
}

#[test]
fn marks_jump_and_compare() {
    let mut m = bank(5);
    press(&mut m, &[Message::StartJump]);
    assert!(m.pending.is_some(), "waits for a letter even with no marks");
    press(&mut m, &[Message::Letter('a')]);
    assert_eq!(m.cursor, 5);
    assert!(m.notice.as_ref().unwrap().text.contains("no mark a"));
    press(
        &mut m,
        &[Message::StartMark, Message::Letter('a'), Message::Last],
    );
    press(&mut m, &[Message::StartJump, Message::Letter('a')]);
    assert_eq!(m.cursor, 5);
    press(
        &mut m,
        &[Message::Last, Message::StartCompare, Message::Letter('a')],
    );
    let Some(Overlay::Compare(c)) = &m.overlay else {
        panic!("compare is open");
    };
    assert_eq!((c.mark, c.at), ('a', 5));
    let rows = crate::tui::query::compare_rows(&m, 5);
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r.changed()));
    press(&mut m, &[Message::Submit]);
    assert_eq!((m.cursor, m.overlay.is_none()), (5, true));
    press(&mut m, &[Message::StartJump, Message::Letter('z')]);
    assert_eq!(m.cursor, 5);
    assert!(m.notice.as_ref().unwrap().text.contains("no mark"));
    press(&mut m, &[Message::StartMark, Message::Cancel]);
    assert!(m.pending.is_none() && !m.quit);
}
