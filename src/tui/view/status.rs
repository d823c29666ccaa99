//! The status line: the last notice, or the key hints from the keymap;
//! on the right, what is switched on (filter, errors only, breakpoints).

use super::style::{theme, BOLD};
use crate::tui::format::grouped;
use crate::tui::keymap::{self, Context};
use crate::tui::message::Message;
use crate::tui::model::{Awaiting, Level, Model, Pending};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn render(model: &Model, frame: &mut Frame, area: Rect) {
    let right = indicators(model);
    // The indicators leave room for `? help  q quit`.
    let right_width = (right.width() as u16).min(area.width.saturating_sub(16));
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right_width)]).areas(area);
    let left = match (&model.pending, &model.notice) {
        (Some(pending), _) => {
            let (key, what) = match pending {
                Pending::Mark => (Message::StartMark, "press a letter to set a mark here"),
                Pending::Jump => (
                    Message::StartJump,
                    "press the letter of a mark to jump to it",
                ),
                Pending::Compare => (
                    Message::StartCompare,
                    "press the letter of a mark to compare it with here",
                ),
            };
            let key = super::style::key_for(Context::Main, key);
            let cancel = super::style::key_for(Context::Letter, Message::Cancel);
            let text = format!(" {key}: {what} ({cancel} cancels)");
            Line::from(Span::styled(text, BOLD.fg(theme().mark)))
        }
        (None, Some(notice)) => {
            let style = match notice.level {
                Level::Info => Style::new().fg(theme().accent),
                Level::Warning => BOLD.fg(theme().warning),
                Level::Error => BOLD.fg(theme().error),
            };
            Line::from(Span::styled(
                format!(" {}", notice.shown(model.total())),
                style,
            ))
        }
        (None, None) => match awaiting(model) {
            Some(text) => Line::from(Span::styled(format!(" {text}"), BOLD.fg(theme().warning))),
            None => hints(usize::from(left_area.width)),
        },
    };
    frame.render_widget(Paragraph::new(left), left_area);
    frame.render_widget(Paragraph::new(right), right_area);
}

/// `←→ step  : go to  / search …  ? help  q quit`, from the keymap, in
/// `width` columns: `? help` and `q quit` always, the others in the
/// keymap's order as far as they fit (the last ones are left out first).
fn hints(width: usize) -> Line<'static> {
    let key = |message| super::style::key_for(Context::Main, message);
    let kept = [(key(Message::Help), "help"), (key(Message::Quit), "quit")];
    let step = (key(Message::Back) + &key(Message::Forward), "step");
    let optional = std::iter::once(step)
        .chain(keymap::hints().filter(|(k, _)| !kept.iter().any(|(kept, _)| kept == k)));
    let size = |(k, w): &(String, &str)| k.chars().count() + 1 + w.chars().count() + 2;
    let mut room = width.saturating_sub(1 + kept.iter().map(size).sum::<usize>());
    let mut shown = Vec::new();
    for hint in optional {
        if size(&hint) > room {
            break;
        }
        room -= size(&hint);
        shown.push(hint);
    }
    let mut spans = vec![Span::raw(" ")];
    for (key, word) in shown.into_iter().chain(kept) {
        spans.push(Span::styled(key, BOLD.fg(theme().accent)));
        spans.push(Span::styled(format!(" {word}  "), theme().dim()));
    }
    Line::from(spans)
}

fn indicators(model: &Model) -> Line<'static> {
    let mut spans = Vec::new();
    let mut add = |text: String, style: Style| {
        spans.push(Span::styled(format!(" {text} "), style));
        spans.push(Span::raw(" "));
    };
    if let Some(loading) = &model.loading {
        let p = loading.progress;
        let percent = (p.done as f64 * 100.0 / p.total.max(1) as f64).min(100.0);
        add(
            format!("indexing {percent:.0}% · {} events/s", human(loading.rate)),
            BOLD.fg(theme().warning),
        );
    }
    if model.deleted {
        add("log gone".into(), BOLD.fg(theme().error));
    } else if model.following {
        add("following".into(), BOLD.fg(theme().plus));
    }
    if model.what_if_wanted.is_some() {
        add("what-if: recomputing…".into(), BOLD.fg(theme().warning));
    } else if let Some(what_if) = &model.what_if {
        add(what_if.describe(), BOLD.fg(theme().mark));
    }
    if let Some(filter) = &model.filter {
        add(
            format!("only {}", model.index().account_name(filter.account)),
            BOLD.fg(theme().mark),
        );
    }
    if model.errors_only {
        add("errors only".into(), BOLD.fg(theme().error));
    }
    // A search that waits says its query on the left.
    let waiting = matches!(model.awaiting, Some(Awaiting::Search { .. }));
    if let Some(query) = model.search.as_ref().filter(|_| !waiting) {
        let count = model
            .matches
            .as_ref()
            .map(|c| format!(" {}", c.describe(model.cursor, model.total())))
            .unwrap_or_default();
        add(format!("/{query}{count}"), Style::new().fg(theme().accent));
    }
    let enabled = model.breakpoints.iter().filter(|b| b.enabled).count();
    if enabled > 0 {
        let s = if enabled == 1 { "" } else { "s" };
        add(
            format!("● {enabled} breakpoint{s}"),
            Style::new().fg(theme().error),
        );
    }
    if !model.marks.is_empty() {
        let letters: String = model.marks.keys().collect();
        add(format!("marks {letters}"), Style::new().fg(theme().mark));
    }
    Line::from(spans)
}

/// 1234567.0 → "1.2M".
fn human(rate: f64) -> String {
    match rate {
        r if r >= 1e6 => format!("{:.1}M", r / 1e6),
        r if r >= 1e3 => format!("{:.0}k", r / 1e3),
        r => format!("{r:.0}"),
    }
}

/// What the status line says while something waits.
fn awaiting(model: &Model) -> Option<String> {
    let percent = model.loading.map_or(100, |l| {
        (l.progress.done.saturating_mul(100) / l.progress.total.max(1)).min(100)
    });
    match model.awaiting.as_ref()? {
        // How far the load is, the indicator on the right says.
        Awaiting::Goto(n) => Some(format!("going to {} when it is loaded", grouped(*n))),
        Awaiting::Search { query, .. } => {
            Some(format!("/{query}: no match yet · {percent}% loaded"))
        }
    }
}
