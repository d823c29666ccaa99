//! Decoded events that can cross a thread boundary together with the chunk
//! they were decoded from: every borrowed string becomes a byte range into
//! the chunk, and is borrowed again when the event is folded. Nothing is
//! copied except the rare string that had escapes (already owned).

use crate::domain::event::{Action, Event, Meta, Recorded};
use crate::domain::Finding;
use crate::schema::Schema;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// A string: a range of the chunk, or owned.
#[derive(Debug, Clone)]
enum Text {
    Range(u32, u32),
    Owned(Box<str>),
}

impl Text {
    /// A range when `text` lies inside `chunk`, else a copy.
    fn detach(text: &str, chunk: &[u8]) -> Text {
        let base = chunk.as_ptr() as usize;
        let at = text.as_ptr() as usize;
        if at >= base && at + text.len() <= base + chunk.len() {
            return Text::Range((at - base) as u32, text.len() as u32);
        }
        Text::Owned(text.into())
    }

    fn attach<'a>(&'a self, chunk: &'a [u8]) -> Cow<'a, str> {
        match self {
            Text::Range(at, len) => {
                let bytes = &chunk[*at as usize..(*at + *len) as usize];
                // The range was a &str of this very chunk: always UTF-8.
                Cow::Borrowed(std::str::from_utf8(bytes).unwrap_or_default())
            }
            Text::Owned(s) => Cow::Borrowed(s),
        }
    }
}

fn detach_opt(text: &Option<Cow<'_, str>>, chunk: &[u8]) -> Option<Text> {
    text.as_ref().map(|t| Text::detach(t, chunk))
}

fn attach_opt<'a>(text: &'a Option<Text>, chunk: &'a [u8]) -> Option<Cow<'a, str>> {
    text.as_ref().map(|t| t.attach(chunk))
}

#[derive(Debug, Clone)]
enum DetachedAction {
    Open {
        initial_balance: Decimal,
        owner: Option<Text>,
        currency: Option<Text>,
    },
    Deposit(Decimal),
    Withdraw(Decimal),
    Transfer {
        amount: Decimal,
        to: Text,
    },
    Close,
    SetBalance(Decimal),
    Ignore,
}

/// What only some schemas give an event (a version, a recorded balance),
/// kept beside a batch's events rather than in each: a smaller event is a
/// measurably faster load, and the default vocabulary has neither.
#[derive(Debug, Clone)]
pub struct Extra {
    version: Option<i64>,
    recorded_balance: Option<Recorded>,
}

const NONE: u32 = u32::MAX;

/// One decoder's numbering of the account names it has seen: equal names,
/// equal keys. The folding thread learns once which account each key of
/// each decoder is, and from then on finds an event's accounts by key
/// rather than hashing and comparing names in the one thread that folds.
#[derive(Debug, Default)]
pub struct Keys {
    /// Names short enough to be held in the table itself (most are): a
    /// lookup compares three words, with no pointer to follow.
    short: rustc_hash::FxHashMap<ShortName, u32>,
    long: rustc_hash::FxHashMap<Box<str>, u32>,
}

/// A name of up to 23 bytes, its length in the last byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ShortName([u64; 3]);

impl ShortName {
    fn new(name: &str) -> Option<ShortName> {
        let bytes = name.as_bytes();
        if bytes.len() > 23 {
            return None;
        }
        let mut buf = [0u8; 24];
        buf[..bytes.len()].copy_from_slice(bytes);
        buf[23] = bytes.len() as u8;
        let word = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&buf[i * 8..i * 8 + 8]);
            u64::from_le_bytes(w)
        };
        Some(ShortName([word(0), word(1), word(2)]))
    }
}

impl Keys {
    fn key(&mut self, name: &str) -> u32 {
        let next = u32::try_from(self.short.len() + self.long.len()).unwrap_or(NONE);
        let key = match ShortName::new(name) {
            Some(short) => *self.short.entry(short).or_insert(next),
            None => match self.long.get(name) {
                Some(&key) => key,
                None => *self.long.entry(name.into()).or_insert(next),
            },
        };
        // Past four billion names, the rest go unnumbered (found by name).
        if key == NONE {
            self.short.retain(|_, k| *k != NONE);
            self.long.retain(|_, k| *k != NONE);
        }
        key
    }
}

#[cfg(test)]
#[test]
fn equal_names_get_equal_keys_and_different_names_different_ones() {
    let mut keys = Keys::default();
    let long = "an account name well over twenty-three bytes";
    let names = [
        "a",
        "b",
        "",
        "a\u{0}",
        long,
        "exactly-23-bytes-long!!",
        "exactly-24-bytes-long!!!",
    ];
    let first: Vec<u32> = names.iter().map(|n| keys.key(n)).collect();
    let again: Vec<u32> = names.iter().map(|n| keys.key(n)).collect();
    assert_eq!(first, again);
    let mut distinct = first.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), names.len(), "{first:?}");
}

/// An event whose strings point into its chunk by position.
#[derive(Debug, Clone)]
pub struct DetachedEvent {
    account: Text,
    id: Option<Text>,
    id_fingerprint: Option<u64>,
    seq: Option<i64>,
    when: crate::domain::When,
    /// The index of its rule in the schema, or `u16::MAX`.
    rule: u16,
    /// The index of its [`Extra`] in the batch's, or `NONE`.
    extra: u32,
    /// The decoder's keys for its account and a transfer's receiving
    /// account (see [`Keys`]), or `NONE`.
    account_key: u32,
    to_key: u32,
    action: Result<DetachedAction, Finding>,
}

