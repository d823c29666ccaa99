//! Issue 14's keys, pressed as the terminal sends them (through the
//! keymap): nothing quits while something is open, `m` `'` `d` wait for
//! their letter, ends agree, the jump list, counts and familiar motions.

use super::bank;
use crate::tui::keymap::message_for;
use crate::tui::message::Message;
use crate::tui::model::{HelpView, Model, Overlay};
use crate::tui::tests::type_in;
use crate::tui::update::update;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Presses keys as the terminal sends them: a character, or a named key.
fn keys(model: &mut Model, keys: &[KeyCode]) {
    for &code in keys {
        let modifiers = KeyModifiers::NONE;
        let event = KeyEvent::new_with_kind(code, modifiers, KeyEventKind::Press);
        if let Some(message) = message_for(model.context(), event) {
            update(model, message);
        }
    }
}

fn ctrl(model: &mut Model, c: char) {
    let event =
        KeyEvent::new_with_kind(KeyCode::Char(c), KeyModifiers::CONTROL, KeyEventKind::Press);
    if let Some(message) = message_for(model.context(), event) {
        update(model, message);
    }
}

fn typed(model: &mut Model, text: &str) {
    let codes: Vec<KeyCode> = text.chars().map(KeyCode::Char).collect();
    keys(model, &codes);
}

