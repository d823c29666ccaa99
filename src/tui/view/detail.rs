//! The selected event: what it is, whether it was applied, its diagnostics
//! in words, its line in the file and its raw JSON, pretty-printed.

use super::style::{pane, theme, BOLD};
use crate::domain::{Policy, Severity};
use crate::replay::flags;
use crate::tui::format;
use crate::tui::json::{self, Token};
use crate::tui::model::{Model, Pane};
use crate::tui::snapshot::SHOWN;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

pub fn render(model: &Model, frame: &mut Frame, area: Rect) {
    let n = model.cursor;
    let title = match model.snapshot.line {
        Some(line) => format!(" Event {n} · line {line} "),
        None => " Event ".to_owned(),
    };
    let block = pane(title, super::style::has_focus(model, Pane::Detail));
    let lines = if n == 0 {
        before_first(model)
    } else {
        event(model, n)
            .into_iter()
            .map(|line| super::highlight::matches(model, line))
            .collect()
    };
    let paragraph = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((model.detail_scroll.min(u16::MAX as usize) as u16, 0));
    frame.render_widget(paragraph, area);
}

/// How many lines the pane's text takes, wrapped to `width` columns (for
/// `update` to stop scrolling at its end).
pub fn line_count(model: &Model, width: u16) -> usize {
    let lines = if model.cursor == 0 {
        before_first(model)
    } else {
        event(model, model.cursor)
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .line_count(width)
}

fn before_first(model: &Model) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(
        "Before the first event (N = 0)",
        BOLD,
    ))];
    lines.push(Line::from(Span::styled(
        "The state is empty: no account exists yet.",
        theme().dim(),
    )));
    if model.total() == 0 {
        lines.push(Line::from(""));
        lines.push(Line::from("This log has no events."));
    } else {
        lines.push(Line::from(Span::styled(
            "→ or ↓ applies event 1.",
            theme().dim(),
        )));
    }
    let unreadable = model
        .index()
        .diagnostics()
        .iter()
        .filter(|d| d.event.is_none())
        .count();
    if unreadable > 0 {
        lines.push(Line::from(""));
        lines.push(Line::from(vec![
            Span::styled("✖ ", BOLD.fg(theme().error)),
            Span::raw(format!(
                "{unreadable} line(s) of the log are not events; D lists them."
            )),
        ]));
    }
    lines
}

fn event(model: &Model, n: u32) -> Vec<Line<'static>> {
    let flag = model.index().flags(n);
    let mut lines = Vec::new();
    let info = &model.snapshot.info;
    let applied = if flag & flags::SKIPPED != 0 {
        Span::styled("skipped (what-if: x puts it back)", BOLD.fg(theme().mark))
    } else if flag & flags::APPLIED != 0 {
        Span::styled("applied", Style::new().fg(theme().plus))
    } else {
        // Refused by the schema's policy (`reject`), as the domain would
        // have refused it: say which rule.
        let policies = model.index().schema().policies();
        let rejected = model
            .index()
            .diagnostics_of(n)
            .iter()
            .find(|d| policies.of(d.code) == Policy::Reject);
        match rejected {
            Some(d) => Span::styled(format!("rejected: {}", d.code), BOLD.fg(theme().error)),
            None => Span::styled("not applied", BOLD.fg(theme().error)),
        }
    };
    if let Some(info) = info {
        let style = if info.known {
            BOLD
        } else {
            BOLD.fg(theme().warning)
        };
        lines.push(Line::from(vec![
            Span::styled(info.type_name.clone(), style),
            Span::styled(" · ", theme().dim()),
            applied,
        ]));
        let mut about = vec![
            Span::styled("account ", theme().dim()),
            Span::raw(info.account.clone()),
        ];
        if let format::Amount::Transfer { to, .. } = &info.amount {
            about.push(Span::styled(" → ", theme().dim()));
            about.push(Span::raw(to.clone()));
        }
        let amount = format::amount_text(&info.amount);
        if !amount.is_empty() {
            about.push(Span::styled("  amount ", theme().dim()));
            about.push(Span::raw(amount));
        }
        lines.push(Line::from(about));
        if let format::Amount::Refers(id) = &info.amount {
            let label = &model.index().schema().id.label;
            let id = if label.is_empty() {
                id.clone()
            } else {
                format!("{label} {id}")
            };
            lines.push(Line::from(match model.referred_by(n) {
                Some(m) => vec![
                    Span::styled("refers to ", theme().dim()),
                    Span::raw(format!("event {m} ({id})")),
                    Span::styled(
                        format!(
                            " · {}",
                            super::style::key_for(
                                crate::tui::keymap::Context::Main,
                                crate::tui::message::Message::GoToReferred
                            )
                        ),
                        theme().dim(),
                    ),
                ],
                None => vec![
                    Span::styled("refers to ", theme().dim()),
                    Span::raw(id),
                    Span::styled(": no earlier event of this account", theme().dim()),
                ],
            }));
        }
        let mut when = vec![
            Span::styled("time ", theme().dim()),
            Span::raw(info.time.clone().unwrap_or_else(|| "—".into())),
        ];
        if let Some(id) = &info.id {
            when.push(Span::styled("  id ", theme().dim()));
            when.push(Span::raw(id.clone()));
        }
        if let Some(seq) = info.seq {
            when.push(Span::styled("  seq ", theme().dim()));
            when.push(Span::raw(seq.to_string()));
        }
        lines.push(Line::from(when));
    }
    let diagnostics = model.index().diagnostics_of(n);
    if !diagnostics.is_empty() {
        lines.push(Line::from(""));
    }
    for d in diagnostics {
        let (mark, color) = match d.severity {
            Severity::Error => ("✖ ", theme().error),
            Severity::Warning => ("▲ ", theme().warning),
        };
        lines.push(Line::from(vec![
            Span::styled(mark, BOLD.fg(color)),
            Span::styled(format!("{} ", d.code), BOLD.fg(color)),
            Span::raw(d.message.clone()),
        ]));
    }
    lines.push(Line::from(""));
    if let Some(record) = &model.snapshot.record {
        // A record can be any size (a 100 MB line); the pane shows its
        // start, so that drawing a frame costs the same for any record.
        if record.len > SHOWN {
            lines.push(Line::from(Span::styled(
                format!(
                    "the record is {} bytes; the first {SHOWN} are shown",
                    record.len
                ),
                theme().dim(),
            )));
        }
        for line in json::pretty(&record.text) {
            lines.push(Line::from(
                line.into_iter()
                    .map(|(token, text)| Span::styled(clip(text), colour(token)))
                    .collect::<Vec<_>>(),
            ));
        }
    }
    lines
}

/// The longest value shown whole; longer ones are cut with `…`.
const LONGEST: usize = 2000;

fn clip(text: String) -> String {
    match text.char_indices().nth(LONGEST) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

fn colour(token: Token) -> Style {
    match token {
        Token::Punct => theme().dim(),
        Token::Key => Style::new().fg(theme().accent),
        Token::Str => Style::new().fg(theme().json_string),
        Token::Number => Style::new().fg(theme().json_number),
        Token::Literal => Style::new().fg(theme().json_literal),
    }
}
