//! The timeline: where the cursor is (N / T and its time), a scrub bar with
//! the diagnostics on it, and the focused account's balance over the whole
//! log with the cursor marked. Money becomes f64 here only to be plotted;
//! the labels are exact.

use super::style::{pane, theme, BOLD};
use crate::domain::ledger::AccountIx;
use crate::replay::{flags, Index};
use crate::tui::format::{fit, money};
use crate::tui::layout;
use crate::tui::model::Model;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph};
use ratatui::Frame;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

pub fn render(model: &Model, frame: &mut Frame, area: Rect) {
    let focused = model.focused_account();
    let mut title = vec![Span::raw(" Timeline ")];
    if let Some(ix) = focused {
        let how = if model.pinned.is_some() {
            ""
        } else {
            " (follows the cursor)"
        };
        title.push(Span::styled(
            format!("· balance of {}{how} ", model.index().account_name(ix)),
            theme().dim(),
        ));
    }
    let block = pane(Line::from(title), false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 3 {
        return;
    }
    frame.render_widget(
        Paragraph::new(info(model, focused, usize::from(inner.width))),
        Rect { height: 1, ..inner },
    );
    let (x, width) = layout::scrub_span(area);
    let bar = Rect::new(x, layout::scrub_row(area), width, 1);
    frame.render_widget(Paragraph::new(scrub(model, width)), bar);
    let chart_area = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2);
    match focused {
        Some(ix) if chart_area.height >= 2 => chart(model, ix, frame, chart_area),
        _ => frame.render_widget(
            Paragraph::new(Span::styled("  No account to chart yet.", theme().dim())),
            chart_area,
        ),
    }
}

/// What the info line leaves out when it does not fit, in this order; the
/// cursor's number, the focused balance and the diagnostics' count always
/// stay (a long account name is shortened to keep them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Drop {
    Percent,
    DiagnosticsWord,
    Time,
    Never,
}

fn info(model: &Model, focused: Option<AccountIx>, width: usize) -> Line<'static> {
    let n = model.cursor;
    let total = model.total();
    let percent = if total == 0 {
        100
    } else {
        u64::from(n) * 100 / u64::from(total)
    };
    let mut parts: Vec<(Drop, Span<'static>)> = vec![
        (Drop::Never, Span::styled(" N ", theme().dim())),
        (Drop::Never, Span::styled(format!("{n} / {total}"), BOLD)),
        (
            Drop::Percent,
            Span::styled(format!("  {percent}%"), theme().dim()),
        ),
    ];
    match model
        .snapshot
        .info
        .as_ref()
        .and_then(|info| info.time.clone())
    {
        Some(t) => {
            parts.push((Drop::Time, Span::styled("   at ", theme().dim())));
            parts.push((Drop::Time, Span::styled(t, BOLD)));
        }
        None if n > 0 => parts.push((Drop::Time, Span::styled("   (no timestamp)", theme().dim()))),
        None => {}
    }
    // The account's name, shortened last; its place in `parts`.
    let mut name_at = None;
    if let Some(ix) = focused {
        let balance = model.index().account_at(ix, n);
        name_at = Some(parts.len());
        parts.push((
            Drop::Never,
            Span::styled(
                format!("   {} ", model.index().account_name(ix)),
                theme().dim(),
            ),
        ));
        parts.push((
            Drop::Never,
            match balance {
                Some(a) => Span::styled(money(a.balance), BOLD.fg(theme().accent)),
                None => Span::styled("does not exist yet", theme().dim()),
            },
        ));
    }
    let count = model.diag_count;
    let (errors, warnings) = (count.errors, count.warnings);
    if errors + warnings > 0 {
        parts.push((
            Drop::DiagnosticsWord,
            Span::styled("   diagnostics", theme().dim()),
        ));
        let gap = Span::styled(" ", theme().dim());
        parts.push((Drop::Never, gap));
        parts.push((
            Drop::Never,
            Span::styled(format!("✖ {errors}"), Style::new().fg(theme().error)),
        ));
        if !model.errors_only {
            parts.push((
                Drop::Never,
                Span::styled(format!(" ▲ {warnings}"), Style::new().fg(theme().warning)),
            ));
        }
    }
    let used = |parts: &[(Drop, Span)], cut: Drop| -> usize {
        parts
            .iter()
            .filter(|(d, _)| *d >= cut)
            .map(|(_, s)| s.width())
            .sum()
    };
    let cut = [
        Drop::Percent,
        Drop::DiagnosticsWord,
        Drop::Time,
        Drop::Never,
    ]
    .into_iter()
    .find(|&cut| used(&parts, cut) <= width)
    .unwrap_or(Drop::Never);
    let over = used(&parts, cut).saturating_sub(width);
    if let Some(at) = name_at.filter(|_| over > 0) {
        let name = parts[at].1.content.trim().to_owned();
        let keep = name.chars().count().saturating_sub(over).max(2);
        parts[at].1.content = format!("   {} ", fit(&name, keep)).into();
    }
    Line::from(
        parts
            .into_iter()
            .filter(|(d, _)| *d >= cut)
            .map(|(_, s)| s)
            .collect::<Vec<_>>(),
    )
}

