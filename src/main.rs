//! The `rewind` binary: parses arguments and hands over to the library.

use clap::{CommandFactory, Parser};
use rewind::cli::{self, Cli, Command};
use rewind::replay::seek::Fatal;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Cli::parse();
    // The settings file, for the commands that read a log: a bad one stops
    // them, as a bad schema does, before anything is read. The others
    // (`rewind config` above all, to start a broken file again) read none.
    let reads_a_log = matches!(
        args.command,
        None | Some(Command::State { .. }) | Some(Command::Check { .. })
    );
    let config = match reads_a_log {
        true => rewind::tui::config::load(args.config.as_deref()),
        false => Ok(rewind::tui::config::Config::default()),
    };
    let config = match config {
        Ok(config) => config,
        Err(message) => {
            eprintln!("rewind: {message}");
            return ExitCode::from(2);
        }
    };
    // `--schema`, else the config file's, else the default.
    let schema_or_config = |schema: &Option<String>| {
        schema
            .as_deref()
            .or(config.schema.as_deref())
            .map(str::to_owned)
    };
    // Not `stdout().lock()` for the whole run: the debugger's signal and
    // panic handling restore the terminal from other threads, and would
    // wait forever on a lock the main thread never lets go of.
    let mut out = Output::default();
    let result = match &args.command {
        Some(Command::State {
            log,
            seek,
            account,
            json,
            schema,
            what_if,
            source,
        }) => {
            let schema = schema_or_config(schema);
            let request = source.request(account.as_deref(), false);
            let reading = cli::Reading {
                schema: schema.as_deref(),
                request: &request,
                what_if,
            };
            cli::state(
                log,
                &seek.seek(),
                account.as_deref(),
                *json,
                &reading,
                &mut out,
            )
        }
        Some(Command::Check {
            log,
            json,
            schema,
            what_if,
            account,
            source,
        }) => {
            let colour = args.color.colour(std::io::stdout().is_terminal());
            let schema = schema_or_config(schema);
            let request = source.request(account.as_deref(), false);
            let reading = cli::Reading {
                schema: schema.as_deref(),
                request: &request,
                what_if,
            };
            cli::check(log, *json, &reading, colour, &mut out)
        }
        Some(Command::Config) => out
            .write_all(rewind::tui::config::default_text().as_bytes())
            .map(|()| 0)
            .map_err(Fatal::from),
        Some(Command::Completions { shell }) => cli::completions(*shell, Cli::command(), &mut out)
            .map(|()| 0)
            .map_err(Fatal::from),
        Some(Command::Man) => cli::man(Cli::command(), &mut out).map(|()| 0).map_err(Fatal::from),
        Some(Command::Schemas { name }) => cli::schemas(name.as_deref(), &mut out),
        Some(Command::Generate { accounts: 0, .. }) => Err(Fatal(
            "--accounts 0: a log needs at least one account".into(),
        )),
        Some(Command::Generate {
            events,
            accounts,
            seed,
        }) => {
            let spec = rewind::generate::Spec {
                events: *events,
                accounts: *accounts,
                seed: *seed,
            };
            rewind::generate::generate(spec, &mut out)
                .map(|()| 0)
                .map_err(Fatal::from)
        }
        None => match &args.log {
            Some(log) if args.source.explain => cli::explain(
                log,
                schema_or_config(&args.schema).as_deref(),
                &args.source.request(args.account.as_deref(), args.follow),
                &mut out,
            ),
            // A database, a time window or one account's rows go through
            // run_store; a plain log file it hands to the debugger as is.
            Some(log) => cli::schema(schema_or_config(&args.schema).as_deref()).and_then(|schema| {
                let request = args.source.request(args.account.as_deref(), args.follow);
                let zone = match args.tz {
                    Some(cli::Tz::Utc) => rewind::tui::format::Zone::Utc,
                    Some(cli::Tz::Local) => rewind::tui::format::Zone::Local,
                    None => config.zone.unwrap_or_default(),
                };
                // The theme and keys are the drawing thread's, this one's.
                if args.color == cli::ColorChoice::Always {
                    rewind::tui::config::force_colour();
                }
                let _settings = config.install(args.color.colour(true));
                let session = session_choice(&args);
                rewind::tui::run_store(log, &request, &args.seek.seek(), zone, schema, &session)
            }),
            None => Err(Fatal(
                "no log given: try `rewind generate --events 1000 > demo.jsonl && rewind demo.jsonl`, or `rewind --help`".into(),
            )),
        },
    };
    let flushed = out.flush();
    if out.closed {
        // A closed pipe (`rewind state LOG | head -1`) is not an error: the
        // reader has what it wanted, and the command ends quietly, as `cat`
        // and `jq` do; a verdict it had reached (`check`'s 1) still stands.
        return match result {
            Ok(code) => ExitCode::from(code as u8),
            Err(_) => ExitCode::SUCCESS,
        };
    }
    match (result, flushed) {
        (Ok(code), Ok(())) => ExitCode::from(code as u8),
        (Err(Fatal(message)), _) => {
            eprintln!("rewind: {message}");
            ExitCode::from(2)
        }
        (Ok(_), Err(e)) => {
            eprintln!("rewind: cannot write output: {e}");
            ExitCode::from(2)
        }
    }
}

/// Standard output, buffered, remembering whether its reader has gone away
/// (a write failed with a broken pipe): the command that was writing stops
/// with that error, and `main` ends quietly instead of reporting it.
struct Output {
    inner: std::io::BufWriter<std::io::Stdout>,
    closed: bool,
}

impl Default for Output {
    fn default() -> Self {
        Output {
            inner: std::io::BufWriter::new(std::io::stdout()),
            closed: false,
        }
    }
}

impl Output {
    fn watch<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &result {
            self.closed |= e.kind() == std::io::ErrorKind::BrokenPipe;
        }
        result
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let result = self.inner.write(buf);
        self.watch(result)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.inner.flush();
        self.watch(result)
    }
}

/// Where the debugger keeps its session: `--no-session`, `--session FILE`,
/// else the state directory.
fn session_choice(args: &Cli) -> rewind::tui::session::Choice {
    match (&args.session, args.no_session) {
        (_, true) => rewind::tui::session::Choice::None,
        (Some(file), false) => rewind::tui::session::Choice::File(file.clone()),
        (None, false) => rewind::tui::session::Choice::Default,
    }
}
