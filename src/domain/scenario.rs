//! A given/when/then harness over the pure fold, as cqrs-es's
//! `TestFramework` and esrs's: [`given`] folds typed events into a fresh
//! [`Ledger`], [`Scenario::when`] applies one more, and the `then_*`
//! methods of [`Then`] assert on what that event did (applied or not, its
//! findings) and on the accounts after it. `Then::when` goes on from there,
//! the state so far becoming the given.
//!
//! Events are built only through the constructors here ([`open`],
//! [`credit`], [`debit`], [`transfer`], [`close`], [`set_balance`],
//! [`ignored`], [`rejected`]) and the modifiers of [`Ev`] (`.id`, `.seq`,
//! `.at`, `.version`, `.recorded`, …), so that a change to the event's types
//! is mended in this one file. Money is exact: amounts are decimal text,
//! parsed without rounding, and balances are compared as text, so that the
//! scale counts too (`1.0` is not `1`).
//!
//! Every step is folded twice, by [`Ledger::apply`] and by
//! [`Ledger::apply_known`] told the handles of the accounts it knows, and
//! the two must agree on the outcome and on every account.
//!
//! Duplicate ids: the fold is told by its caller whether an event repeats
//! an earlier one (replay keeps the ids). The harness keeps them itself, in
//! a map from each id to the event that first had it, by replay's rule: an
//! event whose id was seen is a duplicate when it has an effect (a rejected
//! event is never one); an event's id counts as seen from the first event
//! that has it and is neither a duplicate nor in error.

use super::effect::{EffectKind, KindSet, Reference};
use super::event::id_fingerprint;
use super::time::TimeFormat;
use super::{
    Account, Code, Effect, Event, Finding, Known, Ledger, Limits, Meta, Outcome, OwnLimits,
    Policies, Policy, Recorded, Severity, Status, When,
};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::HashMap;

/// An exact decimal from its text; panics on text that is not one, or
/// that `Decimal` could only hold rounded.
pub fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap_or_else(|e| panic!("`{text}`: {e}"))
}

