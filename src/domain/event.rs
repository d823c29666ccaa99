//! The bank-account vocabulary: turning a decoded record into a typed event,
//! or into the diagnostic that explains why it cannot be one.

use super::diagnostic::{Code, Finding};
use super::money::{parse_decimal, AmountError};
use super::time::parse_time;
use crate::log::envelope::Raw;
use crate::log::envelope::{string_of, text_of, Envelope};
use rust_decimal::Decimal;
use std::borrow::Cow;

/// The account that events without an account id belong to.
pub const DEFAULT_ACCOUNT: &str = "default";

/// What an event does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action<'a> {
    Open {
        initial_balance: Decimal,
        owner: Option<Cow<'a, str>>,
        currency: Option<Cow<'a, str>>,
    },
    Deposit(Decimal),
    Withdraw(Decimal),
    Transfer {
        amount: Decimal,
        to: Cow<'a, str>,
    },
    Close,
}

impl Action<'_> {
    /// The event type's name in the log.
    pub fn type_name(&self) -> &'static str {
        match self {
            Action::Open { .. } => "AccountOpened",
            Action::Deposit(_) => "MoneyDeposited",
            Action::Withdraw(_) => "MoneyWithdrawn",
            Action::Transfer { .. } => "MoneyTransferred",
            Action::Close => "AccountClosed",
        }
    }
}

/// When an event happened, as far as the log says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// No timestamp field.
    Untimed,
    /// Nanoseconds since the Unix epoch (UTC).
    At(i64),
    /// A timestamp field that is not RFC 3339 (its text, for the message).
    Invalid(String),
}

/// The envelope of an event: what every event has, whatever its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta<'a> {
    pub account: Cow<'a, str>,
    pub id: Option<Cow<'a, str>>,
    /// A 64-bit fingerprint of the id, computed where events are decoded
    /// (in parallel) rather than in the sequential fold.
    pub id_fingerprint: Option<u64>,
    pub seq: Option<i64>,
    pub when: When,
}

/// A record that is an event: its envelope and either its action or the
/// finding that keeps it from having one (missing field, bad amount,
/// unknown type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<'a> {
    pub meta: Meta<'a>,
    pub action: Result<Action<'a>, Finding>,
}

/// A 64-bit fingerprint of an event id, for remembering ids compactly
/// (matches are confirmed against the ids themselves).
pub fn id_fingerprint(id: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(id.as_bytes());
    h.write_u8(0xff);
    h.finish()
}

fn describe(raw: Raw<'_>) -> String {
    let text = raw.get();
    if text.len() > 40 {
        let cut = (0..=40)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        format!("{}…", &text[..cut])
    } else {
        text.to_owned()
    }
}

impl<'a> Event<'a> {
    /// Interprets a decoded record: its envelope always, and its action or
    /// the finding that keeps it from having one.
    pub fn from_envelope(env: &Envelope<'a>) -> Event<'a> {
        let account = env
            .account()
            .and_then(text_of)
            .unwrap_or(Cow::Borrowed(DEFAULT_ACCOUNT));
        let when = match env.timestamp() {
            None => When::Untimed,
            Some(raw) => match string_of(raw).as_deref().and_then(parse_time) {
                Some(ns) => When::At(ns),
                None => When::Invalid(describe(raw)),
            },
        };
        let id = env.id().and_then(text_of);
        let meta = Meta {
            id_fingerprint: id.as_deref().map(id_fingerprint),
            id,
            seq: env.seq().and_then(|raw| raw.get().parse::<i64>().ok()),
            when,
            account,
        };
        let action = action_of(env, &meta.account);
        Event { meta, action }
    }
}

fn action_of<'a>(env: &Envelope<'a>, account: &str) -> Result<Action<'a>, Finding> {
    let finding = |code, message: String| Finding::new(code, message, Some(account));
    let Some(type_raw) = env.event_type() else {
        return Err(finding(Code::MissingField, "missing field `type`".into()));
    };
    let Some(type_name) = string_of(type_raw) else {
        return Err(finding(
            Code::MissingField,
            format!("field `type` must be a string, got {}", describe(type_raw)),
        ));
    };
    let amount = |field: &str, raw: Option<Raw<'_>>, positive: bool| {
        let raw = raw
            .ok_or_else(|| finding(Code::MissingField, format!("{type_name} has no `{field}`")))?;
        let text = if raw.get().starts_with('"') {
            string_of(raw).unwrap_or_default()
        } else {
            Cow::Borrowed(raw.get())
        };
        let value = parse_decimal(&text).map_err(|e| {
            let why = match e {
                AmountError::NotANumber => "is not a decimal number".to_owned(),
                AmountError::OutOfRange => format!("is {e}"),
            };
            finding(
                Code::InvalidAmount,
                format!("`{field}` {} {why}", describe(raw)),
            )
        })?;
        if positive && value <= Decimal::ZERO {
            return Err(finding(
                Code::InvalidAmount,
                format!("`{field}` must be greater than 0, got {value}"),
            ));
        }
        if !positive && value < Decimal::ZERO {
            return Err(finding(
                Code::InvalidAmount,
                format!("`{field}` must not be negative, got {value}"),
            ));
        }
        Ok(value)
    };
    match &*type_name {
        "AccountOpened" => {
            let initial_balance = match env.initial_balance() {
                None => Decimal::ZERO,
                raw => amount("initial_balance", raw, false)?,
            };
            Ok(Action::Open {
                initial_balance,
                owner: env.owner().and_then(string_of),
                currency: env.currency().and_then(string_of),
            })
        }
        "MoneyDeposited" => Ok(Action::Deposit(amount("amount", env.amount(), true)?)),
        "MoneyWithdrawn" => Ok(Action::Withdraw(amount("amount", env.amount(), true)?)),
        "MoneyTransferred" => {
            let value = amount("amount", env.amount(), true)?;
            let to = env.to_account().and_then(text_of).ok_or_else(|| {
                finding(
                    Code::MissingField,
                    "MoneyTransferred has no `to_account`".into(),
                )
            })?;
            Ok(Action::Transfer { amount: value, to })
        }
        "AccountClosed" => Ok(Action::Close),
        other => Err(finding(
            Code::UnknownEventType,
            format!("unknown event type `{other}`; not applied"),
        )),
    }
}
