//! The user's settings file: the debugger's theme, the zone of its time
//! column, the schema a log is read with by default, and key bindings of
//! their own. Read from `$XDG_CONFIG_HOME/rewind/config.toml` (else
//! `~/.config/rewind/config.toml`) or the file `--config` names; an error
//! in it is one line naming the key and its line, as a schema's is.

use super::format::Zone;
use super::keymap::{self, Binding, Context, Key, BINDINGS};
use super::view::{use_theme, Theme, ThemeGuard};
use crate::schema::{line_of, read_toml, PRESETS};
use ratatui::crossterm::event::KeyCode;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The settings, as read (a setting the file leaves out is `None`, or
/// the default).
#[derive(Debug, Clone)]
pub struct Config {
    pub theme: ThemeName,
    /// The time column's zone, unless `--tz` says.
    pub zone: Option<Zone>,
    /// The schema a log is read with, unless `--schema` says: a preset, or
    /// a file (a relative path is taken from the config file's folder).
    pub schema: Option<String>,
    /// The key bindings in force: the defaults, with the file's in place
    /// of the actions it names.
    pub bindings: &'static [Binding],
}

impl Default for Config {
    fn default() -> Self {
        Config {
            theme: ThemeName::Dark,
            zone: None,
            schema: None,
            bindings: BINDINGS,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    Dark,
    Light,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum ZoneName {
    Utc,
    Local,
}

/// The file, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    theme: Option<ThemeName>,
    time_zone: Option<ZoneName>,
    schema: Option<String>,
    #[serde(default)]
    keys: Keys,
}

/// `[keys.CONTEXT]` tables: an action = the keys that do it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    #[serde(default)]
    main: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    help: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    list: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    prompt: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    letter: BTreeMap<String, Vec<String>>,
}

impl Keys {
    fn tables(&self) -> [(Context, &BTreeMap<String, Vec<String>>); 5] {
        [
            (Context::Main, &self.main),
            (Context::Help, &self.help),
            (Context::List, &self.list),
            (Context::Text, &self.prompt),
            (Context::Letter, &self.letter),
        ]
    }
}

/// Where the settings are read from when `--config` names no file:
/// `$XDG_CONFIG_HOME/rewind/config.toml`, else `~/.config/rewind/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    let absolute = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let base =
        absolute("XDG_CONFIG_HOME").or_else(|| absolute("HOME").map(|h| h.join(".config")))?;
    Some(base.join("rewind").join("config.toml"))
}

/// The settings from `explicit` (`--config FILE`, which must exist), else
/// from the default place (where no file means the defaults). The error is
/// one line: `config FILE: what is wrong (line N)`.
pub fn load(explicit: Option<&Path>) -> Result<Config, String> {
    let path = match explicit {
        Some(path) => path.to_owned(),
        None => match default_path() {
            Some(path) if path.exists() => path,
            _ => return Ok(Config::default()),
        },
    };
    let fail = |message: String| format!("config {}: {message}", path.display());
    let text = std::fs::read_to_string(&path).map_err(|e| {
        fail(match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_owned(),
            _ => e.to_string(),
        })
    })?;
    let mut config = parse(&text).map_err(fail)?;
    // A schema file named relative to the config file is found beside it.
    if let Some(schema) = &mut config.schema {
        let is_preset = PRESETS.iter().any(|p| p.name == schema.as_str());
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        if let (false, true, Some(dir)) = (is_preset, Path::new(schema).is_relative(), dir) {
            *schema = dir.join(&*schema).to_string_lossy().into_owned();
        }
    }
    Ok(config)
}

/// The settings in `text`; the error names the key and its line.
pub fn parse(text: &str) -> Result<Config, String> {
    let file: File = read_toml(text)?;
    Ok(Config {
        theme: file.theme.unwrap_or(ThemeName::Dark),
        zone: file.time_zone.map(|z| match z {
            ZoneName::Utc => Zone::Utc,
            ZoneName::Local => Zone::Local,
        }),
        schema: file.schema,
        bindings: rebind(text, &file.keys)?,
    })
}

