//! The command line: the arguments (one `Args` struct per command, in `commands/`), the
//! pieces the commands share, and turning a result into an exit status.

mod commands;
mod console;
mod error;
mod inputs;
mod interrupt;
mod output;
mod style;

use clap::{Parser, Subcommand};
use commands::{
    actions, agree, check, completions, grade, man, rubric, sample, schema, serve, template,
};
pub use error::{CliError, Status};
use std::path::PathBuf;
use std::process::ExitCode;
use style::ColorWhen;

/// Grade children's social care case file audits against the practice guidance.
///
/// The guidance is a YAML rubric (built in; --rubric loads another), an auditor answers its
/// questions in a YAML audit, and `audit grade` suggests every grade, says why in the
/// guidance's own words, and derives the Outcomes judgement.
#[derive(Parser)]
#[command(name = "audit", version, about, long_about)]
pub struct Cli {
    /// Rubric to grade against, instead of the built-in practice guidance (`-`: standard
    /// input).
    #[arg(long, global = true, value_name = "FILE")]
    rubric: Option<PathBuf>,
    /// When to colour grades in tables.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    /// Width of tables, in columns (default: the terminal's, or $COLUMNS, or 100).
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(40..))]
    width: Option<u16>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Grade audits: files, folders (every *.yaml/*.yml below), or - for standard input.
    Grade(grade::Args),
    /// Check audits for mistakes without grading output: every problem in every file.
    Check(check::Args),
    /// Write a blank audit to fill in: every question, and what each answer means.
    Template(template::Args),
    /// How far audits of the same case agree (moderation): files and folders.
    Agree(agree::Args),
    /// Choose the cases to audit: a fair, reproducible sample of a case list (CSV or XLSX),
    /// stratified by team, leaving out cases audited in the last 12 months.
    Sample(sample::Args),
    /// Follow the actions from audits to closure: every action across the audits, what is
    /// open or overdue per team and owner, and the re-audits due.
    Actions(actions::Args),
    /// Shell completions: `audit completions bash > /etc/bash_completion.d/audit`.
    Completions(completions::Args),
    /// The manual page (roff): `audit man > audit.1`, then `man ./audit.1`.
    Man(man::Args),
    /// JSON Schema of an audit (for the rubric in use) or of a rubric, for editors.
    Schema(schema::Args),
    /// Fill in audits in the browser: a form with the grades as you answer, saved in FOLDER.
    Serve(serve::Args),
    /// Read, export or check the rubric.
    Rubric {
        #[command(subcommand)]
        command: rubric::Command,
    },
}

/// What every command may use besides its own arguments.
pub struct Global {
    pub rubric: Option<PathBuf>,
    pub color: ColorWhen,
    pub width: Option<u16>,
}

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> Result<Status, CliError> {
    let global = Global {
        rubric: cli.rubric,
        color: cli.color,
        width: cli.width,
    };
    match cli.command {
        Command::Grade(args) => grade::run(&global, args),
        Command::Check(args) => check::run(&global, args),
        Command::Template(args) => template::run(&global, args),
        Command::Agree(args) => agree::run(&global, args),
        Command::Sample(args) => sample::run(&global, args),
        Command::Actions(args) => actions::run(&global, args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Schema(args) => schema::run(&global, args),
        Command::Serve(args) => serve::run(&global, args),
        Command::Rubric { command } => rubric::run(&global, command),
    }
}

/// The exit status for a command's result, printing the error if there was one.
pub fn finish(result: Result<Status, CliError>) -> ExitCode {
    match result {
        Ok(status) => ExitCode::from(status.exit_code()),
        Err(e) if e.is_closed_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            console::error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

/// The arguments, parsed with [`command`]'s definition; a mistake exits with clap's message.
pub fn parse() -> Cli {
    let mut matches = command().get_matches();
    <Cli as clap::FromArgMatches>::from_arg_matches_mut(&mut matches)
        .unwrap_or_else(|e| e.format(&mut command()).exit())
}

/// The clap definition, for parsing, completions and the manual page. The global options are
/// accepted everywhere (they may come before the command), but each command's help lists only
/// those it acts on: `--color` on `serve` would promise what it does not do.
fn command() -> clap::Command {
    let mut command = <Cli as clap::CommandFactory>::command();
    // Copies the global options into every subcommand, where they can then be hidden.
    command.build();
    command.mut_subcommands(|sub| hide_unused_globals(sub, ""))
}

/// The global options, by their argument ids.
const GLOBAL_OPTIONS: [&str; 3] = ["rubric", "color", "width"];

/// The global options the command `path` (as typed after `audit`) acts on.
fn acts_on(path: &str) -> &'static [&'static str] {
    match path {
        "grade" | "agree" | "rubric" | "rubric show" => &GLOBAL_OPTIONS,
        // The tables are not coloured (no grades in them); the rubric is the blank audits'.
        "sample" => &["rubric", "width"],
        "check" | "template" | "schema" | "serve" | "rubric check" | "rubric test" => &["rubric"],
        _ => &[],
    }
}

fn hide_unused_globals(command: clap::Command, parent: &str) -> clap::Command {
    let path = format!("{parent}{}", command.get_name());
    let used = acts_on(&path);
    let unused = |id: &str| GLOBAL_OPTIONS.contains(&id) && !used.contains(&id);
    let path = format!("{path} ");
    command
        .mut_args(|arg| {
            if unused(arg.get_id().as_str()) {
                arg.hide(true)
            } else {
                arg
            }
        })
        .mut_subcommands(|sub| hide_unused_globals(sub, &path))
}
