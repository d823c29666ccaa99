//! Keeping the debugging session: what the model holds that is worth
//! finding again (see `replay::session` for the file), captured after every
//! input and written when the debugger ends, however it ends: quit, an
//! error, a signal (also when the run loop is stuck: `signals.rs` saves
//! what was last captured), a panic. Writing is one small file, renamed
//! into place; the log is never touched.

use super::model::Model;
use crate::log::Source;
use crate::replay::session::{self, Fingerprint, SavedBreakpoint, Session};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where this run's session is saved, and the log it is of.
#[derive(Debug, Clone)]
pub struct Keeper {
    path: PathBuf,
    log: String,
    fingerprint: Fingerprint,
    /// Whether `path` is the state directory's file for the log (not one
    /// named with `--session`): there a blank session is not kept.
    default_place: bool,
}

/// The session last captured and where it goes, for the ways out that do
/// not reach the end of `run` (a panic, a stuck run loop after a signal).
static LATEST: Mutex<Option<(PathBuf, Option<Session>)>> = Mutex::new(None);

/// How a session was asked for on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// The state directory's file for this log.
    Default,
    /// `--session FILE`.
    File(PathBuf),
    /// `--no-session`.
    None,
}

/// What opening a log found: the keeper that will save the session, the
/// session to put back once the log is in, and what to say about it.
pub struct Opened {
    pub keeper: Option<Keeper>,
    pub saved: Option<Session>,
    pub note: Option<String>,
}

/// Finds the session of the log at `path` as `choice` says.
pub fn open(choice: &Choice, path: &Path, source: &Source) -> Opened {
    let file = match choice {
        Choice::None => None,
        Choice::File(file) => Some(file.clone()),
        Choice::Default if path.as_os_str() == "-" || !source.is_file() => None,
        Choice::Default => session::default_path(path),
    };
    let Some(file) = file else {
        return Opened {
            keeper: None,
            saved: None,
            note: None,
        };
    };
    let fingerprint = session::fingerprint(source);
    let log = std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_owned())
        .to_string_lossy()
        .into_owned();
    let keeper = Keeper {
        path: file.clone(),
        log,
        fingerprint,
        default_place: *choice == Choice::Default,
    };
    let (saved, note) = match session::read(&file) {
        Ok(None) => (None, None),
        // Not saved over either: it may be a newer rewind's, or be mended.
        Err(message) => {
            return Opened {
                keeper: None,
                saved: None,
                note: Some(format!(
                    "{message}: ignored, and this run's session is not saved over it"
                )),
            }
        }
        Ok(Some(saved)) if saved.fingerprint.matches(source) => (Some(saved), None),
        // A file named on the command line is for this log, whatever its
        // fingerprint (shared with a copy of the log, say): said, and used.
        Ok(Some(saved)) if matches!(choice, Choice::File(_)) => (
            Some(saved),
            Some("the session was saved for a log whose first records differ".to_owned()),
        ),
        Ok(Some(_)) => (
            None,
            Some(
                "session not restored: the log's first records changed since it was saved"
                    .to_owned(),
            ),
        ),
    };
    Opened {
        keeper: Some(keeper),
        saved,
        note,
    }
}

/// The session the model holds now.
pub fn capture(model: &Model, keeper: &Keeper) -> Session {
    let index = model.index();
    let name = |ix| index.account_name(ix).to_owned();
    Session {
        version: session::VERSION,
        log: keeper.log.clone(),
        fingerprint: keeper.fingerprint.clone(),
        cursor: model.cursor,
        marks: model.marks.clone(),
        breakpoints: model
            .breakpoints
            .iter()
            .map(|b| SavedBreakpoint {
                number: b.number,
                enabled: b.enabled,
                condition: b.condition.spec(index),
            })
            .collect(),
        breakpoints_added: model.breakpoints_added,
        skipped: model
            .skips()
            .map(|s| s.events().to_vec())
            .unwrap_or_default(),
        account: model.pinned.map(name),
        focus: model.filter.as_ref().map(|f| name(f.account)),
        filters: model
            .shown
            .as_ref()
            .map(|s| s.filters.iter().map(|f| f.text.clone()).collect())
            .unwrap_or_default(),
    }
}

impl Keeper {
    /// Notes the model's session, for a way out that cannot reach the
    /// model (see [`save_latest`]).
    pub fn remember(&self, model: &Model) {
        let session = self.kept(model);
        if let Ok(mut latest) = LATEST.try_lock() {
            *latest = Some((self.path.clone(), session));
        }
    }

    /// Writes the model's session; an error in words.
    pub fn save(&self, model: &Model) -> Result<(), String> {
        let session = self.kept(model);
        if let Ok(mut latest) = LATEST.try_lock() {
            *latest = None;
        }
        write_or_remove(&self.path, session.as_ref())
            .map_err(|e| format!("session not saved to {}: {e}", self.path.display()))
    }

    /// The session to keep: `None` for a blank one in the state directory
    /// (a fresh start gives as much; its file, if any, goes), so that
    /// opening a log and quitting leaves nothing behind and says nothing
    /// the next time.
    fn kept(&self, model: &Model) -> Option<Session> {
        let session = capture(model, self);
        (!(self.default_place && session.is_blank(model.total()))).then_some(session)
    }
}

/// Writes the session last remembered, if there is one not yet written:
/// from the panic hook and the signal thread. Never waits for a lock.
pub fn save_latest() {
    let taken = LATEST.try_lock().ok().and_then(|mut l| l.take());
    if let Some((path, session)) = taken {
        let _ = write_or_remove(&path, session.as_ref());
    }
}

/// Writes `session` to `path`, or removes the file there when there is
/// none to keep (a file that is not there is as good).
fn write_or_remove(path: &Path, session: Option<&Session>) -> std::io::Result<()> {
    match session {
        Some(session) => session::write(path, session),
        None => match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        },
    }
}
