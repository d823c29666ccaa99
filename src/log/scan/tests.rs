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
            // serde_json's Value cannot hold numbers beyond f64; JSON
            // itself has no such limit, and amounts are exact text here.
            let serde: std::result::Result<serde_json::Map<String, serde_json::Value>, _> = serde_json::from_str(&text);
            if serde.is_err_and(|e| e.to_string().starts_with("number out of range")) {
                continue;
            }
            if let Err(e) = agrees_with_serde(&text) {
                prop_assert!(false, "{}", e);
            }
        }
    }
}

/// `text` is accepted exactly when serde_json accepts it, with the same
/// members (the last of a repeated key, as serde keeps).
fn agrees_with_serde(text: &str) -> std::result::Result<bool, String> {
    let serde: std::result::Result<serde_json::Map<String, serde_json::Value>, _> =
        serde_json::from_str(text);
    let ours = members(text);
    if serde.is_ok() != ours.is_ok() {
        return Err(format!("{text:?}: serde {serde:?} ours {ours:?}"));
    }
    if let (Ok(map), Ok(list)) = (serde, ours) {
        let mut last = serde_json::Map::new();
        for (k, v) in list {
            last.insert(k, serde_json::from_str(&v).map_err(|e| e.to_string())?);
        }
        if map != last {
            return Err(format!("{text:?}: serde {map:?} ours {last:?}"));
        }
        return Ok(true);
    }
    Ok(false)
}

/// Keys and string values of every length up to 40 (the string scan takes
/// sixteen bytes at a time, and a short key is read in one step), with a
/// quote, an escape, a control character, a character that is not ASCII
/// or a bad escape at every position: the scanner agrees with serde_json,
/// and a valid record cut short anywhere is refused, as ending early.
#[test]
fn strings_of_every_length_with_anything_anywhere() {
    let odd = [
        "\"",
        "\\\"",
        "\\u00e9",
        "\\ud83d\\ude00",
        "\u{1}",
        "é",
        "€",
        "\\x",
        "\\",
    ];
    for n in 0..=40 {
        for at in (0..n).map(Some).chain([None]) {
            for o in odd {
                let s: String = (0..n)
                    .map(|i| if Some(i) == at { o } else { "k" })
                    .collect();
                for text in [
                    format!("{{\"{s}\":1}}"),
                    format!("{{\"a\":\"{s}\",\"b\":2}}"),
                    format!("{{\"seq\":1,\"{s}\":\"{s}\"}}"),
                ] {
                    let valid = agrees_with_serde(&text).unwrap();
                    if !valid {
                        continue;
                    }
                    for cut in (0..text.len()).filter(|&c| text.is_char_boundary(c)) {
                        let e = members(&text[..cut]).unwrap_err();
                        // A leading surrogate is judged as soon as the
                        // backslash after it is missing its `u`.
                        let surrogate = e.what.contains("surrogate");
                        assert!(e.eof || surrogate, "{:?}: {e:?}", &text[..cut]);
                    }
                }
            }
        }
    }
}
