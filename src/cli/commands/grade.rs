//! `audit grade PATH...`: grade audits and report them, with a summary for a batch.

use crate::cli::output::Output;
use crate::cli::{CliError, Global, Status, console, inputs, style};
use audit::audience::{self, Audience, Redactor};
use audit::batch::{self, Graded, Options};
use audit::diagnostic::Diagnostic;
use audit::grading::engine::AuditResult;
use audit::input::source::{self, Input};
use audit::model::audit::Audit;
use audit::model::date::Date;
use audit::model::rubric::Rubric;
use audit::report::table::Listing;
use audit::report::{self, Meta, PerFile, explain, html, json, table, xlsx};
use audit::summary::Comparison;
use audit::summary::period::Period;
use audit::summary::{self, Summary, Tally};
use rust_xlsxwriter::XlsxError;
use std::io::{self, Write};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    walk: inputs::WalkArgs,
    #[command(flatten)]
    names: inputs::NamesArgs,
    #[command(flatten)]
    audience: inputs::AudienceArgs,
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    /// The report's title (html and xlsx).
    #[arg(long, default_value = audit::report::DEFAULT_TITLE)]
    title: String,
    /// Count only audits dated on or after DATE (YYYY-MM-DD); the rest are "outside the period".
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    from: Option<Date>,
    /// Count only audits dated on or before DATE (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    to: Option<Date>,
    /// Add Outcomes by month or quarter (a trend), or by the team or service each audit names
    /// (a group of fewer than 5 audits shows "fewer than 5").
    #[arg(long, value_enum, value_name = "GROUPS")]
    by: Option<inputs::ByArg>,
    /// Audits of a previous period (a file or folder; repeat the option for more): the
    /// report shows the change in % Good or better.
    #[arg(long, num_args = 1, action = clap::ArgAction::Append, value_name = "PATH")]
    compare: Vec<PathBuf>,
    /// The council's target for % Good or better (a percentage, 0 to 100): each run chart
    /// says whether it is consistently met, consistently missed, or hit and miss.
    #[arg(long, value_name = "PERCENT", value_parser = parse_target)]
    target: Option<f64>,
    #[command(flatten)]
    marking: inputs::MarkingArgs,
    /// For each area, every limiting answer and what would raise the grade.
    #[arg(long)]
    explain: bool,
    /// Treat incomplete sections, Outstanding without narrative, and free text that looks like
    /// personal data as errors.
    #[arg(long)]
    strict: bool,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Largest audit file accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = source::DEFAULT_MAX_BYTES)]
    max_file_size: u64,
}

/// What `grade` can write.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// One audit in detail, or a batch's summary and a row per audit.
    Table,
    /// Every audit and the summary (docs/FORMATS.md "JSON output").
    Json,
    /// One row per file, for a spreadsheet.
    Csv,
    /// The summary and the audits' table, for a board paper.
    Markdown,
    /// A self-contained page: the board report, or one audit's report.
    Html,
    /// An Excel workbook: summary with charts, audits, shortfalls, auditors, errors.
    Xlsx,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("'{s}' is not a date; write YYYY-MM-DD, e.g. 2026-10-01"))
}

fn parse_target(s: &str) -> Result<f64, String> {
    match s.trim_end_matches('%').parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p / 100.0),
        _ => Err(format!(
            "'{s}' is not a percentage; write a number from 0 to 100, e.g. 80"
        )),
    }
}

