//! Decoded events that can cross a thread boundary together with the chunk
//! they were decoded from: every borrowed string becomes a byte range into
//! the chunk, and is borrowed again when the event is folded.
//!
//! A detached event is small and plain (88 bytes, `Copy`, nothing to drop):
//! a batch holds tens of thousands of them, and each is written once by a
//! decoder and read once by the fold. What only some events have (a string
//! that had escapes, an invalid timestamp, the finding that keeps an event
//! from having an effect, an opening's owner, currency and own limits, a
//! version or a recorded balance) is kept beside the batch's events, in
//! its [`Side`].

use super::account_keys::{AccountKeys, NO_KEY, PENDING};
use crate::domain::event::{Event, Meta, Recorded, When, DEFAULT_ACCOUNT};
use crate::domain::{Effect, EffectKind, Finding, OwnLimits};
use crate::schema::Schema;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// `DetachedEvent::extra` of an event without an [`Extra`].
const NO_EXTRA: u32 = u32::MAX;

/// A string: a range of the chunk, one of the side's owned strings, or the
/// default account's name.
#[derive(Debug, Clone, Copy)]
struct Text {
    at: u32,
    /// The range's length, or one of the markers below.
    len: u32,
}

/// `Text::len` of an owned string (`at` is its index in `Side::strings`).
const OWNED: u32 = u32::MAX;
/// `Text::len` of [`DEFAULT_ACCOUNT`].
const DEFAULT: u32 = u32::MAX - 1;

impl Text {
    /// A range when `text` lies inside `chunk`, else a copy in `side`.
    fn detach(text: &str, chunk: &[u8], side: &mut Side) -> Text {
        let base = chunk.as_ptr() as usize;
        let at = text.as_ptr() as usize;
        if at >= base && at + text.len() <= base + chunk.len() {
            if let (Ok(at), Ok(len)) = (u32::try_from(at - base), u32::try_from(text.len())) {
                if len < DEFAULT {
                    return Text { at, len };
                }
            }
        }
        if text == DEFAULT_ACCOUNT {
            return Text {
                at: 0,
                len: DEFAULT,
            };
        }
        side.strings.push(text.into());
        Text {
            at: (side.strings.len() - 1) as u32,
            len: OWNED,
        }
    }

    #[inline]
    fn attach<'a>(self, chunk: Chunk<'a>, side: &'a Side) -> Cow<'a, str> {
        let text = match self.len {
            OWNED => side.strings.get(self.at as usize).map_or("", |s| s),
            DEFAULT => DEFAULT_ACCOUNT,
            len => {
                let range = self.at as usize..(self.at + len) as usize;
                match chunk.text {
                    Some(text) => text.get(range).unwrap_or_default(),
                    None => {
                        let bytes = chunk.bytes.get(range).unwrap_or_default();
                        // The range was a &str of this very chunk: always UTF-8.
                        std::str::from_utf8(bytes).unwrap_or_default()
                    }
                }
            }
        };
        Cow::Borrowed(text)
    }
}

/// The bytes events were detached from, and the same as text when all of
/// them are UTF-8 (nearly always): then each string is cut out of the text
/// with no second check, instead of checked one by one.
#[derive(Debug, Clone, Copy)]
pub struct Chunk<'a> {
    bytes: &'a [u8],
    text: Option<&'a str>,
}

impl<'a> Chunk<'a> {
    #[cfg(test)]
    fn new(bytes: &'a [u8]) -> Chunk<'a> {
        Chunk::with_text(bytes, std::str::from_utf8(bytes).ok())
    }

    /// Bytes already known as text (`text`, when given, is `bytes`).
    pub fn with_text(bytes: &'a [u8], text: Option<&'a str>) -> Chunk<'a> {
        debug_assert!(text.is_none_or(|t| t.as_bytes() == bytes));
        Chunk { bytes, text }
    }
}

/// [`DetachedEvent::kind`] of an event with no effect: the finding that
/// says why is in the event's extra.
const REJECTED: Option<EffectKind> = None;

/// What only some events have, kept beside a batch's events rather than in
/// each.
#[derive(Debug, Clone, Default)]
struct Extra {
    version: Option<i64>,
    recorded_balance: Option<Recorded>,
    /// A timestamp that is not in the schema's format.
    invalid_time: Option<When>,
    /// Why the event has no effect.
    finding: Option<Finding>,
    owner: Option<Text>,
    currency: Option<Text>,
    /// The currency the account changes to (see [`Event::currency`]).
    new_currency: Option<Text>,
    /// An opening's own balance limits.
    limits: Option<OwnLimits>,
}

