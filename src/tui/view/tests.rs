//! The time column: one zone for every row, named in its header; the
//! detail pane's words for a rejected event; held funds and references.
//! The themes: no colour at all under NO_COLOR, and no colour outside the
//! theme's table.

use crate::tui::message::Message;
use crate::tui::tests::{model_of, sample, screen, text};
use crate::tui::update::update;
use crate::tui::view::{use_theme, Theme};
use ratatui::style::{Color, Modifier};

/// Times written in two offsets: 11:39 at +02:00 comes before 09:43 UTC.
const MIXED: &str = concat!(
    r#"{"type":"AccountOpened","account":"a","ts":"2024-03-01T11:39:00+02:00","data":{"initial_balance":1}}"#,
    "\n",
    r#"{"type":"MoneyDeposited","account":"a","ts":"2024-03-01T09:43:00Z","data":{"amount":2}}"#,
    "\n",
    r#"{"type":"MoneyDeposited","account":"a","ts":"2024-03-01T12:00:00+02:00","data":{"amount":3}}"#,
    "\n",
);

#[test]
fn the_list_shows_every_time_in_one_zone_and_the_detail_as_written() {
    let mut model = model_of(MIXED.as_bytes(), "mixed.jsonl", Some(1), 120, 30);
    let shown = text(&model);
    assert!(shown.contains("time (UTC)"), "{shown}");
    let at = |s: &str| {
        shown
            .find(s)
            .unwrap_or_else(|| panic!("no {s} in\n{shown}"))
    };
    assert!(
        at("03-01 09:39") < at("03-01 09:43") && at("03-01 09:43") < at("03-01 10:00"),
        "in order, in UTC: {shown}"
    );
    assert!(!shown.contains("03-01 11:39"), "{shown}");
    assert!(
        shown.contains("2024-03-01T11:39:00+02:00"),
        "the detail pane keeps the time as written: {shown}"
    );
    update(&mut model, Message::ToggleTimeZone);
    let shown = text(&model);
    assert!(shown.contains("time (local)"), "{shown}");
    assert!(shown.contains("times in the list: local"), "{shown}");
    update(&mut model, Message::ToggleTimeZone);
    assert!(text(&model).contains("time (UTC)"));
}

/// An event the schema's policy refused says which rule refused it; one
/// that is merely not applied says so.
#[test]
fn the_detail_pane_says_which_rule_rejected_an_event() {
    let bank =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/bank.toml")).unwrap();
    let schema = crate::schema::Schema::parse(
        &format!("{bank}\n[diagnostics]\noverdraft = \"reject\"\n"),
        crate::schema::Syntax::Toml,
        "rules.toml",
        "rules",
    )
    .unwrap();
    let log = concat!(
        r#"{"type":"AccountOpened","account":"a","data":{"initial_balance":1}}"#,
        "\n",
        r#"{"type":"MoneyWithdrawn","account":"a","data":{"amount":5}}"#,
        "\n",
        r#"{"type":"MoneyDeposited","account":"a","data":{}}"#,
        "\n",
    );
    let mut model = crate::tui::model::Model::from_log_with(
        log.as_bytes(),
        std::sync::Arc::new(schema),
        "rules.jsonl".into(),
        2,
    );
    update(
        &mut model,
        Message::Resize {
            width: 120,
            height: 30,
        },
    );
    let shown = text(&model);
    assert!(shown.contains("rejected: overdraft"), "{shown}");
    update(&mut model, Message::Forward);
    let shown = text(&model);
    assert!(shown.contains("not applied"), "{shown}");
    assert!(!shown.contains("rejected:"), "{shown}");
}

/// NO_COLOR (or `--color never`): not one cell has a colour, and the
/// cursor row and the errors are still seen, reversed and bold.
#[test]
fn the_plain_theme_draws_no_colour_and_keeps_the_cursor_and_errors_seen() {
    let _plain = use_theme(&Theme::PLAIN);
    let mut model = sample("bank.jsonl", Some(14), 110, 32);
    let backend = screen(&model);
    let buffer = backend.buffer();
    let mut reversed = 0;
    for cell in buffer.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
        if cell.modifier.contains(Modifier::REVERSED) {
            reversed += 1;
        }
    }
    assert!(
        reversed >= 40,
        "the cursor row is reversed: {reversed} cells"
    );
    // With styles: the text, then each change of style and where.
    insta::assert_snapshot!("plain_bank_n14", format!("{buffer:?}"));
    // The diagnostics list, its selected row and its severities.
    update(&mut model, Message::OpenDiagnostics);
    let backend = screen(&model);
    let buffer = backend.buffer();
    assert!(buffer
        .content()
        .iter()
        .all(|c| (c.fg, c.bg) == (Color::Reset, Color::Reset)));
    insta::assert_snapshot!("plain_diagnostics", format!("{buffer:?}"));
}

#[test]
fn the_light_theme_has_no_yellow_or_cyan_text() {
    let _light = use_theme(&Theme::LIGHT);
    let model = sample("bank.jsonl", Some(14), 110, 32);
    let backend = screen(&model);
    for cell in backend.buffer().content() {
        assert!(
            ![
                Color::Yellow,
                Color::Cyan,
                Color::LightYellow,
                Color::LightCyan
            ]
            .contains(&cell.fg),
            "{cell:?}"
        );
    }
    insta::assert_snapshot!("light_bank_n14", format!("{:?}", backend.buffer()));
}

/// Every colour comes from the theme: no view names one but `style.rs`.
#[test]
fn no_view_names_a_colour_outside_the_theme() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/tui/view");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "style.rs" || name == "tests.rs" || !name.ends_with(".rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.contains("Color::") || line.contains("Color}") || line.contains("style::Color")
            {
                found.push(format!("{name}:{}: {line}", i + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "colours outside view/style.rs:\n{}",
        found.join("\n")
    );
}

/// The payments sample at 80×24: the State pane shows each client's
/// available, held and total funds; a dispute's detail says which deposit
/// it refers to, `r` goes there and Ctrl-O comes back.
#[test]
fn the_state_pane_shows_three_amounts_and_r_follows_a_reference() {
    let log = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-logs/payments-engine.csv"
    ))
    .unwrap();
    let schema = crate::schema::Schema::preset("payments").unwrap().unwrap();
    let mut model =
        crate::tui::model::Model::from_log_with(&log, schema, "payments-engine.csv".into(), 5);
    update(
        &mut model,
        Message::Resize {
            width: 80,
            height: 24,
        },
    );
    insta::assert_snapshot!("payments_dispute", crate::tui::tests::screen(&model));
    let shown = text(&model);
    assert!(shown.contains("refers to event 1 (tx 1) · r"), "{shown}");
    update(&mut model, Message::GoToReferred);
    assert_eq!(model.cursor, 1);
    assert!(text(&model).contains("event 1, which event 5 refers to"));
    update(&mut model, Message::JumpBack);
    assert_eq!(model.cursor, 5);
    // A deposit refers to nothing: `r` says so and stays.
    update(&mut model, Message::Back);
    update(&mut model, Message::GoToReferred);
    assert_eq!(model.cursor, 4);
    assert!(text(&model).contains("refers to no earlier event"));
}
