//! PostgreSQL sources against a real server: `.ci/run` starts a throwaway
//! cluster and sets `REWIND_TEST_PG_URL`. Without it these tests fail on
//! CI (`CI=true`) and, elsewhere, say they did not run.
//!
//! Each test works in a database of its own. Each preset's table, created
//! with the store's real column names and types and filled with its sample
//! log, reads exactly as the same rows exported to JSON Lines; so do random
//! logs (a property); rewind's transaction cannot write; filters are
//! pushed into the query; a followed store survives its connection being
//! killed; every error exits 2 with one line and never the password.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod binary;
mod db;

use binary::{rewind, stderr, stdout};
use db::postgres::{fill, insert, server, Database};
use db::{assert_same_as_file, export, ordered, rows_of, stores, Scratch, Screen};
use serde_json::Value;

#[test]
fn each_presets_table_reads_as_its_rows_exported_to_json_lines() {
    let Some(server) = server() else { return };
    for store in stores() {
        let db = Database::new(&server, &store.preset.replace('-', "_"));
        let rows = rows_of(&std::fs::read_to_string(store.sample).unwrap());
        fill(&mut db.client(), &store, &rows);
        let scratch = Scratch::new(&format!("pg-{}", store.preset));
        let file = scratch.path("export.jsonl");
        export(&ordered(&store, rows), &file);
        assert_same_as_file(&db.url, file.to_str().unwrap(), store.preset, &[]);
    }
}

#[test]
fn tls_is_used_when_sslmode_requires_it() {
    let Some(server) = server() else { return };
    let db = Database::new(&server, "tls");
    let store = &stores()[1];
    fill(
        &mut db.client(),
        store,
        &rows_of(&std::fs::read_to_string(store.sample).unwrap()),
    );
    let sep = if db.url.contains('?') { '&' } else { '?' };
    for mode in ["require", "prefer", "disable"] {
        let url = format!("{}{sep}sslmode={mode}", db.url);
        let out = rewind(&["check", &url, "--schema", "marten"]);
        assert_eq!(out.status.code(), Some(0), "{mode}: {}", stderr(&out));
        assert!(
            stdout(&out).ends_with("15 events, 0 errors, 1 warning\n"),
            "{}",
            stdout(&out)
        );
    }
}