/// The scrub bar: 0..T across the width, filled up to the cursor, with the
/// events that have diagnostics ticked.
fn scrub(model: &Model, width: u16) -> Line<'static> {
    let total = model.total();
    let cursor = layout::column_of(model.cursor, width, total);
    let mut spans = Vec::with_capacity(usize::from(width));
    for column in 0..width {
        // The events this column stands for.
        let lo = if column == 0 {
            0
        } else {
            layout::position_at(column - 1, width, total) + 1
        };
        let hi = layout::position_at(column, width, total);
        let tick = ticks(model, lo.max(1), hi);
        let span = if column == cursor {
            Span::styled("●", BOLD.fg(theme().accent))
        } else if let Some(error) = tick {
            Span::styled(
                "┃",
                Style::new().fg(if error {
                    theme().error
                } else {
                    theme().warning
                }),
            )
        } else if column < cursor {
            Span::styled("━", Style::new().fg(theme().accent))
        } else {
            Span::styled("─", Style::new().fg(theme().muted))
        };
        spans.push(span);
    }
    Line::from(spans)
}

/// Whether events lo..=hi have a shown diagnostic: `Some(true)` for an error.
fn ticks(model: &Model, lo: u32, hi: u32) -> Option<bool> {
    if lo > hi {
        return None;
    }
    let list = &model.diag_events;
    let start = list.partition_point(|&e| e < lo);
    let end = list.partition_point(|&e| e <= hi);
    let mut any = None;
    // Bounded: a column of a huge log looks at a sample of its events.
    let step = ((end - start) / 64).max(1);
    for &e in list[start..end].iter().step_by(step) {
        if model.index().flags(e) & flags::ERROR != 0 {
            return Some(true);
        }
        if model.shows_diagnostic(e) {
            any = Some(false);
        }
    }
    any
}

/// The balance as a step line over events 0..=T (event e's state drawn from
/// e to e + 1), at most a few points per column, with its exact minimum and
/// maximum among them.
fn series(index: &Index, ix: AccountIx, columns: usize) -> (Vec<(f64, f64)>, Decimal, Decimal) {
    let at = index.account_events(ix);
    let balance = |k: usize| {
        index
            .account_at(ix, at[k])
            .map_or(Decimal::ZERO, |a| a.balance)
    };
    let total = index.len().max(1);
    let mut points = Vec::new();
    let first = balance(0);
    let (mut min, mut max) = (first, first);
    let mut push = |points: &mut Vec<(f64, f64)>, x: u32, v: Decimal| {
        min = min.min(v);
        max = max.max(v);
        points.push((f64::from(x), v.to_f64().unwrap_or(0.0)));
    };
    let mut last = first;
    if at.len() <= columns * 4 {
        for (k, &x) in at.iter().enumerate() {
            let v = balance(k);
            if k > 0 {
                push(&mut points, x, last);
            }
            push(&mut points, x, v);
            last = v;
        }
    } else {
        // Each column: the lowest and highest of (a sample of) its changes.
        let columns = columns.max(1) as u64;
        let mut k = 0;
        for c in 0..columns {
            let hi = (u64::from(total) * (c + 1) / columns) as u32;
            let end = at.partition_point(|&e| e <= hi);
            if end > k {
                let step = ((end - k) / 64).max(1);
                let sample: Vec<Decimal> = (k..end)
                    .step_by(step)
                    .chain([end - 1])
                    .map(balance)
                    .collect();
                let lo_v = sample.iter().copied().fold(sample[0], Decimal::min);
                let hi_v = sample.iter().copied().fold(sample[0], Decimal::max);
                push(&mut points, at[k], last);
                push(&mut points, at[k], lo_v);
                push(&mut points, at[k], hi_v);
                last = sample[sample.len() - 1];
                push(&mut points, at[end - 1], last);
                k = end;
            }
        }
    }
    // The state after event e holds from e to e + 1: the last one to T + 1.
    push(&mut points, total + 1, last);
    (points, min, max)
}

fn chart(model: &Model, ix: AccountIx, frame: &mut Frame, area: Rect) {
    let index = model.index();
    if index.account_events(ix).is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled("  No balance to chart.", theme().dim())),
            area,
        );
        return;
    }
    let (points, mut min, mut max) = series(index, ix, usize::from(area.width) * 2);
    // While events are skipped: the balance as written too, beneath.
    let written = model.what_if.as_ref().and_then(|_| {
        let written = model.written();
        let ix = written.lookup(index.account_name(ix))?;
        if written.account_events(ix).is_empty() {
            return None;
        }
        let (points, lo, hi) = series(written, ix, usize::from(area.width) * 2);
        min = min.min(lo);
        max = max.max(hi);
        Some(points)
    });
    let (lo, hi) = (min.to_f64().unwrap_or(0.0), max.to_f64().unwrap_or(0.0));
    let pad = if hi > lo { (hi - lo) * 0.05 } else { 1.0 };
    let (lo, hi) = (lo - pad, hi + pad);
    // The cursor sits in the middle of the stretch its state holds for.
    let x = f64::from(model.cursor) + 0.5;
    let cursor_line = [(x, lo), (x, hi)];
    let mut datasets = Vec::new();
    if let Some(written) = &written {
        datasets.push(
            Dataset::default()
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(Style::new().fg(theme().muted))
                .data(written),
        );
    }
    datasets.extend([
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(Style::new().fg(theme().accent))
            .data(&points),
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(Style::new().fg(theme().warning))
            .data(&cursor_line),
    ]);
    let label = |v: Decimal| Span::styled(money(v), theme().dim().add_modifier(Modifier::BOLD));
    let chart = Chart::new(datasets)
        .x_axis(Axis::default().bounds([0.0, f64::from(index.len() + 1)]))
        .y_axis(
            Axis::default()
                .bounds([lo, hi])
                .labels([label(min), label(max)]),
        );
    frame.render_widget(chart, area);
}
