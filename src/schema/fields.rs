//! Where a schema's fields are: the slots a record's values are kept in,
//! the key table entries that fill them, and a field's slots in priority
//! order.

use super::key_table::KeyMap;

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
    /// An opening balance the schema requires: an opening without it is
    /// `missing_field` rather than an opening at 0. (Every other amount an
    /// effect reads is required anyway.)
    pub required: bool,
}
