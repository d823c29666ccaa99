//! The log behind the screen: streamed in at start, then watched. The run
//! loop owns a [`Load`]; the model owns the index it feeds. Between frames
//! the loop calls [`Load::advance`] (fold what the decoders have ready) and
//! [`Load::watch`] (look at the file; with `F`, fold what was appended).
//! Nothing here blocks for long: the decoders run on their own threads and
//! hand over whole batches through a channel, so the screen never waits on
//! a lock, and dropping the `Load` (quitting) stops them.

use super::format::grouped;
use super::model::{Level, Loading, Model, Stash};
use super::update;
use crate::log::Source;
use crate::replay::follow::{Change, Tail, Why};
use crate::replay::{Feed, History, LoadOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub mod store;

/// How often a followed log is looked at: appended events show within this
/// plus one frame.
pub const FOLLOW_POLL: Duration = Duration::from_millis(100);

/// How often a log that is not followed is looked at, to say that it grew,
/// and to reload it if it was truncated (its indexed records are gone).
const LOOK: Duration = Duration::from_secs(1);

/// What is said when a load that kept the user waiting ends: how many
/// events, in how long. A load quicker than a second goes unremarked.
fn indexed_in(events: u32, took: Duration) -> Option<String> {
    if took < Duration::from_secs(1) {
        return None;
    }
    let s = if events == 1 { "" } else { "s" };
    Some(format!(
        "{} event{s} indexed in {:.2} s",
        grouped(events),
        took.as_secs_f64()
    ))
}

/// Where the cursor goes once the events it names are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `--at N`.
    At(u32),
    /// `--as-of`, in nanoseconds: applied once the whole log is in.
    AsOf(i64),
    /// After a reload, back where the cursor was, or as near as the new
    /// log allows.
    Back(u32),
}

/// What was last said about the file, so that it is said once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Noticed {
    Grew,
    Replaced,
}

/// A log streaming in, then watched.
pub struct Load {
    path: PathBuf,
    feed: Feed,
    started: Instant,
    target: Option<Target>,
    /// Once loaded, where the file stands (a log in memory has none).
    tail: Option<Tail>,
    /// What a reload set aside until it completes.
    stash: Option<Stash>,
    next_look: Instant,
    noticed: Option<Noticed>,
    /// Whether the last fold took anything in: then more is likely ready,
    /// and the run loop should not sleep before the next.
    progressed: bool,
    /// Whether the loaded log's index has been compacted.
    compacted: bool,
    /// A saved session to put back once the log is in, and whether its
    /// cursor is (not when the command line said where to start).
    session: Option<(crate::replay::session::Session, bool)>,
    /// History without the skipped events (`x`), being folded.
    what_if: Option<WhatIfLoad>,
}

/// A fold of the log without some events, stepped between frames like the
/// load itself; a newer request replaces it (dropping it stops its
/// decoders).
struct WhatIfLoad {
    skips: crate::replay::Skips,
    feed: Feed,
    builder: crate::replay::IndexBuilder,
}

impl Load {
    pub fn new(path: &Path, feed: Feed, target: Option<Target>) -> Load {
        Load {
            path: path.to_owned(),
            feed,
            started: Instant::now(),
            target,
            tail: None,
            stash: None,
            next_look: Instant::now(),
            noticed: None,
            progressed: false,
            compacted: false,
            session: None,
            what_if: None,
        }
    }

    /// The load, with a saved session to put back once the log is in.
    pub fn with_session(mut self, saved: crate::replay::session::Session, cursor: bool) -> Load {
        self.session = Some((saved, cursor));
        self
    }

    /// The load as begun at `started` (when the debugger started, so that
    /// the time it reports is the whole wait).
    pub fn since(mut self, started: Instant) -> Load {
        self.started = started;
        self
    }

    pub fn is_loading(&self) -> bool {
        !self.feed.is_finished()
    }

    /// How long the run loop may sleep before this needs it again.
    pub fn wait(&self, model: &Model, now: Instant) -> Duration {
        if model.what_if_wanted.is_some() {
            // Folding history without skipped events: as a load does when
            // its decoders have nothing ready, a short nap (keys still
            // wake the loop at once).
            Duration::from_millis(2)
        } else if self.is_loading() {
            // Keys still come first (the poll answers at once when one is
            // waiting); otherwise fold on without sleeping while the
            // decoders keep up, and nap briefly when they have nothing.
            if self.progressed {
                Duration::ZERO
            } else {
                Duration::from_millis(5)
            }
        } else if model.following {
            self.next_look
                .saturating_duration_since(now)
                .min(FOLLOW_POLL)
        } else {
            Duration::from_millis(250)
        }
    }

