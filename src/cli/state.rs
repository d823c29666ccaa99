//! `rewind state`: the account state after an event or as of a time.

use super::open::{open_and_index, schema as schema_named, Reading};
use super::printable::printable;
use crate::replay::seek::{Fatal, Seek};
use crate::replay::state_json::state_json;
use crate::replay::{event_time_text, AccountView, Index};
use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

pub fn state(
    path: &Path,
    seek: &Seek,
    account: Option<&str>,
    json: bool,
    reading: &Reading,
    out: &mut dyn Write,
) -> Result<i32, Fatal> {
    let Reading {
        schema,
        request,
        what_if,
    } = *reading;
    if request.explain {
        return super::open::explain(path, schema, request, out);
    }
    let schema = schema_named(schema)?;
    // The end (the default) needs no history: the fold's own state says it.
    let history = seek.at.is_some() || seek.as_of.is_some();
    let (source, index) = open_and_index(path, schema, history, request, what_if)?;
    let n = seek.resolve(&source, &index)?;
    let mut accounts = index.state_at(n);
    if let Some(name) = account {
        let Some(ix) = index.lookup(name) else {
            return Err(Fatal(format!(
                "no account `{name}` in {}",
                crate::log::db::name_of(path)
            )));
        };
        accounts.retain(|a| a.ix == ix);
    }
    accounts.sort_by(|a, b| a.name.cmp(b.name));
    let as_of = event_time_text(&source, &index, n);
    if json {
        let text = state_json(&source, &index, n, &accounts)?;
        write!(out, "{text}")?;
        writeln!(out)?;
    } else {
        write_table(out, &index, n, as_of.as_deref(), &accounts, account)?;
        let skipped = if what_if.skip.is_some() || what_if.session.is_some() {
            (1..=index.len())
                .filter(|&k| index.flags(k) & crate::replay::flags::SKIPPED != 0)
                .count()
        } else {
            0
        };
        if skipped > 0 {
            let s = if skipped == 1 { "" } else { "s" };
            writeln!(out, "(what-if: {skipped} event{s} skipped)")?;
        }
    }
    Ok(0)
}

fn write_table(
    out: &mut dyn Write,
    index: &Index,
    n: u32,
    as_of: Option<&str>,
    accounts: &[AccountView<'_>],
    only: Option<&str>,
) -> std::io::Result<()> {
    let when = as_of.map(|t| format!(" ({t})")).unwrap_or_default();
    writeln!(out, "State after event {n} of {}{when}", index.len())?;
    if accounts.is_empty() {
        return match only {
            Some(name) => writeln!(out, "Account `{name}` does not exist yet at event {n}."),
            None => writeln!(out, "No accounts yet."),
        };
    }
    // With held funds, the balance is three columns: available, held, total.
    let holds = index.has_holds();
    let shown: &[usize] = if holds {
        &[0, 1, 2, 3, 4, 5, 6, 7]
    } else {
        &[0, 3, 4, 5, 6, 7]
    };
    let rows: Vec<[Cow<'_, str>; 8]> = accounts
        .iter()
        .map(|a| {
            let (available, held) = if holds {
                (
                    a.available().to_string().into(),
                    a.held_shown().to_string().into(),
                )
            } else {
                (Cow::Borrowed(""), Cow::Borrowed(""))
            };
            [
                cut(printable(a.name)),
                available,
                held,
                a.balance.to_string().into(),
                a.status.as_str().into(),
                cut(printable(a.owner.unwrap_or("-"))),
                cut(printable(a.currency.unwrap_or("-"))),
                a.events.to_string().into(),
            ]
        })
        .collect();
    let all = [
        "ACCOUNT",
        "AVAILABLE",
        "HELD",
        if holds { "TOTAL" } else { "BALANCE" },
        "STATUS",
        "OWNER",
        "CURRENCY",
        "EVENTS",
    ];
    let header: Vec<&str> = shown.iter().map(|&i| all[i]).collect();
    let numeric = |i: usize| i == header.len() - 1 || (1..header.len() - 4).contains(&i);
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for row in &rows {
        for (w, &i) in widths.iter_mut().zip(shown) {
            *w = (*w).max(width(&row[i]));
        }
    }
    // Written cell by cell with padding from a buffer of spaces: a table of
    // many thousands of accounts is printed in milliseconds.
    let mut line = String::new();
    let mut write_line = |cells: &[&str], out: &mut dyn Write| {
        line.clear();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let pad = w - width(cell);
            // Numbers right-aligned, text left-aligned.
            if numeric(i) {
                spaces(&mut line, pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                spaces(&mut line, pad);
            }
            line.push_str("  ");
        }
        line.truncate(line.trim_end().len());
        line.push('\n');
        out.write_all(line.as_bytes())
    };
    write_line(&header, out)?;
    let mut cells: Vec<&str> = Vec::with_capacity(shown.len());
    for row in &rows {
        cells.clear();
        cells.extend(shown.iter().map(|&i| &*row[i]));
        write_line(&cells, out)?;
    }
    Ok(())
}

/// A cell's width in terminal columns: a CJK character or an emoji takes
/// two, a combining mark none.
fn width(cell: &str) -> usize {
    if cell.is_ascii() {
        cell.len()
    } else {
        unicode_width::UnicodeWidthStr::width(cell)
    }
}

/// The widest a text cell of the table gets: a longer name (a log may hold
/// one of megabytes) is cut, ending with `…`, so that one account cannot
/// pad every line. `--json` keeps names whole.
const MAX_CELL: usize = 40;

/// `cell` cut to [`MAX_CELL`] columns.
fn cut(cell: Cow<'_, str>) -> Cow<'_, str> {
    if cell.len() <= MAX_CELL || width(&cell) <= MAX_CELL {
        return cell;
    }
    let mut used = 0;
    let mut out = String::with_capacity(MAX_CELL + 3);
    for c in cell.chars() {
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used > MAX_CELL - 1 {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out.into()
}

fn spaces(line: &mut String, n: usize) {
    line.extend(std::iter::repeat_n(' ', n));
}
