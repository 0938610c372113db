//! `audit grade PATH...`: grade audits and report them, with a summary for a batch.

use crate::cli::output::{Format, Output};
use crate::cli::{CliError, Global, Status, console, inputs, style};
use audit::features::summary::{self, Summary};
use audit::grading::batch::{Options, Report};
use audit::input::source;
use audit::model::rubric::Rubric;
use audit::report::{self, explain, json, table};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    walk: inputs::WalkArgs,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// For each area, every limiting answer and what would raise the grade.
    #[arg(long)]
    explain: bool,
    /// Treat incomplete sections and Outstanding without narrative as errors.
    #[arg(long)]
    strict: bool,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Largest audit file accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = source::DEFAULT_MAX_BYTES)]
    max_file_size: u64,
}

pub fn run(global: &Global, args: Args) -> Result<Status, CliError> {
    let style = style::table_style(global.color, global.width);
    let rubric = inputs::rubric(global.rubric.as_deref())?;
    let opts = Options {
        strict: args.strict,
        max_bytes: args.max_file_size,
    };
    let (found, walk_errors) =
        inputs::collect(&args.paths, args.walk.options(), args.output.as_deref())?;
    let output = Output::open(args.output.as_deref())?;
    let report = inputs::grade_found(&rubric, &args.paths, found, walk_errors, opts);
    console::problems_with_count(&report.errors, report.files.len());
    let summary = summary::summarise(&rubric, &report);
    output.write(|w| match args.format {
        Format::Json => json::write(w, &report, &summary),
        Format::Csv => report::csv::write(w, &rubric, &report).map_err(std::io::Error::other),
        Format::Markdown => {
            let md = table::Style::markdown();
            w.write_all(table::batch(&rubric, &report, &summary, md).as_bytes())
        }
        Format::Table => {
            let text = render_table(&rubric, &report, &summary, style, args.explain);
            w.write_all(text.as_bytes())
        }
    })?;
    Ok(Status::from_failures(!report.errors.is_empty()))
}

/// One audit as its own table, a batch as the summary and a row per audit; `--explain` adds
/// each audit's reasons.
fn render_table(
    rubric: &Rubric,
    report: &Report,
    summary: &Summary,
    style: table::Style,
    with_explain: bool,
) -> String {
    let single = report.files.len() == 1;
    let mut text = String::new();
    if single && report.audits.len() == 1 {
        text.push_str(&table::audit(
            &report.audits[0],
            &rubric.outcome.title,
            style,
        ));
    } else if !report.audits.is_empty() || !single {
        text.push_str(&table::batch(rubric, report, summary, style));
    }
    if with_explain {
        for g in &report.audits {
            text.push_str(&explain::render(rubric, g));
        }
    }
    text
}
