//! The index: everything needed to show any moment of the log without
//! replaying it, built by one fold over the log.
//!
//! Per event it keeps a few columns (where the record is, whether it was
//! applied, its diagnostics' severity, its time) and per account a timeline:
//! the event numbers that changed the account and its balance after each.
//! The state of an account after event N is then one binary search in its
//! timeline, and the accounts that exist after N are a prefix of the
//! accounts (they are numbered in order of first appearance). Seeking costs
//! O(log) per shown account, whatever N is, and never decodes the log.

use crate::domain::diagnostic::{Code, Diagnostic, Finding};
use crate::domain::event::{Event, When};
use crate::domain::ledger::{AccountIx, Ledger, Status};
use crate::log::envelope::Envelope;
use crate::log::records::{self, Format, Record};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Per-event flag bits.
pub mod flags {
    pub const APPLIED: u8 = 1;
    pub const WARNING: u8 = 2;
    pub const ERROR: u8 = 4;
}

/// The changes to one account, in event order.
#[derive(Debug, Default, Clone)]
struct Timeline {
    /// Event numbers of the applied events that touched the account.
    at: Vec<u32>,
    /// The balance after each of those events.
    balance: Vec<Decimal>,
    /// Event numbers at which status, owner or currency changed, and to what.
    profile: Vec<(u32, Profile)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Profile {
    status: Status,
    owner: Option<Box<str>>,
    currency: Option<Box<str>>,
}

/// One account as it was after some event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountView<'a> {
    pub ix: AccountIx,
    pub name: &'a str,
    pub balance: Decimal,
    pub status: Status,
    pub owner: Option<&'a str>,
    pub currency: Option<&'a str>,
    /// Applied events that touched the account up to then.
    pub events: u32,
}

/// A fully built index of one log.
#[derive(Debug, Default, Clone)]
pub struct Index {
    format: Option<Format>,
    offsets: Vec<u64>,
    lens: Vec<u32>,
    lines: Vec<u32>,
    flags: Vec<u8>,
    /// `time_floor[i]` = the earliest time among events i+1..=T (i64::MAX
    /// for none): non-decreasing, so "as of X" is a binary search.
    time_floor: Vec<i64>,
    timelines: Vec<Timeline>,
    names: Vec<Box<str>>,
    by_name: HashMap<Box<str>, AccountIx>,
    diagnostics: Vec<Diagnostic>,
    /// (event number, index of its first diagnostic), for events that have any.
    event_diags: Vec<(u32, u32)>,
}

/// Builds an index one record at a time, so a caller can stream a log in.
#[derive(Debug, Default)]
pub struct IndexBuilder {
    ledger: Ledger,
    index: Index,
}

const UNTIMED: i64 = i64::MAX;

impl IndexBuilder {
    pub fn new(format: Format) -> IndexBuilder {
        IndexBuilder {
            ledger: Ledger::new(),
            index: Index {
                format: Some(format),
                ..Index::default()
            },
        }
    }