/// The theme and key bindings in force on this thread (the one that reads
/// keys and draws) while the guard lives.
#[must_use = "the settings are in force only while the guard lives"]
pub struct Installed {
    _theme: ThemeGuard,
    _keys: keymap::BindingsGuard,
}

impl Config {
    /// Puts the theme (none when `colour` is false: `NO_COLOR`, `--color
    /// never`) and the key bindings in force.
    pub fn install(&self, colour: bool) -> Installed {
        let theme = match (colour, self.theme) {
            (false, _) => &Theme::PLAIN,
            (true, ThemeName::Dark) => &Theme::DARK,
            (true, ThemeName::Light) => &Theme::LIGHT,
        };
        Installed {
            _theme: use_theme(theme),
            _keys: keymap::use_bindings(self.bindings),
        }
    }
}

/// `--color always` under `NO_COLOR`: the terminal library would drop
/// the colours the user asked for.
pub fn force_colour() {
    ratatui::crossterm::style::force_color_output(true);
}

/// Whether the `i`th binding is outside any action: Ctrl-C quits from
/// everywhere, whatever the file says, and digits make a count.
fn fixed(i: usize) -> bool {
    BINDINGS
        .get(i)
        .is_none_or(|b| b.keys == [keymap::CTRL_C] || keymap::action_name(b.message).is_none())
}

/// The `i`th binding's action, or what its fixed keys do, for messages.
fn name_of(table: &[Binding], i: usize) -> String {
    match (fixed(i), BINDINGS.get(i)) {
        (true, Some(b)) if b.keys == [keymap::CTRL_C] => "Ctrl-C, which always quits".to_owned(),
        (true, Some(b)) => format!("a count ({})", keymap::keys_label(b)),
        _ => table
            .get(i)
            .and_then(|b| keymap::action_name(b.message))
            .unwrap_or_default(),
    }
}

/// The actions of a context, in the keymap's order, each with its keys.
fn actions(table: &[Binding], context: Context) -> Vec<(String, Vec<Key>)> {
    let mut out: Vec<(String, Vec<Key>)> = Vec::new();
    for (_, b) in (table.iter().enumerate()).filter(|&(i, b)| b.context == context && !fixed(i)) {
        let Some(name) = keymap::action_name(b.message) else {
            continue;
        };
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some((_, keys)) => {
                for k in b.keys {
                    if !keys.contains(k) {
                        keys.push(*k);
                    }
                }
            }
            None => out.push((name, b.keys.to_vec())),
        }
    }
    out
}

/// The defaults with the file's bindings in place of those it names;
/// unknown actions, keys that are not keys and a key bound twice in one
/// context are errors.
fn rebind(text: &str, keys: &Keys) -> Result<&'static [Binding], String> {
    if keys.tables().iter().all(|(_, t)| t.is_empty()) {
        return Ok(BINDINGS);
    }
    let mut table = BINDINGS.to_vec();
    let mut written = Vec::new();
    for (context, entries) in keys.tables() {
        for (action, names) in entries {
            let at = |message: String| {
                with_line(
                    format!("keys.{}.{action}: {message}", context.name()),
                    line_of_entry(text, context, action),
                )
            };
            let slots: Vec<usize> = (0..table.len())
                .filter(|&i| {
                    let b = &table[i];
                    b.context == context
                        && !fixed(i)
                        && keymap::action_name(b.message).as_deref() == Some(action)
                })
                .collect();
            if slots.is_empty() {
                let valid: Vec<String> = actions(&table, context)
                    .into_iter()
                    .map(|(n, _)| format!("`{n}`"))
                    .collect();
                return Err(with_line(
                    format!(
                        "unknown action `{action}` in keys.{}, expected one of {}",
                        context.name(),
                        valid.join(", ")
                    ),
                    line_of_entry(text, context, action),
                ));
            }
            let mut parsed: Vec<Key> = Vec::new();
            for name in names {
                let key = Key::parse(name).ok_or_else(|| {
                    at(format!(
                        "`{name}` is not a key; write keys as the help (?) does: k, G, Ctrl-O, PgDn, Space, Up, F1"
                    ))
                })?;
                let typed = matches!(key.code, KeyCode::Char(_)) && !key.ctrl;
                if typed && matches!(context, Context::Text | Context::Letter) {
                    return Err(at(format!(
                        "`{name}` is a letter typed there; bind a key such as Esc, Enter or Ctrl-G"
                    )));
                }
                if !parsed.contains(&key) {
                    parsed.push(key);
                }
            }
            let parsed: &'static [Key] = Box::leak(parsed.into_boxed_slice());
            for (n, &i) in slots.iter().enumerate() {
                table[i].keys = if n == 0 { parsed } else { &[] };
            }
            written.push((context, action.as_str()));
        }
    }
    for (i, a) in table.iter().enumerate() {
        for (j, b) in (table.iter().enumerate().skip(i + 1)).filter(|(_, b)| b.context == a.context)
        {
            if let Some(key) = a.keys.iter().find(|k| b.keys.contains(k)) {
                let name = |x: &Binding| keymap::action_name(x.message);
                let line = written
                    .iter()
                    .rev()
                    .find(|(c, w)| {
                        *c == a.context && [name(a), name(b)].contains(&Some(w.to_string()))
                    })
                    .and_then(|(c, w)| line_of_entry(text, *c, w));
                return Err(with_line(
                    format!(
                        "keys.{}: `{}` is bound to both {} and {}",
                        a.context.name(),
                        key.label(),
                        name_of(&table, i),
                        name_of(&table, j)
                    ),
                    line,
                ));
            }
        }
    }
    Ok(Box::leak(table.into_boxed_slice()))
}

