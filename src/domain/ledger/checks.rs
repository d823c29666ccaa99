//! The checks every event gets besides its effect's own: the balance its
//! writer recorded, its timestamp, the order of sequences and times, its
//! stream's version; then the schema's policies over what they found.

use super::{Gate, Ledger, Outcome, Stop};
use crate::domain::diagnostic::{Code, Finding};
use crate::domain::event::{Meta, Recorded, When};
use crate::domain::time::format_time;
use rust_decimal::Decimal;

impl Ledger {
    /// The checks every event that would be applied gets, after its own and
    /// before anything changes: the recorded balance against `replayed`
    /// (the event's account after it), the timestamp, the order of
    /// sequences and times, the stream's version. Then the schema's
    /// policies: `Err(Stop::Refused)` when one rejects a finding.
    #[inline]
    pub(super) fn judge(
        &self,
        gate: Gate<'_, '_>,
        replayed: Decimal,
        out: &mut Outcome,
    ) -> Result<(), Stop> {
        let Gate { event, version_gap } = gate;
        let meta = &event.meta;
        let account = &*meta.account;
        match &event.recorded_balance {
            Some(Recorded::Balance(found)) if *found != replayed => {
                out.findings.push(Finding::new(
                    Code::BalanceMismatch,
                    format!(
                        "the event records balance {found} for account `{account}`; replaying the log gives {replayed}"
                    ),
                    Some(account),
                ));
            }
            Some(Recorded::Invalid(text)) => {
                out.findings.push(Finding::new(
                    Code::BalanceMismatch,
                    format!(
                        "the event records balance {text}, which is not a decimal number; replaying the log gives {replayed}"
                    ),
                    Some(account),
                ));
            }
            _ => {}
        }
        if let When::Invalid { text, format } = &meta.when {
            out.findings.push(Finding::new(
                Code::InvalidTimestamp,
                format!(
                    "timestamp {text} is not {}; the event is treated as untimed",
                    format.expected()
                ),
                Some(account),
            ));
        }
        self.check_order(meta, &mut out.findings, account);
        out.findings.extend(version_gap);
        if out.findings.is_empty() || self.policies.is_default() {
            return Ok(());
        }
        self.police(out)
    }

    /// The schema's policies over an event's findings: those off are
    /// dropped, the others get their severity; `Err(Stop::Refused)` when
    /// one is rejected.
    #[cold]
    pub(super) fn police(&self, out: &mut Outcome) -> Result<(), Stop> {
        let mut refused = false;
        for finding in std::mem::take(&mut out.findings) {
            let (kept, rejects) = self.policies.judge(finding);
            refused |= rejects;
            out.findings.extend(kept);
        }
        if refused {
            Err(Stop::Refused)
        } else {
            Ok(())
        }
    }

    /// Remembers the sequence and time of applied event `n`.
    #[inline]
    pub(super) fn advance(&mut self, meta: &Meta<'_>, n: u32) {
        if let Some(seq) = meta.seq {
            self.last_seq = Some((seq, n));
        }
        if let When::At(ns) = meta.when {
            self.last_time = Some((ns, n));
        }
    }

    /// Remembers the version of event `n` in its account's stream; a
    /// finding when it is not the previous one plus one.
    pub(super) fn track_version(&mut self, meta: &Meta<'_>, n: u32) -> Option<Finding> {
        let version = meta.version?;
        let account = &*meta.account;
        let Some(last) = self.versions.get_mut(account) else {
            self.versions.insert(account.into(), (version, n));
            return None;
        };
        let (previous, at) = std::mem::replace(last, (version, n));
        let expected = previous.checked_add(1);
        (expected != Some(version)).then(|| {
            Finding::new(
                Code::VersionGap,
                format!(
                    "expected version {} of account `{account}` after event {at} (version {previous}), found {version}",
                    expected.map_or_else(|| "beyond the 64-bit range".to_owned(), |e| e.to_string())
                ),
                Some(account),
            )
        })
    }

    /// Sequence and time must move forward among applied events.
    pub(super) fn check_order(&self, meta: &Meta<'_>, findings: &mut Vec<Finding>, account: &str) {
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
        }
    }
}
