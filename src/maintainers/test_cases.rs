//! `audit rubric test`: audits carrying an `expect:` block are graded and compared with what
//! they expect, so a rubric edit that moves agreed gradings fails CI.

use crate::diagnostic::{Diagnostic, Loc};
use crate::grading::engine::{self, OutcomeResult, SectionResult};
use crate::input::audit;
use crate::model::audit::Expected;
use crate::model::grade::Grade;
use crate::model::grade::label;
use crate::model::rubric::Rubric;

/// One expectation that did not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The area's title, or the outcome's.
    pub what: String,
    pub at: Loc,
    pub expected: Option<Grade>,
    pub actual: Option<Grade>,
    /// The rules that decided the actual grade.
    pub why: String,
}

impl Failure {
    pub fn message(&self) -> String {
        format!(
            "{}: expected {}, got {} ({})",
            self.what,
            label(self.expected),
            label(self.actual),
            self.why
        )
    }
}

#[derive(Debug, Clone)]
pub struct CaseResult {
    pub file: String,
    pub case: String,
    /// Expectations compared.
    pub checks: usize,
    pub failures: Vec<Failure>,
    /// The case could not be graded (or has no `expect:`).
    pub errors: Vec<Diagnostic>,
}

impl CaseResult {
    /// A case file that could not be read or found.
    pub fn unreadable(problem: Diagnostic) -> CaseResult {
        CaseResult {
            file: problem.file.clone(),
            case: String::new(),
            checks: 0,
            failures: Vec::new(),
            errors: vec![problem],
        }
    }

    pub fn passed(&self) -> bool {
        self.failures.is_empty() && self.errors.is_empty()
    }
}

/// Grades one case file against `rubric` and compares its expectations (suggested grades).
pub fn run(rubric: &Rubric, text: &str, file: &str) -> CaseResult {
    let mut result = CaseResult {
        file: file.into(),
        case: String::new(),
        checks: 0,
        failures: Vec::new(),
        errors: Vec::new(),
    };
    let audit = match audit::load(text, file, rubric) {
        Ok(a) => a,
        Err(e) => {
            result.errors = e;
            return result;
        }
    };
    result.case.clone_from(&audit.case);
    let Some(expect) = &audit.expect else {
        let d = Diagnostic::new(
            file,
            Loc::new(1, 1),
            "a rubric test case needs an `expect:` block, e.g. `expect: { outcome: good, sections: { planning: requires_improvement } }`",
        );
        result.errors.push(d.with_source(text));
        return result;
    };
    let graded = match engine::grade(rubric, &audit) {
        Ok(g) => g,
        Err(findings) => {
            result.errors = findings
                .into_iter()
                .map(|f| Diagnostic::new(file, f.at, f.message).with_source(text))
                .collect();
            return result;
        }
    };
    for expected in &expect.sections {
        result.checks += 1;
        let section = graded.sections.iter().find(|s| s.area == expected.area);
        result
            .failures
            .extend(section.and_then(|s| area_failure(s, expected)));
    }
    if let Some(expected) = &expect.outcome {
        result.checks += 1;
        let title = &rubric.outcome.title;
        result
            .failures
            .extend(outcome_failure(&graded.outcome, title, expected));
    }
    result
}

/// The area's expectation, if it did not hold, with the answers that decided the grade.
fn area_failure(s: &SectionResult, expected: &Expected) -> Option<Failure> {
    if s.suggested == expected.grade {
        return None;
    }
    let why = if s.not_applicable.is_some() {
        "not applicable".to_string()
    } else if s.narrative_missing {
        "Outstanding needs a narrative".to_string()
    } else if s.limiting.is_empty() {
        "no answer limits it".to_string()
    } else {
        s.limiting
            .iter()
            .map(|l| format!("{} = {}: {}", l.criterion, l.answer, l.quoted()))
            .collect::<Vec<_>>()
            .join("; ")
    };
    Some(Failure {
        what: s.title.to_string(),
        at: expected.at,
        expected: expected.grade,
        actual: s.suggested,
        why,
    })
}

/// The Outcomes expectation, if it did not hold, with the rules that decided it.
fn outcome_failure(o: &OutcomeResult, title: &str, expected: &Expected) -> Option<Failure> {
    if o.suggested == expected.grade {
        return None;
    }
    let why = o
        .rules
        .iter()
        .filter(|r| r.decided)
        .map(|r| format!("{}: {}", r.rule, r.detail))
        .collect::<Vec<_>>()
        .join("; ");
    Some(Failure {
        what: title.to_string(),
        at: expected.at,
        expected: expected.grade,
        actual: o.suggested,
        why,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASE: &str = "case: T\nauditor: A\ndate: 2026-01-01\nsections:\n  recording_information:\n    answers: {email_addresses: no}\nexpect:\n  sections:\n    recording_information: requires_improvement\n    planning: none\n  outcome: good\n";

    #[test]
    fn compares_suggested_grades_and_says_why_on_failure() {
        let r = run(&Rubric::builtin(), CASE, "c.yaml");
        assert_eq!(r.checks, 3);
        assert_eq!(r.failures.len(), 1, "{:?}", r.failures);
        let f = &r.failures[0];
        assert_eq!(f.at, Loc::new(11, 12));
        assert_eq!(
            f.message(),
            "Outcomes: expected Good, got Requires Improvement (majority: 1 of 1 graded sections are Requires Improvement or better, a majority)"
        );
    }

    #[test]
    fn a_case_without_expect_is_an_error() {
        let r = run(
            &Rubric::builtin(),
            "case: T\nauditor: A\ndate: 2026-01-01\n",
            "c.yaml",
        );
        assert!(!r.passed());
        assert!(
            r.errors[0]
                .message
                .starts_with("a rubric test case needs an `expect:` block")
        );
    }
}
