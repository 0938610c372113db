//! The figures a practice lead reports to a board, computed once from a batch's results:
//! grade distributions, % Good or better with a 95% Wilson interval, overrides, per-auditor
//! figures, recurring shortfalls, warnings counted, a by-month trend, run charts and the grades
//! by quarter. Beside it: which audits count ([`screening`]), the period a report covers, its
//! trend and comparison ([`period`]), and the run charts' rules ([`run_chart`]).

pub mod actions;
pub mod board;
pub mod period;
pub mod run_chart;
pub mod screening;

use crate::batch::{Graded, Report};
use crate::diagnostic::Diagnostic;
use crate::grading::engine::WarningKind;
use crate::model::date::Date;
use crate::model::grade::{Answer, Grade};
use crate::model::rubric::Rubric;
use crate::model::rubric::Text;
use crate::privacy::suppress::Cell;
use crate::stats::{difference_of_proportions, percent, round1, wilson};
use crate::summary::period::{By, Period};
use crate::summary::run_chart::RunChart;
use crate::summary::screening::{BatchWarning, Exclusion, InputName, Screener};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Counts per grade (best first), plus audits with no grade there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Distribution {
    pub counts: [usize; 4],
    pub ungraded: usize,
}

impl Distribution {
    fn add(&mut self, grade: Option<Grade>) {
        match grade {
            Some(g) => self.counts[g.rank()] += 1,
            None => self.ungraded += 1,
        }
    }

    pub fn count(&self, g: Grade) -> usize {
        self.counts[g.rank()]
    }

    pub fn graded(&self) -> usize {
        self.counts.iter().sum()
    }

    /// Share of graded audits at `g`, in percent; `None` when nothing is graded.
    pub fn pct(&self, g: Grade) -> Option<f64> {
        let n = self.graded();
        (n > 0).then(|| percent(self.count(g), n))
    }

    pub fn good_or_better(&self) -> Share {
        Share::new(
            self.count(Grade::Outstanding) + self.count(Grade::Good),
            self.graded(),
        )
    }
}

impl Distribution {
    /// Each grade's share of the graded, in percent (`null` when nothing is graded).
    pub fn percentages(&self) -> serde_json::Value {
        Grade::ALL
            .iter()
            .map(|g| (g.id().to_string(), serde_json::json!(self.pct(*g))))
            .collect::<serde_json::Map<_, _>>()
            .into()
    }
}

impl Serialize for Distribution {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(4))?;
        for g in Grade::ALL {
            m.serialize_entry(g.id(), &self.count(g))?;
        }
        m.end()
    }
}

/// `count` of `n`, as a percentage with a 95% Wilson score interval (honest at small n).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Share {
    pub count: usize,
    pub n: usize,
    pub pct: Option<f64>,
    pub ci95: Option<[f64; 2]>,
}

impl Share {
    pub fn new(count: usize, n: usize) -> Share {
        if n == 0 {
            return Share {
                count,
                n,
                pct: None,
                ci95: None,
            };
        }
        let (lo, hi) = wilson(count, n);
        Share {
            count,
            n,
            pct: Some(percent(count, n)),
            ci95: Some([round1(100.0 * lo), round1(100.0 * hi)]),
        }
    }

    /// `63%` (`62.5%` from 100 audits), or `n/a` when there is nothing to count.
    pub fn pct_text(&self) -> String {
        match self.n {
            0 => "n/a".into(),
            n => format!("{}%", shown(100.0 * self.count as f64 / n as f64, n)),
        }
    }

    /// `31% to 86%`, or empty.
    pub fn ci_text(&self) -> String {
        match self.n {
            0 => String::new(),
            n => {
                let (lo, hi) = wilson(self.count, n);
                format!("{}% to {}%", shown(100.0 * lo, n), shown(100.0 * hi, n))
            }
        }
    }

    /// `5/8 (63%)`, or `0/0`.
    pub fn compact(&self) -> String {
        match self.n {
            0 => format!("{}/{}", self.count, self.n),
            _ => format!("{}/{} ({})", self.count, self.n, self.pct_text()),
        }
    }

