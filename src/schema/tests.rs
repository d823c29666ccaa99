//! Schema files: what they compile to, and the one-line errors for broken
//! ones. (What logs replay to under a schema is in `domain::tests` and the
//! CLI tests.)

use super::*;
use crate::log::Envelope;

fn toml(text: &str) -> Result<Schema, String> {
    Schema::parse(text, Syntax::Toml, "my.toml", "my").map_err(|e| e.to_string())
}

fn json(text: &str) -> Result<Schema, String> {
    Schema::parse(text, Syntax::Json, "my.json", "my").map_err(|e| e.to_string())
}

const MINIMAL: &str = r#"
[envelope]
type = "kind"

[types.deposit]
effect = "credit"
amount = "amount"
"#;

#[test]
fn every_preset_compiles_and_bank_is_the_default() {
    for preset in PRESETS {
        let schema = Schema::preset(preset.name)
            .expect("listed")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(schema.name(), preset.name);
        assert!(!schema.description().is_empty(), "{}", preset.name);
        assert!(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(preset.sample)
                .is_file(),
            "{}",
            preset.sample
        );
    }
    let bank = Schema::builtin();
    assert!(bank.is_default() && bank.name() == "bank");
    assert_eq!(bank.rules().len(), 5);
    assert!(Schema::preset("nope").is_none());
    // Asked for by name, the preset is the same vocabulary.
    assert_eq!(
        Schema::load("bank").map(|s| s.name().to_owned()),
        Ok("bank".into())
    );
}

