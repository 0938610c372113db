//! Which Outcomes grades an Outcomes policy can give at all, found by trying every combination
//! of area grades (docs/RUBRIC.md "The Outcomes policy"): a policy that gives Outstanding with every area
//! Inadequate, or that can never give Good, is a mistake `rubric check` reports.

use crate::grading::outcome::{AreaFinal, Inputs, suggest};
use crate::model::grade::Grade;
use crate::model::rubric::Rubric;

/// Areas beyond which the 4^n combinations are not tried (4^10 is about a million).
pub const MAX_AREAS: usize = 10;

/// What the enumeration found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// The Outcomes grades some combination of area grades gives, best first.
    pub reached: Vec<Grade>,
    /// What Outcomes is with every area Inadequate.
    pub all_inadequate: Grade,
    /// Combinations tried.
    pub tried: usize,
}

/// Every combination of the areas' grades through the policy (every area graded; the
/// Outcomes criteria can only lower a grade, so they are left unanswered). `None` past
/// [`MAX_AREAS`] areas.
pub fn reach(rubric: &Rubric) -> Option<Reach> {
    let n = rubric.areas.len();
    if n == 0 || n > MAX_AREAS {
        return None;
    }
    let mut finals: Vec<AreaFinal> = rubric
        .areas
        .iter()
        .map(|a| AreaFinal {
            id: &a.id,
            title: &a.title,
            grade: Grade::Inadequate,
        })
        .collect();
    let mut seen = [false; 4];
    let tried = 4usize.pow(u32::try_from(n).ok()?);
    let mut all_inadequate = Grade::Inadequate;
    for combination in 0..tried {
        let mut rest = combination;
        for area in &mut finals {
            area.grade = Grade::ALL[rest % 4];
            rest /= 4;
        }
        let inputs = Inputs {
            finals: &finals,
            key_areas: &rubric.outcome.key_areas,
            policy: &rubric.outcome.policy,
            criteria_cap: None,
        };
        let Some(s) = suggest(&inputs) else { continue };
        seen[s.grade.rank()] = true;
        if finals.iter().all(|a| a.grade == Grade::Inadequate) {
            all_inadequate = s.grade;
        }
    }
    let reached = Grade::ALL.into_iter().filter(|g| seen[g.rank()]).collect();
    Some(Reach {
        reached,
        all_inadequate,
        tried,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::policy::Policy;

    fn with_policy(yaml: &str, areas: usize) -> Rubric {
        let mut r = Rubric::builtin();
        r.areas.truncate(areas);
        r.outcome.key_areas.clear();
        r.outcome.policy = crate::input::yaml::parse::<Policy>(yaml, "p.yaml").unwrap();
        r
    }

    #[test]
    fn the_majority_rule_reaches_every_grade() {
        let r = reach(&with_policy("{}", 4)).unwrap();
        assert_eq!(r.reached, Grade::ALL);
        assert_eq!((r.all_inadequate, r.tried), (Grade::Inadequate, 256));
    }

    /// The example: no majority rule and only a Good condition used to give
    /// Outstanding with four Inadequate areas.
    #[test]
    fn a_condition_only_on_good_still_lets_all_inadequate_be_outstanding() {
        let r = reach(&with_policy(
            "majority: false\nconditions: {good: {at_most: {requires_improvement: 1}}}",
            4,
        ))
        .unwrap();
        assert_eq!(r.all_inadequate, Grade::Outstanding);
        let r = reach(&with_policy(
            "majority: false\nconditions: {good: {at_or_below: {requires_improvement: 1}}, requires_improvement: {at_most: {inadequate: 1}}}",
            4,
        ))
        .unwrap();
        assert_eq!(r.all_inadequate, Grade::Inadequate);
        // Outstanding has no condition of its own, so wherever Good's holds, Outstanding's
        // does: Good is never given.
        assert_eq!(
            r.reached,
            [
                Grade::Outstanding,
                Grade::RequiresImprovement,
                Grade::Inadequate
            ]
        );
        let r = reach(&with_policy(
            "majority: false\nconditions: {outstanding: {at_or_above: {outstanding: 2}}, good: {at_or_below: {requires_improvement: 1}}, requires_improvement: {at_most: {inadequate: 1}}}",
            4,
        ))
        .unwrap();
        assert_eq!(r.reached, Grade::ALL);
    }

    #[test]
    fn a_limit_below_every_grade_makes_grades_unreachable() {
        let r = reach(&with_policy(
            "limits: [{area: planning, at_or_below: outstanding, outcome_at_most: good}]",
            6,
        ))
        .unwrap();
        assert_eq!(
            r.reached,
            [Grade::Good, Grade::RequiresImprovement, Grade::Inadequate]
        );
    }

    #[test]
    fn too_many_areas_are_not_tried() {
        let mut r = Rubric::builtin();
        while r.areas.len() <= MAX_AREAS {
            r.areas.push(r.areas[0].clone());
        }
        assert_eq!(reach(&r), None);
    }
}