fn notice(model: &Model) -> String {
    model
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

const Q: KeyCode = KeyCode::Char('q');
const ESC: KeyCode = KeyCode::Esc;

#[test]
fn q_and_esc_close_every_overlay_before_anything_quits() {
    for opener in ['?', 'D', 'B', 'a', ':', '/', 'b'] {
        for closer in [Q, ESC] {
            let mut m = bank(5);
            typed(&mut m, &opener.to_string());
            assert!(m.overlay.is_some(), "{opener} opens something");
            keys(&mut m, &[closer]);
            let text_prompt = matches!(m.overlay, Some(Overlay::Prompt(_) | Overlay::Picker(_)));
            if closer == Q && text_prompt {
                // q is text in a prompt; Esc closes it.
                keys(&mut m, &[ESC]);
            }
            assert!(
                m.overlay.is_none() && !m.quit,
                "{opener} then {closer:?} closes and does not quit"
            );
            keys(&mut m, &[Q]);
            assert!(m.quit, "then q quits");
        }
    }
}

#[test]
fn esc_with_nothing_open_never_quits_and_q_does() {
    let mut m = bank(5);
    keys(&mut m, &[ESC, ESC, ESC]);
    assert!(!m.quit);
    keys(&mut m, &[Q]);
    assert!(m.quit);
}

#[test]
fn m_quote_and_d_wait_for_their_letter_even_with_no_marks() {
    for start in ['\'', 'd', 'm'] {
        let mut m = bank(5);
        typed(&mut m, &start.to_string());
        assert!(m.pending.is_some(), "{start} waits");
        keys(&mut m, &[Q]);
        assert!(!m.quit, "{start} q does not quit");
        if start != 'm' {
            assert!(notice(&m).contains("no mark q"), "{}", notice(&m));
        }
        typed(&mut m, &format!("{start}a"));
        assert!(m.overlay.is_none(), "{start} a does not open the picker");
        if start != 'm' {
            assert!(notice(&m).contains("no mark a"), "{}", notice(&m));
        }
    }
}

#[test]
fn a_digit_is_not_a_mark() {
    let mut m = bank(5);
    typed(&mut m, "m1");
    assert!(m.marks.is_empty());
    assert!(notice(&m).contains("marks are letters"), "{}", notice(&m));
}

#[test]
fn the_detail_pane_stops_at_its_end() {
    let mut m = bank(20);
    keys(&mut m, &[KeyCode::BackTab]);
    for _ in 0..40 {
        keys(&mut m, &[KeyCode::Down]);
    }
    let most = crate::tui::update::nav::detail_scroll_max(&m);
    assert_eq!(m.detail_scroll, most);
    assert!(most < 5, "the last line is in sight, not a blank pane");
    let shown = crate::tui::tests::text(&m);
    assert!(shown.contains("\"to_account\": \"acc-bob\""), "{shown}");
}

#[test]
fn goto_past_either_end_is_refused_alike() {
    for (text, at) in [("21", 20), ("-21", 20), ("+1", 20), ("-11", 10)] {
        let mut m = bank(at);
        typed(&mut m, ":");
        type_in(&mut m, text);
        let Some(Overlay::Prompt(p)) = &m.overlay else {
            panic!(":{text} keeps the prompt open");
        };
        let error = p.error.clone().unwrap_or_default();
        assert!(
            error.contains("out of range") && error.contains("20 events"),
            "{error}"
        );
        assert_eq!(m.cursor, at);
    }
}

#[test]
fn goto_takes_a_time_without_seconds_and_lists_every_form() {
    let mut m = bank(0);
    typed(&mut m, ":");
    type_in(&mut m, "2024-03-04 08:00");
    assert!(m.overlay.is_none(), "accepted");
    assert_eq!(m.cursor, 12, "the last event at or before 08:00 on March 4");
    typed(&mut m, ":");
    type_in(&mut m, "tomorrow-ish");
    let Some(Overlay::Prompt(p)) = &m.overlay else {
        panic!("refused");
    };
    let error = p.error.clone().unwrap_or_default();
    for form in [
        "+k",
        "-k",
        "2024-03-02 09:30:00",
        "2024-03-02 09:30",
        "2024-03-02T09:30:00Z",
    ] {
        assert!(error.contains(form), "{form} in {error}");
    }
}

#[test]
fn e_and_n_both_wrap_and_say_so() {
    let mut m = bank(20);
    typed(&mut m, "e");
    assert_eq!(m.cursor, 14, "the only diagnostic, round from the end");
    assert!(notice(&m).contains("wrapped"), "{}", notice(&m));
    typed(&mut m, "/");
    type_in(&mut m, "acc-dave");
    keys(&mut m, &[KeyCode::Char('G'), KeyCode::Char('n')]);
    assert_eq!(m.cursor, 9);
    assert!(notice(&m).contains("wrapped"), "{}", notice(&m));
}

#[test]
fn end_in_the_help_reaches_its_end() {
    let mut m = bank(5);
    typed(&mut m, "?");
    keys(&mut m, &[KeyCode::End]);
    let Some(Overlay::Help(HelpView { scroll, .. })) = m.overlay else {
        panic!("help is open");
    };
    let most = crate::tui::layout::help_scroll_max(&m);
    assert!(most > 0);
    assert_eq!(scroll, most);
    keys(&mut m, &[KeyCode::Home]);
    assert!(matches!(
        m.overlay,
        Some(Overlay::Help(HelpView { scroll: 0, .. }))
    ));
}

#[test]
fn the_jump_list_goes_back_and_forward() {
    let mut m = bank(3);
    typed(&mut m, ":");
    type_in(&mut m, "15"); // 3 → 15
    typed(&mut m, "G"); // 15 → 20
    typed(&mut m, "e"); // 20 → 14 (wraps)
    keys(&mut m, &[KeyCode::Down]); // a step is not a jump: 15
    assert_eq!(m.cursor, 15);
    let back = ctrl_times(&mut m, 'o', 4);
    assert_eq!(
        back,
        [20, 15, 3, 3],
        "where e, G and : left from; nothing older"
    );
    let forward = ctrl_times(&mut m, 'n', 4);
    assert_eq!(
        forward,
        [15, 20, 15, 15],
        "retraced up to where Ctrl-O began"
    );
    // A mark and g are jumps too.
    walk(&mut m, &[("ma", 15), ("g", 0), ("'a", 15)]);
    ctrl(&mut m, 'o');
    assert_eq!(m.cursor, 0);
}

/// Presses Ctrl-`c` `times` times; where the cursor was after each.
fn ctrl_times(model: &mut Model, c: char, times: usize) -> Vec<u32> {
    (0..times)
        .map(|_| {
            ctrl(model, c);
            model.cursor
        })
        .collect()
}

/// Types each text in turn, checking where the cursor ends up after it.
fn walk(model: &mut Model, steps: &[(&str, u32)]) {
    for &(text, at) in steps {
        typed(model, text);
        assert_eq!(model.cursor, at, "after {text}");
    }
}

#[test]
fn quote_quote_toggles_with_the_position_before_the_last_jump() {
    let mut m = bank(4);
    // No jump yet, then G, then '' back and forth.
    walk(
        &mut m,
        &[("''", 4), ("G", 20), ("''", 4), ("''", 20), ("''", 4)],
    );
    // After Ctrl-O, '' returns to where Ctrl-O left.
    walk(&mut m, &[("g", 0)]);
    ctrl(&mut m, 'o');
    assert_eq!(m.cursor, 4);
    walk(&mut m, &[("''", 0), ("''", 4)]);
}

#[test]
fn a_click_on_a_row_is_a_jump() {
    let mut m = bank(20);
    let areas = crate::tui::layout::areas(&m).unwrap();
    let row = areas.events.y + 2 + 3; // the fourth row shown
    update(
        &mut m,
        Message::Click {
            column: areas.events.x + 5,
            row,
        },
    );
    let clicked = m.cursor;
    assert_ne!(clicked, 20);
    ctrl(&mut m, 'o');
    assert_eq!(m.cursor, 20);
}

#[test]
fn counts_move_that_far_and_show_while_typed() {
    let mut m = bank(0);
    typed(&mut m, "1");
    typed(&mut m, "5");
    assert!(notice(&m).contains("count 15"), "{}", notice(&m));
    let shown = crate::tui::tests::text(&m);
    assert!(shown.contains("count 15"), "the status line shows it");
    typed(&mut m, "G");
    assert_eq!(m.cursor, 15);
    typed(&mut m, "3k");
    assert_eq!(m.cursor, 12);
    keys(&mut m, &[KeyCode::Char('4'), KeyCode::Down]);
    assert_eq!(m.cursor, 16);
    typed(&mut m, "99G");
    assert_eq!(m.cursor, 20, "past the end: the last event");
    assert!(notice(&m).contains("past the end"));
    typed(&mut m, "5");
    keys(&mut m, &[ESC]);
    assert_eq!((m.count, m.quit), (None, false), "Esc cancels a count");
    typed(&mut m, "j");
    assert_eq!(m.cursor, 20);
    typed(&mut m, "0G");
    assert_eq!(m.cursor, 0);
}

#[test]
fn half_pages_pages_and_space() {
    let mut m = bank(0);
    let page = crate::tui::update::nav::page(&m) as u32;
    ctrl(&mut m, 'd');
    assert_eq!(m.cursor, (page / 2).max(1));
    ctrl(&mut m, 'u');
    assert_eq!(m.cursor, 0);
    ctrl(&mut m, 'f');
    assert_eq!(m.cursor, page);
    ctrl(&mut m, 'b');
    assert_eq!(m.cursor, 0);
    typed(&mut m, " ");
    assert_eq!(m.cursor, page);
}

#[test]
fn an_unbound_key_says_so_and_ctrl_l_redraws() {
    let mut m = bank(5);
    typed(&mut m, "z");
    assert_eq!(notice(&m), "no key z; ? for help");
    ctrl(&mut m, 'l');
    assert!(m.redraw);
    typed(&mut m, "?");
    typed(&mut m, "z");
    assert!(notice(&m).contains("no key z"), "{}", notice(&m));
    assert!(m.overlay.is_some());
}

#[test]
fn every_new_key_is_in_the_help() {
    let help: String = crate::tui::view::help_lines()
        .iter()
        .map(|l| l.to_string() + "\n")
        .collect();
    for key in [
        "Ctrl-O", "Ctrl-N", "Ctrl-D", "Ctrl-U", "Ctrl-F", "Ctrl-B", "Space", "Ctrl-L", "0–9", "''",
    ] {
        assert!(help.contains(key), "{key} in the help:\n{help}");
    }
}

/// The help overlay, if open.
fn help(model: &Model) -> HelpView {
    match &model.overlay {
        Some(Overlay::Help(view)) => view.clone(),
        other => panic!("the help is not open: {other:?}"),
    }
}

#[test]
fn slash_in_the_help_finds_and_esc_clears_before_it_closes() {
    let mut m = bank(5);
    typed(&mut m, "?/jump");
    let view = help(&m);
    assert!(view.typing && view.find == "jump");
    let lines = crate::tui::update::help::matching_lines("jump");
    assert!(lines.len() >= 3, "{lines:?}");
    assert_eq!(view.hit, Some(lines[0]));
    let shown = crate::tui::tests::text(&m);
    assert!(shown.contains("lines match"), "{shown}");
    keys(&mut m, &[KeyCode::Enter]);
    typed(&mut m, "n");
    assert_eq!(help(&m).hit, Some(lines[1]), "n: the next line found");
    typed(&mut m, "N");
    assert_eq!(help(&m).hit, Some(lines[0]));
    keys(&mut m, &[ESC]);
    assert!(help(&m).find.is_empty(), "Esc clears the search first");
    keys(&mut m, &[ESC]);
    assert!(m.overlay.is_none() && !m.quit, "then closes");
    // q typed while searching is text, not a quit.
    typed(&mut m, "?/q");
    assert_eq!(help(&m).find, "q");
    assert!(!m.quit);
}
