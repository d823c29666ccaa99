//! From a schema file's text to a [`Schema`]: parse (TOML or JSON, with the
//! path of whatever is wrong), check what serde cannot, and build the
//! per-level key tables that decoding walks.

use super::compiled::Schema;
use super::fields::{
    Amount, Entry, Field, Table, MAX_SLOTS, NO_CHILD, NO_RANK, NO_SLOT, PAYLOAD, TOP,
};
use super::file::{
    AmountSpec, EnvelopeField, LogFormat, Paths, RulesFile, SchemaFile, Syntax, Tagging, Then,
    TypeFile,
};
use super::key_table::KeyMap;
use super::read::{read_json, read_toml};
use super::rule::{referable, EffectFields, Rule};
use crate::domain::effect::KindSet;
use crate::domain::money::parse_decimal;
use crate::domain::{Code, EffectKind, Limits, Policies, Policy};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Parses and compiles; the error is one line naming the key.
pub(super) fn parse(text: &str, syntax: Syntax, default_name: &str) -> Result<Schema, String> {
    let file = match syntax {
        Syntax::Toml => read_toml(text)?,
        Syntax::Json => read_json(text)?,
    };
    compile(file, default_name)
}

/// Builds the key tables while fields are added.
struct Builder {
    tables: Vec<BTreeMap<String, Entry>>,
    /// Each slot's (payload-relative, path).
    slots: Vec<(bool, String)>,
    payload_mask: u64,
}

enum Leaf {
    Slot(u8),
    Payload(u8),
}

impl Builder {
    fn new() -> Builder {
        Builder {
            tables: vec![BTreeMap::new(), BTreeMap::new()],
            slots: Vec::new(),
            payload_mask: 0,
        }
    }

    fn insert(&mut self, table: usize, path: &[&str], leaf: &Leaf) {
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        let next = self.tables.len();
        let entry = self.tables[table]
            .entry((*first).to_owned())
            .or_insert(Entry::EMPTY);
        if rest.is_empty() {
            match *leaf {
                Leaf::Slot(slot) => {
                    if !entry.slots.contains(&slot) {
                        if let Some(free) = entry.slots.iter_mut().find(|s| **s == NO_SLOT) {
                            *free = slot;
                        }
                    }
                }
                Leaf::Payload(rank) => entry.payload_rank = entry.payload_rank.min(rank),
            }
            return;
        }
        let child = if entry.child == NO_CHILD {
            entry.child = next as u16;
            next
        } else {
            usize::from(entry.child)
        };
        if child == next {
            self.tables.push(BTreeMap::new());
        }
        self.insert(child, rest, leaf);
    }

    /// The slot of `path` (relative to the payload or the top level),
    /// allocating it on first use.
    fn slot(&mut self, payload: bool, path: &str, at: &str) -> Result<u8, String> {
        let segments: Vec<&str> = path.split('.').collect();
        if segments.iter().any(|s| s.is_empty()) {
            return Err(format!(
                "{at}: `{path}` is not a field name or a dotted path (like `amount` or `amount.value`)"
            ));
        }
        if let Some(i) = self
            .slots
            .iter()
            .position(|(p, s)| *p == payload && s == path)
        {
            return Ok(i as u8);
        }
        if self.slots.len() >= MAX_SLOTS {
            return Err(format!(
                "{at}: the schema uses more than {MAX_SLOTS} different field names; rewind reads at most {MAX_SLOTS}"
            ));
        }
        let slot = self.slots.len() as u8;
        self.slots.push((payload, path.to_owned()));
        if payload {
            self.payload_mask |= 1 << slot;
            self.insert(PAYLOAD, &segments, &Leaf::Slot(slot));
        }
        // A record without a payload object is its own payload, so payload
        // fields are looked for at the top level too.
        self.insert(TOP, &segments, &Leaf::Slot(slot));
        Ok(slot)
    }

