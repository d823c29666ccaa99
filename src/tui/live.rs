//! The log behind the screen: streamed in at start, then watched. The run
//! loop owns a [`Load`]; the model owns the index it feeds. Between frames
//! the loop calls [`Load::advance`] (fold what the decoders have ready) and
//! [`Load::watch`] (look at the file; with `F`, fold what was appended).
//! Nothing here blocks for long: the decoders run on their own threads and
//! hand over whole batches through a channel, so the screen never waits on
//! a lock, and dropping the `Load` (quitting) stops them.

use super::model::{Level, Loading, Model, Stash};
use super::update;
use crate::log::Source;
use crate::replay::follow::{Change, Tail, Why};
use crate::replay::Feed;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often a followed log is looked at: appended events show within this
/// plus one frame.
pub const FOLLOW_POLL: Duration = Duration::from_millis(100);

/// How often a log that is not followed is looked at, to say that it grew,
/// and to reload it if it was truncated (its indexed records are gone).
const LOOK: Duration = Duration::from_secs(1);

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
        }
    }

    pub fn is_loading(&self) -> bool {
        !self.feed.is_finished()
    }

    /// How long the run loop may sleep before this needs it again.
    pub fn wait(&self, model: &Model, now: Instant) -> Duration {
        if self.is_loading() {
            Duration::from_millis(15)
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
            return Ok(false);
        }
        let before = model.total();
        self.feed
            .step_for(&mut model.builder, Duration::from_millis(30))?;
        self.grew(model, before);
        self.settle(model);
        Ok(true)
    }

    fn grew(&mut self, model: &mut Model, before: u32) {
        let cursor = model.cursor;
        model.grew(before);
        if model.cursor != cursor {
            update::moved(model);
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
                Feed::start_with(Arc::clone(&source), schema, model.following)
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
        let stash = model.restart(source, builder);
        // A second reload before the first completed keeps the first stash.
        self.stash = Some(self.stash.take().unwrap_or(stash));
        self.feed = feed;
        self.tail = None;
        self.noticed = None;
        self.started = Instant::now();
        model.say(
            Level::Warning,
            format!("{name} {}: loaded again from the start", why.describe()),
        );
        self.settle(model);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::Action;
    use crate::tui::breakpoint::Condition;
    use crate::tui::update::update;
    use std::fs::{self, OpenOptions};
    use std::io::Write;

    fn event(kind: &str, account: &str, amount: u32) -> String {
        format!(
            "{{\"type\":\"{kind}\",\"account\":\"{account}\",\"data\":{{\"amount\":{amount},\"initial_balance\":{amount}}}}}\n"
        )
    }

    fn log(events: &[(&str, &str, u32)]) -> String {
        events.iter().map(|&(k, a, n)| event(k, a, n)).collect()
    }

    fn append(path: &Path, text: &str) {
        let mut file = OpenOptions::new().append(true).open(path).unwrap();
        file.write_all(text.as_bytes()).unwrap();
    }

    /// The debugger's model and load on `path`, as `run` sets them up,
    /// loaded to the end.
    fn open(path: &Path, follow: bool) -> (Model, Load) {
        let source = Arc::new(Source::open(path).unwrap());
        let (mut feed, mut builder) =
            Feed::start_with(Arc::clone(&source), crate::schema::Schema::bank(), follow).unwrap();
        feed.step(&mut builder, true).unwrap();
        let mut model = Model::new(source, builder, "live.jsonl".into(), u32::MAX);
        model.following = follow;
        update(
            &mut model,
            Action::Resize {
                width: 120,
                height: 40,
            },
        );
        let mut load = Load::new(path, feed, None);
        load.settle(&mut model);
        settle(&mut model, &mut load);
        (model, load)
    }

    /// Loads whatever is loading to the end.
    fn settle(model: &mut Model, load: &mut Load) {
        while load.is_loading() {
            load.advance(model).unwrap();
        }
        load.settle(model);
    }

    /// One look at the file, as the run loop does when it is time to.
    fn tick(model: &mut Model, load: &mut Load) -> bool {
        load.next_look = Instant::now();
        let changed = load.watch(model, Instant::now());
        settle(model, load);
        changed
    }

    fn text(model: &Model) -> String {
        model
            .message
            .as_ref()
            .map_or(String::new(), |m| m.text.clone())
    }

    const OPEN_A: (&str, &str, u32) = ("AccountOpened", "a", 100);
    const OPEN_B: (&str, &str, u32) = ("AccountOpened", "b", 5);
    const DEPOSIT_A: (&str, &str, u32) = ("MoneyDeposited", "a", 1);

    #[test]
    fn followed_the_cursor_stays_put_unless_it_is_on_the_last_event() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("live.jsonl");
        fs::write(&path, log(&[OPEN_A, DEPOSIT_A])).unwrap();
        let (mut model, mut load) = open(&path, true);
        assert_eq!((model.cursor, model.total()), (2, 2));
        let status = crate::tui::tests::text(&model);
        assert!(
            status.lines().last().unwrap().contains("following"),
            "{status}"
        );
        append(&path, &log(&[DEPOSIT_A, OPEN_B]));
        assert!(tick(&mut model, &mut load));
        assert_eq!(
            (model.cursor, model.total()),
            (4, 4),
            "on the last event: follows"
        );
        update(&mut model, Action::Back);
        append(&path, &log(&[DEPOSIT_A]));
        tick(&mut model, &mut load);
        assert_eq!((model.cursor, model.total()), (3, 5), "elsewhere: stays");
        assert!(
            !tick(&mut model, &mut load),
            "nothing new: nothing to redraw"
        );
    }

    #[test]
    fn the_account_filter_and_its_breakpoints_grow_with_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("live.jsonl");
        fs::write(&path, log(&[OPEN_A, OPEN_B, DEPOSIT_A])).unwrap();
        let (mut model, mut load) = open(&path, true);
        update(&mut model, Action::ToggleAccountFilter);
        assert_eq!(model.filter.as_ref().unwrap().events, [1, 3]);
        assert_eq!(model.cursor, 3);
        append(&path, &log(&[OPEN_B, DEPOSIT_A]));
        tick(&mut model, &mut load);
        assert_eq!(model.filter.as_ref().unwrap().events, [1, 3, 5]);
        assert_eq!(model.cursor, 5, "on the last shown event: follows");
    }

    #[test]
    fn not_followed_a_grown_log_is_only_announced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("live.jsonl");
        fs::write(&path, log(&[OPEN_A])).unwrap();
        let (mut model, mut load) = open(&path, false);
        append(&path, &log(&[DEPOSIT_A]));
        assert!(tick(&mut model, &mut load));
        assert_eq!(model.total(), 1);
        assert_eq!(text(&model), "live.jsonl has grown: press F to follow it");
        model.message = None;
        assert!(!tick(&mut model, &mut load), "said once");
        update(&mut model, Action::ToggleFollow);
        assert!(model.following);
        tick(&mut model, &mut load);
        assert_eq!(model.total(), 2);
    }

    #[test]
    fn a_truncated_log_is_reloaded_keeping_the_cursor_and_breakpoints_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("live.jsonl");
        fs::write(
            &path,
            log(&[OPEN_A, OPEN_B, DEPOSIT_A, DEPOSIT_A, DEPOSIT_A]),
        )
        .unwrap();
        let (mut model, mut load) = open(&path, false);
        update(&mut model, Action::OpenBreakpointPrompt);
        for c in "account b".chars() {
            update(&mut model, Action::Input(c));
        }
        update(&mut model, Action::Submit);
        update(&mut model, Action::OpenBreakpointPrompt);
        for c in "balance a < 0".chars() {
            update(&mut model, Action::Input(c));
        }
        update(&mut model, Action::Submit);
        assert_eq!(model.breakpoints.len(), 2);
        crate::tui::update::go_to(&mut model, 4);
        // Rewritten shorter, with the accounts in another order.
        fs::write(&path, log(&[OPEN_B, OPEN_A, DEPOSIT_A])).unwrap();
        assert!(tick(&mut model, &mut load));
        assert_eq!(model.total(), 3);
        assert_eq!(model.cursor, 3, "clamped to the new end");
        assert!(text(&model).contains("was truncated: loaded again from the start"));
        let b = model.index().lookup("b").unwrap();
        let a = model.index().lookup("a").unwrap();
        assert_eq!((a, b), (1, 0));
        match &model.breakpoints[0].condition {
            Condition::Touches { account, events } => {
                assert_eq!((*account, events.as_slice()), (b, &[1][..]))
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            model.breakpoints[1].condition,
            Condition::BalanceBelow { account, .. } if account == a
        ));
    }

    #[test]
    fn a_rotated_log_is_reloaded_when_followed_and_announced_when_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("live.jsonl");
        fs::write(&path, log(&[OPEN_A, DEPOSIT_A])).unwrap();
        let (mut model, mut load) = open(&path, false);
        fs::rename(&path, dir.path().join("live.jsonl.1")).unwrap();
        tick(&mut model, &mut load);
        assert!(model.deleted);
        assert!(text(&model).contains("was deleted or moved away"));
        let status = crate::tui::tests::text(&model);
        assert!(
            status.lines().last().unwrap().contains("log gone"),
            "{status}"
        );
        assert_eq!(model.total(), 2, "what was loaded stays");
        assert!(model.record_bytes(2).is_some(), "and readable");
        fs::write(&path, log(&[OPEN_B])).unwrap();
        tick(&mut model, &mut load);
        assert!(!model.deleted);
        assert!(text(&model).contains("replaced by a new file: still showing"));
        assert_eq!(model.total(), 2);
        update(&mut model, Action::ToggleFollow);
        tick(&mut model, &mut load);
        assert_eq!(model.total(), 1);
        assert_eq!(model.index().account_name(0), "b");
        assert!(text(&model).contains("was replaced by a new file: loaded again"));
    }

    #[test]
    fn a_followed_partial_line_waits_for_its_newline() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("live.jsonl");
        let deposit = event("MoneyDeposited", "a", 7);
        fs::write(&path, log(&[OPEN_A]) + &deposit[..10]).unwrap();
        let (mut model, mut load) = open(&path, true);
        assert_eq!(model.total(), 1);
        assert!(model.index().diagnostics().is_empty());
        append(&path, &deposit[10..]);
        tick(&mut model, &mut load);
        assert_eq!(model.total(), 2);
        assert!(model.index().diagnostics().is_empty());
    }

    #[test]
    fn standard_input_cannot_be_followed() {
        let mut model = Model::from_log(log(&[OPEN_A]).as_bytes(), "-".into(), 1);
        update(&mut model, Action::ToggleFollow);
        assert!(!model.following);
        assert!(text(&model).contains("cannot follow standard input"));
    }
}
