//! The decoders: ranges cut anywhere index as one pass does; they stop when
//! dropped, and give way to a fold that keeps history.

use super::*;
use crate::log::records::split;
use crate::replay::{IndexBuilder, LoadOptions};

/// The log cut into many small ranges must index exactly as one pass.
#[test]
fn many_small_ranges_index_exactly_like_one_pass() {
    let mut log = String::from("\u{feff}");
    for i in 0..400 {
        let acc = i % 7;
        match i % 13 {
            0 => log.push_str(&format!("{{\"type\":\"AccountOpened\",\"id\":\"o{acc}\",\"account\":\"a{acc}\"}}\n")),
            1 => log.push_str("not json at all\n{\"broken\":\n   \r\n"),
            2 => log.push_str(&format!("{{\"type\":\"MoneyDeposited\",\"account\":\"a{acc}\",\"data\":{{\"amount\":\"{}\",\"pad\":\"{}\"}}}}\r\n", i, "x".repeat(i * 7))),
            3 => log.push_str(&format!("{{\"id\":\"o{acc}\",\"type\":\"MoneyDeposited\",\"account\":\"a{acc}\",\"amount\":1}}\n")),
            // A transfer to the same account, and an account whose
            // first event is refused (so its key is learned later).
            4 => log.push_str(&format!("{{\"type\":\"MoneyTransferred\",\"account\":\"a{acc}\",\"data\":{{\"amount\":2,\"to_account\":\"a{acc}\"}}}}\n")),
            5 => log.push_str(&format!("{{\"type\":\"MoneyWithdrawn\",\"account\":\"late{i}\",\"data\":{{\"amount\":\"x\"}}}}\n{{\"type\":\"MoneyDeposited\",\"account\":\"late{i}\",\"data\":{{\"amount\":3}}}}\n")),
            6 => log.push_str(&format!("{{\"type\":\"MoneyTransferred\",\"account\":\"late{}\",\"data\":{{\"amount\":1,\"to_account\":\"a{acc}\"}}}}\n", i - 1)),
            _ => log.push_str(&format!("{{\"type\":\"MoneyTransferred\",\"account\":\"a{acc}\",\"data\":{{\"amount\":0.5,\"to_account\":\"a{}\"}}}}\n", (acc + 1) % 7)),
        }
    }
    log.push_str("{\"type\":\"AccountClosed\",\"account\":\"a1\"}");
    // Characters of several bytes, wherever the ranges cut them, and
    // one line that is not UTF-8 at all (its range is not text).
    let mut bytes = log.replace("a3", "ä€😀3").into_bytes();
    bytes.extend_from_slice(b"\n{\"type\":\"AccountOpened\",\"account\":\"\xff\"}\n");
    bytes.extend_from_slice("{\"type\":\"AccountOpened\",\"account\":\"ü\"}\n".as_bytes());
    let source = Arc::new(Source::memory(bytes.clone()));
    let mut one = IndexBuilder::new(crate::log::Format::JsonLines, &LoadOptions::default());
    one.push(&bytes, &split(&bytes), &source);
    let one = one.finish();
    for range in [1, 2, 7, 64, 333, 1000, 5000] {
        TEST_RANGE.with(|r| r.set(Some(range)));
        let many = crate::replay::load(&source, &LoadOptions::default()).unwrap();
        TEST_RANGE.with(|r| r.set(None));
        assert_eq!(many.len(), one.len(), "range {range}");
        assert_eq!(many.diagnostics(), one.diagnostics(), "range {range}");
        let cut_off: Vec<_> = many
            .diagnostics()
            .iter()
            .filter(|d| d.message.contains("ends too early"))
            .collect();
        assert!(!cut_off.is_empty());
        for d in cut_off {
            // On the record's own line (the diagnostic's), only the column.
            assert!(d.message.ends_with(" (column 11)"), "{d:?}");
        }
        for n in [0, 1, 57, 200, one.len()] {
            assert_eq!(many.state_at(n), one.state_at(n), "range {range} at {n}");
            assert_eq!(many.offset(n), one.offset(n));
            assert_eq!(many.line_of(&source, n), one.line_of(&source, n));
        }
    }
}

