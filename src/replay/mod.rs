//! Replay and seeking: the index built by folding the log once, and the
//! queries that answer "what was the state after event N / as of time X".

mod build;
mod detached;
pub mod follow;
pub mod ids;
pub mod index;
mod keys;
pub mod load;
mod malformation;
mod memory;
mod offsets;
mod pipeline;
pub mod search;
pub mod seek;
pub mod timeline;

pub use build::IndexBuilder;
pub use index::{decode, event_time_text, flags, time_text, AccountView, Index};
pub use load::{load, load_final_with, load_with, Feed, Progress};
