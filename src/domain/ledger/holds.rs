//! Held funds: `hold`, `release` and `reverse` refer to an earlier event of
//! the same account by its id, and move that event's amount between an
//! account's available and held funds, or out of it. Each event referred
//! to has a state (none → held → released or reversed); a reference to no
//! such event is `unknown_reference`, a move its state does not allow is
//! `invalid_transition`, and neither applies. Also `[rules] implicit_open`.
//!
//! Only a ledger whose schema has one of these effects remembers the
//! events that may be referred to ([`Holds`]); every other log's fold
//! pays one branch per event for it.

use super::effects::status_findings_unless_frozen;
use super::{AccountIx, Gate, Ledger, Outcome, Status, Stop, Subject};
use crate::domain::diagnostic::{Code, Finding};
use crate::domain::effect::{Effect, EffectKind, Reference};
use crate::domain::event::Event;
use crate::domain::money::{exact_add, exact_sub};
use crate::domain::referred::{RefState, Referable};
use rust_decimal::Decimal;

/// What a referring event does to its event's state and the account.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Move {
    Hold,
    Release,
    Reverse,
}

impl Ledger {
    /// The ledger, remembering the events that `hold`, `release` and
    /// `reverse` refer to when `holds`; and with accounts open from their
    /// first event when `implicit_open`.
    pub fn with_rules(self, holds: bool, implicit_open: bool) -> Ledger {
        Ledger {
            holds: holds.then(Box::default),
            implicit_open,
            ruled: holds || implicit_open,
            ..self
        }
    }

    /// Whether the ledger keeps held funds (the schema has `hold`).
    pub fn has_holds(&self) -> bool {
        self.holds.is_some()
    }

    /// After applied event `n`: its accounts are open (`implicit_open`),
    /// and it is remembered if it may be referred to.
    #[cold]
    pub(super) fn after_rules(&mut self, event: &Event<'_>, n: u32, out: &mut Outcome) {
        if self.implicit_open {
            self.open_implicitly(out);
        }
        if self.holds.is_some() {
            self.remember(event, n, out);
        }
    }

    /// Accounts an applied event touched that were never opened are open
    /// (`[rules] implicit_open`).
    fn open_implicitly(&mut self, out: &mut Outcome) {
        for &ix in out.touched.as_slice() {
            let account = &mut self.accounts[ix as usize];
            if account.status == Status::NotOpened {
                account.status = Status::Open;
                out.profile_changed = true;
            }
        }
    }

    /// An account's status as events other than an opening see it: never
    /// opened is open, with `[rules] implicit_open`.
    #[inline(always)]
    pub(super) fn implicitly(&self, status: Status) -> Status {
        if self.implicit_open && status == Status::NotOpened {
            Status::Open
        } else {
            status
        }
    }

    /// Remembers applied event `n` when it may be referred to later.
    fn remember(&mut self, event: &Event<'_>, n: u32, out: &Outcome) {
        let amount = match &event.effect {
            Ok(Effect::Credit(a) | Effect::Debit(a)) => *a,
            Ok(Effect::Transfer { amount, .. }) => *amount,
            _ => return,
        };
        let (Some(id), Some(&ix), Some(holds), true) = (
            event.meta.id.as_deref(),
            out.touched.as_slice().first(),
            self.holds.as_mut(),
            out.applied,
        ) else {
            return;
        };
        let kind = event
            .effect
            .as_ref()
            .map_or(EffectKind::Ignore, Effect::kind);
        holds.events.entry((ix, id.into())).or_insert(Referable {
            at: n,
            amount,
            kind,
            state: RefState::None,
            changed_at: n,
        });
    }

    /// The state of the event `id` of account `ix` refers to, and the
    /// event that last changed it (for tests and the debugger).
    pub fn reference_state(&self, ix: AccountIx, id: &str) -> Option<(u32, RefState)> {
        let holds = self.holds.as_ref()?;
        let r = holds.events.get(&(ix, id.into()))?;
        Some((r.at, r.state))
    }

    #[inline(never)]
    pub(super) fn hold(
        &mut self,
        subject: &Subject<'_>,
        reference: &Reference<'_>,
        gate: Gate<'_, '_>,
        out: &mut Outcome,
    ) -> Result<Option<AccountIx>, Stop> {
        self.refer(subject, reference, Move::Hold, gate, out)
    }

    #[inline(never)]
    pub(super) fn release(
        &mut self,
        subject: &Subject<'_>,
        reference: &Reference<'_>,
        gate: Gate<'_, '_>,
        out: &mut Outcome,
    ) -> Result<Option<AccountIx>, Stop> {
        self.refer(subject, reference, Move::Release, gate, out)
    }

    #[inline(never)]
    pub(super) fn reverse(
        &mut self,
        subject: &Subject<'_>,
        reference: &Reference<'_>,
        freeze: bool,
        gate: Gate<'_, '_>,
        out: &mut Outcome,
    ) -> Result<Option<AccountIx>, Stop> {
        let ix = self.refer(subject, reference, Move::Reverse, gate, out)?;
        if let (true, Some(ix)) = (freeze, ix) {
            let account = &mut self.accounts[ix as usize];
            if account.status != Status::Frozen {
                account.status = Status::Frozen;
                out.profile_changed = true;
            }
        }
        Ok(ix)
    }

