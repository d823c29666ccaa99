//! `rewind schemas [NAME]`: the presets, or one preset's file.

use crate::replay::seek::Fatal;
use crate::schema::{Schema, PRESETS};
use std::io::Write;

pub fn schemas(name: Option<&str>, out: &mut dyn Write) -> Result<i32, Fatal> {
    if let Some(name) = name {
        let Some(preset) = PRESETS.iter().find(|p| p.name == name) else {
            return Err(Fatal(format!(
                "no preset `{name}` (presets: {})",
                PRESETS
                    .iter()
                    .map(|p| p.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        out.write_all(preset.text.as_bytes())?;
        return Ok(0);
    }
    let label = |name: &str| {
        if name == PRESETS[0].name {
            format!("{name} (default)")
        } else {
            name.to_owned()
        }
    };
    let width = PRESETS
        .iter()
        .map(|p| label(p.name).len())
        .max()
        .unwrap_or(0);
    for preset in PRESETS {
        let description = match Schema::preset(preset.name) {
            Some(Ok(schema)) => schema.description().to_owned(),
            Some(Err(e)) => return Err(Fatal(e.to_string())),
            None => String::new(),
        };
        writeln!(
            out,
            "{:<width$}  {description} · {}",
            label(preset.name),
            preset.sample
        )?;
    }
    writeln!(
        out,
        "\nUse one with --schema NAME; `rewind schemas NAME` prints its file, to start your own from."
    )?;
    Ok(0)
}
