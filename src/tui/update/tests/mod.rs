//! `update` with plain values: each test builds a model, applies messages
//! and looks at the model. No terminal is involved.

mod finding;
mod keys;
mod safety;
mod what_if;

use super::update;
use crate::tui::message::Message;
use crate::tui::model::{Model, Overlay, Pane};
use crate::tui::tests::{press, sample, type_in};

pub(super) fn classic(at: Option<u32>) -> Model {
    sample("classic.jsonl", at, 100, 30)
}

pub(super) fn bank(at: u32) -> Model {
    sample("bank.jsonl", Some(at), 110, 32)
}

fn balance(model: &Model, name: &str) -> Option<String> {
    let ix = model.index().lookup(name)?;
    model
        .index()
        .account_at(ix, model.cursor)
        .map(|a| a.balance.to_string())
}

#[test]
fn stepping_through_the_classic_log() {
    let mut m = classic(None);
    assert_eq!(m.cursor, 3);
    press(&mut m, &[Message::First]);
    assert_eq!((m.cursor, balance(&m, "default")), (0, None));
    press(&mut m, &[Message::Back]);
    assert_eq!(m.cursor, 0, "stops at N = 0");
    press(&mut m, &[Message::Down]);
    assert_eq!(balance(&m, "default").as_deref(), Some("1000"));
    press(&mut m, &[Message::Forward]);
    assert_eq!(balance(&m, "default").as_deref(), Some("1500"));
    press(&mut m, &[Message::Last]);
    assert_eq!(
        (m.cursor, balance(&m, "default").as_deref()),
        (3, Some("1300"))
    );
    press(&mut m, &[Message::Down]);
    assert_eq!(m.cursor, 3, "stops at the last event");
    press(&mut m, &[Message::Up]);
    assert_eq!(m.cursor, 2);
}

#[test]
fn pages_are_the_list_height() {
    let mut m = sample("every-diagnostic.jsonl", Some(0), 80, 20);
    let page = super::nav::page(&m) as u32;
    assert!(page > 1 && page < 18);
    press(&mut m, &[Message::PageDown]);
    assert_eq!(m.cursor, page);
    press(&mut m, &[Message::PageDown, Message::PageDown]);
    assert_eq!(m.cursor, 18);
    press(&mut m, &[Message::PageUp]);
    assert_eq!(m.cursor, 18 - page);
}

#[test]
fn the_list_scrolls_to_keep_the_cursor_in_sight() {
    let mut m = sample("bank.jsonl", Some(0), 80, 20);
    let height = crate::tui::layout::areas(&m).unwrap().list_height();
    for _ in 0..20 {
        press(&mut m, &[Message::Down]);
        let row = m.cursor as usize;
        assert!(row >= m.list_offset && row < m.list_offset + height);
    }
    assert_eq!(m.list_offset, 21 - height);
}

#[test]
fn go_to_an_event_a_time_or_relative() {
    let mut m = bank(20);
    press(&mut m, &[Message::OpenGoto]);
    type_in(&mut m, "7");
    assert_eq!((m.cursor, m.overlay.is_none()), (7, true));
    press(&mut m, &[Message::OpenGoto]);
    type_in(&mut m, "+3");
    assert_eq!(m.cursor, 10);
    press(&mut m, &[Message::OpenGoto]);
    type_in(&mut m, "-10");
    assert_eq!(m.cursor, 0);
    press(&mut m, &[Message::OpenGoto]);
    type_in(&mut m, "2024-03-03");
    assert_eq!(m.cursor, 11, "the end of March 3");
    press(&mut m, &[Message::OpenGoto]);
    type_in(&mut m, "2024-03-02T10:00:00Z");
    assert_eq!(m.cursor, 7);
    press(&mut m, &[Message::OpenGoto]);
    type_in(&mut m, "21");
    let Some(Overlay::Prompt(p)) = &m.overlay else {
        panic!("the prompt stays open");
    };
    assert!(p.error.as_deref().unwrap().contains("out of range"));
    press(&mut m, &[Message::ClearInput]);
    type_in(&mut m, "yesterday");
    assert_eq!(m.cursor, 7);
    press(&mut m, &[Message::Cancel]);
    assert!(
        m.overlay.is_none() && !m.quit,
        "Esc closes the prompt first"
    );
}

#[test]
fn the_account_filter_steps_through_one_account() {
    let mut m = bank(14);
    assert_eq!(m.focused_account(), m.index().lookup("acc-alice"));
    press(&mut m, &[Message::ToggleAccountFilter]);
    let alice_events = vec![1, 3, 6, 13, 14, 15, 20];
    assert_eq!(m.filter.as_ref().unwrap().events, alice_events);
    press(&mut m, &[Message::Down]);
    assert_eq!(m.cursor, 15);
    press(&mut m, &[Message::Down]);
    assert_eq!(m.cursor, 20);
    press(&mut m, &[Message::First, Message::Forward]);
    assert_eq!(m.cursor, 1);
    press(&mut m, &[Message::OpenGoto]);
    type_in(&mut m, "16");
    assert_eq!(m.cursor, 16);
    assert!(
        m.filter.is_none(),
        "going to a hidden event shows all events"
    );
    press(
        &mut m,
        &[Message::ToggleAccountFilter, Message::ToggleAccountFilter],
    );
    assert!(m.filter.is_none());
}

#[test]
fn picking_and_moving_the_focused_account() {
    let mut m = bank(20);
    press(&mut m, &[Message::OpenAccountPicker]);
    for c in "carol".chars() {
        update(&mut m, Message::Input(c));
    }
    press(&mut m, &[Message::Submit]);
    assert_eq!(m.pinned, m.index().lookup("acc-carol"));
    press(&mut m, &[Message::FocusNext]);
    assert_eq!(m.focus, Pane::Accounts);
    press(&mut m, &[Message::Down]);
    assert_eq!(m.pinned, m.index().lookup("acc-dave"));
    assert_eq!(m.cursor, 20, "moving between accounts keeps the cursor");
    press(
        &mut m,
        &[Message::OpenAccountPicker, Message::PageUp, Message::Submit],
    );
    assert_eq!(m.pinned, None, "row 0 follows the cursor again");
    press(&mut m, &[Message::FocusPrev, Message::FocusPrev]);
    assert_eq!(m.focus, Pane::Detail);
    press(&mut m, &[Message::Down, Message::Down]);
    assert_eq!(
        (m.detail_scroll, m.cursor),
        (1, 20),
        "the detail pane stops at its last line"
    );
}

#[test]
fn help_quit_and_escape() {
    let mut m = classic(None);
    press(&mut m, &[Message::Help]);
    assert!(matches!(m.overlay, Some(Overlay::Help { .. })));
    press(&mut m, &[Message::Down, Message::Cancel]);
    assert!(m.overlay.is_none() && !m.quit);
    press(&mut m, &[Message::Help, Message::Help]);
    assert!(m.overlay.is_none());
    press(&mut m, &[Message::OpenSearch, Message::Quit]);
    assert!(m.quit, "Ctrl-C quits from a prompt");
    let mut m = classic(None);
    press(&mut m, &[Message::Cancel]);
    assert!(
        !m.quit,
        "Esc with nothing open does nothing: it never quits"
    );
}
