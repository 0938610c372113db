//! The figures for one area (or Outcomes): exact and within-one agreement with Wilson
//! intervals, Krippendorff's alpha over every audit of each case and, against a moderator,
//! kappa, the direction of disagreement and the cross-table; each with its interval or the
//! reason it cannot be computed.

use super::cases::Grouping;
use super::{AreaRef, Judgement, MIN_CASES, Rated, RatedArea};
use crate::model::grade::Grade;
use crate::stats::{self, Chance, Metric, Weights, round3};
use serde::Serialize;

const NO_PAIRS: &str = "no pair where both audits judged the area";
const FEW_CASES: &str = "fewer than 3 cases";
const FEW_ALPHA: &str = "fewer than 3 cases with two or more grades";
const NO_MODERATOR: &str = "no case has a moderator's audit";
const FEW_MODERATED: &str = "fewer than 3 cases with a moderator";
const NO_VARIATION: &str = "no variation to compare (every grade the same)";

/// `count` of `n` as a percentage with its 95% Wilson interval widened for judgements that
/// share a case (a design effect), or why it is not computable.
#[derive(Debug, Clone, Serialize)]
pub struct Proportion {
    pub count: usize,
    pub n: usize,
    /// The cases the `n` come from: below [`MIN_CASES`] the share is not computable.
    pub cases: usize,
    pub pct: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    /// How many times the share's variance exceeds that of `n` independent judgements, from
    /// how alike the judgements of one case are ([`stats::design_effect`]); the interval is
    /// Wilson's on `count / design_effect` of `n / design_effect`. 1 with one judgement a case.
    pub design_effect: f64,
    pub not_computable: Option<&'static str>,
}

impl Proportion {
    /// A share counted case by case: `(count, n)` for each case.
    pub fn of(clusters: &[(usize, usize)]) -> Proportion {
        let count = clusters.iter().map(|c| c.0).sum();
        let n = clusters.iter().map(|c| c.1).sum();
        let cases = clusters.iter().filter(|c| c.1 > 0).count();
        if n == 0 {
            return Proportion::unavailable(count, n, cases, NO_PAIRS);
        }
        if cases < MIN_CASES {
            return Proportion::unavailable(count, n, cases, FEW_CASES);
        }
        let deff = stats::design_effect(clusters);
        let (lo, hi) = stats::wilson_effective(count as f64 / deff, n as f64 / deff);
        Proportion {
            count,
            n,
            cases,
            pct: Some(stats::percent(count, n)),
            ci95: Some([stats::round1(100.0 * lo), stats::round1(100.0 * hi)]),
            design_effect: stats::round3(deff),
            not_computable: None,
        }
    }

    /// Counted, but not shown as a share, for `why`.
    pub fn unavailable(count: usize, n: usize, cases: usize, why: &'static str) -> Proportion {
        Proportion {
            count,
            n,
            cases,
            pct: None,
            ci95: None,
            design_effect: 1.0,
            not_computable: Some(why),
        }
    }
}

/// A coefficient (alpha or kappa) with its 95% BCa bootstrap interval over cases, or why not.
#[derive(Debug, Clone, Serialize)]
pub struct Coefficient {
    pub value: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    /// Pairs (kappa) or cases (alpha) it rests on.
    pub n: usize,
    /// The cases it rests on, which are resampled: below [`MIN_CASES`] it is not computable.
    pub cases: usize,
    pub not_computable: Option<&'static str>,
    /// Why there is a value but no interval (fewer than [`stats::MIN_INTERVAL_CASES`] cases,
    /// or too many resamples where the coefficient is undefined).
    pub interval_not_computable: Option<&'static str>,
    /// Resamples (of [`stats::RESAMPLES`]) on which the coefficient was undefined: counted,
    /// and placed worst-case in the interval, never dropped.
    pub undefined_resamples: usize,
}

