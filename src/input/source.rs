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
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// The text of `input`, or one diagnostic saying why it cannot be read as a YAML text file.
pub fn read(input: &Input, max_bytes: u64) -> Result<String, Diagnostic> {
    let name = input.name();
    let bytes =
        read_bytes(input, max_bytes).map_err(|msg| Diagnostic::new(&name, Loc::UNKNOWN, msg))?;
    text(bytes).map_err(|(loc, msg)| Diagnostic::new(&name, loc, msg))
}

/// At most `max_bytes` (reading one byte more tells a file that is too large).
fn read_bytes(input: &Input, max_bytes: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let limit = max_bytes.saturating_add(1);
    let result = match input {
        Input::Stdin => std::io::stdin().lock().take(limit).read_to_end(&mut bytes),
        Input::File(path) => open(path)?.take(limit).read_to_end(&mut bytes),
    };
    result.map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.len() as u64 > max_bytes {
        return Err(format!(
            "is larger than the limit of {max_bytes} bytes for one audit; an audit is a few KB of \
             text (raise the limit with --max-file-size if this file is genuine)"
        ));
    }
    Ok(bytes)
}

fn open(path: &Path) -> Result<std::fs::File, String> {
    if path.is_dir() {
        return Err("is a folder; give it as a PATH to grade everything in it".to_string());
    }
    std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        _ => format!("cannot be opened: {e}"),
    })
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
