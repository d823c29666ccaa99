//! Filling an envelope: one walk over a record's bytes with the validating
//! scanner, looking each key up in the schema's table for its level.

use super::passing::{Passing, Slots};
use super::record::{Envelope, Span};
use super::text_payload;
use crate::log::scan::{self, Key, Res, ScanError};
use crate::schema::{
    Entry, Schema, Table, Tagging, MAX_SLOTS, NO_CHILD, NO_RANK, NO_SLOT, PAYLOAD, TOP,
};

/// A walk over a record: the envelope being filled, and the best-ranked
/// payload location seen with its raw value.
struct Walk<'e, 'a, S: Slots> {
    env: &'e mut S,
    /// The address of the record, which spans count from.
    base: usize,
    payload: Option<(u8, &'a [u8])>,
}

/// Where `value`, a slice of the record at address `base`, is in it.
#[inline(always)]
fn span(base: usize, value: &[u8]) -> Span {
    Span {
        start: (value.as_ptr() as usize - base) as u32,
        len: value.len() as u32,
    }
}

impl<'a, S: Slots> Walk<'_, 'a, S> {
    #[inline(always)]
    fn apply(&mut self, entry: Entry, value: &'a [u8], escaped: bool, schema: &Schema) {
        if entry.slots[0] != NO_SLOT {
            let span = span(self.base, value);
            for slot in entry.slots {
                self.env.set(slot, span, escaped);
            }
        }
        if entry.payload_rank != NO_RANK
            && self
                .payload
                .is_none_or(|(rank, _)| entry.payload_rank <= rank)
        {
            self.payload = Some((entry.payload_rank, value));
        }
        if entry.child != NO_CHILD && value.first() == Some(&b'{') {
            // Already validated by the enclosing walk: this cannot fail.
            let _ = walk(value, usize::from(entry.child), schema, self);
        }
    }
}

/// A key's entry in a key table.
#[inline(always)]
fn lookup(keys: &Table, key: Key<'_>) -> Option<Entry> {
    if key.word != scan::NO_WORD {
        keys.get_word(key.raw.len() - 2, key.word)
    } else if key.escaped {
        keys.get(&key.text())
    } else {
        keys.get_bytes(key.raw.get(1..key.raw.len() - 1).unwrap_or_default())
    }
}

/// Walks the object `object` (a slice of the record) with key table `table`.
fn walk<'a, S: Slots>(
    object: &'a [u8],
    table: usize,
    schema: &Schema,
    state: &mut Walk<'_, 'a, S>,
) -> Result<(), ScanError> {
    let keys = &schema.tables[table];
    scan::object_with(object, |s, key| {
        let (value, escaped) = s.value()?;
        if let Some(entry) = lookup(keys, key) {
            state.apply(entry, value, escaped, schema);
        }
        Ok(())
    })
}

impl<'a> Envelope<'a> {
    /// Decodes one record with the default schema (`bank`). Fails when it
    /// is not JSON or not an object.
    pub fn decode(bytes: &'a [u8]) -> Result<Envelope<'a>, ScanError> {
        Envelope::decode_with(bytes, Schema::builtin())
    }

    /// Decodes one record with `schema`. Fails when it is not JSON or not
    /// an object.
    pub fn decode_with(bytes: &'a [u8], schema: &'a Schema) -> Result<Envelope<'a>, ScanError> {
        let mut env = Envelope::empty(schema);
        env.fill(bytes, None, &mut Passing::default())?;
        Ok(env)
    }

