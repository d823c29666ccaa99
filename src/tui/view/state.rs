//! The state at the cursor: every account after events 1..N, the accounts
//! the cursor event changed highlighted with their balance before → after;
//! with held funds, each account's available and held funds beside its
//! total.

use super::style::{pane, theme, BOLD};
use crate::domain::ledger::Status;
use crate::replay::AccountView;
use crate::tui::format::{self, cell as fit_cell, columns};
use crate::tui::model::{Model, Pane};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

struct Shown<'a> {
    view: AccountView<'a>,
    /// The balance before the cursor event, for touched accounts (`None`
    /// inside when the account is new).
    change: Option<Option<rust_decimal::Decimal>>,
    /// While events are skipped: the balance in history as written, where
    /// it differs from this one (what-if).
    written: Option<rust_decimal::Decimal>,
}

/// How much a balance cell says: in full, without its words, or the
/// balance alone — the first that fits the pane (80 columns keep 32 for
/// it, where `−350.00 → what-if 1900.00` beside a name does not fit).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Say {
    Full,
    Short,
    Balance,
}

fn balance_cell(row: &Shown, say: Say) -> String {
    let now = format::money(row.view.balance);
    if say == Say::Balance {
        return now;
    }
    if let Some(written) = row.written {
        let what_if = if say == Say::Full { "what-if " } else { "" };
        return format!("{} → {what_if}{now}", format::money(written));
    }
    match row.change {
        None => now,
        Some(None) if say == Say::Full => format!("new → {now}"),
        Some(None) => now,
        Some(Some(before)) => format!("{} → {now}", format::money(before)),
    }
}

fn status_text(status: Status) -> &'static str {
    match status {
        Status::Open => "open",
        Status::Closed => "closed",
        Status::NotOpened => "not opened",
        Status::Frozen => "frozen",
    }
}

