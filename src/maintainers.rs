//! The rubric maintainers' commands: `rubric check`, `rubric test`, `rubric diff`, `schema`.

use crate::{Exit, INVALID_INPUT, USAGE, emit, load_rubric};
use anyhow::Result;
use audit::batch;
use audit::cases::{self, CaseResult};
use audit::diagnostic::Diagnostic;
use audit::report::ci::{self, CiCase};
use audit::rubric::{self, Rubric, RubricProblem, Severity};
use audit::source::{self, Input};
use clap::ValueEnum;
use serde_json::json;
use std::path::{Path, PathBuf};

/// How `rubric check` and `rubric test` report.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CiFormat {
    Text,
    Json,
    Junit,
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    Audit,
    Rubric,
}

fn read(path: &Path) -> Result<String> {
    source::read(&Input::File(path.to_path_buf()), source::DEFAULT_MAX_BYTES).map_err(|d| {
        eprintln!("{d}");
        Exit(USAGE).into()
    })
}

fn ci_report(format: CiFormat, suite: &str, list: &[CiCase]) -> String {
    if format == CiFormat::Junit {
        ci::junit(suite, list)
    } else {
        ci::github(list)
    }
}

fn passed(file: &str, name: &str) -> CiCase {
    CiCase {
        file: file.into(),
        name: name.into(),
        line: 0,
        column: 0,
        failure: None,
        warning: false,
    }
}

fn ci_case(d: &Diagnostic, warning: bool) -> CiCase {
    CiCase {
        file: d.file.clone(),
        name: format!("{}:{}:{}", d.file, d.line, d.column),
        line: d.line,
        column: d.column,
        failure: Some(d.message.clone()),
        warning,
    }
}

/// `audit rubric check [FILE]`: every problem, located; exit 1 on any error (or warning
/// with `--strict`).
pub fn check(file: Option<&Path>, strict: bool, format: CiFormat) -> Result<u8> {
    let (name, text) = match file {
        Some(p) => (p.display().to_string(), read(p)?),
        None => (
            format!("{} (built in)", rubric::BUILTIN_NAME),
            rubric::BUILTIN_YAML.to_string(),
        ),
    };
    let (_, problems) = Rubric::check_yaml(&text, &name);
    let fails = |p: &RubricProblem| p.severity == Severity::Error || strict;
    let failed = problems.iter().any(fails);
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    let out = match format {
        CiFormat::Text => {
            for p in &problems {
                let mut d = p.diagnostic.clone();
                if p.severity == Severity::Warning {
                    d.message = format!("warning: {}", d.message);
                }
                eprintln!("{d}");
            }
            let verdict = if problems.is_empty() {
                "no problems".to_string()
            } else {
                format!("{errors} error(s), {warnings} warning(s)")
            };
            format!("{name}: {verdict}\n")
        }
        CiFormat::Json => {
            let list: Vec<_> = problems
                .iter()
                .map(|p| {
                    json!({ "severity": p.severity, "line": p.diagnostic.line, "column": p.diagnostic.column,
                            "message": p.diagnostic.message })
                })
                .collect();
            let doc = json!({ "file": name, "ok": !failed, "errors": errors, "warnings": warnings, "problems": list });
            format!("{}\n", serde_json::to_string_pretty(&doc)?)
        }
        CiFormat::Junit | CiFormat::Github => {
            let mut list: Vec<CiCase> = problems
                .iter()
                .map(|p| ci_case(&p.diagnostic, !fails(p)))
                .collect();
            if list.is_empty() {
                list.push(passed(&name, "rubric check"));
            }
            ci_report(format, "audit rubric check", &list)
        }
    };
    emit(&out, None)?;
    Ok(if failed { INVALID_INPUT } else { 0 })
}

