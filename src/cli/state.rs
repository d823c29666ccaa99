//! `rewind state`: the account state after an event or as of a time.

use super::{open_and_index, printable, resolve_seek, Fatal, Seek};
use crate::replay::{event_time_text, AccountView, Index};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

#[derive(Serialize)]
struct StateJson<'a> {
    position: u32,
    total: u32,
    as_of: Option<String>,
    accounts: BTreeMap<&'a str, AccountJson<'a>>,
}

#[derive(Serialize)]
struct AccountJson<'a> {
    balance: String,
    status: &'static str,
    owner: Option<&'a str>,
    currency: Option<&'a str>,
    events: u32,
}

pub fn state(
    path: &Path,
    seek: &Seek,
    account: Option<&str>,
    json: bool,
    schema: Option<&str>,
    out: &mut dyn Write,
) -> Result<i32, Fatal> {
    let schema = super::schema(schema)?;
    let (source, index) = open_and_index(path, schema)?;
    let n = resolve_seek(seek, &source, &index)?;
    let mut accounts = index.state_at(n);
    if let Some(name) = account {
        let Some(ix) = index.lookup(name) else {
            return Err(Fatal(format!("no account `{name}` in {}", path.display())));
        };
        accounts.retain(|a| a.ix == ix);
    }
    accounts.sort_by(|a, b| a.name.cmp(b.name));
    let as_of = event_time_text(&source, &index, n);
    if json {
        let doc = StateJson {
            position: n,
            total: index.len(),
            as_of,
            accounts: accounts
                .iter()
                .map(|a| {
                    (
                        a.name,
                        AccountJson {
                            balance: a.balance.to_string(),
                            status: a.status.as_str(),
                            owner: a.owner,
                            currency: a.currency,
                            events: a.events,
                        },
                    )
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
    } else {
        write_table(out, &index, n, as_of.as_deref(), &accounts, account)?;
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
    let rows: Vec<[String; 6]> = accounts
        .iter()
        .map(|a| {
            [
                printable(a.name).into_owned(),
                a.balance.to_string(),
                a.status.as_str().to_owned(),
                printable(a.owner.unwrap_or("-")).into_owned(),
                printable(a.currency.unwrap_or("-")).into_owned(),
                a.events.to_string(),
            ]
        })
        .collect();
    let header = [
        "ACCOUNT", "BALANCE", "STATUS", "OWNER", "CURRENCY", "EVENTS",
    ];
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 6]| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            // Numbers right-aligned, text left-aligned.
            if i == 1 || i == 5 {
                s.push_str(&format!("{cell:>w$}  "));
            } else {
                s.push_str(&format!("{cell:<w$}  "));
            }
        }
        s.trim_end().to_owned()
    };
    writeln!(out, "{}", line(header))?;
    for row in &rows {
        writeln!(out, "{}", line(row.each_ref().map(String::as_str)))?;
    }
    Ok(())
}
