//! The command-line shell: parse arguments, call the library, render, set the exit code.

use anyhow::{Context, Result};
use audit::batch::{self, Options, Report};
use audit::diagnostic::Diagnostic;
use audit::report::{explain, json, table};
use audit::rubric::{self, Rubric};
use audit::source::{self, Input};
use audit::summary;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod maintainers;
use maintainers::{CiFormat, SchemaKind};

/// Grade children's social care case file audits against the practice guidance.
///
/// The guidance is a YAML rubric (built in; --rubric loads another), an auditor answers its
/// questions in a YAML audit, and `audit grade` suggests every grade, says why in the
/// guidance's own words, and derives the Outcomes judgement.
#[derive(Parser)]
#[command(name = "audit", version, about, long_about)]
struct Cli {
    /// Rubric to grade against, instead of the built-in practice guidance.
    #[arg(long, global = true, value_name = "FILE")]
    rubric: Option<PathBuf>,
    /// When to colour grades in tables.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Json,
    Csv,
    Markdown,
}

#[derive(Subcommand)]
enum Command {
    /// Grade audits: files, folders (every *.yaml/*.yml below), or - for standard input.
    Grade {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
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
    },
    /// Check audits for mistakes without grading output: every problem in every file.
    Check {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Also fail incomplete sections and Outstanding without narrative.
        #[arg(long)]
        strict: bool,
        /// Largest audit file accepted, in bytes.
        #[arg(long, value_name = "BYTES", default_value_t = source::DEFAULT_MAX_BYTES)]
        max_file_size: u64,
    },
    /// Write a blank audit to fill in: every question, and what each answer means.
    Template {
        /// The anonymised case reference.
        #[arg(long, value_name = "REF")]
        case: Option<String>,
        #[arg(long, value_name = "NAME")]
        auditor: Option<String>,
        /// The date of the audit, YYYY-MM-DD (default: today).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Write to FILE instead of standard output (never over an existing file).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// How far audits of the same case agree (moderation): files and folders.
    Agree {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Shell completions: `audit completions bash > /etc/bash_completion.d/audit`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// JSON Schema of an audit (for the rubric in use) or of a rubric, for editors.
    Schema {
        #[arg(value_enum)]
        kind: SchemaKind,
    },
    /// Read, export or check the rubric.
    Rubric {
        #[command(subcommand)]
        command: RubricCommand,
    },
}

#[derive(Subcommand)]
enum RubricCommand {
    /// Write the built-in rubric (with its comments) out, to adapt it.
    Export {
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The guidance's descriptors for every area, or for one area with its criteria.
    Show {
        /// An area id, e.g. assessment (or `outcome`).
        area: Option<String>,
    },
    /// Check a rubric (default: the built-in one): every problem, located.
    Check {
        file: Option<PathBuf>,
        /// Also fail on warnings (guidance sentences no criterion quotes).
        #[arg(long)]
        strict: bool,
        #[arg(long, value_enum, default_value_t = CiFormat::Text)]
        format: CiFormat,
    },
    /// Grade test cases (audits with an `expect:` block) and fail on any difference.
    Test {
        #[arg(required = true, value_name = "CASES")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = CiFormat::Text)]
        format: CiFormat,
    },
    /// What changed between two rubrics, and which audits it would regrade.
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// Audits (files or folders) to regrade under both.
        #[arg(long, num_args = 1.., value_name = "PATH")]
        audits: Vec<PathBuf>,
    },
}

/// Exit statuses (DESIGN §5).
pub(crate) const INVALID_INPUT: u8 = 1;
pub(crate) const USAGE: u8 = 2;

/// An error that has already been reported and only needs its exit status.
#[derive(Debug)]
pub(crate) struct Exit(pub(crate) u8);

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}", self.0)
    }
}

impl std::error::Error for Exit {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if let Some(Exit(code)) = e.downcast_ref::<Exit>() {
                return ExitCode::from(*code);
            }
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            ExitCode::from(USAGE)
        }
    }
}

