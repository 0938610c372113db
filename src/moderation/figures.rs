//! The figures for one area (or Outcomes): exact and within-one agreement with Wilson
//! intervals, Krippendorff's alpha over every audit of each case and, against a moderator,
//! kappa, the direction of disagreement and the cross-table; each with its interval or the
//! reason it cannot be computed.

use super::cases::Grouping;
use super::{AreaRef, Judgement, MIN_PAIRS, Rated, RatedArea};
use crate::model::grade::Grade;
use crate::stats::{self, Metric, krippendorff_alpha, quadratic_weighted_kappa, round3};
use crate::summary::Share;
use serde::Serialize;

const FEW_PAIRS: &str = "fewer than 3 pairs";
const FEW_CASES: &str = "fewer than 3 cases with two or more grades";
const NO_VARIATION: &str = "no variation to compare (every grade the same)";

/// `count` of `n` as a percentage with its 95% Wilson interval, or why it is not computable.
#[derive(Debug, Clone, Serialize)]
pub struct Proportion {
    pub count: usize,
    pub n: usize,
    pub pct: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    pub not_computable: Option<&'static str>,
}

impl Proportion {
    pub fn new(count: usize, n: usize) -> Proportion {
        if n < MIN_PAIRS {
            return Proportion::unavailable(count, n, FEW_PAIRS);
        }
        let share = Share::new(count, n);
        Proportion {
            count,
            n,
            pct: share.pct,
            ci95: share.ci95,
            not_computable: None,
        }
    }

    /// Counted, but not shown as a share, for `why`.
    pub fn unavailable(count: usize, n: usize, why: &'static str) -> Proportion {
        Proportion {
            count,
            n,
            pct: None,
            ci95: None,
            not_computable: Some(why),
        }
    }
}

/// A coefficient (alpha or kappa) with its 95% bootstrap interval, or why not.
#[derive(Debug, Clone, Serialize)]
pub struct Coefficient {
    pub value: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    /// Pairs (kappa) or cases (alpha) it rests on.
    pub n: usize,
    pub not_computable: Option<&'static str>,
}

impl Coefficient {
    /// `statistic` over `units` (cases), with a bootstrap interval over them.
    pub(super) fn over<T>(
        units: &[T],
        n: usize,
        few: &'static str,
        statistic: impl Fn(&[&T]) -> Option<f64>,
    ) -> Coefficient {
        let not = |why| Coefficient {
            value: None,
            ci95: None,
            n,
            not_computable: Some(why),
        };
        if n < MIN_PAIRS {
            return not(few);
        }
        let all: Vec<&T> = units.iter().collect();
        match statistic(&all) {
            None => not(NO_VARIATION),
            Some(v) => Coefficient {
                value: Some(round3(v)),
                ci95: stats::bootstrap(units, &statistic),
                n,
                not_computable: None,
            },
        }
    }
}

/// Agreement on one kind of grade (final, or the rubric's suggestion).
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// Pairs where both audits judged the area (a grade, or not applicable).
    pub pairs: usize,
    /// The same grade, or both not applicable.
    pub exact: Proportion,
    /// At most one grade apart, or both not applicable.
    pub within_one: Proportion,
    /// One audit says the area applies and the other that it does not.
    pub applies_disagreements: usize,
    /// Krippendorff's alpha (ordinal) over every audit of each case.
    pub alpha: Coefficient,
    /// Quadratic weighted kappa, auditor against moderator.
    pub kappa_vs_moderator: Coefficient,
}

/// Auditor against moderator on final grades: who graded higher, and the cross-table.
#[derive(Debug, Clone, Serialize)]
pub struct Direction {
    /// Moderated pairs where both graded the area.
    pub pairs: usize,
    pub higher: Proportion,
    pub same: usize,
    pub lower: Proportion,
    /// The two-sided exact sign test of higher against lower.
    pub sign_test_p: Option<f64>,
    pub cross_table: CrossTable,
}

