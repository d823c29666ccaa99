//! What the screen shows about the event under the cursor, worked out once
//! when the cursor moves and then only read: the views draw it every frame
//! without going back to the log.

use super::format::{Amount, EventInfo};
use super::record;
use crate::domain::ledger::AccountIx;
use crate::log::Source;
use crate::replay::{flags, Index};

/// How much of a record the detail pane shows: a record can be any size (a
/// 100 MB line), and drawing a frame should cost the same for any record.
pub const SHOWN: usize = 64 * 1024;

/// The event under the cursor, as every pane shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// The event it is about (0: before the first event, where there is
    /// nothing to read).
    pub n: u32,
    /// Where the event's record starts in the log: with `n`, what says
    /// whether the snapshot is still about the record under the cursor.
    offset: Option<u64>,
    /// The physical line the record starts on.
    pub line: Option<u64>,
    /// The event decoded for display; `None` when it cannot be decoded.
    pub info: Option<EventInfo>,
    /// The record's text, up to [`SHOWN`] bytes of it.
    pub record: Option<Record>,
    /// The accounts whose state the event changed: its account, then a
    /// transfer's target.
    pub touched: Vec<AccountIx>,
    /// The account the event is about: the first it touched, else its
    /// account by name, if that account exists.
    pub about: Option<AccountIx>,
}

/// The start of a record, as text, and how long the whole record is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub text: String,
    pub len: usize,
}

impl Snapshot {
    /// Event `n`: its record read once and decoded once.
    pub fn of(index: &Index, source: &Source, n: u32) -> Snapshot {
        let mut snapshot = Snapshot {
            n,
            offset: index.offset(n),
            ..Snapshot::default()
        };
        if n == 0 {
            return snapshot;
        }
        snapshot.line = index.line_of(source, n);
        let Some(bytes) = record::bytes(index, source, n) else {
            return snapshot;
        };
        snapshot.record = Some(Record {
            text: String::from_utf8_lossy(&bytes[..bytes.len().min(SHOWN)]).into_owned(),
            len: bytes.len(),
        });
        let Some(info) = record::decode(index, n, &bytes) else {
            return snapshot;
        };
        if index.flags(n) & flags::APPLIED != 0 {
            let target = match &info.amount {
                Amount::Transfer { to, .. } => Some(to.as_str()),
                _ => None,
            };
            for name in std::iter::once(info.account.as_str()).chain(target) {
                if let Some(ix) = index.lookup(name) {
                    if !snapshot.touched.contains(&ix)
                        && index.account_events(ix).binary_search(&n).is_ok()
                    {
                        snapshot.touched.push(ix);
                    }
                }
            }
        }
        snapshot.info = Some(info);
        snapshot.resolve(index);
        snapshot
    }

    /// Whether this is already event `n` of `index` (so reading it again
    /// would read the same record).
    pub fn is_of(&self, index: &Index, n: u32) -> bool {
        self.n == n && self.offset == index.offset(n)
    }

    /// Looks for the event's account again if it was not found: a log still
    /// loading may name it only further on.
    pub fn resolve(&mut self, index: &Index) {
        if self.about.is_none() {
            self.about = self.touched.first().copied().or_else(|| {
                let info = self.info.as_ref()?;
                index.lookup(&info.account)
            });
        }
    }
}

/// The event list's rows in sight, decoded by `update` when they came into
/// sight (see `update::in_sight`), so that drawing a frame decodes nothing
/// and a row that stays in sight (a 100 MB record next to the cursor) is
/// decoded once. The cursor's own row is in the [`Snapshot`].
#[derive(Debug, Clone, Default)]
pub struct InSight {
    /// Ascending by event; `None` for a record that cannot be decoded.
    rows: Vec<(u32, Option<EventInfo>)>,
}

impl InSight {
    /// Event `n`'s row if it was decoded: `Some(None)` when it cannot be.
    pub fn get(&self, n: u32) -> Option<Option<&EventInfo>> {
        let k = self.rows.binary_search_by_key(&n, |row| row.0).ok()?;
        Some(self.rows[k].1.as_ref())
    }

    /// Keeps `events` (ascending) decoded, but for N = 0 and the cursor's:
    /// those already decoded are kept, the others read and decoded now.
    pub fn refresh(
        &mut self,
        index: &Index,
        source: &Source,
        events: impl Iterator<Item = u32>,
        cursor: u32,
    ) {
        let mut old = std::mem::take(&mut self.rows).into_iter().peekable();
        for n in events.filter(|&n| n != 0 && n != cursor) {
            while old.next_if(|row| row.0 < n).is_some() {}
            let info = match old.next_if(|row| row.0 == n) {
                Some((_, info)) => info,
                None => record::info(index, source, n),
            };
            self.rows.push((n, info));
        }
    }
}
