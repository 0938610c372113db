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

/// The problems, then how many of the `inputs` files could not be graded.
pub fn problems_with_count(list: &[Diagnostic], inputs: usize) {
    problems(list);
    if list.is_empty() {
        return;
    }
    let files: BTreeSet<&str> = list.iter().map(|d| d.file.as_str()).collect();
    let total = inputs.max(files.len());
    let rest = if total > files.len() {
        "; the others were graded and are reported"
    } else {
        ""
    };
    let _ = writeln!(
        std::io::stderr().lock(),
        "error: {} of {total} file(s) could not be graded{rest}",
        files.len()
    );
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
