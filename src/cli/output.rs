//! Where a command's output goes: standard output, or a file. A file is opened before the
//! work starts (a path that cannot be written is reported at once, not after grading a
//! folder) and written atomically: a temporary file beside it (`.NAME.tmpPID-XXXXXX`), renamed
//! into place only when everything was written, so a reader never sees half a report and a
//! failed or interrupted run leaves the old file as it was and nothing beside it.
//!
//! What `-o PATH` does with what is already there (docs/SECURITY.md "Files"):
//! - nothing: a new file, created with the permissions the umask gives;
//! - a regular file: replaced atomically, keeping its permissions;
//! - a symbolic link: followed, and the file it points to is replaced (the link stays);
//! - a device, a pipe or socket, or anything under `/dev/` or `/proc/` (`/dev/stdout`):
//!   written as it is, never replaced;
//! - a folder: refused.
//!
//! `-o -` is standard output.

use super::error::CliError;
use super::interrupt;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// An output, opened.
pub struct Output {
    /// The path as the user gave it, for messages.
    shown: PathBuf,
    target: Target,
}

enum Target {
    Stdout,
    /// A temporary file, renamed onto `path` when complete; `new_only` never replaces.
    Atomic {
        tmp: NamedTempFile,
        path: PathBuf,
        new_only: bool,
        /// Its folder and name prefix, as registered for removal on interruption.
        pending: (PathBuf, String),
    },
    /// A device, pipe or socket, written as it is.
    Direct(File),
}

impl Output {
    /// Standard output (no path, or `-`), or the file at `path`.
    pub fn open(path: Option<&Path>) -> Result<Output, CliError> {
        match path {
            None => Ok(Output::stdout()),
            Some(p) if p.as_os_str() == "-" => Ok(Output::stdout()),
            Some(p) => open_file(p, false).map_err(|e| CliError::output(p, e)),
        }
    }

    /// A file that must not exist yet (a template never replaces a filled-in audit); the
    /// check and the creation are one step, so two runs cannot both create it.
    pub fn create_new(path: &Path) -> Result<Output, CliError> {
        if path.as_os_str() == "-" {
            return Ok(Output::stdout());
        }
        open_file(path, true).map_err(|e| already_exists(path, e))
    }

    fn stdout() -> Output {
        Output {
            shown: PathBuf::from("-"),
            target: Target::Stdout,
        }
    }

    /// Runs `write` against the output, then puts a file in place.
    pub fn write(
        self,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), CliError> {
        let shown = self.shown;
        match self.target {
            Target::Stdout => {
                let mut out = io::BufWriter::with_capacity(BUFFER, io::stdout().lock());
                write(&mut out)
                    .and_then(|()| out.flush())
                    .map_err(CliError::Stdout)
            }
            Target::Direct(file) => {
                let mut out = io::BufWriter::with_capacity(BUFFER, file);
                write(&mut out)
                    .and_then(|()| out.flush())
                    .map_err(|e| CliError::output(&shown, e))
            }
            Target::Atomic {
                tmp,
                path,
                new_only,
                pending: (dir, prefix),
            } => {
                let result = finish(tmp, &path, new_only, write);
                interrupt::forget(&dir, &prefix);
                result.map_err(|e| already_exists(&shown, e))
            }
        }
    }
}

/// Bytes gathered before each write: a folder's JSON is megabytes, and 8 KiB (the default)
/// made a thousand system calls of it.
const BUFFER: usize = 64 * 1024;

/// A file that appeared since it was checked is the user's: say so, as for any existing file.
fn already_exists(path: &Path, e: io::Error) -> CliError {
    if e.kind() == io::ErrorKind::AlreadyExists {
        CliError::Usage(format!(
            "{} already exists; a template never replaces a file (it may be a filled-in audit)",
            path.display()
        ))
    } else {
        CliError::output(path, e)
    }
}

/// Writes `text` to standard output, or to the file at `path`.
pub fn emit(text: &str, path: Option<&Path>) -> Result<(), CliError> {
    Output::open(path)?.write(|w| w.write_all(text.as_bytes()))
}

fn finish(
    tmp: NamedTempFile,
    path: &Path,
    new_only: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(BUFFER, tmp);
    write(&mut out)?;
    let tmp = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    let persisted = if new_only {
        tmp.persist_noclobber(path)
    } else {
        tmp.persist(path)
    };
    persisted.map(drop).map_err(|e| e.error)
}

fn open_file(path: &Path, new_only: bool) -> io::Result<Output> {
    let shown = path.to_path_buf();
    let target = match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a folder; give a file name",
            ));
        }
        Ok(_) if new_only => {
            return Err(io::Error::from(io::ErrorKind::AlreadyExists));
        }
        Ok(meta) if !meta.is_file() || is_system_path(path) => {
            Target::Direct(fs::OpenOptions::new().write(true).open(path)?)
        }
        Ok(meta) => {
            let resolved = fs::canonicalize(path)?;
            atomic(&resolved, Some(meta.permissions()), false)?
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if fs::symlink_metadata(path).is_ok() {
                return Err(io::Error::new(
                    io::ErrorKind::NotFound,
                    "it is a symbolic link to nothing",
                ));
            }
            atomic(path, None, new_only)?
        }
        Err(e) => return Err(e),
    };
    Ok(Output { shown, target })
}

/// `/dev/stdout`, `/proc/self/fd/1` and the like name something that exists already and
/// must be written, not replaced.
fn is_system_path(path: &Path) -> bool {
    path.starts_with("/dev") || path.starts_with("/proc")
}

/// A temporary file beside `path`, named so a leftover is explainable
/// (`.q3.csv.tmp1234-XXXXXX`, with the process id), with `permissions` (an existing file's) or, for a new file,
/// those the umask gives.
fn atomic(path: &Path, permissions: Option<fs::Permissions>, new_only: bool) -> io::Result<Target> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let mut builder = tempfile::Builder::new();
    let prefix = format!(".{name}.tmp{}-", std::process::id());
    builder.prefix(&prefix).rand_bytes(6);
    // Registered before the file exists, so a signal while it is created still removes it.
    interrupt::remove_if_interrupted(dir, &prefix);
    #[cfg(unix)]
    if permissions.is_none() {
        use std::os::unix::fs::PermissionsExt;
        // Created 0666 less the umask, as any new file would be.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(dir).map_err(|e| {
        interrupt::forget(dir, &prefix);
        without_temporary_path(e)
    })?;
    if let Some(p) = permissions {
        tmp.as_file().set_permissions(p)?;
    }
    Ok(Target::Atomic {
        tmp,
        path: path.to_path_buf(),
        new_only,
        pending: (dir.to_path_buf(), prefix),
    })
}

/// The output formats of `grade` and `agree`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
}

/// The operating system's reason alone: `tempfile` adds the temporary file's path, which means
/// nothing to the user (the path they gave is in the message already).
fn without_temporary_path(e: io::Error) -> io::Error {
    let message = e.to_string();
    match message.split_once(" at path ") {
        Some((reason, _)) => io::Error::new(e.kind(), reason),
        None => e,
    }
}
