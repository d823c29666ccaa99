//! Replay and seeking: the index built by folding the log once, and the
//! queries that answer "what was the state after event N / as of time X".

pub mod index;

pub use index::{decode_event, event_time_text, flags, AccountView, Index, IndexBuilder};