    /// `63% (5 of 8; 95% CI 31% to 86%)`, or `n/a (none graded)`.
    pub fn describe(&self) -> String {
        match self.n {
            0 => "n/a (none graded)".to_string(),
            _ => format!(
                "{} ({} of {}; 95% CI {})",
                self.pct_text(),
                self.count,
                self.n,
                self.ci_text()
            ),
        }
    }
}

/// A percentage as precise as its `n` supports: whole numbers below 100 (one audit of 8 is
/// 12.5 points, so a decimal would be false precision), one decimal from 100. The JSON keeps
/// one decimal always.
pub fn shown(pct: f64, n: usize) -> String {
    if n < 100 {
        format!("{}", crate::stats::round1(pct.round()))
    } else {
        format!("{}", round1(pct))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaSummary {
    pub area: String,
    pub title: String,
    pub distribution: Distribution,
    pub not_applicable: usize,
    pub good_or_better: Share,
    /// Audits where the auditor's grade differed from the suggestion here.
    pub overrides: Share,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditorSummary {
    pub auditor: String,
    pub audits: usize,
    pub outcome: Distribution,
    /// Overridden judgements (sections and Outcomes) out of all judgements made.
    pub overrides: Share,
    /// In a board report, how each count is shown: audits, each grade best first, overrides
    /// (`Summary::for_board`).
    #[serde(skip)]
    pub hidden: [Cell; 6],
}

/// A criterion answer that often held a grade below Good: a learning theme.
#[derive(Debug, Clone, Serialize)]
pub struct Shortfall {
    /// The area's id (`outcome` for the Outcomes criteria), for programs.
    pub area: String,
    /// The area's title as the rubric gives it, for people.
    pub area_title: String,
    pub criterion: String,
    /// The criterion's question without its note on what the answers mean (whitespace as
    /// one space), for people.
    pub question: String,
    pub answer: Answer,
    /// The guidance's words for the answer; where it has none, the expectation not met.
    pub guidance: String,
    pub unmet: bool,
    pub count: usize,
    pub pct_of_audits: f64,
}

impl Shortfall {
    /// The words in a table's cell: as they are, or `not met: …`.
    pub fn words(&self) -> String {
        if self.unmet {
            format!("not met: {}", self.guidance)
        } else {
            self.guidance.clone()
        }
    }

    /// The words as a reader should see them: `“…”`, or `not met: “…”`.
    pub fn quoted(&self) -> String {
        if self.unmet {
            format!("not met: “{}”", self.guidance)
        } else {
            format!("“{}”", self.guidance)
        }
    }
}

impl Summary {
    /// The quarters with audits in fewer than their three months, each with those months
    /// (`2025-Q4`, `["2025-12"]`): a part quarter is not read as a whole one.
    pub fn part_quarters(&self) -> Vec<(String, Vec<String>)> {
        self.by_quarter
            .iter()
            .filter_map(|q| {
                let months: Vec<String> = self
                    .by_month
                    .iter()
                    .filter(|m| {
                        Date::parse(&format!("{}-01", m.month))
                            .is_some_and(|d| By::Quarter.key(d) == q.month)
                    })
                    .map(|m| m.month.clone())
                    .collect();
                (months.len() < 3).then(|| (q.month.clone(), months))
            })
            .collect()
    }
}

/// A shortfall recurs, and a board report lists it, when it held a grade in at least this many
/// audits and at least [`RECURS_PCT`] of them; one audit's shortfall is that audit's business.
pub const RECURS_AUDITS: usize = 2;
pub const RECURS_PCT: f64 = 10.0;
/// The most shortfalls a board report lists.
pub const RECURRING_LISTED: usize = 10;

impl Summary {
    /// The shortfalls a board report lists (those that recur, most frequent first, at most
    /// [`RECURRING_LISTED`]), and how many others there are.
    pub fn recurring_shortfalls(&self) -> (&[Shortfall], usize) {
        let recurring = self
            .shortfalls
            .iter()
            // Most frequent first (every share is of the same audits), so they lead.
            .take_while(|f| f.count >= RECURS_AUDITS && f.pct_of_audits >= RECURS_PCT)
            .count()
            .min(RECURRING_LISTED);
        let listed = &self.shortfalls[..recurring];
        (listed, self.shortfalls.len() - listed.len())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthSummary {
    /// The period (`2026-10`, `2026-Q4`), team or service.
    pub month: String,
    pub audits: usize,
    /// A team or service of fewer than [`period::SMALL_GROUP`] audits: people see "fewer than
    /// 5", not its counts.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub small: bool,
    pub outcome: Distribution,
    pub good_or_better: Share,
    /// In a board report's breakdown by team or service, how each count is shown: audits,
    /// each grade best first, Good or better (`Summary::for_board`).
    #[serde(skip)]
    pub hidden: [Cell; 6],
}

/// Outcomes by month or quarter.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    pub by: By,
    /// Each period (its key in `month`: `2026-10` or `2026-Q4`), in time order.
    pub periods: Vec<MonthSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The rubric's name for the overall judgement ("Outcomes" in the guidance).
    pub outcome_title: String,
    pub audits: usize,
    /// Files that could not be graded.
    pub errors: usize,
    pub outcome: Distribution,
    pub outcome_ungraded: usize,
    pub good_or_better: Share,
    pub areas: Vec<AreaSummary>,
    /// Overridden judgements, sections and Outcomes together.
    pub overrides: usize,
    pub outcome_overrides: Share,
    pub auditors: Vec<AuditorSummary>,
    pub shortfalls: Vec<Shortfall>,
    pub warnings: BTreeMap<WarningKind, usize>,
    /// Only when the audits span more than one month.
    pub by_month: Vec<MonthSummary>,
    /// Outcomes by quarter, when the audits span more than one quarter.
    pub by_quarter: Vec<MonthSummary>,
    /// % Good or better by month as p-charts: Outcomes first, then each area judged in
    /// enough months. Empty when the audits span fewer than `run_chart::FEWEST_MONTHS`.
    pub run_charts: Vec<RunChart>,
    /// The trend asked for (`--by month|quarter`), when the audits span more than one period.
    pub trend: Option<Trend>,
    /// The period asked for (`--from`/`--to`); open when none was.
    pub period: Period,
    /// Graded audits dated outside the period: counted here, in no figure.
    pub outside_period: usize,
    /// The earliest and latest audit date counted.
    pub covered: Option<[Date; 2]>,
    /// Against a previous period (`--compare`), set by the caller.
    pub compare: Option<Comparison>,
    /// Graded but left out of every figure (blank, or a copy of another audit).
    pub not_counted: usize,
    /// Of those, audits in progress (`draft: yes`, or the case, auditor or date left blank):
    /// not wrong.
    pub in_progress: usize,
    /// What moderation changed: cases with a moderator's audit and an auditor's.
    pub moderation: Moderated,
    /// What was left out and what looks alike, named.
    pub screening: Vec<BatchWarning>,
    /// What follows the audits (actions, re-audits), when any audit records it.
    pub actions: Option<actions::ActionFigures>,
    /// Made for the board (`Summary::for_board`): small counts in breakdowns hidden.
    #[serde(skip)]
    pub board: bool,
}

/// What moderation changed, for the key messages: of the cases a moderator audited that an
/// auditor audited too, how many the moderator graded Outcomes differently (lower or higher
/// than the auditor's first audit of the case).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Moderated {
    pub cases: usize,
    pub lower: usize,
    pub higher: usize,
}

/// Per case (folded): the first auditor's Outcomes and the first moderator's.
type CaseGrades = HashMap<String, (Option<Option<Grade>>, Option<Option<Grade>>)>;

fn moderated(cases: &CaseGrades) -> Moderated {
    let mut m = Moderated::default();
    for (auditor, moderator) in cases.values() {
        if let (Some(Some(a)), Some(Some(m_grade))) = (auditor, moderator) {
            m.cases += 1;
            m.lower += usize::from(m_grade < a);
            m.higher += usize::from(m_grade > a);
        }
    }
    m
}

/// Summarises `report`; `rubric` supplies area titles and guidance words.
pub fn summarise(rubric: &Rubric, report: &Report) -> Summary {
    let name = |i: usize| report.files.get(i).cloned().unwrap_or_default();
    let mut tally = Tally::new(rubric, &name);
    for g in &report.audits {
        tally.add(g);
    }
    tally.finish(&report.errors)
}

/// A month's Outcomes, then each area's grades.
type MonthTally = (Distribution, Vec<Distribution>);

/// An area's figures as they accumulate.
#[derive(Default)]
struct AreaTally {
    distribution: Distribution,
    not_applicable: usize,
    overrides: usize,
    judged: usize,
}

/// An auditor's figures as they accumulate: audits, Outcomes, overridden and judged.
type AuditorTally = (usize, Distribution, usize, usize);

/// The summary of a batch, accumulated one audit at a time in input order (so a folder is
/// summarised as it is graded, keeping nothing per audit but what screening needs).
pub struct Tally<'a> {
    rubric: &'a Rubric,
    screener: Screener<'a>,
    audits: usize,
    outcome: Distribution,
    outcome_overrides: usize,
    areas: Vec<AreaTally>,
    auditors: BTreeMap<String, AuditorTally>,
    /// (area index, or the areas' count for Outcomes; criterion; answer) → count, guidance.
    shortfalls: HashMap<(usize, Text, Answer), (usize, Text, bool)>,
    warnings: BTreeMap<WarningKind, usize>,
    /// Per month: Outcomes, then each area.
    months: BTreeMap<String, MonthTally>,
    quarters: BTreeMap<String, Distribution>,
    /// The council's target for % Good or better (0–1), for the run charts' assurance.
    target: Option<f64>,
    period: Period,
    outside_period: usize,
    covered: Option<[Date; 2]>,
    by: Option<By>,
    trend: BTreeMap<String, Distribution>,
    cases: CaseGrades,
    actions: actions::ActionTally,
}

impl<'a> Tally<'a> {
    /// `name`: an input's name by its position (for naming copies).
    pub fn new(rubric: &'a Rubric, name: &'a InputName<'a>) -> Self {
        Tally {
            rubric,
            screener: Screener::new(name),
            audits: 0,
            outcome: Distribution::default(),
            outcome_overrides: 0,
            areas: rubric.areas.iter().map(|_| AreaTally::default()).collect(),
            auditors: BTreeMap::new(),
            shortfalls: HashMap::new(),
            warnings: BTreeMap::new(),
            months: BTreeMap::new(),
            quarters: BTreeMap::new(),
            target: None,
            period: Period::default(),
            outside_period: 0,
            covered: None,
            by: None,
            trend: BTreeMap::new(),
            cases: HashMap::new(),
            actions: actions::ActionTally::default(),
        }
    }

    /// Counts only audits dated in `period`; the rest are "outside the period".
    pub fn period(mut self, period: Period) -> Self {
        self.period = period;
        self
    }

    /// Adds a trend by month or quarter.
    pub fn by(mut self, by: Option<By>) -> Self {
        self.by = by;
        self
    }

    /// A target for % Good or better (a proportion, 0–1): the run charts say whether it is
    /// met consistently.
    pub fn target(mut self, target: Option<f64>) -> Self {
        self.target = target;
        self
    }

    /// Counts the next audit, unless screening leaves it out (then says why).
    pub fn add(&mut self, g: &Graded) -> Option<Exclusion> {
        let r = &g.result;
        if !self.period.contains(r.date) {
            self.outside_period += 1;
            return Some(Exclusion::OutsidePeriod);
        }
        if let Some(why) = self.screener.add(g) {
            return Some(why.clone());
        }
        self.audits += 1;
        self.outcome.add(r.outcome.final_grade);
        self.outcome_overrides += usize::from(r.outcome.overridden);
        for (area, s) in self.areas.iter_mut().zip(&r.sections) {
            if s.not_applicable.is_some() {
                area.not_applicable += 1;
                continue;
            }
            area.distribution.add(s.final_grade);
            if s.final_grade.is_some() {
                area.judged += 1;
                area.overrides += usize::from(s.overridden);
            }
        }
        let auditor = match self.auditors.get_mut(r.auditor.as_str()) {
            Some(a) => a,
            None => self.auditors.entry(r.auditor.clone()).or_default(),
        };
        auditor.0 += 1;
        auditor.1.add(r.outcome.final_grade);
        let (o, j) = judgements(g);
        auditor.2 += o;
        auditor.3 += j;
        self.add_shortfalls(g);
        self.actions.add(r);
        let case = self
            .cases
            .entry(crate::model::spelling::fold_name(&r.case))
            .or_default();
        let slot = match r.role {
            crate::model::audit::Role::Moderator => &mut case.1,
            crate::model::audit::Role::Auditor => &mut case.0,
        };
        slot.get_or_insert(r.outcome.final_grade);
        if let Some(group) = self
            .by
            .and_then(|by| by.group(r.date, r.team.as_deref(), r.service.as_deref()))
        {
            self.trend
                .entry(group)
                .or_default()
                .add(r.outcome.final_grade);
        }
        let kinds: BTreeSet<WarningKind> = r.warnings.iter().map(|w| w.kind).collect();
        for k in kinds {
            *self.warnings.entry(k).or_insert(0) += 1;
        }
        if let Some(d) = r.date {
            let month = self.months.entry(d.month_key()).or_insert_with(|| {
                let areas = self.rubric.areas.iter().map(|_| Distribution::default());
                (Distribution::default(), areas.collect())
            });
            month.0.add(r.outcome.final_grade);
            for (area, s) in month.1.iter_mut().zip(&r.sections) {
                if s.not_applicable.is_none() {
                    area.add(s.final_grade);
                }
            }
            self.quarters
                .entry(By::Quarter.key(d))
                .or_default()
                .add(r.outcome.final_grade);
            self.covered = Some(match self.covered {
                None => [d, d],
                Some([a, b]) => [a.min(d), b.max(d)],
            });
        }
        None
    }

    fn add_shortfalls(&mut self, g: &Graded) {
        let outcome_index = self.rubric.areas.len();
        let sections = g.result.sections.iter().enumerate();
        let sections = sections.map(|(i, s)| (i, &s.limiting));
        let outcome = std::iter::once((outcome_index, &g.result.outcome.limiting));
        for (i, limiting) in sections.chain(outcome) {
            for l in limiting.iter().filter(|l| l.caps < Grade::Good) {
                let e = self
                    .shortfalls
                    .entry((i, l.criterion.clone(), l.answer))
                    .or_insert((0, l.guidance.clone(), l.unmet));
                e.0 += 1;
            }
        }
    }

    /// The summary; `errors` are the batch's errors (files that could not be graded).
    pub fn finish(self, errors: &[Diagnostic]) -> Summary {
        let error_files: BTreeSet<&str> = errors.iter().map(|d| d.file.as_str()).collect();
        let screened = self.screener.finish();
        let n = self.audits;
        let areas: Vec<AreaSummary> = self
            .rubric
            .areas
            .iter()
            .zip(self.areas)
            .map(|(area, t)| AreaSummary {
                area: area.id.to_string(),
                title: area.title.to_string(),
                good_or_better: t.distribution.good_or_better(),
                distribution: t.distribution,
                not_applicable: t.not_applicable,
                overrides: Share::new(t.overrides, t.judged),
            })
            .collect();
        let overrides =
            self.outcome_overrides + areas.iter().map(|a| a.overrides.count).sum::<usize>();
        Summary {
            outcome_title: self.rubric.outcome.title.to_string(),
            audits: n,
            errors: error_files.len(),
            outcome_ungraded: self.outcome.ungraded,
            good_or_better: self.outcome.good_or_better(),
            outcome: self.outcome,
            areas,
            overrides,
            outcome_overrides: Share::new(self.outcome_overrides, n),
            auditors: auditors(self.auditors),
            shortfalls: shortfalls(self.rubric, self.shortfalls, n),
            warnings: self.warnings,
            run_charts: run_charts(self.rubric, &self.months, self.target),
            by_month: by_month(self.months.into_iter().map(|(m, (o, _))| (m, o)).collect()),
            by_quarter: by_month(self.quarters),
            trend: self.by.map(|by| Trend {
                by,
                periods: if by.is_period() {
                    by_month(self.trend)
                } else {
                    by_group(self.trend)
                },
            }),
            period: self.period,
            outside_period: self.outside_period,
            covered: self.covered,
            compare: None,
            not_counted: screened.excluded.len(),
            in_progress: screened
                .excluded
                .values()
                .filter(|e| matches!(e, Exclusion::InProgress))
                .count(),
            moderation: moderated(&self.cases),
            screening: screened.warnings,
            // As of the period's end, else the latest audit: the same folder, the same report.
            actions: (self.actions).finish(self.period.to.or(self.covered.map(|[_, b]| b))),
            board: false,
        }
    }
}

fn judgements(g: &Graded) -> (usize, usize) {
    let r = &g.result;
    let judged = r
        .sections
        .iter()
        .filter(|s| s.final_grade.is_some())
        .count()
        + usize::from(r.outcome.final_grade.is_some());
    let overridden =
        r.sections.iter().filter(|s| s.overridden).count() + usize::from(r.outcome.overridden);
    (overridden, judged)
}

fn auditors(by: BTreeMap<String, AuditorTally>) -> Vec<AuditorSummary> {
    by.into_iter()
        .map(|(auditor, (audits, outcome, o, j))| AuditorSummary {
            auditor,
            audits,
            outcome,
            overrides: Share::new(o, j),
            hidden: [Cell::Shown; 6],
        })
        .collect()
}

fn shortfalls(
    rubric: &Rubric,
    counts: HashMap<(usize, Text, Answer), (usize, Text, bool)>,
    audits: usize,
) -> Vec<Shortfall> {
    let mut out: Vec<(usize, Shortfall)> = counts
        .into_iter()
        .map(|((i, criterion, answer), (count, guidance, unmet))| {
            let (area, area_title, criteria) = rubric.areas.get(i).map_or_else(
                || {
                    let o = &rubric.outcome;
                    ("outcome".to_string(), o.title.to_string(), &o.criteria)
                },
                |a| (a.id.to_string(), a.title.to_string(), &a.criteria),
            );
            let question = criteria
                .iter()
                .find(|c| c.id == criterion)
                .map(|c| {
                    c.short_question()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_else(|| criterion.to_string());
            let shortfall = Shortfall {
                area,
                area_title,
                question,
                criterion: criterion.to_string(),
                answer,
                guidance: guidance.to_string(),
                unmet,
                count,
                pct_of_audits: percent(count, audits.max(1)),
            };
            (i, shortfall)
        })
        .collect();
    // The Outcomes criteria sort after every area.
    out.sort_by(|(ia, a), (ib, b)| {
        b.count
            .cmp(&a.count)
            .then(ia.cmp(ib))
            .then(a.criterion.cmp(&b.criterion))
            .then(a.answer.id().cmp(b.answer.id()))
    });
    out.into_iter().map(|(_, s)| s).collect()
}

/// Outcomes' run chart, then each area's (areas judged in fewer than two months have none).
fn run_charts(
    rubric: &Rubric,
    months: &BTreeMap<String, MonthTally>,
    target: Option<f64>,
) -> Vec<RunChart> {
    let points = |d: &dyn Fn(&MonthTally) -> &Distribution| {
        let points = months.iter().map(|(m, t)| {
            let d = d(t);
            (m.clone(), d.good_or_better().count, d.graded())
        });
        points.collect::<Vec<_>>()
    };
    let outcome = RunChart::new(&rubric.outcome.title, None, &points(&|t| &t.0), target);
    let areas = rubric.areas.iter().enumerate().filter_map(|(i, area)| {
        RunChart::new(&area.title, Some(&area.id), &points(&|t| &t.1[i]), target)
    });
    outcome.into_iter().chain(areas).collect()
}

/// Teams or services, "Not recorded" last, each small one marked.
fn by_group(groups: BTreeMap<String, Distribution>) -> Vec<MonthSummary> {
    let (mut named, unnamed): (Vec<_>, Vec<_>) = groups
        .into_iter()
        .partition(|(g, _)| g != period::NOT_RECORDED);
    named.extend(unnamed);
    named
        .into_iter()
        .map(|(group, outcome)| {
            let audits = outcome.graded() + outcome.ungraded;
            MonthSummary {
                month: group,
                audits,
                small: audits < period::SMALL_GROUP,
                good_or_better: outcome.good_or_better(),
                outcome,
                hidden: [Cell::Shown; 6],
            }
        })
        .collect()
}

fn by_month(months: BTreeMap<String, Distribution>) -> Vec<MonthSummary> {
    if months.len() < 2 {
        return Vec::new();
    }
    months
        .into_iter()
        .map(|(month, outcome)| MonthSummary {
            month,
            small: false,
            audits: outcome.graded() + outcome.ungraded,
            good_or_better: outcome.good_or_better(),
            outcome,
            hidden: [Cell::Shown; 6],
        })
        .collect()
}

/// This period's % Good or better for Outcomes against a previous period's.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The previous period's audits counted, and its dates.
    pub previous_audits: usize,
    pub previous_covered: Option<[Date; 2]>,
    pub previous: Share,
    pub current: Share,
    /// Percentage points, current minus previous, with its 95% interval (Newcombe's hybrid
    /// score method); `None` when either period has no graded Outcomes.
    pub difference_pct: Option<f64>,
    pub difference_ci95: Option<[f64; 2]>,
    /// The interval includes no change: the difference may be noise.
    pub within_noise: bool,
}

impl Comparison {
    pub fn new(current: &Summary, previous: &Summary) -> Comparison {
        let (c, p) = (current.good_or_better, previous.good_or_better);
        let diff = difference_of_proportions(c.count, c.n, p.count, p.n);
        Comparison {
            previous_audits: previous.audits,
            previous_covered: previous.covered,
            previous: p,
            current: c,
            difference_pct: diff.map(|(d, _, _)| round1(d * 100.0)),
            difference_ci95: diff.map(|(_, lo, hi)| [round1(lo * 100.0), round1(hi * 100.0)]),
            within_noise: diff.is_none_or(|(_, lo, hi)| lo <= 0.0 && hi >= 0.0),
        }
    }

    /// `+12.5 points (95% CI -3.1 to +27.0): within noise`.
    pub fn describe(&self) -> String {
        let (Some(d), Some([lo, hi])) = (self.difference_pct, self.difference_ci95) else {
            return "no comparison (one of the periods has no graded Outcomes)".to_string();
        };
        // The smaller period sets how precise the points can be shown.
        let n = self.current.n.min(self.previous.n);
        let points = |x: f64| {
            let text = shown(x, n);
            if x > 0.0 { format!("+{text}") } else { text }
        };
        let (d, lo, hi) = (points(d), points(lo), points(hi));
        if self.within_noise {
            format!(
                "no clear change ({d} points, 95% CI {lo} to {hi}: the interval includes no change)"
            )
        } else if self.difference_pct.is_some_and(|x| x > 0.0) {
            format!(
                "a real rise of {d} points (95% CI {lo} to {hi}: the interval excludes no change)"
            )
        } else {
            format!(
                "a real fall of {d} points (95% CI {lo} to {hi}: the interval excludes no change)"
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only cases with both an auditor's and a moderator's graded Outcomes count; a moderator
    /// lower than the auditor is "lower".
    #[test]
    fn moderation_counts_the_cases_both_graded_and_which_way_it_moved() {
        use Grade::{Good, Inadequate, Outstanding, RequiresImprovement};
        let cases: CaseGrades = [
            ("a", (Some(Some(Good)), Some(Some(RequiresImprovement)))),
            ("b", (Some(Some(Good)), Some(Some(Good)))),
            ("c", (Some(Some(Inadequate)), Some(Some(Outstanding)))),
            ("d", (None, Some(Some(Good)))),
            ("e", (Some(None), Some(Some(Good)))),
            ("f", (Some(Some(Good)), None)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(
            moderated(&cases),
            Moderated {
                cases: 3,
                lower: 1,
                higher: 1
            }
        );
    }

    #[test]
    fn share_of_nothing_is_not_zero() {
        let s = Share::new(0, 0);
        assert_eq!(s.pct, None);
        assert_eq!(s.describe(), "n/a (none graded)");
        assert_eq!(
            Share::new(5, 8).describe(),
            "63% (5 of 8; 95% CI 31% to 86%)"
        );
    }

    /// Whole numbers below 100 audits, one decimal from 100; the JSON keeps the decimal.
    #[test]
    fn a_share_is_as_precise_as_its_n() {
        let small = Share::new(2, 3);
        assert_eq!(small.pct, Some(66.7));
        assert_eq!(
            (small.pct_text(), small.compact()),
            ("67%".into(), "2/3 (67%)".into())
        );
        assert_eq!(Share::new(125, 200).pct_text(), "62.5%");
        assert_eq!(Share::new(125, 200).ci_text(), "55.6% to 68.9%");
        assert_eq!(shown(0.4, 10), "0");
    }
}
