//! What each effect does to the ledger, one function per effect. Each works
//! out the new balances and records its findings in `out` before it touches
//! anything, so that an overflow or a finding the schema rejects (`Err`)
//! leaves the state exactly as it was; otherwise it updates the accounts
//! and returns the handle of the event's account.

use super::{AccountIx, Gate, Ledger, Outcome, Status, Stop, Subject};
use crate::domain::diagnostic::{Code, Finding};
use crate::domain::limits::OwnLimits;
use crate::domain::money::{exact_add, exact_sub};
use rust_decimal::Decimal;
use std::borrow::Cow;

impl Ledger {
    /// The event is applied to `subject`'s account: its handle, the account
    /// added when it is new.
    #[inline(always)]
    pub(super) fn applied_to(&mut self, subject: &Subject<'_>, out: &mut Outcome) -> AccountIx {
        let ix = self.intern(subject.name, subject.ix);
        out.touched.push(ix);
        ix
    }

    /// What of `total` account `ix` has available: all of it unless the
    /// schema holds funds.
    #[inline(always)]
    fn available(&self, ix: Option<AccountIx>, total: Decimal) -> Decimal {
        if self.holds.is_none() {
            return total;
        }
        exact_sub(total, self.held_of(ix)).unwrap_or(total)
    }

    /// The account's currency becomes `currency` (an event of any effect
    /// but an opening may change it, after its effect).
    #[cold]
    pub(super) fn change_currency(&mut self, ix: AccountIx, currency: &str, out: &mut Outcome) {
        self.accounts[ix as usize].currency = Some(currency.into());
        out.profile_changed = true;
    }

    #[inline(always)]
    pub(super) fn open(
        &mut self,
        subject: &Subject<'_>,
        initial_balance: Decimal,
        (owner, currency): (&Option<Cow<'_, str>>, &Option<Cow<'_, str>>),
        own: Option<&OwnLimits>,
        gate: Gate<'_, '_>,
        out: &mut Outcome,
    ) -> Result<AccountIx, Stop> {
        let (account, status) = (subject.name, subject.status);
        if status != Status::NotOpened {
            out.findings.push(Finding::new(
                Code::DuplicateOpen,
                format!(
                    "account `{account}` is already {}; opened again with balance {initial_balance}",
                    status.as_str().replace('_', " ")
                ),
                Some(account),
            ));
        }
        if status == Status::Frozen {
            wrong_status(status, || "opening".into(), account, &mut out.findings);
        }
        // The opening is judged by the limits it gives the account.
        let limits = own.map_or(self.limits, |own| own.over(self.limits));
        if limits.above(initial_balance) {
            let what = format!("opening with {initial_balance}");
            out.findings
                .push(limits.over_limit(what, account, initial_balance));
        }
        self.judge(gate, initial_balance, out)?;
        let ix = self.applied_to(subject, out);
        if own.is_some() {
            self.own_limits.insert(ix, limits);
        } else if !self.own_limits.is_empty() {
            // Opened again without its own: the schema's again.
            self.own_limits.remove(&ix);
        }
        let acc = &mut self.accounts[ix as usize];
        acc.status = Status::Open;
        acc.owner = owner.as_deref().map(Into::into);
        acc.currency = currency.as_deref().map(Into::into);
        acc.balance = initial_balance;
        out.profile_changed = true;
        Ok(ix)
    }

    #[inline(always)]
    pub(super) fn credit(
        &mut self,
        subject: &Subject<'_>,
        amount: Decimal,
        gate: Gate<'_, '_>,
        out: &mut Outcome,
    ) -> Result<AccountIx, Stop> {
        let after = exact_add(subject.before, amount).ok_or(Stop::Overflow)?;
        let account = subject.name;
        status_findings(
            subject.status,
            || format!("deposit of {amount} to"),
            account,
            &mut out.findings,
        );
        let limits = self.limits_of(subject.ix);
        if limits.above(after) {
            let what = format!("deposit of {amount}");
            out.findings.push(limits.over_limit(what, account, after));
        }
        self.judge(gate, after, out)?;
        let ix = self.applied_to(subject, out);
        self.accounts[ix as usize].balance = after;
        Ok(ix)
    }

