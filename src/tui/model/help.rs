//! The help overlay's state: how far it is scrolled, and `/` finding the
//! lines about a word.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpView {
    /// The first line shown.
    pub scroll: usize,
    /// The text searched for (lines containing it are highlighted).
    pub find: String,
    /// The text is being typed (after `/`, until Enter or Esc).
    pub typing: bool,
    /// The line of the current match (`n` and `N` move it).
    pub hit: Option<usize>,
}
