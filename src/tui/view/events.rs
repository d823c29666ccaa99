//! The event list: row 0 for the empty state, then one row per event. Only
//! the rows in sight are decoded (by `update`, as they come into sight), so
//! the list costs the same for ten events or ten million.

use super::style::{pane, theme, BOLD};
use crate::replay::flags;
use crate::tui::format::{self, Amount, EventInfo, TimeStyle, Zone};
use crate::tui::model::{Model, Pane};
use crate::tui::record;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Column widths chosen for the pane's width.
struct Columns {
    number: usize,
    time: TimeStyle,
    full_type: bool,
    type_width: usize,
    account: usize,
    amount: usize,
}

/// Gutter: cursor, breakpoint, mark; then number, diagnostic marker.
const GUTTER: usize = 3;

fn columns(width: usize, total: u32, shown: &[EventInfo]) -> Columns {
    let number = total.max(1).to_string().len();
    let longest = |f: &dyn Fn(&EventInfo) -> usize, min: usize, max: usize| {
        shown.iter().map(f).max().unwrap_or(0).clamp(min, max)
    };
    let account = longest(&|e| format::columns(&e.account), 7, 14);
    let amount_wanted = longest(&|e| format::columns(&format::amount_text(&e.amount)), 6, 40);
    let amount = amount_wanted.min(12);
    let full_type = longest(&|e| format::columns(&e.type_name), 8, 18);
    // Room for a transfer's ` → target`, when one is in sight.
    let target = match longest(&|e| transfer_target(e).map_or(0, format::columns), 0, 12) {
        0 => 0,
        t => t + 3,
    };
    let fixed = GUTTER + number + 3 + account + 1 + amount + target;
    let has_time = shown.iter().any(|e| e.time.is_some());
    // Known types read as well in short words; the date goes before the clock.
    let choices = [
        (TimeStyle::Full, true),
        (TimeStyle::Short, true),
        (TimeStyle::Full, false),
        (TimeStyle::Short, false),
        (TimeStyle::Clock, false),
        (TimeStyle::None, false),
    ];
    let used = |(t, f): (TimeStyle, bool)| {
        let time = if t == TimeStyle::None {
            0
        } else {
            t.width() + 1
        };
        fixed + time + if f { full_type } else { 8 } + 1
    };
    let (time, full) = choices
        .into_iter()
        .map(|(t, f)| (if has_time { t } else { TimeStyle::None }, f))
        .find(|&c| used(c) <= width)
        .unwrap_or((TimeStyle::None, false));
    let spare = width.saturating_sub(used((time, full)));
    Columns {
        number,
        time,
        full_type: full,
        type_width: if full { full_type } else { 8 },
        account,
        amount: amount_wanted.min(amount + spare),
    }
}

fn transfer_target(info: &EventInfo) -> Option<&str> {
    match &info.amount {
        Amount::Transfer { to, .. } => Some(to),
        _ => None,
    }
}

