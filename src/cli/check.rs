//! `rewind check`: every diagnostic in a log.

use super::open::{open_and_index, schema as schema_named, Reading};
use super::printable::printable;
use crate::domain::{Diagnostic, Severity};
use crate::replay::seek::Fatal;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// SGR sequences: bold red, bold yellow, and back to plain.
const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const RESET: &str = "\x1b[0m";

#[derive(Serialize)]
struct CheckJson<'a> {
    events: u32,
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
}

/// Exit code 0 without errors, 1 with. With `colour`, the text's
/// severities are coloured (errors red, warnings yellow), as compilers do;
/// without, the text is the same bytes as ever.
pub fn check(
    path: &Path,
    json: bool,
    reading: &Reading,
    colour: bool,
    out: &mut dyn Write,
) -> Result<i32, Fatal> {
    let Reading {
        schema,
        request,
        what_if,
    } = *reading;
    if request.explain {
        return super::open::explain(path, schema, request, out);
    }
    if request.account.is_some() && crate::log::db::locate(path).is_none() {
        return Err(Fatal(
            "--account: `check` reads one account's rows from a database; a log file is checked whole".into(),
        ));
    }
    let schema = schema_named(schema)?;
    let (_source, index) = open_and_index(path, schema, false, request, what_if)?;
    let diagnostics = index.diagnostics();
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    // The verdict stands whoever reads it: a reader that leaves early
    // (`rewind check LOG | head`) ends the printing quietly, not the exit
    // code a CI gate relies on.
    let printed = (|| -> std::io::Result<()> {
        if json {
            let doc = CheckJson {
                events: index.len(),
                errors,
                warnings,
                diagnostics,
            };
            serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
            writeln!(out)?;
        } else {
            let name = crate::log::db::name_of(path);
            for d in diagnostics {
                let at = match (d.event, &d.account) {
                    (Some(n), Some(acc)) => format!("event {n}, account {}: ", printable(acc)),
                    (Some(n), None) => format!("event {n}: "),
                    (None, _) => String::new(),
                };
                let (on, off) = match (colour, d.severity) {
                    (false, _) => ("", ""),
                    (true, Severity::Error) => (RED, RESET),
                    (true, Severity::Warning) => (YELLOW, RESET),
                };
                writeln!(
                    out,
                    "{name}:{}: {on}{}[{}]{off} {at}{}",
                    d.line,
                    d.severity.as_str(),
                    d.code,
                    printable(&d.message)
                )?;
            }
            let plural =
                |k: usize, what: &str| format!("{k} {what}{}", if k == 1 { "" } else { "s" });
            writeln!(
                out,
                "{}: {}, {}, {}",
                name,
                plural(index.len() as usize, "event"),
                plural(errors, "error"),
                plural(warnings, "warning")
            )?;
        }
        Ok(())
    })();
    match printed {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    Ok(i32::from(errors > 0))
}
