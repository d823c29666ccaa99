//! The scanner against serde_json, and where it says what is wrong.

use super::*;
use proptest::prelude::*;

fn members(text: &str) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    object(text, |k, v| out.push((k.text().into_owned(), v.to_owned())))?;
    Ok(out)
}

#[test]
fn members_come_with_their_raw_values() {
    let m = members(r#" {"a": 1.5e3, "b":{"c":[1,{"d":null}]}, "e\u0041":"x\"y" , "f":true} "#)
        .unwrap();
    assert_eq!(
        m,
        vec![
            ("a".into(), "1.5e3".into()),
            ("b".into(), r#"{"c":[1,{"d":null}]}"#.into()),
            ("eA".into(), r#""x\"y""#.into()),
            ("f".into(), "true".into()),
        ]
    );
    assert_eq!(members("{}").unwrap(), vec![]);
}

#[test]
fn what_is_wrong_is_said_where() {
    let e = object(r#"{"a":}"#, |_, _| {}).unwrap_err();
    assert_eq!((e.at, e.what), (5, "expected a value"));
    let e = object(r#"{"a":1"#, |_, _| {}).unwrap_err();
    assert!(e.eof);
    let e = object("[1,2]", |_, _| {}).unwrap_err();
    assert!(e.not_object);
    let e = object(r#"{"a":1} x"#, |_, _| {}).unwrap_err();
    assert_eq!(e.what, "trailing characters");
    let e = object("{\"a\":\"\u{1}\"}", |_, _| {}).unwrap_err();
    assert_eq!(e.what, "control character in a string");
}

#[test]
fn any_depth_is_fine_and_nothing_recurses() {
    let deep = format!(
        "{{\"a\":{}1{}}}",
        "[".repeat(1_000_000),
        "]".repeat(1_000_000)
    );
    assert_eq!(members(&deep).unwrap().len(), 1);
    let open = format!("{{\"a\":{}", "[".repeat(1_000_000));
    assert!(object(&open, |_, _| {}).unwrap_err().eof);
}

fn json_like() -> impl Strategy<Value = String> {
    let atom = prop::sample::select(vec![
        "1",
        "-0",
        "0.5",
        "1e5",
        "-1.2E-3",
        "01",
        "1.",
        ".5",
        "-",
        "1e",
        "true",
        "false",
        "null",
        "tru",
        "\"s\"",
        "\"\\u00e9\"",
        "\"\\x\"",
        "\"a\\\"b\"",
        "\"\\ud83d\\ude00\"",
        "\"\\ud800\"",
        "\"\\udc00x\"",
        "\"open",
        "{}",
        "[]",
        "nul",
    ]);
    let piece = prop_oneof![
        atom.prop_map(str::to_owned),
        prop::sample::select(vec![
            "{", "}", "[", "]", ",", ":", " ", "\"k\"", "\"k\":", "\n"
        ])
        .prop_map(str::to_owned),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]
    /// The scanner accepts exactly the objects serde_json accepts, and
    /// sees the same members.
    #[test]
    fn agrees_with_serde_json(body in json_like()) {
        for text in [body.clone(), format!("{{\"k\":{body}}}"), format!("{{{body}}}")] {
            let serde: std::result::Result<serde_json::Map<String, serde_json::Value>, _> = serde_json::from_str(&text);
            let ours = members(&text);
            // serde_json's Value cannot hold numbers beyond f64; JSON
            // itself has no such limit, and amounts are exact text here.
            if serde.as_ref().is_err_and(|e| e.to_string().starts_with("number out of range")) {
                continue;
            }
            prop_assert_eq!(serde.is_ok(), ours.is_ok(), "{:?}: serde {:?} ours {:?}", text, serde, ours);
            if let (Ok(map), Ok(list)) = (serde, ours) {
                // serde keeps the last of repeated keys; so does the envelope.
                let mut last = serde_json::Map::new();
                for (k, v) in list {
                    last.insert(k, serde_json::from_str(&v).unwrap());
                }
                prop_assert_eq!(map, last);
            }
        }
    }
}
