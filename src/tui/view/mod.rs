//! Views: functions from the model to the screen, one module per pane or
//! overlay. They read the model and never change it.

mod breakpoints;
mod compare;
mod detail;
mod diagnostics;
mod events;
mod help;
mod highlight;
mod output;
mod picker;
mod prompt;
mod skipped;
mod state;
mod status;
mod timeline;

mod style;

use super::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use super::model::{Model, Overlay};
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;
use style::{theme, BOLD};

pub use detail::line_count as detail_lines;
pub use help::lines as help_lines;
pub use style::{use_theme, Theme, ThemeGuard};

/// Draws the whole screen.
pub fn render(model: &Model, frame: &mut Frame) {
    debug_assert!(
        model.snapshot.is_of(model.index(), model.cursor),
        "the snapshot is of event {}, the cursor at {}: a move did not look",
        model.snapshot.n,
        model.cursor
    );
    let area = frame.area();
    let Some(areas) = layout::areas_for(model, area.width, area.height) else {
        too_small(frame, area);
        return;
    };
    events::render(model, frame, areas.events);
    state::render(model, frame, areas.state);
    detail::render(model, frame, areas.detail);
    timeline::render(model, frame, areas.timeline);
    status::render(model, frame, areas.status);
    match &model.overlay {
        None => {}
        Some(Overlay::Help(view)) => help::render(model, frame, area, view),
        Some(Overlay::Prompt(p)) => prompt::render(model, p, frame, area),
        Some(Overlay::Picker(p)) => picker::render(model, p, frame, area),
        Some(Overlay::Diagnostics(list)) => diagnostics::render(model, *list, frame, area),
        Some(Overlay::Breakpoints(list)) => breakpoints::render(model, *list, frame, area),
        Some(Overlay::Skipped(list)) => skipped::render(model, *list, frame, area),
        Some(Overlay::Compare(c)) => compare::render(model, c, frame, area),
        Some(Overlay::Output(o)) => output::render(o, frame, area),
    }
}

fn too_small(frame: &mut Frame, area: Rect) {
    let lines = [
        "Terminal too small".to_owned(),
        String::new(),
        format!("rewind needs at least {MIN_WIDTH} × {MIN_HEIGHT};"),
        format!("this one is {} × {}.", area.width, area.height),
        String::new(),
        "Enlarge the window, or press q to quit.".to_owned(),
    ];
    let width = usize::from(area.width.max(1));
    let wrapped: usize = lines
        .iter()
        .map(|l| l.chars().count().max(1).div_ceil(width))
        .sum();
    let top = area.height.saturating_sub(wrapped as u16) / 2;
    let text: Vec<Line> = lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                Line::from(Span::styled(l, BOLD.fg(theme().error)))
            } else {
                Line::from(l)
            }
        })
        .collect();
    let rect = Rect::new(area.x, area.y + top, area.width, area.height - top);
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        rect,
    );
}

#[cfg(test)]
mod tests;