pub fn render(model: &Model, frame: &mut Frame, area: Rect) {
    let rows = model.rows();
    let total = model.total();
    let mut title = vec![
        Span::raw(" Events "),
        Span::styled(format!("{} / {total} ", model.cursor), theme().dim()),
    ];
    if let Some(filter) = &model.filter {
        let name = model.index().account_name(filter.account);
        title.push(Span::styled(
            format!("· only {name} "),
            BOLD.fg(theme().mark),
        ));
    }
    if let Some(what_if) = &model.what_if {
        title.push(Span::styled(
            format!("· {} ", what_if.describe()),
            BOLD.fg(theme().mark),
        ));
    }
    if let Some(shown) = &model.shown {
        let more = if shown.scanned < total { "+" } else { "" };
        title.push(Span::styled(
            format!(
                "· {}{more} shown · & {} ",
                shown.events.len(),
                shown.describe()
            ),
            BOLD.fg(theme().mark),
        ));
    }
    // The log's name, and the schema it is read with unless that is the
    // default.
    let schema = model.index().schema();
    let mut source = vec![Span::styled(format!(" {} ", model.title), theme().dim())];
    if !schema.is_default() {
        source.push(Span::styled("· schema ", theme().dim()));
        source.push(Span::styled(
            format!("{} ", schema.name()),
            BOLD.fg(theme().mark),
        ));
    }
    let (title, source) = (Line::from(title), Line::from(source));
    // What-if says so in full: where both do not fit, the log's name goes.
    let crowded = title.width() + source.width() + 2 > usize::from(area.width);
    let block = pane(title, super::style::has_focus(model, Pane::Events));
    let block = if model.what_if.is_some() && crowded {
        block
    } else {
        block.title(source.right_aligned())
    };
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = usize::from(inner.height.saturating_sub(1));
    let offset = model.list_offset.min(rows.count().saturating_sub(1));
    let end = (offset + height).min(rows.count());
    // The rows were decoded as they came into sight, the cursor's when it
    // moved; a row that was not (none should be) is decoded here.
    let shown: Vec<EventInfo> = (offset..end)
        .map(|row| rows.event(row))
        .filter_map(|n| {
            if n == model.cursor {
                return model.snapshot.info.clone();
            }
            match model.in_sight.get(n) {
                Some(info) => info.cloned(),
                None => record::info(model.index(), &model.source, n),
            }
        })
        .collect();
    let cols = columns(usize::from(inner.width), total, &shown);
    let mut lines = vec![header(&cols, model.zone)];
    let mut infos = shown.iter().peekable();
    for row in offset..end {
        let n = rows.event(row);
        let info = match infos.peek() {
            Some(i) if i.n == n => infos.next(),
            _ => None,
        };
        let mut line = if n == 0 {
            row_zero(model, &cols, usize::from(inner.width))
        } else {
            super::highlight::matches(
                model,
                event_row(model, n, info, &cols, usize::from(inner.width)),
            )
        };
        if n == model.cursor {
            line = line.patch_style(theme().cursor.add_modifier(Modifier::BOLD));
            line.spans[0] =
                Span::styled("▶", Style::new().fg(theme().accent).patch(theme().cursor));
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
    super::style::scrollbar_if_needed(frame, area, rows.count(), height, offset);
}

fn header(cols: &Columns, zone: Zone) -> Line<'static> {
    let mut text = format!("{:GUTTER$}{:>w$}   ", "", "#", w = cols.number);
    if cols.time != TimeStyle::None {
        // The zone the times are in, as `time (UTC)` or, narrow, `UTC`.
        let w = cols.time.width();
        let long = format!("time ({})", zone.name());
        let label = if long.chars().count() <= w {
            long
        } else {
            zone.name().to_owned()
        };
        text.push_str(&format!("{label:<w$} "));
    }
    text.push_str(&format!(
        "{:<tw$} {:<aw$} {:>mw$}",
        "type",
        "account",
        "amount",
        tw = cols.type_width,
        aw = cols.account,
        mw = cols.amount
    ));
    Line::from(Span::styled(
        text,
        theme().dim().add_modifier(Modifier::BOLD),
    ))
}

fn row_zero(model: &Model, cols: &Columns, width: usize) -> Line<'static> {
    let text = if model.total() == 0 {
        "empty state · the log has no events"
    } else {
        "empty state · before the first event"
    };
    let text = format::fit(text, width.saturating_sub(GUTTER + cols.number + 3));
    Line::from(vec![
        Span::raw(" "),
        Span::raw("  "),
        Span::styled(format!("{:>w$}", 0, w = cols.number), theme().dim()),
        Span::raw("   "),
        Span::styled(text, theme().dim().add_modifier(Modifier::ITALIC)),
    ])
}