    fn field(&mut self, payload: bool, paths: &Paths, at: &str) -> Result<Field, String> {
        let mut field = Field {
            slots: Vec::new(),
            label: paths.0.first().cloned().unwrap_or_default(),
        };
        for path in &paths.0 {
            let slot = self.slot(payload, path, at)?;
            if !field.slots.contains(&slot) {
                field.slots.push(slot);
            }
        }
        Ok(field)
    }

    fn amount(&mut self, spec: &AmountSpec, at: &str) -> Result<Amount, String> {
        if let Some(units) = spec.minor_units {
            if units > 28 {
                return Err(format!(
                    "{at}.minor_units: at most 28 (decimal places a balance can hold), got {units}"
                ));
            }
        }
        Ok(Amount {
            field: self.field(true, &spec.field, at)?,
            minor_units: spec.minor_units,
            required: false,
        })
    }

    fn finish(self) -> (Vec<Table>, u64, Vec<(bool, String)>) {
        let tables = self.tables.into_iter().map(KeyMap::new).collect();
        (tables, self.payload_mask, self.slots)
    }
}

fn compile(file: SchemaFile, default_name: &str) -> Result<Schema, String> {
    let env = &file.envelope;
    let tagging = env.tagging.unwrap_or_default();
    let mut b = Builder::new();
    file.source.check()?;
    if file.types.is_empty() {
        return Err("types: the schema names no event types".into());
    }
    if env.event_type.is_none() && tagging != Tagging::External {
        return Err(
            "envelope.type: missing: which field holds the event type (or set tagging = \"external\")"
                .into(),
        );
    }
    if tagging == Tagging::External && env.payload.is_none() {
        return Err(
            "envelope.tagging: \"external\" needs envelope.payload, the field holding {\"TypeName\": {…}}"
                .into(),
        );
    }
    let also = env.also_in_payload.clone().unwrap_or_default();
    // Envelope fields: at the top level (then in the payload, when listed
    // in also_in_payload); the type inside the payload when internally
    // tagged.
    let envelope_field =
        |b: &mut Builder, which: EnvelopeField, paths: &Option<Paths>, at: &str| {
            let Some(paths) = paths else {
                return Ok(Field::default());
            };
            let internal = which == EnvelopeField::Type && tagging == Tagging::Internal;
            let mut field = b.field(internal, paths, at)?;
            if also.contains(&which) && !internal {
                let more = b.field(true, paths, at)?;
                field.slots.extend(more.slots);
            }
            Ok::<Field, String>(field)
        };
    let event_type = envelope_field(
        &mut b,
        EnvelopeField::Type,
        &env.event_type,
        "envelope.type",
    )?;
    let account = envelope_field(
        &mut b,
        EnvelopeField::Account,
        &env.account,
        "envelope.account",
    )?;
    let timestamp = envelope_field(
        &mut b,
        EnvelopeField::Timestamp,
        &env.timestamp,
        "envelope.timestamp",
    )?;
    let id = envelope_field(&mut b, EnvelopeField::Id, &env.id, "envelope.id")?;
    let sequence = envelope_field(
        &mut b,
        EnvelopeField::Sequence,
        &env.sequence,
        "envelope.sequence",
    )?;
    let version = envelope_field(
        &mut b,
        EnvelopeField::Version,
        &env.version,
        "envelope.version",
    )?;
    if let Some(payload) = &env.payload {
        for (rank, path) in payload.0.iter().enumerate() {
            let segments: Vec<&str> = path.split('.').collect();
            if segments.iter().any(|s| s.is_empty()) {
                return Err(format!(
                    "envelope.payload: `{path}` is not a field name or a dotted path"
                ));
            }
            let rank = u8::try_from(rank).unwrap_or(NO_RANK - 1).min(NO_RANK - 1);
            b.insert(TOP, &segments, &Leaf::Payload(rank));
        }
    }
    let mut rules = Vec::with_capacity(file.types.len());
    if file.types.len() > usize::from(u16::MAX) {
        return Err("types: more than 65535 event types".into());
    }
    for (index, (name, spec)) in file.types.iter().enumerate() {
        rules.push(rule(&mut b, name, spec, index as u16)?);
    }
    let types = KeyMap::new(
        rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.name.clone(), i as u16)),
    );
    let policies = policies(&file.diagnostics)?;
    let limits = limits(&file.rules)?;
    let (tables, payload_mask, slot_paths) = b.finish();
    Ok(Schema {
        name: file.name.clone().unwrap_or_else(|| default_name.to_owned()),
        description: file.description.clone().unwrap_or_default(),
        default: false,
        tables,
        payload_mask,
        slot_paths,
        tagging,
        event_type,
        account,
        timestamp,
        id,
        sequence,
        version,
        time_format: env.timestamp_format.unwrap_or_default(),
        types,
        rules,
        policies,
        limits,
        csv: file.format == Some(LogFormat::Csv),
        implicit_open: file.rules.implicit_open.unwrap_or(false),
        source: file.source.clone(),
    })
}

