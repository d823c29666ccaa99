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
mod compiled;
mod fields;
pub mod file;
pub mod key_table;
mod load;
mod read;
mod rule;
mod source;

pub use compiled::Schema;
pub use fields::{Amount, Field, MAX_SLOTS};
pub(crate) use fields::{Entry, Table, NO_CHILD, NO_RANK, NO_SLOT, PAYLOAD, TOP};
pub use file::{Syntax, Tagging};
pub use key_table::KeyMap;
pub use load::{Preset, SchemaError, PRESETS};
pub use read::{line_of, read_toml};
pub use rule::{EffectFields, Rule};
pub use source::SourceTable;

#[cfg(test)]
mod tests;
