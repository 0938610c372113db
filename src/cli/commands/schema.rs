//! `audit schema audit|rubric`: JSON Schema for editors.

use crate::cli::output::emit;
use crate::cli::{CliError, Global, Status, inputs};
use clap::ValueEnum;

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Audit,
    Rubric,
}

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_enum)]
    kind: Kind,
}

pub fn run(global: &Global, args: Args) -> Result<Status, CliError> {
    let value = match args.kind {
        Kind::Rubric => audit::formats::schema::rubric(),
        Kind::Audit => audit::formats::schema::audit(&inputs::rubric(global.rubric.as_deref())?),
    };
    let text = serde_json::to_string_pretty(&value).unwrap_or_default();
    emit(&format!("{text}\n"), None)?;
    Ok(Status::Ok)
}
