//! The `audit` command: parse the arguments, run the command, exit with its status.
//! Everything else is in `cli` (the shell) and the library (the domain).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::parse();
    cli::finish(cli::run(args))
}
