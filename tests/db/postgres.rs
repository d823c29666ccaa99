//! A PostgreSQL server for the database tests: its URL (from
//! `REWIND_TEST_PG_URL`, which `.ci/run` sets), a database of its own for
//! each test, and a store's table filled with rows.

use super::Store;
use postgres::{Client, NoTls};
use serde_json::Value;

/// The server's URL, or `None` (with a note) off CI.
pub fn server() -> Option<String> {
    match std::env::var("REWIND_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("REWIND_TEST_PG_URL is not set: .ci/run must start PostgreSQL for these tests")
        }
        _ => {
            // Written past the test harness's capture, once, so that it shows.
            static SAID: std::sync::Once = std::sync::Once::new();
            SAID.call_once(|| {
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "note: REWIND_TEST_PG_URL is not set; the PostgreSQL tests did not run"
                );
            });
            None
        }
    }
}

/// A database of its own for one test, dropped after.
pub struct Database {
    admin: String,
    pub name: String,
    pub url: String,
}

impl Database {
    pub fn new(server: &str, name: &str) -> Database {
        let name = format!("rewind_{name}_{}", std::process::id());
        let mut admin = Client::connect(server, NoTls).unwrap();
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let (base, query) = match server.split_once('?') {
            Some((b, q)) => (b, format!("?{q}")),
            None => (server, String::new()),
        };
        let base = base.rsplit_once('/').unwrap().0;
        Database {
            admin: server.to_owned(),
            url: format!("{base}/{name}{query}"),
            name,
        }
    }

    pub fn client(&self) -> Client {
        Client::connect(&self.url, NoTls).unwrap()
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Ok(mut admin) = Client::connect(&self.admin, NoTls) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// Creates the store's table and inserts `rows` (by the server's own JSON
/// conversion, column by column, as the store would have written them).
pub fn fill(client: &mut Client, store: &Store, rows: &[Value]) {
    client.batch_execute(store.postgres).unwrap();
    insert(client, store, rows);
}

pub fn insert(client: &mut Client, store: &Store, rows: &[Value]) {
    let text = serde_json::to_string(rows).unwrap();
    let columns = store.columns.join(", ");
    let sql = format!(
        "INSERT INTO {t} ({columns}) SELECT {columns} FROM json_populate_recordset(NULL::{t}, $1::text::json)",
        t = store.table
    );
    client.execute(&sql, &[&text]).unwrap();
}