/// `audit grade dir | head` closes the pipe early: that is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<u8> {
    let style = table_style(cli.color);
    match cli.command {
        Command::Grade {
            paths,
            format,
            explain: with_explain,
            strict,
            output,
            max_file_size,
        } => {
            let rubric = load_rubric(cli.rubric.as_deref())?;
            let opts = Options {
                strict,
                max_bytes: max_file_size,
            };
            let report = grade_paths(&rubric, &paths, opts, output.as_deref())?;
            print_errors(&report, report.files.len());
            let summary = summary::summarise(&rubric, &report);
            let single = report.files.len() == 1;
            emit_with(output.as_deref(), |w| match format {
                Format::Json => json::write(w, &report, &summary),
                Format::Csv => {
                    audit::report::csv::write(w, &rubric, &report).map_err(std::io::Error::other)
                }
                Format::Markdown => {
                    let md = table::Style::markdown();
                    w.write_all(table::batch(&rubric, &report, &summary, md).as_bytes())
                }
                Format::Table => {
                    let text =
                        render_table(&rubric, &report, &summary, style, single, with_explain);
                    w.write_all(text.as_bytes())
                }
            })?;
            Ok(if report.errors.is_empty() {
                0
            } else {
                INVALID_INPUT
            })
        }
        Command::Check {
            paths,
            strict,
            max_file_size,
        } => {
            let rubric = load_rubric(cli.rubric.as_deref())?;
            let opts = Options {
                strict,
                max_bytes: max_file_size,
            };
            let report = grade_paths(&rubric, &paths, opts, None)?;
            print_errors(&report, report.files.len());
            if report.errors.is_empty() {
                let n = report.files.len();
                emit(&format!("checked {n} file(s): no problems\n"), None)?;
                Ok(0)
            } else {
                Ok(INVALID_INPUT)
            }
        }
        Command::Template {
            case,
            auditor,
            date,
            output,
        } => {
            let date = date.unwrap_or_else(audit::template::today);
            if audit::audit::Date::parse(&date).is_none() {
                eprintln!("error: --date '{date}' is not a date; write it as YYYY-MM-DD");
                return Err(Exit(USAGE).into());
            }
            if let Some(out) = &output
                && out.exists()
            {
                eprintln!(
                    "error: {} already exists; a template never replaces a file (it may be a filled-in audit)",
                    out.display()
                );
                return Err(Exit(USAGE).into());
            }
            let rubric = load_rubric(cli.rubric.as_deref())?;
            let header = audit::template::Header {
                case,
                auditor,
                date: Some(date),
            };
            emit(
                &audit::template::render(&rubric, &header),
                output.as_deref(),
            )?;
            Ok(0)
        }
        Command::Agree {
            paths,
            format,
            output,
        } => {
            let rubric = load_rubric(cli.rubric.as_deref())?;
            let (inputs, mut errors) = batch::collect(&paths);
            if let Some(out) = output.as_deref() {
                refuse_overwriting_inputs(out, &inputs)?;
            }
            let progress = progress_bar(inputs.len());
            let keep = |a: &audit::audit::Audit, r: audit::engine::AuditResult, file: &str| {
                audit::agree::rate(&rubric, a, &r, file)
            };
            let (rated, mut grade_errors) = batch::grade_each(
                &rubric,
                &inputs,
                Options::default(),
                &|| progress.inc(1),
                &keep,
            );
            progress.finish_and_clear();
            errors.append(&mut grade_errors);
            let report = Report {
                files: inputs.iter().map(Input::name).collect(),
                errors,
                ..Report::default()
            };
            print_errors(&report, inputs.len());
            let agreement = audit::agree::agreement(&rubric, &rated);
            emit_with(output.as_deref(), |w| match format {
                Format::Json => w.write_all(audit::report::agree::json(&agreement).as_bytes()),
                Format::Csv => {
                    audit::report::agree::csv(&agreement, w).map_err(std::io::Error::other)
                }
                Format::Markdown => w.write_all(
                    audit::report::agree::tables(&agreement, table::Style::markdown()).as_bytes(),
                ),
                Format::Table => {
                    w.write_all(audit::report::agree::tables(&agreement, style).as_bytes())
                }
            })?;
            Ok(if report.errors.is_empty() {
                0
            } else {
                INVALID_INPUT
            })
        }
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "audit",
                &mut out,
            );
            emit(&String::from_utf8_lossy(&out), None)?;
            Ok(0)
        }
        Command::Schema { kind } => maintainers::schema(kind, cli.rubric.as_deref()),
        Command::Rubric { command } => match command {
            RubricCommand::Check {
                file,
                strict,
                format,
            } => maintainers::check(file.as_deref().or(cli.rubric.as_deref()), strict, format),
            RubricCommand::Test { paths, format } => {
                maintainers::test(cli.rubric.as_deref(), &paths, format)
            }
            RubricCommand::Diff { old, new, audits } => maintainers::diff(&old, &new, &audits),
            RubricCommand::Export { output } => {
                emit(rubric::BUILTIN_YAML, output.as_deref())?;
                Ok(0)
            }
            RubricCommand::Show { area } => {
                let rubric = load_rubric(cli.rubric.as_deref())?;
                let text = audit::report::show::render(&rubric, area.as_deref(), style).map_err(
                    |msg| {
                        eprintln!("error: {msg}");
                        Exit(USAGE)
                    },
                )?;
                emit(&text, None)?;
                Ok(0)
            }
        },
    }
}

