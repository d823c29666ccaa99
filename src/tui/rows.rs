//! The rows of the event list. Row 0 is always N = 0 (the empty state);
//! then either every event or only the focused account's. Nothing is
//! materialised for the unfiltered list, so ten million events cost nothing.

/// The event list's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows<'a> {
    /// Events 1..=T.
    All(u32),
    /// These events, ascending.
    Only(&'a [u32]),
}

impl Rows<'_> {
    /// Number of rows, including row 0 (so never zero).
    pub fn count(&self) -> usize {
        1 + match self {
            Rows::All(total) => *total as usize,
            Rows::Only(events) => events.len(),
        }
    }

    /// The event number shown on `row` (clamped to the last row).
    pub fn event(&self, row: usize) -> u32 {
        let row = row.min(self.count() - 1);
        match self {
            Rows::All(_) => row as u32,
            Rows::Only(events) => {
                if row == 0 {
                    0
                } else {
                    events[row - 1]
                }
            }
        }
    }

    /// The row of the last shown event at or before `n`.
    pub fn row_of(&self, n: u32) -> usize {
        match self {
            Rows::All(total) => n.min(*total) as usize,
            Rows::Only(events) => events.partition_point(|&e| e <= n),
        }
    }

    /// Whether event `n` has a row.
    pub fn contains(&self, n: u32) -> bool {
        match self {
            Rows::All(total) => n <= *total,
            Rows::Only(events) => n == 0 || events.binary_search(&n).is_ok(),
        }
    }

    /// The shown events strictly after `n` (forward) or strictly before it
    /// (backward, nearest first), not counting N = 0.
    pub fn beyond(&self, n: u32, forward: bool) -> Box<dyn Iterator<Item = u32> + '_> {
        match (*self, forward) {
            (Rows::All(total), true) => Box::new(n.saturating_add(1).max(1)..=total),
            (Rows::All(total), false) => Box::new((1..n.min(total + 1)).rev()),
            (Rows::Only(events), true) => Box::new(
                events[events.partition_point(|&e| e <= n)..]
                    .iter()
                    .copied(),
            ),
            (Rows::Only(events), false) => Box::new(
                events[..events.partition_point(|&e| e < n)]
                    .iter()
                    .rev()
                    .copied(),
            ),
        }
    }

    /// Every shown event after `n`, then wrapping round to those up to `n`
    /// (for searches that wrap), in the direction asked.
    pub fn wrapping(&self, n: u32, forward: bool) -> impl Iterator<Item = (u32, bool)> + '_ {
        let first = self.beyond(n, forward).map(|e| (e, false));
        let (wrap_from, wrap_to) = if forward {
            (0, n.saturating_add(1))
        } else {
            (u32::MAX, n.saturating_sub(1))
        };
        let second = self
            .beyond(wrap_from, forward)
            .take_while(move |&e| if forward { e < wrap_to } else { e > wrap_to })
            .map(|e| (e, true));
        first.chain(second)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_rows_are_event_numbers() {
        let rows = Rows::All(5);
        assert_eq!(rows.count(), 6);
        assert_eq!(rows.event(3), 3);
        assert_eq!(rows.event(99), 5);
        assert_eq!(rows.row_of(4), 4);
        assert_eq!(rows.beyond(3, true).collect::<Vec<_>>(), [4, 5]);
        assert_eq!(rows.beyond(3, false).collect::<Vec<_>>(), [2, 1]);
        assert_eq!(rows.beyond(0, true).count(), 5);
        assert_eq!(rows.beyond(5, true).count(), 0);
    }

    #[test]
    fn filtered_rows_keep_row_zero() {
        let events = [2, 5, 9];
        let rows = Rows::Only(&events);
        assert_eq!(rows.count(), 4);
        assert_eq!(rows.event(0), 0);
        assert_eq!(rows.event(2), 5);
        assert_eq!(rows.row_of(6), 2);
        assert_eq!(rows.row_of(1), 0);
        assert!(rows.contains(9) && rows.contains(0) && !rows.contains(3));
        assert_eq!(rows.beyond(5, true).collect::<Vec<_>>(), [9]);
        assert_eq!(rows.beyond(5, false).collect::<Vec<_>>(), [2]);
    }

    #[test]
    fn wrapping_visits_every_other_event_once() {
        let rows = Rows::All(4);
        let order: Vec<_> = rows.wrapping(2, true).collect();
        assert_eq!(order, [(3, false), (4, false), (1, true), (2, true)]);
        let back: Vec<_> = rows.wrapping(2, false).collect();
        assert_eq!(back, [(1, false), (4, true), (3, true), (2, true)]);
        let events = [2, 5, 9];
        let only = Rows::Only(&events);
        let order: Vec<_> = only.wrapping(5, true).map(|(e, _)| e).collect();
        assert_eq!(order, [9, 2, 5]);
    }
}
