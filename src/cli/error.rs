//! The one error type of the command line. Each variant knows its exit status; all of them
//! are printed in one place, `console::error`.

use audit::diagnostic::Diagnostic;
use std::path::PathBuf;

/// How a command ended when it did not finish its job. Invalid audit files are not errors
/// here: they are reported beside the graded ones and give [`Status::InvalidInput`].
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The command line asks for something that cannot be done (exit 2).
    #[error("{0}")]
    Usage(String),
    /// The file given to `--rubric` (or a rubric command) cannot be read (exit 2).
    #[error("{0}")]
    UnreadableRubric(Diagnostic),
    /// The rubric has problems that make it unusable for grading (exit 2).
    #[error("the rubric {name} is not usable ({} problems)", problems.len())]
    UnusableRubric {
        name: String,
        problems: Vec<Diagnostic>,
    },
    /// The output could not be written: the disk, the folder or its permissions (exit 3).
    #[error("cannot write {}: {source}", path.display())]
    Output {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Standard output could not be written (exit 3), unless the reader just stopped reading.
    #[error("cannot write to standard output: {0}")]
    Stdout(std::io::Error),
    /// The pseudonym key cannot be read or made (exit 2).
    #[error(transparent)]
    PseudonymKey(#[from] audit::input::pseudonym_key::KeyError),
    /// `audit serve` could not listen or stopped on an error (exit 3).
    #[error("audit serve: {0}")]
    Serve(std::io::Error),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_)
            | CliError::UnreadableRubric(_)
            | CliError::UnusableRubric { .. }
            | CliError::PseudonymKey(_) => 2,
            CliError::Output { .. } | CliError::Stdout(_) | CliError::Serve(_) => 3,
        }
    }

    /// `audit grade dir | head` closes the pipe early: that is not an error.
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, CliError::Stdout(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }

    pub fn output(path: &std::path::Path, source: std::io::Error) -> CliError {
        CliError::Output {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// How a command that ran to the end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything was done (warnings do not change this): exit 0.
    Ok,
    /// Some input was invalid, or a check failed; the rest was still done: exit 1.
    InvalidInput,
    /// Stopped by SIGTERM after tidying up: exit 143, as shells report that signal.
    Terminated,
}

impl Status {
    pub fn exit_code(self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::InvalidInput => 1,
            Status::Terminated => 143,
        }
    }

    /// `Ok` when nothing failed.
    pub fn from_failures(failed: bool) -> Status {
        if failed {
            Status::InvalidInput
        } else {
            Status::Ok
        }
    }
}
