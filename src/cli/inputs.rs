//! The inputs every grading command shares: the rubric in use, and the audits named on the
//! command line (walked, checked against `-o`, graded with a progress bar).

use super::console;
use super::error::CliError;
use audit::audience::{Audience, Redactor};
use audit::batch::{self, Options, Report};
use audit::diagnostic::{Diagnostic, Loc};
use audit::input::source::{self, Input};
use audit::input::{pseudonym_key, walk};
use audit::model::rubric::Rubric;
use audit::privacy::pseudonym::Pseudonyms;
use audit::privacy::screen::Names;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// How folders are walked, for every command that reads audits from them.
#[derive(clap::Args)]
pub struct WalkArgs {
    /// Follow symbolic links that lead outside the folders named (by default they are
    /// listed, not read).
    #[arg(long)]
    follow_links: bool,
}

impl WalkArgs {
    pub fn options(&self) -> walk::Options {
        walk::Options {
            follow_links: self.follow_links,
        }
    }
}

/// The protective marking of every human-readable output holding case data (README
/// "Personal data"), for every command that writes one: one option, read one way.
#[derive(clap::Args)]
pub struct MarkingArgs {
    /// The protective marking at the head of every printed page of the HTML report and the
    /// workbook, and the Markdown paper's first line (letters, digits, spaces and hyphens),
    /// or `none`.
    #[arg(long, value_name = "MARKING", default_value = audit::report::DEFAULT_MARKING)]
    marking: String,
}

impl MarkingArgs {
    /// The marking, or none; anything else is a usage error that says what would do.
    pub fn marking(&self) -> Result<Option<audit::report::Marking>, CliError> {
        audit::report::Marking::parse(&self.marking)
            .map_err(|e| CliError::Usage(format!("--marking: {e}")))
    }
}

/// The council's list of names to look for in free text, for every command that reads audits.
#[derive(clap::Args)]
pub struct NamesArgs {
    /// Also warn where free text holds a name from FILE (one a line, matched as whole words
    /// whatever their case; `#` starts a comment). The list is the council's: none is shipped.
    #[arg(long, value_name = "FILE")]
    names: Option<PathBuf>,
}

impl NamesArgs {
    /// The list, read once and kept for the run (graded audits on every thread share it).
    pub fn names(&self) -> Result<Option<&'static Names>, CliError> {
        let Some(path) = &self.names else {
            return Ok(None);
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::Usage(format!("--names {}: cannot read it: {e}", path.display()))
        })?;
        Ok(Some(Box::leak(Box::new(Names::parse(&text)))))
    }
}

/// The rubric named by `--rubric`, or the built-in one.
pub fn rubric(path: Option<&Path>) -> Result<Rubric, CliError> {
    let Some(path) = path else {
        return Ok(Rubric::builtin());
    };
    let name = if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let text = read_rubric(path)?;
    Rubric::from_yaml(&text, &name).map_err(|problems| CliError::UnusableRubric { name, problems })
}

/// The text of a rubric file.
pub fn read_rubric(path: &Path) -> Result<String, CliError> {
    source::read_rubric(path).map_err(CliError::UnreadableRubric)
}

/// The audits `paths` name, and the paths that could not be walked. `-o` is refused if it is
/// one of the audits found (`-o` must never replace an audit being read).
pub fn collect(
    paths: &[PathBuf],
    walk: walk::Options,
    output: Option<&Path>,
) -> Result<(Vec<Input>, Vec<Diagnostic>), CliError> {
    let Some(out) = output else {
        return Ok(walk::collect_with(paths, walk));
    };
    let (inputs, errors, out_is_input) = walk::collect_finding(paths, walk, out);
    if out_is_input {
        return Err(CliError::Usage(format!(
            "-o {} is one of the audits being graded; choose another output file",
            out.display()
        )));
    }
    Ok((inputs, errors))
}

/// Walks `paths` and grades everything found (see [`grade_found`]).
pub fn grade(
    rubric: &Rubric,
    paths: &[PathBuf],
    walk: walk::Options,
    opts: Options,
) -> Result<Report, CliError> {
    let (inputs, walk_errors) = collect(paths, walk, None)?;
    Ok(grade_found(rubric, paths, inputs, walk_errors, opts))
}