    /// Folds one record of `log` in.
    pub fn push(&mut self, log: &[u8], record: &Record) {
        if let Some(reason) = record.junk {
            self.malformed(record.line, reason.to_owned());
            return;
        }
        let env = match Envelope::decode(record.bytes(log)) {
            Ok(env) => env,
            Err(err) => {
                let message = json_error(record.bytes(log), &err, record.line);
                self.malformed(record.line, message);
                return;
            }
        };
        let event = Event::from_envelope(&env);
        let outcome = self.ledger.apply(&event);
        let n = self.ledger.position();
        let ix = &mut self.index;
        ix.offsets.push(record.offset as u64);
        ix.lens.push(u32::try_from(record.len).unwrap_or(u32::MAX));
        ix.lines
            .push(u32::try_from(record.line).unwrap_or(u32::MAX));
        ix.time_floor.push(match event.meta.when {
            When::At(ns) => ns,
            _ => UNTIMED,
        });
        let mut flag = if outcome.applied { flags::APPLIED } else { 0 };
        if !outcome.findings.is_empty() {
            ix.event_diags.push((n, ix.diagnostics.len() as u32));
        }
        for finding in outcome.findings {
            flag |= match finding.code.severity() {
                crate::domain::Severity::Error => flags::ERROR,
                crate::domain::Severity::Warning => flags::WARNING,
            };
            ix.diagnostics
                .push(Diagnostic::place(finding, record.line, Some(n)));
        }
        ix.flags.push(flag);
        for &acc in &outcome.touched {
            if ix.timelines.len() <= acc as usize {
                ix.timelines
                    .resize_with(acc as usize + 1, Timeline::default);
            }
            let state = self.ledger.account(acc);
            let timeline = &mut ix.timelines[acc as usize];
            timeline.at.push(n);
            timeline.balance.push(state.balance);
            let profile = Profile {
                status: state.status,
                owner: state.owner.clone(),
                currency: state.currency.clone(),
            };
            if timeline.profile.last().is_none_or(|(_, p)| *p != profile) {
                timeline.profile.push((n, profile));
            }
        }
    }

    fn malformed(&mut self, line: u64, message: String) {
        let finding = Finding::new(Code::MalformedJson, message, None);
        self.index
            .diagnostics
            .push(Diagnostic::place(finding, line, None));
    }

    pub fn finish(self) -> Index {
        let mut index = self.index;
        let (names, by_name) = self.ledger.into_names();
        index.names = names;
        index.by_name = by_name;
        let mut floor = UNTIMED;
        for t in index.time_floor.iter_mut().rev() {
            floor = floor.min(*t);
            *t = floor;
        }
        index
    }
}

/// serde_json's message with the position made absolute; for a record that
/// does not even start like an object (a program's other output mixed into
/// the log), say what was found instead.
fn json_error(bytes: &[u8], err: &serde_json::Error, record_line: u64) -> String {
    if !bytes.starts_with(b"{") && !err.is_data() {
        let shown: String = String::from_utf8_lossy(bytes).chars().take(40).collect();
        let more = if shown.len() < bytes.len() { "…" } else { "" };
        return format!("not JSON: expected an event object `{{…}}`, found `{shown}{more}`");
    }
    let text = err.to_string();
    let what = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(what, _)| what);
    let line = record_line + err.line().saturating_sub(1) as u64;
    let column = err.column();
    if err.is_data() {
        format!("not an event object: {what} (line {line}, column {column})")
    } else if err.is_eof() {
        format!("not JSON: the record ends too early: {what} (line {line}, column {column})")
    } else {
        format!("not JSON: {what} (line {line}, column {column})")
    }
}

impl Index {
    /// Indexes a whole log held in memory.
    pub fn build(log: &[u8]) -> Index {
        let format = records::detect(log);
        let mut builder = IndexBuilder::new(format);
        for record in records::split(log) {
            builder.push(log, &record);
        }
        builder.finish()
    }

    pub fn format(&self) -> Option<Format> {
        self.format
    }

    /// T: the number of events (records that are JSON objects).
    pub fn len(&self) -> u32 {
        self.flags.len() as u32
    }

    pub fn is_empty(&self) -> bool {
        self.flags.is_empty()
    }

    /// Where event `n` (1-based) is in the log.
    pub fn record(&self, n: u32) -> Option<Record> {
        let i = n.checked_sub(1)? as usize;
        Some(Record {
            offset: *self.offsets.get(i)? as usize,
            len: self.lens[i] as usize,
            line: u64::from(self.lines[i]),
            junk: None,
        })
    }

    /// Flag bits of event `n` (see [`flags`]); 0 when out of range.
    pub fn flags(&self, n: u32) -> u8 {
        n.checked_sub(1)
            .and_then(|i| self.flags.get(i as usize))
            .copied()
            .unwrap_or(0)
    }