/// `audit rubric test CASES...`: each case's expectations against the rubric.
pub fn test(rubric_path: Option<&Path>, paths: &[PathBuf], format: CiFormat) -> Result<u8> {
    let rubric = load_rubric(rubric_path)?;
    let (inputs, walk_errors) = batch::collect(paths);
    let mut results: Vec<CaseResult> = inputs
        .iter()
        .map(
            |input| match source::read(input, source::DEFAULT_MAX_BYTES) {
                Ok(text) => cases::run(&rubric, &text, &input.name()),
                Err(d) => CaseResult {
                    file: input.name(),
                    case: String::new(),
                    checks: 0,
                    failures: Vec::new(),
                    errors: vec![d],
                },
            },
        )
        .collect();
    for d in walk_errors {
        results.push(CaseResult {
            file: d.file.clone(),
            case: String::new(),
            checks: 0,
            failures: Vec::new(),
            errors: vec![d],
        });
    }
    if results.is_empty() {
        eprintln!(
            "error: no test cases (*.yaml, *.yml) found in {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return Ok(INVALID_INPUT);
    }
    let failed = results.iter().filter(|r| !r.passed()).count();
    let out = match format {
        CiFormat::Text => {
            let mut out = String::new();
            for r in &results {
                if r.passed() {
                    out.push_str(&format!("pass {} ({} checks)\n", r.file, r.checks));
                    continue;
                }
                out.push_str(&format!("FAIL {}\n", r.file));
                for d in &r.errors {
                    eprintln!("{d}");
                }
                for f in &r.failures {
                    eprintln!("{}:{}:{}: {}", r.file, f.at.line, f.at.column, f.message());
                }
            }
            out.push_str(&format!(
                "{} case(s), {} passed, {failed} failed\n",
                results.len(),
                results.len() - failed
            ));
            out
        }
        CiFormat::Json => {
            let list: Vec<_> = results
                .iter()
                .map(|r| {
                    json!({
                        "file": r.file, "case": r.case, "checks": r.checks, "passed": r.passed(),
                        "failures": r.failures.iter().map(|f| json!({
                            "line": f.at.line, "column": f.at.column, "what": f.what,
                            "expected": f.expected, "actual": f.actual, "why": f.why })).collect::<Vec<_>>(),
                        "errors": r.errors,
                    })
                })
                .collect();
            format!(
                "{}\n",
                serde_json::to_string_pretty(&json!({ "cases": list, "failed": failed }))?
            )
        }
        CiFormat::Junit | CiFormat::Github => {
            let mut list = Vec::new();
            for r in &results {
                if r.passed() {
                    list.push(passed(&r.file, &r.case));
                }
                for d in &r.errors {
                    list.push(ci_case(d, false));
                }
                for f in &r.failures {
                    list.push(CiCase {
                        file: r.file.clone(),
                        name: format!("{}: {}", r.case, f.what),
                        line: f.at.line,
                        column: f.at.column,
                        failure: Some(f.message()),
                        warning: false,
                    });
                }
            }
            ci_report(format, "audit rubric test", &list)
        }
    };
    emit(&out, None)?;
    Ok(if failed > 0 { INVALID_INPUT } else { 0 })
}

/// Suggested grades of one audit under a rubric: (label, grade) for each area and Outcomes.
fn suggestions(
    rubric: &Rubric,
    text: &str,
    file: &str,
) -> Result<Vec<(String, Option<audit::grade::Grade>)>, String> {
    let graded = batch::grade_text(rubric, text, file, batch::Options::default())
        .map_err(|e| e[0].headline())?;
    let r = graded.result;
    let mut v: Vec<_> = r
        .sections
        .iter()
        .map(|s| (s.area.to_string(), s.suggested))
        .collect();
    v.push(("outcome".to_string(), r.outcome.suggested));
    Ok(v)
}

/// `audit rubric diff OLD NEW [--audits PATH...]`: what changed, and which audits it regrades.
pub fn diff(old_path: &Path, new_path: &Path, audits: &[PathBuf]) -> Result<u8> {
    let old = load_rubric(Some(old_path))?;
    let new = load_rubric(Some(new_path))?;
    let mut out = format!("{} → {}\n", old_path.display(), new_path.display());
    let changes = rubric::diff::changes(&old, &new);
    if changes.is_empty() {
        out.push_str("no changes to criteria, caps, wording or policy\n");
    }
    for c in &changes {
        out.push_str(&format!("  {c}\n"));
    }
    if !audits.is_empty() {
        let (inputs, walk_errors) = batch::collect(audits);
        let mut regraded = 0;
        let mut lines = Vec::new();
        for d in &walk_errors {
            eprintln!("{d}");
        }
        for input in &inputs {
            let name = input.name();
            let text = match source::read(input, source::DEFAULT_MAX_BYTES) {
                Ok(t) => t,
                Err(d) => {
                    eprintln!("{d}");
                    continue;
                }
            };
            match (
                suggestions(&old, &text, &name),
                suggestions(&new, &text, &name),
            ) {
                (Ok(before), Ok(after)) => {
                    let moved: Vec<String> = before
                        .iter()
                        .filter_map(|(area, b)| {
                            let a = after
                                .iter()
                                .find(|(x, _)| x == area)
                                .map(|(_, g)| *g)
                                .unwrap_or(None);
                            (a != *b).then(|| {
                                format!(
                                    "{area}: {} → {}",
                                    audit::report::label(*b),
                                    audit::report::label(a)
                                )
                            })
                        })
                        .collect();
                    if !moved.is_empty() {
                        regraded += 1;
                        lines.push(format!("  {name}: {}", moved.join("; ")));
                    }
                }
                (Ok(_), Err(e)) => {
                    regraded += 1;
                    lines.push(format!(
                        "  {name}: no longer valid under the new rubric: {e}"
                    ));
                }
                (Err(_), _) => {
                    lines.push(format!("  {name}: not valid under the old rubric; skipped"))
                }
            }
        }
        out.push_str(&format!(
            "\n{regraded} of {} audit(s) would be graded differently:\n",
            inputs.len()
        ));
        for l in lines {
            out.push_str(&format!("{l}\n"));
        }
    }
    emit(&out, None)?;
    Ok(0)
}

pub fn schema(kind: SchemaKind, rubric_path: Option<&Path>) -> Result<u8> {
    let value = match kind {
        SchemaKind::Rubric => audit::schema::rubric(),
        SchemaKind::Audit => audit::schema::audit(&load_rubric(rubric_path)?),
    };
    emit(
        &format!("{}\n", serde_json::to_string_pretty(&value)?),
        None,
    )?;
    Ok(0)
}
