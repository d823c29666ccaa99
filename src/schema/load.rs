//! Where schemas come from: the presets that ship with rewind (the default
//! `bank` among them) and schema files, read and compiled.

use super::compile;
use super::compiled::Schema;
use super::file::Syntax;
use std::path::Path;
use std::sync::{Arc, OnceLock};

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
    Preset {
        name: "payments",
        text: include_str!("../../schemas/payments.toml"),
        sample: "sample-logs/payments-engine.csv",
    },
];

/// Why a schema cannot be used: where it came from and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("schema {origin}: {message}")]
pub struct SchemaError {
    /// The file (or preset) as the user named it.
    pub origin: String,
    pub message: String,
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
            origin: arg.to_owned(),
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
            origin: source.to_owned(),
            message,
        })
    }
}
