//! `audit rubric test CASES...`: each case's expectations against the rubric in use.

use crate::cli::output::emit;
use crate::cli::{CliError, Global, Status, console, inputs};
use audit::input::source::{self, Input};
use audit::input::walk;
use audit::maintainers::test_cases::{self, CaseResult};
use audit::report::maintainers::{self, Format};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(required = true, value_name = "CASES")]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn run(global: &Global, args: Args) -> Result<Status, CliError> {
    let rubric = inputs::rubric(global.rubric.as_deref())?;
    let (found, walk_errors) = walk::collect(&args.paths);
    let run_case = |input: &Input| match source::read(input, source::DEFAULT_MAX_BYTES) {
        Ok(text) => test_cases::run(&rubric, &text, &input.name()),
        Err(d) => CaseResult::unreadable(d),
    };
    let mut results: Vec<CaseResult> = found.iter().map(run_case).collect();
    results.extend(walk_errors.into_iter().map(CaseResult::unreadable));
    if results.is_empty() {
        let names: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        console::lines(&[format!(
            "error: no test cases (*.yaml, *.yml) found in {}",
            names.join(", ")
        )]);
        return Ok(Status::InvalidInput);
    }
    let rendered = maintainers::test(&results, args.format);
    console::lines(&rendered.err);
    emit(&rendered.out, None)?;
    Ok(Status::from_failures(maintainers::failed(&results) > 0))
}
