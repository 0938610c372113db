//! `audit check PATH...`: every problem in every audit, without grading output.

use crate::cli::output::{Output, emit};
use crate::cli::{CliError, Global, Status, console, inputs};
use audit::batch::Options;
use audit::escape;
use audit::formats::fix;
use audit::grading::engine::WarningKind;
use audit::input::source;
use audit::input::source::Input;
use audit::model::words;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    walk: inputs::WalkArgs,
    #[command(flatten)]
    names: inputs::NamesArgs,
    /// Also fail incomplete sections, Outstanding without narrative, and free text that looks
    /// like personal data.
    #[arg(long)]
    strict: bool,
    /// Largest audit file accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = source::DEFAULT_MAX_BYTES)]
    max_file_size: u64,
    /// First rewrite the mechanical slips in place (answer and grade spellings, curly quotes,
    /// `visits:yes`, text YAML would misread, dates with one reading), printing each change;
    /// then check. Only those values change: comments, layout and every other value stay
    /// byte for byte, and a slip the fixer cannot be sure of is reported and left.
    #[arg(long)]
    fix: bool,
    /// With --fix: print the changes without writing them.
    #[arg(long, requires = "fix")]
    dry_run: bool,
}

pub fn run(global: &Global, args: Args) -> Result<Status, CliError> {
    let rubric = inputs::rubric(global.rubric.as_deref())?;
    if args.fix {
        fix_files(&args, &rubric)?;
    }
    let opts = Options {
        strict: args.strict,
        max_bytes: args.max_file_size,
        names: args.names.names()?,
    };
    let report = inputs::grade(&rubric, &args.paths, args.walk.options(), opts)?;
    // What the rubric has changed since the file was written: said, not failed, so that
    // existing audits keep grading (`--fix` renames former ids). And free text that looks
    // like personal data, at its place, the value masked (an error with --strict); and what the
    // follow-up lacks (an action for an Inadequate grade) or should check (an action's date).
    let since: Vec<String> = report
        .audits
        .iter()
        .flat_map(|g| {
            g.result
                .warnings
                .iter()
                .filter(|w| {
                    matches!(
                        w.kind,
                        WarningKind::FormerId
                            | WarningKind::FactAnsweredTwice
                            | WarningKind::PersonalData
                            | WarningKind::NoAction
                            | WarningKind::ActionDate
                    )
                })
                .map(|w| {
                    let file = escape::terminal(&g.file);
                    match w.at {
                        Some(at) => {
                            // Personal data's message starts `line N: `, said here as a place.
                            let what = match w.kind {
                                WarningKind::PersonalData => {
                                    w.message.split_once(": ").map_or(&*w.message, |m| m.1)
                                }
                                _ => &w.message,
                            };
                            let what = escape::terminal(what);
                            format!("{file}:{}:{}: warning: {what}", at.line, at.column)
                        }
                        None => format!("{file}: warning: {}", escape::terminal(&w.message)),
                    }
                })
        })
        .collect();
    console::lines(&since);
    // What is left to answer, per file: said, not failed (with --strict it is an error).
    let unfinished: Vec<String> = if args.strict {
        Vec::new()
    } else {
        report
            .audits
            .iter()
            .filter_map(|g| unfinished(&rubric, g))
            .collect()
    };
    console::lines(&unfinished);
    console::problems_counted(&report.errors, report.files.len(), "have mistakes");
    if !report.errors.is_empty() {
        return Ok(Status::InvalidInput);
    }
    let n = report.files.len();
    // A warning above is something to look at: "no mistakes" alone would say otherwise.
    let mut summary = "no mistakes".to_string();
    if !unfinished.is_empty() {
        summary += &format!(", {} unfinished", unfinished.len());
    }
    if !since.is_empty() {
        summary += &format!(", {} above", words::count(since.len(), "warning"));
    }
    emit(
        &format!("checked {}: {summary}\n", words::count(n, "file")),
        None,
    )?;
    Ok(Status::Ok)
}

