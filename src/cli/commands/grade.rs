//! `audit grade PATH...`: grade audits and report them, with a summary for a batch.

use crate::cli::output::{Format, Output};
use crate::cli::{CliError, Global, Status, console, inputs, style};
use audit::diagnostic::Diagnostic;
use audit::features::summary::Tally;
use audit::grading::batch::{self, Graded, Options};
use audit::grading::engine::AuditResult;
use audit::input::source::{self, Input};
use audit::model::audit::Audit;
use audit::model::rubric::Rubric;
use audit::report::table::Listing;
use audit::report::{self, explain, json, table};
use std::io::{self, Write};
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
    let name = |i: usize| found.get(i).map(Input::name).unwrap_or_default();
    let mut batch = Batch {
        rubric: &rubric,
        found: &found,
        errors: inputs::nothing_found(&args.paths, &found, walk_errors),
        opts,
    };
    let tally = Tally::new(&rubric, &name);
    output.write(|w| match args.format {
        Format::Json => batch.json(tally, w),
        Format::Csv => batch.csv(tally, w),
        Format::Markdown => batch.table(tally, w, table::Style::markdown(), false),
        Format::Table => batch.table(tally, w, style, args.explain),
    })?;
    console::problems_with_count(&batch.errors, found.len());
    Ok(Status::from_failures(!batch.errors.is_empty()))
}

/// A `grade` run, graded as a stream: each audit is written (or kept compact) as its chunk
/// finishes and counted into the summary, so memory does not grow with the folder.
struct Batch<'a> {
    rubric: &'a Rubric,
    found: &'a [Input],
    /// Paths that could not be searched, then files that could not be graded, in path order.
    errors: Vec<Diagnostic>,
    opts: Options,
}

/// One input's outcome as the writers see it.
enum Item<'e> {
    Graded(&'e Graded),
    /// The input's position and its errors.
    Failed(usize, &'e [Diagnostic]),
}

/// The graded audit itself, kept only as long as it is being written.
fn keep(input: usize, audit: &Audit, result: AuditResult, file: &str) -> Graded {
    Graded {
        file: file.to_string(),
        input,
        fingerprint: audit.fingerprint(),
        result,
    }
}

impl Batch<'_> {
    /// Grades every input in order, handing each to `each`; errors are also kept.
    fn grade(&mut self, mut each: impl FnMut(Item) -> io::Result<()>) -> io::Result<()> {
        let progress = inputs::progress_bar(self.found.len());
        let errors = &mut self.errors;
        let done = batch::grade_in_order(
            self.rubric,
            self.found,
            self.opts,
            &|| progress.inc(1),
            &keep,
            |i, r| match r {
                Ok(g) => each(Item::Graded(&g)),
                Err(mut e) => {
                    let from = errors.len();
                    errors.append(&mut e);
                    each(Item::Failed(i, &errors[from..]))
                }
            },
        );
        progress.finish_and_clear();
        done
    }

    fn json(&mut self, mut tally: Tally, w: &mut dyn Write) -> io::Result<()> {
        let mut stream = json::Stream::start(w, &self.rubric.name, &self.rubric.version)?;
        self.grade(|item| match item {
            Item::Graded(g) => {
                tally.add(g);
                stream.audit(g)
            }
            Item::Failed(..) => Ok(()),
        })?;
        stream.finish(&self.errors, &tally.finish(&self.errors))
    }

    fn csv(&mut self, mut tally: Tally, w: &mut dyn Write) -> io::Result<()> {
        let csv_error = io::Error::other;
        let walk_errors = self.errors.clone();
        let mut rows = report::csv::Rows::start(w, self.rubric, &walk_errors).map_err(csv_error)?;
        let found = self.found;
        self.grade(|item| {
            match item {
                Item::Graded(g) => {
                    let excluded = tally.add(g);
                    rows.graded(g, excluded.as_ref())
                }
                Item::Failed(i, errors) => rows.failed(&found[i].name(), errors),
            }
            .map_err(csv_error)
        })?;
        rows.finish().map_err(csv_error)
    }

    /// The summary, then a row per audit (kept compact until the summary is known); one file
    /// is its own table; `--explain` adds each audit's reasons, kept until the end.
    fn table(
        &mut self,
        mut tally: Tally,
        w: &mut dyn Write,
        style: table::Style,
        with_explain: bool,
    ) -> io::Result<()> {
        let single = self.found.len() == 1;
        let mut listing = Listing::default();
        let mut one: Option<Graded> = None;
        let mut explained = String::new();
        let rubric = self.rubric;
        self.grade(|item| {
            if let Item::Graded(g) = item {
                tally.add(g);
                listing.add(g);
                if with_explain {
                    explained.push_str(&explain::render(rubric, g));
                }
                if single {
                    one = Some(g.clone());
                }
            }
            Ok(())
        })?;
        let summary = tally.finish(&self.errors);
        if let Some(g) = &one {
            w.write_all(table::audit(g, &rubric.outcome.title, style).as_bytes())?;
        } else if listing.total() > 0 || !single {
            w.write_all(table::batch_listed(rubric, &listing, &summary, style).as_bytes())?;
        }
        w.write_all(explained.as_bytes())
    }
}
