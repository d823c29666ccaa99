//! The settings file: key bindings that change the keys, the help and the
//! status line; keys read back as the help writes them; the default file.

use super::*;
use crate::tui::message::Message;
use crate::tui::tests::{sample, text};
use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

fn press(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn a_file_that_swaps_j_and_k_changes_the_keys_and_the_help() {
    let config = parse("[keys.main]\nup = [\"j\", \"Up\"]\ndown = [\"k\", \"Down\"]\n").unwrap();
    let mut model = sample("classic.jsonl", Some(1), 110, 92);
    crate::tui::update(&mut model, Message::Help);
    let before = text(&model);
    assert!(
        before.contains("↑ k           one event back (State"),
        "{before}"
    );
    let _settings = config.install(true);
    assert_eq!(
        keymap::message_for(Context::Main, press('k')),
        Some(Message::Down)
    );
    assert_eq!(
        keymap::message_for(Context::Main, press('j')),
        Some(Message::Up)
    );
    // Other contexts keep theirs.
    assert_eq!(
        keymap::message_for(Context::List, press('j')),
        Some(Message::Down)
    );
    let help = text(&model);
    assert!(
        help.contains("j ↑           one event back (State"),
        "{help}"
    );
    assert!(
        help.contains("k ↓           one event forward (State"),
        "{help}"
    );
}

#[test]
fn every_key_reads_back_as_the_help_writes_it() {
    for binding in BINDINGS {
        for &key in binding.keys {
            assert_eq!(Key::parse(&key.label()), Some(key), "{}", key.label());
        }
    }
    let parsed = |s: &str| Key::parse(s).map(Key::label);
    assert_eq!(parsed("up").as_deref(), Some("↑"));
    assert_eq!(parsed("ctrl-o").as_deref(), Some("Ctrl-O"));
    assert_eq!(parsed("F5").as_deref(), Some("F5"));
    for bad in ["", "Ctrl-", "Ctrl-ab", "F13", "Hyper-x", "\u{7}"] {
        assert_eq!(Key::parse(bad), None, "{bad:?}");
    }
}

#[test]
fn the_default_file_reads_as_the_defaults() {
    let config = parse(&default_text()).unwrap();
    assert_eq!(config.theme, ThemeName::Dark);
    assert_eq!(config.zone, Some(Zone::Utc));
    assert_eq!(config.schema.as_deref(), Some("bank"));
    assert_eq!(config.bindings.len(), BINDINGS.len());
    for (a, b) in config.bindings.iter().zip(BINDINGS) {
        assert_eq!((a.keys, a.message), (b.keys, b.message));
    }
    let light = parse("theme = \"light\"\ntime_zone = \"local\"").unwrap();
    assert_eq!(
        (light.theme, light.zone),
        (ThemeName::Light, Some(Zone::Local))
    );
}

#[test]
fn an_empty_list_unbinds_an_action_and_the_help_leaves_it_out() {
    let config = parse("[keys.main]\ncopy_state = []\n").unwrap();
    let _settings = config.install(true);
    assert_eq!(
        keymap::message_for(Context::Main, press('Y')),
        Some(Message::Unbound {
            code: KeyCode::Char('Y'),
            ctrl: false
        })
    );
    let mut model = sample("classic.jsonl", Some(1), 110, 92);
    crate::tui::update(&mut model, Message::Help);
    assert!(!text(&model).contains("copy the state here"));
}

#[test]
fn the_status_line_names_the_help_key_in_force() {
    let config = parse("[keys.main]\nhelp = [\"F1\"]\n").unwrap();
    let _settings = config.install(true);
    let mut model = sample("classic.jsonl", Some(1), 110, 30);
    let shown = text(&model);
    assert!(shown.contains("F1 help  q quit"), "the hints: {shown}");
    let v = keymap::message_for(Context::Main, press('v')).unwrap();
    crate::tui::update(&mut model, v);
    let shown = text(&model);
    assert!(shown.contains("no key v; F1 for help"), "{shown}");
}

#[test]
fn the_help_title_and_a_pending_mark_name_the_keys_in_force() {
    let config =
        parse("[keys.help]\ncancel = [\"Esc\"]\n[keys.main]\nstart_mark = [\"M\"]\n").unwrap();
    let _settings = config.install(true);
    let mut model = sample("classic.jsonl", Some(1), 110, 40);
    crate::tui::update(&mut model, Message::Help);
    let shown = text(&model);
    assert!(shown.contains("Keys · Esc closes · / finds"), "{shown}");
    crate::tui::update(&mut model, Message::Cancel);
    crate::tui::update(&mut model, Message::StartMark);
    let shown = text(&model);
    assert!(
        shown.contains("M: press a letter to set a mark here (Esc cancels)"),
        "{shown}"
    );
}

#[test]
fn a_count_names_the_keys_in_force() {
    let config = parse("[keys.main]\ndown = [\"v\"]\n").unwrap();
    let _settings = config.install(true);
    let mut model = sample("classic.jsonl", Some(1), 110, 30);
    let five = keymap::message_for(Context::Main, press('5')).unwrap();
    crate::tui::update(&mut model, five);
    let notice = model
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert_eq!(
        notice,
        "count 5: End or G goes to event 5, v moves 5 (Esc cancels)"
    );
}