impl Extra {
    /// Keeps what `event` has beyond what every event has in `side`;
    /// returns its index there, or `NO_EXTRA` when it has none of it (most
    /// events), without building anything. The test here and the fields
    /// [`Extra::build`] fills name the same things.
    #[inline]
    fn keep(event: &Event<'_>, chunk: &[u8], side: &mut Side) -> u32 {
        let any = event.meta.version.is_some()
            || event.recorded_balance.is_some()
            || event.currency.is_some()
            || matches!(event.meta.when, When::Invalid { .. })
            || match &event.effect {
                Ok(Effect::Open {
                    owner,
                    currency,
                    limits,
                    ..
                }) => owner.is_some() || currency.is_some() || limits.is_some(),
                Ok(_) => false,
                Err(_) => true,
            };
        if any {
            Extra::build(event, chunk, side)
        } else {
            NO_EXTRA
        }
    }

    #[cold]
    fn build(event: &Event<'_>, chunk: &[u8], side: &mut Side) -> u32 {
        let mut extra = Extra {
            version: event.meta.version,
            recorded_balance: event.recorded_balance.clone(),
            ..Extra::default()
        };
        if let invalid @ When::Invalid { .. } = &event.meta.when {
            extra.invalid_time = Some(invalid.clone());
        }
        if let Some(currency) = &event.currency {
            extra.new_currency = Some(Text::detach(currency, chunk, side));
        }
        match &event.effect {
            Ok(Effect::Open {
                owner,
                currency,
                limits,
                ..
            }) => {
                extra.owner = owner.as_ref().map(|t| Text::detach(t, chunk, side));
                extra.currency = currency.as_ref().map(|t| Text::detach(t, chunk, side));
                extra.limits = limits.as_deref().copied();
            }
            Err(finding) => extra.finding = Some(finding.clone()),
            Ok(_) => {}
        }
        side.extras.push(extra);
        u32::try_from(side.extras.len() - 1).unwrap_or(NO_EXTRA)
    }
}

/// A batch's owned strings and extras.
#[derive(Debug, Default)]
pub struct Side {
    strings: Vec<Box<str>>,
    extras: Vec<Extra>,
}

impl Side {
    pub fn clear(&mut self) {
        self.strings.clear();
        self.extras.clear();
    }
}

/// `DetachedEvent::flags` bits.
const HAS_SEQ: u8 = 1;
const HAS_FINGERPRINT: u8 = 2;
const TIMED: u8 = 4;
const INVALID_TIME: u8 = 8;

/// An event whose strings point into its chunk by position.
#[derive(Debug, Clone, Copy)]
pub struct DetachedEvent {
    /// The effect's amount, opening balance or new balance.
    amount: Decimal,
    id_fingerprint: u64,
    seq: i64,
    /// Nanoseconds since the epoch, when `TIMED`.
    time: i64,
    account: Text,
    id: Option<Text>,
    /// A transfer's receiving account.
    to: Option<Text>,
    /// The decoder's keys for its account and a transfer's receiving
    /// account (see [`AccountKeys`]), or `NO_KEY`.
    account_key: u32,
    to_key: u32,
    /// The index of its [`Extra`] in the side's, or `NO_EXTRA`.
    extra: u32,
    /// The index of its rule in the schema, or `u16::MAX`.
    rule: u16,
    /// What the event does, or [`REJECTED`].
    kind: Option<EffectKind>,
    flags: u8,
}

impl DetachedEvent {
    /// Detaches `event` from `chunk`, keeping what does not fit in `side`
    /// and numbering its accounts with `keys`.
    pub fn detach(
        event: &Event<'_>,
        chunk: &[u8],
        side: &mut Side,
        keys: &mut AccountKeys,
    ) -> DetachedEvent {
        let meta = &event.meta;
        let mut flags = 0;
        let time = match &meta.when {
            When::At(ns) => {
                flags |= TIMED;
                *ns
            }
            When::Untimed => 0,
            When::Invalid { .. } => {
                flags |= INVALID_TIME;
                0
            }
        };
        let (kind, amount, to) = match &event.effect {
            Ok(Effect::Open {
                initial_balance, ..
            }) => (Some(EffectKind::Open), *initial_balance, None),
            Ok(Effect::Credit(a)) => (Some(EffectKind::Credit), *a, None),
            Ok(Effect::Debit(a)) => (Some(EffectKind::Debit), *a, None),
            Ok(Effect::Transfer { amount, to }) => (
                Some(EffectKind::Transfer),
                *amount,
                Some(Text::detach(to, chunk, side)),
            ),
            Ok(Effect::Close) => (Some(EffectKind::Close), Decimal::ZERO, None),
            Ok(Effect::Freeze) => (Some(EffectKind::Freeze), Decimal::ZERO, None),
            Ok(Effect::Unfreeze) => (Some(EffectKind::Unfreeze), Decimal::ZERO, None),
            Ok(Effect::SetBalance(v)) => (Some(EffectKind::SetBalance), *v, None),
            Ok(Effect::Ignore) => (Some(EffectKind::Ignore), Decimal::ZERO, None),
            Err(_) => (REJECTED, Decimal::ZERO, None),
        };
        let extra = Extra::keep(event, chunk, side);
        if meta.seq.is_some() {
            flags |= HAS_SEQ;
        }
        if meta.id_fingerprint.is_some() {
            flags |= HAS_FINGERPRINT;
        }
        // The account's name is asked for first, then the receiver's: the
        // order `fill_keys` takes their answers in.
        let account_key = keys.ask(&meta.account);
        let to_key = match &event.effect {
            Ok(Effect::Transfer { to, .. }) => keys.ask(to),
            _ => NO_KEY,
        };
        DetachedEvent {
            amount,
            id_fingerprint: meta.id_fingerprint.unwrap_or_default(),
            seq: meta.seq.unwrap_or_default(),
            time,
            account: Text::detach(&meta.account, chunk, side),
            id: meta.id.as_ref().map(|t| Text::detach(t, chunk, side)),
            to,
            account_key,
            to_key,
            extra,
            rule: meta.rule.unwrap_or(u16::MAX),
            kind,
            flags,
        }
    }

