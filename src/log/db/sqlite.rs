//! Reading an SQLite store: opened with `SQLITE_OPEN_READ_ONLY` (nothing
//! can be written through rewind's connection), one prepared statement
//! stepped row by row, each row written as the JSON object an export
//! would hold.
//!
//! A row becomes `{column: value}`: integers as they are, reals in their
//! shortest exact decimal form, text as a string — or, when it holds a
//! JSON object or array (SQLite has no JSON type; stores keep JSON in
//! `TEXT`), nested as that JSON — and a BLOB holding JSON text nested the
//! same way (else a string, or PostgreSQL's `\x` hex when not UTF-8).

use super::query::Plan;
use super::request::DbError;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// Opens `path` read-only; `name` is how messages call it.
pub fn open(path: &Path, name: &str) -> Result<Connection, DbError> {
    if let Err(e) = std::fs::metadata(path) {
        return Err(DbError::new(
            &format!("cannot open {name}"),
            &crate::log::source::describe(&e),
            None,
        ));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|e| DbError::new(&format!("cannot open {name}"), &e.to_string(), None))?;
    // A store being written (WAL) is read as of the statement's start.
    let _ = conn.busy_timeout(std::time::Duration::from_secs(5));
    Ok(conn)
}

/// Runs `plan` (past `after`), handing each row's JSON text and position
/// to `sink`; keeping `last`, the position of the last row read,
/// up to date (a read that fails part way has still read those rows).
pub fn read(
    conn: &Connection,
    plan: &Plan,
    last: &mut Option<String>,
    name: &str,
    sink: &mut dyn FnMut(&str) -> std::io::Result<()>,
) -> Result<(), DbError> {
    let fail = |e: &dyn std::fmt::Display| {
        DbError::new(&format!("cannot read {name}"), &e.to_string(), None)
    };
    let sql = plan.sql(last.clone().as_deref()).map_err(|e| fail(&e))?;
    let mut stmt = conn.prepare(&sql).map_err(|e| fail(&e))?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let position = plan
        .position
        .as_ref()
        .and_then(|p| names.iter().rposition(|n| n == p));
    let mut rows = stmt.query([]).map_err(|e| fail(&e))?;
    let mut text = String::new();
    while let Some(row) = rows.next().map_err(|e| fail(&e))? {
        text.clear();
        text.push('{');
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            push_string(&mut text, name);
            text.push(':');
            let value = row.get_ref(i).map_err(|e| fail(&e))?;
            push_value(&mut text, value);
            if Some(i) == position {
                *last = Some(match value {
                    ValueRef::Integer(n) => n.to_string(),
                    ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    ValueRef::Real(r) => r.to_string(),
                    _ => String::new(),
                });
            }
        }
        text.push('}');
        sink(&text).map_err(|e| fail(&e))?;
    }
    Ok(())
}

fn push_string(out: &mut String, s: &str) {
    // Serializing a &str cannot fail.
    out.push_str(&serde_json::to_string(s).unwrap_or_default());
}

/// Whether `bytes` are one JSON object or array (what a store keeps in a
/// text or BLOB column).
fn is_json_document(bytes: &[u8]) -> bool {
    let start = bytes.iter().find(|b| !b.is_ascii_whitespace());
    matches!(start, Some(b'{' | b'['))
        && serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok()
}

fn push_value(out: &mut String, value: ValueRef<'_>) {
    match value {
        ValueRef::Null => out.push_str("null"),
        ValueRef::Integer(n) => out.push_str(&n.to_string()),
        ValueRef::Real(r) if r.is_finite() => {
            out.push_str(&serde_json::to_string(&r).unwrap_or_else(|_| "null".into()))
        }
        ValueRef::Real(_) => out.push_str("null"),
        ValueRef::Text(t) | ValueRef::Blob(t) if is_json_document(t) => {
            out.push_str(String::from_utf8_lossy(t).trim())
        }
        ValueRef::Text(t) => push_string(out, &String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => match std::str::from_utf8(b) {
            Ok(s) => push_string(out, s),
            Err(_) => {
                let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
                push_string(out, &format!("\\x{hex}"));
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_the_object_an_export_holds() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE e (seq_id INTEGER, amount REAL, data TEXT, raw BLOB, note TEXT, bin BLOB, gone TEXT);
             INSERT INTO e VALUES (8, 2, '[]', NULL, '{not json', NULL, NULL);
             INSERT INTO e VALUES (7, 0.1, ' {\"a\": [1, 2.50]}', CAST('{\"b\":1}' AS BLOB), 'plain \"q\"', x'ff00', NULL);",
        )
        .unwrap();
        let schema = crate::schema::Schema::load("marten").unwrap();
        let request = super::super::request::Request {
            table: Some("e".into()),
            ..Default::default()
        };
        let plan =
            super::super::query::plan(&schema, &request, super::super::request::Dialect::Sqlite)
                .unwrap();
        let mut got = Vec::new();
        let mut last = None;
        read(&conn, &plan, &mut last, "t", &mut |row| {
            got.push(row.to_owned());
            Ok(())
        })
        .unwrap();
        assert_eq!(last.as_deref(), Some("8"));
        assert_eq!(
            got,
            [
                r#"{"seq_id":7,"amount":0.1,"data":{"a": [1, 2.50]},"raw":{"b":1},"note":"plain \"q\"","bin":"\\xff00","gone":null}"#,
                r#"{"seq_id":8,"amount":2.0,"data":[],"raw":null,"note":"{not json","bin":null,"gone":null}"#,
            ]
        );
        let mut last = Some("7".to_owned());
        read(&conn, &plan, &mut last, "t", &mut |row| {
            got.push(row.to_owned());
            Ok(())
        })
        .unwrap();
        assert_eq!(last.as_deref(), Some("8"));
        assert_eq!(got.len(), 3, "only the row past position 7 is read again");
    }
}
