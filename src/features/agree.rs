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

/// Judgements compared with a moderator's, and how many the auditor graded higher or lower.
#[derive(Debug, Clone, Copy, Default)]
struct Direction {
    judgements: usize,
    higher: usize,
    lower: usize,
}

impl Direction {
    fn add(&mut self, auditor: Grade, moderator: Grade) {
        self.judgements += 1;
        self.higher += usize::from(auditor > moderator);
        self.lower += usize::from(auditor < moderator);
    }
}

/// An area (or the outcome) by its index in [`Rated::areas`].
struct AreaRef<'a> {
    index: usize,
    id: &'a str,
    title: &'a str,
}

/// Both parties' grades of area `i` in a pair, where both have one.
fn both(
    rated: &[Rated],
    p: &Pair,
    i: usize,
    pick: fn(&RatedArea) -> Option<Grade>,
) -> Option<(Grade, Grade)> {
    Some((pick(&rated[p.a].areas[i])?, pick(&rated[p.b].areas[i])?))
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
    let mut directions: BTreeMap<&str, Direction> = BTreeMap::new();
    let mut areas = Vec::new();
    let mut comparisons = Vec::new();
    for (index, (id, title)) in titles.iter().enumerate() {
        let area = AreaRef { index, id, title };
        areas.push(area_agreement(rated, &pairs, &area, &mut directions));
        comparisons.extend(pairs.iter().map(|p| compare(rated, p, &area)));
    }
    let auditors = directions
        .into_iter()
        .map(|(auditor, d)| AuditorDirection {
            auditor: auditor.to_string(),
            judgements: d.judgements,
            higher: d.higher,
            lower: d.lower,
            higher_pct: pct(d.higher, d.judgements),
            lower_pct: pct(d.lower, d.judgements),
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

/// One area's figures over every pair; each moderated judgement also counts towards its
/// auditor's direction.
fn area_agreement<'a>(
    rated: &'a [Rated],
    pairs: &[Pair],
    area: &AreaRef,
    directions: &mut BTreeMap<&'a str, Direction>,
) -> AreaAgreement {
    let i = area.index;
    let graded = |pick: fn(&RatedArea) -> Option<Grade>| -> Vec<(Grade, Grade)> {
        pairs
            .iter()
            .filter_map(|p| both(rated, p, i, pick))
            .collect()
    };
    let mut against_moderator = Direction::default();
    for p in pairs.iter().filter(|p| p.moderated) {
        if let Some((a, b)) = both(rated, p, i, |x| x.final_grade) {
            against_moderator.add(a, b);
            directions
                .entry(rated[p.a].auditor.as_str())
                .or_default()
                .add(a, b);
        }
    }
    let d = against_moderator;
    AreaAgreement {
        area: area.id.to_string(),
        title: area.title.to_string(),
        final_grades: figures(&graded(|x| x.final_grade)),
        suggested: figures(&graded(|x| x.suggested)),
        moderated_pairs: d.judgements,
        higher_pct: pct(d.higher, d.judgements),
        lower_pct: pct(d.lower, d.judgements),
    }
}

/// One area of one pair: both final grades and the criteria answered differently.
fn compare(rated: &[Rated], p: &Pair, area: &AreaRef) -> Comparison {
    let i = area.index;
    let (ra, rb) = (&rated[p.a], &rated[p.b]);
    let (xa, xb) = (&ra.areas[i].answers, &rb.areas[i].answers);
    let ids: BTreeSet<&Text> = xa.keys().chain(xb.keys()).collect();
    let criteria = ids
        .into_iter()
        .filter_map(|c| {
            let (x, y) = (xa.get(c).copied(), xb.get(c).copied());
            (x != y).then(|| (c.to_string(), x, y))
        })
        .collect();
    Comparison {
        case: ra.case.clone(),
        area: area.id.to_string(),
        title: area.title.to_string(),
        agree: ra.areas[i].final_grade == rb.areas[i].final_grade,
        moderated: p.moderated,
        a: party(ra, i),
        b: party(rb, i),
        criteria,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
