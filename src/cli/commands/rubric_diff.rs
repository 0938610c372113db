//! `audit rubric diff OLD NEW [--audits PATH...]`: what changed, and which audits it regrades.

use crate::cli::output::emit;
use crate::cli::{CliError, Status, console, inputs};
use audit::input::source;
use audit::input::walk;
use audit::maintainers::diff::{self, Regrade};
use audit::report;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    old: PathBuf,
    new: PathBuf,
    /// Audits (files or folders) to regrade under both.
    #[arg(long, num_args = 1.., value_name = "PATH")]
    audits: Vec<PathBuf>,
}

pub fn run(args: Args) -> Result<Status, CliError> {
    let old = inputs::rubric(Some(&args.old))?;
    let new = inputs::rubric(Some(&args.new))?;
    let changes = diff::changes(&old, &new);
    let mut regraded = Vec::new();
    if !args.audits.is_empty() {
        let (found, walk_errors) = walk::collect(&args.audits);
        console::problems(&walk_errors);
        for input in &found {
            let name = input.name();
            let r = match source::read(input, source::DEFAULT_MAX_BYTES) {
                Ok(text) => diff::regrade(&old, &new, &text, &name),
                Err(d) => {
                    console::problems(&[d]);
                    Regrade::Unreadable
                }
            };
            regraded.push((name, r));
        }
    }
    let title = format!("{} → {}", args.old.display(), args.new.display());
    let audits = (!args.audits.is_empty()).then_some(regraded.as_slice());
    emit(&report::rubric_diff::render(&title, &changes, audits), None)?;
    Ok(Status::Ok)
}