    /// Folds in what the decoders have ready (for at most a frame's worth
    /// of time), then brings the model up to date. Returns whether the
    /// model changed.
    pub fn advance(&mut self, model: &mut Model) -> io::Result<bool> {
        if self.feed.is_finished() {
            return Ok(self.advance_what_if(model));
        }
        let before = model.total();
        let done = self.feed.progress().done;
        self.feed
            .step_for(&mut model.builder, Duration::from_millis(30))?;
        self.progressed = self.feed.progress().done != done;
        let finished = self.feed.is_finished();
        let took = self.started.elapsed();
        self.grew(model, before);
        if finished && model.notice.is_none() {
            if let Some(said) = indexed_in(model.total(), took) {
                model.say(Level::Info, said);
            }
        }
        self.settle(model);
        Ok(true)
    }

    /// Starts folding history without the events asked for, or folds on
    /// (for at most a frame's worth of time); shows it once done. Returns
    /// whether the model changed.
    fn advance_what_if(&mut self, model: &mut Model) -> bool {
        if let Some(skips) = model.what_if_wanted.clone() {
            if self.what_if.as_ref().is_none_or(|job| job.skips != skips) {
                let options = update::what_if::options(model, skips.clone());
                match Feed::start(Arc::clone(&model.source), &options) {
                    Ok((feed, builder)) => {
                        self.what_if = Some(WhatIfLoad {
                            skips,
                            feed,
                            builder,
                        })
                    }
                    Err(e) => {
                        model.what_if_wanted = None;
                        model.say(Level::Error, format!("cannot read {}: {e}", model.title));
                        return true;
                    }
                }
            }
        } else {
            // Put back while it was folding: nothing to show.
            self.what_if = None;
            return false;
        }
        let Some(job) = &mut self.what_if else {
            return false;
        };
        if let Err(e) = job
            .feed
            .step_for(&mut job.builder, Duration::from_millis(30))
        {
            self.what_if = None;
            model.what_if_wanted = None;
            model.say(Level::Error, format!("cannot read {}: {e}", model.title));
            return true;
        }
        if !job.feed.is_finished() {
            return false;
        }
        let Some(job) = self.what_if.take() else {
            return false;
        };
        model.what_if_wanted = None;
        update::what_if::install(model, job.skips, Some(job.builder.finish()));
        true
    }

    /// After each frame drawn. Once the first frame is on screen, room for
    /// every id of the log at once (see `IndexBuilder::reserve_ids`), a
    /// table of up to hundreds of megabytes that would have kept the first
    /// frame waiting. Once the frame that shows the whole log is on screen,
    /// what was kept for loading fast is compacted (tens of milliseconds at
    /// millions of events, which that frame need not wait for either).
    pub fn frame_drawn(&mut self, model: &mut Model) {
        if !self.feed.is_finished() {
            let total = self.feed.progress().total;
            model
                .builder
                .reserve_ids(crate::replay::load::expected_events(total));
        } else if !self.compacted {
            model.builder.compact();
            self.compacted = true;
        }
    }

    fn grew(&mut self, model: &mut Model, before: u32) {
        let cursor = model.cursor;
        if model.what_if.is_some() && model.written().len() != model.index().len() {
            // Followed while events are skipped: history without them
            // takes the new events in too.
            update::what_if::grew(model);
        }
        model.grew(before);
        if model.cursor != cursor {
            update::moved(model);
        } else {
            update::in_sight(model);
        }
    }

    /// Updates the progress shown, and applies the start position once it
    /// can be: `--at N` as soon as event N is in, `--as-of` at the end.
    /// Once the log is in, starts watching the file.
    pub fn settle(&mut self, model: &mut Model) {
        let finished = self.feed.is_finished();
        model.loading = (!finished).then(|| Loading {
            progress: self.feed.progress(),
            rate: f64::from(model.total()) / self.started.elapsed().as_secs_f64().max(1e-3),
        });
        let total = model.total();
        // An event is only "in" for good once a later one is, or the load is
        // done: a cursor put on the last event would follow the load.
        let applied = match self.target {
            Some(Target::At(n) | Target::Back(n)) if n < total || (n == total && finished) => {
                update::go_to(model, n);
                true
            }
            Some(Target::At(n)) if finished => {
                model.say(
                    Level::Warning,
                    format!("--at {n} is beyond the last event, {total}"),
                );
                true
            }
            Some(Target::Back(_)) if finished => {
                update::go_to(model, total);
                true
            }
            Some(Target::AsOf(ns)) if finished => {
                let n = model.position_as_of(ns);
                update::go_to(model, n);
                true
            }
            _ => false,
        };
        if applied {
            self.target = None;
        }
        update::waiting::resume(model, finished);
        if finished {
            if let Some((saved, cursor)) = self.session.take() {
                update::session::restore(model, saved, cursor);
            }
        }
        if finished && self.tail.is_none() && model.source.is_file() {
            self.tail = Some(Tail::new(
                &self.path,
                &model.source,
                model.index().format(),
                self.feed.progress().done,
                self.feed.next_line(),
            ));
            self.next_look = Instant::now();
        }
        if finished {
            if let Some(stash) = self.stash.take() {
                let lost = model.unstash(stash);
                if lost > 0 {
                    let s = if lost == 1 { "" } else { "s" };
                    model.say(
                        Level::Warning,
                        format!("{lost} breakpoint{s} removed: the reloaded log does not have their account"),
                    );
                }
                update::moved(model);
            }
        }
    }