fn event_row(
    model: &Model,
    n: u32,
    info: Option<&EventInfo>,
    cols: &Columns,
    width: usize,
) -> Line<'static> {
    let flag = model.index().flags(n);
    let applied = flag & flags::APPLIED != 0;
    let text = if applied { Style::new() } else { theme().dim() };
    let breakpoint = model
        .breakpoints
        .iter()
        .any(|b| b.enabled && b.condition.holds(model.events(), n));
    let mark = model.marks.iter().find(|(_, &at)| at == n).map(|(c, _)| *c);
    let skipped = flag & flags::SKIPPED != 0;
    let marker = if skipped {
        Span::styled("✕", BOLD.fg(theme().mark))
    } else if !model.shows_diagnostic(n) {
        Span::raw(" ")
    } else if flag & flags::ERROR != 0 {
        Span::styled("✖", BOLD.fg(theme().error))
    } else {
        Span::styled("▲", BOLD.fg(theme().warning))
    };
    let mut spans = vec![
        Span::raw(" "),
        if breakpoint {
            Span::styled("●", Style::new().fg(theme().error))
        } else {
            Span::raw(" ")
        },
        Span::styled(mark.map_or(" ".into(), String::from), BOLD.fg(theme().mark)),
        Span::styled(format!("{n:>w$} ", w = cols.number), theme().dim()),
        marker,
        Span::raw(" "),
    ];
    let Some(info) = info else {
        spans.push(Span::styled("(cannot decode)", theme().dim()));
        return Line::from(spans);
    };
    if cols.time != TimeStyle::None {
        let time = match (info.at, info.time.as_deref()) {
            (Some(ns), _) => format::zoned_time(ns, model.zone, cols.time),
            (None, Some(t)) => format::time_text(t, cols.time),
            (None, None) => "—".to_owned(),
        };
        spans.push(Span::styled(
            format!("{:<w$} ", time, w = cols.time.width()),
            theme().dim(),
        ));
    }
    let name = if cols.full_type {
        info.type_name.as_str()
    } else {
        format::short_name(info)
    };
    let type_style = if info.known {
        text
    } else {
        theme().dim().add_modifier(Modifier::ITALIC)
    };
    spans.push(Span::styled(
        format::cell(name, cols.type_width, false) + " ",
        type_style,
    ));
    spans.push(Span::styled(
        format::cell(&info.account, cols.account, false) + " ",
        text,
    ));
    let amount = format::amount_text(&info.amount);
    let style = if !applied {
        Style::new().fg(theme().muted)
    } else if amount.starts_with('+') {
        Style::new().fg(theme().plus)
    } else if amount.starts_with('=') {
        text
    } else {
        Style::new().fg(theme().minus)
    };
    spans.push(Span::styled(
        format::cell(&amount, cols.amount, true),
        style,
    ));
    if let Amount::Transfer { to, .. } = &info.amount {
        let used: usize = spans.iter().map(|s| s.width()).sum();
        let room = width.saturating_sub(used + 3);
        spans.push(Span::styled(" → ", theme().dim()));
        spans.push(Span::styled(fit_tail(to, room), text));
    }
    if skipped {
        // Taken out of history (what-if): struck through after the marker.
        for span in spans.iter_mut().skip(6) {
            span.style = span
                .style
                .patch(theme().dim().add_modifier(Modifier::CROSSED_OUT));
        }
    }
    Line::from(spans)
}

/// Cuts `text` to `width` characters from the left, starting with `…` when
/// cut: account names often share a prefix (`acc-`), and their ends tell
/// them apart.
fn fit_tail(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    std::iter::once('…')
        .chain(text.chars().skip(count - (width - 1)))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::tui::tests::{model_of, screen};

    /// Where each line of the screen has `word`, in terminal columns.
    fn columns_of(model: &crate::tui::model::Model, word: &str) -> Vec<usize> {
        let backend = screen(model);
        let buffer = backend.buffer();
        let mut found = Vec::new();
        for y in 0..buffer.area.height {
            // One entry per cell: a wide character fills its first cell and
            // leaves the next one empty.
            let cells: Vec<&str> = (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect();
            let line: String = cells.concat();
            if let Some(at) = line.find(word) {
                let mut bytes = 0;
                let x = cells.iter().take_while(|c| {
                    bytes += c.len();
                    bytes <= at
                });
                found.push(x.count());
            }
        }
        found
    }

    #[test]
    fn wide_characters_keep_the_amount_and_balance_columns_in_line() {
        let log = concat!(
            r#"{"type":"AccountOpened","account":"café-☕-账户","data":{"initial_balance":"0.00"}}"#,
            "\n",
            r#"{"type":"AccountOpened","account":"acc-b","data":{"initial_balance":"12.50"}}"#,
            "\n",
            r#"{"type":"MoneyDeposited","account":"café-☕-账户","data":{"amount":"7.25"}}"#,
            "\n",
            r#"{"type":"MoneyDeposited","account":"acc-b","data":{"amount":"8.25"}}"#,
            "\n",
        );
        let model = model_of(log.as_bytes(), "wide", Some(3), 120, 20);
        let screen_text = crate::tui::tests::text(&model);
        // The first match is the event list's row (the detail pane is lower).
        let amount = columns_of(&model, "+7.25 ");
        let other = columns_of(&model, "+8.25 ");
        assert_eq!(amount[0], other[0], "amounts out of line:\n{screen_text}");
        // The state pane: the status column (after the balance) starts in
        // the same column on both rows.
        let status = columns_of(&model, " open ");
        assert_eq!(status.len(), 2, "{screen_text}");
        assert_eq!(status[0], status[1], "balances out of line:\n{screen_text}");
    }

    #[test]
    fn a_transfer_target_cut_short_keeps_its_end() {
        assert_eq!(super::fit_tail("acc-01735", 9), "acc-01735");
        assert_eq!(super::fit_tail("acc-01735", 6), "…01735");
        assert_eq!(super::fit_tail("acc-01735", 1), "…");
        assert_eq!(super::fit_tail("acc-01735", 0), "");
    }
}
