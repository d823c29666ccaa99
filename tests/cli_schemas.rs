//! The real binary with schemas: each preset on its sample log, schema
//! files and their errors, and the README's schema example and diagnostics
//! table held to what the binary does.

// Test code: a failure should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod binary;

use binary::{diagnostic_codes, json, rewind, stderr, stdout};

/// `rewind state SAMPLE --schema PRESET --json`: balance and status by account.
fn preset_state(preset: &str, sample: &str) -> Vec<(String, String, String)> {
    let out = rewind(&[
        "state",
        &format!("sample-logs/{sample}"),
        "--schema",
        preset,
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = json(&out);
    doc["accounts"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, a)| {
            (
                name.clone(),
                a["balance"].as_str().unwrap().to_owned(),
                a["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn row(name: &str, balance: &str, status: &str) -> (String, String, String) {
    (name.into(), balance.into(), status.into())
}

/// `rewind check SAMPLE --schema PRESET --json`: (event, code) of each diagnostic.
fn preset_check(preset: &str, sample: &str) -> Vec<(u64, String)> {
    let out = rewind(&[
        "check",
        &format!("sample-logs/{sample}"),
        "--schema",
        preset,
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    diagnostic_codes(&out)
}

#[test]
fn the_cqrs_es_sample_replays_and_its_recorded_balances_go_wrong_where_expected() {
    assert_eq!(
        preset_state("cqrs-es", "cqrs-es.jsonl"),
        [
            row("ACCT-1001", "500.00", "open"),
            row("ACCT-1002", "75.00", "open"),
            row("ACCT-1003", "72.34", "open"),
        ]
    );
    // 0.1 + 0.2 in f64, then a check that the writer never subtracted
    // (and every balance it recorded after that).
    let mismatch = |n| (n, "balance_mismatch".to_owned());
    assert_eq!(
        preset_check("cqrs-es", "cqrs-es.jsonl"),
        [mismatch(9), mismatch(14), mismatch(15), mismatch(19)]
    );
    let text = stdout(&rewind(&[
        "check",
        "sample-logs/cqrs-es.jsonl",
        "--schema",
        "cqrs-es",
    ]));
    assert!(text.contains("sample-logs/cqrs-es.jsonl:9: warning[balance_mismatch] event 9, account ACCT-1003: the event records balance 0.30000000000000004 for account `ACCT-1003`; replaying the log gives 0.3\n"), "{text}");
    // No timestamp column: the time is the metadata's.
    let doc = json(&rewind(&[
        "state",
        "sample-logs/cqrs-es.jsonl",
        "--schema",
        "cqrs-es",
        "--as-of",
        "2024-03-11",
        "--json",
    ]));
    assert_eq!(doc["position"], 7);
    assert_eq!(doc["as_of"], "2024-03-11T16:49:31.733103+00:00");
}

#[test]
fn the_kurrentdb_sample_replays_and_shows_a_missing_event_number() {
    assert_eq!(
        preset_state("kurrentdb", "kurrentdb.json"),
        [
            row("account-4471", "300.00", "open"),
            row("account-4472", "185.5", "open"),
            row("account-4473", "0.0", "closed"),
        ]
    );
    assert_eq!(
        preset_check("kurrentdb", "kurrentdb.json"),
        [(9, "version_gap".to_owned())]
    );
}

#[test]
fn the_marten_sample_replays_and_shows_a_missing_version() {
    assert_eq!(
        preset_state("marten", "marten.jsonl"),
        [
            row("29bc6792-a8c4-48df-9dd1-702a52c9b40d", "364.2", "open"),
            row("779e6e65-ce03-4150-a26c-89324e409ece", "210.1", "open"),
            row("9e93cd33-ec4e-4d58-a9c0-cef4f884203f", "0.0", "closed"),
        ]
    );
    assert_eq!(
        preset_check("marten", "marten.jsonl"),
        [(9, "version_gap".to_owned())]
    );
}

#[test]
fn the_message_db_sample_replays_with_commands_ignored() {
    assert_eq!(
        preset_state("message-db", "message-db.jsonl"),
        [
            row("account-123", "75.0", "open"),
            row("account-456", "0.00", "closed"),
        ]
    );
    assert_eq!(preset_check("message-db", "message-db.jsonl"), []);
    // `time` has no offset: it is UTC, and shown as written.
    let doc = json(&rewind(&[
        "state",
        "sample-logs/message-db.jsonl",
        "--schema",
        "message-db",
        "--at",
        "2",
        "--json",
    ]));
    assert_eq!(doc["as_of"], "2024-06-03T14:14:38.82644");
}

#[test]
fn every_diagnostic_code_shows_on_some_sample() {
    let mut seen: Vec<String> = preset_check("cqrs-es", "cqrs-es.jsonl")
        .into_iter()
        .chain(preset_check("kurrentdb", "kurrentdb.json"))
        .chain(preset_check("sample-logs/accounts.toml", "accounts.jsonl"))
        .map(|(_, code)| code)
        .collect();
    let bank = json(&rewind(&[
        "check",
        "sample-logs/every-diagnostic.jsonl",
        "--json",
    ]));
    let payments = json(&rewind(&[
        "check",
        "sample-logs/payments-engine.csv",
        "--schema",
        "payments",
        "--json",
    ]));
    for d in bank["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .chain(payments["diagnostics"].as_array().unwrap())
    {
        seen.push(d["code"].as_str().unwrap().to_owned());
    }
    for code in rewind::domain::Code::ALL {
        assert!(seen.iter().any(|c| c == code.as_str()), "{code}");
    }
}

#[test]
fn the_bank_preset_by_name_or_file_is_the_default() {
    let default = rewind(&["check", "sample-logs/every-diagnostic.jsonl", "--json"]);
    let named = rewind(&[
        "check",
        "sample-logs/every-diagnostic.jsonl",
        "--schema",
        "bank",
        "--json",
    ]);
    let file = rewind(&[
        "check",
        "sample-logs/every-diagnostic.jsonl",
        "--schema",
        "schemas/bank.toml",
        "--json",
    ]);
    assert_eq!(default.stdout, named.stdout);
    assert_eq!(default.stdout, file.stdout);
}

#[test]
fn schemas_lists_the_presets_and_prints_one_to_start_from() {
    let out = rewind(&["schemas"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for name in ["bank", "cqrs-es", "kurrentdb", "marten", "message-db"] {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{name} "))),
            "{name}: {text}"
        );
    }
    assert!(text.contains("(default)"), "{text}");
    let out = rewind(&["schemas", "marten"]);
    assert_eq!(
        stdout(&out),
        std::fs::read_to_string("schemas/marten.toml").unwrap()
    );
    let out = rewind(&["schemas", "eventide"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "rewind: no preset `eventide` (presets: bank, cqrs-es, kurrentdb, marten, message-db, payments)\n"
    );
}

#[test]
fn a_broken_schema_file_exits_2_naming_the_key() {
    let dir = std::env::temp_dir().join(format!("rewind-schema-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("my.toml");
    std::fs::write(
        &path,
        "[envelope]\ntype = \"kind\"\n\n[types.deposit]\neffect = \"credit\"\namout = \"amount\"\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    for args in [
        vec!["check", "sample-logs/classic.jsonl", "--schema", p],
        vec!["state", "sample-logs/classic.jsonl", "--schema", p],
        vec!["sample-logs/classic.jsonl", "--schema", p],
    ] {
        let out = rewind(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        assert_eq!(
            stderr(&out),
            format!("rewind: schema {p}: unknown field `amout` in types.deposit, expected one of `effect`, `amount`, `to`, `initial_balance`, `owner`, `currency`, `balance`, `recorded_balance`, `min_balance`, `max_balance`, `refers_to`, `refers_to_effects`, `then` (line 6)\n")
        );
    }
    let out = rewind(&["check", "sample-logs/classic.jsonl", "--schema", "kurrent"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "rewind: schema kurrent: no such file, and no preset of that name (presets: bank, cqrs-es, kurrentdb, marten, message-db, payments)\n"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_readme_schema_example_is_the_payments_sample_and_replays() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let marker = "<!-- schema-example: sample-logs/payments.toml -->\n```toml\n";
    let start = readme.find(marker).expect("the example's marker") + marker.len();
    let end = start + readme[start..].find("```\n").unwrap();
    assert_eq!(
        &readme[start..end],
        std::fs::read_to_string("sample-logs/payments.toml").unwrap()
    );
    let doc = json(&rewind(&[
        "state",
        "sample-logs/payments.jsonl",
        "--schema",
        "sample-logs/payments.toml",
        "--json",
    ]));
    assert_eq!(doc["accounts"]["acc_lena"]["balance"], "2220.00");
    assert_eq!(doc["accounts"]["acc_lena"]["owner"], "Lena Fischer");
    assert_eq!(doc["accounts"]["acc_omar"]["balance"], "1161.00");
    assert_eq!(doc["accounts"]["acc_omar"]["status"], "closed");
    assert_eq!(doc["as_of"], "2024-08-02 10:00:00");
    let out = rewind(&[
        "check",
        "sample-logs/payments.jsonl",
        "--schema",
        "sample-logs/payments.toml",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("sample-logs/payments.jsonl:7: warning[balance_mismatch] event 7, account acc_lena: the event records balance 2441.51 for account `acc_lena`; replaying the log gives 2241.51\n"), "{}", stdout(&out));
}

#[test]
fn the_readme_lists_every_diagnostic_code_in_order() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let section = &readme[readme.find("## Replay and diagnostics").unwrap()..];
    let section = &section[..section.find("\n## ").unwrap()];
    let listed: Vec<&str> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
        .collect();
    let codes: Vec<&str> = rewind::domain::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(listed, codes);
}

#[test]
fn the_readme_domain_rules_example_is_the_accounts_sample_and_gates_it() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let marker = "<!-- schema-example: sample-logs/accounts.toml -->\n```toml\n";
    let start = readme.find(marker).expect("the example's marker") + marker.len();
    let end = start + readme[start..].find("```\n").unwrap();
    assert_eq!(
        &readme[start..end],
        std::fs::read_to_string("sample-logs/accounts.toml").unwrap()
    );
    let args = [
        "sample-logs/accounts.jsonl",
        "--schema",
        "sample-logs/accounts.toml",
    ];
    let out = rewind(&[&["check"][..], &args[..]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for (line, code) in [(5, "account_frozen"), (6, "not_frozen"), (10, "over_limit")] {
        assert!(
            text.contains(&format!("accounts.jsonl:{line}: warning[{code}] ")),
            "{text}"
        );
    }
    let doc = json(&rewind(
        &[&["state"][..], &args[..], &["--json"][..]].concat(),
    ));
    assert_eq!(doc["accounts"]["acc-2"]["balance"], "960.00");
    assert_eq!(doc["accounts"]["acc-2"]["currency"], "USD");
    assert_eq!(doc["accounts"]["acc-2"]["status"], "closed");
}