    pub(super) fn empty(schema: &'a Schema) -> Envelope<'a> {
        Envelope {
            text: "",
            schema,
            found: 0,
            escaped: 0,
            spans: [Span::default(); MAX_SLOTS],
            tag: None,
            owned: String::new(),
        }
    }

    #[inline]
    /// Walks `bytes` into the envelope, whose `found` and `escaped` are
    /// clear; `text` is the same bytes when the caller already knows them
    /// to be UTF-8. `inner` is where a payload is walked in passing (see
    /// [`Passing`]); what it holds is cleared before it is used.
    pub(super) fn fill(
        &mut self,
        bytes: &'a [u8],
        text: Option<&'a str>,
        inner: &mut Passing,
    ) -> Result<(), ScanError> {
        let schema = self.schema;
        if bytes.len() > u32::MAX as usize {
            return Err(match std::str::from_utf8(bytes) {
                Err(e) => ScanError {
                    at: e.valid_up_to(),
                    what: "invalid UTF-8",
                    not_object: false,
                    eof: false,
                },
                Ok(_) => ScanError {
                    at: 0,
                    what: "a record over 4 GiB",
                    not_object: false,
                    eof: false,
                },
            });
        }
        let base = bytes.as_ptr() as usize;
        // The payload object is walked while it is validated, into an
        // envelope of its own (the top level may yet name a better-ranked
        // payload, or none, and until the end it stands in for the payload
        // of a flat record). Externally tagged payloads are walked after.
        let eager = schema.tagging != Tagging::External;
        let mut walked: Option<&'a [u8]> = None;
        let mut state = Walk {
            env: self,
            base,
            payload: None,
        };
        let keys = &schema.tables[TOP];
        scan::object_with(bytes, |s, key| -> Res<()> {
            let entry = lookup(keys, key);
            let Some(entry) = entry else {
                s.value()?;
                return Ok(());
            };
            if eager
                && entry.payload_rank != NO_RANK
                && entry.child == NO_CHILD
                && state
                    .payload
                    .is_none_or(|(rank, _)| entry.payload_rank <= rank)
                && s.at_object()
            {
                inner.clear();
                let mut sub = Walk {
                    env: &mut *inner,
                    base,
                    payload: None,
                };
                let payload_keys = &schema.tables[PAYLOAD];
                let value = s.members(|s, key| {
                    let (value, escaped) = s.value()?;
                    if let Some(entry) = lookup(payload_keys, key) {
                        sub.apply(entry, value, escaped, schema);
                    }
                    Ok(())
                })?;
                walked = Some(value);
                state.apply(entry, value, false, schema);
            } else {
                let (value, escaped) = s.value()?;
                state.apply(entry, value, escaped, schema);
            }
            Ok(())
        })?;
        let payload = state.payload;
        // A payload that is not an object is as good as none, unless it is
        // a string that holds one (see `text_payload`) or an externally
        // tagged variant's name.
        let mut tag: Option<(&'a [u8], bool)> = None;
        let mut held_tag = None;
        match payload {
            Some((_, payload)) if payload.first() == Some(&b'{') => {
                // The top level stood in for the payload until now.
                state.env.found &= !schema.payload_mask;
                state.env.escaped &= !schema.payload_mask;
                if schema.tagging == Tagging::External {
                    let mut body = None;
                    scan::object_with(payload, |s, key| {
                        let (value, _) = s.value()?;
                        if tag.is_none() {
                            tag = Some((key.raw, key.escaped));
                            body = Some(value);
                        }
                        Ok(())
                    })?;
                    if let Some(body) = body.filter(|b| b.first() == Some(&b'{')) {
                        walk(body, PAYLOAD, schema, &mut state)?;
                    }
                } else if walked.is_some_and(|w| std::ptr::eq(w, payload)) && !inner.full {
                    inner.fill(state.env);
                } else {
                    walk(payload, PAYLOAD, schema, &mut state)?;
                }
            }
            Some((_, payload)) if payload.first() == Some(&b'"') => {
                match text_payload::object_in(payload) {
                    Some(object) => {
                        let record = text.map_or_else(|| utf8(bytes), Ok)?;
                        held_tag = state.env.fill_held(record, &object)?;
                    }
                    None if schema.tagging == Tagging::External => {
                        state.env.found &= !schema.payload_mask;
                        state.env.escaped &= !schema.payload_mask;
                        tag = Some((payload, payload.contains(&b'\\')));
                    }
                    None => {}
                }
            }
            _ => {}
        }
        // The scan accepted the record, and it accepts only UTF-8 (it
        // checks every run of non-ASCII bytes in passing), so this check
        // cannot fail; it is only made when no caller checked the record's
        // whole batch already. Spans start and end at ASCII delimiters, so
        // slicing this text at them is on character boundaries.
        self.text = match text {
            Some(text) => text,
            None => utf8(bytes)?,
        };
        self.tag = held_tag.or_else(|| tag.map(|(t, escaped)| (span(base, t), escaped)));
        Ok(())
    }

    /// Fills the payload's fields from `object`, the object a payload held
    /// as a string holds, kept after `record`'s text in `owned` so that
    /// every span counts from one start. Returns an externally tagged
    /// payload's tag.
    #[cold]
    #[inline(never)]
    fn fill_held(&mut self, record: &str, object: &str) -> Result<Option<(Span, bool)>, ScanError> {
        let schema = self.schema;
        // The top level stood in for the payload until now.
        self.found &= !schema.payload_mask;
        self.escaped &= !schema.payload_mask;
        let mut owned = std::mem::take(&mut self.owned);
        owned.clear();
        owned.push_str(record);
        owned.push_str(object);
        let base = owned.as_ptr() as usize;
        let object = owned.as_bytes().get(record.len()..).unwrap_or_default();
        let mut state = Walk {
            env: &mut *self,
            base,
            payload: None,
        };
        let mut tag = None;
        if schema.tagging == Tagging::External {
            let mut body = None;
            scan::object_with(object, |s, key| {
                let (value, _) = s.value()?;
                if tag.is_none() {
                    tag = Some((span(base, key.raw), key.escaped));
                    body = Some(value);
                }
                Ok(())
            })?;
            if let Some(body) = body.filter(|b| b.first() == Some(&b'{')) {
                walk(body, PAYLOAD, schema, &mut state)?;
            }
        } else {
            walk(object, PAYLOAD, schema, &mut state)?;
        }
        self.owned = owned;
        Ok(tag)
    }
}

/// `bytes` as text; the scanner accepted them, so this cannot fail.
fn utf8(bytes: &[u8]) -> Result<&str, ScanError> {
    std::str::from_utf8(bytes).map_err(|e| ScanError {
        at: e.valid_up_to(),
        what: "invalid UTF-8",
        not_object: false,
        eof: false,
    })
}
