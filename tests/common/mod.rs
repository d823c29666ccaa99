//! Shared by the integration tests: the slow, obvious replay that the
//! index is checked against.

#![allow(dead_code)]

use rewind::domain::{Event, Ledger};
use rewind::log::{records, Envelope};
use std::collections::HashMap;

/// Replays the first `n` events from scratch, the slow obvious way, with
/// ids kept as plain strings.
pub fn replay(log: &[u8], n: u32) -> Ledger {
    let mut ledger = Ledger::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for record in records::split(log) {
        if ledger.position() == n {
            break;
        }
        if record.junk.is_some() {
            continue;
        }
        if let Ok(env) = Envelope::decode(record.bytes(log)) {
            let event = Event::from_envelope(&env);
            let id = event.meta.id.as_deref().map(str::to_owned);
            let duplicate_of = match (&id, &event.action) {
                (Some(id), Ok(_)) => seen.get(id).copied(),
                _ => None,
            };
            let outcome = ledger.apply(&event, duplicate_of);
            if let (Some(id), false, None) = (id, outcome.has_error(), duplicate_of) {
                seen.entry(id).or_insert(ledger.position());
            }
        }
    }
    ledger
}
