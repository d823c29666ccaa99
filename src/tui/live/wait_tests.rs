//! Counts and answers while the log grows: what one frame says agrees
//! with itself, and what was asked of a log still loading waits for it.

use super::tests::{append, log, open, tick, DEPOSIT_A, OPEN_A};
use crate::tui::message::Message;
use crate::tui::tests::{text as screen, type_in};
use crate::tui::update::update;
use std::fs;

/// The status line's "event N of T" is of the log as drawn, not as it was
/// when the notice was said: the title and the status line agree.
#[test]
fn a_notice_counts_the_events_of_the_frame_it_is_drawn_in() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.jsonl");
    fs::write(&path, log(&[OPEN_A, DEPOSIT_A, DEPOSIT_A])).unwrap();
    let (mut model, mut load) = open(&path, true);
    update(&mut model, Message::OpenGoto);
    type_in(&mut model, "2");
    let shown = screen(&model);
    assert!(shown.contains("Events 2 / 3"), "{shown}");
    assert!(shown.contains("event 2 of 3"), "{shown}");
    append(&path, &log(&[DEPOSIT_A, DEPOSIT_A, DEPOSIT_A]));
    assert!(tick(&mut model, &mut load));
    assert_eq!((model.cursor, model.total()), (2, 6));
    let shown = screen(&model);
    assert!(shown.contains("Events 2 / 6"), "{shown}");
    assert!(shown.contains("event 2 of 6"), "{shown}");
    assert!(!shown.contains("of 3"), "a stale count: {shown}");
}
