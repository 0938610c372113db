//! `audit agree PATH...`: how far audits of the same case agree (moderation).

use crate::cli::output::{Format, Output};
use crate::cli::{CliError, Global, Status, console, inputs, style};
use audit::audience::{self, Audience};
use audit::batch::{self, Options};
use audit::moderation;
use audit::report::{self, table};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    walk: inputs::WalkArgs,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// On a case with several moderators' audits, this moderator's is the reference (without
    /// it, such a case is compared peer to peer). It only chooses among a case's moderators:
    /// an auditor's audit is never made the reference.
    #[arg(long, value_name = "NAME")]
    moderator: Option<String>,
    /// Add agreement (exact, alpha, AC2 on final grades) by month or quarter, each case in the
    /// period of its earliest dated audit: does moderation improve consistency over time?
    #[arg(long, value_enum, value_name = "PERIOD")]
    by: Option<inputs::PeriodArg>,
    #[command(flatten)]
    audience: inputs::AudienceArgs,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(global: &Global, args: Args) -> Result<Status, CliError> {
    let style = style::table_style(global.color, global.width);
    let rubric = inputs::rubric(global.rubric.as_deref())?;
    let (found, mut errors) =
        inputs::collect(&args.paths, args.walk.options(), args.output.as_deref())?;
    let output = Output::open(args.output.as_deref())?;
    let progress = inputs::progress_bar(found.len());
    let rate = |_, a: &_, r, file: &str| moderation::rate(&rubric, a, &r, file);
    let (mut rated, mut grade_errors) = batch::grade_each(
        &rubric,
        &found,
        Options::default(),
        &|| progress.inc(1),
        &rate,
    );
    progress.finish_and_clear();
    errors.append(&mut grade_errors);
    console::problems_with_count(&errors, found.len());
    let board = args.audience.audience(Audience::Team) == Audience::Board;
    let mut moderator = args.moderator.clone();
    if board {
        // Every format lists cases, so their pseudonyms come from the key file.
        let mut redactor = args.audience.redactor(true)?;
        for r in &mut rated {
            redactor.rated(r);
        }
        moderator = moderator.map(|m| redactor.known_auditor(&m).unwrap_or(m));
    }
    let opts = moderation::Options {
        moderator,
        by: args.by.map(inputs::PeriodArg::by),
    };
    if args.by.is_some() && matches!(args.format, Format::Csv) {
        console::lines(&[
            "warning: --by: the CSV lists each pair and area; agreement by period \
             is in the table, Markdown and JSON formats"
                .to_string(),
        ]);
    }
    let mut agreement = moderation::agreement(&rubric, &rated, &opts);
    let shown_errors = if board {
        // A board paper has the figures, not each auditor's lean: moderated cases per auditor
        // are too few to show (README "Personal data").
        agreement.auditors.clear();
        agreement.board = true;
        audience::errors(&errors)
    } else {
        errors.clone()
    };
    output.write(|w| match args.format {
        Format::Json => report::agree::json(&agreement, &shown_errors, w),
        Format::Csv => report::agree::csv(&agreement, w).map_err(std::io::Error::other),
        Format::Markdown => {
            w.write_all(report::agree::tables(&agreement, table::Style::markdown()).as_bytes())
        }
        Format::Table => w.write_all(report::agree::tables(&agreement, style).as_bytes()),
    })?;
    Ok(Status::from_failures(!errors.is_empty()))
}
