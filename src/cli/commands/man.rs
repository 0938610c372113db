//! `audit man`: the manual page, generated from the same argument definitions as `--help`.
//!
//! One page holds every command: `clap_mangen` would list each as `audit-grade(1)`, a page of
//! its own that a user installing one file never has. Each command gets a section of this
//! page instead (`AUDIT GRADE`), with its description, synopsis and options.

use crate::cli::output::Output;
use crate::cli::{CliError, Status};
use clap_mangen::Man;
use std::io::{self, Write};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Write to FILE (e.g. ~/.local/share/man/man1/audit.1) instead of standard output (`-`);
    /// missing folders on the way are created.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Status, CliError> {
    // Built: each subcommand has its full name ("audit rubric show") and the global options
    // it acts on.
    let command = crate::cli::command();
    // A man page goes in a standard folder, which a new user may not have yet.
    if let Some(path) = args.output.as_deref().filter(|p| p.as_os_str() != "-")
        && let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|e| CliError::output(path, e))?;
    }
    Output::open(args.output.as_deref())?.write(|w| page(&command, w))?;
    Ok(Status::Ok)
}

/// The whole page: the program's own sections, a list of the commands, then a section for
/// each command (and each of their subcommands), in the order `--help` lists them.
fn page(command: &clap::Command, w: &mut dyn Write) -> io::Result<()> {
    let man = Man::new(command.clone());
    man.render_title(w)?;
    part(w, Heading::Keep, |out| man.render_name_section(out))?;
    part(w, Heading::Keep, |out| man.render_synopsis_section(out))?;
    part(w, Heading::Keep, |out| man.render_description_section(out))?;
    part(w, Heading::Keep, |out| man.render_options_section(out))?;
    writeln!(w, ".SH COMMANDS")?;
    for sub in commands(command) {
        writeln!(w, ".TP\n{}", roman(&full_name(sub)))?;
        if let Some(about) = sub.get_about() {
            for line in about.to_string().lines() {
                writeln!(w, "{}", roman(line))?;
            }
        }
    }
    for sub in commands(command) {
        section(sub, w)?;
    }
    part(w, Heading::Keep, |out| man.render_version_section(out))
}

/// One command's section, then its subcommands' sections.
fn section(command: &clap::Command, w: &mut dyn Write) -> io::Result<()> {
    let man = Man::new(command.clone());
    writeln!(w, ".SH \"{}\"", full_name(command).to_uppercase())?;
    part(w, Heading::Drop, |out| man.render_synopsis_section(out))?;
    writeln!(w, ".PP")?;
    part(w, Heading::Drop, |out| man.render_description_section(out))?;
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        writeln!(w, ".SS Options")?;
        part(w, Heading::Drop, |out| man.render_options_section(out))?;
    }
    for sub in commands(command) {
        section(sub, w)?;
    }
    Ok(())
}

/// The visible subcommands of `command`, without clap's `help` (`--help` is on every page).
fn commands(command: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    command
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
}

/// "audit rubric show", as typed (`build` sets it).
fn full_name(command: &clap::Command) -> String {
    command
        .get_bin_name()
        .unwrap_or_else(|| command.get_name())
        .to_string()
}

enum Heading {
    Keep,
    Drop,
}

/// Writes a section `clap_mangen` renders, without the definition it repeats before every
/// section (the page's title has it once), and without its `.SH` heading when it sits under a
/// command's own.
fn part(
    w: &mut dyn Write,
    heading: Heading,
    render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut text = Vec::new();
    render(&mut text)?;
    let text = String::from_utf8_lossy(&text);
    for line in text.lines() {
        let preamble = line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq");
        let dropped = matches!(heading, Heading::Drop) && line.starts_with(".SH ");
        if !preamble && !dropped {
            writeln!(w, "{line}")?;
        }
    }
    Ok(())
}

/// Text as a roff line: a leading `.` or `'` would be read as a request, and `\` as an escape.
fn roman(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}
