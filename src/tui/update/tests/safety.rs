//! The mouse, and robustness: empty and broken logs, any key sequence.

use super::bank;
use crate::tui::message::Message;
use crate::tui::model::Pane;
use crate::tui::tests::{model_of, press, sample};
use crate::tui::update::update;
use proptest::prelude::*;

#[test]
fn clicks_and_the_wheel() {
    let mut m = bank(20);
    let areas = crate::tui::layout::areas(&m).unwrap();
    // The list body starts under the border and the header.
    let row_y = |row: u16| areas.events.y + 2 + row;
    press(&mut m, &[Message::First]);
    update(
        &mut m,
        Message::Click {
            column: areas.events.x + 5,
            row: row_y(4),
        },
    );
    assert_eq!(m.cursor, 4);
    update(
        &mut m,
        Message::Click {
            column: areas.state.x + 3,
            row: areas.state.y + 3,
        },
    );
    assert_eq!((m.focus, m.pinned), (Pane::Accounts, Some(1)));
    let (x, width) = crate::tui::layout::scrub_span(areas.timeline);
    let bar = crate::tui::layout::scrub_row(areas.timeline);
    update(
        &mut m,
        Message::Click {
            column: x + width - 1,
            row: bar,
        },
    );
    assert_eq!(m.cursor, 20);
    update(
        &mut m,
        Message::Click {
            column: x,
            row: bar,
        },
    );
    assert_eq!(m.cursor, 0);
    update(
        &mut m,
        Message::ScrollDown {
            column: areas.events.x + 5,
            row: row_y(1),
        },
    );
    let most = 21 - areas.list_height();
    assert_eq!(
        (m.cursor, m.list_offset),
        (0, 3.min(most)),
        "the wheel scrolls, the cursor stays"
    );
    update(
        &mut m,
        Message::ScrollDown {
            column: areas.timeline.x + 5,
            row: bar + 1,
        },
    );
    assert_eq!(m.cursor, 1, "the wheel on the timeline steps");
}

#[test]
fn empty_and_broken_logs_take_every_message() {
    for log in [&b""[..], b"not json\n{\n", b"[]", b"[1, 2"] {
        let mut m = model_of(log, "x", None, 100, 30);
        assert_eq!(m.cursor, 0);
        for message in every_message() {
            update(&mut m, message);
            m.quit = false;
            assert_eq!(m.cursor, 0);
            let _ = crate::tui::tests::text(&m);
        }
    }
}

/// One of each message, with the text ones spelled out.
fn every_message() -> Vec<Message> {
    use Message::*;
    let mut all = vec![
        Back,
        Forward,
        Up,
        Down,
        PageUp,
        PageDown,
        First,
        Last,
        SearchNext,
        SearchPrev,
        NextDiagnostic,
        PrevDiagnostic,
        CycleDiagnostics,
        ToggleAccountFilter,
        FocusNext,
        FocusPrev,
        RunForward,
        RunBackward,
        Help,
        Cancel,
        OpenDiagnostics,
        Submit,
        Down,
        Cancel,
        OpenBreakpoints,
        Remove,
        Toggle,
        Submit,
        Cancel,
        OpenAccountPicker,
        Input('x'),
        Submit,
        StartMark,
        Letter('a'),
        StartJump,
        Letter('a'),
        StartCompare,
        Letter('a'),
        Down,
        Submit,
        OpenGoto,
        Input('5'),
        Submit,
        Cancel,
        OpenSearch,
        Input('a'),
        Submit,
        Erase,
        Submit,
        OpenBreakpointPrompt,
        Input('e'),
        Input('r'),
        Input('r'),
        Input('o'),
        Input('r'),
        Submit,
        RunForward,
        Click { column: 5, row: 5 },
        ScrollUp { column: 5, row: 5 },
        ScrollDown { column: 80, row: 5 },
        Resize {
            width: 10,
            height: 5,
        },
        Down,
        Help,
        Resize {
            width: 100,
            height: 30,
        },
        Cancel,
        Quit,
    ];
    // Issue 14's keys.
    all.extend([
        HalfPageDown,
        HalfPageUp,
        Count(1),
        Count(2),
        Last,
        Count(9),
        Down,
        JumpBack,
        JumpForward,
        StartJump,
        Letter('\''),
        Redraw,
        Unbound {
            code: ratatui::crossterm::event::KeyCode::F(5),
            ctrl: false,
        },
    ]);
    all.extend([
        Resize {
            width: 0,
            height: 0,
        },
        Last,
        Resize {
            width: 100,
            height: 30,
        },
    ]);
    all
}

fn arbitrary_message() -> impl Strategy<Value = Message> {
    let all = every_message();
    (0..all.len(), 0u16..140, 0u16..50).prop_map(move |(i, x, y)| match all[i] {
        Message::Click { .. } => Message::Click { column: x, row: y },
        Message::ScrollDown { .. } => Message::ScrollDown { column: x, row: y },
        Message::Resize { .. } => Message::Resize {
            width: x,
            height: y,
        },
        other => other,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever is pressed, nothing panics, the cursor stays in 0..=T and
    /// the screen can be drawn.
    #[test]
    fn any_key_sequence_is_safe(
        log in prop::sample::select(vec!["bank.jsonl", "every-diagnostic.jsonl", "classic.jsonl", "bank-array.json"]),
        messages in prop::collection::vec(arbitrary_message(), 1..60),
    ) {
        let mut m = sample(log, None, 100, 30);
        for message in messages {
            update(&mut m, message);
            m.quit = false;
            prop_assert!(m.cursor <= m.total());
            if let Some(filter) = &m.filter {
                prop_assert!(m.cursor == 0 || filter.events.binary_search(&m.cursor).is_ok());
            }
        }
        let _ = crate::tui::tests::text(&m);
    }
}
