//! A schema file's text read into its serde form ([`SchemaFile`]), TOML or
//! JSON, with every error one line naming the key's path and its line. The
//! settings file is read the same way ([`read_toml`]).

use super::file::SchemaFile;

/// The line (from 1) that byte `offset` of `text` is on.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// `unknown field `x`, expected …` at `types.t` reads best as
/// `unknown field `x` in types.t, expected …`; anything else is
/// `path: message`.
fn with_path(path: &str, message: &str, line: Option<usize>) -> String {
    let message = message.trim().trim_end_matches('.');
    let unknown = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once("`, "));
    // The path of an unknown key ends with the key itself: name where it is.
    let path = match unknown {
        Some((key, _)) if path == key => "",
        Some((key, _)) => path
            .strip_suffix(key)
            .and_then(|p| p.strip_suffix('.'))
            .unwrap_or(path),
        None => path,
    };
    let mut out = match unknown {
        _ if path.is_empty() || path == "." => message.to_owned(),
        Some((key, expected)) => format!("unknown field `{key}` in {path}, {expected}"),
        None => format!("{path}: {message}"),
    };
    if let Some(line) = line {
        out.push_str(&format!(" (line {line})"));
    }
    out
}

/// A TOML file read into `T`; the error is one line naming the key and its
/// line. (The config file is read this way too.)
pub fn read_toml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let de = toml::Deserializer::parse(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        with_path("", &format!("not TOML: {}", e.message()), line)
    })?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let line = inner.span().map(|s| line_of(text, s.start));
        with_path(&path, inner.message(), line)
    })
}

pub(super) fn read_json(text: &str) -> Result<SchemaFile, String> {
    let json_message = |e: &serde_json::Error| {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let line = (e.line() > 0).then_some(e.line());
        (full.strip_suffix(&suffix).unwrap_or(&full).to_owned(), line)
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let file: SchemaFile = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let (message, line) = json_message(&inner);
        if inner.is_syntax() || inner.is_eof() {
            with_path("", &format!("not JSON: {message}"), line)
        } else {
            with_path(&path, &message, line)
        }
    })?;
    de.end().map_err(|e| {
        let (message, line) = json_message(&e);
        with_path("", &format!("not JSON: {message}"), line)
    })?;
    Ok(file)
}