/// Counts of the auditor's grade (rows) against the moderator's (columns).
#[derive(Debug, Clone, Serialize)]
pub struct CrossTable {
    pub labels: [&'static str; 5],
    pub counts: [[usize; 5]; 5],
}

impl CrossTable {
    fn index(j: Judgement) -> Option<usize> {
        match j {
            Judgement::Graded(g) => Some(g.rank()),
            Judgement::NotApplicable => Some(4),
            Judgement::Missing => None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaAgreement {
    pub area: String,
    pub title: String,
    #[serde(rename = "final")]
    pub final_grades: Figures,
    pub suggested: Figures,
    pub against_moderator: Direction,
}

pub fn area(rated: &[Rated], g: &Grouping, area: &AreaRef) -> AreaAgreement {
    let i = area.index;
    AreaAgreement {
        area: area.id.to_string(),
        title: area.title.to_string(),
        final_grades: figures(rated, g, i, |x| x.final_judgement),
        suggested: figures(rated, g, i, |x| x.suggested),
        against_moderator: direction(rated, g, i),
    }
}

fn figures(rated: &[Rated], g: &Grouping, i: usize, pick: fn(&RatedArea) -> Judgement) -> Figures {
    let judged: Vec<(Judgement, Judgement)> = g
        .pairs
        .iter()
        .map(|p| (pick(&rated[p.a].areas[i]), pick(&rated[p.b].areas[i])))
        .filter(|(a, b)| *a != Judgement::Missing && *b != Judgement::Missing)
        .collect();
    let n = judged.len();
    let exact = judged.iter().filter(|(a, b)| a == b).count();
    let within = judged
        .iter()
        .filter(|(a, b)| match (a.grade(), b.grade()) {
            (Some(x), Some(y)) => x.rank().abs_diff(y.rank()) <= 1,
            _ => a == b,
        })
        .count();
    let applies = judged
        .iter()
        .filter(|(a, b)| (*a == Judgement::NotApplicable) != (*b == Judgement::NotApplicable))
        .count();
    Figures {
        pairs: n,
        exact: Proportion::new(exact, n),
        within_one: Proportion::new(within, n),
        applies_disagreements: applies,
        alpha: alpha(rated, g, i, pick),
        kappa_vs_moderator: kappa(rated, g, i, pick),
    }
}

/// Alpha over the cases: each case's grades, whoever gave them.
fn alpha(
    rated: &[Rated],
    g: &Grouping,
    i: usize,
    pick: fn(&RatedArea) -> Judgement,
) -> Coefficient {
    let units: Vec<Vec<usize>> = g
        .cases
        .iter()
        .map(|audits| {
            audits
                .iter()
                .filter_map(|a| pick(&rated[*a].areas[i]).grade().map(Grade::rank))
                .collect::<Vec<usize>>()
        })
        .filter(|u| u.len() >= 2)
        .collect();
    Coefficient::over(&units, units.len(), FEW_CASES, |sample| {
        let owned: Vec<Vec<usize>> = sample.iter().map(|u| (*u).clone()).collect();
        krippendorff_alpha(&owned, Grade::ALL.len(), Metric::Ordinal)
    })
}

/// Kappa of each auditor against the moderator, resampling cases.
fn kappa(
    rated: &[Rated],
    g: &Grouping,
    i: usize,
    pick: fn(&RatedArea) -> Judgement,
) -> Coefficient {
    let mut by_case: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut last_case: Option<&str> = None;
    for p in g.pairs.iter().filter(|p| p.moderated) {
        let (a, b) = (pick(&rated[p.a].areas[i]), pick(&rated[p.b].areas[i]));
        let (Some(a), Some(b)) = (a.grade(), b.grade()) else {
            continue;
        };
        if last_case != Some(&*rated[p.a].case) {
            by_case.push(Vec::new());
            last_case = Some(&rated[p.a].case);
        }
        if let Some(case) = by_case.last_mut() {
            case.push((a.rank(), b.rank()));
        }
    }
    let n = by_case.iter().map(Vec::len).sum();
    Coefficient::over(&by_case, n, FEW_PAIRS, |sample| {
        let pairs: Vec<(usize, usize)> = sample.iter().flat_map(|c| c.iter().copied()).collect();
        quadratic_weighted_kappa(&pairs, Grade::ALL.len())
    })
}

fn direction(rated: &[Rated], g: &Grouping, i: usize) -> Direction {
    let mut cross = CrossTable {
        labels: [
            "outstanding",
            "good",
            "requires_improvement",
            "inadequate",
            "not_applicable",
        ],
        counts: [[0; 5]; 5],
    };
    let (mut pairs, mut higher, mut lower) = (0, 0, 0);
    for p in g.pairs.iter().filter(|p| p.moderated) {
        let (a, b) = (
            rated[p.a].areas[i].final_judgement,
            rated[p.b].areas[i].final_judgement,
        );
        if let (Some(r), Some(c)) = (CrossTable::index(a), CrossTable::index(b)) {
            cross.counts[r][c] += 1;
        }
        if let (Some(x), Some(y)) = (a.grade(), b.grade()) {
            pairs += 1;
            higher += usize::from(x > y);
            lower += usize::from(x < y);
        }
    }
    Direction {
        pairs,
        higher: Proportion::new(higher, pairs),
        same: pairs - higher - lower,
        lower: Proportion::new(lower, pairs),
        sign_test_p: (pairs >= MIN_PAIRS).then(|| round3(stats::sign_test(higher, lower))),
        cross_table: cross,
    }
}
