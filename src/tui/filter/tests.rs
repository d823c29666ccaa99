use crate::tui::message::Message;
use crate::tui::model::Model;
use crate::tui::tests::{press, sample, type_in};

fn filter(m: &mut Model, text: &str) {
    press(m, &[Message::OpenFilterPrompt]);
    type_in(m, text);
    while crate::tui::update::filter_step(m, std::time::Duration::from_secs(1)) {}
}

fn shown(m: &Model) -> Vec<u32> {
    let rows = m.rows();
    (1..rows.count()).map(|r| rows.event(r)).collect()
}

#[test]
fn filters_keep_hide_combine_and_clear() {
    let mut m = sample("bank.jsonl", Some(0), 110, 32);
    filter(&mut m, "MoneyWithdrawn");
    assert_eq!(shown(&m), [5, 8, 11, 14, 19]);
    filter(&mut m, "!acc-bob");
    assert_eq!(shown(&m), [8, 11, 14]);
    let code = m.index().diagnostics_of(14)[0].code.as_str().to_owned();
    filter(&mut m, &format!("!{code}"));
    assert_eq!(shown(&m), [8, 11]);
    let title = m.shown.as_ref().unwrap().describe();
    assert_eq!(title, format!("MoneyWithdrawn · !acc-bob · !{code}"));
    filter(&mut m, "");
    assert!(m.shown.is_none());
    assert_eq!(shown(&m).len(), 20);
    filter(&mut m, "amount > 1000");
    assert_eq!(shown(&m), [3, 7, 14, 19]);
    filter(&mut m, "!1850");
    assert_eq!(shown(&m), [3, 14, 19], "text");
}

#[test]
fn filters_combine_with_the_account_focus() {
    let mut m = sample("bank.jsonl", Some(14), 110, 32);
    press(&mut m, &[Message::ToggleAccountFilter]);
    filter(&mut m, "MoneyDeposited");
    assert_eq!(shown(&m), [3, 15]);
    assert!(
        m.rows().contains(m.cursor),
        "the cursor is on a shown event"
    );
    press(&mut m, &[Message::ToggleAccountFilter]);
    while crate::tui::update::filter_step(&mut m, std::time::Duration::from_secs(1)) {}
    assert_eq!(shown(&m), [3, 7, 12, 15, 18]);
}
