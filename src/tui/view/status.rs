//! The status line: the last notice, or the key hints from the keymap;
//! on the right, what is switched on (filter, errors only, breakpoints).

use super::style::{ACCENT, BOLD, DIM, ERROR, MARK, WARNING};
use crate::tui::keymap::{self, Context};
use crate::tui::message::Message;
use crate::tui::model::{Level, Model, Pending};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn render(model: &Model, frame: &mut Frame, area: Rect) {
    let right = indicators(model);
    let right_width = right.width() as u16;
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right_width)]).areas(area);
    let left = match (&model.pending, &model.notice) {
        (Some(pending), _) => {
            let what = match pending {
                Pending::Mark => "m: press a letter to set a mark here (Esc cancels)",
                Pending::Jump => "': press the letter of a mark to jump to it (Esc cancels)",
                Pending::Compare => {
                    "d: press the letter of a mark to compare it with here (Esc cancels)"
                }
            };
            Line::from(Span::styled(format!(" {what}"), BOLD.fg(MARK)))
        }
        (None, Some(notice)) => {
            let style = match notice.level {
                Level::Info => Style::new().fg(ACCENT),
                Level::Warning => BOLD.fg(WARNING),
                Level::Error => BOLD.fg(ERROR),
            };
            Line::from(Span::styled(format!(" {}", notice.text), style))
        }
        (None, None) => hints(),
    };
    frame.render_widget(Paragraph::new(left), left_area);
    frame.render_widget(Paragraph::new(right), right_area);
}

/// `? help  : go to  / search …`, from the keymap.
fn hints() -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    let step = super::style::key_for(Context::Main, Message::Back)
        + &super::style::key_for(Context::Main, Message::Forward);
    spans.push(Span::styled(step, BOLD.fg(ACCENT)));
    spans.push(Span::styled(" step  ", DIM));
    for (key, word) in keymap::hints() {
        spans.push(Span::styled(key, BOLD.fg(ACCENT)));
        spans.push(Span::styled(format!(" {word}  "), DIM));
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
            BOLD.fg(WARNING),
        );
    }
    if model.deleted {
        add("log gone".into(), BOLD.fg(ERROR));
    } else if model.following {
        add("following".into(), BOLD.fg(super::style::PLUS));
    }
    if let Some(filter) = &model.filter {
        add(
            format!("only {}", model.index().account_name(filter.account)),
            BOLD.fg(MARK),
        );
    }
    if model.errors_only {
        add("errors only".into(), BOLD.fg(ERROR));
    }
    if let Some(query) = &model.search {
        let count = model
            .matches
            .as_ref()
            .map(|c| format!(" {}", c.describe(model.cursor, model.total())))
            .unwrap_or_default();
        add(format!("/{query}{count}"), Style::new().fg(ACCENT));
    }
    let enabled = model.breakpoints.iter().filter(|b| b.enabled).count();
    if enabled > 0 {
        let s = if enabled == 1 { "" } else { "s" };
        add(format!("● {enabled} breakpoint{s}"), Style::new().fg(ERROR));
    }
    if !model.marks.is_empty() {
        let letters: String = model.marks.keys().collect();
        add(format!("marks {letters}"), Style::new().fg(MARK));
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
