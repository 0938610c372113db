//! `audit man`: the manual page, generated from the same argument definitions as `--help`.

use crate::cli::output::Output;
use crate::cli::{CliError, Status};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Write to FILE (e.g. ~/.local/share/man/man1/audit.1) instead of standard output (`-`);
    /// missing folders on the way are created.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Status, CliError> {
    let page = clap_mangen::Man::new(crate::cli::command());
    // A man page goes in a standard folder, which a new user may not have yet.
    if let Some(path) = args.output.as_deref().filter(|p| p.as_os_str() != "-")
        && let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|e| CliError::output(path, e))?;
    }
    Output::open(args.output.as_deref())?.write(|w| page.render(w))?;
    Ok(Status::Ok)
}
