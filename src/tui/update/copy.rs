//! `y` and `Y`: the event under the cursor as JSON, or the state after it
//! as `rewind state --json` prints it, put on the clipboard (the run loop
//! sends [`Model::clipboard`] to the terminal as OSC 52).

use crate::replay::state_json::state_json;
use crate::tui::clipboard::LARGEST;
use crate::tui::message::Message;
use crate::tui::model::{Level, Model, Output, Overlay};
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

/// `|`'s Enter: runs the command on the event's JSON and shows what it
/// printed.
pub fn pipe(model: &mut Model, command: &str) -> Result<(), String> {
    if command.is_empty() {
        return Err("type a command, such as jq .data".into());
    }
    let bytes = record::bytes(model.index(), &model.source, model.cursor)
        .ok_or("no event to pipe at N = 0")?;
    let out = crate::tui::pipe::run(command, &bytes)?;
    model.overlay = Some(Overlay::Output(Output {
        command: command.to_owned(),
        ended: out.ended,
        text: out.text,
        scroll: 0,
    }));
    Ok(())
}

/// Scrolling the output overlay; Esc (handled before) closes it.
pub fn scroll(mut output: Output, message: Message) -> Option<Overlay> {
    let lines = output.text.lines().count();
    let delta: i64 = match message {
        Message::Up => -1,
        Message::Down => 1,
        Message::PageUp => -10,
        Message::PageDown => 10,
        Message::Submit => return None,
        _ => 0,
    };
    output.scroll =
        (output.scroll as i64 + delta).clamp(0, lines.saturating_sub(1) as i64) as usize;
    Some(Overlay::Output(output))
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

    #[test]
    fn a_pipe_shows_the_commands_output_over_the_screen() {
        use crate::tui::model::Overlay;
        use crate::tui::tests::type_in;
        let mut m = sample("bank.jsonl", Some(14), 110, 32);
        press(&mut m, &[Message::OpenPipePrompt]);
        type_in(&mut m, "tr a-z A-Z");
        let Some(Overlay::Output(out)) = &m.overlay else {
            panic!("{:?}", m.overlay)
        };
        assert!(out.text.starts_with("{\"SEQ\":14,"), "{}", out.text);
        assert_eq!(out.ended, "exit 0");
        insta::assert_snapshot!("pipe", crate::tui::tests::screen(&m));
        press(&mut m, &[Message::Cancel]);
        assert!(m.overlay.is_none() && !m.quit);
        press(&mut m, &[Message::First, Message::OpenPipePrompt]);
        assert!(m.overlay.is_none());
    }
}
