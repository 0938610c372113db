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
    let fail = |msg: String| Diagnostic::new(&name, Loc::UNKNOWN, msg);
    let mut bytes = Vec::new();
    let limit = max_bytes.saturating_add(1);
    let result = match input {
        Input::Stdin => std::io::stdin().lock().take(limit).read_to_end(&mut bytes),
        Input::File(path) => open(path)
            .map_err(&fail)?
            .take(limit)
            .read_to_end(&mut bytes),
    };
    result.map_err(|e| fail(format!("cannot be read: {e}")))?;
    if bytes.len() as u64 > max_bytes {
        return Err(fail(format!(
            "is larger than the limit of {} bytes for one audit; an audit is a few KB of text \
             (raise the limit with --max-file-size if this file is genuine)",
            max_bytes
        )));
    }
    text(bytes).map_err(fail)
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

/// UTF-8 text (a BOM is fine); binary content and other encodings are refused with a hint.
pub fn text(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(
            "is UTF-16 text; save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)".into(),
        );
    }
    if bytes.contains(&0) || bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"%PDF") {
        return Err("is not a text file (a Word document, PDF or other binary?); an audit is a YAML text file".into());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}
