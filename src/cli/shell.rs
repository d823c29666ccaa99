//! `rewind completions SHELL` and `rewind man`: generated from the same
//! clap definitions as `--help`, so that neither can drift from the flags.

use clap_complete::Shell;
use std::io::Write;

/// A completion script for `shell`, for the command line `cli` defines
/// (`Cli::command()`). `--schema` completes the presets' names; in bash and
/// fish, file names as well.
pub fn completions(
    shell: Shell,
    mut cli: clap::Command,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cli, "rewind", &mut script);
    let mut script = String::from_utf8_lossy(&script).into_owned();
    let presets: Vec<&str> = crate::schema::PRESETS.iter().map(|p| p.name).collect();
    let words = presets.join(" ");
    match shell {
        // Both the presets and the files in the folder.
        Shell::Bash => {
            let only = format!("compgen -W \"{words}\" -- \"${{cur}}\"");
            script = script.replace(&only, &format!("{only}; compgen -f -- \"${{cur}}\""));
        }
        // `-f` there means "no files".
        Shell::Fish => {
            script = script
                .lines()
                .map(|l| match l.contains("-l schema") {
                    true => l.replace(" -r -f ", " -r -F "),
                    false => l.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("\n")
                + "\n";
        }
        _ => {}
    }
    out.write_all(script.as_bytes())
}

/// The man page of `cli` (`Cli::command()`), in roff: the command and its options, then each command
/// with its own (one page, where clap_mangen would point to a page per
/// command), then the files and the environment rewind reads.
pub fn man(cli: clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    let page = clap_mangen::Man::new(cli.clone());
    let mut roff = Vec::new();
    page.render_title(&mut roff)?;
    page.render_name_section(&mut roff)?;
    page.render_synopsis_section(&mut roff)?;
    page.render_description_section(&mut roff)?;
    page.render_options_section(&mut roff)?;
    roff.extend_from_slice(b".SH COMMANDS\n");
    for sub in cli.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("rewind {}", sub.get_name());
        let sub = sub
            .clone()
            .bin_name(name.clone())
            .display_name(name.clone());
        let sub_page = clap_mangen::Man::new(sub);
        roff.extend_from_slice(format!(".SS \"{name}\"\n").as_bytes());
        let mut part = Vec::new();
        sub_page.render_synopsis_section(&mut part)?;
        sub_page.render_description_section(&mut part)?;
        sub_page.render_options_section(&mut part)?;
        // Its sections become paragraphs of this one.
        for line in String::from_utf8_lossy(&part).lines() {
            match line.strip_prefix(".SH ") {
                Some("SYNOPSIS") | Some("DESCRIPTION") => roff.extend_from_slice(b".PP\n"),
                Some(_) => roff.extend_from_slice(b".PP\nOptions:\n"),
                None => {
                    roff.extend_from_slice(line.as_bytes());
                    roff.push(b'\n');
                }
            }
        }
    }
    roff.extend_from_slice(FILES_AND_ENVIRONMENT.as_bytes());
    page.render_version_section(&mut roff)?;
    out.write_all(&roff)
}

const FILES_AND_ENVIRONMENT: &str = r#".SH FILES
.TP
\fI$XDG_CONFIG_HOME/rewind/config.toml\fR, else \fI~/.config/rewind/config.toml\fR
The settings: the debugger's theme, the zone of its time column, the default schema and key bindings (\fBrewind config\fR prints the defaults).
.SH ENVIRONMENT
.TP
\fBNO_COLOR\fR
When set and not empty, no colour: in the debugger (bold and reverse video stay) and in \fBcheck\fR's text; \fB\-\-color always\fR overrides it.
.TP
\fBXDG_CONFIG_HOME\fR
Where the settings file is looked for.
.SH "EXIT STATUS"
0 on success; 1 when \fBcheck\fR finds an error; 2 when the arguments, a schema, the settings or the log cannot be used.
"#;
