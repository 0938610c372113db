//! Each auditor against the moderator, over every area and Outcomes: how often they graded
//! higher, the same or lower, whether that lean is more than chance (the sign test), and their
//! own agreement with its interval.

use super::cases::Grouping;
use super::figures::{Coefficient, Proportion};
use super::{MIN_CASES, Rated};
use crate::model::grade::Grade;
use crate::stats;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct AuditorBias {
    pub auditor: String,
    /// Cases moderated.
    pub cases: usize,
    /// Judgements (areas and Outcomes) both graded.
    pub judgements: usize,
    pub higher: usize,
    pub same: usize,
    pub lower: usize,
    /// One signed difference per case: the mean, over the areas both graded, of how many
    /// grades above the moderator the auditor was (negative: below). Averaged over cases.
    pub mean_difference: Option<f64>,
    /// Cases whose mean difference is above 0, and below 0 (the rest are even).
    pub cases_higher: usize,
    pub cases_lower: usize,
    /// Two-sided exact sign test over cases of `cases_higher` against `cases_lower` (a case's
    /// areas move together, so they are not counted as separate trials); `null` below 3 cases.
    pub sign_test_p: Option<f64>,
    /// The same p adjusted by Holm's method for testing every auditor of the round at once.
    pub sign_test_p_holm: Option<f64>,
    /// Why there is no sign test (fewer than [`MIN_CASES`] cases).
    pub sign_test_not_computable: Option<&'static str>,
    pub exact: Proportion,
    pub kappa: Coefficient,
}

pub fn bias(rated: &[Rated], g: &Grouping, areas: usize) -> Vec<AuditorBias> {
    // Per auditor, per moderated case: (auditor's rank, moderator's rank) for each judgement.
    let mut by_auditor: BTreeMap<&str, Vec<Vec<(usize, usize)>>> = BTreeMap::new();
    for p in g.pairs.iter().filter(|p| p.moderated) {
        let (a, b) = (&rated[p.a], &rated[p.b]);
        let judgements: Vec<(usize, usize)> = (0..areas)
            .filter_map(|i| {
                let x = a.areas[i].final_judgement.grade()?;
                let y = b.areas[i].final_judgement.grade()?;
                Some((x.rank(), y.rank()))
            })
            .collect();
        by_auditor
            .entry(a.auditor.as_ref())
            .or_default()
            .push(judgements);
    }
    let mut list: Vec<AuditorBias> = by_auditor
        .into_iter()
        .map(|(auditor, cases)| one(auditor, &cases))
        .collect();
    // Holm over the auditors with a test.
    let tested: Vec<usize> = (0..list.len())
        .filter(|&i| list[i].sign_test_p.is_some())
        .collect();
    let p: Vec<f64> = tested.iter().filter_map(|&i| list[i].sign_test_p).collect();
    for (&i, adjusted) in tested.iter().zip(stats::holm(&p)) {
        list[i].sign_test_p_holm = Some(adjusted);
    }
    list
}

fn one(auditor: &str, cases: &[Vec<(usize, usize)>]) -> AuditorBias {
    // Rank 0 is Outstanding: a smaller rank is a higher grade.
    let count =
        |c: &[(usize, usize)], f: fn(&(usize, usize)) -> bool| c.iter().filter(|x| f(x)).count();
    let higher: usize = cases.iter().map(|c| count(c, |(a, b)| a < b)).sum();
    let lower: usize = cases.iter().map(|c| count(c, |(a, b)| a > b)).sum();
    let judgements: usize = cases.iter().map(Vec::len).sum();
    let same = judgements - higher - lower;
    // One signed difference per case: the mean over its graded areas.
    let differences: Vec<f64> = cases
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| c.iter().map(|&(a, b)| b as f64 - a as f64).sum::<f64>() / c.len() as f64)
        .collect();
    let cases_higher = differences.iter().filter(|d| **d > 0.0).count();
    let cases_lower = differences.iter().filter(|d| **d < 0.0).count();
    let enough = cases.len() >= MIN_CASES;
    let same_by_case: Vec<(usize, usize)> = cases
        .iter()
        .map(|c| (count(c, |(a, b)| a == b), c.len()))
        .collect();
    let exact = if enough {
        Proportion::of(&same_by_case)
    } else {
        Proportion::unavailable(same, judgements, cases.len(), FEW_CASES)
    };
    AuditorBias {
        auditor: auditor.to_string(),
        cases: cases.len(),
        judgements,
        higher,
        same,
        lower,
        mean_difference: (!differences.is_empty())
            .then(|| stats::round3(differences.iter().sum::<f64>() / differences.len() as f64)),
        cases_higher,
        cases_lower,
        sign_test_p: enough.then(|| stats::sign_test(cases_higher, cases_lower)),
        sign_test_p_holm: None,
        sign_test_not_computable: (!enough).then_some(super::FEW_FOR_SIGN_TEST),
        exact,
        kappa: kappa(cases),
    }
}

const FEW_CASES: &str = "fewer than 3 cases";

/// The auditor's kappa against the moderator, resampling their cases (each a table of
/// counts, as the area's kappa).
fn kappa(cases: &[Vec<(usize, usize)>]) -> Coefficient {
    const K: usize = Grade::ALL.len();
    let mut rows = vec![0.0; cases.len() * K * K];
    for (case, row) in cases.iter().zip(rows.chunks_exact_mut(K * K)) {
        for &(a, b) in case {
            row[a * K + b] += 1.0;
        }
    }
    Coefficient::over(&rows, K * K, cases.len(), FEW_CASES, |table| {
        stats::kappa_from_table(table, K)
    })
}
