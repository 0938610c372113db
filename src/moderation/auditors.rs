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
    /// Two-sided exact sign test of higher against lower; `null` below 3 cases.
    pub sign_test_p: Option<f64>,
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
    by_auditor
        .into_iter()
        .map(|(auditor, cases)| one(auditor, &cases))
        .collect()
}

fn one(auditor: &str, cases: &[Vec<(usize, usize)>]) -> AuditorBias {
    let all: Vec<(usize, usize)> = cases.iter().flatten().copied().collect();
    // Rank 0 is Outstanding: a smaller rank is a higher grade.
    let higher = all.iter().filter(|(a, b)| a < b).count();
    let lower = all.iter().filter(|(a, b)| a > b).count();
    let same = all.len() - higher - lower;
    let enough = cases.len() >= MIN_CASES;
    let exact = if enough {
        Proportion::new(same, all.len(), cases.len())
    } else {
        Proportion::unavailable(same, all.len(), cases.len(), FEW_CASES)
    };
    AuditorBias {
        auditor: auditor.to_string(),
        cases: cases.len(),
        judgements: all.len(),
        higher,
        same,
        lower,
        sign_test_p: enough.then(|| stats::sign_test(higher, lower)),
        exact,
        kappa: kappa(cases),
    }
}

const FEW_CASES: &str = "fewer than 3 cases moderated";

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
