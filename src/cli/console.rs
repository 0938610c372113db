//! Everything the command line prints to standard error, in one place: problems in the
//! user's files, the closing count, and the error that stopped a command.

use super::error::CliError;
use audit::diagnostic::Diagnostic;
use std::collections::BTreeSet;
use std::io::Write;

/// Each problem, as `file:line:column: message` with the offending line under it.
pub fn problems(list: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for d in list {
        let _ = writeln!(err, "{d}");
    }
}

/// Lines already rendered (e.g. `rubric test` failures).
pub fn lines(list: &[String]) {
    let mut err = std::io::stderr().lock();
    for l in list {
        let _ = writeln!(err, "{l}");
    }
}

/// The problems, then how many of the `inputs` files could not be graded, and how many
/// paths could not be searched (folders that cannot be read, links not followed, folders with
/// no audits): those are not files, so they are not counted as files.
pub fn problems_with_count(list: &[Diagnostic], inputs: usize) {
    problems_counted(list, inputs, "could not be graded");
}

/// The problems, then how many of the `inputs` files `failed` (a command that does not grade
/// says "have mistakes"), and the paths that could not be searched.
pub fn problems_counted(list: &[Diagnostic], inputs: usize, failed_verb: &str) {
    problems(list);
    let failed: BTreeSet<usize> = list.iter().filter_map(|d| d.input).collect();
    let mut err = std::io::stderr().lock();
    if !failed.is_empty() {
        let rest = if inputs == failed.len() {
            ""
        } else if failed_verb == "could not be graded" {
            "; the others were graded and are reported"
        } else {
            "; the others have none"
        };
        // "1 of 1 file", "2 of 3 files": the noun agrees with the total.
        let of = audit::model::words::count_of(inputs, "file");
        let verb = if failed.len() == 1 {
            failed_verb.replacen("have ", "has ", 1)
        } else {
            failed_verb.to_string()
        };
        let _ = writeln!(err, "error: {} of {of} {verb}{rest}", failed.len());
    }
    let unsearched: BTreeSet<&str> = list
        .iter()
        .filter(|d| d.input.is_none())
        .map(|d| d.file.as_str())
        .collect();
    if !unsearched.is_empty() {
        let _ = writeln!(
            err,
            "error: {} could not be searched for audits (listed above)",
            audit::model::words::count_of(unsearched.len(), "path")
        );
    }
}

/// The error that stopped a command: its located problems first, then one `error:` line.
pub fn error(e: &CliError) {
    match e {
        CliError::UnusableRubric { problems: list, .. } => problems(list),
        CliError::UnreadableRubric(d) => {
            // A located problem reads as one already; no second `error:` line.
            let _ = writeln!(std::io::stderr().lock(), "{d}");
            return;
        }
        _ => {}
    }
    let _ = writeln!(std::io::stderr().lock(), "error: {e}");
}
