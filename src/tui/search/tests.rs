use super::*;

fn model(path: &str) -> crate::tui::model::Model {
    let log = std::fs::read(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    crate::tui::model::Model::from_log(&log, path.into(), 0)
}

fn found(
    m: &crate::tui::model::Model,
    from: u32,
    text: &str,
    forward: bool,
) -> Option<(u32, bool)> {
    let q = Query::new(text);
    find(
        m.index(),
        &m.source,
        &m.diag_events,
        m.rows(),
        from,
        &q,
        forward,
    )
}

#[test]
fn case_is_ignored_for_ascii_in_raw_bytes() {
    assert!(contains_ignore_case(b"MoneyDeposited", b"deposit"));
    assert!(contains_ignore_case(b"abc", b""));
    assert!(!contains_ignore_case(b"ab", b"abc"));
    assert!(contains_ignore_case(b"x acc-Bob y", b"ACC-BOB"));
}

#[test]
fn search_wraps_round() {
    let m = model("sample-logs/bank.jsonl");
    assert_eq!(found(&m, 0, "acc-dave", true), Some((9, false)));
    assert_eq!(found(&m, 17, "acc-dave", true), Some((9, true)));
    assert_eq!(found(&m, 9, "acc-dave", false), Some((17, true)));
    assert_eq!(found(&m, 0, "no such text", true), None);
}

#[test]
fn the_normal_form_drops_layout_and_folds_case_and_minus() {
    assert_eq!(normal("\"seq\": 14"), "\"seq\":14");
    assert_eq!(normal("{\n  \"a\": 1,\n  \"b\": 2\n}"), "{\"a\":1,\"b\":2}");
    assert_eq!(normal("CAFÉ  −350.00"), "café -350.00");
    assert_eq!(Query::new("CAFÉ").key(), "caf");
    assert_eq!(Query::new("☕").key(), "☕");
    assert_eq!(Query::new("−350.00").key(), "350");
    assert_eq!(Query::new("−").key(), "-");
    assert_eq!(Query::new(" : ").key(), ":");
}

#[test]
fn search_finds_what_the_screen_shows() {
    // As the detail pane prints it, as the list shows an amount, in capitals
    // of another script, and in a diagnostic's message.
    let log = concat!(
        "{\"type\":\"AccountOpened\",\"account\":\"café-☕\",\"seq\":13,\"data\":{\"initial_balance\":1000}}\n",
        "{\"type\":\"MoneyWithdrawn\",\"account\":\"café-☕\",\"seq\":14,\"data\":{\"amount\":350.00}}\n",
        "{\"type\":\"MoneyWithdrawn\",\"account\":\"nobody\",\"seq\":15,\"data\":{\"amount\":1}}\n",
    );
    let m = crate::tui::model::Model::from_log(log.as_bytes(), "t".into(), 0);
    assert_eq!(found(&m, 0, "\"seq\": 14", true), Some((2, false)));
    assert_eq!(found(&m, 0, "−350.00", true), Some((2, false)));
    assert_eq!(found(&m, 0, "-350.00", true), Some((2, false)));
    assert_eq!(found(&m, 0, "CAFÉ-☕", true), Some((1, false)));
    assert_eq!(found(&m, 1, "☕", true), Some((2, false)));
    let diagnostic = &m.index().diagnostics_of(3)[0];
    assert_eq!(
        found(&m, 0, &diagnostic.code.to_string(), true),
        Some((3, false))
    );
    let words: String = diagnostic
        .message
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(
        found(&m, 0, &words.to_uppercase(), true).map(|f| f.0),
        Some(3)
    );
}

#[test]
fn highlights_are_found_case_folded_with_either_minus() {
    assert_eq!(spans_in("Café −350.00 café", "CAFÉ"), [(0, 5), (16, 21)]);
    assert_eq!(spans_in("−350.00", "-350"), [(0, 6)]);
    assert!(spans_in("abc", "").is_empty());
}

#[test]
fn counting_says_which_match_of_how_many() {
    let mut c = Count::new(Query::new("x"));
    c.hits = vec![3, 9, 12];
    c.counted = 20;
    assert_eq!(c.describe(9, 20), "match 2 of 3");
    assert_eq!(c.describe(10, 20), "3 matches");
    assert_eq!(c.describe(9, 40), "match 2 of 3+");
}
