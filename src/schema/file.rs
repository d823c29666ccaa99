//! A schema file as written (TOML or JSON): plain serde structures, every
//! one with `deny_unknown_fields`, so that a misspelt key is an error that
//! names it. [`super::compile`] checks what serde cannot and builds the
//! lookup structures.

use crate::domain::time::TimeFormat;
use crate::domain::EffectKind;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaFile {
    pub name: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub envelope: EnvelopeFile,
    pub types: BTreeMap<String, TypeFile>,
    /// A policy per diagnostic code: `code = "error" | "warning" | "off" |
    /// "reject"` (checked when the schema is compiled).
    #[serde(default)]
    pub diagnostics: BTreeMap<String, String>,
    #[serde(default)]
    pub rules: RulesFile,
    /// How the log is written: JSON (the default) or CSV.
    pub format: Option<LogFormat>,
    /// Where a database keeps the rows (`[source]`).
    #[serde(default)]
    pub source: super::source::SourceTable,
}

/// A schema's `format`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// JSON Lines or a JSON array, told apart by the log's first byte.
    #[default]
    Json,
    /// A header row naming the columns, then one event per row.
    Csv,
}

/// What a `reverse` does after it (`then = "freeze"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Then {
    Freeze,
}

/// The domain's rules: the lowest and highest balance an account may
/// have, as decimal text (checked when the schema is compiled).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    pub min_balance: Option<String>,
    pub max_balance: Option<String>,
    /// An account first touched by any event is open.
    pub implicit_open: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeFile {
    #[serde(rename = "type")]
    pub event_type: Option<Paths>,
    pub account: Option<Paths>,
    pub timestamp: Option<Paths>,
    pub timestamp_format: Option<TimeFormat>,
    pub id: Option<Paths>,
    pub sequence: Option<Paths>,
    pub version: Option<Paths>,
    pub payload: Option<Paths>,
    pub tagging: Option<Tagging>,
    pub also_in_payload: Option<Vec<EnvelopeField>>,
}

/// How the payload says which event it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tagging {
    /// The type is an envelope field.
    #[default]
    None,
    /// The payload is `{"TypeName": {…fields…}}` (serde's default for
    /// enums), or `"TypeName"` for a variant without fields.
    External,
    /// The type field is inside the payload, beside the other fields.
    Internal,
}

/// The envelope fields `also_in_payload` can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnvelopeField {
    Type,
    Account,
    Timestamp,
    Id,
    Sequence,
    Version,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeFile {
    pub effect: EffectKind,
    pub amount: Option<AmountSpec>,
    pub to: Option<Paths>,
    pub initial_balance: Option<OpeningSpec>,
    pub owner: Option<Paths>,
    pub currency: Option<Paths>,
    pub balance: Option<AmountSpec>,
    pub recorded_balance: Option<AmountSpec>,
    /// An opening's own lowest balance allowed for its account.
    pub min_balance: Option<AmountSpec>,
    /// An opening's own highest balance allowed for its account.
    pub max_balance: Option<AmountSpec>,
    /// The field holding the id of the earlier event a `hold`, `release`
    /// or `reverse` refers to.
    pub refers_to: Option<Paths>,
    /// The effects an event referred to may have (default `["credit"]`).
    pub refers_to_effects: Option<Vec<EffectKind>>,
    /// What a `reverse` does after it.
    pub then: Option<Then>,
}

/// One field name or dotted path, or a list of them (the first present
/// wins).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths(pub Vec<String>);

impl<'de> Deserialize<'de> for Paths {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Paths, D::Error> {
        d.deserialize_any(PathsVisitor)
    }
}

struct PathsVisitor;

impl<'de> Visitor<'de> for PathsVisitor {
    type Value = Paths;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name, a dotted path, or a list of them")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Paths, E> {
        Ok(Paths(vec![v.to_owned()]))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Paths, A::Error> {
        let mut out = Vec::new();
        while let Some(path) = seq.next_element::<String>()? {
            out.push(path);
        }
        if out.is_empty() {
            return Err(de::Error::invalid_length(0, &self));
        }
        Ok(Paths(out))
    }
}

/// Where an amount is, and whether it is written in minor units (an
/// integer count of 10^-minor_units).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountSpec {
    pub field: Paths,
    pub minor_units: Option<u32>,
}

/// An opening balance: an amount, and whether an opening must have it
/// (`required = true`; else an opening without it opens at 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpeningSpec {
    pub amount: AmountSpec,
    pub required: bool,
}

impl<'de> Deserialize<'de> for AmountSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<AmountSpec, D::Error> {
        let (amount, _) = d.deserialize_any(AmountVisitor { keys: AMOUNT_KEYS })?;
        Ok(amount)
    }
}

impl<'de> Deserialize<'de> for OpeningSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<OpeningSpec, D::Error> {
        let (amount, required) = d.deserialize_any(AmountVisitor { keys: OPENING_KEYS })?;
        Ok(OpeningSpec { amount, required })
    }
}

/// Reads an amount, and `required` when `keys` has it.
struct AmountVisitor {
    keys: &'static [&'static str],
}

const AMOUNT_KEYS: &[&str] = &["field", "minor_units"];
const OPENING_KEYS: &[&str] = &["field", "minor_units", "required"];

impl<'de> Visitor<'de> for AmountVisitor {
    type Value = (AmountSpec, bool);
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a field name, a list of them, or a table {{ {} }}",
            self.keys.join(", ")
        )
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let field = PathsVisitor.visit_str(v)?;
        Ok((
            AmountSpec {
                field,
                minor_units: None,
            },
            false,
        ))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let field = PathsVisitor.visit_seq(seq)?;
        Ok((
            AmountSpec {
                field,
                minor_units: None,
            },
            false,
        ))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut field = None;
        let mut minor_units = None;
        let mut required = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "field" => field = Some(map.next_value::<Paths>()?),
                "minor_units" => minor_units = Some(map.next_value::<u32>()?),
                "required" if self.keys.contains(&"required") => {
                    required = map.next_value::<bool>()?;
                }
                other => return Err(de::Error::unknown_field(other, self.keys)),
            }
        }
        let field = field.ok_or_else(|| de::Error::missing_field("field"))?;
        Ok((AmountSpec { field, minor_units }, required))
    }
}

/// The syntax of a schema file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Json,
}

impl Syntax {
    /// By extension; otherwise JSON if it starts with `{`, else TOML.
    pub fn of(path: &Path, text: &str) -> Syntax {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Syntax::Json,
            Some(e) if e.eq_ignore_ascii_case("toml") => Syntax::Toml,
            _ if text.trim_start().starts_with('{') => Syntax::Json,
            _ => Syntax::Toml,
        }
    }
}
