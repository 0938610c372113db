//! `audit rubric ...`: export and show the rubric; check, test and diff are in modules of
//! their own.

use super::{rubric_check, rubric_diff, rubric_test};
use crate::cli::output::emit;
use crate::cli::{CliError, Global, Status, inputs, style};
use audit::input::rubric::BUILTIN_YAML;
use audit::report::show;
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Write the built-in rubric (with its comments) out, to adapt it.
    Export {
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The guidance's descriptors for every area, or for one area with its criteria.
    Show {
        /// An area id, e.g. assessment (or `outcome`).
        area: Option<String>,
    },
    /// Check a rubric (default: the built-in one): every problem, located.
    Check(rubric_check::Args),
    /// Grade test cases (audits with an `expect:` block) and fail on any difference.
    Test(rubric_test::Args),
    /// What changed between two rubrics, and which audits it would regrade.
    Diff(rubric_diff::Args),
}

pub fn run(global: &Global, command: Command) -> Result<Status, CliError> {
    match command {
        Command::Check(args) => rubric_check::run(global, args),
        Command::Test(args) => rubric_test::run(global, args),
        Command::Diff(args) => rubric_diff::run(args),
        Command::Export { output } => {
            emit(BUILTIN_YAML, output.as_deref())?;
            Ok(Status::Ok)
        }
        Command::Show { area } => {
            let style = style::table_style(global.color, global.width);
            let rubric = inputs::rubric(global.rubric.as_deref())?;
            let text = show::render(&rubric, area.as_deref(), style).map_err(CliError::Usage)?;
            emit(&text, None)?;
            Ok(Status::Ok)
        }
    }
}
