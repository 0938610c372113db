//! The Outcomes policy (DESIGN §3.3): from the final grades of the graded sections and the
//! outcome criteria to a suggested Outcomes grade, naming every rule that decided it.

use crate::grade::Grade;
use serde::Serialize;

/// One rule's verdict on Outcomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleResult {
    /// `key_area`, `majority` or `criteria`.
    pub rule: &'static str,
    /// The best grade this rule allows.
    pub grade: Grade,
    /// Whether this rule set the suggested grade (more than one can).
    pub decided: bool,
    pub detail: String,
}

/// The cumulative majority: the best grade G such that more than half of the graded
/// sections are G or better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Majority {
    pub grade: Grade,
    /// Exactly half reached the next grade up: not a majority, so the lower grade stands,
    /// but the auditor should confirm it.
    pub borderline: bool,
    /// Sections at `grade` or better, and sections graded.
    pub count: usize,
    pub of: usize,
}

fn at_or_better(grades: &[Grade], g: Grade) -> usize {
    grades.iter().filter(|x| **x >= g).count()
}

/// `None` when no section was graded.
pub fn majority(grades: &[Grade]) -> Option<Majority> {
    let n = grades.len();
    if n == 0 {
        return None;
    }
    let grade = [Grade::Outstanding, Grade::Good, Grade::RequiresImprovement]
        .into_iter()
        .find(|g| 2 * at_or_better(grades, *g) > n)
        .unwrap_or(Grade::Inadequate);
    let borderline = grade
        .better()
        .is_some_and(|b| 2 * at_or_better(grades, b) == n);
    Some(Majority {
        grade,
        borderline,
        count: at_or_better(grades, grade),
        of: n,
    })
}

/// The inputs of the policy: each graded section's final grade by area, and the cap from the
/// outcome's own criteria (if any were answered).
pub struct Inputs<'a> {
    pub finals: &'a [(&'a str, &'a str, Grade)],
    pub key_areas: &'a [String],
    pub criteria_cap: Option<(Grade, String)>,
}

/// The suggestion and the rules behind it; `None` when no section has a grade.
pub struct Suggestion {
    pub grade: Grade,
    pub borderline: bool,
    pub rules: Vec<RuleResult>,
}

