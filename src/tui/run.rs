//! The run loop: the only code that touches the terminal. It checks there
//! is one, sets it up, turns terminal events into [`Message`]s for
//! [`update`], draws the [`view`](super::view) when something changed, and
//! puts the terminal back exactly as it was on quit, on error and on panic.

use super::keymap;
use super::live::{Load, Target};
use super::message::Message;
use super::model::{self, Model};
use super::session;
use super::signals::Signals;
use super::update::update;
use super::view;
use crate::log::Source;
use crate::replay::seek::{Fatal, Seek};
use crate::replay::{Feed, History, LoadOptions};
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseEventKind,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::DefaultTerminal;
use std::io::{self, IsTerminal};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// `rewind LOG [--at N | --as-of TIME] [--follow] [--tz ZONE] [--schema S]`: opens the
/// debugger on the log read with `schema`; returns the exit code once the
/// user quits: 0, or 128 + the signal's number when a signal ended it.
pub fn run(
    path: &Path,
    seek: &Seek,
    follow: bool,
    zone: super::format::Zone,
    schema: Arc<crate::schema::Schema>,
    session: &session::Choice,
) -> Result<i32, Fatal> {
    let started = Instant::now();
    if !io::stdout().is_terminal() {
        return Err(Fatal(format!(
            "standard output is not a terminal, and the debugger needs one; for a text report use `rewind state {}`",
            path.display()
        )));
    }
    // A time the user cannot have meant is refused before the screen opens.
    let as_of = seek.moment()?;
    let source = Arc::new(Source::open(path)?);
    let cannot_follow = follow && !source.is_file();
    let follow = follow && !cannot_follow;
    // Most events of types the schema does not know: said once, on the
    // status line, naming the preset that reads them.
    let vocabulary_hint = crate::log::vocabulary::hint_for(&source, &schema);
    // Followed, a last line still being written waits for its newline.
    let options = LoadOptions {
        schema,
        history: History::Kept,
        whole_lines_only: follow,
        skips: Default::default(),
    };
    let (mut feed, mut builder) = Feed::start(Arc::clone(&source), &options)
        .map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))?;
    // The first part of the log, so that the first frame has events.
    feed.step(&mut builder, true)
        .map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))?;
    let title = match path.file_name() {
        _ if path.as_os_str() == "-" => "standard input".to_owned(),
        Some(name) => name.to_string_lossy().into_owned(),
        None => path.display().to_string(),
    };
    let opened = session::open(session, path, &source);
    let start = builder.index().len();
    let mut model = Model::new(source, builder, title, start);
    model.following = follow;
    model.zone = zone;
    // History without skipped events is folded between frames.
    model.background = true;
    if cannot_follow {
        model.say(
            model::Level::Warning,
            "--follow: standard input or a pipe cannot be followed; it was read to its end",
        );
    }
    let target = match (seek.at, as_of) {
        (Some(n), _) => Some(Target::At(n)),
        (None, Some(ns)) => Some(Target::AsOf(ns)),
        (None, None) => None,
    };
    let session_cursor = target.is_none();
    let mut load = Load::new(path, feed, target).since(started);
    if let Some(saved) = opened.saved {
        load = load.with_session(saved, session_cursor);
    }
    load.settle(&mut model);
    if let Some(note) = opened.note {
        model.say(model::Level::Warning, note);
    }
    if let (Some(hint), None) = (vocabulary_hint, &model.notice) {
        model.say(model::Level::Warning, hint);
    }
    let keeper = opened.keeper;

    let signals = Signals::install(restore_and_save)
        .map_err(|e| Fatal(format!("cannot set up signal handling: {e}")))?;
    install_panic_hook();
    let mut terminal = ratatui::try_init().map_err(|e| {
        restore();
        Fatal(format!("cannot set up the terminal: {e}"))
    })?;
    let result = execute!(io::stdout(), EnableMouseCapture).and_then(|()| {
        event_loop(
            &mut terminal,
            &mut model,
            &mut load,
            &signals,
            keeper.as_ref(),
        )
    });
    restore();
    // However the loop ended (quit, a signal, an error): the session is
    // saved, after the terminal is back so that a failure can be read.
    if let Some(keeper) = &keeper {
        if let Err(message) = keeper.save(&model) {
            eprintln!("rewind: {message}");
        }
    }
    match result {
        Ok(None) => Ok(0),
        Ok(Some(signal)) => Ok(128 + signal),
        Err(e) => Err(Fatal(format!("terminal error: {e}"))),
    }
}

/// Mouse off, cursor shown, raw mode off, main screen back. Safe to call
/// more than once, from any thread, and when the terminal is gone: errors
/// are ignored (`ratatui::restore` would report them with `eprintln!`, which
/// panics when standard error is a terminal that hung up).
fn restore() {
    let _ = execute!(io::stdout(), DisableMouseCapture, cursor::Show);
    let _ = ratatui::try_restore();
}

/// [`restore`], then the session as last captured: for the signal thread,
/// when the run loop did not end in time after a signal.
fn restore_and_save() {
    restore();
    session::save_latest();
}

