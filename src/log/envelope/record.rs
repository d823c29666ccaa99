//! A decoded record: where the value of each field the schema names is in
//! the record's text, and that value read back as raw JSON text.

use crate::log::scan;
use crate::schema::{Field, Schema, MAX_SLOTS};
use std::borrow::Cow;

/// The raw JSON text of a value, borrowed from the log: a string with its
/// quotes and escapes, a number as written, an object as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raw<'a> {
    pub(super) text: &'a str,
    /// A string with escapes (the scanner saw them; nobody looks again).
    pub(super) escaped: bool,
}

impl<'a> Raw<'a> {
    #[inline]
    pub fn get(&self) -> &'a str {
        self.text
    }
}

/// Where a field's raw value is in the record. Kept as offsets so that an
/// envelope is small and cheap to move.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Span {
    pub(super) start: u32,
    pub(super) len: u32,
}

/// One decoded record: the raw text of every field the schema names that
/// the record has.
#[derive(Debug, Clone)]
pub struct Envelope<'a> {
    pub(super) text: &'a str,
    pub(super) schema: &'a Schema,
    /// Which slots hold a value (bit i: `spans[i]`).
    pub(super) found: u64,
    /// Which slots hold a string with escapes.
    pub(super) escaped: u64,
    pub(super) spans: [Span; MAX_SLOTS],
    /// An externally tagged payload's tag: its key, or the string that is
    /// the whole payload (a variant without fields); and whether it has
    /// escapes.
    pub(super) tag: Option<(Span, bool)>,
    /// Empty, or, for a payload held as a JSON string (see
    /// [`super::text_payload`]), the record's text followed by the object
    /// the string holds: then every span counts from its start.
    pub(super) owned: String,
}

/// A JSON value read as text for an identifier: strings as they are, numbers
/// as written. `None` for `null`, booleans, arrays and objects.
#[inline]
pub fn text_of(raw: Raw<'_>) -> Option<Cow<'_, str>> {
    let text = raw.get();
    match text.as_bytes().first()? {
        b'"' => string_of(raw),
        b'-' | b'0'..=b'9' => Some(Cow::Borrowed(text)),
        _ => None,
    }
}

/// A JSON string's contents, borrowed when it has no escapes.
#[inline]
pub fn string_of(raw: Raw<'_>) -> Option<Cow<'_, str>> {
    let text = raw.get();
    if !text.starts_with('"') {
        return None;
    }
    Some(scan::unescape(text, raw.escaped))
}

impl<'a> Envelope<'a> {
    /// The schema the record was decoded with.
    pub fn schema(&self) -> &'a Schema {
        self.schema
    }

    /// The text the spans count from.
    #[inline(always)]
    fn text(&self) -> &str {
        if self.owned.is_empty() {
            self.text
        } else {
            &self.owned
        }
    }

    #[inline]
    fn raw(&self, span: Span, escaped: bool) -> Raw<'_> {
        let start = span.start as usize;
        Raw {
            text: &self.text()[start..start + span.len as usize],
            escaped,
        }
    }

    #[inline]
    fn slot(&self, slot: u8) -> Option<Raw<'_>> {
        (slot < 64 && self.found >> slot & 1 == 1).then(|| {
            let escaped = self.escaped >> slot & 1 == 1;
            self.raw(self.spans[usize::from(slot)], escaped)
        })
    }

    /// A field's value: the first of its names the record has.
    #[inline]
    pub fn field(&self, field: &Field) -> Option<Raw<'_>> {
        field.slots.iter().find_map(|&slot| self.slot(slot))
    }

    /// The value of a payload field by its path (in the payload object, or
    /// at the top level of a flat record), if the schema uses that path.
    pub fn payload_field(&self, path: &str) -> Option<Raw<'_>> {
        self.slot(self.schema.payload_slot(path)?)
    }

    /// The event type: an externally tagged payload's tag first, else the
    /// envelope's type field.
    #[inline]
    pub fn event_type(&self) -> Option<Raw<'_>> {
        self.tag
            .map(|(t, escaped)| self.raw(t, escaped))
            .or_else(|| self.field(&self.schema.event_type))
    }
    #[inline]
    pub fn account(&self) -> Option<Raw<'_>> {
        self.field(&self.schema.account)
    }
    #[inline]
    pub fn timestamp(&self) -> Option<Raw<'_>> {
        self.field(&self.schema.timestamp)
    }
    #[inline]
    pub fn id(&self) -> Option<Raw<'_>> {
        self.field(&self.schema.id)
    }
    #[inline]
    pub fn seq(&self) -> Option<Raw<'_>> {
        self.field(&self.schema.sequence)
    }
    #[inline]
    pub fn version(&self) -> Option<Raw<'_>> {
        self.field(&self.schema.version)
    }
}
