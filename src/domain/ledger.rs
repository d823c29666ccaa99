//! The fold: `apply(ledger, event)` replays one event into account state and
//! says what it found. This is the whole of the bank's semantics; everything
//! else (seeking, the TUI, the commands) is built on it.

use super::diagnostic::{Code, Finding};
use super::event::{Action, Event, When};
use super::time::format_time;
use rust_decimal::Decimal;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::Hasher;

/// Whether an account has been opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Touched by events but never opened.
    NotOpened,
    Open,
    Closed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotOpened => "not_opened",
            Status::Open => "open",
            Status::Closed => "closed",
        }
    }
}

/// One account's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub balance: Decimal,
    pub status: Status,
    pub owner: Option<Box<str>>,
    pub currency: Option<Box<str>>,
    /// How many applied events touched this account.
    pub events: u32,
}

impl Account {
    fn new() -> Account {
        Account {
            balance: Decimal::ZERO,
            status: Status::NotOpened,
            owner: None,
            currency: None,
            events: 0,
        }
    }
}

/// Interned account handle: accounts are numbered in the order they first
/// appear, so the accounts that exist after event N are a prefix.
pub type AccountIx = u32;

/// What applying one event did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub applied: bool,
    pub findings: Vec<Finding>,
    /// The accounts whose state changed (one, or two for a transfer).
    pub touched: Vec<AccountIx>,
}

/// The state of every account after some prefix of the log, plus what the
/// fold must remember to judge the next event.
#[derive(Debug, Default, Clone)]
pub struct Ledger {
    names: Vec<Box<str>>,
    by_name: HashMap<Box<str>, AccountIx>,
    accounts: Vec<Account>,
    /// Sequence and event number of the last applied event that had one.
    last_seq: Option<(i64, u32)>,
    /// Time and event number of the last applied event that had one.
    last_time: Option<(i64, u32)>,
    /// Ids of earlier events without errors, as 128-bit fingerprints, with
    /// the event that first had them. Two SipHash keys make a false match
    /// among even a billion ids less likely than a disk's silent bit flip.
    seen_ids: HashMap<u128, u32>,
    /// Events applied so far.
    position: u32,
}

fn fingerprint(id: &str) -> u128 {
    let mut high = DefaultHasher::new();
    high.write(id.as_bytes());
    let mut low = DefaultHasher::new();
    low.write_u8(0xA5);
    low.write(id.as_bytes());
    (u128::from(high.finish()) << 64) | u128::from(low.finish())
}

impl Ledger {
    pub fn new() -> Ledger {
        Ledger::default()
    }

    /// Accounts in order of first appearance.
    pub fn accounts(&self) -> impl Iterator<Item = (&str, &Account)> {
        self.names.iter().map(|n| &**n).zip(&self.accounts)
    }
    pub fn account(&self, ix: AccountIx) -> &Account {
        &self.accounts[ix as usize]
    }
    pub fn name(&self, ix: AccountIx) -> &str {
        &self.names[ix as usize]
    }
    pub fn lookup(&self, name: &str) -> Option<AccountIx> {
        self.by_name.get(name).copied()
    }
    pub fn account_count(&self) -> usize {
        self.accounts.len()
    }
    /// Number of events folded so far (including not-applied ones).
    pub fn position(&self) -> u32 {
        self.position
    }

    fn intern(&mut self, name: &str) -> AccountIx {
        if let Some(&ix) = self.by_name.get(name) {
            return ix;
        }
        let ix = self.accounts.len() as AccountIx;
        self.names.push(name.into());
        self.by_name.insert(name.into(), ix);
        self.accounts.push(Account::new());
        ix
    }

    fn balance_of(&self, name: &str) -> Decimal {
        self.lookup(name)
            .map_or(Decimal::ZERO, |ix| self.accounts[ix as usize].balance)
    }

    fn status_of(&self, name: &str) -> Status {
        self.lookup(name)
            .map_or(Status::NotOpened, |ix| self.accounts[ix as usize].status)
    }