#[test]
fn a_minimal_file_in_toml_or_json_names_itself_after_the_file() {
    let schema = toml(MINIMAL).unwrap();
    assert_eq!(schema.name(), "my");
    assert!(!schema.is_default());
    assert!(matches!(
        schema.rule("deposit").map(|r| &r.effect),
        Some(EffectFields::Credit { .. })
    ));
    assert!(schema.rule("Deposit").is_none());
    let schema = json(
        r#"{"name": "flat", "envelope": {"type": "kind"},
            "types": {"deposit": {"effect": "credit", "amount": {"field": "cents", "minor_units": 2}}}}"#,
    )
    .unwrap();
    assert_eq!(schema.name(), "flat");
    match &schema.rule("deposit").unwrap().effect {
        EffectFields::Credit { amount } => assert_eq!(amount.minor_units, Some(2)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn broken_files_say_which_key_and_what_was_expected() {
    let cases: &[(&str, &str)] = &[
        (
            "[envelope]\ntype = \"kind\"\n[types.deposit]\neffect = \"credit\"\namout = \"amount\"\n",
            "schema my.toml: unknown field `amout` in types.deposit, expected one of `effect`, `amount`, `to`, `initial_balance`, `owner`, `currency`, `balance`, `recorded_balance`, `min_balance`, `max_balance`, `refers_to`, `refers_to_effects`, `then` (line 5)",
        ),
        (
            "[envelope]\ntype = \"kind\"\n[types.deposit]\neffect = \"credt\"\n",
            "schema my.toml: types.deposit.effect: unknown variant `credt`, expected one of `open`, `credit`, `debit`, `transfer`, `close`, `set_balance`, `freeze`, `unfreeze`, `ignore`, `hold`, `release`, `reverse` (line 4)",
        ),
        (
            "[envelop]\ntype = \"kind\"\n",
            "schema my.toml: unknown field `envelop`, expected one of `name`, `description`, `envelope`, `types`, `diagnostics`, `rules`, `format`, `source` (line 1)",
        ),
        (
            "[envelope]\ntype = \"kind\"\n",
            "schema my.toml: missing field `types` (line 1)",
        ),
        (
            "[envelope]\ntype = \"kind\"\ntimestamp_format = \"epoch\"\n[types.x]\neffect = \"close\"\n",
            "schema my.toml: envelope.timestamp_format: unknown variant `epoch`, expected one of `rfc3339`, `naive_utc`, `epoch_seconds`, `epoch_millis`, `epoch_micros`, `epoch_nanos` (line 3)",
        ),
        (
            "[envelope]\ntype = 3\n[types.x]\neffect = \"close\"\n",
            "schema my.toml: envelope.type: invalid type: integer `3`, expected a field name, a dotted path, or a list of them (line 2)",
        ),
        (
            "[envelope]\ntype = \"kind\"\n[types.deposit]\neffect = \"credit\"\n",
            "schema my.toml: types.deposit: effect `credit` needs `amount` (the field holding the amount)",
        ),
        (
            "[envelope]\ntype = \"kind\"\n[types.move]\neffect = \"transfer\"\namount = \"amount\"\n",
            "schema my.toml: types.move: effect `transfer` needs `to` (the field holding the target account)",
        ),
        (
            "[envelope]\ntype = \"kind\"\n[types.deposit]\neffect = \"credit\"\namount = \"amount\"\nto = \"target\"\n",
            "schema my.toml: types.deposit: `to` does not apply to effect `credit` (it takes `amount`, `currency`, `recorded_balance`)",
        ),
        (
            "[envelope]\ntype = \"kind\"\n[types.deposit]\neffect = \"credit\"\namount = { field = \"cents\", minor_units = 40 }\n",
            "schema my.toml: types.deposit.amount.minor_units: at most 28 (decimal places a balance can hold), got 40",
        ),
        (
            "[envelope]\ntype = \"kind\"\n[types.deposit]\neffect = \"credit\"\namount = { field = \"cents\", scale = 2 }\n",
            "schema my.toml: unknown field `scale` in types.deposit.amount, expected `field` or `minor_units` (line 5)",
        ),
        (
            "[envelope]\naccount = \"acc\"\n[types.x]\neffect = \"close\"\n",
            "schema my.toml: envelope.type: missing: which field holds the event type (or set tagging = \"external\")",
        ),
        (
            "[envelope]\ntagging = \"external\"\n[types.x]\neffect = \"close\"\n",
            "schema my.toml: envelope.tagging: \"external\" needs envelope.payload, the field holding {\"TypeName\": {…}}",
        ),
        (
            "[envelope]\ntype = \"kind\"\naccount = \"meta..id\"\n[types.x]\neffect = \"close\"\n",
            "schema my.toml: envelope.account: `meta..id` is not a field name or a dotted path (like `amount` or `amount.value`)",
        ),
        (
            "[envelope]\ntype = \"kind\"\nalso_in_payload = [\"acount\"]\n[types.x]\neffect = \"close\"\n",
            "schema my.toml: envelope.also_in_payload[0]: unknown variant `acount`, expected one of `type`, `account`, `timestamp`, `id`, `sequence`, `version` (line 3)",
        ),
        (
            "[envelope]\ntype = \"kind\"\n[types]\n",
            "schema my.toml: types: the schema names no event types",
        ),
        (
            "[envelope\ntype = \"kind\"\n",
            "schema my.toml: not TOML: unclosed table, expected `]` (line 1)",
        ),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(text, want)| {
            let got = toml(text).err();
            (got.as_deref() != Some(*want))
                .then(|| format!("{text:?}\n  got  {got:?}\n  want {want:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(
        json(r#"{"envelope": {"type": "kind"}, "types": {"d": {"effect": "credit", "amout": "a"}}}"#)
            .err()
            .as_deref(),
        Some("schema my.json: unknown field `amout` in types.d, expected one of `effect`, `amount`, `to`, `initial_balance`, `owner`, `currency`, `balance`, `recorded_balance`, `min_balance`, `max_balance`, `refers_to`, `refers_to_effects`, `then` (line 1)")
    );
    assert_eq!(
        json("{\"types\": {}").err().as_deref(),
        Some("schema my.json: not JSON: EOF while parsing an object (line 1)")
    );
    assert_eq!(
        json("{\"envelope\": {\"type\": \"k\"}, \"types\": {\"x\": {\"effect\": \"close\"}}} x")
            .err()
            .as_deref(),
        Some("schema my.json: not JSON: trailing characters (line 1)")
    );
}

#[test]
fn a_schema_that_is_neither_a_preset_nor_a_file_lists_the_presets() {
    let err = Schema::load("no-such-schema.toml").unwrap_err();
    assert_eq!(
        err.to_string(),
        "schema no-such-schema.toml: no such file, and no preset of that name (presets: bank, cqrs-es, kurrentdb, marten, message-db, payments)"
    );
    let dir = std::env::temp_dir().join(format!("rewind-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("flat.json");
    std::fs::write(
        &file,
        r#"{"envelope": {"type": "kind"}, "types": {"d": {"effect": "ignore"}}}"#,
    )
    .unwrap();
    let schema = Schema::load(file.to_str().unwrap()).unwrap();
    assert_eq!(schema.name(), "flat");
    let odd = dir.join("schema.conf");
    std::fs::write(&odd, format!("\u{feff}{MINIMAL}")).unwrap();
    assert_eq!(
        Schema::load(odd.to_str().unwrap()).unwrap().name(),
        "schema"
    );
    assert!(Schema::load(dir.to_str().unwrap())
        .unwrap_err()
        .message
        .contains("directory"));
    std::fs::remove_dir_all(&dir).ok();
}

/// The raw text of a field, for the decoding tests.
fn text(raw: Option<crate::log::envelope::Raw<'_>>) -> Option<&str> {
    raw.map(|r| r.get())
}

#[test]
fn dotted_paths_reach_into_nested_objects_at_either_level() {
    let schema = toml(
        r#"
        [envelope]
        type = "meta.kind"
        account = ["meta.stream.id", "account"]
        sequence = "position.commit"
        payload = "event.body"

        [types.deposit]
        effect = "credit"
        amount = "amount.value"
        "#,
    )
    .unwrap();
    let record = br#"{"meta":{"kind":"deposit","stream":{"id":"s-1"}},"position":{"commit":7,"prepare":7},"event":{"body":{"amount":{"value":"2.50","currency":"EUR"}}}}"#;
    let env = Envelope::decode_with(record, &schema).unwrap();
    assert_eq!(text(env.event_type()), Some("\"deposit\""));
    assert_eq!(text(env.account()), Some("\"s-1\""));
    assert_eq!(text(env.seq()), Some("7"));
    assert_eq!(text(env.payload_field("amount.value")), Some("\"2.50\""));
    // Without the payload object, the top level is the payload.
    let flat = br#"{"meta":{"kind":"deposit"},"account":"a","amount":{"value":1}}"#;
    let env = Envelope::decode_with(flat, &schema).unwrap();
    assert_eq!(text(env.account()), Some("\"a\""));
    assert_eq!(text(env.payload_field("amount.value")), Some("1"));
}

#[test]
fn externally_tagged_payloads_name_the_type_by_their_key() {
    let schema = Schema::preset("cqrs-es").unwrap().unwrap();
    let record = br#"{"aggregate_type":"Account","aggregate_id":"ACCT-1","sequence":2,"event_type":"Wrong","payload":{"CustomerDepositedMoney":{"amount":200.0,"balance":200.0}},"metadata":{}}"#;
    let env = Envelope::decode_with(record, &schema).unwrap();
    assert_eq!(text(env.event_type()), Some("\"CustomerDepositedMoney\""));
    assert_eq!(text(env.payload_field("amount")), Some("200.0"));
    assert_eq!(text(env.version()), Some("2"));
    // A variant without fields is serialised as a bare string.
    let unit = br#"{"aggregate_id":"A","payload":"AccountOpened"}"#;
    let env = Envelope::decode_with(unit, &schema).unwrap();
    assert_eq!(text(env.event_type()), Some("\"AccountOpened\""));
    // No tag: the envelope's type field.
    let untagged = br#"{"aggregate_id":"A","event_type":"AccountOpened","payload":{}}"#;
    let env = Envelope::decode_with(untagged, &schema).unwrap();
    assert_eq!(text(env.event_type()), Some("\"AccountOpened\""));
}

#[test]
fn internally_tagged_payloads_hold_the_type_beside_the_fields() {
    let schema = toml(
        r#"
        [envelope]
        type = "kind"
        account = "stream"
        payload = "event"
        tagging = "internal"

        [types.Deposited]
        effect = "credit"
        amount = "amount"
        "#,
    )
    .unwrap();
    let record = br#"{"kind":"outer","stream":"s","event":{"amount":5,"kind":"Deposited"}}"#;
    let env = Envelope::decode_with(record, &schema).unwrap();
    assert_eq!(text(env.event_type()), Some("\"Deposited\""));
}

#[test]
fn currency_is_read_on_every_effect_and_an_openings_stays_in_its_effect() {
    let schema = toml(
        r#"
        [envelope]
        type = "kind"

        [types.opened]
        effect = "open"
        currency = "cur"

        [types.changed]
        effect = "set_balance"
        balance = "newBalance"
        currency = ["newCurrency", "cur"]

        [types.noted]
        effect = "ignore"
        currency = "newCurrency"
        "#,
    )
    .unwrap();
    let event = |record: &[u8], check: &dyn Fn(&crate::domain::event::Event<'_>)| {
        check(&crate::log::event_of(
            &Envelope::decode_with(record, &schema).unwrap(),
        ));
    };
    event(
        br#"{"kind":"changed","newBalance":"5","newCurrency":"USD"}"#,
        &|e| {
            assert_eq!(e.currency.as_deref(), Some("USD"));
        },
    );
    event(
        br#"{"kind":"changed","newBalance":"5","cur":"GBP"}"#,
        &|e| {
            assert_eq!(e.currency.as_deref(), Some("GBP"));
        },
    );
    event(br#"{"kind":"changed","newBalance":"5"}"#, &|e| {
        assert_eq!(e.currency, None);
    });
    event(br#"{"kind":"noted","newCurrency":"CHF"}"#, &|e| {
        assert_eq!(e.currency.as_deref(), Some("CHF"));
    });
    event(br#"{"kind":"opened","cur":"EUR"}"#, &|e| {
        assert_eq!(e.currency, None);
        assert!(matches!(
            &e.effect,
            Ok(crate::domain::Effect::Open { currency: Some(c), .. }) if c == "EUR"
        ));
    });
}

#[test]
fn a_required_opening_balance_is_missing_field_when_absent_and_an_optional_one_is_0() {
    let schema = |required: &str| {
        toml(&format!(
            "[envelope]\ntype = \"kind\"\n[types.opened]\neffect = \"open\"\ninitial_balance = {{ field = \"balance\"{required} }}\n"
        ))
        .unwrap()
    };
    let opening = |schema: &Schema, record: &[u8]| {
        let env = Envelope::decode_with(record, schema).unwrap();
        match crate::log::event_of(&env).effect {
            Ok(crate::domain::Effect::Open {
                initial_balance, ..
            }) => Ok(initial_balance.to_string()),
            Ok(other) => panic!("{other:?}"),
            Err(finding) => Err((finding.code, finding.message)),
        }
    };
    let required = schema(", required = true");
    assert_eq!(
        opening(&required, br#"{"kind":"opened","balance":"7.5"}"#),
        Ok("7.5".to_owned())
    );
    assert_eq!(
        opening(&required, br#"{"kind":"opened"}"#),
        Err((
            crate::domain::Code::MissingField,
            "opened has no `balance`".to_owned()
        ))
    );
    for optional in [schema(""), schema(", required = false")] {
        assert_eq!(
            opening(&optional, br#"{"kind":"opened"}"#),
            Ok("0".to_owned())
        );
    }
    // Only an opening balance can be required or not.
    assert_eq!(
        toml("[envelope]\ntype = \"kind\"\n[types.d]\neffect = \"credit\"\namount = { field = \"a\", required = true }\n").err().as_deref(),
        Some("schema my.toml: unknown field `required` in types.d.amount, expected `field` or `minor_units` (line 5)")
    );
    assert_eq!(
        toml("[envelope]\ntype = \"kind\"\n[types.o]\neffect = \"open\"\ninitial_balance = { field = \"a\", required = \"yes\" }\n").err().as_deref(),
        Some("schema my.toml: types.o.initial_balance.required: invalid type: string \"yes\", expected a boolean (line 5)")
    );
}

#[test]
fn a_diagnostics_table_sets_a_policy_per_code_in_toml_or_json() {
    use crate::domain::{Code, Policy};
    assert!(toml(MINIMAL).unwrap().policies().is_default());
    let text = format!(
        "{MINIMAL}\n[diagnostics]\noverdraft = \"reject\"\nmissing_field = \"warning\"\nclosed_with_balance = \"off\"\naccount_not_open = \"error\"\n"
    );
    let schema = toml(&text).unwrap();
    let p = schema.policies();
    assert!(!p.is_default());
    assert_eq!(p.of(Code::Overdraft), Policy::Reject);
    assert_eq!(p.of(Code::MissingField), Policy::Warning);
    assert_eq!(p.of(Code::ClosedWithBalance), Policy::Off);
    assert_eq!(p.of(Code::AccountNotOpen), Policy::Error);
    assert_eq!(p.of(Code::InvalidAmount), Policy::Error);
    assert_eq!(p.of(Code::DuplicateOpen), Policy::Warning);
    let schema = json(
        r#"{"envelope": {"type": "kind"}, "types": {"d": {"effect": "credit", "amount": "a"}},
            "diagnostics": {"overdraft": "off"}}"#,
    )
    .unwrap();
    assert_eq!(schema.policies().of(Code::Overdraft), Policy::Off);
    // Setting a code to its default is the default table.
    let schema = toml(&format!(
        "{MINIMAL}\n[diagnostics]\noverdraft = \"warning\"\n"
    ))
    .unwrap();
    assert!(schema.policies().is_default());
}

#[test]
fn an_unknown_code_or_policy_is_an_error_naming_the_key() {
    assert_eq!(
        toml(&format!("{MINIMAL}\n[diagnostics]\noverdrafts = \"off\"\n")).err().as_deref(),
        Some("schema my.toml: diagnostics.overdrafts: unknown diagnostic code `overdrafts` (the codes are in the README's diagnostics table)")
    );
    assert_eq!(
        toml(&format!("{MINIMAL}\n[diagnostics]\noverdraft = \"fatal\"\n")).err().as_deref(),
        Some("schema my.toml: diagnostics.overdraft: unknown policy `fatal`, expected one of `error`, `warning`, `off`, `reject`")
    );
    assert!(json(
        r#"{"envelope": {"type": "kind"}, "types": {"d": {"effect": "credit", "amount": "a"}},
            "diagnostics": {"overdraft": 1}}"#,
    )
    .err()
    .unwrap()
    .starts_with("schema my.json: diagnostics.overdraft: invalid type"));
}

#[test]
fn freeze_and_unfreeze_take_no_operands() {
    let text = "[envelope]\ntype = \"kind\"\n[types.deactivate]\neffect = \"freeze\"\n[types.activate]\neffect = \"unfreeze\"\n";
    let schema = toml(text).unwrap();
    assert_eq!(
        schema.rule("deactivate").map(|r| &r.effect),
        Some(&EffectFields::Freeze)
    );
    assert_eq!(
        schema.rule("activate").map(|r| &r.effect),
        Some(&EffectFields::Unfreeze)
    );
    assert_eq!(
        toml("[envelope]\ntype = \"kind\"\n[types.d]\neffect = \"freeze\"\namount = \"a\"\n")
            .err()
            .as_deref(),
        Some("schema my.toml: types.d: `amount` does not apply to effect `freeze` (it takes `currency`, `recorded_balance`)")
    );
}

#[test]
fn a_rules_table_sets_the_balance_limits() {
    use crate::domain::Limits;
    use rust_decimal::Decimal;
    assert_eq!(*toml(MINIMAL).unwrap().limits(), Limits::default());
    let schema = toml(&format!(
        "{MINIMAL}\n[rules]\nmin_balance = \"-500.00\"\nmax_balance = \"10000\"\n"
    ))
    .unwrap();
    assert_eq!(
        *schema.limits(),
        Limits {
            min: Decimal::new(-50000, 2),
            max: Some(Decimal::new(10000, 0)),
        }
    );
    assert_eq!(
        toml(&format!("{MINIMAL}\n[rules]\nmin_balance = \"lots\"\n")).err().as_deref(),
        Some("schema my.toml: rules.min_balance: `lots` is not a decimal number (like \"0\" or \"-500.00\")")
    );
    assert_eq!(
        toml(&format!("{MINIMAL}\n[rules]\nmax_balance = \"-1\"\n"))
            .err()
            .as_deref(),
        Some("schema my.toml: rules.max_balance: below min_balance (0)")
    );
    assert!(toml(&format!("{MINIMAL}\n[rules]\nmax = \"1\"\n"))
        .err()
        .unwrap()
        .starts_with("schema my.toml: unknown field `max` in rules, expected"));
}

#[test]
fn an_open_type_reads_the_accounts_own_limits_exactly() {
    use crate::domain::{Code, Effect, OwnLimits};
    use rust_decimal::Decimal;
    let text = "[envelope]\ntype = \"kind\"\n[types.created]\neffect = \"open\"\nmin_balance = \"minBalance\"\nmax_balance = { field = \"maxBalance\", minor_units = 2 }\n";
    let schema = toml(text).unwrap();
    let from_json = json(
        r#"{"envelope":{"type":"kind"},"types":{"created":{"effect":"open","min_balance":"minBalance","max_balance":{"field":"maxBalance","minor_units":2}}}}"#,
    )
    .unwrap();
    let limits = |schema: &Schema, record: &[u8]| {
        let env = Envelope::decode_with(record, schema).unwrap();
        match crate::log::event_of(&env).effect {
            Ok(Effect::Open { limits, .. }) => Ok(limits.map(|l| *l)),
            Ok(other) => panic!("{other:?}"),
            Err(finding) => Err((finding.code, finding.message)),
        }
    };
    for schema in [&schema, &from_json] {
        assert_eq!(
            limits(
                schema,
                br#"{"kind":"created","minBalance":"-50.10","maxBalance":10000}"#
            ),
            Ok(Some(OwnLimits {
                min: Some(Decimal::new(-5010, 2)),
                max: Some(Decimal::new(10000, 2)),
            }))
        );
        assert_eq!(
            limits(schema, br#"{"kind":"created","maxBalance":150}"#),
            Ok(Some(OwnLimits {
                min: None,
                max: Some(Decimal::new(150, 2)),
            }))
        );
        // Without either, the account keeps the schema-wide limits.
        assert_eq!(limits(schema, br#"{"kind":"created"}"#), Ok(None));
        assert_eq!(
            limits(schema, br#"{"kind":"created","minBalance":"lots"}"#),
            Err((
                Code::InvalidAmount,
                "`minBalance` \"lots\" is not a decimal number".to_owned()
            ))
        );
    }
    assert_eq!(
        toml("[envelope]\ntype = \"kind\"\n[types.deposit]\neffect = \"credit\"\namount = \"amount\"\nmax_balance = \"max\"\n")
            .err()
            .as_deref(),
        Some("schema my.toml: types.deposit: `max_balance` does not apply to effect `credit` (it takes `amount`, `currency`, `recorded_balance`)")
    );
}

#[test]
fn referring_types_need_refers_to_and_referable_effects() {
    let broken = [
        (
            "[envelope]\ntype = \"t\"\n[types.d]\neffect = \"hold\"\n",
            "types.d: effect `hold` needs `refers_to` (the field holding the id of the earlier event it refers to)",
        ),
        (
            "[envelope]\ntype = \"t\"\n[types.d]\neffect = \"hold\"\nrefers_to = \"tx\"\nrefers_to_effects = [\"close\"]\n",
            "types.d.refers_to_effects: `close` moves no amount to refer to (use credit, debit or transfer)",
        ),
        (
            "[envelope]\ntype = \"t\"\n[types.d]\neffect = \"hold\"\nrefers_to = \"tx\"\nthen = \"freeze\"\n",
            "types.d: `then` does not apply to effect `hold` (it takes `refers_to`, `refers_to_effects`, `recorded_balance`)",
        ),
        (
            "[envelope]\ntype = \"t\"\n[types.d]\neffect = \"credit\"\namount = \"a\"\nrefers_to = \"tx\"\n",
            "types.d: `refers_to` does not apply to effect `credit` (it takes `amount`, `currency`, `recorded_balance`)",
        ),
    ];
    for (text, want) in broken {
        let want = format!("schema my.toml: {want}");
        assert_eq!(toml(text).err(), Some(want), "{text}");
    }
    let payments = Schema::preset("payments").unwrap().unwrap();
    assert!(payments.is_csv() && payments.implicit_open() && payments.has_holds());
    let bank = Schema::bank();
    assert!(!bank.is_csv() && !bank.implicit_open() && !bank.has_holds());
    let chargeback = payments.rule("chargeback").unwrap();
    assert!(matches!(
        chargeback.effect,
        EffectFields::Refer { freeze: true, .. }
    ));
}
