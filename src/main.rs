//! The `audit` command: parse the arguments, run the command, exit with its status.
//! Everything else is in `cli` (the shell) and the library (the domain).

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    cli::finish(cli::run(args))
}