    #[inline(always)]
    pub(super) fn debit(
        &mut self,
        subject: &Subject<'_>,
        amount: Decimal,
        gate: Gate<'_, '_>,
        out: &mut Outcome,
    ) -> Result<AccountIx, Stop> {
        let after = exact_sub(subject.before, amount).ok_or(Stop::Overflow)?;
        let account = subject.name;
        status_findings(
            subject.status,
            || format!("withdrawal of {amount} from"),
            account,
            &mut out.findings,
        );
        let limits = self.limits_of(subject.ix);
        let available = self.available(subject.ix, after);
        if limits.below(available) {
            let what = format!("withdrawal of {amount}");
            out.findings
                .push(limits.overdraft(what, account, available));
        }
        self.judge(gate, after, out)?;
        let ix = self.applied_to(subject, out);
        self.accounts[ix as usize].balance = after;
        Ok(ix)
    }

    /// `known_to`: the receiving account's handle, when the caller knows it.
    #[inline(always)]
    pub(super) fn transfer(
        &mut self,
        subject: &Subject<'_>,
        amount: Decimal,
        to: &str,
        known_to: Option<AccountIx>,
        gate: Gate<'_, '_>,
        out: &mut Outcome,
    ) -> Result<AccountIx, Stop> {
        let (account, before, status) = (subject.name, subject.before, subject.status);
        let debited = exact_sub(before, amount);
        let to_self = match (subject.ix, known_to) {
            (Some(from), Some(to)) => from == to,
            _ => to == account,
        };
        let to_ix = if to_self {
            subject.ix
        } else {
            known_to.or_else(|| self.lookup(to))
        };
        let (target_before, target_status) = if to_self {
            (debited.unwrap_or(before), status)
        } else {
            let (balance, status) = self.current(to_ix);
            (balance, self.implicitly(status))
        };
        let credited = exact_add(target_before, amount);
        let (Some(after), Some(credited)) = (debited, credited) else {
            return Err(Stop::Overflow);
        };
        let findings = &mut out.findings;
        status_findings(
            status,
            || format!("transfer of {amount} from"),
            account,
            findings,
        );
        status_findings(
            target_status,
            || format!("transfer of {amount} to"),
            to,
            findings,
        );
        let final_source = if to_self { credited } else { after };
        let limits = self.limits_of(subject.ix);
        let available = self.available(subject.ix, final_source);
        if limits.below(available) {
            let what = format!("transfer of {amount} to `{to}`");
            findings.push(limits.overdraft(what, account, available));
        }
        let to_limits = self.limits_of(to_ix);
        if !to_self && to_limits.above(credited) {
            let what = format!("transfer of {amount} from `{account}`");
            findings.push(to_limits.over_limit(what, to, credited));
        }
        self.judge(gate, final_source, out)?;
        let ix = self.applied_to(subject, out);
        self.accounts[ix as usize].balance = after;
        let tix = if to_self { ix } else { self.intern(to, to_ix) };
        self.accounts[tix as usize].balance = credited;
        if tix != ix {
            self.accounts[tix as usize].events += 1;
            out.touched.push(tix);
        }
        Ok(ix)
    }

    #[inline(always)]
    pub(super) fn close(
        &mut self,
        subject: &Subject<'_>,
        gate: Gate<'_, '_>,
        out: &mut Outcome,
    ) -> Result<AccountIx, Stop> {
        let (account, balance) = (subject.name, subject.before);
        status_findings_unless_frozen(
            subject.status,
            || "closing".into(),
            account,
            &mut out.findings,
        );
        if balance != Decimal::ZERO {
            out.findings.push(Finding::new(
                Code::ClosedWithBalance,
                format!("account `{account}` closed with balance {balance}"),
                Some(account),
            ));
        }
        self.judge(gate, balance, out)?;
        let ix = self.applied_to(subject, out);
        self.accounts[ix as usize].status = Status::Closed;
        out.profile_changed = true;
        Ok(ix)
    }

