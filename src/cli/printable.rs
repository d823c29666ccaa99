//! Text from the log, made safe to print to a terminal.

/// Text from the log made safe for a terminal: control characters (an
/// escape sequence in an account name, a NUL, a newline) are written as
/// Rust escapes, so a log can neither forge output lines nor drive the
/// terminal. JSON output needs none of this: serde escapes them.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| match c.is_control() {
            true => c.escape_default().to_string(),
            false => c.to_string(),
        })
        .collect::<String>()
        .into()
}
