//! The `rewind` binary: parses arguments and hands over to the library.

use clap::Parser;
use rewind::cli::{self, Cli, Command};
use rewind::replay::seek::Fatal;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Cli::parse();
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
            source,
        }) => cli::state(
            log,
            &seek.seek(),
            account.as_deref(),
            *json,
            schema.as_deref(),
            &source.request(account.as_deref(), false),
            &mut out,
        ),
        Some(Command::Check {
            log,
            json,
            schema,
            account,
            source,
        }) => cli::check(
            log,
            *json,
            schema.as_deref(),
            &source.request(account.as_deref(), false),
            &mut out,
        ),
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
                args.schema.as_deref(),
                &args.source.request(args.account.as_deref(), args.follow),
                &mut out,
            ),
            Some(log)
                if rewind::log::db::locate(log).is_some()
                    || args.source.since.is_some()
                    || args.source.until.is_some()
                    || args.account.is_some() =>
            {
                cli::schema(args.schema.as_deref()).and_then(|schema| {
                    let request = args.source.request(args.account.as_deref(), args.follow);
                    let zone = match args.tz {
                        cli::Tz::Utc => rewind::tui::format::Zone::Utc,
                        cli::Tz::Local => rewind::tui::format::Zone::Local,
                    };
                    rewind::tui::run_store(log, &request, &args.seek.seek(), zone, schema)
                })
            }
            Some(log) => cli::schema(args.schema.as_deref()).and_then(|schema| {
                let zone = match args.tz {
                    cli::Tz::Utc => rewind::tui::format::Zone::Utc,
                    cli::Tz::Local => rewind::tui::format::Zone::Local,
                };
                rewind::tui::run(log, &args.seek.seek(), args.follow, zone, schema)
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