/// The `[rules]` table's balance limits.
fn limits(rules: &RulesFile) -> Result<Limits, String> {
    let decimal = |key: &str, text: &Option<String>| {
        text.as_deref()
            .map(|t| {
                parse_decimal(t).map_err(|_| {
                    format!(
                        "rules.{key}: `{t}` is not a decimal number (like \"0\" or \"-500.00\")"
                    )
                })
            })
            .transpose()
    };
    let min = decimal("min_balance", &rules.min_balance)?.unwrap_or(Decimal::ZERO);
    let max = decimal("max_balance", &rules.max_balance)?;
    if matches!(max, Some(max) if max < min) {
        return Err(format!("rules.max_balance: below min_balance ({min})"));
    }
    Ok(Limits { min, max })
}

/// The `[diagnostics]` table: a policy per code, the others by default.
fn policies(table: &BTreeMap<String, String>) -> Result<Policies, String> {
    let mut policies = Policies::default();
    for (key, value) in table {
        let code = Code::parse(key).ok_or_else(|| {
            format!("diagnostics.{key}: unknown diagnostic code `{key}` (the codes are in the README's diagnostics table)")
        })?;
        let policy = Policy::parse(value).ok_or_else(|| {
            format!("diagnostics.{key}: unknown policy `{value}`, expected one of `error`, `warning`, `off`, `reject`")
        })?;
        policies.set(code, policy);
    }
    Ok(policies)
}

