//! The Outcomes policy (docs/RUBRIC.md "The Outcomes policy"): from the final grades of the graded sections and the
//! outcome criteria to a suggested Outcomes grade, naming every rule that decided it. Which
//! rules apply is the rubric's [`Policy`]; this module only applies them.

use crate::model::grade::Grade;
use crate::model::policy::{Condition, Policy, TieRule};
use crate::model::text::Text;
use serde::Serialize;

/// The rules of an Outcomes policy, by the names the rubric and the JSON use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// A key area judged Inadequate makes Outcomes Inadequate.
    KeyArea,
    /// The cumulative majority of the graded areas.
    Majority,
    /// An area at or below a grade limits Outcomes.
    Limit,
    /// Outcomes is never better than an area.
    Ceiling,
    /// Counts of areas at each grade.
    Conditions,
    /// The Outcomes section's own criteria.
    Criteria,
}

impl Rule {
    pub fn id(self) -> &'static str {
        match self {
            Rule::KeyArea => "key_area",
            Rule::Majority => "majority",
            Rule::Limit => "limit",
            Rule::Ceiling => "ceiling",
            Rule::Conditions => "conditions",
            Rule::Criteria => "criteria",
        }
    }
}

impl Rule {
    /// As people read it: `key area`, `majority`.
    pub fn label(self) -> &'static str {
        match self {
            Rule::KeyArea => "key area",
            rule => rule.id(),
        }
    }

    /// As a page for auditors names it, in words rather than the rubric's ids.
    pub fn plain(self) -> &'static str {
        match self {
            Rule::KeyArea => "Key areas",
            Rule::Majority => "Most areas",
            Rule::Limit => "An area's grade",
            Rule::Ceiling => "No better than the areas",
            Rule::Conditions => "Areas at each grade",
            Rule::Criteria => "The Outcomes questions",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// One rule's verdict on Outcomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleResult {
    pub rule: Rule,
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

/// One graded area's final grade, as the policy sees it.
#[derive(Debug, Clone, Copy)]
pub struct AreaFinal<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub grade: Grade,
}

/// The inputs of the policy: each graded section's final grade, and the cap from the
/// outcome's own criteria (if any were answered).
pub struct Inputs<'a> {
    pub finals: &'a [AreaFinal<'a>],
    pub key_areas: &'a [Text],
    pub policy: &'a Policy,
    pub criteria_cap: Option<(Grade, String)>,
}

impl Inputs<'_> {
    fn area(&self, id: &str) -> Option<(&str, Grade)> {
        self.finals
            .iter()
            .find(|a| a.id == id)
            .map(|a| (a.title, a.grade))
    }
}

/// The suggestion and the rules behind it.
pub struct Suggestion {
    pub grade: Grade,
    pub borderline: bool,
    pub rules: Vec<RuleResult>,
}

/// Whether `c` holds for `grades`, and if not, the first count that fails it.
fn condition_fails(c: &Condition, grades: &[Grade]) -> Option<String> {
    c.iter().find_map(|(kind, g, n)| {
        let has = grades.iter().filter(|a| kind.counts(**a, g)).count();
        let (fails, needs) = if kind.is_minimum() {
            (has < n, "needs at least")
        } else {
            (has > n, "allows at most")
        };
        fails.then(|| format!("{needs} {}, has {has}", kind.describe(n, g)))
    })
}

