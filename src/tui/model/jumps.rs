//! The jump list, as in vim and less: every jump (`:`, a search, `e`, `c`,
//! a mark, a click, `g`/`G`) records where the cursor was, so that Ctrl-O
//! can go back, Ctrl-N forward again, and `''` to where the last jump left.

/// How many positions the list keeps (vim keeps 100).
const KEPT: usize = 100;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Jumps {
    /// Where earlier jumps left from, the latest last.
    back: Vec<u32>,
    /// Where Ctrl-O came back from, the latest last.
    forward: Vec<u32>,
    /// Where the cursor was before the latest jump of any kind, Ctrl-O
    /// and Ctrl-N included (the target of `''`).
    previous: Option<u32>,
}

impl Jumps {
    /// A jump left event `from`: it goes on top of the list (once), and
    /// the way forward is forgotten.
    pub fn record(&mut self, from: u32) {
        self.previous = Some(from);
        self.back.retain(|&n| n != from);
        self.back.push(from);
        if self.back.len() > KEPT {
            self.back.remove(0);
        }
        self.forward.clear();
    }

    /// Ctrl-O at event `at`: where to go back to, if anywhere.
    pub fn back(&mut self, at: u32) -> Option<u32> {
        let to = Self::pop_other(&mut self.back, at)?;
        self.forward.push(at);
        self.previous = Some(at);
        Some(to)
    }

    /// Ctrl-N at event `at`: where to go forward to, if anywhere.
    pub fn forward(&mut self, at: u32) -> Option<u32> {
        let to = Self::pop_other(&mut self.forward, at)?;
        self.back.push(at);
        self.previous = Some(at);
        Some(to)
    }

    /// Where the last jump left from (the target of `''`).
    pub fn last(&self) -> Option<u32> {
        self.previous
    }

    /// The latest position that is not `at` (the cursor may have walked
    /// back to where a jump left from).
    fn pop_other(list: &mut Vec<u32>, at: u32) -> Option<u32> {
        while let Some(n) = list.pop() {
            if n != at {
                return Some(n);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::Jumps;

    #[test]
    fn back_and_forward_retrace_the_jumps() {
        let mut j = Jumps::default();
        j.record(5); // 5 → 20
        j.record(20); // 20 → 9
        assert_eq!(j.back(9), Some(20));
        assert_eq!(j.back(20), Some(5));
        assert_eq!(j.back(5), None);
        assert_eq!(j.forward(5), Some(20));
        assert_eq!(j.forward(20), Some(9));
        assert_eq!(j.forward(9), None);
        assert_eq!(j.last(), Some(20), "'' after Ctrl-N: where it left");
        j.record(9);
        assert_eq!(j.forward(3), None, "a new jump forgets the way forward");
        assert_eq!(j.last(), Some(9));
    }
}
