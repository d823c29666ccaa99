//! The fold: `apply(ledger, event)` replays one event into account state and
//! says what it found. This is the whole of the bank's semantics; everything
//! else (seeking, the TUI, the commands) is built on it.

use super::diagnostic::{Code, Finding, Policies, Severity};
use super::effect::Effect;
use super::event::{Event, Meta};
use super::limits::Limits;
use super::referred::Holds;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

mod checks;
mod effects;
mod holds;

/// Why an effect did not apply an event.
enum Stop {
    /// A new balance would be outside the exact decimal range.
    Overflow,
    /// The schema rejects one of its findings.
    Refused,
    /// A finding that keeps the event from applying whatever the policies
    /// (`unknown_reference`, `invalid_transition`): the outcome's last.
    NotApplied,
}

/// What the checks every applied event gets besides its effect's own read:
/// the event and its stream's version finding.
struct Gate<'g, 'e> {
    event: &'g Event<'e>,
    version_gap: Option<Finding>,
}

/// The account an event is about, as it was before the event.
struct Subject<'e> {
    name: &'e str,
    /// Its handle, if the account exists.
    ix: Option<AccountIx>,
    before: Decimal,
    status: Status,
}

/// Whether an account has been opened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Touched by events but never opened.
    #[default]
    NotOpened,
    Open,
    Closed,
    /// Open, but frozen: events on it are `account_frozen`.
    Frozen,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotOpened => "not_opened",
            Status::Open => "open",
            Status::Closed => "closed",
            Status::Frozen => "frozen",
        }
    }
}

/// One account's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The total: available plus held.
    pub balance: Decimal,
    /// Funds held by `hold` events (0 unless the schema has one).
    pub held: Decimal,
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
            held: Decimal::ZERO,
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

/// The one or two accounts an event touched, without a heap allocation
/// (this is built for every event of the log).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Touched {
    accounts: [AccountIx; 2],
    len: u8,
}

impl Touched {
    fn push(&mut self, ix: AccountIx) {
        if let Some(slot) = self.accounts.get_mut(usize::from(self.len)) {
            *slot = ix;
            self.len += 1;
        }
    }

    pub fn as_slice(&self) -> &[AccountIx] {
        &self.accounts[..usize::from(self.len)]
    }
}

/// The handles of an event's accounts, where the caller already knows them
/// (see [`Ledger::apply_known`]).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// The event's account.
    pub account: Option<AccountIx>,
    /// A transfer's receiving account.
    pub to: Option<AccountIx>,
}

/// What applying one event did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub applied: bool,
    pub findings: Vec<Finding>,
    /// The accounts whose balance changed or that the event was about (one,
    /// or two for a transfer), when applied.
    pub touched: Touched,
    /// Whether the event changed an account's status, owner or currency.
    pub profile_changed: bool,
}

impl Outcome {
    /// Whether the event had an error.
    pub fn has_error(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
    /// Whether the event's id counts as seen: unless it was not applied
    /// for an error.
    pub fn counts_id(&self) -> bool {
        self.applied || !self.has_error()
    }
    fn rejected(finding: Finding) -> Outcome {
        Outcome {
            findings: vec![finding],
            ..Outcome::default()
        }
    }
}

/// The state of every account after some prefix of the log, plus what the
/// fold must remember to judge the next event.
#[derive(Debug, Default, Clone)]
pub struct Ledger {
    names: Vec<Box<str>>,
    by_name: FxHashMap<Box<str>, AccountIx>,
    accounts: Vec<Account>,
    /// Sequence and event number of the last applied event that had one.
    last_seq: Option<(i64, u32)>,
    /// Time and event number of the last applied event that had one.
    last_time: Option<(i64, u32)>,
    /// Events folded so far.
    position: u32,
    /// Per account, the version of its last event and that event's number
    /// (only for schemas with a version field).
    versions: FxHashMap<Box<str>, (i64, u32)>,
    /// What the schema says to do with each code's findings.
    policies: Policies,
    /// The balances an account may have.
    limits: Limits,
    /// The accounts whose open event gave them their own limits, and those
    /// limits (consulted only when not empty: most schemas have none).
    own_limits: FxHashMap<AccountIx, Limits>,
    /// The events that `hold`, `release` and `reverse` may refer to, and
    /// their state (only when the schema has such an effect: `None` keeps
    /// them out of the fold of every other log).
    holds: Option<Box<Holds>>,
    /// `[rules] implicit_open`: an account first touched by any event is
    /// open.
    implicit_open: bool,
    /// Whether either of the two above is in force (one test per event).
    ruled: bool,
    /// The earlier event the last event folded referred to (a `hold`,
    /// `release` or `reverse` whose event was found).
    referred: Option<u32>,
}

impl Ledger {
    pub fn new() -> Ledger {
        Ledger::default()
    }

