//! The state after an event as `rewind state --json` prints it, built here
//! so that the CLI and the debugger's `Y` (copy the state) print one shape.

use super::index::{event_time_text, AccountView, Index};
use crate::log::Source;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct StateJson<'a> {
    position: u32,
    total: u32,
    as_of: Option<String>,
    accounts: BTreeMap<&'a str, AccountJson<'a>>,
}

#[derive(Serialize)]
struct AccountJson<'a> {
    /// The total: available plus held.
    balance: String,
    /// Only when the schema holds funds.
    #[serde(skip_serializing_if = "Option::is_none")]
    held: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    available: Option<String>,
    status: &'static str,
    owner: Option<&'a str>,
    currency: Option<&'a str>,
    events: u32,
}

/// `accounts` after event `n`, pretty-printed as `rewind state --json`
/// prints them (without the final newline).
pub fn state_json(
    source: &Source,
    index: &Index,
    n: u32,
    accounts: &[AccountView<'_>],
) -> serde_json::Result<String> {
    let holds = index.has_holds();
    let doc = StateJson {
        position: n,
        total: index.len(),
        as_of: event_time_text(source, index, n),
        accounts: accounts
            .iter()
            .map(|a| {
                (
                    a.name,
                    AccountJson {
                        balance: a.balance.to_string(),
                        held: holds.then(|| a.held_shown().to_string()),
                        available: holds.then(|| a.available().to_string()),
                        status: a.status.as_str(),
                        owner: a.owner,
                        currency: a.currency,
                        events: a.events,
                    },
                )
            })
            .collect(),
    };
    serde_json::to_string_pretty(&doc)
}
