//! What `rubric check` and `rubric test` print, in each of their formats: plain text for a
//! person, JSON for scripts, JUnit XML and GitHub annotations for CI.

use crate::diagnostic::Diagnostic;
use crate::escape;
use crate::input::rubric::{RubricCheck, RubricProblem, Severity};
use crate::maintainers::test_cases::CaseResult;
use crate::report::ci::{self, CiCase};
use serde_json::json;

/// How `rubric check` and `rubric test` report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Junit,
    Github,
}

/// A rendered result: what goes to standard output, and the problems for standard error.
#[derive(Debug, Default)]
pub struct Rendered {
    pub out: String,
    pub err: Vec<String>,
}

/// How a rubric check went.
pub struct CheckReport<'a> {
    /// The rubric's file name as shown.
    pub name: &'a str,
    pub check: &'a RubricCheck,
    /// Warnings fail too (`--strict`).
    pub strict: bool,
}

impl CheckReport<'_> {
    fn fails(&self, p: &RubricProblem) -> bool {
        p.severity == Severity::Error || self.strict
    }

    /// Whether `rubric check` fails.
    pub fn failed(&self) -> bool {
        self.check.errors > 0 || (self.strict && self.check.warnings > 0)
    }
}

/// `and 12 more problems ...`, where not every problem is listed.
fn unlisted(report: &CheckReport) -> Option<String> {
    let more = report.check.unlisted();
    (more > 0).then(|| {
        format!(
            "{}: and {}; fix these and check it again",
            escape::terminal(report.name),
            crate::model::words::count_of(more, "more problem")
        )
    })
}

/// `rubric check`'s output.
pub fn check(report: &CheckReport, format: Format) -> Rendered {
    let (errors, warnings) = (report.check.errors, report.check.warnings);
    let problems = &report.check.problems;
    match format {
        Format::Text => {
            let err = problems.iter().map(|p| text_problem(p).to_string());
            let err = err.chain(unlisted(report));
            let verdict = if problems.is_empty() {
                "no problems".to_string()
            } else {
                format!(
                    "{}, {}",
                    crate::model::words::count_of(errors, "error"),
                    crate::model::words::count_of(warnings, "warning")
                )
            };
            Rendered {
                out: format!("{}: {verdict}\n", escape::terminal(report.name)),
                err: err.collect(),
            }
        }
        Format::Json => {
            let list: Vec<_> = problems
                .iter()
                .map(|p| {
                    let d = &p.diagnostic;
                    json!({ "severity": p.severity, "line": d.line, "column": d.column,
                            "message": d.message })
                })
                .collect();
            let doc = json!({ "file": report.name, "ok": !report.failed(), "errors": errors,
                              "warnings": warnings, "problems": list,
                              "unlisted": report.check.unlisted() });
            stdout(pretty(&doc))
        }
        Format::Junit | Format::Github => {
            let mut list: Vec<CiCase> = problems
                .iter()
                .map(|p| ci_case(&p.diagnostic, !report.fails(p)))
                .collect();
            if list.is_empty() {
                list.push(passed(report.name, "rubric check"));
            }
            stdout(ci_report(format, "audit rubric check", &list))
        }
    }
}

/// A warning reads as one on a terminal.
fn text_problem(p: &RubricProblem) -> Diagnostic {
    let mut d = p.diagnostic.clone();
    if p.severity == Severity::Warning {
        d.message = format!("warning: {}", d.message);
    }
    d
}

/// `rubric test`'s output.
pub fn test(results: &[CaseResult], format: Format) -> Rendered {
    match format {
        Format::Text => test_text(results),
        Format::Json => {
            let list: Vec<_> = results.iter().map(case_json).collect();
            stdout(pretty(&json!({ "cases": list, "failed": failed(results) })))
        }
        Format::Junit | Format::Github => {
            let list: Vec<CiCase> = results.iter().flat_map(case_ci).collect();
            stdout(ci_report(format, "audit rubric test", &list))
        }
    }
}

/// Cases that did not pass.
pub fn failed(results: &[CaseResult]) -> usize {
    results.iter().filter(|r| !r.passed()).count()
}

fn test_text(results: &[CaseResult]) -> Rendered {
    let mut r = Rendered::default();
    for case in results {
        if case.passed() {
            r.out += &format!("pass {} ({} checks)\n", case.file, case.checks);
            continue;
        }
        r.out += &format!("FAIL {}\n", case.file);
        r.err.extend(case.errors.iter().map(ToString::to_string));
        r.err.extend(case.failures.iter().map(|f| {
            format!(
                "{}:{}:{}: {}",
                case.file,
                f.at.line,
                f.at.column,
                f.message()
            )
        }));
    }
    let failed = failed(results);
    r.out += &format!(
        "{}, {} passed, {failed} failed\n",
        crate::model::words::count_of(results.len(), "case"),
        results.len() - failed
    );
    r
}

fn case_json(r: &CaseResult) -> serde_json::Value {
    let failures: Vec<_> = r
        .failures
        .iter()
        .map(|f| {
            json!({ "line": f.at.line, "column": f.at.column, "what": f.what,
                    "expected": f.expected, "actual": f.actual, "why": f.why })
        })
        .collect();
    json!({
        "file": r.file, "case": r.case, "checks": r.checks, "passed": r.passed(),
        "failures": failures, "errors": r.errors,
    })
}

fn case_ci(r: &CaseResult) -> Vec<CiCase> {
    let mut list = Vec::new();
    if r.passed() {
        list.push(passed(&r.file, &r.case));
    }
    list.extend(r.errors.iter().map(|d| ci_case(d, false)));
    list.extend(r.failures.iter().map(|f| CiCase {
        file: r.file.clone(),
        name: format!("{}: {}", r.case, f.what),
        line: f.at.line,
        column: f.at.column,
        failure: Some(f.message()),
        warning: false,
    }));
    list
}

fn stdout(out: String) -> Rendered {
    Rendered {
        out,
        err: Vec::new(),
    }
}

fn pretty(doc: &serde_json::Value) -> String {
    format!(
        "{}\n",
        serde_json::to_string_pretty(doc).unwrap_or_default()
    )
}

fn ci_report(format: Format, suite: &str, list: &[CiCase]) -> String {
    if format == Format::Junit {
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
