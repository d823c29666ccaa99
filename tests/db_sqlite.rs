//! SQLite sources on files the tests write: each preset's table, filled
//! with its sample log, reads exactly as the same rows exported to JSON
//! Lines (every diagnostic, the state at every position); `sqlite:PATH`
//! and a bare path (told by SQLite's header) alike; rewind's connection
//! cannot write; filters are pushed into the query; errors are one line.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod binary;
mod db;

use binary::{rewind, stderr, stdout};
use db::{assert_same_as_file, export, ordered, rows_of, stores, Scratch, Store};
use rusqlite::types::Value as Sql;
use serde_json::Value;
use std::path::Path;

/// Creates the store's table in a new SQLite file and inserts `rows`.
fn fill(store: &Store, rows: &[Value], path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(store.sqlite).unwrap();
    let marks = vec!["?"; store.columns.len()].join(", ");
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({marks})",
        store.table,
        store.columns.join(", ")
    );
    let mut insert = conn.prepare(&sql).unwrap();
    for row in rows {
        let values: Vec<Sql> = store
            .columns
            .iter()
            .map(|c| match &row[*c] {
                Value::Null => Sql::Null,
                Value::Bool(b) => Sql::Integer(i64::from(*b)),
                Value::Number(n) => match n.as_i64() {
                    Some(i) => Sql::Integer(i),
                    None => Sql::Real(n.as_f64().unwrap()),
                },
                Value::String(s) => Sql::Text(s.clone()),
                v => Sql::Text(v.to_string()),
            })
            .collect();
        insert.execute(rusqlite::params_from_iter(values)).unwrap();
    }
}

#[test]
fn each_presets_table_reads_as_its_rows_exported_to_json_lines() {
    for store in stores() {
        let scratch = Scratch::new(&format!("sqlite-{}", store.preset));
        let rows = rows_of(&std::fs::read_to_string(store.sample).unwrap());
        let db = scratch.path("store.db");
        fill(&store, &rows, &db);
        let file = scratch.path("export.jsonl");
        export(&ordered(&store, rows), &file);
        let file = file.to_str().unwrap();
        assert_same_as_file(&format!("sqlite:{}", db.display()), file, store.preset, &[]);
        // A bare path is recognised by SQLite's header.
        assert_same_as_file(db.to_str().unwrap(), file, store.preset, &[]);
    }
}

