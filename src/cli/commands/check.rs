//! `audit check PATH...`: every problem in every audit, without grading output.

use crate::cli::output::emit;
use crate::cli::{CliError, Global, Status, console, inputs};
use audit::grading::batch::Options;
use audit::input::source;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    walk: inputs::WalkArgs,
    /// Also fail incomplete sections and Outstanding without narrative.
    #[arg(long)]
    strict: bool,
    /// Largest audit file accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = source::DEFAULT_MAX_BYTES)]
    max_file_size: u64,
}

pub fn run(global: &Global, args: Args) -> Result<Status, CliError> {
    let rubric = inputs::rubric(global.rubric.as_deref())?;
    let opts = Options {
        strict: args.strict,
        max_bytes: args.max_file_size,
    };
    let report = inputs::grade(&rubric, &args.paths, args.walk.options(), opts)?;
    console::problems_with_count(&report.errors, report.files.len());
    if !report.errors.is_empty() {
        return Ok(Status::InvalidInput);
    }
    let n = report.files.len();
    emit(&format!("checked {n} file(s): no problems\n"), None)?;
    Ok(Status::Ok)
}