    /// Every diagnostic, in log order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The diagnostics of event `n`.
    pub fn diagnostics_of(&self, n: u32) -> &[Diagnostic] {
        match self.event_diags.binary_search_by_key(&n, |&(e, _)| e) {
            Ok(i) => {
                let start = self.event_diags[i].1 as usize;
                let end = self.diagnostics[start..]
                    .iter()
                    .position(|d| d.event != Some(n))
                    .map_or(self.diagnostics.len(), |p| start + p);
                &self.diagnostics[start..end]
            }
            Err(_) => &[],
        }
    }

    /// Event numbers that have diagnostics, ascending.
    pub fn events_with_diagnostics(&self) -> impl DoubleEndedIterator<Item = u32> + '_ {
        self.event_diags.iter().map(|&(n, _)| n)
    }

    /// All accounts ever seen, in order of first appearance.
    pub fn account_count(&self) -> usize {
        self.names.len()
    }

    pub fn account_name(&self, ix: AccountIx) -> &str {
        &self.names[ix as usize]
    }

    pub fn lookup(&self, name: &str) -> Option<AccountIx> {
        self.by_name.get(name).copied()
    }

    /// How many accounts exist after event `n`.
    pub fn accounts_at(&self, n: u32) -> usize {
        self.timelines
            .partition_point(|t| t.at.first().is_some_and(|&first| first <= n))
    }

    /// The event numbers that changed account `ix`, ascending.
    pub fn account_events(&self, ix: AccountIx) -> &[u32] {
        self.timelines.get(ix as usize).map_or(&[], |t| &t.at)
    }

    /// Account `ix`'s balance after each event that changed it:
    /// `(event numbers, balances)`, both ascending by event.
    pub fn balance_history(&self, ix: AccountIx) -> (&[u32], &[Decimal]) {
        self.timelines
            .get(ix as usize)
            .map_or((&[], &[]), |t| (&t.at, &t.balance))
    }

    /// Account `ix` as it was after event `n`, or `None` if it did not exist yet.
    pub fn account_at(&self, ix: AccountIx, n: u32) -> Option<AccountView<'_>> {
        let timeline = self.timelines.get(ix as usize)?;
        let k = timeline.at.partition_point(|&at| at <= n);
        if k == 0 {
            return None;
        }
        let p = timeline.profile.partition_point(|(at, _)| *at <= n);
        let profile = &timeline.profile[p.checked_sub(1)?].1;
        Some(AccountView {
            ix,
            name: &self.names[ix as usize],
            balance: timeline.balance[k - 1],
            status: profile.status,
            owner: profile.owner.as_deref(),
            currency: profile.currency.as_deref(),
            events: k as u32,
        })
    }

    /// Every account that exists after event `n`, in order of first appearance.
    pub fn state_at(&self, n: u32) -> Vec<AccountView<'_>> {
        (0..self.accounts_at(n) as AccountIx)
            .filter_map(|ix| self.account_at(ix, n))
            .collect()
    }

    /// The largest N whose event has a time ≤ `ns` (0 if none).
    pub fn position_as_of(&self, ns: i64) -> u32 {
        self.time_floor.partition_point(|&t| t <= ns) as u32
    }
}

/// Event `n` decoded again from the log, for showing it: the index keeps
/// where events are, not what they say.
pub fn decode_event<'a>(log: &'a [u8], index: &Index, n: u32) -> Option<(Envelope<'a>, Event<'a>)> {
    let record = index.record(n)?;
    let env = Envelope::decode(record.bytes(log)).ok()?;
    let event = Event::from_envelope(&env);
    Some((env, event))
}

/// The timestamp of event `n` as written in the log, if it has a valid one.
pub fn event_time_text(log: &[u8], index: &Index, n: u32) -> Option<String> {
    let (env, event) = decode_event(log, index, n)?;
    match event.meta.when {
        When::At(_) => env
            .timestamp()
            .and_then(crate::log::envelope::string_of)
            .map(|t| t.trim().to_owned()),
        _ => None,
    }
}