    /// One referring event: finds the event referred to, checks its state,
    /// works out the new held funds and total, then applies them.
    fn refer(
        &mut self,
        subject: &Subject<'_>,
        reference: &Reference<'_>,
        how: Move,
        gate: Gate<'_, '_>,
        out: &mut Outcome,
    ) -> Result<Option<AccountIx>, Stop> {
        let account = subject.name;
        let what = gate
            .event
            .meta
            .type_name
            .unwrap_or_else(|| how.kind().as_str());
        let id = &*reference.id;
        let found = subject.ix.and_then(|ix| {
            let holds = self.holds.as_ref()?;
            holds.events.get(&(ix, id.into())).copied()
        });
        let Some(target) = found else {
            return Err(not_applied(
                out,
                Code::UnknownReference,
                format!("{what} refers to `{id}`, which is no earlier event of account `{account}`; not applied"),
                account,
            ));
        };
        self.referred = Some(target.at);
        if !reference.effects.contains(target.kind) {
            return Err(not_applied(
                out,
                Code::UnknownReference,
                format!(
                    "{what} refers to `{id}` (event {}), a {} event; it may refer to {} events only; not applied",
                    target.at,
                    target.kind.as_str(),
                    reference.effects.words(" or ")
                ),
                account,
            ));
        }
        let allowed = match how {
            Move::Hold => target.state == RefState::None,
            Move::Release | Move::Reverse => target.state == RefState::Held,
        };
        if !allowed {
            let since = match target.state {
                RefState::None => String::new(),
                _ => format!(" (since event {})", target.changed_at),
            };
            return Err(not_applied(
                out,
                Code::InvalidTransition,
                format!(
                    "{what} of `{id}` (event {}), which is {}{since}: only {} funds can be {}; not applied",
                    target.at,
                    target.state.as_str(),
                    if how == Move::Hold { "unheld" } else { "held" },
                    how.done_word(),
                ),
                account,
            ));
        }
        let Some(ix) = subject.ix else {
            return Ok(None);
        };
        let acc = &self.accounts[ix as usize];
        let amount = target.amount;
        let (held, total) = match how {
            Move::Hold => (exact_add(acc.held, amount), Some(acc.balance)),
            Move::Release => (exact_sub(acc.held, amount), Some(acc.balance)),
            Move::Reverse => (exact_sub(acc.held, amount), exact_sub(acc.balance, amount)),
        };
        let (Some(held), Some(total)) = (held, total) else {
            return Err(Stop::Overflow);
        };
        status_findings_unless_frozen(
            subject.status,
            || format!("{what} of `{id}` on"),
            account,
            &mut out.findings,
        );
        self.judge(gate, total, out)?;
        let ix = self.applied_to(subject, out);
        let acc = &mut self.accounts[ix as usize];
        acc.held = held;
        acc.balance = total;
        if let Some(r) = self
            .holds
            .as_mut()
            .and_then(|h| h.events.get_mut(&(ix, id.into())))
        {
            r.state = how.state();
            r.changed_at = self.position;
        }
        Ok(Some(ix))
    }

    /// The outcome of an event [`Stop::NotApplied`] stopped: its last
    /// finding, as the schema's policy for its code reports it.
    #[cold]
    pub(super) fn not_applied(&self, mut out: Outcome) -> Outcome {
        match out.findings.pop() {
            Some(finding) => self.refuse(finding),
            None => Outcome::default(),
        }
    }

    /// The earlier event the last event folded referred to, when it was a
    /// `hold`, `release` or `reverse` whose event was found.
    pub fn referred(&self) -> Option<u32> {
        self.referred
    }

    /// Account `ix`'s held funds (0 for an account that does not exist).
    #[inline(always)]
    pub(super) fn held_of(&self, ix: Option<AccountIx>) -> Decimal {
        ix.map_or(Decimal::ZERO, |ix| self.accounts[ix as usize].held)
    }
}

impl Move {
    fn kind(self) -> EffectKind {
        match self {
            Move::Hold => EffectKind::Hold,
            Move::Release => EffectKind::Release,
            Move::Reverse => EffectKind::Reverse,
        }
    }
    fn state(self) -> RefState {
        match self {
            Move::Hold => RefState::Held,
            Move::Release => RefState::Released,
            Move::Reverse => RefState::Reversed,
        }
    }
    fn done_word(self) -> &'static str {
        match self {
            Move::Hold => "held",
            Move::Release => "released",
            Move::Reverse => "reversed",
        }
    }
}

/// Why a referring event is not applied, noted in `out` (see
/// [`Ledger::not_applied`]).
#[cold]
fn not_applied(out: &mut Outcome, code: Code, message: String, account: &str) -> Stop {
    out.findings
        .push(Finding::new(code, message, Some(account)));
    Stop::NotApplied
}
