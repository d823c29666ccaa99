//! What-if replay: events taken out of history. A [`Skips`] is a set of
//! event numbers (as the log is written); a load given one folds the log as
//! if those records had never been written, numbering every other event as
//! written (see `IndexBuilder::fold`).

use std::fmt;

/// Event numbers taken out of history, ascending and without repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skips {
    events: Vec<u32>,
}

impl Skips {
    /// The set of `events` (in any order, repeats allowed; 0 is dropped).
    pub fn of(events: impl IntoIterator<Item = u32>) -> Skips {
        let mut events: Vec<u32> = events.into_iter().filter(|&n| n > 0).collect();
        events.sort_unstable();
        events.dedup();
        Skips { events }
    }

    /// Parses `14,20-25` (event numbers and inclusive ranges, comma
    /// separated); the error says which part is wrong.
    pub fn parse(text: &str) -> Result<Skips, String> {
        let mut events = Vec::new();
        for part in text.split(',').map(str::trim) {
            let number = |s: &str| {
                s.trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or_else(|| format!("`{part}` is not an event number or a range like 20-25"))
            };
            match part.split_once('-') {
                Some((from, to)) => {
                    let (from, to) = (number(from)?, number(to)?);
                    if from > to {
                        return Err(format!("`{part}`: a range goes from the lower number"));
                    }
                    if to - from >= 10_000_000 {
                        return Err(format!("`{part}`: a range of more than 10,000,000 events"));
                    }
                    events.extend(from..=to);
                }
                None => events.push(number(part)?),
            }
        }
        Ok(Skips::of(events))
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether event `n` is taken out. (Asked of every event the fold
    /// takes in: without skips, one test of a length, inlined.)
    #[inline]
    pub fn contains(&self, n: u32) -> bool {
        !self.events.is_empty() && self.find(n)
    }

    #[inline(never)]
    fn find(&self, n: u32) -> bool {
        self.events.binary_search(&n).is_ok()
    }

    /// Takes event `n` out, or puts it back if it was out; returns whether
    /// it is out now.
    pub fn toggle(&mut self, n: u32) -> bool {
        match self.events.binary_search(&n) {
            Ok(i) => {
                self.events.remove(i);
                false
            }
            Err(i) => {
                self.events.insert(i, n);
                true
            }
        }
    }

    /// The events, ascending.
    pub fn events(&self) -> &[u32] {
        &self.events
    }

    /// The largest event number taken out.
    pub fn last(&self) -> Option<u32> {
        self.events.last().copied()
    }

    /// An error when an event taken out is beyond a log of `len` events.
    pub fn check_within(&self, len: u32) -> Result<(), String> {
        match self.last() {
            Some(n) if n > len => Err(format!(
                "--skip {n}: the log has {len} event{}",
                if len == 1 { "" } else { "s" }
            )),
            _ => Ok(()),
        }
    }
}

impl fmt::Display for Skips {
    /// The set as `--skip` takes it, runs written as ranges: `14,20-25`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut i = 0;
        let mut first = true;
        while let Some(&from) = self.events.get(i) {
            let mut j = i;
            while self.events.get(j + 1) == Some(&(self.events[j] + 1)) {
                j += 1;
            }
            if !first {
                f.write_str(",")?;
            }
            first = false;
            match j - i {
                0 => write!(f, "{from}")?,
                _ => write!(f, "{from}-{}", self.events[j])?,
            }
            i = j + 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numbers_and_ranges_and_writes_them_back() {
        let skips = Skips::parse("25, 14,20-24,14").unwrap();
        assert_eq!(skips.events(), [14, 20, 21, 22, 23, 24, 25]);
        assert_eq!(skips.to_string(), "14,20-25");
        assert!(skips.contains(21) && !skips.contains(19));
    }

    #[test]
    fn refuses_what_is_not_a_number_or_a_range() {
        for bad in ["", "x", "0", "3-1", "1-", "-4", "1,,2", "1-2-3"] {
            assert!(Skips::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Skips::parse("9").unwrap().check_within(8).unwrap_err(),
            "--skip 9: the log has 8 events"
        );
    }

    #[test]
    fn toggling_takes_out_and_puts_back() {
        let mut skips = Skips::default();
        assert!(skips.toggle(5));
        assert!(skips.toggle(2));
        assert_eq!(skips.events(), [2, 5]);
        assert!(!skips.toggle(5));
        assert_eq!(skips.events(), [2]);
    }
}
