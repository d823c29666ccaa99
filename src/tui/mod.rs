//! The interactive debugger, in the Elm architecture: a [`Model`], the
//! [`Action`]s that keys, clicks and resizes mean (one [`keymap`]), a pure
//! [`update`], and [`view`]s that are functions of the model.
//!
//! This module is the only one that touches the terminal: it checks there
//! is one, sets it up, runs the loop, and puts it back exactly as it was on
//! quit, on error and on panic.

pub mod action;
pub mod breakpoint;
pub mod format;
pub mod json;
pub mod keymap;
pub mod layout;
pub mod model;
pub mod query;
pub mod rows;
pub mod search;
pub mod update;
pub mod view;

#[cfg(test)]
mod tests;

pub use action::Action;
pub use model::Model;
pub use update::update;

use crate::cli::{Fatal, Seek};
use crate::domain::time::parse_moment;
use crate::log::Source;
use crate::replay::Feed;
use model::{Level, Loading, Message};
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseEventKind,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::DefaultTerminal;
use std::io::{self, IsTerminal};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// `rewind LOG [--at N | --as-of TIME] [--schema S]`: opens the debugger
/// on the log read with `schema`; returns the exit code (0) once the user
/// quits.
pub fn run(path: &Path, seek: &Seek, schema: Arc<crate::schema::Schema>) -> Result<i32, Fatal> {
    if !io::stdout().is_terminal() {
        return Err(Fatal(format!(
            "standard output is not a terminal, and the debugger needs one; for a text report use `rewind state {}`",
            path.display()
        )));
    }
    // A time the user cannot have meant is refused before the screen opens.
    let as_of = match &seek.as_of {
        Some(text) => Some(parse_moment(text).map_err(|e| Fatal(format!("--as-of: {e}")))?),
        None => None,
    };
    let source = Arc::new(Source::open(path)?);
    let (mut feed, mut builder) = Feed::start_with(Arc::clone(&source), schema)
        .map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))?;
    // The first part of the log, so that the first frame has events.
    feed.step(&mut builder, true)
        .map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))?;
    let title = match path.file_name() {
        _ if path.as_os_str() == "-" => "standard input".to_owned(),
        Some(name) => name.to_string_lossy().into_owned(),
        None => path.display().to_string(),
    };
    let start = builder.index().len();
    let mut model = Model::new(source, builder, title, start);
    let mut load = Load {
        feed,
        started: Instant::now(),
        seek: Some((seek.at, as_of)),
    };
    load.settle(&mut model);

    install_panic_hook();
    let mut terminal = ratatui::try_init().map_err(|e| {
        restore();
        Fatal(format!("cannot set up the terminal: {e}"))
    })?;
    let result = execute!(io::stdout(), EnableMouseCapture)
        .and_then(|()| event_loop(&mut terminal, &mut model, &mut load));
    restore();
    result
        .map(|()| 0)
        .map_err(|e| Fatal(format!("terminal error: {e}")))
}

/// Mouse off, cursor shown, raw mode off, main screen back. Safe to call
/// more than once.
fn restore() {
    let _ = execute!(io::stdout(), DisableMouseCapture, cursor::Show);
    ratatui::restore();
}

/// On panic, restore the terminal first so the message is readable and the
/// shell usable. (`ratatui::try_init` adds its own hook around this one;
/// this one also turns the mouse off and shows the cursor.)
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// A log still streaming in: the feed, when it started, and the `--at` /
/// `--as-of` to apply once the events they name are in.
struct Load {
    feed: Feed,
    started: Instant,
    seek: Option<(Option<u32>, Option<i64>)>,
}

impl Load {
    /// Folds in what the decoders have ready (for at most a frame's worth
    /// of time), then brings the model up to date.
    fn advance(&mut self, model: &mut Model) -> io::Result<()> {
        if self.feed.is_finished() {
            return Ok(());
        }
        let before = model.total();
        self.feed
            .step_for(&mut model.builder, Duration::from_millis(30))?;
        let cursor = model.cursor;
        model.grew(before);
        if model.cursor != cursor {
            update::moved(model);
        }
        self.settle(model);
        Ok(())
    }

    /// Updates the progress shown, and applies the start position once it
    /// can be: `--at N` as soon as event N is in, `--as-of` at the end.
    fn settle(&mut self, model: &mut Model) {
        let finished = self.feed.is_finished();
        model.loading = (!finished).then(|| Loading {
            progress: self.feed.progress(),
            rate: f64::from(model.total()) / self.started.elapsed().as_secs_f64().max(1e-3),
        });
        let total = model.total();
        match self.seek {
            Some((Some(n), _)) if n <= total => {
                update::go_to(model, n);
                self.seek = None;
            }
            Some((Some(n), _)) if finished => {
                model.message = Some(Message {
                    level: Level::Warning,
                    text: format!("--at {n} is beyond the last event, {total}"),
                });
                self.seek = None;
            }
            Some((None, Some(ns))) if finished => {
                let n = model.position_as_of(ns);
                update::go_to(model, n);
                self.seek = None;
            }
            Some((None, None)) => self.seek = None,
            _ => {}
        }
    }
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    model: &mut Model,
    load: &mut Load,
) -> io::Result<()> {
    while !model.quit {
        load.advance(model)?;
        let size = terminal.size()?;
        if (size.width, size.height) != (model.width, model.height) {
            update(
                model,
                Action::Resize {
                    width: size.width,
                    height: size.height,
                },
            );
        }
        terminal.draw(|frame| view::render(model, frame))?;
        // While loading, wake up often to fold in more and redraw; once
        // loaded, sleep until the user does something.
        let wait = if load.feed.is_finished() {
            Duration::from_secs(3600)
        } else {
            Duration::from_millis(15)
        };
        if !event::poll(wait)? {
            continue;
        }
        if let Some(action) = translate(event::read()?, model) {
            update(model, action);
        }
    }
    Ok(())
}

/// What a terminal event means, if anything.
fn translate(event: Event, model: &Model) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            keymap::action_for(model.context(), key)
        }
        Event::Mouse(mouse) => {
            let (column, row) = (mouse.column, mouse.row);
            match mouse.kind {
                MouseEventKind::Down(event::MouseButton::Left) => {
                    Some(Action::Click { column, row })
                }
                MouseEventKind::ScrollUp => Some(Action::ScrollUp { column, row }),
                MouseEventKind::ScrollDown => Some(Action::ScrollDown { column, row }),
                _ => None,
            }
        }
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        _ => None,
    }
}
