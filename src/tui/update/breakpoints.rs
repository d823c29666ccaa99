//! Adding breakpoints (`b`) and running to them (`c`, `C`). Each keeps the
//! number it was given for the session, as in gdb, and counts its hits.

use super::nav::go_to;
use crate::tui::breakpoint::{self, Breakpoint};
use crate::tui::model::{Level, Model};

/// Adds a breakpoint from the `b` prompt's text; refuses one already set.
pub fn add(model: &mut Model, text: &str) -> Result<(), String> {
    let loading = model.loading.is_some();
    let condition =
        breakpoint::parse::parse(text, model.events(), model.focused_account(), loading)?;
    let words = condition.describe(model.index());
    let same = |b: &&Breakpoint| {
        b.condition.describe(model.index()).to_lowercase() == words.to_lowercase()
    };
    if let Some(b) = model.breakpoints.iter().find(same) {
        return Err(format!("breakpoint {} is already that: {words}", b.number));
    }
    model.breakpoints_added += 1;
    let number = model.breakpoints_added;
    model.breakpoints.push(Breakpoint {
        number,
        condition,
        enabled: true,
        hits: 0,
    });
    model.say(
        Level::Info,
        format!("breakpoint {number}: {words} (c runs forward to it, C backward)"),
    );
    Ok(())
}

/// `c` / `C`: run to the nearest event where an enabled breakpoint holds.
pub fn run(model: &mut Model, forward: bool) {
    if !model.breakpoints.iter().any(|b| b.enabled) {
        model.say(Level::Warning, "no breakpoints: add one with b");
        return;
    }
    let hits = model
        .breakpoints
        .iter()
        .enumerate()
        .filter(|(_, b)| b.enabled)
        .filter_map(|(i, b)| {
            let next = b.condition.next(model.events(), model.cursor, forward)?;
            Some((next, i))
        });
    let best = if forward {
        hits.min_by_key(|&(n, i)| (n, i))
    } else {
        hits.max_by_key(|&(n, i)| (n, usize::MAX - i))
    };
    match best {
        Some((n, i)) => {
            let words = model.breakpoints[i].condition.describe(model.index());
            let b = &mut model.breakpoints[i];
            b.hits += 1;
            let (number, hits) = (b.number, b.hits);
            let note = go_to(model, n);
            let s = if hits == 1 { "" } else { "s" };
            model.say(
                Level::Error,
                format!("breakpoint {number}: {words}, at event {n} (hit {hits} time{s}){note}"),
            );
        }
        None => {
            let side = if forward { "after" } else { "before" };
            let text = format!("no breakpoint holds {side} event {}", model.cursor);
            model.say(Level::Info, text);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::message::Message;
    use crate::tui::model::{Overlay, Prompt};
    use crate::tui::tests::{press, sample, type_in};

    #[test]
    fn duplicates_are_refused_numbers_kept_and_hits_counted() {
        let mut m = sample("bank.jsonl", Some(0), 110, 32);
        for text in ["type MoneyWithdrawn", "acc-dave", "amount > 1000"] {
            press(&mut m, &[Message::OpenBreakpointPrompt]);
            type_in(&mut m, text);
            assert!(m.overlay.is_none(), "{text}: {:?}", m.overlay);
        }
        press(&mut m, &[Message::OpenBreakpointPrompt]);
        type_in(&mut m, "type moneywithdrawn");
        let Some(Overlay::Prompt(Prompt { error: Some(e), .. })) = &m.overlay else {
            panic!("{:?}", m.overlay)
        };
        assert!(e.starts_with("breakpoint 1 is already that"), "{e}");
        press(&mut m, &[Message::Cancel, Message::OpenBreakpointPrompt]);
        type_in(&mut m, "type Nope");
        let Some(Overlay::Prompt(Prompt { error: Some(e), .. })) = &m.overlay else {
            panic!("{:?}", m.overlay)
        };
        assert_eq!(e, "no event has type Nope");
        // Removing breakpoint 1 leaves 2 and 3 as they were, as in gdb.
        press(
            &mut m,
            &[
                Message::Cancel,
                Message::OpenBreakpoints,
                Message::Remove,
                Message::Cancel,
            ],
        );
        let numbers: Vec<u32> = m.breakpoints.iter().map(|b| b.number).collect();
        assert_eq!(numbers, [2, 3]);
        press(&mut m, &[Message::OpenBreakpointPrompt]);
        type_in(&mut m, "error");
        assert_eq!(m.breakpoints.last().map(|b| b.number), Some(4));
        // Runs: 3 (amount 1200), 7 (1850.75), 9 (dave opened).
        press(
            &mut m,
            &[
                Message::RunForward,
                Message::RunForward,
                Message::RunForward,
            ],
        );
        assert_eq!(m.cursor, 9);
        let hits: Vec<(u32, u32)> = m.breakpoints.iter().map(|b| (b.number, b.hits)).collect();
        assert_eq!(hits, [(2, 1), (3, 2), (4, 0)]);
        let notice = m
            .notice
            .as_ref()
            .map(|n| n.text.clone())
            .unwrap_or_default();
        assert!(
            notice.starts_with("breakpoint 2: an event touches acc-dave, at event 9 (hit 1 time)"),
            "{notice}"
        );
    }
}