#[test]
fn rewinds_transaction_cannot_write() {
    let Some(server) = server() else { return };
    let db = Database::new(&server, "readonly");
    let store = &stores()[1];
    let mut client = db.client();
    fill(
        &mut client,
        store,
        &rows_of(&std::fs::read_to_string(store.sample).unwrap()),
    );
    // A function that writes, called from the only statement rewind sends.
    client
        .batch_execute("CREATE FUNCTION sneak() RETURNS int LANGUAGE sql AS $$ DELETE FROM mt_events; SELECT 1 $$")
        .unwrap();
    let out = rewind(&[
        "check",
        &db.url,
        "--schema",
        "marten",
        "--query",
        "SELECT *, sneak() AS s FROM mt_events",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("read-only transaction"),
        "{}",
        stderr(&out)
    );
    let rows: i64 = client
        .query_one("SELECT count(*) FROM mt_events", &[])
        .unwrap()
        .get(0);
    assert_eq!(rows, 15);
}

#[test]
fn account_and_time_filters_are_pushed_into_the_query() {
    let Some(server) = server() else { return };
    let db = Database::new(&server, "filters");
    let store = &stores()[1];
    let rows = rows_of(&std::fs::read_to_string(store.sample).unwrap());
    fill(&mut db.client(), store, &rows);
    let account = "779e6e65-ce03-4150-a26c-89324e409ece";
    let theirs: Vec<Value> = rows
        .iter()
        .filter(|r| {
            r["stream_id"] == account && r["timestamp"].as_str().unwrap() < "2024-05-08T23:59:59"
        })
        .cloned()
        .collect();
    assert!(!theirs.is_empty() && theirs.len() < rows.len());
    let scratch = Scratch::new("pg-filters");
    let file = scratch.path("theirs.jsonl");
    export(&theirs, &file);
    assert_same_as_file(
        &db.url,
        file.to_str().unwrap(),
        "marten",
        &["--account", account, "--until", "2024-05-08"],
    );
}

/// Waits until `f` holds, for at most 20 s.
fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !f() {
        assert!(
            start.elapsed().as_secs() < 20,
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_followed_store_survives_its_connection_being_killed() {
    let Some(server) = server() else { return };
    let db = Database::new(&server, "follow");
    let store = &stores()[2];
    let rows = rows_of(&std::fs::read_to_string(store.sample).unwrap());
    let mut client = db.client();
    fill(&mut client, store, &rows[..5]);
    let schema = rewind::schema::Schema::load("message-db").unwrap();
    let location = rewind::log::db::locate(std::path::Path::new(&db.url)).unwrap();
    let request = rewind::log::db::Request {
        follow: true,
        poll: Some(std::time::Duration::from_millis(50)),
        ..Default::default()
    };
    let spool = rewind::log::db::start(&location, &schema, &request).unwrap();
    let read = || spool.shared.rows.load(std::sync::atomic::Ordering::Acquire);
    eventually("the first rows", || read() == 5);
    // A writer appends while the reader follows; the reader's connection
    // is killed in the middle.
    for (i, row) in rows[5..].iter().enumerate() {
        insert(&mut client, store, std::slice::from_ref(row));
        if i == 6 {
            let killed: i64 = client
                .query_one(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'rewind' AND datname = current_database()",
                    &[],
                )
                .unwrap()
                .get(0);
            assert_eq!(killed, 1);
        }
    }
    eventually("every row, once", || read() == rows.len() as u64);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(read(), rows.len() as u64, "no row read twice");
    let got = std::fs::read_to_string(spool.path()).unwrap();
    let scratch = Scratch::new("pg-follow");
    let (followed, file) = (scratch.path("followed.jsonl"), scratch.path("export.jsonl"));
    std::fs::write(&followed, got).unwrap();
    export(&rows, &file);
    assert_same_as_file(
        followed.to_str().unwrap(),
        file.to_str().unwrap(),
        "message-db",
        &[],
    );
    let full = rewind(&["state", &db.url, "--schema", "message-db", "--json"]);
    let followed = rewind(&[
        "state",
        followed.to_str().unwrap(),
        "--schema",
        "message-db",
        "--json",
    ]);
    assert_eq!(stdout(&full), stdout(&followed));
}

#[test]
fn each_error_exits_2_with_one_line_and_never_the_password() {
    let Some(server) = server() else { return };
    let db = Database::new(&server, "errors");
    let mut client = db.client();
    fill(&mut client, &stores()[1], &[]);
    client
        .batch_execute("CREATE ROLE rewind_nobody LOGIN PASSWORD 'nobody-pw-42'")
        .ok();
    let password = server
        .split_once("://")
        .and_then(|(_, r)| r.split_once('@'))
        .and_then(|(u, _)| u.split_once(':'))
        .map(|(_, p)| p.to_owned())
        .unwrap_or_default();
    let wrong = db
        .url
        .replacen(&format!(":{password}@"), ":wrong-pw-42@", 1);
    let host = db
        .url
        .split_once('@')
        .unwrap()
        .1
        .split_once('/')
        .unwrap()
        .0
        .to_owned();
    let refused = db.url.replacen(&host, "127.0.0.1:1", 1);
    let nobody = format!("postgres://rewind_nobody:nobody-pw-42@{host}/{}", db.name);
    let bad_port = format!("postgres://rewind:{password}@localhost:notaport/x");
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            vec!["check", &bad_port, "--schema", "marten"],
            "cannot read the URL",
            &password,
        ),
        (
            vec!["check", &refused, "--schema", "marten"],
            "cannot connect to",
            &password,
        ),
        (
            vec!["check", &wrong, "--schema", "marten"],
            "password authentication failed",
            "wrong-pw-42",
        ),
        (
            vec!["check", &db.url, "--schema", "cqrs-es"],
            "relation \"events\" does not exist",
            &password,
        ),
        (
            vec![
                "check",
                &db.url,
                "--schema",
                "marten",
                "--query",
                "SELECT nope FROM mt_events",
            ],
            "column \"nope\" does not exist",
            &password,
        ),
        (
            vec!["check", &nobody, "--schema", "marten"],
            "permission denied",
            "nobody-pw-42",
        ),
        (
            vec!["state", &db.url, "--schema", "bank"],
            "no table to read",
            &password,
        ),
    ];
    for (args, want, secret) in cases {
        let out = rewind(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(want), "want {want:?}: {err}");
        assert!(
            !secret.is_empty() && !err.contains(secret),
            "the password shows: {err}"
        );
        assert!(!stdout(&out).contains(secret));
    }
}

#[test]
fn the_debugger_follows_a_store_through_a_killed_connection() {
    let Some(server) = server() else { return };
    let db = Database::new(&server, "tui_follow");
    let store = &stores()[2];
    let rows = rows_of(&std::fs::read_to_string(store.sample).unwrap());
    let mut client = db.client();
    fill(&mut client, store, &rows[..5]);
    let screen = Screen::open(&format!(
        "{} '{}' --schema message-db --follow --poll 50; sleep 30",
        env!("CARGO_BIN_EXE_rewind"),
        db.url
    ));
    screen.wait("the first screen", "State after event 5 of 5 ");
    let title = screen.text();
    assert!(title.contains("@rewind_tui_follow"), "{title}");
    let password = server
        .split_once("://")
        .and_then(|(_, r)| r.split_once('@'))
        .and_then(|(u, _)| u.split_once(':'))
        .map(|(_, p)| p);
    assert!(
        !title.contains(password.unwrap_or("\u{0}")),
        "the password shows: {title}"
    );
    for (i, row) in rows[5..].iter().enumerate() {
        insert(&mut client, store, std::slice::from_ref(row));
        if i == 3 {
            screen.wait("rows appended while following", "State after event 9 of 9 ");
            client
                .execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'rewind' AND datname = current_database()", &[])
                .unwrap();
        }
    }
    let last = format!("State after event {n} of {n} ", n = rows.len());
    screen.wait("every row, once", &last);
    assert!(screen.text().contains("following"));
}

#[test]
fn a_password_comes_from_pgpassword_or_a_pgpass_file_as_libpq_takes_it() {
    let Some(server) = server() else { return };
    let db = Database::new(&server, "pgpass");
    fill(&mut db.client(), &stores()[1], &[]);
    let (user_part, host_part) = db.url.split_once("://").unwrap().1.split_once('@').unwrap();
    let (user, password) = user_part.split_once(':').unwrap();
    let without = format!("postgres://{user}@{host_part}");
    let (host, port) = host_part
        .split_once('/')
        .unwrap()
        .0
        .split_once(':')
        .unwrap();
    let scratch = Scratch::new("pgpass");
    let pgpass = scratch.path("pgpass");
    std::fs::write(
        &pgpass,
        format!("# comment\nother:1:*:*:nope\n{host}:{port}:*:{user}:{password}\n"),
    )
    .unwrap();
    let run = |env: &[(&str, &str)]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_rewind"))
            .args(["check", &without, "--schema", "marten"])
            .env_remove("PGPASSWORD")
            .env("PGPASSFILE", "/nonexistent")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(run(&[]).0, Some(2), "no password anywhere");
    assert_eq!(run(&[("PGPASSWORD", password)]), (Some(0), String::new()));
    assert_eq!(
        run(&[("PGPASSFILE", pgpass.to_str().unwrap())]),
        (Some(0), String::new())
    );
}

#[test]
fn json_held_as_bytea_or_text_reads_as_the_object_it_holds() {
    let Some(server) = server() else { return };
    let db = Database::new(&server, "bytea");
    let store = &stores()[1];
    let rows = rows_of(&std::fs::read_to_string(store.sample).unwrap());
    let mut client = db.client();
    fill(&mut client, store, &rows);
    client
        .batch_execute(
            "CREATE TABLE as_bytea AS SELECT seq_id, id, stream_id, version, convert_to(data::text, 'UTF8') AS data, type, timestamp FROM mt_events;
             CREATE TABLE as_text AS SELECT seq_id, id, stream_id, version, data::text AS data, type, timestamp FROM mt_events;",
        )
        .unwrap();
    let scratch = Scratch::new("pg-bytea");
    let file = scratch.path("export.jsonl");
    export(&rows, &file);
    for table in ["as_bytea", "as_text"] {
        assert_same_as_file(
            &db.url,
            file.to_str().unwrap(),
            "marten",
            &["--table", table],
        );
    }
}
