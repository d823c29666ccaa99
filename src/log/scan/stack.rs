//! The containers open around a value being skipped, without recursion.

/// A stack of booleans that lives in a register up to 128 deep and only
/// then on the heap (events are rarely more than three deep).
#[derive(Default)]
pub(super) struct Stack {
    bits: u128,
    depth: usize,
    deeper: Vec<bool>,
}

impl Stack {
    pub(super) fn push(&mut self, object: bool) {
        if self.depth < 128 {
            self.bits = (self.bits << 1) | u128::from(object);
        } else {
            self.deeper.push(object);
        }
        self.depth += 1;
    }
    pub(super) fn last(&self) -> Option<bool> {
        match self.depth {
            0 => None,
            d if d > 128 => self.deeper.last().copied(),
            _ => Some(self.bits & 1 == 1),
        }
    }
    pub(super) fn pop(&mut self) {
        if self.depth > 128 {
            self.deeper.pop();
        } else if self.depth > 0 {
            self.bits >>= 1;
        }
        self.depth = self.depth.saturating_sub(1);
    }
}
