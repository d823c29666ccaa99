//! What-if in the model: `x` takes an event out of history and puts it
//! back, `X` lists the skipped events; every list that names accounts or
//! events follows; a saved session is put back.

use super::{balance, bank};
use crate::replay::session::{SavedBreakpoint, Session};
use crate::tui::message::Message;
use crate::tui::model::Overlay;
use crate::tui::tests::{press, screen, type_in};
use crate::tui::update::update;

#[test]
fn skipping_the_overdraft_takes_its_warning_away_and_the_balance_after_it_up() {
    let mut m = bank(14);
    assert_eq!(balance(&m, "acc-alice").as_deref(), Some("-350.00"));
    assert_eq!(m.diag_count.warnings, 1);
    press(&mut m, &[Message::ToggleSkip]);
    assert_eq!(m.skipped(), 1);
    assert_eq!(balance(&m, "acc-alice").as_deref(), Some("1300.00"));
    assert_eq!((m.diag_count.warnings, m.diag_events.len()), (0, 0));
    let notice = m
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert_eq!(notice, "event 14 skipped (x puts it back)");
    let what_if = m.what_if.as_ref().map(|w| w.describe());
    assert_eq!(what_if.as_deref(), Some("what-if: 1 event skipped"));
    // The log as written is still there, beside it.
    let alice = m.written().lookup("acc-alice").unwrap();
    assert_eq!(
        m.written()
            .account_at(alice, 15)
            .unwrap()
            .balance
            .to_string(),
        "250.00"
    );
    press(&mut m, &[Message::Forward]);
    assert_eq!(balance(&m, "acc-alice").as_deref(), Some("1900.00"));
    // x on it again puts it back.
    press(&mut m, &[Message::Back, Message::ToggleSkip]);
    assert_eq!(m.skipped(), 0);
    assert!(m.what_if.is_none());
    assert_eq!(m.diag_count.warnings, 1);
}

#[test]
fn the_skipped_list_puts_one_or_all_back_and_goes_to_them() {
    let mut m = bank(14);
    press(
        &mut m,
        &[
            Message::ToggleSkip,
            Message::Back,
            Message::Back,
            Message::ToggleSkip,
        ],
    );
    assert_eq!(m.what_if.as_ref().unwrap().skips.events(), [12, 14]);
    press(&mut m, &[Message::OpenSkipped]);
    assert!(matches!(m.overlay, Some(Overlay::Skipped(_))));
    press(&mut m, &[Message::Down, Message::Submit]);
    assert_eq!((m.cursor, m.overlay.is_none()), (14, true));
    // The list opens on the skipped event at or after the cursor.
    press(&mut m, &[Message::OpenSkipped, Message::Remove]);
    assert_eq!(m.what_if.as_ref().unwrap().skips.events(), [12]);
    press(&mut m, &[Message::RemoveAll]);
    assert!(m.what_if.is_none());
    assert!(matches!(m.overlay, Some(Overlay::Skipped(_))));
}

#[test]
fn nothing_to_skip_before_the_first_event_or_while_loading() {
    let mut m = bank(0);
    press(&mut m, &[Message::ToggleSkip]);
    assert_eq!(m.skipped(), 0);
    let mut m = bank(3);
    m.loading = Some(crate::tui::model::Loading {
        progress: crate::replay::Progress { done: 1, total: 2 },
        rate: 1.0,
    });
    press(&mut m, &[Message::ToggleSkip]);
    assert_eq!(m.skipped(), 0);
    assert!(m
        .notice
        .as_ref()
        .unwrap()
        .text
        .contains("wait for the load"));
}

