//! Shared by the scenario tests: a log given as JSON lines, loaded and
//! indexed through the crate's public API, and the questions the scenarios
//! ask of it (balances and statuses at event N, diagnostics, applied flags).

#![allow(dead_code)]

use rewind::domain::Status;
use rewind::log::Source;
use rewind::replay::{Index, LoadOptions};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::Arc;

pub struct Given {
    pub source: Arc<Source>,
    pub index: Index,
}

/// The log of these lines, read with the default (`bank`) vocabulary.
pub fn given(lines: &[&str]) -> Given {
    let source = Arc::new(Source::memory(lines.join("\n").into_bytes()));
    let index = rewind::replay::load(&source, &LoadOptions::default()).unwrap();
    Given { source, index }
}

/// The log read with a schema written in TOML.
pub fn given_with(schema: &str, lines: &[&str]) -> Given {
    let schema = rewind::schema::Schema::parse(schema, rewind::schema::Syntax::Toml, "t.toml", "t")
        .unwrap_or_else(|e| panic!("{e}"));
    let source = Arc::new(Source::memory(lines.join("\n").into_bytes()));
    let index = rewind::replay::load(
        &source,
        &LoadOptions {
            schema: Arc::new(schema),
            ..LoadOptions::default()
        },
    )
    .unwrap();
    Given { source, index }
}

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

impl Given {
    /// Balance and status of `account` at event `n`.
    pub fn at(&self, n: u32, account: &str) -> (Decimal, Status) {
        let ix = self.index.lookup(account).expect("account exists");
        let view = self.index.account_at(ix, n).expect("account exists at n");
        (view.balance, view.status)
    }
    pub fn balance(&self, account: &str) -> String {
        self.at(self.index.len(), account).0.to_string()
    }
    /// (event, code) of every diagnostic.
    pub fn codes(&self) -> Vec<(Option<u32>, &'static str)> {
        self.index
            .diagnostics()
            .iter()
            .map(|d| (d.event, d.code.as_str()))
            .collect()
    }
    /// (event, code, message) of every diagnostic.
    pub fn messages(&self) -> Vec<(Option<u32>, &'static str, String)> {
        self.index
            .diagnostics()
            .iter()
            .map(|d| (d.event, d.code.as_str(), d.message.clone()))
            .collect()
    }
    pub fn applied(&self, n: u32) -> bool {
        self.index.flags(n) & rewind::replay::flags::APPLIED != 0
    }
}
