//! The figures a practice lead reports to a board, computed once from a batch's results:
//! grade distributions, % Good or better with a 95% Wilson interval, overrides, per-auditor
//! figures, recurring shortfalls, warnings counted, and a by-month trend.

use crate::features::screening::{self, BatchWarning};
use crate::grading::batch::{Graded, Report};
use crate::grading::engine::WarningKind;
use crate::model::grade::{Answer, Grade};
use crate::model::rubric::Rubric;
use crate::stats::{percent, round1, wilson};
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

    /// `62.5%`, or `n/a` when there is nothing to count.
    pub fn pct_text(&self) -> String {
        self.pct
            .map(|p| format!("{p}%"))
            .unwrap_or_else(|| "n/a".into())
    }

    /// `30.6–86.3%`, or empty.
    pub fn ci_text(&self) -> String {
        self.ci95
            .map(|[lo, hi]| format!("{lo}–{hi}%"))
            .unwrap_or_default()
    }

    /// `5/8 (62.5%)`, or `0/0`.
    pub fn compact(&self) -> String {
        match self.pct {
            Some(p) => format!("{}/{} ({p}%)", self.count, self.n),
            None => format!("{}/{}", self.count, self.n),
        }
    }

    /// `62.5% (5 of 8; 95% CI 30.6–86.3%)`, or `n/a (none graded)`.
    pub fn describe(&self) -> String {
        match (self.pct, self.ci95) {
            (Some(p), Some([lo, hi])) => {
                format!("{p}% ({} of {}; 95% CI {lo}–{hi}%)", self.count, self.n)
            }
            _ => "n/a (none graded)".to_string(),
        }
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
}