impl DetachedEvent {
    /// Detaches `event` from `chunk`; its extras, if any, go to `extras`.
    pub fn detach(event: &Event<'_>, chunk: &[u8], extras: &mut Vec<Extra>) -> DetachedEvent {
        let action = match &event.action {
            Ok(Action::Open {
                initial_balance,
                owner,
                currency,
            }) => Ok(DetachedAction::Open {
                initial_balance: *initial_balance,
                owner: detach_opt(owner, chunk),
                currency: detach_opt(currency, chunk),
            }),
            Ok(Action::Deposit(a)) => Ok(DetachedAction::Deposit(*a)),
            Ok(Action::Withdraw(a)) => Ok(DetachedAction::Withdraw(*a)),
            Ok(Action::Transfer { amount, to }) => Ok(DetachedAction::Transfer {
                amount: *amount,
                to: Text::detach(to, chunk),
            }),
            Ok(Action::Close) => Ok(DetachedAction::Close),
            Ok(Action::SetBalance(v)) => Ok(DetachedAction::SetBalance(*v)),
            Ok(Action::Ignore) => Ok(DetachedAction::Ignore),
            Err(finding) => Err(finding.clone()),
        };
        let meta = &event.meta;
        let extra = if meta.version.is_some() || event.recorded_balance.is_some() {
            extras.push(Extra {
                version: meta.version,
                recorded_balance: event.recorded_balance.clone(),
            });
            u32::try_from(extras.len() - 1).unwrap_or(NONE)
        } else {
            NONE
        };
        DetachedEvent {
            account: Text::detach(&meta.account, chunk),
            id: detach_opt(&meta.id, chunk),
            id_fingerprint: meta.id_fingerprint,
            seq: meta.seq,
            when: meta.when.clone(),
            rule: meta.rule.map_or(u16::MAX, |r| r.index),
            extra,
            account_key: NONE,
            to_key: NONE,
            action,
        }
    }

    /// Detaches `event` as [`DetachedEvent::detach`] does, numbering its
    /// accounts with `keys`.
    pub fn detach_keyed(
        event: &Event<'_>,
        chunk: &[u8],
        extras: &mut Vec<Extra>,
        keys: &mut Keys,
    ) -> DetachedEvent {
        let mut detached = DetachedEvent::detach(event, chunk, extras);
        detached.account_key = keys.key(&event.meta.account);
        if let Ok(Action::Transfer { to, .. }) = &event.action {
            detached.to_key = keys.key(to);
        }
        detached
    }

    /// The decoder's keys for the event's account and a transfer's
    /// receiving account.
    pub fn keys(&self) -> (Option<u32>, Option<u32>) {
        let key = |k| (k != NONE).then_some(k);
        (key(self.account_key), key(self.to_key))
    }

    /// The fingerprint of the event's id, if it has one.
    pub fn id_fingerprint(&self) -> Option<u64> {
        self.id_fingerprint
    }

    /// The event again, its strings borrowed from `chunk`, its rule from
    /// `schema` and its extras from those `detach` put them in.
    pub fn attach<'a>(
        &'a self,
        chunk: &'a [u8],
        schema: &'a Schema,
        extras: &[Extra],
    ) -> Event<'a> {
        let action = match &self.action {
            Ok(DetachedAction::Open {
                initial_balance,
                owner,
                currency,
            }) => Ok(Action::Open {
                initial_balance: *initial_balance,
                owner: attach_opt(owner, chunk),
                currency: attach_opt(currency, chunk),
            }),
            Ok(DetachedAction::Deposit(a)) => Ok(Action::Deposit(*a)),
            Ok(DetachedAction::Withdraw(a)) => Ok(Action::Withdraw(*a)),
            Ok(DetachedAction::Transfer { amount, to }) => Ok(Action::Transfer {
                amount: *amount,
                to: to.attach(chunk),
            }),
            Ok(DetachedAction::Close) => Ok(Action::Close),
            Ok(DetachedAction::SetBalance(v)) => Ok(Action::SetBalance(*v)),
            Ok(DetachedAction::Ignore) => Ok(Action::Ignore),
            Err(finding) => Err(finding.clone()),
        };
        let extra = match self.extra {
            NONE => None,
            i => extras.get(i as usize),
        };
        Event {
            meta: Meta {
                account: self.account.attach(chunk),
                id: attach_opt(&self.id, chunk),
                id_fingerprint: self.id_fingerprint,
                seq: self.seq,
                when: self.when.clone(),
                version: extra.and_then(|e| e.version),
                rule: schema.rules().get(usize::from(self.rule)),
            },
            action,
            recorded_balance: extra.and_then(|e| e.recorded_balance.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::Envelope;

    #[test]
    fn an_event_survives_detaching_and_attaching() {
        let chunk = br#"{"id":"e\u0031","type":"MoneyTransferred","account":"a","data":{"amount":"5","to_account":"b"}}"#.to_vec();
        let env = Envelope::decode(&chunk).unwrap();
        let event = Event::from_envelope(&env);
        let mut extras = Vec::new();
        let detached = DetachedEvent::detach(&event, &chunk, &mut extras);
        assert!(extras.is_empty(), "bank events have no extras");
        assert!(matches!(detached.account, Text::Range(..)));
        assert!(
            matches!(detached.id, Some(Text::Owned(_))),
            "escaped: owned"
        );
        assert_eq!(detached.attach(&chunk, Schema::builtin(), &extras), event);
        let minimal = br#"{"type":"AccountOpened"}"#.to_vec();
        let env = Envelope::decode(&minimal).unwrap();
        let event = Event::from_envelope(&env);
        assert_eq!(
            DetachedEvent::detach(&event, &minimal, &mut extras).attach(
                &minimal,
                Schema::builtin(),
                &extras
            ),
            event
        );
    }
}
