//! Schemas: which JSON fields of a log are the envelope (type, account,
//! time, id, sequence, version, payload) and what each event type does to
//! a balance. A schema is a short TOML or JSON file (see the README's
//! "Schemas"); the built-in vocabulary is the preset `bank`, written in the
//! same format and loaded the same way.
//!
//! A schema is read once and compiled into lookup structures that decoding
//! uses for every record: each field name a log may use gets a slot number,
//! and a [`KeyMap`] per JSON object level turns a key into the slots it
//! fills, so a record is still decoded in one pass over its bytes.

mod compile;
pub mod file;
pub mod key_table;

pub use file::Tagging;
pub use key_table::KeyMap;

use crate::domain::time::TimeFormat;
use crate::domain::EffectKind;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// Slots a record's fields are kept in (a `u64` says which are present).
pub const MAX_SLOTS: usize = 64;
pub(crate) const NO_SLOT: u8 = u8::MAX;
pub(crate) const NO_CHILD: u16 = u16::MAX;
pub(crate) const NO_RANK: u8 = u8::MAX;

/// What one key at one level of a record means: the slots its value fills,
/// the object of the next level of a dotted path, and its rank as a payload
/// location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub slots: [u8; 2],
    pub child: u16,
    pub payload_rank: u8,
}

impl Entry {
    pub(crate) const EMPTY: Entry = Entry {
        slots: [NO_SLOT; 2],
        child: NO_CHILD,
        payload_rank: NO_RANK,
    };
}

/// The keys of one JSON object level that mean something.
pub(crate) type Table = KeyMap<Entry>;

/// The record's top level.
pub(crate) const TOP: usize = 0;
/// The payload object's level.
pub(crate) const PAYLOAD: usize = 1;

/// A field: the slots of its names in priority order (the first present
/// wins), and the first name, for messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Field {
    pub(crate) slots: Vec<u8>,
    pub label: String,
}

impl Field {
    pub fn is_set(&self) -> bool {
        !self.slots.is_empty()
    }
}

/// An amount's field, and its scale when it is written in minor units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    pub field: Field,
    pub minor_units: Option<u32>,
}

/// Where the operands of what an event type does are: the fields each
/// effect reads, per effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EffectFields {
    Open {
        initial_balance: Option<Amount>,
        owner: Option<Field>,
        currency: Option<Field>,
    },
    Credit {
        amount: Amount,
    },
    Debit {
        amount: Amount,
    },
    Transfer {
        amount: Amount,
        to: Field,
    },
    Close,
    SetBalance {
        balance: Amount,
    },
    Ignore,
}

impl EffectFields {
    /// The effect these fields are the operands of.
    pub fn kind(&self) -> EffectKind {
        match self {
            EffectFields::Open { .. } => EffectKind::Open,
            EffectFields::Credit { .. } => EffectKind::Credit,
            EffectFields::Debit { .. } => EffectKind::Debit,
            EffectFields::Transfer { .. } => EffectKind::Transfer,
            EffectFields::Close => EffectKind::Close,
            EffectFields::SetBalance { .. } => EffectKind::SetBalance,
            EffectFields::Ignore => EffectKind::Ignore,
        }
    }
}

/// One event type of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub name: String,
    /// Its position among [`Schema::rules`].
    pub index: u16,
    /// What it does, and where its operands are.
    pub effect: EffectFields,
    /// The balance the writer recorded after the event, to compare with
    /// the replayed one.
    pub recorded_balance: Option<Amount>,
}

/// A compiled schema.
#[derive(Debug, Clone)]
pub struct Schema {
    name: String,
    description: String,
    /// Whether this is the built-in default (`bank`, not asked for).
    default: bool,
    /// Tables of keys per object level: [`TOP`], [`PAYLOAD`], then the
    /// levels of dotted paths.
    pub(crate) tables: Vec<Table>,
    /// The slots that hold payload fields (cleared when a payload object is
    /// found, since a flat record's top level stood in for it until then).
    pub(crate) payload_mask: u64,
    /// Every slot's path and whether it is payload-relative.
    slot_paths: Vec<(bool, String)>,
    pub(crate) tagging: Tagging,
    pub(crate) event_type: Field,
    pub(crate) account: Field,
    pub(crate) timestamp: Field,
    pub(crate) id: Field,
    pub(crate) sequence: Field,
    pub(crate) version: Field,
    time_format: TimeFormat,
    types: KeyMap<u16>,
    rules: Vec<Rule>,
}