fn majority_rule(inputs: &Inputs, grades: &[Grade], m: Majority) -> (RuleResult, bool) {
    let mut grade = m.grade;
    let mut borderline = false;
    let detail = if m.borderline {
        let higher = m.grade.better().unwrap_or(m.grade);
        let half = format!(
            "exactly half of the graded sections ({} of {}) are {higher} or better, which is not a majority",
            at_or_better(grades, higher),
            m.of
        );
        match inputs.policy.tie_break.rule(higher) {
            TieRule::Lower => {
                borderline = true;
                format!("{half}, so {}; borderline: confirm it", m.grade)
            }
            TieRule::Higher => {
                grade = higher;
                format!("{half}; the policy settles a tie upward, so {higher}")
            }
            TieRule::Follow(areas) => {
                let followed = areas.0.iter().find_map(|id| inputs.area(id));
                if let Some((title, g)) = followed {
                    if g >= higher {
                        grade = higher;
                    }
                    format!("{half}; the policy follows {title} on a tie, which is {g}, so {grade}")
                } else {
                    // No area to follow is graded: the tie is unsettled, so the lower grade
                    // stands and the auditor is asked to confirm it.
                    borderline = true;
                    format!(
                        "{half}; the tie-break area '{}' is not graded, so {}; borderline: \
                         confirm it",
                        areas.0.join("', '"),
                        m.grade
                    )
                }
            }
        }
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
    (
        RuleResult {
            rule: Rule::Majority,
            grade,
            decided: false,
            detail,
        },
        borderline,
    )
}

/// Applies the policy: every rule gives the best grade it allows; the lowest wins.
/// `None` when no section has a grade.
pub fn suggest(inputs: &Inputs) -> Option<Suggestion> {
    let grades: Vec<Grade> = inputs.finals.iter().map(|a| a.grade).collect();
    let m = majority(&grades)?;
    let policy = inputs.policy;
    let mut rules: Vec<RuleResult> = key_area_rule(inputs).into_iter().collect();
    let mut tie_is_borderline = false;
    if policy.majority {
        let (rule, borderline) = majority_rule(inputs, &grades, m);
        tie_is_borderline = borderline;
        rules.push(rule);
    }
    rules.extend(limit_rules(inputs));
    rules.extend(ceiling_rules(inputs));
    if !policy.conditions.is_empty() {
        rules.push(conditions_rule(policy, &grades));
    }
    if let Some((cap, detail)) = &inputs.criteria_cap {
        rules.push(verdict(Rule::Criteria, *cap, detail.clone()));
    }
    // Without the majority rule or conditions nothing else proposes a grade from the areas:
    // rubric validation rejects such a policy, so this is only a guard.
    let grade = rules.iter().map(|r| r.grade).min().unwrap_or(m.grade);
    for r in &mut rules {
        r.decided = r.grade == grade;
    }
    // The tie matters only if settling it upward would change the suggestion.
    let majority_grade = rules
        .iter()
        .find(|r| r.rule == Rule::Majority)
        .map(|r| r.grade);
    let others_allow_more = rules
        .iter()
        .all(|r| r.rule == Rule::Majority || Some(r.grade) > majority_grade);
    Some(Suggestion {
        grade,
        borderline: tie_is_borderline && others_allow_more,
        rules,
    })
}

/// A rule's verdict before the suggestion is known.
fn verdict(rule: Rule, grade: Grade, detail: String) -> RuleResult {
    RuleResult {
        rule,
        grade,
        decided: false,
        detail,
    }
}

fn key_area_rule(inputs: &Inputs) -> Option<RuleResult> {
    let is_key = |id: &str| inputs.key_areas.iter().any(|k| k == id);
    let inadequate_keys: Vec<&str> = inputs
        .finals
        .iter()
        .filter(|a| a.grade == Grade::Inadequate && is_key(a.id))
        .map(|a| a.title)
        .collect();
    (!inadequate_keys.is_empty()).then(|| {
        let detail = format!(
            "{} judged Inadequate, so Outcomes is Inadequate",
            inadequate_keys.join(", ")
        );
        verdict(Rule::KeyArea, Grade::Inadequate, detail)
    })
}

fn limit_rules<'a>(inputs: &'a Inputs) -> impl Iterator<Item = RuleResult> + 'a {
    inputs.policy.limits.iter().filter_map(|limit| {
        let (title, g) = inputs.area(&limit.area)?;
        (g <= limit.at_or_below).then(|| {
            let detail = format!(
                "{title} is {g} (at or below {}), so Outcomes is at most {}",
                limit.at_or_below, limit.outcome_at_most
            );
            verdict(Rule::Limit, limit.outcome_at_most, detail)
        })
    })
}