    /// An empty ledger that treats findings as `policies` say.
    pub fn with_policies(policies: Policies) -> Ledger {
        Ledger {
            policies,
            ..Ledger::default()
        }
    }

    /// The ledger, with the balances an account may have.
    pub fn with_limits(self, limits: Limits) -> Ledger {
        Ledger { limits, ..self }
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

    /// Counts the next event without folding it: an event taken out of
    /// history (a what-if replay), which changes nothing and is judged by
    /// nothing, but keeps its number.
    pub fn pass(&mut self) -> u32 {
        self.position += 1;
        self.position
    }

    #[inline]
    fn intern(&mut self, name: &str, known: Option<AccountIx>) -> AccountIx {
        match known {
            Some(ix) => ix,
            None => self.add_account(name),
        }
    }

    #[cold]
    fn add_account(&mut self, name: &str) -> AccountIx {
        let ix = self.accounts.len() as AccountIx;
        self.names.push(name.into());
        self.by_name.insert(name.into(), ix);
        self.accounts.push(Account::new());
        ix
    }

    /// The balances account `ix` may have: its own, else the schema's.
    #[inline(always)]
    fn limits_of(&self, ix: Option<AccountIx>) -> &Limits {
        if self.own_limits.is_empty() {
            return &self.limits;
        }
        self.own_limits_of(ix)
    }

    #[cold]
    fn own_limits_of(&self, ix: Option<AccountIx>) -> &Limits {
        ix.and_then(|ix| self.own_limits.get(&ix))
            .unwrap_or(&self.limits)
    }

    fn current(&self, ix: Option<AccountIx>) -> (Decimal, Status) {
        ix.map_or((Decimal::ZERO, Status::NotOpened), |ix| {
            let a = &self.accounts[ix as usize];
            (a.balance, a.status)
        })
    }

    /// Folds the next event in and says what it found. `duplicate_of` is the
    /// number of an earlier event without errors that had the same id, if
    /// any (the caller keeps the ids: see `replay::ids`). Records that are
    /// not events at all (malformed JSON) never reach the fold.
    pub fn apply(&mut self, event: &Event<'_>, duplicate_of: Option<u32>) -> Outcome {
        self.apply_known(event, duplicate_of, Known::default())
    }

    /// [`Ledger::apply`], told the handles of the event's accounts where the
    /// caller knows them already (so that the fold need not look their
    /// names up). A handle given must be the one [`Ledger::lookup`] returns
    /// for that name.
    pub fn apply_known(
        &mut self,
        event: &Event<'_>,
        duplicate_of: Option<u32>,
        known: Known,
    ) -> Outcome {
        self.position += 1;
        let n = self.position;
        let meta = &event.meta;
        let account = &*meta.account;
        // A duplicate whose code is off is folded as if it were not one.
        let duplicate_of = duplicate_of.filter(|_| !self.policies.is_off(Code::DuplicateEventId));
        // Every event of a stream counts for its version, applied or not;
        // a duplicate (the same event again) does not.
        let version_gap = match duplicate_of {
            None => self.track_version(meta, n),
            Some(_) => None,
        };
        let effect = match &event.effect {
            Ok(effect) => effect,
            Err(finding) => return self.refuse(finding.clone()),
        };
        if let Some(first) = duplicate_of {
            let id = meta.id.as_deref().unwrap_or_default();
            return self.refuse(Finding::new(
                Code::DuplicateEventId,
                format!("event id `{id}` was already seen at event {first}; skipped (idempotent replay)"),
                Some(account),
            ));
        }
        let ix = known.account.or_else(|| self.lookup(account));
        let (before, mut status) = self.current(ix);
        if self.ruled {
            self.referred = None;
            if !matches!(effect, Effect::Open { .. }) {
                status = self.implicitly(status);
            }
        }
        let subject = Subject {
            name: account,
            ix,
            before,
            status,
        };
        let mut out = Outcome {
            applied: true,
            ..Outcome::default()
        };
        let gate = Gate { event, version_gap };
        // Each effect works out the new balances and its findings before
        // touching anything, so that an overflow, or a finding the schema
        // rejects, leaves the state exactly as it was.
        let done = match effect {
            Effect::Open {
                initial_balance,
                owner,
                currency,
                limits,
            } => self
                .open(
                    &subject,
                    *initial_balance,
                    (owner, currency),
                    limits.as_deref(),
                    gate,
                    &mut out,
                )
                .map(Some),
            Effect::Credit(amount) => self.credit(&subject, *amount, gate, &mut out).map(Some),
            Effect::Debit(amount) => self.debit(&subject, *amount, gate, &mut out).map(Some),
            Effect::Transfer { amount, to } => self
                .transfer(&subject, *amount, to, known.to, gate, &mut out)
                .map(Some),
            Effect::Close => self.close(&subject, gate, &mut out).map(Some),
            Effect::SetBalance(value) => {
                self.set_balance(&subject, *value, gate, &mut out).map(Some)
            }
            Effect::Freeze => self.freeze(&subject, gate, &mut out).map(Some),
            Effect::Unfreeze => self.unfreeze(&subject, gate, &mut out).map(Some),
            Effect::Hold(reference) => self.hold(&subject, reference, gate, &mut out),
            Effect::Release(reference) => self.release(&subject, reference, gate, &mut out),
            Effect::Reverse { reference, freeze } => {
                self.reverse(&subject, reference, *freeze, gate, &mut out)
            }
            // Known, and changes nothing: not even the accounts that exist.
            Effect::Ignore if event.currency.is_none() => {
                self.judge(gate, before, &mut out).map(|()| None)
            }
            // Only the currency changes.
            Effect::Ignore => self
                .judge(gate, before, &mut out)
                .map(|()| Some(self.applied_to(&subject, &mut out))),
        };
        match done {
            Ok(ix) => {
                if let Some(ix) = ix {
                    self.accounts[ix as usize].events += 1;
                    if let Some(currency) = &event.currency {
                        self.change_currency(ix, currency, &mut out);
                    }
                }
                if self.ruled {
                    self.after_rules(event, n, &mut out);
                }
                self.advance(meta, n);
                out
            }
            Err(Stop::Overflow) => self.refuse(overflow(meta, effect)),
            Err(Stop::Refused) => {
                out.applied = false;
                out
            }
            Err(Stop::NotApplied) => self.not_applied(out),
        }
    }

    /// An event that is not applied, for `finding` (as the schema's
    /// policy for its code reports it).
    fn refuse(&self, finding: Finding) -> Outcome {
        if self.policies.is_default() {
            return Outcome::rejected(finding);
        }
        Outcome {
            findings: self.policies.judge(finding).0.into_iter().collect(),
            ..Outcome::default()
        }
    }
}

/// The finding for an event whose new balance would be outside the exact
/// decimal range (the event is not applied).
#[cold]
fn overflow(meta: &Meta<'_>, effect: &Effect<'_>) -> Finding {
    let name = meta
        .type_name
        .unwrap_or_else(|| effect.kind().builtin_type_name());
    Finding::new(
        Code::DecimalOverflow,
        format!("{name} would take a balance outside the exact decimal range; not applied"),
        Some(&meta.account),
    )
}