pub fn run(global: &Global, args: Args) -> Result<Status, CliError> {
    let style = style::table_style(global.color, global.width);
    let rubric = inputs::rubric(global.rubric.as_deref())?;
    let opts = Options {
        strict: args.strict,
        max_bytes: args.max_file_size,
        names: args.names.names()?,
    };
    let (found, walk_errors) =
        inputs::collect(&args.paths, args.walk.options(), args.output.as_deref())?;
    refuse(&args)?;
    let redactor = board(&args, one_file(&args.paths, &found))?;
    let output = Output::open(args.output.as_deref())?;
    let period = Period {
        from: args.from,
        to: args.to,
    };
    let by = args.by.map(inputs::ByArg::by);
    let (previous, previous_errors) = compare(&rubric, &args, opts)?;
    let is_board = redactor.is_some();
    // A board report names no file, so screening's notes say "audit 12" (README "Personal data").
    let name = |i: usize| {
        if is_board {
            format!("audit {}", i + 1)
        } else {
            found.get(i).map(Input::name).unwrap_or_default()
        }
    };
    let mut batch = Batch {
        rubric: &rubric,
        found: &found,
        errors: inputs::nothing_found(&args.paths, &found, walk_errors),
        opts,
        redactor,
        audit: None,
        single: one_file(&args.paths, &found),
    };
    let tally = Tally::new(&rubric, &name)
        .period(period)
        .by(by)
        .target(args.target);
    // Only the reports that show it ask the clock: finding the local time zone reads the
    // whole time zone database, a large part of a one-file run's work.
    let made = if matches!(args.format, ReportFormat::Html | ReportFormat::Xlsx) {
        jiff::ZonedDateTime::now()
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
    } else {
        String::new()
    };
    let marking = args.marking.marking()?;
    let meta = Meta {
        title: &args.title,
        rubric_name: &rubric.name,
        rubric_version: &rubric.version,
        made: &made,
        marking: marking.as_ref(),
    };
    let finish = |summary: &mut Summary| {
        if let Some(p) = &previous {
            summary.compare = Some(Comparison::new(summary, p));
        }
        if is_board {
            summary.for_board();
        }
    };
    output.write(|w| match args.format {
        ReportFormat::Json => batch.json(tally, w, finish),
        ReportFormat::Csv => batch.csv(tally, w),
        ReportFormat::Markdown => {
            // The marking is the paper's first line (README "Board report").
            w.write_all(report::Marking::markdown_line(marking.as_ref()).as_bytes())?;
            batch.table(tally, w, table::Style::markdown(), false, finish)
        }
        ReportFormat::Table => batch.table(tally, w, style, args.explain, finish),
        ReportFormat::Html => batch.html(tally, w, &meta, finish),
        ReportFormat::Xlsx => batch.xlsx(tally, w, &meta, finish),
    })?;
    console::problems(&previous_errors);
    console::problems_with_count(&batch.errors, found.len());
    let failed = !batch.errors.is_empty() || !previous_errors.is_empty();
    Ok(Status::from_failures(failed))
}

/// What the command line asks that cannot be done.
fn refuse(args: &Args) -> Result<(), CliError> {
    if args.format == ReportFormat::Xlsx
        && args.output.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        return Err(CliError::Usage(
            "--format xlsx writes a workbook, not text for a terminal: add -o FILE.xlsx".into(),
        ));
    }
    if let (Some(f), Some(t)) = (args.from, args.to)
        && f > t
    {
        return Err(CliError::Usage(format!("--from {f} is after --to {t}")));
    }
    Ok(())
}

/// An audit's row in a board report names no auditor, team or service: the breakdowns, their
/// small counts hidden, are the only place these appear, so their counts cannot be made from
/// the rows (README "Personal data").
fn row_of(g: &Graded, board: bool) -> std::borrow::Cow<'_, Graded> {
    if board {
        // Nor team or service: counting rows by team would give the hidden counts back.
        let mut row = g.clone();
        row.result.auditor = String::new();
        row.result.team = None;
        row.result.service = None;
        std::borrow::Cow::Owned(row)
    } else {
        std::borrow::Cow::Borrowed(g)
    }
}

/// Whether one audit file was named (not a folder that holds one): its report is that
/// audit's own.
fn one_file(paths: &[PathBuf], found: &[Input]) -> bool {
    found.len() == 1 && matches!(paths, [p] if !p.is_dir())
}