/// A schema that ships with rewind.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    pub name: &'static str,
    /// The schema file.
    pub text: &'static str,
    /// The sample log shaped like that store's export.
    pub sample: &'static str,
}

/// The presets, the default first.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "bank",
        text: include_str!("../../schemas/bank.toml"),
        sample: "sample-logs/bank.jsonl",
    },
    Preset {
        name: "cqrs-es",
        text: include_str!("../../schemas/cqrs-es.toml"),
        sample: "sample-logs/cqrs-es.jsonl",
    },
    Preset {
        name: "kurrentdb",
        text: include_str!("../../schemas/kurrentdb.toml"),
        sample: "sample-logs/kurrentdb.json",
    },
    Preset {
        name: "marten",
        text: include_str!("../../schemas/marten.toml"),
        sample: "sample-logs/marten.jsonl",
    },
    Preset {
        name: "message-db",
        text: include_str!("../../schemas/message-db.toml"),
        sample: "sample-logs/message-db.jsonl",
    },
];

/// Why a schema cannot be used: where it came from and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// The file (or preset) as the user named it.
    pub source: String,
    pub message: String,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "schema {}: {}", self.source, self.message)
    }
}

impl std::error::Error for SchemaError {}

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

static BANK: OnceLock<Arc<Schema>> = OnceLock::new();

impl Schema {
    /// The default vocabulary, the preset `bank` (compiled once).
    pub fn bank() -> Arc<Schema> {
        Arc::clone(Schema::builtin_arc())
    }

    /// The default vocabulary, borrowed for the whole program.
    pub fn builtin() -> &'static Schema {
        Schema::builtin_arc()
    }

    fn builtin_arc() -> &'static Arc<Schema> {
        BANK.get_or_init(|| {
            // The embedded file compiles (a test says so); should it ever
            // not, every event would read as unknown rather than crash.
            let mut schema = Schema::compile_preset(&PRESETS[0]).unwrap_or_else(|_| Schema {
                name: "bank".into(),
                ..Schema::empty()
            });
            schema.default = true;
            Arc::new(schema)
        })
    }

    /// A schema that knows no field and no type.
    fn empty() -> Schema {
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
        }
    }

    fn compile_preset(preset: &Preset) -> Result<Schema, SchemaError> {
        Schema::parse(preset.text, Syntax::Toml, preset.name, preset.name)
    }

    /// A preset by name.
    pub fn preset(name: &str) -> Option<Result<Arc<Schema>, SchemaError>> {
        if name == PRESETS[0].name {
            return Some(Ok(Schema::bank()));
        }
        let preset = PRESETS.iter().find(|p| p.name == name)?;
        Some(Schema::compile_preset(preset).map(Arc::new))
    }

    /// What `--schema` names: a preset, else a schema file.
    pub fn load(arg: &str) -> Result<Arc<Schema>, SchemaError> {
        if let Some(preset) = Schema::preset(arg) {
            return preset;
        }
        let fail = |message: String| SchemaError {
            source: arg.to_owned(),
            message,
        };
        let path = Path::new(arg);
        let text = std::fs::read_to_string(path).map_err(|e| {
            fail(match e.kind() {
                std::io::ErrorKind::NotFound => format!(
                    "no such file, and no preset of that name (presets: {})",
                    PRESETS
                        .iter()
                        .map(|p| p.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                std::io::ErrorKind::PermissionDenied => "cannot read: permission denied".into(),
                std::io::ErrorKind::IsADirectory => "it is a directory, not a schema file".into(),
                std::io::ErrorKind::InvalidData => "cannot read: not UTF-8 text".into(),
                _ => format!("cannot read: {e}"),
            })
        })?;
        // An editor's byte-order mark is not part of the schema.
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let stem = path
            .file_stem()
            .map_or_else(|| arg.to_owned(), |s| s.to_string_lossy().into_owned());
        Schema::parse(text, Syntax::of(path, text), arg, &stem).map(Arc::new)
    }

    /// Reads and compiles a schema file's text. `source` names it in
    /// errors; `default_name` is its name unless it says one.
    pub fn parse(
        text: &str,
        syntax: Syntax,
        source: &str,
        default_name: &str,
    ) -> Result<Schema, SchemaError> {
        compile::parse(text, syntax, default_name).map_err(|message| SchemaError {
            source: source.to_owned(),
            message,
        })
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

#[cfg(test)]
mod tests;
