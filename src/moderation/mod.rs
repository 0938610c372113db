//! Moderation (`audit agree`): how far audits of the same case agree, per area and for
//! Outcomes, on final grades and on the rubric's own suggestions; each auditor's bias against
//! a moderator; and the disagreements a moderation meeting should discuss first. Pure: graded
//! audits in, figures out (docs/MODERATION.md).
//!
//! Which coefficient when: Krippendorff's alpha (ordinal) over every audit of a case, which
//! does not depend on which audit is "first"; quadratic weighted kappa only where the order is
//! real, an auditor against the moderator. Every figure has a 95% interval (Wilson for shares,
//! a fixed-seed bootstrap over cases for coefficients) or says why it is not computable.

mod auditors;
mod cases;
mod disagreements;
mod figures;

pub use auditors::AuditorBias;

/// What the auditor wrote that every comparison showing it shares (a case, an auditor, a
/// file): a moderation of 100,000 audits makes hundreds of thousands of comparisons, and
/// copies would cost more than the audits. (The rubric's words are [`Text`].)
pub type Shared = std::sync::Arc<str>;
pub use cases::{Options, Pair};
pub use disagreements::{
    AnswerDifference, Comparison, Comparisons, CriterionCount, LARGEST, Party,
};
pub use figures::{
    AreaAgreement, Coefficient, CrossTable, Direction, Figures, GoodOrBetter, Proportion,
};

use crate::grading::engine::{self, AuditResult, Limit};
use crate::model::audit::{Audit, Role};
use crate::model::date::Date;
use crate::model::grade::{Answer, Grade};
use crate::model::rubric::{Criterion, OUTCOME_ID, Rubric, Text};
use serde::Serialize;
use std::collections::BTreeMap;

/// Fewer cases than this and a figure is "n/c": with one or two, a single case's judgements
/// move a share by 50 points or more and a bootstrap over cases has almost nothing to
/// resample. It is the number of cases that counts, never of pairs: three auditors and a
/// moderator on one case make three pairs, but one case. Above it, the interval says how firm
/// the figure is.
pub const MIN_CASES: usize = 3;

/// Why a sign test over cases is not computable.
pub const FEW_FOR_SIGN_TEST: &str = "fewer than 3 cases";

/// What one audit says of one area (or Outcomes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judgement {
    Graded(Grade),
    NotApplicable,
    /// Nothing answered: nothing to compare.
    Missing,
}

impl Judgement {
    fn of(grade: Option<Grade>, not_applicable: bool) -> Judgement {
        match (grade, not_applicable) {
            (_, true) => Judgement::NotApplicable,
            (Some(g), false) => Judgement::Graded(g),
            (None, false) => Judgement::Missing,
        }
    }

    pub fn grade(self) -> Option<Grade> {
        match self {
            Judgement::Graded(g) => Some(g),
            _ => None,
        }
    }

    /// As people read it.
    pub fn label(self) -> &'static str {
        match self {
            Judgement::Graded(g) => g.label(),
            Judgement::NotApplicable => "not applicable",
            Judgement::Missing => "–",
        }
    }
}

impl Serialize for Judgement {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Judgement::Graded(g) => s.serialize_str(g.id()),
            Judgement::NotApplicable => s.serialize_str("not_applicable"),
            Judgement::Missing => s.serialize_none(),
        }
    }
}

/// One area (or the outcome) of one audit, as moderation needs it: three bytes (an
/// override's reason is kept on the audit, [`Rated::reason`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatedArea {
    pub final_judgement: Judgement,
    /// The rubric's suggestion from the answers alone (Outcomes: from the suggested areas).
    pub suggested: Judgement,
    pub overridden: bool,
}

