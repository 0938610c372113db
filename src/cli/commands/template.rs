//! `audit template`: a blank audit to fill in, never written over an existing file.

use crate::cli::output::Output;
use crate::cli::{CliError, Global, Status, inputs};
use audit::formats::template::{self, Header};
use audit::model::date::Date;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The anonymised case reference.
    #[arg(long, value_name = "REF")]
    case: Option<String>,
    #[arg(long, value_name = "NAME")]
    auditor: Option<String>,
    /// The date of the audit, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// Write to FILE instead of standard output (never over an existing file; `-`: standard
    /// output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(global: &Global, args: Args) -> Result<Status, CliError> {
    let date = args.date.unwrap_or_else(audit::input::today);
    if Date::parse(&date).is_none() {
        return Err(CliError::Usage(format!(
            "--date '{date}' is not a date; write it as YYYY-MM-DD"
        )));
    }
    let output = match &args.output {
        Some(path) => Output::create_new(path)?,
        None => Output::open(None)?,
    };
    let rubric = inputs::rubric(global.rubric.as_deref())?;
    let header = Header {
        case: args.case,
        auditor: args.auditor,
        date: Some(date),
        team: None,
    };
    let text = template::render(&rubric, &header);
    output.write(|w| w.write_all(text.as_bytes()))?;
    Ok(Status::Ok)
}