/// The redactor when the report is for the board: by default a batch's html and xlsx
/// (README "Personal data"); one audit's own report is for the child's record, never a board.
fn board(args: &Args, single: bool) -> Result<Option<Redactor>, CliError> {
    use ReportFormat::{Csv, Html, Json, Markdown, Table, Xlsx};
    let one_audit_page = single && matches!(args.format, Html | Table | Markdown);
    let default = if !one_audit_page && matches!(args.format, Html | Xlsx) {
        Audience::Board
    } else {
        Audience::Team
    };
    match args.audience.audience(default) {
        Audience::Team => Ok(None),
        Audience::Board if one_audit_page => Err(CliError::Usage(
            "--audience board: one audit's report is for the child's record and has no board \
             version; grade a folder for a board paper"
                .into(),
        )),
        // The html board report lists no case, so it needs no key file.
        Audience::Board => Ok(Some(
            args.audience
                .redactor(matches!(args.format, Csv | Json | Markdown | Table | Xlsx))?,
        )),
    }
}

/// The previous period's summary (`--compare`), and the errors met grading it.
fn compare(
    rubric: &Rubric,
    args: &Args,
    opts: Options,
) -> Result<(Option<Summary>, Vec<Diagnostic>), CliError> {
    if args.compare.is_empty() {
        return Ok((None, Vec::new()));
    }
    let report = inputs::grade(rubric, &args.compare, args.walk.options(), opts)?;
    Ok((Some(summary::summarise(rubric, &report)), report.errors))
}

