//! The time column: one zone for every row, named in its header; the
//! detail pane's words for a rejected event; held funds and references.

use crate::tui::message::Message;
use crate::tui::tests::{model_of, text};
use crate::tui::update::update;

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
