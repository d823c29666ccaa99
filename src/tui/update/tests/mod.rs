//! `update` is pure: each test builds a model, applies actions and looks at
//! the model. No terminal is involved.

mod finding;
mod safety;

use super::update;
use crate::tui::action::Action;
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
    press(&mut m, &[Action::First]);
    assert_eq!((m.cursor, balance(&m, "default")), (0, None));
    press(&mut m, &[Action::Back]);
    assert_eq!(m.cursor, 0, "stops at N = 0");
    press(&mut m, &[Action::Down]);
    assert_eq!(balance(&m, "default").as_deref(), Some("1000"));
    press(&mut m, &[Action::Forward]);
    assert_eq!(balance(&m, "default").as_deref(), Some("1500"));
    press(&mut m, &[Action::Last]);
    assert_eq!(
        (m.cursor, balance(&m, "default").as_deref()),
        (3, Some("1300"))
    );
    press(&mut m, &[Action::Down]);
    assert_eq!(m.cursor, 3, "stops at the last event");
    press(&mut m, &[Action::Up]);
    assert_eq!(m.cursor, 2);
}

#[test]
fn pages_are_the_list_height() {
    let mut m = sample("every-diagnostic.jsonl", Some(0), 80, 20);
    let page = super::nav::page(&m) as u32;
    assert!(page > 1 && page < 18);
    press(&mut m, &[Action::PageDown]);
    assert_eq!(m.cursor, page);
    press(&mut m, &[Action::PageDown, Action::PageDown]);
    assert_eq!(m.cursor, 18);
    press(&mut m, &[Action::PageUp]);
    assert_eq!(m.cursor, 18 - page);
}

#[test]
fn the_list_scrolls_to_keep_the_cursor_in_sight() {
    let mut m = sample("bank.jsonl", Some(0), 80, 20);
    let height = crate::tui::layout::areas(&m).unwrap().list_height();
    for _ in 0..20 {
        press(&mut m, &[Action::Down]);
        let row = m.cursor as usize;
        assert!(row >= m.list_offset && row < m.list_offset + height);
    }
    assert_eq!(m.list_offset, 21 - height);
}

#[test]
fn go_to_an_event_a_time_or_relative() {
    let mut m = bank(20);
    press(&mut m, &[Action::OpenGoto]);
    type_in(&mut m, "7");
    assert_eq!((m.cursor, m.overlay.is_none()), (7, true));
    press(&mut m, &[Action::OpenGoto]);
    type_in(&mut m, "+3");
    assert_eq!(m.cursor, 10);
    press(&mut m, &[Action::OpenGoto]);
    type_in(&mut m, "-20");
    assert_eq!(m.cursor, 0);
    press(&mut m, &[Action::OpenGoto]);
    type_in(&mut m, "2024-03-03");
    assert_eq!(m.cursor, 11, "the end of March 3");
    press(&mut m, &[Action::OpenGoto]);
    type_in(&mut m, "2024-03-02T10:00:00Z");
    assert_eq!(m.cursor, 7);
    press(&mut m, &[Action::OpenGoto]);
    type_in(&mut m, "21");
    let Some(Overlay::Prompt(p)) = &m.overlay else {
        panic!("the prompt stays open");
    };
    assert!(p.error.as_deref().unwrap().contains("out of range"));
    press(&mut m, &[Action::ClearInput]);
    type_in(&mut m, "yesterday");
    assert_eq!(m.cursor, 7);
    press(&mut m, &[Action::Cancel]);
    assert!(
        m.overlay.is_none() && !m.quit,
        "Esc closes the prompt first"
    );
}

#[test]
fn the_account_filter_steps_through_one_account() {
    let mut m = bank(14);
    assert_eq!(m.focused_account(), m.index().lookup("acc-alice"));
    press(&mut m, &[Action::ToggleAccountFilter]);
    let alice_events = vec![1, 3, 6, 13, 14, 15, 20];
    assert_eq!(m.filter.as_ref().unwrap().events, alice_events);
    press(&mut m, &[Action::Down]);
    assert_eq!(m.cursor, 15);
    press(&mut m, &[Action::Down]);
    assert_eq!(m.cursor, 20);
    press(&mut m, &[Action::First, Action::Forward]);
    assert_eq!(m.cursor, 1);
    press(&mut m, &[Action::OpenGoto]);
    type_in(&mut m, "16");
    assert_eq!(m.cursor, 16);
    assert!(
        m.filter.is_none(),
        "going to a hidden event shows all events"
    );
    press(
        &mut m,
        &[Action::ToggleAccountFilter, Action::ToggleAccountFilter],
    );
    assert!(m.filter.is_none());
}

#[test]
fn picking_and_moving_the_focused_account() {
    let mut m = bank(20);
    press(&mut m, &[Action::OpenAccountPicker]);
    for c in "carol".chars() {
        update(&mut m, Action::Input(c));
    }
    press(&mut m, &[Action::Submit]);
    assert_eq!(m.pinned, m.index().lookup("acc-carol"));
    press(&mut m, &[Action::FocusNext]);
    assert_eq!(m.focus, Pane::Accounts);
    press(&mut m, &[Action::Down]);
    assert_eq!(m.pinned, m.index().lookup("acc-dave"));
    assert_eq!(m.cursor, 20, "moving between accounts keeps the cursor");
    press(
        &mut m,
        &[Action::OpenAccountPicker, Action::PageUp, Action::Submit],
    );
    assert_eq!(m.pinned, None, "row 0 follows the cursor again");
    press(&mut m, &[Action::FocusPrev, Action::FocusPrev]);
    assert_eq!(m.focus, Pane::Detail);
    press(&mut m, &[Action::Down, Action::Down]);
    assert_eq!((m.detail_scroll, m.cursor), (2, 20));
}

#[test]
fn help_quit_and_escape() {
    let mut m = classic(None);
    press(&mut m, &[Action::Help]);
    assert!(matches!(m.overlay, Some(Overlay::Help { .. })));
    press(&mut m, &[Action::Down, Action::Cancel]);
    assert!(m.overlay.is_none() && !m.quit);
    press(&mut m, &[Action::Help, Action::Help]);
    assert!(m.overlay.is_none());
    press(&mut m, &[Action::OpenSearch, Action::Quit]);
    assert!(m.quit, "Ctrl-C quits from a prompt");
    let mut m = classic(None);
    press(&mut m, &[Action::Cancel]);
    assert!(m.quit, "Esc with nothing open quits");
}
