//! Pretty-printing a record's raw JSON for the detail pane. It re-indents
//! the text token by token and never parses values, so every number is
//! shown exactly as written (a parse would round `0.1` or a 29-digit amount
//! through a float).

/// What a piece of a pretty line is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Punct,
    Key,
    Str,
    Number,
    /// `true`, `false`, `null`, or anything else unquoted.
    Literal,
}

/// One line: its indentation and its pieces.
pub type Line = Vec<(Token, String)>;

fn tokens(text: &str) -> Vec<(Token, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
        } else if b"{}[],:".contains(&b) {
            out.push((Token::Punct, &text[i..i + 1]));
            i += 1;
        } else if b == b'"' {
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(bytes.len());
            out.push((Token::Str, &text[start..i]));
        } else {
            let start = i;
            while i < bytes.len() && !b"{}[],:\" \t\r\n".contains(&bytes[i]) {
                i += 1;
            }
            let word = &text[start..i];
            let kind = if word.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
                Token::Number
            } else {
                Token::Literal
            };
            out.push((kind, word));
        }
    }
    out
}

/// Levels of nesting that are indented; deeper ones stay at this indent.
const MAX_INDENT: usize = 32;

/// The record's text, indented by two spaces per level.
pub fn pretty(text: &str) -> Vec<Line> {
    let tokens = tokens(text);
    let mut lines: Vec<Line> = Vec::new();
    let mut line: Line = Vec::new();
    let mut depth = 0usize;
    // Indentation stops growing past a depth no pane is wide enough for, so
    // 10k-deep nesting costs lines, not lines × depth.
    let indent = |depth: usize| (Token::Punct, "  ".repeat(depth.min(MAX_INDENT)));
    let mut i = 0;
    while i < tokens.len() {
        let (kind, text) = tokens[i];
        match (kind, text) {
            (Token::Punct, "{" | "[") => {
                let close = if text == "{" { "}" } else { "]" };
                if tokens.get(i + 1).map(|t| t.1) == Some(close) {
                    line.push((Token::Punct, format!("{text}{close}")));
                    i += 1;
                } else {
                    line.push((Token::Punct, text.to_owned()));
                    lines.push(std::mem::take(&mut line));
                    depth += 1;
                    line.push(indent(depth));
                }
            }
            (Token::Punct, "}" | "]") => {
                lines.push(std::mem::take(&mut line));
                depth = depth.saturating_sub(1);
                line.push(indent(depth));
                line.push((Token::Punct, text.to_owned()));
            }
            (Token::Punct, ",") => {
                line.push((Token::Punct, ",".to_owned()));
                lines.push(std::mem::take(&mut line));
                line.push(indent(depth));
            }
            (Token::Punct, ":") => line.push((Token::Punct, ": ".to_owned())),
            (Token::Str, _) if tokens.get(i + 1).map(|t| t.1) == Some(":") => {
                line.push((Token::Key, text.to_owned()));
            }
            _ => line.push((kind, text.to_owned())),
        }
        i += 1;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
        .into_iter()
        .filter(|l| l.iter().any(|(_, s)| !s.trim().is_empty()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|(_, s)| s.as_str()).collect())
            .collect()
    }

    #[test]
    fn indents_without_touching_numbers() {
        let text = r#"{"type":"MoneyDeposited","data":{"amount":0.10,"big":79228162514264337593543950335},"tags":[],"x":{}}"#;
        assert_eq!(
            plain(&pretty(text)),
            [
                "{",
                r#"  "type": "MoneyDeposited","#,
                r#"  "data": {"#,
                r#"    "amount": 0.10,"#,
                r#"    "big": 79228162514264337593543950335"#,
                "  },",
                r#"  "tags": [],"#,
                r#"  "x": {}"#,
                "}",
            ]
        );
    }

    #[test]
    fn deep_nesting_is_indented_only_so_far() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let lines = pretty(&text);
        assert_eq!(lines.len(), 20_000 - 1);
        let widest = lines
            .iter()
            .map(|l| l.iter().map(|(_, s)| s.len()).sum::<usize>())
            .max();
        assert_eq!(widest, Some(2 * MAX_INDENT + 2));
    }

    #[test]
    fn strings_with_escapes_and_arrays() {
        let text = r#"{"a":"x\"y, {z}","b":[1,true,null]}"#;
        let lines = pretty(text);
        assert_eq!(
            plain(&lines),
            [
                "{",
                r#"  "a": "x\"y, {z}","#,
                r#"  "b": ["#,
                "    1,",
                "    true,",
                "    null",
                "  ]",
                "}"
            ]
        );
        assert_eq!(lines[1][1], (Token::Key, r#""a""#.to_owned()));
        assert_eq!(lines[4][1].0, Token::Literal);
    }
}
