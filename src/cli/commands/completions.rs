//! `audit completions SHELL`: shell completions generated from the argument definitions.

use crate::cli::output::emit;
use crate::cli::{CliError, Status};

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

pub fn run(args: Args) -> Result<Status, CliError> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut crate::cli::command(), "audit", &mut out);
    emit(&String::from_utf8_lossy(&out), None)?;
    Ok(Status::Ok)
}