/// An event under construction: one of the constructors below, then any
/// modifiers.
#[derive(Debug, Clone)]
pub struct Ev(Event<'static>);

fn event(account: &str, effect: Result<Effect<'static>, Finding>) -> Ev {
    Ev(Event {
        meta: Meta {
            account: Cow::Owned(account.to_owned()),
            id: None,
            id_fingerprint: None,
            seq: None,
            when: When::Untimed,
            version: None,
            type_name: None,
            rule: None,
        },
        effect,
        recorded_balance: None,
        currency: None,
    })
}

/// Opens `account` with `initial` in it (no owner or currency).
pub fn open(account: &str, initial: &str) -> Ev {
    event(
        account,
        Ok(Effect::Open {
            initial_balance: dec(initial),
            owner: None,
            currency: None,
            limits: None,
        }),
    )
}

pub fn credit(account: &str, amount: &str) -> Ev {
    event(account, Ok(Effect::Credit(dec(amount))))
}

pub fn debit(account: &str, amount: &str) -> Ev {
    event(account, Ok(Effect::Debit(dec(amount))))
}

pub fn transfer(from: &str, to: &str, amount: &str) -> Ev {
    event(
        from,
        Ok(Effect::Transfer {
            amount: dec(amount),
            to: Cow::Owned(to.to_owned()),
        }),
    )
}

pub fn close(account: &str) -> Ev {
    event(account, Ok(Effect::Close))
}

/// Sets `account`'s balance to `value` (a statement).
pub fn set_balance(account: &str, value: &str) -> Ev {
    event(account, Ok(Effect::SetBalance(dec(value))))
}

pub fn freeze(account: &str) -> Ev {
    event(account, Ok(Effect::Freeze))
}

pub fn unfreeze(account: &str) -> Ev {
    event(account, Ok(Effect::Unfreeze))
}

/// A known event that changes nothing (an audit record, say).
pub fn ignored(account: &str) -> Ev {
    event(account, Ok(Effect::Ignore))
}

/// An event on `account` that decoding could not give an effect: it
/// carries the finding that says why (`code` and `message`).
/// A `hold` (`Hold`), `release` or `reverse` (`Reverse`; `Freeze`: a
/// reverse that freezes the account after) on `account` of its event `id`,
/// which may refer to events of `effects`.
pub fn refer(kind: EffectKind, account: &str, id: &str, effects: &[EffectKind]) -> Ev {
    let effects = effects.iter().fold(KindSet::default(), |s, &k| s.with(k));
    let reference = Reference {
        id: Cow::Owned(id.to_owned()),
        effects,
    };
    event(
        account,
        Ok(match kind {
            EffectKind::Hold => Effect::Hold(reference),
            EffectKind::Release => Effect::Release(reference),
            _ => Effect::Reverse {
                reference,
                freeze: kind == EffectKind::Freeze,
            },
        }),
    )
}

pub fn rejected(account: &str, code: Code, message: &str) -> Ev {
    event(account, Err(Finding::new(code, message, Some(account))))
}

impl Ev {
    pub fn id(mut self, id: &str) -> Ev {
        self.0.meta.id = Some(Cow::Owned(id.to_owned()));
        self.0.meta.id_fingerprint = Some(id_fingerprint(id));
        self
    }
    pub fn seq(mut self, seq: i64) -> Ev {
        self.0.meta.seq = Some(seq);
        self
    }
    /// Timed at an RFC 3339 moment.
    pub fn at(mut self, rfc3339: &str) -> Ev {
        let ns = TimeFormat::Rfc3339
            .parse(rfc3339)
            .unwrap_or_else(|| panic!("`{rfc3339}` is not RFC 3339"));
        self.0.meta.when = When::At(ns);
        self
    }
    /// A timestamp that is not in `format`: `text` as decoding describes
    /// it (a JSON string keeps its quotes).
    pub fn invalid_time(mut self, text: &str, format: TimeFormat) -> Ev {
        self.0.meta.when = When::Invalid {
            text: text.to_owned(),
            format,
        };
        self
    }
    /// The event's version in its account's stream.
    pub fn version(mut self, version: i64) -> Ev {
        self.0.meta.version = Some(version);
        self
    }
    /// The balance after the event, as the writer recorded it.
    pub fn recorded(mut self, balance: &str) -> Ev {
        self.0.recorded_balance = Some(Recorded::Balance(dec(balance)));
        self
    }
    /// A recorded balance that is not a number: its text as written.
    pub fn recorded_invalid(mut self, text: &str) -> Ev {
        self.0.recorded_balance = Some(Recorded::Invalid(text.into()));
        self
    }
    /// The currency the account changes to (any effect but an opening).
    pub fn currency(mut self, currency: &str) -> Ev {
        self.0.currency = Some(Cow::Owned(currency.to_owned()));
        self
    }
    /// An opening's owner and currency.
    pub fn profile(mut self, owner: &str, currency: &str) -> Ev {
        let Ok(Effect::Open {
            owner: o,
            currency: c,
            ..
        }) = &mut self.0.effect
        else {
            panic!("only an opening has an owner and a currency: {:?}", self.0)
        };
        *o = Some(Cow::Owned(owner.to_owned()));
        *c = Some(Cow::Owned(currency.to_owned()));
        self
    }
}

impl Ev {
    /// An opening's own balance limits (`min_balance`, `max_balance` read
    /// from it), each when given.
    pub fn own_limits(mut self, min: Option<&str>, max: Option<&str>) -> Ev {
        let Ok(Effect::Open { limits, .. }) = &mut self.0.effect else {
            panic!("only an opening has its own limits: {:?}", self.0)
        };
        *limits = Some(Box::new(OwnLimits {
            min: min.map(dec),
            max: max.map(dec),
        }));
        self
    }
}

/// A ledger and the ids its events had, ready for the event under test.
#[derive(Debug, Default)]
pub struct Scenario {
    ledger: Ledger,
    /// Each id seen, and the number of the event that first had it.
    ids: HashMap<String, u32>,
}

/// A fresh ledger with `events` folded in (whatever they found).
pub fn given(events: impl IntoIterator<Item = Ev>) -> Scenario {
    let mut scenario = Scenario::default();
    for ev in events {
        scenario.step(&ev.0);
    }
    scenario
}

/// [`given`], on a ledger whose schema sets these policies.
pub fn given_policies(
    policies: &[(Code, Policy)],
    events: impl IntoIterator<Item = Ev>,
) -> Scenario {
    let mut table = Policies::default();
    for &(code, policy) in policies {
        table.set(code, policy);
    }
    let mut scenario = Scenario {
        ledger: Ledger::with_policies(table),
        ..Scenario::default()
    };
    for ev in events {
        scenario.step(&ev.0);
    }
    scenario
}

/// [`given`], on a ledger whose schema allows balances from `min` up to
/// `max`.
pub fn given_limits(
    min: &str,
    max: Option<&str>,
    events: impl IntoIterator<Item = Ev>,
) -> Scenario {
    let limits = Limits {
        min: dec(min),
        max: max.map(dec),
    };
    let mut scenario = Scenario {
        ledger: Ledger::new().with_limits(limits),
        ..Scenario::default()
    };
    for ev in events {
        scenario.step(&ev.0);
    }
    scenario
}

/// [`given_policies`], on a ledger that keeps held funds, whose accounts
/// are open from their first event when `implicit_open`.
pub fn given_holds(
    policies: &[(Code, Policy)],
    implicit_open: bool,
    events: impl IntoIterator<Item = Ev>,
) -> Scenario {
    let mut scenario = given_policies(policies, []);
    scenario.ledger = scenario.ledger.with_rules(true, implicit_open);
    for ev in events {
        scenario.step(&ev.0);
    }
    scenario
}

/// Every account, in order of first appearance.
fn accounts(ledger: &Ledger) -> Vec<(String, Account)> {
    ledger
        .accounts()
        .map(|(name, account)| (name.to_owned(), account.clone()))
        .collect()
}

impl Scenario {
    /// Folds `event` in by both ways into the fold, checks they agree,
    /// and keeps its id.
    fn step(&mut self, event: &Event<'_>) -> Outcome {
        let id = event.meta.id.as_deref();
        let duplicate_of = match (id, &event.effect) {
            (Some(id), Ok(_)) => self.ids.get(id).copied(),
            _ => None,
        };
        let known = Known {
            account: self.ledger.lookup(&event.meta.account),
            to: match &event.effect {
                Ok(Effect::Transfer { to, .. }) => self.ledger.lookup(to),
                _ => None,
            },
        };
        let mut by_name = self.ledger.clone();
        let by_name_outcome = by_name.apply(event, duplicate_of);
        let outcome = self.ledger.apply_known(event, duplicate_of, known);
        assert_eq!(outcome, by_name_outcome, "apply_known and apply disagree");
        assert_eq!(accounts(&self.ledger), accounts(&by_name));
        assert_eq!(self.ledger.position(), by_name.position());
        if let (Some(id), None, true) = (id, duplicate_of, outcome.counts_id()) {
            self.ids
                .entry(id.to_owned())
                .or_insert(self.ledger.position());
        }
        outcome
    }

    /// Applies one more event.
    pub fn when(mut self, ev: Ev) -> Then {
        let outcome = self.step(&ev.0);
        Then {
            scenario: self,
            outcome,
        }
    }
}

/// What the event under test did, and the ledger after it.
#[derive(Debug)]
pub struct Then {
    scenario: Scenario,
    outcome: Outcome,
}

impl Then {
    /// Applies one more event, the state so far becoming the given.
    pub fn when(self, ev: Ev) -> Then {
        self.scenario.when(ev)
    }

    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    pub fn ledger(&self) -> &Ledger {
        &self.scenario.ledger
    }

    #[track_caller]
    pub fn then_applied(self) -> Then {
        assert!(self.outcome.applied, "not applied: {:?}", self.outcome);
        self
    }

    #[track_caller]
    pub fn then_not_applied(self) -> Then {
        assert!(!self.outcome.applied, "applied: {:?}", self.outcome);
        assert!(self.outcome.touched.as_slice().is_empty());
        assert!(!self.outcome.profile_changed);
        self
    }

    /// The event's findings had exactly these codes, in this order.
    #[track_caller]
    pub fn then_codes(self, codes: &[Code]) -> Then {
        let found: Vec<Code> = self.outcome.findings.iter().map(|f| f.code).collect();
        assert_eq!(found, codes, "findings: {:?}", self.outcome.findings);
        self
    }

    /// The event's findings had exactly these severities, in this order.
    #[track_caller]
    pub fn then_severities(self, severities: &[Severity]) -> Then {
        let found: Vec<Severity> = self.outcome.findings.iter().map(|f| f.severity).collect();
        assert_eq!(found, severities, "findings: {:?}", self.outcome.findings);
        self
    }

    #[track_caller]
    pub fn then_no_findings(self) -> Then {
        self.then_codes(&[])
    }

    /// The event's findings were exactly these, code and message, in this
    /// order.
    #[track_caller]
    pub fn then_findings(self, expected: &[(Code, &str)]) -> Then {
        let found: Vec<(Code, &str)> = self
            .outcome
            .findings
            .iter()
            .map(|f| (f.code, f.message.as_str()))
            .collect();
        assert_eq!(found, expected);
        self
    }

    /// The accounts the event's findings are about, in their order.
    #[track_caller]
    pub fn then_findings_about(self, accounts: &[&str]) -> Then {
        let found: Vec<Option<&str>> = self
            .outcome
            .findings
            .iter()
            .map(|f| f.account.as_deref())
            .collect();
        let expected: Vec<Option<&str>> = accounts.iter().copied().map(Some).collect();
        assert_eq!(found, expected);
        self
    }

    /// `account` exists, with this balance (as text: the scale counts) and
    /// status.
    #[track_caller]
    pub fn then_account(self, account: &str, balance: &str, status: Status) -> Then {
        let found = self.account(account);
        assert_eq!(
            (found.balance.to_string().as_str(), found.status),
            (balance, status),
            "account `{account}`"
        );
        self
    }

    /// `account` exists, with these held funds and total (as text).
    #[track_caller]
    pub fn then_held(self, account: &str, held: &str, total: &str) -> Then {
        let found = self.account(account);
        let got = (found.held.to_string(), found.balance.to_string());
        assert_eq!(got, (held.to_owned(), total.to_owned()), "`{account}`");
        self
    }

    /// `account` exists, with this balance (as text: the scale counts).
    #[track_caller]
    pub fn then_balance(self, account: &str, balance: &str) -> Then {
        let found = self.account(account).balance.to_string();
        assert_eq!(found, balance, "balance of `{account}`");
        self
    }

    /// `account` exists, with this currency (or none).
    #[track_caller]
    pub fn then_currency(self, account: &str, currency: Option<&str>) -> Then {
        let found = self.account(account).currency.as_deref();
        assert_eq!(found, currency, "currency of `{account}`");
        self
    }

    /// How many applied events touched `account`.
    #[track_caller]
    pub fn then_events(self, account: &str, events: u32) -> Then {
        assert_eq!(
            self.account(account).events,
            events,
            "events of `{account}`"
        );
        self
    }

    /// The ledger's accounts are exactly these, in order of first
    /// appearance.
    #[track_caller]
    pub fn then_accounts(self, names: &[&str]) -> Then {
        let found: Vec<&str> = self.ledger().accounts().map(|(name, _)| name).collect();
        assert_eq!(found, names);
        self
    }

    /// The event touched exactly these accounts, in this order.
    #[track_caller]
    pub fn then_touched(self, names: &[&str]) -> Then {
        let ledger = self.ledger();
        let found: Vec<&str> = self
            .outcome
            .touched
            .as_slice()
            .iter()
            .map(|&ix| ledger.name(ix))
            .collect();
        assert_eq!(found, names);
        self
    }

    #[track_caller]
    pub fn then_profile_changed(self, changed: bool) -> Then {
        assert_eq!(self.outcome.profile_changed, changed);
        self
    }

    #[track_caller]
    fn account(&self, name: &str) -> &Account {
        let ledger = self.ledger();
        let ix = ledger
            .lookup(name)
            .unwrap_or_else(|| panic!("no account `{name}`"));
        ledger.account(ix)
    }
}