impl Coefficient {
    /// `statistic` over cases, each case a row of `width` counts in `rows` that the statistic
    /// reads summed; `n` the pairs or cases it rests on, and `few` the reason when there are
    /// fewer than [`MIN_CASES`] cases.
    pub(super) fn over(
        rows: &[f64],
        width: usize,
        n: usize,
        few: &'static str,
        statistic: impl Fn(&[f64]) -> Option<f64>,
    ) -> Coefficient {
        let cases = rows.len() / width;
        let mut c = Coefficient {
            value: None,
            ci95: None,
            n,
            cases,
            not_computable: Some(few),
            interval_not_computable: None,
            undefined_resamples: 0,
        };
        if cases < MIN_CASES {
            return c;
        }
        let mut total = vec![0.0; width];
        for row in rows.chunks_exact(width) {
            total.iter_mut().zip(row).for_each(|(t, x)| *t += x);
        }
        let Some(v) = statistic(&total) else {
            c.not_computable = Some(NO_VARIATION);
            return c;
        };
        let interval = stats::bca(rows, width, &statistic);
        c.value = Some(round3(v));
        c.not_computable = None;
        c.ci95 = interval.ci95;
        c.interval_not_computable = interval.not_computable;
        c.undefined_resamples = interval.undefined;
        c
    }
}

/// Agreement on one kind of grade (final, or the rubric's suggestion).
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// Pairs where both audits judged the area (a grade, or not applicable).
    pub pairs: usize,
    /// The cases those pairs come from.
    pub cases: usize,
    /// Pairs where one audit judged the area and the other left it unanswered: not compared,
    /// and counted here so that they are never lost without a word.
    pub one_side_unanswered: usize,
    /// Pairs where neither audit answered the area.
    pub both_unanswered: usize,
    /// The same grade, or both not applicable.
    pub exact: Proportion,
    /// At most one grade apart, or both not applicable.
    pub within_one: Proportion,
    /// One audit says the area applies and the other that it does not.
    pub applies_disagreements: usize,
    /// Krippendorff's alpha (ordinal) over every audit of each case.
    pub alpha: Coefficient,
    /// Gwet's AC2 with quadratic (ordinal) weights over every audit of each case, on the
    /// fixed four-grade scale: robust to one grade dominating (the prevalence paradox).
    pub gwet_ac2: Coefficient,
    /// Bennett's S (Brennan-Prediger) on the four grades, the four-grade PABAK: exact
    /// agreement rescaled so that chance is a quarter, `(4 p_o - 1) / 3` for two audits.
    pub pabak_s: Coefficient,
    /// The grade given most often in the cases those coefficients rest on, and its share (%):
    /// when it dominates, alpha and kappa fall while AC2 and S do not.
    pub most_common_grade: Option<&'static str>,
    pub most_common_pct: Option<f64>,
    /// Quadratic weighted kappa, auditor against moderator.
    pub kappa_vs_moderator: Coefficient,
}