/// One audit, as moderation needs it: areas in rubric order, then the outcome. Kept for every
/// audit until the figures are computed, so each part is one exact allocation (docs/PERFORMANCE.md
/// "Speed and memory").
#[derive(Debug, Clone)]
pub struct Rated {
    pub file: Shared,
    pub case: Shared,
    pub auditor: Shared,
    pub role: Role,
    /// The audit's date, which decides between two audits of a case by one auditor.
    pub date: Option<Date>,
    pub areas: Box<[RatedArea]>,
    /// The reasons given for overridden grades, by area index (most audits have none).
    pub reasons: Box<[(usize, Box<str>)]>,
    /// Every criterion's answer, areas in rubric order then Outcomes (an area's start is its
    /// [`AreaRef::first`]): one byte each.
    pub answers: Box<[Marked]>,
}

impl Rated {
    /// The reason given for overriding area `area`'s grade.
    pub fn reason(&self, area: usize) -> Option<&str> {
        self.reasons
            .iter()
            .find(|(i, _)| *i == area)
            .map(|(_, r)| &**r)
    }
}

/// One criterion's answer (`None`: unanswered), and whether it set the suggested grade, in
/// one byte: the answer's place in [`Answer::ALL`] plus one (0: unanswered), and a flag.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marked(u8);

impl Marked {
    const DECIDING: u8 = 0x80;

    pub fn new(answer: Option<Answer>, deciding: bool) -> Marked {
        let answer = answer.map_or(0, |a| {
            1 + Answer::ALL.iter().position(|x| *x == a).unwrap_or(0) as u8
        });
        Marked(answer | if deciding { Marked::DECIDING } else { 0 })
    }

    pub fn answer(self) -> Option<Answer> {
        let n = usize::from(self.0 & !Marked::DECIDING);
        n.checked_sub(1).and_then(|i| Answer::ALL.get(i).copied())
    }

    /// The answer and the flag as one number, for ordering audits by their content.
    pub fn code(self) -> usize {
        usize::from(self.0)
    }

    pub fn deciding(self) -> bool {
        self.0 & Marked::DECIDING != 0
    }
}

/// The answers to `criteria`, in order, and which of them limited the grade.
fn compact(
    out: &mut Vec<Marked>,
    criteria: &[Criterion],
    answers: Option<&BTreeMap<Text, Answer>>,
    limiting: &[Limit],
) {
    out.extend(criteria.iter().map(|c| {
        Marked::new(
            answers.and_then(|a| a.get(&c.id)).copied(),
            limiting.iter().any(|l| l.criterion == c.id),
        )
    }));
}

/// Keeps what moderation needs of a graded audit.
pub fn rate(rubric: &Rubric, audit: &Audit, result: &AuditResult, file: &str) -> Rated {
    let criteria = rubric.areas.iter().map(|a| a.criteria.len()).sum::<usize>()
        + rubric.outcome.criteria.len();
    let mut marked = Vec::with_capacity(criteria);
    let mut areas = Vec::with_capacity(rubric.areas.len() + 1);
    let mut reasons = Vec::new();
    for (i, (a, s)) in rubric.areas.iter().zip(&result.sections).enumerate() {
        let na = s.not_applicable.is_some();
        let given = audit.sections.get(&a.id).map(|i| &i.answers);
        compact(&mut marked, &a.criteria, given, &s.limiting);
        areas.push(RatedArea {
            final_judgement: Judgement::of(s.final_grade, na),
            suggested: Judgement::of(s.suggested, na),
            overridden: s.overridden,
        });
        if let Some(reason) = s.reason.as_deref().filter(|_| s.overridden) {
            reasons.push((i, reason.into()));
        }
    }
    let o = &result.outcome;
    compact(
        &mut marked,
        &rubric.outcome.criteria,
        Some(&audit.outcome.answers),
        &o.limiting,
    );
    if let Some(reason) = o.reason.as_deref().filter(|_| o.overridden) {
        reasons.push((areas.len(), reason.into()));
    }
    areas.push(RatedArea {
        final_judgement: Judgement::of(o.final_grade, false),
        suggested: Judgement::of(
            engine::rubric_outcome(rubric, audit, &result.sections),
            false,
        ),
        overridden: o.overridden,
    });
    Rated {
        file: file.into(),
        case: result.case.as_str().into(),
        auditor: result.auditor.as_str().into(),
        role: result.role,
        date: audit.date,
        areas: areas.into_boxed_slice(),
        reasons: reasons.into_boxed_slice(),
        answers: marked.into_boxed_slice(),
    }
}