fn with_line(message: String, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{message} (line {line})"),
        None => message,
    }
}

/// The line of `action = …` in `[keys.CONTEXT]` (or written anywhere,
/// for a file that uses dotted keys).
fn line_of_entry(text: &str, context: Context, action: &str) -> Option<usize> {
    let header = format!("[keys.{}]", context.name());
    let is_entry = |line: &str| {
        let line = line.trim_start().trim_start_matches(['"', '\'']);
        line.strip_prefix(action).is_some_and(|rest| {
            rest.trim_start_matches(['"', '\''])
                .trim_start()
                .starts_with('=')
        })
    };
    let mut offset = 0;
    let mut inside = false;
    let mut anywhere = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            inside = trimmed.replace(' ', "") == header;
        } else if is_entry(line) || trimmed.contains(&format!(".{action}")) {
            if inside && is_entry(line) {
                return Some(line_of(text, offset));
            }
            anywhere = anywhere.or(Some(line_of(text, offset)));
        }
        offset += line.len();
    }
    anywhere
}

/// A TOML string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The file `rewind config` prints: every setting at its default, and
/// every action's keys, commented, to start from.
pub fn default_text() -> String {
    let mut out = String::from(
        "# rewind's settings, read from $XDG_CONFIG_HOME/rewind/config.toml (else
# ~/.config/rewind/config.toml) or the file --config names. Every setting
# may be left out; these are the defaults.

# The debugger's colours: \"dark\" for a dark background, \"light\" for a
# light one. NO_COLOR or --color never shows none.
theme = \"dark\"

# The zone of the event list's times: \"utc\" or \"local\" (--tz says otherwise).
time_zone = \"utc\"

# The schema a log is read with when --schema names none: a preset
# (`rewind schemas` lists them) or a schema file (relative to this file).
schema = \"bank\"

# Key bindings, per context: an action = the keys that do it, written as
# the help (?) writes them (\"k\", \"G\", \"Ctrl-O\", \"PgDn\", \"Space\", \"Up\").
# An action named here has only the keys given; a key does one action per
# context; Ctrl-C always quits.
",
    );
    for context in Context::ALL {
        out.push_str(&format!("\n[keys.{}]\n", context.name()));
        for (name, keys) in actions(BINDINGS, context) {
            let keys: Vec<String> = keys.iter().map(|k| quoted(&k.label())).collect();
            out.push_str(&format!("# {name} = [{}]\n", keys.join(", ")));
        }
    }
    out
}

#[cfg(test)]
mod tests;