/// Quitting while a log loads drops the load: every decoder must stop
/// (and let go of the log) instead of decoding the rest of it.
#[test]
fn dropping_the_decoders_stops_them() {
    let line = "{\"type\":\"MoneyDeposited\",\"account\":\"a\",\"amount\":1}\n";
    let source = Arc::new(Source::memory(line.repeat(20_000).into_bytes()));
    TEST_RANGE.with(|r| r.set(Some(1024)));
    let mut decoders = Decoders::spawn(
        Arc::clone(&source),
        source.len().unwrap(),
        crate::schema::Schema::bank(),
        History::Dropped,
    );
    TEST_RANGE.with(|r| r.set(None));
    assert!(decoders.next_batch(true).unwrap().is_some());
    assert!(!decoders.is_done(), "hundreds of ranges are left");
    drop(decoders);
    let dropped = std::time::Instant::now();
    while Arc::strong_count(&source) > 1 {
        assert!(
            dropped.elapsed() < std::time::Duration::from_secs(5),
            "the decoders kept running"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

/// Decoders for a fold that keeps history give way to it (nice 3); for
/// one that drops it they do not. (They wait, alive, with the channel full.)
#[cfg(target_os = "linux")]
#[test]
fn decoders_give_way_to_a_fold_that_keeps_history_only() {
    let line = "{\"type\":\"MoneyDeposited\",\"account\":\"a\",\"amount\":1}\n";
    let source = Arc::new(Source::memory(line.repeat(20_000).into_bytes()));
    // This process's threads, with their nice values (field 19 of
    // their stat, after the parenthesised name).
    let niced = || {
        std::fs::read_dir("/proc/self/task")
            .unwrap()
            .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("stat")).ok())
            .filter(|stat| {
                let fields: Vec<&str> = stat.rsplit(')').next().unwrap().split(' ').collect();
                fields.get(17) == Some(&"3")
            })
            .count()
    };
    let before = niced();
    for (history, want) in [(History::Dropped, 0), (History::Kept, 1)] {
        TEST_RANGE.with(|r| r.set(Some(1024)));
        let mut decoders = Decoders::spawn(
            Arc::clone(&source),
            source.len().unwrap(),
            crate::schema::Schema::bank(),
            history,
        );
        TEST_RANGE.with(|r| r.set(None));
        assert!(decoders.next_batch(true).unwrap().is_some());
        let now = niced() - before;
        assert_eq!(now.min(1), want, "{history:?}: {now} decoders niced");
        drop(decoders);
        while Arc::strong_count(&source) > 1 {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }
}

/// The same with a schema whose events carry versions and recorded
/// balances, which travel beside the events of a batch.
#[test]
fn extras_survive_being_cut_into_ranges() {
    let schema = crate::schema::Schema::parse(
        r#"
        [envelope]
        type = "t"
        account = "a"
        version = "v"
        [types.in]
        effect = "credit"
        amount = "n"
        recorded_balance = "b"
        "#,
        crate::schema::Syntax::Toml,
        "t",
        "t",
    )
    .unwrap();
    let schema = Arc::new(schema);
    let mut log = String::new();
    let mut balances = [0u32; 3];
    for i in 0..300u32 {
        let acc = (i % 3) as usize;
        balances[acc] += 1;
        // Every seventh recorded balance is off by one; every eleventh
        // event skips a version.
        let recorded = balances[acc] + u32::from(i % 7 == 0);
        let version = i / 3 + i / 11;
        log.push_str(&format!(
            "{{\"t\":\"in\",\"a\":\"a{acc}\",\"v\":{version},\"n\":1,\"b\":{recorded}}}\n"
        ));
    }
    let bytes = log.into_bytes();
    let source = Arc::new(Source::memory(bytes.clone()));
    let options = LoadOptions {
        schema: Arc::clone(&schema),
        ..LoadOptions::default()
    };
    let mut one = IndexBuilder::new(crate::log::Format::JsonLines, &options);
    one.push(&bytes, &split(&bytes), &source);
    let one = one.finish();
    let codes = |index: &crate::replay::Index, code: &str| {
        index
            .diagnostics()
            .iter()
            .filter(|d| d.code.as_str() == code)
            .count()
    };
    assert!(codes(&one, "balance_mismatch") > 0 && codes(&one, "version_gap") > 0);
    for range in [1, 50, 333, 4096] {
        TEST_RANGE.with(|r| r.set(Some(range)));
        let many = crate::replay::load(&source, &options).unwrap();
        TEST_RANGE.with(|r| r.set(None));
        assert_eq!(many.diagnostics(), one.diagnostics(), "range {range}");
    }
}

/// A CSV log cut into many small ranges indexes exactly as one range:
/// rows whose quoted fields hold newlines across a range's start are
/// decoded again from where the row before ended, and an unterminated
/// quote spoils one line wherever the ranges fall.
#[test]
fn a_csv_log_cut_anywhere_indexes_as_one_range() {
    let mut log = String::from("\u{feff}type,client,tx,amount,note\r\n");
    for i in 0..300 {
        let client = i % 5;
        match i % 11 {
            0 => log.push_str(&format!(
                "deposit,{client},{i},1.5,\"many\nlines\n,\"\"here\"\"\n\"\n"
            )),
            1 => log.push_str(&format!("dispute,{client},{},,\n", i - 1)),
            2 => log.push_str(&format!("withdrawal, {client} , {i}, 0.25 ,\"a, b\"\r\n")),
            3 => log.push_str(&format!("resolve,{client},{},\n", i - 3)),
            4 => log.push_str("\n\n"),
            5 => log.push_str(&format!("chargeback,{client},{},\n", i - 5)),
            6 => log.push_str("deposit,9,9,1,2,3,4\n"),
            7 => log.push_str(&format!(
                "deposit,{client},{i},\"{}\"\n",
                "7".repeat(i % 13 + 1)
            )),
            _ => log.push_str(&format!("deposit,{client},{i},2,{}\n", "x".repeat(i * 3))),
        }
    }
    log.push_str("deposit,1,999,\"open quote\ndeposit,1,1000,1\n");
    let schema = crate::schema::Schema::preset("payments").unwrap().unwrap();
    // History dropped: decoders that keep it give way (nice 3), which the
    // test of that counts in this process.
    let options = LoadOptions {
        schema,
        history: History::Dropped,
        ..LoadOptions::default()
    };
    let source = Arc::new(Source::memory(log.into_bytes()));
    let one = crate::replay::load(&source, &options).unwrap();
    assert!(one.len() > 200);
    assert!(one
        .diagnostics()
        .iter()
        .any(|d| d.message.contains("unterminated")));
    for range in [1, 2, 7, 64, 333, 1000] {
        TEST_RANGE.with(|r| r.set(Some(range)));
        let many = crate::replay::load(&source, &options).unwrap();
        TEST_RANGE.with(|r| r.set(None));
        assert_eq!(many.len(), one.len(), "range {range}");
        assert_eq!(many.diagnostics(), one.diagnostics(), "range {range}");
        assert_eq!(many.state_at(many.len()), one.state_at(one.len()));
        for n in [0, 1, 57, 200, one.len()] {
            assert_eq!(many.offset(n), one.offset(n));
            assert_eq!(many.line_of(&source, n), one.line_of(&source, n));
            assert_eq!(many.record_bytes(&source, n), one.record_bytes(&source, n));
        }
    }
}
