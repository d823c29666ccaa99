//! What-if as the run loop drives it: history without the skipped events
//! folded between frames, a newer toggle replacing a fold under way, and a
//! followed log's new events taken into it.

use super::tests::{append, log, open};
use super::*;
use crate::tui::message::Message;
use crate::tui::update::update;
use std::fs;

/// Runs the loop's folding until nothing is asked for.
fn fold(model: &mut Model, load: &mut Load) {
    for _ in 0..5000 {
        if model.what_if_wanted.is_none() && load.what_if.is_none() {
            return;
        }
        load.advance(model).unwrap();
        std::thread::sleep(Duration::from_millis(1));
    }
    panic!(
        "the what-if fold never ended: wanted {:?}, job {}, loading {}",
        model.what_if_wanted,
        load.what_if.is_some(),
        load.is_loading()
    );
}

fn balance(model: &Model, name: &str) -> String {
    let ix = model.index().lookup(name).unwrap();
    model
        .index()
        .account_at(ix, model.cursor)
        .unwrap()
        .balance
        .to_string()
}

#[test]
fn x_is_folded_between_frames_and_a_newer_toggle_wins() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.jsonl");
    let events = [
        ("AccountOpened", "a", 0),
        ("MoneyDeposited", "a", 10),
        ("MoneyDeposited", "a", 20),
        ("MoneyDeposited", "a", 40),
    ];
    fs::write(&path, log(&events)).unwrap();
    let (mut model, mut load) = open(&path, false);
    model.background = true;
    update(&mut model, Message::ToggleSkip);
    // Asked for, not yet shown: the key is answered at once.
    assert!(model.what_if.is_none());
    assert_eq!(model.skips().unwrap().events(), [4]);
    // A second toggle before the fold is done: event 4 back, 3 out.
    update(&mut model, Message::ToggleSkip);
    assert!(model.what_if_wanted.is_none() && model.what_if.is_none());
    update(&mut model, Message::Back);
    update(&mut model, Message::ToggleSkip);
    fold(&mut model, &mut load);
    assert_eq!(model.what_if.as_ref().unwrap().skips.events(), [3]);
    update(&mut model, Message::Last);
    assert_eq!(balance(&model, "a"), "50");
}

#[test]
fn a_followed_log_grows_into_the_what_if_history_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.jsonl");
    fs::write(
        &path,
        log(&[("AccountOpened", "a", 0), ("MoneyDeposited", "a", 10)]),
    )
    .unwrap();
    let (mut model, mut load) = open(&path, true);
    model.background = true;
    update(&mut model, Message::ToggleSkip);
    fold(&mut model, &mut load);
    assert_eq!(balance(&model, "a"), "0");
    append(&path, &log(&[("MoneyDeposited", "a", 5)]));
    super::tests::tick(&mut model, &mut load);
    fold(&mut model, &mut load);
    assert_eq!((model.total(), model.index().len()), (3, 3));
    assert_eq!(balance(&model, "a"), "5");
    assert_eq!(model.skipped(), 1);
}
