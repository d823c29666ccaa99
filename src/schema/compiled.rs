//! A compiled schema: the key tables decoding walks, the envelope's fields,
//! and the vocabulary of event types.

use super::fields::{Field, Table};
use super::file::Tagging;
use super::key_table::KeyMap;
use super::rule::Rule;
use crate::domain::time::TimeFormat;
use crate::domain::{Limits, Policies};

/// A compiled schema.
#[derive(Debug, Clone)]
pub struct Schema {
    pub(super) name: String,
    pub(super) description: String,
    /// Whether this is the built-in default (`bank`, not asked for).
    pub(super) default: bool,
    /// Tables of keys per object level: [`TOP`](super::fields::TOP), [`PAYLOAD`](super::fields::PAYLOAD), then the
    /// levels of dotted paths.
    pub(crate) tables: Vec<Table>,
    /// The slots that hold payload fields (cleared when a payload object is
    /// found, since a flat record's top level stood in for it until then).
    pub(crate) payload_mask: u64,
    /// Every slot's path and whether it is payload-relative.
    pub(super) slot_paths: Vec<(bool, String)>,
    pub(crate) tagging: Tagging,
    pub(crate) event_type: Field,
    pub(crate) account: Field,
    pub(crate) timestamp: Field,
    pub(crate) id: Field,
    pub(crate) sequence: Field,
    pub(crate) version: Field,
    pub(super) time_format: TimeFormat,
    pub(super) types: KeyMap<u16>,
    pub(super) rules: Vec<Rule>,
    /// What to do with each diagnostic code's findings (`[diagnostics]`).
    pub(super) policies: Policies,
    /// The balances an account may have (`[rules]`).
    pub(super) limits: Limits,
    /// Whether logs are CSV (`format = "csv"`).
    pub(super) csv: bool,
    /// `[rules] implicit_open`.
    pub(super) implicit_open: bool,
    /// Where a database keeps the rows (`[source]`).
    pub(super) source: super::source::SourceTable,
}

impl Schema {
    /// A schema that knows no field and no type.
    pub(super) fn empty() -> Schema {
        Schema {
            name: String::new(),
            description: String::new(),
            default: false,
            tables: vec![KeyMap::new([]), KeyMap::new([])],
            payload_mask: 0,
            slot_paths: Vec::new(),
            tagging: Tagging::None,
            event_type: Field::default(),
            account: Field::default(),
            timestamp: Field::default(),
            id: Field::default(),
            sequence: Field::default(),
            version: Field::default(),
            time_format: TimeFormat::Rfc3339,
            types: KeyMap::new([]),
            rules: Vec::new(),
            policies: Policies::default(),
            limits: Limits::default(),
            csv: false,
            implicit_open: false,
            source: super::source::SourceTable::default(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn description(&self) -> &str {
        &self.description
    }

    /// Whether this is the built-in default, in use because no schema was
    /// asked for.
    pub fn is_default(&self) -> bool {
        self.default
    }

    pub fn time_format(&self) -> TimeFormat {
        self.time_format
    }

    /// What to do with each diagnostic code's findings.
    /// Where a database keeps the rows (`[source]`).
    pub fn source(&self) -> &super::source::SourceTable {
        &self.source
    }

    /// The first path the account is read from (`aggregate_id`), and the
    /// time's (`metadata.time`): what `--account` and `--since` filter on
    /// in a database.
    pub fn account_path(&self) -> &str {
        &self.account.label
    }

    pub fn timestamp_path(&self) -> &str {
        &self.timestamp.label
    }

    pub fn policies(&self) -> &Policies {
        &self.policies
    }

    /// The balances an account may have.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Whether the schema reads CSV logs (`format = "csv"`).
    pub fn is_csv(&self) -> bool {
        self.csv
    }

    /// Whether an account first touched by any event is open.
    pub fn implicit_open(&self) -> bool {
        self.implicit_open
    }

    /// Whether a type refers to earlier events (`hold`, `release`,
    /// `reverse`): then accounts have held funds.
    pub fn has_holds(&self) -> bool {
        self.rules.iter().any(|r| r.effect.kind().refers())
    }

    pub fn tagging(&self) -> Tagging {
        self.tagging
    }

    /// The rule for an event type, if the vocabulary has it.
    #[inline]
    pub fn rule(&self, type_name: &str) -> Option<&Rule> {
        self.rule_index(type_name)
            .and_then(|i| self.rules.get(usize::from(i)))
    }

    /// The index among [`Schema::rules`] of an event type's rule.
    #[inline]
    pub fn rule_index(&self, type_name: &str) -> Option<u16> {
        self.types.get(type_name)
    }

    /// Every event type, in name order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The envelope field holding the event type (empty when only an
    /// external tag says it).
    pub fn event_type_field(&self) -> &Field {
        &self.event_type
    }

    /// The slot of a payload field by its path, if the schema uses it.
    pub fn payload_slot(&self, path: &str) -> Option<u8> {
        self.slot_paths
            .iter()
            .position(|(payload, p)| *payload && p == path)
            .map(|i| i as u8)
    }
}