/// Auditor against moderator on final grades: who graded higher, and the cross-table.
#[derive(Debug, Clone, Serialize)]
pub struct Direction {
    /// Moderated pairs where both graded the area.
    pub pairs: usize,
    /// The cases those pairs come from.
    pub cases: usize,
    pub higher: Proportion,
    pub same: usize,
    pub lower: Proportion,
    /// Cases where the auditors graded higher in more pairs than lower, and the reverse.
    pub cases_higher: usize,
    pub cases_lower: usize,
    /// The two-sided exact sign test over cases (one lean per case, since the pairs of one
    /// case are not independent) of `cases_higher` against `cases_lower`; unrounded, shown
    /// as `< 0.001` below 0.001.
    pub sign_test_p: Option<f64>,
    /// Why there is no sign test (fewer than [`MIN_CASES`] cases).
    pub sign_test_not_computable: Option<&'static str>,
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

/// The board's figure is the share of audits Good or better: agreement on that line, and how
/// far the share moves when the moderator's grade replaces the auditors' (final grades).
#[derive(Debug, Clone, Serialize)]
pub struct GoodOrBetter {
    /// Pairs where both graded the area, on the same side of the line.
    pub agree: Proportion,
    /// The two-category PABAK, `2 p_o - 1`, with the interval of `agree` carried over (a
    /// one-to-one rescaling, so the same coverage).
    pub pabak: Option<f64>,
    pub pabak_ci95: Option<[f64; 2]>,
    /// Moderated cases where the moderator and at least one auditor graded the area.
    pub moderated_cases: usize,
    /// The share Good or better (%) in those cases: by the auditors (a case with several
    /// auditors counts once, at their share) and by the moderator.
    pub auditors_pct: Option<f64>,
    pub moderator_pct: Option<f64>,
    /// The moderator's share minus the auditors', in percentage points, with its interval
    /// (Agresti and Min's, [`stats::paired_difference`]): how far moderation moves the
    /// board's figure.
    pub shift_points: Coefficient,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaAgreement {
    pub area: String,
    pub title: String,
    #[serde(rename = "final")]
    pub final_grades: Figures,
    pub suggested: Figures,
    pub against_moderator: Direction,
    pub good_or_better: GoodOrBetter,
}

pub fn area(rated: &[Rated], g: &Grouping, area: &AreaRef) -> AreaAgreement {
    let i = area.index;
    AreaAgreement {
        area: area.id.to_string(),
        title: area.title.to_string(),
        final_grades: figures(rated, g, i, |x| x.final_judgement),
        suggested: figures(rated, g, i, |x| x.suggested),
        against_moderator: direction(rated, g, i),
        good_or_better: good_or_better(rated, g, i),
    }
}

/// The moderator's share Good or better minus the auditors', in points, over the cases of
/// `rows` ([auditors' share, moderator's, 1] each), with [`stats::paired_difference`]'s
/// interval.
fn shift(rows: &[f64], few: &'static str) -> Coefficient {
    let cases = rows.len() / 3;
    let mut c = Coefficient {
        value: None,
        ci95: None,
        n: cases,
        cases,
        not_computable: Some(few),
        interval_not_computable: None,
        undefined_resamples: 0,
    };
    if cases < MIN_CASES {
        return c;
    }
    let (sum, squares) = rows
        .chunks_exact(3)
        .map(|r| r[1] - r[0])
        .fold((0.0, 0.0), |t, d| (t.0 + d, t.1 + d * d));
    if let Some((d, [lo, hi])) = stats::paired_difference(sum, squares, cases as f64) {
        c.value = Some(round3(100.0 * d));
        c.not_computable = None;
        // Its coverage is checked from ten cases, as the coefficients' are.
        if cases >= stats::MIN_INTERVAL_CASES {
            c.ci95 = Some([round3(100.0 * lo), round3(100.0 * hi)]);
        } else {
            c.interval_not_computable = Some(stats::FEW_FOR_INTERVAL);
        }
    }
    c
}

fn good_or_better(rated: &[Rated], g: &Grouping, i: usize) -> GoodOrBetter {
    let side = |r: usize| {
        rated[r].areas[i]
            .final_judgement
            .grade()
            .map(|x| x >= Grade::Good)
    };
    // Per case: (same side, pairs), for the agreement.
    let mut agree: Vec<(usize, usize)> = Vec::new();
    let mut last: Option<&str> = None;
    for p in &g.pairs {
        let (Some(a), Some(b)) = (side(p.a), side(p.b)) else {
            continue;
        };
        if last != Some(&*rated[p.a].case) {
            agree.push((0, 0));
            last = Some(&rated[p.a].case);
        }
        if let Some(case) = agree.last_mut() {
            case.0 += usize::from(a == b);
            case.1 += 1;
        }
    }
    // From the unrounded share and interval, so the third decimal is right.
    let pabak = Proportion::of(&agree).pct.map(|_| {
        let (count, n) = agree.iter().fold((0, 0), |t, c| (t.0 + c.0, t.1 + c.1));
        let deff = stats::design_effect(&agree);
        let (lo, hi) = stats::wilson_effective(count as f64 / deff, n as f64 / deff);
        let to_pabak = |p: f64| round3(2.0 * p - 1.0);
        (
            to_pabak(count as f64 / n as f64),
            [to_pabak(lo), to_pabak(hi)],
        )
    });
    let agree = Proportion::of(&agree);
    // Per moderated case: [the auditors' share Good or better, the moderator's (0 or 1), 1].
    let mut rows: Vec<f64> = Vec::new();
    for case in g.pairs.chunk_by(|x, y| rated[x.a].case == rated[y.a].case) {
        let Some(moderator) = case.iter().find(|p| p.moderated).and_then(|p| side(p.b)) else {
            continue;
        };
        let auditors: Vec<bool> = case.iter().filter_map(|p| side(p.a)).collect();
        if auditors.is_empty() {
            continue;
        }
        let share = auditors.iter().filter(|x| **x).count() as f64 / auditors.len() as f64;
        rows.extend([share, f64::from(u8::from(moderator)), 1.0]);
    }
    let cases = rows.len() / 3;
    let pct = |k: usize| {
        let total: f64 = rows.chunks_exact(3).map(|r| r[k]).sum();
        (cases >= MIN_CASES).then(|| stats::round1(100.0 * total / cases as f64))
    };
    let few = if g.pairs.iter().any(|p| p.moderated) {
        FEW_MODERATED
    } else {
        NO_MODERATOR
    };
    let shift = shift(&rows, few);
    GoodOrBetter {
        pabak: pabak.map(|p| p.0),
        pabak_ci95: pabak.map(|p| p.1),
        agree,
        moderated_cases: cases,
        auditors_pct: pct(0),
        moderator_pct: pct(1),
        shift_points: shift,
    }
}

fn figures(rated: &[Rated], g: &Grouping, i: usize, pick: fn(&RatedArea) -> Judgement) -> Figures {
    let both = |p: &&super::Pair| {
        pick(&rated[p.a].areas[i]) != Judgement::Missing
            && pick(&rated[p.b].areas[i]) != Judgement::Missing
    };
    let missing = |p: &super::Pair| {
        usize::from(pick(&rated[p.a].areas[i]) == Judgement::Missing)
            + usize::from(pick(&rated[p.b].areas[i]) == Judgement::Missing)
    };
    // Per case: (exact, within one, pairs), for shares whose intervals know the cases.
    let (mut exact, mut within) = (Vec::new(), Vec::new());
    let (mut n, mut applies) = (0, 0);
    let mut last: Option<&str> = None;
    for p in g.pairs.iter().filter(both) {
        let (a, b) = (pick(&rated[p.a].areas[i]), pick(&rated[p.b].areas[i]));
        if last != Some(&*rated[p.a].case) {
            exact.push((0, 0));
            within.push((0, 0));
            last = Some(&rated[p.a].case);
        }
        let near = match (a.grade(), b.grade()) {
            (Some(x), Some(y)) => x.rank().abs_diff(y.rank()) <= 1,
            _ => a == b,
        };
        for (list, hit) in [(&mut exact, a == b), (&mut within, near)] {
            if let Some(case) = list.last_mut() {
                case.0 += usize::from(hit);
                case.1 += 1;
            }
        }
        n += 1;
        applies += usize::from((a == Judgement::NotApplicable) != (b == Judgement::NotApplicable));
    }
    let cases = exact.len();
    let units = units(rated, g, i, pick);
    let most_common = most_common(&units);
    Figures {
        pairs: n,
        cases,
        one_side_unanswered: g.pairs.iter().filter(|p| missing(p) == 1).count(),
        both_unanswered: g.pairs.iter().filter(|p| missing(p) == 2).count(),
        exact: Proportion::of(&exact),
        within_one: Proportion::of(&within),
        applies_disagreements: applies,
        alpha: alpha(&units),
        gwet_ac2: chance_corrected(&units, Weights::Quadratic, Chance::Gwet),
        pabak_s: chance_corrected(&units, Weights::Identity, Chance::BrennanPrediger),
        most_common_grade: most_common.map(|(g, _)| g.label()),
        most_common_pct: most_common.map(|(_, pct)| pct),
        kappa_vs_moderator: kappa(rated, g, i, pick),
    }
}

/// The grades on the fixed four-grade scale.
const K: usize = Grade::ALL.len();

/// Each case's grades (ranks) for the area, whoever gave them: the cases with two or more.
fn units(
    rated: &[Rated],
    g: &Grouping,
    i: usize,
    pick: fn(&RatedArea) -> Judgement,
) -> Vec<Vec<usize>> {
    g.cases
        .iter()
        .map(|audits| {
            audits
                .iter()
                .filter_map(|a| pick(&rated[*a].areas[i]).grade().map(Grade::rank))
                .collect::<Vec<usize>>()
        })
        .filter(|u| u.len() >= 2)
        .collect()
}

/// The grade given most often in `units`, and its share of every grade there (%).
fn most_common(units: &[Vec<usize>]) -> Option<(Grade, f64)> {
    let mut counts = [0_usize; K];
    for &v in units.iter().flatten() {
        counts[v] += 1;
    }
    let total: usize = counts.iter().sum();
    let (rank, &count) = counts
        .iter()
        .enumerate()
        .max_by_key(|(r, c)| (**c, K - r))?;
    (total > 0).then(|| (Grade::ALL[rank], stats::percent(count, total)))
}

/// Alpha over the cases: each case is its coincidence matrix, which the bootstrap sums.
fn alpha(units: &[Vec<usize>]) -> Coefficient {
    let mut rows = vec![0.0; units.len() * K * K];
    for (u, row) in units.iter().zip(rows.chunks_exact_mut(K * K)) {
        stats::add_coincidences(row, u, K);
    }
    Coefficient::over(&rows, K * K, units.len(), FEW_ALPHA, |o| {
        stats::alpha_from_coincidences(o, K, Metric::Ordinal)
    })
}

/// Gwet's AC2 or Bennett's S over the cases, always on the four grades: each case is its row
/// of agreement sums, which the bootstrap sums.
fn chance_corrected(units: &[Vec<usize>], weights: Weights, chance: Chance) -> Coefficient {
    const W: usize = stats::agreement_width(K);
    let mut rows = vec![0.0; units.len() * W];
    for (u, row) in units.iter().zip(rows.chunks_exact_mut(W)) {
        stats::add_agreement_unit(row, u, K, weights);
    }
    Coefficient::over(&rows, W, units.len(), FEW_ALPHA, |sums| {
        stats::agreement_coefficient(sums, K, weights, chance)
    })
}

/// Kappa of each auditor against the moderator, resampling cases: each case is its table of
/// (auditor's grade, moderator's grade) counts.
fn kappa(
    rated: &[Rated],
    g: &Grouping,
    i: usize,
    pick: fn(&RatedArea) -> Judgement,
) -> Coefficient {
    let mut rows: Vec<f64> = Vec::new();
    let mut last_case: Option<&str> = None;
    let mut n = 0;
    for p in g.pairs.iter().filter(|p| p.moderated) {
        let (a, b) = (pick(&rated[p.a].areas[i]), pick(&rated[p.b].areas[i]));
        let (Some(a), Some(b)) = (a.grade(), b.grade()) else {
            continue;
        };
        if last_case != Some(&*rated[p.a].case) {
            rows.resize(rows.len() + K * K, 0.0);
            last_case = Some(&rated[p.a].case);
        }
        let start = rows.len() - K * K;
        rows[start + a.rank() * K + b.rank()] += 1.0;
        n += 1;
    }
    let few = if g.pairs.iter().any(|p| p.moderated) {
        FEW_MODERATED
    } else {
        NO_MODERATOR
    };
    Coefficient::over(&rows, K * K, n, few, |table| {
        stats::kappa_from_table(table, K)
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
    // Per case: (higher, lower, pairs); a case leans the way most of its pairs do.
    let mut by_case: Vec<(usize, usize, usize)> = Vec::new();
    let mut last: Option<&str> = None;
    for p in g.pairs.iter().filter(|p| p.moderated) {
        let (a, b) = (
            rated[p.a].areas[i].final_judgement,
            rated[p.b].areas[i].final_judgement,
        );
        if let (Some(r), Some(c)) = (CrossTable::index(a), CrossTable::index(b)) {
            cross.counts[r][c] += 1;
        }
        if let (Some(x), Some(y)) = (a.grade(), b.grade()) {
            if last != Some(&*rated[p.a].case) {
                by_case.push((0, 0, 0));
                last = Some(&rated[p.a].case);
            }
            if let Some(case) = by_case.last_mut() {
                case.0 += usize::from(x > y);
                case.1 += usize::from(x < y);
                case.2 += 1;
            }
        }
    }
    let (higher, lower, pairs) = by_case
        .iter()
        .fold((0, 0, 0), |t, c| (t.0 + c.0, t.1 + c.1, t.2 + c.2));
    let cases_higher = by_case.iter().filter(|c| c.0 > c.1).count();
    let cases_lower = by_case.iter().filter(|c| c.0 < c.1).count();
    let higher_by_case: Vec<(usize, usize)> = by_case.iter().map(|c| (c.0, c.2)).collect();
    let lower_by_case: Vec<(usize, usize)> = by_case.iter().map(|c| (c.1, c.2)).collect();
    Direction {
        pairs,
        cases: by_case.len(),
        higher: Proportion::of(&higher_by_case),
        same: pairs - higher - lower,
        lower: Proportion::of(&lower_by_case),
        cases_higher,
        cases_lower,
        sign_test_p: (by_case.len() >= MIN_CASES)
            .then(|| stats::sign_test(cases_higher, cases_lower)),
        sign_test_not_computable: (by_case.len() < MIN_CASES).then_some(super::FEW_FOR_SIGN_TEST),
        cross_table: cross,
    }
}
