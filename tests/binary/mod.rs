//! Running the real binary, for the CLI tests: its output, exit code and
//! standard error as a script would see them.

#![allow(dead_code)]

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Where the tests' rewind looks for its settings: nowhere that exists, so
/// that no test reads the settings of whoever runs it. A test of the
/// settings file gives its own (`rewind_with_config`).
pub const NO_CONFIG: &str = "/nonexistent/rewind-tests-read-no-settings";

/// The binary, with no settings file and no `NO_COLOR` from the caller.
pub fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rewind"));
    command
        .env("XDG_CONFIG_HOME", NO_CONFIG)
        .env_remove("NO_COLOR");
    command
}

pub fn rewind(args: &[&str]) -> Output {
    command()
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .expect("run rewind")
}

pub fn rewind_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = command()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn rewind");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

pub fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// (event, code) of each diagnostic in `check --json`'s output.
pub fn diagnostic_codes(out: &Output) -> Vec<(u64, String)> {
    json(out)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["event"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Runs `test` with the paths of `schema` and `log` written to a scratch
/// directory of its own for test `name`, removed after.
pub fn with_files(name: &str, schema: &str, log: &str, test: impl FnOnce(&str, &str)) {
    let dir = std::env::temp_dir().join(format!("rewind-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (schema_path, log_path) = (dir.join("schema.toml"), dir.join("log.jsonl"));
    std::fs::write(&schema_path, schema).unwrap();
    std::fs::write(&log_path, log).unwrap();
    test(schema_path.to_str().unwrap(), log_path.to_str().unwrap());
    std::fs::remove_dir_all(&dir).ok();
}