    /// Looks at the file when it is time to: with `F`, folds in what was
    /// appended; reloads a log that was truncated (or, followed, replaced);
    /// says what became of it. Returns whether the model changed.
    pub fn watch(&mut self, model: &mut Model, now: Instant) -> bool {
        if self.is_loading() || now < self.next_look {
            return false;
        }
        let Some(tail) = &mut self.tail else {
            return false;
        };
        self.next_look = now + if model.following { FOLLOW_POLL } else { LOOK };
        let before = model.total();
        let change = if model.following {
            tail.poll(&model.source, &mut model.builder)
        } else {
            tail.look(&model.source)
        };
        let name = model.title.clone();
        let change = match change {
            Ok(change) => change,
            Err(e) => {
                model.say(Level::Error, format!("cannot read {name}: {e}"));
                return true;
            }
        };
        if change != Change::Deleted && model.deleted {
            model.deleted = false;
        }
        match change {
            Change::Same | Change::Waiting => false,
            Change::Grew { more } => {
                self.grew(model, before);
                if more {
                    self.next_look = now;
                }
                true
            }
            Change::Appended | Change::Reload(Why::Rewritten) if !model.following => {
                self.notice(model, Noticed::Grew, Level::Info, || {
                    format!("{name} has grown: press F to follow it")
                })
            }
            Change::Reload(Why::Replaced) if !model.following => {
                self.notice(model, Noticed::Replaced, Level::Warning, || {
                    format!("{name} was replaced by a new file: still showing the one opened (F follows the new one)")
                })
            }
            Change::Reload(why) => {
                self.reload(model, why);
                true
            }
            Change::Deleted if model.deleted => false,
            Change::Deleted => {
                model.deleted = true;
                model.say(
                    Level::Warning,
                    format!("{name} was deleted or moved away: still showing what was loaded"),
                );
                true
            }
            Change::Appended => false,
        }
    }

    fn notice(
        &mut self,
        model: &mut Model,
        what: Noticed,
        level: Level,
        text: impl FnOnce() -> String,
    ) -> bool {
        if self.noticed == Some(what) {
            return false;
        }
        self.noticed = Some(what);
        model.say(level, text());
        true
    }

    /// Loads the log again from the start, from what its path names now,
    /// keeping the cursor (clamped) and what the user set up.
    fn reload(&mut self, model: &mut Model, why: Why) {
        let name = model.title.clone();
        let schema = Arc::clone(model.index().schema_arc());
        let started = Source::open(&self.path)
            .map_err(|e| e.reason)
            .and_then(|source| {
                let source = Arc::new(source);
                let options = LoadOptions {
                    schema,
                    history: History::Kept,
                    whole_lines_only: model.following,
                    skips: Default::default(),
                };
                Feed::start(Arc::clone(&source), &options)
                    .map(|(feed, builder)| (source, feed, builder))
                    .map_err(|e| e.to_string())
            });
        let (source, feed, builder) = match started {
            Ok(started) => started,
            Err(reason) => {
                model.say(
                    Level::Error,
                    format!(
                        "{name} {}, and cannot be opened again: {reason}",
                        why.describe()
                    ),
                );
                return;
            }
        };
        let at_end = match &model.filter {
            None => model.cursor == model.total(),
            Some(filter) => filter.events.last().is_none_or(|&l| l == model.cursor),
        };
        self.target = match self.target {
            Some(target) => Some(target),
            None if at_end => None,
            None => Some(Target::Back(model.cursor)),
        };
        self.what_if = None;
        if model.what_if.take().is_some() | model.what_if_wanted.take().is_some() {
            model.say(
                Level::Warning,
                "skipped events put back: the log is loaded again",
            );
        }
        let stash = model.restart(source, builder);
        // A second reload before the first completed keeps the first stash.
        self.stash = Some(self.stash.take().unwrap_or(stash));
        self.feed = feed;
        self.tail = None;
        self.noticed = None;
        self.compacted = false;
        self.started = Instant::now();
        model.say(
            Level::Warning,
            format!("{name} {}: loaded again from the start", why.describe()),
        );
        self.settle(model);
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod wait_tests;

#[cfg(test)]
mod what_if_tests;