/// A file with questions not answered yet: "FILE: unfinished: 7 questions not answered yet in
/// 2 areas (Assessment 4, Outcomes 3)"; a file saved as a draft with nothing missing is said
/// so too.
fn unfinished(rubric: &audit::model::rubric::Rubric, g: &audit::batch::Graded) -> Option<String> {
    let r = &g.result;
    // A fact asked once (`asked_in`) is counted where it is asked, while that area is open.
    let missing_in = |area: &str| {
        r.sections
            .iter()
            .find(|s| &*s.area == area)
            .map_or(&[][..], |s| &s.missing[..])
    };
    let areas: Vec<(&str, usize)> = r
        .sections
        .iter()
        .zip(&rubric.areas)
        .map(|(s, area)| {
            let own = s.missing.iter().filter(|id| {
                area.criterion(id)
                    .and_then(|c| c.asked_in.as_deref())
                    .is_none_or(|home| !missing_in(home).contains(id))
            });
            (&*s.title, own.count())
        })
        .chain([(&*rubric.outcome.title, r.outcome.missing.len())])
        .filter(|(_, n)| *n > 0)
        .collect();
    let file = escape::terminal(&g.file);
    let mut left = Vec::new();
    if !r.unfilled.is_empty() {
        left.push(words::not_filled_in(&r.unfilled));
    }
    if !areas.is_empty() {
        let questions = areas.iter().map(|(_, n)| n).sum();
        let each: Vec<String> = areas.iter().map(|(t, n)| format!("{t} {n}")).collect();
        left.push(format!(
            "{} ({})",
            words::not_answered_in(questions, areas.len()),
            each.join(", ")
        ));
    }
    if left.is_empty() {
        return r.draft.then(|| {
            format!("{file}: unfinished: marked draft: yes; remove the line when it is complete")
        });
    }
    Some(format!("{file}: unfinished: {}", left.join("; ")))
}

/// Rewrites each file's mechanical slips (see `formats::fix`), printing every change as a
/// pair of diff lines, atomically and keeping the file's permissions.
fn fix_files(args: &Args, rubric: &audit::model::rubric::Rubric) -> Result<(), CliError> {
    let (found, _) = inputs::collect(&args.paths, args.walk.options(), None)?;
    let mut out = String::new();
    let (mut lines, mut files) = (0, 0);
    for input in &found {
        let Input::File(path) = input else {
            return Err(CliError::Usage(
                "--fix rewrites files in place; it cannot fix standard input".into(),
            ));
        };
        // Unreadable files are reported by the check that follows.
        let Ok(text) = source::read(input, args.max_file_size) else {
            continue;
        };
        let fix::Fixed {
            text: fixed,
            changes: _,
            left,
        } = fix::fix(&text);
        // Then the criteria written under a former id, renamed as the rubric says.
        let renamed = fix::rename_former(&fixed, rubric);
        let (fixed, mut left) = (renamed.text, [left, renamed.left].concat());
        left.sort_by_key(|l| l.line);
        let changes = fix::changed_lines(&text, &fixed);
        let name = input.name();
        let name = escape::terminal(&name);
        for l in &left {
            out += &format!(
                "{name}:{}: left as written: {}\n",
                l.line,
                escape::terminal(&l.why)
            );
        }
        if changes.is_empty() {
            continue;
        }
        for c in &changes {
            let (before, after) = (escape::terminal(&c.before), escape::terminal(&c.after));
            out += &format!(
                "{name}:{}: - {before}\n{name}:{}: + {after}\n",
                c.line, c.line
            );
        }
        lines += changes.len();
        files += 1;
        if !args.dry_run {
            Output::open(Some(path))?.write(|w| w.write_all(fixed.as_bytes()))?;
        }
    }
    let verb = if args.dry_run { "would fix" } else { "fixed" };
    let (lines, files) = (
        audit::model::words::count_of(lines, "line"),
        audit::model::words::count_of(files, "file"),
    );
    out += &format!("{verb} {lines} in {files}\n");
    emit(&out, None)
}
