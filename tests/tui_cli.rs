//! The debugger beside the commands: it counts diagnostics as `rewind
//! check` does (the status line's `✖ E ▲ W` are check's errors and
//! warnings, unreadable lines included, and `D` lists as many), and takes
//! `--tz`.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod binary;

use binary::NO_CONFIG;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use rewind::tui::{update, view, Message, Model};
use serde_json::Value;
use std::process::Command;

/// The screen, drawn as the debugger draws it (TestBackend prints its lines).
fn shown(model: &Model) -> String {
    let mut terminal = Terminal::new(TestBackend::new(model.width, model.height)).unwrap();
    terminal.draw(|frame| view::render(model, frame)).unwrap();
    terminal.backend().to_string()
}

#[test]
fn the_status_line_and_the_list_count_what_check_counts() {
    for sample in ["every-diagnostic.jsonl", "bank.jsonl", "classic.jsonl"] {
        let path = format!("{}/sample-logs/{sample}", env!("CARGO_MANIFEST_DIR"));
        let out = Command::new(env!("CARGO_BIN_EXE_rewind"))
            .env("XDG_CONFIG_HOME", NO_CONFIG)
            .args(["check", &path, "--json"])
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let (errors, warnings) = (
            doc["errors"].as_u64().unwrap(),
            doc["warnings"].as_u64().unwrap(),
        );
        let mut model = Model::from_log(&std::fs::read(&path).unwrap(), sample.into(), 1);
        update(
            &mut model,
            Message::Resize {
                width: 200,
                height: 50,
            },
        );
        let screen = shown(&model);
        if errors + warnings > 0 {
            let counts = format!("✖ {errors} ▲ {warnings}");
            assert!(
                screen.contains(&counts),
                "{sample}: no `{counts}` in\n{screen}"
            );
        }
        update(&mut model, Message::OpenDiagnostics);
        let listed = format!("Diagnostics · {} ", errors + warnings);
        let screen = shown(&model);
        assert!(
            screen.contains(&listed),
            "{sample}: no `{listed}` in\n{screen}"
        );
    }
}

#[test]
fn tz_takes_utc_or_local_and_refuses_anything_else() {
    let run = |tz: &str| {
        Command::new(env!("CARGO_BIN_EXE_rewind"))
            .env("XDG_CONFIG_HOME", NO_CONFIG)
            .args(["sample-logs/bank.jsonl", "--tz", tz])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap()
    };
    for tz in ["utc", "local"] {
        let out = run(tz);
        let err = String::from_utf8_lossy(&out.stderr);
        // Accepted: it goes on to need a terminal, which a test has not.
        assert!(err.contains("not a terminal"), "--tz {tz}: {err}");
    }
    let out = run("mars");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("possible values: utc, local"), "{err}");
}

#[test]
fn a_schema_s_policies_count_in_the_debugger_as_in_check() {
    let dir = std::env::temp_dir().join(format!("rewind-tui-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let sample = std::fs::read_to_string(format!("{root}/sample-logs/accounts.toml")).unwrap();
    let schema_path = dir.join("accounts.toml");
    std::fs::write(
        &schema_path,
        sample.replace(
            "[diagnostics]\n",
            "[diagnostics]\naccount_frozen = \"reject\"\nnot_frozen = \"off\"\n",
        ),
    )
    .unwrap();
    let log = format!("{root}/sample-logs/accounts.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_rewind"))
        .env("XDG_CONFIG_HOME", NO_CONFIG)
        .args(["check", &log, "--json", "--schema"])
        .arg(&schema_path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (doc["errors"].as_u64(), doc["warnings"].as_u64()),
        (Some(1), Some(1))
    );
    let schema = rewind::schema::Schema::load(schema_path.to_str().unwrap()).unwrap();
    let mut model =
        Model::from_log_with(&std::fs::read(&log).unwrap(), schema, "accounts".into(), 1);
    update(
        &mut model,
        Message::Resize {
            width: 200,
            height: 50,
        },
    );
    let screen = shown(&model);
    assert!(screen.contains("✖ 1 ▲ 1"), "{screen}");
    // The rejected deposit is not applied and an error; the unfreeze whose
    // finding is off has no mark at all (no tick on the scrub bar).
    use rewind::replay::flags;
    let index = model.index();
    assert_eq!(
        index.flags(5) & (flags::APPLIED | flags::ERROR),
        flags::ERROR
    );
    assert_eq!(index.flags(6), flags::APPLIED);
    update(&mut model, Message::OpenDiagnostics);
    let screen = shown(&model);
    assert!(screen.contains("Diagnostics · 2 "), "{screen}");
    assert!(!screen.contains("not_frozen"), "{screen}");
    std::fs::remove_dir_all(&dir).ok();
}
