//! `--skip` and `--session` for the headless commands: history without
//! some events (what-if), the events given as numbers and ranges, or read
//! from a debugger session file.

use crate::replay::seek::Fatal;
use crate::replay::{session, Skips};
use clap::Args;
use std::path::PathBuf;

/// `--skip` / `--session`: history without some events (what-if).
#[derive(Debug, Clone, Default, Args)]
pub struct WhatIfArgs {
    /// Answer for history without these events: event numbers as the log
    /// is written, and ranges (`14,20-25`).
    #[arg(long, value_name = "EVENTS", value_parser = parse_skips)]
    pub skip: Option<Skips>,
    /// Also take out the events a debugger session file skipped.
    #[arg(long, value_name = "FILE")]
    pub session: Option<PathBuf>,
}

fn parse_skips(text: &str) -> Result<Skips, String> {
    Skips::parse(text)
}

impl WhatIfArgs {
    /// The events `--skip` and `--session` take out, together.
    pub fn skips(&self) -> Result<Skips, Fatal> {
        let mut events = self.skip.clone().unwrap_or_default().events().to_vec();
        if let Some(path) = &self.session {
            match session::read(path) {
                Ok(Some(saved)) => events.extend(saved.skipped),
                Ok(None) => return Err(Fatal(format!("no session file {}", path.display()))),
                Err(message) => return Err(Fatal(message)),
            }
        }
        Ok(Skips::of(events))
    }
}
