//! Replay and seeking: the index built by folding the log once, and the
//! queries that answer "what was the state after event N / as of time X".
//!
//! Its files, from the bottom up; each imports only files before it in
//! this list:
//!
//! - the columns and parts, which import none of the files after them:
//!   `memory` (prefetching, tables written out), `offsets`, `timeline`,
//!   `ids` (event ids seen), `account_keys` and `detached` (the decoders' compact
//!   events), `malformation` (what is wrong with a record), `skips`
//!   ([`Skips`], events taken out for a what-if replay), `options`
//!   ([`LoadOptions`]);
//! - `index`: the [`Index`] those make up, its queries, and the small API
//!   the builder appends through; `search` finds text through it;
//! - `decode_record`: one record decoded into an event, for the two below;
//! - `pipeline`: the decoder threads, turning a JSON Lines log into
//!   batches of decoded events in log order;
//! - `build`: the [`IndexBuilder`], folding records or batches into an
//!   index in order;
//! - `load`: the ways in to loading a log, each taking [`LoadOptions`]:
//!   [`load()`] (a whole log, blocking) and [`Feed`] (the debugger's load,
//!   stepped between frames);
//! - `follow`: [`follow::Tail`], folding in what a growing log appends;
//! - `state_json`: the state as `rewind state --json` prints it;
//! - `session`: a debugging session's file (marks, breakpoints, skipped
//!   events), kept between runs.

mod account_keys;
mod build;
mod csv_range;
mod decode_record;
mod detached;
pub mod follow;
pub mod ids;
pub mod index;
pub mod load;
mod malformation;
mod memory;
mod offsets;
mod options;
mod pipeline;
pub mod search;
pub mod seek;
pub mod session;
mod skips;
pub mod state_json;
pub mod timeline;

pub use build::IndexBuilder;
pub use index::{event_time_text, flags, time_text, AccountView, Index};
pub use load::{load, Feed, Progress};
pub use options::{History, LoadOptions};
pub use skips::Skips;