/// A criterion answer that often held a grade below Good: a learning theme.
#[derive(Debug, Clone, Serialize)]
pub struct Shortfall {
    pub area: String,
    pub criterion: String,
    pub answer: Answer,
    pub guidance: String,
    pub count: usize,
    pub pct_of_audits: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthSummary {
    pub month: String,
    pub audits: usize,
    pub outcome: Distribution,
    pub good_or_better: Share,
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
    /// Graded but left out of every figure (blank, or a copy of another audit).
    pub not_counted: usize,
    /// What was left out and what looks alike, named.
    pub screening: Vec<BatchWarning>,
}

/// Summarises `report`; `rubric` supplies area titles and guidance words.
pub fn summarise(rubric: &Rubric, report: &Report) -> Summary {
    let screened = screening::screen(report);
    let audits: Vec<&Graded> = report
        .audits
        .iter()
        .enumerate()
        .filter(|(i, _)| screened.counts(*i))
        .map(|(_, g)| g)
        .collect();
    let audits = audits.as_slice();
    let n = audits.len();
    let error_files: BTreeSet<&str> = report.errors.iter().map(|d| d.file.as_str()).collect();

    let mut outcome = Distribution::default();
    let mut outcome_overrides = 0;
    for g in audits {
        outcome.add(g.result.outcome.final_grade);
        outcome_overrides += usize::from(g.result.outcome.overridden);
    }

    let areas: Vec<AreaSummary> = rubric
        .areas
        .iter()
        .enumerate()
        .map(|(i, area)| {
            let mut distribution = Distribution::default();
            let (mut na, mut overrides, mut judged) = (0, 0, 0);
            for g in audits {
                let Some(s) = g.result.sections.get(i) else {
                    continue;
                };
                if s.not_applicable.is_some() {
                    na += 1;
                    continue;
                }
                distribution.add(s.final_grade);
                if s.final_grade.is_some() {
                    judged += 1;
                    overrides += usize::from(s.overridden);
                }
            }
            AreaSummary {
                area: area.id.to_string(),
                title: area.title.to_string(),
                good_or_better: distribution.good_or_better(),
                distribution,
                not_applicable: na,
                overrides: Share::new(overrides, judged),
            }
        })
        .collect();
    let overrides = outcome_overrides + areas.iter().map(|a| a.overrides.count).sum::<usize>();

    Summary {
        outcome_title: rubric.outcome.title.clone(),
        audits: n,
        errors: error_files.len(),
        outcome_ungraded: outcome.ungraded,
        good_or_better: outcome.good_or_better(),
        outcome,
        areas,
        overrides,
        outcome_overrides: Share::new(outcome_overrides, n),
        auditors: auditors(audits),
        shortfalls: shortfalls(rubric, audits),
        warnings: warnings(audits),
        by_month: by_month(audits),
        not_counted: screened.excluded.len(),
        screening: screened.warnings,
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

fn auditors(audits: &[&Graded]) -> Vec<AuditorSummary> {
    let mut by: BTreeMap<&str, (usize, Distribution, usize, usize)> = BTreeMap::new();
    for g in audits {
        let e = by.entry(g.result.auditor.as_str()).or_default();
        e.0 += 1;
        e.1.add(g.result.outcome.final_grade);
        let (o, j) = judgements(g);
        e.2 += o;
        e.3 += j;
    }
    by.into_iter()
        .map(|(auditor, (audits, outcome, o, j))| AuditorSummary {
            auditor: auditor.to_string(),
            audits,
            outcome,
            overrides: Share::new(o, j),
        })
        .collect()
}

fn shortfalls(rubric: &Rubric, audits: &[&Graded]) -> Vec<Shortfall> {
    let mut counts: HashMap<(usize, &str, Answer), (usize, &str)> = HashMap::new();
    for g in audits {
        let sections = g.result.sections.iter().enumerate();
        let outcome = std::iter::once((rubric.areas.len(), &g.result.outcome.limiting));
        for (i, limiting) in sections.map(|(i, s)| (i, &s.limiting)).chain(outcome) {
            for l in limiting.iter().filter(|l| l.caps < Grade::Good) {
                let e = counts
                    .entry((i, &*l.criterion, l.answer))
                    .or_insert((0, &l.guidance));
                e.0 += 1;
            }
        }
    }
    let mut out: Vec<Shortfall> = counts
        .into_iter()
        .map(|((i, criterion, answer), (count, guidance))| Shortfall {
            area: rubric
                .areas
                .get(i)
                .map(|a| a.id.to_string())
                .unwrap_or_else(|| "outcome".into()),
            criterion: criterion.to_string(),
            answer,
            guidance: guidance.to_string(),
            count,
            pct_of_audits: percent(count, audits.len().max(1)),
        })
        .collect();
    let area_pos = |id: &str| {
        rubric
            .areas
            .iter()
            .position(|a| &*a.id == id)
            .unwrap_or(usize::MAX)
    };
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(area_pos(&a.area).cmp(&area_pos(&b.area)))
            .then(a.criterion.cmp(&b.criterion))
            .then(a.answer.id().cmp(b.answer.id()))
    });
    out
}

fn warnings(audits: &[&Graded]) -> BTreeMap<WarningKind, usize> {
    let mut out = BTreeMap::new();
    for g in audits {
        let kinds: BTreeSet<WarningKind> = g.result.warnings.iter().map(|w| w.kind).collect();
        for k in kinds {
            *out.entry(k).or_insert(0) += 1;
        }
    }
    out
}

fn by_month(audits: &[&Graded]) -> Vec<MonthSummary> {
    let mut months: BTreeMap<String, Distribution> = BTreeMap::new();
    for g in audits {
        if let Some(d) = g.result.date {
            months
                .entry(d.month_key())
                .or_default()
                .add(g.result.outcome.final_grade);
        }
    }
    if months.len() < 2 {
        return Vec::new();
    }
    months
        .into_iter()
        .map(|(month, outcome)| MonthSummary {
            month,
            audits: outcome.graded() + outcome.ungraded,
            good_or_better: outcome.good_or_better(),
            outcome,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_of_nothing_is_not_zero() {
        let s = Share::new(0, 0);
        assert_eq!(s.pct, None);
        assert_eq!(s.describe(), "n/a (none graded)");
        assert_eq!(
            Share::new(5, 8).describe(),
            "62.5% (5 of 8; 95% CI 30.6–86.3%)"
        );
    }
}
