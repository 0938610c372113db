//! Turning the paths a user names into the audits to read: files as given, folders walked,
//! `-` as standard input.

use crate::diagnostic::{Diagnostic, Loc};
use crate::input::source::Input;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Expands `paths` into the audits to grade: a file as given, a folder as every
/// `*.yaml`/`*.yml` below it in path order, `-` as standard input. A file reached twice
/// (through a symlink, or named twice) is graded once; symlink loops are not followed.
/// Paths that cannot be walked are returned as diagnostics.
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<Diagnostic>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |path: PathBuf, inputs: &mut Vec<Input>| {
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(key) {
            inputs.push(Input::File(path));
        }
    };
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            let walker = walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name();
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() && is_yaml(e.path()) => {
                        push(e.into_path(), &mut inputs);
                    }
                    Ok(_) => {}
                    Err(e) if e.loop_ancestor().is_some() => {} // already walked
                    Err(e) => {
                        let name = e.path().unwrap_or(path).display().to_string();
                        let why = e
                            .io_error()
                            .map(std::string::ToString::to_string)
                            .unwrap_or_else(|| e.to_string());
                        errors.push(Diagnostic::new(
                            &name,
                            Loc::UNKNOWN,
                            format!("cannot be read: {why}"),
                        ));
                    }
                }
            }
        } else {
            push(path.clone(), &mut inputs);
        }
    }
    (inputs, errors)
}