fn ceiling_rules<'a>(inputs: &'a Inputs) -> impl Iterator<Item = RuleResult> + 'a {
    inputs.policy.ceilings.iter().filter_map(|area| {
        let (title, g) = inputs.area(area)?;
        let detail = format!("Outcomes is never better than {title}, which is {g}");
        Some(verdict(Rule::Ceiling, g, detail))
    })
}

/// The best grade whose count conditions hold (its own and every worse grade's: conditions
/// are cumulative), naming the better grades whose own condition failed.
fn conditions_rule(policy: &Policy, grades: &[Grade]) -> RuleResult {
    let own = |g: Grade| {
        policy
            .conditions
            .get(g)
            .and_then(|c| condition_fails(c, grades))
    };
    let candidates = [Grade::Outstanding, Grade::Good, Grade::RequiresImprovement];
    let holds = |g: Grade| {
        candidates
            .iter()
            .filter(|c| **c <= g)
            .all(|c| own(*c).is_none())
    };
    let grade = candidates
        .into_iter()
        .find(|g| holds(*g))
        .unwrap_or(Grade::Inadequate);
    let failed: Vec<String> = candidates
        .into_iter()
        .filter(|g| *g > grade)
        .filter_map(|g| own(g).map(|why| format!("{g} {why}")))
        .collect();
    let met = if grade == Grade::Inadequate {
        "so Inadequate".to_string()
    } else {
        format!("{grade}'s condition is met")
    };
    let detail = if failed.is_empty() {
        met
    } else {
        format!("{}; {met}", failed.join("; "))
    };
    verdict(Rule::Conditions, grade, detail)
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
        // docs/RUBRIC.md's example: 3 Outstanding, 1 Good, 2 RI is a majority Good or better.
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
        run_with(finals, keys, cap, &Policy::default())
    }

    fn run_with(
        finals: &[(&str, Grade)],
        keys: &[&str],
        cap: Option<Grade>,
        policy: &Policy,
    ) -> Suggestion {
        let finals: Vec<AreaFinal> = finals
            .iter()
            .map(|(a, g)| AreaFinal {
                id: a,
                title: a,
                grade: *g,
            })
            .collect();
        let keys: Vec<Text> = keys.iter().map(|k| Text::from(*k)).collect();
        suggest(&Inputs {
            finals: &finals,
            key_areas: &keys,
            policy,
            criteria_cap: cap.map(|c| (c, "criteria".to_string())),
        })
        .unwrap()
    }

    fn policy(yaml: &str) -> Policy {
        crate::input::yaml::parse(yaml, "policy.yaml").unwrap()
    }

    fn decided(s: &Suggestion) -> Vec<&'static str> {
        s.rules
            .iter()
            .filter(|r| r.decided)
            .map(|r| r.rule.id())
            .collect()
    }

    #[test]
    fn tie_break_higher_settles_upward_without_borderline() {
        let s = run_with(
            &[("a", Good), ("b", RequiresImprovement)],
            &[],
            None,
            &policy("tie_break: higher\n"),
        );
        assert_eq!((s.grade, s.borderline), (Good, false));
    }

    #[test]
    fn tie_break_can_follow_a_named_area() {
        let p = policy("tie_break: {follow: b}\n");
        let s = run_with(&[("a", RequiresImprovement), ("b", Good)], &[], None, &p);
        assert_eq!(s.grade, Good);
        let s = run_with(&[("a", Good), ("b", RequiresImprovement)], &[], None, &p);
        assert_eq!(s.grade, RequiresImprovement);
        assert!(
            s.rules[0]
                .detail
                .contains("follows b on a tie, which is Requires Improvement")
        );
    }

    /// Reviews not applicable, and the policy follows Reviews on a tie: nothing settles the
    /// tie, so the lower grade stands and is flagged for the auditor to confirm.
    #[test]
    fn a_tie_whose_follow_area_is_not_graded_is_borderline() {
        let p = policy("tie_break: {follow: reviews}\n");
        let s = run_with(&[("a", Good), ("b", RequiresImprovement)], &[], None, &p);
        assert_eq!(s.grade, RequiresImprovement);
        assert!(s.borderline);
        assert!(
            s.rules[0].detail.contains("'reviews' is not graded"),
            "{}",
            s.rules[0].detail
        );
    }

    #[test]
    fn a_tie_follows_the_first_graded_area_of_a_list() {
        let p = policy("tie_break: {follow: [reviews, b]}\n");
        let s = run_with(&[("a", RequiresImprovement), ("b", Good)], &[], None, &p);
        assert_eq!((s.grade, s.borderline), (Good, false));
        let s = run_with(
            &[
                ("a", RequiresImprovement),
                ("reviews", RequiresImprovement),
                ("b", Good),
                ("c", Good),
            ],
            &[],
            None,
            &p,
        );
        assert_eq!(s.grade, RequiresImprovement);
    }

    /// Outstanding/Good ties go lower; Good/Requires Improvement ties follow area b.
    #[test]
    fn each_pair_of_grades_can_settle_its_tie_its_own_way() {
        let p = policy(
            "tie_break:\n  pairs:\n    outstanding_good: lower\n    good_requires_improvement: {follow: b}\n",
        );
        let s = run_with(&[("a", Outstanding), ("b", Good)], &[], None, &p);
        assert_eq!((s.grade, s.borderline), (Good, true));
        let s = run_with(&[("a", RequiresImprovement), ("b", Good)], &[], None, &p);
        assert_eq!((s.grade, s.borderline), (Good, false));
        // A pair the rubric does not name goes lower.
        let s = run_with(
            &[("a", RequiresImprovement), ("b", Inadequate)],
            &[],
            None,
            &p,
        );
        assert_eq!((s.grade, s.borderline), (Inadequate, true));
    }

    /// The example: "at most one Requires Improvement" written under Good holds for
    /// Outstanding too, so four Inadequate areas are not Outstanding.
    #[test]
    fn a_condition_on_a_grade_applies_to_every_better_grade() {
        let p = policy(
            "majority: false\nconditions:\n  good: {at_or_below: {requires_improvement: 1}}\n  requires_improvement: {at_or_above: {requires_improvement: 1}}\n",
        );
        let four = |g: [Grade; 4]| {
            let named: Vec<(&str, Grade)> = ["a", "b", "c", "d"].into_iter().zip(g).collect();
            run_with(&named, &[], None, &p).grade
        };
        assert_eq!(four([Inadequate; 4]), Inadequate);
        assert_eq!(four([Good, Good, Good, Inadequate]), Outstanding);
        assert_eq!(
            four([Good, Good, RequiresImprovement, Inadequate]),
            RequiresImprovement
        );
    }

    /// "Requires Improvement or worse" counts both grades: `at_most {RI: 1, I: 1}` would
    /// allow two areas below Good, `at_or_below {RI: 1}` allows one.
    #[test]
    fn cumulative_counts_count_a_grade_and_every_grade_beyond_it() {
        let p = policy(
            "conditions:\n  good: {at_or_below: {requires_improvement: 1}, at_or_above: {good: 2}}\n",
        );
        let s = run_with(
            &[
                ("a", Good),
                ("b", Good),
                ("c", RequiresImprovement),
                ("d", Inadequate),
                ("e", Good),
            ],
            &[],
            None,
            &p,
        );
        assert_eq!(s.grade, RequiresImprovement);
        let rule = s.rules.iter().find(|r| r.rule == Rule::Conditions).unwrap();
        assert_eq!(
            rule.detail,
            "Good allows at most 1 Requires Improvement or worse, has 2; Requires Improvement's condition is met"
        );
    }

    #[test]
    fn an_area_limit_applies_at_or_below_its_grade() {
        let p = policy(
            "limits: [{area: b, at_or_below: requires_improvement, outcome_at_most: requires_improvement}]\n",
        );
        let s = run_with(
            &[
                ("a", Outstanding),
                ("b", RequiresImprovement),
                ("c", Outstanding),
            ],
            &[],
            None,
            &p,
        );
        assert_eq!((s.grade, decided(&s)), (RequiresImprovement, vec!["limit"]));
        let s = run_with(
            &[("a", Outstanding), ("b", Good), ("c", Outstanding)],
            &[],
            None,
            &p,
        );
        assert_eq!(s.grade, Outstanding);
    }

    #[test]
    fn a_ceiling_caps_outcomes_at_the_area() {
        let p = policy("ceilings: [b]\n");
        let s = run_with(
            &[("a", Outstanding), ("b", Good), ("c", Outstanding)],
            &[],
            None,
            &p,
        );
        assert_eq!((s.grade, decided(&s)), (Good, vec!["ceiling"]));
    }

    #[test]
    fn count_conditions_pick_the_best_grade_whose_condition_holds() {
        // CQC's rating principles.
        let p = policy(
            "majority: false\nconditions:\n  outstanding: {at_least: {outstanding: 2}, at_most: {requires_improvement: 0, inadequate: 0}}\n  good: {at_most: {inadequate: 0, requires_improvement: 1}}\n  requires_improvement: {at_most: {inadequate: 1}}\n",
        );
        let g = |grades: &[Grade]| {
            let named: Vec<(&str, Grade)> = ["a", "b", "c", "d", "e"]
                .into_iter()
                .zip(grades.iter().copied())
                .collect();
            run_with(&named, &[], None, &p).grade
        };
        assert_eq!(
            g(&[Outstanding, Outstanding, Good, Good, Good]),
            Outstanding
        );
        assert_eq!(g(&[Outstanding, Good, Good, Good, Good]), Good);
        assert_eq!(
            g(&[Outstanding, Outstanding, RequiresImprovement, Good, Good]),
            Good
        );
        assert_eq!(
            g(&[Good, RequiresImprovement, RequiresImprovement, Good, Good]),
            RequiresImprovement
        );
        assert_eq!(
            g(&[Good, Good, Good, Good, Inadequate]),
            RequiresImprovement
        );
        assert_eq!(g(&[Good, Good, Good, Inadequate, Inadequate]), Inadequate);
        let s = run_with(
            &[("a", Good), ("b", Good), ("c", Inadequate)],
            &[],
            None,
            &p,
        );
        assert_eq!(
            s.rules[0].detail,
            "Outstanding needs at least 2 Outstanding, has 0; Good allows at most 0 Inadequate, has 1; Requires Improvement's condition is met"
        );
        assert!(s.rules.iter().all(|r| r.rule != Rule::Majority));
    }

    #[test]
    fn an_inadequate_key_area_makes_outcomes_inadequate() {
        let s = run(&[("a", Good), ("b", Good), ("c", Inadequate)], &["c"], None);
        assert_eq!(s.grade, Inadequate);
        let key = s.rules.iter().find(|r| r.rule == Rule::KeyArea).unwrap();
        assert!(key.decided);
        assert!(
            !s.rules
                .iter()
                .find(|r| r.rule == Rule::Majority)
                .unwrap()
                .decided
        );
    }

    #[test]
    fn an_inadequate_non_key_area_does_not() {
        let s = run(&[("a", Good), ("b", Good), ("c", Inadequate)], &["a"], None);
        assert_eq!(s.grade, Good);
        assert!(s.rules.iter().all(|r| r.rule != Rule::KeyArea));
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
            .map(|r| r.rule.id())
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
