//! The fold's rules on typed events, given/when/then (see
//! [`super::scenario`]): given these events, when this one is applied, then
//! these findings, balances and statuses. One scenario or more per effect
//! and per diagnostic the fold raises. That the path from a log's JSON text
//! to the index keeps these rules is tested end to end in
//! `tests/replay_scenarios.rs` and `tests/schema_scenarios.rs`.

mod checks;
mod currency;
mod effects;
mod frozen;
mod harness;
mod holds;
mod limits;
mod policies;
