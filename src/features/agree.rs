//! Moderation (`audit agree`): how far two audits of the same case agree, per area and for
//! Outcomes, on final and on suggested grades; the direction of disagreement against a
//! moderator; and the disagreements themselves, for a moderation meeting. Pure: graded audits
//! in, figures out.

use crate::grading::engine::AuditResult;
use crate::model::audit::{Audit, Role};
use crate::model::grade::{Answer, Grade};
use crate::model::rubric::{Rubric, Text};
use crate::stats::{percent, quadratic_weighted_kappa, round3};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One area (or the outcome) of one audit, as moderation needs it.
#[derive(Debug, Clone)]
pub struct RatedArea {
    pub final_grade: Option<Grade>,
    pub suggested: Option<Grade>,
    pub answers: BTreeMap<Text, Answer>,
}

/// One audit, as moderation needs it: areas in rubric order, then the outcome.
#[derive(Debug, Clone)]
pub struct Rated {
    pub file: String,
    pub case: String,
    pub auditor: String,
    pub role: Role,
    pub areas: Vec<RatedArea>,
}

/// Keeps what moderation needs of a graded audit.
pub fn rate(rubric: &Rubric, audit: &Audit, result: &AuditResult, file: &str) -> Rated {
    let mut areas: Vec<RatedArea> = rubric
        .areas
        .iter()
        .zip(&result.sections)
        .map(|(a, s)| RatedArea {
            final_grade: s.final_grade,
            suggested: s.suggested,
            answers: audit
                .sections
                .get(&a.id)
                .map(|i| i.answers.clone())
                .unwrap_or_default(),
        })
        .collect();
    areas.push(RatedArea {
        final_grade: result.outcome.final_grade,
        suggested: result.outcome.suggested,
        answers: audit.outcome.answers.clone(),
    });
    Rated {
        file: file.into(),
        case: result.case.clone(),
        auditor: result.auditor.clone(),
        role: result.role,
        areas,
    }
}

/// Two audits of one case. With a moderator, `b` is the moderator's (the reference).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub moderated: bool,
}

/// Pairs by case: with a moderator's audit, each other audit against it; otherwise every two
/// audits. Returns the pairs and how many cases had a single audit.
pub fn pairs(rated: &[Rated]) -> (Vec<Pair>, usize) {
    let mut by_case: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in rated.iter().enumerate() {
        by_case.entry(r.case.as_str()).or_default().push(i);
    }
    let mut out = Vec::new();
    let mut singles = 0;
    for audits in by_case.values() {
        if audits.len() < 2 {
            singles += 1;
            continue;
        }
        match audits.iter().find(|i| rated[**i].role == Role::Moderator) {
            Some(&m) => out.extend(audits.iter().filter(|i| **i != m).map(|&a| Pair {
                a,
                b: m,
                moderated: true,
            })),
            None => {
                for (x, &a) in audits.iter().enumerate() {
                    out.extend(audits[x + 1..].iter().map(|&b| Pair {
                        a,
                        b,
                        moderated: false,
                    }));
                }
            }
        }
    }
    (out, singles)
}

/// Agreement over the pairs where both parties have a grade. Not computable (all `None`)
/// with fewer than two pairs: boards misread a "100%" that rests on one case.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figures {
    pub pairs: usize,
    pub exact_pct: Option<f64>,
    pub within_one_pct: Option<f64>,
    pub kappa: Option<f64>,
}

