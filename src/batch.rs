//! Grading many audits: walking folders, grading in parallel on all cores, and reporting
//! every input file, graded or with its errors, in path order.

use crate::audit;
use crate::diagnostic::{Diagnostic, Loc};
use crate::engine::{self, AuditResult};
use crate::rubric::Rubric;
use crate::source::{self, Input};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// One graded audit and the file it came from.
#[derive(Debug, Clone)]
pub struct Graded {
    pub file: String,
    pub result: AuditResult,
}

/// Everything a `grade` run produced: graded audits and errors, both in path order.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub rubric_name: String,
    pub rubric_version: String,
    /// Every input, in the order graded and reported.
    pub files: Vec<String>,
    pub audits: Vec<Graded>,
    pub errors: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub strict: bool,
    pub max_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            strict: false,
            max_bytes: source::DEFAULT_MAX_BYTES,
        }
    }
}

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
                        push(e.into_path(), &mut inputs)
                    }
                    Ok(_) => {}
                    Err(e) if e.loop_ancestor().is_some() => {} // already walked
                    Err(e) => {
                        let name = e.path().unwrap_or(path).display().to_string();
                        let why = e
                            .io_error()
                            .map(|io| io.to_string())
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

/// Reads, loads and grades one audit text, handing the audit and its result to `keep`.
pub fn grade_text_with<T>(
    rubric: &Rubric,
    text: &str,
    file: &str,
    opts: Options,
    keep: impl Fn(&audit::Audit, AuditResult) -> T,
) -> Result<T, Vec<Diagnostic>> {
    let audit = audit::load(text, file, rubric)?;
    let located = |findings: Vec<engine::Finding>| -> Vec<Diagnostic> {
        findings
            .into_iter()
            .map(|f| Diagnostic::new(file, f.at, f.message).with_source(text))
            .collect()
    };
    let result = engine::grade(rubric, &audit).map_err(located)?;
    if opts.strict {
        let strict = engine::strict_findings(&result, &audit);
        if !strict.is_empty() {
            return Err(located(strict));
        }
    }
    Ok(keep(&audit, result))
}

/// Reads, loads and grades one audit text.
pub fn grade_text(
    rubric: &Rubric,
    text: &str,
    file: &str,
    opts: Options,
) -> Result<Graded, Vec<Diagnostic>> {
    grade_text_with(rubric, text, file, opts, |_, result| Graded {
        file: file.to_string(),
        result,
    })
}

/// Grades every input in parallel, keeping what `keep` makes of each; results come back in
/// input order whatever the thread count, with every error. Each audit's text and parsed
/// form are dropped as soon as it is graded. `tick` is called once per input, from any
/// thread (for a progress bar).
pub fn grade_each<T: Send>(
    rubric: &Rubric,
    inputs: &[Input],
    opts: Options,
    tick: &(dyn Fn() + Sync),
    keep: &(dyn Fn(&audit::Audit, AuditResult, &str) -> T + Sync),
) -> (Vec<T>, Vec<Diagnostic>) {
    let results: Vec<Result<T, Vec<Diagnostic>>> = inputs
        .par_iter()
        .map(|input| {
            let name = input.name();
            let r = source::read(input, opts.max_bytes)
                .map_err(|d| vec![d])
                .and_then(|text| {
                    grade_text_with(rubric, &text, &name, opts, |a, r| keep(a, r, &name))
                });
            tick();
            r
        })
        .collect();
    let mut kept = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(t) => kept.push(t),
            Err(mut e) => errors.append(&mut e),
        }
    }
    (kept, errors)
}

/// Grades every input (see [`grade_each`]) into a report.
pub fn grade_all(
    rubric: &Rubric,
    inputs: &[Input],
    opts: Options,
    tick: &(dyn Fn() + Sync),
) -> Report {
    let keep = |_: &audit::Audit, result: AuditResult, file: &str| Graded {
        file: file.to_string(),
        result,
    };
    let (audits, errors) = grade_each(rubric, inputs, opts, tick, &keep);
    Report {
        rubric_name: rubric.name.clone(),
        rubric_version: rubric.version.clone(),
        files: inputs.iter().map(Input::name).collect(),
        audits,
        errors,
    }
}