/// Skipping the event that opened an account renumbers the accounts: what
/// names one (the focus, `f`, a breakpoint) follows it by name.
#[test]
fn the_focused_account_and_breakpoints_follow_their_account_by_name() {
    let mut m = bank(3);
    update(&mut m, Message::OpenBreakpointPrompt);
    type_in(&mut m, "account acc-bob");
    press(&mut m, &[Message::ToggleAccountFilter]);
    assert_eq!(m.index().account_name(m.pinned.unwrap()), "acc-alice");
    press(&mut m, &[Message::First, Message::Forward]);
    // Event 1 opened acc-alice, the first account.
    press(&mut m, &[Message::ToggleSkip]);
    let index = m.index();
    assert_eq!(index.account_name(m.pinned.unwrap()), "acc-alice");
    assert_eq!(
        index.account_name(m.filter.as_ref().unwrap().account),
        "acc-alice"
    );
    assert_eq!(
        m.breakpoints[0].condition.describe(index),
        "an event touches acc-bob"
    );
}

#[test]
fn a_session_is_put_back_with_its_numbers() {
    let mut m = bank(20);
    let saved = Session {
        version: 1,
        cursor: 15,
        marks: [('a', 14)].into_iter().collect(),
        breakpoints: vec![
            SavedBreakpoint {
                number: 3,
                enabled: false,
                condition: "balance acc-alice < 0".into(),
            },
            SavedBreakpoint {
                number: 5,
                enabled: true,
                condition: "type Nonsense".into(),
            },
        ],
        breakpoints_added: 5,
        skipped: vec![14, 99],
        account: Some("acc-bob".into()),
        ..Session::default()
    };
    super::super::session::restore(&mut m, saved, true);
    assert_eq!(m.cursor, 15);
    assert_eq!(m.what_if.as_ref().unwrap().skips.events(), [14]);
    assert_eq!(m.breakpoints.len(), 1);
    assert_eq!(
        (m.breakpoints[0].number, m.breakpoints[0].enabled),
        (3, false)
    );
    assert_eq!(m.index().account_name(m.pinned.unwrap()), "acc-bob");
    let notice = m.notice.as_ref().unwrap().text.clone();
    assert!(
        notice.starts_with("session restored: 1 mark, 1 breakpoint, 1 skipped"),
        "{notice}"
    );
    assert!(notice.contains("breakpoint 5"), "{notice}");
    // The next breakpoint added gets the next number.
    update(&mut m, Message::OpenBreakpointPrompt);
    type_in(&mut m, "error");
    assert_eq!(m.breakpoints.last().unwrap().number, 6);
}

#[test]
fn the_what_if_screen() {
    let mut m = bank(14);
    press(&mut m, &[Message::ToggleSkip, Message::Forward]);
    insta::assert_snapshot!("what_if_n15", screen(&m));
    press(&mut m, &[Message::OpenSkipped]);
    insta::assert_snapshot!("what_if_list", screen(&m));
}

#[test]
fn at_80_by_24_the_what_if_balance_drops_its_words_rather_than_its_digits() {
    let mut m = crate::tui::tests::sample("bank.jsonl", Some(14), 80, 24);
    press(&mut m, &[Message::ToggleSkip, Message::Forward]);
    insta::assert_snapshot!("what_if_80x24", screen(&m));
}

/// A skipped chargeback still says which deposit it refers to (as written),
/// and a wide State pane shows each total as written beside the what-if one.
#[test]
fn a_skipped_reference_keeps_its_target_and_wide_panes_say_what_if() {
    let log = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-logs/payments-engine.csv"
    ))
    .unwrap();
    let schema = crate::schema::Schema::preset("payments").unwrap().unwrap();
    let mut m =
        crate::tui::model::Model::from_log_with(&log, schema, "payments-engine.csv".into(), 11);
    update(
        &mut m,
        Message::Resize {
            width: 200,
            height: 40,
        },
    );
    press(&mut m, &[Message::ToggleSkip]);
    assert_eq!(m.skipped(), 1);
    let shown = crate::tui::tests::text(&m);
    assert!(shown.contains("refers to event 2 (tx 2)"), "{shown}");
    assert!(shown.contains("0.0 → what-if 5.0"), "{shown}");
    press(&mut m, &[Message::GoToReferred]);
    assert_eq!(m.cursor, 2);
}
