//! Where a command's output goes: standard output, or a file written atomically (a temporary
//! file in the same folder, renamed into place only when everything was written), so a
//! reader never sees half a report and a failed run leaves the old file as it was.

use super::error::CliError;
use std::io::Write;
use std::path::Path;

/// Writes `text` to standard output, or atomically to `path`.
pub fn emit(text: &str, path: Option<&Path>) -> Result<(), CliError> {
    emit_with(path, |w| w.write_all(text.as_bytes()))
}

/// Runs `write` against standard output, or atomically against `path`.
pub fn emit_with(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), CliError> {
    match path {
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out)
                .and_then(|()| out.flush())
                .map_err(CliError::Stdout)
        }
        Some(path) => atomically(path, write).map_err(|e| CliError::output(path, e)),
    }
}

fn atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(without_temporary_path)?;
    let mut out = std::io::BufWriter::new(tmp);
    write(&mut out)?;
    let tmp = out
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;
    tmp.persist(path).map(drop).map_err(|e| e.error)
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
fn without_temporary_path(e: std::io::Error) -> std::io::Error {
    let message = e.to_string();
    match message.split_once(" at path ") {
        Some((reason, _)) => std::io::Error::new(e.kind(), reason),
        None => e,
    }
}
