//! Reading what the user gave us: files and standard input, with the checks that come
//! before any YAML parsing (size, text encoding). Inputs are only ever read.

use crate::diagnostic::{Diagnostic, Loc};
use std::io::Read;
use std::path::Path;

/// 10 MiB: far above any real audit (a few KB), far below what would hurt a batch.
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;

/// Where an audit comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(std::path::PathBuf),
}

impl Input {
    /// The name shown to people: the path, with any byte that is not UTF-8 written `\xFF`, so
    /// two files whose names differ only there stay two names.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(p) => shown(p),
        }
    }
}

/// A path as text: exactly the path where it is UTF-8, each other byte as `\xFF`.
fn shown(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.display().to_string()
    }
}

/// The largest rubric read: far past any rubric written by hand, the built-in one included.
pub const MAX_RUBRIC_BYTES: u64 = 10 * 1024 * 1024;

/// The text of an audit, or one diagnostic saying why it cannot be read as a YAML text file.
pub fn read(input: &Input, max_bytes: u64) -> Result<String, Diagnostic> {
    read_as(input, max_bytes, |max| {
        format!(
            "is larger than the limit of {max} bytes for one audit; an audit is a few KB of \
             text (raise the limit with --max-file-size if this file is genuine)"
        )
    })
}

/// The text of a rubric file (`-`: standard input), or one diagnostic saying why it cannot
/// be read.
pub fn read_rubric(path: &Path) -> Result<String, Diagnostic> {
    let input = if path.as_os_str() == "-" {
        Input::Stdin
    } else {
        Input::File(path.to_path_buf())
    };
    read_as(&input, MAX_RUBRIC_BYTES, |max| {
        format!(
            "is larger than the limit of {max} bytes for a rubric (the built-in rubric is about \
             53 KB); is this the right file?"
        )
    })
}

fn read_as(
    input: &Input,
    max_bytes: u64,
    too_large: impl Fn(u64) -> String,
) -> Result<String, Diagnostic> {
    let name = input.name();
    let bytes = read_bytes(input, max_bytes, too_large)
        .map_err(|msg| Diagnostic::new(&name, Loc::UNKNOWN, msg))?;
    text(bytes).map_err(|(loc, msg)| Diagnostic::new(&name, loc, msg))
}

/// The bytes of `input`, at most `max_bytes` (reading one byte more tells a file that is too
/// large), or why they cannot be read.
pub fn read_bytes(
    input: &Input,
    max_bytes: u64,
    too_large: impl Fn(u64) -> String,
) -> Result<Vec<u8>, String> {
    let limit = max_bytes.saturating_add(1);
    let mut bytes = Vec::new();
    let result = match input {
        Input::Stdin => std::io::stdin().lock().take(limit).read_to_end(&mut bytes),
        Input::File(path) => {
            let (file, len) = open(path)?;
            // One allocation of the right size: the file's length, or the limit if larger.
            bytes.reserve_exact(len.min(limit) as usize + 1);
            file.take(limit).read_to_end(&mut bytes)
        }
    };
    result.map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(max_bytes));
    }
    Ok(bytes)
}

/// Opens `path` for reading if it is a regular file. A named pipe would block `open` until
/// something writes to it, so it is opened without blocking, and the opened file's type is
/// checked before anything is read (one `stat`, of the file actually opened).
fn open(path: &Path) -> Result<(std::fs::File, u64), String> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        _ => format!("cannot be opened: {e}"),
    })?;
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot be read: {e}"))?;
    if meta.is_dir() {
        return Err("is a folder; give it as a PATH to grade everything in it".to_string());
    }
    if !meta.is_file() {
        return Err(
            "is not a regular file (a named pipe, socket or device); audits and rubrics are \
             YAML text files"
                .to_string(),
        );
    }
    Ok((file, meta.len()))
}

/// UTF-8 text (a BOM is fine); binary content and other encodings are refused with a hint,
/// and where the first bad byte is.
pub fn text(bytes: Vec<u8>) -> Result<String, (Loc, String)> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let msg = "is UTF-16 text; save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)";
        return Err((Loc::UNKNOWN, msg.into()));
    }
    if bytes.contains(&0) || bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"%PDF") {
        let msg = "is not a text file (a Word document, PDF or other binary?); an audit is a \
                   YAML text file";
        return Err((Loc::UNKNOWN, msg.into()));
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[start..]).chars().count() + 1;
        let msg = "a character here is not UTF-8 text (the file was saved in another \
                   encoding); save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)";
        (Loc::new(line as u32, column as u32), msg.into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_utf8_is_located() {
        let (loc, msg) = text(b"case: A\nauditor: Caf\xe9\n".to_vec()).unwrap_err();
        assert_eq!(loc, Loc::new(2, 13));
        assert!(msg.starts_with("a character here is not UTF-8 text"));
    }

    #[test]
    fn a_bom_is_text() {
        assert!(text(b"\xef\xbb\xbfcase: A\n".to_vec()).is_ok());
    }
}