fn render_table(
    rubric: &Rubric,
    report: &Report,
    summary: &summary::Summary,
    style: table::Style,
    single: bool,
    with_explain: bool,
) -> String {
    let mut text = String::new();
    if single && report.audits.len() == 1 {
        text.push_str(&table::audit(&report.audits[0], style));
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

/// A progress bar on standard error, only for a large batch on a terminal (never in CI or
/// when piped).
fn progress_bar(len: usize) -> indicatif::ProgressBar {
    const LARGE: usize = 200;
    if len < LARGE || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("grading {bar:40} {pos}/{len} audits, {eta} left")
    {
        bar.set_style(style);
    }
    bar
}

fn table_style(color: ColorWhen) -> table::Style {
    let choice = match color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let stdout = std::io::stdout();
    let color = anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never;
    let width = if stdout.is_terminal() {
        comfy_table::Table::new().width().unwrap_or(100).max(60)
    } else {
        100
    };
    table::Style {
        color,
        width,
        markdown: false,
    }
}

pub(crate) fn load_rubric(path: Option<&Path>) -> Result<Rubric> {
    let Some(path) = path else {
        return Ok(Rubric::builtin());
    };
    let name = path.display().to_string();
    let text =
        source::read(&Input::File(path.to_path_buf()), source::DEFAULT_MAX_BYTES).map_err(|d| {
            eprintln!("{d}");
            Exit(USAGE)
        })?;
    Rubric::from_yaml(&text, &name).map_err(|errors| {
        for d in &errors {
            eprintln!("{d}");
        }
        eprintln!(
            "error: the rubric {name} is not usable ({} problems)",
            errors.len()
        );
        Exit(USAGE).into()
    })
}

fn print_errors(report: &Report, inputs: usize) {
    let mut err = std::io::stderr().lock();
    for d in &report.errors {
        let _ = writeln!(err, "{d}");
    }
    if !report.errors.is_empty() {
        let files: std::collections::BTreeSet<&str> =
            report.errors.iter().map(|d| d.file.as_str()).collect();
        let total = inputs.max(files.len());
        let rest = if total > files.len() {
            "; the others were graded and are reported"
        } else {
            ""
        };
        let _ = writeln!(
            err,
            "error: {} of {total} file(s) could not be graded{rest}",
            files.len()
        );
    }
}

/// Walks `paths` and grades everything found, with a progress bar for a large batch on a
/// terminal; paths that cannot be walked, or hold no audits, are errors in the report.
/// `output` (for `-o`) is refused if it is one of the audits found.
fn grade_paths(
    rubric: &Rubric,
    paths: &[PathBuf],
    opts: Options,
    output: Option<&Path>,
) -> Result<Report> {
    let (inputs, mut walk_errors) = batch::collect(paths);
    if let Some(out) = output {
        refuse_overwriting_inputs(out, &inputs)?;
    }
    let progress = progress_bar(inputs.len());
    let mut report = batch::grade_all(rubric, &inputs, opts, &|| progress.inc(1));
    progress.finish_and_clear();
    walk_errors.append(&mut report.errors);
    report.errors = walk_errors;
    if inputs.is_empty() && report.errors.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        report.errors.push(Diagnostic::new(
            &names.join(", "),
            audit::diagnostic::Loc::UNKNOWN,
            "no *.yaml or *.yml files found",
        ));
    }
    Ok(report)
}

/// `-o` must never replace an audit being read.
fn refuse_overwriting_inputs(out: &Path, inputs: &[Input]) -> Result<()> {
    let Ok(out_canon) = std::fs::canonicalize(out) else {
        return Ok(());
    }; // does not exist yet
    for input in inputs {
        if let Input::File(p) = input
            && std::fs::canonicalize(p).is_ok_and(|c| c == out_canon)
        {
            eprintln!(
                "error: -o {} is one of the audits being graded; choose another output file",
                out.display()
            );
            return Err(Exit(USAGE).into());
        }
    }
    Ok(())
}

/// Writes to standard output, or atomically to `path` (a temporary file renamed into place).
pub(crate) fn emit(text: &str, path: Option<&Path>) -> Result<()> {
    emit_with(path, |w| w.write_all(text.as_bytes()))
}

/// Runs `write` against standard output, or atomically against `path` (a temporary file in
/// the same folder, renamed into place only when everything was written).
fn emit_with(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    match path {
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out)?;
            out.flush()?;
        }
        Some(path) => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let tmp = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("cannot write in {}", dir.display()))?;
            let mut out = std::io::BufWriter::new(tmp);
            write(&mut out).with_context(|| format!("cannot write {}", path.display()))?;
            let tmp = out.into_inner().map_err(|e| e.into_error())?;
            tmp.persist(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    Ok(())
}
