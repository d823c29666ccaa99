//! Shared by the integration tests: the slow, obvious replay that the
//! index is checked against.

#![allow(dead_code)]

use proptest::prelude::*;
use rewind::domain::Ledger;
use rewind::log::Source;
use rewind::log::{records, Envelope};
use rewind::replay::{Index, LoadOptions};
use rewind::schema::Schema;
use std::collections::HashMap;
use std::sync::Arc;

/// The index of a log held in memory, loaded as the debugger loads one.
pub fn index(log: &[u8]) -> Index {
    let source = Arc::new(Source::memory(log.to_vec()));
    rewind::replay::load(&source, &LoadOptions::default()).unwrap()
}

/// Replays the first `n` events from scratch, the slow obvious way, with
/// ids kept as plain strings.
pub fn replay(log: &[u8], n: u32) -> Ledger {
    replay_with(log, n, &Schema::bank())
}

/// [`replay`], read with `schema` (its vocabulary, policies and limits).
pub fn replay_with(log: &[u8], n: u32, schema: &Schema) -> Ledger {
    let mut ledger = Ledger::with_policies(*schema.policies())
        .with_limits(*schema.limits())
        .with_rules(schema.has_holds(), schema.implicit_open());
    let mut seen: HashMap<String, u32> = HashMap::new();
    for record in records::split(log) {
        if ledger.position() == n {
            break;
        }
        if record.junk.is_some() {
            continue;
        }
        if let Ok(env) = Envelope::decode_with(record.bytes(log), schema) {
            let event = rewind::log::event_of(&env);
            let id = event.meta.id.as_deref().map(str::to_owned);
            let duplicate_of = match (&id, &event.effect) {
                (Some(id), Ok(_)) => seen.get(id).copied(),
                _ => None,
            };
            let outcome = ledger.apply(&event, duplicate_of);
            if let (Some(id), true, None) = (id, outcome.counts_id(), duplicate_of) {
                seen.entry(id).or_insert(ledger.position());
            }
        }
    }
    ledger
}

/// For every N, the index seeked to N holds exactly what replaying events
/// 1..N from scratch gives, account by account.
pub fn seek_equals_replay_at_every_event(index: &Index, log: &[u8]) -> Result<(), TestCaseError> {
    for n in 0..=index.len() {
        let ledger = replay_with(log, n, index.schema());
        let seeked = index.state_at(n);
        prop_assert_eq!(seeked.len(), ledger.account_count(), "accounts at {}", n);
        for (view, (name, account)) in seeked.iter().zip(ledger.accounts()) {
            prop_assert_eq!(view.name, name);
            prop_assert_eq!(view.balance, account.balance, "{} at {}", name, n);
            prop_assert_eq!(view.held, account.held, "held of {} at {}", name, n);
            prop_assert_eq!(view.status, account.status);
            prop_assert_eq!(view.owner, account.owner.as_deref());
            prop_assert_eq!(view.currency, account.currency.as_deref());
            prop_assert_eq!(view.events, account.events);
        }
    }
    Ok(())
}
