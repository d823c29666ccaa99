//! Counts and answers while the log grows: what one frame says agrees
//! with itself, and what was asked of a log still loading waits for it.

use super::tests::{append, log, open, settle, tick, DEPOSIT_A, OPEN_A};
use super::*;
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

/// A log of `count` deposits with ids `evt-0000001`…, and the debugger on
/// it part loaded (one fold: the load is still going).
fn part_loaded(dir: &Path, count: u32) -> (Model, Load) {
    let path = dir.join("big.jsonl");
    let lines: String = (1..=count)
        .map(|i| {
            format!("{{\"id\":\"evt-{i:07}\",\"type\":\"MoneyDeposited\",\"account\":\"a\",\"amount\":1}}\n")
        })
        .collect();
    fs::write(&path, lines).unwrap();
    let source = Arc::new(Source::open(&path).unwrap());
    let (feed, builder) = Feed::start(Arc::clone(&source), &LoadOptions::default()).unwrap();
    let mut model = Model::new(source, builder, "big.jsonl".into(), 0);
    update(
        &mut model,
        Message::Resize {
            width: 120,
            height: 40,
        },
    );
    let mut load = Load::new(&path, feed, None);
    load.advance(&mut model).unwrap();
    assert!(load.is_loading(), "the test needs a log still loading");
    (model, load)
}

const BIG: u32 = 150_000;

#[test]
fn a_goto_past_the_loaded_part_waits_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut model, mut load) = part_loaded(dir.path(), BIG);
    assert!(model.total() < BIG - 10, "loaded {}", model.total());
    update(&mut model, Message::OpenGoto);
    type_in(&mut model, &(BIG - 10).to_string());
    assert_eq!(
        model.overlay, None,
        "the prompt closes: the answer is pending"
    );
    let shown = screen(&model);
    assert!(
        shown.contains("going to 149,990 when it is loaded"),
        "{shown}"
    );
    assert!(!shown.contains("out of range"), "{shown}");
    settle(&mut model, &mut load);
    assert_eq!(model.cursor, BIG - 10);
    let shown = screen(&model);
    assert!(
        shown.contains(&format!("event {} of {BIG}", BIG - 10)),
        "{shown}"
    );
    assert!(!shown.contains("going to"), "{shown}");
}

#[test]
fn esc_stops_waiting_for_the_load() {
    let dir = tempfile::tempdir().unwrap();
    let (mut model, mut load) = part_loaded(dir.path(), BIG);
    update(&mut model, Message::OpenGoto);
    type_in(&mut model, &(BIG - 10).to_string());
    update(&mut model, Message::Cancel);
    assert_eq!(model.awaiting, None);
    assert!(screen(&model).contains("stopped waiting"));
    assert!(!model.quit, "Esc never quits");
    settle(&mut model, &mut load);
    // The load ends as it would have without the goto (at the last event).
    assert_eq!(
        model.cursor, BIG,
        "a cancelled goto does not take the cursor"
    );
}

#[test]
fn a_goto_past_the_end_of_a_loading_log_is_refused_once_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let (mut model, mut load) = part_loaded(dir.path(), BIG);
    update(&mut model, Message::OpenGoto);
    type_in(&mut model, &(BIG + 5).to_string());
    settle(&mut model, &mut load);
    assert_eq!(
        (model.overlay.clone(), model.awaiting.clone()),
        (None, None)
    );
    let shown = screen(&model);
    assert!(
        shown.contains("event 150,005 is out of range: the log has 150,000 events"),
        "{shown}"
    );
}

#[test]
fn a_search_without_a_match_yet_goes_on_as_events_arrive() {
    let dir = tempfile::tempdir().unwrap();
    let (mut model, mut load) = part_loaded(dir.path(), BIG);
    update(&mut model, Message::OpenSearch);
    type_in(&mut model, "EVT-0149999");
    assert_eq!(model.overlay, None);
    let shown = screen(&model);
    assert!(shown.contains("/EVT-0149999: no match yet · "), "{shown}");
    assert!(shown.contains("% loaded"), "{shown}");
    assert!(!shown.contains("no event matches"), "{shown}");
    settle(&mut model, &mut load);
    assert_eq!(model.cursor, BIG - 1, "found as it came in");
    assert_eq!(model.awaiting, None);
    // Nothing anywhere: said once the whole log is searched.
    let (mut model, mut load) = part_loaded(dir.path(), BIG);
    update(&mut model, Message::OpenSearch);
    type_in(&mut model, "nowhere");
    assert!(screen(&model).contains("no match yet"));
    settle(&mut model, &mut load);
    let shown = screen(&model);
    assert!(shown.contains("no event matches `nowhere`"), "{shown}");
}
