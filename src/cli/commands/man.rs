//! `audit man`: the manual page, generated from the same argument definitions as `--help`.

use crate::cli::output::Output;
use crate::cli::{CliError, Status};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Write to FILE (e.g. /usr/local/share/man/man1/audit.1) instead of standard output (`-`).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Status, CliError> {
    let page = clap_mangen::Man::new(crate::cli::command());
    Output::open(args.output.as_deref())?.write(|w| page.render(w))?;
    Ok(Status::Ok)
}
