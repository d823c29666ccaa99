//! Reading the log: the only place the TUI touches a record's bytes. Every
//! read goes through [`bytes`], so that a test can count them (see
//! `reads`).

use super::format::{info_of, EventInfo};
use crate::log::event_of;
use crate::log::{Envelope, Source};
use crate::replay::Index;

/// The raw record of event `n` (1-based), read back from the log; N = 0
/// has none.
pub fn bytes(index: &Index, source: &Source, n: u32) -> Option<Vec<u8>> {
    if n == 0 {
        return None;
    }
    #[cfg(test)]
    reads::note(n);
    index.record_bytes(source, n)
}

/// Event `n` decoded for display (a row of the event list); `None` for
/// N = 0, out of range, or a record that cannot be decoded.
pub fn info(index: &Index, source: &Source, n: u32) -> Option<EventInfo> {
    decode(index, n, &bytes(index, source, n)?)
}

/// Event `n`'s record, already read, decoded for display.
pub fn decode(index: &Index, n: u32, bytes: &[u8]) -> Option<EventInfo> {
    let env = Envelope::decode_with(bytes, index.schema()).ok()?;
    let event = event_of(&env);
    Some(info_of(n, &env, &event))
}

/// The records read on this thread, for tests that count them.
#[cfg(test)]
pub mod reads {
    use std::cell::RefCell;

    thread_local! {
        static READ: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
    }

    pub(super) fn note(n: u32) {
        READ.with(|read| read.borrow_mut().push(n));
    }

    /// The events whose records were read since the last call, in order.
    pub fn take() -> Vec<u32> {
        READ.with(|read| std::mem::take(&mut *read.borrow_mut()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::format::amount_text;
    use crate::tui::model::Model;

    #[test]
    fn the_sample_log_reads_as_open_deposit_withdraw() {
        let log = b"{\"type\":\"AccountOpened\",\"data\":{\"initial_balance\":1000}}\n{\"type\":\"MoneyWithdrawn\",\"data\":{\"amount\":200}}\n";
        let model = Model::from_log(log, "t".into(), 2);
        let event_info = |n| info(model.index(), &model.source, n);
        let first = event_info(1).unwrap();
        assert_eq!(first.type_name, "AccountOpened");
        assert_eq!(first.account, "default");
        assert_eq!(amount_text(&first.amount), "+1000");
        let second = event_info(2).unwrap();
        assert_eq!(amount_text(&second.amount), "−200");
        assert!(event_info(0).is_none());
    }
}