/// A `grade` run, graded as a stream: each audit is written (or kept compact) as its chunk
/// finishes and counted into the summary, so memory does not grow with the folder.
struct Batch<'a> {
    rubric: &'a Rubric,
    found: &'a [Input],
    /// Paths that could not be searched, then files that could not be graded, in path order.
    errors: Vec<Diagnostic>,
    opts: Options,
    /// For a board report: each audit redacted before it is counted or written.
    redactor: Option<Redactor>,
    /// The audit itself, when there is one input: its report shows every answer.
    audit: Option<Audit>,
    /// One audit file was named: its report is that audit's.
    single: bool,
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
    /// The errors as the report lists them: for the board, without file names or messages.
    fn shown_errors(&self) -> Vec<Diagnostic> {
        if self.redactor.is_some() {
            audience::errors(&self.errors)
        } else {
            self.errors.clone()
        }
    }

    /// Grades every input in order, handing each to `each`; errors are also kept.
    fn grade(&mut self, mut each: impl FnMut(Item) -> io::Result<()>) -> io::Result<()> {
        let progress = inputs::progress_bar(self.found.len());
        let errors = &mut self.errors;
        let redactor = &mut self.redactor;
        // One file is its own report, which shows every answer: its audit is kept too.
        let single = self.single;
        let audit = std::sync::Mutex::new(None);
        let keep = |i: usize, a: &Audit, r: AuditResult, f: &str| {
            if single && let Ok(mut kept) = audit.lock() {
                *kept = Some(a.clone());
            }
            keep(i, a, r, f)
        };
        let done = batch::grade_in_order(
            self.rubric,
            self.found,
            self.opts,
            &|| progress.inc(1),
            &keep,
            |i, r| match r {
                Ok(mut g) => {
                    if let Some(r) = redactor.as_mut() {
                        r.graded(&mut g);
                    }
                    each(Item::Graded(&g))
                }
                Err(mut e) => {
                    let from = errors.len();
                    errors.append(&mut e);
                    each(Item::Failed(i, &errors[from..]))
                }
            },
        );
        progress.finish_and_clear();
        self.audit = audit.into_inner().ok().flatten();
        done
    }

    fn json(
        &mut self,
        mut tally: Tally,
        w: &mut dyn Write,
        finish: impl Fn(&mut Summary),
    ) -> io::Result<()> {
        let mut stream = json::Stream::start(w, &self.rubric.name, &self.rubric.version)?;
        let board = self.redactor.is_some();
        self.grade(|item| match item {
            Item::Graded(g) => {
                tally.add(g);
                stream.audit(&row_of(g, board))
            }
            Item::Failed(..) => Ok(()),
        })?;
        let mut summary = tally.finish(&self.errors);
        finish(&mut summary);
        stream.finish(&self.shown_errors(), &summary)
    }

    /// The workbook: the Audits sheet streamed in constant memory as the batch is graded.
    fn xlsx(
        &mut self,
        mut tally: Tally,
        w: &mut dyn Write,
        meta: &Meta,
        finish: impl Fn(&mut Summary),
    ) -> io::Result<()> {
        let xlsx_error = |e: XlsxError| io::Error::other(e.to_string());
        let rows = self.errors.len() + self.found.len();
        let mut book = xlsx::Report::start(self.rubric, rows).map_err(xlsx_error)?;
        for d in &self.shown_errors() {
            book.failed(&d.file, std::slice::from_ref(d))
                .map_err(xlsx_error)?;
        }
        self.per_file(&mut tally, &mut book)?;
        let mut summary = tally.finish(&self.errors);
        finish(&mut summary);
        let bytes = book
            .finish(&summary, &self.shown_errors(), meta)
            .map_err(xlsx_error)?;
        w.write_all(&bytes)
    }

    /// A row per input, as it is graded (csv, xlsx).
    fn per_file(&mut self, tally: &mut Tally, rows: &mut dyn PerFile) -> io::Result<()> {
        let found = self.found;
        let board = self.redactor.is_some();
        self.grade(|item| match item {
            Item::Graded(g) => {
                let excluded = tally.add(g);
                rows.graded(&row_of(g, board), excluded.as_ref())
            }
            Item::Failed(_, errors) if board => {
                rows.failed(audience::UNNAMED_FILE, &audience::errors(errors))
            }
            Item::Failed(i, errors) => rows.failed(&found[i].name(), errors),
        })
    }

    /// Grades the batch into its summary, handing each graded audit to `each`; the audit
    /// itself when there is one input (its own report).
    fn summarised(
        &mut self,
        mut tally: Tally,
        finish: impl Fn(&mut Summary),
        mut each: impl FnMut(&Graded),
    ) -> io::Result<(Option<Graded>, Summary)> {
        let single = self.single;
        let mut one: Option<Graded> = None;
        self.grade(|item| {
            if let Item::Graded(g) = item {
                tally.add(g);
                each(g);
                if single {
                    one = Some(g.clone());
                }
            }
            Ok(())
        })?;
        let mut summary = tally.finish(&self.errors);
        finish(&mut summary);
        Ok((one, summary))
    }

    /// One audit's report for one file; the board report for a batch.
    fn html(
        &mut self,
        tally: Tally,
        w: &mut dyn Write,
        meta: &Meta,
        finish: impl Fn(&mut Summary),
    ) -> io::Result<()> {
        let (one, summary) = self.summarised(tally, finish, |_| ())?;
        let page = match &one {
            Some(g) => html::one(self.rubric, g, self.audit.as_ref(), meta),
            None => html::batch(&summary, &self.shown_errors(), meta),
        };
        w.write_all(page.as_bytes())
    }

    fn csv(&mut self, mut tally: Tally, w: &mut dyn Write) -> io::Result<()> {
        let csv_error = io::Error::other;
        let walk_errors = self.shown_errors();
        let mut rows = report::csv::Rows::start(w, self.rubric, &walk_errors).map_err(csv_error)?;
        self.per_file(&mut tally, &mut rows)?;
        rows.finish().map_err(csv_error)
    }

    /// The summary, then a row per audit (kept compact until the summary is known); one file
    /// is its own table; `--explain` adds each audit's reasons, kept until the end.
    fn table(
        &mut self,
        tally: Tally,
        w: &mut dyn Write,
        style: table::Style,
        with_explain: bool,
        finish: impl Fn(&mut Summary),
    ) -> io::Result<()> {
        let mut listing = Listing::default();
        let mut explained = String::new();
        let rubric = self.rubric;
        let board = self.redactor.is_some();
        let (one, summary) = self.summarised(tally, finish, |g| {
            listing.add(&row_of(g, board));
            if with_explain {
                explained.push_str(&explain::render(rubric, g));
            }
        })?;
        let single = self.single;
        if let Some(g) = &one {
            w.write_all(table::audit(rubric, g, style).as_bytes())?;
        } else if listing.total() > 0 || !single {
            w.write_all(table::batch_listed(rubric, &listing, &summary, style).as_bytes())?;
        }
        w.write_all(explained.as_bytes())
    }
}