pub fn render(model: &Model, frame: &mut Frame, area: Rect) {
    let n = model.cursor;
    let index = model.index();
    let title = Line::from(vec![
        Span::raw(" State "),
        Span::styled(
            format!("after event {n} of {} ", model.total()),
            theme().dim(),
        ),
    ]);
    let block = pane(title, super::style::has_focus(model, Pane::Accounts));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let count = index.accounts_at(n);
    if count == 0 {
        let text = if n == 0 {
            "No accounts: nothing has happened yet."
        } else {
            "No accounts yet."
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme().dim())), inner);
        return;
    }
    let height = usize::from(inner.height.saturating_sub(1));
    let offset = model.state_offset.min(count.saturating_sub(height));
    let touched = &model.snapshot.touched;
    let focused = model.focused_account();
    let shown: Vec<Shown> = (offset..(offset + height).min(count))
        .filter_map(|ix| index.account_at(ix as u32, n))
        .map(|view| Shown {
            change: touched
                .contains(&view.ix)
                .then(|| index.account_at(view.ix, n - 1).map(|a| a.balance)),
            written: model.what_if.as_ref().and_then(|_| {
                let written = model.written();
                let ix = written.lookup(view.name)?;
                let balance = written.account_at(ix, n)?.balance;
                (balance != view.balance).then_some(balance)
            }),
            view,
        })
        .collect();
    let width = usize::from(inner.width);
    let longest = |f: &dyn Fn(&Shown) -> usize, min: usize, max: usize| {
        shown.iter().map(f).max().unwrap_or(0).clamp(min, max)
    };
    // With held funds: available and held before the total, in the room
    // short names leave (the total alone: Say::Balance).
    let holds = index.has_holds();
    let name_w = longest(&|r| columns(r.view.name), if holds { 4 } else { 7 }, 16);
    let available = |r: &Shown| format::money(r.view.available());
    let held = |r: &Shown| format::money(r.view.held_shown());
    let (avail_w, held_w) = if holds {
        (
            longest(&|r| columns(&available(r)), 5, 20),
            longest(&|r| columns(&held(r)), 4, 20),
        )
    } else {
        (0, 0)
    };
    let amounts_w = if holds { avail_w + held_w + 2 } else { 0 };
    let room = width.saturating_sub(1 + name_w + 1 + amounts_w);
    let widest = |say| {
        longest(
            &|r| columns(&balance_cell(r, say)),
            if holds { 5 } else { 7 },
            40,
        )
    };
    // With held funds the status (frozen, say) keeps its room first.
    let spare = if holds { 1 + 6 } else { 0 };
    let say = [Say::Full, Say::Short]
        .into_iter()
        .find(|&say| widest(say) + spare <= room)
        .unwrap_or(Say::Balance);
    let balance_w = widest(say);
    // Columns past the balance are shown while they fit: status, currency,
    // then the owner in whatever is left.
    let mut left = width.saturating_sub(1 + name_w + 1 + balance_w + amounts_w);
    let mut take = |w: usize| {
        if left > w {
            left -= w + 1;
            w
        } else {
            0
        }
    };
    let status_w = take(longest(&|r| status_text(r.view.status).len(), 6, 10));
    let currency_w = take(longest(&|r| r.view.currency.map_or(1, columns), 3, 5));
    let owner_w = if left >= 6 { left - 1 } else { 0 };
    let cell = |text: &str, w: usize| {
        if w == 0 {
            String::new()
        } else {
            format!(" {}", fit_cell(text, w, false))
        }
    };
    let amounts_header = if holds {
        format!("{:>avail_w$} {:>held_w$} ", "avail", "held")
    } else {
        String::new()
    };
    let header = format!(
        " {:<name_w$} {amounts_header}{:>balance_w$}{}{}{}",
        if name_w < 7 { "acct" } else { "account" },
        if holds { "total" } else { "balance" },
        cell("status", status_w),
        cell("owner", owner_w),
        cell("cur", currency_w),
    );
    let mut lines = vec![Line::from(Span::styled(
        header,
        theme().dim().add_modifier(Modifier::BOLD),
    ))];
    for row in &shown {
        let v = &row.view;
        let is_focus = focused == Some(v.ix);
        let base = if row.change.is_some() {
            theme().touched
        } else {
            Style::new()
        };
        let balance_style = if row.written.is_some() {
            BOLD.fg(theme().mark)
        } else if row.change.is_some() {
            BOLD.fg(theme().warning)
        } else if v.balance.is_sign_negative() && !v.balance.is_zero() {
            Style::new().fg(theme().minus)
        } else {
            Style::new()
        };
        let status_style = match v.status {
            Status::Open => Style::new(),
            Status::Closed => Style::new().fg(theme().muted),
            Status::NotOpened | Status::Frozen => Style::new().fg(theme().warning),
        };
        let mut spans = vec![
            Span::styled(if is_focus { "▸" } else { " " }, BOLD.fg(theme().mark)),
            Span::styled(
                fit_cell(v.name, name_w, false) + " ",
                if is_focus { BOLD } else { Style::new() },
            ),
        ];
        if holds {
            let negative = v.available().is_sign_negative() && !v.available().is_zero();
            let avail_style = if negative {
                Style::new().fg(theme().minus)
            } else {
                Style::new()
            };
            spans.push(Span::styled(
                fit_cell(&available(row), avail_w, true) + " ",
                avail_style,
            ));
            spans.push(Span::raw(fit_cell(&held(row), held_w, true) + " "));
        }
        spans.extend([
            Span::styled(
                fit_cell(&balance_cell(row, say), balance_w, true),
                balance_style,
            ),
            Span::styled(cell(status_text(v.status), status_w), status_style),
            Span::raw(cell(v.owner.unwrap_or("—"), owner_w)),
            Span::raw(cell(v.currency.unwrap_or("—"), currency_w)),
        ]);
        lines.push(Line::from(spans).style(base));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    super::style::scrollbar_if_needed(frame, area, count, height, offset);
}