/// Grades the audits `collect` found; paths that could not be walked, or hold no audits,
/// are errors in the report.
pub fn grade_found(
    rubric: &Rubric,
    paths: &[PathBuf],
    inputs: Vec<Input>,
    mut walk_errors: Vec<Diagnostic>,
    opts: Options,
) -> Report {
    let progress = progress_bar(inputs.len());
    let mut report = batch::grade_all(rubric, &inputs, opts, &|| progress.inc(1));
    progress.finish_and_clear();
    walk_errors.append(&mut report.errors);
    report.errors = nothing_found(paths, &inputs, walk_errors);
    report
}

/// The errors of a walk, and if it found nothing and said nothing, that nothing was found.
pub fn nothing_found(
    paths: &[PathBuf],
    found: &[Input],
    mut walk_errors: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    if found.is_empty() && walk_errors.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        walk_errors.push(Diagnostic::new(
            &names.join(", "),
            Loc::UNKNOWN,
            "no *.yaml or *.yml files found",
        ));
    }
    walk_errors
}

/// A progress bar on standard error, only for a large batch on a terminal (never in CI or
/// when piped).
pub fn progress_bar(len: usize) -> indicatif::ProgressBar {
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

/// `--by month|quarter|team|service`: `grade`'s trend or breakdown.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ByArg {
    Month,
    Quarter,
    /// The `team:` each audit names.
    Team,
    /// The `service:` each audit names.
    Service,
}

impl ByArg {
    pub fn by(self) -> audit::summary::period::By {
        match self {
            ByArg::Month => audit::summary::period::By::Month,
            ByArg::Quarter => audit::summary::period::By::Quarter,
            ByArg::Team => audit::summary::period::By::Team,
            ByArg::Service => audit::summary::period::By::Service,
        }
    }
}

/// `--by month|quarter`, for `agree`'s agreement over time.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum PeriodArg {
    Month,
    Quarter,
}

impl PeriodArg {
    pub fn by(self) -> audit::summary::period::By {
        match self {
            PeriodArg::Month => audit::summary::period::By::Month,
            PeriodArg::Quarter => audit::summary::period::By::Quarter,
        }
    }
}

/// `--audience` and `--pseudonym-key`: who a report is for (README "Personal data").
#[derive(clap::Args)]
pub struct AudienceArgs {
    /// Who the report is for: `board` (cases as pseudonyms, auditors as "Auditor A", no file
    /// names, narratives or reasons, counts from 1 to 4 in a breakdown hidden) or `team`
    /// (everything). Default: `board` for a batch's html and xlsx, `team` otherwise.
    #[arg(long, value_enum, value_name = "AUDIENCE")]
    audience: Option<AudienceArg>,
    /// The key that makes case pseudonyms (64 hexadecimal digits; copy it to share it, so that
    /// a team's reports agree): it must be there. Default: $AUDIT_PSEUDONYM_KEY, else
    /// ~/.config/audit/pseudonym-key, made on first use, readable by its owner only.
    #[arg(long, value_name = "FILE")]
    pseudonym_key: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum AudienceArg {
    Board,
    Team,
}

impl AudienceArgs {
    /// The audience asked for, else `default`.
    pub fn audience(&self, default: Audience) -> Audience {
        match self.audience {
            Some(AudienceArg::Board) => Audience::Board,
            Some(AudienceArg::Team) => Audience::Team,
            None => default,
        }
    }

    /// The board's redactor. `shows_cases`: the report lists cases, so their pseudonyms must
    /// be the same as other reports' (the key file is read, or made); otherwise a key for this
    /// run only keeps cases apart without touching a file.
    pub fn redactor(&self, shows_cases: bool) -> Result<Redactor, CliError> {
        if !shows_cases && self.pseudonym_key.is_none() {
            let mut key = [0u8; audit::privacy::pseudonym::KEY_BYTES];
            getrandom::fill(&mut key)
                .map_err(|e| CliError::Usage(format!("no random numbers for a key: {e}")))?;
            return Ok(Redactor::new(Pseudonyms::new(key)));
        }
        let key = match &self.pseudonym_key {
            Some(p) => pseudonym_key::load(p)?,
            None => pseudonym_key::load_or_create(
                &pseudonym_key::default_path().ok_or(pseudonym_key::KeyError::NoPlace)?,
            )?,
        };
        let shown = key.path.display();
        if key.created {
            console::lines(&[format!(
                "note: made a pseudonym key, {shown}: keep it, and share it with --pseudonym-key, \
                 so that a case has the same pseudonym in next quarter's reports"
            )]);
        }
        if key.readable_by_others {
            console::lines(&[format!(
                "warning: {shown} can be read by other users; make it yours only: chmod 600 {shown}"
            )]);
        }
        Ok(Redactor::new(Pseudonyms::new(key.key)))
    }
}
