//! The fold's scenarios on typed events (the JSON-text scenarios are in
//! `tests/replay_scenarios.rs` and `tests/schema_scenarios.rs`).