    /// Folds the next event in and says what it found. Records that are not
    /// events at all (malformed JSON) never reach the fold: they take no
    /// event number.
    pub fn apply(&mut self, event: &Event<'_>) -> Outcome {
        self.position += 1;
        let n = self.position;
        let meta = &event.meta;
        let account = &*meta.account;
        let action = match &event.action {
            Ok(action) => action,
            Err(finding) => {
                if finding.code.severity() != super::diagnostic::Severity::Error {
                    self.remember_id(meta.id.as_deref(), n);
                }
                return Outcome {
                    findings: vec![finding.clone()],
                    ..Outcome::default()
                };
            }
        };
        if let Some(id) = meta.id.as_deref() {
            if let Some(&first) = self.seen_ids.get(&fingerprint(id)) {
                return Outcome {
                    findings: vec![Finding::new(
                        Code::DuplicateEventId,
                        format!("event id `{id}` was already seen at event {first}; skipped (idempotent replay)"),
                        Some(account),
                    )],
                    ..Outcome::default()
                };
            }
        }
        // Work out the new balances before touching anything, so that an
        // overflow leaves the state exactly as it was.
        let before = self.balance_of(account);
        let (after, target_after) = match action {
            Action::Open {
                initial_balance, ..
            } => (Some(*initial_balance), None),
            Action::Deposit(a) => (before.checked_add(*a), None),
            Action::Withdraw(a) => (before.checked_sub(*a), None),
            Action::Close => (Some(before), None),
            Action::Transfer { amount, to } => {
                let debited = before.checked_sub(*amount);
                let target_before = if **to == *account {
                    debited.unwrap_or(before)
                } else {
                    self.balance_of(to)
                };
                (debited, Some(target_before.checked_add(*amount)))
            }
        };
        let (Some(after), Some(target_after)) =
            (after, target_after.unwrap_or(Some(Decimal::ZERO)))
        else {
            let what = action.type_name();
            return Outcome {
                findings: vec![Finding::new(
                    Code::DecimalOverflow,
                    format!(
                        "{what} would take a balance outside the exact decimal range; not applied"
                    ),
                    Some(account),
                )],
                ..Outcome::default()
            };
        };
        let mut findings = Vec::new();
        let status = self.status_of(account);
        let mut touched = Vec::with_capacity(2);
        let ix = self.intern(account);
        touched.push(ix);
        match action {
            Action::Open {
                owner, currency, ..
            } => {
                if status != Status::NotOpened {
                    findings.push(Finding::new(
                        Code::DuplicateOpen,
                        format!(
                            "account `{account}` is already {}; opened again with balance {after}",
                            status.as_str().replace('_', " ")
                        ),
                        Some(account),
                    ));
                }
                let acc = &mut self.accounts[ix as usize];
                acc.status = Status::Open;
                acc.owner = owner.as_deref().map(Into::into);
                acc.currency = currency.as_deref().map(Into::into);
            }
            Action::Deposit(a) | Action::Withdraw(a) => {
                let what = if matches!(action, Action::Deposit(_)) {
                    format!("deposit of {a} to")
                } else {
                    format!("withdrawal of {a} from")
                };
                status_findings(status, &what, account, &mut findings);
                if matches!(action, Action::Withdraw(_)) && after < Decimal::ZERO {
                    findings.push(Finding::new(
                        Code::Overdraft,
                        format!("withdrawal of {a} leaves account `{account}` at {after}"),
                        Some(account),
                    ));
                }
            }
            Action::Close => {
                status_findings(status, "closing", account, &mut findings);
                if after != Decimal::ZERO {
                    findings.push(Finding::new(
                        Code::ClosedWithBalance,
                        format!("account `{account}` closed with balance {after}"),
                        Some(account),
                    ));
                }
                self.accounts[ix as usize].status = Status::Closed;
            }
            Action::Transfer { amount, to } => {
                status_findings(
                    status,
                    &format!("transfer of {amount} from"),
                    account,
                    &mut findings,
                );
                let target_status = self.status_of(to);
                status_findings(
                    target_status,
                    &format!("transfer of {amount} to"),
                    to,
                    &mut findings,
                );
                let final_source = if **to == *account {
                    target_after
                } else {
                    after
                };
                if final_source < Decimal::ZERO {
                    findings.push(Finding::new(
                        Code::Overdraft,
                        format!("transfer of {amount} to `{to}` leaves account `{account}` at {final_source}"),
                        Some(account),
                    ));
                }
                let tix = self.intern(to);
                self.accounts[ix as usize].balance = after;
                self.accounts[tix as usize].balance = target_after;
                if tix != ix {
                    self.accounts[tix as usize].events += 1;
                    touched.push(tix);
                }
            }
        }
        let acc = &mut self.accounts[ix as usize];
        if !matches!(action, Action::Transfer { .. }) {
            acc.balance = after;
        }
        acc.events += 1;
        if let When::Invalid(text) = &meta.when {
            findings.push(Finding::new(
                Code::InvalidTimestamp,
                format!("timestamp {text} is not RFC 3339 with an offset; the event is treated as untimed"),
                Some(account),
            ));
        }
        self.check_order(meta, n, &mut findings, account);
        self.remember_id(meta.id.as_deref(), n);
        Outcome {
            applied: true,
            findings,
            touched,
        }
    }

    fn remember_id(&mut self, id: Option<&str>, n: u32) {
        if let Some(id) = id {
            self.seen_ids.entry(fingerprint(id)).or_insert(n);
        }
    }

    /// Sequence and time must move forward among applied events.
    fn check_order(
        &mut self,
        meta: &super::event::Meta<'_>,
        n: u32,
        findings: &mut Vec<Finding>,
        account: &str,
    ) {
        if let Some(seq) = meta.seq {
            if let Some((last, at)) = self.last_seq {
                if seq <= last {
                    findings.push(Finding::new(
                        Code::SeqNotIncreasing,
                        format!("sequence {seq} is not above {last}, the sequence of event {at}"),
                        Some(account),
                    ));
                }
            }
            self.last_seq = Some((seq, n));
        }
        if let When::At(ns) = meta.when {
            if let Some((last, at)) = self.last_time {
                if ns < last {
                    findings.push(Finding::new(
                        Code::TimestampBackwards,
                        format!(
                            "time {} is earlier than {}, the time of event {at}",
                            format_time(ns),
                            format_time(last)
                        ),
                        Some(account),
                    ));
                }
            }
            self.last_time = Some((ns, n));
        }
    }
}

/// `account_not_open` / `account_closed` for an event on (or transfer to) an
/// account in the wrong status.
fn status_findings(status: Status, what: &str, account: &str, findings: &mut Vec<Finding>) {
    match status {
        Status::Open => {}
        Status::NotOpened => findings.push(Finding::new(
            Code::AccountNotOpen,
            format!("{what} account `{account}`, which was never opened"),
            Some(account),
        )),
        Status::Closed => findings.push(Finding::new(
            Code::AccountClosed,
            format!("{what} account `{account}`, which is closed"),
            Some(account),
        )),
    }
}

impl Ledger {
    /// Gives up the fold's memory of ids and order, keeping only the account
    /// names and their handles.
    pub fn into_names(self) -> (Vec<Box<str>>, HashMap<Box<str>, AccountIx>) {
        (self.names, self.by_name)
    }
}
