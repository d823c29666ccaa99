//! One key, and how it is written: in the help and the status line, and
//! in the config file, which uses the same words.

use ratatui::crossterm::event::KeyCode;

/// One key: a code, with or without Ctrl.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

pub(super) const fn key(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}
pub(super) const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}
pub(super) const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

pub(super) const UP: Key = key(KeyCode::Up);
pub(super) const DOWN: Key = key(KeyCode::Down);
pub(super) const PGUP: Key = key(KeyCode::PageUp);
pub(super) const PGDN: Key = key(KeyCode::PageDown);
pub(super) const ESC: Key = key(KeyCode::Esc);
pub(super) const ENTER: Key = key(KeyCode::Enter);
/// Quits from everywhere; no config file rebinds it.
pub const CTRL_C: Key = ctrl('c');

impl Key {
    /// How the key is written in the help and the status line.
    pub fn label(self) -> String {
        match self.code {
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Char(' ') => "Space".into(),
            KeyCode::Char(c) if self.ctrl => format!("Ctrl-{}", c.to_ascii_uppercase()),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        }
    }

    /// A key written as the help writes it (`k`, `G`, `Ctrl-O`, `PgDn`,
    /// `Space`, `↑`), names in any case, and `Up`, `Down`, `Left`, `Right`
    /// for the arrows.
    pub fn parse(text: &str) -> Option<Key> {
        let mut chars = text.chars();
        let arrow = ["↑", "↓", "←", "→"].contains(&text);
        if let (Some(c), None, false) = (chars.next(), chars.next(), arrow) {
            return (!c.is_control()).then_some(ch(c));
        }
        let lower = text.to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("ctrl-").or(lower.strip_prefix("c-")) {
            let mut chars = rest.chars();
            return match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_graphic() => Some(ctrl(c)),
                _ => None,
            };
        }
        if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
            return (1..=12).contains(&n).then_some(key(KeyCode::F(n)));
        }
        let code = match lower.as_str() {
            "↑" | "up" => KeyCode::Up,
            "↓" | "down" => KeyCode::Down,
            "←" | "left" => KeyCode::Left,
            "→" | "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "backspace" => KeyCode::Backspace,
            "del" | "delete" => KeyCode::Delete,
            "space" => KeyCode::Char(' '),
            _ => return None,
        };
        Some(key(code))
    }
}