/// On panic, restore the terminal first so the message is readable and the
/// shell usable. (`ratatui::try_init` adds its own hook around this one;
/// this one also turns the mouse off and shows the cursor.)
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        session::save_latest();
        previous(info);
    }));
}

/// A failure to provoke on the first frame, so that the end-to-end test can
/// check the terminal is restored on those exit paths too: `REWIND_TEST_FAULT`
/// set to `panic` or `error`. Nothing else reads it.
fn injected_fault() -> io::Result<()> {
    match std::env::var("REWIND_TEST_FAULT").as_deref() {
        Ok("panic") => panic!("REWIND_TEST_FAULT=panic: a deliberate panic"),
        Ok("error") => Err(io::Error::other(
            "REWIND_TEST_FAULT=error: a deliberate error",
        )),
        _ => Ok(()),
    }
}

/// Runs until the user quits (`None`) or a signal arrives (its number).
/// Redraws only when something changed; sleeps at most 250 ms (15 ms while
/// loading, 100 ms while following) so a signal is noticed promptly.
fn event_loop(
    terminal: &mut DefaultTerminal,
    model: &mut Model,
    load: &mut Load,
    signals: &Signals,
    keeper: Option<&session::Keeper>,
) -> io::Result<Option<i32>> {
    let mut dirty = true;
    // Only the load changed the picture (new events, the progress bar).
    let mut loaded = false;
    let mut drawn = Instant::now();
    let mut first = true;
    while !model.quit {
        if let Some(signal) = signals.caught() {
            return Ok(Some(signal));
        }
        loaded |= load.advance(model)?;
        // The last search's matches are counted a little between frames.
        let counted = super::update::count_step(model, COUNT_BUDGET)
            | super::update::filter_step(model, COUNT_BUDGET);
        let total = model.total();
        let counting = model.matches.as_ref().is_some_and(|c| c.counted < total)
            || model.shown.as_ref().is_some_and(|s| s.scanned < total);
        dirty |= counted && (!counting || drawn.elapsed() >= PROGRESS_FRAME);
        dirty |= load.watch(model, Instant::now());
        dirty |= super::live::store::show(model);
        let size = terminal.size()?;
        if (size.width, size.height) != (model.width, model.height) {
            update(
                model,
                Message::Resize {
                    width: size.width,
                    height: size.height,
                },
            );
            dirty = true;
        }
        if dirty || (loaded && progress_due(drawn.elapsed(), load.is_loading())) {
            terminal.draw(|frame| view::render(model, frame))?;
            drawn = Instant::now();
            dirty = false;
            loaded = false;
            load.frame_drawn(model);
        }
        if first {
            first = false;
            injected_fault()?;
        }
        let wait = if counting {
            Duration::ZERO
        } else {
            load.wait(model, Instant::now())
        };
        if !event::poll(wait)? {
            continue;
        }
        if let Some(message) = translate(event::read()?, model) {
            update(model, message);
            if let Some(keeper) = keeper {
                keeper.remember(model);
            }
            if std::mem::take(&mut model.redraw) {
                // Ctrl-L: whatever else wrote to the terminal goes.
                terminal.clear()?;
            }
            dirty = true;
            if let Some(text) = model.clipboard.take() {
                use std::io::Write;
                let mut out = io::stdout();
                out.write_all(super::clipboard::osc52(&text).as_bytes())?;
                out.flush()?;
            }
        }
    }
    Ok(None)
}

/// How long matches are counted (and filtered rows worked out) between two
/// looks at the keyboard.
const COUNT_BUDGET: Duration = Duration::from_millis(10);

/// How often the picture is redrawn for the load's progress alone: often
/// enough for the progress bar to move smoothly, seldom enough that drawing
/// takes little from folding the log (input is drawn at once regardless).
const PROGRESS_FRAME: Duration = Duration::from_millis(100);

/// Whether the load's progress alone is worth a redraw, `since` the last
/// one: every `PROGRESS_FRAME` while loading, and once when it is done.
fn progress_due(since: Duration, loading: bool) -> bool {
    !loading || since >= PROGRESS_FRAME
}

/// What a terminal event means, if anything.
fn translate(event: Event, model: &Model) -> Option<Message> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            keymap::message_for(model.context(), key)
        }
        Event::Mouse(mouse) => {
            let (column, row) = (mouse.column, mouse.row);
            match mouse.kind {
                MouseEventKind::Down(event::MouseButton::Left) => {
                    Some(Message::Click { column, row })
                }
                MouseEventKind::ScrollUp => Some(Message::ScrollUp { column, row }),
                MouseEventKind::ScrollDown => Some(Message::ScrollDown { column, row }),
                _ => None,
            }
        }
        Event::Resize(width, height) => Some(Message::Resize { width, height }),
        _ => None,
    }
}

#[cfg(test)]
mod frame_tests {
    use super::*;

    /// While a log loads, its progress alone redraws ten times a second,
    /// not on every fold; the end of the load is drawn at once.
    #[test]
    fn progress_alone_redraws_ten_times_a_second_and_at_the_end() {
        assert!(!progress_due(Duration::from_millis(30), true));
        assert!(!progress_due(Duration::from_millis(99), true));
        assert!(progress_due(Duration::from_millis(100), true));
        assert!(progress_due(Duration::ZERO, false));
    }
}
