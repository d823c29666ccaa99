//! The interactive debugger, in the Elm architecture: a [`Model`], the
//! [`Message`]s that keys, clicks and resizes mean (one [`keymap`]), an
//! [`update`] that alone changes the model (and reads from the log what the
//! screen needs: the record under the cursor once per move, the list's rows
//! as they come into sight), and [`view`]s that are functions of the model.
//!
//! Only the run loop ([`run`]) touches the terminal: it checks there is
//! one, sets it up, runs the loop, and puts it back exactly as it was on
//! quit, on error and on panic.

pub mod breakpoint;
pub mod clipboard;
pub mod config;
pub mod filter;
pub mod format;
pub mod json;
pub mod keymap;
pub mod layout;
mod live;
pub mod message;
pub mod model;
pub mod pipe;
pub mod query;
pub mod record;
pub mod rows;
mod run;
pub mod search;
pub mod session;
mod signals;
pub mod snapshot;
mod store;
pub mod update;
pub mod view;

#[cfg(test)]
mod tests;

pub use message::Message;
pub use model::Model;
pub use run::run;
pub use store::run_store;
pub use update::update;
