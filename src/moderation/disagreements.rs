//! Each pair's judgement of each area, and where they differ: by how much, the answers behind
//! each side's grade (in the guidance's words), and which criteria are most often answered
//! differently across the round.

use super::cases::Pair;
use super::{AreaRef, Judgement, Rated};
use crate::model::audit::Role;
use crate::model::grade::Answer;
use crate::model::rubric::Text;
use crate::moderation::Shared;
use serde::Serialize;
use std::collections::BTreeMap;

/// One side of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Party {
    pub auditor: Shared,
    pub role: Role,
    pub file: Shared,
    pub grade: Judgement,
    pub overridden: bool,
    /// The auditor's reason, where they graded against the suggestion.
    pub reason: Option<String>,
}

/// A criterion the two audits answered differently.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerDifference {
    pub criterion: Text,
    /// The question, in the guidance's words.
    pub question: Text,
    pub a: Option<Answer>,
    pub b: Option<Answer>,
    /// This answer set one side's suggested grade.
    pub deciding: bool,
}

/// One area of one pair.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub case: Shared,
    pub area: Text,
    pub title: Text,
    /// The same final judgement.
    pub agree: bool,
    /// `1 grade`, `2 grades`, `applies / does not apply`, or empty when they agree.
    pub difference: String,
    /// For ordering: grades apart, with "applies / does not apply" counted as two.
    #[serde(skip)]
    pub size: usize,
    /// Rubric order of the area.
    #[serde(skip)]
    pub order: usize,
    pub moderated: bool,
    pub a: Party,
    pub b: Party,
    pub criteria: Vec<AnswerDifference>,
}

/// How often a criterion was answered differently, over every pair.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionCount {
    pub area: String,
    pub title: String,
    pub criterion: String,
    pub question: String,
    pub pairs: usize,
}

fn party(r: &Rated, i: usize) -> Party {
    let area = &r.areas[i];
    Party {
        auditor: r.auditor.clone(),
        role: r.role,
        file: r.file.clone(),
        grade: area.final_judgement,
        overridden: area.overridden,
        reason: r.reason(i).map(str::to_string),
    }
}

/// How far apart two judgements are, as words and as a size for ordering.
fn difference(a: Judgement, b: Judgement) -> (String, usize) {
    match (a, b) {
        _ if a == b => (String::new(), 0),
        (Judgement::Graded(x), Judgement::Graded(y)) => {
            let n = x.rank().abs_diff(y.rank());
            (format!("{n} grade{}", if n == 1 { "" } else { "s" }), n)
        }
        (Judgement::NotApplicable, _) | (_, Judgement::NotApplicable) => {
            ("applies / does not apply".into(), 2)
        }
        _ => ("one side not graded".into(), 0),
    }
}

pub fn compare(rated: &[Rated], p: &Pair, area: &AreaRef) -> Comparison {
    let i = area.index;
    let (ra, rb) = (&rated[p.a], &rated[p.b]);
    let (xa, xb) = (&ra.areas[i], &rb.areas[i]);
    let at = |r: &Rated, k: usize| r.answers.get(area.first + k).copied().unwrap_or_default();
    let mut criteria: Vec<AnswerDifference> = area
        .criteria
        .iter()
        .enumerate()
        .filter_map(|(k, (id, question))| {
            let (a, b) = (at(ra, k), at(rb, k));
            (a.answer() != b.answer()).then(|| AnswerDifference {
                criterion: id.clone(),
                question: question.clone(),
                a: a.answer(),
                b: b.answer(),
                deciding: a.deciding() || b.deciding(),
            })
        })
        .collect();
    // By criterion id, as they have always been listed.
    criteria.sort_by(|x, y| x.criterion.cmp(&y.criterion));
    let (words, size) = difference(xa.final_judgement, xb.final_judgement);
    Comparison {
        case: ra.case.clone(),
        area: area.id.clone(),
        title: area.title.clone(),
        agree: xa.final_judgement == xb.final_judgement,
        difference: words,
        size,
        order: i,
        moderated: p.moderated,
        a: party(ra, i),
        b: party(rb, i),
        criteria,
    }
}

/// The criteria answered differently most often, over every pair, most first.
pub fn most_often(comparisons: &[Comparison]) -> Vec<CriterionCount> {
    let mut counts: BTreeMap<(usize, &str), (&Comparison, &AnswerDifference, usize)> =
        BTreeMap::new();
    for c in comparisons {
        for d in &c.criteria {
            counts
                .entry((c.order, &*d.criterion))
                .or_insert((c, d, 0))
                .2 += 1;
        }
    }
    let mut list: Vec<CriterionCount> = counts
        .into_values()
        .map(|(c, d, pairs)| CriterionCount {
            area: c.area.to_string(),
            title: c.title.to_string(),
            criterion: d.criterion.to_string(),
            question: d.question.to_string(),
            pairs,
        })
        .collect();
    list.sort_by_key(|c| std::cmp::Reverse(c.pairs));
    list
}