/// Applies the policy: key-area rule, majority rule, outcome criteria; the lowest wins.
pub fn suggest(inputs: &Inputs) -> Option<Suggestion> {
    let grades: Vec<Grade> = inputs.finals.iter().map(|(_, _, g)| *g).collect();
    let m = majority(&grades)?;
    let mut rules = Vec::new();

    let inadequate_keys: Vec<&str> = inputs
        .finals
        .iter()
        .filter(|(id, _, g)| *g == Grade::Inadequate && inputs.key_areas.iter().any(|k| k == id))
        .map(|(_, title, _)| *title)
        .collect();
    if !inadequate_keys.is_empty() {
        rules.push(RuleResult {
            rule: "key_area",
            grade: Grade::Inadequate,
            decided: false,
            detail: format!(
                "key area {} judged Inadequate, so Outcomes is Inadequate",
                inadequate_keys.join(", ")
            ),
        });
    }

    let detail = if m.borderline {
        let b = m.grade.better().unwrap_or(m.grade);
        format!(
            "exactly half of the graded sections ({} of {}) are {b} or better, which is not a \
             majority, so {}; borderline: confirm it",
            at_or_better(&grades, b),
            m.of,
            m.grade
        )
    } else if m.grade == Grade::Inadequate {
        format!(
            "no majority of the {} graded sections is Requires Improvement or better",
            m.of
        )
    } else {
        format!(
            "{} of {} graded sections are {} or better, a majority",
            m.count, m.of, m.grade
        )
    };
    rules.push(RuleResult {
        rule: "majority",
        grade: m.grade,
        decided: false,
        detail,
    });

    if let Some((cap, detail)) = &inputs.criteria_cap {
        rules.push(RuleResult {
            rule: "criteria",
            grade: *cap,
            decided: false,
            detail: detail.clone(),
        });
    }

    let grade = rules.iter().map(|r| r.grade).min().unwrap_or(m.grade);
    for r in &mut rules {
        r.decided = r.grade == grade;
    }
    // The tie matters only if settling it upward would change the suggestion.
    let others_allow_more = rules
        .iter()
        .all(|r| r.rule == "majority" || r.grade > m.grade);
    Some(Suggestion {
        grade,
        borderline: m.borderline && others_allow_more,
        rules,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Grade::*;

    fn m(grades: &[Grade]) -> (Grade, bool) {
        let r = majority(grades).unwrap();
        (r.grade, r.borderline)
    }

    #[test]
    fn majority_is_cumulative() {
        // DESIGN's example: 3 Outstanding, 1 Good, 2 RI is a majority Good or better.
        let g = [
            Outstanding,
            Outstanding,
            Outstanding,
            Good,
            RequiresImprovement,
            RequiresImprovement,
        ];
        assert_eq!(m(&g), (Good, true)); // exactly half Outstanding: borderline
        assert_eq!(
            m(&[
                Outstanding,
                Outstanding,
                Outstanding,
                Outstanding,
                Good,
                Good
            ]),
            (Outstanding, false)
        );
        assert_eq!(
            m(&[Good, Good, Good, Good, RequiresImprovement, Inadequate]),
            (Good, false)
        );
    }

    #[test]
    fn exactly_half_is_not_a_majority_and_is_borderline() {
        let g = [
            Good,
            Good,
            Good,
            RequiresImprovement,
            RequiresImprovement,
            RequiresImprovement,
        ];
        assert_eq!(m(&g), (RequiresImprovement, true));
        assert_eq!(m(&[Good, Inadequate]), (Inadequate, true));
    }

    #[test]
    fn no_majority_requires_improvement_or_better_is_inadequate() {
        assert_eq!(
            m(&[RequiresImprovement, Inadequate, Inadequate]),
            (Inadequate, false)
        );
    }

    #[test]
    fn one_graded_section_decides_alone() {
        assert_eq!(m(&[RequiresImprovement]), (RequiresImprovement, false));
        assert_eq!(majority(&[]), None);
    }

    fn run(finals: &[(&str, Grade)], keys: &[&str], cap: Option<Grade>) -> Suggestion {
        let finals: Vec<(&str, &str, Grade)> = finals.iter().map(|(a, g)| (*a, *a, *g)).collect();
        let keys: Vec<String> = keys.iter().map(|s| s.to_string()).collect();
        suggest(&Inputs {
            finals: &finals,
            key_areas: &keys,
            criteria_cap: cap.map(|c| (c, "criteria".to_string())),
        })
        .unwrap()
    }

    #[test]
    fn an_inadequate_key_area_makes_outcomes_inadequate() {
        let s = run(&[("a", Good), ("b", Good), ("c", Inadequate)], &["c"], None);
        assert_eq!(s.grade, Inadequate);
        let key = s.rules.iter().find(|r| r.rule == "key_area").unwrap();
        assert!(key.decided);
        assert!(
            !s.rules
                .iter()
                .find(|r| r.rule == "majority")
                .unwrap()
                .decided
        );
    }

    #[test]
    fn an_inadequate_non_key_area_does_not() {
        let s = run(&[("a", Good), ("b", Good), ("c", Inadequate)], &["a"], None);
        assert_eq!(s.grade, Good);
        assert!(s.rules.iter().all(|r| r.rule != "key_area"));
    }

    #[test]
    fn outcome_criteria_can_lower_the_majority() {
        let s = run(
            &[("a", Outstanding), ("b", Outstanding), ("c", Good)],
            &[],
            Some(RequiresImprovement),
        );
        assert_eq!(s.grade, RequiresImprovement);
        let decided: Vec<_> = s
            .rules
            .iter()
            .filter(|r| r.decided)
            .map(|r| r.rule)
            .collect();
        assert_eq!(decided, vec!["criteria"]);
    }

    #[test]
    fn borderline_not_flagged_when_another_rule_gives_the_same_grade() {
        let s = run(&[("a", Good), ("b", Inadequate)], &["b"], None);
        assert_eq!((s.grade, s.borderline), (Inadequate, false));
    }

    #[test]
    fn borderline_only_when_the_majority_rule_decided() {
        let s = run(
            &[("a", Good), ("b", RequiresImprovement)],
            &[],
            Some(Inadequate),
        );
        assert_eq!(s.grade, Inadequate);
        assert!(!s.borderline);
        let s = run(&[("a", Good), ("b", RequiresImprovement)], &[], None);
        assert_eq!((s.grade, s.borderline), (RequiresImprovement, true));
    }
}
