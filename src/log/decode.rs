//! From a decoded record to a typed event, or to the diagnostic that
//! explains why it cannot be one. What each event type does comes from the
//! record's schema (see [`crate::schema`]); this module only reads the
//! fields the schema points at.

use super::envelope::{string_of, text_of, Envelope, Raw};
use crate::domain::effect::Reference;
use crate::domain::event::{id_fingerprint, Event, Meta, Recorded, When, DEFAULT_ACCOUNT};
use crate::domain::money::{parse_decimal, AmountError};
use crate::domain::{Code, Effect, EffectKind, Finding, OwnLimits};
use crate::schema::{Amount, EffectFields, Field, Schema};
use rust_decimal::Decimal;
use std::borrow::Cow;

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

/// An amount's text: a string's contents, or a number as written.
fn amount_text(raw: Raw<'_>) -> Cow<'_, str> {
    if raw.get().starts_with('"') {
        string_of(raw).unwrap_or_default()
    } else {
        Cow::Borrowed(raw.get())
    }
}

/// A number as written, if it is an `i64` (as `str::parse` says).
#[inline]
fn integer(text: &str) -> Option<i64> {
    // Up to 18 plain digits (sequence numbers and versions nearly always
    // are) cannot overflow; anything else goes to `parse`.
    let bytes = text.as_bytes();
    if (1..=18).contains(&bytes.len()) {
        let mut n = 0i64;
        for &b in bytes {
            let d = b.wrapping_sub(b'0');
            if d > 9 {
                return text.parse::<i64>().ok();
            }
            n = n * 10 + i64::from(d);
        }
        return Some(n);
    }
    text.parse::<i64>().ok()
}

/// Why an amount's value cannot be used.
enum Bad {
    NotANumber,
    OutOfRange(AmountError),
    NotWhole,
}

/// An amount's value, exact, scaled down when it is in minor units.
fn amount_value(raw: Raw<'_>, spec: &Amount) -> Result<Decimal, Bad> {
    let value = parse_decimal(&amount_text(raw)).map_err(|e| match e {
        AmountError::NotANumber => Bad::NotANumber,
        AmountError::OutOfRange => Bad::OutOfRange(e),
    })?;
    let Some(units) = spec.minor_units else {
        return Ok(value);
    };
    if !value.fract().is_zero() {
        return Err(Bad::NotWhole);
    }
    let whole = value.trunc();
    let mantissa = whole.mantissa() / 10i128.pow(whole.scale());
    Decimal::try_from_i128_with_scale(mantissa, units)
        .map_err(|_| Bad::OutOfRange(AmountError::OutOfRange))
}

/// Interprets a decoded record with the schema it was decoded with: its
/// envelope always, and its effect or the finding that keeps it from
/// having one.
pub fn event_of<'e>(env: &'e Envelope<'_>) -> Event<'e> {
    let schema = env.schema();
    let account = env
        .account()
        .and_then(text_of)
        .unwrap_or(Cow::Borrowed(DEFAULT_ACCOUNT));
    let format = schema.time_format();
    let when = match env.timestamp() {
        None => When::Untimed,
        Some(raw) => match text_of(raw).as_deref().and_then(|t| format.parse(t)) {
            Some(ns) => When::At(ns),
            None => When::Invalid {
                text: describe(raw),
                format,
            },
        },
    };
    let type_name = env.event_type().and_then(string_of);
    let rule = type_name.as_deref().and_then(|t| schema.rule(t));
    // A referring type's id field holds the id of the event it refers to,
    // not its own: it is not checked for duplicates.
    let id = match rule {
        Some(r) if r.effect.kind().refers() => None,
        _ => env.id().and_then(text_of),
    };
    let integer = |raw: Option<Raw<'_>>| raw.and_then(|raw| integer(raw.get()));
    let meta = Meta {
        id_fingerprint: id.as_deref().map(id_fingerprint),
        id,
        seq: integer(env.seq()),
        when,
        version: integer(env.version()),
        account,
        type_name: rule.map(|r| r.name.as_str()),
        rule: rule.map(|r| r.index),
    };
    let effect = effect_of(
        env,
        &meta.account,
        type_name.as_deref(),
        rule.map(|r| &r.effect),
    );
    let recorded_balance = rule
        .and_then(|r| r.recorded_balance.as_ref())
        .and_then(|spec| {
            let raw = env.field(&spec.field)?;
            Some(match amount_value(raw, spec) {
                Ok(value) => Recorded::Balance(value),
                Err(_) => Recorded::Invalid(describe(raw).into()),
            })
        });
    let currency = rule
        .and_then(|r| r.currency.as_ref())
        .and_then(|f| env.field(f))
        .and_then(string_of);
    Event {
        meta,
        effect,
        recorded_balance,
        currency,
    }
}

/// Decodes every line of a JSON Lines `log` with `schema` into events, one
/// after the other, as a decoder thread does (short of detaching them), and
/// returns how many were events and a checksum of what they hold. For the
/// decode benchmark: the per-record cost, without threads or the fold.
#[doc(hidden)]
pub fn decode_lines(log: &[u8], schema: &Schema) -> (usize, u64) {
    let mut records = Vec::new();
    super::records::split_lines(log, 0, 1, &mut records);
    let mut events = 0;
    let mut sum = 0u64;
    let mut decoder = super::envelope::Decoder::new(schema);
    for record in &records {
        let decoded = decoder.decode_then(record.bytes(log), |env| {
            let event = event_of(env);
            let event = std::hint::black_box(&event);
            let amount = match &event.effect {
                Ok(Effect::Credit(a) | Effect::Debit(a) | Effect::SetBalance(a)) => a.mantissa(),
                Ok(Effect::Transfer { amount, to }) => amount.mantissa() + to.len() as i128,
                Ok(Effect::Open {
                    initial_balance, ..
                }) => initial_balance.mantissa(),
                _ => 1,
            };
            let when = match event.meta.when {
                When::At(ns) => ns as u64,
                _ => 7,
            };
            (amount as u64)
                .wrapping_add(when)
                .wrapping_add(event.meta.id_fingerprint.unwrap_or(0))
                .wrapping_add(event.meta.account.len() as u64)
        });
        if let Ok(hash) = decoded {
            events += 1;
            sum = sum.wrapping_mul(31).wrapping_add(hash);
        }
    }
    (events, sum)
}

fn effect_of<'a>(
    env: &'a Envelope<'_>,
    account: &str,
    type_name: Option<&str>,
    fields: Option<&EffectFields>,
) -> Result<Effect<'a>, Finding> {
    let finding = |code, message: String| Finding::new(code, message, Some(account));
    let label = &env.schema().event_type_field().label;
    let label = if label.is_empty() { "type" } else { label };
    let Some(type_raw) = env.event_type() else {
        return Err(finding(
            Code::MissingField,
            format!("missing field `{label}`"),
        ));
    };
    let Some(type_name) = type_name else {
        return Err(finding(
            Code::MissingField,
            format!(
                "field `{label}` must be a string, got {}",
                describe(type_raw)
            ),
        ));
    };
    let Some(fields) = fields else {
        return Err(finding(
            Code::UnknownEventType,
            format!("unknown event type `{type_name}`; not applied"),
        ));
    };
    // `Some(sign)`: the amount must be > 0 (true) or ≥ 0 (false).
    let amount = |spec: &Amount, sign: Option<bool>| {
        let field = &spec.field.label;
        let raw = env
            .field(&spec.field)
            .ok_or_else(|| finding(Code::MissingField, format!("{type_name} has no `{field}`")))?;
        let value = amount_value(raw, spec).map_err(|e| {
            let why = match e {
                Bad::NotANumber => "is not a decimal number".to_owned(),
                Bad::OutOfRange(e) => format!("is {e}"),
                Bad::NotWhole => "is not a whole number of minor units".to_owned(),
            };
            finding(
                Code::InvalidAmount,
                format!("`{field}` {} {why}", describe(raw)),
            )
        })?;
        match sign {
            Some(true) if value <= Decimal::ZERO => Err(finding(
                Code::InvalidAmount,
                format!("`{field}` must be greater than 0, got {value}"),
            )),
            Some(false) if value < Decimal::ZERO => Err(finding(
                Code::InvalidAmount,
                format!("`{field}` must not be negative, got {value}"),
            )),
            _ => Ok(value),
        }
    };
    match fields {
        EffectFields::Open {
            initial_balance,
            owner,
            currency,
            min_balance,
            max_balance,
        } => {
            let initial_balance = match initial_balance {
                Some(spec) if spec.required || env.field(&spec.field).is_some() => {
                    amount(spec, Some(false))?
                }
                _ => Decimal::ZERO,
            };
            // The account's own limits, each when the event has it.
            let limit = |spec: &Option<Amount>| match spec {
                Some(spec) if env.field(&spec.field).is_some() => amount(spec, None).map(Some),
                _ => Ok(None),
            };
            let (min, max) = (limit(min_balance)?, limit(max_balance)?);
            let limits = (min.is_some() || max.is_some()).then(|| Box::new(OwnLimits { min, max }));
            let text = |field: &Option<Field>| {
                field
                    .as_ref()
                    .and_then(|f| env.field(f))
                    .and_then(string_of)
            };
            Ok(Effect::Open {
                initial_balance,
                owner: text(owner),
                currency: text(currency),
                limits,
            })
        }
        EffectFields::Credit { amount: spec } => Ok(Effect::Credit(amount(spec, Some(true))?)),
        EffectFields::Debit { amount: spec } => Ok(Effect::Debit(amount(spec, Some(true))?)),
        EffectFields::Transfer { amount: spec, to } => {
            let value = amount(spec, Some(true))?;
            let to = env.field(to).and_then(text_of).ok_or_else(|| {
                finding(
                    Code::MissingField,
                    format!("{type_name} has no `{}`", to.label),
                )
            })?;
            Ok(Effect::Transfer { amount: value, to })
        }
        EffectFields::Close => Ok(Effect::Close),
        EffectFields::Freeze => Ok(Effect::Freeze),
        EffectFields::Unfreeze => Ok(Effect::Unfreeze),
        EffectFields::SetBalance { balance } => Ok(Effect::SetBalance(amount(balance, None)?)),
        EffectFields::Ignore => Ok(Effect::Ignore),
        EffectFields::Refer {
            kind,
            refers_to,
            effects,
            freeze,
        } => {
            let id = env.field(refers_to).and_then(text_of).ok_or_else(|| {
                finding(
                    Code::MissingField,
                    format!("{type_name} has no `{}`", refers_to.label),
                )
            })?;
            let reference = Reference {
                id,
                effects: *effects,
            };
            Ok(match kind {
                EffectKind::Hold => Effect::Hold(reference),
                EffectKind::Release => Effect::Release(reference),
                _ => Effect::Reverse {
                    reference,
                    freeze: *freeze,
                },
            })
        }
    }
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// The fast path for plain digits says what `str::parse` says.
        #[test]
        fn integers_are_read_as_parse_reads_them(text in "[-+0-9a ]{0,21}|[0-9]{17,20}") {
            proptest::prop_assert_eq!(super::integer(&text), text.parse::<i64>().ok());
        }
    }
}