fn rule(b: &mut Builder, name: &str, spec: &TypeFile, index: u16) -> Result<Rule, String> {
    let at = format!("types.{name}");
    let effect = spec.effect;
    let given: [(&str, bool); 12] = [
        ("refers_to", spec.refers_to.is_some()),
        ("refers_to_effects", spec.refers_to_effects.is_some()),
        ("then", spec.then.is_some()),
        ("amount", spec.amount.is_some()),
        ("to", spec.to.is_some()),
        ("initial_balance", spec.initial_balance.is_some()),
        ("owner", spec.owner.is_some()),
        ("currency", spec.currency.is_some()),
        ("balance", spec.balance.is_some()),
        ("recorded_balance", spec.recorded_balance.is_some()),
        ("min_balance", spec.min_balance.is_some()),
        ("max_balance", spec.max_balance.is_some()),
    ];
    let takes: &[&str] = match effect {
        EffectKind::Open => &[
            "initial_balance",
            "owner",
            "currency",
            "min_balance",
            "max_balance",
            "recorded_balance",
        ],
        EffectKind::Credit | EffectKind::Debit => &["amount", "currency", "recorded_balance"],
        EffectKind::Transfer => &["amount", "to", "currency", "recorded_balance"],
        EffectKind::Close | EffectKind::Freeze | EffectKind::Unfreeze | EffectKind::Ignore => {
            &["currency", "recorded_balance"]
        }
        EffectKind::SetBalance => &["balance", "currency", "recorded_balance"],
        EffectKind::Hold | EffectKind::Release => {
            &["refers_to", "refers_to_effects", "recorded_balance"]
        }
        EffectKind::Reverse => &["refers_to", "refers_to_effects", "then", "recorded_balance"],
    };
    for (key, present) in given {
        if present && !takes.contains(&key) {
            return Err(format!(
                "{at}: `{key}` does not apply to effect `{}` (it takes {})",
                effect.as_str(),
                takes
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    fn needs<'s>(
        what: &'s Option<AmountSpec>,
        at: &str,
        effect: EffectKind,
        key: &str,
        meaning: &str,
    ) -> Result<&'s AmountSpec, String> {
        what.as_ref().ok_or_else(|| {
            format!(
                "{at}: effect `{}` needs `{key}` ({meaning})",
                effect.as_str()
            )
        })
    }
    let amount_of =
        |b: &mut Builder, spec: &AmountSpec, key: &str| b.amount(spec, &format!("{at}.{key}"));
    // An amount field the effect cannot do without.
    let required = |b: &mut Builder, what: &Option<AmountSpec>, key: &str, meaning: &str| {
        amount_of(b, needs(what, &at, effect, key, meaning)?, key)
    };
    let currency = match &spec.currency {
        Some(p) => Some(b.field(true, p, &format!("{at}.currency"))?),
        None => None,
    };
    let (currency, change_currency) = match effect {
        EffectKind::Open => (currency, None),
        _ => (None, currency),
    };
    let effect = match effect {
        EffectKind::Open => EffectFields::Open {
            initial_balance: match &spec.initial_balance {
                Some(s) => Some(Amount {
                    required: s.required,
                    ..amount_of(b, &s.amount, "initial_balance")?
                }),
                None => None,
            },
            owner: match &spec.owner {
                Some(p) => Some(b.field(true, p, &format!("{at}.owner"))?),
                None => None,
            },
            currency,
            min_balance: match &spec.min_balance {
                Some(s) => Some(amount_of(b, s, "min_balance")?),
                None => None,
            },
            max_balance: match &spec.max_balance {
                Some(s) => Some(amount_of(b, s, "max_balance")?),
                None => None,
            },
        },
        EffectKind::Credit | EffectKind::Debit => {
            let amount = required(b, &spec.amount, "amount", "the field holding the amount")?;
            if matches!(spec.effect, EffectKind::Credit) {
                EffectFields::Credit { amount }
            } else {
                EffectFields::Debit { amount }
            }
        }
        EffectKind::Transfer => {
            let amount = required(b, &spec.amount, "amount", "the field holding the amount")?;
            let to = spec.to.as_ref().ok_or_else(|| {
                format!("{at}: effect `transfer` needs `to` (the field holding the target account)")
            })?;
            EffectFields::Transfer {
                amount,
                to: b.field(true, to, &format!("{at}.to"))?,
            }
        }
        EffectKind::Close => EffectFields::Close,
        EffectKind::Freeze => EffectFields::Freeze,
        EffectKind::Unfreeze => EffectFields::Unfreeze,
        EffectKind::SetBalance => EffectFields::SetBalance {
            balance: required(
                b,
                &spec.balance,
                "balance",
                "the field whose value becomes the balance",
            )?,
        },
        EffectKind::Ignore => EffectFields::Ignore,
        kind @ (EffectKind::Hold | EffectKind::Release | EffectKind::Reverse) => {
            let refers_to = spec.refers_to.as_ref().ok_or_else(|| {
                format!(
                    "{at}: effect `{}` needs `refers_to` (the field holding the id of the earlier event it refers to)",
                    kind.as_str()
                )
            })?;
            let effects = match &spec.refers_to_effects {
                None => KindSet::of(EffectKind::Credit),
                Some(list) => referable(list, &at)?,
            };
            EffectFields::Refer {
                kind,
                refers_to: b.field(true, refers_to, &format!("{at}.refers_to"))?,
                effects,
                freeze: spec.then == Some(Then::Freeze),
            }
        }
    };
    let recorded_balance = match &spec.recorded_balance {
        Some(s) => Some(amount_of(b, s, "recorded_balance")?),
        None => None,
    };
    Ok(Rule {
        name: name.to_owned(),
        index,
        effect,
        recorded_balance,
        currency: change_currency,
    })
}