/// An area (or Outcomes) by its position in [`Rated::areas`], its id and title.
#[derive(Debug, Clone)]
pub struct AreaRef {
    pub index: usize,
    /// Where its criteria start in [`Rated::answers`].
    pub first: usize,
    pub id: Text,
    pub title: Text,
    /// Each criterion's id and question (whitespace as one space), in rubric order.
    pub criteria: Vec<(Text, Text)>,
}

/// Something moderation noticed that the reader should know, named.
#[derive(Debug, Clone, Serialize)]
pub struct AgreeWarning {
    pub kind: &'static str,
    pub message: String,
}

/// Every figure `audit agree` reports.
#[derive(Serialize)]
pub struct Agreement<'a> {
    pub audits: usize,
    pub cases: usize,
    pub single_audit_cases: usize,
    pub pairs: usize,
    pub moderated_pairs: usize,
    /// Below this many cases a figure is not computable.
    pub min_cases: usize,
    pub areas: Vec<AreaAgreement>,
    pub auditors: Vec<AuditorBias>,
    /// For the board (`agree --audience board`): cases as pseudonyms, auditors as letters, no
    /// reasons, and no table by auditor.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub board: bool,
    /// Every pair and area, agreeing or not, by case: made as they are read.
    pub comparisons: Comparisons<'a>,
    /// The criteria most often answered differently, over every pair.
    pub criteria: Vec<CriterionCount>,
    pub warnings: Vec<AgreeWarning>,
    /// With `--by`: agreement on final grades in each period, in time order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_period: Vec<PeriodAgreement>,
}

/// Agreement on final grades in one month or quarter: each case counts in the period of its
/// earliest dated audit (when it was audited; the moderation follows), undated cases together.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodAgreement {
    /// `2026-10`, `2026-Q4`, or `undated`.
    pub period: String,
    pub cases: usize,
    pub pairs: usize,
    pub areas: Vec<PeriodArea>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodArea {
    pub area: String,
    pub title: String,
    pub exact: Proportion,
    pub alpha: Coefficient,
    pub gwet_ac2: Coefficient,
}

/// The cases compared, split by period (see [`PeriodAgreement`]).
fn by_period(
    rated: &[Rated],
    g: &cases::Grouping,
    areas: &[AreaRef],
    by: crate::summary::period::By,
) -> Vec<PeriodAgreement> {
    let mut periods: BTreeMap<String, cases::Grouping> = BTreeMap::new();
    let mut pairs = g.pairs.chunk_by(|x, y| rated[x.a].case == rated[y.a].case);
    for audits in &g.cases {
        let Some(case_pairs) = pairs.next() else {
            break;
        };
        let key = audits
            .iter()
            .filter_map(|a| rated[*a].date)
            .min()
            .map_or_else(|| "undated".to_string(), |d| by.key(d));
        let p = periods.entry(key).or_insert_with(|| cases::Grouping {
            pairs: Vec::new(),
            cases: Vec::new(),
            case_count: 0,
            singles: 0,
            warnings: Vec::new(),
        });
        p.pairs.extend_from_slice(case_pairs);
        p.cases.push(audits.clone());
        p.case_count += 1;
    }
    periods
        .into_iter()
        .map(|(period, sub)| PeriodAgreement {
            period,
            cases: sub.case_count,
            pairs: sub.pairs.len(),
            areas: areas
                .iter()
                .map(|a| {
                    let f = figures::area(rated, &sub, a).final_grades;
                    PeriodArea {
                        area: a.id.to_string(),
                        title: a.title.to_string(),
                        exact: f.exact,
                        alpha: f.alpha,
                        gwet_ac2: f.gwet_ac2,
                    }
                })
                .collect(),
        })
        .collect()
}