    /// Replaces the keys [`AccountKeys::ask`] left pending with `next()`'s, in the
    /// order they were asked for.
    pub fn fill_keys(&mut self, mut next: impl FnMut() -> u32) {
        if self.account_key == PENDING {
            self.account_key = next();
        }
        if self.to_key == PENDING {
            self.to_key = next();
        }
    }

    /// The fingerprint of the event's id, if it has one.
    pub fn id_fingerprint(&self) -> Option<u64> {
        (self.flags & HAS_FINGERPRINT != 0).then_some(self.id_fingerprint)
    }

    /// Whether [`DetachedEvent::attach`] gives an event that owns no heap
    /// memory (every string borrowed, no finding, limits or invalid text):
    /// so for nearly every event of a log, which has nothing in the side's
    /// extras.
    #[inline]
    pub fn attaches_borrowed(&self) -> bool {
        self.extra == NO_EXTRA
    }

    /// The decoder's keys for the event's account and a transfer's
    /// receiving account.
    pub fn keys(&self) -> (Option<u32>, Option<u32>) {
        let key = |k| (k != NO_KEY).then_some(k);
        (key(self.account_key), key(self.to_key))
    }

    /// The event again, its strings borrowed from `chunk` and `side`, its
    /// rule from `schema`.
    #[inline]
    pub fn attach<'a>(&self, chunk: Chunk<'a>, schema: &'a Schema, side: &'a Side) -> Event<'a> {
        let extra = match self.extra {
            NO_EXTRA => None,
            i => side.extras.get(i as usize),
        };
        let text = |t: Option<Text>| t.map(|t| t.attach(chunk, side));
        let amount = self.amount;
        let rule = schema.rules().get(usize::from(self.rule));
        let effect = match self.kind {
            Some(EffectKind::Open) => Ok(Effect::Open {
                initial_balance: amount,
                owner: text(extra.and_then(|e| e.owner)),
                currency: text(extra.and_then(|e| e.currency)),
                limits: extra.and_then(|e| e.limits).map(Box::new),
            }),
            Some(EffectKind::Credit) => Ok(Effect::Credit(amount)),
            Some(EffectKind::Debit) => Ok(Effect::Debit(amount)),
            Some(EffectKind::Transfer) => Ok(Effect::Transfer {
                amount,
                to: text(self.to).unwrap_or_default(),
            }),
            Some(EffectKind::Close) => Ok(Effect::Close),
            Some(EffectKind::Freeze) => Ok(Effect::Freeze),
            Some(EffectKind::Unfreeze) => Ok(Effect::Unfreeze),
            Some(EffectKind::SetBalance) => Ok(Effect::SetBalance(amount)),
            Some(EffectKind::Ignore) => Ok(Effect::Ignore),
            REJECTED => Err(extra.and_then(|e| e.finding.clone()).unwrap_or_else(|| {
                Finding::new(crate::domain::Code::MalformedJson, String::new(), None)
            })),
        };
        let when = if self.flags & TIMED != 0 {
            When::At(self.time)
        } else {
            extra
                .and_then(|e| e.invalid_time.clone())
                .unwrap_or(When::Untimed)
        };
        Event {
            meta: Meta {
                account: self.account.attach(chunk, side),
                id: text(self.id),
                id_fingerprint: self.id_fingerprint(),
                seq: (self.flags & HAS_SEQ != 0).then_some(self.seq),
                when,
                version: extra.and_then(|e| e.version),
                type_name: rule.map(|r| r.name.as_str()),
                rule: rule.map(|r| r.index),
            },
            effect,
            recorded_balance: extra.and_then(|e| e.recorded_balance.clone()),
            currency: text(extra.and_then(|e| e.new_currency)),
        }
    }
}

