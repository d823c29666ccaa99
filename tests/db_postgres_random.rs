//! Any Marten log, stored in PostgreSQL's `mt_events` and read from there,
//! gives the diagnostics and the state at every position that the same
//! rows exported to JSON Lines give (a property, on the server `.ci/run`
//! starts; see `db_postgres.rs`).

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod binary;
mod db;

use db::postgres::{fill, server, Database};
use db::{assert_same_as_file, export, stores, Scratch};
use serde_json::Value;

/// A random Marten log: events of three streams (any type, any order,
/// amounts with up to three decimals, versions now and then skipped, a
/// stream id now and then missing), as rows of `mt_events`.
fn marten_rows(ops: &[(u8, u8, u32, u8)]) -> Vec<Value> {
    let streams = [
        "779e6e65-ce03-4150-a26c-89324e409ece",
        "29bc6792-a8c4-48df-9dd1-702a52c9b40d",
        "9e93cd33-ec4e-4d58-a9c0-cef4f884203f",
    ];
    let mut versions = [0u32; 3];
    ops.iter()
        .enumerate()
        .map(|(i, &(kind, stream, amount, twist))| {
            let s = usize::from(stream % 3);
            versions[s] += 1 + u32::from(twist % 7 == 0);
            let id = streams[s];
            let amount = exact(amount);
            let (kind, data) = match kind % 5 {
                0 => ("account_opened", serde_json::json!({"accountId": id, "owner": format!("owner {s}"), "currency": "EUR", "openingBalance": amount})),
                1 => ("money_deposited", serde_json::json!({"accountId": id, "amount": amount})),
                2 => ("money_withdrawn", serde_json::json!({"accountId": id, "amount": amount})),
                3 => ("money_transferred", serde_json::json!({"accountId": id, "amount": amount, "toAccountId": streams[(s + 1) % 3]})),
                _ => ("account_closed", serde_json::json!({"accountId": id})),
            };
            serde_json::json!({
                "seq_id": i + 1,
                "id": format!("00000000-0000-4000-8000-{:012}", i + 1),
                "stream_id": if twist == 13 { Value::Null } else { Value::from(id) },
                "version": versions[s],
                "data": data,
                "type": kind,
                "timestamp": format!("2024-05-{:02}T{:02}:{:02}:00.{}+00:00", 1 + i / 100, (i / 10) % 24, (i * 7 + usize::from(twist)) % 60, 100 + i),
                "tenant_id": "*DEFAULT*",
                "mt_dotnet_type": "Bank.Event, Bank",
                "is_archived": false,
            })
        })
        .collect()
}

/// `thousandths / 1000` as an exact JSON number (`12.340`).
fn exact(thousandths: u32) -> Value {
    let text = format!("{}.{:03}", thousandths / 1000, thousandths % 1000);
    serde_json::from_str(&text).unwrap()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
        std::env::var("REWIND_FUZZ_CASES").ok().and_then(|c| c.parse().ok()).map_or(12, |c: u32| (c / 100).max(12))
    ))]

    /// Any Marten log, stored in `mt_events` and read from PostgreSQL,
    /// gives the diagnostics and the state at every position that the same
    /// rows exported to JSON Lines give.
    #[test]
    fn a_random_log_reads_from_postgresql_as_from_its_export(
        ops in proptest::collection::vec((0u8..5, 0u8..3, 0u32..5_000_000, 0u8..20), 1..24)
    ) {
        let Some(server) = server() else { return Ok(()) };
        let db = Database::new(&server, "random");
        let store = &stores()[1];
        let rows = marten_rows(&ops);
        let mut client = db.client();
        fill(&mut client, store, &rows);
        // The export, as PostgreSQL writes it (times and numbers in its form).
        let exported: Vec<Value> = client
            .query("SELECT row_to_json(t)::text FROM mt_events t ORDER BY seq_id", &[])
            .unwrap()
            .iter()
            .map(|r| serde_json::from_str(r.get::<_, &str>(0)).unwrap())
            .collect();
        let scratch = Scratch::new("pg-random");
        let file = scratch.path("export.jsonl");
        export(&exported, &file);
        assert_same_as_file(&db.url, file.to_str().unwrap(), "marten", &[]);
    }
}
