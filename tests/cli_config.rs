//! Fitting in: the settings file and its errors, `rewind config` (and the
//! README's copy of it), `--color`, shell completions, the man page and
//! `--version`.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod binary;

use binary::{command, rewind, stderr, stdout};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const CLASSIC: &str = "sample-logs/classic.jsonl";

/// rewind with `config` as its settings file, found where it looks for one
/// (`$XDG_CONFIG_HOME/rewind/config.toml`), in a scratch folder.
fn with_config(config: &str, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("rewind")).unwrap();
    std::fs::write(dir.path().join("rewind/config.toml"), config).unwrap();
    command()
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XDG_CONFIG_HOME", dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// The one line a bad settings file gives, with its path as `FILE`.
fn config_error(config: &str) -> String {
    let out = with_config(config, &["check", CLASSIC]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    let (_, rest) = err.split_once("config.toml: ").unwrap();
    rest.trim_end().to_owned()
}

#[test]
fn a_bad_settings_file_is_one_line_naming_the_key_and_its_line() {
    assert_eq!(
        config_error("theme = \"light\"\n\ntheme_ = \"dark\"\n"),
        "unknown field `theme_`, expected one of `theme`, `time_zone`, `schema`, `keys` (line 3)"
    );
    assert_eq!(
        config_error("theme = \"blue\"\n"),
        "theme: unknown variant `blue`, expected `dark` or `light` (line 1)"
    );
    assert_eq!(
        config_error("[keys.mian]\nup = [\"k\"]\n"),
        "unknown field `mian` in keys, expected one of `main`, `help`, `list`, `prompt`, `letter` (line 1)"
    );
    assert_eq!(
        config_error("[keys.main]\nup = [\"Ctrl-\"]\n"),
        "keys.main.up: `Ctrl-` is not a key; write keys as the help (?) does: k, G, Ctrl-O, PgDn, Space, Up, F1 (line 2)"
    );
    assert_eq!(
        config_error("[keys.main]\nup = \"k\"\n"),
        "keys.main.up: invalid type: string \"k\", expected a sequence (line 2)"
    );
    assert_eq!(
        config_error("time_zone = \n"),
        "not TOML: string values must be quoted, expected literal string (line 1)"
    );
}

#[test]
fn an_unknown_action_lists_the_valid_ones() {
    let err = config_error("[keys.letter]\n\nstop = [\"x\"]\n");
    assert_eq!(
        err,
        "unknown action `stop` in keys.letter, expected one of `cancel` (line 3)"
    );
    let err = config_error("[keys.main]\nupp = [\"k\"]\n");
    assert!(
        err.starts_with("unknown action `upp` in keys.main, expected one of `up`, `down`, `back`,"),
        "{err}"
    );
    assert!(err.ends_with("`open_skipped` (line 2)"), "{err}");
}

#[test]
fn a_key_bound_twice_in_one_context_is_an_error() {
    // `j` still moves down: binding it to up as well is a clash.
    assert_eq!(
        config_error("[keys.main]\nup = [\"j\"]\n"),
        "keys.main: `j` is bound to both up and down (line 2)"
    );
    assert_eq!(
        config_error("[keys.list]\nfirst = [\"Home\"]\nremove = [\"Enter\"]\n"),
        "keys.list: `Enter` is bound to both submit and remove (line 3)"
    );
    assert_eq!(
        config_error("[keys.main]\nredraw = [\"Ctrl-C\"]\n"),
        "keys.main: `Ctrl-C` is bound to both Ctrl-C, which always quits and redraw (line 2)"
    );
    // Swapped, and the same key in two contexts, is fine.
    let swapped =
        "[keys.main]\nup = [\"j\"]\ndown = [\"k\"]\n[keys.list]\nup = [\"j\"]\ndown = [\"k\"]\n";
    let out = with_config(swapped, &["check", CLASSIC]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn config_names_a_file_that_must_exist() {
    let out = rewind(&["check", CLASSIC, "--config", "/nonexistent/rewind.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "rewind: config /nonexistent/rewind.toml: no such file\n"
    );
}

#[test]
fn rewind_config_prints_a_file_that_reads_as_the_defaults() {
    let text = stdout(&rewind(&["config"]));
    assert!(text.contains("# up = [\"↑\", \"k\"]"), "{text}");
    let plain = rewind(&["check", "sample-logs/bank.jsonl"]);
    let with = with_config(&text, &["check", "sample-logs/bank.jsonl"]);
    assert_eq!(with.status.code(), plain.status.code());
    assert_eq!(stdout(&with), stdout(&plain));
    assert_eq!(stderr(&with), "");
    // Every commented binding, uncommented, is the default binding again.
    let uncommented = text.replace("\n# ", "\n").replace("\n#\n", "\n");
    let uncommented: String = uncommented
        .lines()
        .filter(|l| l.starts_with('[') || l.contains(" = ["))
        .map(|l| format!("{l}\n"))
        .collect();
    let out = with_config(&uncommented, &["check", CLASSIC]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{uncommented}",
        stderr(&out)
    );
}

#[test]
fn the_readme_shows_the_settings_file_as_rewind_config_prints_it() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let marker = "<!-- config-file: rewind config -->\n```toml\n";
    let start = readme.find(marker).expect("the settings file's marker") + marker.len();
    let end = start + readme[start..].find("```\n").unwrap();
    assert_eq!(&readme[start..end], stdout(&rewind(&["config"])));
}

#[test]
fn the_default_schema_comes_from_the_settings_and_a_file_beside_them() {
    let cqrs = "sample-logs/cqrs-es.jsonl";
    let preset = with_config("schema = \"cqrs-es\"\n", &["check", cqrs]);
    let given = rewind(&["check", cqrs, "--schema", "cqrs-es"]);
    assert_eq!(stdout(&preset), stdout(&given));
    assert!(stderr(&preset).is_empty(), "{}", stderr(&preset));
    // --schema wins.
    let bank = with_config(
        "schema = \"cqrs-es\"\n",
        &["check", cqrs, "--schema", "bank"],
    );
    assert_eq!(stdout(&bank), stdout(&rewind(&["check", cqrs])));
    // A relative file is found beside the settings file.
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("sample-logs/payments.toml"),
        dir.path().join("payments.toml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("settings.toml"),
        "schema = \"payments.toml\"\n",
    )
    .unwrap();
    let settings = dir.path().join("settings.toml");
    let payments = "sample-logs/payments.jsonl";
    let out = rewind(&["state", payments, "--config", settings.to_str().unwrap()]);
    let given = rewind(&["state", payments, "--schema", "sample-logs/payments.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), stdout(&given));
}

#[test]
fn check_colours_severities_only_when_asked_or_on_a_terminal() {
    let log = "sample-logs/every-diagnostic.jsonl";
    let piped = rewind(&["check", log]);
    assert!(!piped.stdout.contains(&0x1b), "no colour in a pipe");
    for flag in ["never", "auto"] {
        let out = rewind(&["check", log, "--color", flag]);
        assert_eq!(out.stdout, piped.stdout, "--color {flag}");
    }
    let always = stdout(&rewind(&["check", log, "--color", "always"]));
    assert!(
        always.contains("\x1b[1;31merror[malformed_json]\x1b[0m"),
        "{always}"
    );
    assert!(always.contains("\x1b[1;33mwarning["), "{always}");
    let stripped = always
        .replace("\x1b[1;31m", "")
        .replace("\x1b[1;33m", "")
        .replace("\x1b[0m", "");
    assert_eq!(stripped, stdout(&piped));
    // `always` wins over NO_COLOR; JSON is never coloured.
    let out = command()
        .args(["check", log, "--color", "always"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(stdout(&out), always);
    let json = rewind(&["check", log, "--json", "--color", "always"]);
    assert!(!json.stdout.contains(&0x1b));
}

#[test]
fn bash_accepts_the_bash_completions_and_every_shell_gets_the_presets() {
    let script = rewind(&["completions", "bash"]);
    assert_eq!(script.status.code(), Some(0));
    let mut bash = Command::new("bash")
        .arg("-n")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bash");
    bash.stdin
        .take()
        .unwrap()
        .write_all(&script.stdout)
        .unwrap();
    let checked = bash.wait_with_output().unwrap();
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    let bash = stdout(&script);
    assert!(bash.contains(
        "compgen -W \"bank cqrs-es kurrentdb marten message-db payments\" -- \"${cur}\"; compgen -f"
    ));
    // Elvish's and PowerShell's scripts complete flags, not their values.
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = rewind(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = stdout(&out);
        let values = ["zsh", "fish"].contains(&shell);
        assert_eq!(text.contains("kurrentdb"), values, "{shell}: {text}");
        assert!(text.contains("completions"), "{shell}");
    }
    let out = rewind(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_man_page_renders_without_warnings() {
    let page = rewind(&["man"]);
    assert_eq!(page.status.code(), Some(0));
    let man = Command::new("man")
        .args(["--warnings", "-l", "-"])
        .env("MANWIDTH", "80")
        .env("LC_ALL", "C.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut man = match man {
        Ok(man) => man,
        // Only outside CI may the man page go unread (CI installs man-db).
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: no man here ({e}); CI runs it");
            return;
        }
        Err(e) => panic!("CI must have man (man-db) installed: {e}"),
    };
    man.stdin.take().unwrap().write_all(&page.stdout).unwrap();
    let out = man.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "man warns");
    let text = stdout(&out);
    for seen in [
        "rewind state",
        "rewind check",
        "--schema",
        "NO_COLOR",
        "config.toml",
    ] {
        assert!(text.contains(seen), "{seen} in {text}");
    }
}

#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let version = stdout(&rewind(&["--version"]));
    let expected = format!("rewind {}", env!("CARGO_PKG_VERSION"));
    assert!(version.starts_with(&expected), "{version}");
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output();
    if let Some(head) = head.ok().filter(|h| h.status.success()) {
        // Built from this checkout: its commit (HEAD may have moved since
        // the build only in a tree being worked in).
        assert!(version.contains(" (commit "), "{version}");
        let head = String::from_utf8_lossy(&head.stdout).trim().to_owned();
        if std::env::var_os("CI").is_some() {
            assert!(version.contains(&head), "{version} at {head}");
        }
    }
}

#[test]
fn a_broken_settings_file_does_not_keep_rewind_config_from_printing_a_new_one() {
    let out = with_config("theme = \n", &["config"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), stdout(&rewind(&["config"])));
}

#[test]
fn prompts_keep_their_letters() {
    assert_eq!(
        config_error("[keys.prompt]\ncancel = [\"q\"]\n"),
        "keys.prompt.cancel: `q` is a letter typed there; bind a key such as Esc, Enter or Ctrl-G (line 2)"
    );
    let out = with_config(
        "[keys.prompt]\ncancel = [\"Esc\", \"Ctrl-G\"]\n",
        &["check", CLASSIC],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