pub fn figures(ratings: &[(Grade, Grade)]) -> Figures {
    let n = ratings.len();
    if n < 2 {
        return Figures {
            pairs: n,
            exact_pct: None,
            within_one_pct: None,
            kappa: None,
        };
    }
    let idx: Vec<(usize, usize)> = ratings.iter().map(|(a, b)| (a.rank(), b.rank())).collect();
    let exact = idx.iter().filter(|(a, b)| a == b).count();
    let within = idx.iter().filter(|(a, b)| a.abs_diff(*b) <= 1).count();
    Figures {
        pairs: n,
        exact_pct: Some(percent(exact, n)),
        within_one_pct: Some(percent(within, n)),
        kappa: quadratic_weighted_kappa(&idx, Grade::ALL.len()).map(round3),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaAgreement {
    pub area: String,
    pub title: String,
    #[serde(rename = "final")]
    pub final_grades: Figures,
    pub suggested: Figures,
    /// Pairs with a moderator where both have a final grade.
    pub moderated_pairs: usize,
    /// Of those, the share where the auditor graded higher than the moderator (over-optimism).
    pub higher_pct: Option<f64>,
    pub lower_pct: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditorDirection {
    pub auditor: String,
    /// Judgements (areas and Outcomes) compared with a moderator's.
    pub judgements: usize,
    pub higher: usize,
    pub lower: usize,
    pub higher_pct: Option<f64>,
    pub lower_pct: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Party {
    pub auditor: String,
    pub role: Role,
    pub file: String,
    pub grade: Option<Grade>,
}

/// One area of one pair: the two final grades, and the criteria answered differently.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub case: String,
    pub area: String,
    pub title: String,
    /// The same final grade.
    pub agree: bool,
    pub moderated: bool,
    pub a: Party,
    pub b: Party,
    /// (criterion, a's answer, b's answer); `None` where unanswered.
    pub criteria: Vec<(String, Option<Answer>, Option<Answer>)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    pub audits: usize,
    pub cases: usize,
    pub single_audit_cases: usize,
    pub pairs: usize,
    pub moderated_pairs: usize,
    pub areas: Vec<AreaAgreement>,
    pub auditors: Vec<AuditorDirection>,
    /// Every pair and area, agreeing or not.
    pub comparisons: Vec<Comparison>,
}

impl Agreement {
    /// The areas where two audits of a case gave different final grades.
    pub fn disagreements(&self) -> impl Iterator<Item = &Comparison> {
        self.comparisons.iter().filter(|c| !c.agree)
    }
}

fn pct(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| percent(part, whole))
}

fn party(r: &Rated, i: usize) -> Party {
    Party {
        auditor: r.auditor.clone(),
        role: r.role,
        file: r.file.clone(),
        grade: r.areas[i].final_grade,
    }
}

/// Every figure `audit agree` reports.
pub fn agreement(rubric: &Rubric, rated: &[Rated]) -> Agreement {
    let (pairs, singles) = pairs(rated);
    let titles: Vec<(String, String)> = rubric
        .areas
        .iter()
        .map(|a| (a.id.to_string(), a.title.to_string()))
        .chain([("outcome".to_string(), rubric.outcome.title.clone())])
        .collect();
    let both = |p: &Pair, i: usize, pick: fn(&RatedArea) -> Option<Grade>| {
        Some((pick(&rated[p.a].areas[i])?, pick(&rated[p.b].areas[i])?))
    };
    let mut directions: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut areas = Vec::new();
    let mut comparisons = Vec::new();
    for (i, (area, title)) in titles.iter().enumerate() {
        let finals: Vec<(Grade, Grade)> = pairs
            .iter()
            .filter_map(|p| both(p, i, |x| x.final_grade))
            .collect();
        let suggested: Vec<(Grade, Grade)> = pairs
            .iter()
            .filter_map(|p| both(p, i, |x| x.suggested))
            .collect();
        let (mut moderated, mut higher, mut lower) = (0, 0, 0);
        for p in pairs.iter().filter(|p| p.moderated) {
            if let Some((a, b)) = both(p, i, |x| x.final_grade) {
                moderated += 1;
                let e = directions.entry(rated[p.a].auditor.as_str()).or_default();
                e.0 += 1;
                if a > b {
                    higher += 1;
                    e.1 += 1;
                } else if a < b {
                    lower += 1;
                    e.2 += 1;
                }
            }
        }
        areas.push(AreaAgreement {
            area: area.clone(),
            title: title.clone(),
            final_grades: figures(&finals),
            suggested: figures(&suggested),
            moderated_pairs: moderated,
            higher_pct: pct(higher, moderated),
            lower_pct: pct(lower, moderated),
        });
        for p in &pairs {
            let (ra, rb) = (&rated[p.a], &rated[p.b]);
            let ids: BTreeSet<&Text> = ra.areas[i]
                .answers
                .keys()
                .chain(rb.areas[i].answers.keys())
                .collect();
            let criteria = ids
                .into_iter()
                .filter_map(|c| {
                    let (x, y) = (
                        ra.areas[i].answers.get(c).copied(),
                        rb.areas[i].answers.get(c).copied(),
                    );
                    (x != y).then(|| (c.to_string(), x, y))
                })
                .collect();
            comparisons.push(Comparison {
                case: ra.case.clone(),
                area: area.clone(),
                title: title.clone(),
                agree: ra.areas[i].final_grade == rb.areas[i].final_grade,
                moderated: p.moderated,
                a: party(ra, i),
                b: party(rb, i),
                criteria,
            });
        }
    }
    let auditors = directions
        .into_iter()
        .map(|(auditor, (judgements, higher, lower))| AuditorDirection {
            auditor: auditor.to_string(),
            judgements,
            higher,
            lower,
            higher_pct: pct(higher, judgements),
            lower_pct: pct(lower, judgements),
        })
        .collect();
    // For the meeting: by case, then in rubric order.
    let order = |area: &str| titles.iter().position(|(id, _)| id == area);
    comparisons.sort_by(|x, y| {
        x.case
            .cmp(&y.case)
            .then(order(&x.area).cmp(&order(&y.area)))
    });
    let cases: BTreeSet<&str> = rated.iter().map(|r| r.case.as_str()).collect();
    Agreement {
        audits: rated.len(),
        cases: cases.len(),
        single_audit_cases: singles,
        pairs: pairs.len(),
        moderated_pairs: pairs.iter().filter(|p| p.moderated).count(),
        areas,
        auditors,
        comparisons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn kappa_is_one_for_perfect_agreement() {
        assert!(close(
            quadratic_weighted_kappa(&[(0, 0), (1, 1), (2, 2), (3, 3)], 4),
            1.0
        ));
    }

    #[test]
    fn kappa_is_minus_one_for_perfect_disagreement() {
        // Outstanding against Inadequate and back: as far apart as the scale allows.
        assert!(close(quadratic_weighted_kappa(&[(0, 3), (3, 0)], 4), -1.0));
    }

    #[test]
    fn kappa_matches_published_worked_examples() {
        // Maple EssayTools, QuadraticWeightedKappa, examples 1 and 2 (scores 1..10, so k = 10).
        let a = [9, 7, 8, 7, 6, 8, 3, 5, 10];
        let b1 = [8, 8, 6, 6, 7, 6, 1, 4, 8];
        let b2 = [3, 5, 6, 6, 7, 6, 1, 4, 8];
        let pairs = |b: &[usize]| {
            a.iter()
                .zip(b)
                .map(|(x, y)| (x - 1, y - 1))
                .collect::<Vec<_>>()
        };
        assert!(close(
            quadratic_weighted_kappa(&pairs(&b1), 10),
            0.758620689655172
        ));
        assert!(close(
            quadratic_weighted_kappa(&pairs(&b2), 10),
            0.438095238095238
        ));
    }

    #[test]
    fn kappa_worked_by_hand_for_grades() {
        // G/G, G/G, RI/I, G/G: observed weighted disagreement 1/36, chance 1/9, so 0.75.
        assert!(close(
            quadratic_weighted_kappa(&[(1, 1), (1, 1), (2, 3), (1, 1)], 4),
            0.75
        ));
    }

    #[test]
    fn kappa_is_not_computable_without_variation_or_data() {
        assert_eq!(quadratic_weighted_kappa(&[(1, 1), (1, 1)], 4), None);
        assert_eq!(quadratic_weighted_kappa(&[], 4), None);
    }

    #[test]
    fn fewer_than_two_pairs_is_not_computable_not_zero() {
        let f = figures(&[(Grade::Good, Grade::Inadequate)]);
        assert_eq!((f.pairs, f.exact_pct, f.kappa), (1, None, None));
        let f = figures(&[
            (Grade::Good, Grade::Good),
            (Grade::Good, Grade::RequiresImprovement),
        ]);
        assert_eq!((f.exact_pct, f.within_one_pct), (Some(50.0), Some(100.0)));
    }
}