/// Every figure `audit agree` reports, for `rated` (in file order).
pub fn agreement<'a>(rubric: &Rubric, rated: &'a [Rated], opts: &Options) -> Agreement<'a> {
    let grouping = cases::group(rated, opts);
    let areas: Vec<AreaRef> = rubric
        .areas
        .iter()
        .map(|a| (a.id.clone(), a.title.clone(), &a.criteria))
        .chain([(
            OUTCOME_ID,
            rubric.outcome.title.clone(),
            &rubric.outcome.criteria,
        )])
        .enumerate()
        .scan(0, |first, (index, (id, title, criteria))| {
            *first += criteria.len();
            Some((*first - criteria.len(), index, id, title, criteria))
        })
        .map(|(first, index, id, title, criteria)| AreaRef {
            index,
            first,
            id,
            title,
            criteria: criteria
                .iter()
                .map(|c| {
                    let q = c.question.split_whitespace().collect::<Vec<_>>().join(" ");
                    (c.id.clone(), q.into())
                })
                .collect(),
        })
        .collect();
    let figures = areas
        .iter()
        .map(|a| figures::area(rated, &grouping, a))
        .collect();
    let auditors = auditors::bias(rated, &grouping, areas.len());
    let by_period = opts
        .by
        .map(|by| by_period(rated, &grouping, &areas, by))
        .unwrap_or_default();
    let pairs = grouping.pairs.len();
    let moderated_pairs = grouping.pairs.iter().filter(|p| p.moderated).count();
    let comparisons = Comparisons::new(rated, grouping.pairs, areas);
    Agreement {
        audits: rated.len(),
        cases: grouping.case_count,
        single_audit_cases: grouping.singles,
        pairs,
        moderated_pairs,
        min_cases: MIN_CASES,
        areas: figures,
        auditors,
        board: false,
        criteria: comparisons.criteria().to_vec(),
        comparisons,
        warnings: grouping.warnings,
        by_period,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rated(case: usize, auditor: usize, moderator: bool, grades: &[Option<usize>]) -> Rated {
        let judgement = |g: &Option<usize>| match g {
            Some(4) => Judgement::NotApplicable,
            Some(r) => Judgement::Graded(Grade::ALL[*r]),
            None => Judgement::Missing,
        };
        Rated {
            file: format!("{case}-{auditor}.yaml").into(),
            case: format!("C-{case}").into(),
            auditor: format!("Auditor {auditor}").into(),
            role: if moderator {
                Role::Moderator
            } else {
                Role::Auditor
            },
            date: None,
            areas: grades
                .iter()
                .map(|g| RatedArea {
                    final_judgement: judgement(g),
                    suggested: judgement(g),
                    overridden: false,
                })
                .collect(),
            reasons: Box::default(),
            answers: Box::default(),
        }
    }

    /// A moderation round: cases with two to four audits by different auditors, sometimes one
    /// moderator, grades (or not applicable, or missing) for each area and Outcomes.
    fn round() -> impl Strategy<Value = Vec<Rated>> {
        let audit = (
            any::<bool>(),
            proptest::collection::vec(proptest::option::weighted(0.9, 0..5_usize), 7),
        );
        let case = proptest::collection::vec(audit, 2..5);
        proptest::collection::vec(case, 1..12).prop_map(|cases| {
            let mut out = Vec::new();
            for (c, audits) in cases.iter().enumerate() {
                let moderated = audits[0].0;
                for (a, (_, grades)) in audits.iter().enumerate() {
                    out.push(rated(c, a, moderated && a == 0, grades));
                }
            }
            out
        })
    }

    #[test]
    fn a_marked_answer_keeps_the_answer_and_the_flag() {
        let answers = [None].into_iter().chain(Answer::ALL.map(Some));
        for answer in answers {
            for deciding in [false, true] {
                let m = Marked::new(answer, deciding);
                assert_eq!((m.answer(), m.deciding()), (answer, deciding));
            }
        }
        assert_eq!(std::mem::size_of::<Marked>(), 1);
        assert_eq!(std::mem::size_of::<RatedArea>(), 3);
    }

    /// Three peers on each case, who agree within a case all or nothing: the three pairs of a
    /// case are one piece of evidence, and the interval says so (a design effect of 3).
    #[test]
    fn shares_know_that_pairs_of_one_case_are_not_independent() {
        let mut audits = Vec::new();
        for case in 0..6 {
            for auditor in 0..3 {
                let grade = if case % 2 == 0 { 1 } else { auditor % 3 };
                audits.push(rated(case, auditor, false, &[Some(grade); 7]));
            }
        }
        let a = agreement(&Rubric::builtin(), &audits, &Options::default());
        let exact = &a.areas[0].final_grades.exact;
        assert_eq!((exact.count, exact.n, exact.cases), (9, 18, 6));
        assert!((exact.design_effect - 3.0).abs() < 1e-9, "{exact:?}");
        let [lo, hi] = exact.ci95.unwrap();
        let (plain_lo, plain_hi) = crate::stats::wilson(9, 18);
        assert!(
            lo < 100.0 * plain_lo - 5.0 && hi > 100.0 * plain_hi + 5.0,
            "{exact:?}"
        );
    }

    /// An auditor's lean is one signed difference per case, tested over cases, with Holm's
    /// adjustment across auditors.
    #[test]
    fn an_auditors_lean_is_tested_over_cases_and_adjusted_for_every_auditor() {
        let mut audits = Vec::new();
        for case in 0..12 {
            audits.push(rated(case, 0, true, &[Some(2); 7]));
            // Auditor 1 one grade higher on every area of every case; auditor 2 on half.
            audits.push(rated(case, 1, false, &[Some(1); 7]));
            let even = if case % 2 == 0 { 1 } else { 3 };
            audits.push(rated(case, 2, false, &[Some(even); 7]));
        }
        let a = agreement(&Rubric::builtin(), &audits, &Options::default());
        let one = &a.auditors[0];
        assert_eq!((one.cases, one.cases_higher, one.cases_lower), (12, 12, 0));
        assert_eq!(one.mean_difference, Some(1.0));
        // 12 of 12 cases: p = 2 / 4096; 84 judgements would have claimed far less.
        let p = one.sign_test_p.unwrap();
        assert!((p - 2.0 / 4096.0).abs() < 1e-12, "{p}");
        let two = &a.auditors[1];
        assert_eq!((two.cases_higher, two.cases_lower), (6, 6));
        assert_eq!(two.mean_difference, Some(0.0));
        assert_eq!(two.sign_test_p, Some(1.0));
        // Holm over two auditors: the smaller p doubled, the larger kept at 1.
        assert!((one.sign_test_p_holm.unwrap() - 4.0 / 4096.0).abs() < 1e-12);
        assert_eq!(two.sign_test_p_holm, Some(1.0));
    }

    /// The board's line: a moderator who finds Good where the auditor found Requires
    /// Improvement in half the cases moves the share Good or better by 50 points, and the two
    /// agree on the line in half the pairs (two-category PABAK 0).
    #[test]
    fn moderation_moves_the_share_good_or_better() {
        let mut audits = Vec::new();
        for case in 0..12 {
            audits.push(rated(case, 0, true, &[Some(1); 7]));
            let auditor = if case % 2 == 0 { 2 } else { 0 };
            audits.push(rated(case, 1, false, &[Some(auditor); 7]));
        }
        let a = agreement(&Rubric::builtin(), &audits, &Options::default());
        let g = &a.areas[6].good_or_better;
        assert_eq!((g.agree.count, g.agree.n, g.agree.cases), (6, 12, 12));
        assert_eq!(g.pabak, Some(0.0));
        let [lo, hi] = g.pabak_ci95.unwrap();
        assert!(lo < -0.3 && hi > 0.3, "{g:?}");
        assert_eq!(g.moderated_cases, 12);
        assert_eq!((g.auditors_pct, g.moderator_pct), (Some(50.0), Some(100.0)));
        assert_eq!(g.shift_points.value, Some(50.0));
        let [lo, hi] = g.shift_points.ci95.unwrap();
        assert!(lo > 5.0 && lo < 50.0 && hi > 50.0 && hi < 100.0, "{g:?}");
        // Peers only: agreement on the line, but no moderator to move it.
        let peers: Vec<Rated> = audits
            .iter()
            .cloned()
            .map(|mut r| {
                r.role = Role::Auditor;
                r
            })
            .collect();
        let p = agreement(&Rubric::builtin(), &peers, &Options::default());
        let g = &p.areas[6].good_or_better;
        assert_eq!(g.agree.count, 6);
        assert_eq!(g.moderated_cases, 0);
        assert_eq!(
            g.shift_points.not_computable,
            Some("no case has a moderator's audit")
        );
    }

    /// A round with more disagreements than a table shows: the tables keep the largest, the
    /// CSV and JSON every comparison, in reading order.
    #[test]
    fn the_largest_disagreements_are_kept_and_every_comparison_is_read() {
        let mut audits = Vec::new();
        for case in 0..40 {
            // Two grades apart on Outcomes in every tenth case, one grade elsewhere.
            let far = if case % 10 == 0 { 3 } else { 2 };
            let mut second = vec![Some(2); 6];
            second.push(Some(far));
            audits.push(rated(case, 0, false, &[Some(1); 7]));
            audits.push(rated(case, 1, false, &second));
        }
        let a = agreement(&Rubric::builtin(), &audits, &Options::default());
        assert_eq!(a.comparisons.len(), 40 * 7);
        assert_eq!(a.comparisons.iter().count(), 40 * 7);
        assert_eq!(a.comparisons.disagreements(), 40 * 7);
        let largest = a.comparisons.largest();
        assert_eq!(largest.len(), LARGEST);
        // The four two-grade disagreements first, in case order, then the one-grade ones.
        let first: Vec<(&str, usize)> = largest[..5].iter().map(|c| (&*c.case, c.size)).collect();
        assert_eq!(
            first,
            [
                ("C-0", 2),
                ("C-10", 2),
                ("C-20", 2),
                ("C-30", 2),
                ("C-0", 1)
            ]
        );
        // Reading order: by case, then rubric order.
        let read: Vec<(String, usize)> = a
            .comparisons
            .iter()
            .take(8)
            .map(|c| (c.case.to_string(), c.order))
            .collect();
        let expected: Vec<(String, usize)> = (0..7)
            .map(|o| ("C-0".to_string(), o))
            .chain([("C-1".to_string(), 0)])
            .collect();
        assert_eq!(read, expected);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        /// Renaming files reorders the audits; no figure may move.
        #[test]
        fn no_figure_depends_on_the_order_of_files(audits in round(), seed in any::<u64>()) {
            let rubric = Rubric::builtin();
            let mut shuffled = audits.clone();
            let mut rng = crate::stats::Rng::new(seed);
            for i in (1..shuffled.len()).rev() {
                shuffled.swap(i, rng.below(i + 1));
            }
            let figures = |list: &[Rated]| {
                let a = agreement(&rubric, list, &Options::default());
                serde_json::to_string(&(&a.areas, &a.auditors, a.pairs, a.moderated_pairs)).unwrap()
            };
            prop_assert_eq!(figures(&audits), figures(&shuffled));
        }
    }
}
