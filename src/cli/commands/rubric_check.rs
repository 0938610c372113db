//! `audit rubric check [FILE]`: every problem in a rubric, located; exit 1 on any error (or
//! warning, with `--strict`).

use crate::cli::output::emit;
use crate::cli::{CliError, Global, Status, console, inputs};
use audit::input::rubric::{BUILTIN_NAME, BUILTIN_YAML};
use audit::model::rubric::Rubric;
use audit::report::maintainers::{self, CheckReport, Format};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The rubric (default: the built-in one; `-`: standard input).
    file: Option<PathBuf>,
    /// Also fail on warnings (guidance sentences no criterion quotes).
    #[arg(long)]
    strict: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn run(global: &Global, args: Args) -> Result<Status, CliError> {
    let (name, text) = match args.file.as_deref().or(global.rubric.as_deref()) {
        Some(p) if p.as_os_str() == "-" => ("<stdin>".to_string(), inputs::read_rubric(p)?),
        Some(p) => (p.display().to_string(), inputs::read_rubric(p)?),
        None => (
            format!("{BUILTIN_NAME} (built in)"),
            BUILTIN_YAML.to_string(),
        ),
    };
    let check = Rubric::check_yaml(&text, &name);
    let report = CheckReport {
        name: &name,
        check: &check,
        strict: args.strict,
    };
    let rendered = maintainers::check(&report, args.format);
    console::lines(&rendered.err);
    emit(&rendered.out, None)?;
    Ok(Status::from_failures(report.failed()))
}
