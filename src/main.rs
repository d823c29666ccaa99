//! The `rewind` binary: parses arguments and hands over to the library.

// Outside tests, a failure is handled or explained, never unwrapped: a
// panic in the debugger costs the user their view (the terminal is restored,
// but the session is gone).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

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
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let result = match &args.command {
        Some(Command::State {
            log,
            seek,
            account,
            json,
            schema,
        }) => cli::state(
            log,
            &seek.seek(),
            account.as_deref(),
            *json,
            schema.as_deref(),
            &mut out,
        ),
        Some(Command::Check { log, json, schema }) => {
            cli::check(log, *json, schema.as_deref(), &mut out)
        }
        Some(Command::Schemas { name }) => cli::schemas(name.as_deref(), &mut out),
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
            Some(log) => cli::schema(args.schema.as_deref()).and_then(|schema| {
                let zone = match args.tz {
                    cli::Tz::Utc => rewind::tui::format::Zone::Utc,
                    cli::Tz::Local => rewind::tui::format::Zone::Local,
                };
                rewind::tui::run(log, &args.seek.seek(), args.follow, zone, schema)
            }),
            None => Err(Fatal(
                "no log given: try `rewind sample-logs/classic.jsonl`, or `rewind --help`".into(),
            )),
        },
    };
    let flushed = out.flush();
    match (result, flushed) {
        (Ok(code), Ok(())) => ExitCode::from(code as u8),
        // A closed pipe (`rewind check LOG | head`) is not an error.
        (Ok(code), Err(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::from(code as u8)
        }
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
