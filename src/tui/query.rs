//! Derived data that both `update` and the views need: what a list overlay
//! lists, so that a selected row means the same thing to both.

use super::model::Model;
use crate::domain::ledger::AccountIx;
use crate::domain::{Diagnostic, Severity};
use rust_decimal::Decimal;

/// The accounts the picker lists for a filter: those whose name or owner
/// contains it (without regard to case), in order of first appearance.
pub fn picker_matches(model: &Model, filter: &str) -> Vec<AccountIx> {
    let needle = filter.to_lowercase();
    let index = model.index();
    (0..index.account_count() as AccountIx)
        .filter(|&ix| {
            needle.is_empty()
                || index.account_name(ix).to_lowercase().contains(&needle)
                || index
                    .account_at(ix, index.len())
                    .and_then(|a| a.owner)
                    .is_some_and(|o| o.to_lowercase().contains(&needle))
        })
        .collect()
}

/// The diagnostics the `D` list shows: all, or errors only under `w`.
pub fn listed_diagnostics(model: &Model) -> Vec<&Diagnostic> {
    model
        .index()
        .diagnostics()
        .iter()
        .filter(|d| !model.errors_only || d.severity == Severity::Error)
        .collect()
}

/// One account in the compare view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareRow {
    pub account: AccountIx,
    /// Balance at the mark and at the cursor, `None` where it did not exist.
    pub before: Option<Decimal>,
    pub after: Option<Decimal>,
    pub status_before: Option<&'static str>,
    pub status_after: Option<&'static str>,
}

impl CompareRow {
    pub fn changed(&self) -> bool {
        self.before != self.after || self.status_before != self.status_after
    }
}

/// Every account that exists at either point, for comparing the state at
/// event `at` (a mark) with the state at the cursor.
pub fn compare_rows(model: &Model, at: u32) -> Vec<CompareRow> {
    let index = model.index();
    let count = index.accounts_at(at).max(index.accounts_at(model.cursor));
    (0..count as AccountIx)
        .map(|ix| {
            let before = index.account_at(ix, at);
            let after = index.account_at(ix, model.cursor);
            CompareRow {
                account: ix,
                before: before.as_ref().map(|a| a.balance),
                after: after.as_ref().map(|a| a.balance),
                status_before: before.map(|a| a.status.as_str()),
                status_after: after.map(|a| a.status.as_str()),
            }
        })
        .collect()
}
