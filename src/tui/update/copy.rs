//! `y` and `Y`: the event under the cursor as JSON, or the state after it
//! as `rewind state --json` prints it, put on the clipboard (the run loop
//! sends [`Model::clipboard`] to the terminal as OSC 52).

use crate::replay::state_json::state_json;
use crate::tui::clipboard::LARGEST;
use crate::tui::model::{Level, Model};
use crate::tui::record;

/// `y`: the event's record as written (JSON).
pub fn event(model: &mut Model) {
    let n = model.cursor;
    let Some(bytes) = record::bytes(model.index(), &model.source, n) else {
        model.say(Level::Warning, "no event to copy at N = 0");
        return;
    };
    let text = String::from_utf8_lossy(&bytes).trim_end().to_owned();
    put(model, text, &format!("event {n} as JSON"));
}

/// `Y`: the state after the cursor's event, as `rewind state --json`.
pub fn state(model: &mut Model) {
    let n = model.cursor;
    let index = model.index();
    let mut accounts = index.state_at(n);
    accounts.sort_by(|a, b| a.name.cmp(b.name));
    match state_json(&model.source, index, n, &accounts) {
        Ok(text) => put(model, text, &format!("the state after event {n} as JSON")),
        Err(e) => model.say(Level::Error, format!("cannot write the state: {e}")),
    }
}

fn put(model: &mut Model, text: String, what: &str) {
    let bytes = text.len();
    if bytes > LARGEST {
        model.say(
            Level::Warning,
            format!("{what} is {bytes} bytes, more than a terminal's clipboard takes ({LARGEST})"),
        );
        return;
    }
    model.clipboard = Some(text);
    model.say(
        Level::Info,
        format!("copied {what}: {bytes} bytes (through the terminal, OSC 52)"),
    );
}

#[cfg(test)]
mod tests {
    use crate::tui::message::Message;
    use crate::tui::tests::{press, sample, sample_bytes};

    #[test]
    fn y_copies_the_event_and_capital_y_the_state_as_state_json_prints_it() {
        let mut m = sample("bank.jsonl", Some(14), 110, 32);
        press(&mut m, &[Message::CopyEvent]);
        let log = String::from_utf8(sample_bytes("bank.jsonl")).unwrap();
        let line = log.lines().nth(13).unwrap();
        assert_eq!(m.clipboard.as_deref(), Some(line));
        let notice = m.notice.as_ref().unwrap().text.clone();
        assert_eq!(
            notice,
            format!(
                "copied event 14 as JSON: {} bytes (through the terminal, OSC 52)",
                line.len()
            )
        );
        press(&mut m, &[Message::CopyState]);
        let state: serde_json::Value =
            serde_json::from_str(m.clipboard.as_deref().unwrap()).unwrap();
        assert_eq!(state["position"], 14);
        assert_eq!(state["total"], 20);
        assert_eq!(state["accounts"]["acc-alice"]["balance"], "-350.00");
        assert_eq!(state["as_of"], "2024-03-05T09:10:00Z");
        press(&mut m, &[Message::First, Message::CopyEvent]);
        assert!(m
            .notice
            .as_ref()
            .unwrap()
            .text
            .starts_with("no event to copy"));
    }
}