    #[inline(always)]
    pub(super) fn set_balance(
        &mut self,
        subject: &Subject<'_>,
        value: Decimal,
        gate: Gate<'_, '_>,
        out: &mut Outcome,
    ) -> Result<AccountIx, Stop> {
        status_findings_unless_frozen(
            subject.status,
            || format!("setting the balance to {value} of"),
            subject.name,
            &mut out.findings,
        );
        let limits = self.limits_of(subject.ix);
        if limits.above(value) {
            let what = format!("setting the balance to {value}");
            out.findings
                .push(limits.over_limit(what, subject.name, value));
        }
        self.judge(gate, value, out)?;
        let ix = self.applied_to(subject, out);
        self.accounts[ix as usize].balance = value;
        Ok(ix)
    }

    /// The account is frozen (never opened or closed are findings).
    #[inline(always)]
    pub(super) fn freeze(
        &mut self,
        subject: &Subject<'_>,
        gate: Gate<'_, '_>,
        out: &mut Outcome,
    ) -> Result<AccountIx, Stop> {
        status_findings_unless_frozen(
            subject.status,
            || "freezing".into(),
            subject.name,
            &mut out.findings,
        );
        self.judge(gate, subject.before, out)?;
        let ix = self.applied_to(subject, out);
        self.accounts[ix as usize].status = Status::Frozen;
        out.profile_changed = true;
        Ok(ix)
    }

    /// A frozen account is open again; any other is `not_frozen`, and
    /// stays as it was.
    #[inline(always)]
    pub(super) fn unfreeze(
        &mut self,
        subject: &Subject<'_>,
        gate: Gate<'_, '_>,
        out: &mut Outcome,
    ) -> Result<AccountIx, Stop> {
        let (account, status) = (subject.name, subject.status);
        if status != Status::Frozen {
            out.findings.push(Finding::new(
                Code::NotFrozen,
                format!(
                    "unfreezing account `{account}`, which is {}, not frozen",
                    status.as_str().replace('_', " ")
                ),
                Some(account),
            ));
        }
        self.judge(gate, subject.before, out)?;
        let ix = self.applied_to(subject, out);
        if status == Status::Frozen {
            self.accounts[ix as usize].status = Status::Open;
            out.profile_changed = true;
        }
        Ok(ix)
    }
}

/// `account_not_open` / `account_closed` / `account_frozen` for an event on
/// (or transfer to) an account in the wrong status.
#[inline(always)]
fn status_findings(
    status: Status,
    what: impl FnOnce() -> String,
    account: &str,
    findings: &mut Vec<Finding>,
) {
    if status != Status::Open {
        wrong_status(status, what, account, findings);
    }
}

/// [`status_findings`] for an effect a frozen account allows (`close`,
/// `set_balance`, `freeze`, and `hold`, `release`, `reverse`).
#[inline(always)]
pub(super) fn status_findings_unless_frozen(
    status: Status,
    what: impl FnOnce() -> String,
    account: &str,
    findings: &mut Vec<Finding>,
) {
    if !matches!(status, Status::Open | Status::Frozen) {
        wrong_status(status, what, account, findings);
    }
}

#[cold]
fn wrong_status(
    status: Status,
    what: impl FnOnce() -> String,
    account: &str,
    findings: &mut Vec<Finding>,
) {
    match status {
        Status::Open => {}
        Status::Frozen => findings.push(Finding::new(
            Code::AccountFrozen,
            format!("{} account `{account}`, which is frozen", what()),
            Some(account),
        )),
        Status::NotOpened => findings.push(Finding::new(
            Code::AccountNotOpen,
            format!("{} account `{account}`, which was never opened", what()),
            Some(account),
        )),
        Status::Closed => findings.push(Finding::new(
            Code::AccountClosed,
            format!("{} account `{account}`, which is closed", what()),
            Some(account),
        )),
    }
}