/// Whether `event` holds no heap memory of its own: what
/// [`DetachedEvent::attaches_borrowed`] promises of an attached event (the
/// fold checks it in debug builds, so every test that loads a log does).
pub fn owns_nothing(event: &Event<'_>) -> bool {
    let borrowed = |t: &Option<Cow<'_, str>>| !matches!(t, Some(Cow::Owned(_)));
    let effect = match &event.effect {
        Ok(Effect::Open {
            owner,
            currency,
            limits,
            ..
        }) => borrowed(owner) && borrowed(currency) && limits.is_none(),
        Ok(Effect::Transfer { to, .. }) => matches!(to, Cow::Borrowed(_)),
        Ok(_) => true,
        Err(finding) => finding.message.capacity() == 0 && finding.account.is_none(),
    };
    effect
        && matches!(event.meta.account, Cow::Borrowed(_))
        && borrowed(&event.meta.id)
        && !matches!(event.meta.when, When::Invalid { .. })
        && event.recorded_balance.is_none()
        && borrowed(&event.currency)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::Envelope;

    /// Decodes `chunk`, detaches its event and hands both to `check`.
    fn round_trip(chunk: &[u8], check: impl FnOnce(&Event<'_>, DetachedEvent, Side)) {
        let env = Envelope::decode(chunk).unwrap();
        let event = crate::log::event_of(&env);
        let mut side = Side::default();
        let detached = DetachedEvent::detach(&event, chunk, &mut side, &mut AccountKeys::default());
        check(&event, detached, side);
    }

    #[test]
    fn an_event_survives_detaching_and_attaching() {
        let chunk = br#"{"id":"e\u0031","type":"MoneyTransferred","account":"a","data":{"amount":"5","to_account":"b"}}"#;
        round_trip(chunk, |event, detached, side| {
            assert_eq!(side.strings.len(), 1, "only the escaped id is owned");
            assert!(side.extras.is_empty(), "a plain transfer has no extras");
            assert_eq!(
                &detached.attach(Chunk::new(chunk), Schema::builtin(), &side),
                event
            );
        });
        let others: [&[u8]; 5] = [
            br#"{"type":"AccountOpened"}"#,
            br#"{"type":"AccountOpened","account":"x","data":{"owner":"Ann \"A\"","currency":"EUR","initial_balance":"1.50"}}"#,
            br#"{"seq":7,"ts":"yesterday","type":"MoneyWithdrawn","account":"x","data":{"amount":"nope"}}"#,
            br#"{"seq":-1,"ts":"2024-01-01T00:00:00Z","type":"Unknown","account":"x"}"#,
            br#"{"type":"AccountClosed","account":"q\n"}"#,
        ];
        for chunk in others {
            round_trip(chunk, |event, detached, side| {
                assert_eq!(
                    &detached.attach(Chunk::new(chunk), Schema::builtin(), &side),
                    event
                );
                let bytes = Chunk {
                    bytes: chunk,
                    text: None,
                };
                assert_eq!(&detached.attach(bytes, Schema::builtin(), &side), event);
            });
        }
    }

    #[test]
    fn an_openings_own_limits_survive_detaching_and_attaching() {
        let schema = Schema::parse(
            "[envelope]\ntype = \"kind\"\n[types.created]\neffect = \"open\"\nmin_balance = \"min\"\nmax_balance = \"max\"\n",
            crate::schema::Syntax::Toml,
            "t.toml",
            "t",
        )
        .unwrap();
        for chunk in [
            &br#"{"kind":"created","max":"100.5"}"#[..],
            br#"{"kind":"created","min":"-5","max":"7"}"#,
            br#"{"kind":"created"}"#,
        ] {
            let env = Envelope::decode_with(chunk, &schema).unwrap();
            let event = crate::log::event_of(&env);
            let mut side = Side::default();
            let detached =
                DetachedEvent::detach(&event, chunk, &mut side, &mut AccountKeys::default());
            assert_eq!(
                detached.attach(Chunk::new(chunk), &schema, &side),
                event,
                "{}",
                String::from_utf8_lossy(chunk)
            );
        }
    }

    #[test]
    fn a_detached_event_is_small_and_plain() {
        assert!(std::mem::size_of::<DetachedEvent>() <= 88);
        assert!(!std::mem::needs_drop::<DetachedEvent>());
    }
}