#[test]
fn rewinds_connection_cannot_write() {
    let scratch = Scratch::new("sqlite-readonly");
    let store = &stores()[1];
    let db = scratch.path("store.db");
    fill(
        store,
        &rows_of(&std::fs::read_to_string(store.sample).unwrap()),
        &db,
    );
    let conn = rewind::log::db::sqlite::open(&db, "store.db").unwrap();
    let err = conn
        .execute("DELETE FROM mt_events", [])
        .unwrap_err()
        .to_string();
    assert!(err.contains("readonly"), "{err}");
    // Nor through the command line: one statement, read-only.
    let out = rewind(&[
        "check",
        db.to_str().unwrap(),
        "--schema",
        "marten",
        "--query",
        "DELETE FROM mt_events RETURNING *",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let rows: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM mt_events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 15);
}

#[test]
fn account_and_time_filters_read_only_those_rows() {
    let scratch = Scratch::new("sqlite-filters");
    let store = &stores()[1];
    let rows = rows_of(&std::fs::read_to_string(store.sample).unwrap());
    let db = scratch.path("store.db");
    fill(store, &rows, &db);
    let account = "779e6e65-ce03-4150-a26c-89324e409ece";
    let theirs: Vec<Value> = rows
        .iter()
        .filter(|r| r["stream_id"] == account && r["timestamp"].as_str().unwrap() >= "2024-05-07")
        .cloned()
        .collect();
    assert!(!theirs.is_empty() && theirs.len() < rows.len());
    let file = scratch.path("theirs.jsonl");
    export(&theirs, &file);
    let db_arg = format!("sqlite:{}", db.display());
    let out = rewind(&[
        "check",
        &db_arg,
        "--schema",
        "marten",
        "--account",
        account,
        "--since",
        "2024-05-07",
        "--json",
    ]);
    let want = rewind(&[
        "check",
        file.to_str().unwrap(),
        "--schema",
        "marten",
        "--json",
    ]);
    assert_eq!(stdout(&out), stdout(&want));
    let explain = rewind(&[
        "state",
        &db_arg,
        "--schema",
        "marten",
        "--account",
        account,
        "--since",
        "2024-05-07",
        "--explain",
    ]);
    assert_eq!(
        stdout(&explain),
        format!("SELECT * FROM mt_events t WHERE t.\"stream_id\" = '{account}' AND julianday(t.\"timestamp\") >= julianday('2024-05-07T00:00:00Z') ORDER BY seq_id\n")
    );
}

#[test]
fn a_missing_file_table_or_column_exits_2_with_one_line() {
    let scratch = Scratch::new("sqlite-errors");
    let store = &stores()[1];
    let db = scratch.path("store.db");
    fill(store, &[], &db);
    let db_arg = format!("sqlite:{}", db.display());
    let cases: [(&[&str], &str); 4] = [
        (
            &["check", "sqlite:/nonexistent/x.db"],
            "cannot open sqlite:/nonexistent/x.db: no such file",
        ),
        (
            &["check", &db_arg, "--schema", "marten", "--table", "nope"],
            "no such table: nope",
        ),
        (
            &["check", &db_arg, "--schema", "cqrs-es"],
            "no such table: events",
        ),
        (&["check", &db_arg, "--schema", "bank"], "no table to read"),
    ];
    for (args, want) in cases {
        let out = rewind(args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
    // --account on a file: `check` would read everything, so it says so.
    let out = rewind(&[
        "check",
        store.sample,
        "--schema",
        "marten",
        "--account",
        "x",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out)
        .starts_with("rewind: --account: `check` reads one account's rows from a database"));
    let out = rewind(&[store.sample, "--schema", "marten", "--account", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("press & to filter the list by account"));
    // An empty table is an empty log.
    let out = rewind(&["check", &db_arg, "--schema", "marten"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn since_and_until_on_a_file_read_the_window_a_database_reads() {
    let scratch = Scratch::new("sqlite-window");
    let store = &stores()[1];
    let rows = rows_of(&std::fs::read_to_string(store.sample).unwrap());
    let db = scratch.path("store.db");
    fill(store, &rows, &db);
    let db_arg = format!("sqlite:{}", db.display());
    let window = ["--since", "2024-05-07", "--until", "2024-05-08"];
    let run = |log: &str, cmd: &[&str]| {
        let mut args = cmd.to_vec();
        args.extend([log, "--schema", "marten"]);
        args.extend(window);
        let out = rewind(&args);
        assert!(
            out.status.code() == Some(1) || out.status.code() == Some(0),
            "{}",
            stderr(&out)
        );
        binary::json(&out)
    };
    let from_file = run(store.sample, &["check", "--json"]);
    let from_db = run(&db_arg, &["check", "--json"]);
    assert_eq!(from_file["events"], 10);
    let without_lines = |doc: &Value| {
        let mut doc = doc.clone();
        for d in doc["diagnostics"].as_array_mut().unwrap() {
            d.as_object_mut().unwrap().remove("line");
        }
        doc
    };
    assert_eq!(without_lines(&from_file), without_lines(&from_db));
    // Each diagnostic still names its record's line in the file.
    let first = &from_file["diagnostics"][0];
    assert_eq!(
        (first["event"].as_u64(), first["line"].as_u64()),
        (Some(2), Some(6))
    );
    for n in ["0", "4", "10"] {
        assert_eq!(
            run(store.sample, &["state", "--json", "--at", n]),
            run(&db_arg, &["state", "--json", "--at", n])
        );
    }
    let out = rewind(&[
        "check",
        store.sample,
        "--schema",
        "marten",
        "--since",
        "2024-13-07",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("rewind: --since: `2024-13-07` is not a time"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_pipe_is_not_looked_into_for_sqlites_header() {
    // Telling SQLite from a log reads a file's first bytes: a pipe's would
    // be lost to the log reader.
    let scratch = Scratch::new("sqlite-fifo");
    let fifo = scratch.path("log.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            std::fs::write(&fifo, std::fs::read("sample-logs/marten.jsonl").unwrap()).unwrap()
        })
    };
    let out = rewind(&[
        "state",
        fifo.to_str().unwrap(),
        "--schema",
        "marten",
        "--json",
    ]);
    writer.join().unwrap();
    let want = rewind(&[
        "state",
        "sample-logs/marten.jsonl",
        "--schema",
        "marten",
        "--json",
    ]);
    assert_eq!(stdout(&out), stdout(&want), "{}", stderr(&out));
}

#[test]
fn a_followed_store_reads_rows_written_after_it_opened_once_each() {
    let scratch = Scratch::new("sqlite-follow");
    let store = &stores()[1];
    let rows = rows_of(&std::fs::read_to_string(store.sample).unwrap());
    let db = scratch.path("store.db");
    fill(store, &rows[..5], &db);
    let schema = rewind::schema::Schema::load("marten").unwrap();
    let location = rewind::log::db::locate(&db).unwrap();
    let request = rewind::log::db::Request {
        follow: true,
        poll: Some(std::time::Duration::from_millis(20)),
        ..Default::default()
    };
    let spool = rewind::log::db::start(&location, &schema, &request).unwrap();
    let read = || spool.shared.rows.load(std::sync::atomic::Ordering::Acquire);
    let wait = |n: u64| {
        let start = std::time::Instant::now();
        while read() != n {
            assert!(start.elapsed().as_secs() < 20, "{} rows of {n}", read());
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    };
    wait(5);
    let writer = rusqlite::Connection::open(&db).unwrap();
    for row in &rows[5..] {
        let values: Vec<String> = store
            .columns
            .iter()
            .map(|c| match &row[*c] {
                Value::String(s) => s.clone(),
                v => v.to_string(),
            })
            .collect();
        let marks = vec!["?"; values.len()].join(", ");
        writer
            .execute(
                &format!("INSERT INTO mt_events VALUES ({marks})"),
                rusqlite::params_from_iter(values),
            )
            .unwrap();
    }
    wait(rows.len() as u64);
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(read(), rows.len() as u64, "no row read twice");
    let followed = scratch.path("followed.jsonl");
    std::fs::copy(spool.path(), &followed).unwrap();
    let (full, got) = (
        rewind(&[
            "check",
            &format!("sqlite:{}", db.display()),
            "--schema",
            "marten",
            "--json",
        ]),
        rewind(&[
            "check",
            followed.to_str().unwrap(),
            "--schema",
            "marten",
            "--json",
        ]),
    );
    assert_eq!(stdout(&full), stdout(&got));
}

#[test]
fn the_debugger_on_a_store_stops_following_once_its_rows_are_in() {
    let scratch = Scratch::new("sqlite-tui");
    let store = &stores()[1];
    let db = scratch.path("store.db");
    fill(
        store,
        &rows_of(&std::fs::read_to_string(store.sample).unwrap()),
        &db,
    );
    let screen = db::Screen::open(&format!(
        "{} sqlite:{} --schema marten; sleep 30",
        env!("CARGO_BIN_EXE_rewind"),
        db.display()
    ));
    screen.wait("every row", "State after event 15 of 15 ");
    screen.wait("the title", "mt_events@store.db");
    let start = std::time::Instant::now();
    while screen.text().contains("following") {
        assert!(
            start.elapsed().as_secs() < 20,
            "still following:\n{}",
            screen.text()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_schemas_where_narrows_every_read_and_one_line_of_sql_is_all_it_takes() {
    let scratch = Scratch::new("sqlite-where");
    let store = &stores()[1];
    let rows = rows_of(&std::fs::read_to_string(store.sample).unwrap());
    let db = scratch.path("store.db");
    fill(store, &rows, &db);
    let preset = stdout(&rewind(&["schemas", "marten"]));
    let schema = scratch.path("mine.toml");
    let with_where = preset.replace(
        "order_by = \"seq_id\"",
        "order_by = \"seq_id\"\nwhere = \"type <> 'money_withdrawn'\"",
    );
    assert_ne!(with_where, preset);
    std::fs::write(&schema, with_where).unwrap();
    let kept: Vec<Value> = rows
        .iter()
        .filter(|r| r["type"] != "money_withdrawn")
        .cloned()
        .collect();
    let file = scratch.path("kept.jsonl");
    export(&kept, &file);
    assert_same_as_file(
        &format!("sqlite:{}", db.display()),
        file.to_str().unwrap(),
        schema.to_str().unwrap(),
        &[],
    );
    // A second statement is refused when the schema is read.
    std::fs::write(
        &schema,
        preset.replace(
            "order_by = \"seq_id\"",
            "order_by = \"seq_id; DROP TABLE x\"",
        ),
    )
    .unwrap();
    let out = rewind(&[
        "check",
        db.to_str().unwrap(),
        "--schema",
        schema.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("source.order_by: one line of SQL without `;`"),
        "{}",
        stderr(&out)
    );
}
